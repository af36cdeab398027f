"""Compare CSV: one row per score (overall, fields, factors), full precision, blanks for null."""

from __future__ import annotations

import csv
import io
from typing import Any

from profint_assess.compare import Comparison

COLUMNS = ["kind", "id", "title", "before", "after", "delta", "status", "gap_before", "gap_after"]


def _cell(value: object) -> object:
    return "" if value is None else value


def render(comparison: Comparison, **_: Any) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for c in [comparison.overall, *comparison.fields, *comparison.factors]:
        row = [c.kind, c.id, c.title, c.before, c.after, c.delta, c.status]
        row += [c.gap_before, c.gap_after] if c.kind == "factor" else [None, None]
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()
