"""The loaded model and answers as plain frozen records: what scoring, reports and commands read.

``model.py`` holds the pydantic schemas that *validate* the files we read. Once a file is valid,
the rest of the program only reads attributes, so the loader hands out these records instead
(``loading.load_model``, ``loading.load_answers``). This module imports neither pydantic nor
yaml: a command that finds the validated model in its cache and reads a well-formed answers file
scores and prints without importing pydantic, which alone takes longer to import than Typer.

One record class per schema class, with the same name, fields (in the same order) and defaults;
``tests/test_records.py`` checks that they stay in step with ``model.py``. The constants and text
rules the hot path needs live here too, and ``model.py`` re-exports them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from abc import ABCMeta
from typing import Any, ClassVar, Literal

ROLES = ("manager", "team", "partner", "company", "beneficiary", "external")
STAKEHOLDERS = ("beneficiaries", "partners", "organisation")
MIN_VALUE, MAX_VALUE = 0, 4
ANSWERS_FORMAT = "profint-answers/1"
REPORT_FORMAT = "profint-report/1"
# The scoring method (DESIGN.md, "Scoring"): reports name it, and compare refuses a saved report
# scored by another one. The report format stays profint-report/1: its keys were only added to.
METHOD = "profint-score/2"
NA, UNKNOWN = "na", "unknown"
# How an answer is backed (profint-score/2): it never changes a score; reports show per factor
# how much rests on documents or checks rather than on the respondent's word.
DECLARED, DOCUMENTED, VERIFIED = "declared", "documented", "verified"
EVIDENCE = (DECLARED, DOCUMENTED, VERIFIED)
LEARNING_GRID_KIND = "learning-grid"
PROGRESS_VALUES = ("yes", "no", "not-concerned")
IMPORTANCE_VALUES = (1, 2, 3)

Role = Literal["manager", "team", "partner", "company", "beneficiary", "external"]


# --- text rules shared by the schemas and the answers fast path ---------------------------------


def no_control_characters(text: str, allowed: str = "") -> str:
    """``text`` itself, or ValueError naming its control characters (other than ``allowed``)."""
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
INVISIBLE = frozenset(
    [*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "\u200e", "\u200f"]
    + ["\u061c", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"]
)
# A pattern, not a compiled regex: ``re`` compiles it on first use (not at every start).
_SPACES = r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+"


def normalise_name(text: str) -> str:
    """One spelling per name: NFC (é whether typed composed or not), no-break spaces as spaces,
    runs of white space as one space, trimmed. Grouping and comparing then see the same text."""
    if text.isprintable():
        # The common case, without a regex: printable text holds no white space but " " (no-break
        # and other spaces are not printable), and NFC keeps it so (tests/test_records.py).
        return " ".join(unicodedata.normalize("NFC", text).split())
    return re.sub(_SPACES, " ", unicodedata.normalize("NFC", text)).strip()


def no_invisible_characters(text: str) -> str:
    """``text`` itself, or ValueError naming its invisible or text-direction characters."""
    bad = sorted({c for c in text if c in INVISIBLE})
    if bad:
        codes = ", ".join(f"U+{ord(c):04X}" for c in bad)
        raise ValueError(f"contains invisible or text-direction characters ({codes})")
    return text


# --- records -----------------------------------------------------------------------------------


class Record(metaclass=ABCMeta):  # noqa: B024 - a base with virtual subclasses, no abstract method
    """A frozen value with named fields, standing for a validated object of ``model.py``.

    A subclass declares its fields as annotations, in the schema's order, with the schema's
    defaults (an empty list or dict default is copied per record, as pydantic does). A schema
    class registers as a virtual subclass of its record (see model.py), so ``isinstance`` checks
    against records hold for objects the schemas build directly too. Pickled as ``__dict__``.
    """

    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own = [n for n in cls.__dict__.get("__annotations__", {}) if not n.startswith("_")]
        # A field a subclass declares again keeps its place (as pydantic keeps it).
        cls._fields = (*cls._fields, *(n for n in own if n not in cls._fields))
        defaults = dict(cls._defaults)
        for name in own:
            defaults.pop(name, None)
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
        cls._defaults = defaults

    def __init__(self, **values: Any) -> None:
        state = self.__dict__
        defaults = self._defaults
        for name in self._fields:
            if name in values:
                state[name] = values.pop(name)
            elif name in defaults:
                value = defaults[name]
                state[name] = value.copy() if type(value) in (list, dict) else value
            else:
                raise TypeError(f"{type(self).__name__}: {name!r} is required")
        if values:
            raise TypeError(f"{type(self).__name__}: unknown fields {sorted(values)}")

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"{type(self).__name__} is frozen")

    def __eq__(self, other: object) -> bool:
        if type(other) is type(self):
            return self.__dict__ == other.__dict__
        # The schema object a record stands for (the same class name) is equal to it.
        if type(other).__name__ == type(self).__name__ and hasattr(type(other), "model_fields"):
            return all(value == getattr(other, name) for name, value in self.__dict__.items())
        return NotImplemented

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self.__dict__.values()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{name}={value!r}" for name, value in self.__dict__.items())
        return f"{type(self).__name__}({inner})"

    def model_dump(self, *, exclude: set[str] | None = None) -> dict[str, Any]:
        """The record as plain data, like pydantic's ``model_dump()``."""
        return {k: _dump(v) for k, v in self.__dict__.items() if not exclude or k not in exclude}

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Any:
        """A copy with some fields replaced, like pydantic's ``model_copy(update=...)``."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        for name, value in (update or {}).items():
            if name not in self._fields:
                raise TypeError(f"{type(self).__name__}: unknown field {name!r}")
            copy.__dict__[name] = value
        return copy


def _dump(value: Any) -> Any:
    if isinstance(value, Record):
        return value.model_dump()
    if type(value) is list:
        return [_dump(v) for v in value]
    if type(value) is dict:
        return {k: _dump(v) for k, v in value.items()}
    return value


def field_names(obj: Any) -> tuple[str, ...]:
    """The fields of a record, or of a validated pydantic object (for code that reads both)."""
    fields = getattr(type(obj), "_fields", None)
    return fields if fields is not None else tuple(type(obj).model_fields)


def is_record(value: Any) -> bool:
    """Whether ``value`` is a record or a schema object standing for one."""
    return isinstance(value, Record)


# --- the model ---------------------------------------------------------------------------------


class Field(Record):
    id: str
    title: str
    professionalisation: str
    description: str
    source: str


class Level(Record):
    id: str
    title: str
    min: float
    description: str


class Factor(Record):
    id: str
    field: str
    title: str
    statement: str
    weight: float = 1.0
    target: float | None = None
    stakeholders: list[str]
    source: str


class Recommendation(Record):
    id: str
    factor: str
    title: str
    why: str
    steps: list[str]
    questions: list[str] = []
    source: str

    @property
    def text(self) -> str:
        """The contract's ``text``: why the recommendation matters."""
        return self.why


class Practice(Record):
    id: str
    title: str
    organization: str
    country: str
    summary: str
    highlights: list[str] = []
    factors: list[str] = []
    recommendations: list[str] = []
    source: str


class ModelMeta(Record):
    id: str
    version: str
    title: str
    source: str
    notes: str = ""
    default_target: float = 75
    fields: list[Field]
    levels: list[Level]
    role_weights: dict[str, float] = {}


class CrosswalkItem(Record):
    item: int
    text: str
    io1_field: str | None = None
    factors: list[str] = []
    note: str
    source: str


class CrosswalkNew(Record):
    factor: str
    note: str
    source: str


class CrosswalkFile(Record):
    notes: str
    io1: list[CrosswalkItem]
    new: list[CrosswalkNew] = []


class ScalePoint(Record):
    value: int
    label: str
    description: str = ""


class Question(Record):
    id: str
    factor: str
    text: str
    help: str
    levels: dict[int, str]
    weight: float = 1.0
    source: str


class OpenQuestion(Record):
    id: str
    text: str
    help: str
    source: str


class Questionnaire(Record):
    id: str
    title: str
    description: str = ""
    roles: list[str]
    plain_language: bool = False
    scale: list[ScalePoint]
    questions: list[Question]
    open_questions: list[OpenQuestion] = []


class GridFactor(Record):
    factor: str
    why: str
    source: str


class ProposalRange(Record):
    first: int
    last: int


class LearningDomain(Record):
    id: str
    title: str
    plain_title: str = ""
    proposals: ProposalRange
    factors: list[GridFactor]
    source: str


class Proposal(Record):
    id: str
    number: int
    text: str
    source: str


class Choice(Record):
    value: str | int
    label: str


class LearningGrid(Record):
    kind: str
    id: str
    title: str
    description: str = ""
    reconstruction: str = ""
    source: str
    roles: list[str]
    progress: list[Choice]
    importance: list[Choice]
    domains: list[LearningDomain]
    proposals: list[Proposal]

    def domain_of(self, proposal: Proposal) -> LearningDomain:
        """The domain whose range holds the proposal's number (the loader checks there is one)."""
        return next(
            d for d in self.domains if d.proposals.first <= proposal.number <= d.proposals.last
        )

    def proposals_of(self, domain: LearningDomain) -> list[Proposal]:
        return [
            p for p in self.proposals if domain.proposals.first <= p.number <= domain.proposals.last
        ]


# --- answers files -----------------------------------------------------------------------------


class ModelRef(Record):
    id: str
    version: str


class Respondent(Record):
    role: str
    name: str = ""


class Baseline(Record):
    file: str
    date: dt.date


class Answer(Record):
    value: int | str | None = None
    note: str = ""
    evidence: str = DECLARED
    carried: bool = False
    confirmed: bool = False


class AnswersFile(Record):
    format: str
    questionnaire: str
    model: ModelRef
    organization: str
    device: str
    respondent: Respondent
    date: dt.date
    status: str = "complete"
    lang: str | None = None
    target: float | dict[str, float] | None = None
    baseline: Baseline | None = None
    answers: dict[str, Answer]
    comments: dict[str, str] = {}


class GridAnswer(Record):
    progress: str | None = None
    importance: int | None = None


class GridAnswersFile(AnswersFile):
    answers: dict[str, GridAnswer] = {}  # type: ignore[assignment]


# --- languages ---------------------------------------------------------------------------------


class Language(Record):
    name: str
    english: str
    status: str
    scope: str
    dir: str = "ltr"


# --- the loaded whole --------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Translation:
    """How a loaded model was translated: the language and what fell back to English."""

    lang: str
    missing: int = 0  # texts with no entry in the catalogs
    stale: int = 0  # texts whose English changed since they were translated
    catalogs: bool = True  # False: the model has no catalog at all for this language

    @property
    def fallbacks(self) -> int:
        return self.missing + self.stale


@dataclasses.dataclass
class Model:
    """The model with its questionnaires, cross-checked by the loader; lookups built once."""

    meta: ModelMeta
    factors: list[Factor]
    recommendations: list[Recommendation]
    practices: list[Practice]
    questionnaires: list[Questionnaire]
    # Set by ``load_model(lang=...)``: the texts above are then in that language.
    translation: Translation | None = None
    # Learning-progress grids (``kind: learning-grid``): never part of the maturity scores.
    learning_grids: list[LearningGrid] = dataclasses.field(default_factory=list)
    crosswalk: CrosswalkFile | None = None
    _question_ids: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict, repr=False)
    _levels: list[Level] = dataclasses.field(default_factory=list, repr=False)
    _role_weights: dict[str, float] = dataclasses.field(default_factory=dict, repr=False)
    _positions: dict[str, int] = dataclasses.field(default_factory=dict, repr=False)

    @property
    def levels(self) -> list[Level]:
        """The level bands from the lowest up (the file may list them in any order)."""
        return self._levels

    def __post_init__(self) -> None:
        self._levels = sorted(self.meta.levels, key=lambda band: band.min)
        self._question_ids = {
            q.id: frozenset(question.id for question in q.questions) for q in self.questionnaires
        }
        # Scoring asks for these on every assessment (batch: thousands): computed once.
        self._role_weights = {role: self.role_weight(role) for role in self.roles}
        self._positions = {
            question.id: i for q in self.questionnaires for i, question in enumerate(q.questions)
        }

    def factor(self, factor_id: str) -> Factor:
        return next(f for f in self.factors if f.id == factor_id)

    def role_weight(self, role: str) -> float:
        """How much the role's view counts in a merged factor score (1 unless the model says)."""
        return float(self.meta.role_weights.get(role, 1.0))

    @property
    def role_weights(self) -> dict[str, float]:
        """The weight of every role that has a questionnaire, in the order of ROLES."""
        return dict(self._role_weights)

    def position(self, question_id: str) -> int:
        """The question's place in its questionnaire (for ordering; -1 if unknown)."""
        return self._positions.get(question_id, -1)

    def questionnaire(self, questionnaire_id: str) -> Questionnaire | None:
        return next((q for q in self.questionnaires if q.id == questionnaire_id), None)

    def learning_grid(self, grid_id: str) -> LearningGrid | None:
        return next((g for g in self.learning_grids if g.id == grid_id), None)

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
            from profint_assess.errors import UsageError

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


# --- from validated pydantic objects ------------------------------------------------------------


def from_validated(value: Any) -> Any:
    """A validated schema object (and what it holds) as records; other values as they are."""
    kind = type(value)
    if kind is list:
        return [from_validated(v) for v in value]
    if kind is dict:
        return {k: from_validated(v) for k, v in value.items()}
    fields = getattr(kind, "model_fields", None)
    if fields is None:
        return value
    record = _RECORDS.get(kind.__name__)
    if record is None:
        raise TypeError(f"no record class for {kind.__name__}")
    copy = object.__new__(record)
    copy.__dict__.update((name, from_validated(getattr(value, name))) for name in record._fields)
    return copy


_RECORDS: dict[str, type[Record]] = {}


def _register(cls: type[Record]) -> None:
    _RECORDS[cls.__name__] = cls
    for sub in cls.__subclasses__():
        _register(sub)


for _cls in Record.__subclasses__():
    _register(_cls)
