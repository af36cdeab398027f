"""compare: deltas and status per factor and field, gaps, recommendations, both kinds of side."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import profint_assess
from profint_assess.compare import (
    DECLINED,
    IMPROVED,
    NEWLY_ASSESSED,
    UNCHANGED,
    compare,
    comparison_to_dict,
    status,
)
from profint_assess.loading import load_model
from profint_assess.report import COMPARE_FORMATS, compare_renderer

ROOT = Path(profint_assess.__file__).resolve().parent.parent


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "COLUMNS": "140"}
    return subprocess.run(
        [sys.executable, "-m", "profint_assess", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def question_ids() -> list[str]:
    questionnaire = load_model().questionnaire("self-assessment")
    assert questionnaire is not None
    return [q.id for q in questionnaire.questions]


def answers_yaml(question_ids: list[str], values: dict[str, object], default: object = 2) -> str:
    """Every question ``default`` except ``values`` given per factor id or question id."""
    lines = [
        "format: profint-answers/1",
        "questionnaire: self-assessment",
        'model: {id: profint, version: "2.0"}',
        "organization: Mission Locale Lyon",
        "device: Youth Guarantee",
        "respondent: {role: manager}",
        "date: 2026-03-01",
        "answers:",
    ]
    for qid in question_ids:
        value = values.get(qid, values.get(qid.split(".")[0], default))
        lines.append(f"  {qid}: {value}")
    return "\n".join(lines) + "\n"


def report(factors: dict[str, tuple[float | None, float | None]], recs: list[str]) -> dict:
    """A minimal saved report: factor id -> (score, gap), one field holding them all."""
    scores = [s for s, _ in factors.values() if s is not None]
    overall = sum(scores) / len(scores) if scores else None
    return {
        "format": "profint-report/1",
        "organization": "O",
        "device": "D",
        "date": "2026-01-01",
        "respondents": {"manager": 1},
        "overall": {"score": overall},
        "fields": [{"id": "strategy", "title": "Strategy", "score": overall}],
        "factors": [
            {"id": fid, "title": f"Factor {fid}", "score": s, "gap": g}
            for fid, (s, g) in factors.items()
        ],
        "recommendations": [{"id": r, "factor": r[:3], "title": f"Do {r}"} for r in recs],
    }


def test_status_threshold_boundaries() -> None:
    assert status(50.0, 55.0, 5) == IMPROVED  # exactly the threshold counts as a change
    assert status(50.0, 54.9, 5) == UNCHANGED
    assert status(50.0, 45.0, 5) == DECLINED
    assert status(50.0, 45.1, 5) == UNCHANGED
    assert status(None, 45.0, 5) == NEWLY_ASSESSED
    assert status(50.0, 52.0, 2) == IMPROVED
    # Judged as printed: 70.04 and 74.96 print as 70.0 and 75.0, a change of +5.0.
    assert status(70.04, 74.96, 5) == IMPROVED


def test_deltas_gaps_and_recommendations() -> None:
    before = report(
        {"F01": (50.0, 25.0), "F02": (80.0, 0.0), "F03": (60.0, 15.0), "F04": (None, None)},
        ["F01.R1", "F03.R1"],
    )
    after = report(
        {"F01": (75.0, 0.0), "F02": (62.5, 12.5), "F03": (62.0, 13.0), "F04": (40.0, 35.0)},
        ["F02.R1", "F03.R1", "F04.R2"],
    )
    result = comparison_to_dict(compare(before, after))
    factors = {f["id"]: f for f in result["factors"]}
    assert (factors["F01"]["delta"], factors["F01"]["status"]) == (25.0, "improved")
    assert (factors["F02"]["delta"], factors["F02"]["status"]) == (-17.5, "declined")
    assert (factors["F03"]["delta"], factors["F03"]["status"]) == (2.0, "unchanged")
    assert (factors["F04"]["delta"], factors["F04"]["status"]) == (None, "newly assessed")
    assert result["gaps_closed"] == ["F01"]
    assert result["gaps_opened"] == ["F02"]  # F04 was not assessed before: neither
    assert [r["id"] for r in result["recommendations"]["no_longer_triggered"]] == ["F01.R1"]
    assert [r["id"] for r in result["recommendations"]["newly_triggered"]] == [
        "F02.R1",
        "F04.R2",
    ]
    # Overall: mean of 50, 80, 60 = 63.33 before; of 75, 62.5, 62, 40 = 59.875 after.
    assert result["overall"]["delta"] == pytest.approx(59.875 - 190 / 3)
    assert result["overall"]["status"] == "unchanged"


def test_example_and_a_changed_copy(tmp_path: Path, question_ids: list[str]) -> None:
    # Before: everything 2 (50). After: F01 all 3 (75), F02 all 1 (25), F03.Q1 4 and the rest
    # 2 (mean of 100, 50, 50, 50, 50 = 60).
    (tmp_path / "before.yaml").write_text(answers_yaml(question_ids, {}), encoding="utf-8")
    changed = answers_yaml(question_ids, {"F01": 3, "F02": 1, "F03.Q1": 4})
    (tmp_path / "after.yaml").write_text(changed, encoding="utf-8")

    result = run("compare", "before.yaml", "--to", "after.yaml", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    factors = {f["id"]: f for f in data["factors"]}
    assert (factors["F01"]["before"], factors["F01"]["after"]) == (50.0, 75.0)
    assert (factors["F01"]["delta"], factors["F01"]["status"]) == (25.0, "improved")
    assert (factors["F02"]["delta"], factors["F02"]["status"]) == (-25.0, "declined")
    assert (factors["F03"]["delta"], factors["F03"]["status"]) == (10.0, "improved")
    assert {f["status"] for fid, f in factors.items() if fid > "F03"} == {"unchanged"}
    assert data["gaps_closed"] == ["F01"]  # 75 reaches the default target of 75
    assert data["gaps_opened"] == []
    # Overall: 13 factors, 10 at 50; after 75 + 25 + 60 + 10*50 = 660 -> 50.77 (+0.77).
    assert data["overall"]["after"] == pytest.approx(660 / 13)
    assert data["overall"]["status"] == "unchanged"
    no_longer = {r["factor"] for r in data["recommendations"]["no_longer_triggered"]}
    assert no_longer == {"F01"}

    terminal = run("compare", "before.yaml", "--to", "after.yaml", "--plain", cwd=tmp_path)
    assert terminal.returncode == 0
    assert "Overall 50.0 → 50.8 (+0.8, unchanged)" in terminal.stdout
    assert "+25.0" in terminal.stdout and "-25.0" in terminal.stdout
    assert "Gap closed: F01" in terminal.stdout


def test_saved_report_as_a_side_and_threshold(tmp_path: Path, question_ids: list[str]) -> None:
    (tmp_path / "before.yaml").write_text(answers_yaml(question_ids, {}), encoding="utf-8")
    (tmp_path / "after.yaml").write_text(
        answers_yaml(question_ids, {"F03.Q1": 3}), encoding="utf-8"
    )  # F03: 50 -> 55
    saved = run("score", "before.yaml", "-f", "json", "-o", "before.json", cwd=tmp_path)
    assert saved.returncode == 0, saved.stderr

    def f03_status(*extra: str) -> str:
        out = run("compare", "before.json", "--to", "after.yaml", "-f", "csv", *extra, cwd=tmp_path)
        assert out.returncode == 0, out.stderr
        rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out.stdout))}
        assert (rows["F03"]["before"], rows["F03"]["after"]) == ("50.0", "55.0")
        return rows["F03"]["status"]

    assert f03_status() == "improved"
    assert f03_status("--threshold", "10") == "unchanged"


def test_bad_sides(tmp_path: Path, question_ids: list[str]) -> None:
    (tmp_path / "a.yaml").write_text(answers_yaml(question_ids, {}), encoding="utf-8")
    (tmp_path / "r.json").write_text(
        json.dumps({"format": "profint-report/1", "overall": {"score": 50}}), encoding="utf-8"
    )
    broken = run("compare", "r.json", "--to", "a.yaml", cwd=tmp_path)
    assert broken.returncode == 2
    assert "r.json:1: fields: is required but missing" in broken.stderr
    assert run("score", "a.yaml", "-f", "json", "-o", "ok.json", cwd=tmp_path).returncode == 0
    mixed = run("compare", "ok.json", "a.yaml", "--to", "a.yaml", cwd=tmp_path)
    assert mixed.returncode == 2
    assert "a saved report must be alone on its side" in mixed.stderr
    missing = run("compare", "a.yaml", cwd=tmp_path)
    assert missing.returncode == 2
    # Another profint document (a batch, a comparison): say what compare reads instead.
    (tmp_path / "b.json").write_text(json.dumps({"format": "profint-batch/1"}), encoding="utf-8")
    batch = run("compare", "b.json", "--to", "a.yaml", cwd=tmp_path)
    assert batch.returncode == 2
    assert batch.stderr.strip() == (
        "b.json:1: format: a profint-batch/1 document; compare reads answers files or one saved "
        "report (score --format json, profint-report/1)"
    )


@pytest.mark.parametrize("fmt", sorted(COMPARE_FORMATS))
def test_every_format_renders(fmt: str) -> None:
    comparison = compare(
        report({"F01": (50.0, 25.0)}, ["F01.R1"]), report({"F01": (75.0, 0.0)}, [])
    )
    rendered: Any = compare_renderer(fmt)(comparison, plain=True)
    if fmt == "terminal":
        from rich.console import Console

        console = Console(width=120, record=True, file=io.StringIO())
        console.print(rendered)
        rendered = console.export_text()
    assert "F01" in rendered
    assert "25" in rendered
    assert "improved" in rendered
    assert "different organisations or devices" not in rendered


def test_different_devices_are_flagged() -> None:
    after = {**report({"F01": (75.0, 0.0)}, []), "device": "Another"}
    comparison = compare(report({"F01": (50.0, 25.0)}, []), after)
    assert not comparison.same_device
    assert "different organisations or devices" in compare_renderer("markdown")(comparison)


def test_a_side_spanning_several_dates_is_refused(cli) -> None:
    """`compare OLD --to new/*.yaml`: the shell gives --to one file, BEFORE gets the rest."""
    from tests.conftest import EXAMPLES

    later = sorted((EXAMPLES / "valcourt-stakeholders").glob("*.yaml"))
    result = cli("compare", EXAMPLES / "valcourt-pathways.yaml", *later[1:], "--to", later[0])
    assert result.exit_code == 2
    assert "BEFORE: the answers files are from several dates (2026-10-15, 2026-11-20)" in (
        result.stderr
    )
    assert "repeat --to" in result.stderr
    repeated = [arg for path in later for arg in ("--to", path)]
    ok = cli("compare", EXAMPLES / "valcourt-pathways.yaml", *repeated, "--format", "json")
    assert ok.exit_code == 0, ok.stderr


def test_readme_comparison_of_the_worked_example(cli, tmp_path) -> None:
    """The README's comparison: every F02 answer 2 and F03.Q1 4, six months later."""
    import json
    import re

    from tests.conftest import EXAMPLES

    text = (EXAMPLES / "worked-example.yaml").read_text(encoding="utf-8")
    text = text.replace("date: 2026-11-28", "date: 2027-05-28").replace("F03.Q1:", "F03.Q1: 4")
    text = re.sub(r"(F02\.Q\d): \d", r"\1: 2", text)
    later = tmp_path / "later.yaml"
    later.write_text(text, encoding="utf-8")
    data = json.loads(
        cli("compare", EXAMPLES / "worked-example.yaml", "--to", later, "-f", "json").stdout
    )
    factors = {f["id"]: f for f in data["factors"]}
    assert (factors["F02"]["before"], factors["F02"]["after"]) == (25.0, 50.0)
    assert factors["F02"]["delta"] == 25.0 and factors["F02"]["status"] == "improved"
    assert factors["F03"]["after"] == 100.0 and factors["F03"]["status"] == "newly assessed"
    assert factors["F01"]["status"] == "unchanged"
    fields = {f["id"]: f for f in data["fields"]}
    assert fields["strategy"]["after"] == 75.0
    assert data["overall"]["after"] == 70.3125


@pytest.mark.parametrize(
    ("method", "message"),
    [
        (None, "was saved before scoring methods were named (method profint-score/1)"),
        ("profint-score/1", "was scored with method 'profint-score/1'"),
    ],
)
def test_a_saved_report_of_another_method_is_refused(
    cli, tmp_path: Path, method: str | None, message: str
) -> None:
    from tests.conftest import EXAMPLES

    worked = EXAMPLES / "worked-example.yaml"
    saved = tmp_path / "march.json"
    assert cli("score", worked, "-f", "json", "-o", saved).exit_code == 0
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["method"] == "profint-score/2"
    # The same report as saved by an older version: scores of another method.
    if method is None:
        del data["method"]
    else:
        data["method"] = method
    saved.write_text(json.dumps(data, indent=2), encoding="utf-8")
    result = cli("compare", saved, "--to", worked)
    assert result.exit_code == 2 and result.stdout == ""
    lines = json.dumps(data, indent=2).splitlines()
    # The line of the method key, or of the document when it has none.
    line = next((i for i, text in enumerate(lines, 1) if '"method"' in text), 1)
    assert result.stderr.startswith(f"{saved}:{line}: method: {message}, not profint-score/2")
    assert "pass the answers files it was made from instead" in result.stderr
    assert "Traceback" not in result.stderr
    # Answers files are always rescored: the same comparison from them works.
    assert cli("compare", worked, "--to", worked).exit_code == 0


def test_compare_names_the_method_and_the_files_left_out(cli, tmp_path: Path) -> None:
    from tests.conftest import EXAMPLES

    files = sorted((EXAMPLES / "valcourt-stakeholders").glob("*.yaml"))
    two = [f for f in files if f.name != "beneficiary-3.yaml"]
    after = [arg for f in files for arg in ("--to", f)]
    data = json.loads(cli("compare", *two, *after, "-f", "json").stdout)
    assert data["method"] == "profint-score/2"
    assert data["before"]["respondents"] == {"manager": 1, "partner": 2}
    assert data["before"]["left_out"] == {"beneficiary": 2} and data["after"]["left_out"] == {}
    for fmt in ("terminal", "markdown", "html"):
        out = " ".join(cli("compare", *two, *after, "-f", fmt, "--plain").stdout.split())
        assert "profint-score/2" in out, fmt
        assert "2 beneficiary answers files left out of every number" in out, fmt
    rows = list(csv.DictReader(io.StringIO(cli("compare", *two, *after, "-f", "csv").stdout)))
    assert {r["method"] for r in rows} == {"profint-score/2"}
