"""Scoring against hand-computed values: the README's worked example, weights, merges, targets."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from profint_assess.loading import load_answers, load_model
from profint_assess.scoring import METHOD, resolve_targets, score
from tests.conftest import EXAMPLES, answers_yaml

MANAGER = """
F01.Q1: 4
F01.Q2: 1
F02.Q1: 2
F03.Q1: 1
"""


def test_readme_worked_example() -> None:
    """Every number of the README's worked example, computed by hand there."""
    model = load_model()
    report = score(model, [load_answers(EXAMPLES / "worked-example.yaml", model)])
    assert report.method == METHOD == "profint-score/2"

    f01, f02, f03, f04 = (report.factor(f) for f in ("F01", "F02", "F03", "F04"))
    # F01: 3, 2, na, unknown, 4 -> (75 + 50 + 100) / 3; coverage 3 answered of 5 - 1 na.
    # 75 is at least 62.5 and below 87.5: established (mean answer 3, "largely in place").
    assert f01.score == 75.0 and f01.level == "established"
    assert f01.coverage == 0.75 and f01.not_applicable == 1 and f01.unknown == 1
    assert f01.gap == 0.0 and f01.priority == 0.0 and f01.recommendations == []
    # Evidence: Q1 documented, Q2 and Q5 declared -> 1 of 3 answered.
    assert f01.evidence == {"declared": 2, "documented": 1, "verified": 0}
    assert f01.evidence_share == pytest.approx(1 / 3)
    # F02: 1, 1, 2, 0, 1 -> 125 / 5 = 25, below 37.5: emerging.
    assert f02.score == 25.0 and f02.level == "emerging" and f02.coverage == 1.0
    assert f02.gap == 50.0 and f02.priority == 50.0
    assert f02.evidence == {"declared": 5, "documented": 0, "verified": 0}
    assert f02.evidence_share == 0.0
    # Weakest question first: R2 names Q4 (0); R1 and R4 tie at 25 in model order; R3 Q3 (50).
    assert f02.recommendations == ["F02.R2", "F02.R1", "F02.R4", "F02.R3"]
    # F03: one blank answer, nothing answered -> not assessed, not zero.
    assert f03.score is None and f03.level is None and f03.gap is None
    assert f03.coverage == 0.0 and f03.evidence_share is None
    # F04: 2, 3, 2, 2, na -> 225 / 4 = 56.25, at least 37.5 and below 62.5: developing.
    assert f04.score == 56.25 and f04.level == "developing" and f04.coverage == 1.0
    assert f04.gap == 18.75
    assert f04.evidence == {"declared": 3, "documented": 0, "verified": 1}
    assert f04.evidence_share == 0.25

    fields = {f.id: f for f in report.fields}
    assert fields["strategy"].score == 50.0 and fields["strategy"].level == "developing"
    assert fields["partnerships"].score == 56.25
    assert fields["partnerships"].level == "developing"
    assert fields["methodology"].score is None and fields["skills"].score is None
    assert report.overall_score == pytest.approx(156.25 / 3)
    assert report.overall_level == "developing"
    assert [f.id for f in report.priority_gaps] == ["F02", "F04"]
    assert [f.id for f in report.not_assessed] == [
        "F03",
        "F05",
        "F06",
        "F07",
        "F08",
        "F09",
        "F10",
        "F11",
        "F12",
        "F13",
    ]
    assert report.respondents == {"manager": 1}
    assert report.recommendations[0].id == "F02.R2"
    # Answers to check: F01.Q3's na has a note, F04.Q5's has none; F01.Q4 is to find out.
    assert [c.text for c in report.checks] == [
        "F01.Q4 (manager): unknown, to find out",
        "F04.Q5 (manager): na without a note saying why",
    ]
    assert report.left_out == [] and report.role_weights["manager"] == 1.0


def test_weights_of_questions_and_factors(mini_root: Path, write) -> None:
    model = load_model(mini_root)
    report = score(model, [load_answers(write("a.yaml", answers_yaml(MANAGER)), model)])
    # F01: Q1 100 (weight 1), Q2 25 (weight 2) -> 150 / 3.
    assert report.factor("F01").score == 50.0
    assert report.factor("F02").score == 50.0
    assert report.factor("F03").score == 25.0
    # Field strategy: F01 (weight 1) and F02 (weight 3) -> (50 + 150) / 4.
    assert report.fields[0].score == 50.0
    # Overall: (50*1 + 50*3 + 25*1) / 5.
    assert report.overall_score == 45.0
    # priority = gap x factor weight: F02 25*3, F03 50*1, F01 25*1.
    assert [(f.id, f.priority) for f in report.priority_gaps] == [
        ("F02", 75.0),
        ("F03", 50.0),
        ("F01", 25.0),
    ]
    assert report.factor("F01").recommendations == ["F01.R2", "F01.R1"]


def test_na_leaves_question_out_and_unknown_counts_unanswered(mini_root: Path, write) -> None:
    model = load_model(mini_root)
    text = answers_yaml("F01.Q1: na\nF01.Q2: 2\nF02.Q1: unknown\nF03.Q1: {value: na}")
    report = score(model, [load_answers(write("a.yaml", text), model)])
    f01, f02, f03 = report.factors
    assert f01.score == 50.0 and f01.coverage == 1.0
    assert f02.score is None and f02.coverage == 0.0 and f02.unknown == 1
    assert f03.score is None and f03.coverage is None  # everything na: nothing applicable
    assert report.overall_score == 50.0


def test_several_respondents_merge_per_role_then_over_roles(mini_root: Path, write) -> None:
    model = load_model(mini_root)
    files = [
        write("m.yaml", answers_yaml(MANAGER)),
        write(
            "p1.yaml", answers_yaml("F01.Q1: 2\nF02.Q1: 4", role="partner", questionnaire="partner")
        ),
        write(
            "p2.yaml",
            answers_yaml("F01.Q1: 4\nF02.Q1: na", role="partner", questionnaire="partner"),
        ),
    ]
    report = score(model, [load_answers(f, model) for f in files])
    f01, f02, f03 = report.factors
    assert report.respondents == {"manager": 1, "partner": 2}
    assert f01.by_role == {"manager": 50.0, "partner": 75.0}
    assert f01.score == 62.5 and f01.divergence == 25.0
    assert f02.by_role == {"manager": 50.0, "partner": 100.0}
    assert f02.score == 75.0 and f02.divergence == 50.0 and f02.coverage == 1.0
    assert f03.by_role == {"manager": 25.0} and f03.divergence is None


def test_targets_precedence(mini_root: Path, write) -> None:
    model = load_model(mini_root)
    extra = "target: {default: 60, F02: 90}\n"
    answers = load_answers(write("a.yaml", answers_yaml(MANAGER, extra=extra)), model)
    assert resolve_targets(model, [answers]) == {"F01": 60.0, "F02": 90.0, "F03": 60.0}
    cli_targets = resolve_targets(model, [answers], {"F01": 80.0})
    assert cli_targets == {"F01": 80.0, "F02": 90.0, "F03": 60.0}
    report = score(model, [answers], cli_targets)
    assert report.factor("F01").gap == 30.0 and report.factor("F02").gap == 40.0


VALUES = [0, 1, 2, 3, 4, "na", "unknown"]


@pytest.mark.parametrize("q1,q2", list(itertools.product(VALUES, VALUES)))
def test_properties_hold_for_every_pair_of_answers(mini_root: Path, write, q1, q2) -> None:
    """Scores stay in 0-100, raising an answer never lowers its factor, na touches no other."""
    model = load_model(mini_root)

    def f01(a: object, b: object) -> float | None:
        text = answers_yaml(f"F01.Q1: {a}\nF01.Q2: {b}\nF02.Q1: 3")
        report = score(model, [load_answers(write("p.yaml", text), model)])
        assert report.factor("F02").score == 75.0  # F01's answers never move F02
        return report.factor("F01").score

    base = f01(q1, q2)
    assert base is None or 0 <= base <= 100
    if isinstance(q1, int) and q1 < 4:
        raised = f01(q1 + 1, q2)
        assert raised is not None and base is not None and raised >= base
