"""The walk, driven by a ScriptedPrompter: keys, notes, back, help, quit, resume, review."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from profint_assess.answers import Draft
from profint_assess.errors import AnswersError, Interrupted, UsageError
from profint_assess.interview import (
    REMINDER,
    Command,
    Outcome,
    ScriptedPrompter,
    Walk,
    parse_line,
    run_session,
)
from profint_assess.loading import load_answers
from profint_assess.model import Answer, Model

TODAY = dt.date(2026, 11, 28)
BOX_CHARS = set("─│┌┐└┘╭╮╰╯━┃")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("3", Command("answer", 3)),
        ("  0  ", Command("answer", 0)),
        ("4 agreements signed: two", Command("answer", 4, "agreements signed: two")),
        ("n", Command("answer", "na")),
        ("N does not apply here", Command("answer", "na", "does not apply here")),
        ("na", Command("answer", "na")),
        ("u", Command("answer", "unknown")),
        ("unknown ask the director", Command("answer", "unknown", "ask the director")),
        ("", Command("keep")),
        ("   ", Command("keep")),
        ("?", Command("help")),
        ("b", Command("back")),
        ("Q", Command("quit")),
        ("5", Command("invalid")),
        ("3.5", Command("invalid")),
        ("31", Command("invalid")),
        ("3,note", Command("invalid")),
        ("yes", Command("invalid")),
        ("b please", Command("invalid")),
        ("2 a\x1bb\x07c", Command("answer", 2, "abc")),
        ("3d", Command("answer", 3, "", "documented")),
        ("3V minutes of the review", Command("answer", 3, "minutes of the review", "verified")),
        ("0v", Command("answer", 0, "", "verified")),
        ("3 d", Command("answer", 3, "d")),  # a letter after a space is a note
        ("3x", Command("invalid")),
        ("3dv", Command("invalid")),
        ("nd", Command("invalid")),
    ],
)
def test_parse_line(line: str, expected: Command) -> None:
    assert parse_line(line) == expected


def _session(
    model: Model, lines: list, tmp_path: Path, **options: object
) -> tuple[ScriptedPrompter, object]:
    prompter = ScriptedPrompter(lines)
    options.setdefault("output", tmp_path / "out.yaml")
    options.setdefault("today", TODAY)
    options.setdefault("plain", True)
    result = run_session(model, prompter, **options)  # type: ignore[arg-type]
    return prompter, result


def test_full_walk_with_every_key(small_model: Model, tmp_path: Path) -> None:
    lines = [
        "Mission Locale Example",  # organisation
        "Youth Guarantee",  # device
        "bogus",  # role: not a role
        "team",
        "x",  # F01.Q1: invalid key, then a valid answer with a note
        '3v signed: "two" housing associations',
        "?",  # F01.Q2: help, then not applicable
        "n",
        "b",  # F02.Q1: back to F01.Q2, Enter keeps its answer
        "",
        "",  # F02.Q1: Enter with no saved answer is refused
        "u",
        "4d",  # F02.Q2, documented
    ]
    prompter, result = _session(small_model, lines, tmp_path)
    assert result.outcome is Outcome.COMPLETE
    assert prompter.unused == 0
    assert prompter.prompts[4:] == [
        "F01.Q1 [0-4 n u ? b q]: ",
        "F01.Q1 [0-4 n u ? b q]: ",
        "F01.Q2 [0-4 n u ? b q]: ",
        "F01.Q2 [0-4 n u ? b q]: ",
        "F02.Q1 [0-4 n u ? b q]: ",
        "F01.Q2 [0-4 n u ? b q, Enter keeps n]: ",
        "F02.Q1 [0-4 n u ? b q]: ",
        "F02.Q1 [0-4 n u ? b q]: ",
        "F02.Q2 [0-4 n u ? b q]: ",
    ]
    seen = prompter.transcript
    assert REMINDER in seen
    assert "not a role with a questionnaire" in seen
    assert "Help for F01.Q2." in seen and "Source: mini model documentation §4.1.2" in seen
    assert "Saved answer: n (not applicable)" in seen
    assert "No saved answer to keep" in seen
    assert "F01 done, 2 questions: 1 with a level, 1 not applicable, 0 don't know." in seen
    assert "F02 done, 2 questions: 1 with a level, 0 not applicable, 1 don't know." in seen
    assert "Factor 2 of 2" in seen and "Field: The support strategy" in seen
    assert "none one" in seen and "all one" in seen  # level descriptors are shown
    # No score preview during the walk (see the module docstring).
    assert "score" not in seen.lower()
    assert not BOX_CHARS & set(seen)

    saved = load_answers(tmp_path / "out.yaml", small_model)
    assert saved.status == "complete"
    assert saved.organization == "Mission Locale Example"
    assert saved.respondent.role == "team"
    assert saved.date == TODAY
    assert saved.answers == {
        "F01.Q1": Answer(value=3, note='signed: "two" housing associations', evidence="verified"),
        "F01.Q2": Answer(value="na"),
        "F02.Q1": Answer(value="unknown"),
        "F02.Q2": Answer(value=4, evidence="documented"),
    }
    text = (tmp_path / "out.yaml").read_text(encoding="utf-8")
    assert "  F02.Q2: {value: 4, evidence: documented}\n" in text
    assert "  F01.Q2: na\n" in text  # declared, no note: the short form


def _draft(model: Model) -> Draft:
    questionnaire = model.questionnaires[0]
    return Draft(
        questionnaire=questionnaire.id,
        model_id=model.meta.id,
        model_version=model.meta.version,
        organization="Org",
        device="Dev",
        role="manager",
        date=TODAY,
        question_order=[q.id for q in questionnaire.questions],
    )


def test_saves_after_every_answer_and_only_then(small_model: Model) -> None:
    saves: list[dict[str, Answer]] = []
    draft = _draft(small_model)
    prompter = ScriptedPrompter(["1", "?", "x", "2", "b", "", "3", "b", "4 a note", "0"])
    walk = Walk(
        small_model,
        small_model.questionnaires[0],
        draft,
        prompter,
        lambda d: saves.append(dict(d.answers)),
    )
    assert walk.run() is Outcome.COMPLETE
    # One save per answer given; help, invalid keys, back and Enter save nothing new.
    assert [list(s) for s in saves] == [
        ["F01.Q1"],
        ["F01.Q1", "F01.Q2"],
        ["F01.Q1", "F01.Q2", "F02.Q1"],
        ["F01.Q1", "F01.Q2", "F02.Q1"],
        ["F01.Q1", "F01.Q2", "F02.Q1", "F02.Q2"],
    ]
    assert saves[3]["F02.Q1"] == Answer(value=4, note="a note")
    assert draft.answers["F02.Q2"] == Answer(value=0)


def test_back_on_the_first_question_stays(small_model: Model) -> None:
    prompter = ScriptedPrompter(["b", "1", "1", "1", "1"])
    walk = Walk(small_model, small_model.questionnaires[0], _draft(small_model), prompter, print)
    assert walk.run() is Outcome.COMPLETE
    assert "first question" in prompter.transcript
    assert prompter.prompts[0] == prompter.prompts[1] == "F01.Q1 [0-4 n u ? b q]: "


def test_quit_saves_and_returns(small_model: Model, tmp_path: Path) -> None:
    prompter, result = _session(
        small_model, ["2 first", "q"], tmp_path, organization="Org", device="Dev", role="manager"
    )
    assert result.outcome is Outcome.QUIT
    saved = load_answers(tmp_path / "out.yaml", small_model)
    assert saved.status == "in-progress"
    assert saved.answers == {"F01.Q1": Answer(value=2, note="first")}


@pytest.mark.parametrize("stop", [KeyboardInterrupt, EOFError])
def test_interrupt_or_end_of_input_saves_and_raises_130(
    small_model: Model, tmp_path: Path, stop: type[BaseException]
) -> None:
    with pytest.raises(Interrupted) as info:
        _session(
            small_model,
            ["1", "2 with a note", stop],
            tmp_path,
            organization="Org",
            device="Dev",
            role="manager",
        )
    assert info.value.exit_code == 130
    message = "\n".join(info.value.lines())
    assert "2 of 4 questions answered, all saved (status in-progress)" in message
    assert f"profint-assess assess --resume {tmp_path / 'out.yaml'}" in message
    saved = load_answers(tmp_path / "out.yaml", small_model)
    assert saved.status == "in-progress"
    assert saved.answers == {
        "F01.Q1": Answer(value=1),
        "F01.Q2": Answer(value=2, note="with a note"),
    }


def test_interrupt_before_the_first_question_saves_nothing(
    small_model: Model, tmp_path: Path
) -> None:
    with pytest.raises(Interrupted, match="nothing was saved"):
        _session(small_model, [KeyboardInterrupt], tmp_path)
    assert not (tmp_path / "out.yaml").exists()


def test_resume_opens_at_the_first_unanswered_question(small_model: Model, tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    with pytest.raises(Interrupted):
        _session(small_model, ["Org", "Dev", "", "3 kept", "1", KeyboardInterrupt], tmp_path)
    before = load_answers(path, small_model).answers

    prompter, result = _session(small_model, ["2", "0"], tmp_path, output=None, resume=path)
    assert prompter.prompts[0] == "F02.Q1 [0-4 n u ? b q]: "
    assert "Resuming at F02.Q1: 2 of 4 questions answered so far." in prompter.transcript
    assert result.path == path
    saved = load_answers(path, small_model)
    assert saved.status == "complete"
    assert {k: saved.answers[k] for k in before} == before
    assert saved.answers["F02.Q2"] == Answer(value=0)


def test_review_walks_everything_and_enter_keeps(small_model: Model, tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    _session(small_model, ["Org", "Dev", "", "3 kept note", "n", "u", "4"], tmp_path)
    # Enter keeps; a bare value replaces the level but keeps the note; a new note replaces it.
    prompter, _ = _session(
        small_model, ["2", "", "1 new note", ""], tmp_path, output=None, resume=path, review=True
    )
    assert prompter.prompts == [
        "F01.Q1 [0-4 n u ? b q, Enter keeps 3]: ",
        "F01.Q2 [0-4 n u ? b q, Enter keeps n]: ",
        "F02.Q1 [0-4 n u ? b q, Enter keeps u]: ",
        "F02.Q2 [0-4 n u ? b q, Enter keeps 4]: ",
    ]
    assert "Saved answer: 3 (Largely in place), note: kept note" in prompter.transcript
    saved = load_answers(path, small_model)
    assert saved.status == "complete"
    assert saved.answers == {
        "F01.Q1": Answer(value=2, note="kept note"),
        "F01.Q2": Answer(value="na"),
        "F02.Q1": Answer(value=1, note="new note"),
        "F02.Q2": Answer(value=4),
    }


def test_resume_of_a_finished_file_without_review(small_model: Model, tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    _session(small_model, ["Org", "Dev", "", "1", "1", "1", "1"], tmp_path)
    text = path.read_text(encoding="utf-8")
    prompter, result = _session(small_model, [], tmp_path, output=None, resume=path)
    assert result.outcome is Outcome.COMPLETE
    assert "already answered" in prompter.transcript
    assert path.read_text(encoding="utf-8") == text  # nothing changed, nothing rewritten


def test_factor_subset_leaves_the_file_in_progress(small_model: Model, tmp_path: Path) -> None:
    prompter, result = _session(
        small_model,
        ["3", "4"],
        tmp_path,
        organization="Org",
        device="Dev",
        role="manager",
        factors=["f02"],
    )
    assert result.outcome is Outcome.COMPLETE
    assert "Factor 1 of 1" in prompter.transcript
    saved = load_answers(tmp_path / "out.yaml", small_model)
    assert saved.status == "in-progress"
    assert set(saved.answers) == {"F02.Q1", "F02.Q2"}


def test_unknown_factor_is_a_usage_error(small_model: Model, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="F09: not a factor"):
        _session(
            small_model, [], tmp_path, organization="O", device="D", role="manager", factors=["F09"]
        )


def test_refuses_to_overwrite_before_asking_anything(small_model: Model, tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    path.write_text("precious\n")
    with pytest.raises(UsageError, match="already exists"):
        _session(small_model, ["Org"], tmp_path)
    assert path.read_text() == "precious\n"
    _session(small_model, ["Org", "Dev", "", "1", "1", "1", "1"], tmp_path, force=True)
    assert load_answers(path, small_model).status == "complete"


def test_default_output_name_and_refusal(
    small_model: Model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    _, result = _session(small_model, ["Réfugiés & Co", "Dev", "", "q"], tmp_path, output=None)
    assert result.path == Path("refugies-co-2026-11-28.yaml")
    assert (tmp_path / "refugies-co-2026-11-28.yaml").exists()
    prompter = ScriptedPrompter(["Réfugiés & Co", "never asked"])
    with pytest.raises(UsageError, match="refugies-co-2026-11-28.yaml: already exists; continue"):
        run_session(small_model, prompter, today=TODAY)
    assert prompter.unused == 1  # refused right after the organisation, before the device


def test_resume_with_another_role_is_refused(small_model: Model, tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    _session(small_model, ["Org", "Dev", "", "q"], tmp_path)
    with pytest.raises(UsageError, match="keeps its role"):
        _session(small_model, [], tmp_path, output=None, resume=path, role="team")


def test_unwritable_output_is_a_clear_error(small_model: Model, tmp_path: Path) -> None:
    with pytest.raises(AnswersError, match="cannot be saved"):
        _session(
            small_model,
            [],
            tmp_path,
            output=tmp_path / "missing" / "a.yaml",
            organization="O",
            device="D",
            role="manager",
        )


def test_rich_mode_draws_a_panel_and_plain_does_not(small_model: Model, tmp_path: Path) -> None:
    args = {"organization": "O", "device": "D", "role": "manager"}
    fancy, _ = _session(small_model, ["q"], tmp_path, plain=False, **args)
    plain, _ = _session(small_model, ["q"], tmp_path, plain=True, force=True, **args)
    assert BOX_CHARS & set(fancy.transcript)
    assert not BOX_CHARS & set(plain.transcript)
    assert "F01 First factor" in plain.transcript


def test_the_builtin_questionnaire_can_be_walked_to_the_end(
    builtin_model: Model, tmp_path: Path
) -> None:
    questions = builtin_model.questionnaire_for("manager").questions  # type: ignore[union-attr]
    lines = [str(i % 5) for i in range(len(questions))]
    prompter, result = _session(
        builtin_model, lines, tmp_path, organization="O", device="D", role="manager"
    )
    assert result.outcome is Outcome.COMPLETE
    assert "Factor 13 of 13" in prompter.transcript
    saved = load_answers(tmp_path / "out.yaml", builtin_model)
    assert saved.status == "complete" and len(saved.answers) == len(questions) == 63
