"""``form``: the questionnaire as a form filled outside the CLI (XLSForm, XLSX workbook, paper).

Each command calls a pure builder in :mod:`profint_assess.collect` and writes its bytes or text
atomically; none overwrites an existing file without ``--force``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from profint_assess.cli import app
from profint_assess.cli.common import (
    ModelOption,
    QuestionnaireOption,
    RoleOption,
    model_from,
    use_language,
)
from profint_assess.cli.grid import learning_grid_for
from profint_assess.errors import UsageError
from profint_assess.i18n import _

if TYPE_CHECKING:
    from profint_assess.model import Model

form_app = typer.Typer(
    name="form",
    help=_("Forms to collect answers without the CLI: XLSForm (KoboToolbox, ODK), XLSX, paper."),
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(form_app, name="form")

LangOption = Annotated[
    str,
    typer.Option("--lang", help=_("Language of the form (its default language for XLSForm).")),
]
ForceOption = Annotated[bool, typer.Option("--force", help=_("Overwrite an existing file."))]
OrganizationOption = Annotated[
    str | None,
    typer.Option(
        "--organization",
        help=_("Fill in the organisation for every respondent (hidden in the form)."),
        show_default=False,
    ),
]
DeviceOption = Annotated[
    str | None,
    typer.Option(
        "--device",
        help=_("Fill in the device (the programme assessed) for every respondent."),
        show_default=False,
    ),
]


def _output(output: Path | None, default: str, force: bool) -> Path:
    path = output if output is not None else Path(default)
    if path.exists() and not force:
        raise UsageError(_("{path}: already exists (use --force to overwrite)").format(path=path))
    return path


def _check_lang(
    model: Model, lang: str, questionnaire_id: str, model_path: Path | None = None
) -> list[str]:
    """The form's languages; exit 2 when ``lang`` is not one of them."""
    from profint_assess.collect import form_languages

    languages = form_languages(model, questionnaire_id, model_path)
    if lang not in languages:
        raise UsageError(
            _("--lang {lang}: no such language in the model (languages: {known})").format(
                lang=lang, known=", ".join(languages)
            )
        )
    return languages


def _check_text(option: str, value: str | None) -> None:
    if value is not None and (not value.strip() or any(ord(c) < 32 for c in value)):
        raise UsageError(
            _("{option}: give a name on one line, without control characters").format(option=option)
        )


def _in_language(model_path: Path | None, model: Model, lang: str) -> Model:
    """The model with its texts in ``lang`` (the one already loaded when it is in ``lang``).

    Only languages from ``form_languages`` get here: those with a content catalog for the
    questionnaire, which ``load_model(path, lang)`` applies. The loaded model follows the run's
    language (PROFINT_LANG, the locale), which a form's ``--lang`` overrides.
    """
    if lang == "en" and model.translation is None:
        return model
    from profint_assess.loading import load_model

    return load_model(model_path, lang)  # type: ignore[call-arg]


def _write_bytes(path: Path, data: bytes) -> None:
    from profint_assess.answers import atomic_writer

    with atomic_writer(path) as handle:
        handle.flush()
        handle.buffer.write(data)  # the text stream's binary buffer: same temp file, same rename
    typer.echo(_("Wrote {path}").format(path=path), err=True)


@form_app.command("xlsform")
def form_xlsform(
    role: RoleOption = "manager",
    lang: LangOption = "en",
    organization: OrganizationOption = None,
    device: DeviceOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=_("The XLSForm to write (.xlsx)."), show_default=False),
    ] = None,
    force: ForceOption = False,
    model_path: ModelOption = None,
    questionnaire_id: QuestionnaireOption = None,
) -> None:
    """An XLSForm for KoboToolbox or ODK: one page per factor, every language of the model."""
    model = model_from(model_path)
    grid = learning_grid_for(model, questionnaire_id, role)
    questionnaire = None if grid else model.require_questionnaire(role)
    form_id = grid.id if grid else questionnaire.id  # type: ignore[union-attr]
    languages = _check_lang(model, lang, form_id, model_path)
    _check_text("--organization", organization)
    _check_text("--device", device)
    path = _output(output, f"{form_id}-xlsform.xlsx", force)
    from profint_assess.collect import xlsform

    prefill = xlsform.Prefill(organization=organization, device=device)
    translations = {
        code: _in_language(model_path, model, code) for code in languages if code != "en"
    }
    if grid is not None:
        from profint_assess.collect import grid as grid_form

        grid_data = grid_form.build(
            _in_language(model_path, model, "en"),
            grid,
            role,
            default_language=lang,
            prefill=prefill,
            translations=translations,
        )
        _write_bytes(path, grid_data)
        return
    assert questionnaire is not None
    data = xlsform.build(
        _in_language(model_path, model, "en"),
        questionnaire,
        role,
        default_language=lang,
        prefill=prefill,
        translations=translations,
    )
    _write_bytes(path, data)


@form_app.command("xlsx")
def form_xlsx(
    role: RoleOption = "manager",
    lang: LangOption = "en",
    organization: OrganizationOption = None,
    device: DeviceOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help=_("The workbook to write (.xlsx)."), show_default=False
        ),
    ] = None,
    force: ForceOption = False,
    model_path: ModelOption = None,
) -> None:
    """An XLSX workbook to fill in Excel or LibreOffice: one row per question, drop-down answers."""
    model = model_from(model_path)
    questionnaire = model.require_questionnaire(role)
    _check_lang(model, lang, questionnaire.id, model_path)
    _check_text("--organization", organization)
    _check_text("--device", device)
    path = _output(output, f"{questionnaire.id}-workbook.xlsx", force)
    from profint_assess.collect import workbook

    localized = _in_language(model_path, model, lang)
    data = workbook.build(
        localized,
        localized.require_questionnaire(role),
        role,
        lang=lang,
        organization=organization or "",
        device=device or "",
    )
    _write_bytes(path, data)


@form_app.command("paper")
def form_paper(
    role: RoleOption = "manager",
    lang: LangOption = "en",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=_("The HTML file to write (default: standard output)."),
            show_default=False,
        ),
    ] = None,
    pdf: Annotated[
        bool,
        typer.Option("--pdf", help=_("Also print it to a PDF beside the HTML (needs Chromium).")),
    ] = False,
    force: ForceOption = False,
    model_path: ModelOption = None,
) -> None:
    """A printable A4 questionnaire with tick boxes, for paper or an interviewer reading aloud."""
    model = model_from(model_path)
    # An unknown role: exit 2 with the roles there are.
    _check_lang(model, lang, model.require_questionnaire(role).id, model_path)
    # The form's fixed words, its layout direction and its html lang follow --lang.
    use_language(lang)
    if pdf and output is None:
        raise UsageError(_("--pdf needs -o FILE.html: the PDF is written beside it"))
    from profint_assess.report import renderer

    localized = _in_language(model_path, model, lang)
    html = renderer("paper", "html")(
        localized, localized.require_questionnaire(role), role, lang=lang
    )
    if output is None:
        typer.echo(html, nl=False)
        return
    path = _output(output, "", force)
    pdf_path = path.with_suffix(".pdf")
    if pdf and pdf_path.exists() and not force:
        raise UsageError(
            _("{path}: already exists (use --force to overwrite)").format(path=pdf_path)
        )
    from profint_assess.answers import write_atomic

    write_atomic(path, html)
    typer.echo(_("Wrote {path}").format(path=path), err=True)
    if pdf:
        from profint_assess.collect.pdf import print_pdf

        print_pdf(path, pdf_path)
        typer.echo(_("Wrote {path}").format(path=pdf_path), err=True)
