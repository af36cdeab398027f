"""``batch``: score many answers files, one row per assessment, and a summary."""

from __future__ import annotations

import gc
import os
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from profint_assess.cli import app
from profint_assess.cli.common import (
    BatchFormat,
    LangOption,
    ModelOption,
    OutputOption,
    SkipInvalidOption,
    TargetOption,
    check_fail_under,
    check_target_keys,
    is_plain,
    model_from,
    parse_targets,
    refuse_overwriting_inputs,
    shown_below,
    use_language,
)
from profint_assess.cli.grid import render_learning
from profint_assess.errors import AnswersError, Interrupted, Problem, ThresholdNotMet, UsageError
from profint_assess.i18n import _

if TYPE_CHECKING:
    from profint_assess.batch import Batch, Summary

PROGRESS_AFTER = 1.0  # seconds: quicker runs never show a bar


class _Progress:
    """A transient progress bar on stderr, shown only on a terminal and after a second's work."""

    def __init__(self, paths: list[str], enabled: bool) -> None:
        self._paths = paths
        self._enabled = enabled
        self._start = time.monotonic()
        self._bar: Any = None
        self._task: Any = None
        self._done = 0

    def advance(self) -> None:
        self._done += 1
        if self._bar is not None:
            self._bar.advance(self._task)
        elif self._enabled and time.monotonic() - self._start > PROGRESS_AFTER:
            self._show()

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        from profint_assess.loading import expand_answer_paths

        # Counted only now, so a short run never walks the folders twice.
        total = sum(1 for _ in expand_answer_paths(self._paths))
        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._task = self._bar.add_task("Reading answers files", total=total)
        self._bar.advance(self._task, self._done)
        self._bar.start()

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


def _write_chunks(chunks: Iterable[str], output: Path | None) -> None:
    """Streamed text to stdout, or to ``output`` replaced atomically once complete."""
    if output is None:
        write = sys.stdout.write
        try:
            for chunk in chunks:
                write(chunk)
            sys.stdout.flush()
        except BrokenPipeError:
            # `batch ... | head`: the reader has all it wanted. Exit 0 like score, not click's 1
            # (which means a threshold was missed), and keep Python from complaining at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        return
    from profint_assess.answers import atomic_writer

    with atomic_writer(output) as handle:
        for chunk in chunks:
            handle.write(chunk)
    typer.echo(_("Wrote {path}").format(path=output), err=True)


def _below(summary: Summary, collected: Batch, fail_under: float) -> list[Problem]:
    """One line per assessment below ``--fail-under``, then how many."""
    failing = summary.failing(collected.keys(), fail_under)
    lines = [
        Problem(
            f"{org} / {device} / {date.isoformat()}",
            _("no factor assessed, so the overall score cannot reach --fail-under {value}").format(
                value=f"{fail_under:g}"
            )
            if overall is None
            else _("overall {score} is below --fail-under {value}").format(
                score=shown_below(overall, fail_under), value=f"{fail_under:g}"
            ),
        )
        for (org, device, date), overall in failing
    ]
    if lines:
        lines.append(
            Problem(
                "batch",
                _("{n} of {count} assessments below --fail-under").format(
                    n=len(failing), count=summary.count
                ),
            )
        )
    return lines


@app.command()
def batch(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Answers files, folders (searched recursively for .yaml, .yml and .json) "
            "or globs ('answers/**/*.yaml').",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        BatchFormat, typer.Option("--format", "-f", help="Output format.")
    ] = BatchFormat.table,
    output: OutputOption = None,
    fail_under: Annotated[
        float | None,
        typer.Option(
            "--fail-under",
            help="Exit 1 if any assessment's overall score is below N, listing them.",
            show_default=False,
        ),
    ] = None,
    skip_invalid: SkipInvalidOption = False,
    target: TargetOption = [],  # noqa: B006
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Read and validate files in N processes (output is the same).",
        ),
    ] = 1,
    group: Annotated[
        list[str],
        typer.Option(
            "--group",
            help="LABEL=DEVICE[,DEVICE...]: also report the learning-grid figures of these "
            "devices pooled (a device named by its device or organisation name; repeatable), "
            "e.g. to compare two groups as the model documentation's Figures 2-3 did.",
            show_default=False,
        ),
    ] = [],  # noqa: B006
    model_path: ModelOption = None,
    lang: LangOption = None,
) -> None:
    """Score many answers files: one row per assessment (organisation, device, date), a summary.

    Files about the same organisation, device and date are merged as `score` merges them.
    Invalid files are reported with file and line, the others are still scored; exit 2 at the
    end if any file was invalid. Learning-grid files are reported per device (and per --group),
    never mixed into the scores.
    """
    from profint_assess.batch import Batch, Summary
    from profint_assess.loading import expand_answer_paths, load_any_answers
    from profint_assess.records import GridAnswersFile
    from profint_assess.report import renderer

    use_language(lang)
    group_specs = _parse_groups(group)
    overrides = parse_targets(target)
    check_fail_under(fail_under)
    if output is not None:
        refuse_overwriting_inputs(output, expand_answer_paths(paths))
    cpus = os.cpu_count() or 1
    if jobs > cpus:
        # More processes than CPUs only costs memory (--jobs 1000 took 10 GB in 14 s).
        typer.echo(
            _("--jobs {jobs}: using {cpus}, the number of CPUs").format(jobs=jobs, cpus=cpus),
            err=True,
        )
        jobs = cpus
    model = model_from(model_path)
    check_target_keys(overrides, model)
    collected = Batch(model, overrides)
    problems: list[Problem] = []
    skipped: list[Problem] = []  # folders not read: each one counts as invalid
    invalid = 0
    progress = _Progress(paths, enabled=sys.stderr.isatty())
    # What is alive now (modules, the model) lives to the end: out of the collector's sight, a
    # full collection no longer walks it again and again while files are read (~10% of a run).
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        try:
            if jobs > 1:
                from profint_assess.parallel import read_encoded

                for result in read_encoded(expand_answer_paths(paths, skipped), model_path, jobs):
                    if isinstance(result, list):
                        invalid += 1
                        problems.extend(result)
                    elif isinstance(result, GridAnswersFile):
                        collected.add(result)
                    else:
                        collected.add_encoded(result)
                    progress.advance()
            else:
                for path in expand_answer_paths(paths, skipped):
                    try:
                        collected.add(load_any_answers(path, model))
                    except AnswersError as exc:
                        invalid += 1
                        problems.extend(exc.problems)
                    progress.advance()
        finally:
            progress.stop()
        invalid += len(skipped)
        problems.extend(skipped)
        conflicts, dropped = collected.drop_conflicting()
        invalid += dropped
        problems.extend(conflicts)
        if not collected.files and not invalid:
            raise UsageError(
                _("no answers files (.yaml, .yml, .json) in {paths}").format(paths=" ".join(paths))
            )
        learning = _learning(collected, group_specs)
        if learning and not len(collected):
            # Grid files only: their figures are the whole document.
            render_learning(learning, model, fmt, output, is_plain(False))
            summary = Summary(model)
        else:
            summary = Summary(model)
            chunks = renderer("batch", fmt.value)(collected, summary, learning=learning)
            _write_chunks(chunks, output)
            if learning and fmt.value == "csv":
                typer.echo(
                    _(
                        "batch: the CSV has the assessments; for the learning grid's rows (one per "
                        "domain), give the grid files alone"
                    ),
                    err=True,
                )
    except KeyboardInterrupt:
        where = "" if output is None else f"; {output} was not written"
        raise Interrupted(f"interrupted{where}") from None
    finally:
        if not frozen_before:
            gc.unfreeze()  # an in-process caller (tests) gets its collector back as it was

    for note in collected.notes:
        typer.echo(str(note), err=True)
    threshold_lines = [] if fail_under is None else _below(summary, collected, fail_under)
    total = invalid + collected.files
    if invalid and not skip_invalid:
        note = Problem(
            "batch",
            _("{n} of {total} files invalid; the others were scored").format(
                n=invalid, total=total
            ),
        )
        raise AnswersError([*problems, note, *threshold_lines])
    if invalid:
        for problem in problems:
            typer.echo(str(problem), err=True)
        typer.echo(
            _("batch: skipped {n} invalid of {total} files").format(n=invalid, total=total),
            err=True,
        )
    if threshold_lines:
        raise ThresholdNotMet(threshold_lines)


def _parse_groups(values: list[str]) -> dict[str, list[str]]:
    """``--group "France and Italy=Youth Guarantee,LavoRas"``: a label and device names."""
    groups: dict[str, list[str]] = {}
    for value in values:
        label, sep, names = value.partition("=")
        label = label.strip()
        members = [n.strip() for n in names.split(",") if n.strip()]
        if not sep or not label or not members:
            raise UsageError(
                _(
                    "--group {value!r}: expected LABEL=DEVICE[,DEVICE...], e.g. 'Sweden=UVUC'"
                ).format(value=value)
            )
        if label in groups:
            raise UsageError(_("--group {label}: given twice").format(label=label))
        groups[label] = members
    return groups


def _learning(collected: Batch, specs: dict[str, list[str]]) -> list[Any]:
    """The grid figures per device and per ``--group``; none without grid files."""
    from profint_assess.learning import ROLE, learning_results, resolve_groups
    from profint_assess.scoring import min_respondents_for

    files = collected.learning_files
    if not files:
        if specs:
            raise UsageError(_("--group: no learning-grid answers files among the inputs"))
        return []
    devices = sorted({(a.organization, a.device) for a in files})
    groups = resolve_groups(specs, devices)
    return learning_results(
        collected.model, files, minimum=min_respondents_for(ROLE), groups=groups
    )
