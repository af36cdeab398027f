"""The command line: parses arguments, calls the core, renders, maps errors to exit codes.

Thin on purpose, and light at import: pydantic, yaml and rich are imported inside the commands
that need them so that ``--help`` starts as fast as Typer itself.
"""

from __future__ import annotations

import os
import shlex
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from profint_assess import __version__
from profint_assess.errors import ProfintError, ThresholdNotMet, UsageError

if TYPE_CHECKING:
    from profint_assess.model import Model
    from profint_assess.scoring import Report

app = typer.Typer(
    name="profint-assess",
    help="Assess a support programme for migrants and refugees against the PROFINT model: "
    "13 success factors in four fields of professionalisation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
model_app = typer.Typer(
    help="Show or validate the model and its questionnaires.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(model_app, name="model")


class ReportFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    html = "html"


class ModelFormat(str, Enum):
    text = "text"
    json = "json"


ModelOption = Annotated[
    Path | None,
    typer.Option(
        "--model",
        help="Model folder (holding factors/ and questionnaires/). "
        "Default: the built-in PROFINT model.",
        show_default=False,
    ),
]
RoleOption = Annotated[
    str,
    typer.Option(
        "--role", help="Respondent role: manager, team, partner, company, beneficiary or external."
    ),
]
PlainOption = Annotated[
    bool, typer.Option("--plain", help="No colour and no box drawing (also when NO_COLOR is set).")
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file instead of standard output.", show_default=False
    ),
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"profint-assess {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Assess a support programme against the PROFINT success-factor model."""


# --- helpers ------------------------------------------------------------------------------------


def _plain(flag: bool) -> bool:
    return flag or bool(os.environ.get("NO_COLOR"))


def _load_model(path: Path | None) -> Model:
    from profint_assess.loading import load_model

    return load_model(path)


def _emit(text: str, output: Path | None) -> None:
    """Text to the output file (atomically) or to stdout."""
    if output is None:
        sys.stdout.write(text)
        return
    from profint_assess.answers import write_atomic

    write_atomic(output, text)
    typer.echo(f"Wrote {output}", err=True)


def _emit_rich(renderable: Any, output: Path | None, plain: bool) -> None:
    from rich.console import Console

    if output is None:
        # color_system=None drops every escape code (bold too), not only colours.
        Console(color_system=None if plain else "auto", highlight=False).print(renderable)
        return
    with Path(os.devnull).open("w") as sink:
        console = Console(record=True, width=110, no_color=True, file=sink)
        console.print(renderable)
    _emit(console.export_text(), output)


def _parse_targets(values: list[str]) -> dict[str, float]:
    """``--target 80`` sets every factor; ``--target F03=90`` one factor."""
    targets: dict[str, float] = {}
    for value in values:
        key, _, number = value.rpartition("=")
        key = key or "default"
        try:
            target = float(number)
        except ValueError:
            raise UsageError(
                f"--target {value!r}: expected N or FACTOR=N, e.g. 80 or F03=90"
            ) from None
        if not 0 <= target <= 100:
            raise UsageError(f"--target {value!r}: a target is between 0 and 100")
        targets[key] = target
    return targets


def _parse_min_respondents(values: list[str]) -> dict[str, int]:
    """``--min-respondents beneficiary=5``: the fewest respondents a role needs to be shown."""
    from profint_assess.model import ROLES

    minimums: dict[str, int] = {}
    for value in values:
        role, sep, number = value.partition("=")
        role = role.strip()
        if not sep or not role:
            raise UsageError(f"--min-respondents {value!r}: expected ROLE=N, e.g. beneficiary=5")
        if role not in ROLES:
            raise UsageError(
                f"--min-respondents {value!r}: {role!r} is not a role ({', '.join(ROLES)})"
            )
        try:
            minimum = int(number)
        except ValueError:
            raise UsageError(
                f"--min-respondents {value!r}: N is a whole number, e.g. beneficiary=5"
            ) from None
        if minimum < 1:
            raise UsageError(f"--min-respondents {value!r}: N is 1 or more")
        minimums[role] = minimum
    return minimums


# --- model --------------------------------------------------------------------------------------


@model_app.command("show")
def model_show(
    model_path: ModelOption = None,
    role: RoleOption = "manager",
    fmt: Annotated[
        ModelFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ModelFormat.text,
    plain: PlainOption = False,
) -> None:
    """Show the model: fields, factors with their statements, and the role's questions."""
    model = _load_model(model_path)
    questionnaire = model.require_questionnaire(role)
    from profint_assess.report import model_view

    if fmt is ModelFormat.json:
        _emit(model_view.render_json(model, questionnaire), None)
    else:
        _emit_rich(
            model_view.render_tree(model, questionnaire, plain=_plain(plain)), None, _plain(plain)
        )


@model_app.command("validate")
def model_validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Model folder to validate. Default: the built-in model.", show_default=False
        ),
    ] = None,
) -> None:
    """Validate a model and its questionnaires; list every problem (exit 2 if any)."""
    model = _load_model(path)
    questions = sum(len(q.questions) for q in model.questionnaires)
    typer.echo(
        f"OK: model {model.meta.id} {model.meta.version}: {len(model.meta.fields)} fields, "
        f"{len(model.factors)} factors, {len(model.questionnaires)} questionnaires "
        f"({questions} questions), {len(model.recommendations)} recommendations, "
        f"{len(model.practices)} practices"
    )


# --- template -----------------------------------------------------------------------------------


@app.command()
def template(
    role: RoleOption = "manager",
    output: OutputOption = None,
    model_path: ModelOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing output file.")
    ] = False,
) -> None:
    """Write a blank answers file: every question id, its text as a comment, the scale on top."""
    model = _load_model(model_path)
    questionnaire = model.require_questionnaire(role)
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output}: already exists (use --force to overwrite)")
    from profint_assess.answers import blank_template

    _emit(blank_template(model, questionnaire, role), output)


# --- score --------------------------------------------------------------------------------------


@app.command()
def score(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Answers files (YAML or JSON) about one device; several respondents are merged."
        ),
    ],
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ReportFormat.terminal,
    target: Annotated[
        list[str],
        typer.Option(
            "--target",
            help="Target score: N for every factor, or FACTOR=N (repeatable). "
            "Default: the answers file's, else the model's (75).",
        ),
    ] = [],  # noqa: B006
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
            help="ROLE=N: a role with fewer respondents counts in the merged scores but is not "
            "shown on its own, to protect anonymity (repeatable). Default: beneficiary=3, "
            "other roles 1.",
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
) -> None:
    """Validate and score answers files; print scores, gaps and recommendations."""
    from profint_assess.loading import load_all_answers
    from profint_assess.scoring import check_same_device, resolve_targets
    from profint_assess.scoring import score as score_assessment

    overrides = _parse_targets(target)
    minimums = _parse_min_respondents(min_respondents)
    if not 0 <= divergence <= 100:
        raise UsageError(f"--divergence {divergence:g}: a divergence is between 0 and 100 points")
    model = _load_model(model_path)
    answers = load_all_answers(files, model)
    check_same_device(answers, [str(f) for f in files])
    report = score_assessment(
        model,
        answers,
        resolve_targets(model, answers, overrides),
        min_respondents=minimums,
        divergence=divergence,
    )
    _render(report, model, fmt, output, _plain(plain), answers=not no_answers)
    _check_threshold(report, fail_under)


def _render(
    report: Report,
    model: Model,
    fmt: ReportFormat,
    output: Path | None,
    plain: bool,
    *,
    answers: bool = True,
) -> None:
    from profint_assess.report import renderer

    # Every renderer takes **options; those that have no answers appendix ignore ``answers``.
    rendered = renderer(fmt.value)(report, model=model, plain=plain, answers=answers)
    if fmt is ReportFormat.terminal:
        _emit_rich(rendered, output, plain)
    else:
        _emit(rendered, output)


def _check_threshold(report: Report, fail_under: float | None) -> None:
    if fail_under is None:
        return
    if report.overall_score is None:
        raise ThresholdNotMet(
            f"no factor was assessed, so the overall score cannot reach --fail-under {fail_under:g}"
        )
    if report.overall_score < fail_under:
        raise ThresholdNotMet(
            f"overall score {report.overall_score:.1f} is below --fail-under {fail_under:g}"
        )


# --- assess -------------------------------------------------------------------------------------


@app.command()
def assess(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Answers file to save to after every answer. Default: "
            "ORGANISATION-DATE.yaml here (or the --resume file).",
            show_default=False,
        ),
    ] = None,
    role: Annotated[
        str | None,
        typer.Option(
            "--role",
            help="Respondent role: manager, team, partner, company, beneficiary or external. "
            "Asked if not given.",
            show_default=False,
        ),
    ] = None,
    organization: Annotated[
        str | None,
        typer.Option(
            "--organization", help="Organisation. Asked if not given.", show_default=False
        ),
    ] = None,
    device: Annotated[
        str | None,
        typer.Option(
            "--device", help="The programme assessed. Asked if not given.", show_default=False
        ),
    ] = None,
    resume: Annotated[
        Path | None,
        typer.Option(
            "--resume",
            help="Continue this answers file at its first unanswered question.",
            show_default=False,
        ),
    ] = None,
    review: Annotated[
        bool,
        typer.Option(
            "--review", help="Walk every question again, showing the saved answer (Enter keeps)."
        ),
    ] = False,
    factor: Annotated[
        list[str],
        typer.Option(
            "--factor",
            help="Only these factors (repeatable or comma-separated, e.g. F03,F05).",
            show_default=False,
        ),
    ] = [],  # noqa: B006
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing output file.")
    ] = False,
    model_path: ModelOption = None,
    plain: PlainOption = False,
) -> None:
    """Answer the questionnaire interactively, factor by factor; save after every answer.

    One line per question: 0-4 (a note may follow: "3 agreements signed"), n not applicable,
    u don't know, ? help and source, b back, q save and quit (exit 0); Enter keeps a saved
    answer. Ctrl-C or end of input saves and exits 130; continue with --resume FILE. No score
    is shown during the walk, so that early results do not bias later answers: the full report
    (the same as `score FILE`) comes at the end.
    """
    _assess(
        output,
        role,
        organization,
        device,
        resume,
        review,
        factor,
        force,
        model_path,
        _plain(plain),
    )


def _assess(
    output: Path | None,
    role: str | None,
    organization: str | None,
    device: str | None,
    resume: Path | None,
    review: bool,
    factors: list[str],
    force: bool,
    model_path: Path | None,
    plain: bool,
) -> None:
    from profint_assess.errors import Interrupted

    try:
        from profint_assess import interview
        from profint_assess.loading import load_answers
        from profint_assess.scoring import resolve_targets
        from profint_assess.scoring import score as score_assessment

        model = _load_model(model_path)
    except KeyboardInterrupt:
        # Click would print "Aborted!" and exit 1; the contract says 130.
        raise Interrupted("interrupted before the first question; nothing was saved") from None
    prompter = interview.RichPrompter(plain=plain)
    # From here on, run_session saves on Ctrl-C and end of input, and raises Interrupted.
    result = interview.run_session(
        model,
        prompter,
        output=output,
        resume=resume,
        organization=organization,
        device=device,
        role=role,
        factors=factors,
        review=review,
        force=force,
        plain=plain,
    )
    answered, total = result.draft.answered_count(), len(result.draft.question_order)
    status = "complete" if result.draft.complete else "in-progress"
    try:
        if result.outcome is not interview.Outcome.QUIT:
            # Score what is on disk: the report is then exactly what `score FILE` prints.
            answers = [load_answers(result.path, model)]
            report = score_assessment(model, answers, resolve_targets(model, answers))
            _render(report, model, ReportFormat.terminal, None, plain)
        interview.closing(
            prompter,
            f"Saved {result.path} (status {status}, {answered} of {total} answered).",
            None if result.draft.complete else result.path,
        )
    except KeyboardInterrupt:
        quoted = shlex.quote(str(result.path))
        raise Interrupted(
            f"{result.path}: interrupted while printing the report; every answer is saved "
            f"(status {status}); see it again with: profint-assess score {quoted}"
        ) from None


# --- entry point --------------------------------------------------------------------------------


def main() -> None:
    """Console-script entry: one line per problem on stderr and the error's exit code."""
    try:
        app()
    except ProfintError as exc:
        for line in exc.lines():
            sys.stderr.write(f"{line}\n")
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        sys.stderr.close()
        sys.exit(0)
