"""A KoboToolbox or ODK export (CSV or XLSX) of a form made by ``form xlsform``, to answers files.

The export must have XML values and headers (the field names, ``F01_Q1``), with or without group
prefixes (``F01/F01_Q1`` from KoboToolbox, ``F01-F01_Q1`` from ODK Central and Briefcase). CSV may
be ``,`` or ``;`` separated (KoboToolbox asks), UTF-8 with or without a byte-order mark.

Each submission becomes one answers file named after its stable id (``rootUuid``, else
``_uuid`` / ``instanceID``, else ODK's ``KEY``), so a re-import of a later export updates the
files instead of adding new ones. Submissions marked "Not Approved" in KoboToolbox (or
"rejected" in ODK Central) are skipped and counted. Each row is validated like an answers file;
a bad row is reported as ``EXPORT.csv:ROW: column: message`` and the others are still imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from profint_assess.collect import DATE_FIELD, QUESTIONNAIRE_FIELD, field_name
from profint_assess.collect.rows import (
    Imported,
    Locator,
    Submission,
    answers_data,
    column_locator,
    field_to_loc,
    render,
    render_grid,
    safe_name,
    validate_grid_row,
    validate_row,
)
from profint_assess.collect.xlsform import form_fields
from profint_assess.errors import Problem, ProfintError
from profint_assess.i18n import _
from profint_assess.records import LearningGrid, Model, Questionnaire

# Exports are read whole; 20 MB holds about 3,800 self-assessments (the longest questionnaire)
# with a note on every answer. Larger ones are refused before anything is parsed.
MAX_EXPORT_BYTES = 20_000_000
# An XLSX is a zip: refuse one that would inflate past this (a zip bomb, or a huge export).
MAX_XLSX_UNPACKED = 200_000_000
# The submission's stable id, best first: rootUuid survives edits; _uuid and instanceID change
# when a submission is edited but equal the rootUuid of its first version.
ID_COLUMNS = ("rootUuid", "_uuid", "instanceID", "KEY")
DATE_FALLBACKS = ("end", "start", "_submission_time", "SubmissionDate")
# Columns the platforms add (KoboToolbox: "_..."; ODK Central and Briefcase: these names).
PLATFORM_COLUMNS = frozenset(
    """start end today deviceid username simserial subscriberid phonenumber audit instanceID
    instanceName rootUuid deprecatedID KEY SubmissionDate SubmitterID SubmitterName
    AttachmentsPresent AttachmentsExpected Status ReviewState DeviceID Edits FormVersion uuid
    version""".split()
)
_QUESTION_LIKE = re.compile(
    r"^F\d{2}_[A-Z]\d+(_note)?$|^F\d{2}_about$|^L\d{2}_(progress|importance)$"
)
_REJECTED = {"not approved", "rejected"}


def read_rows(data: bytes, name: str) -> Iterator[tuple[int, list[str]]]:
    """The export's rows as (row number as a spreadsheet shows it, cells), header first."""
    if len(data) > MAX_EXPORT_BYTES:
        raise ProfintError([Problem(name, _too_large(len(data)))])
    if data.startswith(b"PK\x03\x04"):
        yield from _xlsx_rows(data, name)
        return
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProfintError(
            [
                Problem(
                    name,
                    _("is not UTF-8 text (byte {byte}): export it again as UTF-8").format(
                        byte=exc.start
                    ),
                )
            ]
        ) from None
    if "\0" in text[:8192]:
        raise ProfintError([Problem(name, _("is a binary file, not a CSV or XLSX export"))])
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        yield from enumerate(reader, start=1)
    except csv.Error as exc:
        raise ProfintError(
            [Problem(name, _("not valid CSV: {reason}").format(reason=exc), reader.line_num)]
        ) from None


def _too_large(size: int) -> str:
    return _(
        "is {size} bytes; imports read at most {limit}: "
        "export fewer submissions at a time (for example by date range)"
    ).format(size=f"{size:,}", limit=f"{MAX_EXPORT_BYTES:,}")


def _xlsx_rows(data: bytes, name: str) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED:
            raise ProfintError([Problem(name, _too_large(unpacked) + _(" (unpacked)"))])
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ProfintError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise ProfintError(
            [Problem(name, _("is not a readable XLSX workbook ({reason})").format(reason=exc))]
        ) from None
    try:
        # KoboToolbox puts the main submissions on the first sheet (repeat groups follow).
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(c) for c in cells]
    finally:
        book.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _field(header: str) -> str:
    """``F01/F01_Q1``, ``F01-F01_Q1``, ``meta/instanceID`` -> the field name alone."""
    return re.split(r"[/:-]", header.strip())[-1] if not header.startswith("_") else header


@dataclass(frozen=True)
class _Instrument:
    """What an export answers: a questionnaire or a learning grid, seen the same way."""

    id: str
    role: str
    fields: list[str]  # the form's data fields
    locs: dict[str, tuple[str, ...]]  # field -> answers-file path
    answer_fields: set[str]  # the fields an export of this form must have
    to_answers: Callable[[dict[str, str], str, Locator], tuple[Any, list[Problem]]]
    render: Callable[[Any, str], str]


def _questionnaire_instrument(model: Model, questionnaire: Questionnaire) -> _Instrument:
    def to_answers(values: dict[str, str], name: str, locate: Locator) -> tuple[Any, list]:
        return validate_row(answers_data(values, model, questionnaire), model, name, locate)

    return _Instrument(
        questionnaire.id,
        questionnaire.roles[0],
        form_fields(questionnaire),
        field_to_loc(questionnaire),
        {field_name(q.id) for q in questionnaire.questions},
        to_answers,
        lambda answers, origin: render(answers, questionnaire, origin),
    )


def _grid_instrument(model: Model, grid: LearningGrid) -> _Instrument:
    from profint_assess.collect import grid as grid_form

    def to_answers(values: dict[str, str], name: str, locate: Locator) -> tuple[Any, list]:
        data = grid_form.answers_data(values, model, grid)
        return validate_grid_row(data, model, grid, name, locate)

    return _Instrument(
        grid.id,
        grid.roles[0],
        grid_form.form_fields(grid),
        grid_form.field_to_loc(grid),
        {grid_form.progress_field(p.id) for p in grid.proposals},
        to_answers,
        lambda answers, origin: render_grid(answers, grid, origin),
    )


def _instrument(model: Model, fields: set[str]) -> _Instrument | None:
    """The questionnaire or grid whose answer fields the export's columns match most."""
    candidates = [_questionnaire_instrument(model, q) for q in model.questionnaires]
    candidates += [_grid_instrument(model, g) for g in model.learning_grids]
    best, best_count = None, 0
    for candidate in candidates:
        count = len(candidate.answer_fields & fields)
        if count > best_count:
            best, best_count = candidate, count
    return best


def import_export(data: bytes, name: str, model: Model) -> Imported:
    """Every submission of the export as an answers file, and the problems of the bad rows.

    A problem with the whole export (unreadable, empty, another form, no id column) raises
    ProfintError and nothing is imported.
    """
    rows = read_rows(data, name)
    header_row = next(rows, None)
    if header_row is None or not any(c.strip() for c in header_row[1]):
        raise ProfintError([Problem(name, _("is empty: no header row, no submission"))])
    headers = header_row[1]
    fields = [_field(h) for h in headers]
    instrument = _instrument(model, set(fields))
    if instrument is None:
        raise ProfintError(
            [
                Problem(
                    name,
                    _(
                        "no column is a question of this model's forms (F01_Q1, F01_P1, ...): "
                        "is it the export of another form? Export with 'XML values and headers'"
                    ),
                    1,
                )
            ]
        )
    expected = instrument.fields
    known = set(expected)
    problems = []
    seen: dict[str, int] = {}
    for index, (header, name_) in enumerate(zip(headers, fields, strict=True)):
        if not header.strip():
            continue
        if name_ in seen and name_ in known:
            problems.append(
                Problem(
                    name,
                    _("column {column!r} comes twice").format(column=headers[seen[name_]]),
                    1,
                    header,
                )
            )
        seen.setdefault(name_, index)
        if name_ in known or name_.startswith("_") or name_ in PLATFORM_COLUMNS:
            continue
        what = (
            _("a question of another questionnaire than {id!r}")
            if _QUESTION_LIKE.match(name_)
            else _("not a field of the {id!r} form")
        )
        problems.append(
            Problem(
                name,
                _("unknown column: {what} (is it the export of another form?)").format(
                    what=what.format(id=instrument.id)
                ),
                1,
                header,
            )
        )
    missing = [
        f
        for f in expected
        if f not in seen
        and (_QUESTION_LIKE.match(f) or f == QUESTIONNAIRE_FIELD)
        and not f.endswith("_about")
    ]
    if missing:
        shown = ", ".join(missing[:5]) + (
            _(" and {n} more").format(n=len(missing) - 5) if len(missing) > 5 else ""
        )
        problems.append(
            Problem(
                name,
                _(
                    "missing columns of the {id!r} form: {columns} "
                    "(export every field, with 'XML values and headers')"
                ).format(id=instrument.id, columns=shown),
                1,
            )
        )
    id_columns = [c for c in ID_COLUMNS if c in seen]
    if not id_columns:
        problems.append(
            Problem(
                name,
                _(
                    "no submission id column (_uuid, meta/rootUuid, meta/instanceID or KEY): "
                    "without it a re-import could not tell submissions apart; "
                    "export with the metadata columns"
                ),
                1,
            )
        )
    if problems:
        raise ProfintError(problems)

    result = Imported(source=name)
    header_of = {f: headers[i] for f, i in seen.items()}
    first_row: dict[str, int] = {}
    role = instrument.role
    any_row = False
    for number, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        any_row = True
        values = {f: cells[i] if i < len(cells) else "" for f, i in seen.items()}
        status = values.get("_validation_status", "") or values.get("ReviewState", "")
        status = status.strip().lower().removeprefix("validation_status_").replace("_", " ")
        if status in _REJECTED:
            result.skipped += 1
            continue
        key = next((safe_name(values[c]) for c in id_columns if safe_name(values[c])), "")
        if not key:
            result.failed += 1
            result.problems.append(
                Problem(name, _("no submission id in this row"), number, header_of[id_columns[0]])
            )
            continue
        if key in first_row:
            result.failed += 1
            result.problems.append(
                Problem(
                    name,
                    _("submission {key} already in row {row}").format(key=key, row=first_row[key]),
                    number,
                    header_of[id_columns[0]],
                )
            )
            continue
        first_row[key] = number
        if not values.get(DATE_FIELD, "").strip():
            stamp = next((values[c] for c in DATE_FALLBACKS if values.get(c, "").strip()), "")
            if stamp:
                values[DATE_FIELD] = stamp.strip()[:10]
        elif "T" in values[DATE_FIELD]:
            values[DATE_FIELD] = values[DATE_FIELD].strip()[:10]
        locate = column_locator(instrument.locs, number, header_of)
        answers, row_problems = instrument.to_answers(values, name, locate)
        if answers is None:
            result.failed += 1
            result.problems.extend(row_problems)
            continue
        result.submissions.append(
            Submission(
                key=key,
                file_name=f"{safe_name(answers.respondent.role) or role}-{key}.yaml",
                text=instrument.render(
                    answers,
                    _("a KoboToolbox/ODK export, submission {key}").format(key=key),
                ),
                line=number,
            )
        )
    if not any_row:
        raise ProfintError([Problem(name, _("has a header row but no submission"))])
    return result
