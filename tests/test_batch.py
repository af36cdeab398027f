"""Batch scoring: grouping, equality with `score`, summary statistics, invalid files, thresholds."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

import profint_assess
from profint_assess.batch import Batch, Summary, describe, quantile
from profint_assess.loading import expand_answer_paths, load_answers, load_model
from profint_assess.model import Model
from profint_assess.report import BATCH_FORMATS, batch_renderer
from profint_assess.report.json import report_to_dict
from profint_assess.scoring import score

ROOT = Path(profint_assess.__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


@pytest.fixture(scope="module")
def question_ids(model: Model) -> list[str]:
    questionnaire = model.questionnaire("self-assessment")
    assert questionnaire is not None
    return [q.id for q in questionnaire.questions]


def answers_yaml(
    question_ids: list[str],
    org: str = "Mission Locale Lyon",
    device: str = "Youth Guarantee",
    date: str = "2026-03-01",
    value: object = 2,
    overrides: dict[str, str] | None = None,
    extra: str = "",
) -> str:
    """A complete answers file: every question ``value``, except ``overrides`` (id -> YAML)."""
    overrides = overrides or {}
    lines = [
        "format: profint-answers/1",
        "questionnaire: self-assessment",
        'model: {id: profint, version: "2.0"}',
        f'organization: "{org}"',
        f'device: "{device}"',
        "respondent: {role: manager}",
        f"date: {date}",
        "status: complete",
        extra,
        "answers:",
    ]
    lines += [f"  {qid}: {overrides.get(qid, value)}" for qid in question_ids]
    return "\n".join(line for line in lines if line) + "\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it: exit codes and stderr come from ``cli.main``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "profint_assess", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


# --- grouping ------------------------------------------------------------------------------------


def test_respondents_of_one_device_and_date_make_one_assessment(
    tmp_path: Path, model: Model, question_ids: list[str]
) -> None:
    # Files in an order that scatters the device's respondents.
    write(tmp_path, "a/1.yaml", answers_yaml(question_ids, value=2))
    write(tmp_path, "b/2.yaml", answers_yaml(question_ids, org="Association Nantes", value=4))
    write(tmp_path, "c/3.yaml", answers_yaml(question_ids, value=4))
    write(tmp_path, "c/4.yaml", answers_yaml(question_ids, date="2026-09-01", value=3))
    batch = Batch(model)
    for path in expand_answer_paths([tmp_path]):
        batch.add(load_answers(path, model))

    assert batch.files == 4
    assert [(o, d, str(t)) for o, d, t in batch.keys()] == [
        ("Association Nantes", "Youth Guarantee", "2026-03-01"),
        ("Mission Locale Lyon", "Youth Guarantee", "2026-03-01"),
        ("Mission Locale Lyon", "Youth Guarantee", "2026-09-01"),
    ]
    merged = batch.score(batch.keys()[1])
    assert merged.respondents == {"manager": 2}
    assert merged.overall_score == pytest.approx(75.0)  # mean of 50 (all 2s) and 100 (all 4s)
    assert batch.score(batch.keys()[2]).overall_score == pytest.approx(75.0)


def test_each_assessment_equals_what_score_gives(tmp_path: Path, question_ids: list[str]) -> None:
    mixed = {
        question_ids[0]: '{value: 3, note: "evidence"}',
        question_ids[1]: "na",
        question_ids[2]: "unknown",
        question_ids[3]: "",  # blank: not answered yet
        question_ids[4]: '{value: na, note: "why"}',  # not an answer to check, unlike [1]
        question_ids[5]: "{value: 2, evidence: verified}",
        question_ids[6]: "{value: 4, evidence: documented}",
        question_ids[7]: "0",
    }
    a = write(tmp_path, "in/a.yaml", answers_yaml(question_ids, value=1, overrides=mixed))
    b = write(tmp_path, "in/b.yaml", answers_yaml(question_ids, value=3, extra="target: {F02: 90}"))
    c = write(tmp_path, "in/c.yaml", answers_yaml(question_ids, device="HOPE", value=4))
    result = run("batch", str(tmp_path / "in"), "--format", "json-full")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["format"] == "profint-batch/1"
    assert [x["device"] for x in data["assessments"]] == ["HOPE", "Youth Guarantee"]

    for files, assessment in [([c], data["assessments"][0]), ([a, b], data["assessments"][1])]:
        expected = run("score", *map(str, files), "--format", "json")
        assert expected.returncode == 0, expected.stderr
        assert assessment == json.loads(expected.stdout)

    # The compact form holds the very same data: put the texts back and it is the full form.
    compact = json.loads(run("batch", str(tmp_path / "in"), "--format", "json").stdout)
    assert compact["format"] == "profint-batch/3"
    assert [expand(compact, x) for x in compact["assessments"]] == data["assessments"]
    # The checks' sentences come once, in texts: both kinds of [1] and [2], and "several".
    checks = [c for x in compact["assessments"] for c in x["checks"]]
    assert {c["kind"] for c in checks} >= {"na_without_note", "unknown"}
    assert any(c["total"] > 1 for c in checks) and not any("text" in c for c in checks)
    assert compact["summary"] == data["summary"] and compact["files"] == data["files"] == 3


def expand(batch: dict, compact: dict) -> dict:
    """A ``profint-batch/3`` assessment with its texts put back: the ``score`` JSON report."""
    texts = batch["texts"]
    factors = texts["factors"]
    full = {"format": "profint-report/1", "model": batch["model"], **compact}
    full["fields"] = [
        {
            "id": f["id"],
            "title": texts["fields"][f["id"]],
            "score": f["score"],
            "level": f["level"],
            "factors": [fid for fid, t in factors.items() if t["field"] == f["id"]],
        }
        for f in compact["fields"]
    ]
    recs = texts["recommendations"]
    full["factors"] = [
        {
            "id": f["id"],
            **factors[f["id"]],
            **{k: v for k, v in f.items() if k != "id"},
            "recommendations": [
                r for r in compact["recommendations"] if recs[r]["factor"] == f["id"]
            ],
        }
        for f in compact["factors"]
    ]
    full["perception_gaps"] = [
        {"factor": g["factor"], "title": factors[g["factor"]]["title"], **g}
        for g in compact["perception_gaps"]
    ]
    full["recommendations"] = [
        {"id": r, **texts["recommendations"][r]} for r in compact["recommendations"]
    ]
    sentences = texts["checks"]
    full["checks"] = [{**c, "text": check_text(sentences, c)} for c in compact["checks"]]
    return full


def check_text(sentences: dict, check: dict) -> str:
    """The check's sentence, filled in as the README's ``profint-batch/3`` section says."""
    if check["kind"] == "mostly_na":
        return sentences["mostly_na"].format(**check)
    who = check["role"]
    if check["total"] > 1:
        who = sentences["several"].format(**check)
    return sentences[check["kind"]].format(question=check["question"], who=who)


def test_a_record_keeps_every_kind_of_answer(
    tmp_path: Path, model: Model, question_ids: list[str]
) -> None:
    text = answers_yaml(
        question_ids,
        overrides={
            question_ids[0]: "na",
            question_ids[1]: "unknown",
            question_ids[2]: "",
            question_ids[4]: "{value: na, note: why}",
            question_ids[5]: "{value: 3, evidence: documented}",
            question_ids[6]: "{value: 0, evidence: verified}",
        },
        extra="target: 80",
    )
    # One question left out entirely (absent) as well.
    text = "\n".join(line for line in text.splitlines() if question_ids[3] not in line) + "\n"
    original = load_answers(write(tmp_path, "a.yaml", text), model)
    batch = Batch(model)
    key = batch.add(original)
    (rebuilt,) = batch.answers(key)
    # Values and evidence kept; of a note, only whether an na had one (for answers to check).
    assert {k: (a.value, a.evidence, bool(a.note)) for k, a in rebuilt.answers.items()} == {
        k: (a.value, a.evidence, bool(a.note)) for k, a in original.answers.items()
    }
    assert rebuilt.answers[question_ids[5]].evidence == "documented"
    assert rebuilt.answers[question_ids[4]].note and not rebuilt.answers[question_ids[0]].note
    assert question_ids[3] not in rebuilt.answers
    assert (rebuilt.target, rebuilt.status, rebuilt.respondent.role) == (80, "complete", "manager")


# --- summary statistics ------------------------------------------------------------------------


def test_describe_against_hand_computed_values() -> None:
    stats = describe([40.0, 10.0, None, 30.0, 20.0, math.nan])
    # Sorted 10 20 30 40; quartile p at position p*(n-1): q1 at 0.75 -> 10 + 0.75*10 = 17.5.
    assert stats.count == 4
    assert stats.mean == 25.0
    assert stats.median == 25.0
    assert stats.q1 == 17.5
    assert stats.q3 == 32.5
    assert (stats.min, stats.max) == (10.0, 40.0)


def test_describe_odd_count_single_value_and_nothing() -> None:
    stats = describe([50.0, 0.0, 100.0, 75.0, 25.0])
    assert (stats.median, stats.q1, stats.q3, stats.mean) == (50.0, 25.0, 75.0, 50.0)
    assert describe([62.5]).as_dict() == {
        "count": 1,
        "mean": 62.5,
        "median": 62.5,
        "q1": 62.5,
        "q3": 62.5,
        "min": 62.5,
        "max": 62.5,
    }
    assert describe([None]).count == 0
    assert describe([]).mean is None
    assert quantile([1.0, 2.0, 3.0], 0.5) == 2.0


def test_summary_over_assessments(tmp_path: Path, model: Model, question_ids: list[str]) -> None:
    # Three devices answering everything 2, 3 and 4 (scores 50, 75, 100), except that the
    # first answers F05 with 0s and the second leaves F05 out entirely (na).
    f05 = [q for q in question_ids if q.startswith("F05.")]
    batch = Batch(model)
    for i, (value, f05_value) in enumerate([(2, "0"), (3, "na"), (4, "4")]):
        text = answers_yaml(
            question_ids, device=f"D{i}", value=value, overrides=dict.fromkeys(f05, f05_value)
        )
        batch.add(load_answers(write(tmp_path, f"{i}.yaml", text), model))
    summary = Summary(model)
    reports = list(batch.reports(summary))
    assert len(reports) == summary.count == 3

    f01 = summary.stats("F01")
    assert (f01.count, f01.mean, f01.median, f01.q1, f01.q3) == (3, 75.0, 75.0, 62.5, 87.5)
    f05_stats = summary.stats("F05")
    assert (f05_stats.count, f05_stats.mean, f05_stats.min, f05_stats.max) == (2, 50.0, 0.0, 100.0)
    # F05 is the weakest; it is below the target (75) in one assessment.
    weakest = summary.weakest()
    assert weakest[0][0] == "F05"
    data = summary.as_dict()
    assert data["weakest_factors"][0] == {
        "id": "F05",
        "title": model.factor("F05").title,
        "mean": 50.0,
        "median": 50.0,
        "below_target": 1,
    }
    assert summary.below_target["F01"] == 1  # only the all-2 device (50) is below 75
    assert summary.stats("coverage").mean == pytest.approx(1.0)


# --- the command ---------------------------------------------------------------------------------


def test_invalid_file_is_reported_with_line_and_the_rest_are_scored(
    tmp_path: Path, question_ids: list[str]
) -> None:
    write(tmp_path, "ok1.yaml", answers_yaml(question_ids, device="A"))
    write(tmp_path, "ok2.yaml", answers_yaml(question_ids, device="B"))
    bad_text = answers_yaml(question_ids, device="C", overrides={question_ids[4]: "7"})
    bad = write(tmp_path, "bad.yaml", bad_text)
    bad_line = bad_text.splitlines().index(f"  {question_ids[4]}: 7") + 1

    result = run("batch", str(tmp_path), "--format", "csv")
    assert result.returncode == 2
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["device"] for r in rows if r["kind"] == "assessment"] == ["A", "B"]
    assert f"{bad}:{bad_line}: answers.{question_ids[4]}.value: must be a whole number" in (
        result.stderr
    )
    assert "1 of 3 files invalid; the others were scored" in result.stderr

    skipped = run("batch", str(tmp_path), "--format", "csv", "--skip-invalid")
    assert skipped.returncode == 0
    assert "skipped 1 invalid of 3 files" in skipped.stderr
    assert skipped.stdout == result.stdout


def test_fail_under_lists_the_assessments_below(tmp_path: Path, question_ids: list[str]) -> None:
    write(tmp_path, "a.yaml", answers_yaml(question_ids, device="Low", value=1))
    write(tmp_path, "b.yaml", answers_yaml(question_ids, device="High", value=3))
    result = run("batch", str(tmp_path), "--fail-under", "60")
    assert result.returncode == 1
    assert "Mission Locale Lyon / Low / 2026-03-01: overall 25.0 is below --fail-under 60" in (
        result.stderr
    )
    assert "/ High /" not in result.stderr
    assert "1 of 2 assessments below --fail-under" in result.stderr
    assert run("batch", str(tmp_path), "--fail-under", "20").returncode == 0


def test_paths_globs_and_duplicates(tmp_path: Path, question_ids: list[str]) -> None:
    a = write(tmp_path, "x/a.yaml", answers_yaml(question_ids, device="A"))
    write(tmp_path, "x/deep/b.yml", answers_yaml(question_ids, device="B"))
    write(tmp_path, "x/notes.txt", "not an answers file")
    # The folder and a file inside it: that file counts once.
    result = run("batch", str(tmp_path / "x"), str(a), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["files"] == 2
    assert [x["respondents"] for x in data["assessments"]] == [{"manager": 1}] * 2
    globbed = run("batch", str(tmp_path / "x" / "**" / "*.yml"), "--format", "json")
    assert [x["device"] for x in json.loads(globbed.stdout)["assessments"]] == ["B"]


def test_no_answers_files_is_a_usage_error(tmp_path: Path) -> None:
    result = run("batch", str(tmp_path))
    assert result.returncode == 2
    assert "no answers files" in result.stderr


def test_missing_file_is_invalid_not_a_crash(tmp_path: Path, question_ids: list[str]) -> None:
    write(tmp_path, "a.yaml", answers_yaml(question_ids))
    result = run("batch", str(tmp_path / "a.yaml"), str(tmp_path / "gone.yaml"))
    assert result.returncode == 2
    assert "gone.yaml: no such file" in result.stderr
    assert "Mission Locale Lyon" in result.stdout


@pytest.mark.parametrize("fmt", sorted(BATCH_FORMATS))
def test_every_format_renders_rows_and_summary(
    fmt: str, tmp_path: Path, model: Model, question_ids: list[str]
) -> None:
    batch = Batch(model)
    for i, value in enumerate((1, 3)):
        text = answers_yaml(question_ids, device=f"Device|{i}", value=value)
        batch.add(load_answers(write(tmp_path, f"{i}.yaml", text), model))
    summary = Summary(model)
    text = "".join(batch_renderer(fmt)(batch, summary))
    assert summary.count == 2
    if fmt in ("json", "json-full"):
        data = json.loads(text)
        assert [a["overall"]["score"] for a in data["assessments"]] == [25.0, 75.0]
        assert data["summary"]["overall"]["mean"] == 50.0
        assert data["summary"]["method"] == "profint-score/2"
        assert data["summary"]["left_out_files"] == 0
        assert set(data["summary"]) == {
            "count",
            "method",
            "left_out_files",
            "answers_to_check",
            "overall",
            "fields",
            "factors",
            "coverage",
            "weakest_factors",
        }
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["kind"] for r in rows] == ["assessment"] * 2 + [
            "count",
            "mean",
            "median",
            "q1",
            "q3",
            "min",
            "max",
        ]
        assert rows[3]["overall"] == "50.0"
    else:
        assert "25.0" in text and "75.0" in text and "50.0" in text
        assert "Weakest factors" in text


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_summary_heading_counts_one_assessment_in_the_singular(
    fmt: str, tmp_path: Path, model: Model, question_ids: list[str]
) -> None:
    batch = Batch(model)
    batch.add(load_answers(write(tmp_path, "one.yaml", answers_yaml(question_ids)), model))
    text = "".join(batch_renderer(fmt)(batch, Summary(model)))
    assert "Summary over 1 assessment\n" in text and "1 assessments" not in text


def test_output_file_and_no_progress_when_not_a_terminal(
    tmp_path: Path, question_ids: list[str]
) -> None:
    write(tmp_path, "in/a.yaml", answers_yaml(question_ids))
    out = tmp_path / "out.md"
    result = run("batch", str(tmp_path / "in"), "--format", "markdown", "-o", str(out))
    assert result.returncode == 0
    assert result.stdout == ""
    assert result.stderr == f"Wrote {out}\n"
    assert out.read_text(encoding="utf-8").startswith("# PROFINT batch assessment")


def test_same_summary_with_json_answers_files(tmp_path: Path, question_ids: list[str]) -> None:
    data = {
        "format": "profint-answers/1",
        "questionnaire": "self-assessment",
        "model": {"id": "profint", "version": "2.0"},
        "organization": "Mission Locale Lyon",
        "device": "Youth Guarantee",
        "respondent": {"role": "manager"},
        "date": "2026-03-01",
        "answers": dict.fromkeys(question_ids, 2),
    }
    write(tmp_path, "j/a.json", json.dumps(data))
    write(tmp_path, "y/a.yaml", answers_yaml(question_ids, value=2))
    from_json = json.loads(run("batch", str(tmp_path / "j"), "-f", "json").stdout)
    from_yaml = json.loads(run("batch", str(tmp_path / "y"), "-f", "json").stdout)
    assert from_json == from_yaml


def test_report_to_dict_of_batch_and_score_agree(
    tmp_path: Path, model: Model, question_ids: list[str]
) -> None:
    path = write(tmp_path, "a.yaml", answers_yaml(question_ids, value=3))
    answers = load_answers(path, model)
    batch = Batch(model)
    key = batch.add(answers)
    assert report_to_dict(batch.score(key)) == report_to_dict(score(model, [answers]))


def test_json_assessments_are_the_text_json_dumps_gives(
    tmp_path: Path, model: Model, question_ids: list[str]
) -> None:
    # The renderer encodes each recommendation once and splices it in; the text must not differ.
    batch = Batch(model)
    for i, value in enumerate((1, 2, 4)):
        text = answers_yaml(question_ids, device=f"D{i}", value=value)
        batch.add(load_answers(write(tmp_path, f"{i}.yaml", text), model))
    lines = "".join(batch_renderer("json-full")(batch, Summary(model))).splitlines()
    rows = [line.rstrip(",") for line in lines if line.startswith('{"format": "profint-report/1"')]
    expected = [report_to_dict(batch.score(key)) for key in batch.keys()]
    assert rows == [json.dumps(d, ensure_ascii=False) for d in expected]
    assert json.loads(rows[0])["recommendations"]  # the all-1 device has gaps


def test_jobs_give_the_same_output_and_problems(tmp_path: Path, question_ids: list[str]) -> None:
    for i in range(6):
        text = answers_yaml(question_ids, device=f"D{i % 4}", value=i % 5, extra="target: 60")
        write(tmp_path, f"in/{i}.yaml", text)
    write(tmp_path, "in/bad.yaml", answers_yaml(question_ids, overrides={question_ids[0]: "x"}))
    one = run("batch", str(tmp_path / "in"), "-f", "json")
    two = run("batch", str(tmp_path / "in"), "-f", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 2
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    assert json.loads(two.stdout)["files"] == 6


def test_compact_json_stays_small_per_assessment(
    tmp_path: Path, model: Model, question_ids: list[str]
) -> None:
    # Every factor far below target, so every recommendation is triggered: the heaviest case.
    batch = Batch(model)
    for i in range(3):
        text = answers_yaml(question_ids, device=f"D{i}", value=0)
        batch.add(load_answers(write(tmp_path, f"{i}.yaml", text), model))
    text = "".join(batch_renderer("json")(batch, Summary(model)))
    lines = [line.rstrip(",") for line in text.splitlines() if '"organization": ' in line]
    assert len(lines) == 3
    assert all(len(line.encode("utf-8")) < 6000 for line in lines), [len(x) for x in lines]
    full = "".join(batch_renderer("json-full")(batch, Summary(model))).splitlines()
    full_lines = [line for line in full if '"organization": ' in line]
    # The texts once in the document instead of in every assessment.
    assert all(len(f) > 5 * len(c) for f, c in zip(full_lines, lines, strict=True))
