"""The learning-progress grid: the shipped data, the answers schema, the figures and their rules."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from profint_assess import records
from profint_assess.errors import AnswersError, ModelError
from profint_assess.learning import group_figures, is_gap, learning_results
from profint_assess.loading import load_all_answers, load_answers, load_any_answers, load_model
from profint_assess.model import QUESTION_ID, GridAnswer, GridAnswersFile, ModelRef, Respondent
from profint_assess.scoring import score
from tests.conftest import EXAMPLES, ROOT, write_tree

MODEL = load_model()
GRID = MODEL.learning_grid("learning-progress")
EXAMPLE = EXAMPLES / "learning-grid"


def _grid_file(
    answers: dict[str, GridAnswer], device: str = "Dev", organization: str = "Org"
) -> GridAnswersFile:
    return GridAnswersFile.model_construct(
        format="profint-answers/1",
        questionnaire="learning-progress",
        model=ModelRef.model_construct(id="profint", version="2.0"),
        organization=organization,
        device=device,
        respondent=Respondent.model_construct(role="beneficiary", name=""),
        date=__import__("datetime").date(2026, 11, 1),
        status="complete",
        target=None,
        answers=answers,
    )


# --- the shipped grid -----------------------------------------------------------------------------


def test_shipped_grid_has_the_documentations_numbering() -> None:
    assert GRID is not None
    assert GRID.reconstruction, "the file must say it is a reconstruction"
    assert [p.number for p in GRID.proposals] == list(range(1, 23))
    ranges = {d.id: (d.proposals.first, d.proposals.last) for d in GRID.domains}
    assert ranges == {
        "linguistic": (1, 4),
        "socialisation": (5, 8),
        "civic": (9, 15),
        "project": (16, 18),
        "job-search": (19, 22),
    }
    for domain in GRID.domains:
        assert domain.factors[0].factor == "F02"
        assert "§4.1.2" in domain.factors[0].source
        for item in domain.factors:
            assert MODEL.recommendations_for(item.factor), item.factor


def test_proposals_are_plain_first_person_and_cannot_collide_with_question_ids() -> None:
    import re

    assert GRID is not None
    for proposal in GRID.proposals:
        assert proposal.text.startswith(("I can ", "I learned ", "I know ", "I met ", "I feel "))
        assert "you" not in proposal.text.lower().split()
        assert not re.match(QUESTION_ID, proposal.id)
        assert len(proposal.text.split()) <= 22, proposal.text  # short sentences (A2-B1)


def test_grid_is_not_a_maturity_questionnaire() -> None:
    assert MODEL.questionnaire("learning-progress") is None
    assert MODEL.questionnaire_for("beneficiary").id == "beneficiary"  # type: ignore[union-attr]


# --- the example, computed by hand ----------------------------------------------------------------


def test_example_domain_figures_match_the_hand_computation() -> None:
    """Five beneficiaries of the invented device examples/learning-grid/ (files 1-5).

    Language (L01-L04), importance answers per file: 3+3+3+1=10 (4 answers), 2+3+3+1=9 (4),
    3+2+3+2=10 (4), 3+3+1=7 (3: L03 has no importance), 2+3+3=8 (3: no L04) -> 44 / 18 =
    2.444; progress yes 2+3+1+3+1 = 10, no 2+0+3+1+2 = 8, not-concerned 1 (file 2, L04) ->
    share 10 / 18 = 0.556. Not a gap (importance below 2.5).
    Socialisation (L05-L08): every importance is 2 -> 40 / 20 = 2.0; one "no" (file 3, L08)
    -> 19 / 20 = 0.95.
    Civic (L09-L15): files 1-4 only (respondents 4); importance 3 for L11 and L12, 2 for the
    five others -> 16 per file, 64 / 28 = 2.286; all yes but one not-concerned (file 1, L12)
    -> 27 / 27 = 1.0.
    Project (L16-L18): every file yes 3, no 3, yes 2 -> 40 / 15 = 2.667; 10 / 15 = 0.667:
    important, but two thirds progressed: not a gap.
    Job search (L19-L22): every importance 3 except file 5's L22 (none) -> 57 / 19 = 3.0;
    yes one per file = 5, no 3+3+2+3+3 = 14 (file 3 has one not-concerned) -> 5 / 19 =
    0.263 < 0.5: a learning gap, bringing F02's recommendations first, then F08's and F06's.
    """
    files = [load_any_answers(p, MODEL) for p in sorted(EXAMPLE.glob("beneficiary-*.yaml"))]
    assert len(files) == 5
    (result,) = learning_results(MODEL, files)  # type: ignore[arg-type]
    (group,) = result.groups
    assert group.label == (
        "Lanternfield Welcome Association (fictional) / Bridges to Work (fictional)"
    )
    assert (group.files, group.respondents, group.note) == (5, 5, None)
    got = {
        d.id: (
            d.figures.respondents,
            d.figures.mean_importance,
            d.figures.progress_share,
            d.gap,
        )
        for d in group.domains
    }
    expected = {
        "linguistic": (5, 44 / 18, 10 / 18, False),
        "socialisation": (5, 2.0, 19 / 20, False),
        "civic": (4, 64 / 28, 1.0, False),
        "project": (5, 40 / 15, 10 / 15, False),
        "job-search": (5, 3.0, 5 / 19, True),
    }
    assert got.keys() == expected.keys()
    for key, (respondents, importance, share, gap) in expected.items():
        assert got[key][0] == respondents
        assert got[key][1] == pytest.approx(importance)
        assert got[key][2] == pytest.approx(share)
        assert got[key][3] is gap
    assert [g.id for g in group.gaps] == ["job-search"]
    recs = group.recommendations
    assert recs[0].startswith("F02.")
    assert {r.split(".")[0] for r in recs} == {"F02", "F08", "F06"}
    assert recs.index("F08.R1") < recs.index("F06.R1")


# --- the formulas on random files (property test) -------------------------------------------------

PROGRESS = ("yes", "no", "not-concerned", None)
IMPORTANCE = (1, 2, 3, None)


def _random_files(rng: random.Random, count: int) -> list[GridAnswersFile]:
    assert GRID is not None
    files = []
    for _ in range(count):
        answers = {}
        for proposal in GRID.proposals:
            if rng.random() < 0.2:
                continue  # not in the file at all
            answers[proposal.id] = GridAnswer.model_construct(
                progress=rng.choice(PROGRESS), importance=rng.choice(IMPORTANCE)
            )
        files.append(_grid_file(answers))
    return files


@pytest.mark.parametrize("seed", range(40))
def test_figures_equal_the_formulas_on_random_files(seed: int) -> None:
    assert GRID is not None
    rng = random.Random(seed)
    files = _random_files(rng, rng.randint(3, 12))
    group = group_figures(MODEL, GRID, files, label="x", minimum=3)
    for domain in group.domains:
        ids = [p.id for p in domain.proposals]
        # Straight from the definitions, answer by answer.
        imps = [
            a.answers[i].importance
            for a in files
            for i in ids
            if i in a.answers and a.answers[i].importance
        ]
        progress = [a.answers[i].progress for a in files for i in ids if i in a.answers]
        people = sum(
            any(
                i in a.answers
                and (a.answers[i].progress is not None or a.answers[i].importance is not None)
                for i in ids
            )
            for a in files
        )
        yes, no = progress.count("yes"), progress.count("no")
        figures = domain.figures
        assert figures.respondents == people
        if people < 3:
            assert figures.mean_importance is None and figures.progress_share is None
            continue
        assert figures.mean_importance == (pytest.approx(sum(imps) / len(imps)) if imps else None)
        assert figures.progress_share == (pytest.approx(yes / (yes + no)) if yes + no else None)
        assert figures.not_concerned == progress.count("not-concerned")
        assert domain.gap == (
            bool(imps) and yes + no > 0 and sum(imps) / len(imps) >= 2.5 and yes / (yes + no) < 0.5
        )
        for proposal in domain.proposals:
            given = [a.answers[proposal.id] for a in files if proposal.id in a.answers]
            p_imps = [g.importance for g in given if g.importance]
            p_prog = [g.progress for g in given]
            p_people = sum(g.progress is not None or g.importance is not None for g in given)
            pf = proposal.figures
            assert pf.respondents == p_people
            if p_people < 3:
                assert pf.mean_importance is None and pf.progress_share is None
                continue
            p_yes, p_no = p_prog.count("yes"), p_prog.count("no")
            assert pf.mean_importance == (
                pytest.approx(sum(p_imps) / len(p_imps)) if p_imps else None
            )
            assert pf.progress_share == (
                pytest.approx(p_yes / (p_yes + p_no)) if p_yes + p_no else None
            )


def test_gap_threshold_edges() -> None:
    assert GRID is not None

    def figures(importance: int, yes: int, no: int) -> bool:
        answers = [("yes", importance)] * yes + [("no", importance)] * no
        files = [_grid_file({"L01": GridAnswer(progress=p, importance=i)}) for p, i in answers]
        group = group_figures(MODEL, GRID, files, label="x")
        return is_gap(group.domains[0].figures)

    assert figures(3, 1, 2) is True  # 3.0, 1/3
    assert figures(3, 2, 2) is False  # exactly half progressed: not "fewer than half"
    assert figures(2, 0, 4) is False  # 2.0 is not important enough


# --- anonymity ------------------------------------------------------------------------------------


def test_two_beneficiaries_give_no_figure_and_say_why() -> None:
    files = [load_any_answers(p, MODEL) for p in sorted(EXAMPLE.glob("beneficiary-*.yaml"))[:2]]
    (result,) = learning_results(MODEL, files)  # type: ignore[arg-type]
    (group,) = result.groups
    assert not group.shown and group.domains == []
    assert group.recommendations == []
    assert group.note is not None
    assert "2 beneficiaries" in group.note and "fewer than 3" in group.note


def test_minimum_is_configurable_and_applies_per_proposal() -> None:
    assert GRID is not None
    three = [_grid_file({"L01": GridAnswer(progress="yes", importance=3)}) for _ in range(3)]
    three[0] = _grid_file(
        {
            "L01": GridAnswer(progress="yes", importance=3),
            "L02": GridAnswer(progress="no", importance=1),
        }
    )
    group = group_figures(MODEL, GRID, three, label="x", minimum=3)
    l01, l02 = group.domains[0].proposals[:2]
    assert l01.figures.mean_importance == 3.0
    assert l02.figures.respondents == 1 and l02.figures.mean_importance is None
    assert group.note is not None and "count only" in group.note
    assert not group_figures(MODEL, GRID, three, label="x", minimum=4).shown


def test_groups_of_devices_pool_their_beneficiaries() -> None:
    a = [_grid_file({"L01": GridAnswer(progress="yes", importance=3)}, device="A")] * 2
    b = [_grid_file({"L01": GridAnswer(progress="no", importance=1)}, device="B")] * 2
    (result,) = learning_results(MODEL, [*a, *b], groups={"A and B": [("Org", "A"), ("Org", "B")]})
    labels = [g.label for g in result.groups]
    assert labels == ["Org / A", "Org / B", "A and B"]
    assert [g.shown for g in result.groups] == [False, False, True]
    pooled = result.groups[2].domains[0].figures
    assert (pooled.mean_importance, pooled.progress_share) == (2.0, 0.5)


# --- never mixed into maturity scores -------------------------------------------------------------


def test_grid_files_change_no_maturity_number() -> None:
    manager = EXAMPLE / "manager.yaml"
    grids = sorted(EXAMPLE.glob("beneficiary-*.yaml"))
    alone = score(MODEL, load_all_answers([manager], MODEL))
    loaded = [load_any_answers(p, MODEL) for p in [manager, *grids]]
    maturity = [a for a in loaded if not isinstance(a, records.GridAnswersFile)]
    assert len(maturity) == 1
    mixed = score(MODEL, maturity)
    assert mixed.overall_score == alone.overall_score
    assert [(f.id, f.score) for f in mixed.fields] == [(f.id, f.score) for f in alone.fields]
    assert [(f.id, f.score, f.gap, f.by_role) for f in mixed.factors] == [
        (f.id, f.score, f.gap, f.by_role) for f in alone.factors
    ]
    assert mixed.respondents == alone.respondents == {"manager": 1}


def test_load_answers_refuses_a_grid_file_and_says_where_it_goes() -> None:
    with pytest.raises(AnswersError) as caught:
        load_answers(EXAMPLE / "beneficiary-1.yaml", MODEL)
    assert "give it to `score` or `batch`" in str(caught.value)


# --- bad input ------------------------------------------------------------------------------------

HEAD = (
    "format: profint-answers/1\nquestionnaire: learning-progress\n"
    'model: {id: profint, version: "2.0"}\norganization: Org\ndevice: Dev\n'
    "respondent: {role: beneficiary}\ndate: 2026-11-28\nanswers:\n"
)


@pytest.mark.parametrize(
    "line,expected",
    [
        ("L01: {progress: yes, importance: 4}", "importance: must be 1 (not important), 2"),
        ('L01: {progress: yes, importance: "very"}', "not 'very'"),
        ("L01: {progress: maybe, importance: 2}", "must be yes, no or not-concerned, not 'maybe'"),
        ("L23: {progress: yes}", "unknown proposal id in 'learning-progress' (known: L01-L22)"),
        ("F02.B1: {progress: yes}", "answers.F02.B1"),
        ("L01: {progres: yes}", "is not a known field"),
    ],
)
def test_bad_answers_name_file_line_and_allowed_values(
    tmp_path: Path, line: str, expected: str
) -> None:
    path = tmp_path / "grid.yaml"
    path.write_text(HEAD + "  L02: {progress: no}\n  " + line + "\n", encoding="utf-8")
    with pytest.raises(AnswersError) as caught:
        load_any_answers(path, MODEL)
    message = str(caught.value)
    assert f"{path}:10:" in message, message
    assert expected in message


def test_a_grid_answered_by_another_role_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "grid.yaml"
    path.write_text(HEAD.replace("beneficiary", "manager") + "  L01: {progress: yes}\n")
    with pytest.raises(AnswersError, match=r"grid.yaml:6: respondent.role: .*answered by"):
        load_any_answers(path, MODEL)


def _model_with_grid(tmp_path: Path, grid: str) -> Path:
    from tests.conftest import SMALL_MODEL

    return write_tree(tmp_path / "m", {**SMALL_MODEL, "questionnaires/grid.yaml": grid})


GOOD_GRID = """
    kind: learning-grid
    id: grid
    title: Grid
    source: "§3.2"
    roles: [beneficiary]
    progress:
      - {value: "yes", label: y}
      - {value: "no", label: n}
      - {value: not-concerned, label: nc}
    importance:
      - {value: 1, label: a}
      - {value: 2, label: b}
      - {value: 3, label: c}
    domains:
      - id: one
        title: One
        proposals: {first: 1, last: 2}
        source: "§3.2"
        factors: [{factor: F02, why: w, source: "§4.1.2"}]
      - id: two
        title: Two
        proposals: {first: 3, last: 3}
        source: "§3.2"
        factors: [{factor: F01, why: w, source: "§4.1.1"}]
    proposals:
      - {id: L01, number: 1, text: I can a., source: "§3.2"}
      - {id: L02, number: 2, text: I can b., source: "§3.2"}
      - {id: L03, number: 3, text: I can c., source: "§3.2"}
    """


def test_a_replacement_grid_is_pure_data(tmp_path: Path) -> None:
    model = load_model(_model_with_grid(tmp_path, GOOD_GRID))
    grid = model.learning_grid("grid")
    assert grid is not None and [d.id for d in grid.domains] == ["one", "two"]
    assert [p.id for p in grid.proposals_of(grid.domains[0])] == ["L01", "L02"]


@pytest.mark.parametrize(
    "old,new,expected",
    [
        ("{first: 3, last: 3}", "{first: 4, last: 4}", "grid.yaml:22: domains.1.proposals: must"),
        ("factor: F01,", "factor: F09,", "unknown factor 'F09'"),
        ("kind: learning-grid", "kind: learning_grid", "grid.yaml:1: kind: input should be"),
        ("{value: 3, label: c}", "{value: 4, label: c}", "importance: must define each value"),
        ("number: 3,", "number: 4,", "numbers must run from 1 to 3"),
        ("id: L02,", "id: F01.Q9,", "grid.yaml:27: proposals.1.id: string should match"),
    ],
)
def test_a_broken_grid_is_located(tmp_path: Path, old: str, new: str, expected: str) -> None:
    assert old in GOOD_GRID
    with pytest.raises(ModelError) as caught:
        load_model(_model_with_grid(tmp_path, GOOD_GRID.replace(old, new)))
    assert expected in str(caught.value), str(caught.value)


def test_yaml_booleans_read_as_meant() -> None:
    # A bare yes/no in YAML 1.1 is a boolean; an editor user writes exactly that.
    assert GridAnswer.model_validate({"progress": True}).progress == "yes"
    assert GridAnswer.model_validate({"progress": False}).progress == "no"
    with pytest.raises(ValueError, match="not True"):
        GridAnswer.model_validate({"importance": True})


def test_root_is_shared() -> None:
    assert (ROOT / "questionnaires" / "learning-progress.yaml").is_file()


def test_group_names_match_device_or_organisation_and_typos_are_refused() -> None:
    from profint_assess.errors import UsageError
    from profint_assess.learning import resolve_groups

    devices = [("Tikitut", "UVUC"), ("MLV", "Youth Guarantee"), ("MCG", "LavoRas")]
    groups = resolve_groups(
        {"Sweden": ["uvuc"], "France and Italy": ["Youth  Guarantee", "MCG"]}, devices
    )
    assert groups == {
        "Sweden": [("Tikitut", "UVUC")],
        "France and Italy": [("MLV", "Youth Guarantee"), ("MCG", "LavoRas")],
    }
    with pytest.raises(UsageError, match=r"--group Sweden: .*'UVCU' \(devices: MCG / LavoRas;"):
        resolve_groups({"Sweden": ["UVCU"]}, devices)


def test_every_source_of_the_grid_is_a_section_of_the_documentation() -> None:
    # Sections of the model documentation (seed): §1.1-§1.2, §2.1-§2.4, §3.1-§3.3, §4.1-§4.2 and
    # §4.1.1-§4.1.3. Every proposal, domain and factor reason must cite one that exists.
    existing = {"1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "4.1", "4.2"}
    existing |= {"4.1.1", "4.1.2", "4.1.3"}
    assert GRID is not None
    sources = [GRID.source, *(p.source for p in GRID.proposals)]
    for domain in GRID.domains:
        sources += [domain.source, *(f.source for f in domain.factors)]
    for source in sources:
        for section in source.replace("§", "").split(","):
            assert section.strip() in existing, source
