"""CSV: one row per factor, for spreadsheets. Numbers at full precision, blanks for null."""

from __future__ import annotations

import csv
import io
from typing import Any

from profint_assess.scoring import Report

COLUMNS = [
    "factor",
    "field",
    "title",
    "score",
    "level",
    "coverage",
    "answered",
    "not_applicable",
    "unknown",
    "target",
    "gap",
    "priority",
    "divergence",
]


def _cell(value: object) -> object:
    return "" if value is None else value


def render(report: Report, **_: Any) -> str:
    roles = report.roles  # hidden roles never get a column: that is the point of hiding them
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS + [f"score_{role}" for role in roles])
    for f in report.factors:
        row = [
            f.id,
            f.field,
            f.title,
            f.score,
            f.level,
            f.coverage,
            f.answered,
            f.not_applicable,
            f.unknown,
            f.target,
            f.gap,
            f.priority,
            f.divergence,
        ]
        writer.writerow([_cell(v) for v in row] + [_cell(f.by_role.get(r)) for r in roles])
    return out.getvalue()
