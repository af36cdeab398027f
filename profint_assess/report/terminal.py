"""The terminal report: Rich tables with inline bars; readable without colour or box drawing."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from profint_assess.model import Model
from profint_assess.report.common import (
    fmt_gap,
    fmt_pct,
    fmt_score,
    fmt_target,
    respondents_line,
    title,
)
from profint_assess.scoring import Report

BAR_WIDTH = 20
LEVEL_STYLES = {
    "emerging": "red",
    "developing": "yellow",
    "established": "cyan",
    "leading": "green",
}


def bar(score: float | None, target: float | None = None, *, plain: bool = False) -> Text:
    """A bar of ``BAR_WIDTH`` cells; ``|`` marks the target. The number is always printed too."""
    if score is None:
        return Text("")
    full, empty = ("#", ".") if plain else ("█", "░")
    filled = round(score / 100 * BAR_WIDTH)
    cells = [full] * filled + [empty] * (BAR_WIDTH - filled)
    if target is not None:
        mark = min(BAR_WIDTH - 1, round(target / 100 * BAR_WIDTH))
        cells[mark] = "|"
    return Text("".join(cells), style="" if plain else "bright_blue")


def _level(level: str | None, plain: bool) -> Text:
    return Text(title(level), style="" if plain else LEVEL_STYLES.get(level or "", ""))


def render(
    report: Report, *, model: Model | None = None, plain: bool = False, **_: Any
) -> RenderableType:
    table_box = box.ASCII if plain else box.SIMPLE_HEAVY
    parts: list[RenderableType] = []

    header = Text()
    header.append(f"{report.organization} — {report.device}\n", style="bold")
    header.append(
        f"Date {report.date.isoformat()} · status {report.status} · "
        f"model {report.model_id} {report.model_version} · "
        f"respondents: {respondents_line(report)}\n"
    )
    header.append(
        f"Overall score {fmt_score(report.overall_score)} / 100 — "
        f"level {title(report.overall_level)}",
        style="bold",
    )
    parts.append(
        Panel(header, title="PROFINT assessment", box=table_box, expand=False)
        if not plain
        else header
    )

    fields = Table(title="Fields of professionalisation", box=table_box, title_justify="left")
    fields.add_column("Field")
    fields.add_column("Score", justify="right")
    fields.add_column("Level")
    fields.add_column("", no_wrap=True)
    for f in report.fields:
        fields.add_row(
            f.title, fmt_score(f.score), _level(f.level, plain), bar(f.score, plain=plain)
        )
    parts.append(fields)

    factors = Table(
        title="Success factors (| marks the target)", box=table_box, title_justify="left"
    )
    for name, justify in [
        ("Factor", "left"),
        ("Score", "right"),
        ("Level", "left"),
        ("Coverage", "right"),
        ("Target", "right"),
        ("Gap", "right"),
    ]:
        factors.add_column(name, justify=justify)  # type: ignore[arg-type]
    factors.add_column("", no_wrap=True)
    for f in report.factors:
        factors.add_row(
            f"{f.id} {f.title}",
            fmt_score(f.score),
            _level(f.level, plain),
            fmt_pct(f.coverage),
            fmt_target(f.target),
            fmt_gap(f),
            bar(f.score, f.target, plain=plain),
        )
    parts.append(factors)

    gaps = report.priority_gaps
    parts.append(Text("Priority gaps", style="bold underline"))
    if not gaps:
        parts.append(Text("No assessed factor is below its target."))
    recs = {r.id: r for r in report.recommendations}
    for rank, f in enumerate(gaps, 1):
        parts.append(
            Text(
                f"{rank}. {f.id} {f.title}: score {fmt_score(f.score)}, target "
                f"{fmt_target(f.target)}, gap {fmt_gap(f)} (priority "
                f"{f.priority:.1f})",
                style="bold",
            )
        )
        if not f.recommendations:
            parts.append(Text("   The model has no recommendation for this factor."))
        for rid in f.recommendations:
            rec = recs[rid]
            line = Text(f"   • {rec.title} ")
            line.append(f"[{rec.id}, {rec.source}]", style="" if plain else "dim")
            parts.append(line)
            if model is not None:
                parts.extend(
                    Text(f"     good practice: {p.title} ({p.organization}, {p.country})")
                    for p in model.practices_for(rec.id)
                )
    missing = report.not_assessed
    if missing:
        parts.append(
            Text(
                "Not assessed (no answered question): "
                + ", ".join(f"{f.id} {f.title}" for f in missing)
            )
        )
    return Group(*parts)
