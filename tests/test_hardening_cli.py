"""Findings of the red-team pass (issue 18) on the commands: batch output, --jobs, targets."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
    assert "2 of 3 files invalid" in result.stderr
    rows = result.stdout.splitlines()
    assert any(",Other," in row for row in rows)
    assert not any(",Welcome to Work," in row for row in rows)
    skipped = cli("batch", one, two, other, "--format", "csv", "--skip-invalid")
    assert skipped.exit_code == 0, skipped


# --- injection: spreadsheets, Markdown ----------------------------------------------------------


def _named(tmp_path: Path, name: str, organization: str, device: str = "Welcome to Work") -> Path:
    import json

    text = GOOD_TEXT.replace(
        "organization: Worked Example Association", f"organization: {json.dumps(organization)}"
    ).replace("device: Welcome to Work", f"device: {json.dumps(device)}")
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(
    cli, tmp_path: Path
) -> None:
    import csv
    import io

    evil = _named(tmp_path, "evil.yaml", '=HYPERLINK("http://x","y")', "+1 device")
    result = cli("batch", evil, "--format", "csv")
    assert result.exit_code == 0, result
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[1][1] == '\'=HYPERLINK("http://x","y")' and rows[1][2] == "'+1 device"
    assert rows[1][4] == "1" and float(rows[1][5]) > 0  # numbers stay numbers
    for start in ["-", "@"]:  # tab and CR: names are trimmed, never start with them
        path = _named(tmp_path, "x.yaml", f"{start}cmd", "D")
        rows = list(csv.reader(io.StringIO(cli("batch", path, "--format", "csv").stdout)))
        assert rows[1][1] == f"'{start}cmd", rows[1]


def test_markdown_escapes_html_images_and_links_from_names(cli, tmp_path: Path) -> None:
    path = _named(
        tmp_path, "md.yaml", "<img src=x onerror=alert(1)>", "![p](http://e/x.png) [l](http://e)"
    )
    result = cli("score", path, "--format", "markdown")
    assert result.exit_code == 0, result
    assert "<img" not in result.stdout
    assert "![p](" not in result.stdout and "[l](http" not in result.stdout
    assert "&lt;img src=x onerror=alert(1)&gt;" in result.stdout


def test_the_one_csv_helper_keeps_numbers_numeric() -> None:
    from profint_assess.report.csv import cell

    assert [cell(v) for v in ["=1+1", "+33 6", "-x", "@SUM(A1)", "\tx", "\rx"]] == [
        "'=1+1", "'+33 6", "'-x", "'@SUM(A1)", "'\tx", "'\rx"
    ]  # fmt: skip
    assert [cell(v) for v in [-3.5, 0, 12, None, "plain"]] == [-3.5, 0, 12, "", "plain"]


# --- injection: terminals -----------------------------------------------------------------------


def test_escape_sequences_in_error_messages_are_shown_escaped(cli, tmp_path: Path) -> None:
    path = tmp_path / "esc.yaml"
    path.write_text(GOOD_TEXT + '  "F01.Q1\\e]0;title\\a": 1\n', encoding="utf-8")
    result = cli("score", path)
    assert result.exit_code == 2, result
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "F01.Q1\\x1b]0;title\\x07" in result.stderr


def test_file_names_in_batch_errors_are_shown_escaped(cli, tmp_path: Path) -> None:
    bad = tmp_path / "a\x1b[31mred\u202e.yaml"
    bad.write_text("format: nope\n", encoding="utf-8")
    result = cli("batch", tmp_path, "--format", "csv")
    assert result.exit_code == 2, result
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    assert "a\\x1b[31mred\\u202e.yaml" in result.stderr


def test_saved_report_fields_given_to_compare_are_shown_escaped(cli, tmp_path: Path) -> None:
    import json

    score = cli("score", GOOD, "--format", "json")
    data = json.loads(score.stdout)
    data["organization"] = "\x1b]8;;http://evil\x07click\x1b]8;;\x07"
    data["device"] = "[/] [link=http://evil]x[/link] \x1b[2J"
    before = tmp_path / "before.json"
    before.write_text(json.dumps(data), encoding="utf-8")
    for extra in ([], ["--plain"]):
        result = cli("compare", before, "--to", GOOD, *extra)
        assert result.exit_code in (0, 1), result
        assert "Traceback" not in result.stderr
        assert "\x1b]8" not in result.stdout and "\x1b[2J" not in result.stdout
        assert "[/] [link=http://evil]x[/link]" in result.stdout


def test_model_texts_are_printed_as_text_not_markup(cli, tmp_path: Path) -> None:
    from tests.conftest import SMALL_MODEL, answers_yaml, write_tree

    files = dict(SMALL_MODEL)
    files["factors/factors.yaml"] = files["factors/factors.yaml"].replace(
        "title: One", 'title: "[/] One [link=http://evil]here[/link]"'
    )
    root = write_tree(tmp_path / "m", files)
    answers = tmp_path / "a.yaml"
    answers.write_text(answers_yaml("F01.Q1: 1\nF01.Q2: 1"), encoding="utf-8")
    result = cli("score", answers, "--model", root)
    assert result.exit_code == 0, result
    assert "[/] One [link=http://evil]here[/link]" in result.stdout
    assert "\x1b]8" not in result.stdout


def test_control_characters_in_model_texts_are_refused(cli, tmp_path: Path) -> None:
    from tests.conftest import SMALL_MODEL, write_tree

    files = dict(SMALL_MODEL)
    files["factors/factors.yaml"] = files["factors/factors.yaml"].replace(
        "title: One", 'title: "One\\e[2J"'
    )
    root = write_tree(tmp_path / "m", files)
    result = cli("model", "validate", root)
    assert result.exit_code == 2, result
    assert "factors.yaml:2: factors.0.title: contains control characters (U+001B)" in result.stderr
    assert "\x1b" not in result.stderr


# --- batch: say what was left out ---------------------------------------------------------------


def test_batch_reads_upper_case_extensions(cli, tmp_path: Path) -> None:
    for name in ("a.YAML", "b.Yml"):
        (tmp_path / name).write_text(GOOD_TEXT.replace("Welcome to Work", name), encoding="utf-8")
    (tmp_path / "c.Json").write_text(
        (tmp_path / "a.YAML").read_text().replace("a.YAML", "c.Json"), encoding="utf-8"
    )
    (tmp_path / "c.Json").write_text(
        __import__("json").dumps(__import__("yaml").safe_load((tmp_path / "c.Json").read_text()),
                                 default=str),
        encoding="utf-8",
    )  # fmt: skip
    result = cli("batch", tmp_path, "--format", "csv")
    assert result.exit_code == 0, result
    for name in ("a.YAML", "b.Yml", "c.Json"):
        assert f",{name}," in result.stdout


def test_batch_reports_symlinked_and_unreadable_folders_as_invalid(cli, tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "good.yaml").write_text(GOOD_TEXT, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.yaml").write_text(GOOD_TEXT.replace("Welcome to Work", "X"), encoding="utf-8")
    (root / "linked").symlink_to(elsewhere)
    (root / "link.yaml").symlink_to(elsewhere / "x.yaml")
    result = cli("batch", root, "--format", "csv")
    assert result.exit_code == 2, result
    assert f"{root / 'linked'}: skipped: a symbolic link to a folder" in result.stderr
    assert "link.yaml" not in result.stderr  # a linked file is read: it is one file
    assert ",X," in result.stdout
    locked = root / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = cli("batch", root, "--format", "csv")
    finally:
        locked.chmod(0o755)
    if os.geteuid() != 0:  # root reads any folder
        assert f"{locked}: skipped: cannot be read" in result.stderr
    assert "of 3 files invalid" in result.stderr or "of 4 files invalid" in result.stderr
    assert cli("batch", root, "--format", "csv", "--skip-invalid").exit_code == 0


def test_batch_keeps_the_complete_file_over_a_draft_copy_of_the_same_respondent(
    cli, tmp_path: Path
) -> None:
    import csv
    import io

    final = GOOD_TEXT.replace("status: in-progress", "status: complete")
    (tmp_path / "final.yaml").write_text(final, encoding="utf-8")
    draft = GOOD_TEXT.replace("F01.Q2: 2", "F01.Q2: 0")  # an older in-progress copy
    (tmp_path / "draft.yaml").write_text(draft, encoding="utf-8")
    for order in ([tmp_path / "draft.yaml", tmp_path / "final.yaml"], [tmp_path]):
        result = cli("batch", *order, "--format", "csv")
        assert result.exit_code == 0, result
        rows = list(csv.reader(io.StringIO(result.stdout)))
        assert rows[1][4] == "1"  # one respondent, not two
        alone = cli("batch", tmp_path / "final.yaml", "--format", "csv")
        assert rows[1] == list(csv.reader(io.StringIO(alone.stdout)))[1]
        assert "manager: an in-progress copy and a complete file; kept the complete one" in (
            result.stderr
        )


def test_ctrl_c_stops_batch_jobs_without_a_traceback_per_worker(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    from tests.helpers import cli_env

    for i in range(3000):
        device = f"D{i}"
        (tmp_path / f"a{i}.yaml").write_text(GOOD_TEXT.replace("Welcome to Work", device))
    proc = subprocess.Popen(
        [sys.executable, "-m", "profint_assess", "batch", str(tmp_path), "--jobs", "2",
         "--format", "csv", "-o", str(tmp_path / "out.csv")],
        env=cli_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    time.sleep(1.5)  # workers started and reading
    if proc.poll() is not None:  # a machine fast enough to finish first: nothing to interrupt
        proc.communicate()
        pytest.skip("batch finished before the interrupt")
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C does: the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert "PoolWorker" not in err, err  # before: "Process ForkPoolWorker-1:" and more
    assert err.startswith("interrupted") or err == "", err


def test_bidi_characters_in_free_text_are_shown_escaped_on_the_terminal(
    cli, tmp_path: Path
) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(GOOD_TEXT + 'comments:\n  strengths: "ab\\u202edc"\n', encoding="utf-8")
    result = cli("score", path)
    assert result.exit_code == 0, result
    assert "\u202e" not in result.stdout and "ab\\u202edc" in result.stdout
