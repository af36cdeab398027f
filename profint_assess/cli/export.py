"""``export``: answers files to tidy tables (CSV or Parquet) and their codebook, for networks."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from profint_assess.cli import app
from profint_assess.cli.batch import _Progress
from profint_assess.cli.common import (
    ModelOption,
    SkipInvalidOption,
    TargetOption,
    check_target_keys,
    model_from,
    parse_targets,
)
from profint_assess.errors import AnswersError, Interrupted, Problem, ProfintError, UsageError
from profint_assess.i18n import _, ngettext


class ExportFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"


@app.command()
def export(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Answers files, action plans, folders (searched recursively for .yaml, .yml "
            "and .json) or globs ('answers/**/*.yaml').",
            show_default=False,
        ),
    ],
    to: Annotated[
        Path,
        typer.Option(
            "--to",
            help="Folder to write the tables into (created if missing); tables already there "
            "are replaced, only once every new one is complete.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="csv, or parquet (needs the parquet extra)."),
    ] = ExportFormat.csv,
    excel: Annotated[
        bool,
        typer.Option(
            "--excel",
            help="CSV for French or Italian spreadsheets: ';'-separated, byte-order mark, "
            "decimal comma.",
        ),
    ] = False,
    notes: Annotated[
        bool,
        typer.Option(
            "--notes",
            help="Include free text that may name people: the respondents' notes (answers) and "
            "the plans' titles, owners and notes (plan_actions).",
        ),
    ] = False,
    skip_invalid: SkipInvalidOption = False,
    target: TargetOption = [],  # noqa: B006
    model_path: ModelOption = None,
) -> None:
    """Write tidy tables for spreadsheets, DuckDB and BI tools: assessments, field and factor
    scores, answers, recommendations, plan actions, and a codebook of every column.

    Files are grouped into assessments as `batch` groups them. A role with fewer respondents
    than its minimum has no row in any table. Invalid files are reported with file and line;
    exit 2 at the end if any (0 with --skip-invalid).
    """
    import tempfile

    from profint_assess.export import CODEBOOK_COLUMNS, Export, codebook_markdown, codebook_rows
    from profint_assess.loading import expand_answer_paths, load_any_answers
    from profint_assess.plan_file import load_if_plan
    from profint_assess.tables import TableFiles, require_pyarrow

    overrides = parse_targets(target)
    if fmt is ExportFormat.parquet:
        require_pyarrow()  # before reading anything: the whole run would be lost
        if excel:
            raise UsageError(_("--excel: applies to CSV only, not to --format parquet"))
    if to.exists() and not to.is_dir():
        raise UsageError(_("--to {path}: is a file, not a folder").format(path=to))
    model = model_from(model_path)
    check_target_keys(overrides, model)
    problems: list[Problem] = []
    skipped: list[Problem] = []  # folders not read: each one counts as invalid
    invalid = 0
    progress = _Progress(paths, enabled=sys.stderr.isatty())
    with tempfile.TemporaryFile(prefix="profint-export-") as scratch:
        collected = Export(model, overrides, notes=notes, scratch=scratch)
        # The files the export writes: none of them may be one of its inputs (an input named
        # explicitly is read whatever its suffix, so `export t/answers.csv --to t` is possible).
        outputs = {
            (to / name).resolve()
            for name in (
                *(f"{t.name}.{fmt.value}" for t in collected.tables),
                "codebook.csv",
                "codebook.md",
            )
        }
        try:
            try:
                for path in expand_answer_paths(paths, skipped):
                    if path.resolve() in outputs:
                        raise UsageError(
                            _("--to {folder}: would replace the input {path}").format(
                                folder=to, path=path
                            )
                        )
                    try:
                        collected.add(load_any_answers(path, model), str(path))
                    except AnswersError as exc:
                        # Not answers: an action plan, recognised by its format? (Only then is
                        # the file read again; answers files take the fast path above.)
                        found = exc.problems
                        try:
                            plan = load_if_plan(path, model)
                        except ProfintError as bad_plan:
                            plan, found = None, bad_plan.problems
                        if plan is None:
                            invalid += 1
                            problems.extend(found)
                        else:
                            collected.add_plan(plan, str(path))
                    progress.advance()
            finally:
                progress.stop()
            invalid += len(skipped)
            problems.extend(skipped)
            # As batch: an assessment whose files set different targets is invalid, not fatal.
            conflicts, dropped = collected.batch.drop_conflicting()
            invalid += dropped
            problems.extend(conflicts)
            if not collected.files and not collected.plans and not invalid:
                raise UsageError(
                    _("no answers files (.yaml, .yml, .json) in {paths}").format(
                        paths=" ".join(paths)
                    )
                )
            try:
                to.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UsageError(
                    _("--to {path}: cannot be created: {reason}").format(
                        path=to, reason=exc.strerror or exc
                    )
                ) from None
            with TableFiles(to, collected.tables, fmt.value, excel=excel) as files:
                for _report in collected.write(files):
                    pass
                files.write_csv("codebook.csv", CODEBOOK_COLUMNS, codebook_rows(collected.tables))
                files.write_text("codebook.md", codebook_markdown(collected.tables, fmt.value))
                files.commit()
        except KeyboardInterrupt:
            raise Interrupted(_("interrupted; {path} was not changed").format(path=to)) from None
    for note in collected.batch.notes:  # drafts left out beside their complete file
        typer.echo(str(note), err=True)
    counts = ngettext(
        "{n} assessment from {files} answers files",
        "{n} assessments from {files} answers files",
        len(collected),
    ).format(n=len(collected), files=collected.files)
    typer.echo(
        _("Wrote {tables} tables and the codebook to {path}: {counts}").format(
            tables=len(collected.tables), path=to, counts=counts
        ),
        err=True,
    )
    total = invalid + collected.files + collected.plans
    if invalid and not skip_invalid:
        note = Problem(
            "export",
            _("{invalid} of {total} files invalid; the others were exported").format(
                invalid=invalid, total=total
            ),
        )
        raise AnswersError([*problems, note])
    if invalid:
        for problem in problems:
            typer.echo(str(problem), err=True)
        typer.echo(
            _("export: skipped {invalid} invalid of {total} files").format(
                invalid=invalid, total=total
            ),
            err=True,
        )
