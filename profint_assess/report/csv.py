"""The CSV format, for spreadsheets: full-precision numbers, blank cells for null.

One function per document kind: :func:`report` (a row per factor), :func:`batch` (a row per
assessment, then a row per statistic; streamed), :func:`compare` (a row per score). Every cell
goes through :func:`cell`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from profint_assess.batch import Batch, Summary
from profint_assess.compare import Comparison
from profint_assess.learning import CSV_COLUMNS, LearningResult, domain_rows
from profint_assess.records import EVIDENCE, METHOD
from profint_assess.report.wording import STATISTICS, numbers, respondent_count, score_columns
from profint_assess.scoring import MOSTLY_NA, NA_WITHOUT_NOTE, TO_FIND_OUT, Report

CHUNK = 200  # batch: rows per piece of output

REPORT_COLUMNS = [
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
    # Issue 11: how the answers are backed, the answers to check, the method, and how many
    # files were left out of every number (the same on every row).
    "evidence_declared",
    "evidence_documented",
    "evidence_verified",
    "evidence_share",
    "checks_na_without_note",
    "checks_unknown",
    "checks_mostly_na",
    "method",
    "left_out_files",
]
COMPARE_COLUMNS = [
    "kind",
    "id",
    "title",
    "before",
    "after",
    "delta",
    "status",
    "gap_before",
    "gap_after",
    "method",
]


# A spreadsheet runs a cell starting with one of these as a formula (=HYPERLINK(...), =cmd|...).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: object) -> object:
    """A value as the csv module should write it: ``None`` becomes an empty cell, and text that
    a spreadsheet would run as a formula gets a leading ``'`` (shown as text). Numbers are
    written as they are, negative ones included."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _Writer:
    """``csv.writer`` with every cell through :func:`cell`: no row can forget it."""

    def __init__(self, out: io.StringIO) -> None:
        self._writer = csv.writer(out, lineterminator="\n")

    def writerow(self, row: list[object]) -> None:
        self._writer.writerow([cell(v) for v in row])


def _writer(out: io.StringIO) -> Any:
    return _Writer(out)


def report(report: Report, **_: Any) -> str:
    """One row per factor, a score column per role shown."""
    roles = report.roles  # hidden roles never get a column: that is the point of hiding them
    out = io.StringIO()
    writer = _writer(out)
    writer.writerow(REPORT_COLUMNS + [f"score_{role}" for role in roles])
    # Per kind and factor: answers concerned (na, unknown) or roles flagged (mostly na).
    checks: dict[str, dict[str, int]] = {NA_WITHOUT_NOTE: {}, TO_FIND_OUT: {}, MOSTLY_NA: {}}
    for c in report.checks:
        per_factor = checks[c.kind]
        per_factor[c.factor] = per_factor.get(c.factor, 0) + (1 if c.kind == MOSTLY_NA else c.count)
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
            *(f.evidence.get(kind, 0) for kind in EVIDENCE),
            f.evidence_share,
            *(checks[kind].get(f.id, 0) for kind in (NA_WITHOUT_NOTE, TO_FIND_OUT, MOSTLY_NA)),
            report.method,
            report.left_out_files,
        ]
        writer.writerow([cell(v) for v in row] + [cell(f.by_role.get(r)) for r in roles])
    return out.getvalue()


def batch(batch: Batch, summary: Summary, **_: Any) -> Iterator[str]:
    """A row per assessment (``kind`` = assessment), then one per statistic."""
    columns = score_columns(batch.model)
    out = io.StringIO()
    writer = _writer(out)
    extra = ["left_out_files", "answers_to_check", "method"]
    writer.writerow(["kind", "organization", "device", "date", "respondents", *columns, *extra])
    for i, report in enumerate(batch.reports(summary), 1):
        row = [
            "assessment",
            report.organization,
            report.device,
            report.date.isoformat(),
            respondent_count(report),
        ]
        row += [cell(v) for v in numbers(report)]
        writer.writerow(row + [report.left_out_files, len(report.checks), report.method])
        if i % CHUNK == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    described = {column: summary.stats(column) for column in columns}
    for name in STATISTICS:
        row = [name, "", "", "", ""]
        row += [cell(getattr(described[c], name)) for c in columns]
        # The count row also totals the files left out and the answers to check.
        totals = [summary.left_out_files, summary.checks, METHOD] if name == "count" else [""] * 3
        writer.writerow(row + totals)
    yield out.getvalue()


def compare(comparison: Comparison, **_: Any) -> str:
    """A row per score: overall, fields, factors."""
    out = io.StringIO()
    writer = _writer(out)
    writer.writerow(COMPARE_COLUMNS)
    for c in [comparison.overall, *comparison.fields, *comparison.factors]:
        row = [c.kind, c.id, c.title, c.before, c.after, c.delta, c.status]
        row += [c.gap_before, c.gap_after] if c.kind == "factor" else [None, None]
        writer.writerow([cell(v) for v in row] + [METHOD])
    return out.getvalue()


def learning(results: Sequence[LearningResult], **_: Any) -> str:
    """One row per device or group and learning domain; a group under the minimum gets one row
    with its count and why it has no figure."""
    out = io.StringIO()
    writer = _writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in domain_rows(results):
        writer.writerow([cell(v) for v in row])
    return out.getvalue()
