"""The interactive walk: one respondent answers the questionnaire, factor by factor.

The walk talks to the respondent only through a :class:`Prompter` (``ask`` a line, ``show``
something), so tests drive it with a :class:`ScriptedPrompter` and the terminal uses a
:class:`RichPrompter`. It never loses an answer: the draft is saved through a callback after
every answer, and :func:`run_session` saves again and raises
:class:`~profint_assess.errors.Interrupted` (exit 130) on Ctrl-C or at the end of input.

No score preview during the walk. Seeing a factor's score (or its level) while answering
anchors the answers that follow: a respondent who sees "emerging" tends to round the next
answers up, and one who sees "leading" stops looking for evidence. The walk shows counts only
(answered, not applicable, don't know) after each factor; the scores, levels, gaps and
recommendations come once, at the end, with every answer given.

End of input (stdin closed, or Ctrl-D) is treated like Ctrl-C: saved, resumable, exit 130. It is
not "invalid input" (exit 2): nothing the respondent typed was wrong, the session just stopped
before the end, and a script sees the same code as for any other unfinished walk.
"""

from __future__ import annotations

import datetime as dt
import re
import shlex
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from io import StringIO
from pathlib import Path
from typing import Literal, Protocol

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from profint_assess.answers import Draft, default_output_name, dump_answers, write_atomic
from profint_assess.errors import AnswersError, Interrupted, Problem, ProfintError, UsageError
from profint_assess.i18n import N_, _, language
from profint_assess.model import (
    DECLARED,
    DOCUMENTED,
    NA,
    UNKNOWN,
    VERIFIED,
    Answer,
    Model,
    Question,
    Questionnaire,
)

# The keys stay the same in every language (0-4 n u ? b q); only their explanation is translated.
KEYS = N_(
    "Keys: 0-4 answer (a note may follow on the same line, e.g. "
    "'3 agreements signed with two housing associations'); add d if a document shows it, "
    "v if it was checked ('3d', '3v minutes of the review'), n not applicable, u don't know, "
    "? help and source, b back, q save and quit. Enter keeps a saved answer."
)
REMINDER = N_("Type 0-4 (3d documented, 3v verified, a note may follow), n, u, ?, b, or q.")
KEY_HINT = "0-4 n u ? b q"


def _keys_plain() -> str:
    # The beneficiary walk (plain_language) shows no ids and no key jargon; the same keys work.
    return _(
        "Type the number of your answer, from 0 to 4. You can add a few words after the number. "
        "If the question is not about you, type n. If you do not know, type u. "
        "Type ? to hear more, b to go back, q to stop (your answers are kept)."
    )


# --- prompters ----------------------------------------------------------------------------------


class Prompter(Protocol):
    """How the walk talks to a respondent."""

    def ask(self, prompt: str) -> str:
        """One line of input, without its newline. Raises EOFError or KeyboardInterrupt."""
        ...

    def show(self, renderable: RenderableType) -> None:
        """Show a Rich renderable; a plain ``str`` is one line shown as is, never wrapped, so
        that a command in it can be copied."""
        ...


class RichPrompter:
    """The terminal: Rich output, the builtin ``input`` for lines.

    ``plain`` turns off colour and every style, for plain terminals and screen readers.
    """

    def __init__(self, console: Console | None = None, *, plain: bool = False) -> None:
        self.console = console or Console(
            highlight=False, emoji=False, color_system=None if plain else "auto"
        )

    def ask(self, prompt: str) -> str:
        if _line_editing():
            # readline prints the prompt itself once the terminal is in its mode: printed
            # earlier (as Rich does), a Ctrl-D typed right after it would be lost, and the
            # walk would wait forever. The prompt is plain text: no style to lose.
            self.console.file.flush()
            return input(prompt)
        # A Text prompt is never parsed as markup, whatever the question id or label holds.
        return self.console.input(Text(prompt))

    def show(self, renderable: RenderableType) -> None:
        self.console.print(renderable, markup=False, soft_wrap=isinstance(renderable, str))


def _line_editing() -> bool:
    """Arrow keys, Home and End edit the line (``input`` uses readline once it is imported).

    Without it, a left arrow typed in a note is saved as ``^[[D``. Imported lazily and only on a
    terminal: readline is slow to import and writes escape codes when stdin is a pipe. Returns
    whether line editing is on.
    """
    import sys

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    if "readline" not in sys.modules:
        try:
            import readline  # noqa: F401
        except ImportError:  # not on every platform (Windows)
            return False
    return True


class ScriptedPrompter:
    """Answers from a list, for tests and scripts; records a plain transcript.

    An exception class or instance in ``lines`` is raised when its turn comes (e.g.
    ``KeyboardInterrupt``); after the last line, ``ask`` raises EOFError like a closed stdin.
    """

    def __init__(
        self, lines: Iterable[str | BaseException | type[BaseException]], width: int = 100
    ) -> None:
        self._lines = list(lines)
        self._out = StringIO()
        self.console = Console(
            file=self._out, width=width, color_system=None, highlight=False, emoji=False
        )
        self.prompts: list[str] = []

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        self.console.print(Text(prompt), end="")
        if not self._lines:
            self.console.print()
            raise EOFError
        line = self._lines.pop(0)
        if isinstance(line, str):
            self.console.print(Text(line))
            return line
        self.console.print()
        raise line

    def show(self, renderable: RenderableType) -> None:
        self.console.print(renderable, markup=False, soft_wrap=isinstance(renderable, str))

    @property
    def transcript(self) -> str:
        return self._out.getvalue()

    @property
    def unused(self) -> int:
        return len(self._lines)


# --- parsing one line ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    """What one line of input asks for."""

    kind: Literal["answer", "keep", "help", "back", "quit", "invalid"]
    value: int | str | None = None
    note: str = ""
    evidence: str = DECLARED


# A level may carry its evidence as one letter, so that saying it costs no extra step:
# 3d documented, 3v verified, 3 alone declared.
_ANSWER = re.compile(
    r"(?:(?P<level>[0-4])(?P<evidence>[dv])?|(?P<key>n|na|u|unknown))(?:\s+(?P<note>.*))?",
    re.IGNORECASE | re.S,
)
_EVIDENCE = {"d": DOCUMENTED, "v": VERIFIED}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Typed text without control characters or undecodable bytes, trimmed."""
    text = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text)
    return _CONTROL.sub("", text).replace("\t", " ").strip()


def parse_line(line: str) -> Command:
    """``3``, ``3d``, ``3v a note``, ``n``, ``u``, ``?``, ``b``, ``q``, or Enter (keep)."""
    text = clean(line)
    lowered = text.lower()
    if not text:
        return Command("keep")
    if lowered == "?":
        return Command("help")
    if lowered == "b":
        return Command("back")
    if lowered == "q":
        return Command("quit")
    match = _ANSWER.fullmatch(text)
    if match is None:
        return Command("invalid")
    note = (match["note"] or "").strip()
    if match["level"] is not None:
        evidence = _EVIDENCE.get((match["evidence"] or "").lower(), DECLARED)
        return Command("answer", int(match["level"]), note, evidence)
    return Command("answer", NA if match["key"].lower().startswith("n") else UNKNOWN, note)


# --- the walk -----------------------------------------------------------------------------------


class Outcome(str, Enum):
    COMPLETE = "complete"  # reached the end of the walk
    QUIT = "quit"  # the respondent typed q


def evidence_word(evidence: str) -> str:
    """How an answer is backed, in words (the code stays in the file)."""
    words = {DOCUMENTED: _("documented"), VERIFIED: _("verified"), DECLARED: _("declared")}
    return words.get(evidence, evidence)


def describe(answer: Answer | None, questionnaire: Questionnaire) -> str:
    """An answer in words, for showing a saved answer back."""
    if answer is None or answer.value is None:
        return _("not answered")
    plain_words = questionnaire.plain_language
    if answer.value == NA:
        text = _("not about me") if plain_words else _("n (not applicable)")
    elif answer.value == UNKNOWN:
        text = _("I do not know") if plain_words else _("u (don't know)")
    else:
        label = next((p.label for p in questionnaire.scale if p.value == answer.value), "")
        text = f"{answer.value} ({label})" if label else str(answer.value)
        if answer.evidence != DECLARED:
            text += f", {evidence_word(answer.evidence)}"
    if answer.note:
        return _("{answer}, note: {note}").format(answer=text, note=answer.note)
    return text


def _key(answer: Answer) -> str:
    if answer.value == NA:
        return "n"
    if answer.value == UNKNOWN:
        return "u"
    return str(answer.value) + {DOCUMENTED: "d", VERIFIED: "v"}.get(answer.evidence, "")


class Walk:
    """The questions of the selected factors, one at a time; ``save`` after every answer."""

    def __init__(
        self,
        model: Model,
        questionnaire: Questionnaire,
        draft: Draft,
        prompter: Prompter,
        save: Callable[[Draft], None],
        *,
        factors: Sequence[str] | None = None,
        review: bool = False,
        plain: bool = False,
    ) -> None:
        self.model = model
        self.questionnaire = questionnaire
        self.draft = draft
        self.prompter = prompter
        self.save = save
        self.review = review
        self.plain = plain
        wanted = set(factors) if factors else None
        self.questions = [
            q for q in questionnaire.questions if wanted is None or q.factor in wanted
        ]
        self.factor_ids = list(dict.fromkeys(q.factor for q in self.questions))

    def start_index(self) -> int:
        """``--review``: the first question; otherwise the first unanswered one."""
        if self.review:
            return 0
        return next(
            (i for i, q in enumerate(self.questions) if self.draft.pending(q.id)),
            len(self.questions),
        )

    def run(self) -> Outcome:
        index = self.start_index()
        total = len(self.draft.question_order)
        if index == len(self.questions):
            self.prompter.show(
                Text(
                    _(
                        "Every question of this walk is already answered "
                        "(use --review to walk them again)."
                    )
                )
            )
            return Outcome.COMPLETE
        plain_words = self.questionnaire.plain_language
        self.prompter.show(Text(_keys_plain() if plain_words else _(KEYS)))
        if index > 0:
            answered = self.draft.answered_count()
            resuming = (
                _("Resuming: {answered} of {total} questions answered so far.")
                if plain_words
                else _("Resuming at {id}: {answered} of {total} questions answered so far.")
            )
            self.prompter.show(
                Text(resuming.format(id=self.questions[index].id, answered=answered, total=total))
            )
        shown_factor = None
        while index < len(self.questions):
            question = self.questions[index]
            if question.factor != shown_factor:
                self.prompter.show(self._factor_panel(question.factor))
                shown_factor = question.factor
            self.prompter.show(self._question_view(question))
            step = self._ask(question, first=index == 0)
            if step == "quit":
                return Outcome.QUIT
            if step == "back":
                index -= 1
                continue
            following = self.questions[index + 1] if index + 1 < len(self.questions) else None
            if following is None or following.factor != question.factor:
                self.prompter.show(self._factor_summary(question.factor))
            index += 1
        if len(self.questions) == len(self.questionnaire.questions):
            return self._ask_open_questions()
        return Outcome.COMPLETE

    def _ask_open_questions(self) -> Outcome:
        """The unscored open questions, at the end; Enter skips (or keeps a saved answer)."""
        if not self.questionnaire.open_questions:
            return Outcome.COMPLETE
        intro = _("Last questions, in your own words. Press Enter to skip a question.")
        self.prompter.show(Group(Text(""), Text(intro, style="bold")))
        for open_question in self.questionnaire.open_questions:
            saved = self.draft.comments.get(open_question.id, "")
            parts: list[RenderableType] = [
                Text(""),
                Text(open_question.text),
                Text(open_question.help),
            ]
            if saved:
                parts.append(Text(_("Saved answer: {text} (Enter keeps it)").format(text=saved)))
            self.prompter.show(Group(*parts))
            try:
                text = clean(self.prompter.ask("> "))
            except EOFError:
                # Input ended after every scored question: optional answers, nothing to resume.
                break
            if text:
                self.draft.comments[open_question.id] = text
                self.save(self.draft)
        return Outcome.COMPLETE

    def _ask(self, question: Question, *, first: bool) -> Literal["next", "back", "quit"]:
        """Ask until the line means something; apply it. Returns where to go next."""
        while True:
            saved = self.draft.answers.get(question.id)
            has_saved = saved is not None and saved.value is not None
            if has_saved and saved:
                enter = (
                    _("Enter confirms {key}") if saved.carried else _("Enter keeps {key}")
                ).format(key=_key(saved))
                hint = f"{KEY_HINT}, {enter}"
            else:
                hint = KEY_HINT
            plain_words = self.questionnaire.plain_language
            prompt = _("Your answer: ") if plain_words else f"{question.id} [{hint}]: "
            reminder = _(REMINDER)
            if plain_words:
                reminder = _("Type a number from 0 to 4, or n, u, ?, b or q.")
            command = parse_line(self.prompter.ask(prompt))
            if command.kind == "answer":
                # A bare value keeps the saved note: a note once typed is never silently lost.
                note = command.note or (saved.note if saved is not None else "")
                # Re-assessment: the previous answer typed again is confirmed, not new.
                confirmed = (
                    saved is not None
                    and (saved.carried or saved.confirmed)
                    and (saved.value, saved.note, saved.evidence)
                    == (command.value, note, command.evidence)
                )
                self.draft.answers[question.id] = Answer(
                    value=command.value,
                    note=note,
                    evidence=command.evidence,
                    confirmed=confirmed,
                )
                try:
                    self.save(self.draft)
                except FileTooLarge:
                    # Saved, the file would be refused by every command: refuse the note instead.
                    if saved is None:
                        del self.draft.answers[question.id]
                    else:
                        self.draft.answers[question.id] = saved
                    self.prompter.show(
                        Text(_("That note makes the answers file too large; write a shorter one."))
                    )
                    continue
                return "next"
            if command.kind == "keep":
                if has_saved and saved is not None and saved.carried:
                    self.draft.answers[question.id] = saved.model_copy(
                        update={"carried": False, "confirmed": True}
                    )
                    self.save(self.draft)
                    return "next"
                if has_saved:
                    return "next"
                self.prompter.show(Text(_("No saved answer to keep.") + " " + reminder))
            elif command.kind == "help":
                self.prompter.show(self._help_view(question))
            elif command.kind == "back":
                if not first:
                    return "back"
                self.prompter.show(
                    Text(_("This is the first question; there is nothing before it."))
                )
            elif command.kind == "quit":
                return "quit"
            else:
                self.prompter.show(Text(reminder))

    # --- views ----------------------------------------------------------------------------------

    def _factor_panel(self, factor_id: str) -> RenderableType:
        factor = self.model.factor(factor_id)
        model_field = next(f for f in self.model.meta.fields if f.id == factor.field)
        answered, total = self.draft.answered_count(), len(self.draft.question_order)
        percent = round(100 * answered / total) if total else 100
        k, n = self.factor_ids.index(factor_id) + 1, len(self.factor_ids)
        body = Text()
        if self.questionnaire.plain_language:
            body.append(
                _("{answered} of {total} questions answered ({percent}%)").format(
                    answered=answered, total=total, percent=percent
                )
            )
            heading = _("Part {k} of {n}").format(k=k, n=n)
        else:
            body.append(
                _(
                    "Factor {k} of {n}, {answered} of {total} questions answered ({percent}%)"
                ).format(k=k, n=n, answered=answered, total=total, percent=percent)
                + "\n"
            )
            body.append(
                _("Field: {professionalisation} ({title})").format(
                    professionalisation=model_field.professionalisation, title=model_field.title
                )
                + "\n"
            )
            body.append(factor.statement)
            heading = f"{factor.id} {factor.title}"
        if self.plain:
            return Group(Text(""), Text(heading, style="bold"), body)
        return Group(Text(""), Panel(body, title=heading, title_align="left"))

    def _question_view(self, question: Question) -> RenderableType:
        in_factor = [q for q in self.questions if q.factor == question.factor]
        position = in_factor.index(question) + 1
        levels = Table.grid(padding=(0, 2))
        levels.add_column(justify="right")
        levels.add_column()
        for value, descriptor in question.levels.items():
            levels.add_row(str(value), descriptor)
        if self.questionnaire.plain_language:
            heading = _("Question {n} of {total}").format(n=position, total=len(in_factor))
        else:
            heading = _("{id} (question {n} of {total})").format(
                id=question.id, n=position, total=len(in_factor)
            )
        parts: list[RenderableType] = [
            Text(""),
            Text(heading, style="bold"),
            Text(question.text),
            levels,
        ]
        saved = self.draft.answers.get(question.id)
        if saved is not None and saved.value is not None and saved.carried:
            base = self.draft.baseline
            parts.append(
                Text(
                    _(
                        "Previous answer ({date}): {answer}. Enter confirms it unchanged; "
                        "or give the answer as it is today."
                    ).format(
                        date=base.date.isoformat() if base is not None else "?",
                        answer=describe(saved, self.questionnaire),
                    )
                )
            )
        elif saved is not None and saved.value is not None:
            parts.append(
                Text(_("Saved answer: {answer}").format(answer=describe(saved, self.questionnaire)))
            )
        return Group(*parts)

    def _help_view(self, question: Question) -> RenderableType:
        if self.questionnaire.plain_language:
            return Text(question.help)
        return Group(
            Text(question.help),
            Text(
                _("Source: {model} model documentation {source}").format(
                    model=self.model.meta.id, source=question.source
                )
            ),
        )

    def _factor_summary(self, factor_id: str) -> RenderableType:
        ids = [q.id for q in self.questionnaire.questions if q.factor == factor_id]
        values = [a.value for qid in ids if (a := self.draft.answers.get(qid)) is not None]
        levels = sum(isinstance(v, int) for v in values)
        na, unknown = values.count(NA), values.count(UNKNOWN)
        missing = len(ids) - levels - na - unknown
        if self.questionnaire.plain_language:
            return Text(_("This part is done."))
        text = _(
            "{factor} done, {n} questions: {levels} with a level, {na} not applicable, "
            "{unknown} don't know"
        ).format(factor=factor_id, n=len(ids), levels=levels, na=na, unknown=unknown)
        if missing:
            text += _(", {n} not answered").format(n=missing)
        return Text(text + ".")


# --- a whole session ----------------------------------------------------------------------------


@dataclass
class SessionResult:
    path: Path
    outcome: Outcome
    draft: Draft


def resume_hint(path: Path) -> str:
    return f"profint-assess assess --resume {shlex.quote(str(path))}"


def closing(prompter: Prompter, message: str, resume: Path | None) -> None:
    """The last words of a session; the resume command on a line of its own, never wrapped."""
    prompter.show(Text(""))
    prompter.show(Text(message))
    if resume is not None:
        prompter.show(_("Continue with: {command}").format(command=resume_hint(resume)))


class FileTooLarge(ProfintError):
    """Saving would make a file the tool then refuses to read (over the size limit)."""


class _Saver:
    """Saves the draft to one path, and never over a change it did not make.

    ``on_disk`` is the file's content as last read or written: when the file no longer holds it
    (an editor, or a second ``assess --resume`` on the same file), the draft goes to a side file
    and the walk stops, rather than overwrite. A failed write (a full disk) during the walk is
    told to the respondent and retried at the next answer: the answer stays in memory.
    """

    def __init__(self, path: Path, last: str | None = None, on_disk: bytes | None = None) -> None:
        self.path = path
        self.last = last
        self.on_disk = on_disk
        self.prompter: Prompter | None = None

    def write(self, draft: Draft) -> None:
        """Save now, or raise: FileTooLarge, AnswersError (changed on disk, cannot be written)."""
        from profint_assess.loading import MAX_FILE_BYTES

        text = dump_answers(draft)
        data = text.encode("utf-8")
        if len(data) > MAX_FILE_BYTES:
            raise FileTooLarge(
                [
                    Problem(
                        str(self.path), _("would be larger than {n} bytes").format(n=MAX_FILE_BYTES)
                    )
                ]
            )
        if self.on_disk is not None and self._current() not in (None, self.on_disk):
            side = self._side_file(text)
            raise AnswersError(
                [
                    Problem(
                        str(self.path),
                        _(
                            "changed on disk since it was read (an editor, or another assess on "
                            "the same file); it was not overwritten. Your answers are in {side}: "
                            "compare the two and keep one"
                        ).format(side=side),
                    )
                ]
            )
        try:
            write_atomic(self.path, text)
        except ProfintError as exc:  # write_atomic's own "cannot be written"
            reasons = "; ".join(p.message.removeprefix("cannot be written: ") for p in exc.problems)
            raise AnswersError(
                [Problem(str(self.path), _("cannot be saved: {why}").format(why=reasons))]
            ) from None
        self.last, self.on_disk = text, data

    def _current(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except OSError:
            return None  # gone or unreadable: nothing of someone else's to overwrite

    def _side_file(self, text: str) -> Path:
        import tempfile

        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        name = f"{self.path.stem}.unsaved-{stamp}.yaml"
        for folder in (self.path.parent, Path(tempfile.gettempdir())):
            try:
                write_atomic(folder / name, text)
                return folder / name
            except ProfintError:
                continue
        raise AnswersError(
            [Problem(str(self.path), _("changed on disk, and no side file could be written"))]
        )

    def __call__(self, draft: Draft) -> None:
        try:
            self.write(draft)
        except AnswersError as exc:
            if self.prompter is None or not exc.problems[0].message.startswith("cannot be saved"):
                raise
            # A full disk: stopping now would lose the answer just typed; keep it and go on.
            self.prompter.show(
                Text(
                    _(
                        "{problem}. Your answers are kept in memory and saved again after the "
                        "next answer; free some space, or quit (q) and continue later with: "
                        "{resume}"
                    ).format(problem=exc.problems[0], resume=resume_hint(self.path))
                )
            )

    def save_if_changed(self, draft: Draft) -> None:
        """Save unless the file already holds exactly this draft."""
        if self.last is None or dump_answers(draft) != self.last:
            self.write(draft)


def _name_problem(text: str) -> str | None:
    """Why an answers file could not hold ``text`` as a name (the loader would refuse it)."""
    from profint_assess.records import no_invisible_characters as _no_invisible_characters

    try:
        _no_invisible_characters(text)
    except ValueError as exc:
        return str(exc)
    return None


def _name_option(option: str, value: str | None) -> str:
    """``--organization``/``--device`` as the file will hold it, or a usage error."""
    from profint_assess.model import normalise_name

    text = normalise_name(clean(value or ""))
    problem = _name_problem(text)
    if problem:
        raise UsageError(f"{option}: {problem}")
    return text


def _ask_text(prompter: Prompter, label: str, default: str = "") -> str:
    from profint_assess.model import normalise_name

    while True:
        suffix = f" [{default}]" if default else ""
        text = normalise_name(clean(prompter.ask(f"{label}{suffix}: "))) or default
        problem = _name_problem(text)
        if problem:
            # Saved, the file would be refused by every command: ask again instead.
            prompter.show(
                Text(_("{label} {problem}; type it again.").format(label=label, problem=problem))
            )
            continue
        if text:
            return text
        prompter.show(
            Text(_("{label} is needed to name and file the assessment.").format(label=label))
        )


def _ask_role(prompter: Prompter, model: Model) -> str:
    roles = model.roles
    if len(roles) == 1:
        # A question with one possible answer is not worth a keypress.
        prompter.show(
            Text(
                _("Role: {role} (the only role this model has a questionnaire for)").format(
                    role=roles[0]
                )
            )
        )
        return roles[0]
    default = "manager" if "manager" in roles else roles[0]
    while True:
        role = clean(
            prompter.ask(
                _("Your role ({roles}) [{default}]: ").format(
                    roles=", ".join(roles), default=default
                )
            )
        ).lower()
        role = role or default
        if role in roles:
            return role
        prompter.show(
            Text(
                _("{role} is not a role with a questionnaire: {roles}.").format(
                    role=repr(role), roles=", ".join(roles)
                )
            )
        )


def check_factors(questionnaire: Questionnaire, factors: Sequence[str]) -> list[str]:
    """``--factor`` values (repeatable, or comma-separated) as factor ids the walk asks about."""
    ids = [f.strip().upper() for value in factors for f in value.split(",") if f.strip()]
    asked = list(dict.fromkeys(q.factor for q in questionnaire.questions))
    unknown = [f for f in ids if f not in asked]
    if unknown:
        raise UsageError(
            f"--factor {', '.join(unknown)}: not a factor of {questionnaire.id!r} "
            f"(factors: {', '.join(asked)})"
        )
    return ids


def run_session(
    model: Model,
    prompter: Prompter,
    *,
    output: Path | None = None,
    resume: Path | None = None,
    previous: Path | None = None,
    organization: str | None = None,
    device: str | None = None,
    role: str | None = None,
    factors: Sequence[str] = (),
    review: bool = False,
    force: bool = False,
    plain: bool = False,
    today: dt.date | None = None,
) -> SessionResult:
    """Ask for what is missing, walk the questions, save after every answer.

    Raises Interrupted (after saving) on Ctrl-C or end of input, UsageError when the output
    exists and is neither resumed nor ``force``-d.
    """
    draft: Draft | None = None
    saver: _Saver | None = None
    try:
        if resume is not None and previous is not None:
            raise UsageError("--resume and --from: give one (--resume continues a file)")
        if resume is not None:
            draft, saver = _resumed(model, resume, output, organization, device, role, force)
        elif previous is not None:
            draft, saver = _from_previous(model, previous, output, role, force, today, factors)
            prompter.show(Text(_("Saving to {path} after every answer.").format(path=saver.path)))
        else:
            draft, saver = _new(
                model, prompter, output, organization, device, role, force, today, factors
            )
        saver.prompter = prompter
        # The file records the language of the walk (the last one, when resumed in another).
        draft.lang = language()
        questionnaire = model.questionnaire(draft.questionnaire)
        assert questionnaire is not None, "checked when the draft was made"
        walk = Walk(
            model,
            questionnaire,
            draft,
            prompter,
            saver,
            factors=check_factors(questionnaire, factors),
            review=review,
            plain=plain,
        )
        outcome = walk.run()
        draft.status = "complete" if draft.complete else "in-progress"
        saver.save_if_changed(draft)
        return SessionResult(saver.path, outcome, draft)
    except (KeyboardInterrupt, EOFError) as exc:
        prompter.show(Text(""))
        why = _("interrupted") if isinstance(exc, KeyboardInterrupt) else _("input ended")
        if draft is None or saver is None:
            raise Interrupted(
                [
                    Problem(
                        "assess",
                        _("{why} before the first question; nothing was saved").format(why=why),
                    )
                ]
            ) from None
        saver.save_if_changed(draft)
        total = len(draft.question_order)
        raise Interrupted(
            [
                Problem(
                    str(saver.path),
                    _(
                        "{why}: {answered} of {total} questions answered, all saved "
                        "(status {status}). Resume with: {command}"
                    ).format(
                        why=why,
                        answered=draft.answered_count(),
                        total=total,
                        status=draft.status,
                        command=resume_hint(saver.path),
                    ),
                )
            ]
        ) from None


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.is_symlink() and not path.exists():
        # Saving would create the file the link names, wherever that is: never follow it.
        raise UsageError(
            [
                Problem(
                    str(path),
                    _("is a symbolic link to a missing file; choose another file with -o"),
                )
            ]
        )
    if path.exists() and not force:
        raise UsageError(
            [
                Problem(
                    str(path),
                    "already exists; continue it with "
                    f"`{resume_hint(path)}`, choose another file with -o, or overwrite it "
                    "with --force",
                )
            ]
        )


def _new(
    model: Model,
    prompter: Prompter,
    output: Path | None,
    organization: str | None,
    device: str | None,
    role: str | None,
    force: bool,
    today: dt.date | None,
    factors: Sequence[str] = (),
) -> tuple[Draft, _Saver]:
    today = today or dt.date.today()
    if output is not None:
        _refuse_overwrite(output, force)
    if role is not None:
        model.require_questionnaire(role)
    organization = _name_option("--organization", organization) or _ask_text(
        prompter, _("Organisation")
    )
    if output is None:
        output = Path(default_output_name(organization, today))
        _refuse_overwrite(output, force)
    device = _name_option("--device", device) or _ask_text(
        prompter, _("Device (the programme assessed)")
    )
    role = role or _ask_role(prompter, model)
    questionnaire = model.questionnaire_for(role)
    assert questionnaire is not None
    check_factors(questionnaire, factors)  # before the file exists: a typo leaves nothing behind
    draft = Draft(
        questionnaire=questionnaire.id,
        model_id=model.meta.id,
        model_version=model.meta.version,
        organization=organization,
        device=device,
        role=role,
        date=today,
        question_order=[q.id for q in questionnaire.questions],
    )
    saver = _Saver(output)
    saver(draft)  # the file exists from now on, even before the first answer
    prompter.show(Text(_("Saving to {path} after every answer.").format(path=output)))
    return draft, saver


def _resumed(
    model: Model,
    resume: Path,
    output: Path | None,
    organization: str | None,
    device: str | None,
    role: str | None,
    force: bool,
) -> tuple[Draft, _Saver]:
    from profint_assess.loading import load_answers

    try:
        on_disk: bytes | None = resume.read_bytes()  # what a later save must still find there
    except OSError:
        on_disk = None  # load_answers says why
    answers = load_answers(resume, model)
    questionnaire = model.questionnaire(answers.questionnaire)
    assert questionnaire is not None, "load_answers checks the questionnaire"
    if role is not None and role != answers.respondent.role:
        raise UsageError(
            f"--role {role}: {resume} was answered as {answers.respondent.role!r}; "
            "a resumed file keeps its role"
        )
    draft = Draft.from_file(answers, questionnaire)
    draft.organization = _name_option("--organization", organization) or draft.organization
    draft.device = _name_option("--device", device) or draft.device
    if output is None or output.resolve() == resume.resolve():
        # Nothing is rewritten until something changes: a hand-edited file keeps its comments.
        return draft, _Saver(resume, dump_answers(Draft.from_file(answers, questionnaire)), on_disk)
    _refuse_overwrite(output, force)
    saver = _Saver(output)
    saver(draft)
    return draft, saver


def _from_previous(
    model: Model,
    previous: Path,
    output: Path | None,
    role: str | None,
    force: bool,
    today: dt.date | None,
    factors: Sequence[str] = (),
) -> tuple[Draft, _Saver]:
    """A re-assessment: a new file whose answers start as the previous ones, to be confirmed."""
    from profint_assess.loading import load_answers

    answers = load_answers(previous, model)
    questionnaire = model.questionnaire(answers.questionnaire)
    assert questionnaire is not None, "load_answers checks the questionnaire"
    if role is not None and role != answers.respondent.role:
        raise UsageError(
            f"--role {role}: {previous} was answered as {answers.respondent.role!r}; "
            "a re-assessment keeps its role"
        )
    today = today or dt.date.today()
    output = output or Path(default_output_name(answers.organization, today))
    if output.resolve() == previous.resolve():
        raise UsageError(
            [
                Problem(
                    str(output),
                    "is the previous assessment (--from); the new one needs its own file: "
                    "give -o NEW.yaml",
                )
            ]
        )
    _refuse_overwrite(output, force)
    check_factors(questionnaire, factors)  # before the file exists
    draft = Draft.carried_over(answers, questionnaire, str(previous), today)
    saver = _Saver(output)
    saver(draft)
    return draft, saver
