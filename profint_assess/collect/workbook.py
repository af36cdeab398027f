"""An XLSX workbook a partner fills in Excel or LibreOffice, and its import back.

Sheet "Instructions" says how to fill it; sheet "Answers" has the organisation, device and date
on top, then one row per question: the question, what each answer means, a drop-down list
(data validation) for the answer and a cell for a note. The sheets are protected with only the
cells to fill unlocked, the workbook's structure is locked, and a hidden sheet records what the
workbook asks (format, questionnaire, model, role, question ids): the import refuses a workbook
whose rows or columns were moved, added or deleted, rather than read answers into the wrong
questions. The workbook has no formulas: nothing in it computes or can break.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from profint_assess.collect import (
    DATE_FIELD,
    DEVICE_FIELD,
    MODEL_ID_FIELD,
    MODEL_VERSION_FIELD,
    ORGANIZATION_FIELD,
    QUESTIONNAIRE_FIELD,
    ROLE_FIELD,
    factor_groups,
    field_name,
    level_label,
    note_field,
    open_field,
    wording,
)
from profint_assess.collect.kobo import MAX_EXPORT_BYTES, MAX_XLSX_UNPACKED
from profint_assess.collect.rows import Imported, Submission, answers_data, render, validate_row
from profint_assess.errors import Problem, ProfintError
from profint_assess.i18n import _
from profint_assess.records import NA, UNKNOWN, Model, Questionnaire

FORMAT = "profint-xlsx/1"
ANSWERS_SHEET = "Answers"
INSTRUCTIONS_SHEET = "Instructions"
META_SHEET = "profint"
HEADER = ("Id", "Part", "Question", "What each answer means", "Your answer", "Note")
ANSWER_COLUMN, NOTE_COLUMN = "E", "F"
# Rows of the Answers sheet above the questions.
ORGANIZATION_ROW, DEVICE_ROW, DATE_ROW = 3, 4, 5
HEADER_ROW = 7
FIRST_QUESTION_ROW = HEADER_ROW + 1


@dataclass(frozen=True)
class Layout:
    """Where each question sits in the Answers sheet."""

    rows: dict[str, int]  # question id -> row
    open_rows: dict[str, int]  # open question id -> row, after the questions

    @property
    def last(self) -> int:
        return max([*self.rows.values(), *self.open_rows.values()])


def layout(questionnaire: Questionnaire) -> Layout:
    rows = {q.id: FIRST_QUESTION_ROW + i for i, q in enumerate(questionnaire.questions)}
    after = FIRST_QUESTION_ROW + len(rows)
    open_rows = {o.id: after + i for i, o in enumerate(questionnaire.open_questions)}
    return Layout(rows, open_rows)


def choices(questionnaire: Questionnaire) -> list[str]:
    """The drop-down's entries: the levels, then the two words for na and unknown."""
    words = wording(questionnaire)
    return ["0", "1", "2", "3", "4", words.na, words.unknown]


def build(
    model: Model,
    questionnaire: Questionnaire,
    role: str,
    *,
    lang: str = "en",
    organization: str = "",
    device: str = "",
) -> bytes:
    """The workbook as the bytes of an ``.xlsx`` file.

    ``model`` is loaded in the workbook's language ``lang`` (ids never change with it).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    words = wording(questionnaire)
    plain = questionnaire.plain_language
    title = questionnaire.title
    book = Workbook()
    info = book.active
    assert info is not None
    info.title = INSTRUCTIONS_SHEET
    lines = [
        title,
        "",
        _("How to fill in this workbook"),
        _(
            "1. In the sheet '{sheet}', fill in the organisation, the device (the programme "
            "assessed) and the date (YYYY-MM-DD) at the top."
        ).format(sheet=ANSWERS_SHEET),
        _(
            "2. For each question, read what each answer means, then choose your answer in the "
            "column '{column}' from the drop-down list."
        ).format(column=HEADER[4]),
        _("3. '{na}': the question does not apply; please say why in the note.").format(
            na=words.na
        ),
        _("4. '{unknown}': you do not know; it counts as not answered.").format(
            unknown=words.unknown
        ),
        _("5. You may add a note to any answer in the column '{column}': what shows it.").format(
            column=HEADER[5]
        ),
        _(
            "6. Save the file as .xlsx and send it back. Do not add, delete or move rows, columns "
            "or sheets: the import checks the layout and refuses a changed workbook."
        ),
        "",
        _("The answer scale"),
    ]
    scale_row = len(lines)
    lines += [
        f"{p.value}  {p.label}" + (f": {p.description}" if p.description else "")
        for p in sorted(questionnaire.scale, key=lambda p: p.value)
    ]
    if questionnaire.description:
        lines += [
            "",
            questionnaire.description,
        ]
    for line in lines:
        info.append([line])
    info["A1"].font = Font(bold=True, size=14)
    info["A3"].font = Font(bold=True)
    info.cell(scale_row, 1).font = Font(bold=True)
    info.column_dimensions["A"].width = 110
    for row in info.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    info.protection.sheet = True

    sheet = book.create_sheet(ANSWERS_SHEET)
    open_cell = Protection(locked=False)
    to_fill = PatternFill("solid", fgColor="FFF4CC")
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=14)
    for row, label, value in (
        (ORGANIZATION_ROW, words.organization, organization),
        (DEVICE_ROW, words.device, device),
        (DATE_ROW, _("Date (YYYY-MM-DD)"), ""),
    ):
        sheet.cell(row, 2, label).font = Font(bold=True)
        cell = sheet.cell(row, 3, value or None)
        cell.protection = open_cell
        cell.fill = to_fill
        cell.number_format = "@"  # text: a date typed stays as typed, never a serial number
    for column, name in enumerate(HEADER, start=1):
        cell = sheet.cell(HEADER_ROW, column, name)
        cell.font = Font(bold=True)
    rows = layout(questionnaire).rows
    groups = factor_groups(questionnaire)
    validation = DataValidation(
        type="list",
        formula1='"' + ",".join(choices(questionnaire)) + '"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=_("Not an answer"),
        error=_("Choose an answer from the list."),
    )
    sheet.add_data_validation(validation)
    for number, (factor_id, questions) in enumerate(groups, start=1):
        factor = model.factor(factor_id)
        part = f"{number} / {len(groups)}" if plain else f"{factor.id} {factor.title}"
        for question in questions:
            row = rows[question.id]
            meaning = "\n".join(level_label(questionnaire, question, v) for v in range(5))
            meaning += f"\n{words.na}\n{words.unknown}"
            values = [
                question.id,
                part,
                question.text,
                meaning,
            ]
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row, column, value)
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            for column in (ANSWER_COLUMN, NOTE_COLUMN):
                cell = sheet[f"{column}{row}"]
                cell.protection = open_cell
                cell.fill = to_fill
                cell.number_format = "@"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            validation.add(f"{ANSWER_COLUMN}{row}")
    for open_question, row in zip(
        questionnaire.open_questions, layout(questionnaire).open_rows.values(), strict=True
    ):
        key = f"{questionnaire.id}.open.{open_question.id}"
        values = [
            open_question.id,
            words.open_group,
            open_question.text,
            "" if plain else (open_question.help),
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value or None)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell = sheet[f"{ANSWER_COLUMN}{row}"]
        cell.protection = open_cell
        cell.fill = to_fill
        cell.number_format = "@"
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in zip("ABCDEF", (9, 22, 50, 70, 18, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = f"A{FIRST_QUESTION_ROW}"
    sheet.protection.sheet = True
    book.active = book.index(sheet)

    meta = book.create_sheet(META_SHEET)
    for key, value in (
        ("format", FORMAT),
        (QUESTIONNAIRE_FIELD, questionnaire.id),
        (MODEL_ID_FIELD, model.meta.id),
        (MODEL_VERSION_FIELD, model.meta.version),
        (ROLE_FIELD, role),
        ("lang", lang),
    ):
        meta.append([key, value])
    meta.append(["questions", *[q.id for q in questionnaire.questions]])
    meta.append(["open", *[o.id for o in questionnaire.open_questions]])
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True
    book.security.lockStructure = True  # type: ignore[union-attr]
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- the import --------------------------------------------------------------------------------


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]  # a date cell: the day
    return str(value).strip()


def _answer_code(raw: str, questionnaire: Questionnaire) -> str | None:
    """The drop-down entry (or a code) as a value of an answers file; None if not an answer."""
    words = wording(questionnaire)
    folded = raw.strip().lower().replace("\u2019", "'")
    if folded in ("0", "1", "2", "3", "4", ""):
        return folded
    if folded in (words.na.lower(), NA, "n/a", "not applicable"):
        return NA
    if folded in (words.unknown.lower(), UNKNOWN, "don't know", "dont know"):
        return UNKNOWN
    return None


def import_workbook(data: bytes, name: str, model: Model, stem: str) -> Imported:
    """The filled workbook as one answers file named ``STEM.yaml``, or its located problems.

    ``name`` is how problems name the file; rows are those of the Answers sheet.
    """
    from openpyxl import load_workbook

    if len(data) > MAX_EXPORT_BYTES:
        raise ProfintError(
            [
                Problem(
                    name,
                    _("is {size} bytes; a workbook is far smaller").format(size=f"{len(data):,}"),
                )
            ]
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(i.file_size for i in archive.infolist()) > MAX_XLSX_UNPACKED:
                raise ProfintError([Problem(name, _("unpacks to more than 200 MB"))])
        book = load_workbook(io.BytesIO(data), data_only=False)
    except ProfintError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ProfintError(
            [Problem(name, _("is not a readable XLSX workbook ({reason})").format(reason=exc))]
        ) from None

    changed = _(
        "the workbook's structure was changed; fill in a fresh one from "
        "`profint-assess form xlsx` (copy the answers over)"
    )
    if META_SHEET not in book.sheetnames or ANSWERS_SHEET not in book.sheetnames:
        raise ProfintError(
            [
                Problem(
                    name,
                    _("not a workbook made by `profint-assess form xlsx` ({why})").format(
                        why=changed
                    ),
                )
            ]
        )
    meta = {
        str(row[0]): [_cell(v) for v in row[1:]]
        for row in book[META_SHEET].iter_rows(values_only=True)
        if row and row[0] is not None
    }
    if meta.get("format", [""])[0] != FORMAT:
        raise ProfintError(
            [
                Problem(
                    name,
                    _("unsupported workbook format (this version reads {format})").format(
                        format=FORMAT
                    ),
                )
            ]
        )
    questionnaire = model.questionnaire(meta.get(QUESTIONNAIRE_FIELD, [""])[0])
    if questionnaire is None:
        raise ProfintError(
            [
                Problem(
                    name,
                    _("questionnaire {id!r} is not in the model").format(
                        id=meta.get(QUESTIONNAIRE_FIELD, [""])[0]
                    ),
                )
            ]
        )
    ids = [v for v in meta.get("questions", []) if v]
    open_ids = [v for v in meta.get("open", []) if v]
    if ids != [q.id for q in questionnaire.questions] or open_ids != [
        o.id for o in questionnaire.open_questions
    ]:
        raise ProfintError(
            [
                Problem(
                    name,
                    _(
                        "its questions are not those of the model's questionnaire; "
                        "make a new workbook"
                    ),
                )
            ]
        )
    sheet = book[ANSWERS_SHEET]
    problems = []
    for column, expected in enumerate(HEADER, start=1):
        found = _cell(sheet.cell(HEADER_ROW, column).value)
        if found != expected:
            problems.append(
                Problem(
                    name,
                    _("column header {found!r}, expected {expected!r}: {why}").format(
                        found=found, expected=expected, why=changed
                    ),
                    HEADER_ROW,
                )
            )
    places = layout(questionnaire)
    rows = places.rows
    for qid, row in [*rows.items(), *places.open_rows.items()]:
        found = _cell(sheet.cell(row, 1).value)
        if found != qid:
            problems.append(
                Problem(
                    name,
                    _("expected question {id} in column A, found {found!r}: {why}").format(
                        id=qid, found=found or _("nothing"), why=changed
                    ),
                    row,
                )
            )
            break
    for row in sheet.iter_rows(min_row=places.last + 1):
        filled = [c for c in row if c.value not in (None, "")]
        if filled:
            problems.append(
                Problem(
                    name,
                    _("cell {cell} below the last question: {why}").format(
                        cell=filled[0].coordinate, why=changed
                    ),
                    filled[0].row,
                )
            )
            break
    problems += [
        Problem(name, _("formulas are not read: type the answer itself"), cell.row, cell.coordinate)
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=")
    ]
    if problems:
        raise ProfintError(problems)

    values = {
        QUESTIONNAIRE_FIELD: questionnaire.id,
        MODEL_ID_FIELD: meta.get(MODEL_ID_FIELD, [""])[0],
        MODEL_VERSION_FIELD: meta.get(MODEL_VERSION_FIELD, [""])[0],
        ROLE_FIELD: meta.get(ROLE_FIELD, [""])[0],
        ORGANIZATION_FIELD: _cell(sheet.cell(ORGANIZATION_ROW, 3).value),
        DEVICE_FIELD: _cell(sheet.cell(DEVICE_ROW, 3).value),
        DATE_FIELD: _cell(sheet.cell(DATE_ROW, 3).value),
    }
    allowed = ", ".join(choices(questionnaire))
    result = Imported(source=name)
    for question in questionnaire.questions:
        row = rows[question.id]
        raw = _cell(sheet[f"{ANSWER_COLUMN}{row}"].value)
        code = _answer_code(raw, questionnaire)
        if code is None:
            result.problems.append(
                Problem(
                    name,
                    _("{value!r} is not an answer (choose one of: {choices})").format(
                        value=raw, choices=allowed
                    ),
                    row,
                    question.id,
                )
            )
        values[field_name(question.id)] = code or ""
        values[note_field(question.id)] = _cell(sheet[f"{NOTE_COLUMN}{row}"].value)
    for open_id, row in places.open_rows.items():
        values[open_field(open_id)] = _cell(sheet[f"{ANSWER_COLUMN}{row}"].value)

    where = {
        ("organization",): (ORGANIZATION_ROW, "organization"),
        ("device",): (DEVICE_ROW, "device"),
        ("date",): (DATE_ROW, "date"),
    }

    def locate(loc: tuple[str | int, ...]) -> tuple[int | None, str]:
        key = tuple(str(p) for p in loc)
        if key[:1] == ("answers",) and len(key) >= 2 and key[1] in rows:
            return rows[key[1]], key[1] + (" note" if key[2:3] == ("note",) else "")
        if key[:1] == ("comments",) and len(key) >= 2 and key[1] in places.open_rows:
            return places.open_rows[key[1]], key[1]
        for size in range(len(key), 0, -1):
            if key[:size] in where:
                return where[key[:size]]
        return None, ".".join(key)

    data_ = answers_data(values, model, questionnaire)
    answers, problems = validate_row(data_, model, name, locate)
    result.problems = sorted(result.problems + problems, key=lambda p: p.line or 0)
    if answers is None or result.problems:
        result.failed = 1
        return result
    result.submissions.append(
        Submission(
            key=stem,
            file_name=f"{stem}.yaml",
            text=render(answers, questionnaire, "an XLSX workbook"),
            line=None,
        )
    )
    return result
