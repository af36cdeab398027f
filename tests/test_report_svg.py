"""The SVG charts of the HTML report: geometry, missing values, escaping, well-formed XML."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from profint_assess.report.html import svg

NS = {"s": "http://www.w3.org/2000/svg"}


def _points(element: ET.Element) -> list[tuple[float, float]]:
    pairs = element.attrib["points"].split()
    return [(float(x), float(y)) for x, y in (p.split(",") for p in pairs)]


def test_axis_zero_points_up_and_axes_turn_clockwise() -> None:
    assert svg.polar(100, 100, 50, 0, 4) == pytest.approx((100, 50))
    assert svg.polar(100, 100, 50, 1, 4) == pytest.approx((150, 100))
    assert svg.polar(100, 100, 50, 2, 4) == pytest.approx((100, 150))


def test_radar_points_scale_clamp_and_keep_missing_values_missing() -> None:
    points = svg.radar_points([100, 50, None, 150], 100, 100, 80)
    assert points[0] == pytest.approx((100, 20))
    assert points[1] == pytest.approx((140, 100))
    assert points[2] is None  # not a zero at the centre
    assert points[3] == pytest.approx((20, 100))  # 150 is drawn at 100


def _radar(values: list[float | None], labels: list[str] | None = None) -> ET.Element:
    labels = labels or [f"Factor {i}" for i in range(len(values))]
    axes = [(f"F{i:02d}", label) for i, label in enumerate(labels, 1)]
    series = [
        svg.Series("Score", values, "#123456", fill=True),
        svg.Series("Target", [75.0] * len(values), "#000000", dash="6 4"),
    ]
    return ET.fromstring(svg.radar(axes, series, title="Profile"))


def test_radar_draws_one_closed_polygon_per_complete_series() -> None:
    root = _radar([float(v) for v in range(0, 130, 10)])
    groups = root.findall("s:g[@class='series']", NS)
    assert [g.attrib["data-series"] for g in groups] == ["Score", "Target"]
    for group in groups:
        (polygon,) = group.findall("s:polygon", NS)
        assert len(_points(polygon)) == 13
        assert len(group.findall("s:circle", NS)) == 13
    assert groups[0].find("s:polygon", NS).attrib["fill"] == "#123456"  # type: ignore[union-attr]
    assert groups[1].find("s:polygon", NS).attrib["stroke-dasharray"] == "6 4"  # type: ignore[union-attr]


def test_radar_target_sits_on_the_75_ring() -> None:
    root = _radar([50.0] * 13)
    target = root.find("s:g[@data-series='Target']/s:polygon", NS)
    assert target is not None
    size = 640
    cx, cy, radius = size / 2, size * 0.39, size * 0.29
    for x, y in _points(target):
        assert math.hypot(x - cx, y - cy) == pytest.approx(radius * 0.75, abs=0.2)


def test_radar_breaks_the_line_at_a_factor_not_assessed() -> None:
    values: list[float | None] = [60.0] * 13
    values[4] = None
    root = _radar(values)
    score = root.find("s:g[@data-series='Score']", NS)
    assert score is not None
    assert score.findall("s:polygon", NS) == []
    (line,) = score.findall("s:polyline", NS)  # one run wrapping round from F06 to F04
    assert len(_points(line)) == 12
    assert line.attrib["fill"] == "none"
    assert len(score.findall("s:circle", NS)) == 12


def test_radar_labels_are_escaped_text() -> None:
    root = _radar([50.0] * 3, labels=["<b>bold</b> & co", "B", "C"])
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert any("<b>bold</b> & co" in t for t in texts)


def test_radar_needs_three_axes() -> None:
    with pytest.raises(ValueError, match="three axes"):
        svg.radar([("F01", "A"), ("F02", "B")], [], title="x")


def test_bars_are_proportional_and_print_their_value() -> None:
    rows = [
        svg.Bar("Strategy", 50.0, "#2471a3", "50.0 Established"),
        svg.Bar("Team <skills>", None, "#9aa5b1", "not assessed"),
        svg.Bar("Partners", 100.0, "#1e8449", "100.0 Leading"),
    ]
    root = ET.fromstring(svg.bars(rows, title="Fields", target=75, width=640, label_width=230))
    rects = root.findall("s:rect[@class='bar']", NS)
    assert len(rects) == 2  # no bar for a field not assessed
    scale = 640 - 230 - 130
    assert float(rects[0].attrib["width"]) == pytest.approx(scale / 2)
    assert float(rects[1].attrib["width"]) == pytest.approx(scale)
    text = " ".join("".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "50.0 Established" in text
    assert "not assessed" in text
    assert "Team <skills>" in text
    target = root.find("s:line[@class='target']", NS)
    assert target is not None
    assert float(target.attrib["x1"]) == pytest.approx(230 + scale * 0.75)


def test_legend_lists_every_series_with_its_pattern() -> None:
    series = [
        svg.Series("Manager", [1.0], "#111111"),
        svg.Series("Team", [1.0], "#222222", dash="2 3"),
    ]
    root = ET.fromstring(svg.legend(series))
    labels = [t.text for t in root.findall("s:text", NS)]
    assert labels == ["Manager", "Team"]
    lines = root.findall("s:line", NS)
    assert "stroke-dasharray" not in lines[0].attrib
    assert lines[1].attrib["stroke-dasharray"] == "2 3"
