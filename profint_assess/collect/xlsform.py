"""An XLSForm for KoboToolbox and ODK: one questionnaire, one role, every language the model has.

Sheets ``survey``, ``choices`` and ``settings`` (https://xlsform.org). One ``field-list`` group
per factor (one page each), a required ``select_one`` per question whose choices are the
question's own level descriptors plus "not applicable" and "don't know", and a note field that
becomes required when "not applicable" is chosen. Hidden ``calculate`` fields carry the
questionnaire, the model and the role, so that an export says what it answers even after the
platform has replaced the form's id and version with its own.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from profint_assess.collect import (
    CHOICES,
    DATE_FIELD,
    DEVICE_FIELD,
    LEVEL_CHOICES,
    MODEL_ID_FIELD,
    MODEL_VERSION_FIELD,
    OPEN_GROUP,
    ORGANIZATION_FIELD,
    QUESTIONNAIRE_FIELD,
    ROLE_FIELD,
    Texts,
    about_field,
    factor_groups,
    field_name,
    language_label,
    level_label,
    note_field,
    open_field,
    wording,
)
from profint_assess.records import NA, Model, Questionnaire

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# Platform metadata the form asks for: when it was filled, and the day (the answers file's date).
META_FIELDS = ("start", "end", DATE_FIELD)


@dataclass(frozen=True)
class Prefill:
    """Values fixed in the form for every respondent (hidden), or None to ask for them."""

    organization: str | None = None
    device: str | None = None


def xpath_literal(value: str) -> str:
    """``value`` as an XPath string expression, safe inside an XLSForm ``calculation``.

    XPath 1.0 has no escapes: a text with both kinds of quote is a ``concat()`` of pieces, and
    ``${`` (which pyxform reads as a reference to a field) is split across two pieces.
    """
    pieces: list[str] = []
    current = ""
    for char in value:
        breaks = (char == "{" and current.endswith("$")) or (
            (char == "'" and '"' in current) or (char == '"' and "'" in current)
        )
        if breaks:
            pieces.append(current)
            current = ""
        current += char
    pieces.append(current)
    quoted = [f'"{p}"' if "'" in p else f"'{p}'" for p in pieces]
    return quoted[0] if len(quoted) == 1 else f"concat({', '.join(quoted)})"


def form_fields(questionnaire: Questionnaire) -> list[str]:
    """Every data field the form has, in order: the columns its exports carry (without groups)."""
    fields = [*META_FIELDS, QUESTIONNAIRE_FIELD, MODEL_ID_FIELD, MODEL_VERSION_FIELD, ROLE_FIELD]
    fields += [ORGANIZATION_FIELD, DEVICE_FIELD]
    for factor_id, questions in factor_groups(questionnaire):
        if not questionnaire.plain_language:
            fields.append(about_field(factor_id))
        for question in questions:
            fields += [field_name(question.id), note_field(question.id)]
    fields += [open_field(o.id) for o in questionnaire.open_questions]
    return fields


def build(
    model: Model,
    questionnaire: Questionnaire,
    role: str,
    *,
    default_language: str = "en",
    prefill: Prefill = Prefill(),  # noqa: B008 - frozen
    translations: Mapping[str, Model] | None = None,
) -> bytes:
    """The XLSForm as the bytes of an ``.xlsx`` workbook.

    ``translations`` maps language codes to the model loaded in that language: each adds its
    ``label::`` and ``hint::`` columns (English, the source, is always there).
    """
    from openpyxl import Workbook

    texts = Texts(model, questionnaire, translations or {})
    languages = texts.languages
    # The fixed words in each column's own language (its interface catalog).
    words = {lang: wording(questionnaire, lang) for lang in languages}
    columns = ["type", "name"]
    columns += [f"label::{language_label(lang)}" for lang in languages]
    columns += [f"hint::{language_label(lang)}" for lang in languages]
    columns += ["required"]
    columns += [f"required_message::{language_label(lang)}" for lang in languages]
    columns += ["appearance", "calculation"]

    def row(
        kind: str,
        name: str,
        label: dict[str, str] | None = None,
        *,
        hint: dict[str, str] | None = None,
        required_message: dict[str, str] | None = None,
        **cells: str,
    ) -> list[str]:
        values = {"type": kind, "name": name, **cells}
        for key, texts in (
            ("label", label),
            ("hint", hint),
            ("required_message", required_message),
        ):
            for lang, value in (texts or {}).items():
                values[f"{key}::{language_label(lang)}"] = value
        return [values.get(column, "") for column in columns]

    def each(word: str) -> dict[str, str]:
        # One of the forms' fixed words (a field of Wording), in every language of the form.
        return {lang: getattr(words[lang], word) for lang in languages}

    survey: list[list[str]] = [columns]
    survey += [row(kind, kind) for kind in ("start", "end")]
    survey.append(row("today", DATE_FIELD))
    fixed = {
        QUESTIONNAIRE_FIELD: questionnaire.id,
        MODEL_ID_FIELD: model.meta.id,
        MODEL_VERSION_FIELD: model.meta.version,
        ROLE_FIELD: role,
    }
    for name, value in fixed.items():
        survey.append(row("calculate", name, calculation=xpath_literal(value)))
    for name, value, label in (
        (ORGANIZATION_FIELD, prefill.organization, "organization"),
        (DEVICE_FIELD, prefill.device, "device"),
    ):
        if value is None:
            survey.append(row("text", name, each(label), required="yes"))
        else:
            survey.append(row("calculate", name, calculation=xpath_literal(value)))

    choices: list[list[str]] = [
        ["list_name", "name"] + [f"label::{language_label(x)}" for x in languages]
    ]
    groups = factor_groups(questionnaire)
    for number, (factor_id, questions) in enumerate(groups, start=1):
        if questionnaire.plain_language:
            # Beneficiaries see no model wording: only where they are in the form.
            label = {lang: f"{number} / {len(groups)}" for lang in languages}
            survey.append(row("begin_group", factor_id, label, appearance="field-list"))
        else:
            label = {
                lang: f"{factor_id} {texts.factor(lang, factor_id).title}" for lang in languages
            }
            survey.append(row("begin_group", factor_id, label, appearance="field-list"))
            # A group's own hint is not shown by ODK Collect or Enketo: a note is.
            statement = {lang: texts.factor(lang, factor_id).statement for lang in languages}
            survey.append(row("note", about_field(factor_id), statement))
        for question in questions:
            name = field_name(question.id)
            asked = {lang: texts.question(lang, question.id) for lang in languages}
            survey.append(
                row(
                    f"select_one {name}",
                    name,
                    {lang: q.text for lang, q in asked.items()},
                    hint={lang: q.help for lang, q in asked.items()},
                    required="yes",
                )
            )
            survey.append(
                row(
                    "text",
                    note_field(question.id),
                    each("note"),
                    hint=each("note_hint"),
                    required=f"${{{name}}} = '{NA}'",
                    required_message=each("note_required"),
                    appearance="multiline",
                )
            )
            for choice in CHOICES:
                if choice in LEVEL_CHOICES:
                    labels = [
                        level_label(texts.questionnaire(lang), asked[lang], int(choice))
                        for lang in languages
                    ]
                else:
                    word = "na" if choice == NA else "unknown"
                    labels = [getattr(words[lang], word) for lang in languages]
                choices.append([name, choice, *labels])
        survey.append(row("end_group", ""))
    if questionnaire.open_questions:
        survey.append(row("begin_group", OPEN_GROUP, each("open_group"), appearance="field-list"))
        for open_question in questionnaire.open_questions:
            asked_open = {lang: texts.open_question(lang, open_question.id) for lang in languages}
            # The help speaks of the model's sources: not for beneficiaries.
            hint = (
                None
                if questionnaire.plain_language
                else {lang: o.help for lang, o in asked_open.items()}
            )
            survey.append(
                row(
                    "text",
                    open_field(open_question.id),
                    {lang: o.text for lang, o in asked_open.items()},
                    hint=hint,
                    appearance="multiline",
                )
            )
        survey.append(row("end_group", ""))

    if default_language not in languages:
        default_language = "en"
    title = texts.questionnaire(default_language).title
    settings = [
        ["form_title", "form_id", "version", "default_language", "style"],
        [title, questionnaire.id, model.meta.version, language_label(default_language), "pages"],
    ]

    book = Workbook()
    sheet: Worksheet = book.active  # type: ignore[assignment]
    sheet.title = "survey"
    _fill(sheet, survey)
    _fill(book.create_sheet("choices"), choices)
    _fill(book.create_sheet("settings"), settings)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(sheet: Worksheet, rows: list[list[str]]) -> None:
    for values in rows:
        # Every cell a string: "2.0" must stay a version, "0" a choice name, never a number.
        sheet.append([v or None for v in values])
    sheet.freeze_panes = "A2"
