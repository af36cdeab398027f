"""The command line: parses arguments, calls the core, renders, maps errors to exit codes.

Thin on purpose, and light at import: pydantic, yaml and rich are imported inside the commands
that need them so that ``--help`` starts as fast as Typer itself.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from profint_assess import __version__
from profint_assess.errors import (
    AnswersError,
    Interrupted,
    Problem,
    ProfintError,
    ThresholdNotMet,
    UsageError,
)

if TYPE_CHECKING:
    from profint_assess.batch import Batch, Summary
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


class CompareFormat(str, Enum):
    terminal = "terminal"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    html = "html"


class BatchFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"
    csv = "csv"
    html = "html"


class ModelFormat(str, Enum):
    text = "text"
    json = "json"


TargetOption = Annotated[
    list[str],
    typer.Option(
        "--target",
        help="Target score: N for every factor, or FACTOR=N (repeatable). "
        "Default: the answers file's, else the model's (75).",
    ),
]
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


def _load_assessment(
    paths: list[Path], model: Model, overrides: dict[str, float]
) -> tuple[list[Any], dict[str, float]]:
    """Answers files of one device, each file once, with the targets they are scored against."""
    from profint_assess.loading import load_all_answers
    from profint_assess.scoring import check_same_device, resolve_targets

    paths = _distinct(paths)
    answers = load_all_answers(paths, model)
    check_same_device(answers, [str(p) for p in paths])
    return answers, resolve_targets(model, answers, overrides)


def _distinct(paths: list[Path]) -> list[Path]:
    """Each file once: the same file given twice is one respondent, not two (as in batch)."""
    seen: set[Path] = set()
    unique = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def _refuse_overwriting_inputs(output: Path | None, inputs: Iterable[Path]) -> None:
    """``score a.yaml -o a.yaml`` would replace someone's answers with a report."""
    if output is None:
        return
    target = output.resolve()
    for path in inputs:
        if path.resolve() == target:
            raise UsageError(f"-o {output}: is one of the input files; choose another name")


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


def _shown_below(score: float, threshold: float) -> str:
    """The score with enough decimals to be visibly below the threshold (52.08, not 52.1)."""
    for decimals in (1, 2, 3, 4):
        shown = f"{score:.{decimals}f}"
        if float(shown) < threshold:
            return shown
    return repr(score)


def _check_fail_under(fail_under: float | None) -> None:
    # nan compares false with everything: a CI gate with it would never fail.
    if fail_under is not None and not 0 <= fail_under <= 100:
        raise UsageError(f"--fail-under {fail_under:g}: a threshold is between 0 and 100")


def _check_target_keys(targets: dict[str, float], model: Model) -> None:
    """A --target for a factor the model does not have would be silently ignored."""
    known = {"default", *(f.id for f in model.factors)}
    for key in targets:
        if key not in known:
            raise UsageError(
                f"--target {key}=...: {key!r} is not a factor of the model "
                f"(factors {model.factors[0].id}-{model.factors[-1].id})"
            )


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
    from profint_assess.report import renderer

    rendered = renderer("model", fmt.value)(model, questionnaire, plain=_plain(plain))
    if fmt is ModelFormat.json:
        _emit(rendered, None)
    else:
        _emit_rich(rendered, None, _plain(plain))


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
    from profint_assess.scoring import score as score_assessment

    overrides = _parse_targets(target)
    _check_fail_under(fail_under)
    minimums = _parse_min_respondents(min_respondents)
    if not 0 <= divergence <= 100:
        raise UsageError(f"--divergence {divergence:g}: a divergence is between 0 and 100 points")
    files = _distinct(files)
    _refuse_overwriting_inputs(output, files)
    model = _load_model(model_path)
    _check_target_keys(overrides, model)
    answers, targets = _load_assessment(files, model, overrides)
    report = score_assessment(
        model,
        answers,
        targets,
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
            f"overall score {_shown_below(report.overall_score, fail_under)} is below --fail-under "
            f"{fail_under:g}"
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

    saved_to = output if output is not None else resume
    if saved_to is not None and saved_to.suffix.lower() == ".json":
        # The walk saves YAML; writing it under a .json name would break the file for score.
        raise UsageError(
            f"{saved_to}: assess saves answers as YAML; give -o FILE.yaml to continue "
            "a JSON answers file into a new YAML file"
        )
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
        import shlex

        quoted = shlex.quote(str(result.path))
        raise Interrupted(
            f"{result.path}: interrupted while printing the report; every answer is saved "
            f"(status {status}); see it again with: profint-assess score {quoted}"
        ) from None


# --- batch --------------------------------------------------------------------------------------

PROGRESS_AFTER = 1.0  # seconds: quicker runs never show a bar


class _Progress:
    """A transient progress bar on stderr, shown only on a terminal and after a second's work."""

    def __init__(self, paths: list[str], enabled: bool) -> None:
        self._paths = paths
        self._enabled = enabled
        self._start = time.monotonic()
        self._bar: Any = None
        self._task: Any = None
        self._done = 0

    def advance(self) -> None:
        self._done += 1
        if self._bar is not None:
            self._bar.advance(self._task)
        elif self._enabled and time.monotonic() - self._start > PROGRESS_AFTER:
            self._show()

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        from profint_assess.loading import expand_answer_paths

        # Counted only now, so a short run never walks the folders twice.
        total = sum(1 for _ in expand_answer_paths(self._paths))
        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._bar.add_task("Reading answers files", total=total)
        self._bar.advance(self._task, self._done)
        self._bar.start()

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _write_chunks(chunks: Iterable[str], output: Path | None) -> None:
    """Streamed text to stdout, or to ``output`` replaced atomically once complete."""
    if output is None:
        write = sys.stdout.write
        try:
            for chunk in chunks:
                write(chunk)
            sys.stdout.flush()
        except BrokenPipeError:
            # `batch ... | head`: the reader has all it wanted. Exit 0 like score, not click's 1
            # (which means a threshold was missed), and keep Python from complaining at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        return
    from profint_assess.answers import atomic_writer

    with atomic_writer(output) as handle:
        for chunk in chunks:
            handle.write(chunk)
    typer.echo(f"Wrote {output}", err=True)


def _below(summary: Summary, collected: Batch, fail_under: float) -> list[Problem]:
    """One line per assessment below ``--fail-under``, then how many."""
    failing = summary.failing(collected.keys(), fail_under)
    lines = [
        Problem(
            f"{org} / {device} / {date.isoformat()}",
            f"no factor assessed, so the overall score cannot reach --fail-under {fail_under:g}"
            if overall is None
            else f"overall {_shown_below(overall, fail_under)} is below "
            f"--fail-under {fail_under:g}",
        )
        for (org, device, date), overall in failing
    ]
    if lines:
        lines.append(
            Problem("batch", f"{len(failing)} of {summary.count} assessments below --fail-under")
        )
    return lines


@app.command()
def batch(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Answers files, folders (searched recursively for .yaml, .yml and .json) "
            "or globs ('answers/**/*.yaml').",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        BatchFormat, typer.Option("--format", "-f", help="Output format.")
    ] = BatchFormat.table,
    output: OutputOption = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            help="Exit 1 if any assessment's overall score is below N, listing them.",
            show_default=False,
        ),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Report invalid files but exit 0 for them (they are left out either way).",
        ),
    ] = False,
    target: TargetOption = [],  # noqa: B006
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Read and validate files in N processes (output is the same).",
        ),
    ] = 1,
    model_path: ModelOption = None,
) -> None:
    """Score many answers files: one row per assessment (organisation, device, date), a summary.

    Files about the same organisation, device and date are merged as `score` merges them.
    Invalid files are reported with file and line, the others are still scored; exit 2 at the
    end if any file was invalid.
    """
    from profint_assess.batch import Batch, Summary
    from profint_assess.loading import expand_answer_paths, load_answers
    from profint_assess.report import batch_renderer

    overrides = _parse_targets(target)
    _check_fail_under(fail_under)
    model = _load_model(model_path)
    _check_target_keys(overrides, model)
    collected = Batch(model, overrides)
    problems: list[Problem] = []
    invalid = 0
    progress = _Progress(paths, enabled=sys.stderr.isatty())
    try:
        try:
            if jobs > 1:
                from profint_assess.parallel import read_encoded

                for result in read_encoded(expand_answer_paths(paths), model_path, jobs):
                    if isinstance(result, list):
                        invalid += 1
                        problems.extend(result)
                    else:
                        collected.add_encoded(result)
                    progress.advance()
            else:
                for path in expand_answer_paths(paths):
                    try:
                        collected.add(load_answers(path, model))
                    except AnswersError as exc:
                        invalid += 1
                        problems.extend(exc.problems)
                    progress.advance()
        finally:
            progress.stop()
        if not collected.files and not invalid:
            raise UsageError(f"no answers files (.yaml, .yml, .json) in {' '.join(paths)}")
        summary = Summary(model)
        _write_chunks(batch_renderer(fmt.value)(collected, summary), output)
    except KeyboardInterrupt:
        where = "" if output is None else f"; {output} was not written"
        raise Interrupted(f"interrupted{where}") from None

    threshold_lines = [] if fail_under is None else _below(summary, collected, fail_under)
    total = invalid + collected.files
    if invalid and not skip_invalid:
        note = Problem("batch", f"{invalid} of {total} files invalid; the others were scored")
        raise AnswersError([*problems, note, *threshold_lines])
    if invalid:
        for problem in problems:
            typer.echo(str(problem), err=True)
        typer.echo(f"batch: skipped {invalid} invalid of {total} files", err=True)
    if threshold_lines:
        raise ThresholdNotMet(threshold_lines)


# --- compare ------------------------------------------------------------------------------------


def _compare_side(
    paths: list[Path], option: str, overrides: dict[str, float], model: Callable[[], Model]
) -> dict[str, Any]:
    """One side of a comparison as a JSON report: a saved report, or answers files scored.

    ``model`` loads the model on first call only: two saved reports need none.
    """
    from profint_assess.loading import read_saved_report
    from profint_assess.report.json import report_to_dict
    from profint_assess.scoring import score as score_assessment

    reports = [(path, read_saved_report(path)) for path in paths]
    saved = [(path, data) for path, data in reports if data is not None]
    if saved:
        if len(paths) > 1:
            raise UsageError(
                f"{saved[0][0]}: a saved report must be alone on its side ({option}); "
                "give either one JSON report or answers files"
            )
        return saved[0][1]
    answers, targets = _load_assessment(paths, model(), overrides)
    dates = sorted({a.date.isoformat() for a in answers})
    if len(dates) > 1:
        # Typically `compare OLD --to new/*.yaml`: the shell gave --to only the first file.
        raise UsageError(
            f"{option}: the answers files are from several dates ({', '.join(dates)}), so they "
            "are not one assessment; repeat --to before each later file"
        )
    return report_to_dict(score_assessment(model(), answers, targets))


@app.command()
def compare(
    before: Annotated[
        list[Path],
        typer.Argument(
            help="The earlier assessment: answers files of one device, or a saved JSON report "
            "(score --format json).",
            show_default=False,
        ),
    ],
    to: Annotated[
        list[Path],
        typer.Option(
            "--to",
            help="The later assessment, the same way (repeat --to for several answers files).",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        CompareFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CompareFormat.terminal,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold", help="A change of fewer points than this is 'unchanged'.", min=0
        ),
    ] = 5.0,
    target: TargetOption = [],  # noqa: B006
    output: OutputOption = None,
    model_path: ModelOption = None,
    plain: PlainOption = False,
) -> None:
    """Compare two assessments of a device: per factor and field, before, after, delta, status.

    Also the gaps closed and opened and the recommendations no longer or newly triggered.
    """
    from profint_assess.compare import compare as compare_reports
    from profint_assess.report import compare_renderer

    overrides = _parse_targets(target)
    if not to:
        raise UsageError("compare needs the later assessment: --to FILE")
    _refuse_overwriting_inputs(output, [*before, *to])
    loaded: list[Model] = []

    def model() -> Model:
        if not loaded:
            loaded.append(_load_model(model_path))
            _check_target_keys(overrides, loaded[0])
        return loaded[0]

    before_report = _compare_side(before, "BEFORE", overrides, model)
    after_report = _compare_side(to, "--to", overrides, model)
    comparison = compare_reports(before_report, after_report, threshold)
    rendered = compare_renderer(fmt.value)(comparison, plain=_plain(plain))
    if fmt is CompareFormat.terminal:
        _emit_rich(rendered, output, _plain(plain))
    else:
        _emit(rendered, output)


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
