"""What the batch renderers share: the columns of one row per assessment, and the summary rows.

Batch renderers take a :class:`~profint_assess.batch.Batch` and a
:class:`~profint_assess.batch.Summary` and yield text in pieces, so that output for thousands of
assessments is written as it is scored and never held whole. The summary is complete once every
report has been yielded.
"""

from __future__ import annotations

from profint_assess.batch import coverage
from profint_assess.model import Model
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
