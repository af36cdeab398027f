"""Pure scoring, method ``profint-score/2``: a model and answers files in, a :class:`Report` out.

No I/O, no printing. The formulas are the contract published in the README (and DESIGN.md):
question score = value x 25; factor = weighted mean of its answered questions; coverage =
answered / (questions - na); field and overall = weighted means of assessed factors; several
respondents: mean per role, then the mean over roles weighted by the model's role weights;
levels follow the answer scale (bands at 37.5, 62.5, 87.5); gap = max(0, target - score).

A role with fewer respondents than its minimum (3 for beneficiaries by default) is *left out*
of every number: its files are set aside before anything is counted, so that no score, count
or answer shown can be worked back to one person, and the report only says how many files were
left out and why. Doing it here means no renderer can forget to protect them.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from profint_assess.errors import AnswersError, Problem
from profint_assess.i18n import _, ngettext
from profint_assess.records import (
    DECLARED,
    DOCUMENTED,
    EVIDENCE,
    METHOD,
    NA,
    ROLES,
    UNKNOWN,
    VERIFIED,
    AnswersFile,
    Model,
    Recommendation,
)

__all__ = ["METHOD", "Report", "score"]

POINTS_PER_STEP = 25.0  # value 0..4 -> score 0..100
# A role with fewer respondents than this is left out of every number, so that a score or an
# answer cannot be traced back to one person. Beneficiaries are the ones exposed: a device has
# one manager, but its beneficiaries are many and did not choose to be assessed.
DEFAULT_MIN_RESPONDENTS: dict[str, int] = {"beneficiary": 3}
MIN_RESPONDENTS_OTHERS = 1
# Means are rounded to this many decimals: a sum of thirds carries float noise (37.5 came out as
# 37.49999999999999, emerging), and a boundary, a target or a threshold must be met exactly. A
# true score is never that close to one without being on it.
PRECISION = 9
# Divergence (points) from which a factor is listed as a perception gap.
DEFAULT_DIVERGENCE = 25.0


@dataclass(frozen=True)
class AnswerLine:
    """One respondent's answer to one question, kept for the report's answers appendix."""

    question: str
    factor: str
    role: str
    value: int | str | None
    note: str
    evidence: str = "declared"


@dataclass(frozen=True)
class CommentLine:
    """One respondent's free-text answer to one open question (never scored)."""

    role: str
    question: str  # the open question's id
    text: str  # the open question as asked
    comment: str


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
    # Answered questions per kind of evidence (declared, documented, verified).
    evidence: dict[str, int] = field(default_factory=dict)

    @property
    def assessed(self) -> bool:
        return self.score is not None

    @property
    def evidence_share(self) -> float | None:
        """Share of the answered questions backed by a document or a check; None if none."""
        backed = self.evidence.get(DOCUMENTED, 0) + self.evidence.get(VERIFIED, 0)
        return backed / self.answered if self.answered else None


@dataclass(frozen=True)
class PerceptionGap:
    """A factor the shown roles see differently: ``divergence`` points between the extremes.

    Ties go to the role first in model.ROLES, so the same files always give the same wording.
    """

    factor: str
    title: str
    divergence: float
    highest_role: str
    highest_score: float
    lowest_role: str
    lowest_score: float


@dataclass(frozen=True)
class LeftOut:
    """A role whose answers files were set aside: fewer respondents than its minimum.

    Only the role and the count are kept, never which files: that is what is left to say.
    """

    role: str
    respondents: int
    minimum: int

    @property
    def note(self) -> str:
        return ngettext(
            "{n} {role} answers file left out of every number: fewer than {minimum} {role} "
            "respondents, too few to protect their anonymity",
            "{n} {role} answers files left out of every number: fewer than {minimum} {role} "
            "respondents, too few to protect their anonymity",
            self.respondents,
        ).format(n=self.respondents, role=self.role, minimum=self.minimum)


# Kinds of answers to check, in the order a report lists them for one factor.
MOSTLY_NA, NA_WITHOUT_NOTE, TO_FIND_OUT = "mostly_na", "na_without_note", "unknown"
_CHECK_ORDER = {MOSTLY_NA: 0, NA_WITHOUT_NOTE: 1, TO_FIND_OUT: 2}


@dataclass(frozen=True)
class Check:
    """An answer (or a factor's answers) to look at again before trusting the score.

    ``count`` of ``total``: for a question, how many of the role's respondents gave that answer;
    for a factor (``mostly_na``), how many of the role's answers to it are ``na``.
    """

    kind: str
    factor: str
    question: str | None
    role: str
    count: int
    total: int

    @property
    def text(self) -> str:
        """The check in words, as every report lists it."""
        return check_text(
            check_sentences(),
            self.kind,
            self.question or self.factor,
            self.role,
            self.count,
            self.total,
        )


def check_sentences() -> dict[str, str]:
    """The sentences of the checks, by kind, in the run's language; ``several`` names the role
    when more than one of its respondents answered. The compact batch JSON states them once."""
    return {
        MOSTLY_NA: _(
            "{factor} ({role}): {count} of {total} answers are na; does the factor apply "
            "to this device?"
        ),
        NA_WITHOUT_NOTE: _("{question} ({who}): na without a note saying why"),
        TO_FIND_OUT: _("{question} ({who}): unknown, to find out"),
        "several": _("{role}, {count} of {total}"),
    }


def check_text(
    sentences: dict[str, str], kind: str, subject: str, role: str, count: int, total: int
) -> str:
    """A check in words from ``sentences`` (:func:`check_sentences`); ``subject`` is the
    question, or the factor for ``mostly_na``."""
    if kind == MOSTLY_NA:
        return sentences[kind].format(factor=subject, role=role, count=count, total=total)
    who = role if total == 1 else sentences["several"].format(role=role, count=count, total=total)
    return sentences[kind].format(question=subject, who=who)


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
    # Roles counted and shown (columns, by_role, divergence), in the order of model.ROLES.
    roles: list[str] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    divergence_threshold: float = DEFAULT_DIVERGENCE
    perception_gaps: list[PerceptionGap] = field(default_factory=list)
    # Ids of the questionnaires answered, in the order read: each has its own answer labels.
    questionnaires: list[str] = field(default_factory=list)
    method: str = METHOD
    # The weight of each role in the merged factor scores (every role of the model).
    role_weights: dict[str, float] = field(default_factory=dict)
    checks: list[Check] = field(default_factory=list)
    # Answers to open questions, by role (model.ROLES order) then question; left-out roles give
    # none.
    comments: list[CommentLine] = field(default_factory=list)

    @property
    def comments_by_role(self) -> dict[str, list[CommentLine]]:
        """The open answers grouped by role, each role's in questionnaire order."""
        grouped: dict[str, list[CommentLine]] = {}
        for line in self.comments:
            grouped.setdefault(line.role, []).append(line)
        return grouped

    @property
    def hidden_roles(self) -> dict[str, int]:
        """Answers files left out, per role."""
        return {h.role: h.respondents for h in self.left_out}

    @property
    def left_out_files(self) -> int:
        return sum(h.respondents for h in self.left_out)

    @property
    def notes(self) -> list[str]:
        """What a reader must know about files that count in no number."""
        return [h.note for h in self.left_out]

    def evidence_totals(self) -> dict[str, int]:
        """Answered questions per kind of evidence, over every factor."""
        return {kind: sum(f.evidence.get(kind, 0) for f in self.factors) for kind in EVIDENCE}

    def factor(self, factor_id: str) -> FactorResult:
        return next(f for f in self.factors if f.id == factor_id)

    @property
    def priority_gaps(self) -> list[FactorResult]:
        """Factors with a gap, highest priority first (ties in model order)."""
        return by_priority(self.factors)

    @property
    def not_assessed(self) -> list[FactorResult]:
        return [f for f in self.factors if f.score is None]


def by_priority(factors: Iterable[FactorResult]) -> list[FactorResult]:
    """Factors with a gap, highest priority first; the sort is stable, so ties keep model order."""
    return sorted((f for f in factors if f.gap), key=lambda f: -(f.priority or 0.0))


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Mean of (value, weight) pairs; None when there is nothing to average."""
    total = weight_sum = 0.0
    for value, weight in pairs:
        total += value * weight
        weight_sum += weight
    return round(total / weight_sum, PRECISION) if weight_sum else None


def mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return round(sum(items) / len(items), PRECISION) if items else None


def level_for(model: Model, score: float | None) -> str | None:
    """The band with the highest ``min`` not above the score (24.5 stays in 0-24)."""
    if score is None:
        return None
    chosen = None
    for band in model.levels:
        if score >= band.min:
            chosen = band.id
    return chosen


def resolve_targets(
    model: Model, files: Sequence[AnswersFile], overrides: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Target per factor. Precedence: --target, then the answers files, then the model.

    ``overrides`` and an answers file's ``target`` map ``default`` or a factor id to a target;
    the first layer that says anything about a factor (its id, else ``default``) decides it, so
    ``--target 70`` also overrides a file's ``F02: 90``. Files that set different targets are
    refused: which one wins would depend on the order they were given in.
    """
    specs = {}
    for answers in files:
        if answers.target is not None:
            spec = (
                answers.target if isinstance(answers.target, dict) else {"default": answers.target}
            )
            specs[tuple(sorted(spec.items()))] = spec
    if len(specs) > 1:
        raise AnswersError(
            "the answers files set different targets; give the target with --target instead"
        )
    layers: list[Mapping[str, float]] = [layer for layer in (overrides, *specs.values()) if layer]
    targets = {}
    for factor in model.factors:
        value: float | None = None
        for layer in layers:
            value = layer.get(factor.id, layer.get("default"))
            if value is not None:
                break
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
            f"is about {a.organization} / {a.device}, not {first[0]} / {first[1]}"
            f"{look_alike(f'{a.organization} / {a.device}', f'{first[0]} / {first[1]}')}; "
            "use `profint-assess batch` to score several devices",
        )
        for a, name in zip(files, names, strict=True)
        if (a.organization, a.device) != first
    ]
    if problems:
        raise AnswersError(problems)


def look_alike(one: str, other: str) -> str:
    """For names that look the same but differ: where, as code points; else nothing.

    They look the same when they are as long and differ in one or two characters (a Cyrillic
    'а' for a Latin 'a'): the message would otherwise read "is about X, not X".
    """
    import unicodedata

    if len(one) != len(other):
        return ""
    diffs = [(i, a, b) for i, (a, b) in enumerate(zip(one, other, strict=True)) if a != b]
    if not 0 < len(diffs) <= 2:
        return ""

    def code(char: str) -> str:
        return f"U+{ord(char):04X} {unicodedata.name(char, '?')}"

    parts = [f"character {i + 1}: {code(a)} vs {code(b)}" for i, a, b in diffs]
    return f" (they differ at {'; '.join(parts)})"


def min_respondents_for(role: str, overrides: Mapping[str, int] | None = None) -> int:
    """The fewest respondents a role needs to be shown on its own."""
    if overrides and role in overrides:
        return overrides[role]
    return DEFAULT_MIN_RESPONDENTS.get(role, MIN_RESPONDENTS_OTHERS)


def perception_gaps(
    factors: Sequence[FactorResult], threshold: float = DEFAULT_DIVERGENCE
) -> list[PerceptionGap]:
    """Factors whose divergence is at least ``threshold``, widest first (ties in model order)."""
    gaps = []
    for f in factors:
        if f.divergence is None or f.divergence < threshold:
            continue
        scored = [(role, value) for role, value in f.by_role.items() if value is not None]
        high = max(scored, key=lambda kv: kv[1])
        low = min(scored, key=lambda kv: kv[1])
        gaps.append(PerceptionGap(f.id, f.title, f.divergence, *high, *low))
    return sorted(gaps, key=lambda g: -g.divergence)  # stable: ties keep the model's order


@dataclass
class _Tally:
    """Per-factor sums over one respondent."""

    weighted: float = 0.0
    weights: float = 0.0
    answered: int = 0
    asked: int = 0
    na: int = 0
    unknown: int = 0


def split_left_out(
    files: Sequence[AnswersFile], min_respondents: Mapping[str, int] | None = None
) -> tuple[list[AnswersFile], list[LeftOut]]:
    """The files that count, and the roles left out for having too few respondents."""
    respondents: dict[str, int] = defaultdict(int)
    for answers in files:
        respondents[answers.respondent.role] += 1
    rank = {role: i for i, role in enumerate(ROLES)}
    left_out = [
        LeftOut(role, count, minimum)
        for role, count in sorted(respondents.items(), key=lambda kv: rank.get(kv[0], len(ROLES)))
        if count < (minimum := min_respondents_for(role, min_respondents))
    ]
    out = {h.role for h in left_out}
    return [a for a in files if a.respondent.role not in out], left_out


def score(
    model: Model,
    files: Sequence[AnswersFile],
    targets: Mapping[str, float] | None = None,
    *,
    min_respondents: Mapping[str, int] | None = None,
    divergence: float = DEFAULT_DIVERGENCE,
    keep_answers: bool = True,
) -> Report:
    """Score one assessment: one or more answers files about the same device.

    ``min_respondents`` overrides the fewest respondents a role needs to count at all (default
    3 for beneficiaries, 1 for the others); ``divergence`` is the perception-gap threshold in
    points. ``keep_answers=False`` leaves ``Report.answers`` empty, for callers that never show
    the answers (batch scoring of thousands of files); every score is the same either way.
    """
    if not files:
        raise ValueError("score() needs at least one answers file")
    counted, left_out = split_left_out(files, min_respondents)
    targets = dict(targets) if targets is not None else resolve_targets(model, counted)

    # role -> factor -> list of respondent factor scores
    role_scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    totals: dict[str, _Tally] = defaultdict(_Tally)
    question_values: dict[str, list[float]] = defaultdict(list)
    answer_lines: list[AnswerLine] = []
    comment_lines: list[tuple[int, CommentLine]] = []  # (open question's index, line)
    respondents: dict[str, int] = defaultdict(int)
    asked: dict[str, set[str]] = defaultdict(set)  # role -> factors its questionnaire asks about
    backed: dict[tuple[str, str], int] = defaultdict(int)  # (factor, documented|verified)
    # (kind, factor, question, role) -> [count, total], totals filled in once roles are known
    checks: dict[tuple[str, str, str | None, str], list[int]] = {}
    na_by_role: dict[tuple[str, str], int] = defaultdict(int)  # (factor, role) -> na answers

    for answers in counted:
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
                    AnswerLine(
                        question.id, question.factor, role, value, answer.note, answer.evidence
                    )
                )
            # The common case first: a value 0-4 (an int never equals 'na' or 'unknown').
            if isinstance(value, int):
                points = value * POINTS_PER_STEP
                tally.weighted += points * question.weight
                tally.weights += question.weight
                tally.answered += 1
                question_values[question.id].append(points)
                backing = answer.evidence
                if backing != DECLARED:  # most answers are declared: counted by difference
                    backed[(question.factor, backing)] += 1
                continue
            if value == NA:
                tally.na += 1
                if answer.note:
                    continue
                kind = NA_WITHOUT_NOTE
            elif value == UNKNOWN:
                tally.unknown += 1
                kind = TO_FIND_OUT
            else:
                continue
            checks.setdefault((kind, question.factor, question.id, role), [0, 0])[0] += 1
        asked[role].update(tallies)
        if keep_answers and answers.comments:
            comment_lines.extend(
                (i, CommentLine(role, o.id, o.text, answers.comments[o.id]))
                for i, o in enumerate(questionnaire.open_questions)
                if o.id in answers.comments
            )
        for factor_id, tally in tallies.items():
            if tally.weights:
                role_scores[role][factor_id].append(tally.weighted / tally.weights)
            total = totals[factor_id]
            total.answered += tally.answered
            total.asked += tally.asked
            total.na += tally.na
            total.unknown += tally.unknown
            if tally.na:
                na_by_role[(factor_id, role)] += tally.na

    # Roles in a fixed order (manager, team, partner, company, beneficiary, external), so that
    # columns and tie-breaks do not depend on the order the files were named (a shell glob puts
    # beneficiary1.yaml first).
    rank = {role: i for i, role in enumerate(ROLES)}
    roles = sorted(respondents, key=lambda role: rank.get(role, len(ROLES)))
    respondents = {role: respondents[role] for role in roles}
    factor_results = []
    role_weights = model.role_weights
    recs_by_factor: dict[str, list[Recommendation]] | None = None
    question_means: dict[str, float] = {}
    for factor in model.factors:
        by_role = {
            role: mean(role_scores[role][factor.id]) for role in roles if factor.id in asked[role]
        }
        role_values = [v for v in by_role.values() if v is not None]
        # Each role counts with the model's weight for it, however many respondents it has.
        factor_score = weighted_mean(
            (v, role_weights.get(role, 1.0)) for role, v in by_role.items() if v is not None
        )
        tally = totals.get(factor.id, _Tally())
        applicable = tally.asked - tally.na
        target = targets[factor.id]
        gap = None if factor_score is None else max(0.0, target - factor_score)
        if gap and recs_by_factor is None:
            # Once per assessment, not per factor with a gap (and question means once each).
            recs_by_factor = defaultdict(list)
            for rec in model.recommendations:
                recs_by_factor[rec.factor].append(rec)
            # mean() of each answered question, inline: this runs for every assessment.
            question_means = {
                q: round(sum(values) / len(values), PRECISION)
                for q, values in question_values.items()
            }
        recs = _ordered_recommendations(recs_by_factor[factor.id], question_means) if gap else []
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
                # Null unless at least two roles assessed the factor: one view has no spread.
                divergence=(
                    round(max(role_values) - min(role_values), PRECISION)
                    if len(role_values) > 1
                    else None
                ),
                recommendations=[r.id for r in recs],
                evidence=_evidence(factor.id, tally.answered, backed),
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
    ranked = by_priority(factor_results)
    # Dates, status and questionnaires come from the files that count: a left-out file must
    # not show through any of them either.
    shown_files = counted or files
    first = files[0]
    return Report(
        model_id=model.meta.id,
        model_version=model.meta.version,
        model_title=model.meta.title,
        organization=first.organization,
        device=first.device,
        date=max(a.date for a in shown_files),
        status="complete" if all(a.status == "complete" for a in shown_files) else "in-progress",
        respondents=dict(respondents),
        overall_score=overall,
        overall_level=level_for(model, overall),
        fields=field_results,
        factors=factor_results,
        recommendations=[rec_by_id[r] for f in ranked for r in f.recommendations],
        answers=answer_lines,
        roles=roles,
        left_out=left_out,
        divergence_threshold=divergence,
        perception_gaps=perception_gaps(factor_results, divergence),
        questionnaires=list(dict.fromkeys(a.questionnaire for a in counted)),
        method=METHOD,
        role_weights=role_weights,
        checks=_checks(model, checks, na_by_role, respondents),
        # Only files that count give comments (a left-out role would be heard as one person).
        # Grouped by role, then by question: one respondent's answers are not kept together.
        comments=[
            c
            for _, c in sorted(
                comment_lines, key=lambda pair: (rank.get(pair[1].role, len(ROLES)), pair[0])
            )
        ],
    )


def _evidence(factor_id: str, answered: int, backed: Mapping[tuple[str, str], int]) -> dict:
    """Answered questions per kind of evidence; declared is what the others leave."""
    documented = backed.get((factor_id, DOCUMENTED), 0)
    verified = backed.get((factor_id, VERIFIED), 0)
    return {DECLARED: answered - documented - verified, DOCUMENTED: documented, VERIFIED: verified}


def _checks(
    model: Model,
    found: Mapping[tuple[str, str, str | None, str], list[int]],
    na_by_role: Mapping[tuple[str, str], int],
    respondents: Mapping[str, int],
) -> list[Check]:
    """Answers to check, in model order: per factor, mostly-na first, then each question."""
    if not found and not na_by_role:
        return []
    items = [
        Check(kind, factor, question, role, count, respondents[role])
        for (kind, factor, question, role), (count, _) in found.items()
    ]
    per_factor: dict[str, Counter[str]] = {}  # role -> questions per factor in its questionnaire
    for (factor, role), na in na_by_role.items():
        # Every respondent of a role answers the same questionnaire: the role was asked
        # (respondents x the factor's questions in it).
        if role not in per_factor:
            questionnaire = model.questionnaire_for(role)
            questions = questionnaire.questions if questionnaire else []
            per_factor[role] = Counter(q.factor for q in questions)
        asked = respondents[role] * per_factor[role][factor]
        if 2 * na >= asked:
            items.append(Check(MOSTLY_NA, factor, None, role, na, asked))
    order = {f.id: i for i, f in enumerate(model.factors)}
    rank = {role: i for i, role in enumerate(ROLES)}
    return sorted(
        items,
        key=lambda c: (
            order.get(c.factor, len(order)),
            c.kind != MOSTLY_NA,
            rank.get(c.role, len(ROLES)),
            model.position(c.question or ""),
            _CHECK_ORDER[c.kind],
        ),
    )


def _ordered_recommendations(
    recs: Sequence[Recommendation], question_means: Mapping[str, float]
) -> list[Recommendation]:
    """The factor's recommendations, those tied to its weakest answered questions first.

    ``question_means``: the mean score of each answered question (unanswered ones are absent).
    """
    if len(recs) < 2:
        return list(recs)

    def weakest(rec: Recommendation) -> float:
        scores = [m for q in rec.questions if (m := question_means.get(q)) is not None]
        return min(scores) if scores else math.inf

    return sorted(recs, key=weakest)  # stable: ties keep the model's order
