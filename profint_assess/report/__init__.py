"""One renderer per output format, all rendering the same :class:`~profint_assess.scoring.Report`.

Each module exposes ``render(report, **options)`` returning text (or, for the terminal, a Rich
renderable). Modules are imported only when their format is asked for, to keep start-up fast.
Batch renderers (``render(batch, summary, **options)``) yield text in pieces so that thousands
of assessments stream; compare renderers take a :class:`~profint_assess.compare.Comparison`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

FORMATS: dict[str, str] = {
    "terminal": "profint_assess.report.terminal",
    "json": "profint_assess.report.json_report",
    "markdown": "profint_assess.report.markdown",
    "csv": "profint_assess.report.csv_report",
    "html": "profint_assess.report.html",
}

BATCH_FORMATS: dict[str, str] = {
    "table": "profint_assess.report.batch_table",
    "json": "profint_assess.report.batch_json",
    "markdown": "profint_assess.report.batch_markdown",
    "csv": "profint_assess.report.batch_csv",
    "html": "profint_assess.report.batch_html",
}
COMPARE_FORMATS: dict[str, str] = {
    "terminal": "profint_assess.report.compare_terminal",
    "json": "profint_assess.report.compare_json",
    "markdown": "profint_assess.report.compare_markdown",
    "csv": "profint_assess.report.compare_csv",
    "html": "profint_assess.report.compare_html",
}


def renderer(name: str) -> Any:
    """The ``render`` function of format ``name``."""
    return import_module(FORMATS[name]).render


def batch_renderer(name: str) -> Any:
    """The ``render`` function of batch format ``name``."""
    return import_module(BATCH_FORMATS[name]).render


def compare_renderer(name: str) -> Any:
    """The ``render`` function of compare format ``name``."""
    return import_module(COMPARE_FORMATS[name]).render
