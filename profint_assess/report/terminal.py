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
    DASH,
    fmt_divergence,
    fmt_gap,
    fmt_pct,
    fmt_score,
    fmt_target,
    overall_line,
    perception_intro,
    respondents_line,
    several_roles,
    title,
)
from profint_assess.scoring import Report

BAR_WIDTH = 10  # one cell per 10 points; fits an 80-column terminal
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
    if level is None:
        return Text("not assessed")
    return Text(title(level), style="" if plain else LEVEL_STYLES.get(level, ""))


def _score(score: float | None) -> str:
    # The level column says "not assessed"; a bare dash here keeps the table narrow.
    return DASH if score is None else fmt_score(score)


def render(
    report: Report, *, model: Model | None = None, plain: bool = False, **_: Any
) -> RenderableType:
    table_box = None if plain else box.SIMPLE_HEAVY  # plain: aligned columns, no rules
    parts: list[RenderableType] = []

    header = Text()
    header.append(f"{report.organization} — {report.device}\n", style="bold")
    header.append(
        f"Date {report.date.isoformat()} · status {report.status} · "
        f"model {report.model_id} {report.model_version}\n"
        # A line of its own: with several roles it is long, and it is what a consultant checks.
        f"Respondents: {respondents_line(report)}\n"
    )
    header.append(overall_line(report), style="bold")
    for note in report.notes:
        header.append(f"\nNote: {note}.")
    parts.append(
        Panel(header, title="PROFINT assessment", box=table_box, expand=False)
        if not plain
        else header
    )

    fields = Table(
        title="Fields of professionalisation", box=table_box, title_justify="left", pad_edge=False
    )
    fields.add_column("Field")
    fields.add_column("Score", justify="right", no_wrap=True)
    fields.add_column("Level", no_wrap=True)
    fields.add_column("", no_wrap=True)
    for f in report.fields:
        fields.add_row(f.title, _score(f.score), _level(f.level, plain), bar(f.score, plain=plain))
    parts.append(fields)

    targets = {f.target for f in report.factors}
    same_target = len(targets) == 1
    caption = f"target {fmt_target(next(iter(targets)))} for every factor" if same_target else ""
    factors = Table(
        title=f"Success factors (| on the bar marks the target{'; ' + caption if caption else ''})",
        box=table_box,
        title_justify="left",
        pad_edge=False,
    )
    factors.add_column("Factor", ratio=1)
    columns = ("Score", "Level", "Cover") + (() if same_target else ("Target",)) + ("Gap",)
    for name in columns:
        factors.add_column(name, justify="left" if name == "Level" else "right", no_wrap=True)
    factors.add_column("", no_wrap=True)
    for f in report.factors:
        cells = [f"{f.id} {f.title}", _score(f.score), _level(f.level, plain), fmt_pct(f.coverage)]
        cells += [] if same_target else [fmt_target(f.target)]
        factors.add_row(*cells, fmt_gap(f), bar(f.score, f.target, plain=plain))
    parts.append(factors)
    if len(report.roles) > 1:
        parts.append(_by_role(report, table_box))

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
    if several_roles(report):
        parts.append(Text("Perception gaps between roles", style="bold underline"))
        parts.append(Text(perception_intro(report)))
        if report.perception_gaps:
            parts.append(_perception(report, table_box))
    missing = report.not_assessed
    if missing:
        parts.append(
            Text(
                "Not assessed (no answered question): "
                + ", ".join(f"{f.id} {f.title}" for f in missing)
            )
        )
    return Group(*parts)


def _by_role(report: Report, table_box: box.Box | None) -> Table:
    """Each factor's score per shown role, and the divergence between them."""
    table = Table(
        title="Scores per role (mean of each role's respondents; divergence = highest − lowest)",
        box=table_box,
        title_justify="left",
        pad_edge=False,
    )
    table.add_column("Factor", ratio=1)
    for role in report.roles:
        table.add_column(role.capitalize(), justify="right", no_wrap=True)
    table.add_column("Divergence", justify="right", no_wrap=True)
    for f in report.factors:
        table.add_row(
            f"{f.id} {f.title}",
            *(_score(f.by_role.get(role)) for role in report.roles),
            fmt_divergence(f),
        )
    return table


def _perception(report: Report, table_box: box.Box | None) -> Table:
    """One row per perception gap: the role that sees the factor higher, and the one lower."""
    table = Table(box=table_box, pad_edge=False)
    table.add_column("Factor", ratio=1)
    table.add_column("Divergence", justify="right", no_wrap=True)
    table.add_column("Seen higher by", no_wrap=True)
    table.add_column("Seen lower by", no_wrap=True)
    for g in report.perception_gaps:
        table.add_row(
            f"{g.factor} {g.title}",
            f"{g.divergence:.1f}",
            f"{g.highest_role} {g.highest_score:.1f}",
            f"{g.lowest_role} {g.lowest_score:.1f}",
        )
    return table
