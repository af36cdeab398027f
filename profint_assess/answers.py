"""Answers files: the blank template, and atomic writes so that no answer is ever half-saved."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from profint_assess.model import ANSWERS_FORMAT, Model, Questionnaire


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder, then rename.

    A crash or Ctrl-C leaves either the old file or the new one, never a truncated mix.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _comment(text: str, indent: str = "", width: int = 96) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(" ".join(text.split()), width)]


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def blank_template(
    model: Model, questionnaire: Questionnaire, role: str, today: dt.date | None = None
) -> str:
    """A blank answers file that becomes valid once its values are filled in an editor."""
    today = today or dt.date.today()
    lines = [
        f"# PROFINT answers file: {questionnaire.title}",
        "#",
        "# Fill in organization and device, then answer each question after its colon with:",
    ]
    lines += [
        f"#   {p.value}  {p.label}" + (f": {p.description}" if p.description else "")
        for p in sorted(questionnaire.scale, key=lambda p: p.value)
    ]
    lines += [
        "#   na       does not apply to this device (the question is left out of the score)",
        "#   unknown  you do not know (counts as not answered)",
        '# To add evidence, write {value: 3, note: "what shows it"} instead of a bare value.',
        "# Leave a value empty if not answered yet. Score with: profint-assess score FILE",
        "",
        f"format: {ANSWERS_FORMAT}",
        f"questionnaire: {questionnaire.id}",
        f"model: {{id: {model.meta.id}, version: {_quote(model.meta.version)}}}",
        'organization: ""      # your organisation',
        'device: ""            # the programme assessed',
        f"respondent: {{role: {role}}}",
        f"date: {today.isoformat()}",
        "status: in-progress    # set to complete when every question is answered",
        "answers:",
    ]
    current = None
    for question in questionnaire.questions:
        if question.factor != current:
            current = question.factor
            factor = model.factor(current)
            lines += ["", f"  # === {factor.id} {factor.title} ==="]
            lines += _comment(factor.statement, "  ")
        lines.append("")
        lines += _comment(f"{question.id}: {question.text}", "  ")
        lines.append(f"  {question.id}:")
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[TextIO]:
    """A text stream that replaces ``path`` only once fully written (see :func:`write_atomic`).

    For output written in pieces (batch results), so that it never has to be held whole.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
