"""HTML of the learning-progress grid: the chart of Figures 2-3 and the tables, as a section of
the single report and of the network summary, or as a page of its own (grid files alone).

Plain data for ``templates/learning_section.html.j2``; autoescaped there, the chart escaped in
:mod:`profint_assess.report.html.svg`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from profint_assess import __version__
from profint_assess.i18n import _
from profint_assess.learning import IMPORTANT, PROGRESSED, LearningGroup, LearningResult
from profint_assess.records import Model, Recommendation
from profint_assess.report.html import svg
from profint_assess.report.html.assessment import _environment
from profint_assess.report.wording import (
    fmt_importance,
    fmt_pct,
    gap_line,
    group_heading,
    learning_groups_for_chart,
    learning_intro,
    learning_title,
)


def _chart(result: LearningResult) -> str:
    groups = learning_groups_for_chart(result)
    if not groups:
        return ""
    titles = [d.title for d in groups[0].domains]
    rows = [
        svg.LearningRow(
            label=title,
            importance=[g.domains[i].figures.mean_importance for g in groups],
            progress=[g.domains[i].figures.progress_share for g in groups],
            gap=[g.domains[i].gap for g in groups],
        )
        for i, title in enumerate(titles)
    ]
    return svg.learning_chart(
        rows,
        [g.label for g in groups],
        title=_("Importance given to each learning domain, and the share who progressed"),
        important=IMPORTANT,
        progressed=PROGRESSED,
    )


def _group(group: LearningGroup, recs: dict[str, Recommendation]) -> dict[str, Any]:
    return {
        "heading": group_heading(group),
        "shown": group.shown,
        "note": group.note,
        "domains": [
            {
                "id": d.id,
                "title": d.title,
                "range": f"{d.first}-{d.last}",
                "respondents": d.figures.respondents,
                "importance": fmt_importance(d.figures.mean_importance),
                "progress": fmt_pct(d.figures.progress_share),
                "gap": d.gap,
            }
            for d in group.domains
        ],
        "gaps": [
            {
                "line": gap_line(d),
                "recommendations": [
                    {"id": rid, "title": recs[rid].title if rid in recs else ""}
                    for rid in d.recommendations
                ],
            }
            for d in group.gaps
        ],
        "sentences": [
            {
                "number": p.number,
                "text": p.text,
                "respondents": p.figures.respondents,
                "importance": fmt_importance(p.figures.mean_importance),
                "progress": fmt_pct(p.figures.progress_share),
            }
            for d in group.domains
            for p in d.proposals
        ],
    }


def section_context(results: Sequence[LearningResult], model: Model | None) -> dict[str, Any]:
    """Everything the learning section shows, formatted for people."""
    recs = {r.id: r for r in model.recommendations} if model is not None else {}
    grids = [
        {
            "title": result.title,
            "reconstruction": result.reconstruction,
            "chart": _chart(result),
            "groups": [_group(g, recs) for g in result.groups],
        }
        for result in results
    ]
    return {"intro": learning_intro(), "grids": grids}


def render(
    results: Sequence[LearningResult], *, model: Model | None = None, **_options: Any
) -> str:
    """The grid's figures as a page of their own."""
    template = _environment().get_template("learning.html.j2")
    return template.render(
        version=__version__,
        title=learning_title(),
        learning=section_context(results, model),
        heading=learning_title(),
    )
