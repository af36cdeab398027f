"""The HTML format: one self-contained file per document, on screen or printed to A4.

A subpackage because HTML has more than functions: a module per document kind preparing plain
data for its Jinja2 template (:mod:`.assessment` for ``score``, :mod:`.network` for ``batch``,
:mod:`.comparison` for ``compare``, :mod:`.action_plan` for ``plan show``,
:mod:`.paper_form` for ``form paper``), the templates and CSS in
``templates/``, and the inline SVG charts in :mod:`.svg`. The styles, level colours and the
Jinja2 environment are the single report's (:mod:`.assessment`) and are shared by the others.
Jinja2 is imported on first render.

The functions below are this format's entry in the registry (:mod:`profint_assess.report`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from profint_assess.batch import Batch, Summary
    from profint_assess.compare import Comparison
    from profint_assess.learning import LearningResult
    from profint_assess.plan import PlanView
    from profint_assess.records import Model, Questionnaire
    from profint_assess.scoring import Report


def report(report: Report, **options: Any) -> str:
    """One assessment (``score``); ``answers=False`` leaves out the answers appendix."""
    from profint_assess.report.html.assessment import render

    return render(report, **options)


def batch(batch: Batch, summary: Summary, **options: Any) -> Iterator[str]:
    """The network summary (``batch``), yielded in pieces once every assessment is scored."""
    from profint_assess.report.html.network import render

    return render(batch, summary, **options)


def compare(comparison: Comparison, **options: Any) -> str:
    """Before and after (``compare``); ``progress=`` adds the plan's progress (``--plan``)."""
    from profint_assess.report.html.comparison import render

    return render(comparison, **options)


def paper(model: Model, questionnaire: Questionnaire, role: str, **options: Any) -> str:
    """A questionnaire as a printable paper form (``form paper``); ``lang`` picks the language."""
    from profint_assess.report.html.paper_form import render

    return render(model, questionnaire, role, options.get("lang", "en"))


def plan(view: PlanView, **options: Any) -> str:
    """The action plan (``plan show``), one A4 page per phase."""
    from profint_assess.report.html.action_plan import render

    return render(view, **options)


def learning(results: Sequence[LearningResult], **options: Any) -> str:
    """The learning-progress grid's figures alone (grid files without questionnaires)."""
    from profint_assess.report.html.grid import render

    return render(results, **options)
