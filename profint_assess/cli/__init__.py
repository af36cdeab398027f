"""The command line: parses arguments, calls the core, renders, maps errors to exit codes.

Thin on purpose, and light at import: pydantic, yaml, rich and jinja2 are imported inside the
commands that need them, so that ``--help`` starts as fast as Typer itself.

One module per command or command group (``score``, ``assess``, ``batch``, ``compare``,
``model``, ``template``); what they share (option types, ``--format`` choices from the report
registry, output, argument checks) is in :mod:`.common`. A module only parses, calls the core,
renders through :func:`profint_assess.report.renderer` and maps errors to exit codes.

To add a command (say ``plan``): write ``cli/plan.py`` defining ``@app.command() def plan(...)``
(``from profint_assess.cli import app``; a group makes its own ``typer.Typer`` and calls
``app.add_typer``), then add ``plan`` to the import line at the bottom of this file. That is
all: the console script ``profint_assess.cli:main`` and ``python -m profint_assess`` see it.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from profint_assess import __version__
from profint_assess.errors import ProfintError

app = typer.Typer(
    name="profint-assess",
    help="Assess a support programme for migrants and refugees against the PROFINT model: "
    "13 success factors in four fields of professionalisation.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"profint-assess {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Assess a support programme against the PROFINT success-factor model."""


def main() -> None:
    """Console-script entry: one line per problem on stderr and the error's exit code."""
    try:
        app()
    except ProfintError as exc:
        for line in exc.lines():
            sys.stderr.write(f"{line}\n")
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        sys.stderr.close()
        sys.exit(0)


# Each command module registers its commands on ``app`` when imported; the order is --help's.
from profint_assess.cli import model, template, score, assess, batch, compare, plan  # noqa: E402, F401, I001
from profint_assess.cli import form, imports, languages  # noqa: E402, F401, I001
