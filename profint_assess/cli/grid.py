"""Learning-grid files beside the answers files: told apart, checked, their figures rendered.

Shared by the commands that read answers (``score``, ``batch``) or name a questionnaire
(``template``, ``assess``, ``model show``, ``form``). Light at import like the rest of the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from profint_assess.cli.common import emit, emit_rich
from profint_assess.errors import Problem, UsageError
from profint_assess.i18n import _

if TYPE_CHECKING:
    from profint_assess.model import Model


def split_learning_files(
    paths: list[Path], model: Model
) -> tuple[list[Path], list[tuple[Path, Any]], list[Any] | None]:
    """The paths of questionnaire answers files, the learning-grid files loaded (with paths),
    and the questionnaires' answers as read here (for :func:`load_assessment`, so that no file
    is read twice), or None when the model has no grid and nothing was read.

    Problems of every file are reported together.
    """
    from profint_assess.errors import AnswersError
    from profint_assess.loading import load_any_answers
    from profint_assess.records import GridAnswersFile

    if not model.learning_grids:
        return paths, [], None
    rest: list[Path] = []
    grids: list[tuple[Path, GridAnswersFile]] = []
    read: list[Any] = []
    problems = []
    for path in paths:
        try:
            loaded = load_any_answers(path, model)
        except AnswersError as exc:
            problems.extend(exc.problems)
            continue
        if isinstance(loaded, GridAnswersFile):
            grids.append((path, loaded))
        else:
            rest.append(path)
            read.append(loaded)
    if problems:
        raise AnswersError(problems)
    # One device: grid files about another device than the first grid file are refused here;
    # against the questionnaires' device in check_grid_devices.
    _refuse_other_devices(grids, None)
    return rest, grids, read


def _refuse_other_devices(grids: list[tuple[Path, Any]], reference: tuple[str, str] | None) -> None:
    if not grids:
        return  # nothing to check, and the learning module is not needed
    from profint_assess.errors import AnswersError
    from profint_assess.learning import other_devices
    from profint_assess.loading import line_in

    wrong = other_devices([a for _, a in grids], reference)
    if wrong:
        raise AnswersError(
            [
                Problem(str(grids[i][0]), message, line_in(grids[i][0], ("device",)), "device")
                for i, message in wrong
            ]
        )


def check_grid_devices(grids: list[tuple[Path, Any]], first: Any) -> None:
    """Grid files must be about the device the questionnaires' answers are about."""
    _refuse_other_devices(grids, (first.organization, first.device))


def learning_figures(
    grids: list[tuple[Path, Any]], model: Model, minimums: dict[str, int]
) -> list[Any]:
    """The grid figures of one device (empty without grid files)."""
    if not grids:
        return []
    from profint_assess.learning import ROLE, learning_results
    from profint_assess.scoring import min_respondents_for

    files = [a for _, a in grids]
    return learning_results(model, files, minimum=min_respondents_for(ROLE, minimums))


def render_learning(
    learning: list[Any], model: Model, fmt: Any, output: Path | None, plain: bool
) -> None:
    """Grid figures alone (no questionnaire answers given): the ``learning`` document kind."""
    from profint_assess.report import renderer

    name = "terminal" if fmt.value in ("terminal", "table") else fmt.value
    rendered = renderer("learning", name)(learning, model=model, plain=plain)
    if name == "terminal":
        emit_rich(rendered, output, plain)
    elif isinstance(rendered, str):
        emit(rendered, output)
    else:
        emit("".join(rendered), output)


def learning_grid_for(model: Model, questionnaire: str | None, role: str | None) -> Any:
    """The learning grid ``--questionnaire`` names, or None for the role's questionnaire.

    A questionnaire id that is neither a grid nor the role's is a usage error listing the ids.
    """
    if questionnaire is None:
        return None
    grid = model.learning_grid(questionnaire)
    if grid is None:
        own = model.questionnaire(questionnaire)
        if own is not None and (role is None or role in own.roles):
            return None
        known = [g.id for g in model.learning_grids] + [q.id for q in model.questionnaires]
        message = (
            _("--questionnaire {id}: not a questionnaire answered by {role} in the model ({known})")
            if own is not None
            else _("--questionnaire {id}: not a questionnaire in the model ({known})")
        )
        raise UsageError(message.format(id=questionnaire, role=role, known=", ".join(known)))
    if role is not None and role not in grid.roles:
        raise UsageError(
            _("--questionnaire {id}: answered by {roles}, not {role} (add --role {first})").format(
                id=questionnaire, roles=", ".join(grid.roles), role=role, first=grid.roles[0]
            )
        )
    return grid
