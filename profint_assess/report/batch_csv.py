"""Batch CSV: one row per assessment (``kind`` = assessment), then one row per statistic.

Numbers at full precision, blanks for null; filter on ``kind`` to keep only assessments.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from profint_assess.batch import Batch, Summary
from profint_assess.report.batch_common import (
    STATISTICS,
    numbers,
    respondent_count,
    score_columns,
)

CHUNK = 200  # rows per piece of output


def _cell(value: object) -> object:
    return "" if value is None else value


def render(batch: Batch, summary: Summary, **_: Any) -> Iterator[str]:
    columns = score_columns(batch.model)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kind", "organization", "device", "date", "respondents", *columns])
    for i, report in enumerate(batch.reports(summary), 1):
        row = [
            "assessment",
            report.organization,
            report.device,
            report.date.isoformat(),
            respondent_count(report),
        ]
        writer.writerow(row + [_cell(v) for v in numbers(report)])
        if i % CHUNK == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    described = {column: summary.stats(column) for column in columns}
    for name in STATISTICS:
        row = [name, "", "", "", ""]
        writer.writerow(row + [_cell(getattr(described[c], name)) for c in columns])
    yield out.getvalue()
