"""Several perspectives on one device: merged scores, per-role columns, perception gaps, and the
beneficiary minimum (issue 5). Every number below is computed by hand in the comments."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from profint_assess.loading import load_all_answers, load_model
from profint_assess.report import renderer
from profint_assess.scoring import LeftOut, PerceptionGap, Report, score
from tests.conftest import SMALL_MODEL, answers_yaml, write_tree

BENEFICIARY_QUESTIONNAIRE = """
    id: beneficiary
    title: Your experience
    roles: [beneficiary]
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
      - {id: F03.B2, factor: F03, text: q, help: h, source: "§3.1",
         levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
    """

# Manager (self): F01 = (4*25*1 + 1*25*2) / 3 = 50; F02 = 50; F03 = 25.
MANAGER = "F01.Q1: 4\nF01.Q2: 1\nF02.Q1: 2\nF03.Q1: 1"
# Partners (F01, F02 only): p1 F01 50, F02 100; p2 F01 100, F02 na.
#   partner F01 = (50 + 100) / 2 = 75; F02 = 100 (p2 has no F02 score).
PARTNERS = ["F01.Q1: 2\nF02.Q1: 4", "F01.Q1: 4\nF02.Q1: na"]
# Beneficiaries (F01, F03 only): b1 F01 25, F03 (100 + 100) / 2 = 100;
#   b2 F01 0, F03 75 (B2 unknown); b3 F01 50, F03 all na (no score).
#   beneficiary F01 = (25 + 0 + 50) / 3 = 25; F03 = (100 + 75) / 2 = 87.5.
BENEFICIARIES = [
    "F01.B1: 1\nF03.B1: 4\nF03.B2: 4",
    "F01.B1: 0\nF03.B1: 3\nF03.B2: unknown",
    "F01.B1: 2\nF03.B1: na\nF03.B2: na",
]

NOTE_2 = (
    "2 beneficiary answers files left out of every number: fewer than 3 beneficiary "
    "respondents, too few to protect their anonymity"
)


@pytest.fixture
def roles_root(tmp_path: Path) -> Path:
    """The mini model with a beneficiary questionnaire next to the manager's and partners'."""
    files = dict(SMALL_MODEL, **{"questionnaires/beneficiary.yaml": BENEFICIARY_QUESTIONNAIRE})
    return write_tree(tmp_path / "roles", files)


@pytest.fixture
def assessment(tmp_path: Path) -> Callable[[int], list[Path]]:
    """Answers files: one manager, two partners and the first ``n`` beneficiaries."""

    def _files(beneficiaries: int = 3) -> list[Path]:
        texts = [("manager.yaml", answers_yaml(MANAGER))]
        texts += [
            (f"partner{i}.yaml", answers_yaml(a, role="partner", questionnaire="partner"))
            for i, a in enumerate(PARTNERS, 1)
        ]
        texts += [
            (
                f"beneficiary{i}.yaml",
                answers_yaml(a, role="beneficiary", questionnaire="beneficiary"),
            )
            for i, a in enumerate(BENEFICIARIES[:beneficiaries], 1)
        ]
        paths = []
        for name, text in texts:
            path = tmp_path / name
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        return paths

    return _files


def scored(root: Path, paths: list[Path], **options: object) -> Report:
    model = load_model(root)
    return score(model, load_all_answers(paths, model), **options)  # type: ignore[arg-type]


# --- the core -----------------------------------------------------------------------------------


def test_merged_example_computed_by_hand(roles_root: Path, assessment) -> None:
    report = scored(roles_root, assessment(3))
    assert report.respondents == {"manager": 1, "partner": 2, "beneficiary": 3}
    assert report.roles == ["manager", "partner", "beneficiary"]
    assert report.left_out == [] and report.hidden_roles == {} and report.notes == []

    f01, f02, f03 = report.factors
    # F01: each role once: (50 + 75 + 25) / 3.
    assert f01.by_role == {"manager": 50.0, "partner": 75.0, "beneficiary": 25.0}
    assert f01.score == 50.0 and f01.divergence == 50.0
    assert f01.coverage == 1.0 and f01.answered == 7
    assert f01.gap == 25.0 and f01.priority == 25.0
    # F02: beneficiaries are not asked about it, so they are not a role of F02.
    assert f02.by_role == {"manager": 50.0, "partner": 100.0}
    assert f02.score == 75.0 and f02.divergence == 50.0
    assert f02.coverage == 1.0 and f02.not_applicable == 1 and f02.gap == 0.0
    # F03: partners are not asked; (25 + 87.5) / 2. Coverage 4 answered of 7 asked - 2 na.
    assert f03.by_role == {"manager": 25.0, "beneficiary": 87.5}
    assert f03.score == 56.25 and f03.divergence == 62.5
    assert f03.coverage == 0.8 and f03.unknown == 1 and f03.not_applicable == 2
    assert f03.gap == 18.75

    # Field strategy: F01 (weight 1) 50, F02 (weight 3) 75 -> 275 / 4; team: F03.
    assert [f.score for f in report.fields] == [68.75, 56.25]
    # Overall: (50 + 3*75 + 56.25) / 5.
    assert report.overall_score == 66.25 and report.overall_level == "established"


def test_roles_keep_one_order_whatever_the_order_of_the_files(roles_root: Path, assessment) -> None:
    report = scored(roles_root, assessment(3)[::-1])  # beneficiary3.yaml first
    assert list(report.respondents) == ["manager", "partner", "beneficiary"]
    assert report.roles == ["manager", "partner", "beneficiary"]
    assert list(report.factor("F01").by_role) == ["manager", "partner", "beneficiary"]
    assert report.perception_gaps == scored(roles_root, assessment(3)).perception_gaps


def test_perception_gaps_widest_first_with_the_roles_at_each_end(
    roles_root: Path, assessment
) -> None:
    report = scored(roles_root, assessment(3))
    assert report.divergence_threshold == 25.0
    # F01 and F02 tie at 50: model order.
    assert report.perception_gaps == [
        PerceptionGap("F03", "Three", 62.5, "beneficiary", 87.5, "manager", 25.0),
        PerceptionGap("F01", "One", 50.0, "partner", 75.0, "beneficiary", 25.0),
        PerceptionGap("F02", "Two", 50.0, "partner", 100.0, "manager", 50.0),
    ]
    narrower = scored(roles_root, assessment(3), divergence=55)
    assert [g.factor for g in narrower.perception_gaps] == ["F03"]
    # The threshold is inclusive: a divergence of exactly 50 is a gap at 50.
    at_fifty = scored(roles_root, assessment(3), divergence=50)
    assert [g.factor for g in at_fifty.perception_gaps] == ["F03", "F01", "F02"]


def test_two_beneficiaries_are_left_out_of_every_number(roles_root: Path, assessment) -> None:
    report = scored(roles_root, assessment(2))
    # Not counted anywhere, not even as respondents: only the note says two files were set aside.
    assert report.respondents == {"manager": 1, "partner": 2}
    assert report.roles == ["manager", "partner"]
    assert report.left_out == [LeftOut("beneficiary", 2, 3)]
    assert report.hidden_roles == {"beneficiary": 2} and report.left_out_files == 2
    assert report.notes == [NOTE_2]

    f01, f02, f03 = report.factors
    # F01 without the beneficiaries: (50 + 75) / 2 = 62.5, established (62.5 takes the higher
    # band). Before profint-score/2 their 12.5 was merged in: (50 + 75 + 12.5) / 3 = 45.8.
    assert f01.score == 62.5 and f01.level == "established"
    assert f01.by_role == {"manager": 50.0, "partner": 75.0} and f01.divergence == 25.0
    assert f01.answered == 4  # 2 manager + 2 partner answers; the beneficiaries' 2 are not counted
    assert f02.by_role == {"manager": 50.0, "partner": 100.0} and f02.divergence == 50.0
    # F03: only the manager's 25 is left; one role, so no divergence.
    assert f03.score == 25.0 and f03.by_role == {"manager": 25.0} and f03.divergence is None
    assert f03.answered == 1 and f03.not_applicable == 0 and f03.unknown == 0
    assert [(g.factor, g.highest_role, g.lowest_role) for g in report.perception_gaps] == [
        ("F02", "partner", "manager"),
        ("F01", "partner", "manager"),
    ]
    # Their answers are not listed either: they would tell what two people said.
    assert {line.role for line in report.answers} == {"manager", "partner"}
    # The same report as without them, but for the note.
    alone = scored(roles_root, assessment(0))
    assert report.factors == alone.factors and report.fields == alone.fields
    assert report.overall_score == alone.overall_score


def test_minimum_can_be_raised_or_lowered_per_role(roles_root: Path, assessment) -> None:
    shown = scored(roles_root, assessment(2), min_respondents={"beneficiary": 2})
    assert shown.roles == ["manager", "partner", "beneficiary"] and shown.left_out == []
    assert shown.factor("F03").by_role == {"manager": 25.0, "beneficiary": 87.5}

    strict = scored(roles_root, assessment(3), min_respondents={"partner": 3})
    assert strict.left_out == [LeftOut("partner", 2, 3)]
    assert strict.respondents == {"manager": 1, "beneficiary": 3}
    assert strict.factor("F02").by_role == {"manager": 50.0}
    assert strict.factor("F02").score == 50.0  # the partners' 100 no longer counts
    assert strict.notes == [
        "2 partner answers files left out of every number: fewer than 3 partner respondents, "
        "too few to protect their anonymity"
    ]


def test_one_beneficiary_alone_is_left_out_with_a_singular_note(
    roles_root: Path, assessment
) -> None:
    paths = assessment(1)
    report = scored(roles_root, [paths[0], paths[-1]])
    assert report.roles == ["manager"]
    assert report.notes == [
        "1 beneficiary answers file left out of every number: fewer than 3 beneficiary "
        "respondents, too few to protect their anonymity"
    ]
    assert report.perception_gaps == [] and all(f.divergence is None for f in report.factors)


# --- what the user sees -------------------------------------------------------------------------


def test_score_cli_acceptance_manager_two_partners_three_beneficiaries(
    roles_root: Path, assessment, cli
) -> None:
    result = cli("score", *assessment(3), "--model", roles_root, "--plain")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Respondents: 1 manager, 2 partners, 3 beneficiaries" in out
    table = out[out.index("Scores per role") : out.index("Priority gaps")]
    header = next(line for line in table.splitlines() if "Divergence" in line)
    assert header.split() == ["Factor", "Manager", "Partner", "Beneficiary", "Divergence"]
    rows = {line.split()[0]: line.split()[2:] for line in table.splitlines() if line[:2] == "F0"}
    assert rows == {
        "F01": ["50.0", "75.0", "25.0", "50.0"],
        "F02": ["50.0", "100.0", "–", "50.0"],
        "F03": ["25.0", "–", "87.5", "62.5"],
    }
    gaps = out[out.index("Perception gaps between roles") :]
    assert "differ by 25 points or more, widest first" in gaps
    header = next(line for line in gaps.splitlines() if "Seen higher by" in line)
    assert header.split() == ["Factor", "Divergence", "Seen", "higher", "by", "Seen", "lower", "by"]
    lines = [line.split() for line in gaps.splitlines() if line[:2] == "F0"]
    assert lines == [
        ["F03", "Three", "62.5", "beneficiary", "87.5", "manager", "25.0"],
        ["F01", "One", "50.0", "partner", "75.0", "beneficiary", "25.0"],
        ["F02", "Two", "50.0", "partner", "100.0", "manager", "50.0"],
    ]
    assert "Note:" not in out


def test_terminal_hides_two_beneficiaries_and_says_why(roles_root: Path, assessment, cli) -> None:
    out = cli("score", *assessment(2), "--model", roles_root, "--plain").stdout
    assert "Respondents: 1 manager, 2 partners\n" in out
    assert f"Note: {NOTE_2}." in " ".join(out.split())
    header = next(line for line in out.splitlines() if "Divergence" in line)
    assert header.split() == ["Factor", "Manager", "Partner", "Divergence"]


def test_json_keys_for_several_roles(roles_root: Path, assessment, cli) -> None:
    data = json.loads(cli("score", *assessment(2), "--model", roles_root, "-f", "json").stdout)
    assert data["format"] == "profint-report/1"  # keys were only added
    assert data["respondents"] == {"manager": 1, "partner": 2}
    assert data["roles"] == ["manager", "partner"]
    assert data["left_out"] == [{"role": "beneficiary", "files": 2, "minimum": 3}]
    assert data["hidden_roles"] == {"beneficiary": 2}
    assert data["notes"] == [NOTE_2]
    assert data["divergence_threshold"] == 25.0
    f01 = data["factors"][0]
    assert f01["by_role"] == {"manager": 50.0, "partner": 75.0}
    assert f01["divergence"] == 25.0 and f01["score"] == 62.5  # (50 + 75) / 2
    assert data["perception_gaps"] == [
        {
            "factor": "F02",
            "title": "Two",
            "divergence": 50.0,
            "highest": {"role": "partner", "score": 100.0},
            "lowest": {"role": "manager", "score": 50.0},
        },
        {
            "factor": "F01",
            "title": "One",
            "divergence": 25.0,
            "highest": {"role": "partner", "score": 75.0},
            "lowest": {"role": "manager", "score": 50.0},
        },
    ]
    assert "beneficiary" not in json.dumps(data["factors"])

    shown = cli(
        "score", *assessment(2), "--model", roles_root, "-f", "json",
        "--min-respondents", "beneficiary=2", "--divergence", "60",
    )  # fmt: skip
    data = json.loads(shown.stdout)
    assert data["hidden_roles"] == {} and data["notes"] == []
    assert data["factors"][2]["by_role"] == {"manager": 25.0, "beneficiary": 87.5}
    # beneficiary F01 = 12.5 now shown: 75 - 12.5 = 62.5, as wide as F03 (model order).
    assert [g["factor"] for g in data["perception_gaps"]] == ["F01", "F03"]
    assert data["divergence_threshold"] == 60.0


def test_one_respondent_json_has_the_new_keys_empty(roles_root: Path, assessment, cli) -> None:
    data = json.loads(cli("score", assessment(0)[0], "--model", roles_root, "-f", "json").stdout)
    assert data["roles"] == ["manager"] and data["hidden_roles"] == {} and data["notes"] == []
    assert data["perception_gaps"] == []


def test_csv_has_a_column_per_shown_role_only(roles_root: Path, assessment, cli) -> None:
    text = cli("score", *assessment(2), "--model", roles_root, "-f", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["factor"] for r in rows] == ["F01", "F02", "F03"]
    assert [c for c in rows[0] if c.startswith("score_")] == ["score_manager", "score_partner"]
    assert "beneficiary" not in text
    assert rows[2]["score_partner"] == "" and rows[2]["divergence"] == ""
    full = list(csv.DictReader(io.StringIO(cli("score", *assessment(3), "--model", roles_root,
                                                "-f", "csv").stdout)))  # fmt: skip
    assert full[2]["score_beneficiary"] == "87.5" and full[2]["divergence"] == "62.5"


def test_markdown_has_scores_per_role_and_perception_gaps(
    roles_root: Path, assessment, cli
) -> None:
    out = cli("score", *assessment(3), "--model", roles_root, "-f", "markdown").stdout
    assert "| Factor | Manager | Partner | Beneficiary | Divergence |" in out
    assert "| F02 Two | 50.0 | 100.0 | – | 50.0 |" in out
    assert "## Perception gaps between roles" in out
    assert (
        "- **F03 Three**: divergence 62.5: beneficiary sees it higher (87.5), manager lower (25.0)"
        in out
    )
    hidden = cli("score", *assessment(2), "--model", roles_root, "-f", "markdown").stdout
    assert f"- Note: {NOTE_2}." in hidden
    assert "Beneficiary" not in hidden


def test_html_uses_the_core_roles_gaps_and_notes(roles_root: Path, assessment) -> None:
    model = load_model(roles_root)
    report = score(model, load_all_answers(assessment(2), model))
    html = renderer("html")(report, model=model)
    # The methodology lists every role's weight (model data); nothing else names beneficiaries.
    weights = html[html.index('id="role-weights"') :]
    weights = weights[: weights.index("</table>")]
    assert "<td>Beneficiary</td>" in weights
    html = html.replace(weights, "")
    assert ">Beneficiary<" not in html  # no column, no radar line, no answers
    assert "Beneficiary:" not in html
    assert html.count(f"Note: {NOTE_2}.") == 3  # cover, factors, perception gaps
    perception = html[html.index('id="perception"') :]
    assert [row.split('"')[0] for row in perception.split('<tr data-factor="')[1:]] == [
        "F02",
        "F01",
    ]
    assert "Partner / Manager" in perception
    assert "Not listed: the answers and notes in the beneficiary answers files left out" in html


def test_only_one_role_shown_explains_why_there_is_no_divergence(
    roles_root: Path, assessment, cli
) -> None:
    paths = assessment(2)
    out = cli("score", paths[0], *paths[3:], "--model", roles_root, "--plain").stdout
    # The beneficiaries are left out: one role counts, so there is nothing to compare.
    assert "Scores per role" not in out and "Perception gaps" not in out
    assert "Respondents: 1 manager\n" in out
    assert "2 beneficiary answers files left out of every number" in " ".join(out.split())


# --- options and roles --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("beneficiary", "expected ROLE=N, e.g. beneficiary=5"),
        ("=3", "expected ROLE=N"),
        ("beneficiary=three", "N is a whole number"),
        ("beneficiary=2.5", "N is a whole number"),
        ("beneficiary=0", "N is 1 or more"),
        ("boss=2", "'boss' is not a role (manager, team, partner, company, beneficiary, external)"),
    ],
)
def test_min_respondents_errors(
    value: str, message: str, roles_root: Path, assessment, cli
) -> None:
    result = cli("score", *assessment(3), "--model", roles_root, "--min-respondents", value)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"--min-respondents {value!r}: ")
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert result.stdout == ""


def test_divergence_out_of_range(roles_root: Path, assessment, cli) -> None:
    result = cli("score", *assessment(3), "--model", roles_root, "--divergence", "150")
    assert result.exit_code == 2
    assert "--divergence 150: a divergence is between 0 and 100 points" in result.stderr


def test_every_role_command_picks_the_role_questionnaire(roles_root: Path, cli, tmp_path) -> None:
    data = json.loads(cli("model", "show", "--model", roles_root, "--role", "beneficiary",
                          "-f", "json").stdout)  # fmt: skip
    assert data["questionnaire"]["id"] == "beneficiary"
    assert [q["id"] for q in data["questionnaire"]["questions"]] == ["F01.B1", "F03.B1", "F03.B2"]
    partner = json.loads(cli("model", "show", "--model", roles_root, "--role", "partner",
                             "-f", "json").stdout)  # fmt: skip
    assert partner["questionnaire"]["id"] == "partner"

    blank = tmp_path / "b.yaml"
    assert (
        cli("template", "--model", roles_root, "--role", "beneficiary", "-o", blank).exit_code == 0
    )
    text = blank.read_text(encoding="utf-8")
    assert "questionnaire: beneficiary" in text and "role: beneficiary" in text
    assert "F03.B2:" in text and "F01.Q1" not in text


@pytest.mark.parametrize("command", [["model", "show"], ["template"], ["assess", "-o", "x.yaml"]])
@pytest.mark.parametrize("role", ["company", "boss"])
def test_unknown_role_lists_the_roles_available(
    command: list[str], role: str, roles_root: Path, cli, monkeypatch, tmp_path
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli(*command, "--model", roles_root, "--role", role)
    assert result.exit_code == 2
    assert result.stderr == (
        f"--role {role}: no questionnaire for this role in the model "
        "(roles: manager, partner, beneficiary)\n"
    )
    assert not (tmp_path / "x.yaml").exists()


def test_html_labels_each_answer_with_its_own_questionnaire_scale(
    roles_root: Path, assessment
) -> None:
    """The beneficiary questionnaire loads first (file order); the manager keeps his labels."""
    model = load_model(roles_root)
    alone = renderer("html")(score(model, load_all_answers(assessment(0), model)), model=model)
    methodology = alone[alone.index('id="methodology"') : alone.index('id="answers"')]
    assert "<strong>three</strong>" in methodology and "often" not in methodology
    assert "often" not in alone

    merged = renderer("html")(score(model, load_all_answers(assessment(3), model)), model=model)
    methodology = merged[merged.index('id="methodology"') : merged.index('id="answers"')]
    assert '<th colspan="3">Self, Partner</th>' in methodology  # same scale: one group
    assert '<th colspan="3">Your experience</th>' in methodology
    assert "<strong>often</strong>" in methodology
    answers = merged[merged.index('id="answers"') :]
    f03_b1 = answers[answers.index('data-question="F03.B1"') :]
    assert "Beneficiary:</span> 4 (always)" in f03_b1[: f03_b1.index("</tr>")]
    f01_q1 = answers[answers.index('data-question="F01.Q1"') :]
    assert "Manager:</span> 4 (four)" in f01_q1[: f01_q1.index("</tr>")]
