"""Plan files on disk: read and validate (file:line errors), and change one action in place.

``set_action`` edits the text, not a re-dump of the data: it finds the action's fields in the
YAML node tree (``yaml.compose`` gives the start and end of every scalar), splices the new values
in, and leaves every other character alone, so the user's comments, order, quoting and blank
lines survive. The result is validated like any plan before it is written (atomically); a
problem leaves the file untouched. This module imports ``yaml`` for the node tree only; parsing
and validation go through ``loading``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from profint_assess.answers import write_atomic, yaml_str
from profint_assess.errors import Problem, ProfintError, UsageError
from profint_assess.loading import Document, parse, read_document, validate
from profint_assess.plan import PLAN_FORMAT, STATUSES, PlanFile, cross_check
from profint_assess.records import Model

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _check(doc: Document, model: Model) -> PlanFile:
    data = doc.data
    kind = data.get("format") if isinstance(data, dict) else None
    if isinstance(kind, str) and kind.startswith("profint-") and kind != PLAN_FORMAT:
        what = (
            f"unsupported format {kind!r} (this version reads {PLAN_FORMAT})"
            if kind.startswith("profint-plan/")
            else f"not a plan: a {kind} document"
        )
        raise ProfintError([doc.problem(("format",), what)])
    plan = validate(doc, PlanFile)
    problems = [doc.problem(loc, message) for loc, message in cross_check(plan, model)]
    if problems:
        raise ProfintError(problems)
    return plan


def load_plan(path: Path, model: Model, name: str | None = None) -> PlanFile:
    """Read and validate a plan against ``model``; a ProfintError lists every problem (exit 2)."""
    return _check(read_document(path, name or str(path)), model)


def plan_from_text(text: str, name: str, model: Model) -> PlanFile:
    """Validate plan text (e.g. before writing it): the same checks as :func:`load_plan`."""
    return _check(Document(name, text, parse(text, name)), model)


# --- plan set -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """What ``plan set`` changes in one action; None leaves a field as it is."""

    status: str | None = None
    owner: str | None = None
    due: str | None = None  # YYYY-MM-DD, or "" to clear
    note: str | None = None  # appended to the action's notes on a new line


def check_change(change: Change) -> None:
    """Refuse a bad value before the file is even read: one clear line, exit 2."""
    if change.status is not None and change.status not in STATUSES:
        raise UsageError(f"--status {change.status!r}: must be one of {', '.join(STATUSES)}")
    if change.due:
        try:
            dt.date.fromisoformat(change.due)
        except ValueError:
            raise UsageError(f"--due {change.due!r}: must be a date YYYY-MM-DD") from None
        if len(change.due) != 10:
            raise UsageError(f"--due {change.due!r}: must be a date YYYY-MM-DD")
    for label, text in (("--owner", change.owner), ("--note", change.note)):
        if text is not None and any(ord(c) < 32 and c not in "\n\t" for c in text):
            raise UsageError(f"{label}: contains control characters")


def _find_action(root: yaml.Node, action_id: str) -> tuple[yaml.MappingNode | None, int | None]:
    """The action's mapping node, and the line of ``actions:`` for messages."""
    if not isinstance(root, yaml.MappingNode):
        return None, None
    for key, value in root.value:
        if key.value == "actions":
            line = key.start_mark.line + 1
            if not isinstance(value, yaml.SequenceNode):
                return None, line
            for item in value.value:
                if not isinstance(item, yaml.MappingNode):
                    continue
                for k, v in item.value:
                    if k.value == "id" and isinstance(v, yaml.ScalarNode) and v.value == action_id:
                        return item, line
            return None, line
    return None, None


def _splice(text: str, node: yaml.MappingNode, values: dict[str, str]) -> str:
    """``text`` with each key of ``node`` set to its new scalar text; missing keys added.

    Keys the action lacks are added together after its last key, in the order given, with the
    file's own line ending (a CRLF file stays CRLF).
    """
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), never overlapping
    present = {k.value: v for k, v in node.value}
    missing: list[tuple[str, str]] = []
    for key, new in values.items():
        current = present.get(key)
        if current is None:
            missing.append((key, new))
            continue
        start, end = current.start_mark.index, current.end_mark.index
        # An empty value ends at its colon: keep a space between the colon and the value.
        edits.append((start, end, f" {new}" if start == end and new else new))
    if missing and node.flow_style:
        close = node.end_mark.index - 1  # the closing brace
        edits.append((close, close, "".join(f", {key}: {new}" for key, new in missing)))
    elif missing:
        eol = "\r\n" if "\r\n" in text else "\n"
        indent = " " * node.value[0][0].start_mark.column
        lines = "".join(f"{indent}{key}: {new}{eol}" for key, new in missing)
        at = node.value[-1][1].end_mark.index
        if not (at and text[at - 1] == "\n"):
            # The last value ends inside its line: insert after that line (and its comment).
            newline = text.find("\n", at)
            if newline < 0:
                text += eol
                newline = len(text) - 1
            at = newline + 1
        edits.append((at, at, lines))
    for start, end, new in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:start] + new + text[end:]
    return text


def set_action(
    path: Path, model: Model, action_id: str, change: Change, name: str | None = None
) -> tuple[PlanFile, str]:
    """Change one action of the plan at ``path``; returns the new plan and its text.

    Nothing is written here: the caller writes the text atomically. Raises ProfintError (exit 2)
    when the plan is invalid, the action does not exist or the result would be invalid.
    """
    name = name or str(path)
    check_change(change)
    doc = read_document(path, name)
    plan = _check(doc, model)
    action = plan.action(action_id)
    root = yaml.compose(doc.text, Loader=_Loader)
    node, line = _find_action(root, action_id)
    if action is None or node is None:
        known = ", ".join(a.id for a in plan.actions) or "none"
        raise ProfintError([Problem(name, f"no action {action_id!r} (actions: {known})", line)])
    values: dict[str, str] = {}
    if change.status is not None:
        values["status"] = change.status
    if change.owner is not None:
        values["owner"] = yaml_str(change.owner)
    if change.due is not None:
        values["due"] = change.due
    if change.note:
        notes = f"{action.notes}\n{change.note}" if action.notes else change.note
        values["notes"] = yaml_str(notes)
    if not values:
        raise UsageError("plan set: nothing to change; give --status, --owner, --due or --note")
    text = _splice(doc.text, node, values)
    return plan_from_text(text, name, model), text


def write_plan_change(
    path: Path, model: Model, action_id: str, change: Change
) -> tuple[PlanFile, str]:
    """:func:`set_action`, then the new text written atomically over the plan."""
    plan, text = set_action(path, model, action_id, change)
    write_atomic(path, text)
    return plan, text
