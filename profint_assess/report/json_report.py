"""The JSON report (``profint-report/1``): full-precision numbers for scripts."""

from __future__ import annotations

import json
from typing import Any

from profint_assess.model import REPORT_FORMAT, Recommendation
from profint_assess.scoring import Report


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


def report_to_dict(report: Report) -> dict[str, Any]:
    """The report as plain data, in the shape DESIGN.md documents."""
    return {
        "format": REPORT_FORMAT,
        "model": {"id": report.model_id, "version": report.model_version},
        "organization": report.organization,
        "device": report.device,
        "date": report.date.isoformat(),
        "status": report.status,
        "respondents": report.respondents,
        # Added in issue 5 (same format version: keys were only added). ``roles`` are the roles
        # shown in ``by_role``; a hidden role counts in the scores but is never broken out.
        "roles": report.roles,
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
        "recommendations": [recommendation_to_dict(r) for r in report.recommendations],
    }


def render(report: Report, **_: Any) -> str:
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False) + "\n"
