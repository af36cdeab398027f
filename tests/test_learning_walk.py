"""The grid's blank template, its saved drafts and the plain-language walk."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from profint_assess.errors import Interrupted
from profint_assess.interview import Outcome, ScriptedPrompter
from profint_assess.learning_answers import GridDraft, blank_grid_template, dump_grid_answers
from profint_assess.learning_walk import run_grid_session
from profint_assess.loading import load_any_answers, load_model
from profint_assess.model import GridAnswer
from profint_assess.records import GridAnswersFile

MODEL = load_model()
GRID = MODEL.learning_grid("learning-progress")
assert GRID is not None
TODAY = dt.date(2026, 11, 28)


def test_blank_template_lists_every_proposal_and_becomes_valid_once_filled(tmp_path: Path) -> None:
    assert GRID is not None
    text = blank_grid_template(MODEL, GRID, today=TODAY)
    assert "reconstruction" in text
    assert text.count("{progress: , importance: }") == 22
    assert "# 22. I learned how work goes in a company here" in text
    filled = text.replace('organization: ""', "organization: Org").replace(
        'device: ""', "device: Dev"
    )
    blank, given = "L04: {progress: , importance: }", "L04: {progress: yes, importance: 2}"
    filled = filled.replace(blank, given)
    path = tmp_path / "grid.yaml"
    path.write_text(filled, encoding="utf-8")
    answers = load_any_answers(path, MODEL)
    assert isinstance(answers, GridAnswersFile)
    assert answers.answers["L04"] == GridAnswer(progress="yes", importance=2)
    assert answers.answers["L01"] == GridAnswer()


def test_dump_reads_back_exactly(tmp_path: Path) -> None:
    draft = GridDraft(
        grid="learning-progress",
        model_id="profint",
        model_version="2.0",
        organization='Org "quoted": yes',
        device="Dév",
        date=TODAY,
        order=[f"L{i:02d}" for i in range(1, 23)],
        answers={
            "L01": GridAnswer(progress="yes", importance=3),
            "L02": GridAnswer(progress="no"),
            "L03": GridAnswer(importance=1),
            "L04": GridAnswer(progress="not-concerned", importance=2),
        },
    )
    path = tmp_path / "d.yaml"
    path.write_text(dump_grid_answers(draft), encoding="utf-8")
    back = load_any_answers(path, MODEL)
    assert isinstance(back, GridAnswersFile)
    assert back.organization == draft.organization and back.device == "Dév"
    assert back.answers == draft.answers


def _walk(tmp_path: Path, lines: list[object], **kwargs: object) -> tuple[object, str, Path]:
    assert GRID is not None
    out = tmp_path / "walk.yaml"
    prompter = ScriptedPrompter(lines)  # type: ignore[arg-type]
    result = run_grid_session(
        MODEL,
        GRID,
        prompter,
        output=out,
        organization="Org",
        device="Dev",
        today=TODAY,
        **kwargs,  # type: ignore[arg-type]
    )
    return result, prompter.transcript, out


def test_walk_asks_progress_then_importance_in_plain_words(tmp_path: Path) -> None:
    lines: list[object] = []
    for i in range(22):
        lines += ["yxn"[i % 3], str(1 + i % 3)]
    result, transcript, out = _walk(tmp_path, lines)
    assert result.outcome is Outcome.COMPLETE  # type: ignore[attr-defined]
    answers = load_any_answers(out, MODEL)
    assert isinstance(answers, GridAnswersFile) and answers.status == "complete"
    assert answers.answers["L01"] == GridAnswer(progress="yes", importance=1)
    assert answers.answers["L02"] == GridAnswer(progress="not-concerned", importance=2)
    assert answers.answers["L03"] == GridAnswer(progress="no", importance=3)
    # No ids, factor names or model jargon reach the respondent.
    assert not re.search(r"\bL\d\d\b|\bF\d\d\b", transcript)
    for word in ("factor", "domain", "device", "beneficiar", "recommendation", "score"):
        assert word not in transcript.lower(), word
    assert "Part 5 of 5: Looking for a job" in transcript
    assert "Sentence 22 of 22" in transcript


def test_walk_back_skip_and_bad_keys(tmp_path: Path) -> None:
    lines = ["maybe", "y", "4", "3", "", "", "b", "b", "n", "", "q"]
    result, transcript, out = _walk(tmp_path, lines)
    assert result.outcome is Outcome.QUIT  # type: ignore[attr-defined]
    assert "Type y (yes), n (no) or x (does not concern me)." in transcript
    assert "Type 1, 2 or 3." in transcript
    answers = load_any_answers(out, MODEL)
    assert isinstance(answers, GridAnswersFile)
    # L01 y/3; L02 skipped; "b" twice (from L03, then L02) back to L01: n, importance kept.
    assert answers.answers == {"L01": GridAnswer(progress="no", importance=3)}
    assert answers.status == "in-progress"


def test_interrupted_walk_is_saved_and_resumes_at_the_first_open_sentence(tmp_path: Path) -> None:
    assert GRID is not None
    with pytest.raises(Interrupted, match="1 of 22 sentences answered, all saved"):
        _walk(tmp_path, ["y", "2", "n", KeyboardInterrupt])
    out = tmp_path / "walk.yaml"
    saved = load_any_answers(out, MODEL)
    assert isinstance(saved, GridAnswersFile)
    assert saved.answers["L02"] == GridAnswer(progress="no")
    prompter = ScriptedPrompter(["", "3", "q"])
    run_grid_session(MODEL, GRID, prompter, resume=out)
    assert "Sentence 2 of 22" in prompter.transcript
    again = load_any_answers(out, MODEL)
    assert again.answers["L02"] == GridAnswer(progress="no", importance=3)  # type: ignore[comparison-overlap]


def test_assess_walks_the_grid_from_the_command_line(tmp_path: Path) -> None:
    from tests.helpers import run_cli

    lines = "".join(f"{'yxn'[i % 3]}\n{1 + i % 3}\n" for i in range(22))
    out = tmp_path / "anna.yaml"
    result = run_cli(
        "assess",
        "--questionnaire",
        "learning-progress",
        "--organization",
        "Org",
        "--device",
        "Dev",
        "-o",
        str(out),
        "--plain",
        cwd=tmp_path,
        stdin=lines,
    )
    assert result.returncode == 0, result.stderr
    assert "22 of 22 sentences answered" in result.stdout
    saved = load_any_answers(out, MODEL)
    assert isinstance(saved, GridAnswersFile) and saved.status == "complete"
    assert saved.answers["L22"] == GridAnswer(progress="yes", importance=1)  # i = 21
