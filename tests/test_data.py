"""The built-in model's content: complete, sourced, consistent, and true to §3's portraits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from profint_assess.loading import load_answers, load_any_answers, load_model
from profint_assess.scoring import score
from tests.conftest import EXAMPLES, ROOT

SEED = ROOT.parent / "shared" / "seed" / "000_11f92a2af8987583.txt"
# The sections the model documentation has (its table of contents, §1-§4; §5 is missing).
SECTIONS = {
    "1.1",
    "1.2",
    "2.1",
    "2.2",
    "2.3",
    "2.4",
    "3.1",
    "3.2",
    "3.3",
    "4.1",
    "4.1.1",
    "4.1.2",
    "4.1.3",
    "4.2",
    "5.1",
    "5.2",
    "5.3",
    "5.4",
}
MODEL = load_model()
SELF = MODEL.questionnaire("self-assessment")


def cited(source: str) -> list[str]:
    return re.findall(r"§([\d.]+)", source)


def test_four_fields_and_the_thirteen_factors_of_figure_4() -> None:
    assert [f.id for f in MODEL.meta.fields] == [
        "strategy",
        "partnerships",
        "methodology",
        "skills",
    ]
    assert [f.id for f in MODEL.factors] == [f"F{i:02d}" for i in range(1, 14)]
    assert (MODEL.meta.id, MODEL.meta.version) == ("profint", "2.0")


@pytest.mark.skipif(not SEED.exists(), reason="the model documentation is not beside the repo")
def test_statements_quote_figure_4() -> None:
    seed = " ".join(SEED.read_text(encoding="utf-8").split())
    figure4 = seed[seed.index("as follows (Figure 4)") : seed.index("Figure 4. Improved list")]
    for factor in MODEL.factors:
        assert " ".join(factor.statement.split()) in figure4, factor.id


def test_questions_per_factor() -> None:
    assert SELF is not None and len(SELF.questions) >= 55
    for factor in MODEL.factors:
        questions = [q for q in SELF.questions if q.factor == factor.id]
        assert 4 <= len(questions) <= 6, factor.id
        assert [q.id for q in questions] == [
            f"{factor.id}.Q{i}" for i in range(1, len(questions) + 1)
        ]


def test_recommendations_per_factor_cover_every_question() -> None:
    for factor in MODEL.factors:
        recs = MODEL.recommendations_for(factor.id)
        assert len(recs) >= 3, factor.id
        assert [r.id for r in recs] == [f"{factor.id}.R{i}" for i in range(1, len(recs) + 1)]
        covered = {q for r in recs for q in r.questions}
        asked = {q.id for q in SELF.questions if q.factor == factor.id}
        assert asked <= covered, f"{factor.id}: no recommendation answers {asked - covered}"


def test_every_source_is_a_section_of_the_document() -> None:
    items = [
        *MODEL.factors,
        *MODEL.recommendations,
        *MODEL.practices,
        *SELF.questions,
        *MODEL.meta.fields,
    ]
    for item in items:
        sections = cited(item.source)
        assert sections, item.id
        assert set(sections) <= SECTIONS, (item.id, sections)
    # §5 exists only as headings in our copy: only the fields (its part titles) may cite it.
    for item in [*MODEL.recommendations, *SELF.questions]:
        assert not any(s.startswith("5") for s in cited(item.source)), item.id


def test_no_text_is_empty() -> None:
    for q in SELF.questions:
        assert q.text.strip() and q.help.strip() and all(v.strip() for v in q.levels.values())
        assert q.text.rstrip().endswith("?"), f"{q.id} should ask a question"
    for r in MODEL.recommendations:
        assert r.title.strip() and r.why.strip() and 2 <= len(r.steps) <= 4


def test_practices_illustrate_their_own_factors() -> None:
    assert {p.id for p in MODEL.practices} == {"uvuc", "mlv-youth-guarantee", "lavoras"}
    for p in MODEL.practices:
        assert p.recommendations
        for rid in p.recommendations:
            assert rid.split(".")[0] in p.factors, (p.id, rid)


def example(name: str):
    return score(MODEL, [load_answers(EXAMPLES / name, MODEL)])


def ranked(report) -> list[str]:
    return [f.id for f in sorted(report.factors, key=lambda f: f.score)]


def test_italian_example_weakest_on_languages_and_individual_support() -> None:
    report = example("lavoras-mcg.yaml")
    assert ranked(report)[0] == "F02"  # almost no linguistic and civic learning (§3.1)
    assert "F08" in ranked(report)[:3]  # individual support to reinforce (§3.1)
    assert {"F03", "F05"} <= set(ranked(report)[-4:])  # local anchoring, partnerships


def test_french_example_strong_on_collective_and_individual_support() -> None:
    report = example("mlv-youth-guarantee.yaml")
    assert report.factor("F07").level == "leading"
    assert report.factor("F08").level == "leading"
    assert report.factor("F01").level == "leading"  # housing, health, life course (§3.1)


def test_swedish_example_strong_on_practice_and_learning_dimensions() -> None:
    report = example("uvuc-tikitut.yaml")
    assert set(ranked(report)[-2:]) == {"F07", "F09"}  # practice, small groups (§3.1, §3.2)
    assert "F02" in ranked(report)[-4:]  # the three learning dimensions (§3.1)


@pytest.mark.parametrize("path", sorted(EXAMPLES.rglob("*.yaml")), ids=lambda p: p.name)
def test_examples_validate(path: Path) -> None:
    assert load_any_answers(path, MODEL).model.version == "2.0"


ROLE_FAMILIES = {"team": "T", "partner": "P", "company": "C", "beneficiary": "B"}
JARGON = ("device", "accompaniment", "stakeholder", "partner", "socio-", "beneficiar")


@pytest.mark.parametrize("role,letter", list(ROLE_FAMILIES.items()))
def test_stakeholder_questionnaires(role: str, letter: str) -> None:
    questionnaire = MODEL.questionnaire_for(role)
    assert questionnaire is not None and questionnaire.roles == [role]
    factors = {q.factor for q in questionnaire.questions}
    assert 5 <= len(factors) <= 13
    for q in questionnaire.questions:
        assert q.id.startswith(f"{q.factor}.{letter}"), q.id
        assert set(cited(q.source)) <= SECTIONS and not cited(q.source)[0].startswith("5")
        assert q.text.rstrip().endswith("?") and q.help.strip()


def test_beneficiary_questionnaire_is_plain_language() -> None:
    questionnaire = MODEL.questionnaire_for("beneficiary")
    assert questionnaire is not None
    texts = [p.label for p in questionnaire.scale]
    for q in questionnaire.questions:
        texts += [q.text, q.help, *q.levels.values()]
        assert len(q.text.split()) <= 16, q.id  # short questions, read aloud at A2-B1
        assert " you" in f" {q.text.lower()}", f"{q.id} should address the person as 'you'"
    for text in texts:
        lowered = text.lower()
        assert not any(word in lowered for word in JARGON), text
    # Nothing that identifies the person is asked.
    for q in questionnaire.questions:
        assert not re.search(r"\b(name|age|born|nationality|country of origin)\b", q.text.lower())


def test_stakeholder_example_shows_where_views_diverge() -> None:
    files = sorted((EXAMPLES / "mlv-stakeholders").glob("*.yaml"))
    report = score(MODEL, [load_answers(f, MODEL) for f in files])
    assert report.respondents == {"manager": 1, "partner": 2, "beneficiary": 3}
    assert report.factor("F07").by_role.keys() == {"manager", "beneficiary"}
    gaps = {g.factor: g for g in report.perception_gaps}
    assert set(gaps) == {"F04", "F12", "F13"}
    assert (gaps["F12"].highest_role, gaps["F12"].lowest_role) == ("manager", "beneficiary")
    assert gaps["F04"].lowest_role == "partner"
