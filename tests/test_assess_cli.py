"""``profint-assess assess`` as a user runs it: exit codes, messages, files, the final report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from profint_assess.loading import load_answers
from profint_assess.model import Answer, Model
from tests.helpers import run_cli


def test_closing_stdin_mid_walk_loses_nothing(small_model_dir: Path, small_model: Model) -> None:
    cwd = small_model_dir.parent
    result = run_cli(
        "assess", "--model", str(small_model_dir), "-o", "a.yaml", "--role", "manager",
        cwd=cwd, stdin="Org\nDev\n1\n2 a note: kept\n",
    )  # fmt: skip
    assert result.returncode == 130
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.strip() == (
        "a.yaml: input ended: 2 of 4 questions answered, all saved (status in-progress). "
        "Resume with: profint-assess assess --resume a.yaml"
    )
    saved = load_answers(cwd / "a.yaml", small_model)
    assert saved.status == "in-progress"
    assert saved.answers == {
        "F01.Q1": Answer(value=1),
        "F01.Q2": Answer(value=2, note="a note: kept"),
    }


def test_no_input_at_all(small_model_dir: Path) -> None:
    result = run_cli("assess", "--model", str(small_model_dir), cwd=small_model_dir.parent)
    assert result.returncode == 130
    assert "Traceback" not in result.stdout + result.stderr
    assert "input ended before the first question; nothing was saved" in result.stderr
    assert not list(small_model_dir.parent.glob("*.yaml"))


def test_default_name_and_refusal_to_overwrite(small_model_dir: Path) -> None:
    cwd = small_model_dir.parent
    args = ("assess", "--model", str(small_model_dir), "--organization", "Mission Locale Example")
    first = run_cli(*args, "--device", "D", "--role", "team", cwd=cwd, stdin="3\nq\n")
    assert first.returncode == 0, first.stderr
    path = cwd / f"mission-locale-example-{dt.date.today().isoformat()}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "F01.Q1: 3" in text
    assert f"Continue with: profint-assess assess --resume {path.name}" in first.stdout

    again = run_cli(*args, "--device", "D", cwd=cwd, stdin="4\n")
    assert again.returncode == 2
    assert "already exists" in again.stderr and "--force" in again.stderr
    assert path.read_text(encoding="utf-8") == text

    forced = run_cli(*args, "--device", "D", "--role", "team", "--force", cwd=cwd, stdin="4\nq\n")
    assert forced.returncode == 0
    assert "F01.Q1: 4" in path.read_text(encoding="utf-8")


def test_full_walk_prints_the_score_report_and_the_path(tmp_path: Path) -> None:
    lines = "".join(f"{i % 5} note {i}\n" for i in range(63))
    result = run_cli(
        "assess", "-o", "full.yaml", "--organization", "Org", "--device", "Dev", "--plain",
        "--role", "manager", cwd=tmp_path, stdin=lines,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.rstrip().endswith("Saved full.yaml (status complete, 63 of 63 answered).")
    scored = run_cli("score", "full.yaml", "--plain", cwd=tmp_path)
    assert scored.returncode == 0, scored.stderr
    # The same report as `score`, word for word.
    assert scored.stdout in result.stdout
    assert "status: complete" in (tmp_path / "full.yaml").read_text(encoding="utf-8")


def test_unknown_role_and_factor_are_usage_errors(tmp_path: Path) -> None:
    bad_role = run_cli("assess", "--role", "boss", "-o", "x.yaml", cwd=tmp_path)
    assert bad_role.returncode == 2
    assert bad_role.stderr.startswith("--role boss: no questionnaire for this role in the model")
    assert "(roles: manager" in bad_role.stderr
    bad_factor = run_cli(
        "assess", "--factor", "F99", "--organization", "O", "--device", "D", "-o", "x.yaml",
        "--role", "manager", cwd=tmp_path,
    )  # fmt: skip
    assert bad_factor.returncode == 2
    assert "--factor F99: not a factor" in bad_factor.stderr
    # Refused before anything is written: the corrected command must not find x.yaml in its way.
    assert not (tmp_path / "x.yaml").exists()
    previous = Path(__file__).resolve().parent.parent / "examples" / "worked-example.yaml"
    from_bad = run_cli("assess", "--from", str(previous), "--factor", "F99", "-o", "y.yaml",
                       cwd=tmp_path)  # fmt: skip
    assert from_bad.returncode == 2 and "--factor F99: not a factor" in from_bad.stderr
    assert not (tmp_path / "y.yaml").exists()


def test_resume_of_an_invalid_file_names_the_problem(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("format: profint-answers/1\nanswers: [\n")
    result = run_cli("assess", "--resume", "bad.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("bad.yaml:")
    assert "Traceback" not in result.stderr


def test_resuming_a_json_file_does_not_turn_it_into_yaml(tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    original = (
        '{"format": "profint-answers/1", "questionnaire": "self-assessment", '
        '"model": {"id": "profint", "version": "2.0"}, "organization": "O", "device": "D", '
        '"respondent": {"role": "manager"}, "date": "2026-11-28", "status": "in-progress", '
        '"answers": {"F01.Q1": 3}}'
    )
    answers.write_text(original, encoding="utf-8")
    refused = run_cli("assess", "--resume", "a.json", cwd=tmp_path, stdin="q\n")
    assert refused.returncode == 2 and "give -o FILE.yaml" in refused.stderr
    assert answers.read_text(encoding="utf-8") == original
    moved = run_cli("assess", "--resume", "a.json", "-o", "a.yaml", cwd=tmp_path, stdin="q\n")
    assert moved.returncode == 0, moved.stderr
    assert "F01.Q1: 3" in (tmp_path / "a.yaml").read_text(encoding="utf-8")
