"""Plan HTML (``plan show --format html``): one A4 page per phase, self-contained.

Each phase opens a page with the organisation, the device and the phase's period, then its
actions (overdue first): the steps, status, owner, due date, what the action should move and
its success criterion. Layout in ``templates/plan.html.j2``; styles and escaping are the single
report's (autoescaped Jinja2, inline CSS, no scripts, nothing fetched).
"""

from __future__ import annotations

from typing import Any

from profint_assess import __version__
from profint_assess.i18n import _
from profint_assess.plan import PlanView, is_overdue, ordered_actions
from profint_assess.report.html.assessment import _environment
from profint_assess.report.wording import (
    DASH,
    moves_text,
    period_text,
    plan_header,
    plan_status,
    unphased,
)


def render(view: PlanView, **options: Any) -> str:
    """The plan as one HTML document."""
    return _environment().get_template("plan.html.j2").render(context(view))


def context(view: PlanView) -> dict[str, Any]:
    """Plain data for the template: every text already worded as the other formats word it."""
    phases = []
    for phase, actions in ordered_actions(view.plan, view.today):
        assert phase is not None
        phases.append(
            {
                "id": phase.id,
                "title": phase.title,
                "period": period_text(phase),
                "actions": [
                    {
                        "id": a.id,
                        "factor": a.factor,
                        "recommendation": a.recommendation or "",
                        "title": a.title,
                        "steps": a.steps,
                        "status": a.status,
                        "status_text": plan_status(a, view.today),
                        "overdue": is_overdue(a, view.today),
                        "owner": a.owner or DASH,
                        "due": a.due.isoformat() if a.due else DASH,
                        "moves": moves_text(a),
                        "success": a.success_text or DASH,
                        "notes": a.notes,
                    }
                    for a in actions
                ],
            }
        )
    return {
        "version": __version__,
        "organization": view.plan.organization,
        "device": view.plan.device,
        "header": plan_header(view),
        "phases": phases,
        "unphased": [a.id for a in unphased(view.plan)],
        "t": _,
    }
