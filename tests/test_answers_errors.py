"""Every bad answers file: exit 2, the file and line named, one line per problem, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, answers_yaml

GOOD = EXAMPLES / "worked-example.yaml"


def bad(text_from_good: str, old: str, new: str) -> str:
    assert old in text_from_good
    return text_from_good.replace(old, new, 1)


GOOD_TEXT = GOOD.read_text(encoding="utf-8")


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


CASES = {
    "unknown question id": (
        "F02.Q5: 1",
        "F02.Q9: 1",
        "F02.Q9",
        "answers.F02.Q9: unknown question id",
    ),
    "value out of range": (
        "F02.Q5: 1",
        "F02.Q5: 5",
        "F02.Q5",
        "answers.F02.Q5.value: must be a whole number 0-4",
    ),
    "a word for a value": ("F02.Q5: 1", "F02.Q5: three", "F02.Q5", "not 'three'"),
    "a fraction": ("F02.Q5: 1", "F02.Q5: 2.5", "F02.Q5", "not 2.5"),
    "evidence not a kind": (
        "F02.Q5: 1",
        "F02.Q5: {value: 1, evidence: proven}",
        "F02.Q5",
        "answers.F02.Q5.evidence: must be one of declared, documented, verified, not 'proven'",
    ),
    "evidence a number": (
        "F02.Q5: 1",
        "F02.Q5: {value: 1, evidence: 3}",
        "F02.Q5",
        "answers.F02.Q5.evidence: must be one of declared, documented, verified, not 3",
    ),
    "wrong format marker": (
        "profint-answers/1",
        "profint-answers/9",
        "format:",
        "format: unsupported format 'profint-answers/9' (this version reads profint-answers/1)",
    ),
    "unknown model version": (
        'version: "2.0"',
        'version: "9.9"',
        "model:",
        "model.version: unknown model version '9.9'",
    ),
    "missing key": ("device: Welcome to Work\n", "", "", "device: is required but missing"),
    "unknown key": (
        "status: in-progress",
        "staus: in-progress",
        "staus",
        "staus: is not a known field",
    ),
    "bad date": ("date: 2026-11-28", "date: yesterday", "date:", "date:"),
    "unknown role": ("role: manager", "role: boss", "respondent:", "respondent.role:"),
    "not YAML": ("F02.Q5: 1", "F02.Q5: 1: 2", "F02.Q5", "not valid YAML: mapping values"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_answers_file(name: str, cli, write) -> None:
    old, new, needle, message = CASES[name]
    text = bad(GOOD_TEXT, old, new)
    path = write("bad.yaml", text)
    result = cli("score", path)
    assert result.exit_code == 2, result
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    if needle:
        assert f"{path}:{line_of(text, needle)}:" in result.stderr, result.stderr


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "is empty"),
        (b"\x89PNG\r\n\x1a\n\0\0\0binary", "is a binary file"),
        (b"a: not utf8 \x81\x8d\n", "is not UTF-8 text"),
        (b"- just\n- a list\n", "must be a mapping"),
        (b'{"format": ', "not valid JSON"),
    ],
)
def test_unreadable_files(content: bytes, message: str, cli, tmp_path: Path) -> None:
    path = tmp_path / ("f.json" if content.startswith(b"{") else "f.yaml")
    path.write_bytes(content)
    result = cli("score", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(str(path)) and message in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_and_directory(cli, tmp_path: Path) -> None:
    result = cli("score", tmp_path / "nope.yaml", tmp_path)
    assert result.exit_code == 2
    assert f"{tmp_path / 'nope.yaml'}: no such file" in result.stderr
    assert f"{tmp_path}: is a directory, not a file" in result.stderr


def test_every_bad_file_is_reported(cli, write) -> None:
    one = write("one.yaml", bad(GOOD_TEXT, "F02.Q5: 1", "F02.Q5: 7"))
    two = write("two.yaml", bad(GOOD_TEXT, "F01.Q2: 2", "F01.Q2: lots"))
    result = cli("score", one, GOOD, two)
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{one}:") and lines[1].startswith(f"{two}:")


def test_python_tag_is_refused(cli, write) -> None:
    text = bad(
        GOOD_TEXT,
        "organization: Worked Example Association",
        "organization: !!python/object/apply:os.system ['echo hacked']",
    )
    result = cli("score", write("evil.yaml", text))
    assert result.exit_code == 2
    assert "hacked" not in result.stdout
    assert "tags are not allowed" in result.stderr
    assert f":{line_of(text, 'organization')}:" in result.stderr


def test_alias_bomb_is_refused_quickly(cli, write) -> None:
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    bomb += [
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    text = "\n".join(bomb) + "\n" + GOOD_TEXT
    started = time.perf_counter()
    result = cli("score", write("bomb.yaml", text))
    assert time.perf_counter() - started < 5  # a sanity bound, not a benchmark
    assert result.exit_code == 2
    assert "aliases (*name) are not allowed" in result.stderr
    assert ":2:" in result.stderr


def test_answers_about_other_model(mini_root: Path, cli, write) -> None:
    path = write("a.yaml", answers_yaml("F01.Q1: 1"))  # answered against model 'mini'
    result = cli("score", path)
    assert result.exit_code == 2
    assert "model.id: answers model 'mini', but the loaded model is 'profint'" in result.stderr


def test_different_devices_need_batch(cli, write) -> None:
    other = write("other.yaml", bad(GOOD_TEXT, "device: Welcome to Work", "device: Other"))
    result = cli("score", GOOD, other)
    assert result.exit_code == 2
    assert "use `profint-assess batch`" in result.stderr


def test_no_traceback_through_the_real_console_script(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(bad(GOOD_TEXT, "F02.Q5: 1", "F02.Q5: 5"), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "profint_assess", "score", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (
        f"{path}:{line_of(path.read_text(), 'F02.Q5')}: answers.F02.Q5.value: "
        "must be a whole number 0-4, 'na' or 'unknown', not 5"
    )


@pytest.mark.parametrize(
    "name,text",
    [
        ("deep.json", '{"a": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("deep.yaml", "a: " + "[" * 5_000 + "]" * 5_000),
    ],
)
def test_deeply_nested_file_is_refused_without_traceback(cli, write, name: str, text: str) -> None:
    path = write(name, text)
    result = cli("score", path)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(str(path)) and "nest" in result.stderr


def test_a_device_or_fifo_is_refused_not_read_forever(cli, tmp_path: Path) -> None:
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    result = cli("score", zero, fifo)
    assert result.exit_code == 2
    assert f"{zero}: is not a regular file" in result.stderr
    assert f"{fifo}: is not a regular file" in result.stderr


def test_an_impossible_date_is_located(cli, write) -> None:
    text = GOOD_TEXT.replace("date: 2026-11-28", "date: 2026-13-45")
    path = write("date.yaml", text)
    result = cli("score", path)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert (
        f"{path}:{line_of(text, 'date:')}: not valid YAML: '2026-13-45' is not a valid value"
        in (result.stderr)
    )


def test_a_saved_report_is_named_for_what_it_is(cli, tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    assert cli("score", GOOD, "-f", "json", "-o", report).exit_code == 0
    result = cli("score", report)
    assert result.exit_code == 2
    assert (
        result.stderr == f"{report}:2: format: not an answers file: a profint-report/1 document\n"
    )


def test_control_characters_in_names_and_notes_are_refused(cli, write) -> None:
    text = GOOD_TEXT.replace(
        "organization: Worked Example Association", 'organization: "\\e[31mRED"'
    ).replace('note: "objectives written', 'note: "\\e[0mobjectives written')
    path = write("ctl.yaml", text)
    result = cli("score", path)
    assert result.exit_code == 2 and "\x1b" not in result.stdout + result.stderr
    assert (
        f"{path}:{line_of(text, 'organization')}: organization: contains control" in result.stderr
    )
    assert "answers.F01.Q1.note: contains control characters (U+001B)" in result.stderr
