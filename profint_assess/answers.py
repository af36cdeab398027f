"""Answers files: the blank template, the draft an interview fills in, and atomic writes.

A draft is written with :func:`dump_answers`, a small hand-writer rather than ``yaml.safe_dump``:
it keeps one line per answer in the short form of DESIGN.md (``F01.Q2: 3``,
``F01.Q1: {value: 3, note: "...", evidence: documented}``), keys in questionnaire order, and
quotes every free text so that any note (quotes, colons, newlines, any Unicode) reads back
exactly as typed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
import textwrap
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from profint_assess.errors import Problem, ProfintError
from profint_assess.records import (
    ANSWERS_FORMAT,
    DECLARED,
    Answer,
    AnswersFile,
    Baseline,
    Model,
    Questionnaire,
)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder, then rename.

    A crash or Ctrl-C leaves either the old file or the new one, never a truncated mix.
    """
    with atomic_writer(path) as handle:
        handle.write(text)


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[TextIO]:
    """A text stream that replaces ``path`` only once fully written and synced.

    For output written in pieces (batch results), so that it never has to be held whole.
    """
    path = Path(path)
    name = str(path)

    def unwritable(exc: OSError) -> ProfintError:
        return ProfintError([Problem(name, f"cannot be written: {exc.strerror or exc}")])

    if path.is_dir():
        raise ProfintError([Problem(name, "is a directory; give a file name")])
    if path.exists() and not path.is_file():
        # /dev/null, /dev/stdout, a FIFO: nothing to replace atomically, so write through.
        try:
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                yield handle
        except OSError as exc:
            raise unwritable(exc) from None
        return
    if path.is_symlink():
        path = path.resolve()  # replace the file the link names, and keep the link
    folder = path.parent if str(path.parent) else Path()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise unwritable(exc) from None
    try:
        try:
            previous = path.stat()
        except FileNotFoundError:
            previous = None
        if previous is not None:
            # Replacing a file keeps its mode and owner: a private (0600) answers file stays so.
            os.chmod(tmp, previous.st_mode & 0o7777)  # noqa: PTH101 - a str from mkstemp
            if (previous.st_uid, previous.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.chown(tmp, previous.st_uid, previous.st_gid)
        else:
            # mkstemp makes the file private (0600); a new report is the user's to share.
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # noqa: PTH101 - the path is a str from mkstemp
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise unwritable(exc) from None
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
        "#   na       does not apply (the question is left out of the score)",
        "#   unknown  you do not know (counts as not answered)",
        '# To say what backs an answer, write {value: 3, note: "what shows it"} instead of a',
        "# bare value, and add evidence: documented (a document shows it) or evidence: verified",
        '# (someone checked it), e.g. {value: 3, note: "referral log 2026", evidence: documented}.',
        "# Without it an answer is declared (your word). An na should carry a note saying why.",
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
            if questionnaire.plain_language:
                lines += ["", f"  # === {factor.id} ==="]
            else:
                lines += ["", f"  # === {factor.id} {factor.title} ==="]
                lines += _comment(factor.statement, "  ")
        lines.append("")
        lines += _comment(f"{question.id}: {question.text}", "  ")
        lines.append(f"  {question.id}:")
    if questionnaire.open_questions:
        lines += ["", "# Open questions: answer in your own words, or leave empty. Not scored.", ""]
        lines.append("comments:")
        for open_question in questionnaire.open_questions:
            lines += _comment(open_question.text, "  ")
            lines.append(f'  {open_question.id}: ""')
    return "\n".join(lines) + "\n"


# --- drafts: an answers file being filled in ----------------------------------------------------


@dataclass
class Draft:
    """One respondent's answers while an interview fills them in; mutable, saved after each answer.

    ``question_order`` is the questionnaire's order, which fixes the order of keys on disk.
    """

    questionnaire: str
    model_id: str
    model_version: str
    organization: str
    device: str
    role: str
    date: dt.date
    question_order: Sequence[str]
    status: str = "in-progress"
    respondent_name: str = ""
    target: float | dict[str, float] | None = None
    answers: dict[str, Answer] = field(default_factory=dict)
    # Free-text answers to the open questions, by open-question id.
    comments: dict[str, str] = field(default_factory=dict)
    baseline: Baseline | None = None
    lang: str = ""  # the language of the walk that saved it last (``lang:`` in the file)

    @classmethod
    def from_file(cls, answers: AnswersFile, questionnaire: Questionnaire) -> Draft:
        """A draft holding everything a loaded answers file says, to be resumed."""
        return cls(
            questionnaire=answers.questionnaire,
            model_id=answers.model.id,
            model_version=answers.model.version,
            organization=answers.organization,
            device=answers.device,
            role=answers.respondent.role,
            date=answers.date,
            question_order=[q.id for q in questionnaire.questions],
            status=answers.status,
            respondent_name=answers.respondent.name,
            target=answers.target,
            answers=dict(answers.answers),
            comments=dict(answers.comments),
            baseline=answers.baseline,
            lang=answers.lang or "",
        )

    @classmethod
    def carried_over(
        cls, previous: AnswersFile, questionnaire: Questionnaire, file: str, today: dt.date
    ) -> Draft:
        """A re-assessment starting from ``previous``: every answer carried, none confirmed."""
        from profint_assess import model as schemas  # validates the baseline as a file would

        draft = cls.from_file(previous, questionnaire)
        draft.date = today
        draft.status = "in-progress"
        draft.baseline = schemas.Baseline(file=file, date=previous.date)
        # Open answers are asked anew; the previous ones stay in the baseline file.
        draft.comments = {}
        draft.answers = {
            qid: a.model_copy(update={"carried": True, "confirmed": False})
            for qid, a in previous.answers.items()
            if a.value is not None
        }
        return draft

    def answered(self, question_id: str) -> bool:
        """Whether the question has an answer (a level, ``na`` or ``unknown``)."""
        answer = self.answers.get(question_id)
        return answer is not None and answer.value is not None

    def pending(self, question_id: str) -> bool:
        """Still to be answered: no answer yet, or one carried over and not yet confirmed."""
        answer = self.answers.get(question_id)
        return answer is None or answer.value is None or answer.carried

    def answered_count(self) -> int:
        return sum(not self.pending(qid) for qid in self.question_order)

    @property
    def complete(self) -> bool:
        return not any(self.pending(qid) for qid in self.question_order)


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# YAML 1.1 reads these as booleans or null when unquoted.
_YAML_WORDS = frozenset("y n yes no on off true false null".split())


def _is_printable(code: int) -> bool:
    """Characters written as they are inside a double-quoted YAML scalar.

    YAML's printable set, minus the characters YAML 1.1 treats as line breaks (NEL, LS, PS) and
    the byte-order mark, which a loader would fold or drop.
    """
    return (
        0x20 <= code <= 0x7E
        or (0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029))
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or code >= 0x10000
    )


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def yaml_str(text: str) -> str:
    """``text`` as a double-quoted YAML scalar that loads back to exactly ``text``."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif _is_printable(code):
            out.append(char)
        elif 0xD800 <= code <= 0xDFFF:
            # A lone surrogate (undecodable terminal bytes) is not text; libyaml rejects it.
            out.append("\ufffd")
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def _word(text: str) -> str:
    """Identifiers bare when YAML reads them back as the same string, else quoted."""
    return text if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS else yaml_str(text)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _value(value: int | str | None) -> str:
    return "null" if value is None else str(value)


def dump_answers(draft: Draft) -> str:
    """The draft as an answers file (format profint-answers/1) that ``load_answers`` accepts."""
    respondent = f"role: {_word(draft.role)}"
    if draft.respondent_name:
        respondent += f", name: {yaml_str(draft.respondent_name)}"
    lines = [
        "# PROFINT answers file, saved by `profint-assess assess` after every answer.",
        "# Continue with: profint-assess assess --resume THIS_FILE",
        f"format: {ANSWERS_FORMAT}",
        f"questionnaire: {_word(draft.questionnaire)}",
        f"model: {{id: {_word(draft.model_id)}, version: {yaml_str(draft.model_version)}}}",
        f"organization: {yaml_str(draft.organization)}",
        f"device: {yaml_str(draft.device)}",
        f"respondent: {{{respondent}}}",
        f"date: {draft.date.isoformat()}",
        f"status: {draft.status}",
    ]
    if draft.lang:
        lines.append(f"lang: {_word(draft.lang)}")
    if isinstance(draft.target, dict):
        pairs = ", ".join(f"{_word(k)}: {_number(v)}" for k, v in draft.target.items())
        lines.append(f"target: {{{pairs}}}")
    elif draft.target is not None:
        lines.append(f"target: {_number(draft.target)}")
    if draft.baseline is not None:
        base = draft.baseline
        lines.append(f"baseline: {{file: {yaml_str(base.file)}, date: {base.date.isoformat()}}}")
    order = list(draft.question_order)
    known = set(order)
    # Ids outside the questionnaire cannot come from a loaded file; kept rather than dropped.
    order += sorted(k for k in draft.answers if k not in known)
    entries = []
    for qid in order:
        answer = draft.answers.get(qid)
        if answer is None or (answer.value is None and not answer.note):
            continue
        # The long form only when there is more than a value: declared evidence is the default.
        extra = f", note: {yaml_str(answer.note)}" if answer.note else ""
        if answer.evidence != DECLARED:
            extra += f", evidence: {answer.evidence}"
        extra += ", carried: true" if answer.carried else ""
        extra += ", confirmed: true" if answer.confirmed else ""
        if extra:
            entries.append(f"  {qid}: {{value: {_value(answer.value)}{extra}}}")
        else:
            entries.append(f"  {qid}: {_value(answer.value)}")
    lines += ["answers:", *entries] if entries else ["answers: {}"]
    comments = [(k, v) for k, v in draft.comments.items() if v.strip()]
    if comments:
        lines += ["comments:", *(f"  {_word(k)}: {yaml_str(v)}" for k, v in comments)]
    return "\n".join(lines) + "\n"


def save_draft(path: Path, draft: Draft) -> str:
    """Write the draft to ``path`` atomically; returns the text written."""
    text = dump_answers(draft)
    write_atomic(path, text)
    return text


def default_output_name(organization: str, date: dt.date) -> str:
    """``mission-locale-example-2026-11-28.yaml``: the organisation's letters, then the date.

    Accents are dropped (Été -> ete) but other scripts are kept (Москва -> москва): reduced to
    ASCII, every Cyrillic, Arabic or Chinese name became the same ``answers-DATE.yaml``.
    """
    decomposed = unicodedata.normalize("NFKD", organization)
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    letters = unicodedata.normalize("NFC", letters).lower()
    slug = re.sub(r"[\W_]+", "-", letters).strip("-")[:60].strip("-")
    return f"{slug or 'answers'}-{date.isoformat()}.yaml"
