"""One submission (a row of an export, a filled workbook) to an answers file, validated like one.

The row's values are keyed by form field name (``F01_Q1``, ``F01_Q1_note``, ``organization``,
``today``...). They become the data of an answers file, which goes through the very checks an
answers file on disk goes through (:func:`profint_assess.loading.validate` and
:func:`~profint_assess.loading.check_answers`); each problem is located at the row and the
column it came from instead of a YAML line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from profint_assess.answers import Draft, dump_answers, write_atomic
from profint_assess.collect import (
    DATE_FIELD,
    DEVICE_FIELD,
    ENVELOPE_LOCS,
    MODEL_ID_FIELD,
    MODEL_VERSION_FIELD,
    ORGANIZATION_FIELD,
    QUESTIONNAIRE_FIELD,
    ROLE_FIELD,
    field_name,
    note_field,
    open_field,
)
from profint_assess.errors import Problem, ProfintError
from profint_assess.i18n import _
from profint_assess.loading import Document, check_answers, check_grid_answers, validate
from profint_assess.model import (
    ANSWERS_FORMAT,
    AnswersFile,
    GridAnswersFile,
    LearningGrid,
    Model,
    Questionnaire,
)

# Where a problem at an answers-file path (``("answers", "F01.Q1", "value")``) shows in the
# source: the row (or line) and the column's name as the user sees it.
Locator = Callable[[tuple[str | int, ...]], tuple[int | None, str]]


@dataclass(frozen=True)
class RowDocument(Document):
    """A Document whose problems name a row and a column, not a YAML line and path."""

    locate: Locator | None = None

    def problem(self, loc: Iterable[str | int], message: str) -> Problem:
        assert self.locate is not None
        line, column = self.locate(tuple(loc))
        return Problem(self.name, message, line, column)


@dataclass(frozen=True)
class Submission:
    """One validated submission, ready to be written as an answers file."""

    key: str  # the platform's stable id of the submission, or the workbook's name
    file_name: str
    text: str
    line: int | None


@dataclass
class Imported:
    """What an import found: the submissions to write and the problems of the others."""

    source: str
    submissions: list[Submission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    failed: int = 0
    skipped: int = 0  # marked "Not Approved" (or rejected) on the platform


def field_to_loc(questionnaire: Questionnaire) -> dict[str, tuple[str, ...]]:
    """Each form field name to the answers-file path it fills."""
    fields = dict(ENVELOPE_LOCS)
    for question in questionnaire.questions:
        fields[field_name(question.id)] = ("answers", question.id, "value")
        fields[note_field(question.id)] = ("answers", question.id, "note")
    for open_question in questionnaire.open_questions:
        fields[open_field(open_question.id)] = ("comments", open_question.id)
    return fields


def column_locator(
    fields: Mapping[str, tuple[str, ...]], line: int | None, headers: Mapping[str, str]
) -> Locator:
    """Problems on one row, named by the export's own column header for each field.

    ``fields`` maps each form field to the answers-file path it fills (:func:`field_to_loc`).
    """
    by_loc = {loc: headers.get(name, name) for name, loc in fields.items()}

    def locate(loc: tuple[str | int, ...]) -> tuple[int | None, str]:
        key = tuple(str(part) for part in loc)
        for size in range(len(key), 0, -1):
            if key[:size] in by_loc:
                return line, by_loc[key[:size]]
        if len(key) >= 2 and key[0] == "answers":
            # A problem with the answer as a whole (``answers.F01.Q1``): its value's column.
            return line, by_loc.get(("answers", key[1], "value"), key[1])
        return line, ".".join(key)

    return locate


def _value(raw: str) -> int | str | None:
    raw = raw.strip()
    if not raw:
        return None
    if raw.isdigit() and raw.isascii():
        return int(raw)
    return raw


def envelope(
    values: Mapping[str, str], model: Model, instrument: str, roles: Sequence[str]
) -> dict[str, Any]:
    """The answers-file envelope (format, questionnaire, model, respondent, names, date) of a
    submission, for a questionnaire or a learning grid; the caller adds ``answers``."""

    def get(name: str) -> str:
        return values.get(name, "").strip()

    data: dict[str, Any] = {
        "format": ANSWERS_FORMAT,
        "questionnaire": get(QUESTIONNAIRE_FIELD) or instrument,
        "model": {
            "id": get(MODEL_ID_FIELD) or model.meta.id,
            "version": get(MODEL_VERSION_FIELD) or model.meta.version,
        },
        "respondent": {"role": get(ROLE_FIELD) or roles[0]},
    }
    # An empty text is left out, so that it reads "is required but missing".
    for name, key in ((ORGANIZATION_FIELD, "organization"), (DEVICE_FIELD, "device")):
        if get(name):
            data[key] = get(name)
    if get(DATE_FIELD):
        data["date"] = get(DATE_FIELD)
    return data


def answers_data(
    values: Mapping[str, str], model: Model, questionnaire: Questionnaire
) -> dict[str, Any]:
    """The data of an answers file from a submission's values (by field name)."""
    data = envelope(values, model, questionnaire.id, questionnaire.roles)
    answers: dict[str, dict[str, Any]] = {}
    for question in questionnaire.questions:
        value = _value(values.get(field_name(question.id), ""))
        note = values.get(note_field(question.id), "").strip()
        if value is not None or note:
            answers[question.id] = {"value": value, "note": note}
    data["answers"] = answers
    comments = {
        o.id: values.get(open_field(o.id), "").strip() for o in questionnaire.open_questions
    }
    if any(comments.values()):
        data["comments"] = {k: v for k, v in comments.items() if v}
    complete = all(answers.get(q.id, {}).get("value") is not None for q in questionnaire.questions)
    data["status"] = "complete" if complete else "in-progress"
    return data


def validate_row(
    data: dict[str, Any], model: Model, name: str, locate: Locator
) -> tuple[AnswersFile | None, list[Problem]]:
    """The answers file the data makes, or the problems located by ``locate``."""
    doc = RowDocument(name, "", data, locate)
    try:
        answers = validate(doc, AnswersFile)
    except ProfintError as exc:
        return None, exc.problems
    problems = check_answers(doc, answers, model)
    return (None, problems) if problems else (answers, [])


def validate_grid_row(
    data: dict[str, Any], model: Model, grid: LearningGrid, name: str, locate: Locator
) -> tuple[GridAnswersFile | None, list[Problem]]:
    """The learning-grid answers file the data makes, or the problems located by ``locate``."""
    doc = RowDocument(name, "", data, locate)
    try:
        answers = validate(doc, GridAnswersFile)
    except ProfintError as exc:
        return None, exc.problems
    problems = check_grid_answers(doc, answers, grid, model)
    return (None, problems) if problems else (answers, [])


def render_grid(answers: GridAnswersFile, grid: LearningGrid, origin: str) -> str:
    """The grid answers file's text, with a first comment that says where it came from."""
    from profint_assess.learning_answers import GridDraft, dump_grid_answers

    lines = dump_grid_answers(GridDraft.from_file(answers, grid)).splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    header = _("# PROFINT answers file imported by profint-assess from {origin}.").format(
        origin=origin
    )
    return header + "\n" + "".join(lines)


def render(answers: AnswersFile, questionnaire: Questionnaire, origin: str) -> str:
    """The answers file's text, with a first comment that says where it came from."""
    body = dump_answers(Draft.from_file(answers, questionnaire))
    lines = body.splitlines(keepends=True)
    while lines and lines[0].startswith("#"):
        lines.pop(0)
    header = _("# PROFINT answers file imported by profint-assess from {origin}.").format(
        origin=origin
    )
    return header + "\n" + "".join(lines)


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def safe_name(text: str, limit: int = 80) -> str:
    """A file-name-safe version of an id (``uuid:5f3c...`` -> ``5f3c...``)."""
    text = text.strip()
    if text.lower().startswith("uuid:"):
        text = text[5:]
    return _UNSAFE.sub("-", text).strip("-.")[:limit]


@dataclass
class Written:
    """What writing the imported answers files did."""

    new: list[Path] = field(default_factory=list)
    updated: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


def write(submissions: Iterable[Submission], folder: Path, inputs: Iterable[Path]) -> Written:
    """Write each submission atomically into ``folder``; an identical file is left untouched.

    Re-importing the same export therefore creates no duplicate (the names are keyed on the
    submissions' stable ids) and rewrites nothing that did not change.
    """
    protected = {str(Path(p).resolve()) for p in inputs}
    written = Written()
    for submission in submissions:
        path = folder / submission.file_name
        if str(path.resolve()) in protected:
            raise ProfintError(
                [Problem(str(path), _("is one of the inputs; it is never overwritten"))]
            )
        try:
            old = path.read_text(encoding="utf-8") if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            old = ""
        if old == submission.text:
            written.unchanged.append(path)
            continue
        write_atomic(path, submission.text)
        (written.new if old is None else written.updated).append(path)
    return written
