"""``template``: a blank answers file for a role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from profint_assess.cli import app
from profint_assess.cli.common import (
    LangOption,
    ModelOption,
    OutputOption,
    QuestionnaireOption,
    RoleOption,
    emit,
    model_from,
    use_language,
)
from profint_assess.cli.grid import learning_grid_for
from profint_assess.errors import UsageError
from profint_assess.i18n import _

if TYPE_CHECKING:
    pass


@app.command()
def template(
    role: RoleOption = "manager",
    output: OutputOption = None,
    model_path: ModelOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing output file.")
    ] = False,
    lang: LangOption = None,
    questionnaire_id: QuestionnaireOption = None,
) -> None:
    """Write a blank answers file: every question id, its text as a comment, the scale on top."""
    use_language(lang)
    model = model_from(model_path)
    grid = learning_grid_for(model, questionnaire_id, role)
    questionnaire = None if grid else model.require_questionnaire(role)
    if output is not None and output.exists() and not force:
        raise UsageError(_("{path}: already exists (use --force to overwrite)").format(path=output))
    if grid is not None:
        from profint_assess.learning_answers import blank_grid_template

        emit(blank_grid_template(model, grid, role), output)
        return
    assert questionnaire is not None
    from profint_assess.answers import blank_template

    emit(blank_template(model, questionnaire, role), output)
