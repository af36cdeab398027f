"""The commands as a user runs them: output formats, thresholds, templates, help."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from profint_assess.report import FORMATS
from tests.conftest import EXAMPLES

WORKED = EXAMPLES / "worked-example.yaml"


def test_terminal_report_shows_what_a_reader_needs(cli) -> None:
    result = cli("score", WORKED)
    assert result.exit_code == 0
    out = result.stdout
    assert "Worked Example Association — Welcome to Work" in out
    assert "Overall score 52.1 / 100 — level Developing" in out
    assert "Scoring method profint-score/2" in out
    checks = out[out.index("Answers to check") :]
    assert "• F01.Q4 (manager): unknown, to find out" in checks
    assert "• F04.Q5 (manager): na without a note saying why" in checks
    assert "Respondents: 1 manager" in out
    assert "1. F02 Three interacting learning processes: score 25.0, target 75, gap 50.0" in out
    assert "[F02.R2, §4.1.2, §3.2]" in out  # recommendation with its source
    assert "good practice: UVUC" in out
    assert "Not assessed (no answered question): F03 Local anchoring" in out
    assert out.index("F02.R2") < out.index("F02.R1") < out.index("F02.R3")


def test_plain_output_has_no_colour_or_box_drawing(cli, monkeypatch) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    result = cli("score", WORKED, "--plain")
    assert "\x1b[" not in result.stdout
    assert not set("━│┃─┏┓└┘╭╮█░") & set(result.stdout)
    assert "not assessed" in result.stdout and "Established" in result.stdout
    # Evid.: F01 1 documented of 3 answered, F04 1 verified of 4.
    f01 = next(line for line in result.stdout.splitlines() if line.startswith("F01 "))
    assert f01.split()[-2] == "33%"


def test_json_report_contract(cli) -> None:
    data = json.loads(cli("score", WORKED, "--format", "json").stdout)
    assert data["format"] == "profint-report/1" and data["method"] == "profint-score/2"
    assert data["model"] == {"id": "profint", "version": "2.0"}
    assert data["respondents"] == {"manager": 1} and data["left_out"] == []
    assert data["overall"] == {"score": pytest.approx(52.0833333), "level": "developing"}
    f02 = next(f for f in data["factors"] if f["id"] == "F02")
    assert f02 | {"recommendations": None} == f02 | {
        "score": 25.0,
        "level": "emerging",
        "coverage": 1.0,
        "target": 75.0,
        "gap": 50.0,
        "priority": 50.0,
        "by_role": {"manager": 25.0},
        "divergence": None,
        "evidence": {"declared": 5, "documented": 0, "verified": 0},
        "evidence_share": 0.0,
        "recommendations": None,
    }
    f01 = data["factors"][0]
    assert f01["evidence"] == {"declared": 2, "documented": 1, "verified": 0}
    assert f01["evidence_share"] == pytest.approx(1 / 3)
    assert [(c["kind"], c["question"], c["count"], c["total"]) for c in data["checks"]] == [
        ("unknown", "F01.Q4", 1, 1),
        ("na_without_note", "F04.Q5", 1, 1),
    ]
    f03 = next(f for f in data["factors"] if f["id"] == "F03")
    assert f03["score"] is None and f03["gap"] is None
    assert data["recommendations"][0] == {
        **data["recommendations"][0],
        "id": "F02.R2",
        "factor": "F02",
        "source": "§4.1.2, §3.2",
    }


def test_csv_one_row_per_factor(cli) -> None:
    rows = list(csv.DictReader(io.StringIO(cli("score", WORKED, "--format", "csv").stdout)))
    assert [r["factor"] for r in rows] == [f"F{i:02d}" for i in range(1, 14)]
    assert rows[3]["score"] == "56.25" and rows[3]["gap"] == "18.75"
    assert rows[2]["score"] == "" and rows[2]["level"] == ""
    assert rows[0]["score_manager"] == "75.0"
    assert rows[0]["evidence_documented"] == "1" and rows[0]["checks_unknown"] == "1"
    assert rows[3]["evidence_verified"] == "1" and rows[3]["evidence_share"] == "0.25"
    assert rows[3]["checks_na_without_note"] == "1" and rows[3]["checks_mostly_na"] == "0"
    assert {r["method"] for r in rows} == {"profint-score/2"}
    assert {r["left_out_files"] for r in rows} == {"0"}


def test_markdown_report(cli) -> None:
    out = cli("score", WORKED, "--format", "markdown").stdout
    assert out.startswith("# PROFINT assessment: Worked Example Association — Welcome to Work")
    for row in (
        "| F04 Network of qualified partners | 56.2 | Developing | 100% | 75 | 18.8 | 25% |",
        "| F01 Comprehensive accompaniment | 75.0 | Established | 75% | 75 | 0.0 | 33% |",
    ):
        assert row in out
    assert "Scoring method profint-score/2" in out
    checks = out[out.index("## Answers to check") : out.index("## Method")]
    assert "- F01.Q4 (manager): unknown, to find out\n" in checks
    assert "- F04.Q5 (manager): na without a note saying why\n" in checks
    method = out[out.index("## Method") :]
    assert "role weights (manager 1, team 1, partner 1, company 1, beneficiary 1, external 1)" in (
        method
    )
    assert "emerging below 37.5, developing from 37.5, established from 62.5" in method
    assert "### 1. F02 Three interacting learning processes — gap 50.0" in out


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_writes_to_a_file(fmt: str, cli, tmp_path: Path) -> None:
    out = tmp_path / f"report.{fmt}"
    result = cli("score", WORKED, "--format", fmt, "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "Welcome to Work" in text or "F02" in text
    assert "\x1b[" not in text


def test_fail_under(cli) -> None:
    below = cli("score", WORKED, "--fail-under", "60")
    assert below.exit_code == 1
    assert "overall score 52.1 is below --fail-under 60" in below.stderr
    assert "Overall score" in below.stdout  # the report is still printed
    assert cli("score", WORKED, "--fail-under", "50").exit_code == 0


def test_target_option(cli) -> None:
    data = json.loads(
        cli("score", WORKED, "-f", "json", "--target", "80", "--target", "F04=60").stdout
    )
    factors = {f["id"]: f for f in data["factors"]}
    assert factors["F01"]["gap"] == 5.0 and factors["F04"]["gap"] == 3.75
    bad = cli("score", WORKED, "--target", "high")
    assert bad.exit_code == 2 and "--target 'high': expected N or FACTOR=N" in bad.stderr


def test_template_filled_in_an_editor_is_valid(cli, tmp_path: Path) -> None:
    path = tmp_path / "blank.yaml"
    assert cli("template", "-o", path).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "#   na       does not apply" in text
    assert "  # F01.Q1: Does the device have written objectives that go beyond a job" in text
    assert text.count("\n  F") == 63
    assert cli("template", "-o", path).exit_code == 2  # no silent overwrite
    filled = text.replace('organization: ""', "organization: Org").replace(
        'device: ""', "device: Dev"
    )
    filled = "\n".join(
        line + " 2" if line.startswith("  F") and line.endswith(":") else line
        for line in filled.splitlines()
    )
    path.write_text(filled, encoding="utf-8")
    data = json.loads(cli("score", path, "-f", "json").stdout)
    assert data["overall"]["score"] == 50.0


def test_model_show(cli) -> None:
    text = cli("model", "show").stdout
    assert "F09 Practice and participation (5 questions" in text
    data = json.loads(cli("model", "show", "--format", "json").stdout)
    assert len(data["model"]["factors"]) == 13 and len(data["model"]["fields"]) == 4
    assert data["questionnaire"]["id"] == "self-assessment"
    assert set(data["questionnaire"]["questions"][0]) == {
        "id",
        "factor",
        "text",
        "help",
        "levels",
        "weight",
        "source",
    }
    company = json.loads(cli("model", "show", "--role", "company", "--format", "json").stdout)
    assert company["questionnaire"]["id"] == "company"
    unknown = cli("model", "show", "--role", "funder")
    assert (
        unknown.exit_code == 2
        and "(roles: manager, team, partner, company, beneficiary, external)" in unknown.stderr
    )


@pytest.mark.parametrize(
    "command", [[], ["model"], ["model", "show"], ["model", "validate"], ["template"], ["score"]]
)
def test_help_on_every_command(command: list[str]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "profint_assess", *command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0 and "Usage:" in proc.stdout


def test_help_does_not_import_heavy_modules() -> None:
    code = (
        "import sys; from profint_assess.cli import app; sys.argv=['x','--help'];\n"
        "try: app()\nexcept SystemExit: pass\n"
        "print(sorted(m for m in ('pydantic','yaml','rich') if m in sys.modules))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_beneficiary_template_shows_no_model_jargon(cli, tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    assert cli("template", "--role", "beneficiary", "-o", path).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "questionnaire: beneficiary" in text and "respondent: {role: beneficiary}" in text
    assert "The device aims" not in text and "Comprehensive accompaniment" not in text
    assert "  # === F01 ===" in text


def test_output_that_cannot_be_written_is_one_clear_line(cli, tmp_path: Path) -> None:
    folder = tmp_path / "dir"
    folder.mkdir()
    for target, message in [
        (folder, f"{folder}: is a directory; give a file name"),
        (tmp_path / "missing" / "r.md", f"{tmp_path / 'missing' / 'r.md'}: cannot be written:"),
    ]:
        result = cli("score", WORKED, "-f", "markdown", "-o", target)
        assert result.exit_code == 2 and message in result.stderr
        assert "Traceback" not in result.stderr


def test_output_through_a_symlink_keeps_the_link(cli, tmp_path: Path) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert cli("score", WORKED, "-f", "csv", "-o", link).exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8").startswith("factor,")


def test_score_never_overwrites_an_input_and_counts_a_file_once(cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(WORKED.read_text(encoding="utf-8"), encoding="utf-8")
    result = cli("score", path, "-o", path)
    assert result.exit_code == 2 and "is one of the input files" in result.stderr
    assert path.read_text(encoding="utf-8") == WORKED.read_text(encoding="utf-8")
    twice = json.loads(cli("score", path, path, "-f", "json").stdout)
    assert twice["respondents"] == {"manager": 1}


@pytest.mark.parametrize(
    "args,message",
    [
        (["--target", "F99=50"], "'F99' is not a factor of the model"),
        (["--target", "f01=50"], "'f01' is not a factor of the model"),
        (["--fail-under", "nan"], "--fail-under nan: a threshold is between 0 and 100"),
    ],
)
def test_options_that_would_be_silently_ignored_are_refused(cli, args, message) -> None:
    result = cli("score", WORKED, *args)
    assert result.exit_code == 2 and message in result.stderr


def test_targets_in_files(cli, tmp_path: Path) -> None:
    text = WORKED.read_text(encoding="utf-8")
    a = tmp_path / "a.yaml"
    a.write_text(text.replace("status:", "target: {default: 60, F02: 90}\nstatus:"), "utf-8")
    b = tmp_path / "b.yaml"
    b.write_text(text.replace("status:", "target: 50\nstatus:"), "utf-8")
    conflict = cli("score", a, b)
    assert conflict.exit_code == 2 and "set different targets" in conflict.stderr
    factors = json.loads(cli("score", a, "-f", "json", "--target", "70").stdout)["factors"]
    assert {f["target"] for f in factors} == {70.0}  # --target wins over the file's F02: 90
    bad = tmp_path / "bad.yaml"
    bad.write_text(text.replace("status:", "target: {F99: 50}\nstatus:"), "utf-8")
    result = cli("score", bad)
    assert result.exit_code == 2 and f"{bad}:10: target.F99: is not a factor" in result.stderr


def test_model_show_plain_has_no_tree_guides(cli) -> None:
    out = cli("model", "show", "--plain").stdout
    assert not set("├│└─") & set(out)
    assert "    F01 Comprehensive accompaniment (5 questions" in out


def test_fail_under_message_shows_the_score_below_the_threshold(cli) -> None:
    result = cli("score", WORKED, "--fail-under", "52.1")  # overall 52.083...
    assert result.exit_code == 1
    assert "overall score 52.08 is below --fail-under 52.1" in result.stderr


def test_batch_into_a_closed_pipe_exits_zero_quietly(tmp_path: Path) -> None:
    text = (EXAMPLES / "nordvik-language-practice.yaml").read_text(encoding="utf-8")
    for i in range(300):
        (tmp_path / f"u{i}.yaml").write_text(
            text.replace('device: "Language in Practice"', f"device: U{i}"), "utf-8"
        )
    proc = subprocess.Popen(
        [sys.executable, "-m", "profint_assess", "batch", str(tmp_path), "-f", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().startswith(b"{")
    proc.stdout.close()  # like `| head -1`
    assert proc.wait(timeout=60) == 0
    assert b"Traceback" not in proc.stderr.read()


def test_help_texts_say_what_the_commands_do_now() -> None:
    import typer.main

    from profint_assess.cli import app

    group = typer.main.get_command(app)
    score_params = {p.name: p for p in group.commands["score"].params}  # type: ignore[attr-defined]
    min_help = score_params["min_respondents"].help or ""
    # profint-score/2: a role under its minimum is left out of every number, not merged in.
    assert "left out of every number" in min_help and "counts in the merged" not in min_help
    # The walk's evidence keys (3d documented, 3v verified) are part of its one-line keys.
    assess_help = group.commands["assess"].help or ""  # type: ignore[attr-defined]
    assert "3d" in assess_help and "3v" in assess_help
    # plan show: a dropped action is never overdue (plan.is_overdue), as the README says.
    show_help = group.commands["plan"].commands["show"].help or ""  # type: ignore[attr-defined]
    assert "neither done nor dropped" in " ".join(show_help.split())
