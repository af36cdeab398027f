"""Answers files that are certainly valid, read without pydantic.

Most answers files a tool or ``assess`` writes are plainly well formed: known ids, whole numbers,
ISO dates, ordinary text. For those, :func:`read` builds the very records that validating with
``model.AnswersFile`` (or ``GridAnswersFile``) and then checking against the model would give,
without importing pydantic. It accepts a value only in a form it can prove the schema takes
unchanged, or changes in a way replicated here exactly (the short form ``F01.Q1: 2``, names in
NFC with runs of spaces made one, texts stripped, blank comments dropped, ``yes``/``no`` read as
booleans in a grid). Anything else, valid or not, makes it return None: the loader then
validates with pydantic, which alone words the errors. ``tests/test_fast_answers.py`` compares
the two on every example and on a corpus of mutations.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from profint_assess.records import (
    ANSWERS_FORMAT,
    DECLARED,
    EVIDENCE,
    IMPORTANCE_VALUES,
    INVISIBLE,
    NA,
    PROGRESS_VALUES,
    UNKNOWN,
    Answer,
    AnswersFile,
    Baseline,
    GridAnswer,
    GridAnswersFile,
    LearningGrid,
    Model,
    ModelRef,
    Respondent,
    normalise_name,
)

_TOP_KEYS = frozenset(AnswersFile._fields)
_REQUIRED = ("format", "questionnaire", "model", "organization", "device", "respondent", "date")
_ANSWER_KEYS = frozenset(Answer._fields)
_GRID_ANSWER_KEYS = frozenset(GridAnswer._fields)
_STATUSES = frozenset(("complete", "in-progress"))
# What the schemas refuse in a text: control characters (notes and comments keep tabs and line
# breaks), lone surrogates (a JSON file can hold them; pydantic refuses them), invisible ones.
# Patterns, not compiled: printable text (the common case) never needs them.
_CONTROL = "[\x00-\x1f\x7f-\x9f\ud800-\udfff]"
_CONTROL_IN_NOTES = "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]"
_SURROGATES = "[\ud800-\udfff]"
_INVISIBLE = "[" + "".join(sorted(INVISIBLE)) + "]"
# Answers without note, evidence or marks: one shared record per value (frozen).
_PLAIN = {v: Answer(value=v) for v in (0, 1, 2, 3, 4, NA, UNKNOWN, None)}
_MARKS = ("carried", "confirmed")
_GRID_PLAIN = {
    (progress, importance): GridAnswer(progress=progress, importance=importance)
    for progress in (None, *PROGRESS_VALUES)
    for importance in (None, *IMPORTANCE_VALUES)
}


def read(data: Any, model: Model) -> AnswersFile | GridAnswersFile | None:
    """The records validation and the model's checks would give for ``data``, or None."""
    if type(data) is not dict or not data.keys() <= _TOP_KEYS:
        return None
    if any(key not in data for key in _REQUIRED) or data["format"] != ANSWERS_FORMAT:
        return None
    if type(data["format"]) is not str:
        return None
    raw = data["questionnaire"]
    # As the loader decides: a grid by its id exactly as written.
    grid = model.learning_grid(raw) if type(raw) is str else None
    if grid is not None:
        return _grid_file(data, model, grid)
    questionnaire = model.questionnaire(_text(raw, _CONTROL) or "")
    if questionnaire is None:
        return None
    envelope = _envelope(data, model, questionnaire.roles)
    if envelope is None or "answers" not in data:
        return None
    target = _target(data.get("target"), model)
    answers = _answers(data["answers"], model.question_ids(questionnaire.id))
    comments = _comments(data.get("comments"), {o.id for o in questionnaire.open_questions})
    if target is False or answers is None or comments is None:
        return None
    return AnswersFile(
        questionnaire=questionnaire.id,
        target=target,
        answers=answers,
        comments=comments,
        **envelope,
    )


def _grid_file(data: dict[str, Any], model: Model, grid: LearningGrid) -> GridAnswersFile | None:
    envelope = _envelope(data, model, grid.roles)
    if envelope is None or data.get("target") is not None:
        return None
    answers = _grid_answers(data.get("answers", {}), {p.id for p in grid.proposals})
    comments = _comments(data.get("comments"), None)
    if answers is None or comments is None:
        return None
    return GridAnswersFile(
        questionnaire=grid.id, target=None, answers=answers, comments=comments, **envelope
    )


def _text(value: Any, refused: str | None) -> str | None:
    """``value`` stripped as the schema strips it, when it is a text the schema keeps; else None.

    pydantic strips Unicode white space and Python's ``strip`` a little more: only ends of
    spaces, tabs and line breaks are taken here, where both agree.
    """
    if type(value) is not str:
        return None
    text = value.strip(" \t\n\r")
    if text != value.strip():
        return None
    if not text.isprintable() and re.search(refused or _SURROGATES, text):
        return None
    return text


def _name(value: Any) -> str | None:
    """An organisation or device name, spelt once (NFC, spaces), when the schema takes it."""
    if type(value) is not str:
        return None
    name = normalise_name(value)
    if not name.isprintable() and (re.search(_CONTROL, name) or re.search(_INVISIBLE, name)):
        return None
    return name or None


def _date(value: Any) -> dt.date | None:
    if type(value) is dt.date:
        return value
    if type(value) is str and _iso_digits(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None  # a datetime, a number (Unix time to pydantic), another form: pydantic decides


def _iso_digits(text: str) -> bool:
    """YYYY-MM-DD in ASCII digits (the schema's ``\\d`` takes any digit, then fails)."""
    return (
        len(text) == 10
        and text.isascii()
        and text[4] == text[7] == "-"
        and (text[:4] + text[5:7] + text[8:]).isdigit()
    )


def _envelope(data: dict[str, Any], model: Model, roles: list[str]) -> dict[str, Any] | None:
    """The fields both kinds of answers file share, checked as the schema and the model do."""
    meta = model.meta
    ref, respondent = data["model"], data["respondent"]
    if type(ref) is not dict or ref.keys() != {"id", "version"}:
        return None
    version = ref["version"]
    if type(version) in (int, float):
        version = str(version)  # as the schema does: YAML reads 2.0 as a number
    if _text(ref["id"], _CONTROL) != meta.id or _text(version, _CONTROL) != meta.version:
        return None
    if type(respondent) is not dict or not respondent.keys() <= {"role", "name"}:
        return None
    role = respondent.get("role")
    name = _text(respondent.get("name", ""), None)
    if type(role) is not str or role not in roles or name is None:
        return None
    organization, device = _name(data["organization"]), _name(data["device"])
    date = _date(data["date"])
    status = data.get("status", "complete")
    lang = data.get("lang")
    if organization is None or device is None or date is None:
        return None
    if type(status) is not str or status not in _STATUSES:
        return None
    if lang is not None and not (
        type(lang) is str
        and 2 <= len(lang) <= 3
        and lang.isascii()
        and lang.isalpha()
        and lang.islower()
    ):
        return None
    baseline = _baseline(data.get("baseline"))
    if baseline is False:
        return None
    return {
        "format": ANSWERS_FORMAT,
        "model": ModelRef(id=meta.id, version=meta.version),
        "organization": organization,
        "device": device,
        "respondent": Respondent(role=role, name=name),
        "date": date,
        "status": status,
        "lang": lang,
        "baseline": baseline,
    }


def _baseline(value: Any) -> Baseline | None | bool:
    """The baseline record, None when there is none, False to ask pydantic."""
    if value is None:
        return None
    if type(value) is not dict or value.keys() != {"file", "date"}:
        return False
    file, date = _text(value["file"], None), _date(value["date"])
    if file is None or date is None:
        return False
    return Baseline(file=file, date=date)


def _number(value: Any) -> float | None:
    if type(value) in (int, float) and 0 <= value <= 100:
        return float(value)
    return None


def _target(value: Any, model: Model) -> float | dict[str, float] | None | bool:
    """The target as the schema gives it (numbers as floats), None, or False to ask pydantic."""
    if value is None:
        return None
    if type(value) is not dict:
        number = _number(value)
        return False if number is None else number
    factors = {f.id for f in model.factors}
    targets = {}
    for key, item in value.items():
        number = _number(item)
        if type(key) is not str or (key != "default" and key not in factors) or number is None:
            return False
        targets[key] = number
    return targets


def _answers(given: Any, known: frozenset[str]) -> dict[str, Answer] | None:
    if given is None:
        return {}  # a blank ``answers:``: nothing answered yet
    if type(given) is not dict:
        return None
    answers = {}
    for qid, item in given.items():
        if type(qid) is not str or qid not in known:
            return None
        if type(item) is not dict:
            answer = _PLAIN.get(item) if _value(item) else None
        else:
            answer = _answer(item)
        if answer is None:
            return None
        answers[qid] = answer
    return answers


def _value(value: Any) -> bool:
    """Whether the schema takes ``value`` as it is (True is not 1 there, nor is 2.0)."""
    kind = type(value)
    return (
        value is None
        or (kind is int and 0 <= value <= 4)
        or (kind is str and value in (NA, UNKNOWN))
    )


def _answer(item: dict[str, Any]) -> Answer | None:
    if not item.keys() <= _ANSWER_KEYS:
        return None
    value = item.get("value")
    if not _value(value):
        return None
    note = _text(item.get("note", ""), _CONTROL_IN_NOTES)
    evidence = item.get("evidence", DECLARED)
    if note is None or type(evidence) is not str or evidence not in EVIDENCE:
        return None
    marks = {}
    for mark in _MARKS:
        if mark in item:
            if type(item[mark]) is not bool:
                return None
            marks[mark] = item[mark]
    if not note and evidence == DECLARED and not any(marks.values()):
        return _PLAIN[value]
    return Answer(value=value, note=note, evidence=evidence, **marks)


def _comments(given: Any, known: set[str] | None) -> dict[str, str] | None:
    """Open answers as the schema keeps them (stripped, blanks dropped); None to ask pydantic.

    ``known``: the questionnaire's open questions; None for a grid, whose comments the loader
    checks only against the schema's pattern.
    """
    if given is None:
        return {}
    if type(given) is not dict:
        return None
    comments = {}
    for key, value in given.items():
        if type(key) is not str or not (key in known if known is not None else _open_id(key)):
            return None
        if value is None:
            continue
        text = _text(value, _CONTROL_IN_NOTES)
        if text is None:
            return None
        if text:
            comments[key] = text
    return comments


def _open_id(key: str) -> bool:
    """The schema's open-question id pattern, ``[a-z][a-z0-9-]*``."""
    return (
        key[:1].isalpha()
        and key.isascii()
        and all(c.islower() or c.isdigit() or c == "-" for c in key)
    )


def _grid_answers(given: Any, known: set[str]) -> dict[str, GridAnswer] | None:
    if type(given) is not dict:
        return None  # a blank ``answers:`` is an error for a grid: pydantic says so
    answers = {}
    for pid, item in given.items():
        if type(pid) is not str or pid not in known:
            return None
        if item is None:
            answers[pid] = _GRID_PLAIN[None, None]
            continue
        if type(item) is not dict or not item.keys() <= _GRID_ANSWER_KEYS:
            return None
        progress, importance = item.get("progress"), item.get("importance")
        if type(progress) is bool:
            progress = "yes" if progress else "no"  # YAML 1.1 reads a bare yes/no as a boolean
        elif progress is not None and (
            type(progress) is not str or progress not in PROGRESS_VALUES
        ):
            return None
        if importance is not None and (
            type(importance) is not int or importance not in IMPORTANCE_VALUES
        ):
            return None
        answers[pid] = _GRID_PLAIN[progress, importance]
    return answers
