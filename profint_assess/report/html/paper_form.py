"""The paper form (``form paper``): A4, tick boxes and each question's own level descriptors.

For paper collection or an interviewer reading aloud. One self-contained HTML file (CSS inline,
no scripts, nothing fetched), rendered by Jinja2 with autoescaping like the HTML report. A
plain-language questionnaire (beneficiaries) shows no ids and no model wording: parts are
numbered, questions too. Someone then types the ticked answers in with ``assess`` or the XLSX.
"""

from __future__ import annotations

from dataclasses import dataclass

from profint_assess import __version__
from profint_assess.collect import factor_groups, wording
from profint_assess.i18n import _
from profint_assess.records import Model, Questionnaire
from profint_assess.report.html.assessment import _environment


@dataclass(frozen=True)
class _Option:
    mark: str  # what the box stands for, printed small beside it ("3", or nothing when plain)
    label: str
    description: str


@dataclass(frozen=True)
class _Question:
    number: int
    id: str
    text: str
    help: str
    options: list[_Option]


@dataclass(frozen=True)
class _Part:
    heading: str
    statement: str
    questions: list[_Question]


def context(model: Model, questionnaire: Questionnaire, role: str, lang: str = "en") -> dict:
    """The plain data the template lays out; ``model`` is loaded in the form's language."""
    plain = questionnaire.plain_language
    words = wording(questionnaire)
    scale = {p.value: p for p in questionnaire.scale}
    parts = []
    number = 0
    groups = factor_groups(questionnaire)
    for index, (factor_id, questions) in enumerate(groups, start=1):
        factor = model.factor(factor_id)
        items = []
        for question in questions:
            number += 1
            options = [
                _Option(
                    "" if plain else str(value),
                    scale[value].label,
                    question.levels[value],
                )
                for value in range(5)
            ]
            options += [
                _Option("" if plain else "na", words.na, ""),
                _Option("" if plain else "?", words.unknown, ""),
            ]
            items.append(
                _Question(
                    number,
                    "" if plain else question.id,
                    question.text,
                    "" if plain else (question.help),
                    options,
                )
            )
        if plain:
            heading = _("Part {index} of {count}").format(index=index, count=len(groups))
            parts.append(_Part(heading, "", items))
        else:
            title = factor.title
            statement = factor.statement
            parts.append(_Part(f"{factor.id} {title}", statement, items))
    return {
        "lang": lang,
        "plain": plain,
        "title": questionnaire.title,
        "description": (questionnaire.description),
        "words": words,
        "role": role,
        "questionnaire": questionnaire.id,
        "model": f"{model.meta.id} {model.meta.version}",
        "parts": parts,
        "count": number,
        "open_questions": [
            _Question(
                number + i,
                "",
                o.text,
                "" if plain else (o.help),
                [],
            )
            for i, o in enumerate(questionnaire.open_questions, start=1)
        ],
        "version": __version__,
    }


def render(model: Model, questionnaire: Questionnaire, role: str, lang: str = "en") -> str:
    """The paper form as one HTML document."""
    template = _environment().get_template("paper.html.j2")
    return template.render(context(model, questionnaire, role, lang))
