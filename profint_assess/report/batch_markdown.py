"""Batch Markdown: a table of assessments, a table of summary statistics, the weakest factors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from profint_assess.batch import Batch, Summary
from profint_assess.report.batch_common import STATISTICS, numbers, respondent_count
from profint_assess.report.batch_table import STAT_LABELS, short_field
from profint_assess.report.common import DASH

CHUNK = 200


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _num(value: float | int | None, percent: bool = False) -> str:
    if value is None:
        return DASH
    return f"{value:.0%}" if percent else f"{value:.1f}"


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
        cells = [_num(v) for v in values[:-1]] + [_num(values[-1], percent=True)]
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

    columns = ["overall", *(f.id for f in model.meta.fields), *(f.id for f in model.factors)]
    described = [summary.stats(c) for c in [*columns, "coverage"]]
    out = [
        f"\n## Summary over {summary.count} assessments\n\n",
        "| Statistic | " + " | ".join(heads) + " |\n",
        "|---|" + "---:|" * len(heads) + "\n",
    ]
    for name in STATISTICS:
        values = [getattr(s, name) for s in described]
        if name == "count":
            cells = [DASH if v is None else str(v) for v in values]
        else:
            cells = [_num(v) for v in values[:-1]] + [_num(values[-1], percent=True)]
        out.append(f"| {STAT_LABELS[name]} | " + " | ".join(cells) + " |\n")
    titles = {f.id: f.title for f in model.factors}
    weakest = summary.weakest()
    if weakest:
        out.append("\n## Weakest factors across the network\n\n")
        out += [
            f"- **{fid} {_cell(titles[fid])}**: mean {_num(s.mean)}, median {_num(s.median)}, "
            f"below target in {summary.below_target[fid]} of {summary.count} assessments\n"
            for fid, s in weakest
        ]
    legend = ", ".join(f"{short_field(f.id)} = {_cell(f.title)}" for f in model.meta.fields)
    out.append(f"\nFields: {legend}.\n")
    yield "".join(out)
