"""Action plans (``profint-plan/1``): the schema, the draft made from a report, and progress.

Pure: no file is read or written here (``plan_file.py`` reads, validates and edits plan files).

The draft follows two documented rules, so that a consultant can say why each action is there:

* **Which actions.** Gaps are taken in the report's priority order (gap x factor weight, ties in
  model order); each gap's recommendations in the report's order (those tied to the factor's
  weakest answered questions first). Round-robin: round 1 takes the first eligible
  recommendation of every gap, highest priority first, round 2 the second, and so on, until
  ``top`` actions are drafted. Breadth first: the top gaps each get an action before any gets a
  second. A recommendation is not eligible when every question it names is already at the
  success level (or does not apply): there is nothing for it to move.
* **Which phase.** Actions keep that order and are cut into ``phases`` consecutive groups whose
  sizes differ by at most one, the larger ones first (7 actions in 3 phases: 3, 2, 2): the most
  urgent actions come first, and no phase carries more than ceil(n / phases). Each phase is a
  period of ``PHASE_MONTHS`` months from the day the plan is drafted.

The success level of an action is the answer its questions should reach: the factor's target
expressed on the answer scale, rounded up (target 75 -> 3, "largely in place").
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Literal

import pydantic
from pydantic import field_validator

from profint_assess.model import (
    FACTOR_ID,
    MAX_VALUE,
    NA,
    QUESTION_ID,
    RECOMMENDATION_ID,
    Model,
    ModelRef,
    Text,
    _no_control_characters,
    _Strict,
)
from profint_assess.scoring import POINTS_PER_STEP, Report

PLAN_FORMAT = "profint-plan/1"
# The scoring method the question scores come from (DESIGN.md); recorded in ``based_on``.
METHOD = "profint-score/2"
STATUSES = ("planned", "in-progress", "done", "dropped")
DEFAULT_TOP = 6
DEFAULT_PHASES = 3
PHASE_MONTHS = 3
ACTION_ID = r"^[A-Za-z][A-Za-z0-9_-]*$"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

Status = Literal["planned", "in-progress", "done", "dropped"]


def _as_date(value: object) -> object:
    """Empty, a YAML date, or ``YYYY-MM-DD`` text; anything else gets one clear message."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"must be a date YYYY-MM-DD (or empty), not {value!r}")


class BasedOn(_Strict):
    """The assessment the plan was drafted from."""

    date: dt.date
    method: Text
    files: list[str] = []


class Phase(_Strict):
    """A period of the plan: dates (``start``, ``end``) or words (``period``), or both."""

    id: Annotated[str, pydantic.Field(pattern=ACTION_ID)]
    title: Text
    start: dt.date | None = None
    end: dt.date | None = None
    period: str = ""

    @field_validator("start", "end", mode="before")
    @classmethod
    def _dates(cls, value: object) -> object:
        return _as_date(value)


class Action(_Strict):
    """One thing the device commits to do, tied to a recommendation and the questions it moves."""

    id: Annotated[str, pydantic.Field(pattern=ACTION_ID)]
    phase: Text
    factor: Annotated[str, pydantic.Field(pattern=FACTOR_ID)]
    recommendation: Annotated[str, pydantic.Field(pattern=RECOMMENDATION_ID)] | None = None
    title: Text
    steps: list[Text] = []
    # The questions it should move, with their scores (0-100) when the plan was drafted;
    # null when they had no answer then.
    questions: dict[
        Annotated[str, pydantic.Field(pattern=QUESTION_ID)],
        Annotated[float, pydantic.Field(ge=0, le=100)] | None,
    ] = {}
    reach: Annotated[int, pydantic.Field(ge=0, le=MAX_VALUE, strict=True)] | None = None
    success: str = ""
    owner: str = ""
    due: dt.date | None = None
    status: Status = "planned"
    notes: str = ""

    @field_validator("due", mode="before")
    @classmethod
    def _due(cls, value: object) -> object:
        return _as_date(value)

    @field_validator("status", mode="before")
    @classmethod
    def _one_status_message(cls, value: object) -> object:
        if value in STATUSES:
            return value
        raise ValueError(f"must be one of {', '.join(STATUSES)}, not {value!r}")

    @field_validator("questions", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return {} if value is None else value

    @field_validator("owner", "notes", "success", "title")
    @classmethod
    def _printable(cls, text: str) -> str:
        return _no_control_characters(text, allowed="\n\t")

    @property
    def success_text(self) -> str:
        """What counts as success, in words: the file's ``success``, else derived from reach."""
        return self.success or (
            success_sentence(list(self.questions), self.reach) if self.reach is not None else ""
        )


class PlanFile(_Strict):
    """An action plan: who does what by when, on which factor, to move which questions."""

    format: Literal["profint-plan/1"]
    model: ModelRef
    organization: Text
    device: Text
    created: dt.date
    based_on: BasedOn
    phases: list[Phase] = []
    actions: list[Action] = []

    @field_validator("phases", "actions", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return [] if value is None else value

    def action(self, action_id: str) -> Action | None:
        return next((a for a in self.actions if a.id == action_id), None)

    def phase(self, phase_id: str) -> Phase | None:
        return next((p for p in self.phases if p.id == phase_id), None)


# --- checks against the model --------------------------------------------------------------


def cross_check(plan: PlanFile, model: Model) -> list[tuple[tuple[str | int, ...], str]]:
    """Problems that span the plan and the model, each as (location in the file, message).

    Every id must resolve: phases, factors, recommendations (of that factor), questions (of that
    factor). A plan drafted on another version of the model is not refused for that alone (a
    plan lives longer than a model version); when an id no longer resolves, the message says
    which version the plan was made on.
    """
    problems: list[tuple[tuple[str | int, ...], str]] = []
    meta = model.meta
    if plan.model.id != meta.id:
        problems.append(
            (
                ("model", "id"),
                f"plan for model {plan.model.id!r}, but the loaded model is {meta.id!r}",
            )
        )
        return problems
    other = (
        f" (the plan was made on model version {plan.model.version}, this is {meta.version})"
        if plan.model.version != meta.version
        else ""
    )
    seen_phases: set[str] = set()
    for i, phase in enumerate(plan.phases):
        if phase.id in seen_phases:
            problems.append((("phases", i, "id"), f"duplicate phase id {phase.id!r}"))
        seen_phases.add(phase.id)
        if phase.start and phase.end and phase.end < phase.start:
            problems.append((("phases", i, "end"), "is before start"))
    factors = {f.id for f in model.factors}
    recs = {r.id: r for r in model.recommendations}
    questions = {q.id: q for qn in model.questionnaires for q in qn.questions}
    seen: set[str] = set()
    for i, action in enumerate(plan.actions):
        where = ("actions", i)
        if action.id in seen:
            problems.append(((*where, "id"), f"duplicate action id {action.id!r}"))
        seen.add(action.id)
        if action.phase not in seen_phases:
            known = ", ".join(p.id for p in plan.phases) or "none"
            problems.append(
                ((*where, "phase"), f"unknown phase {action.phase!r} (phases: {known})")
            )
        if action.factor not in factors:
            problems.append(((*where, "factor"), f"unknown factor {action.factor!r}{other}"))
            continue
        if action.recommendation is not None:
            rec = recs.get(action.recommendation)
            if rec is None:
                problems.append(
                    (
                        (*where, "recommendation"),
                        f"unknown recommendation {action.recommendation!r}{other}",
                    )
                )
            elif rec.factor != action.factor:
                problems.append(
                    (
                        (*where, "recommendation"),
                        f"{rec.id} belongs to {rec.factor}, not to {action.factor}",
                    )
                )
        for qid in action.questions:
            question = questions.get(qid)
            if question is None:
                problems.append(((*where, "questions", qid), f"unknown question{other}"))
            elif question.factor != action.factor:
                problems.append(
                    (
                        (*where, "questions", qid),
                        f"is a question of {question.factor}, not {action.factor}",
                    )
                )
    return problems


def model_note(plan: PlanFile, model: Model) -> str | None:
    """A line to show when the plan was made on another version of the model, else None."""
    if plan.model.version == model.meta.version:
        return None
    return (
        f"this plan was made on model {plan.model.id} {plan.model.version}; "
        f"the loaded model is {model.meta.version}"
    )


# --- question scores ------------------------------------------------------------------------


@dataclass(frozen=True)
class QuestionScores:
    """Per question, the mean score (0-100) of the answers with a level, from a report's answers.

    ``scores`` maps a question with at least one answer to its mean, or to None when every
    answer was ``unknown`` or blank; ``not_applicable`` holds questions only ever answered ``na``.
    Questions nobody was asked are in neither. Hidden roles are already left out of
    ``Report.answers``, so their questions are never scored here either.
    """

    scores: dict[str, float | None]
    not_applicable: frozenset[str]

    def get(self, question_id: str) -> float | None:
        return self.scores.get(question_id)


def question_scores(report: Report) -> QuestionScores:
    """Question scores from the answers kept in ``report`` (score it with ``keep_answers``)."""
    values: dict[str, list[float]] = defaultdict(list)
    seen: dict[str, bool] = {}  # question -> answered with something other than na
    for line in report.answers:
        if line.value == NA:
            seen.setdefault(line.question, False)
            continue
        seen[line.question] = True
        if isinstance(line.value, int):
            values[line.question].append(line.value * POINTS_PER_STEP)
    scores = {
        qid: (sum(values[qid]) / len(values[qid]) if values[qid] else None)
        for qid, other in seen.items()
        if other
    }
    return QuestionScores(scores, frozenset(q for q, other in seen.items() if not other))


# --- drafting -------------------------------------------------------------------------------


def reach_for(target: float) -> int:
    """The answer (0-4) a question needs so that its score meets ``target``: 75 -> 3."""
    return min(MAX_VALUE, max(0, math.ceil(target / POINTS_PER_STEP - 1e-9)))


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def success_sentence(questions: Sequence[str], reach: int | None, label: str = "") -> str:
    """``F02.Q2 and F02.Q4 reach 3 (largely in place)``."""
    if not questions or reach is None:
        return ""
    verb = "reaches" if len(questions) == 1 else "reach"
    level = f"{reach} ({label.lower()})" if label else str(reach)
    return f"{_join(list(questions))} {verb} {level}"


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def phase_sizes(actions: int, phases: int) -> list[int]:
    """How many actions each phase gets: consecutive groups, sizes differing by at most one."""
    phases = max(1, min(phases, actions))
    base, extra = divmod(actions, phases)
    return [base + (1 if i < extra else 0) for i in range(phases)] if actions else []


@dataclass(frozen=True)
class _Pick:
    factor: str
    recommendation: str
    questions: dict[str, float | None]
    reach: int


def pick_actions(report: Report, model: Model, top: int, scores: QuestionScores) -> list[_Pick]:
    """The recommendations the draft turns into actions, in order (see the module docstring)."""
    recs = {r.id: r for r in model.recommendations}
    queues: list[list[_Pick]] = []
    for factor in report.priority_gaps:
        reach = reach_for(factor.target)
        eligible = []
        for rec_id in factor.recommendations:
            rec = recs[rec_id]
            # Questions it should move: those that apply and are below the success level.
            moving = {
                q: scores.get(q)
                for q in rec.questions
                if q not in scores.not_applicable
                and (scores.get(q) is None or scores.get(q) < reach * POINTS_PER_STEP)  # type: ignore[operator]
            }
            if rec.questions and not moving:
                continue
            eligible.append(_Pick(factor.id, rec.id, moving, reach))
        if eligible:
            queues.append(eligible)
    picked: list[_Pick] = []
    depth = 0
    while len(picked) < top and any(depth < len(q) for q in queues):
        for queue in queues:
            if depth < len(queue) and len(picked) < top:
                picked.append(queue[depth])
        depth += 1
    return picked


def _scale_label(model: Model, question_ids: Iterable[str], value: int) -> str:
    """The label of ``value`` on the scale of the questionnaire asking the first question."""
    ids = set(question_ids)
    for questionnaire in model.questionnaires:
        if any(q.id in ids for q in questionnaire.questions):
            return next((p.label for p in questionnaire.scale if p.value == value), "")
    return ""


def draft_plan(
    report: Report,
    model: Model,
    *,
    top: int = DEFAULT_TOP,
    phases: int = DEFAULT_PHASES,
    files: Sequence[str] = (),
    method: str = "",
    today: dt.date | None = None,
) -> PlanFile:
    """A plan for the report's highest-priority gaps; owner and due left for the user."""
    today = today or dt.date.today()
    scores = question_scores(report)
    picks = pick_actions(report, model, top, scores)
    sizes = phase_sizes(len(picks), phases)
    phase_list = []
    for i in range(len(sizes)):
        start = _add_months(today, PHASE_MONTHS * i)
        end = _add_months(today, PHASE_MONTHS * (i + 1)) - dt.timedelta(days=1)
        phase_list.append(Phase(id=f"P{i + 1}", title=f"Phase {i + 1}", start=start, end=end))
    recs = {r.id: r for r in model.recommendations}
    actions = []
    index = 0
    for phase, size in zip(phase_list, sizes, strict=True):
        for pick in picks[index : index + size]:
            rec = recs[pick.recommendation]
            label = _scale_label(model, pick.questions, pick.reach)
            actions.append(
                Action(
                    id=f"A{len(actions) + 1:02d}",
                    phase=phase.id,
                    factor=pick.factor,
                    recommendation=rec.id,
                    title=rec.title,
                    steps=list(rec.steps),
                    questions=pick.questions,
                    reach=pick.reach if pick.questions else None,
                    success=success_sentence(list(pick.questions), pick.reach, label),
                )
            )
        index += size
    return PlanFile(
        format=PLAN_FORMAT,
        model=ModelRef(id=report.model_id, version=report.model_version),
        organization=report.organization,
        device=report.device,
        created=today,
        based_on=BasedOn(date=report.date, method=method or METHOD, files=list(files)),
        phases=phase_list,
        actions=actions,
    )


# --- progress: did the questions move? ------------------------------------------------------

NO_EFFECT = "done-without-effect"
REACHED = "reached"
MOVED = "moved"
NOT_MOVED = "not-moved"
NOT_MEASURED = "not-measured"
PROGRESS_ORDER = (NO_EFFECT, REACHED, MOVED, NOT_MOVED, NOT_MEASURED)


@dataclass(frozen=True)
class QuestionMove:
    id: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(round(self.after, 1) - round(self.before, 1), 1)


@dataclass(frozen=True)
class ActionProgress:
    """One action and what its questions did between two assessments."""

    action: Action
    state: str
    questions: list[QuestionMove]


def action_progress(
    action: Action, before: QuestionScores, after: QuestionScores
) -> ActionProgress:
    """Whether the action's questions moved, reached the success level, or did not move.

    *reached*: every question answered after is at the success level or above (and at least one
    is answered). *moved*: at least one question's score rose. *done-without-effect*: the action
    is done and none rose. *not-moved*: not done, none rose. *not-measured*: no question has a
    score after (unanswered, unknown or not applicable), or the action names none.
    """
    moves = [QuestionMove(q, before.get(q), after.get(q)) for q in action.questions]
    measured = [m for m in moves if m.after is not None]
    rose = any(m.after is not None and (m.before is None or (m.delta or 0) > 0) for m in moves)
    if not measured:
        state = NOT_MEASURED
    elif action.reach is not None and all(
        m.after >= action.reach * POINTS_PER_STEP  # type: ignore[operator]
        for m in measured
    ):
        state = REACHED
    elif rose:
        state = MOVED
    elif action.status == "done":
        state = NO_EFFECT
    else:
        state = NOT_MOVED
    return ActionProgress(action, state, moves)


def plan_progress(
    plan: PlanFile, before: QuestionScores, after: QuestionScores
) -> list[ActionProgress]:
    """Every action's progress: effort without effect first, then in the plan's order."""
    items = [action_progress(a, before, after) for a in plan.actions]
    return sorted(items, key=lambda p: p.state != NO_EFFECT)


# --- reading a plan's state -----------------------------------------------------------------


@dataclass(frozen=True)
class PlanView:
    """What every ``plan show`` format renders: the plan, the day it is read on, a model note."""

    plan: PlanFile
    today: dt.date
    note: str | None = None


def is_overdue(action: Action, today: dt.date) -> bool:
    """Its due date is past and it is neither done nor dropped."""
    return (
        action.due is not None and action.due < today and action.status not in ("done", "dropped")
    )


def ordered_actions(plan: PlanFile, today: dt.date) -> list[tuple[Phase | None, list[Action]]]:
    """Actions by phase (the plan's phase order); within a phase overdue first, then by status."""
    rank = {s: i for i, s in enumerate(("in-progress", "planned", "done", "dropped"))}

    def key(action: Action) -> tuple[int, int]:
        return (0 if is_overdue(action, today) else 1, rank[action.status])

    groups: list[tuple[Phase | None, list[Action]]] = []
    for phase in plan.phases:
        members = [a for a in plan.actions if a.phase == phase.id]
        groups.append((phase, sorted(members, key=key)))
    return groups


def status_counts(plan: PlanFile) -> Mapping[str, int]:
    """How many actions have each status, in the order of STATUSES."""
    return {s: sum(a.status == s for a in plan.actions) for s in STATUSES}


# --- writing: readable, commented YAML meant to be edited by hand ---------------------------

HEADER = """\
# PROFINT action plan ({format}), drafted by `profint-assess plan new`.
# It is yours to edit: add, remove or reorder actions and phases, rewrite titles and steps.
#
# Each action carries out one recommendation of the model on one factor and should move the
# questions under `questions` (their scores when the plan was drafted, 0-100; null: no answer)
# up to the answer `reach` (0-4); `success` says it in words and may be rewritten.
# Fill in for each action:
#   owner:  who is responsible, a name or a role, e.g. owner: "Partnerships officer"
#   due:    the date it should be done by, YYYY-MM-DD, e.g. due: 2027-03-31 (empty: no date)
#   status: planned | in-progress | done | dropped
#   notes:  what was done, what stands in the way
# Keep action ids unique (A01, A02, ...): `plan set` and `compare --plan` find actions by id.
# Move an action to another phase by changing its `phase`; phases may give `start` and `end`
# dates, or a `period` in words (period: "spring 2027").
#
#   profint-assess plan show {name}                     where the plan stands, overdue first
#   profint-assess plan set {name} A01 --status done --note "agreements signed"
#       changes one action in place and keeps your comments and order
#   profint-assess compare BEFORE --to AFTER --plan {name}
#       whether each action's questions moved at the next assessment
"""


def _scalar_date(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""


def dump_plan(plan: PlanFile, model: Model | None = None, name: str = "plan.yaml") -> str:
    """The plan as commented YAML that :func:`profint_assess.plan_file.load_plan` reads back.

    Free text is always double-quoted (any character reads back as typed); a factor comment
    above each action says why it is there when ``model`` is given.
    """
    from profint_assess.answers import _number, _word, yaml_str

    def value(v: float | None) -> str:
        return "null" if v is None else _number(v)

    lines = HEADER.format(format=PLAN_FORMAT, name=name).splitlines()
    lines += [
        f"format: {PLAN_FORMAT}",
        f"model: {{id: {_word(plan.model.id)}, version: {yaml_str(plan.model.version)}}}",
        f"organization: {yaml_str(plan.organization)}",
        f"device: {yaml_str(plan.device)}",
        f"created: {plan.created.isoformat()}",
        "based_on:                  # the assessment the plan was drafted from",
        f"  date: {plan.based_on.date.isoformat()}",
        f"  method: {yaml_str(plan.based_on.method)}",
        f"  files: [{', '.join(yaml_str(f) for f in plan.based_on.files)}]",
        "",
        "phases:",
    ]
    if not plan.phases:
        lines[-1] = "phases: []"
    for phase in plan.phases:
        lines += [f"  - id: {_word(phase.id)}", f"    title: {yaml_str(phase.title)}"]
        if phase.start is not None or phase.end is not None:
            lines += [
                f"    start: {_scalar_date(phase.start)}".rstrip(),
                f"    end: {_scalar_date(phase.end)}".rstrip(),
            ]
        if phase.period:
            lines.append(f"    period: {yaml_str(phase.period)}")
    lines += ["", "actions:" if plan.actions else "actions: []"]
    factors = {f.id: f for f in model.factors} if model is not None else {}
    shown_factor = None
    for action in plan.actions:
        factor = factors.get(action.factor)
        if factor is not None and action.factor != shown_factor:
            lines.append(f"  # {factor.id} {factor.title}")
        shown_factor = action.factor
        lines += [
            f"  - id: {_word(action.id)}",
            f"    phase: {_word(action.phase)}",
            f"    factor: {action.factor}",
        ]
        if action.recommendation:
            lines.append(f"    recommendation: {action.recommendation}")
        lines.append(f"    title: {yaml_str(action.title)}")
        if action.steps:
            lines.append("    steps:")
            lines += [f"      - {yaml_str(step)}" for step in action.steps]
        pairs = ", ".join(f"{q}: {value(s)}" for q, s in action.questions.items())
        lines.append(f"    questions: {{{pairs}}}")
        if action.reach is not None:
            lines.append(f"    reach: {action.reach}")
        lines += [
            f"    success: {yaml_str(action.success)}",
            f"    owner: {yaml_str(action.owner)}",
            f"    due: {_scalar_date(action.due)}".rstrip(),
            f"    status: {action.status}",
            f"    notes: {yaml_str(action.notes)}",
        ]
    return "\n".join(lines) + "\n"


def progress_between(
    plan: PlanFile,
    before: Report,
    after: Report,
) -> list[ActionProgress]:
    """:func:`plan_progress` with question scores from two reports scored from answers files.

    A saved JSON report holds no question scores: callers must score answers files.
    """
    return plan_progress(plan, question_scores(before), question_scores(after))
