"""Findings of the red-team pass (issue 18) on the commands: batch output, --jobs, targets."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import EXAMPLES

GOOD = EXAMPLES / "worked-example.yaml"
GOOD_TEXT = GOOD.read_text(encoding="utf-8")


def test_batch_refuses_to_write_onto_one_of_its_inputs(cli, tmp_path: Path) -> None:
    folder = tmp_path / "answers"
    folder.mkdir()
    answers = folder / "a.yaml"
    answers.write_text(GOOD_TEXT, encoding="utf-8")
    result = cli("batch", folder, "-o", answers, "--format", "csv")
    assert result.exit_code == 2, result
    assert f"-o {answers}: is one of the input files" in result.stderr
    assert answers.read_text(encoding="utf-8") == GOOD_TEXT


def test_jobs_are_capped_at_the_cpu_count(cli, tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(GOOD_TEXT, encoding="utf-8")
    result = cli("batch", answers, "--jobs", "1000", "--format", "csv")
    assert result.exit_code == 0, result
    cpus = os.cpu_count() or 1
    assert f"--jobs 1000: using {cpus}, the number of CPUs" in result.stderr


def test_conflicting_targets_leave_out_one_assessment_not_the_batch(cli, tmp_path: Path) -> None:
    one = tmp_path / "one.yaml"
    one.write_text(GOOD_TEXT.replace("status: in-progress", "target: 60"), encoding="utf-8")
    two = tmp_path / "two.yaml"
    two.write_text(GOOD_TEXT.replace("status: in-progress", "target: 80"), encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text(GOOD_TEXT.replace("Welcome to Work", "Other"), encoding="utf-8")
    result = cli("batch", one, two, other, "--format", "csv")
    assert result.exit_code == 2, result
    assert "Worked Example Association / Welcome to Work / 2026-11-28" in result.stderr
    assert "set different targets" in result.stderr and "Traceback" not in result.stderr
    rows = result.stdout.splitlines()
    assert any(",Other," in row for row in rows)
    assert not any(",Welcome to Work," in row for row in rows)
    skipped = cli("batch", one, two, other, "--format", "csv", "--skip-invalid")
    assert skipped.exit_code == 0, skipped
