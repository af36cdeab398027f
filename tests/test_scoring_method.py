"""Method profint-score/2 (issue 11): levels on the answer scale, role weights, roles below their
minimum left out of every number, divergence, evidence and answers to check. Numbers by hand."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest

from profint_assess.loading import load_all_answers, load_answers, load_model
from profint_assess.model import Model
from profint_assess.scoring import level_for, score
from tests.conftest import SMALL_MODEL, answers_yaml, write_tree


def builtin_file(write: Callable[[str, str], Path], values: dict[str, object]) -> str:
    body = "\n".join(f"{qid}: {value}" for qid, value in values.items())
    return answers_yaml(
        body, questionnaire="self-assessment", model="{id: profint, version: '2.0'}"
    )


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([2, 2, 2, 2, 2], "developing"),  # 50: "partly in place"
        ([3, 3, 3, 3, 3], "established"),  # 75: "largely in place", the default target
        ([4, 4, 4, 4, 4], "leading"),  # 100
        ([1, 1, 1, 1, 1], "emerging"),  # 25
        ([1, 1, 2, 2, "na"], "developing"),  # 150 / 4 = 37.5: exactly on the boundary
        ([1, 1, 1, 2, "na"], "emerging"),  # 125 / 4 = 31.25
        ([2, 2, 3, 3, "na"], "established"),  # 250 / 4 = 62.5
        ([3, 3, 4, 4, "na"], "leading"),  # 350 / 4 = 87.5
        ([3, 3, 3, 4, "na"], "established"),  # 325 / 4 = 81.25
    ],
)
def test_levels_follow_the_answer_scale(
    builtin_model: Model, write, answers: list[object], expected: str
) -> None:
    values = {f"F02.Q{i}": v for i, v in enumerate(answers, 1)}
    path = write("a.yaml", builtin_file(write, values))
    report = score(builtin_model, [load_answers(path, builtin_model)])
    assert report.factor("F02").level == expected
    assert report.overall_level == expected  # the only factor assessed


def test_level_boundaries_go_to_the_higher_band(builtin_model: Model) -> None:
    bands = [(b.id, b.min) for b in builtin_model.levels]
    assert bands == [("emerging", 0), ("developing", 37.5), ("established", 62.5),
                     ("leading", 87.5)]  # fmt: skip
    cases = [(0, "emerging"), (37.4999, "emerging"), (37.5, "developing"),
             (62.4999, "developing"), (62.5, "established"), (87.4999, "established"),
             (87.5, "leading"), (100, "leading")]  # fmt: skip
    for score_, level in cases:
        assert level_for(builtin_model, score_) == level, score_
    # The default target, 75, is established on every factor, not leading.
    assert builtin_model.meta.default_target == 75
    assert level_for(builtin_model, 75) == "established"


def test_a_mean_exactly_on_a_boundary_is_not_pushed_below_it_by_float_noise(
    builtin_model: Model, write
) -> None:
    # F13 by role: manager (50 + 0 + 75) / 3 = 41.67, team (25 + 100) / 2 = 62.5, partner
    # (25 + 0 + 0) / 3 = 8.33; merged (125/3 + 62.5 + 25/3) / 3 = 37.5 exactly, developing. In
    # floats the sum of thirds gave 37.49999999999999: "37.5 Emerging", and a gap of 37.50...01.
    files = [
        ("manager.yaml", "F13.Q1: 2\nF13.Q3: 0\nF13.Q5: 3", "manager", "self-assessment"),
        ("team.yaml", "F13.T1: 1\nF13.T2: 4", "team", "team"),
        ("partner.yaml", "F13.P1: 1\nF13.P2: 0\nF13.P3: 0", "partner", "partner"),
    ]
    model_ref = "{id: profint, version: '2.0'}"
    paths = [
        write(name, answers_yaml(body, role=role, questionnaire=q, model=model_ref))
        for name, body, role, q in files
    ]
    report = score(builtin_model, load_all_answers(paths, builtin_model))
    f13 = report.factor("F13")
    assert f13.score == 37.5 and f13.level == "developing"
    assert f13.gap == 37.5
    assert report.overall_score == 37.5 and report.overall_level == "developing"
    assert [f.level for f in report.fields if f.score is not None] == ["developing"]


PARTNER = "F01.Q1: 3\nF02.Q1: 4"


@pytest.fixture
def weighted_root(tmp_path: Path) -> Callable[[str], Path]:
    def _root(weights: str) -> Path:
        files = dict(SMALL_MODEL)
        files["factors/model.yaml"] = files["factors/model.yaml"].replace(
            "        levels:", f"        role_weights: {weights}\n        levels:"
        )
        return write_tree(tmp_path / f"m{abs(hash(weights))}", files)

    return _root


def test_role_weights_make_the_merged_score_a_weighted_mean(weighted_root, write) -> None:
    # Manager F01 = (4*25*1 + 1*25*2) / 3 = 50, F02 = 50; partner F01 = 75, F02 = 100.
    files = [
        write("m.yaml", answers_yaml("F01.Q1: 4\nF01.Q2: 1\nF02.Q1: 2\nF03.Q1: 1")),
        write("p.yaml", answers_yaml(PARTNER, role="partner", questionnaire="partner")),
    ]
    model = load_model(weighted_root("{manager: 2, partner: 1}"))
    report = score(model, load_all_answers(files, model))
    assert report.role_weights == {"manager": 2.0, "partner": 1.0}
    f01, f02, f03 = report.factors
    # F01 = (2*50 + 1*75) / 3 = 58.33; F02 = (2*50 + 100) / 3 = 66.67; F03 manager only = 25.
    assert f01.score == pytest.approx(175 / 3) and f01.level == "developing"
    assert f02.score == pytest.approx(200 / 3) and f02.level == "established"
    assert f03.score == 25.0
    # The divergence is between the roles' own scores, whatever their weight.
    assert f01.divergence == 25.0 and f02.divergence == 50.0

    # Default: every role weighs 1, the plain mean over roles.
    plain = score(load_model(weighted_root("{}")), load_all_answers(files, model))
    assert plain.factor("F01").score == 62.5 and plain.factor("F02").score == 75.0

    # Weight 0: the partners' view is shown but counts in no merged score.
    model = load_model(weighted_root("{partner: 0}"))
    report = score(model, load_all_answers(files, model))
    assert report.factor("F01").score == 50.0
    assert report.factor("F01").by_role == {"manager": 50.0, "partner": 75.0}


def test_builtin_model_weighs_every_role_1(builtin_model: Model) -> None:
    assert builtin_model.role_weights == {
        "manager": 1.0, "team": 1.0, "partner": 1.0, "company": 1.0, "beneficiary": 1.0,
        "external": 1.0,
    }  # fmt: skip


def test_divergence_needs_two_roles_that_assessed_the_factor(mini_root: Path, write) -> None:
    model = load_model(mini_root)
    files = [
        write("m.yaml", answers_yaml("F01.Q1: 4\nF02.Q1: unknown")),
        write(
            "p.yaml", answers_yaml("F01.Q1: 1\nF02.Q1: 2", role="partner", questionnaire="partner")
        ),  # fmt: skip
    ]
    report = score(model, load_all_answers(files, model))
    assert report.factor("F01").divergence == 75.0
    # F02: the manager answered unknown, so only the partner assessed it.
    assert report.factor("F02").by_role == {"manager": None, "partner": 50.0}
    assert report.factor("F02").divergence is None
    assert [g.factor for g in report.perception_gaps] == ["F01"]


def test_answers_to_check(mini_root: Path, write) -> None:
    model = load_model(mini_root)
    manager = "F01.Q1: na\nF01.Q2: {value: na, note: not our job}\nF02.Q1: unknown\nF03.Q1: 2"
    partners = [
        write(f"p{i}.yaml", answers_yaml(text, role="partner", questionnaire="partner"))
        for i, text in enumerate(["F01.Q1: unknown\nF02.Q1: na", "F01.Q1: unknown\nF02.Q1: 3"])
    ]
    report = score(model, load_all_answers([write("m.yaml", answers_yaml(manager)), *partners],
                                           model))  # fmt: skip
    assert [c.text for c in report.checks] == [
        # F01 (manager): both questions na, 2 of 2: half or more.
        "F01 (manager): 2 of 2 answers are na; does the factor apply to this device?",
        "F01.Q1 (manager): na without a note saying why",
        "F01.Q1 (partner, 2 of 2): unknown, to find out",
        # F02 (partner): 1 na of 2 answers is half.
        "F02 (partner): 1 of 2 answers are na; does the factor apply to this device?",
        "F02.Q1 (manager): unknown, to find out",
        "F02.Q1 (partner, 1 of 2): na without a note saying why",
    ]


# --- a role below its minimum counts in no number ------------------------------------------------

BENEFICIARY_QUESTIONNAIRE = """
    id: beneficiary
    title: Your experience
    roles: [beneficiary]
    plain_language: true
    scale:
      - {value: 0, label: never}
      - {value: 1, label: rarely}
      - {value: 2, label: sometimes}
      - {value: 3, label: often}
      - {value: 4, label: always}
    questions:
      - {id: F01.B1, factor: F01, text: q, help: h, source: "§3.1",
         levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - {id: F03.B1, factor: F03, text: q, help: h, source: "§3.1",
         levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
    """
CHOICES = [
    0,
    1,
    2,
    3,
    4,
    "na",
    "unknown",
    "{value: na, note: why}",
    "{value: 4, evidence: verified}",
]


def numbers(report) -> tuple:  # noqa: ANN001
    """Every number and level a report shows."""
    return (
        report.respondents, report.roles, report.overall_score, report.overall_level,
        report.fields, report.factors, report.perception_gaps, report.checks, report.answers,
        report.recommendations, report.status, report.date, report.questionnaires,
    )  # fmt: skip


@pytest.mark.parametrize("seed", range(12))
def test_any_files_of_a_role_below_its_minimum_change_no_number(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    files = dict(SMALL_MODEL, **{"questionnaires/beneficiary.yaml": BENEFICIARY_QUESTIONNAIRE})
    model = load_model(write_tree(tmp_path / "m", files))
    paths = []

    def add(name: str, role: str, questionnaire: str, ids: list[str]) -> Path:
        body = "\n".join(f"{q}: {rng.choice(CHOICES)}" for q in ids)
        path = tmp_path / name
        path.write_text(answers_yaml(body, role=role, questionnaire=questionnaire),
                        encoding="utf-8")  # fmt: skip
        return path

    paths.append(add("m.yaml", "manager", "self", ["F01.Q1", "F01.Q2", "F02.Q1", "F03.Q1"]))
    paths += [
        add(f"p{i}.yaml", "partner", "partner", ["F01.Q1", "F02.Q1"])
        for i in range(rng.randint(0, 3))
    ]
    minimum = rng.randint(2, 5)
    extra = [
        add(f"b{i}.yaml", "beneficiary", "beneficiary", ["F01.B1", "F03.B1"])
        for i in range(rng.randint(1, minimum - 1))
    ]
    options = {"min_respondents": {"beneficiary": minimum}, "divergence": 10.0}
    before = score(model, load_all_answers(paths, model), **options)  # type: ignore[arg-type]
    mixed = list(paths)
    for path in extra:  # anywhere among the others, which keep their order
        mixed.insert(rng.randint(0, len(mixed)), path)
    after = score(model, load_all_answers(mixed, model), **options)  # type: ignore[arg-type]
    assert numbers(after) == numbers(before)
    assert before.left_out == [] and [(h.role, h.respondents) for h in after.left_out] == [
        ("beneficiary", len(extra))
    ]


def test_batch_leaves_the_same_files_out_and_counts_them(builtin_model: Model) -> None:
    from profint_assess.batch import Batch, Summary
    from tests.conftest import EXAMPLES

    files = sorted((EXAMPLES / "valcourt-stakeholders").glob("*.yaml"))
    two = [f for f in files if f.name != "beneficiary-3.yaml"]
    without = [f for f in files if "beneficiary" not in f.name]
    summaries = []
    for paths in (two, without):
        batch, summary = Batch(builtin_model), Summary(builtin_model)
        for answers in load_all_answers(paths, builtin_model):
            batch.add(answers)
        (report,) = batch.reports(summary)
        summaries.append((summary, report))
    (with_two, report_two), (alone, report_alone) = summaries
    assert report_two.factors == report_alone.factors
    assert report_two.respondents == {"manager": 1, "partner": 2}
    assert with_two.left_out_files == 2 and alone.left_out_files == 0
    assert with_two.stats("overall") == alone.stats("overall")
    assert with_two.checks == alone.checks == len(report_alone.checks)


def test_model_json_shows_role_weights_and_bands(cli) -> None:
    import json

    data = json.loads(cli("model", "show", "--format", "json").stdout)["model"]
    assert data["role_weights"]["beneficiary"] == 1.0
    assert [(band["id"], band["min"]) for band in data["levels"]] == [
        ("emerging", 0.0),
        ("developing", 37.5),
        ("established", 62.5),
        ("leading", 87.5),
    ]
