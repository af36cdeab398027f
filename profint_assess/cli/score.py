"""``score``: validate and score the answers files of one assessment.

No ``from __future__ import annotations`` here, unlike the other modules: ``score`` is the
command run most often on its own, and Typer reads its signature's annotations four times to
build it; evaluated once at import they cost a third of what Typer's evaluating the strings
every time does.
"""

from pathlib import Path
from typing import Annotated

import typer

from profint_assess.cli import app
from profint_assess.cli.common import (
    LangOption,
    ModelOption,
    OutputOption,
    PlainOption,
    ReportFormat,
    TargetOption,
    check_fail_under,
    check_target_keys,
    check_threshold,
    distinct,
    is_plain,
    load_assessment,
    model_from,
    parse_min_respondents,
    parse_targets,
    refuse_overwriting_inputs,
    render_report,
    use_language,
)
from profint_assess.cli.grid import (
    check_grid_devices,
    learning_figures,
    render_learning,
    split_learning_files,
)
from profint_assess.errors import UsageError
from profint_assess.i18n import _


@app.command()
def score(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Answers files (YAML or JSON) about one device; several respondents are merged. "
            "Learning-grid files (questionnaire learning-progress) are reported apart, never "
            "mixed into the scores."
        ),
    ],
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFormat.terminal,
    target: TargetOption = [],  # noqa: B006
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under", help="Exit 1 if the overall score is below N.", show_default=False
        ),
    ] = None,
    min_respondents: Annotated[
        list[str],
        typer.Option(
            "--min-respondents",
            help="ROLE=N: a role with fewer respondents is left out of every number (its files "
            "are only counted in a note), to protect anonymity (repeatable). Default: "
            "beneficiary=3, other roles 1.",
            show_default=False,
        ),
    ] = [],  # noqa: B006
    divergence: Annotated[
        float,
        typer.Option(
            "--divergence",
            help="Report a perception gap where the roles' scores for a factor differ by at "
            "least N points.",
        ),
    ] = 25.0,
    output: OutputOption = None,
    model_path: ModelOption = None,
    plain: PlainOption = False,
    no_answers: Annotated[
        bool,
        typer.Option(
            "--no-answers", help="HTML: leave out the appendix listing every answer and note."
        ),
    ] = False,
    peers: Annotated[
        Path | None,
        typer.Option(
            "--peers",
            help="An export folder (profint-assess export): place each factor among the "
            "network's other devices, where at least 5 of them assessed it.",
            show_default=False,
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Validate and score answers files; print scores, gaps and recommendations."""
    use_language(lang)
    from profint_assess.scoring import score as score_assessment

    overrides = parse_targets(target)
    check_fail_under(fail_under)
    minimums = parse_min_respondents(min_respondents)
    if not 0 <= divergence <= 100:
        raise UsageError(
            _("--divergence {value}: a divergence is between 0 and 100 points").format(
                value=f"{divergence:g}"
            )
        )
    files = distinct(files)
    refuse_overwriting_inputs(output, files)
    model = model_from(model_path)
    check_target_keys(overrides, model)
    # Learning-grid files are read beside the questionnaires and never scored with them.
    files, grids, read = split_learning_files(files, model)
    learning = learning_figures(grids, model, minimums)
    if not files:
        if fail_under is not None:
            raise UsageError(
                _(
                    "--fail-under: the learning grid has no overall score; give the "
                    "questionnaires' answers files too"
                )
            )
        render_learning(learning, model, fmt, output, is_plain(plain))
        return
    answers, targets = load_assessment(files, model, overrides, minimums, read)
    check_grid_devices(grids, answers[0])
    report = score_assessment(
        model,
        answers,
        targets,
        min_respondents=minimums,
        divergence=divergence,
    )
    benchmark = None
    if peers is not None:
        from profint_assess.peers import place, read_peer_scores

        scores = read_peer_scores(peers, f"{model.meta.id}/{model.meta.version}")
        benchmark = place(report, scores)
    render_report(
        report,
        model,
        fmt,
        output,
        is_plain(plain),
        answers=not no_answers,
        learning=learning,
        peers=benchmark,
    )
    if learning and fmt.value == "csv":
        typer.echo(
            _(
                "score: the CSV has the factors; for the learning grid's rows (one per domain), "
                "give the grid files alone"
            ),
            err=True,
        )
    check_threshold(report, fail_under)
