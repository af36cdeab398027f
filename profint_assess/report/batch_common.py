"""What the batch renderers share: the columns of one row per assessment, and the summary rows.

Batch renderers take a :class:`~profint_assess.batch.Batch` and a
:class:`~profint_assess.batch.Summary` and yield text in pieces, so that output for thousands of
assessments is written as it is scored and never held whole. The summary is complete once every
report has been yielded.
"""

from __future__ import annotations

from profint_assess.batch import Summary, coverage
from profint_assess.model import Model
from profint_assess.report.common import DASH
from profint_assess.scoring import Report

STATISTICS = ("count", "mean", "median", "q1", "q3", "min", "max")


def score_columns(model: Model) -> list[str]:
    """Ids of the numeric columns: overall, the fields, the factors, coverage."""
    return ["overall", *(f.id for f in model.meta.fields), *(f.id for f in model.factors)] + [
        "coverage"
    ]


def numbers(report: Report) -> list[float | None]:
    """The row's numbers, in :func:`score_columns` order (coverage as a ratio 0-1)."""
    return [
        report.overall_score,
        *(f.score for f in report.fields),
        *(f.score for f in report.factors),
        coverage(report),
    ]


def respondent_count(report: Report) -> int:
    return sum(report.respondents.values())


STAT_LABELS = {
    "count": "count",
    "mean": "mean",
    "median": "median",
    "q1": "1st quartile",
    "q3": "3rd quartile",
    "min": "min",
    "max": "max",
}


def fmt_number(value: float | int | None, percent: bool = False) -> str:
    if value is None:
        return DASH
    return f"{value:.0%}" if percent else f"{value:.1f}"


def summary_rows(model: Model, summary: Summary) -> list[tuple[str, list[str]]]:
    """(label, cells) per statistic, the cells in :func:`score_columns` order, for people."""
    described = [summary.stats(c) for c in score_columns(model)]
    rows = []
    for name in STATISTICS:
        values = [getattr(s, name) for s in described]
        if name == "count":
            cells = [DASH if v is None else str(v) for v in values]
        else:
            cells = [fmt_number(v) for v in values[:-1]] + [fmt_number(values[-1], percent=True)]
        rows.append((STAT_LABELS[name], cells))
    return rows


def weakest_lines(model: Model, summary: Summary) -> list[tuple[str, str]]:
    """(factor heading, figures) for the network's weakest factors, weakest first."""
    titles = {f.id: f.title for f in model.factors}
    return [
        (
            f"{fid} {titles[fid]}",
            f"mean {fmt_number(s.mean)}, median {fmt_number(s.median)}, below target in "
            f"{summary.below_target[fid]} of {summary.count} assessments",
        )
        for fid, s in summary.weakest()
    ]
