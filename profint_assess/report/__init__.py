"""One renderer per output format, all rendering the same :class:`~profint_assess.scoring.Report`.

Each module exposes ``render(report, **options)`` returning text (or, for the terminal, a Rich
renderable). Modules are imported only when their format is asked for, to keep start-up fast.
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


def renderer(name: str) -> Any:
    """The ``render`` function of format ``name``."""
    return import_module(FORMATS[name]).render
