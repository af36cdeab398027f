"""Tidy export for networks: long tables with language-neutral codes, and their codebook.

DESIGN.md "Tidy export": one row per assessment, per assessment x field, per assessment x factor
(x role where roles are shown), per answer, per recommendation triggered. Codes, never texts that
depend on the language: ids (``F01``, ``F01.Q1``, ``F01.R2``), levels (``developing``), statuses
(``answered``, ``na``, ``unknown``), roles. A spreadsheet, DuckDB, a BI tool or Spark loads the
tables as they are; :func:`codebook_rows` describes every column of every table.

Pure apart from one thing: answers files are grouped by :class:`~profint_assess.batch.Batch`
(a compact record per file, flat memory), and what batch drops but the export needs (the source
file's name, and its notes with ``notes=True``) goes to a *scratch* binary file the caller gives,
one line per file, so that memory does not grow with the notes. Rows go to a writer the caller
gives (:class:`TableWriter`), one assessment at a time, in the batch's order.

Anonymity: the scores come from :func:`~profint_assess.scoring.score`, which hides a role with
fewer respondents than its minimum; this module writes no row for such a role (no factor row, no
answer, no source file) and counts its files only in ``files_left_out``.
"""

from __future__ import annotations

import hashlib
import io
import json
from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Protocol

from profint_assess.batch import Batch, Key, coverage

# METHOD: the scoring method the numbers follow; a column of every assessment, so that a
# network never mixes numbers of two methods without seeing it.
from profint_assess.records import EVIDENCE, METHOD, NA, ROLES, UNKNOWN, GridAnswersFile, Model
from profint_assess.scoring import (
    Report,
    min_respondents_for,
    resolve_targets,
    score,
    split_left_out,
)

if TYPE_CHECKING:
    from profint_assess.records import AnswersFile

EXPORT_FORMAT = "profint-export/1"
ALL_ROLES = "all"  # factor_scores.role of the merged score

Row = tuple[object, ...]


@dataclass(frozen=True)
class Column:
    """One column: its name, type (string, integer, double, date), meaning and allowed codes."""

    name: str
    type: str
    description: str
    values: str = ""


@dataclass(frozen=True)
class Table:
    """One table of the export: a file ``<name>.csv`` or ``<name>.parquet``."""

    name: str
    description: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


class TableWriter(Protocol):
    """Where rows go: the caller's CSV or Parquet files (``profint_assess.tables``)."""

    def write(self, table: str, rows: Sequence[Row]) -> None:
        """Append ``rows`` (tuples in the table's column order) to ``table``."""


_ID = Column(
    "assessment_id",
    "string",
    "Stable id of the assessment: 'a' and the first 15 hex digits of the SHA-256 of "
    "organisation, device and date; the same in every export, so tables join on it (the 'a' "
    "keeps every engine from reading it as a number).",
)
_LEVELS = "emerging, developing, established, leading"


def tables(model: Model, *, notes: bool = False) -> list[Table]:
    """The tables of an export for ``model``, in the order they are written and documented."""
    role_counts = tuple(
        Column(
            f"respondents_{role}",
            "integer",
            f"Answers files of role {role} in the numbers; empty when the role had fewer "
            "respondents than its minimum (its files are counted in files_left_out only).",
        )
        for role in model.roles
    )
    roles = ", ".join(model.roles)
    answers_columns = [
        _ID,
        Column(
            "respondent",
            "integer",
            "Number of the respondent within the assessment (1, 2, ...), in the order of "
            "role_order then of the files; never a name.",
        ),
        Column("role", "string", "The respondent's role.", roles),
        Column("questionnaire", "string", "Id of the questionnaire answered."),
        Column("question", "string", "Question id (factor, family letter, number).", "F01.Q1"),
        Column("factor", "string", "Factor id the question is about.", "F01 … F13"),
        Column(
            "value",
            "integer",
            "The answer 0-4 (0 not in place … 4 fully in place); empty unless status is answered.",
            "0, 1, 2, 3, 4",
        ),
        Column(
            "status",
            "string",
            "answered: a value 0-4; na: does not apply (left out of the score); unknown: the "
            "respondent did not know (counts as not answered). Questions left blank have no row.",
            "answered, na, unknown",
        ),
        Column(
            "evidence",
            "string",
            "How the answer is backed, as the respondent said (declared by default).",
            ", ".join(EVIDENCE),
        ),
    ]
    if notes:
        answers_columns.append(
            Column(
                "note",
                "string",
                "The respondent's note (evidence), as typed; only with --notes, since notes may "
                "name people.",
            )
        )
    return [
        Table(
            "assessments",
            "One row per assessment: the answers files about one organisation, device and date.",
            (
                _ID,
                Column(
                    "organization",
                    "string",
                    "Organisation, as written in the answers files.",
                ),
                Column("device", "string", "The device (programme) assessed."),
                Column("date", "date", "Date of the assessment (the latest file's), ISO 8601."),
                Column(
                    "status",
                    "string",
                    "complete when every file is complete, else in-progress.",
                    "complete, in-progress",
                ),
                Column(
                    "model",
                    "string",
                    "The model scored against, as id/version (one text, so that no engine reads "
                    "the version 2.10 as the number 2.1).",
                    "profint/2.0",
                ),
                Column("method", "string", "Scoring method of every number.", METHOD),
                Column("questionnaires", "string", "Questionnaire ids answered, ';'-separated."),
                Column(
                    "roles",
                    "string",
                    "Roles shown on their own, ';'-separated, in the order " + roles + ".",
                ),
                Column("respondents", "integer", "Answers files in the numbers."),
                *role_counts,
                Column(
                    "files_left_out",
                    "integer",
                    "Answers files of roles with fewer respondents than their minimum (3 for "
                    "beneficiaries, else 1): never shown on their own, to protect anonymity.",
                ),
                Column("overall_score", "double", "Overall score 0-100; empty: not assessed."),
                Column("overall_level", "string", "Level of the overall score.", _LEVELS),
                Column(
                    "coverage",
                    "double",
                    "Questions answered over those that apply (0-1), every factor and "
                    "respondent together; empty when none applies.",
                ),
                Column(
                    "factors_assessed",
                    "integer",
                    "Factors with a score (of " + str(len(model.factors)) + ").",
                ),
                Column("factors_below_target", "integer", "Factors with a gap above 0."),
                Column(
                    "source_files",
                    "string",
                    "The answers files of the roles shown, ';'-separated, as given to export.",
                ),
            ),
        ),
        Table(
            "field_scores",
            "One row per assessment and field of professionalisation.",
            (
                _ID,
                Column("field", "string", "Field id.", ", ".join(f.id for f in model.meta.fields)),
                Column(
                    "score", "double", "Weighted mean of the field's assessed factors; empty: none."
                ),
                Column("level", "string", "Level of the score.", _LEVELS),
            ),
        ),
        Table(
            "factor_scores",
            "One row per assessment and factor for the merged score (role = all), and one per "
            "assessment, factor and role shown on its own.",
            (
                _ID,
                Column("factor", "string", "Factor id.", "F01 … F13"),
                Column("field", "string", "Field id of the factor."),
                Column(
                    "role",
                    "string",
                    "all: the merged score over the roles; otherwise the mean of that role's "
                    "respondents.",
                    "all, " + roles,
                ),
                Column("score", "double", "Score 0-100; empty: not assessed (never 0)."),
                Column("level", "string", "Level of the score.", _LEVELS),
                Column(
                    "coverage",
                    "double",
                    "Questions answered over those that apply (0-1); empty when none applies.",
                ),
                Column(
                    "questions", "integer", "Questions asked about the factor, over respondents."
                ),
                Column("answered", "integer", "Answered with a value 0-4."),
                Column("na", "integer", "Answered na (does not apply)."),
                Column("unknown", "integer", "Answered unknown (does not know)."),
                Column("target", "double", "Target score of the factor."),
                Column("gap", "double", "max(0, target - score); empty: not assessed."),
                Column("priority", "double", "gap x factor weight; empty: not assessed."),
                Column(
                    "divergence",
                    "double",
                    "Highest minus lowest score among the roles shown (role = all rows only); "
                    "empty when fewer than two roles assessed the factor.",
                ),
                *(
                    Column(
                        kind,
                        "integer",
                        f"Answered questions whose evidence is {kind} (the evidence never changes "
                        "a score).",
                    )
                    for kind in EVIDENCE
                ),
            ),
        ),
        Table(
            "answers",
            "One row per answer given (assessment x respondent x question), roles shown only.",
            tuple(answers_columns),
        ),
        Table(
            "learning_answers",
            "One row per proposal of the learning-progress grid a beneficiary answered, for a "
            "device (organisation and device) with at least 3 grid respondents; never part of "
            "the scores.",
            (
                Column(
                    "assessment_id",
                    "string",
                    "The device's latest assessment, as in assessments; for a device that answered "
                    "only the grid, the id of its organisation, device and latest grid date.",
                ),
                Column("grid", "string", "Id of the learning grid.", "learning-progress"),
                Column(
                    "respondent",
                    "integer",
                    "Number of the grid respondent within the device (1, 2, ...); never a name.",
                ),
                Column("proposal", "string", "Proposal id.", "L01 … L22"),
                Column("domain", "string", "Learning domain of the proposal."),
                Column(
                    "progress",
                    "string",
                    "Did the person progress; empty: not answered.",
                    "yes, no, not-concerned",
                ),
                Column(
                    "importance",
                    "integer",
                    "How important it is to them: 1 not, 2 important, 3 very; empty: not answered.",
                    "1, 2, 3",
                ),
            ),
        ),
        Table(
            "recommendations",
            "One row per recommendation an assessment triggers (a factor below its target), in "
            "the report's order.",
            (
                _ID,
                Column("rank", "integer", "1 for the first recommendation of the report, ..."),
                Column("recommendation", "string", "Recommendation id.", "F01.R1"),
                Column("factor", "string", "Factor id it closes a gap on."),
            ),
        ),
    ]


def assessment_id(key: Key) -> str:
    """A 16-character id of an assessment (organisation, device, date), the same in every export."""
    text = "\x1f".join((key[0], key[1], key[2].isoformat()))
    return "a" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:15]


class Export:
    """Answers files collected for export; :meth:`write` streams every table's rows.

    ``scratch`` is a binary file (a temporary file in the CLI) holding one JSON line per answers
    file: its source name and, with ``notes``, its notes. Memory then holds the batch's compact
    records and one offset per file.
    """

    def __init__(
        self,
        model: Model,
        targets: Mapping[str, float] | None = None,
        *,
        notes: bool = False,
        scratch: BinaryIO | None = None,
    ) -> None:
        self.model = model
        self.notes = notes
        self.batch = Batch(model, targets)
        self.tables = tables(model, notes=notes)
        self._scratch = scratch if scratch is not None else io.BytesIO()
        self._end = self._scratch.seek(0, io.SEEK_END)
        self._offsets: dict[Key, array] = {}
        self._grids: dict[
            Key, list[tuple[str, tuple[tuple[str, str | None, int | None], ...]]]
        ] = {}
        self._questions = {
            q.id: [(question.id, question.factor) for question in q.questions]
            for q in model.questionnaires
        }

    @property
    def files(self) -> int:
        return self.batch.files

    def __len__(self) -> int:
        return len(self.batch)

    def add(self, answers: AnswersFile, source: str) -> Key:
        """Add one answers file, already checked against the model; ``source`` names it."""
        if isinstance(answers, GridAnswersFile):
            # A learning grid: never part of the scores; its answers as (proposal, progress,
            # importance), grouped by assessment key. A network has few of these files.
            # Grouped by device, not date: beneficiaries answer the grid over several days.
            device = (answers.organization, answers.device)
            kept = tuple((pid, a.progress, a.importance) for pid, a in answers.answers.items())
            self._grids.setdefault(device, []).append((answers.date, answers.questionnaire, kept))
            self.batch.files += 1
            return (answers.organization, answers.device, answers.date)
        key = self.batch.add(answers)
        side: dict[str, object] = {"source": source}
        if self.notes:
            notes = {qid: a.note for qid, a in answers.answers.items() if a.note}
            if notes:
                side["notes"] = notes
        line = json.dumps(side, ensure_ascii=False).encode("utf-8") + b"\n"
        self._scratch.seek(self._end)
        self._scratch.write(line)
        self._offsets.setdefault(key, array("q")).append(self._end)
        self._end += len(line)
        return key

    def _sides(self, key: Key) -> list[dict]:
        """The scratch lines of the files :meth:`Batch.answers` gives back, in its order."""
        sides = []
        kept = self.batch.kept(key)
        for offset, keep in zip(self._offsets[key], kept, strict=True):
            if not keep:
                continue  # an in-progress copy of a complete file: left out, as batch does
            self._scratch.seek(offset)
            sides.append(json.loads(self._scratch.readline()))
        return sides

    def write(self, writer: TableWriter) -> Iterator[Report]:
        """Write every table's rows, one assessment at a time; yield each merged report.

        A generator, so that the caller can count progress, summarise, or stop (Ctrl-C) between
        assessments; the tables are complete once it is exhausted.
        """
        batch = self.batch
        latest: dict[tuple[str, str], Key] = {}  # each device's latest assessment
        for key in batch.keys():
            latest[key[0], key[1]] = key
            files = batch.answers(key)
            # As Batch.score: targets from the files that count (a left-out file sets none).
            targets = resolve_targets(self.model, split_left_out(files)[0], batch.overrides)
            report = score(self.model, files, targets, keep_answers=False)
            self._write_assessment(writer, key, files, report)
            yield report
        # Learning grids, after the assessments (a device may have answered only the grid).
        for device in sorted(self._grids):
            writer.write("learning_answers", self._grid_rows(device, latest.get(device)))

    def _grid_rows(self, device: tuple[str, str], assessed: Key | None) -> list[Row]:
        """One row per proposal answered, for a device whose grid respondents are at least the
        beneficiaries' minimum (3): with fewer, none of their answers is exported. The rows
        carry the id of the device's latest assessment, or of its latest grid's date."""
        files = self._grids[device]
        if len(files) < min_respondents_for("beneficiary"):
            return []
        aid = assessment_id(assessed or (*device, max(f[0] for f in files)))
        rows: list[Row] = []
        for number, (_date, grid_id, answers) in enumerate(files, 1):
            grid = self.model.learning_grid(grid_id)
            numbers = {p.id: p for p in grid.proposals}
            for pid, progress, importance in answers:
                if progress is None and importance is None:
                    continue
                domain = grid.domain_of(numbers[pid]).id
                rows.append((aid, grid_id, number, pid, domain, progress, importance))
        return rows

    def _write_assessment(
        self, writer: TableWriter, key: Key, files: list[AnswersFile], report: Report
    ) -> None:
        aid = assessment_id(key)
        shown = set(report.roles)
        sides = self._sides(key)
        # Shown respondents in role order, then in the order their files were read.
        rank = {role: i for i, role in enumerate(ROLES)}
        kept = sorted(
            (i for i, f in enumerate(files) if f.respondent.role in shown),
            key=lambda i: rank[files[i].respondent.role],
        )
        hidden = report.hidden_roles  # roles left out: fewer respondents than their minimum
        counts = [
            None if role in hidden else report.respondents.get(role, 0) for role in self.model.roles
        ]
        cov = coverage(report)
        writer.write(
            "assessments",
            [
                (
                    aid,
                    report.organization,
                    report.device,
                    report.date,
                    report.status,
                    f"{report.model_id}/{report.model_version}",
                    METHOD,
                    ";".join(report.questionnaires),
                    ";".join(report.roles),
                    len(kept),
                    *counts,
                    sum(hidden.values()),
                    report.overall_score,
                    report.overall_level,
                    cov,
                    sum(1 for f in report.factors if f.score is not None),
                    sum(1 for f in report.factors if f.gap),
                    ";".join(sides[i]["source"] for i in kept),
                )
            ],
        )
        writer.write("field_scores", [(aid, f.id, f.score, f.level) for f in report.fields])
        writer.write("factor_scores", self._factor_rows(aid, key, files, report))
        writer.write("answers", self._answer_rows(aid, files, sides, kept))
        writer.write(
            "recommendations",
            [(aid, i, rec.id, rec.factor) for i, rec in enumerate(report.recommendations, 1)],
        )

    def _factor_rows(
        self, aid: str, key: Key, files: list[AnswersFile], report: Report
    ) -> list[Row]:
        rows = [
            (
                aid,
                f.id,
                f.field,
                ALL_ROLES,
                f.score,
                f.level,
                f.coverage,
                f.applicable + f.not_applicable,
                f.answered,
                f.not_applicable,
                f.unknown,
                f.target,
                f.gap,
                f.priority,
                f.divergence,
                *(f.evidence.get(kind, 0) for kind in EVIDENCE),
            )
            for f in report.factors
        ]
        # One role alone and nothing hidden: the role's numbers are the merged ones.
        alone = len(report.roles) == 1 and not report.left_out
        targets = {f.id: f.target for f in report.factors}
        for role in report.roles:
            role_report = (
                report
                if alone
                else score(
                    self.model,
                    [f for f in files if f.respondent.role == role],
                    targets,
                    keep_answers=False,
                )
            )
            rows.extend(
                (
                    aid,
                    f.id,
                    f.field,
                    role,
                    f.score,
                    f.level,
                    f.coverage,
                    f.applicable + f.not_applicable,
                    f.answered,
                    f.not_applicable,
                    f.unknown,
                    f.target,
                    f.gap,
                    f.priority,
                    None,
                    *(f.evidence.get(kind, 0) for kind in EVIDENCE),
                )
                for f in role_report.factors
                # A role not asked about a factor has no row for it.
                if f.applicable + f.not_applicable
            )
        return rows

    def _answer_rows(
        self, aid: str, files: list[AnswersFile], sides: list[dict], kept: list[int]
    ) -> list[Row]:
        rows: list[Row] = []
        append = rows.append
        for number, i in enumerate(kept, 1):
            answers = files[i]
            role = answers.respondent.role
            questionnaire = answers.questionnaire
            given = answers.answers
            notes = sides[i].get("notes", {}) if self.notes else None
            for qid, factor in self._questions[questionnaire]:
                answer = given.get(qid)
                if answer is None or answer.value is None:
                    continue
                value = answer.value
                if value == NA:
                    cells: Row = (None, "na")
                elif value == UNKNOWN:
                    cells = (None, "unknown")
                else:
                    cells = (value, "answered")
                row = (aid, number, role, questionnaire, qid, factor, *cells, answer.evidence)
                append(row if notes is None else (*row, notes.get(qid)))
        return rows


# --- the codebook --------------------------------------------------------------------------------

CODEBOOK_COLUMNS = ("table", "column", "type", "description", "values")


def codebook_rows(export_tables: Sequence[Table]) -> list[Row]:
    """One row per column of every table: the codebook's CSV."""
    return [
        (table.name, c.name, c.type, c.description, c.values)
        for table in export_tables
        for c in table.columns
    ]


def codebook_markdown(export_tables: Sequence[Table], file_format: str) -> str:
    """The codebook for people: each table, what a row is, and each column."""
    lines = [
        "# Codebook of the PROFINT export",
        "",
        f"Format {EXPORT_FORMAT}, scoring method {METHOD}. One file per table "
        f"(`<table>.{file_format}`); tables join on `assessment_id`. Codes (ids, levels, "
        "statuses, roles) never depend on the language. An empty cell is a missing value "
        "(not assessed, not applicable), never 0.",
        "",
    ]
    for table in export_tables:
        lines += [f"## {table.name}", "", table.description, ""]
        lines += ["| column | type | description | values |", "|---|---|---|---|"]
        for c in table.columns:
            cells = (c.name, c.type, c.description, c.values)
            lines.append("| " + " | ".join(_md_cell(x) for x in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
