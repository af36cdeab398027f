"""``model show`` and ``model validate``: the model and its questionnaires."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from profint_assess.cli import app
from profint_assess.cli.common import (
    LangOption,
    ModelFormat,
    ModelOption,
    PlainOption,
    QuestionnaireOption,
    RoleOption,
    emit,
    emit_rich,
    is_plain,
    model_from,
    use_language,
)
from profint_assess.cli.grid import learning_grid_for

if TYPE_CHECKING:
    pass

model_app = typer.Typer(
    help="Show or validate the model and its questionnaires.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(model_app, name="model")


@model_app.command("show")
def model_show(
    model_path: ModelOption = None,
    role: RoleOption = "manager",
    fmt: Annotated[
        ModelFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ModelFormat.text,
    plain: PlainOption = False,
    lang: LangOption = None,
    questionnaire_id: QuestionnaireOption = None,
) -> None:
    """Show the model: fields, factors with their statements, and the role's questions."""
    use_language(lang)
    model = model_from(model_path)
    grid = learning_grid_for(model, questionnaire_id, None)
    questionnaire = grid or model.require_questionnaire(role)
    from profint_assess.report import renderer

    rendered = renderer("model", fmt.value)(model, questionnaire, plain=is_plain(plain))
    if fmt is ModelFormat.json:
        emit(rendered, None)
    else:
        emit_rich(rendered, None, is_plain(plain))


@model_app.command("validate")
def model_validate(
    path: Annotated[
        Path | None,
        typer.Argument(
            help="Model folder to validate. Default: the built-in model.", show_default=False
        ),
    ] = None,
    lang: LangOption = None,
) -> None:
    """Validate a model and its questionnaires; list every problem (exit 2 if any)."""
    use_language(lang)
    model = model_from(path)
    questions = sum(len(q.questions) for q in model.questionnaires)
    typer.echo(
        f"OK: model {model.meta.id} {model.meta.version}: {len(model.meta.fields)} fields, "
        f"{len(model.factors)} factors, {len(model.questionnaires)} questionnaires "
        f"({questions} questions), {len(model.recommendations)} recommendations, "
        f"{len(model.practices)} practices"
        + "".join(
            f", learning grid {g.id} ({len(g.proposals)} sentences in {len(g.domains)} domains)"
            for g in model.learning_grids
        )
    )
