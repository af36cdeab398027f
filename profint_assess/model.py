"""Pydantic models of the files we read: the model, the questionnaires and the answers files.

Plain data with per-field validators only. Checks that span several objects or files (every
question names a real factor, bands cover 0-100) live in ``loading.py``.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Annotated, Literal

import pydantic
from pydantic import BaseModel, ConfigDict, field_validator, model_validator

from profint_assess import records

# Re-exported: constants, text rules and the loaded model are plain (see records.py), so that
# modules on the hot path need not import pydantic for them.
from profint_assess.records import ANSWERS_FORMAT as ANSWERS_FORMAT
from profint_assess.records import DECLARED as DECLARED
from profint_assess.records import DOCUMENTED as DOCUMENTED
from profint_assess.records import EVIDENCE as EVIDENCE
from profint_assess.records import IMPORTANCE_VALUES as IMPORTANCE_VALUES
from profint_assess.records import LEARNING_GRID_KIND as LEARNING_GRID_KIND
from profint_assess.records import MAX_VALUE as MAX_VALUE
from profint_assess.records import METHOD as METHOD
from profint_assess.records import MIN_VALUE as MIN_VALUE
from profint_assess.records import NA as NA
from profint_assess.records import PROGRESS_VALUES as PROGRESS_VALUES
from profint_assess.records import REPORT_FORMAT as REPORT_FORMAT
from profint_assess.records import ROLES as ROLES
from profint_assess.records import STAKEHOLDERS as STAKEHOLDERS
from profint_assess.records import UNKNOWN as UNKNOWN
from profint_assess.records import VERIFIED as VERIFIED
from profint_assess.records import Model as Model
from profint_assess.records import Role as Role
from profint_assess.records import Translation as Translation
from profint_assess.records import no_control_characters as _no_control_characters
from profint_assess.records import no_invisible_characters as _no_invisible_characters
from profint_assess.records import normalise_name as normalise_name

FACTOR_ID = r"^F\d{2}$"
# The letter names the questionnaire family, so that answers from different roles never share an
# id: Q self-assessment (manager), T team, P partner, C company, B beneficiary, X external (actors
# of other, similar or competing devices: grid C of §2.2). R is for recommendations.
QUESTION_ID = r"^F\d{2}\.[QTPCBX]\d+$"
# Open (unscored) questions: a short word, since an answers file keys its comments by it.
OPEN_QUESTION_ID = r"^[a-z][a-z0-9-]*$"
RECOMMENDATION_ID = r"^F\d{2}\.R\d+$"
SOURCE = r"^§\d+(\.\d+)*(,\s*§\d+(\.\d+)*)*$"

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
    """A level band: scores from ``min`` up to the next band's ``min`` (excluded), the last to 100.

    Bands are defined by their lower bound only, so that a boundary can fall between whole points
    (37.5, a mean answer of 1.5) and a score exactly on it takes the higher band.
    """

    id: Annotated[str, pydantic.Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    title: Text
    min: Annotated[float, pydantic.Field(ge=0, lt=100, strict=False)]
    description: Text

    @model_validator(mode="before")
    @classmethod
    def _no_max(cls, data: object) -> object:
        # Bands of method profint-score/1 had an inclusive whole-point max; say what replaced it.
        if isinstance(data, dict) and "max" in data:
            raise ValueError(
                "levels are defined by min only: a band runs up to the next band's min (remove max)"
            )
        return data

    @field_validator("min", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        if type(value) not in (int, float):
            raise ValueError(f"must be a number from 0 to below 100, not {value!r}")
        return value


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


def _role_weight(value: object) -> object:
    # One line with the allowed values, for -1, "high", true or a missing value alike.
    if type(value) in (int, float) and value >= 0 and value != float("inf"):  # type: ignore[operator]
        return value
    raise ValueError(f"must be a number of 0 or more (such as 0, 0.5, 1, 2), not {value!r}")


RoleWeight = Annotated[float, pydantic.BeforeValidator(_role_weight)]


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
    # How much each role's view counts in a merged factor score (profint-score/2); a role not
    # listed weighs 1. Zero keeps a role's view in the per-role figures but out of the merge.
    role_weights: dict[Role, RoleWeight] = {}

    @field_validator("role_weights", mode="before")
    @classmethod
    def _role_weights(cls, weights: object) -> object:
        if weights is None:
            return {}
        if not isinstance(weights, dict):
            raise ValueError(f"must map roles to weights, such as {{manager: 1}}, not {weights!r}")
        return weights

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


# --- the learning-progress grid (a second kind of instrument) ---------------------------------

# Proposal ids: a letter no maturity question id can start with, so the two kinds never collide.
PROPOSAL_ID = r"^L\d{2}$"


class GridFactor(_Strict):
    """A factor whose recommendations a learning gap in the domain brings, and why."""

    factor: Annotated[str, pydantic.Field(pattern=FACTOR_ID)]
    why: Text
    source: Source


class ProposalRange(_Strict):
    """The proposals of a domain by their number in the grid, both ends included."""

    first: Annotated[int, pydantic.Field(ge=1)]
    last: Annotated[int, pydantic.Field(ge=1)]


class LearningDomain(_Strict):
    id: Annotated[str, pydantic.Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    title: Text
    # The heading shown to respondents (walk, template), in their words; reports use ``title``.
    plain_title: str = ""
    proposals: ProposalRange
    factors: Annotated[list[GridFactor], pydantic.Field(min_length=1)]
    source: Source


class Proposal(_Strict):
    id: Annotated[str, pydantic.Field(pattern=PROPOSAL_ID)]
    number: Annotated[int, pydantic.Field(ge=1)]
    text: Text
    source: Source


class Choice(_Strict):
    """One answer a respondent may give, with the words shown for it."""

    value: str | int
    label: Text


class LearningGrid(_Strict):
    """A learning-progress grid (``kind: learning-grid``): proposals grouped in domains.

    Pure data: the shipped grid is a reconstruction and the original can replace it.
    """

    kind: Literal["learning-grid"]
    id: Annotated[str, pydantic.Field(pattern=r"^[a-z][a-z0-9_-]*$")]
    title: Text
    description: str = ""
    reconstruction: str = ""  # why the wording is not the original's; empty for the original
    source: Source
    roles: Annotated[list[Literal["beneficiary"]], pydantic.Field(min_length=1)]
    progress: Annotated[list[Choice], pydantic.Field(min_length=3, max_length=3)]
    importance: Annotated[list[Choice], pydantic.Field(min_length=3, max_length=3)]
    domains: Annotated[list[LearningDomain], pydantic.Field(min_length=1)]
    proposals: Annotated[list[Proposal], pydantic.Field(min_length=1)]


# --- languages and translation catalogs ---------------------------------------------------------

LANGUAGE_CODE = r"^[a-z]{2,3}$"
CATALOG_KEY = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"


class Language(_Strict):
    """One language of ``translations/languages.yaml``."""

    name: Text  # in the language itself: Français, العربية
    english: Text  # its English name, for messages to translators
    status: Literal["released", "draft"]
    # ``beneficiary``: only what beneficiaries read (their questionnaire, the learning grid).
    scope: Literal["all", "beneficiary"]
    dir: Literal["ltr", "rtl"] = "ltr"


class LanguagesFile(_Strict):
    languages: dict[Annotated[str, pydantic.Field(pattern=LANGUAGE_CODE)], Language]


class CatalogEntry(_Strict):
    """One translated text and the short hash of the English text it translates."""

    hash: Annotated[str, pydantic.Field(pattern=r"^[0-9a-f]{8}$")]
    text: Text

    @field_validator("hash", mode="before")
    @classmethod
    def _quoted(cls, value: object) -> object:
        # YAML reads 12345678 as a number and 1234e567 as a float: hashes are written quoted.
        if value is not None and not isinstance(value, str):
            raise ValueError(f'write the hash in quotes, e.g. "{value}"')
        return value


class Catalog(
    pydantic.RootModel[dict[Annotated[str, pydantic.Field(pattern=CATALOG_KEY)], CatalogEntry]]
):
    """A content catalog: ``F01.Q1.text: {hash: 1a2b3c4d, text: ...}``, flat."""


# --- answers files -----------------------------------------------------------------------------

Value = (
    Annotated[int, pydantic.Field(ge=MIN_VALUE, le=MAX_VALUE, strict=True)]
    | Literal["na", "unknown"]
)


class Answer(_Strict):
    """One answer. ``value`` None means not answered yet (a blank template line)."""

    value: Value | None = None
    note: str = ""
    evidence: Literal["declared", "documented", "verified"] = DECLARED
    # Re-assessment (``assess --from``): ``carried`` marks an answer copied from the baseline
    # and not yet looked at; ``confirmed`` one the respondent kept unchanged. Neither changes
    # the score; an answer given anew carries neither.
    carried: bool = False
    confirmed: bool = False

    @field_validator("evidence", mode="before")
    @classmethod
    def _one_evidence_message(cls, evidence: object) -> object:
        if evidence in EVIDENCE and isinstance(evidence, str):
            return evidence
        raise ValueError(f"must be one of {', '.join(EVIDENCE)}, not {evidence!r}")

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
    # The language the respondent answered in (``assess`` records its walk's); never scored.
    lang: Annotated[str, pydantic.Field(pattern=LANGUAGE_CODE)] | None = None
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


class GridAnswer(_Strict):
    """One proposal of a learning grid: did the person progress, how important is it (1-3).

    Either may be missing. YAML 1.1 reads a bare ``yes``/``no`` as a boolean: taken as meant.
    """

    progress: Literal["yes", "no", "not-concerned"] | None = None
    importance: int | None = None

    @field_validator("progress", mode="before")
    @classmethod
    def _progress(cls, value: object) -> object:
        if value is True or value is False:
            return "yes" if value else "no"
        if value is None or value in PROGRESS_VALUES:
            return value
        raise ValueError(f"must be yes, no or not-concerned, not {value!r}")

    @field_validator("importance", mode="before")
    @classmethod
    def _importance(cls, value: object) -> object:
        if value is None or (type(value) is int and value in IMPORTANCE_VALUES):
            return value
        raise ValueError(
            f"must be 1 (not important), 2 (important) or 3 (very important), not {value!r}"
        )


class GridAnswersFile(AnswersFile):
    """One beneficiary's answers to a learning grid: the answers-file envelope, other answers.

    A subclass so that the envelope (and what later versions add to it) stays one definition;
    the loader keeps these files away from maturity scoring.
    """

    answers: dict[  # type: ignore[assignment]
        Annotated[str, pydantic.Field(pattern=PROPOSAL_ID)], GridAnswer
    ] = {}

    @field_validator("answers", mode="before")
    @classmethod
    def _short_form(cls, answers: object) -> object:
        # No short form here; a blank proposal is unanswered.
        if isinstance(answers, dict):
            return {k: {} if v is None else v for k, v in answers.items()}
        return answers

    @field_validator("target", mode="before")
    @classmethod
    def _one_target_message(cls, target: object) -> object:
        if target is not None:
            raise ValueError("a learning grid has no target; remove this key")
        return target


# --- saved reports (read back by compare) ------------------------------------------------------


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
    # Absent from reports saved before profint-score/2; compare refuses those (see loading).
    method: str | None = None
    organization: str = ""
    device: str = ""
    date: str = ""
    respondents: dict[str, int] = {}
    overall: SavedOverall
    fields: list[SavedScore]
    factors: list[SavedScore]
    recommendations: list[SavedRecommendation] = []


# ``isinstance(x, records.Factor)`` holds for a schema's own objects too (code that builds an
# answers file to write it passes schema objects where loaded records usually go).
for _schema in list(globals().values()):
    if isinstance(_schema, type) and issubclass(_schema, _Strict) and _schema is not _Strict:
        _record = getattr(records, _schema.__name__, None)
        if isinstance(_record, type) and issubclass(_record, records.Record):
            _record.register(_schema)
