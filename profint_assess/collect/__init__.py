"""Collection without the CLI: forms people fill elsewhere, and their imports back.

Three ways out (an XLSForm for KoboToolbox/ODK, an XLSX workbook, a printable paper form) and two
ways back (a KoboToolbox/ODK export, the filled workbook). Every module here is a pure function
from the loaded model and questionnaire to bytes or text, or from an export's bytes to answers
files and located problems; the CLI writes the files.

This module holds what the forms and the imports must agree on (DESIGN.md, "Collection without
the CLI"): field names are question ids with ``.`` replaced by ``_`` (``F01_Q1``), grouped per
factor; the choices of each question are ``0``-``4``, ``na`` and ``unknown``; the hidden fields
that carry the questionnaire, the model and the role.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from profint_assess import i18n
from profint_assess.records import (
    NA,
    UNKNOWN,
    Factor,
    Model,
    OpenQuestion,
    Question,
    Questionnaire,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable
    from pathlib import Path

# Hidden or pre-filled fields every form carries, so that an export says what it answers even
# where the platform replaces the form's own id and version (KoboToolbox does).
QUESTIONNAIRE_FIELD = "questionnaire"
MODEL_ID_FIELD = "model_id"
MODEL_VERSION_FIELD = "model_version"
ROLE_FIELD = "role"
ORGANIZATION_FIELD = "organization"
DEVICE_FIELD = "device"
DATE_FIELD = "today"
# Where each of those fields goes in an answers file (questionnaire rows and grid rows alike).
ENVELOPE_LOCS: dict[str, tuple[str, ...]] = {
    QUESTIONNAIRE_FIELD: ("questionnaire",),
    MODEL_ID_FIELD: ("model", "id"),
    MODEL_VERSION_FIELD: ("model", "version"),
    ROLE_FIELD: ("respondent", "role"),
    ORGANIZATION_FIELD: ("organization",),
    DEVICE_FIELD: ("device",),
    DATE_FIELD: ("date",),
}
NOTE_SUFFIX = "_note"
OPEN_GROUP = "open"
LEVEL_CHOICES = ("0", "1", "2", "3", "4")
CHOICES = (*LEVEL_CHOICES, NA, UNKNOWN)

# Language codes to the names XLSForm columns carry (``label::English (en)``). A code missing
# here is shown as itself.
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "it": "Italiano",
    "sv": "Svenska",
    "ar": "العربية",
    "uk": "Українська",
    "fa": "فارسی",
    "ps": "پښتو",
    "ti": "ትግርኛ",
}


def field_name(question_id: str) -> str:
    """``F01.Q1`` -> ``F01_Q1``: the name of a question's field in forms and exports."""
    return question_id.replace(".", "_")


def note_field(question_id: str) -> str:
    """``F01.Q1`` -> ``F01_Q1_note``: the field holding the answer's note."""
    return field_name(question_id) + NOTE_SUFFIX


def about_field(factor_id: str) -> str:
    """``F01`` -> ``F01_about``: the note that shows a factor's statement in a form."""
    return f"{factor_id}_about"


def open_field(open_id: str) -> str:
    """``strengths`` -> ``open_strengths``: the field of an open (unscored) question."""
    return "open_" + open_id.replace("-", "_")


def form_languages(
    model: Model, questionnaire_id: str | None = None, root: Path | Traversable | None = None
) -> list[str]:
    """The languages a form of ``questionnaire_id`` carries, English (the source) first.

    The one place that decides: the CLI loads the model once per language listed here and
    hands the translated models to the builders, one ``label::`` column each. A language is
    listed when its content catalog for the questionnaire exists
    (``translations/LANG/QUESTIONNAIRE.yaml`` of the model at ``root``, the built-in one by
    default) and its scope allows it: ``all`` for every questionnaire, ``beneficiary`` only for
    what beneficiaries read (their questionnaire, the learning grid). Without
    ``questionnaire_id``: the languages that cover every questionnaire (scope ``all``).
    """
    from profint_assess import catalogs
    from profint_assess.loading import load_languages, translations_root

    folder = translations_root(root)
    beneficiary = catalogs.beneficiary_parts(model)
    codes = ["en"]
    for code, language in load_languages().items():
        if code == "en":
            continue
        if questionnaire_id is None:
            if language.scope == "all" and (folder / code).is_dir():
                codes.append(code)
            continue
        if language.scope != "all" and questionnaire_id not in beneficiary:
            continue
        if (folder / code / f"{questionnaire_id}.yaml").is_file():
            codes.append(code)
    return codes


def language_label(code: str) -> str:
    """``en`` -> ``English (en)``, the form XLSForm language columns take."""
    return f"{LANGUAGE_NAMES.get(code, code)} ({code})"


class Texts:
    """The questionnaire's texts in each language of a form: one loaded model per language.

    Ids never change with the language, so each text is found by id in that language's model;
    a language whose model lacks the questionnaire falls back to English.
    """

    def __init__(
        self, model: Model, questionnaire: Questionnaire, translations: Mapping[str, Model]
    ) -> None:
        self.languages = ["en", *[code for code in translations if code != "en"]]
        self._models = {"en": model, **translations}
        self._questionnaires = {}
        for lang in self.languages:
            found = self._models[lang].questionnaire(questionnaire.id)
            self._questionnaires[lang] = found if found is not None else questionnaire

    def questionnaire(self, lang: str) -> Questionnaire:
        return self._questionnaires[lang]

    def question(self, lang: str, question_id: str) -> Question:
        questionnaire = self._questionnaires[lang]
        found = next((q for q in questionnaire.questions if q.id == question_id), None)
        return found or next(q for q in self._questionnaires["en"].questions if q.id == question_id)

    def factor(self, lang: str, factor_id: str) -> Factor:
        return self._models[lang].factor(factor_id)

    def open_question(self, lang: str, open_id: str) -> OpenQuestion:
        questionnaire = self._questionnaires[lang]
        found = next((o for o in questionnaire.open_questions if o.id == open_id), None)
        english = self._questionnaires["en"].open_questions
        return found or next(o for o in english if o.id == open_id)


@dataclass(frozen=True)
class Wording:
    """The fixed words of the forms, plain for beneficiaries, professional for the others."""

    na: str
    unknown: str
    note: str
    note_hint: str
    note_required: str
    organization: str
    device: str
    open_group: str


def wording(questionnaire: Questionnaire, lang: str | None = None) -> Wording:
    """The forms' fixed words: plain for beneficiaries, professional for the others.

    In the language in use, or in ``lang`` (its interface catalog) for a form with one column
    per language.
    """
    _ = i18n._ if lang is None else i18n.translation(lang).gettext
    if questionnaire.plain_language:
        return Wording(
            na=_("This does not concern me"),
            unknown=_("I don't know"),
            note=_("Do you want to say more? (optional)"),
            note_hint=_("You can write a few words."),
            note_required=_("Please say in a few words why this does not concern you."),
            organization=_("Name of the organisation"),
            device=_("Name of the programme"),
            open_group=_("Your own words"),
        )
    return Wording(
        na=_("Not applicable to this device"),
        unknown=_("Don't know"),
        note=_("Note or evidence (optional; required when not applicable: say why)"),
        note_hint=_("What shows it: a document, a record, an example."),
        note_required=_("Say why this question does not apply to the device."),
        organization=_("Organisation"),
        device=_("Device (the programme assessed)"),
        open_group=_("Open questions (not scored)"),
    )


def factor_groups(questionnaire: Questionnaire) -> list[tuple[str, list[Question]]]:
    """The questions grouped per factor, in the questionnaire's order."""
    groups: list[tuple[str, list[Question]]] = []
    for question in questionnaire.questions:
        if not groups or groups[-1][0] != question.factor:
            groups.append((question.factor, []))
        groups[-1][1].append(question)
    return groups


def level_label(questionnaire: Questionnaire, question: Question, value: int) -> str:
    """A choice's label: the scale's word, then the question's own descriptor of that level."""
    point = next(p for p in questionnaire.scale if p.value == value)
    scale, descriptor = point.label, question.levels[value]
    if questionnaire.plain_language:
        return f"{scale}: {descriptor}"
    return f"{value} {scale}: {descriptor}"
