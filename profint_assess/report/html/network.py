"""Batch HTML: a network summary to hand over, one self-contained file that prints on A4 landscape.

A cover (how many assessments and files, the model, the dates covered), the summary statistics
per field and factor, a bar chart of the factor means, the weakest factors, then one row per
assessment. The cover and the summary come first but are known only once every assessment has
been scored, so each assessment's row is rendered to HTML as it is scored and only that string is
kept (about 600 bytes; never the parsed files or reports); the page is rendered at the end, in
pieces. Layout in ``templates/batch.html.j2``; styles, level
colours and charts are the single report's (:mod:`profint_assess.report.html.assessment`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from profint_assess import __version__
from profint_assess.batch import Batch, Summary
from profint_assess.i18n import _
from profint_assess.learning import LearningResult
from profint_assess.records import METHOD
from profint_assess.report.html import svg
from profint_assess.report.html.assessment import _environment, _level, level_styles
from profint_assess.report.wording import (
    DASH,
    STAT_LABELS,
    STATISTICS,
    batch_checks_line,
    fmt_number,
    left_out_total,
    number_cells,
    respondent_count,
    short_field,
    weakest_lines,
)
from profint_assess.scoring import level_for


def render(
    batch: Batch, summary: Summary, *, learning: Sequence[LearningResult] = (), **_options: Any
) -> Iterator[str]:
    """The network summary as HTML, yielded in pieces once every assessment is scored."""
    environment = _environment()
    # A template holding only the macro: its module renders nothing but the macro itself.
    row_html = environment.get_template("batch_row.html.j2").module.assessment_row
    rows: list[str] = []
    in_progress = 0
    first: str | None = None
    last: str | None = None
    organisations: set[str] = set()
    for report in batch.reports(summary):
        date = report.date.isoformat()
        first = date if first is None or date < first else first
        last = date if last is None or date > last else last
        organisations.add(report.organization)
        in_progress += report.status != "complete"
        row = {
            "organization": report.organization,
            "device": report.device,
            "date": date,
            "respondents": str(respondent_count(report)),
            "status": report.status,
            "cells": number_cells(report),
        }
        rows.append(str(row_html(row)))
    template = environment.get_template("batch.html.j2")
    context = _context(batch, summary, rows, first, last, len(organisations), in_progress)
    context["learning"] = None
    if learning:
        from profint_assess.report.html.grid import section_context

        context["learning"] = section_context(learning, batch.model)
    yield from template.generate(context)


def _context(
    batch: Batch,
    summary: Summary,
    rows: list[str],
    first: str | None,
    last: str | None,
    organisations: int,
    in_progress: int,
) -> dict[str, Any]:
    model = batch.model
    styles = level_styles(model)
    columns = [
        ("overall", _("Overall"), _("Overall")),
        *((f.id, f.title, short_field(f.id)) for f in model.meta.fields),
        *((f.id, f"{f.id} {f.title}", f.id) for f in model.factors),
        ("coverage", _("Coverage"), _("Cov.")),
    ]
    factor_ids = {f.id for f in model.factors}
    field_ids = {f.id for f in model.meta.fields}
    stats = []
    for column, label, _short in columns:
        described = summary.stats(column)
        percent = column == "coverage"
        cells = [
            str(described.count)
            if name == "count"
            else fmt_number(getattr(described, name), percent=percent)
            for name in STATISTICS
        ]
        stats.append(
            {
                "id": column,
                "label": label,
                "kind": "factor"
                if column in factor_ids
                else ("field" if column in field_ids else column),
                "cells": cells,
                "below": str(summary.below_target[column]) if column in factor_ids else "",
            }
        )
    bars = []
    for f in model.factors:
        mean = summary.stats(f.id).mean
        level = _level(level_for(model, mean), styles)
        caption = (
            _("not assessed")
            if mean is None
            else _("mean {mean}  {level}").format(mean=f"{mean:.1f}", level=level["title"])
        )
        bars.append(svg.Bar(f"{f.id} {f.title}", mean, level["colour"], caption))
    date_range = (
        DASH
        if first is None
        else (first if first == last else _("{first} to {last}").format(first=first, last=last))
    )
    return {
        "version": __version__,
        "model_title": model.meta.title,
        "model_id": model.meta.id,
        "model_version": model.meta.version,
        "assessments": summary.count,
        "files": batch.files,
        "method": METHOD,
        "checks_line": batch_checks_line(summary),
        "left_out": left_out_total(summary.left_out_files) if summary.left_out_files else "",
        "organisations": organisations,
        "date_range": date_range,
        "in_progress": in_progress,
        "stat_heads": [_(STAT_LABELS[name]) for name in STATISTICS],
        "stats": stats,
        "mean_bars": svg.bars(
            bars,
            title=_("Mean score per success factor across assessments"),
            width=900,
            label_width=330,
        ),
        "weakest": weakest_lines(model, summary),
        "heads": [(column, short) for column, _label, short in columns],
        "rows": rows,
        "field_legend": [(short_field(f.id), f.title) for f in model.meta.fields],
        "factor_legend": [(f.id, f.title) for f in model.factors],
        "legend_levels": [
            {"title": style.title, "colour": style.colour} for style in styles.values()
        ],
    }
