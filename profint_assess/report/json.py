"""The JSON format, for scripts: full-precision numbers, the shapes DESIGN.md documents.

One function per document kind: :func:`report` (``profint-report/1``), :func:`batch`
(``profint-batch/3``, compact, streamed), :func:`compare` (``profint-compare/1``), :func:`model`.
The ``*_to_dict`` functions give the same data unencoded (``compare`` reads saved reports back).
``profint-batch/1``, every assessment as the full ``score`` report, is :mod:`.json_full`'s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from profint_assess.records import REPORT_FORMAT, LearningGrid, Model, Questionnaire, Recommendation
from profint_assess.scoring import Report

if TYPE_CHECKING:
    # Batches, comparisons and learning grids are imported by their own functions: a one-file
    # score does not pay for them.
    from profint_assess.batch import Batch, Summary
    from profint_assess.compare import Comparison
    from profint_assess.learning import LearningResult
    from profint_assess.peers import PeerBenchmark
    from profint_assess.plan import ActionProgress, PlanView


def recommendation_to_dict(rec: Recommendation) -> dict[str, Any]:
    """A recommendation as the JSON outputs give it (``text`` is why it matters)."""
    return {
        "id": rec.id,
        "factor": rec.factor,
        "title": rec.title,
        "text": rec.text,
        "steps": rec.steps,
        "questions": rec.questions,
        "source": rec.source,
    }


def report_to_dict(report: Report, *, recommendation: Any = None) -> dict[str, Any]:
    """The report as plain data, in the shape DESIGN.md documents.

    ``recommendation`` gives each of ``recommendations`` (default :func:`recommendation_to_dict`).
    """
    to_item = recommendation or recommendation_to_dict
    return {
        "format": REPORT_FORMAT,
        # Issue 11: the scoring method, so that compare never sets scores of two methods side
        # by side (the format stays profint-report/1: keys were only added).
        "method": report.method,
        "model": {"id": report.model_id, "version": report.model_version},
        "organization": report.organization,
        "device": report.device,
        "date": report.date.isoformat(),
        "status": report.status,
        "respondents": report.respondents,
        # ``roles`` are the roles shown in ``by_role``. A role below its minimum is left out of
        # every number: only ``left_out`` (and ``hidden_roles``, its name before issue 11) and
        # ``notes`` say how many of its files were set aside.
        "roles": report.roles,
        "role_weights": report.role_weights,
        "left_out": [
            {"role": h.role, "files": h.respondents, "minimum": h.minimum} for h in report.left_out
        ],
        "hidden_roles": report.hidden_roles,
        "notes": report.notes,
        "overall": {"score": report.overall_score, "level": report.overall_level},
        "fields": [
            {"id": f.id, "title": f.title, "score": f.score, "level": f.level, "factors": f.factors}
            for f in report.fields
        ],
        "factors": [
            {
                "id": f.id,
                "field": f.field,
                "title": f.title,
                "score": f.score,
                "level": f.level,
                "coverage": f.coverage,
                "answered": f.answered,
                "not_applicable": f.not_applicable,
                "unknown": f.unknown,
                "target": f.target,
                "gap": f.gap,
                "priority": f.priority,
                "by_role": f.by_role,
                "divergence": f.divergence,
                "evidence": f.evidence,
                "evidence_share": f.evidence_share,
                "recommendations": f.recommendations,
            }
            for f in report.factors
        ],
        "not_assessed": [f.id for f in report.not_assessed],
        "divergence_threshold": report.divergence_threshold,
        "perception_gaps": [
            {
                "factor": g.factor,
                "title": g.title,
                "divergence": g.divergence,
                "highest": {"role": g.highest_role, "score": g.highest_score},
                "lowest": {"role": g.lowest_role, "score": g.lowest_score},
            }
            for g in report.perception_gaps
        ],
        "checks": [
            {
                "kind": c.kind,
                "factor": c.factor,
                "question": c.question,
                "role": c.role,
                "count": c.count,
                "total": c.total,
                "text": c.text,
            }
            for c in report.checks
        ],
        # Answers to the open questions, by role (roles below their minimum give none). Before
        # "recommendations", which batch relies on being the last key.
        "comments": {
            role: [{"question": c.question, "text": c.text, "comment": c.comment} for c in lines]
            for role, lines in report.comments_by_role.items()
        },
        "recommendations": [to_item(r) for r in report.recommendations],
    }


def _recommendation_id(rec: Recommendation) -> str:
    return rec.id


def report(
    report: Report,
    *,
    model: Model | None = None,
    learning: Sequence[LearningResult] = (),
    peers: PeerBenchmark | None = None,
    **_: Any,
) -> str:
    """``profint-report/1``; the learning grid's keys with ``learning``, a ``peers`` key with
    ``peers`` (``score --peers``): keys only added, same format version."""
    data = report_to_dict(report)
    if learning:
        # Added with the learning grid (same format version: keys only added).
        data.update(learning_to_dict(learning, model=model, report_recs=report.recommendations))
    if peers is not None:
        data["peers"] = peers.as_dict()
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def learning_to_dict(
    results: Sequence[LearningResult],
    *,
    model: Model | None = None,
    report_recs: Sequence[Recommendation] = (),
) -> dict[str, Any]:
    """``learning`` (one entry per grid) and ``learning_recommendations`` (those its gaps bring,
    in full, since a maturity report lists only its own)."""
    from profint_assess.learning import result_to_dict

    wanted = list(
        dict.fromkeys(r for result in results for g in result.groups for r in g.recommendations)
    )
    known = {r.id: r for r in (model.recommendations if model is not None else report_recs)}
    return {
        "learning": [result_to_dict(r) for r in results],
        "learning_recommendations": [
            recommendation_to_dict(known[r]) for r in wanted if r in known
        ],
    }


def learning(results: Sequence[LearningResult], *, model: Model | None = None, **_: Any) -> str:
    """The grid's figures alone: ``profint-learning/1``."""
    from profint_assess.learning import LEARNING_FORMAT

    data: dict[str, Any] = {"format": LEARNING_FORMAT}
    if model is not None:
        data["model"] = {"id": model.meta.id, "version": model.meta.version}
    data.update(learning_to_dict(results, model=model))
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def texts_to_dict(model: Model) -> dict[str, Any]:
    """The texts that reports repeat, by id: fields, factors, recommendations, and the
    sentences of the checks by kind (with ``several``: see :func:`scoring.check_text`)."""
    from profint_assess.scoring import check_sentences

    return {
        "fields": {f.id: f.title for f in model.meta.fields},
        "factors": {f.id: {"field": f.field, "title": f.title} for f in model.factors},
        "recommendations": {
            r.id: {k: v for k, v in recommendation_to_dict(r).items() if k != "id"}
            for r in model.recommendations
        },
        "checks": check_sentences(),
    }


def report_to_compact_dict(report: Report) -> dict[str, Any]:
    """The report of ``profint-batch/3``: :func:`report_to_dict` without the texts (titles,
    recommendations) that the batch's ``texts`` table holds once, by id, nor the format and
    model that the batch states once. Derived from it, so that a key added there comes here."""
    # By id: the batch's texts table has them in full (built whole, 85% of the time went there).
    data = report_to_dict(report, recommendation=_recommendation_id)
    del data["format"], data["model"]
    for item in data["fields"]:
        del item["title"], item["factors"]
    for item in data["factors"]:
        # A factor's recommendations are those of the assessment's list whose factor it is, in
        # that order (the list runs factor by factor, highest priority first): not repeated.
        del item["field"], item["title"], item["recommendations"]
    for item in data["perception_gaps"]:
        del item["title"]
    for item in data["checks"]:
        del item["text"]  # the kind's sentence, in ``texts``, filled in with the other keys
    return data


def batch(
    batch: Batch, summary: Summary, *, learning: Sequence[LearningResult] = (), **_: Any
) -> Iterator[str]:
    """``profint-batch/3``: the model's texts once, then every assessment referring to them by
    id, one per line, then the summary: about a fifth of the full form (:mod:`.json_full`)."""
    from profint_assess.batch import BATCH_FORMAT

    encode = json.JSONEncoder(ensure_ascii=False).encode
    model = batch.model
    head = {
        "format": BATCH_FORMAT,
        "model": {"id": model.meta.id, "version": model.meta.version},
        "files": batch.files,
        "texts": texts_to_dict(model),
    }
    yield json.dumps(head, indent=1, ensure_ascii=False)[:-2] + ',\n"assessments": ['
    separator = "\n"
    for report in batch.reports(summary):
        yield separator + encode(report_to_compact_dict(report))
        separator = ",\n"
    body = json.dumps(summary.as_dict(), indent=2, ensure_ascii=False)
    if not learning:
        yield f'\n],\n"summary": {body}}}\n'
        return
    # Added with the learning grid (same format version: keys only added).
    extra = json.dumps(learning_to_dict(learning, model=batch.model), indent=2, ensure_ascii=False)
    yield f'\n],\n"summary": {body},\n{extra[1:-1].strip()}\n}}\n'


def compare(
    comparison: Comparison,
    *,
    progress: list[ActionProgress] | None = None,
    plan_file: str = "",
    **_: Any,
) -> str:
    """``profint-compare/1``; with ``--plan``, a ``plan`` key: each action's progress."""
    from profint_assess.compare import comparison_to_dict

    data = comparison_to_dict(comparison)
    if progress is not None:
        data["plan"] = progress_to_dict(progress, plan_file)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def progress_to_dict(items: list[ActionProgress], plan_file: str) -> dict[str, Any]:
    """The ``plan`` key of ``compare --plan --format json``, effort without effect first."""
    return {
        "file": plan_file,
        "actions": [
            {
                "id": i.action.id,
                "factor": i.action.factor,
                "recommendation": i.action.recommendation,
                "title": i.action.title,
                "status": i.action.status,
                "reach": i.action.reach,
                "progress": i.state,
                "questions": [
                    {"id": m.id, "before": m.before, "after": m.after, "delta": m.delta}
                    for m in i.questions
                ],
            }
            for i in items
        ],
    }


def plan_to_dict(view: PlanView) -> dict[str, Any]:
    """The plan as ``profint-plan/1`` data plus what ``plan show`` works out: per action
    ``overdue`` and ``success`` (in words), and ``today``, ``counts`` and ``notes``."""
    from profint_assess.plan import is_overdue, status_counts

    data = view.plan.model_dump(mode="json")
    for action, raw in zip(view.plan.actions, data["actions"], strict=True):
        raw["overdue"] = is_overdue(action, view.today)
        raw["success"] = action.success_text
    counts: dict[str, int] = dict(status_counts(view.plan))
    counts["overdue"] = sum(is_overdue(a, view.today) for a in view.plan.actions)
    data.update(today=view.today.isoformat(), counts=counts, notes=[view.note] if view.note else [])
    return data


def plan(view: PlanView, **_: Any) -> str:
    """``plan show --format json``."""
    return json.dumps(plan_to_dict(view), indent=2, ensure_ascii=False) + "\n"


def model_to_dict(model: Model, questionnaire: Questionnaire) -> dict[str, Any]:
    """The loaded model and one questionnaire, in the shape DESIGN.md documents."""
    meta = model.meta
    return {
        "model": {
            "id": meta.id,
            "version": meta.version,
            "title": meta.title,
            "notes": meta.notes,
            "default_target": meta.default_target,
            "role_weights": model.role_weights,
            "fields": [
                {
                    "id": f.id,
                    "title": f.title,
                    "professionalisation": f.professionalisation,
                    "factors": [x.id for x in model.factors if x.field == f.id],
                }
                for f in meta.fields
            ],
            "factors": [
                {
                    "id": f.id,
                    "field": f.field,
                    "title": f.title,
                    "statement": f.statement,
                    "weight": f.weight,
                    "stakeholders": f.stakeholders,
                    "source": f.source,
                }
                for f in model.factors
            ],
            "levels": [l.model_dump() for l in meta.levels],  # noqa: E741
            "recommendations": [recommendation_to_dict(r) for r in model.recommendations],
            "practices": [p.model_dump() for p in model.practices],
            # Which IO1 item (Figure 1) became which Figure 4 factor: our reading, as data.
            "crosswalk": model.crosswalk.model_dump() if model.crosswalk else None,
        },
        "questionnaire": {
            "id": questionnaire.id,
            "title": questionnaire.title,
            "roles": questionnaire.roles,
            "scale": [p.model_dump() for p in questionnaire.scale],
            "questions": [
                {
                    "id": q.id,
                    "factor": q.factor,
                    "text": q.text,
                    "help": q.help,
                    "levels": {str(k): v for k, v in q.levels.items()},
                    "weight": q.weight,
                    "source": q.source,
                }
                for q in questionnaire.questions
            ],
            "open_questions": [o.model_dump() for o in questionnaire.open_questions],
        },
    }


def model(model: Model, questionnaire: Questionnaire | LearningGrid, **_: Any) -> str:
    if isinstance(questionnaire, LearningGrid):
        # The model as for any questionnaire; the grid in place of the questions.
        data = model_to_dict(model, model.questionnaires[0])
        data["questionnaire"] = grid_to_dict(questionnaire)
    else:
        data = model_to_dict(model, questionnaire)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def grid_to_dict(grid: LearningGrid) -> dict[str, Any]:
    """A learning grid as ``model show --questionnaire ID --format json`` gives it."""
    return {
        "id": grid.id,
        "kind": grid.kind,
        "title": grid.title,
        "description": grid.description,
        "reconstruction": grid.reconstruction,
        "source": grid.source,
        "roles": grid.roles,
        "progress": [c.model_dump() for c in grid.progress],
        "importance": [c.model_dump() for c in grid.importance],
        "domains": [d.model_dump() for d in grid.domains],
        "proposals": [
            {**p.model_dump(), "domain": grid.domain_of(p).id}
            for p in sorted(grid.proposals, key=lambda p: p.number)
        ],
    }
