"""Errors the user can act on; ``cli.main`` prints one line per problem and exits with the code."""

from __future__ import annotations

from typing import NamedTuple


class Problem(NamedTuple):
    """One thing wrong with one input, located as precisely as we can.

    A NamedTuple rather than a dataclass: this module is imported at start-up, and
    ``dataclasses`` is not (``--help`` stays as fast as Typer itself).
    """

    file: str
    message: str
    line: int | None = None
    path: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ProfintError(Exception):
    """Base of every error we expect; carries the exit code and the problems found."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | str) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


class ModelError(ProfintError):
    """The model or a questionnaire is invalid."""


class AnswersError(ProfintError):
    """One or more answers files are invalid."""


class UsageError(ProfintError):
    """The command line asks for something that cannot be done."""


class ThresholdNotMet(ProfintError):
    """A ``--fail-under`` threshold was not met."""

    exit_code = 1


class Interrupted(ProfintError):
    """The user stopped an interactive session; what was answered has been saved."""

    exit_code = 130
