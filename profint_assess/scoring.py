"""Pure scoring: a model and answers files in, a :class:`Report` out. No I/O, no printing.

The formulas are the contract published in the README (and DESIGN.md):
question score = value x 25; factor = weighted mean of its answered questions; coverage =
answered / (questions - na); field and overall = weighted means of assessed factors; several
respondents: mean per role, then mean over roles; gap = max(0, target - score).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from profint_assess.errors import AnswersError, Problem
from profint_assess.model import NA, UNKNOWN, AnswersFile, Model, Recommendation

POINTS_PER_STEP = 25.0  # value 0..4 -> score 0..100


@dataclass(frozen=True)
class AnswerLine:
    """One respondent's answer to one question, kept for the report's answers appendix."""

    question: str
    factor: str
    role: str
    value: int | str | None
    note: str


@dataclass(frozen=True)
class FactorResult:
    id: str
    field: str
    title: str
    weight: float
    score: float | None
    level: str | None
    coverage: float | None
    answered: int
    applicable: int
    not_applicable: int
    unknown: int
    target: float
    gap: float | None
    priority: float | None
    by_role: dict[str, float | None]
    divergence: float | None
    recommendations: list[str]

    @property
    def assessed(self) -> bool:
        return self.score is not None


@dataclass(frozen=True)
class FieldResult:
    id: str
    title: str
    score: float | None
    level: str | None
    factors: list[str]


@dataclass(frozen=True)
class Report:
    """Everything a renderer needs; renderers only format it."""

    model_id: str
    model_version: str
    model_title: str
    organization: str
    device: str
    date: dt.date
    status: str
    respondents: dict[str, int]
    overall_score: float | None
    overall_level: str | None
    fields: list[FieldResult]
    factors: list[FactorResult]
    recommendations: list[Recommendation]
    answers: list[AnswerLine] = field(default_factory=list)

    def factor(self, factor_id: str) -> FactorResult:
        return next(f for f in self.factors if f.id == factor_id)

    @property
    def priority_gaps(self) -> list[FactorResult]:
        """Factors with a gap, highest priority first (ties in model order)."""
        gaps = [f for f in self.factors if f.gap]
        return sorted(gaps, key=lambda f: -(f.priority or 0.0))

    @property
    def not_assessed(self) -> list[FactorResult]:
        return [f for f in self.factors if f.score is None]


def question_score(value: int) -> float:
    return value * POINTS_PER_STEP


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of (value, weight) pairs; None when there is nothing to average."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return total / weight_sum if weight_sum else None


def mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return sum(items) / len(items) if items else None


def level_for(model: Model, score: float | None) -> str | None:
    """The band with the highest ``min`` not above the score (24.5 stays in 0-24)."""
    if score is None:
        return None
    chosen = None
    for band in sorted(model.meta.levels, key=lambda b: b.min):
        if score >= band.min:
            chosen = band.id
    return chosen


def resolve_targets(
    model: Model, files: Sequence[AnswersFile], overrides: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Target per factor. Precedence: --target, answers file, factor in model, model default.

    ``overrides`` and an answers file's ``target`` map ``default`` or a factor id to a target.
    """
    layers: list[Mapping[str, float]] = []
    if overrides:
        layers.append(overrides)
    for answers in files:
        target = answers.target
        if target is not None:
            layers.append(target if isinstance(target, dict) else {"default": target})
    targets = {}
    for factor in model.factors:
        value = next((layer[factor.id] for layer in layers if factor.id in layer), None)
        if value is None:
            value = next((layer["default"] for layer in layers if "default" in layer), None)
        if value is None:
            value = factor.target if factor.target is not None else model.meta.default_target
        targets[factor.id] = float(value)
    return targets


def check_same_device(files: Sequence[AnswersFile], names: Sequence[str]) -> None:
    """Answers about different devices cannot be merged into one report."""
    if not files:
        return
    first = (files[0].organization, files[0].device)
    problems = [
        Problem(
            name,
            f"is about {a.organization} / {a.device}, not {first[0]} / {first[1]}; "
            "use `profint-assess batch` to score several devices",
        )
        for a, name in zip(files, names, strict=True)
        if (a.organization, a.device) != first
    ]
    if problems:
        raise AnswersError(problems)


@dataclass
class _Tally:
    """Per-factor sums over one respondent."""

    weighted: float = 0.0
    weights: float = 0.0
    answered: int = 0
    asked: int = 0
    na: int = 0
    unknown: int = 0


def score(
    model: Model,
    files: Sequence[AnswersFile],
    targets: Mapping[str, float] | None = None,
    *,
    keep_answers: bool = True,
) -> Report:
    """Score one assessment: one or more answers files about the same device.

    ``keep_answers=False`` leaves ``Report.answers`` empty, for callers that never show the
    answers (batch scoring of thousands of files); every score is the same either way.
    """
    if not files:
        raise ValueError("score() needs at least one answers file")
    targets = dict(targets) if targets is not None else resolve_targets(model, files)

    # role -> factor -> list of respondent factor scores
    role_scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    totals: dict[str, _Tally] = defaultdict(_Tally)
    question_values: dict[str, list[float]] = defaultdict(list)
    answer_lines: list[AnswerLine] = []
    respondents: dict[str, int] = defaultdict(int)

    for answers in files:
        role = answers.respondent.role
        respondents[role] += 1
        questionnaire = model.questionnaire(answers.questionnaire)
        assert questionnaire is not None, "answers are checked against the model when loaded"
        tallies: dict[str, _Tally] = defaultdict(_Tally)
        given = answers.answers.get
        for question in questionnaire.questions:
            tally = tallies[question.factor]
            tally.asked += 1
            answer = given(question.id)
            if answer is None:
                continue
            value = answer.value
            if keep_answers:
                answer_lines.append(
                    AnswerLine(question.id, question.factor, role, value, answer.note)
                )
            # The common case first: a value 0-4 (an int never equals 'na' or 'unknown').
            if isinstance(value, int):
                points = value * POINTS_PER_STEP
                tally.weighted += points * question.weight
                tally.weights += question.weight
                tally.answered += 1
                question_values[question.id].append(points)
            elif value == NA:
                tally.na += 1
            elif value == UNKNOWN:
                tally.unknown += 1
        for factor_id, tally in tallies.items():
            if tally.weights:
                role_scores[role][factor_id].append(tally.weighted / tally.weights)
            total = totals[factor_id]
            total.answered += tally.answered
            total.asked += tally.asked
            total.na += tally.na
            total.unknown += tally.unknown

    roles = list(respondents)
    factor_results = []
    for factor in model.factors:
        by_role = {
            role: mean(role_scores[role][factor.id])
            for role in roles
            if factor.id in role_scores[role] or _asks(model, files, role, factor.id)
        }
        role_values = [v for v in by_role.values() if v is not None]
        factor_score = mean(role_values)
        tally = totals.get(factor.id, _Tally())
        applicable = tally.asked - tally.na
        target = targets[factor.id]
        gap = None if factor_score is None else max(0.0, target - factor_score)
        recs = _ordered_recommendations(model, factor.id, question_values) if gap else []
        factor_results.append(
            FactorResult(
                id=factor.id,
                field=factor.field,
                title=factor.title,
                weight=factor.weight,
                score=factor_score,
                level=level_for(model, factor_score),
                coverage=tally.answered / applicable if applicable else None,
                answered=tally.answered,
                applicable=applicable,
                not_applicable=tally.na,
                unknown=tally.unknown,
                target=target,
                gap=gap,
                priority=None if gap is None else gap * factor.weight,
                by_role=by_role,
                divergence=max(role_values) - min(role_values) if len(role_values) > 1 else None,
                recommendations=[r.id for r in recs],
            )
        )

    weights = {f.id: f.weight for f in model.factors}
    field_results = []
    for model_field in model.meta.fields:
        members = [f for f in factor_results if f.field == model_field.id]
        field_score = weighted_mean(
            (f.score, weights[f.id]) for f in members if f.score is not None
        )
        field_results.append(
            FieldResult(
                model_field.id,
                model_field.title,
                field_score,
                level_for(model, field_score),
                [f.id for f in members],
            )
        )
    overall = weighted_mean((f.score, weights[f.id]) for f in factor_results if f.score is not None)

    rec_by_id = {r.id: r for r in model.recommendations}
    ranked = sorted((f for f in factor_results if f.gap), key=lambda f: -(f.priority or 0.0))
    first = files[0]
    return Report(
        model_id=model.meta.id,
        model_version=model.meta.version,
        model_title=model.meta.title,
        organization=first.organization,
        device=first.device,
        date=max(a.date for a in files),
        status="complete" if all(a.status == "complete" for a in files) else "in-progress",
        respondents=dict(respondents),
        overall_score=overall,
        overall_level=level_for(model, overall),
        fields=field_results,
        factors=factor_results,
        recommendations=[rec_by_id[r] for f in ranked for r in f.recommendations],
        answers=answer_lines,
    )


def _asks(model: Model, files: Sequence[AnswersFile], role: str, factor_id: str) -> bool:
    """Whether some respondent of ``role`` was asked about the factor (so it shows as null)."""
    for answers in files:
        if answers.respondent.role != role:
            continue
        questionnaire = model.questionnaire(answers.questionnaire)
        if questionnaire and any(q.factor == factor_id for q in questionnaire.questions):
            return True
    return False


def _ordered_recommendations(
    model: Model, factor_id: str, question_values: Mapping[str, list[float]]
) -> list[Recommendation]:
    """The factor's recommendations, those tied to its weakest answered questions first."""

    def weakest(rec: Recommendation) -> float:
        scores = [m for q in rec.questions if (m := mean(question_values.get(q, []))) is not None]
        return min(scores) if scores else math.inf

    recs = model.recommendations_for(factor_id)
    return sorted(recs, key=weakest)  # stable: ties keep the model's order
