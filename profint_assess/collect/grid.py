"""The learning-progress grid as an XLSForm, and a submission of it back to a grid answers file.

Same conventions as the questionnaires' forms: one ``field-list`` group per learning domain
(named after the domain), and for each proposal two fields named after its id,
``L01_progress`` (yes, no, not-concerned) and ``L01_importance`` (1, 2, 3), both optional like
the file's. The hidden fields carry the grid's id, the model and the role.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from profint_assess.collect import (
    DATE_FIELD,
    DEVICE_FIELD,
    ENVELOPE_LOCS,
    MODEL_ID_FIELD,
    MODEL_VERSION_FIELD,
    ORGANIZATION_FIELD,
    QUESTIONNAIRE_FIELD,
    ROLE_FIELD,
    language_label,
)
from profint_assess.collect.rows import envelope
from profint_assess.collect.xlsform import META_FIELDS, Prefill, _fill, xpath_literal
from profint_assess.i18n import N_, translation
from profint_assess.records import LearningGrid, Model

PROGRESS_LIST, IMPORTANCE_LIST = "progress", "importance"
IMPORTANCE_QUESTION = N_("How important is it for you?")
FIELD = re.compile(r"^(L\d{2})_(progress|importance)$")


def progress_field(proposal_id: str) -> str:
    return f"{proposal_id}_progress"


def importance_field(proposal_id: str) -> str:
    return f"{proposal_id}_importance"


def _ordered(grid: LearningGrid) -> list[Any]:
    return sorted(grid.proposals, key=lambda p: p.number)


def form_fields(grid: LearningGrid) -> list[str]:
    """Every data field of the grid's form, in order (the columns of its exports)."""
    fields = [*META_FIELDS, QUESTIONNAIRE_FIELD, MODEL_ID_FIELD, MODEL_VERSION_FIELD, ROLE_FIELD]
    fields += [ORGANIZATION_FIELD, DEVICE_FIELD]
    for proposal in _ordered(grid):
        fields += [progress_field(proposal.id), importance_field(proposal.id)]
    return fields


def field_to_loc(grid: LearningGrid) -> dict[str, tuple[str, ...]]:
    fields = dict(ENVELOPE_LOCS)
    for proposal in grid.proposals:
        fields[progress_field(proposal.id)] = ("answers", proposal.id, "progress")
        fields[importance_field(proposal.id)] = ("answers", proposal.id, "importance")
    return fields


def build(
    model: Model,
    grid: LearningGrid,
    role: str,
    *,
    default_language: str = "en",
    prefill: Prefill = Prefill(),  # noqa: B008 - frozen
    translations: Mapping[str, Model] | None = None,
) -> bytes:
    """The grid's XLSForm as the bytes of an ``.xlsx`` workbook, one label column per language."""
    from openpyxl import Workbook

    models = {"en": model, **(translations or {})}
    languages = list(models)
    grids = {lang: models[lang].learning_grid(grid.id) or grid for lang in languages}
    columns = ["type", "name", *[f"label::{language_label(lang)}" for lang in languages]]
    columns += ["required", "appearance", "calculation"]

    def row(kind: str, name: str, label: Mapping[str, str] | None = None, **cells: str) -> list:
        values = {"type": kind, "name": name, **cells}
        for lang, value in (label or {}).items():
            values[f"label::{language_label(lang)}"] = value
        return [values.get(column, "") for column in columns]

    survey = [columns, *[row(kind, kind) for kind in ("start", "end")], row("today", DATE_FIELD)]
    fixed = {
        QUESTIONNAIRE_FIELD: grid.id,
        MODEL_ID_FIELD: model.meta.id,
        MODEL_VERSION_FIELD: model.meta.version,
        ROLE_FIELD: role,
    }
    survey += [row("calculate", n, calculation=xpath_literal(v)) for n, v in fixed.items()]
    # The fixed words in each column's own language (its interface catalog).
    say = {lang: translation(lang).gettext for lang in languages}
    for name, value, label in (
        (ORGANIZATION_FIELD, prefill.organization, N_("Name of the organisation")),
        (DEVICE_FIELD, prefill.device, N_("Name of the programme")),
    ):
        if value is None:
            labels = {lang: say[lang](label) for lang in languages}
            survey.append(row("text", name, labels, required="yes"))
        else:
            survey.append(row("calculate", name, calculation=xpath_literal(value)))
    for domain in grid.domains:
        titles = {}
        for lang in languages:
            local = next((d for d in grids[lang].domains if d.id == domain.id), domain)
            titles[lang] = local.plain_title or local.title
        survey.append(row("begin_group", domain.id, titles, appearance="field-list"))
        for proposal in sorted(grid.proposals_of(domain), key=lambda p: p.number):
            texts = {}
            for lang in languages:
                local = next((p for p in grids[lang].proposals if p.id == proposal.id), proposal)
                texts[lang] = f"{proposal.number}. {local.text}"
            survey.append(row(f"select_one {PROGRESS_LIST}", progress_field(proposal.id), texts))
            importance = {lang: say[lang](IMPORTANCE_QUESTION) for lang in languages}
            survey.append(
                row(f"select_one {IMPORTANCE_LIST}", importance_field(proposal.id), importance)
            )
        survey.append(row("end_group", ""))

    choices = [["list_name", "name", *[f"label::{language_label(x)}" for x in languages]]]
    for list_name, attribute in ((PROGRESS_LIST, "progress"), (IMPORTANCE_LIST, "importance")):
        for index, choice in enumerate(getattr(grid, attribute)):
            labels = [getattr(grids[lang], attribute)[index].label for lang in languages]
            choices.append([list_name, str(choice.value), *labels])
    if default_language not in languages:
        default_language = "en"
    settings = [
        ["form_title", "form_id", "version", "default_language", "style"],
        [
            grids[default_language].title,
            grid.id,
            model.meta.version,
            language_label(default_language),
            "pages",
        ],
    ]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    _fill(sheet, survey)
    _fill(book.create_sheet("choices"), choices)
    _fill(book.create_sheet("settings"), settings)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def answers_data(values: Mapping[str, str], model: Model, grid: LearningGrid) -> dict[str, Any]:
    """The data of a grid answers file from a submission's values (by field name)."""

    def get(name: str) -> str:
        return values.get(name, "").strip()

    data = envelope(values, model, grid.id, grid.roles)
    answers: dict[str, dict[str, Any]] = {}
    for proposal in grid.proposals:
        progress = get(progress_field(proposal.id))
        importance = get(importance_field(proposal.id))
        answer: dict[str, Any] = {}
        if progress:
            answer["progress"] = progress
        if importance:
            answer["importance"] = int(importance) if importance.isdigit() else importance
        if answer:
            answers[proposal.id] = answer
    data["answers"] = answers
    complete = all(
        "progress" in answers.get(p.id, {}) and "importance" in answers.get(p.id, {})
        for p in grid.proposals
    )
    data["status"] = "complete" if complete else "in-progress"
    return data
