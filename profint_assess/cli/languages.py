"""``i18n check``, ``i18n export`` and ``i18n import``: the state of the translations, and the
round trip a translator makes through a PO editor or a spreadsheet."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from profint_assess.cli import app
from profint_assess.cli.common import LangOption, ModelOption, OutputOption, emit, use_language
from profint_assess.errors import Problem, ProfintError, UsageError
from profint_assess.i18n import _

if TYPE_CHECKING:
    from profint_assess.catalogs import PartCheck
    from profint_assess.model import Language, Model

i18n_app = typer.Typer(
    help="Translations: check them, export them for translators, import their work.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(i18n_app, name="i18n")


class ExportFormat(str, Enum):
    po = "po"
    csv = "csv"


def _english_model(path: Path | None) -> Model:
    from profint_assess.loading import load_model

    return load_model(path)


def _catalog_folder(path: Path | None, code: str) -> Path:
    from profint_assess.loading import translations_root

    return Path(str(translations_root(path))) / code


def _parts_in_scope(model: Model, language: Language) -> set[str] | None:
    from profint_assess.catalogs import beneficiary_parts

    return beneficiary_parts(model) if language.scope == "beneficiary" else None


def _languages(codes: list[str]) -> dict[str, Language]:
    from profint_assess.loading import load_languages

    languages = load_languages()
    unknown = [c for c in codes if c not in languages]
    if unknown:
        raise UsageError(
            _("{codes}: unknown language (available: {languages})").format(
                codes=", ".join(unknown), languages=", ".join(languages)
            )
        )
    return {c: lang for c, lang in languages.items() if c != "en" and (not codes or c in codes)}


@i18n_app.command("check")
def check(
    codes: Annotated[
        list[str] | None,
        typer.Argument(help="Languages to check (default: all).", show_default=False),
    ] = None,
    model_path: ModelOption = None,
    details: Annotated[
        bool,
        typer.Option("--details", help="List every missing, stale or extra key, drafts too."),
    ] = False,
    lang: LangOption = None,
) -> None:
    """Missing, stale and extra entries per language, for the model's texts (per scope) and the
    interface. Exit 2 when a released language is incomplete or stale."""
    use_language(lang)
    from profint_assess import catalogs, i18n
    from profint_assess.loading import load_catalogs

    model = _english_model(model_path)
    english = catalogs.texts(model)
    pot = (i18n.LOCALE_DIR / "profint.pot").read_text(encoding="utf-8")
    failures: list[Problem] = []
    for code, language in _languages(codes or []).items():
        folder = _catalog_folder(model_path, code)
        entries = load_catalogs(folder) if folder.is_dir() else {}
        parts = _parts_in_scope(model, language)
        results = catalogs.check(english, entries, parts)
        po = i18n.LOCALE_DIR / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"
        interface = catalogs.check_interface(
            pot,
            po.read_text(encoding="utf-8") if po.is_file() else None,
            beneficiary_only=language.scope == "beneficiary",
        )
        total = sum(r.total for r in results)
        missing = sum(len(r.missing) for r in results)
        stale = sum(len(r.stale) for r in results)
        extra = sum(len(r.extra) for r in results)
        typer.echo(
            _(
                "{code} {name} ({status}, {scope}): model texts {done}/{total} translated, "
                "{missing} missing, {stale} stale, {extra} extra; interface {idone}/{itotal} "
                "translated, {imissing} missing, {fuzzy} fuzzy"
            ).format(
                code=code,
                name=language.name,
                status=language.status,
                scope=language.scope,
                done=total - missing - stale,
                total=total,
                missing=missing,
                stale=stale,
                extra=extra,
                idone=interface.total - len(interface.missing) - len(interface.fuzzy),
                itotal=interface.total,
                imissing=len(interface.missing),
                fuzzy=len(interface.fuzzy),
            )
        )
        released = language.status == "released"
        incomplete = not all(r.complete for r in results) or not interface.complete
        if interface.error:
            failures.append(Problem(str(po), interface.error))
        if released and incomplete:
            failures.append(
                Problem(
                    str(folder),
                    _("{code} is released but incomplete or stale").format(code=code),
                )
            )
        if details or (released and incomplete):
            for line in _detail_lines(code, folder, results, interface, po):
                typer.echo(line)
    if failures:
        raise ProfintError(failures)


def _detail_lines(
    code: str, folder: Path, results: list[PartCheck], interface: object, po: Path
) -> list[str]:
    lines = []
    for result in results:
        where = folder / f"{result.part}.yaml"
        lines += [f"  {where}: {key}: missing" for key in result.missing]
        lines += [f"  {where}: {key}: stale (the English changed)" for key in result.stale]
        lines += [f"  {where}: {key}: extra (not in the model)" for key in result.extra]
    for attribute, what in (("missing", "untranslated"), ("fuzzy", "fuzzy"), ("extra", "unused")):
        lines += [f"  {po}: {what}: {msgid[:70]!r}" for msgid in getattr(interface, attribute)]
    return lines


@i18n_app.command("export")
def export(
    target: Annotated[
        str,
        typer.Option(
            "--lang", help="The language to translate into, e.g. fr (also that of the messages)."
        ),
    ],
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="po for a PO editor, csv for a sheet.")
    ] = ExportFormat.po,
    output: OutputOption = None,
    model_path: ModelOption = None,
) -> None:
    """Write the model's texts to translate (the language's scope), with the translations so
    far: a PO file for a PO editor or a CSV for a spreadsheet. Bring it back with i18n import."""
    target = use_language(target)
    from profint_assess import catalogs
    from profint_assess.loading import load_catalogs

    if target == "en":
        raise UsageError(_("--lang en: English is the source language; choose a translation"))
    language = _languages([target])[target]
    model = _english_model(model_path)
    folder = _catalog_folder(model_path, target)
    entries = load_catalogs(folder) if folder.is_dir() else {}
    rows = catalogs.export_rows(catalogs.texts(model), entries, _parts_in_scope(model, language))
    render = catalogs.rows_to_po if fmt is ExportFormat.po else catalogs.rows_to_csv
    emit(render(target, rows), output)


@i18n_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A PO or CSV file made by i18n export.")],
    model_path: ModelOption = None,
    lang: LangOption = None,
) -> None:
    """Read a translator's PO or CSV file back into the language's catalogs: every id is
    checked, entries get the hash of the English they translate, files are written atomically."""
    use_language(lang)
    from profint_assess import catalogs
    from profint_assess.answers import write_atomic
    from profint_assess.loading import load_catalogs, read_text

    text = read_text(file)
    if file.suffix.lower() == ".csv":
        code, items, problems = catalogs.read_csv_import(text)
    else:
        code, items, problems = catalogs.read_po_import(text)
    if not code:
        problems.append((1, _("no language: a Language header (PO) or a lang column (CSV)")))
    elif code not in _languages([code]):
        problems.append((1, _("{code}: not a translation language").format(code=code)))
    model = _english_model(model_path)
    english = catalogs.texts(model)
    folder = _catalog_folder(model_path, code or "none")
    entries = load_catalogs(folder) if folder.is_dir() else {}
    merged, unknown = catalogs.merge(english, entries, items)
    problems += unknown
    if problems:
        raise ProfintError(
            [Problem(str(file), message, line or None) for line, message in problems]
        )
    written = 0
    folder.mkdir(parents=True, exist_ok=True)
    for part in sorted({item.part for item in items}):
        write_atomic(folder / f"{part}.yaml", catalogs.dump_catalog(english[part], merged[part]))
        written += 1
    typer.echo(
        _("Imported {n} translations into {folder} ({files} files)").format(
            n=len(items), folder=folder, files=written
        ),
        err=True,
    )
