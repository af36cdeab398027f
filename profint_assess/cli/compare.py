"""``compare``: what moved between two assessments of a device."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from profint_assess.cli import app
from profint_assess.cli.common import (
    CompareFormat,
    LangOption,
    ModelOption,
    OutputOption,
    PlainOption,
    TargetOption,
    check_target_keys,
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

if TYPE_CHECKING:
    from profint_assess.model import Model
    from profint_assess.scoring import Report


def _compare_side(
    paths: list[Path],
    option: str,
    overrides: dict[str, float],
    model: Callable[[], Model],
    scored: list[Report] | None = None,
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
                _(
                    "{path}: a saved report must be alone on its side ({option}); "
                    "give either one JSON report or answers files"
                ).format(path=saved[0][0], option=option)
            )
        if scored is not None:
            raise UsageError(
                _(
                    "{path}: --plan needs the answers files of both sides: a saved report has "
                    "no question scores"
                ).format(path=saved[0][0])
            )
        return saved[0][1]
    answers, targets = load_assessment(paths, model(), overrides)
    dates = sorted({a.date.isoformat() for a in answers})
    if len(dates) > 1:
        # Typically `compare OLD --to new/*.yaml`: the shell gave --to only the first file.
        raise UsageError(
            _(
                "{option}: the answers files are from several dates ({dates}), so they "
                "are not one assessment; repeat --to before each later file"
            ).format(option=option, dates=", ".join(dates))
        )
    report = score_assessment(model(), answers, targets)
    if scored is not None:
        scored.append(report)  # compare --plan needs its question scores
    return report_to_dict(report)


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
    plan: Annotated[
        Path | None,
        typer.Option(
            "--plan",
            help="An action plan (plan new): show next to each action whether the questions it "
            "targets moved. Both sides must be answers files.",
            show_default=False,
        ),
    ] = None,
    output: OutputOption = None,
    model_path: ModelOption = None,
    plain: PlainOption = False,
    lang: LangOption = None,
) -> None:
    """Compare two assessments of a device: per factor and field, before, after, delta, status.

    Also the gaps closed and opened and the recommendations no longer or newly triggered.
    """
    from profint_assess.compare import compare as compare_reports
    from profint_assess.report import renderer

    use_language(lang)
    overrides = parse_targets(target)
    if not to:
        raise UsageError(_("compare needs the later assessment: --to FILE"))
    refuse_overwriting_inputs(output, [*before, *to, *([plan] if plan else [])])
    if plan is not None and fmt.value == "csv":
        raise UsageError(_("--plan: the CSV comparison has no room for it; use another --format"))
    loaded: list[Model] = []

    def model() -> Model:
        if not loaded:
            loaded.append(model_from(model_path))
            check_target_keys(overrides, loaded[0])
        return loaded[0]

    scored: list[Report] | None = [] if plan is not None else None
    before_report = _compare_side(before, "BEFORE", overrides, model, scored)
    after_report = _compare_side(to, "--to", overrides, model, scored)
    comparison = compare_reports(before_report, after_report, threshold)
    options: dict[str, Any] = {}
    if plan is not None and scored is not None:
        from profint_assess.plan import progress_between
        from profint_assess.plan_file import load_plan

        loaded_plan = load_plan(plan, model())
        if (loaded_plan.organization, loaded_plan.device) != (
            scored[1].organization,
            scored[1].device,
        ):
            typer.echo(
                _("{path}: note: the plan is about {organization} / {device}").format(
                    path=plan, organization=loaded_plan.organization, device=loaded_plan.device
                ),
                err=True,
            )
        options = {
            "progress": progress_between(loaded_plan, scored[0], scored[1]),
            "plan_file": str(plan),
        }
    rendered = renderer("compare", fmt.value)(comparison, plain=is_plain(plain), **options)
    if fmt is CompareFormat.terminal:
        emit_rich(rendered, output, is_plain(plain))
    else:
        emit(rendered, output)
