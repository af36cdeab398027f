"""Batch scoring, pure: group answers files into assessments, score them, summarise the network.

No I/O and no printing. Files arrive one at a time (the caller reads them) and may come in any
order: the respondents of one device can be anywhere in the input. So that memory stays flat as
the number of files grows, a validated file is not kept as it is: only what scoring needs is kept,
one byte per question (see :class:`Batch`), and its assessment is rebuilt and scored when the
output asks for it, in a deterministic order (organisation, device, date). Notes are dropped
(no batch output shows them); only whether an na had one is kept.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from profint_assess.errors import Problem
from profint_assess.i18n import _
from profint_assess.records import (
    ANSWERS_FORMAT,
    DECLARED,
    DOCUMENTED,
    METHOD,
    NA,
    ROLES,
    UNKNOWN,
    VERIFIED,
    Answer,
    AnswersFile,
    GridAnswersFile,
    Model,
    ModelRef,
)
from profint_assess.records import Respondent as RespondentModel
from profint_assess.scoring import Report, resolve_targets, score, split_left_out

# The compact batch JSON (texts once, assessments by reference); /1 is ``--format json-full``.
BATCH_FORMAT = "profint-batch/3"
BATCH_FORMAT_FULL = "profint-batch/1"
Key = tuple[str, str, dt.date]  # organisation, device, date: one assessment

# One byte per answer: the value 0-4 (declared), or one of these codes. Scoring needs a value's
# evidence, and whether an na has a note (an na without one is an answer to check), but no note
# itself: an na with a note gets a placeholder note that no batch output shows.
_NA, _UNKNOWN, _BLANK, _ABSENT, _NA_NOTED = 5, 6, 7, 8, 9
_DOCUMENTED, _VERIFIED = 10, 15  # + the value 0-4
_PLACEHOLDER_NOTE = "(note)"
_ANSWERS: dict[int, Answer] = {
    **{
        base + value: Answer(value=value, note="", evidence=evidence)
        for base, evidence in ((0, DECLARED), (_DOCUMENTED, DOCUMENTED), (_VERIFIED, VERIFIED))
        for value in range(5)
    },
    _NA: Answer(value=NA, note="", evidence=DECLARED),
    _NA_NOTED: Answer(value=NA, note=_PLACEHOLDER_NOTE, evidence=DECLARED),
    _UNKNOWN: Answer(value=UNKNOWN, note="", evidence=DECLARED),
    _BLANK: Answer(value=None, note="", evidence=DECLARED),
}
_EVIDENCE_BASE = {DECLARED: 0, DOCUMENTED: _DOCUMENTED, VERIFIED: _VERIFIED}


def _code(answer: Answer) -> int:
    value = answer.value
    if value is None:
        return _BLANK
    if value == NA:
        return _NA_NOTED if answer.note else _NA
    if value == UNKNOWN:
        return _UNKNOWN
    return _EVIDENCE_BASE[answer.evidence] + value  # type: ignore[operator]


_STATUSES = ("complete", "in-progress")
_HEAD = 7  # record header: questionnaire, role, status (a byte each), target (4 bytes)


# (key, record, target, respondent): ``respondent`` names one person across files (see
# :func:`respondent_id`), or is None when files cannot tell two respondents apart.
Encoded = tuple[Key, bytes, "float | dict[str, float] | None", "str | None"]
_DROPPED = 2  # status byte of a record left out: the draft copy of a complete file


def respondent_id(answers: AnswersFile) -> str | None:
    """Who answered, when files can tell: a named respondent, or the device's one manager.

    Unnamed team members, partners or beneficiaries are many: two unnamed files are two people.
    """
    role, name = answers.respondent.role, answers.respondent.name.strip()
    if name:
        return f"{role}: {name}"
    return role if role == "manager" else None


class Encoder:
    """Turns a validated answers file into its assessment key and a compact record.

    Needs only the model, so worker processes (``batch --jobs``) can encode files they read.
    """

    def __init__(self, model: Model) -> None:
        # Question ids per questionnaire, in order; built once, not per file.
        self.questionnaires = [q.id for q in model.questionnaires]
        self.question_ids = [tuple(qn.id for qn in q.questions) for q in model.questionnaires]

    def encode(self, answers: AnswersFile) -> Encoded:
        """(key, record, target): the record's target index is left 0 for :meth:`Batch.add`."""
        key = (answers.organization, answers.device, answers.date)
        qn = self.questionnaires.index(answers.questionnaire)
        question_ids = self.question_ids[qn]
        record = bytearray(_HEAD + len(question_ids))
        record[0] = qn
        record[1] = ROLES.index(answers.respondent.role)
        record[2] = _STATUSES.index(answers.status)
        given = answers.answers
        for i, qid in enumerate(question_ids, _HEAD):
            answer = given.get(qid)
            record[i] = _ABSENT if answer is None else _code(answer)
        return key, bytes(record), answers.target, respondent_id(answers)


class Batch:
    """Answers files grouped into assessments as they arrive; scored in key order on demand.

    Each assessment is kept as one ``bytearray``: a record per respondent, a 7-byte header
    (questionnaire, role and status as indices, target as an index into a table of the distinct
    targets seen, 0 for none) then one byte per question of the questionnaire, in its order: the
    value 0-4, or a code for na, unknown, blank and absent. About 70 bytes per file.
    """

    def __init__(self, model: Model, targets: Mapping[str, float] | None = None) -> None:
        self.model = model
        self.overrides = dict(targets or {})
        self.files = 0
        self.encoder = Encoder(model)
        self._groups: dict[Key, bytearray] = {}
        self._targets: list[float | dict[str, float]] = []
        self._target_index: dict[str, int] = {}
        self._ref = ModelRef(id=model.meta.id, version=model.meta.version)
        self._target_of: dict[Key, int] = {}  # the first target code seen per assessment
        # Per assessment, respondent -> (offset of their record, status byte), for drafts.
        self._respondents: dict[Key, dict[str, tuple[int, int]]] = {}
        self.notes: list[Problem] = []  # what was left out and why (not errors)
        self._conflicting: set[Key] = set()
        # Learning-grid files, kept apart: they never enter an assessment's scores. Kept whole
        # (about 2 kB each): a network has far fewer grid files than answers files.
        self.learning_files: list[GridAnswersFile] = []

    def add(self, answers: AnswersFile) -> Key:
        """Add one answers file, already checked against the model; return its assessment key."""
        if isinstance(answers, GridAnswersFile):
            self.learning_files.append(answers)
            self.files += 1
            return (answers.organization, answers.device, answers.date)
        return self.add_encoded(self.encoder.encode(answers))

    def add_encoded(self, encoded: Encoded) -> Key:
        """Add what :meth:`Encoder.encode` gave for one file; return its assessment key."""
        key, record, target, *rest = encoded
        who = rest[0] if rest else None
        if target is not None:
            number = self._target_code(target)
            if self._target_of.setdefault(key, number) != number:
                self._conflicting.add(key)  # scoring would refuse it: see drop_conflicting
            code = number.to_bytes(4, "big")
            record = record[:3] + code + record[_HEAD:]
        # The first file's key is kept; equal keys of later files are dropped with the file.
        # Appended in place: ``bytes + record`` copied the whole assessment at every file.
        group = self._groups.get(key)
        offset = 0 if group is None else len(group)
        if who is not None:
            record = self._keep_complete(key, who, offset, record)
        if group is None:
            self._groups[key] = bytearray(record)
        else:
            group += record
        self.files += 1
        return key

    def _keep_complete(self, key: Key, who: str, offset: int, record: bytes) -> bytes:
        """An in-progress copy and a complete file of one respondent: the complete one counts.

        Merged, the respondent would count twice (a draft saved by ``assess`` before the file
        was finished, copied into the same folder). Two drafts or two complete files are kept:
        nothing says which one is right.
        """
        seen = self._respondents.setdefault(key, {})
        status = record[2]
        previous = seen.get(who)
        if previous is None or previous[1] == status or _DROPPED in (previous[1], status):
            seen.setdefault(who, (offset, status))
            return record
        org, device, date = key
        self.notes.append(
            Problem(
                f"{org} / {device} / {date.isoformat()}",
                _("{who}: an in-progress copy and a complete file; kept the complete one").format(
                    who=who
                ),
            )
        )
        if status == _STATUSES.index("complete"):
            self._groups[key][previous[0] + 2] = _DROPPED
            seen[who] = (offset, status)
            return record
        seen[who] = (previous[0], _DROPPED)  # decided: a third file is kept as it comes
        return record[:2] + bytes([_DROPPED]) + record[3:]

    def drop_conflicting(self) -> tuple[list[Problem], int]:
        """Leave out the assessments whose files set different targets: a problem for each,
        and how many files were left out (they count as invalid).

        ``score`` refuses such files; in a batch they are one invalid assessment, not a reason
        to stop scoring the others.
        """
        problems, dropped = [], 0
        for key in sorted(self._conflicting):
            files = len(self.answers(key))
            del self._groups[key]
            self.files -= files
            dropped += files
            org, device, date = key
            problems.append(
                Problem(
                    f"{org} / {device} / {date.isoformat()}",
                    _(
                        "its {n} files set different targets; left out (make them agree, or "
                        "give the target with --target)"
                    ).format(n=files),
                )
            )
        self._conflicting.clear()
        return problems, dropped

    def _target_code(self, target: float | dict[str, float]) -> int:
        text = json.dumps(target, sort_keys=True)
        code = self._target_index.get(text)
        if code is None:
            self._targets.append(target)
            code = self._target_index[text] = len(self._targets)
        return code

    def __len__(self) -> int:
        return len(self._groups)

    def keys(self) -> list[Key]:
        """Assessment keys in output order."""
        return sorted(self._groups)

    def answers(self, key: Key) -> list[AnswersFile]:
        """The assessment's answers files, in the order they were added (notes dropped).

        Rebuilt without validating again (they were validated when added); answers are frozen,
        so one instance per value serves every question of every file.
        """
        data = self._groups[key]
        files = []
        at = 0
        while at < len(data):
            qn, role, status = data[at], data[at + 1], data[at + 2]
            target_code = int.from_bytes(data[at + 3 : at + _HEAD], "big")
            question_ids = self.encoder.question_ids[qn]
            end = at + _HEAD + len(question_ids)
            if status == _DROPPED:
                at = end
                continue
            answers = {
                qid: _ANSWERS[code]
                for qid, code in zip(question_ids, data[at + _HEAD : end], strict=True)
                if code != _ABSENT
            }
            files.append(
                AnswersFile(
                    format=ANSWERS_FORMAT,
                    questionnaire=self.encoder.questionnaires[qn],
                    model=self._ref,
                    organization=key[0],
                    device=key[1],
                    respondent=RespondentModel(role=ROLES[role], name=""),
                    date=key[2],
                    status=_STATUSES[status],
                    target=self._targets[target_code - 1] if target_code else None,
                    answers=answers,
                )
            )
            at = end
        return files

    def kept(self, key: Key) -> list[bool]:
        """Per file added to the assessment, in order: whether :meth:`answers` gives it back
        (False for the in-progress copy of a complete file). The export pairs its own notes on
        each file with these."""
        data = self._groups[key]
        kept, at = [], 0
        while at < len(data):
            kept.append(data[at + 2] != _DROPPED)
            at += _HEAD + len(self.encoder.question_ids[data[at]])
        return kept

    def score(self, key: Key) -> Report:
        """The report ``score`` gives for these files, without ``Report.answers``."""
        files = self.answers(key)
        # Targets from the files that count: a left-out file must not set one either.
        targets = resolve_targets(self.model, split_left_out(files)[0], self.overrides)
        return score(self.model, files, targets, keep_answers=False)

    def reports(self, summary: Summary | None = None) -> Iterator[Report]:
        """Every assessment scored, in key order, one at a time; each added to ``summary``."""
        for key in self.keys():
            report = self.score(key)
            if summary is not None:
                summary.add(report)
            yield report


# --- summary statistics -------------------------------------------------------------------------


@dataclass(frozen=True)
class Stats:
    """Count, mean, quartiles and range of one column; None where nothing was assessed."""

    count: int
    mean: float | None
    median: float | None
    q1: float | None
    q3: float | None
    min: float | None
    max: float | None

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "count": self.count,
            "mean": self.mean,
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "min": self.min,
            "max": self.max,
        }


def quantile(ordered: Sequence[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default, Excel's QUARTILE.INC).

    The p-quantile of sorted x[0..n-1] is at position p*(n-1): e.g. the first quartile of
    10, 20, 30, 40 is at 0.75, i.e. 10 + 0.75*(20-10) = 17.5.
    """
    position = p * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (position - low) * (ordered[high] - ordered[low])


def describe(values: Iterable[float | None]) -> Stats:
    """Statistics over the assessed values (None and NaN are left out, as not assessed)."""
    ordered = sorted(v for v in values if v is not None and not math.isnan(v))
    if not ordered:
        return Stats(0, None, None, None, None, None, None)
    return Stats(
        count=len(ordered),
        mean=math.fsum(ordered) / len(ordered),
        median=quantile(ordered, 0.5),
        q1=quantile(ordered, 0.25),
        q3=quantile(ordered, 0.75),
        min=ordered[0],
        max=ordered[-1],
    )


def coverage(report: Report) -> float | None:
    """Answered questions over applicable ones, across every factor and respondent."""
    applicable = sum(f.applicable for f in report.factors)
    return sum(f.answered for f in report.factors) / applicable if applicable else None


@dataclass
class Summary:
    """Per-column values of every assessment added (8 bytes each), described on demand."""

    model: Model
    columns: dict[str, array] = field(init=False)
    below_target: dict[str, int] = field(init=False)
    count: int = 0
    # Answers files left out of every number (roles below their minimum), and answers to check,
    # over every assessment: how much of the network's picture rests on what was set aside.
    left_out_files: int = 0
    checks: int = 0

    def __post_init__(self) -> None:
        ids = ["overall", *(f.id for f in self.model.meta.fields)]
        ids += [f.id for f in self.model.factors] + ["coverage"]
        self.columns = {column: array("d") for column in ids}
        self.below_target = {f.id: 0 for f in self.model.factors}

    def add(self, report: Report) -> None:
        nan = math.nan
        columns = self.columns
        columns["overall"].append(nan if report.overall_score is None else report.overall_score)
        for f in report.fields:
            columns[f.id].append(nan if f.score is None else f.score)
        for factor in report.factors:
            columns[factor.id].append(nan if factor.score is None else factor.score)
            if factor.gap:
                self.below_target[factor.id] += 1
        cov = coverage(report)
        columns["coverage"].append(nan if cov is None else cov)
        self.count += 1
        self.left_out_files += report.left_out_files
        self.checks += len(report.checks)

    def failing(self, keys: Sequence[Key], threshold: float) -> list[tuple[Key, float | None]]:
        """Assessments whose overall score is below ``threshold`` or missing, in output order.

        ``keys`` are the assessments in the order they were added (``Batch.keys()``).
        """
        failing: list[tuple[Key, float | None]] = []
        for key, overall in zip(keys, self.columns["overall"], strict=True):
            if math.isnan(overall):
                failing.append((key, None))
            elif overall < threshold:
                failing.append((key, overall))
        return failing

    def stats(self, column: str) -> Stats:
        return describe(self.columns[column])

    def weakest(self, n: int = 3) -> list[tuple[str, Stats]]:
        """The ``n`` factors with the lowest mean across assessments (ties in model order)."""
        described = [(f.id, self.stats(f.id)) for f in self.model.factors]
        assessed = [(fid, s) for fid, s in described if s.mean is not None]
        return sorted(assessed, key=lambda item: item[1].mean or 0.0)[:n]

    def as_dict(self) -> dict[str, object]:
        """The JSON summary: statistics per column, and the network's weakest factors."""
        titles = {f.id: f.title for f in self.model.factors}
        return {
            "count": self.count,
            "method": METHOD,
            "left_out_files": self.left_out_files,
            "answers_to_check": self.checks,
            "overall": self.stats("overall").as_dict(),
            "fields": {f.id: self.stats(f.id).as_dict() for f in self.model.meta.fields},
            "factors": {f.id: self.stats(f.id).as_dict() for f in self.model.factors},
            "coverage": self.stats("coverage").as_dict(),
            "weakest_factors": [
                {
                    "id": fid,
                    "title": titles[fid],
                    "mean": s.mean,
                    "median": s.median,
                    "below_target": self.below_target[fid],
                }
                for fid, s in self.weakest()
            ],
        }
