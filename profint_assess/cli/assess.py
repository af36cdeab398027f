"""``assess``: the interactive questionnaire, saved after every answer."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from profint_assess.cli import app
from profint_assess.cli.common import (
    LangOption,
    ModelOption,
    PlainOption,
    QuestionnaireOption,
    ReportFormat,
    is_plain,
    model_from,
    render_report,
    use_language,
)
from profint_assess.cli.grid import learning_grid_for
from profint_assess.errors import Interrupted, UsageError
from profint_assess.i18n import _

if TYPE_CHECKING:
    pass


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
    previous: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="Re-assess: a new answers file that starts from this earlier one; each "
            "previous answer is shown and Enter confirms it unchanged.",
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
    lang: LangOption = None,
    questionnaire_id: QuestionnaireOption = None,
) -> None:
    """Answer the questionnaire interactively, factor by factor; save after every answer.

    One line per question: 0-4 (a note may follow: "3 agreements signed"; 3d if a document
    shows it, 3v if someone checked it), n not applicable, u don't know, ? help and source,
    b back, q save and quit (exit 0); Enter keeps a saved answer. Ctrl-C or end of input saves
    and exits 130; continue with --resume FILE. No score is shown during the walk, so that
    early results do not bias later answers: the full report (the same as `score FILE`) comes
    at the end.

    With --questionnaire learning-progress (or --resume of such a file): the beneficiaries'
    learning-progress grid, one sentence at a time, progress (y, n, x) then importance (1-3).
    """
    use_language(lang)
    _assess(
        output,
        role,
        organization,
        device,
        resume,
        previous,
        review,
        factor,
        force,
        model_path,
        is_plain(plain),
        questionnaire_id,
    )


def _assess(
    output: Path | None,
    role: str | None,
    organization: str | None,
    device: str | None,
    resume: Path | None,
    previous: Path | None,
    review: bool,
    factors: list[str],
    force: bool,
    model_path: Path | None,
    plain: bool,
    questionnaire: str | None = None,
) -> None:

    saved_to = output if output is not None else resume
    if saved_to is not None and saved_to.suffix.lower() == ".json":
        # The walk saves YAML; writing it under a .json name would break the file for score.
        raise UsageError(
            _(
                "{path}: assess saves answers as YAML; give -o FILE.yaml to continue "
                "a JSON answers file into a new YAML file"
            ).format(path=saved_to)
        )
    try:
        from profint_assess import interview
        from profint_assess.loading import load_answers
        from profint_assess.scoring import resolve_targets
        from profint_assess.scoring import score as score_assessment

        model = model_from(model_path)
    except KeyboardInterrupt:
        # Click would print "Aborted!" and exit 1; the contract says 130.
        raise Interrupted("interrupted before the first question; nothing was saved") from None
    prompter = interview.RichPrompter(plain=plain)
    grid = _grid_walked(model, questionnaire, role, resume)
    if grid is not None:
        if factors:
            raise UsageError(_("--factor: the learning grid has no factors"))
        _assess_grid(model, grid, prompter, output, resume, organization, device, review, force)
        return
    # From here on, run_session saves on Ctrl-C and end of input, and raises Interrupted.
    result = interview.run_session(
        model,
        prompter,
        output=output,
        resume=resume,
        previous=previous,
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
            render_report(report, model, ReportFormat.terminal, None, plain)
        interview.closing(
            prompter,
            _("Saved {path} (status {status}, {answered} of {total} answered).").format(
                path=result.path, status=status, answered=answered, total=total
            ),
            None if result.draft.complete else result.path,
        )
    except KeyboardInterrupt:
        import shlex

        quoted = shlex.quote(str(result.path))
        raise Interrupted(
            f"{result.path}: interrupted while printing the report; every answer is saved "
            f"(status {status}); see it again with: profint-assess score {quoted}"
        ) from None


def _grid_walked(
    model: Any, questionnaire: str | None, role: str | None, resume: Path | None
) -> Any:
    """The learning grid this walk is about: named by --questionnaire, or the resumed file's."""
    grid = learning_grid_for(model, questionnaire, role)
    if grid is None and questionnaire is None and resume is not None:
        from profint_assess.errors import ProfintError
        from profint_assess.loading import read_document

        try:
            data = read_document(resume).data
        except ProfintError:
            return None  # the maturity walk reports the problem, as before
        if isinstance(data, dict) and isinstance(data.get("questionnaire"), str):
            grid = model.learning_grid(data["questionnaire"])
    return grid


def _assess_grid(
    model: Any,
    grid: Any,
    prompter: Any,
    output: Path | None,
    resume: Path | None,
    organization: str | None,
    device: str | None,
    review: bool,
    force: bool,
) -> None:
    """The plain-language grid walk; no report at the end (one person is below any minimum)."""
    from profint_assess import interview
    from profint_assess.learning_walk import run_grid_session

    result = run_grid_session(
        model,
        grid,
        prompter,
        output=output,
        resume=resume,
        organization=organization,
        device=device,
        review=review,
        force=force,
    )
    answered, total = result.draft.answered_count(), len(result.draft.order)
    status = "complete" if result.draft.complete else "in-progress"
    interview.closing(
        prompter,
        _("Saved {path} (status {status}, {answered} of {total} sentences answered).").format(
            path=result.path, status=status, answered=answered, total=total
        ),
        None if result.draft.complete else result.path,
    )
