"""Collection without the CLI: the XLSForm converts with pyxform, exports and workbooks come back
as the same answers files (same batch output), bad exports are refused with located errors.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from profint_assess.batch import Batch, Summary
from profint_assess.collect import (
    field_name,
    form_languages,
    kobo,
    language_label,
    note_field,
    rows,
    wording,
    workbook,
    xlsform,
)
from profint_assess.errors import ProfintError
from profint_assess.loading import expand_answer_paths, load_answers, load_model
from profint_assess.model import Model
from profint_assess.report import batch_renderer, renderer
from tests.collect_helpers import (
    csv_export,
    export_rows,
    random_answers,
    write_answers,
    xlsx_export,
)

pyxform = pytest.importorskip("pyxform.xls2xform", reason="pyxform is in the test extra")


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


def _convert(data: bytes) -> tuple[str, list[str]]:
    warnings: list[str] = []
    result = pyxform.convert(data, warnings=warnings, file_type=".xlsx")
    return result.xform, warnings


def _batch_json(model: Model, folder: Path) -> dict:
    batch = Batch(model)
    for path in expand_answer_paths([str(folder)]):
        batch.add(load_answers(path, model))
    return json.loads("".join(batch_renderer("json")(batch, Summary(model))))


# --- the XLSForm ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def translated() -> dict[str, Model]:
    """The built-in model in every language of translations/languages.yaml."""
    from profint_assess.loading import load_languages

    return {code: load_model(None, code) for code in load_languages() if code != "en"}


def test_form_languages_follow_the_catalogs_and_the_scopes(model: Model) -> None:
    everything = ["en", "fr", "it", "sv"]
    assert form_languages(model, "self-assessment") == everything
    assert form_languages(model, "partner") == everything
    # Arabic and Ukrainian (scope beneficiary): only what beneficiaries read.
    assert form_languages(model, "beneficiary") == [*everything, "ar", "uk"]
    assert form_languages(model, "learning-progress") == [*everything, "ar", "uk"]
    assert form_languages(model) == everything
    # A model folder without translations: English only.
    assert form_languages(model, "beneficiary", Path("/nonexistent")) == ["en"]


def test_every_roles_xlsform_converts_without_error_or_warning(
    model: Model, translated: dict[str, Model]
) -> None:
    for role in model.roles:
        questionnaire = model.require_questionnaire(role)
        languages = form_languages(model, questionnaire.id)
        translations = {code: translated[code] for code in languages if code != "en"}
        # One form with every language's columns, its default the last language (not English).
        lang = languages[-1]
        data = xlsform.build(
            model, questionnaire, role, default_language=lang, translations=translations
        )
        xform, warnings = _convert(data)
        assert warnings == [], (role, lang, warnings)
        for code in languages:
            assert f'<translation lang="{language_label(code)}"' in xform, (role, code)
        # The fixed words are in each column's own language (its interface catalog).
        book = load_workbook(io.BytesIO(data))
        choices = list(book["choices"].iter_rows(values_only=True))
        unknown = next(r for r in choices if r[1] == "unknown")
        for code in languages:
            words = wording(questionnaire, code)
            assert unknown[choices[0].index(f"label::{language_label(code)}")] == words.unknown
        french = dict(zip(choices[0], unknown, strict=True))["label::Français (fr)"]
        assert french == "Je ne sais pas" != wording(questionnaire, "en").unknown
        # Every question is a select_one of its own list, inside its factor's group.
        for question in questionnaire.questions:
            name = field_name(question.id)
            assert f'<select1 ref="/data/{question.factor}/{name}">' in xform
            assert f"instance('{name}')" in xform
            assert f'nodeset="/data/{question.factor}/{note_field(question.id)}"' in xform
        assert f'id="{questionnaire.id}"' in xform
        assert f'version="{model.meta.version}"' in xform


def test_xlsform_sheets_groups_choices_and_settings(model: Model) -> None:
    questionnaire = model.require_questionnaire("partner")
    book = load_workbook(io.BytesIO(xlsform.build(model, questionnaire, "partner")))
    assert book.sheetnames == ["survey", "choices", "settings"]
    survey = list(book["survey"].iter_rows(values_only=True))
    header = survey[0]
    assert header[:3] == ("type", "name", "label::English (en)")
    column = {name: i for i, name in enumerate(header)}
    begins = [r for r in survey if r[0] == "begin_group"]
    factors = list(dict.fromkeys(q.factor for q in questionnaire.questions))
    assert [r[1] for r in begins] == [*factors, "open"]
    assert all(r[column["appearance"]] == "field-list" for r in begins)
    assert sum(r[0] == "end_group" for r in survey) == len(factors) + 1
    # The open (unscored) questions: optional text fields in a last group.
    opened = [r for r in survey if str(r[1]).startswith("open_")]
    assert [r[1] for r in opened] == [f"open_{o.id}" for o in questionnaire.open_questions]
    assert all(r[0] == "text" and not r[column["required"]] for r in opened)
    note = next(r for r in survey if r[1] == "F01_P1_note")
    assert note[0] == "text"
    assert note[column["required"]] == "${F01_P1} = 'na'"
    hidden = {r[1]: r[column["calculation"]] for r in survey if r[0] == "calculate"}
    assert hidden == {
        "questionnaire": "'partner'",
        "model_id": "'profint'",
        "model_version": "'2.0'",
        "role": "'partner'",
    }
    choices = list(book["choices"].iter_rows(values_only=True))[1:]
    own = [r for r in choices if r[0] == "F01_P1"]
    assert [r[1] for r in own] == ["0", "1", "2", "3", "4", "na", "unknown"]
    question = questionnaire.questions[0]
    assert question.levels[3] in own[3][2]
    settings = list(book["settings"].iter_rows(values_only=True))
    values = dict(zip(settings[0], settings[1], strict=True))
    assert values["form_id"] == "partner"
    assert values["version"] == "2.0"
    assert values["default_language"] == "English (en)"


def test_prefilled_organisation_is_hidden_and_quoted_safely(model: Model) -> None:
    questionnaire = model.require_questionnaire("company")
    tricky = 'L\'atelier "Nord" ${x}'
    data = xlsform.build(
        model, questionnaire, "company", prefill=xlsform.Prefill(organization=tricky, device="D")
    )
    xform, warnings = _convert(data)
    assert warnings == []
    assert 'nodeset="/data/organization" type="string" calculate="concat(' in xform
    assert "/data/x" not in xform  # ${x} stayed text, not a reference


def test_beneficiary_form_shows_no_ids_or_model_wording(model: Model) -> None:
    questionnaire = model.require_questionnaire("beneficiary")
    book = load_workbook(io.BytesIO(xlsform.build(model, questionnaire, "beneficiary")))
    labels = [str(r[2]) for r in book["survey"].iter_rows(values_only=True) if r[2]]
    labels += [str(r[2]) for r in book["choices"].iter_rows(values_only=True) if r[2]]
    text = "\n".join(labels)
    for factor in model.factors:
        assert factor.title not in text
        assert factor.id + " " not in text
    assert "1 / 8" in text
    assert "This does not concern me" in text


# --- Kobo exports: round trips ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "groups", "delimiter", "bom"),
    [("csv", "/", ",", True), ("csv", "", ";", False), ("xlsx", "/", ",", False)],
)
def test_kobo_export_imports_to_the_same_batch_output(
    model: Model, tmp_path: Path, kind: str, groups: str, delimiter: str, bom: bool
) -> None:
    role = "partner"
    questionnaire = model.require_questionnaire(role)
    documents = random_answers(model, questionnaire, role, 30)
    direct = write_answers(tmp_path / "direct", documents)
    table = export_rows(questionnaire, documents, groups=groups)
    data = csv_export(table, delimiter=delimiter, bom=bom) if kind == "csv" else xlsx_export(table)
    imported = kobo.import_export(data, f"export.{kind}", model)
    assert imported.problems == [] and imported.failed == 0
    assert len(imported.submissions) == 30
    out = tmp_path / "imported"
    out.mkdir()
    written = rows.write(imported.submissions, out, [])
    assert len(written.new) == 30
    with_comments = sum("comments" in d for d in documents)
    assert with_comments > 5
    assert sum("\ncomments:\n" in s.text for s in imported.submissions) == with_comments
    assert _batch_json(model, out) == _batch_json(model, direct)

    # Re-importing the same export: same 30 files, none rewritten.
    again = rows.write(kobo.import_export(data, f"export.{kind}", model).submissions, out, [])
    assert (len(again.new), len(again.updated), len(again.unchanged)) == (0, 0, 30)
    assert len(list(out.iterdir())) == 30


def test_files_are_named_by_the_submission_id_and_updated_in_place(
    model: Model, tmp_path: Path
) -> None:
    questionnaire = model.require_questionnaire("company")
    documents = random_answers(model, questionnaire, "company", 2)
    table = export_rows(questionnaire, documents)
    first = kobo.import_export(csv_export(table), "e.csv", model)
    names = sorted(s.file_name for s in first.submissions)
    assert names == [
        "company-0b8d0000-1c2e-4f00-9a4b-5e6f7a8b9c00.yaml",
        "company-0b8d0001-1c2e-4f00-9a4b-5e6f7a8b9c01.yaml",
    ]
    rows.write(first.submissions, tmp_path, [])
    # The respondent edits an answer on the platform: the same file changes.
    first_question = questionnaire.questions[0]
    column = table[0].index(f"{first_question.factor}/{field_name(first_question.id)}")
    table[1][column] = "4" if table[1][column] != "4" else "3"
    written = rows.write(
        kobo.import_export(csv_export(table), "e.csv", model).submissions, tmp_path, []
    )
    assert (len(written.new), len(written.updated), len(written.unchanged)) == (0, 1, 1)
    assert sorted(p.name for p in tmp_path.iterdir()) == names


def test_not_approved_submissions_are_skipped_and_counted(model: Model) -> None:
    questionnaire = model.require_questionnaire("company")
    table = export_rows(questionnaire, random_answers(model, questionnaire, "company", 3))
    status = table[0].index("_validation_status")
    table[2][status] = "Not Approved"
    table[3][status] = "validation_status_approved"
    imported = kobo.import_export(csv_export(table), "e.csv", model)
    assert (len(imported.submissions), imported.skipped, imported.failed) == (2, 1, 0)


def test_odk_central_headers_and_key_column(model: Model) -> None:
    questionnaire = model.require_questionnaire("company")
    table = export_rows(
        questionnaire, random_answers(model, questionnaire, "company", 2), groups="-"
    )
    # ODK Central: meta-instanceID and KEY instead of KoboToolbox's columns.
    keep = [i for i, h in enumerate(table[0]) if not h.startswith("_") and h != "meta/instanceID"]
    central = [[row[i] for i in keep] for row in table]
    central[0].append("KEY")
    for n, row in enumerate(central[1:]):
        row.append(f"uuid:central-{n}")
    imported = kobo.import_export(csv_export(central), "central.csv", model)
    assert sorted(s.file_name for s in imported.submissions) == [
        "company-central-0.yaml",
        "company-central-1.yaml",
    ]


# --- Kobo exports: bad input --------------------------------------------------------------------


def _messages(exc: pytest.ExceptionInfo[ProfintError]) -> list[str]:
    return exc.value.lines()


def test_a_bad_row_is_located_and_the_others_still_import(model: Model, tmp_path: Path) -> None:
    questionnaire = model.require_questionnaire("partner")
    table = export_rows(questionnaire, random_answers(model, questionnaire, "partner", 4))
    table[2][table[0].index("F04/F04_P2")] = "7"
    table[3][table[0].index("today")] = "2026-02-31"
    table[3][table[0].index("end")] = ""
    imported = kobo.import_export(csv_export(table), "export.csv", model)
    assert [str(p) for p in imported.problems] == [
        "export.csv:3: F04/F04_P2: must be a whole number 0-4, 'na' or 'unknown', not 7",
        "export.csv:4: today: input should be a valid date or datetime, day value is outside "
        "expected range",
    ]
    assert (len(imported.submissions), imported.failed) == (2, 2)


def test_export_of_another_form_is_refused(model: Model) -> None:
    other = [["start", "end", "hh_size", "village", "_uuid"], ["a", "b", "3", "x", "u1"]]
    with pytest.raises(ProfintError) as exc:
        kobo.import_export(csv_export(other), "other.csv", model)
    (line,) = _messages(exc)
    assert line.startswith("other.csv:1: no column is a question of this model's forms")


def test_unknown_and_foreign_columns_are_named(model: Model) -> None:
    questionnaire = model.require_questionnaire("partner")
    table = export_rows(questionnaire, random_answers(model, questionnaire, "partner", 1))
    table[0] += ["F01/F01_Q1", "household"]
    table[1] += ["3", "x"]
    with pytest.raises(ProfintError) as exc:
        kobo.import_export(csv_export(table), "e.csv", model)
    assert _messages(exc) == [
        "e.csv:1: F01/F01_Q1: unknown column: a question of another questionnaire than "
        "'partner' (is it the export of another form?)",
        "e.csv:1: household: unknown column: not a field of the 'partner' form (is it the "
        "export of another form?)",
    ]


def test_missing_id_column_is_refused(model: Model) -> None:
    questionnaire = model.require_questionnaire("partner")
    table = export_rows(questionnaire, random_answers(model, questionnaire, "partner", 1))
    keep = [i for i, h in enumerate(table[0]) if h not in ("_uuid", "meta/instanceID")]
    table = [[row[i] for i in keep] for row in table]
    with pytest.raises(ProfintError) as exc:
        kobo.import_export(csv_export(table), "e.csv", model)
    (line,) = _messages(exc)
    assert line.startswith("e.csv:1: no submission id column (_uuid, meta/rootUuid")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "e.csv: is empty: no header row, no submission"),
        (b"\xef\xbb\xbf\r\n", "e.csv: is empty: no header row, no submission"),
        (b"\xff\xfe\x00a", "e.csv: is not UTF-8 text (byte 0): export it again as UTF-8"),
    ],
)
def test_empty_and_undecodable_exports_are_refused(model: Model, data: bytes, message: str) -> None:
    with pytest.raises(ProfintError) as exc:
        kobo.import_export(data, "e.csv", model)
    assert _messages(exc) == [message]


def test_header_without_submissions_is_refused(model: Model) -> None:
    questionnaire = model.require_questionnaire("partner")
    table = export_rows(questionnaire, [])
    with pytest.raises(ProfintError) as exc:
        kobo.import_export(csv_export(table), "e.csv", model)
    assert _messages(exc) == ["e.csv: has a header row but no submission"]


def test_a_50_mb_export_is_refused_before_parsing(model: Model) -> None:
    data = b"start,end\n" + b"x" * 50_000_000
    with pytest.raises(ProfintError) as exc:
        kobo.import_export(data, "big.csv", model)
    (line,) = _messages(exc)
    assert line.startswith("big.csv: is 50,000,010 bytes; imports read at most 20,000,000")


def test_a_damaged_xlsx_is_refused(model: Model) -> None:
    with pytest.raises(ProfintError) as exc:
        kobo.import_export(b"PK\x03\x04 not really a zip", "e.xlsx", model)
    (line,) = _messages(exc)
    assert line.startswith("e.xlsx: is not a readable XLSX workbook")


# --- the XLSX workbook --------------------------------------------------------------------------


def _filled(
    model: Model,
    role: str,
    answers: dict,
    organization: str = "Org 0",
    comments: dict[str, str] | None = None,
    **cells: object,
) -> tuple[bytes, object]:
    comments = comments or {}
    questionnaire = model.require_questionnaire(role)
    data = workbook.build(model, questionnaire, role, organization=organization)
    book = load_workbook(io.BytesIO(data))
    sheet = book[workbook.ANSWERS_SHEET]
    sheet["C4"] = "Device 0"
    sheet["C5"] = "2026-11-10"
    rows_ = workbook.layout(questionnaire).rows
    words = {"na": "Not applicable to this device", "unknown": "Don't know"}
    if questionnaire.plain_language:
        words = {"na": "This does not concern me", "unknown": "I don't know"}
    for qid, answer in answers.items():
        value, note = (
            (answer["value"], answer["note"]) if isinstance(answer, dict) else (answer, "")
        )
        sheet[f"E{rows_[qid]}"] = words.get(value, value) if isinstance(value, str) else value
        if note:
            sheet[f"F{rows_[qid]}"] = note
    for open_id, comment in comments.items():
        sheet[f"E{workbook.layout(questionnaire).open_rows[open_id]}"] = comment
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), book


def test_workbook_is_protected_has_drop_downs_and_no_formulas(model: Model) -> None:
    questionnaire = model.require_questionnaire("partner")
    book = load_workbook(io.BytesIO(workbook.build(model, questionnaire, "partner")))
    assert book.sheetnames == ["Instructions", "Answers", "profint"]
    assert book["profint"].sheet_state == "veryHidden"
    assert book.security is not None and book.security.lockStructure
    sheet = book["Answers"]
    assert sheet.protection.sheet
    first = workbook.FIRST_QUESTION_ROW
    last = first + len(questionnaire.questions) - 1
    assert sheet[f"E{first}"].protection.locked is False
    assert sheet[f"F{last}"].protection.locked is False
    assert sheet[f"C{first}"].protection.locked is True
    assert sheet[f"A{first}"].value == questionnaire.questions[0].id
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"0,1,2,3,4,Not applicable to this device,Don\'t know"'
    assert str(validation.sqref) == " ".join(f"E{r}" for r in range(first, last + 1))
    for name in book.sheetnames:
        for row in book[name].iter_rows(values_only=True):
            assert not any(isinstance(v, str) and v.startswith("=") for v in row)


@pytest.mark.parametrize("role", ["manager", "beneficiary"])
def test_workbook_round_trip_scores_like_the_answers_file(
    model: Model, tmp_path: Path, role: str
) -> None:
    questionnaire = model.require_questionnaire(role)
    (document,) = random_answers(model, questionnaire, role, 1, seed=3)
    direct = write_answers(tmp_path / "direct", [document])
    data, _ = _filled(
        model,
        role,
        document["answers"],
        organization=document["organization"],
        comments=document.get("comments", {}),
    )
    imported = workbook.import_workbook(data, "filled.xlsx", model, "filled")
    assert imported.problems == []
    out = tmp_path / "imported"
    out.mkdir()
    rows.write(imported.submissions, out, [])
    assert [p.name for p in out.iterdir()] == ["filled.yaml"]
    assert _batch_json(model, out) == _batch_json(model, direct)


def test_workbook_errors_are_located_by_row(model: Model) -> None:
    data, _ = _filled(model, "partner", {"F01.P1": "maybe", "F01.P2": 9}, C5="28/11/2026")
    imported = workbook.import_workbook(data, "w.xlsx", model, "w")
    first = workbook.FIRST_QUESTION_ROW
    assert [str(p) for p in imported.problems] == [
        "w.xlsx:5: date: must be a date written YYYY-MM-DD (e.g. 2026-11-28), not '28/11/2026'",
        f"w.xlsx:{first}: F01.P1: 'maybe' is not an answer (choose one of: 0, 1, 2, 3, 4, "
        "Not applicable to this device, Don't know)",
        f"w.xlsx:{first + 1}: F01.P2: '9' is not an answer (choose one of: 0, 1, 2, 3, 4, "
        "Not applicable to this device, Don't know)",
    ]
    assert imported.submissions == [] and imported.failed == 1


def test_an_edited_workbook_structure_is_refused(model: Model) -> None:
    _, book = _filled(model, "partner", {})
    sheet = book["Answers"]  # type: ignore[index]
    sheet.delete_rows(workbook.FIRST_QUESTION_ROW + 2)
    buffer = io.BytesIO()
    book.save(buffer)  # type: ignore[attr-defined]
    with pytest.raises(ProfintError) as exc:
        workbook.import_workbook(buffer.getvalue(), "w.xlsx", model, "w")
    (line,) = _messages(exc)
    row = workbook.FIRST_QUESTION_ROW + 2
    assert line.startswith(f"w.xlsx:{row}: expected question F04.P1 in column A, found 'F04.P2'")
    assert "the workbook's structure was changed" in line


def test_a_kobo_export_is_not_a_workbook(model: Model) -> None:
    questionnaire = model.require_questionnaire("partner")
    data = xlsx_export(
        export_rows(questionnaire, random_answers(model, questionnaire, "partner", 1))
    )
    with pytest.raises(ProfintError) as exc:
        workbook.import_workbook(data, "k.xlsx", model, "k")
    (line,) = _messages(exc)
    assert line.startswith("k.xlsx: not a workbook made by `profint-assess form xlsx`")


# --- the paper form -----------------------------------------------------------------------------


def test_paper_form_has_every_question_and_descriptor_escaped(model: Model) -> None:
    questionnaire = model.require_questionnaire("manager")
    html = renderer("paper", "html")(model, questionnaire, "manager")
    assert html.startswith("<!DOCTYPE html>")
    assert "<script" not in html and "http://" not in html and "https://" not in html
    for question in questionnaire.questions:
        assert f'<span class="qid">{question.id}</span>' in html
    boxes = html.count('<span class="tick"')
    assert boxes == 7 * len(questionnaire.questions)
    assert "@page { size: A4" in html


def test_paper_form_for_beneficiaries_is_plain(model: Model) -> None:
    questionnaire = model.require_questionnaire("beneficiary")
    html = renderer("paper", "html")(model, questionnaire, "beneficiary")
    assert 'class="qid"' not in html
    for factor in model.factors:
        assert factor.title not in html
        assert factor.statement not in html
    for question in questionnaire.questions:
        assert question.id not in html
    assert "Part 1 of 8" in html
    assert "This does not concern me" in html


def test_each_language_of_the_model_adds_its_columns(model: Model) -> None:
    """A translated model (as the catalogs will load it) adds ``label::`` columns that pyxform
    accepts; ids and choice names do not change."""
    import dataclasses

    questionnaire = model.require_questionnaire("partner")
    french_questions = [
        q.model_copy(
            update={"text": f"FR {q.text}", "levels": {k: f"FR {v}" for k, v in q.levels.items()}}
        )
        for q in questionnaire.questions
    ]
    french_questionnaire = questionnaire.model_copy(update={"questions": french_questions})
    french = dataclasses.replace(
        model,
        questionnaires=[
            french_questionnaire if q.id == questionnaire.id else q for q in model.questionnaires
        ],
    )
    data = xlsform.build(
        model, questionnaire, "partner", default_language="fr", translations={"fr": french}
    )
    book = load_workbook(io.BytesIO(data))
    header = next(book["survey"].iter_rows(values_only=True))
    assert "label::English (en)" in header and "label::Français (fr)" in header
    first = next(r for r in book["survey"].iter_rows(values_only=True) if r[1] == "F01_P1")
    assert first[header.index("label::Français (fr)")] == f"FR {questionnaire.questions[0].text}"
    settings = list(book["settings"].iter_rows(values_only=True))
    assert dict(zip(settings[0], settings[1], strict=True))["default_language"] == "Français (fr)"
    xform, warnings = _convert(data)
    assert warnings == []
    assert '<translation lang="Français (fr)" default="true()">' in xform
    assert '<translation lang="English (en)">' in xform


def test_import_never_writes_over_one_of_its_inputs(model: Model, tmp_path: Path) -> None:
    questionnaire = model.require_questionnaire("company")
    table = export_rows(questionnaire, random_answers(model, questionnaire, "company", 1))
    imported = kobo.import_export(csv_export(table), "e.csv", model)
    (submission,) = imported.submissions
    victim = tmp_path / submission.file_name
    victim.write_text("someone's answers", encoding="utf-8")
    with pytest.raises(ProfintError) as exc:
        rows.write(imported.submissions, tmp_path, [victim])
    assert _messages(exc) == [f"{victim}: is one of the inputs; it is never overwritten"]
    assert victim.read_text(encoding="utf-8") == "someone's answers"


# --- the learning-progress grid -------------------------------------------------------------------


def test_grid_xlsform_converts_and_its_export_imports_to_the_same_files(
    model: Model, tmp_path: Path
) -> None:
    from profint_assess.collect import grid as grid_form
    from profint_assess.loading import load_any_answers
    from tests.collect_helpers import grid_export_rows, random_grid_answers

    (grid,) = model.learning_grids
    xform, warnings = _convert(grid_form.build(model, grid, "beneficiary"))
    assert warnings == []
    for proposal in grid.proposals:
        domain = grid.domain_of(proposal)
        assert f'<select1 ref="/data/{domain.id}/{proposal.id}_progress">' in xform
        assert f'<select1 ref="/data/{domain.id}/{proposal.id}_importance">' in xform
    documents = random_grid_answers(model, grid, 30)
    direct = write_answers(tmp_path / "direct", documents)
    imported = kobo.import_export(csv_export(grid_export_rows(grid, documents)), "g.csv", model)
    assert imported.problems == [] and len(imported.submissions) == 30
    out = tmp_path / "imported"
    out.mkdir()
    rows.write(imported.submissions, out, [])

    def dumps(folder: Path) -> list[str]:
        return sorted(repr(load_any_answers(p, model)) for p in sorted(folder.iterdir()))

    assert dumps(out) == dumps(direct)


def test_grid_xlsform_carries_every_beneficiary_language(
    model: Model, translated: dict[str, Model]
) -> None:
    from profint_assess.collect import grid as grid_form

    (grid,) = model.learning_grids
    languages = form_languages(model, grid.id)
    assert languages == ["en", "fr", "it", "sv", "ar", "uk"]
    translations = {code: translated[code] for code in languages if code != "en"}
    data = grid_form.build(
        model, grid, "beneficiary", default_language="ar", translations=translations
    )
    xform, warnings = _convert(data)
    assert warnings == []
    assert '<translation lang="العربية (ar)" default="true()">' in xform
    survey = list(load_workbook(io.BytesIO(data))["survey"].iter_rows(values_only=True))
    column = {name: i for i, name in enumerate(survey[0])}
    first = grid.proposals[0]
    asked = next(r for r in survey if r[1] == f"{first.id}_progress")
    arabic = translated["ar"].learning_grid(grid.id).proposals[0].text  # type: ignore[union-attr]
    assert asked[column["label::العربية (ar)"]] == f"{first.number}. {arabic}" != asked[2]
    importance = next(r for r in survey if r[1] == f"{first.id}_importance")
    french = "Quelle importance cela a-t-il pour vous\u00a0?"
    assert importance[column["label::Français (fr)"]] == french
    assert importance[column["label::English (en)"]] == "How important is it for you?"


def test_a_bad_grid_row_is_located(model: Model) -> None:
    from tests.collect_helpers import grid_export_rows, random_grid_answers

    (grid,) = model.learning_grids
    table = grid_export_rows(grid, random_grid_answers(model, grid, 2))
    column = next(h for h in table[0] if h.endswith("/L01_importance"))
    table[1][table[0].index(column)] = "5"
    imported = kobo.import_export(csv_export(table), "g.csv", model)
    assert [str(p) for p in imported.problems] == [
        f"g.csv:2: {column}: must be 1 (not important), 2 (important) or 3 (very important), not 5"
    ]
    assert len(imported.submissions) == 1
