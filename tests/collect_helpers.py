"""Submissions as the platforms would give them back: Kobo-style CSV and XLSX exports, answers."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from typing import Any

import yaml

from profint_assess.collect import field_name, note_field, open_field
from profint_assess.collect.xlsform import form_fields
from profint_assess.model import Model, Questionnaire

KOBO_TAIL = [
    "meta/instanceID",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]


def random_answers(
    model: Model, questionnaire: Questionnaire, role: str, count: int, seed: int = 7
) -> list[dict[str, Any]]:
    """``count`` answers files' data over a few devices and dates, with notes of every kind."""
    rng = random.Random(seed)
    notes = ["", "", 'two agreements; "signed"', "ligne 1\nligne 2", "é ü ñ 中文 —", "a, b; c"]
    out = []
    for n in range(count):
        answers: dict[str, Any] = {}
        for question in questionnaire.questions:
            value: Any = rng.choice([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, "na", "unknown"])
            note = rng.choice(notes)
            if value == "na":
                note = note or "does not apply here"
            answers[question.id] = {"value": value, "note": note} if note else value
        comments = {
            o.id: rng.choice(["", 'strong: the team; "weak": housing', "ligne 1\nligne 2"])
            for o in questionnaire.open_questions
        }
        out.append(
            {
                "format": "profint-answers/1",
                "questionnaire": questionnaire.id,
                "model": {"id": model.meta.id, "version": model.meta.version},
                "organization": f"Org {n % 3}",
                "device": f"Device {n % 2}",
                "respondent": {"role": role},
                "date": f"2026-11-{10 + n % 4}",
                "status": "complete",
                "answers": answers,
                **(
                    {"comments": {k: v for k, v in comments.items() if v}}
                    if any(comments.values())
                    else {}
                ),
            }
        )
    return out


def write_answers(folder: Path, documents: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for n, doc in enumerate(documents):
        (folder / f"direct-{n:03d}.yaml").write_text(
            yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
    return folder


def export_rows(
    questionnaire: Questionnaire, documents: list[dict[str, Any]], *, groups: str = "/"
) -> list[list[str]]:
    """Header and rows as KoboToolbox exports them ("XML values and headers")."""
    fields = [f for f in form_fields(questionnaire) if not f.endswith("_about")]

    def header(name: str) -> str:
        if groups and name[:1] == "F" and name[3:4] == "_":
            return f"{name[:3]}{groups}{name}"
        return name

    rows = [[header(f) for f in fields] + KOBO_TAIL]
    for n, doc in enumerate(documents):
        values = {
            "start": f"{doc['date']}T09:00:00.000+01:00",
            "end": f"{doc['date']}T09:40:00.000+01:00",
            "today": str(doc["date"]),
            "questionnaire": doc["questionnaire"],
            "model_id": doc["model"]["id"],
            "model_version": doc["model"]["version"],
            "role": doc["respondent"]["role"],
            "organization": doc["organization"],
            "device": doc["device"],
        }
        for qid, answer in doc["answers"].items():
            value, note = (
                (answer["value"], answer["note"]) if isinstance(answer, dict) else (answer, "")
            )
            values[field_name(qid)] = str(value)
            values[note_field(qid)] = note
        for open_id, comment in doc.get("comments", {}).items():
            values[open_field(open_id)] = comment
        uuid = f"0b8d{n:04d}-1c2e-4f00-9a4b-5e6f7a8b9c{n:02d}"
        tail = [
            f"uuid:{uuid}",
            str(1000 + n),
            uuid,
            f"{doc['date']}T10:00:00",
            "",
            "[]",
            "submitted_via_web",
            "",
            "vXyZ",
            "[]",
            str(n + 1),
        ]
        rows.append([values.get(f, "") for f in fields] + tail)
    return rows


def csv_export(rows: list[list[str]], *, delimiter: str = ",", bom: bool = True) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_export(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Profint partners"
    # KoboToolbox writes numbers as numbers in its XLSX exports.
    sheet.append(rows[0])
    for row in rows[1:]:
        sheet.append([int(c) if c.isdigit() and len(c) < 6 else c for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def random_grid_answers(
    model: Model, grid: Any, count: int, seed: int = 11
) -> list[dict[str, Any]]:
    """``count`` learning-grid answers files' data, some parts left unanswered."""
    rng = random.Random(seed)
    out = []
    for n in range(count):
        answers: dict[str, Any] = {}
        for proposal in grid.proposals:
            answer: dict[str, Any] = {}
            progress = rng.choice(["yes", "no", "not-concerned", None])
            importance = rng.choice([1, 2, 3, None])
            if progress:
                answer["progress"] = progress
            if importance:
                answer["importance"] = importance
            if answer:
                answers[proposal.id] = answer
        complete = all(len(answers.get(p.id, {})) == 2 for p in grid.proposals)
        out.append(
            {
                "format": "profint-answers/1",
                "questionnaire": grid.id,
                "model": {"id": model.meta.id, "version": model.meta.version},
                "organization": "Org 0",
                "device": "Device 0",
                "respondent": {"role": "beneficiary"},
                "date": f"2026-11-{10 + n % 2}",
                "status": "complete" if complete else "in-progress",
                "answers": answers,
            }
        )
    return out


def grid_export_rows(grid: Any, documents: list[dict[str, Any]]) -> list[list[str]]:
    """A KoboToolbox export of the grid's form (XML values, groups in headers)."""
    from profint_assess.collect import grid as grid_form

    fields = grid_form.form_fields(grid)
    group = {}
    for domain in grid.domains:
        for proposal in grid.proposals_of(domain):
            group[grid_form.progress_field(proposal.id)] = domain.id
            group[grid_form.importance_field(proposal.id)] = domain.id
    rows = [[f"{group[f]}/{f}" if f in group else f for f in fields] + KOBO_TAIL]
    for n, doc in enumerate(documents):
        values = {
            "today": str(doc["date"]),
            "questionnaire": doc["questionnaire"],
            "model_id": doc["model"]["id"],
            "model_version": doc["model"]["version"],
            "role": "beneficiary",
            "organization": doc["organization"],
            "device": doc["device"],
        }
        for pid, answer in doc["answers"].items():
            values[grid_form.progress_field(pid)] = answer.get("progress", "")
            values[grid_form.importance_field(pid)] = str(answer.get("importance", ""))
        uuid = f"9a00{n:04d}-1c2e-4f00-9a4b-5e6f7a8b9c{n:02d}"
        tail = [f"uuid:{uuid}", str(n), uuid, "", "", "[]", "", "", "v1", "[]", str(n + 1)]
        rows.append([values.get(f, "") for f in fields] + tail)
    return rows
