"""batch and compare --format html: well-formed, every section there, the same numbers as the
JSON output of the same command, user text escaped, nothing fetched from outside the file."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from profint_assess.loading import load_model
from profint_assess.report.html import svg

VOID = {"meta", "br", "col", "img", "input", "link", "hr", "wbr", "source"}
HOSTILE = "<script>alert(1)</script> & Co"


class _Page(HTMLParser):
    """Checks that every element is closed in order, and keeps the tables' rows as text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.tables: dict[str, list[tuple[dict[str, str], list[str]]]] = {}
        self.text: list[str] = []
        self._table: str | None = None
        self._row: tuple[dict[str, str], list[str]] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "table":
            self._table = attributes.get("id", "")
            self.tables[self._table] = []
        elif tag == "tr" and self._table is not None:
            self._row = (attributes, [])
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # SVG's self-closing elements (<line/>, <circle/>): nothing left open.
        if dict(attrs).get("id"):
            self.ids.add(str(dict(attrs)["id"]))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.open[-1] if self.open else None}>")
            return
        self.open.pop()
        if tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row[1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    assert page.errors == []
    assert page.open == []
    return page


def assert_self_contained(html: str) -> None:
    """No scripts, no links out, nothing a browser would fetch."""
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    assert re.search(r"\bsrc\s*=", html) is None
    assert re.findall(r'href="([^"#][^"]*)"', html) == []
    assert "url(" not in html and "@import" not in html
    assert "default-src 'none'" in html


def one(value: float | None) -> str:
    """A number as the HTML shows it."""
    return "–" if value is None else f"{value:.1f}"


def answers(
    question_ids: list[str], org: str, device: str, date: str, value: int, spread: bool = True
) -> str:
    lines = [
        "format: profint-answers/1",
        "questionnaire: self-assessment",
        'model: {id: profint, version: "2.0"}',
        f"organization: {json.dumps(org)}",
        f"device: {json.dumps(device)}",
        "respondent: {role: manager}",
        f"date: {date}",
        "answers:",
    ]
    # Questions vary a little so the statistics are not all equal; F13 left out: not assessed.
    lines += [
        f"  {qid}: {(value + i) % 5 if spread else value}"
        for i, qid in enumerate(question_ids)
        if not qid.startswith("F13")
    ]
    lines.append('  F01.Q1: {value: 2, note: "<script>alert(2)</script>"}')
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def question_ids() -> list[str]:
    questionnaire = load_model().questionnaire("self-assessment")
    assert questionnaire is not None
    return [q.id for q in questionnaire.questions if q.id != "F01.Q1"]


@pytest.fixture
def batch_files(tmp_path: Path, question_ids: list[str]) -> Path:
    folder = tmp_path / "answers"
    folder.mkdir()
    specs = [
        (HOSTILE, "Device <b>A</b>", "2026-03-01", 1),
        ("Mission Locale Lyon", "Youth Guarantee", "2026-05-10", 2),
        ("Mission Locale Lyon", "Youth Guarantee", "2026-09-30", 3),
    ]
    for n, (org, device, date, value) in enumerate(specs):
        text = answers(question_ids, org, device, date, value)
        (folder / f"{n}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_batch_html_matches_the_json(cli: Callable[..., Any], batch_files: Path) -> None:
    as_json = cli("batch", batch_files, "-f", "json")
    assert as_json.exit_code == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    result = cli("batch", batch_files, "-f", "html")
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    page = parse(html)
    assert_self_contained(html)
    assert {"cover", "summary", "means", "weakest", "assessments"} <= page.ids

    # Cover: counts and the dates covered.
    assert "3 assessments" in html
    facts = {row[1][0]: row[1][1] for row in page.tables[""] if len(row[1]) == 2}
    assert facts["Assessments"] == "3"
    assert facts["Answers files"] == "3"
    assert facts["Dates of assessment"] == "2026-03-01 to 2026-09-30"
    assert "profint 2.0" in facts["Model"]

    # Summary statistics: every column, every statistic, as the JSON has them.
    summary = data["summary"]
    stats = {
        attrs["data-column"]: cells
        for attrs, cells in page.tables["summary-table"][1:]
        if "data-column" in attrs
    }
    expected: dict[str, dict[str, Any]] = {
        "overall": summary["overall"],
        **summary["fields"],
        **summary["factors"],
    }
    assert set(stats) == {*expected, "coverage"}
    for column, values in expected.items():
        cells = stats[column][1:8]
        assert cells[0] == str(values["count"])
        wanted = [one(values[k]) for k in ("mean", "median", "q1", "q3", "min", "max")]
        assert cells[1:] == wanted, column
    assert stats["F13"][1:3] == ["0", "–"]  # not assessed anywhere: no statistic, not a 0
    assert stats["coverage"][2] == f"{summary['coverage']['mean']:.0%}"
    below = {w["id"]: w["below_target"] for w in summary["weakest_factors"]}
    for fid, count in below.items():
        assert stats[fid][8] == str(count)

    # Weakest factors, in the JSON's order.
    weakest = re.findall(r"<li><strong>(F\d\d) ", html.split('id="weakest"')[1])
    assert weakest == [w["id"] for w in summary["weakest_factors"]]

    # One row per assessment, in the JSON's order, with the same numbers.
    rows = [
        cells
        for attrs, cells in page.tables["assessments-table"]
        if "assessment" in attrs.get("class", "")
    ]
    assert len(rows) == len(data["assessments"]) == 3
    for cells, report in zip(rows, data["assessments"], strict=True):
        assert cells[0] == report["organization"]
        assert cells[1] == report["device"]
        assert cells[2] == report["date"]
        assert cells[3] == str(sum(report["respondents"].values()))
        scores = [report["overall"]["score"], *(f["score"] for f in report["fields"])]
        scores += [f["score"] for f in report["factors"]]
        assert cells[4 : 4 + len(scores)] == [one(s) for s in scores]

    # The bar chart has one bar per assessed factor (F13 is not assessed).
    chart = html.split('id="means"')[1].split("</figure>")[0]
    assert chart.count('class="bar"') == 12
    assert "not assessed" in chart


def test_batch_html_escapes_user_text(cli: Callable[..., Any], batch_files: Path) -> None:
    html = cli("batch", batch_files, "-f", "html").stdout
    assert "<script>" not in html
    assert "<b>A</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html
    assert "Device &lt;b&gt;A&lt;/b&gt;" in html
    page = parse(html)
    orgs = [cells[0] for _attrs, cells in page.tables["assessments-table"][1:]]
    assert HOSTILE in orgs  # shown as the text it is


@pytest.fixture
def compare_sides(tmp_path: Path, question_ids: list[str]) -> tuple[Path, Path]:
    before = tmp_path / "before.yaml"
    before.write_text(answers(question_ids, HOSTILE, "Dev", "2026-01-10", 1), encoding="utf-8")
    # After: every answer 4 (gaps close, recommendations lapse), F13 answered: newly assessed.
    text = answers(question_ids, HOSTILE, "Dev", "2026-11-10", 4, spread=False).replace(
        "answers:\n", "answers:\n  F13.Q1: 4\n"
    )
    after = tmp_path / "after.yaml"
    after.write_text(text, encoding="utf-8")
    return before, after


def test_compare_html_matches_the_json(
    cli: Callable[..., Any], compare_sides: tuple[Path, Path]
) -> None:
    before, after = compare_sides
    as_json = cli("compare", before, "--to", after, "-f", "json")
    assert as_json.exit_code == 0, as_json.stderr
    data = json.loads(as_json.stdout)
    result = cli("compare", before, "--to", after, "-f", "html")
    assert result.exit_code == 0, result.stderr
    html = result.stdout
    page = parse(html)
    assert_self_contained(html)
    assert {"cover", "overall", "chart", "fields", "factors", "gaps", "recommendations"} <= (
        page.ids
    )
    assert "different-devices" not in page.ids

    def shown(change: dict[str, Any]) -> list[str]:
        b, a = change["before"], change["after"]
        delta = None if a is None or b is None else round(round(a, 1) - round(b, 1), 1)
        text = "–" if delta is None else ("0.0" if delta == 0 else f"{delta:+.1f}")
        return [one(b), one(a), text, change["status"]]

    overall = html.split('class="scorecard change"')[1].split('class="keyfigures"')[0]
    b, a, delta, status = shown(data["overall"])
    assert f'<span class="before">{b}</span> → <span class="after">{a}</span>' in overall
    assert f'<span class="delta">{delta}</span>' in overall
    assert f">{status}</span>" in overall

    for table, changes in (("fields-table", data["fields"]), ("factors-table", data["factors"])):
        rows = {attrs["data-id"]: cells for attrs, cells in page.tables[table] if attrs}
        assert list(rows) == [c["id"] for c in changes]
        for change in changes:
            assert rows[change["id"]][1:] == shown(change), change["id"]
    statuses = {c["status"] for c in data["factors"]}
    assert "newly assessed" in statuses  # F13, a status no colour could carry alone

    def ids(section: str) -> list[str]:
        block = html.split(f'id="{section}"')[1].split("</ul>")[0] if section in page.ids else ""
        return re.findall(r'<li data-id="([^"]+)"', block)

    assert ids("gaps-closed") == data["gaps_closed"]
    assert ids("gaps-opened") == data["gaps_opened"]
    recs = data["recommendations"]
    assert ids("no-longer-triggered") == [r["id"] for r in recs["no_longer_triggered"]]
    assert ids("newly-triggered") == [r["id"] for r in recs["newly_triggered"]]
    assert data["gaps_closed"] and recs["no_longer_triggered"]  # the fixture moves something

    # The chart: a circle per side per factor assessed on that side.
    chart = html.split('id="chart"')[1].split("</figure>")[0]
    assert chart.count('class="before"') == sum(c["before"] is not None for c in data["factors"])
    assert chart.count('class="after"') == sum(c["after"] is not None for c in data["factors"])


def test_compare_html_escapes_user_text(
    cli: Callable[..., Any], compare_sides: tuple[Path, Path]
) -> None:
    before, after = compare_sides
    html = cli("compare", before, "--to", after, "-f", "html").stdout
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in html


def test_compare_html_flags_different_devices(
    cli: Callable[..., Any], tmp_path: Path, question_ids: list[str]
) -> None:
    a = tmp_path / "a.yaml"
    a.write_text(answers(question_ids, "Org", "One", "2026-01-10", 1), encoding="utf-8")
    b = tmp_path / "b.yaml"
    b.write_text(answers(question_ids, "Org", "Two", "2026-02-10", 1), encoding="utf-8")
    html = cli("compare", a, "--to", b, "-f", "html").stdout
    assert "different-devices" in parse(html).ids
    assert "No gap closed or opened." in html
    assert "The same recommendations apply." in html


def test_dumbbell_draws_what_is_there() -> None:
    chart = svg.dumbbell(
        [
            svg.Pair("<F01>", 50.0, 75.0, "50.0 → 75.0 (+25.0)"),
            svg.Pair("F02", None, 40.0, "– → 40.0"),
            svg.Pair("F03", None, None, "not assessed"),
        ],
        title="t & t",
    )
    assert chart.count('class="before"') == 1
    assert chart.count('class="after"') == 2
    assert chart.count('class="change"') == 1
    assert "&lt;F01&gt;" in chart and "t &amp; t" in chart
