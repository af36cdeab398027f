"""Action plans: which actions the draft picks and where, the file, plan set, re-assessment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from profint_assess.errors import ProfintError, UsageError
from profint_assess.interview import ScriptedPrompter, run_session
from profint_assess.loading import load_answers
from profint_assess.model import Model
from profint_assess.plan import (
    MOVED,
    NO_EFFECT,
    NOT_MEASURED,
    NOT_MOVED,
    REACHED,
    Action,
    QuestionScores,
    draft_plan,
    dump_plan,
    is_overdue,
    ordered_actions,
    phase_sizes,
    plan_progress,
    question_scores,
    reach_for,
    success_sentence,
)
from profint_assess.plan_file import Change, load_plan, set_action, write_plan_change
from profint_assess.scoring import score
from tests.conftest import EXAMPLES

TODAY = dt.date(2026, 12, 1)


def _draft(model: Model, example: str, **options: object) -> object:
    answers = [load_answers(EXAMPLES / example, model)]
    report = score(model, answers)
    options.setdefault("today", TODAY)
    return draft_plan(report, model, files=[example], **options)  # type: ignore[arg-type]


def _picked(plan: object) -> list[tuple[str, str, str]]:
    return [(a.id, a.phase, a.recommendation) for a in plan.actions]  # type: ignore[attr-defined]


# --- drafting -------------------------------------------------------------------------------


def test_worked_example_picks_breadth_first_by_priority(builtin_model: Model) -> None:
    # By hand (README "Worked example"): F02 answers 1,1,2,0,1 -> score 25, gap 50, priority 50;
    # F04 answers 2,3,2,2,na -> 56.25, gap 18.75. F01 is at 75 (no gap). Round 1 takes each
    # gap's first recommendation, round 2 the second. F02's recommendations, weakest question
    # first: R2 (F02.Q2 1, F02.Q4 0: min 0), R1 (F02.Q1: 1), R4 (F02.Q5 1, model order after
    # R1), R3 (F02.Q3: 2). F04: R1 (F04.Q1 2) before R2 (F04.Q3 2, model order).
    # 3 actions in 2 phases: 2 then 1.
    plan = _draft(builtin_model, "worked-example.yaml", top=3, phases=2)
    assert _picked(plan) == [
        ("A01", "P1", "F02.R2"),
        ("A02", "P1", "F04.R1"),
        ("A03", "P2", "F02.R1"),
    ]
    first = plan.actions[0]  # type: ignore[attr-defined]
    assert first.questions == {"F02.Q2": 25.0, "F02.Q4": 0.0}
    assert first.reach == 3
    assert first.success == "F02.Q2 and F02.Q4 reach 3 (largely in place)"
    assert (first.owner, first.due, first.status) == ("", None, "planned")
    assert (
        first.steps
        == builtin_model.recommendations[
            [r.id for r in builtin_model.recommendations].index("F02.R2")
        ].steps
    )
    phases = plan.phases  # type: ignore[attr-defined]
    assert [(p.id, p.start, p.end) for p in phases] == [
        ("P1", dt.date(2026, 12, 1), dt.date(2027, 2, 28)),
        ("P2", dt.date(2027, 3, 1), dt.date(2027, 5, 31)),
    ]


def test_valcourt_default_plan_takes_the_six_highest_priorities(builtin_model: Model) -> None:
    # Valcourt priorities (gap x weight 1): F06 31.25, F09 30, F02 18.75, F13 15, then F03 and
    # F10 at 12.5 (model order), F04 and F12 at 10. Six actions, one per top-six gap, two per
    # phase; each gap's first recommendation (the report's order).
    plan = _draft(builtin_model, "valcourt-pathways.yaml")
    assert [(a.phase, a.factor) for a in plan.actions] == [  # type: ignore[attr-defined]
        ("P1", "F06"),
        ("P1", "F09"),
        ("P2", "F02"),
        ("P2", "F13"),
        ("P3", "F03"),
        ("P3", "F10"),
    ]


def test_borgo_verde_ties_keep_model_order(builtin_model: Model) -> None:
    # F02 65, F08 45, F10 31.25, then F01, F07, F11, F12 all at 25: model order decides.
    # Five actions in two phases: 3 then 2.
    plan = _draft(builtin_model, "borgo-verde-work-inclusion.yaml", top=5, phases=2)
    assert [(a.phase, a.factor) for a in plan.actions] == [  # type: ignore[attr-defined]
        ("P1", "F02"),
        ("P1", "F08"),
        ("P1", "F10"),
        ("P2", "F01"),
        ("P2", "F07"),
    ]


def test_no_phase_carries_everything() -> None:
    assert phase_sizes(7, 3) == [3, 2, 2]
    assert phase_sizes(6, 3) == [2, 2, 2]
    assert phase_sizes(2, 3) == [1, 1]
    assert phase_sizes(0, 3) == []
    assert max(phase_sizes(13, 4)) == 4  # ceil(13 / 4)


def test_reach_and_success_wording() -> None:
    assert [reach_for(t) for t in (75, 70, 50, 100, 0, 80)] == [3, 3, 2, 4, 0, 4]
    assert success_sentence(["F01.Q1"], 3, "Largely in place") == (
        "F01.Q1 reaches 3 (largely in place)"
    )
    assert success_sentence(["A", "B", "C"], 2) == "A, B and C reach 2"


def test_recommendation_with_nothing_to_move_is_skipped(builtin_model: Model) -> None:
    # Worked example, all of F04's gap rounds: F04.R1..R4. F04.R4 names F04.Q5 (na) and
    # F04.Q2 (3, already at the level): nothing to move, so it is never drafted.
    plan = _draft(builtin_model, "worked-example.yaml", top=20, phases=1)
    recs = [a.recommendation for a in plan.actions]  # type: ignore[attr-defined]
    rec = next(r for r in builtin_model.recommendations if r.id == "F04.R4")
    assert set(rec.questions) <= {"F04.Q2", "F04.Q5"}, "model changed: revisit this test"
    assert "F04.R4" not in recs
    assert recs[:2] == ["F02.R2", "F04.R1"]


# --- the file -------------------------------------------------------------------------------


def _write_plan(tmp_path: Path, model: Model, example: str = "worked-example.yaml") -> Path:
    plan = _draft(model, example, top=3, phases=2)
    path = tmp_path / "plan.yaml"
    path.write_text(dump_plan(plan, model, "plan.yaml"), encoding="utf-8")  # type: ignore[arg-type]
    return path


def test_draft_reads_back_as_written(builtin_model: Model, tmp_path: Path) -> None:
    path = _write_plan(tmp_path, builtin_model)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# PROFINT action plan (profint-plan/1)")
    assert "#   status: planned | in-progress | done | dropped" in text
    assert not any(line != line.rstrip() for line in text.splitlines())
    loaded = load_plan(path, builtin_model)
    assert loaded == _draft(builtin_model, "worked-example.yaml", top=3, phases=2)


BAD_PLANS = [
    ("    status: planned\n", "    status: finished\n", "status: must be one of"),
    ("    due:\n", "    due: next week\n", "due: must be a date YYYY-MM-DD"),
    ("recommendation: F02.R2", "recommendation: F04.R2", "F04.R2 belongs to F04, not to F02"),
    ("recommendation: F02.R2", "recommendation: F02.R9", "unknown recommendation 'F02.R9'"),
    ("phase: P2", "phase: P9", "unknown phase 'P9' (phases: P1, P2)"),
    ("{F02.Q2: 25, F02.Q4: 0}", "{F02.Q2: 25, F03.Q4: 0}", "is a question of F03, not F02"),
    ("  - id: A02", "  - id: A01", "duplicate action id 'A01'"),
    ("format: profint-plan/1", "format: profint-plan/2", "unsupported format 'profint-plan/2'"),
]


@pytest.mark.parametrize(("old", "new", "message"), BAD_PLANS)
def test_bad_plan_is_located(
    builtin_model: Model, tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = _write_plan(tmp_path, builtin_model)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    # The changed line (the last one holding the new text: A01 is also the first action's id).
    line = [i for i, t in enumerate(path.read_text().splitlines(), 1) if new.strip() in t][-1]
    with pytest.raises(ProfintError) as caught:
        load_plan(path, builtin_model)
    assert any(message in str(p) and p.line == line for p in caught.value.problems), (
        caught.value.lines()
    )


def test_plan_of_another_model_version_says_so(builtin_model: Model, tmp_path: Path) -> None:
    path = _write_plan(tmp_path, builtin_model)
    text = path.read_text(encoding="utf-8").replace('version: "2.0"', 'version: "1.0"')
    path.write_text(text.replace("F02.R2", "F02.R9"), encoding="utf-8")
    with pytest.raises(ProfintError) as caught:
        load_plan(path, builtin_model)
    assert "(the plan was made on model version 1.0, this is 2.0)" in caught.value.lines()[0]


# --- plan set -------------------------------------------------------------------------------


def test_plan_set_keeps_comments_and_hand_edits(builtin_model: Model, tmp_path: Path) -> None:
    path = _write_plan(tmp_path, builtin_model)
    text = path.read_text(encoding="utf-8")
    # Hand edits: a comment, an owner with a comment after it, an action without notes.
    text = text.replace("  - id: A02\n", "  # agreed at the board, 3 Dec\n  - id: A02\n")
    text = text.replace('    owner: ""\n', "    owner: Ana   # deputy director\n", 1)
    text = text.replace('    notes: ""\n', "", 2)  # A01 and A02 lose their notes line
    path.write_text(text, encoding="utf-8")

    write_plan_change(
        path,
        builtin_model,
        "A02",
        Change(status="done", owner="Jo", due="2027-01-31", note='map: "done"'),
    )
    write_plan_change(path, builtin_model, "A01", Change(owner="Lea", note="first"))
    write_plan_change(path, builtin_model, "A01", Change(note="second"))
    after = path.read_text(encoding="utf-8")
    plan = load_plan(path, builtin_model)
    a01, a02 = plan.action("A01"), plan.action("A02")
    assert a01 is not None and a02 is not None
    assert (a01.owner, a01.notes, a01.status) == ("Lea", "first\nsecond", "planned")
    assert (a02.status, a02.owner, a02.due, a02.notes) == (
        "done",
        "Jo",
        dt.date(2027, 1, 31),
        'map: "done"',
    )
    assert "  # agreed at the board, 3 Dec\n  - id: A02\n" in after
    assert '    owner: "Lea"   # deputy director\n' in after
    # Every line but the changed ones is as it was.
    changed = {"owner", "due", "status", "notes"}
    kept = [ln for ln in text.splitlines() if ln.split(":")[0].strip() not in changed]
    assert [ln for ln in after.splitlines() if ln.split(":")[0].strip() not in changed] == kept


@pytest.mark.parametrize(
    ("action", "change", "message"),
    [
        ("A01", Change(status="finished"), "--status 'finished': must be one of"),
        ("A01", Change(due="31/01/2027"), "--due '31/01/2027': must be a date YYYY-MM-DD"),
        ("A01", Change(due="2027-02-30"), "must be a date"),
        ("A99", Change(status="done"), "no action 'A99' (actions: A01, A02, A03)"),
        ("A01", Change(), "nothing to change"),
    ],
)
def test_plan_set_refuses_and_writes_nothing(
    builtin_model: Model, tmp_path: Path, action: str, change: Change, message: str
) -> None:
    path = _write_plan(tmp_path, builtin_model)
    before = path.read_bytes()
    with pytest.raises(ProfintError) as caught:
        write_plan_change(path, builtin_model, action, change)
    assert message in str(caught.value)
    assert caught.value.exit_code == 2
    assert path.read_bytes() == before


def test_plan_set_on_invalid_yaml_names_the_line(builtin_model: Model, tmp_path: Path) -> None:
    path = _write_plan(tmp_path, builtin_model)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, t in enumerate(lines) if t.startswith("    owner:"))
    lines[at] = '    owner: "unclosed\n'
    path.write_text("".join(lines), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(ProfintError) as caught:
        set_action(path, builtin_model, "A01", Change(status="done"))
    problem = caught.value.problems[0]
    assert "not valid YAML" in problem.message and problem.line is not None
    assert path.read_bytes() == before


def test_unknown_status_from_usage_error_class() -> None:
    with pytest.raises(UsageError):
        from profint_assess.plan_file import check_change

        check_change(Change(status="Done"))


# --- state and progress ---------------------------------------------------------------------


def _action(**fields: object) -> Action:
    base: dict[str, object] = {
        "id": "A01",
        "phase": "P1",
        "factor": "F02",
        "title": "t",
        "questions": {"F02.Q2": 25.0, "F02.Q4": 0.0},
        "reach": 3,
    }
    return Action.model_validate({**base, **fields})


def test_overdue_is_past_due_and_not_done() -> None:
    today = dt.date(2027, 2, 1)
    assert is_overdue(_action(due="2027-01-31"), today)
    assert not is_overdue(_action(due="2027-02-01"), today)
    assert not is_overdue(_action(due="2027-01-31", status="done"), today)
    assert not is_overdue(_action(due="2027-01-31", status="dropped"), today)
    assert not is_overdue(_action(), today)


def test_plan_show_order_puts_overdue_first(builtin_model: Model) -> None:
    plan = _draft(builtin_model, "valcourt-pathways.yaml")
    actions = [
        a.model_copy(update=u)
        for a, u in zip(
            plan.actions,  # type: ignore[attr-defined]
            [
                {"status": "done"},
                {"due": dt.date(2026, 12, 15)},
                {},
                {"status": "in-progress"},
                {},
                {},
            ],
            strict=True,
        )
    ]
    plan = plan.model_copy(update={"actions": actions})  # type: ignore[attr-defined]
    groups = ordered_actions(plan, dt.date(2027, 1, 1))
    assert [[a.id for a in members] for _, members in groups] == [
        ["A02", "A01"],
        ["A04", "A03"],
        ["A05", "A06"],
    ]


def _scores(**scores: float | None) -> QuestionScores:
    return QuestionScores({k.replace("_", "."): v for k, v in scores.items()}, frozenset())


def test_progress_states() -> None:
    before = _scores(F02_Q2=25.0, F02_Q4=0.0)
    cases = [
        (_action(status="done"), _scores(F02_Q2=75.0, F02_Q4=100.0), REACHED),
        (_action(status="planned"), _scores(F02_Q2=50.0, F02_Q4=0.0), MOVED),
        (_action(status="done"), _scores(F02_Q2=25.0, F02_Q4=0.0), NO_EFFECT),
        (_action(status="in-progress"), _scores(F02_Q2=25.0, F02_Q4=0.0), NOT_MOVED),
        (_action(status="done"), _scores(), NOT_MEASURED),
    ]
    for action, after, expected in cases:
        [progress] = plan_progress(_plan_of([action]), before, after)
        assert progress.state == expected, (action.status, after)


def _plan_of(actions: list[Action]) -> object:
    from profint_assess.plan import PlanFile

    return PlanFile.model_validate(
        {
            "format": "profint-plan/1",
            "model": {"id": "profint", "version": "2.0"},
            "organization": "o",
            "device": "d",
            "created": "2026-12-01",
            "based_on": {"date": "2026-11-28", "method": "m"},
            "phases": [{"id": "P1", "title": "one"}],
            "actions": [a.model_dump() for a in actions],
        }
    )


def test_effort_without_effect_is_listed_first() -> None:
    actions = [
        _action(id="A01", status="planned"),
        _action(id="A02", status="done"),
        _action(id="A03", status="done", questions={"F02.Q1": 25.0}),
    ]
    before = _scores(F02_Q2=25.0, F02_Q4=0.0, F02_Q1=25.0)
    after = _scores(F02_Q2=25.0, F02_Q4=0.0, F02_Q1=50.0)
    items = plan_progress(_plan_of(actions), before, after)  # type: ignore[arg-type]
    assert [(p.action.id, p.state) for p in items] == [
        ("A02", NO_EFFECT),
        ("A01", NOT_MOVED),
        ("A03", MOVED),
    ]
    assert [(m.id, m.delta) for m in items[2].questions] == [("F02.Q1", 25.0)]


def test_question_scores_mean_and_na(builtin_model: Model) -> None:
    answers = [load_answers(EXAMPLES / "worked-example.yaml", builtin_model)]
    scores = question_scores(score(builtin_model, answers))
    assert scores.get("F01.Q1") == 75.0
    assert scores.get("F02.Q4") == 0.0
    assert "F01.Q4" in scores.scores and scores.get("F01.Q4") is None  # unknown
    assert "F01.Q3" in scores.not_applicable


# --- assess --from --------------------------------------------------------------------------


def test_assess_from_carries_answers_and_records_confirmations(
    small_model: Model, tmp_path: Path
) -> None:
    previous = tmp_path / "before.yaml"
    previous.write_text(
        "format: profint-answers/1\nquestionnaire: self\nmodel: {id: mini, version: '1.0'}\n"
        "organization: Org\ndevice: Dev\nrespondent: {role: manager}\ndate: 2026-05-01\n"
        "answers:\n  F01.Q1: {value: 1, note: pilot}\n  F01.Q2: 2\n  F02.Q1: 3\n  F02.Q2: 0\n",
        encoding="utf-8",
    )
    new = tmp_path / "after.yaml"
    # F01.Q1: Enter confirms; F01.Q2: 3 changes it; F02.Q1: 3 typed again (= confirm); quit.
    prompter = ScriptedPrompter(["", "3", "3", "q"])
    run_session(small_model, prompter, previous=previous, output=new, today=TODAY, plain=True)
    assert "Previous answer (2026-05-01): 1 (Initiated), note: pilot." in prompter.transcript
    assert "F01.Q1 [0-4 n u ? b q, Enter confirms 1]" in prompter.transcript
    loaded = load_answers(new, small_model)
    assert loaded.baseline is not None and loaded.baseline.date == dt.date(2026, 5, 1)
    assert loaded.baseline.file == str(previous)
    assert loaded.date == TODAY and loaded.status == "in-progress"
    got = {q: (a.value, a.carried, a.confirmed) for q, a in loaded.answers.items()}
    assert got == {
        "F01.Q1": (1, False, True),
        "F01.Q2": (3, False, False),
        "F02.Q1": (3, False, True),
        "F02.Q2": (0, True, False),
    }
    assert loaded.answers["F01.Q1"].note == "pilot"
    # Resuming goes straight to the carried answer still to confirm, then it is complete.
    prompter = ScriptedPrompter([""])
    run_session(small_model, prompter, resume=new, plain=True)
    assert "Resuming at F02.Q2" in prompter.transcript
    loaded = load_answers(new, small_model)
    assert loaded.status == "complete"
    assert loaded.answers["F02.Q2"].confirmed


def test_assess_from_never_writes_over_the_previous_file(
    small_model: Model, tmp_path: Path
) -> None:
    previous = tmp_path / "before.yaml"
    previous.write_text(
        "format: profint-answers/1\nquestionnaire: self\nmodel: {id: mini, version: '1.0'}\n"
        "organization: Org\ndevice: Dev\nrespondent: {role: manager}\ndate: 2026-05-01\n"
        "answers:\n  F01.Q1: 1\n",
        encoding="utf-8",
    )
    before = previous.read_bytes()
    with pytest.raises(UsageError, match="is the previous assessment"):
        run_session(
            small_model,
            ScriptedPrompter([]),
            previous=previous,
            output=previous,
            force=True,
            today=TODAY,
        )
    assert previous.read_bytes() == before


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_plan_set_adds_missing_keys_in_order_with_the_files_line_ending(
    builtin_model: Model, tmp_path: Path, eol: str
) -> None:
    path = _write_plan(tmp_path, builtin_model)
    text = path.read_text(encoding="utf-8")
    at = text.index("  - id: A03")
    # A03 written by hand without owner, due, status and notes, and no final newline.
    tail = text[at:].replace('    owner: ""\n    due:\n    status: planned\n    notes: ""\n', "")
    text = (text[:at] + tail).rstrip("\n")
    path.write_bytes(text.replace("\n", eol).encode("utf-8"))
    write_plan_change(
        path, builtin_model, "A03", Change(status="done", owner="Jo", due="2027-01-01", note="x")
    )
    after = path.read_bytes().decode("utf-8")
    assert after.endswith(
        eol.join(
            [
                '    success: "F02.Q1 reaches 3 (largely in place)"',
                "    status: done",
                '    owner: "Jo"',
                "    due: 2027-01-01",
                '    notes: "x"',
                "",
            ]
        )
    )
    assert after.count("\n") == after.count(eol)


def test_plan_set_on_a_flow_style_action(builtin_model: Model, tmp_path: Path) -> None:
    path = _write_plan(tmp_path, builtin_model)
    text = path.read_text(encoding="utf-8")
    text = text[: text.index("  - id: A03")] + (
        '  - {id: A03, phase: P2, factor: F02, title: "By hand", status: planned}  # mine\n'
    )
    path.write_text(text, encoding="utf-8")
    write_plan_change(path, builtin_model, "A03", Change(status="done", owner="Jo"))
    assert path.read_text(encoding="utf-8").endswith(
        '  - {id: A03, phase: P2, factor: F02, title: "By hand", status: done, owner: "Jo"}'
        "  # mine\n"
    )
