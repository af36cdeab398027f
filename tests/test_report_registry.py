"""The format registry and the format modules agree, and the CLI's choices come from it."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from importlib import import_module

import pytest

import profint_assess.report as report_pkg
from profint_assess.report import KINDS, formats, renderer

DOCUMENT_KINDS = ("report", "batch", "compare", "model", "plan", "learning", "paper")
NOT_FORMATS = {"wording"}  # format-neutral helpers, not a format


def test_every_format_module_is_registered() -> None:
    modules = {m.name for m in pkgutil.iter_modules(report_pkg.__path__)} - NOT_FORMATS
    assert modules == set(KINDS)


@pytest.mark.parametrize("module", sorted(KINDS))
def test_a_module_renders_exactly_the_kinds_registered_for_it(module: str) -> None:
    loaded = import_module(f"profint_assess.report.{module}")
    defined = {kind for kind in DOCUMENT_KINDS if callable(getattr(loaded, kind, None))}
    assert defined == set(KINDS[module])


def test_names_users_type() -> None:
    assert list(formats("report")) == ["terminal", "json", "markdown", "csv", "html"]
    assert list(formats("batch")) == ["table", "json", "markdown", "csv", "html"]
    assert list(formats("compare")) == ["terminal", "json", "markdown", "csv", "html"]
    assert list(formats("model")) == ["text", "json"]
    assert list(formats("plan")) == ["terminal", "json", "markdown", "html"]
    assert renderer("batch", "table") is import_module("profint_assess.report.terminal").batch
    assert renderer("markdown") is import_module("profint_assess.report.markdown").report


def test_cli_choices_come_from_the_registry() -> None:
    from profint_assess.cli.common import (
        BatchFormat,
        CompareFormat,
        ModelFormat,
        PlanFormat,
        ReportFormat,
    )

    for enum, kind in [
        (ReportFormat, "report"),
        (BatchFormat, "batch"),
        (CompareFormat, "compare"),
        (ModelFormat, "model"),
        (PlanFormat, "plan"),
    ]:
        assert [m.value for m in enum] == list(formats(kind))


def test_importing_the_registry_and_the_cli_loads_no_renderer() -> None:
    code = (
        "import sys; import profint_assess.cli\n"
        "heavy = ('pydantic', 'yaml', 'rich', 'jinja2')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy\n"
        "      or m.startswith('profint_assess.report.')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
