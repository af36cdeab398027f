"""The plain-language walk through a learning-progress grid, for one beneficiary.

For each sentence: did the person progress (y, n, x for "does not concern me"), then how important
it is to them (1-3). No ids, factor names or scores are shown: only the grid's own words. The
draft is saved after every answer; Ctrl-C or end of input saves and raises
:class:`~profint_assess.errors.Interrupted`, as the maturity walk does (``interview.py``), whose
prompter and closing words this walk shares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from profint_assess.errors import AnswersError, Interrupted, Problem, ProfintError, UsageError
from profint_assess.i18n import _
from profint_assess.interview import Outcome, Prompter, clean, resume_hint
from profint_assess.learning_answers import GridDraft, dump_grid_answers
from profint_assess.model import GridAnswer, LearningGrid, Model, Proposal

_PROGRESS_KEYS = {"y": "yes", "yes": "yes", "n": "no", "no": "no", "x": "not-concerned"}
_PROGRESS_KEYS["not-concerned"] = "not-concerned"
_KEY_OF = {"yes": "y", "no": "n", "not-concerned": "x"}

Step = Literal["next", "back", "quit"]


@dataclass
class GridSession:
    path: Path
    outcome: Outcome
    draft: GridDraft


class GridWalk:
    """The grid's sentences in their numbering, each asked in two steps."""

    def __init__(
        self,
        grid: LearningGrid,
        draft: GridDraft,
        prompter: Prompter,
        save: Callable[[GridDraft], None],
        *,
        review: bool = False,
        plain: bool = False,
    ) -> None:
        self.grid = grid
        self.draft = draft
        self.prompter = prompter
        self.save = save
        self.review = review
        self.plain = plain
        self.proposals = sorted(grid.proposals, key=lambda p: p.number)

    def run(self) -> Outcome:
        index = 0 if self.review else self.draft.first_unanswered()
        if index == len(self.proposals):
            self.prompter.show(Text(_("Every sentence is already answered.")))
            return Outcome.COMPLETE
        self.prompter.show(
            Text(
                _(
                    "For each sentence, two answers: progress (y yes, n no, x this does not "
                    "concern me), then importance (1, 2 or 3). Enter skips or keeps the saved "
                    "answer, b goes back, q saves and stops."
                )
            )
        )
        shown_domain = None
        while index < len(self.proposals):
            proposal = self.proposals[index]
            domain = self.grid.domain_of(proposal)
            if domain.id != shown_domain:
                k = self.grid.domains.index(domain) + 1
                heading = _("Part {k} of {n}: {title}").format(
                    k=k, n=len(self.grid.domains), title=domain.plain_title or domain.title
                )
                self.prompter.show(Group(Text(""), Text(heading, style="bold")))
                shown_domain = domain.id
            self.prompter.show(self._sentence(proposal, index))
            step = self._ask(proposal, first=index == 0)
            if step == "quit":
                return Outcome.QUIT
            index = index - 1 if step == "back" else index + 1
        return Outcome.COMPLETE

    def _sentence(self, proposal: Proposal, index: int) -> RenderableType:
        return Group(
            Text(""),
            Text(_("Sentence {k} of {n}").format(k=index + 1, n=len(self.proposals)), style="bold"),
            Text(proposal.text),
        )

    def _choices(self, kind: str) -> RenderableType:
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right")
        table.add_column()
        if kind == "progress":
            for choice in self.grid.progress:
                table.add_row(_KEY_OF.get(str(choice.value), str(choice.value)), choice.label)
        else:
            for choice in self.grid.importance:
                table.add_row(str(choice.value), choice.label)
        return table

    def _ask(self, proposal: Proposal, *, first: bool) -> Step:
        part: Literal["progress", "importance"] = "progress"
        while True:
            saved = self.draft.answers.get(proposal.id) or GridAnswer()
            self.prompter.show(self._choices(part))
            if part == "progress":
                kept = (
                    _(", Enter keeps {key}").format(key=_KEY_OF[saved.progress])
                    if saved.progress
                    else ""
                )
                line = clean(
                    self.prompter.ask(
                        _("Progress [y n x{kept}, b back, q stop]: ").format(kept=kept)
                    )
                )
            else:
                kept = (
                    _(", Enter keeps {key}").format(key=saved.importance)
                    if saved.importance
                    else ""
                )
                line = clean(
                    self.prompter.ask(
                        _("Importance [1 2 3{kept}, b back, q stop]: ").format(kept=kept)
                    )
                )
            key = line.lower()
            if key == "q":
                return "quit"
            if key == "b":
                if part == "importance":
                    part = "progress"
                    continue
                if first:
                    self.prompter.show(Text(_("This is the first sentence.")))
                    continue
                return "back"
            if not key:
                if part == "progress":
                    part = "importance"
                    continue
                return "next"
            if part == "progress" and key in _PROGRESS_KEYS:
                self._set(proposal, saved.model_copy(update={"progress": _PROGRESS_KEYS[key]}))
                part = "importance"
                continue
            if part == "importance" and key in ("1", "2", "3"):
                self._set(proposal, saved.model_copy(update={"importance": int(key)}))
                return "next"
            if part == "progress":
                self.prompter.show(Text(_("Type y (yes), n (no) or x (does not concern me).")))
            else:
                self.prompter.show(Text(_("Type 1, 2 or 3.")))

    def _set(self, proposal: Proposal, answer: GridAnswer) -> None:
        self.draft.answers[proposal.id] = answer
        self.save(self.draft)


class _Saver:
    def __init__(self, path: Path, last: str | None = None) -> None:
        self.path = path
        self.last = last

    def __call__(self, draft: GridDraft) -> None:
        from profint_assess.answers import write_atomic

        text = dump_grid_answers(draft)
        try:
            write_atomic(self.path, text)
        except ProfintError as exc:
            reasons = "; ".join(p.message.removeprefix("cannot be written: ") for p in exc.problems)
            raise AnswersError([Problem(str(self.path), f"cannot be saved: {reasons}")]) from None
        self.last = text

    def save_if_changed(self, draft: GridDraft) -> None:
        if self.last is None or dump_grid_answers(draft) != self.last:
            self(draft)


def _refuse_overwrite(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise UsageError(
            [
                Problem(
                    str(path),
                    f"already exists; continue it with `{resume_hint(path)}`, choose another "
                    "file with -o, or overwrite it with --force",
                )
            ]
        )


def run_grid_session(
    model: Model,
    grid: LearningGrid,
    prompter: Prompter,
    *,
    output: Path | None = None,
    resume: Path | None = None,
    organization: str | None = None,
    device: str | None = None,
    review: bool = False,
    force: bool = False,
    plain: bool = False,
    today: dt.date | None = None,
) -> GridSession:
    """Ask for what is missing, walk the sentences, save after every answer."""
    from profint_assess.answers import default_output_name
    from profint_assess.interview import _ask_text

    draft: GridDraft | None = None
    saver: _Saver | None = None
    try:
        if resume is not None:
            from profint_assess.loading import load_any_answers
            from profint_assess.records import GridAnswersFile

            loaded = load_any_answers(resume, model)
            if not isinstance(loaded, GridAnswersFile):
                raise UsageError(f"{resume}: not a learning-grid answers file")
            draft = GridDraft.from_file(loaded, grid)
            draft.organization = clean(organization or "") or draft.organization
            draft.device = clean(device or "") or draft.device
            if output is None or output.resolve() == resume.resolve():
                saver = _Saver(resume, dump_grid_answers(GridDraft.from_file(loaded, grid)))
            else:
                _refuse_overwrite(output, force)
                saver = _Saver(output)
                saver(draft)
        else:
            today = today or dt.date.today()
            if output is not None:
                _refuse_overwrite(output, force)
            organization = clean(organization or "") or _ask_text(prompter, "Organisation")
            if output is None:
                output = Path(default_output_name(organization, today))
                _refuse_overwrite(output, force)
            device = clean(device or "") or _ask_text(prompter, "Programme")
            draft = GridDraft(
                grid=grid.id,
                model_id=model.meta.id,
                model_version=model.meta.version,
                organization=organization,
                device=device,
                date=today,
                order=[p.id for p in sorted(grid.proposals, key=lambda p: p.number)],
                role=grid.roles[0],
            )
            saver = _Saver(output)
            saver(draft)
            prompter.show(Text(_("Saving to {path} after every answer.").format(path=output)))
        if grid.description:
            prompter.show(Text(grid.description))
        outcome = GridWalk(grid, draft, prompter, saver, review=review, plain=plain).run()
        draft.status = "complete" if draft.complete else "in-progress"
        saver.save_if_changed(draft)
        return GridSession(saver.path, outcome, draft)
    except (KeyboardInterrupt, EOFError) as exc:
        prompter.show(Text(""))
        why = "interrupted" if isinstance(exc, KeyboardInterrupt) else "input ended"
        if draft is None or saver is None:
            raise Interrupted(
                [Problem("assess", f"{why} before the first sentence; nothing was saved")]
            ) from None
        saver.save_if_changed(draft)
        raise Interrupted(
            [
                Problem(
                    str(saver.path),
                    f"{why}: {draft.answered_count()} of {len(draft.order)} sentences answered, "
                    f"all saved (status {draft.status}). Resume with: {resume_hint(saver.path)}",
                )
            ]
        ) from None
