"""Formatting shared by the renderers for people (terminal, Markdown): rounding and wording."""

from __future__ import annotations

from profint_assess.scoring import FactorResult, PerceptionGap, Report

DASH = "–"


def fmt_score(score: float | None) -> str:
    """Scores for people: one decimal; a factor not assessed says so rather than showing 0."""
    return "not assessed" if score is None else f"{score:.1f}"


def fmt_pct(ratio: float | None) -> str:
    return DASH if ratio is None else f"{ratio:.0%}"


def fmt_gap(factor: FactorResult) -> str:
    return DASH if factor.gap is None else f"{factor.gap:.1f}"


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
    return DASH if factor.divergence is None else f"{factor.divergence:.1f}"


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
