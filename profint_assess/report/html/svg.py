"""SVG charts for the HTML report, drawn from plain numbers: a radar and horizontal bars.

Pure functions returning SVG markup (strings), so they can be tested without a browser. Every
label is escaped here, because the template inserts the markup as is. The charts carry their
own colours and line patterns (presentation attributes, not page CSS) and print every number as
text too, so they stay readable in black and white and outside the report.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from profint_assess.i18n import _

SCALE_MAX = 100.0
GRID = (25.0, 50.0, 75.0, 100.0)  # the default level bands' boundaries

INK = "#1f2933"
GRID_INK = "#c5ccd3"


@dataclass(frozen=True)
class Series:
    """One polygon of the radar: a label for the legend and one value per axis (None: missing)."""

    label: str
    values: Sequence[float | None]
    colour: str
    dash: str = ""
    fill: bool = False


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart."""

    label: str
    value: float | None
    colour: str
    caption: str  # printed after the bar, e.g. "62.5 Established"


def _n(value: float) -> str:
    """Coordinates with at most one decimal: compact and stable for tests."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _attr(text: str) -> str:
    return escape(text, quote=True)


def polar(cx: float, cy: float, radius: float, index: float, count: int) -> tuple[float, float]:
    """Point on axis ``index`` of ``count``; axis 0 points straight up, then clockwise."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    return cx + radius * math.cos(angle), cy + radius * math.sin(angle)


def radar_points(
    values: Sequence[float | None], cx: float, cy: float, radius: float
) -> list[tuple[float, float] | None]:
    """Where each value sits on its axis (None stays None: a missing value is not a zero)."""
    count = len(values)
    return [
        None
        if v is None
        else polar(cx, cy, radius * max(0.0, min(v, SCALE_MAX)) / SCALE_MAX, i, count)
        for i, v in enumerate(values)
    ]


def _segments(
    points: Sequence[tuple[float, float] | None],
) -> list[list[tuple[float, float]]]:
    """Runs of consecutive present points, wrapping round; one closed run if none is missing."""
    count = len(points)
    if all(p is not None for p in points):
        return [[p for p in points if p is not None]]
    start = next((i for i, p in enumerate(points) if p is None), 0)
    runs: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for step in range(1, count + 1):
        point = points[(start + step) % count]
        if point is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(point)
    if current:
        runs.append(current)
    return runs


def _path(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)


def _label_lines(text: str, width: int = 18) -> list[str]:
    """Greedy wrap on spaces; a radar label keeps to two or three short lines."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def radar(
    axes: Sequence[tuple[str, str]],
    series: Sequence[Series],
    *,
    title: str,
    size: int = 640,
) -> str:
    """A radar of ``axes`` (id, label) with one polygon per series, grid rings at 25/50/75/100.

    A series with a missing value is drawn as open lines between its present neighbours, so a
    factor not assessed shows as a break, never as a zero.
    """
    count = len(axes)
    if count < 3:
        raise ValueError("a radar needs at least three axes")
    # Room around the rings for labels of up to four lines above and below.
    height = round(size * 0.82)
    cx, cy = size / 2, size * 0.39
    radius = size * 0.29
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart radar" role="img" '
        f'viewBox="0 0 {size} {height}" width="{size}" height="{height}" '
        f'font-family="inherit" aria-labelledby="radar-title">',
        f'<title id="radar-title">{escape(title)}</title>',
        '<g class="grid">',
    ]
    for ring in GRID:
        ring_points = [polar(cx, cy, radius * ring / SCALE_MAX, i, count) for i in range(count)]
        out.append(
            f'<polygon points="{_path(ring_points)}" fill="none" stroke="{GRID_INK}" '
            f'stroke-width="{1.2 if ring == SCALE_MAX else 0.8}"/>'
        )
        # Ring values sit between the first two axes, clear of the labels and the lines.
        tx, ty = polar(cx, cy, radius * ring / SCALE_MAX, 0.5, count)
        out.append(
            f'<text x="{_n(tx + 2)}" y="{_n(ty + 3)}" font-size="9" fill="#6b7680">{ring:g}</text>'
        )
    for i, (axis_id, label) in enumerate(axes):
        x, y = polar(cx, cy, radius, i, count)
        out.append(
            f'<line x1="{_n(cx)}" y1="{_n(cy)}" x2="{_n(x)}" y2="{_n(y)}" '
            f'stroke="{GRID_INK}" stroke-width="0.8"/>'
        )
        lx, ly = polar(cx, cy, radius + 16, i, count)
        dx = lx - cx
        anchor = "middle" if abs(dx) < radius * 0.15 else ("start" if dx > 0 else "end")
        lines = [axis_id, *_label_lines(label)]
        # Labels above the chart grow upwards and those below grow downwards, so the text never
        # runs into the polygons; those at the sides are centred on their axis.
        block = (len(lines) - 1) * 12
        if ly < cy - radius * 0.3:
            top = ly - block
        elif ly > cy + radius * 0.3:
            top = ly + 10
        else:
            top = ly - block / 2 + 4
        out.append(
            f'<text class="axis" x="{_n(lx)}" y="{_n(top)}" text-anchor="{anchor}" '
            f'font-size="11" fill="{INK}">'
        )
        for n, line in enumerate(lines):
            weight = ' font-weight="700"' if n == 0 else ""
            dy = "0" if n == 0 else "12"
            out.append(f'<tspan x="{_n(lx)}" dy="{dy}"{weight}>{escape(line)}</tspan>')
        out.append("</text>")
    out.append("</g>")
    for s in series:
        points = radar_points(s.values, cx, cy, radius)
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        out.append(f'<g class="series" data-series="{_attr(s.label)}">')
        for run in _segments(points):
            closed = len(run) == count
            tag = "polygon" if closed else "polyline"
            fill = s.colour if (s.fill and closed) else "none"
            out.append(
                f'<{tag} points="{_path(run)}" fill="{fill}" fill-opacity="0.18" '
                f'stroke="{s.colour}" stroke-width="2"{dash} stroke-linejoin="round"/>'
            )
        out.extend(
            f'<circle cx="{_n(p[0])}" cy="{_n(p[1])}" r="2.6" fill="{s.colour}"/>'
            for p in points
            if p is not None
        )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def legend(series: Sequence[Series], width: int = 640) -> str:
    """A one-line legend matching the radar's colours and line patterns."""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart legend" role="img" '
        f'viewBox="0 0 {width} 24" width="{width}" height="24" font-family="inherit">',
        "<title>Legend</title>",
    ]
    x = 10
    for s in series:
        dash = f' stroke-dasharray="{s.dash}"' if s.dash else ""
        out.append(
            f'<line x1="{x}" y1="12" x2="{x + 34}" y2="12" stroke="{s.colour}" '
            f'stroke-width="2.5"{dash}/>'
            f'<text x="{x + 42}" y="16" font-size="12" fill="{INK}">{escape(s.label)}</text>'
        )
        # No text measuring without a browser: 7 units a character is generous at 12px.
        x += 42 + 7 * len(s.label) + 24
    out.append("</svg>")
    return "\n".join(out)


def bars(
    rows: Sequence[Bar],
    *,
    title: str,
    target: float | None = None,
    width: int = 640,
    label_width: int = 230,
    row_height: int = 30,
) -> str:
    """Horizontal bars on a 0-100 scale; the value is printed after each bar as text.

    A dashed line marks ``target`` when given; a row without a value says so in its caption
    and draws no bar.
    """
    caption_width = 130
    scale = width - label_width - caption_width
    height = row_height * len(rows) + 22
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart bars" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="inherit">',
        f"<title>{escape(title)}</title>",
    ]
    bottom = row_height * len(rows)
    for tick in (0.0, *GRID):
        x = label_width + scale * tick / SCALE_MAX
        out.append(
            f'<line x1="{_n(x)}" y1="0" x2="{_n(x)}" y2="{bottom}" stroke="{GRID_INK}" '
            f'stroke-width="0.8"/>'
            f'<text x="{_n(x)}" y="{bottom + 14}" font-size="10" text-anchor="middle" '
            f'fill="#6b7680">{tick:g}</text>'
        )
    for i, row in enumerate(rows):
        y = i * row_height
        mid = y + row_height / 2
        out.append(
            f'<text x="{label_width - 8}" y="{_n(mid + 4)}" font-size="12" text-anchor="end" '
            f'fill="{INK}">{escape(row.label)}</text>'
        )
        if row.value is not None:
            length = scale * max(0.0, min(row.value, SCALE_MAX)) / SCALE_MAX
            out.append(
                f'<rect class="bar" x="{label_width}" y="{_n(y + 6)}" width="{_n(length)}" '
                f'height="{row_height - 12}" fill="{row.colour}" stroke="{INK}" '
                f'stroke-width="0.6"/>'
            )
        out.append(
            f'<text x="{label_width + scale + 8}" y="{_n(mid + 4)}" font-size="12" '
            f'fill="{INK}">{escape(row.caption)}</text>'
        )
    if target is not None:
        x = label_width + scale * max(0.0, min(target, SCALE_MAX)) / SCALE_MAX
        out.append(
            f'<line class="target" x1="{_n(x)}" y1="0" x2="{_n(x)}" y2="{bottom}" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="5 3"/>'
        )
    out.append("</svg>")
    return "\n".join(out)


@dataclass(frozen=True)
class Pair:
    """One row of a dumbbell chart: a score before and after (None: not assessed)."""

    label: str
    before: float | None
    after: float | None
    caption: str  # printed after the row, e.g. "52.0 → 60.5 (+8.5)"


def dumbbell(
    rows: Sequence[Pair],
    *,
    title: str,
    before_colour: str = "#9aa5b1",
    after_colour: str = "#1f4e79",
    width: int = 640,
    label_width: int = 230,
    row_height: int = 26,
) -> str:
    """Before and after on a 0-100 scale, joined by a line: a hollow circle then a filled one.

    The two ends differ in shape as well as colour, and the figures are printed after each row,
    so the chart reads in black and white. A side without a score draws no circle.
    """
    caption_width = 150
    scale = width - label_width - caption_width
    top = 24  # the legend
    bottom = top + row_height * len(rows)
    height = bottom + 22
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart dumbbell" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="inherit">',
        f"<title>{escape(title)}</title>",
        f'<circle cx="{label_width + 6}" cy="10" r="5" fill="#ffffff" stroke="{before_colour}" '
        f'stroke-width="2.2"/>'
        f'<text x="{label_width + 16}" y="14" font-size="11" fill="{INK}">Before</text>'
        f'<circle cx="{label_width + 76}" cy="10" r="5" fill="{after_colour}" '
        f'stroke="{after_colour}" stroke-width="2.2"/>'
        f'<text x="{label_width + 86}" y="14" font-size="11" fill="{INK}">After</text>',
    ]

    def x_of(value: float) -> float:
        return label_width + scale * max(0.0, min(value, SCALE_MAX)) / SCALE_MAX

    for tick in (0.0, *GRID):
        x = x_of(tick)
        out.append(
            f'<line x1="{_n(x)}" y1="{top}" x2="{_n(x)}" y2="{bottom}" stroke="{GRID_INK}" '
            f'stroke-width="0.8"/>'
            f'<text x="{_n(x)}" y="{bottom + 14}" font-size="10" text-anchor="middle" '
            f'fill="#6b7680">{tick:g}</text>'
        )
    for i, row in enumerate(rows):
        mid = top + i * row_height + row_height / 2
        out.append(
            f'<text x="{label_width - 8}" y="{_n(mid + 4)}" font-size="12" text-anchor="end" '
            f'fill="{INK}">{escape(row.label)}</text>'
        )
        if row.before is not None and row.after is not None:
            out.append(
                f'<line class="change" x1="{_n(x_of(row.before))}" y1="{_n(mid)}" '
                f'x2="{_n(x_of(row.after))}" y2="{_n(mid)}" stroke="{INK}" stroke-width="1.6"/>'
            )
        if row.before is not None:
            out.append(
                f'<circle class="before" cx="{_n(x_of(row.before))}" cy="{_n(mid)}" r="5" '
                f'fill="#ffffff" stroke="{before_colour}" stroke-width="2.2"/>'
            )
        if row.after is not None:
            out.append(
                f'<circle class="after" cx="{_n(x_of(row.after))}" cy="{_n(mid)}" r="5" '
                f'fill="{after_colour}" stroke="{after_colour}" stroke-width="2.2"/>'
            )
        out.append(
            f'<text x="{label_width + scale + 10}" y="{_n(mid + 4)}" font-size="12" '
            f'fill="{INK}">{escape(row.caption)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out)


@dataclass(frozen=True)
class LearningRow:
    """One learning domain: per group, its mean importance (1-3) and progress share (0-1)."""

    label: str
    importance: Sequence[float | None]
    progress: Sequence[float | None]
    gap: Sequence[bool]


LEARNING_COLOURS = ("#1f4e79", "#9aa5b1")
IMPORTANCE_MAX = 3.0


def learning_chart(
    rows: Sequence[LearningRow],
    groups: Sequence[str],
    *,
    title: str,
    important: float = 2.5,
    progressed: float = 0.5,
    width: int = 640,
    label_width: int = 170,
) -> str:
    """The model documentation's Figures 2-3: mean importance per learning domain (1-3), and
    beside it the share who progressed, for one or two groups.

    Each group has its own colour and, for the second, a hatched fill, so that the chart reads in
    black and white; every figure is printed as text. Dashed lines mark the thresholds of a
    learning gap (importance 2.5, half progressed); a gap is printed after the row. A missing
    figure (too few respondents) draws no bar and prints a dash.
    """
    count = max(1, len(groups))
    bar_h = 12
    row_h = count * bar_h + 14
    gutter, gap_width = 40, 30  # each panel's caption, then the gap marker
    panel = (width - label_width - 2 * gutter - gap_width) / 2
    left_x, right_x = label_width, label_width + panel + gutter
    top = 40 if count > 1 else 24
    bottom = top + row_h * len(rows)
    height = bottom + 24
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart learning" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="inherit">',
        f"<title>{escape(title)}</title>",
        '<defs><pattern id="learning-hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="4" height="4" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="4" stroke="{LEARNING_COLOURS[1]}" stroke-width="2.5"/>'
        "</pattern></defs>",
        f'<text x="{_n(left_x)}" y="{top - 8}" font-size="11" font-weight="700" '
        f'fill="{INK}">{escape(_("Mean importance (1-3)"))}</text>',
        f'<text x="{_n(right_x)}" y="{top - 8}" font-size="11" font-weight="700" '
        f'fill="{INK}">{escape(_("Share who progressed"))}</text>',
    ]

    def fill(g: int) -> str:
        return LEARNING_COLOURS[0] if g == 0 else "url(#learning-hatch)"

    if count > 1:
        x = left_x
        for g, name in enumerate(groups):
            out.append(
                f'<rect x="{_n(x)}" y="4" width="14" height="10" fill="{fill(g)}" '
                f'stroke="{INK}" stroke-width="0.6"/>'
                f'<text x="{_n(x + 20)}" y="13" font-size="11" fill="{INK}">{escape(name)}</text>'
            )
            x += 20 + 7 * len(name) + 24
    scales = (
        (left_x, IMPORTANCE_MAX, (1.0, 2.0, 3.0), important, lambda v: f"{v:g}"),
        (right_x, 1.0, (0.0, 0.5, 1.0), progressed, lambda v: f"{round(v * 100)}%"),
    )
    for x0, top_value, ticks, threshold, label in scales:
        for tick in (0.0, *ticks):
            x = x0 + panel * tick / top_value
            out.append(
                f'<line x1="{_n(x)}" y1="{top}" x2="{_n(x)}" y2="{bottom}" stroke="{GRID_INK}" '
                f'stroke-width="0.8"/>'
                f'<text x="{_n(x)}" y="{bottom + 14}" font-size="10" text-anchor="middle" '
                f'fill="#6b7680">{label(tick)}</text>'
            )
        x = x0 + panel * threshold / top_value
        out.append(
            f'<line class="threshold" x1="{_n(x)}" y1="{top}" x2="{_n(x)}" y2="{bottom}" '
            f'stroke="{INK}" stroke-width="1.2" stroke-dasharray="5 3"/>'
        )
    for i, row in enumerate(rows):
        y0 = top + i * row_h + 7
        lines = _label_lines(row.label, 24)
        first_y = y0 + row_h / 2 - 7 - (len(lines) - 1) * 6 + 4
        out.append(
            f'<text x="{label_width - 8}" y="{_n(first_y)}" font-size="12" text-anchor="end" '
            f'fill="{INK}">'
            + "".join(
                f'<tspan x="{label_width - 8}" dy="{0 if n == 0 else 12}">{escape(line)}</tspan>'
                for n, line in enumerate(lines)
            )
            + "</text>"
        )
        for g in range(count):
            y = y0 + g * bar_h
            pairs = (
                (left_x, IMPORTANCE_MAX, row.importance[g], lambda v: f"{v:.2f}"),
                (right_x, 1.0, row.progress[g], lambda v: f"{round(v * 100)}%"),
            )
            for x0, top_value, value, label in pairs:
                if value is not None:
                    length = panel * max(0.0, min(value, top_value)) / top_value
                    out.append(
                        f'<rect class="bar" x="{_n(x0)}" y="{_n(y + 1)}" width="{_n(length)}" '
                        f'height="{bar_h - 2}" fill="{fill(g)}" stroke="{INK}" '
                        f'stroke-width="0.6"/>'
                    )
                caption = "–" if value is None else label(value)
                out.append(
                    f'<text x="{_n(x0 + panel + 4)}" y="{_n(y + bar_h - 2)}" font-size="10" '
                    f'fill="{INK}">{caption}</text>'
                )
            if row.gap[g]:
                out.append(
                    f'<text class="gap" x="{_n(right_x + panel + gutter)}" '
                    f'y="{_n(y + bar_h - 2)}" font-size="10" font-weight="700" '
                    f'fill="#9b1c1c">{escape(_("gap"))}</text>'
                )
    out.append("</svg>")
    return "\n".join(out)
