"""Wording shared by the compare renderers for people: signed deltas, sides, status words."""

from __future__ import annotations

from profint_assess.compare import Change, Comparison, Side
from profint_assess.report.common import DASH, role_count


def fmt_delta(delta: float | None) -> str:
    """``+12.5`` / ``-3.0`` / ``0.0``: the sign always shown, one decimal like the scores."""
    if delta is None:
        return DASH
    return "0.0" if delta == 0 else f"{delta:+.1f}"


def fmt(score: float | None) -> str:
    return DASH if score is None else f"{score:.1f}"


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
    return f"{change.id} {change.title} (gap {fmt(change.gap_before)} → {fmt(change.gap_after)})"


DIFFERENT_DEVICES = "Note: the two sides are about different organisations or devices."
