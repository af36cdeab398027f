"""Compare for the terminal: Rich tables of before, after, delta and status."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from profint_assess.compare import DECLINED, IMPROVED, Change, Comparison
from profint_assess.report.compare_common import (
    DIFFERENT_DEVICES,
    counts_line,
    fmt,
    fmt_delta,
    gap_text,
    side_line,
)

STATUS_STYLES = {IMPROVED: "green", DECLINED: "red"}


def _table(title: str, changes: list[Change], label: str, plain: bool) -> Table:
    # plain: aligned columns without rules, like the score report (screen readers, logs).
    table = Table(title=title, box=None if plain else box.SIMPLE_HEAVY, title_justify="left")
    table.add_column(label)
    for name in ("Before", "After", "Delta"):
        table.add_column(name, justify="right")
    table.add_column("Status")
    for c in changes:
        name = c.title if c.kind == "field" else f"{c.id} {c.title}"
        style = "" if plain else STATUS_STYLES.get(c.status, "")
        table.add_row(
            name, fmt(c.before), fmt(c.after), fmt_delta(c.shown_delta), Text(c.status, style=style)
        )
    return table


def render(comparison: Comparison, *, plain: bool = False, **_: Any) -> RenderableType:
    overall = comparison.overall
    header = Text()
    header.append("PROFINT comparison\n", style="bold")
    header.append(f"Before: {side_line(comparison.before)}\n")
    header.append(f"After:  {side_line(comparison.after)}\n")
    header.append(
        f"Overall {fmt(overall.before)} → {fmt(overall.after)} ({fmt_delta(overall.shown_delta)}, "
        f"{overall.status})\n",
        style="bold",
    )
    header.append(counts_line(comparison))
    if not comparison.same_device:
        header.append(f"\n{DIFFERENT_DEVICES}", style="" if plain else "yellow")
    parts: list[RenderableType] = [
        header,
        _table("Fields of professionalisation", comparison.fields, "Field", plain),
        _table("Success factors", comparison.factors, "Factor", plain),
    ]
    lines = [f"Gap closed: {gap_text(c)}" for c in comparison.gaps_closed]
    lines += [f"Gap opened: {gap_text(c)}" for c in comparison.gaps_opened]
    lines += [f"No longer triggered: {r.id} {r.title}" for r in comparison.no_longer_triggered]
    lines += [f"Newly triggered: {r.id} {r.title}" for r in comparison.newly_triggered]
    if not comparison.gaps_closed and not comparison.gaps_opened:
        lines.append("No gap closed or opened.")
    if not comparison.no_longer_triggered and not comparison.newly_triggered:
        lines.append("The same recommendations apply.")
    parts.extend(Text(line) for line in lines)
    return Group(*parts)
