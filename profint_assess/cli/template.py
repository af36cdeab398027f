"""``template``: a blank answers file for a role."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from profint_assess.cli import app
from profint_assess.cli.common import (
    ModelOption,
    OutputOption,
    RoleOption,
    emit,
    model_from,
)
from profint_assess.errors import UsageError

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
) -> None:
    """Write a blank answers file: every question id, its text as a comment, the scale on top."""
    model = model_from(model_path)
    questionnaire = model.require_questionnaire(role)
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output}: already exists (use --force to overwrite)")
    from profint_assess.answers import blank_template

    emit(blank_template(model, questionnaire, role), output)
