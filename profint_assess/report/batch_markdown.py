"""Batch Markdown: a table of assessments, a table of summary statistics, the weakest factors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from profint_assess.batch import Batch, Summary
from profint_assess.report.batch_common import (
    fmt_number,
    numbers,
    respondent_count,
    summary_rows,
    weakest_lines,
)
from profint_assess.report.batch_table import short_field

CHUNK = 200


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render(batch: Batch, summary: Summary, **_: Any) -> Iterator[str]:
    model = batch.model
    heads = ["Overall", *(short_field(f.id) for f in model.meta.fields)]
    heads += [f.id for f in model.factors] + ["Coverage"]
    yield (
        "# PROFINT batch assessment\n\n## Assessments\n\n"
        "| Organization | Device | Date | Respondents | " + " | ".join(heads) + " |\n"
        "|---|---|---|---:|" + "---:|" * len(heads) + "\n"
    )
    chunk: list[str] = []
    for report in batch.reports(summary):
        values = numbers(report)
        cells = [fmt_number(v) for v in values[:-1]] + [fmt_number(values[-1], percent=True)]
        chunk.append(
            f"| {_cell(report.organization)} | {_cell(report.device)} | "
            f"{report.date.isoformat()} | {respondent_count(report)} | "
            + " | ".join(cells)
            + " |\n"
        )
        if len(chunk) >= CHUNK:
            yield "".join(chunk)
            chunk.clear()
    yield "".join(chunk)

    out = [
        f"\n## Summary over {summary.count} assessments\n\n",
        "| Statistic | " + " | ".join(heads) + " |\n",
        "|---|" + "---:|" * len(heads) + "\n",
    ]
    out += [
        f"| {label} | " + " | ".join(cells) + " |\n"
        for label, cells in summary_rows(model, summary)
    ]
    weakest = weakest_lines(model, summary)
    if weakest:
        out.append("\n## Weakest factors across the network\n\n")
        out += [f"- **{_cell(heading)}**: {figures}\n" for heading, figures in weakest]
    legend = ", ".join(f"{short_field(f.id)} = {_cell(f.title)}" for f in model.meta.fields)
    out.append(f"\nFields: {legend}.\n")
    yield "".join(out)
