"""Learning-grid answers files: the blank template and the draft the plain-language walk fills in.

The same envelope as every answers file (``format: profint-answers/1``); each answer is
``{progress: yes | no | not-concerned, importance: 1 | 2 | 3}``, either part may be missing.
Progress words are written quoted (``"yes"``): YAML 1.1 would read a bare yes as a boolean.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field

from profint_assess.answers import yaml_str
from profint_assess.records import ANSWERS_FORMAT, GridAnswer, GridAnswersFile, LearningGrid, Model


def _comment(text: str, indent: str = "", width: int = 96) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(" ".join(text.split()), width)]


def blank_grid_template(
    model: Model, grid: LearningGrid, role: str = "beneficiary", today: dt.date | None = None
) -> str:
    """A blank grid answers file: every proposal with its text as a comment, the choices on top."""
    today = today or dt.date.today()
    lines = [f"# PROFINT answers file: {grid.title}", "#"]
    if grid.reconstruction:
        lines += _comment(f"Note: {grid.reconstruction}")
        lines.append("#")
    lines += [
        "# For each sentence, fill in after the colons:",
        "#   progress:   " + ", ".join(f"{c.value} ({c.label})" for c in grid.progress),
        "#   importance: " + ", ".join(f"{c.value} ({c.label})" for c in grid.importance),
        "# Either may stay empty. Score with: profint-assess score FILE (3 people or more).",
        "",
        f"format: {ANSWERS_FORMAT}",
        f"questionnaire: {grid.id}",
        f"model: {{id: {model.meta.id}, version: {yaml_str(model.meta.version)}}}",
        'organization: ""      # the organisation',
        'device: ""            # the programme',
        f"respondent: {{role: {role}}}",
        f"date: {today.isoformat()}",
        "status: in-progress    # set to complete when every sentence is answered",
        "answers:",
    ]
    for domain in grid.domains:
        lines += ["", f"  # === {domain.plain_title or domain.title} ==="]
        for proposal in sorted(grid.proposals_of(domain), key=lambda p: p.number):
            lines += _comment(f"{proposal.number}. {proposal.text}", "  ")
            lines.append(f"  {proposal.id}: {{progress: , importance: }}")
    return "\n".join(lines) + "\n"


@dataclass
class GridDraft:
    """One beneficiary's grid answers while the walk fills them in; saved after each answer."""

    grid: str
    model_id: str
    model_version: str
    organization: str
    device: str
    date: dt.date
    order: list[str]
    role: str = "beneficiary"
    status: str = "in-progress"
    respondent_name: str = ""
    answers: dict[str, GridAnswer] = field(default_factory=dict)

    @classmethod
    def from_file(cls, answers: GridAnswersFile, grid: LearningGrid) -> GridDraft:
        return cls(
            grid=grid.id,
            model_id=answers.model.id,
            model_version=answers.model.version,
            organization=answers.organization,
            device=answers.device,
            date=answers.date,
            order=[p.id for p in sorted(grid.proposals, key=lambda p: p.number)],
            role=answers.respondent.role,
            status=answers.status,
            respondent_name=answers.respondent.name,
            answers=dict(answers.answers),
        )

    def answered(self, proposal_id: str) -> bool:
        """Both parts given: a half-answered proposal is asked again on resume."""
        answer = self.answers.get(proposal_id)
        return answer is not None and answer.progress is not None and answer.importance is not None

    def first_unanswered(self) -> int:
        """Where a resumed walk starts: the first sentence without both answers."""
        return next(
            (i for i, pid in enumerate(self.order) if not self.answered(pid)), len(self.order)
        )

    def answered_count(self) -> int:
        return sum(self.answered(pid) for pid in self.order)

    @property
    def complete(self) -> bool:
        return all(self.answered(pid) for pid in self.order)


def dump_grid_answers(draft: GridDraft) -> str:
    """The draft as a grid answers file that ``load_any_answers`` accepts."""
    respondent = f"role: {draft.role}"
    if draft.respondent_name:
        respondent += f", name: {yaml_str(draft.respondent_name)}"
    lines = [
        "# PROFINT learning-progress answers, saved by `profint-assess assess` after every answer.",
        "# Continue with: profint-assess assess --resume THIS_FILE",
        f"format: {ANSWERS_FORMAT}",
        f"questionnaire: {draft.grid}",
        f"model: {{id: {draft.model_id}, version: {yaml_str(draft.model_version)}}}",
        f"organization: {yaml_str(draft.organization)}",
        f"device: {yaml_str(draft.device)}",
        f"respondent: {{{respondent}}}",
        f"date: {draft.date.isoformat()}",
        f"status: {draft.status}",
    ]
    entries = []
    for pid in [*draft.order, *sorted(set(draft.answers) - set(draft.order))]:
        answer = draft.answers.get(pid)
        if answer is None or (answer.progress is None and answer.importance is None):
            continue
        parts = []
        if answer.progress is not None:
            parts.append(f"progress: {yaml_str(answer.progress)}")
        if answer.importance is not None:
            parts.append(f"importance: {answer.importance}")
        entries.append(f"  {pid}: {{{', '.join(parts)}}}")
    lines += ["answers:", *entries] if entries else ["answers: {}"]
    return "\n".join(lines) + "\n"
