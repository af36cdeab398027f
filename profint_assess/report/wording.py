"""Words and numbers shared by the formats for people (terminal, Markdown, HTML), once.

Format-neutral: no escaping and no markup here (each format module escapes its own cells).
Numbers for people have one decimal and a dash for "none" (:func:`fmt_number`); the formats for
scripts (JSON, CSV) keep full precision and never come here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from profint_assess.batch import Summary, coverage
from profint_assess.compare import Change, Comparison, Side
from profint_assess.i18n import _
from profint_assess.scoring import CommentLine, FactorResult, PerceptionGap, Report

if TYPE_CHECKING:
    from profint_assess.model import Model
    from profint_assess.plan import Action, ActionProgress, Phase, PlanFile, PlanView

DASH = "–"


def fmt_number(value: float | int | None, percent: bool = False) -> str:
    """A number for people: one decimal (or a whole percentage), a dash for none."""
    if value is None:
        return DASH
    return f"{value:.0%}" if percent else f"{value:.1f}"


def fmt_score(score: float | None) -> str:
    """Scores for people: one decimal; a factor not assessed says so rather than showing 0."""
    return "not assessed" if score is None else f"{score:.1f}"


def fmt_pct(ratio: float | None) -> str:
    return fmt_number(ratio, percent=True)


def fmt_gap(factor: FactorResult) -> str:
    return fmt_number(factor.gap)


def fmt_target(value: float) -> str:
    return f"{value:g}"


PLURALS = {"beneficiary": "beneficiaries", "company": "companies"}


def role_count(role: str, count: int) -> str:
    """``1 manager``, ``2 partners``, ``3 beneficiaries``."""
    return f"{count} {role if count == 1 else PLURALS.get(role, role + 's')}"


def respondents_line(report: Report) -> str:
    """Counts per role, never names."""
    return ", ".join(role_count(role, count) for role, count in report.respondents.items())


def title(level: str | None) -> str:
    return DASH if level is None else level.capitalize()


def several_roles(report: Report) -> bool:
    """Whether the answers came from more than one role (hidden roles included)."""
    return len(report.respondents) > 1


def fmt_divergence(factor: FactorResult) -> str:
    return fmt_number(factor.divergence)


def perception_text(gap: PerceptionGap) -> str:
    """Which role sees the factor higher and which lower, in words a reader can repeat."""
    return (
        f"divergence {gap.divergence:.1f}: {gap.highest_role} sees it higher "
        f"({gap.highest_score:.1f}), {gap.lowest_role} lower ({gap.lowest_score:.1f})"
    )


def perception_intro(report: Report) -> str:
    """The sentence above the perception gaps, or why there are none."""
    threshold = fmt_target(report.divergence_threshold)
    if len(report.roles) < 2:
        return (
            "Fewer than two roles are shown separately, so no divergence between roles can be "
            "measured."
        )
    if not report.perception_gaps:
        return f"The roles' scores differ by less than {threshold} points on every factor."
    return f"Factors on which the roles' scores differ by {threshold} points or more, widest first."


def overall_line(report: Report) -> str:
    """``Overall score 52.1 / 100 — level Established``, or why there is none."""
    if report.overall_score is None:
        return "Overall score: none, no question was answered"
    return (
        f"Overall score {fmt_score(report.overall_score)} / 100 — "
        f"level {title(report.overall_level)}"
    )


# --- batch: the columns of one row per assessment, and the summary rows --------------------------

STATISTICS = ("count", "mean", "median", "q1", "q3", "min", "max")
STAT_LABELS = {
    "count": "count",
    "mean": "mean",
    "median": "median",
    "q1": "1st quartile",
    "q3": "3rd quartile",
    "min": "min",
    "max": "max",
}


def short_field(field_id: str) -> str:
    """Five letters for a field's column; the legend under the table spells them out."""
    return field_id[:5].capitalize()


def score_columns(model: Model) -> list[str]:
    """Ids of the numeric columns: overall, the fields, the factors, coverage."""
    return ["overall", *(f.id for f in model.meta.fields), *(f.id for f in model.factors)] + [
        "coverage"
    ]


def numbers(report: Report) -> list[float | None]:
    """The row's numbers, in :func:`score_columns` order (coverage as a ratio 0-1)."""
    return [
        report.overall_score,
        *(f.score for f in report.fields),
        *(f.score for f in report.factors),
        coverage(report),
    ]


def number_cells(report: Report) -> list[str]:
    """:func:`numbers` for people: scores with one decimal, coverage as a percentage."""
    values = numbers(report)
    return [fmt_number(v) for v in values[:-1]] + [fmt_number(values[-1], percent=True)]


def respondent_count(report: Report) -> int:
    return sum(report.respondents.values())


def summary_rows(model: Model, summary: Summary) -> list[tuple[str, list[str]]]:
    """(label, cells) per statistic, the cells in :func:`score_columns` order, for people."""
    described = [summary.stats(c) for c in score_columns(model)]
    rows = []
    for name in STATISTICS:
        values = [getattr(s, name) for s in described]
        if name == "count":
            cells = [DASH if v is None else str(v) for v in values]
        else:
            cells = [fmt_number(v) for v in values[:-1]] + [fmt_number(values[-1], percent=True)]
        rows.append((STAT_LABELS[name], cells))
    return rows


def weakest_lines(model: Model, summary: Summary) -> list[tuple[str, str]]:
    """(factor heading, figures) for the network's weakest factors, weakest first."""
    titles = {f.id: f.title for f in model.factors}
    return [
        (
            f"{fid} {titles[fid]}",
            f"mean {fmt_number(s.mean)}, median {fmt_number(s.median)}, below target in "
            f"{summary.below_target[fid]} of {summary.count} assessments",
        )
        for fid, s in summary.weakest()
    ]


# --- compare: signed deltas, sides, status words ------------------------------------------------


def fmt_delta(delta: float | None) -> str:
    """``+12.5`` / ``-3.0`` / ``0.0``: the sign always shown, one decimal like the scores."""
    if delta is None:
        return DASH
    return "0.0" if delta == 0 else f"{delta:+.1f}"


def side_line(side: Side) -> str:
    who = ", ".join(role_count(role, n) for role, n in side.respondents.items())
    text = f"{side.organization} — {side.device}, {side.date}"
    return f"{text} ({who})" if who else text


def counts_line(comparison: Comparison) -> str:
    counts = comparison.counts
    order = ["improved", "declined", "unchanged", "newly assessed", "no longer assessed"]
    parts = [f"{counts[k]} {k}" for k in order if counts.get(k)]
    return (
        f"Factors: {', '.join(parts) or 'none'} (a change under {comparison.threshold:g} "
        "points is unchanged)."
    )


def gap_text(change: Change) -> str:
    return (
        f"{change.id} {change.title} "
        f"(gap {fmt_number(change.gap_before)} → {fmt_number(change.gap_after)})"
    )


DIFFERENT_DEVICES = "Note: the two sides are about different organisations or devices."


# --- plan: periods, what an action should move, statuses, progress ------------------------------


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
        _("{question} (now {score})").format(question=q, score=fmt_number(s))
        for q, s in action.questions.items()
    )


def plan_status(action: Action, today: dt.date) -> str:
    """The action's status, ``, overdue`` added when its due date is past and it is open."""
    from profint_assess.plan import is_overdue

    if is_overdue(action, today):
        return _("{status}, overdue").format(status=action.status)
    return action.status


def plan_counts(plan: PlanFile, today: dt.date) -> str:
    """``6 actions: 4 planned, 2 done; 1 overdue.``"""
    from profint_assess.plan import STATUSES, is_overdue, status_counts

    counts = status_counts(plan)
    parts = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s]) or _("none")
    line = _("{n} actions: {parts}").format(n=len(plan.actions), parts=parts)
    overdue = sum(is_overdue(a, today) for a in plan.actions)
    if overdue:
        line += _("; {n} overdue").format(n=overdue)
    return line + "."


def plan_title(plan: PlanFile) -> str:
    return _("PROFINT action plan: {organization} — {device}").format(
        organization=plan.organization, device=plan.device
    )


def plan_header(view: PlanView) -> list[str]:
    """The lines under the plan's title: what it is based on, the counts, a model note."""
    plan = view.plan
    lines = [
        _("Based on the assessment of {date} ({files}); drafted {created}.").format(
            date=plan.based_on.date.isoformat(),
            files=", ".join(plan.based_on.files) or plan.based_on.method,
            created=plan.created.isoformat(),
        ),
        plan_counts(plan, view.today),
    ]
    if view.note:
        lines.append(_("Note: {note}.").format(note=view.note))
    return lines


def unphased(plan: PlanFile) -> list[Action]:
    """Actions whose phase the plan does not list (kept visible rather than dropped)."""
    ids = {p.id for p in plan.phases}
    return [a for a in plan.actions if a.phase not in ids]


def progress_state(state: str) -> str:
    """A progress state in words: ``done-without-effect`` -> ``done without effect``."""
    words = {
        "done-without-effect": _("done without effect"),
        "reached": _("reached"),
        "moved": _("moved"),
        "not-moved": _("not moved"),
        "not-measured": _("not measured"),
    }
    return words[state]


def progress_line(item: ActionProgress) -> str:
    """``A02 [done] done without effect: F04.Q1 50.0 → 50.0 (0.0)``."""
    moves = ", ".join(
        f"{m.id} {fmt_number(m.before)} → {fmt_number(m.after)} ({fmt_delta(m.delta)})"
        for m in item.questions
    )
    return _("{id} [{status}] {state}: {moves}").format(
        id=item.action.id,
        status=item.action.status,
        state=progress_state(item.state),
        moves=moves or _("no question named"),
    )


def progress_summary(items: list[ActionProgress]) -> str:
    """``Plan: 1 done without effect, 1 reached, 1 moved.``"""
    from profint_assess.plan import PROGRESS_ORDER

    counts = {state: sum(i.state == state for i in items) for state in PROGRESS_ORDER}
    parts = ", ".join(f"{n} {progress_state(s)}" for s, n in counts.items() if n)
    return _("Plan: {parts}.").format(parts=parts or _("no actions"))


PROGRESS_TITLE = "Action plan: did the questions move?"


def open_answers_heading() -> str:
    """The heading of the open answers, the same in every format for people."""
    from profint_assess.i18n import _

    return _("Open answers")


def open_answers_intro(report: Report) -> str:
    """What the open answers are, and why a small role's are missing."""
    from profint_assess.i18n import _

    text = _("Free-text answers to the open questions, by role; they are not scored.")
    if report.hidden:
        roles = ", ".join(h.role for h in report.hidden)
        text += " " + _(
            "Not shown: the answers of the {roles} respondents, too few to stay anonymous."
        ).format(roles=roles)
    return text


def role_heading(role: str, count: int = 2) -> str:
    """``beneficiary`` -> ``Beneficiaries`` (``Beneficiary`` for one respondent)."""
    return (role if count == 1 else PLURALS.get(role, role + "s")).capitalize()


def by_question(lines: Iterable[CommentLine]) -> list[tuple[str, list[str]]]:
    """One role's open answers as (question text, [answers]), in questionnaire order."""
    grouped: dict[str, tuple[str, list[str]]] = {}
    for line in lines:
        grouped.setdefault(line.question, (line.text, []))[1].append(line.comment)
    return list(grouped.values())
