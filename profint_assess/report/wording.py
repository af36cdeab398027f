"""Words and numbers shared by the formats for people (terminal, Markdown, HTML), once.

Format-neutral: no escaping and no markup here (each format module escapes its own cells).
Numbers for people have one decimal and a dash for "none" (:func:`fmt_number`); the formats for
scripts (JSON, CSV) keep full precision and never come here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from profint_assess.batch import Summary, coverage
from profint_assess.compare import Change, Comparison, Side
from profint_assess.scoring import FactorResult, PerceptionGap, Report

if TYPE_CHECKING:
    from profint_assess.model import Model

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
