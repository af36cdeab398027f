"""What the commands share: option types, format choices, output, argument checks.

Light at import like the rest of the CLI: pydantic, yaml and rich are imported inside the
functions that need them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from profint_assess import i18n
from profint_assess.errors import ThresholdNotMet, UsageError
from profint_assess.i18n import _, ngettext
from profint_assess.report import formats

if TYPE_CHECKING:
    from profint_assess.model import Model
    from profint_assess.scoring import Report


def _choices(name: str, kind: str) -> Any:
    """The ``--format`` choices of a document kind, from the report registry: Typer refuses
    any other name (exit 2) and lists these in ``--help``."""
    return Enum(name, {fmt: fmt for fmt in formats(kind)}, type=str)


ReportFormat = _choices("ReportFormat", "report")
BatchFormat = _choices("BatchFormat", "batch")
CompareFormat = _choices("CompareFormat", "compare")
ModelFormat = _choices("ModelFormat", "model")
PlanFormat = _choices("PlanFormat", "plan")

TargetOption = Annotated[
    list[str],
    typer.Option(
        "--target",
        help="Target score: N for every factor, or FACTOR=N (repeatable). "
        "Default: the answers file's, else the model's (75).",
    ),
]
ModelOption = Annotated[
    Path | None,
    typer.Option(
        "--model",
        help="Model folder (holding factors/ and questionnaires/). "
        "Default: the built-in PROFINT model.",
        show_default=False,
    ),
]
RoleOption = Annotated[
    str,
    typer.Option(
        "--role", help="Respondent role: manager, team, partner, company, beneficiary or external."
    ),
]
QuestionnaireOption = Annotated[
    str | None,
    typer.Option(
        "--questionnaire",
        help="Another questionnaire than the role's, by id: learning-progress (the "
        "beneficiaries' learning-progress grid).",
        show_default=False,
    ),
]
PlainOption = Annotated[
    bool, typer.Option("--plain", help="No colour and no box drawing (also when NO_COLOR is set).")
]
LangOption = Annotated[
    str | None,
    typer.Option(
        "--lang",
        help="Language of what is shown: en, fr, it, sv; ar, uk for what beneficiaries read. "
        "Default: PROFINT_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG), else English.",
        show_default=False,
    ),
]
SkipInvalidOption = Annotated[
    bool,
    typer.Option(
        "--skip-invalid",
        help="Report invalid files but exit 0 for them (they are left out either way).",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write to this file instead of standard output.", show_default=False
    ),
]


def is_plain(flag: bool) -> bool:
    return flag or bool(os.environ.get("NO_COLOR"))


def use_language(option: str | None) -> str:
    """Pick the language of this run: ``--lang``, else PROFINT_LANG, else the locale, else en.

    An unknown code given with ``--lang`` or PROFINT_LANG is a usage error listing the
    languages there are; a locale we have no translation for (de_DE) quietly means English.
    """
    code, origin = i18n.resolve(option, os.environ)
    if code == i18n.SOURCE_LANGUAGE:
        i18n.set_language(None)
        return code
    from profint_assess.loading import load_languages

    languages = load_languages()
    if code not in languages:
        if origin not in ("--lang", i18n.ENV_VARIABLE):
            i18n.set_language(None)
            return i18n.SOURCE_LANGUAGE
        available = ", ".join(f"{c} ({lang.name})" for c, lang in languages.items())
        where = f"--lang {code}" if origin == "--lang" else f"{i18n.ENV_VARIABLE}={code}"
        raise UsageError(
            _("{where}: unknown language (available: {languages})").format(
                where=where, languages=available
            )
        )
    language = languages[code]
    i18n.set_language(
        code, name=language.name, direction=language.dir, draft=language.status == "draft"
    )
    return code


def model_from(path: Path | None) -> Model:
    """The model in folder ``path``, or the built-in one, in the language of this run.

    When texts fall back to English (a draft language, a model with no catalog for the
    language) the run says so once, on stderr, and reports carry the same note.
    """
    from profint_assess.loading import load_model

    model = load_model(path, lang=i18n.language())
    note = fallback_note(model, path)
    if note:
        i18n.set_note(note)
        if not i18n.note_shown():
            typer.echo(note, err=True)
            i18n.set_note(note, shown=True)
    return model


def fallback_note(model: Model, path: Path | None) -> str:
    """The one line saying what is shown in English, or "" when everything is translated."""
    translation = model.translation
    if translation is None:
        return ""
    name = i18n.language_name()
    if not translation.catalogs and path is not None:
        return _(
            "The model in {path} has no translation into {language}: its texts are shown "
            "in English."
        ).format(path=path, language=name)
    if i18n.is_draft():
        return ngettext(
            "{language} is a draft translation: {n} text of the model and any untranslated "
            "message are shown in English.",
            "{language} is a draft translation: {n} texts of the model and any untranslated "
            "message are shown in English.",
            translation.fallbacks,
        ).format(language=name, n=translation.fallbacks)
    if translation.fallbacks:
        return ngettext(
            "{n} text of the model is not translated into {language} (or changed since): "
            "it is shown in English.",
            "{n} texts of the model are not translated into {language} (or changed since): "
            "they are shown in English.",
            translation.fallbacks,
        ).format(language=name, n=translation.fallbacks)
    return ""


def emit(text: str, output: Path | None) -> None:
    """Text to the output file (atomically) or to stdout."""
    if output is None:
        sys.stdout.write(text)
        return
    from profint_assess.answers import write_atomic

    write_atomic(output, text)
    typer.echo(_("Wrote {path}").format(path=output), err=True)


def emit_rich(renderable: Any, output: Path | None, plain: bool) -> None:
    from rich.console import Console

    if output is None:
        # color_system=None drops every escape code (bold too), not only colours.
        # markup=False: a "[/]" or "[link=...]" in a model text or a saved report is text.
        console = Console(
            color_system=None if plain else "auto", highlight=False, markup=False, emoji=False
        )
        console.print(renderable)
        return
    with Path(os.devnull).open("w") as sink:
        console = Console(
            record=True, width=110, no_color=True, file=sink, markup=False, emoji=False
        )
        console.print(renderable)
    emit(console.export_text(), output)


def load_assessment(
    paths: list[Path],
    model: Model,
    overrides: dict[str, float],
    min_respondents: dict[str, int] | None = None,
    read: list[Any] | None = None,
) -> tuple[list[Any], dict[str, float]]:
    """Answers files of one device, each file once, with the targets they are scored against.

    Targets come from the files that count: a file left out (its role has too few respondents)
    sets none, as it counts in no number. ``read``: the files of ``paths`` (distinct, in that
    order) already read and checked, as :func:`~.grid.split_learning_files` gives them.
    """
    from profint_assess.loading import load_all_answers
    from profint_assess.scoring import check_same_device, resolve_targets, split_left_out

    paths = distinct(paths)
    answers = load_all_answers(paths, model) if read is None else read
    check_same_device(answers, [str(p) for p in paths])
    counted, _left_out = split_left_out(answers, min_respondents)
    return answers, resolve_targets(model, counted, overrides)


def distinct(paths: list[Path]) -> list[Path]:
    """Each file once: the same file given twice is one respondent, not two (as in batch)."""
    seen: set[Path] = set()
    unique = []
    for path in paths:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def refuse_overwriting_inputs(output: Path | None, inputs: Iterable[Path]) -> None:
    """``score a.yaml -o a.yaml`` would replace someone's answers with a report."""
    if output is None:
        return
    target = output.resolve()
    for path in inputs:
        if path.resolve() == target:
            raise UsageError(
                _("-o {path}: is one of the input files; choose another name").format(path=output)
            )


def parse_targets(values: list[str]) -> dict[str, float]:
    """``--target 80`` sets every factor; ``--target F03=90`` one factor."""
    targets: dict[str, float] = {}
    for value in values:
        key, _sep, number = value.rpartition("=")
        key = key or "default"
        try:
            target = float(number)
        except ValueError:
            raise UsageError(
                _("--target {value}: expected N or FACTOR=N, e.g. 80 or F03=90").format(
                    value=repr(value)
                )
            ) from None
        if not 0 <= target <= 100:
            raise UsageError(
                _("--target {value}: a target is between 0 and 100").format(value=repr(value))
            )
        targets[key] = target
    return targets


def shown_below(score: float, threshold: float) -> str:
    """The score with enough decimals to be visibly below the threshold (52.08, not 52.1)."""
    for decimals in (1, 2, 3, 4):
        shown = f"{score:.{decimals}f}"
        if float(shown) < threshold:
            return shown
    return repr(score)


def check_fail_under(fail_under: float | None) -> None:
    # nan compares false with everything: a CI gate with it would never fail.
    if fail_under is not None and not 0 <= fail_under <= 100:
        raise UsageError(
            _("--fail-under {value}: a threshold is between 0 and 100").format(
                value=f"{fail_under:g}"
            )
        )


def check_target_keys(targets: dict[str, float], model: Model) -> None:
    """A --target for a factor the model does not have would be silently ignored."""
    known = {"default", *(f.id for f in model.factors)}
    for key in targets:
        if key not in known:
            raise UsageError(
                _(
                    "--target {key}=...: {quoted} is not a factor of the model "
                    "(factors {first}-{last})"
                ).format(
                    key=key,
                    quoted=repr(key),
                    first=model.factors[0].id,
                    last=model.factors[-1].id,
                )
            )


def parse_min_respondents(values: list[str]) -> dict[str, int]:
    """``--min-respondents beneficiary=5``: the fewest respondents a role needs to be shown."""
    from profint_assess.records import ROLES

    minimums: dict[str, int] = {}
    for value in values:
        role, sep, number = value.partition("=")
        role = role.strip()
        if not sep or not role:
            raise UsageError(
                _("--min-respondents {value}: expected ROLE=N, e.g. beneficiary=5").format(
                    value=repr(value)
                )
            )
        if role not in ROLES:
            raise UsageError(
                _("--min-respondents {value}: {role} is not a role ({roles})").format(
                    value=repr(value), role=repr(role), roles=", ".join(ROLES)
                )
            )
        try:
            minimum = int(number)
        except ValueError:
            raise UsageError(
                _("--min-respondents {value}: N is a whole number, e.g. beneficiary=5").format(
                    value=repr(value)
                )
            ) from None
        if minimum < 1:
            raise UsageError(
                _("--min-respondents {value}: N is 1 or more").format(value=repr(value))
            )
        minimums[role] = minimum
    return minimums


def render_report(
    report: Report,
    model: Model,
    fmt: ReportFormat,
    output: Path | None,
    plain: bool,
    *,
    answers: bool = True,
    **options: Any,
) -> None:
    from profint_assess.report import renderer

    # Every renderer takes **options; those that have no answers appendix ignore ``answers``.
    rendered = renderer("report", fmt.value)(
        report, model=model, plain=plain, answers=answers, **options
    )
    if fmt is ReportFormat.terminal:
        emit_rich(rendered, output, plain)
    else:
        emit(rendered, output)


def check_threshold(report: Report, fail_under: float | None) -> None:
    if fail_under is None:
        return
    if report.overall_score is None:
        raise ThresholdNotMet(
            _(
                "no factor was assessed, so the overall score cannot reach --fail-under {value}"
            ).format(value=f"{fail_under:g}")
        )
    if report.overall_score < fail_under:
        raise ThresholdNotMet(
            _("overall score {score} is below --fail-under {value}").format(
                score=shown_below(report.overall_score, fail_under), value=f"{fail_under:g}"
            )
        )
