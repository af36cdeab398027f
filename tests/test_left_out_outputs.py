"""Issue 11 acceptance: files of a role below its minimum change nothing that any format shows,
except the one statement that they were left out; every output names the method."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SMALL_MODEL, answers_yaml, write_tree
from tests.test_scoring_method import BENEFICIARY_QUESTIONNAIRE, CHOICES

FORMATS = ["terminal", "json", "markdown", "csv", "html"]
SCORE_FILES = ["F01.Q1", "F01.Q2", "F02.Q1", "F03.Q1"]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    files = dict(SMALL_MODEL, **{"questionnaires/beneficiary.yaml": BENEFICIARY_QUESTIONNAIRE})
    return write_tree(tmp_path / "model", files)


def make_files(folder: Path, seed: int) -> tuple[list[Path], list[Path]]:
    """(files that count, beneficiary files fewer than 3) with random answers."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)

    def add(name: str, role: str, questionnaire: str, ids: list[str], extra: str = "") -> Path:
        body = "\n".join(f"{q}: {rng.choice(CHOICES)}" for q in ids)
        path = folder / name
        text = answers_yaml(body, role=role, questionnaire=questionnaire, extra=extra)
        path.write_text(text, encoding="utf-8")
        return path

    counted = [add("m.yaml", "manager", "self", SCORE_FILES)]
    counted += [
        add(f"p{i}.yaml", "partner", "partner", ["F01.Q1", "F02.Q1"])
        for i in range(rng.randint(1, 3))
    ]
    extra = [
        # A target too: a left-out file sets none (nor conflicts with the others').
        add(f"b{i}.yaml", "beneficiary", "beneficiary", ["F01.B1", "F03.B1"], "target: 95\n")
        for i in range(rng.randint(1, 2))
    ]
    return counted, extra


def without_left_out(fmt: str, text: str) -> object:
    """The output minus what may differ: the statement that files were left out."""
    if fmt == "json":
        data = json.loads(text)
        for key in ("left_out", "hidden_roles", "notes"):
            data.pop(key)
        return data
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        for row in rows:
            row.pop("left_out_files")
        return rows
    # Batch outputs count the files they read: an input count, which the note explains.
    return [
        line for line in text.splitlines() if "left out" not in line and "file-count" not in line
    ]


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("fmt", FORMATS)
def test_left_out_files_change_no_output(
    root: Path, tmp_path: Path, cli: Callable, monkeypatch, fmt: str, seed: int
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # the note on one line, so that one line can be left out
    counted, extra = make_files(tmp_path / "in", seed)
    alone = cli("score", *counted, "--model", root, "-f", fmt, "--plain")
    mixed = cli("score", extra[0], *counted, *extra[1:], "--model", root, "-f", fmt, "--plain")
    assert alone.exit_code == mixed.exit_code == 0, mixed.stderr
    assert without_left_out(fmt, mixed.stdout) == without_left_out(fmt, alone.stdout)
    # The outputs do differ, by the statement alone.
    assert mixed.stdout != alone.stdout
    if fmt in ("terminal", "markdown", "html"):
        files = "file" if len(extra) == 1 else "files"
        assert f"{len(extra)} beneficiary answers {files} left out of every number" in mixed.stdout


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "csv", "html"])
def test_batch_left_out_files_change_no_row(
    root: Path, tmp_path: Path, cli: Callable, monkeypatch, fmt: str
) -> None:
    monkeypatch.setenv("COLUMNS", "400")
    counted, extra = make_files(tmp_path / "in", 7)
    (tmp_path / "alone").mkdir()
    for path in counted:
        (tmp_path / "alone" / path.name).write_text(path.read_text(encoding="utf-8"), "utf-8")
    alone = cli("batch", tmp_path / "alone", "--model", root, "-f", fmt)
    mixed = cli("batch", tmp_path / "in", "--model", root, "-f", fmt)
    assert alone.exit_code == mixed.exit_code == 0, mixed.stderr
    if fmt == "json":
        a, m = json.loads(alone.stdout), json.loads(mixed.stdout)
        assert m["summary"]["left_out_files"] == len(extra)
        assert a["summary"]["left_out_files"] == 0
        for data in (a, m):
            data.pop("files")
            data["summary"].pop("left_out_files")
            for report in data["assessments"]:
                for key in ("left_out", "hidden_roles", "notes"):
                    report.pop(key)
        assert a == m
    else:
        assert without_left_out(fmt, mixed.stdout) == without_left_out(fmt, alone.stdout)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_names_the_method(root: Path, tmp_path: Path, cli, fmt: str) -> None:
    counted, _ = make_files(tmp_path / "in", 1)
    out = cli("score", *counted, "--model", root, "-f", fmt, "--plain").stdout
    assert "profint-score/2" in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_example_with_two_beneficiaries_reads_as_without_them(
    cli: Callable, monkeypatch, fmt: str
) -> None:
    """The shipped example, open answers included: two beneficiaries show only in the note."""
    from tests.conftest import EXAMPLES

    monkeypatch.setenv("COLUMNS", "400")
    files = sorted((EXAMPLES / "valcourt-stakeholders").glob("*.yaml"))
    two = [f for f in files if f.name != "beneficiary-3.yaml"]
    none = [f for f in files if "beneficiary" not in f.name]
    mixed = cli("score", *two, "-f", fmt, "--plain")
    alone = cli("score", *none, "-f", fmt, "--plain")
    assert mixed.exit_code == alone.exit_code == 0, mixed.stderr
    assert without_left_out(fmt, mixed.stdout) == without_left_out(fmt, alone.stdout)
    if fmt in ("terminal", "markdown", "html"):
        assert "2 beneficiary answers files left out of every number" in mixed.stdout


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_a_lone_beneficiary_is_told_why_there_is_no_score(cli: Callable, fmt: str) -> None:
    """One beneficiary's own complete file (assess prints this report at the end of the walk):
    every question was answered, so "no question was answered" would be untrue."""
    from tests.conftest import EXAMPLES

    one = EXAMPLES / "valcourt-stakeholders" / "beneficiary-1.yaml"
    out = " ".join(cli("score", one, "-f", fmt, "--plain").stdout.split())
    assert "no question was answered" not in out
    assert "none counted" in out  # the respondents line, not an empty one
    if fmt != "html":  # the HTML cover shows a dash, the key figures and the note
        assert "Overall score: none, every answers file was left out (see the note)" in out
