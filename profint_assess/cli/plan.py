"""``plan``: draft an action plan from an assessment, show where it stands, change one action."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from profint_assess.cli import app
from profint_assess.cli.common import (
    LangOption,
    ModelOption,
    OutputOption,
    PlainOption,
    PlanFormat,
    TargetOption,
    check_target_keys,
    distinct,
    emit,
    emit_rich,
    is_plain,
    load_assessment,
    model_from,
    parse_targets,
    refuse_overwriting_inputs,
    use_language,
)
from profint_assess.errors import UsageError
from profint_assess.i18n import _

plan_app = typer.Typer(
    help="Turn an assessment into an action plan, show where it stands, change one action.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(plan_app, name="plan")


@plan_app.command("new")
def plan_new(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Answers files of one device: the assessment to plan from.", show_default=False
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the plan to this file (default: standard output).",
            show_default=False,
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=1, help="How many actions to draft.")] = 6,
    phases: Annotated[
        int, typer.Option("--phases", min=1, help="How many phases (three months each).")
    ] = 3,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing output file.")
    ] = False,
    target: TargetOption = [],  # noqa: B006
    model_path: ModelOption = None,
    lang: LangOption = None,
) -> None:
    """Draft an action plan: for the highest-priority gaps, the recommendations tied to the
    weakest questions, each an action with its steps, the questions it should move and a success
    criterion. A commented YAML file to edit by hand: fill in owner and due."""
    use_language(lang)
    from profint_assess.plan import draft_plan, dump_plan
    from profint_assess.scoring import score

    overrides = parse_targets(target)
    refuse_overwriting_inputs(output, files)
    if output is not None and output.exists() and not force:
        raise UsageError(_("{path}: already exists (use --force to overwrite)").format(path=output))
    model = model_from(model_path)
    check_target_keys(overrides, model)
    answers, targets = load_assessment(files, model, overrides)
    report = score(model, answers, targets)
    # The files that count: a left-out file (its role under its minimum) is named nowhere.
    left_out = {lo.role for lo in report.left_out}
    counted = [
        str(path)
        for path, a in zip(distinct(files), answers, strict=True)
        if a.respondent.role not in left_out
    ]
    plan = draft_plan(report, model, top=top, phases=phases, files=counted)
    emit(dump_plan(plan, model, output.name if output is not None else "plan.yaml"), output)
    for note in report.notes:
        typer.echo(_("Note: {note}.").format(note=note), err=True)
    if report.overall_score is None:
        # Nothing counted (a blank file, or only left-out files): not the same as no gap.
        typer.echo(_("No factor was assessed: the plan has no action."), err=True)
    elif not plan.actions:
        typer.echo(_("No gap to close: the plan has no action."), err=True)


def _day(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise UsageError(_("--today {value!r}: must be a date YYYY-MM-DD").format(value=text))


@plan_app.command("show")
def plan_show(
    path: Annotated[Path, typer.Argument(help="The plan file.", show_default=False)],
    fmt: Annotated[
        PlanFormat, typer.Option("--format", "-f", help="Output format.")
    ] = PlanFormat.terminal,
    output: OutputOption = None,
    today: Annotated[
        str | None,
        typer.Option(
            "--today",
            help="Judge what is overdue as of this date (YYYY-MM-DD). Default: today.",
            show_default=False,
        ),
    ] = None,
    model_path: ModelOption = None,
    plain: PlainOption = False,
    lang: LangOption = None,
) -> None:
    """Show the plan: actions by phase and status, overdue ones first (due date past, neither
    done nor dropped), and what each should move."""
    use_language(lang)
    from profint_assess.plan import PlanView, model_note
    from profint_assess.plan_file import load_plan
    from profint_assess.report import renderer

    refuse_overwriting_inputs(output, [path])
    day = _day(today)
    model = model_from(model_path)
    plan = load_plan(path, model)
    view = PlanView(plan, day, model_note(plan, model))
    rendered = renderer("plan", fmt.value)(view, plain=is_plain(plain))
    if fmt is PlanFormat.terminal:
        emit_rich(rendered, output, is_plain(plain))
    else:
        emit(rendered, output)


@plan_app.command("set")
def plan_set(
    path: Annotated[Path, typer.Argument(help="The plan file, changed in place.")],
    action: Annotated[str, typer.Argument(help="The action's id, e.g. A01.")],
    status: Annotated[
        str | None,
        typer.Option("--status", help="planned, in-progress, done or dropped.", show_default=False),
    ] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Who is responsible.", show_default=False)
    ] = None,
    due: Annotated[
        str | None,
        typer.Option("--due", help="Due date, YYYY-MM-DD ('' clears it).", show_default=False),
    ] = None,
    note: Annotated[
        str | None,
        typer.Option("--note", help="A line added to the action's notes.", show_default=False),
    ] = None,
    model_path: ModelOption = None,
    lang: LangOption = None,
) -> None:
    """Change one action's status, owner, due date or notes. The file keeps its comments and
    order, and is replaced (atomically) only if the result is a valid plan."""
    use_language(lang)
    from profint_assess.plan_file import Change, write_plan_change

    model = model_from(model_path)
    plan, _text = write_plan_change(
        path, model, action, Change(status=status, owner=owner, due=due, note=note)
    )
    changed = plan.action(action)
    assert changed is not None, "set_action refuses an unknown id"
    typer.echo(
        _("{path}: {id} is {status}").format(path=path, id=action, status=changed.status),
        err=True,
    )
