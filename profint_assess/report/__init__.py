"""Rendering, organised by output FORMAT: one module per format, one function per document kind.

Where things are: "the Markdown of a comparison" is :func:`markdown.compare`, "the HTML of a
batch" is :func:`html.batch` (HTML is a subpackage: its templates, CSS and SVG charts live with
it). Format modules: :mod:`.terminal`, :mod:`.json`, :mod:`.markdown`, :mod:`.csv`, :mod:`.html`.
Document kinds (the function names): ``report`` (``score``: a
:class:`~profint_assess.scoring.Report`), ``batch`` (a :class:`~profint_assess.batch.Batch` and
its :class:`~profint_assess.batch.Summary`; yields text in pieces so that thousands of
assessments stream), ``compare`` (a :class:`~profint_assess.compare.Comparison`; with
``progress=`` the plan's progress of ``compare --plan``), ``model`` (``model show``), ``plan``
(``plan show``: a :class:`~profint_assess.plan.PlanView`), ``learning`` (learning-grid figures
alone, a list of :class:`~profint_assess.learning.LearningResult`; ``report`` and ``batch`` also
take them as ``learning=``), ``paper`` (a questionnaire as a printable form: ``form paper``).
Every function takes ``**options`` and ignores those it has no use for.

Why by format: what renderers share is per format (Markdown cell escaping, CSV null cells, the
Jinja2 environment and level colours), so each exists once in its format's module. What the
formats for people share across formats (one-decimal numbers or a dash, role counts, the
comparison's sentences) is in :mod:`.wording`, format-neutral and free of markup.

To add a DOCUMENT KIND (e.g. ``plan``): write a function ``plan(...)`` in each format module
that should render it (for HTML: a module plus a template in ``html/``, and a function in
``html/__init__.py``), add ``"plan"`` to those formats' tuples in :data:`KINDS` below, and
call ``renderer("plan", fmt)`` from the command. To add a FORMAT: a new module here with one
function per kind it renders, and one line in :data:`KINDS`. ``tests/test_report_registry.py``
checks that the table and the modules agree.

This module is imported by the CLI at start-up to build its ``--format`` choices: it must import
nothing (format modules import rich, pydantic, jinja2 and are imported only when used).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Format module -> the document kinds it renders (a function of that name in the module).
KINDS: dict[str, tuple[str, ...]] = {
    "terminal": ("report", "batch", "compare", "model", "plan", "learning"),
    "json": ("report", "batch", "compare", "model", "plan", "learning"),
    "markdown": ("report", "batch", "compare", "plan", "learning"),
    "csv": ("report", "batch", "compare", "learning"),
    "html": ("report", "batch", "compare", "plan", "learning", "paper"),
}
# The name users type when it is not the module's: a batch on the terminal is a plain table
# (it streams), the model on the terminal is a text tree.
NAMES: dict[tuple[str, str], str] = {("batch", "terminal"): "table", ("model", "terminal"): "text"}


def formats(kind: str) -> dict[str, str]:
    """``{name users type: format module}`` for document kind ``kind``, in the table's order."""
    return {
        NAMES.get((kind, module), module): module
        for module, kinds in KINDS.items()
        if kind in kinds
    }


def renderer(kind_or_format: str, name: str | None = None) -> Any:
    """The function rendering document ``kind`` in format ``name``: ``renderer("batch", "csv")``.

    ``renderer(name)`` alone is the single report's (``score``), as before kinds existed.
    """
    kind, name = ("report", kind_or_format) if name is None else (kind_or_format, name)
    module = formats(kind)[name]
    return getattr(import_module(f"{__name__}.{module}"), kind)


def batch_renderer(name: str) -> Any:
    """The ``batch`` function of batch format ``name``."""
    return renderer("batch", name)


def compare_renderer(name: str) -> Any:
    """The ``compare`` function of compare format ``name``."""
    return renderer("compare", name)


# Format names per kind, for callers that only list them (tests, help).
FORMATS = formats("report")
BATCH_FORMATS = formats("batch")
COMPARE_FORMATS = formats("compare")
MODEL_FORMATS = formats("model")
