"""The form and import commands as a user runs them: files written, summaries, exit codes."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from profint_assess.loading import load_model
from tests.collect_helpers import csv_export, export_rows, random_answers, write_answers

pyxform = pytest.importorskip("pyxform.xls2xform", reason="pyxform is in the test extra")
Run = Callable[..., "object"]


def test_form_xlsform_writes_a_form_pyxform_converts(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "partner.xlsx"
    result = cli("form", "xlsform", "--role", "partner", "--organization", "Org", "-o", out)
    assert (result.exit_code, result.stderr) == (0, f"Wrote {out}\n")
    warnings: list[str] = []
    xform = pyxform.convert(out.read_bytes(), warnings=warnings, file_type=".xlsx").xform
    assert warnings == []
    assert "calculate=\"'Org'\"" in xform
    again = cli("form", "xlsform", "--role", "partner", "-o", out)
    assert again.exit_code == 2
    assert again.stderr == f"{out}: already exists (use --force to overwrite)\n"
    assert cli("form", "xlsform", "--role", "partner", "-o", out, "--force").exit_code == 0


def test_form_refuses_an_unknown_language_or_role(cli: Run, tmp_path: Path) -> None:
    result = cli("form", "xlsx", "--lang", "xx", "-o", tmp_path / "w.xlsx")
    assert result.exit_code == 2
    assert result.stderr.startswith("--lang xx: no such language in the model (languages: en")
    result = cli("form", "paper", "--role", "volunteer")
    assert result.exit_code == 2
    assert result.stderr.startswith("--role volunteer: ")
    assert not (tmp_path / "w.xlsx").exists()


def test_form_paper_to_stdout_and_pdf_needs_a_file(cli: Run) -> None:
    result = cli("form", "paper", "--role", "beneficiary")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!DOCTYPE html>") and "Part 1 of 8" in result.stdout
    result = cli("form", "paper", "--pdf")
    assert (result.exit_code, result.stderr) == (
        2,
        "--pdf needs -o FILE.html: the PDF is written beside it\n",
    )


def test_import_kobo_round_trip_with_batch(cli: Run, tmp_path: Path) -> None:
    model = load_model()
    questionnaire = model.require_questionnaire("team")
    documents = random_answers(model, questionnaire, "team", 30)
    direct = write_answers(tmp_path / "direct", documents)
    export = tmp_path / "export.csv"
    export.write_bytes(csv_export(export_rows(questionnaire, documents), delimiter=";"))
    out = tmp_path / "answers"
    result = cli("import", "kobo", export, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (f"{export}: 30 imported into {out} (30 new, 0 updated, 0 unchanged)\n")
    assert len(list(out.glob("team-*.yaml"))) == 30
    imported = cli("batch", out, "--format", "json")
    original = cli("batch", direct, "--format", "json")
    assert imported.exit_code == original.exit_code == 0
    assert json.loads(imported.stdout) == json.loads(original.stdout)
    again = cli("import", "kobo", export, "-o", out)
    assert again.stdout == f"{export}: 30 imported into {out} (0 new, 0 updated, 30 unchanged)\n"
    assert len(list(out.iterdir())) == 30


def test_import_kobo_bad_row_exit_2_the_others_written(cli: Run, tmp_path: Path) -> None:
    model = load_model()
    questionnaire = model.require_questionnaire("company")
    table = export_rows(questionnaire, random_answers(model, questionnaire, "company", 3))
    first = questionnaire.questions[0]
    header = f"{first.factor}/{first.id.replace('.', '_')}"
    table[2][table[0].index(header)] = "maybe"
    table[3][table[0].index("_validation_status")] = "Not Approved"
    export = tmp_path / "export.csv"
    export.write_bytes(csv_export(table))
    out = tmp_path / "answers"
    result = cli("import", "kobo", export, "-o", out)
    assert result.exit_code == 2
    assert result.stdout == (
        f"{export}: 1 imported into {out} (1 new, 0 updated, 0 unchanged); "
        "1 skipped (Not Approved); 1 invalid, not imported\n"
    )
    assert result.stderr == (
        f"{export}:3: {header}: must be a whole number 0-4, 'na' or 'unknown', not 'maybe'\n"
        "import: 1 submission invalid; the others were imported\n"
    )
    assert len(list(out.iterdir())) == 1


def test_import_kobo_refused_export_writes_nothing(cli: Run, tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_bytes(csv_export([["hh_size", "_uuid"], ["3", "u1"]]))
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB without writing them
    out = tmp_path / "answers"
    result = cli("import", "kobo", other, big, "-o", out)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"{other}:1: no column is a question of this model's forms")
    assert lines[1] == (
        f"{big}: is 52,428,800 bytes; imports read at most 20,000,000: export fewer "
        "submissions at a time (for example by date range)"
    )
    assert list(out.iterdir()) == []


def test_import_xlsx_round_trip(cli: Run, tmp_path: Path) -> None:
    book_path = tmp_path / "acme.xlsx"
    assert (
        cli(
            "form", "xlsx", "--role", "partner", "--organization", "Org 0", "-o", book_path
        ).exit_code
        == 0
    )
    book = load_workbook(book_path)
    sheet = book["Answers"]
    sheet["C4"] = "Device 0"
    sheet["C5"] = "2026-11-28"
    questionnaire = load_model().require_questionnaire("partner")
    for row in range(8, 8 + len(questionnaire.questions)):
        sheet[f"E{row}"] = (row % 5) if row % 7 else "Not applicable to this device"
        if row % 7 == 0:
            sheet[f"F{row}"] = "no such partner here"
    buffer = io.BytesIO()
    book.save(buffer)
    book_path.write_bytes(buffer.getvalue())
    result = cli("import", "xlsx", book_path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.stderr
    imported = (tmp_path / "out" / "acme.yaml").read_text(encoding="utf-8")
    assert 'organization: "Org 0"' in imported
    assert (
        'F04.P1: {value: na, note: "no such partner here"}' in imported or "value: na" in imported
    )
    score = cli("score", tmp_path / "out" / "acme.yaml", "--format", "json")
    assert score.exit_code == 0 and json.loads(score.stdout)["respondents"] == {"partner": 1}


def test_form_refuses_a_prefill_on_several_lines(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "f.xlsx"
    result = cli("form", "xlsform", "--organization", "Two\nlines", "-o", out)
    assert result.exit_code == 2
    assert result.stderr == "--organization: give a name on one line, without control characters\n"
    assert not out.exists()


def test_form_xlsform_of_the_learning_grid(cli: Run, tmp_path: Path) -> None:
    out = tmp_path / "grid.xlsx"
    result = cli(
        "form",
        "xlsform",
        "--questionnaire",
        "learning-progress",
        "--role",
        "beneficiary",
        "-o",
        out,
    )
    assert (result.exit_code, result.stderr) == (0, f"Wrote {out}\n")
    warnings: list[str] = []
    xform = pyxform.convert(out.read_bytes(), warnings=warnings, file_type=".xlsx").xform
    assert warnings == []
    assert "L01_progress" in xform and "L01_importance" in xform
    wrong = cli("form", "xlsform", "--questionnaire", "learning-progress", "-o", out, "--force")
    assert wrong.exit_code == 2
    assert "answered by beneficiary, not manager" in wrong.stderr
