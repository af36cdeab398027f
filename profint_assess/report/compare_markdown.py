"""Compare Markdown: what moved between two assessments, for a re-assessment report."""

from __future__ import annotations

from typing import Any

from profint_assess.compare import Change, Comparison
from profint_assess.report.compare_common import (
    DIFFERENT_DEVICES,
    counts_line,
    fmt,
    fmt_delta,
    gap_text,
    side_line,
)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _row(label: str, c: Change) -> str:
    cells = [_cell(label), fmt(c.before), fmt(c.after), fmt_delta(c.shown_delta), c.status]
    return "| " + " | ".join(cells) + " |"


def render(comparison: Comparison, **_: Any) -> str:
    head = ["| | Before | After | Delta | Status |", "|---|---:|---:|---:|---|"]
    out = [
        "# PROFINT comparison",
        "",
        f"- Before: {_cell(side_line(comparison.before))}",
        f"- After: {_cell(side_line(comparison.after))}",
        f"- **Overall: {fmt(comparison.overall.before)} → {fmt(comparison.overall.after)} "
        f"({fmt_delta(comparison.overall.shown_delta)}, {comparison.overall.status})**",
        f"- {counts_line(comparison)}",
        *([] if comparison.same_device else [f"- {DIFFERENT_DEVICES}"]),
        "",
        "## Fields",
        "",
        *head,
        *(_row(c.title, c) for c in comparison.fields),
        "",
        "## Factors",
        "",
        *head,
        *(_row(f"{c.id} {c.title}", c) for c in comparison.factors),
        "",
        "## Gaps",
        "",
    ]
    out += [f"- Closed: {_cell(gap_text(c))}" for c in comparison.gaps_closed]
    out += [f"- Opened: {_cell(gap_text(c))}" for c in comparison.gaps_opened]
    if not comparison.gaps_closed and not comparison.gaps_opened:
        out.append("No gap closed or opened.")
    out += ["", "## Recommendations", ""]
    out += [
        f"- No longer triggered: {r.id} {_cell(r.title)}" for r in comparison.no_longer_triggered
    ]
    out += [f"- Newly triggered: {r.id} {_cell(r.title)}" for r in comparison.newly_triggered]
    if not comparison.no_longer_triggered and not comparison.newly_triggered:
        out.append("The same recommendations apply.")
    return "\n".join(out).rstrip() + "\n"
