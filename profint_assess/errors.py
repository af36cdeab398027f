"""Errors the user can act on; ``cli.main`` prints one line per problem and exits with the code."""

from __future__ import annotations

from typing import NamedTuple


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: control characters (escape sequences, bells) and
    bidi or zero-width characters written as escapes (``\\x1b``, ``\\u202e``), so that a file
    or a file name can neither drive the terminal nor reorder what it shows."""
    if text.isprintable():  # the common case, in C: nothing to escape (no bidi format either)
        return text
    out = []
    for char in text:
        code = ord(char)
        if char.isprintable() or char in "\n\t":
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out)


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
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return printable(text)


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
