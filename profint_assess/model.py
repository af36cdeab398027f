"""Pydantic models of the files we read: the model, the questionnaires and the answers files.

Plain data with per-field validators only. Checks that span several objects or files (every
question names a real factor, bands cover 0-100) live in ``loading.py``.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Annotated, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, field_validator

from profint_assess.errors import UsageError

FACTOR_ID = r"^F\d{2}$"
# The letter names the questionnaire family, so that answers from different roles never share an
# id: Q self-assessment (manager), T team, P partner, C company, B beneficiary, X external (actors
# of other, similar or competing devices: grid C of §2.2). R is for recommendations.
QUESTION_ID = r"^F\d{2}\.[QTPCBX]\d+$"
# Open (unscored) questions: a short word, since an answers file keys its comments by it.
OPEN_QUESTION_ID = r"^[a-z][a-z0-9-]*$"
RECOMMENDATION_ID = r"^F\d{2}\.R\d+$"
SOURCE = r"^§\d+(\.\d+)*(,\s*§\d+(\.\d+)*)*$"
ROLES = ("manager", "team", "partner", "company", "beneficiary", "external")
STAKEHOLDERS = ("beneficiaries", "partners", "organisation")
MIN_VALUE, MAX_VALUE = 0, 4

# Model texts reach terminals, Markdown and HTML: no escape sequence, bell or backspace in them.
Text = Annotated[
    str,
    pydantic.Field(min_length=1),
    pydantic.AfterValidator(lambda text: _no_control_characters(text, allowed="\n\t")),
]
Source = Annotated[
    str, pydantic.Field(pattern=SOURCE, description="sections of the model documentation")
]
# A weight is relative: 100 times another is already extreme. Larger (1e308, .inf, .nan) would
# make scores inf or NaN, invalid JSON and a --fail-under that passes on NaN.
MAX_WEIGHT = 100.0
Weight = Annotated[float, pydantic.Field(gt=0, le=MAX_WEIGHT, allow_inf_nan=False)]
# Column names of batch output (CSV header, summary keys): a field id must not take one.
RESERVED_IDS = frozenset(
    {"overall", "coverage", "count", "kind", "organization", "device", "date", "respondents"}
)
Role = Literal["manager", "team", "partner", "company", "beneficiary", "external"]


class _Strict(BaseModel):
    """Refuses unknown keys so a typo in a data file is an error, not a silent default."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# --- the model ---------------------------------------------------------------------------------


class Field(_Strict):
    """One of the four fields of professionalisation."""

    id: Annotated[str, pydantic.Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    title: Text
    professionalisation: Text
    description: Text
    source: Source

    @field_validator("id")
    @classmethod
    def _not_reserved(cls, ident: str) -> str:
        if ident in RESERVED_IDS:
            raise ValueError(
                f"{ident!r} is reserved (a column of batch output); choose another field id"
            )
        return ident


class Level(_Strict):
    """A level band: scores from ``min`` up to ``max`` (inclusive, whole points)."""

    id: Annotated[str, pydantic.Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    title: Text
    min: Annotated[int, pydantic.Field(ge=0, le=100)]
    max: Annotated[int, pydantic.Field(ge=0, le=100)]
    description: Text


class Factor(_Strict):
    """One of the 13 success factors of Figure 4."""

    id: Annotated[str, pydantic.Field(pattern=FACTOR_ID)]
    field: Text
    title: Text
    statement: Text
    weight: Weight = 1.0
    target: Annotated[float, pydantic.Field(ge=0, le=100)] | None = None
    stakeholders: Annotated[
        list[Literal["beneficiaries", "partners", "organisation"]], pydantic.Field(min_length=1)
    ]
    source: Source


class Recommendation(_Strict):
    """A line of action that closes a gap on one factor."""

    id: Annotated[str, pydantic.Field(pattern=RECOMMENDATION_ID)]
    factor: Annotated[str, pydantic.Field(pattern=FACTOR_ID)]
    title: Text
    why: Text
    steps: Annotated[list[Text], pydantic.Field(min_length=2, max_length=4)]
    questions: list[Annotated[str, pydantic.Field(pattern=QUESTION_ID)]] = []
    source: Source

    @property
    def text(self) -> str:
        """The contract's ``text``: why the recommendation matters."""
        return self.why


class Practice(_Strict):
    """A good practice from a partner device, cited under the recommendations it illustrates."""

    id: Annotated[str, pydantic.Field(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")]
    title: Text
    organization: Text
    country: Text
    summary: Text
    highlights: list[Text] = []
    factors: list[Annotated[str, pydantic.Field(pattern=FACTOR_ID)]] = []
    recommendations: list[Annotated[str, pydantic.Field(pattern=RECOMMENDATION_ID)]] = []
    source: Source


class ModelMeta(_Strict):
    """``factors/model.yaml``: identity, fields and level bands."""

    id: Annotated[str, pydantic.Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    version: Text
    title: Text
    source: Text
    notes: str = ""
    default_target: Annotated[float, pydantic.Field(ge=0, le=100)] = 75
    fields: Annotated[list[Field], pydantic.Field(min_length=1)]
    levels: Annotated[list[Level], pydantic.Field(min_length=1)]

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        # YAML reads 2.0 as a float; a version is a label.
        return str(value) if isinstance(value, (int, float)) else value


class CrosswalkItem(_Strict):
    """One success factor of the IO1 list (Figure 1) and what became of it in Figure 4."""

    item: Annotated[int, pydantic.Field(ge=1)]
    text: Text
    # The field of professionalisation §2.2 gives the IO1 item (None: §2.2 gives it none).
    io1_field: Annotated[str, pydantic.Field(pattern=r"^[a-z][a-z0-9_-]*$")] | None = None
    # The Figure 4 factors that carry it on; empty when no revised factor does (dropped).
    factors: list[Annotated[str, pydantic.Field(pattern=FACTOR_ID)]] = []
    note: Text
    source: Source


class CrosswalkNew(_Strict):
    """A Figure 4 factor, or part of one, that no IO1 item announced."""

    factor: Annotated[str, pydantic.Field(pattern=FACTOR_ID)]
    note: Text
    source: Source


class CrosswalkFile(_Strict):
    """``factors/crosswalk.yaml``: the IO1 list (Figure 1) against the revised list (Figure 4)."""

    notes: Text
    io1: Annotated[list[CrosswalkItem], pydantic.Field(min_length=1)]
    new: list[CrosswalkNew] = []


class FactorsFile(_Strict):
    factors: Annotated[list[Factor], pydantic.Field(min_length=1)]


class RecommendationsFile(_Strict):
    recommendations: list[Recommendation] = []


class PracticesFile(_Strict):
    practices: list[Practice] = []


# --- questionnaires ----------------------------------------------------------------------------


class ScalePoint(_Strict):
    value: Annotated[int, pydantic.Field(ge=MIN_VALUE, le=MAX_VALUE)]
    label: Text
    description: str = ""


class Question(_Strict):
    id: Annotated[str, pydantic.Field(pattern=QUESTION_ID)]
    factor: Annotated[str, pydantic.Field(pattern=FACTOR_ID)]
    text: Text
    help: Text
    levels: dict[int, Text]
    weight: Weight = 1.0
    source: Source

    @field_validator("levels")
    @classmethod
    def _every_level(cls, levels: dict[int, str]) -> dict[int, str]:
        expected = set(range(MIN_VALUE, MAX_VALUE + 1))
        if set(levels) != expected:
            missing = sorted(expected - set(levels))
            extra = sorted(set(levels) - expected)
            parts = [f"missing {missing}"] if missing else []
            parts += [f"unexpected {extra}"] if extra else []
            raise ValueError(f"needs a descriptor for each level 0-4 ({', '.join(parts)})")
        return dict(sorted(levels.items()))


class OpenQuestion(_Strict):
    """An unscored question answered in free text (strengths, weaknesses, what to change...)."""

    id: Annotated[str, pydantic.Field(pattern=OPEN_QUESTION_ID)]
    text: Text
    help: Text
    source: Source


class Questionnaire(_Strict):
    id: Annotated[str, pydantic.Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    title: Text
    description: str = ""
    roles: Annotated[list[Role], pydantic.Field(min_length=1)]
    # For respondents outside the profession (beneficiaries): the walk and the template then
    # show no model wording (factor titles, statements), only the questions themselves.
    plain_language: bool = False
    scale: Annotated[
        list[ScalePoint], pydantic.Field(min_length=MAX_VALUE + 1, max_length=MAX_VALUE + 1)
    ]
    questions: Annotated[list[Question], pydantic.Field(min_length=1)]
    # Asked at the end, never scored; answers go to the answers file's ``comments``.
    open_questions: list[OpenQuestion] = []


# --- answers files -----------------------------------------------------------------------------

ANSWERS_FORMAT = "profint-answers/1"
NA, UNKNOWN = "na", "unknown"
Value = (
    Annotated[int, pydantic.Field(ge=MIN_VALUE, le=MAX_VALUE, strict=True)]
    | Literal["na", "unknown"]
)


class Answer(_Strict):
    """One answer. ``value`` None means not answered yet (a blank template line)."""

    value: Value | None = None
    note: str = ""
    # Re-assessment (``assess --from``): ``carried`` marks an answer copied from the baseline
    # and not yet looked at; ``confirmed`` one the respondent kept unchanged. Neither changes
    # the score; an answer given anew carries neither.
    carried: bool = False
    confirmed: bool = False

    @field_validator("note")
    @classmethod
    def _printable_note(cls, note: str) -> str:
        return _no_control_characters(note, allowed="\n\t")

    @field_validator("value", mode="before")
    @classmethod
    def _one_clear_message(cls, value: object) -> object:
        # Without this, pydantic reports one error per union branch; a user needs one line.
        if value is None or value in (NA, UNKNOWN):
            return value
        if type(value) is int and MIN_VALUE <= value <= MAX_VALUE:
            return value
        raise ValueError(
            f"must be a whole number {MIN_VALUE}-{MAX_VALUE}, 'na' or 'unknown', not {value!r}"
        )


def _no_control_characters(text: str, allowed: str = "") -> str:
    # An escape sequence in a name or note would reach terminals, Markdown and CSV as is.
    if text.isprintable():  # the common case, in C: no control character at all
        return text
    bad = sorted({c for c in text if (ord(c) < 32 or 127 <= ord(c) < 160) and c not in allowed})
    if bad:
        codes = ", ".join(f"U+{ord(c):04X}" for c in bad)
        raise ValueError(f"contains control characters ({codes})")
    return text


# Bidi embeddings, overrides and isolates reorder what a terminal, a spreadsheet or a browser
# shows; zero-width characters make two names that look the same group apart.
_INVISIBLE = frozenset(
    [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "\u200e", "\u200f"]
    + ["\u061c", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")


def normalise_name(text: str) -> str:
    """One spelling per name: NFC (é whether typed composed or not), no-break spaces as spaces,
    runs of white space as one space, trimmed. Grouping and comparing then see the same text."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def _no_invisible_characters(text: str) -> str:
    bad = sorted({c for c in text if c in _INVISIBLE})
    if bad:
        codes = ", ".join(f"U+{ord(c):04X}" for c in bad)
        raise ValueError(f"contains invisible or text-direction characters ({codes})")
    return text


class ModelRef(_Strict):
    id: Text
    version: Text

    @field_validator("version", mode="before")
    @classmethod
    def _version_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, (int, float)) else value


class Respondent(_Strict):
    role: Role
    # Free text kept for the respondent's own use; reports never print it.
    name: str = ""


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TARGET_KEY = re.compile(r"^(default|F\d{2})$")
Target = Annotated[float, pydantic.Field(ge=0, le=100)]


class Baseline(_Strict):
    """The earlier answers file a re-assessment started from (``assess --from``)."""

    file: str
    date: _dt.date


class AnswersFile(_Strict):
    """One respondent's answers to one questionnaire about one device."""

    format: Literal["profint-answers/1"]
    questionnaire: Text
    model: ModelRef
    organization: Text
    device: Text
    respondent: Respondent
    date: _dt.date
    status: Literal["complete", "in-progress"] = "complete"
    target: Target | dict[str, Target] | None = None
    baseline: Baseline | None = None
    # Required: a file without the key is not an empty assessment but a mistake (a truncated
    # file, a misspelt key); ``answers: {}`` or a blank ``answers:`` is one.
    answers: dict[Annotated[str, pydantic.Field(pattern=QUESTION_ID)], Answer]
    # Free-text answers to the questionnaire's open questions, by open-question id (unscored).
    comments: dict[Annotated[str, pydantic.Field(pattern=OPEN_QUESTION_ID)], str] = {}

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: object) -> object:
        # Pydantic would read 0 or "1700000000" as Unix time (1970-01-01, 2023-11-14).
        if isinstance(value, _dt.date) or (isinstance(value, str) and _ISO_DATE.match(value)):
            return value
        raise ValueError(f"must be a date written YYYY-MM-DD (e.g. 2026-11-28), not {value!r}")

    @field_validator("organization", "device", mode="before")
    @classmethod
    def _one_spelling(cls, text: object) -> object:
        return normalise_name(text) if isinstance(text, str) else text

    @field_validator("organization", "device", "questionnaire")
    @classmethod
    def _printable(cls, text: str) -> str:
        return _no_invisible_characters(_no_control_characters(text))

    @field_validator("comments")
    @classmethod
    def _printable_comments(cls, comments: dict[str, str]) -> dict[str, str]:
        for text in comments.values():
            _no_control_characters(text, allowed="\n\t")
        # A blank comment is no comment: templates leave them empty.
        return {k: v for k, v in comments.items() if v.strip()}

    @field_validator("comments", mode="before")
    @classmethod
    def _blank_comments(cls, comments: object) -> object:
        # ``strengths:`` left empty in a template reads as null: treat it as not answered.
        if isinstance(comments, dict):
            return {k: "" if v is None else v for k, v in comments.items()}
        return {} if comments is None else comments

    @field_validator("answers", mode="before")
    @classmethod
    def _short_form(cls, answers: object) -> object:
        # ``F01.Q2: 2`` and ``F01.Q3: na`` are short for ``{value: ...}``; a blank is unanswered.
        if isinstance(answers, dict):
            return {k: v if isinstance(v, dict) else {"value": v} for k, v in answers.items()}
        return {} if answers is None else answers

    @field_validator("target", mode="before")
    @classmethod
    def _one_target_message(cls, target: object) -> object:
        # One clear line instead of one error per branch of ``float | dict``.
        def number(value: object) -> bool:
            return type(value) in (int, float) and 0 <= value <= 100  # type: ignore[operator]

        if target is None or number(target):
            return target
        if isinstance(target, dict):
            bad = [k for k in target if not isinstance(k, str) or not _TARGET_KEY.match(k)]
            if bad:
                raise ValueError(f"target keys must be 'default' or a factor id, not {bad}")
            wrong = {k: v for k, v in target.items() if not number(v)}
            if wrong:
                raise ValueError(f"targets are numbers from 0 to 100, not {wrong}")
            return target
        raise ValueError(
            f"must be a number from 0 to 100 or {{default: N, F01: N}}, not {target!r}"
        )


# --- the loaded whole --------------------------------------------------------------------------


@dataclass
class Model:
    """The model with its questionnaires, cross-checked by the loader; lookups built once."""

    meta: ModelMeta
    factors: list[Factor]
    recommendations: list[Recommendation]
    practices: list[Practice]
    questionnaires: list[Questionnaire]
    crosswalk: CrosswalkFile | None = None
    _question_ids: dict[str, frozenset[str]] = dataclass_field(default_factory=dict, repr=False)
    _levels: list[Level] = dataclass_field(default_factory=list, repr=False)

    @property
    def levels(self) -> list[Level]:
        """The level bands from the lowest up (the file may list them in any order)."""
        return self._levels

    def __post_init__(self) -> None:
        self._levels = sorted(self.meta.levels, key=lambda band: band.min)
        self._question_ids = {
            q.id: frozenset(question.id for question in q.questions) for q in self.questionnaires
        }

    def factor(self, factor_id: str) -> Factor:
        return next(f for f in self.factors if f.id == factor_id)

    def questionnaire(self, questionnaire_id: str) -> Questionnaire | None:
        return next((q for q in self.questionnaires if q.id == questionnaire_id), None)

    def questionnaire_for(self, role: str) -> Questionnaire | None:
        return next((q for q in self.questionnaires if role in q.roles), None)

    @property
    def roles(self) -> list[str]:
        """Roles that have a questionnaire in this model, in the canonical order of ROLES."""
        return [r for r in ROLES if self.questionnaire_for(r) is not None]

    def require_questionnaire(self, role: str) -> Questionnaire:
        """The role's questionnaire, or a usage error that lists the roles there are."""
        questionnaire = self.questionnaire_for(role)
        if questionnaire is None:
            raise UsageError(
                f"--role {role}: no questionnaire for this role in the model "
                f"(roles: {', '.join(self.roles)})"
            )
        return questionnaire

    def question_ids(self, questionnaire_id: str) -> frozenset[str]:
        return self._question_ids.get(questionnaire_id, frozenset())

    def recommendations_for(self, factor_id: str) -> list[Recommendation]:
        return [r for r in self.recommendations if r.factor == factor_id]

    def practices_for(self, recommendation_id: str) -> list[Practice]:
        return [p for p in self.practices if recommendation_id in p.recommendations]


# --- saved reports (read back by compare) ------------------------------------------------------

REPORT_FORMAT = "profint-report/1"


class _Loose(BaseModel):
    """Saved reports may carry keys added by later versions: extra keys are kept, not refused."""

    model_config = ConfigDict(extra="allow", frozen=True)


class SavedScore(_Loose):
    id: str
    title: str = ""
    score: Annotated[float, pydantic.Field(ge=0, le=100)] | None
    gap: float | None = None


class SavedRecommendation(_Loose):
    id: str
    factor: str = ""
    title: str = ""


class SavedOverall(_Loose):
    score: Annotated[float, pydantic.Field(ge=0, le=100)] | None
    level: str | None = None


class SavedReport(_Loose):
    """What ``compare`` reads of a ``score --format json`` report."""

    format: Literal["profint-report/1"]
    organization: str = ""
    device: str = ""
    date: str = ""
    respondents: dict[str, int] = {}
    overall: SavedOverall
    fields: list[SavedScore]
    factors: list[SavedScore]
    recommendations: list[SavedRecommendation] = []
