"""``model show``: the model as a readable tree, or as JSON for scripts."""

from __future__ import annotations

import json
from typing import Any

from profint_assess.model import Model, Questionnaire
from profint_assess.report.json_report import recommendation_to_dict


def model_to_dict(model: Model, questionnaire: Questionnaire) -> dict[str, Any]:
    """The loaded model and one questionnaire, in the shape DESIGN.md documents."""
    meta = model.meta
    return {
        "model": {
            "id": meta.id,
            "version": meta.version,
            "title": meta.title,
            "notes": meta.notes,
            "default_target": meta.default_target,
            "fields": [
                {
                    "id": f.id,
                    "title": f.title,
                    "professionalisation": f.professionalisation,
                    "factors": [x.id for x in model.factors if x.field == f.id],
                }
                for f in meta.fields
            ],
            "factors": [
                {
                    "id": f.id,
                    "field": f.field,
                    "title": f.title,
                    "statement": f.statement,
                    "weight": f.weight,
                    "stakeholders": f.stakeholders,
                    "source": f.source,
                }
                for f in model.factors
            ],
            "levels": [l.model_dump() for l in meta.levels],  # noqa: E741
            "recommendations": [recommendation_to_dict(r) for r in model.recommendations],
            "practices": [p.model_dump() for p in model.practices],
        },
        "questionnaire": {
            "id": questionnaire.id,
            "title": questionnaire.title,
            "roles": questionnaire.roles,
            "scale": [p.model_dump() for p in questionnaire.scale],
            "questions": [
                {
                    "id": q.id,
                    "factor": q.factor,
                    "text": q.text,
                    "help": q.help,
                    "levels": {str(k): v for k, v in q.levels.items()},
                    "weight": q.weight,
                    "source": q.source,
                }
                for q in questionnaire.questions
            ],
        },
    }


def render_json(model: Model, questionnaire: Questionnaire) -> str:
    return json.dumps(model_to_dict(model, questionnaire), indent=2, ensure_ascii=False) + "\n"


def render_tree(model: Model, questionnaire: Questionnaire, *, plain: bool = False) -> Any:
    """Fields, their factors with statements and question counts; plain: indented text only."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text
    from rich.tree import Tree

    meta = model.meta
    counts: dict[str, int] = {}
    for q in questionnaire.questions:
        counts[q.factor] = counts.get(q.factor, 0) + 1
    heading = Text(
        f"{meta.title} ({meta.id} {meta.version}) — questionnaire "
        f"{questionnaire.id}, {len(questionnaire.questions)} questions",
        style="" if plain else "bold",
    )
    # Plain output has no tree guides (screen readers read them aloud): indentation only.
    root = Tree(heading, guide_style="dim")
    lines: list[Any] = [heading]
    for field in meta.fields:
        field_line = Text(
            f"{field.title} — {field.professionalisation} [{field.id}]",
            style="" if plain else "bold cyan",
        )
        branch = root.add(field_line)
        lines.append(Padding(field_line, (0, 0, 0, 2)))
        for factor in (f for f in model.factors if f.field == field.id):
            n = counts.get(factor.id, 0)
            factor_line = Text(
                f"{factor.id} {factor.title} ({n} question{'' if n == 1 else 's'}, "
                f"{factor.source})",
                style="" if plain else "bold",
            )
            branch.add(factor_line).add(Text(factor.statement))
            lines += [
                Padding(factor_line, (0, 0, 0, 4)),
                Padding(Text(factor.statement), (0, 0, 0, 6)),
            ]
    return Group(*lines) if plain else root
