"""Batch table for people: aligned plain text, one row per assessment, then the summary.

Plain text rather than a Rich table: a Rich table measures every row before printing the first,
which for thousands of assessments means holding them all. Column widths are known in advance
(scores are at most ``100.0``; names are cut to a maximum width), so rows stream.
"""

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

NAME_MAX = 36
CHUNK = 200  # rows per piece of output


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def short_field(field_id: str) -> str:
    """Five letters for a field's column; the legend under the table spells them out."""
    return field_id[:5].capitalize()


def render(batch: Batch, summary: Summary, **_: Any) -> Iterator[str]:
    model = batch.model
    keys = batch.keys()
    org_w = min(NAME_MAX, max([len("Organization"), *(len(k[0]) for k in keys)]))
    dev_w = min(NAME_MAX, max([len("Device"), *(len(k[1]) for k in keys)]))
    heads = ["Overall", *(short_field(f.id) for f in model.meta.fields)]
    heads += [f.id for f in model.factors] + ["Cov."]
    widths = [max(5, len(h)) for h in heads]

    def line(org: str, device: str, date: str, resp: str, cells: list[str]) -> str:
        left = f"{org:<{org_w}}  {device:<{dev_w}}  {date:<10}  {resp:>5}"
        return left + "".join(f"  {c:>{w}}" for c, w in zip(cells, widths, strict=True)) + "\n"

    header = line("Organization", "Device", "Date", "Resp.", heads)
    rule = "-" * (len(header) - 1) + "\n"
    yield header + rule
    chunk: list[str] = []
    for report in batch.reports(summary):
        values = numbers(report)
        cells = [fmt_number(v) for v in values[:-1]] + [fmt_number(values[-1], percent=True)]
        chunk.append(
            line(
                _cut(report.organization, org_w),
                _cut(report.device, dev_w),
                report.date.isoformat(),
                str(respondent_count(report)),
                cells,
            )
        )
        if len(chunk) >= CHUNK:
            yield "".join(chunk)
            chunk.clear()
    yield "".join(chunk)

    out = [rule, f"Summary over {summary.count} assessments\n"]
    out += [line(label, "", "", "", cells) for label, cells in summary_rows(model, summary)]
    weakest = weakest_lines(model, summary)
    if weakest:
        out.append("\nWeakest factors across the network:\n")
        out += [f"  {heading}: {figures}\n" for heading, figures in weakest]
    legend = ", ".join(f"{short_field(f.id)} = {f.title}" for f in model.meta.fields)
    out.append(f"\nFields: {legend}. Cov. = questions answered of those that apply.\n")
    yield "".join(out)
