"""Renderers of an action plan (``plan show``) and of its progress (``compare --plan``).

Staging module: moves into the ``report`` package's layout once the structure refactor lands.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from profint_assess.plan import (
    MOVED,
    NO_EFFECT,
    NOT_MEASURED,
    NOT_MOVED,
    REACHED,
    STATUSES,
    Action,
    ActionProgress,
    Phase,
    PlanFile,
    is_overdue,
    ordered_actions,
    status_counts,
)

try:
    from profint_assess.i18n import _
except ImportError:  # until the translation layer is on main

    def _(message: str) -> str:
        return message


DASH = "–"


# --- shared wording -------------------------------------------------------------------------


def fmt(score: float | None) -> str:
    return DASH if score is None else f"{score:.1f}"


def fmt_delta(delta: float | None) -> str:
    if delta is None:
        return DASH
    return "0.0" if delta == 0 else f"{delta:+.1f}"


def period_text(phase: Phase | None) -> str:
    """``2026-12-01 – 2027-02-28``, the phase's words, or both."""
    if phase is None:
        return ""
    dates = ""
    if phase.start or phase.end:
        dates = f"{phase.start.isoformat() if phase.start else '…'} – "
        dates += phase.end.isoformat() if phase.end else "…"
    return ", ".join(p for p in (dates, phase.period) if p)


def moves_text(action: Action) -> str:
    """``F02.Q2 (now 25.0), F02.Q4 (now 0.0)``: what the action should move, from where."""
    if not action.questions:
        return _("no question named")
    return ", ".join(
        _("{question} (now {score})").format(question=q, score=fmt(s))
        for q, s in action.questions.items()
    )


def status_text(action: Action, today: dt.date) -> str:
    return (
        _("{status}, overdue").format(status=action.status)
        if is_overdue(action, today)
        else action.status
    )


def counts_text(plan: PlanFile, today: dt.date) -> str:
    counts = status_counts(plan)
    parts = [f"{counts[s]} {s}" for s in STATUSES if counts[s]]
    overdue = sum(is_overdue(a, today) for a in plan.actions)
    line = _("{n} actions: {parts}").format(n=len(plan.actions), parts=", ".join(parts) or "none")
    if overdue:
        line += _("; {n} overdue").format(n=overdue)
    return line + "."


STATE_WORDS = {
    NO_EFFECT: "done without effect",
    REACHED: "reached",
    MOVED: "moved",
    NOT_MOVED: "not moved",
    NOT_MEASURED: "not measured",
}


def state_text(state: str) -> str:
    return _(STATE_WORDS[state])


def progress_line(item: ActionProgress) -> str:
    """``A02 [done] done without effect: F04.Q1 50.0 → 50.0 (0.0)``."""
    moves = ", ".join(
        f"{m.id} {fmt(m.before)} → {fmt(m.after)} ({fmt_delta(m.delta)})" for m in item.questions
    )
    return _("{id} [{status}] {state}: {moves}").format(
        id=item.action.id,
        status=item.action.status,
        state=state_text(item.state),
        moves=moves or _("no question named"),
    )


def progress_summary(items: list[ActionProgress]) -> str:
    counts = {state: sum(i.state == state for i in items) for state in STATE_WORDS}
    parts = [f"{n} {state_text(s)}" for s, n in counts.items() if n]
    return _("Plan: {parts}.").format(parts=", ".join(parts) or _("no actions"))


# --- plan show --------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanView:
    """What every ``plan show`` format shows: the plan, the day it is read on, a model note."""

    plan: PlanFile
    today: dt.date
    note: str | None = None


def header_lines(view: PlanView) -> list[str]:
    plan = view.plan
    lines = [
        _("Based on the assessment of {date} ({files}); drafted {created}.").format(
            date=plan.based_on.date.isoformat(),
            files=", ".join(plan.based_on.files) or plan.based_on.method,
            created=plan.created.isoformat(),
        ),
        counts_text(plan, view.today),
    ]
    if view.note:
        lines.append(_("Note: {note}.").format(note=view.note))
    return lines


def _unphased(view: PlanView) -> list[Action]:
    ids = {p.id for p in view.plan.phases}
    return [a for a in view.plan.actions if a.phase not in ids]


def render_terminal(view: PlanView, *, plain: bool = False, **_ignored: Any) -> Any:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    plan = view.plan
    head = Text()
    head.append(
        _("PROFINT action plan: {organization} — {device}").format(
            organization=plan.organization, device=plan.device
        )
        + "\n",
        style="bold",
    )
    head.append("\n".join(header_lines(view)))
    parts: list[Any] = [head]
    for phase, actions in ordered_actions(plan, view.today):
        table = Table(
            title=f"{phase.id} {phase.title}"
            + (f" ({period_text(phase)})" if period_text(phase) else ""),  # type: ignore[union-attr]
            title_justify="left",
            box=None if plain else box.SIMPLE_HEAVY,
        )
        for name in (_("Action"), _("Status"), _("Owner"), _("Due"), _("Should move")):
            table.add_column(name)
        for a in actions:
            overdue = is_overdue(a, view.today)
            table.add_row(
                f"{a.id} {a.factor} {a.title}",
                Text(status_text(a, view.today), style="bold red" if overdue and not plain else ""),
                a.owner or DASH,
                a.due.isoformat() if a.due else DASH,
                f"{moves_text(a)}\n{a.success_text}" if a.success_text else moves_text(a),
            )
        if not actions:
            table.add_row(_("(no action in this phase)"), "", "", "", "")
        parts.append(table)
    stray = _unphased(view)
    if stray:
        parts.append(Text(_("Not in a phase: {ids}").format(ids=", ".join(a.id for a in stray))))
    return Group(*parts)


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(view: PlanView, **_ignored: Any) -> str:
    plan = view.plan
    out = [
        "# "
        + _cell(
            _("PROFINT action plan: {organization} — {device}").format(
                organization=plan.organization, device=plan.device
            )
        ),
        "",
        *(f"- {_cell(line)}" for line in header_lines(view)),
    ]
    for phase, actions in ordered_actions(plan, view.today):
        assert phase is not None
        period = period_text(phase)
        out += [
            "",
            f"## {_cell(phase.id)} {_cell(phase.title)}" + (f" ({period})" if period else ""),
            "",
        ]
        if not actions:
            out.append(_("No action in this phase."))
            continue
        out += [
            "| "
            + " | ".join(
                [_("Action"), _("Status"), _("Owner"), _("Due"), _("Should move"), _("Success")]
            )
            + " |",
            "|---|---|---|---|---|---|",
        ]
        for a in actions:
            status = status_text(a, view.today)
            if is_overdue(a, view.today):
                status = f"**{status}**"
            cells = [
                _cell(f"{a.id} {a.factor} {a.title}"),
                status,
                _cell(a.owner) or DASH,
                a.due.isoformat() if a.due else DASH,
                _cell(moves_text(a)),
                _cell(a.success_text) or DASH,
            ]
            out.append("| " + " | ".join(cells) + " |")
    stray = _unphased(view)
    if stray:
        out += ["", _("Not in a phase: {ids}").format(ids=", ".join(a.id for a in stray))]
    return "\n".join(out) + "\n"


def plan_to_dict(view: PlanView) -> dict[str, Any]:
    """The plan as JSON data (``profint-plan/1`` keys), with what ``plan show`` works out."""
    data = view.plan.model_dump(mode="json")
    for action, raw in zip(view.plan.actions, data["actions"], strict=True):
        raw["overdue"] = is_overdue(action, view.today)
        raw["success"] = action.success_text
    data["today"] = view.today.isoformat()
    data["counts"] = dict(status_counts(view.plan))
    data["counts"]["overdue"] = sum(is_overdue(a, view.today) for a in view.plan.actions)
    data["notes"] = [view.note] if view.note else []
    return data


def render_json(view: PlanView, **_ignored: Any) -> str:
    return json.dumps(plan_to_dict(view), indent=2, ensure_ascii=False) + "\n"


def render_html(view: PlanView, **_ignored: Any) -> str:
    """One self-contained document, one A4 page per phase."""
    from profint_assess import __version__
    from profint_assess.report.html import _environment

    plan = view.plan
    phases = []
    for phase, actions in ordered_actions(plan, view.today):
        assert phase is not None
        phases.append(
            {
                "id": phase.id,
                "title": phase.title,
                "period": period_text(phase),
                "actions": [
                    {
                        "id": a.id,
                        "factor": a.factor,
                        "recommendation": a.recommendation or "",
                        "title": a.title,
                        "steps": a.steps,
                        "status": a.status,
                        "status_text": status_text(a, view.today),
                        "overdue": is_overdue(a, view.today),
                        "owner": a.owner or DASH,
                        "due": a.due.isoformat() if a.due else DASH,
                        "moves": moves_text(a),
                        "success": a.success_text or DASH,
                        "notes": a.notes,
                    }
                    for a in actions
                ],
            }
        )
    context = {
        "version": __version__,
        "organization": plan.organization,
        "device": plan.device,
        "header": header_lines(view),
        "phases": phases,
        "unphased": [a.id for a in _unphased(view)],
        "t": _,
    }
    return _environment().get_template("plan.html.j2").render(context)


PLAN_FORMATS = {
    "terminal": render_terminal,
    "markdown": render_markdown,
    "json": render_json,
    "html": render_html,
}


# --- compare --plan -------------------------------------------------------------------------


def progress_to_dict(items: list[ActionProgress], plan_name: str) -> dict[str, Any]:
    """The ``plan`` key of ``compare --format json`` with ``--plan``."""
    return {
        "file": plan_name,
        "actions": [
            {
                "id": i.action.id,
                "factor": i.action.factor,
                "recommendation": i.action.recommendation,
                "title": i.action.title,
                "status": i.action.status,
                "reach": i.action.reach,
                "progress": i.state,
                "questions": [
                    {"id": m.id, "before": m.before, "after": m.after, "delta": m.delta}
                    for m in i.questions
                ],
            }
            for i in items
        ],
    }


def progress_terminal(items: list[ActionProgress], *, plain: bool = False) -> Any:
    from rich.console import Group
    from rich.text import Text

    styles = {NO_EFFECT: "bold red", REACHED: "green", MOVED: "green"}
    lines: list[Any] = [Text(_("Action plan: did the questions move?"), style="bold")]
    lines.extend(
        Text(progress_line(item), style="" if plain else styles.get(item.state, ""))
        for item in items
    )
    lines.append(Text(progress_summary(items)))
    return Group(*lines)


def progress_markdown(items: list[ActionProgress]) -> str:
    out = ["## " + _("Action plan: did the questions move?"), ""]
    out += [f"- {_cell(progress_line(i))}" for i in items]
    out += ["", progress_summary(items)]
    return "\n".join(out) + "\n"
