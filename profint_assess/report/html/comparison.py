"""Compare HTML: what moved between two assessments of a device, as one self-contained file.

A cover with both sides and the overall delta, a dumbbell chart of the factor scores before and
after, the field and factor tables (status in words, colour only a second cue), the gaps closed
and opened and the recommendations no longer or newly triggered. Prints on A4 portrait. Layout
in ``templates/compare.html.j2``; styles and escaping are the single report's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from profint_assess import __version__
from profint_assess.compare import Change, Comparison, Side
from profint_assess.i18n import _
from profint_assess.records import METHOD
from profint_assess.report.html import svg
from profint_assess.report.html.assessment import _environment
from profint_assess.report.wording import (
    PROGRESS_TITLE,
    change_word,
    counts_line,
    fmt_delta,
    progress_state,
    progress_summary,
    role_count,
)
from profint_assess.report.wording import fmt_number as fmt

if TYPE_CHECKING:
    from profint_assess.plan import ActionProgress


def render(
    comparison: Comparison, *, progress: list[ActionProgress] | None = None, **_options: Any
) -> str:
    """The comparison as one HTML document; with ``progress``, the plan's section at the end."""
    data = context(comparison)
    data["plan"] = None if progress is None else plan_context(progress)
    return _environment().get_template("compare.html.j2").render(data)


def plan_context(items: list[ActionProgress]) -> dict[str, Any]:
    """``compare --plan``: one row per action, its questions before and after."""
    return {
        "title": _(PROGRESS_TITLE),
        "columns": [_("Action"), _("Status"), _("Progress"), _("Questions: before → after")],
        "summary": progress_summary(items),
        "actions": [
            {
                "id": i.action.id,
                "title": i.action.title,
                "status": i.action.status,
                "state": i.state,
                "state_text": progress_state(i.state),
                "questions": ", ".join(
                    f"{m.id} {fmt(m.before)} → {fmt(m.after)} ({fmt_delta(m.delta)})"
                    for m in i.questions
                ),
            }
            for i in items
        ],
    }


def _status_class(status: str) -> str:
    return "status status-" + status.replace(" ", "-")


def _row(c: Change) -> dict[str, str]:
    return {
        "id": c.id,
        "title": c.title,
        "before": fmt(c.before),
        "after": fmt(c.after),
        "delta": fmt_delta(c.shown_delta),
        "status": change_word(c.status),
        "status_class": _status_class(c.status),
    }


def _side(side: Side) -> dict[str, Any]:
    return {
        "organization": side.organization,
        "device": side.device,
        "date": side.date,
        "respondents": ", ".join(role_count(r, n) for r, n in side.respondents.items()),
        "notes": list(side.notes),
    }


def _caption(c: Change) -> str:
    if c.before is None and c.after is None:
        return _("not assessed")
    if c.shown_delta is None:
        return f"{fmt(c.before)} → {fmt(c.after)}"
    return f"{fmt(c.before)} → {fmt(c.after)} ({fmt_delta(c.shown_delta)})"


def _gap(c: Change) -> dict[str, str]:
    return {"id": c.id, "title": c.title, "before": fmt(c.gap_before), "after": fmt(c.gap_after)}


def context(comparison: Comparison) -> dict[str, Any]:
    """Plain data for the template: every number already formatted as the other formats do."""
    pairs = [
        svg.Pair(f"{c.id} {c.title}", c.before, c.after, _caption(c)) for c in comparison.factors
    ]
    before, after = comparison.before, comparison.after
    return {
        "version": __version__,
        "before": _side(before),
        "after": _side(after),
        "same_device": comparison.same_device,
        "method": METHOD,
        "threshold": f"{comparison.threshold:g}",
        "overall": _row(comparison.overall),
        "counts": counts_line(comparison),
        "chart": svg.dumbbell(
            pairs,
            title=_("Success factors: score before and after"),
            width=720,
            label_width=310,
        ),
        "fields": [_row(c) for c in comparison.fields],
        "factors": [_row(c) for c in comparison.factors],
        "gaps_closed": [_gap(c) for c in comparison.gaps_closed],
        "gaps_opened": [_gap(c) for c in comparison.gaps_opened],
        "no_longer": [
            {"id": r.id, "factor": r.factor, "title": r.title}
            for r in comparison.no_longer_triggered
        ],
        "newly": [
            {"id": r.id, "factor": r.factor, "title": r.title} for r in comparison.newly_triggered
        ],
    }
