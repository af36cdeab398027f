"""The command line: parses arguments, calls the core, renders, maps errors to exit codes.

Thin on purpose, and light at import: pydantic, yaml, rich and jinja2 are imported inside the
commands that need them, so that ``--help`` starts as fast as Typer itself. Typer converts the
options' values without pydantic (:mod:`.conversion`), and a run builds only the command it
calls (:func:`app_for`).

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

import copy
import inspect
import sys
from typing import Annotated

import typer
from typer.models import CommandInfo

from profint_assess import __version__
from profint_assess.cli.conversion import install
from profint_assess.errors import ProfintError

# Typer converts parameters through pydantic, which takes longer to import than Typer itself;
# ours are plain kinds, converted without it (conversion.py says why and how).
install()

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
        app_for(sys.argv[1:])()
    except ProfintError as exc:
        for line in exc.lines():
            sys.stderr.write(f"{line}\n")
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error of ours.
        sys.stderr.close()
        sys.exit(0)


def app_for(args: list[str]) -> typer.Typer:
    """The part of ``app`` that a run with arguments ``args`` needs: parsed, helped, failing
    exactly as the whole app.

    Before parsing anything, Typer builds the Click parameters of every command of an app
    (reading each function's signature and evaluating its annotations), though a run calls at
    most one: for ``score FILE`` that was more time than the scoring. So:

    - when the first argument names a command or a group (``score``, ``model``), the run gets
      a copy of ``app`` holding that one alone;
    - for the list of commands (no argument, or ``--help`` or ``--version`` first, which are
      answered before any command could run), a copy whose commands are only their names and
      help texts;
    - anything else (another option first, a word that is no command) gets the whole app, so
      "No such command" with its suggestion is Typer's own.

    Why not a lazy Click group: Typer builds the whole Click group from its registry itself,
    before a ``cls=`` group class has any say, so a lazy group would re-implement Typer's
    command building. Giving Typer a smaller registry keeps all of that Typer's.
    """
    first = args[0] if args else "--help"
    if first in ("--help", "--version"):  # answered before any command could run
        return _listing()
    for command in app.registered_commands:
        if _name(command) == first:
            alone = copy.copy(app)
            alone.registered_commands, alone.registered_groups = [command], []
            return alone
    for group in app.registered_groups:
        if group.name == first:
            alone = copy.copy(app)
            alone.registered_commands, alone.registered_groups = [], [group]
            return alone
    return app


def _name(command: CommandInfo) -> str | None:
    if command.name or command.callback is None:
        return command.name
    # Typer's own naming: the function score_all is the command score-all.
    return command.callback.__name__.lower().replace("_", "-")


def _listing() -> typer.Typer:
    """``app`` as ``--help`` lists it: each command's name and help, none of its parameters."""
    listed = copy.copy(app)
    listed.registered_commands = []
    for command in app.registered_commands:
        shown = copy.copy(command)
        shown.name = _name(command)
        if command.help is None and command.callback is not None:
            shown.help = inspect.getdoc(command.callback)
        shown.callback = _listed_only
        listed.registered_commands.append(shown)
    listed.registered_groups = []
    for group in app.registered_groups:
        # A group is listed with its help, solved from its own Typer (not from its commands).
        shown_group = copy.copy(group)
        shown_group.typer_instance = copy.copy(group.typer_instance)
        shown_group.typer_instance.registered_commands = []
        shown_group.typer_instance.registered_groups = []
        listed.registered_groups.append(shown_group)
    return listed


def _listed_only() -> None:
    """Stands for a command in the list of commands; never runs (``--help`` exits first)."""
    raise RuntimeError("a listed command was run")


# Each command module registers its commands on ``app`` when imported; the order is --help's.
from profint_assess.cli import model, template, score, assess, batch, compare, plan  # noqa: E402, F401, I001
from profint_assess.cli import form, imports, languages, export  # noqa: E402, F401, I001
