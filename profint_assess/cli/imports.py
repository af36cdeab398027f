"""``import``: submissions collected elsewhere back into answers files.

``import kobo`` reads KoboToolbox/ODK exports, ``import xlsx`` filled workbooks. Both validate
every submission like an answers file, write the good ones atomically (an unchanged file is not
rewritten), report each bad one as ``FILE:ROW: column: message`` and exit 2 at the end if any
failed, like ``batch``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from profint_assess.cli import app
from profint_assess.cli.common import ModelOption, model_from
from profint_assess.errors import AnswersError, Problem, ProfintError, UsageError
from profint_assess.i18n import _, ngettext

if TYPE_CHECKING:
    from collections.abc import Callable

    from profint_assess.collect.rows import Imported

import_app = typer.Typer(
    name="import",
    help=_("Turn KoboToolbox/ODK exports and filled XLSX workbooks into answers files."),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(import_app, name="import")

FolderOption = Annotated[
    Path,
    typer.Option(
        "--output",
        "-o",
        help=_("Folder for the answers files (created if missing)."),
    ),
]


def _folder(path: Path) -> Path:
    if path.exists() and not path.is_dir():
        raise UsageError(_("-o {path}: is a file; give a folder").format(path=path))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(
            _("-o {path}: cannot be created: {reason}").format(path=path, reason=exc.strerror)
        ) from None
    return path


def _read(path: Path) -> bytes:
    from profint_assess.collect.kobo import MAX_EXPORT_BYTES

    try:
        if not path.is_file():
            what = _("no such file") if not path.exists() else _("is not a regular file")
            raise AnswersError([Problem(str(path), what)])
        size = path.stat().st_size
        if size > MAX_EXPORT_BYTES:
            raise AnswersError(
                [
                    Problem(
                        str(path),
                        _(
                            "is {size} bytes; imports read at most {limit}: export fewer "
                            "submissions at a time (for example by date range)"
                        ).format(size=f"{size:,}", limit=f"{MAX_EXPORT_BYTES:,}"),
                    )
                ]
            )
        return path.read_bytes()
    except OSError as exc:
        raise AnswersError(
            [Problem(str(path), _("cannot be read: {reason}").format(reason=exc.strerror))]
        ) from None


def _import_all(inputs: list[Path], import_one: Callable[[Path], Imported], output: Path) -> None:
    """Import every input, then write; one refused input (all its problems listed) writes
    nothing, from any of them."""
    folder = _folder(output)
    results = []
    problems: list[Problem] = []
    for path in inputs:
        try:
            results.append(import_one(path))
        except ProfintError as exc:
            problems.extend(exc.problems)
    if problems:
        raise AnswersError(problems)
    _finish(results, folder, inputs)


def _finish(results: list[Imported], folder: Path, inputs: list[Path]) -> None:
    from profint_assess.collect.rows import write

    problems: list[Problem] = []
    failed = 0
    first: dict[str, str] = {}
    for result in results:
        for submission in result.submissions:
            where = (
                result.source if submission.line is None else f"{result.source}:{submission.line}"
            )
            if submission.file_name in first:
                problems.append(
                    Problem(
                        where,
                        _("{name} would also come from {other}: import them one at a time").format(
                            name=submission.file_name, other=first[submission.file_name]
                        ),
                    )
                )
            first.setdefault(submission.file_name, where)
    if problems:
        raise AnswersError(problems)
    for result in results:
        written = write(result.submissions, folder, inputs)
        problems.extend(result.problems)
        failed += result.failed
        line = _(
            "{source}: {count} imported into {folder} ({new} new, {updated} updated, "
            "{unchanged} unchanged)"
        ).format(
            source=result.source,
            count=len(result.submissions),
            folder=folder,
            new=len(written.new),
            updated=len(written.updated),
            unchanged=len(written.unchanged),
        )
        if result.skipped:
            line += "; " + ngettext(
                "{n} skipped (Not Approved)", "{n} skipped (Not Approved)", result.skipped
            ).format(n=result.skipped)
        if result.failed:
            line += "; " + ngettext(
                "{n} invalid, not imported", "{n} invalid, not imported", result.failed
            ).format(n=result.failed)
        typer.echo(line)
    if failed:
        note = Problem(
            "import",
            ngettext(
                "{n} submission invalid; the others were imported",
                "{n} submissions invalid; the others were imported",
                failed,
            ).format(n=failed),
        )
        raise AnswersError([*problems, note])


@import_app.command("kobo")
def import_kobo(
    exports: Annotated[
        list[Path],
        typer.Argument(
            help=_("KoboToolbox or ODK exports (.csv or .xlsx, XML values and headers)."),
            show_default=False,
        ),
    ],
    output: FolderOption = Path(),
    model_path: ModelOption = None,
) -> None:
    """One answers file per submission, named after its id, so a re-import updates them."""
    from profint_assess.collect.kobo import import_export

    model = model_from(model_path)
    _import_all(exports, lambda path: import_export(_read(path), str(path), model), output)


@import_app.command("xlsx")
def import_xlsx(
    workbooks: Annotated[
        list[Path],
        typer.Argument(
            help=_("Workbooks made by `form xlsx`, filled in."),
            metavar="WORKBOOK...",
            show_default=False,
        ),
    ],
    output: FolderOption = Path(),
    model_path: ModelOption = None,
) -> None:
    """One answers file per workbook, named after it (partner-acme.xlsx -> partner-acme.yaml)."""
    from profint_assess.collect.rows import safe_name
    from profint_assess.collect.workbook import import_workbook

    model = model_from(model_path)

    def import_one(path: Path) -> Imported:
        stem = safe_name(path.stem) or "workbook"
        return import_workbook(_read(path), str(path), model, stem)

    _import_all(workbooks, import_one, output)
