"""The HTML report: it parses, every section is there, its numbers are the JSON report's, user
text is escaped and nothing outside the file is referenced. Driven through the CLI and the
renderer, with answers files written to tmp_path against the built-in model."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from profint_assess.cli import app
from profint_assess.loading import builtin_root, load_all_answers, load_model
from profint_assess.report import FORMATS, renderer
from profint_assess.report.json import report_to_dict
from profint_assess.scoring import score

SCRIPT_NOTE = "<script>alert(1)</script>"
EVIL_ORG = 'Mission Locale <b>Example</b> & "Partners"'
VOID = {"meta", "br", "col", "hr", "img", "input", "link", "source", "wbr", "area", "base"}


# --- a small DOM from html.parser, strict about nesting --------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    text: list[str] = field(default_factory=list)  # text directly and in descendants

    def all(self, tag: str | None = None, **attrs: str) -> list[Node]:
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and all(
                child.attrs.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items()
            ):
                found.append(child)
            found.extend(child.all(tag, **attrs))
        return found

    def one(self, tag: str | None = None, **attrs: str) -> Node:
        found = self.all(tag, **attrs)
        assert len(found) == 1, f"expected one <{tag} {attrs}>, found {len(found)}"
        return found[0]

    def by_class(self, name: str) -> list[Node]:
        return [n for n in self.all() if name in n.attrs.get("class", "").split()]

    @property
    def content(self) -> str:
        return " ".join("".join(self.text).split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for node in self.stack:
            node.text.append(data)


def parse(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    assert [n.tag for n in builder.stack] == ["#document"], "unclosed elements"
    return builder.root


# --- answers files ------------------------------------------------------------------------------


def _questions() -> list[dict[str, Any]]:
    path = Path(str(builtin_root())) / "questionnaires" / "self-assessment.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def write_answers(
    path: Path,
    *,
    role: str = "manager",
    questionnaire: str = "self-assessment",
    value: int = 2,
    organization: str = EVIL_ORG,
    skip_factor: str | None = "F11",
) -> Path:
    """One answers file: every question answered ``value`` (a few na/unknown, notes on F01)."""
    answers: dict[str, Any] = {}
    for q in _questions():
        if q["factor"] == skip_factor:
            continue
        answers[q["id"]] = value
    answers["F01.Q1"] = {"value": value, "note": SCRIPT_NOTE}
    answers["F01.Q2"] = {"value": min(4, value + 1), "note": "Agreement signed\nin 2025."}
    answers["F02.Q1"] = "na"
    answers["F02.Q2"] = "unknown"
    doc = {
        "format": "profint-answers/1",
        "questionnaire": questionnaire,
        "model": {"id": "profint", "version": "2.0"},
        "organization": organization,
        "device": "Youth Guarantee 2026",
        "respondent": {"role": role},
        "date": "2026-11-28",
        "answers": answers,
    }
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def model_with_team(tmp_path: Path) -> Path:
    """The built-in model plus a copy of its questionnaire for the team and partner roles."""
    root = Path(str(builtin_root()))
    target = tmp_path / "model"
    shutil.copytree(root / "factors", target / "factors")
    (target / "questionnaires").mkdir()
    text = (root / "questionnaires" / "self-assessment.yaml").read_text(encoding="utf-8")
    (target / "questionnaires" / "self-assessment.yaml").write_text(text, encoding="utf-8")
    team = text.replace("id: self-assessment", "id: team-view", 1)
    team = team.replace("roles: [manager]", "roles: [team, partner]", 1)
    assert team != text
    (target / "questionnaires" / "team.yaml").write_text(team, encoding="utf-8")
    return target


def render(paths: list[Path], model_root: Path | None = None, **options: Any) -> tuple[str, Any]:
    model = load_model(model_root)
    report = score(model, load_all_answers(paths, model))
    return renderer("html")(report, model=model, **options), report


@pytest.fixture
def single(tmp_path: Path) -> tuple[str, Any]:
    return render([write_answers(tmp_path / "manager.yaml")])


@pytest.fixture
def several(tmp_path: Path) -> tuple[str, Any]:
    model_root = model_with_team(tmp_path)
    files = [
        write_answers(tmp_path / "manager.yaml", value=4),
        write_answers(tmp_path / "team.yaml", role="team", questionnaire="team-view", value=1),
        write_answers(
            tmp_path / "partner.yaml", role="partner", questionnaire="team-view", value=3
        ),
    ]
    return render(files, model_root)


# --- structure ----------------------------------------------------------------------------------


def test_html_is_registered_as_a_format() -> None:
    assert "html" in FORMATS


def test_parses_and_has_every_section(single: tuple[str, Any]) -> None:
    html, _ = single
    assert html.startswith("<!DOCTYPE html>")
    doc = parse(html)
    ids = [s.attrs["id"] for s in doc.all("section")]
    assert ids == ["cover", "summary", "profile", "factors", "gaps", "methodology", "answers"]
    contents = [(a.attrs["href"], a.content) for a in doc.one("nav").all("a")]
    headings = [(f"#{s.attrs['id']}", s.one("h2").content) for s in doc.all("section")[1:]]
    assert contents == headings
    assert headings[-1] == ("#answers", "Appendix B. Answers and notes")
    # One role: no perception section, and the radar has score and target only.
    radar = doc.by_class("radar")
    assert len(radar) == 1
    assert [g.attrs["data-series"] for g in radar[0].all("g", class_="series")] == [
        "Score",
        "Target",
    ]


def test_cover_names_the_device_the_respondents_and_the_model(single: tuple[str, Any]) -> None:
    doc = parse(single[0])
    cover = doc.one("section", id="cover").content
    assert EVIL_ORG in cover
    assert "Youth Guarantee 2026" in cover
    assert "2026-11-28" in cover
    assert "Respondents 1 manager" in cover
    assert "(profint 2.0)" in cover


def test_numbers_equal_the_json_report(single: tuple[str, Any]) -> None:
    html, report = single
    data = report_to_dict(report)
    doc = parse(html)
    overall = doc.by_class("overall-score")
    assert [n.content for n in overall] == [f"{data['overall']['score']:.1f}"]

    fields = doc.one("table", id="fields-table")
    for f in data["fields"]:
        row = fields.one("tr", data_field=f["id"])
        assert row.by_class("score")[0].content == f"{f['score']:.1f}"
        assert row.by_class("level-cell")[0].content == f["level"].capitalize()

    factors = doc.one("table", id="factors-table")
    for f in data["factors"]:
        row = factors.one("tr", data_factor=f["id"])
        cell = {name: row.by_class(name)[0].content for name in ("score", "coverage", "gap")}
        if f["score"] is None:
            assert cell == {"score": "–", "coverage": "0%", "gap": "–"}
            assert row.by_class("level-cell")[0].content == "Not assessed"
            continue
        assert cell["score"] == f"{f['score']:.1f}"
        assert cell["coverage"] == f"{f['coverage']:.0%}"
        assert cell["gap"] == f"{f['gap']:.1f}"
        assert row.by_class("target")[0].content == f"{f['target']:g}"
        assert row.by_class("level-cell")[0].content == f["level"].capitalize()


def test_priority_gaps_follow_the_json_ranking_with_its_recommendations(
    single: tuple[str, Any],
) -> None:
    html, report = single
    data = report_to_dict(report)
    doc = parse(html)
    gaps = doc.one("section", id="gaps").all("article")
    ranked = sorted((f for f in data["factors"] if f["gap"]), key=lambda f: -(f["priority"] or 0.0))
    assert [g.attrs["data-factor"] for g in gaps] == [f["id"] for f in ranked]
    recs = {r["id"]: r for r in data["recommendations"]}
    for article, f in zip(gaps, ranked, strict=True):
        assert article.by_class("gap-value")[0].content == f"{f['gap']:.1f}"
        blocks = article.all("div", class_="rec")
        assert [b.attrs["data-recommendation"] for b in blocks] == f["recommendations"]
        for block in blocks:
            rec = recs[block.attrs["data-recommendation"]]
            text = block.content
            assert rec["title"] in text
            assert rec["source"] in text
            assert " ".join(rec["text"].split()) in text
            assert [li.content for li in block.all("li")] == [
                " ".join(s.split()) for s in rec["steps"]
            ]


def test_good_practices_are_shown_under_their_recommendation(tmp_path: Path) -> None:
    # The built-in practices are not linked to recommendations yet: link one in a copy.
    model_root = model_with_team(tmp_path)
    practices = model_root / "factors" / "practices.yaml"
    data = yaml.safe_load(practices.read_text(encoding="utf-8"))
    data["practices"][0]["recommendations"] = ["F01.R1"]
    practices.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    html, _ = render([write_answers(tmp_path / "a.yaml", value=1)], model_root)
    doc = parse(html)
    rec = doc.one("div", data_recommendation="F01.R1")
    (practice,) = rec.all("div", class_="practice")
    assert practice.attrs["data-practice"] == data["practices"][0]["id"]
    assert data["practices"][0]["organization"] in practice.content


def test_practices_on_a_gap_factor_are_cited_once_with_their_summary(
    single: tuple[str, Any],
) -> None:
    doc = parse(single[0])
    gaps = doc.one("section", id="gaps")
    everywhere = [p.attrs["data-practice"] for p in gaps.by_class("practice")]
    under_recs = [
        p.attrs["data-practice"]
        for rec in gaps.all("div")
        if "data-recommendation" in rec.attrs
        for p in rec.by_class("practice")
    ]
    summary = list(everywhere)
    for pid in under_recs:  # what is left is the closing summary, one entry per practice
        summary.remove(pid)
    assert under_recs, "the built-in practices illustrate recommendations of gaps here"
    assert len(summary) == len(set(summary))
    assert not set(summary) & set(under_recs)  # a practice shown in full is not repeated
    for rec in gaps.all("div"):
        if "data-recommendation" in rec.attrs:
            ids = [p.attrs["data-practice"] for p in rec.by_class("practice")]
            assert len(ids) == len(set(ids))


def test_not_assessed_factor_is_named_and_breaks_the_radar(single: tuple[str, Any]) -> None:
    doc = parse(single[0])
    assert "F11" in doc.one("section", id="factors").content
    assert "Not assessed: F11" in doc.one("section", id="factors").content
    assert "(not assessed)" in doc.one("section", id="profile").content
    score_series = doc.one("g", data_series="Score")
    assert score_series.all("polyline") and not score_series.all("polygon")


def test_methodology_explains_scale_formulas_levels_na_and_unknown(
    single: tuple[str, Any],
) -> None:
    text = parse(single[0]).one("section", id="methodology").content
    for expected in (
        "Fully in place",
        "answer × 25",
        "weighted mean",
        "Does not apply",
        "does not know",
        "Emerging",
        "below 37.5",
        "37.5 to below 62.5",
        "62.5 to below 87.5",
        "87.5 and above",
        "On average the answers say",  # the band descriptors say what the answers mean
        "takes the higher level",
        "Scoring method profint-score/2",
        "weighted by the role weights",
        "left out of every number",
        "gap × factor weight",
        "Target used in this report: 75",
    ):
        assert expected in text
    doc = parse(single[0])
    weights = doc.one("table", id="role-weights").content
    for role in ("Manager", "Team", "Partner", "Company", "Beneficiary"):
        assert role in weights
    assert doc.one("td", id="method").content.startswith("profint-score/2")


def test_answers_appendix_lists_answers_and_notes(single: tuple[str, Any]) -> None:
    doc = parse(single[0])
    appendix = doc.one("section", id="answers")
    row = appendix.one("tr", data_question="F01.Q2")
    assert row.by_class("answer")[0].content == "3 (Largely in place)"
    assert row.by_class("note")[0].content == "Agreement signed in 2025."
    assert appendix.one("tr", data_question="F02.Q1").by_class("answer")[0].content == (
        "na (does not apply)"
    )
    assert appendix.one("tr", data_question="F02.Q2").by_class("answer")[0].content == "unknown"
    assert not appendix.all("tr", data_question="F11.Q1")  # never answered


def test_no_answers_leaves_the_appendix_out(tmp_path: Path) -> None:
    html, _ = render([write_answers(tmp_path / "a.yaml")], answers=False)
    doc = parse(html)
    assert not doc.all("section", id="answers")
    assert "#answers" not in [a.attrs["href"] for a in doc.all("a")]
    assert SCRIPT_NOTE not in doc.content  # the notes were only in the appendix


# --- safety -------------------------------------------------------------------------------------


def test_user_text_is_escaped(single: tuple[str, Any]) -> None:
    html, _ = single
    assert SCRIPT_NOTE not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>Example</b>" not in html
    doc = parse(html)
    assert not doc.all("script")
    assert not doc.all("b")
    note = doc.one("tr", data_question="F01.Q1").by_class("note")[0]
    assert note.content == SCRIPT_NOTE  # shown as the text it is
    assert doc.one("head").one("title").content.startswith(f"PROFINT assessment: {EVIL_ORG}")


def test_no_external_resource_is_referenced(several: tuple[str, Any]) -> None:
    html, _ = several
    doc = parse(html)
    for tag in ("script", "link", "img", "iframe", "object", "embed", "audio", "video"):
        assert not doc.all(tag), tag
    for node in doc.all():
        for name in ("src", "href", "xlink:href", "srcset", "action", "poster"):
            value = node.attrs.get(name)
            assert value is None or value.startswith("#"), f"<{node.tag} {name}={value!r}>"
    assert "@import" not in html
    assert not re.search(r"url\(", html)
    # The only http(s) string is SVG's namespace name, which is not fetched.
    assert set(re.findall(r"https?://[^\s\"'<>)]+", html)) == {"http://www.w3.org/2000/svg"}
    csp = doc.one("meta", http_equiv="Content-Security-Policy").attrs["content"]
    assert "default-src 'none'" in csp


# --- several roles ------------------------------------------------------------------------------


def test_several_roles_get_a_line_each_and_perception_gaps(several: tuple[str, Any]) -> None:
    html, report = several
    data = report_to_dict(report)
    doc = parse(html)
    series = [g.attrs["data-series"] for g in doc.by_class("radar")[0].all("g", class_="series")]
    assert series == ["All roles (mean)", "Manager", "Team", "Partner", "Target"]

    perception = doc.one("section", id="perception")
    rows = perception.one("tbody").all("tr")
    expected = [f for f in data["factors"] if (f["divergence"] or 0) >= 25]
    assert expected, "manager 4, team 1: every assessed factor diverges"
    assert sorted(r.attrs["data-factor"] for r in rows) == sorted(f["id"] for f in expected)
    for f in expected:
        row = perception.one("tr", data_factor=f["id"])
        assert row.by_class("divergence")[0].content == f"{f['divergence']:.1f}"
        assert [c.content for c in row.by_class("role-score")] == [
            f"{f['by_role'][r]:.1f}" for r in ("manager", "team", "partner")
        ]
        assert "Manager / Team" in row.content

    factors = doc.one("table", id="factors-table")
    heads = [th.content for th in factors.one("thead").all("th")]
    assert heads[-3:] == ["Manager", "Team", "Partner"]
    assert "3 in total: 1 manager, 1 team, 1 partner" in doc.one("section", id="cover").content
    # Notes from several respondents say whose they are.
    note = doc.one("tr", data_question="F01.Q1").by_class("note")[0].content
    assert note.startswith(f"Manager: {SCRIPT_NOTE}")


def test_roles_that_agree_have_no_perception_gap(tmp_path: Path) -> None:
    model_root = model_with_team(tmp_path)
    files = [
        write_answers(tmp_path / "m.yaml", value=2),
        write_answers(tmp_path / "t.yaml", role="team", questionnaire="team-view", value=2),
    ]
    html, _ = render(files, model_root)
    perception = parse(html).one("section", id="perception")
    assert "differ by less than 25 points on every factor" in perception.content
    assert not perception.all("table")


# --- the command line ---------------------------------------------------------------------------


def test_score_writes_an_html_file(tmp_path: Path) -> None:
    answers = write_answers(tmp_path / "a.yaml")
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["score", str(answers), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert parse(html).one("section", id="answers")
    assert "&lt;script&gt;" in html


def test_score_no_answers_to_stdout(tmp_path: Path) -> None:
    answers = write_answers(tmp_path / "a.yaml")
    result = CliRunner().invoke(app, ["score", str(answers), "-f", "html", "--no-answers"])
    assert result.exit_code == 0, result.output
    doc = parse(result.stdout)
    assert doc.one("section", id="methodology")
    assert not doc.all("section", id="answers")


def test_no_answers_does_not_change_other_formats(tmp_path: Path) -> None:
    answers = write_answers(tmp_path / "a.yaml")
    runner = CliRunner()
    plain = runner.invoke(app, ["score", str(answers), "-f", "json"])
    without = runner.invoke(app, ["score", str(answers), "-f", "json", "--no-answers"])
    assert plain.exit_code == without.exit_code == 0
    assert plain.stdout == without.stdout


def test_nothing_assessed_and_in_progress_still_renders(tmp_path: Path) -> None:
    path = write_answers(tmp_path / "a.yaml")
    doc_yaml = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc_yaml["answers"] = dict.fromkeys(doc_yaml["answers"], "unknown")
    doc_yaml["status"] = "in-progress"
    path.write_text(yaml.safe_dump(doc_yaml), encoding="utf-8")
    html, report = render([path])
    assert report.overall_score is None
    doc = parse(html)
    assert [n.content for n in doc.by_class("overall-score")] == ["–"]
    assert "Provisional" in doc.one("section", id="cover").content
    assert "No assessed factor is below its target." in doc.one("section", id="gaps").content
    radar = doc.by_class("radar")[0]
    assert not radar.one("g", data_series="Score").all("polyline")
    assert not radar.one("g", data_series="Score").all("polygon")
    rows = doc.all("tr", class_="not-assessed")
    assert len(rows) == 13
    assert {row.by_class("level-cell")[0].content for row in rows} == {"Not assessed"}


def test_evidence_share_and_answers_to_check_of_the_worked_example() -> None:
    from tests.conftest import EXAMPLES

    model = load_model()
    report = score(model, load_all_answers([EXAMPLES / "worked-example.yaml"], model))
    doc = parse(renderer("html")(report, model=model))
    table = doc.one("table", id="factors-table")
    # F01: 1 documented of 3 answered; F04: 1 verified of 4; F03 not assessed.
    assert table.one("tr", data_factor="F01").by_class("evidence")[0].content == "33%"
    assert table.one("tr", data_factor="F04").by_class("evidence")[0].content == "25%"
    assert table.one("tr", data_factor="F03").by_class("evidence")[0].content == "–"
    checks = doc.one("ul", **{"class": "checks"}).content
    assert "F01.Q4 (manager): unknown, to find out" in checks
    assert "F04.Q5 (manager): na without a note saying why" in checks
    assert "F01.Q3" not in checks  # its na says why
