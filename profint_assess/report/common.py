"""Formatting shared by the renderers for people (terminal, Markdown): rounding and wording."""

from __future__ import annotations

from profint_assess.scoring import FactorResult, Report

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


def respondents_line(report: Report) -> str:
    """Counts per role, never names."""
    return ", ".join(f"{count} {role}" for role, count in report.respondents.items())


def title(level: str | None) -> str:
    return DASH if level is None else level.capitalize()
