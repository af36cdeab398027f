"""The HTML report: one self-contained file to hand over, on screen or printed to A4 PDF.

CSS and SVG charts are inline; there are no scripts, fonts, images or links to anything outside
the file, and a Content-Security-Policy forbids the browser to fetch any. Jinja2 renders the
template with autoescaping on, so every piece of user text (organisation, device, notes) shows
as text. This module only prepares plain data for the template; the layout is in
``templates/report.html.j2`` and the charts come from :mod:`profint_assess.report.html.svg`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from profint_assess import __version__, i18n
from profint_assess.i18n import _
from profint_assess.learning import LearningResult
from profint_assess.records import NA, UNKNOWN, Model, Practice
from profint_assess.report.html import svg
from profint_assess.report.wording import (
    DASH,
    DEFAULT_BANDS,
    LEVEL_WORDS,
    by_question,
    checks_intro,
    evidence_note,
    evidence_text,
    fmt_evidence,
    fmt_gap,
    fmt_pct,
    fmt_score,
    fmt_target,
    learning_title,
    no_checks,
    open_answers_heading,
    open_answers_intro,
    peer_cells,
    peer_columns,
    peer_heading,
    peer_lines,
    perception_intro,
    respondents_line,
    role_heading,
    role_word,
    several_roles,
    title,
)
from profint_assess.scoring import POINTS_PER_STEP, FactorResult, Report

if TYPE_CHECKING:
    from jinja2 import Environment

    from profint_assess.peers import PeerBenchmark

# Colours from the lowest band to the highest; a model with other bands is spread over them.
# Levels are always printed as words too: colour is never the only carrier of meaning.
LEVEL_COLOURS = ("#c0392b", "#d68910", "#2471a3", "#1e8449")
NO_LEVEL_COLOUR = "#9aa5b1"
ROLE_COLOURS = ("#1f4e79", "#b9770e", "#117a65", "#7d3c98", "#a93226", "#566573")
# Line patterns tell the roles apart in black and white; none is the target's "6 4".
ROLE_DASHES = ("", "8 3 2 3", "1 2", "12 3", "3 3", "8 2 1 2 1 2")
SCORE_COLOUR = "#1f4e79"
TARGET_COLOUR = "#1f2933"
DEFAULT_LEVELS = ("emerging", "developing", "established", "leading")
DEFAULT_SCALE = (
    (0, "Not in place"),
    (1, "Initiated"),
    (2, "Partly in place"),
    (3, "Largely in place"),
    (4, "Fully in place"),
)

_env: Environment | None = None
_APPENDICES = ("methodology", "answers")


def _environment() -> Environment:
    """The Jinja2 environment, built once; the template ships inside the package."""
    global _env
    if _env is None:
        # Imported here so that other formats (and --help) never pay for Jinja2.
        from jinja2 import Environment, PackageLoader, StrictUndefined

        from profint_assess.i18n import _ as gettext
        from profint_assess.i18n import ngettext

        _env = Environment(
            loader=PackageLoader("profint_assess.report.html", "templates"),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            # {{ _("Priorities") }} and {% trans %}...{% endtrans %} in the templates; Babel
            # extracts both (babel.cfg). The callables read the language at call time, so the
            # environment can be built once.
            extensions=["jinja2.ext.i18n"],
        )
        _env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]
        # <html lang="{{ html_lang() }}" dir="{{ html_dir() }}"> in every page: read at render.
        _env.globals.update(html_lang=i18n.language, html_dir=i18n.direction)
    return _env


def render(
    report: Report,
    *,
    model: Model | None = None,
    answers: bool = True,
    learning: Sequence[LearningResult] = (),
    peers: PeerBenchmark | None = None,
    **_options: Any,
) -> str:
    """The report as one HTML document; ``answers=False`` leaves out the answers appendix;
    ``peers`` adds the device's place among a network's devices (``score --peers``)."""
    template = _environment().get_template("report.html.j2")
    data = context(report, model, answers=answers)
    if learning:
        from profint_assess.report.html.grid import section_context

        # A section of its own after the maturity ones: never mixed into their figures.
        number = sum(1 for sid, _h in data["sections"] if sid not in _APPENDICES) + 1
        heading = f"{number}. {learning_title()}"
        at = next(i for i, (sid, _h) in enumerate(data["sections"]) if sid in _APPENDICES)
        data["sections"].insert(at, ("learning", heading))
        data["headings"]["learning"] = heading
    data["learning"] = section_context(learning, model) if learning else None
    data["peers"] = _peers(report, peers)
    if peers is not None:
        # Like the learning grid: a numbered section of its own before the appendices.
        number = sum(1 for sid, _h in data["sections"] if sid not in _APPENDICES) + 1
        heading = f"{number}. {peer_heading()}"
        at = next(i for i, (sid, _h) in enumerate(data["sections"]) if sid in _APPENDICES)
        data["sections"].insert(at, ("peers", heading))
        data["headings"]["peers"] = heading
    return template.render(data)


def _peers(report: Report, peers: PeerBenchmark | None) -> dict[str, Any] | None:
    """The peer section's lines and rows, or None without ``--peers``."""
    if peers is None:
        return None
    titles = {f.id: f.title for f in report.factors}
    return {
        "lines": peer_lines(peers),
        "columns": peer_columns(),
        "rows": [
            {"id": p.factor, "title": titles[p.factor], "cells": peer_cells(p)}
            for p in peers.factors
        ],
    }


# --- the data the template lays out -------------------------------------------------------------


@dataclass(frozen=True)
class _LevelStyle:
    title: str
    colour: str


def level_styles(model: Model | None) -> dict[str, _LevelStyle]:
    """Title and colour per level id, from the model's bands in score order."""
    bands = (
        # The interface's level words for the codes it knows (translated with the interface),
        # the model's own band titles for any other band.
        [(b.id, title(b.id) if b.id in LEVEL_WORDS else b.title) for b in model.levels]
        if model is not None
        else [(level, title(level)) for level in DEFAULT_LEVELS]
    )
    last = len(LEVEL_COLOURS) - 1
    spread = max(1, len(bands) - 1)
    return {
        level: _LevelStyle(
            name, LEVEL_COLOURS[last if len(bands) == 1 else round(i * last / spread)]
        )
        for i, (level, name) in enumerate(bands)
    }


def _level(level: str | None, styles: dict[str, _LevelStyle]) -> dict[str, str]:
    """A level badge: its words, and its colour as a second cue."""
    if level is None:
        return {"id": "none", "title": _("Not assessed"), "colour": NO_LEVEL_COLOUR}
    style = styles.get(level, _LevelStyle(title(level), NO_LEVEL_COLOUR))
    return {"id": level, "title": style.title, "colour": style.colour}


def _role_title(role: str) -> str:
    return role_word(role)


def _roles_with_scores(report: Report) -> list[str]:
    """Shown roles that scored at least one factor, in the core's fixed role order.

    Hidden roles (too few respondents) are not in ``report.roles``, so they get no column and
    no radar line here either.
    """
    return [
        role
        for role in report.roles
        if any(f.by_role.get(role) is not None for f in report.factors)
    ]


def _radar(report: Report, roles: Sequence[str]) -> dict[str, str]:
    axes = [
        (f.id, f.title if f.assessed else _("{title} (not assessed)").format(title=f.title))
        for f in report.factors
    ]
    target = svg.Series(_("Target"), [f.target for f in report.factors], TARGET_COLOUR, dash="6 4")
    if len(roles) > 1:
        series = [
            svg.Series(
                _role_title(role),
                [f.by_role.get(role) for f in report.factors],
                ROLE_COLOURS[i % len(ROLE_COLOURS)],
                dash=ROLE_DASHES[i % len(ROLE_DASHES)],
            )
            for i, role in enumerate(roles)
        ]
        series = [
            svg.Series(
                _("All roles (mean)"),
                [f.score for f in report.factors],
                "#9aa5b1",
                fill=True,
            ),
            *series,
            target,
        ]
        caption = _(
            "Score of each success factor for each role, the mean over roles (grey) and the "
            "target (black, dashed)."
        )
    else:
        score = svg.Series(_("Score"), [f.score for f in report.factors], SCORE_COLOUR, fill=True)
        series = [score, target]
        caption = _("Score of each success factor (solid line) and its target (dashed).")
    return {
        "chart": svg.radar(axes, series, title=_("Success factors: score and target")),
        "legend": svg.legend(series),
        "caption": caption,
    }


def _field_bars(report: Report, styles: dict[str, _LevelStyle]) -> str:
    rows = [
        svg.Bar(
            f.title,
            f.score,
            _level(f.level, styles)["colour"],
            f"{fmt_score(f.score)}  {_level(f.level, styles)['title']}"
            if f.score is not None
            else "not assessed",
        )
        for f in report.fields
    ]
    targets = {f.target for f in report.factors}
    target = targets.pop() if len(targets) == 1 else None
    return svg.bars(rows, title=_("Score per field of professionalisation"), target=target)


def _factor_row(
    f: FactorResult, roles: Sequence[str], styles: dict[str, _LevelStyle]
) -> dict[str, Any]:
    """One factor as shown: numbers rounded for people, a dash where there is none."""
    return {
        "id": f.id,
        "title": f.title,
        "score": fmt_score(f.score) if f.score is not None else DASH,
        "assessed": f.assessed,
        "level": _level(f.level, styles),
        "coverage": fmt_pct(f.coverage),
        "target": fmt_target(f.target),
        "gap": fmt_gap(f),
        "evidence": fmt_evidence(f),
        "evidence_title": evidence_text(f),
        "by_role": [
            fmt_score(f.by_role[r]) if f.by_role.get(r) is not None else DASH for r in roles
        ],
    }


def _factor_groups(
    report: Report, roles: Sequence[str], styles: dict[str, _LevelStyle]
) -> list[dict[str, Any]]:
    """The factor table's rows under their field, fields in model order (F12 sits with F07)."""
    by_id = {f.id: f for f in report.factors}
    return [
        {
            "id": field.id,
            "title": field.title,
            "rows": [_factor_row(by_id[fid], roles, styles) for fid in field.factors],
        }
        for field in report.fields
    ]


def _practice(p: Practice) -> dict[str, str]:
    return {
        "id": p.id,
        "title": p.title,
        "organization": p.organization,
        "country": p.country,
        "summary": p.summary,
        "source": p.source,
    }


def _gaps(report: Report, model: Model | None, styles: dict[str, _LevelStyle]) -> dict[str, Any]:
    """Priority gaps with their recommendations and the good practices that illustrate them.

    A practice linked to a recommendation is shown under it; a practice that names the factor
    but no recommendation is cited under the gap; each cited practice is summarised once.
    """
    recs = {r.id: r for r in report.recommendations}
    cited: dict[str, Practice] = {}
    gaps = []
    for rank, f in enumerate(report.priority_gaps, 1):
        items = []
        shown: set[str] = set()
        for rid in f.recommendations:
            rec = recs[rid]
            practices = model.practices_for(rid) if model is not None else []
            shown.update(p.id for p in practices)
            items.append(
                {
                    "id": rec.id,
                    "title": rec.title,
                    "why": rec.why,
                    "steps": list(rec.steps),
                    "source": rec.source,
                    "practices": [_practice(p) for p in practices],
                }
            )
        related = (
            [p for p in model.practices if f.id in p.factors and p.id not in shown]
            if model is not None
            else []
        )
        cited.update({p.id: p for p in related})
        gaps.append(
            {
                "rank": rank,
                **_factor_row(f, [], styles),
                "recommendations": items,
                "related": [_practice(p) for p in related],
            }
        )
    return {"items": gaps, "practices": [_practice(p) for p in cited.values()]}


def _perception(report: Report, roles: Sequence[str]) -> dict[str, Any] | None:
    """The core's perception gaps laid out for the table; None when only one role answered."""
    if not several_roles(report):
        return None
    by_id = {f.id: f for f in report.factors}
    rows = [
        {
            "id": g.factor,
            "title": g.title,
            "by_role": [
                fmt_score(v) if (v := by_id[g.factor].by_role.get(r)) is not None else DASH
                for r in roles
            ],
            "divergence": f"{g.divergence:.1f}",
            "highest": _role_title(g.highest_role),
            "lowest": _role_title(g.lowest_role),
        }
        for g in report.perception_gaps
    ]
    return {
        "threshold": fmt_target(report.divergence_threshold),
        "intro": perception_intro(report),
        "rows": rows,
    }


def _answer_value(value: int | str | None, labels: dict[int, str]) -> str:
    if value is None:
        return _("not answered")
    if value == NA:
        return _("na (does not apply)")
    if value == UNKNOWN:
        return _("unknown")
    if isinstance(value, int):
        label = labels.get(value)
        return f"{value} ({label})" if label else str(value)
    return str(value)


def _answers(report: Report, model: Model | None) -> list[dict[str, Any]]:
    """The answers grouped by factor (model order), then by question; one line per respondent.

    The question text is shown once per question however many respondents answered it; each
    answer and note is prefixed with the respondent's role when several respondents answered.
    """
    questions: dict[str, str] = {}
    # Each questionnaire has its own labels (a beneficiary's "often" is a manager's "largely in
    # place"); question ids are unique across questionnaires, so the id finds the labels.
    labels: dict[str, dict[int, str]] = {}
    if model is not None:
        for questionnaire in model.questionnaires:
            scale = {p.value: p.label for p in questionnaire.scale}
            for q in questionnaire.questions:
                questions.setdefault(q.id, q.text)
                labels.setdefault(q.id, scale)
    several = sum(report.respondents.values()) > 1
    by_question: dict[str, list[Any]] = {}
    for line in report.answers:
        by_question.setdefault(line.question, []).append(line)
    groups = []
    for f in report.factors:
        ids = [qid for qid, lines in by_question.items() if lines[0].factor == f.id]
        if not ids:
            continue
        rows = []
        for qid in ids:
            lines = by_question[qid]
            rows.append(
                {
                    "question": qid,
                    "text": questions.get(qid, ""),
                    "answers": [
                        {
                            "role": _role_title(a.role) if several else "",
                            "value": _answer_value(a.value, labels.get(qid, dict(DEFAULT_SCALE))),
                        }
                        for a in lines
                    ],
                    "notes": [
                        {"role": _role_title(a.role) if several else "", "note": a.note}
                        for a in lines
                        if a.note
                    ],
                }
            )
        groups.append({"id": f.id, "title": f.title, "questions": rows})
    return groups


def _scales(report: Report, model: Model | None) -> list[dict[str, Any]]:
    """The answer scale of each questionnaire answered; questionnaires sharing one are grouped."""
    scales: dict[tuple[tuple[int, str, str], ...], list[str]] = {}
    for qid in report.questionnaires:
        questionnaire = model.questionnaire(qid) if model is not None else None
        if questionnaire is not None:
            key = tuple((p.value, p.label, p.description) for p in questionnaire.scale)
            scales.setdefault(key, []).append(questionnaire.title)
    if not scales:
        scales[tuple((v, label, "") for v, label in DEFAULT_SCALE)] = []
    return [
        {
            "title": ", ".join(titles),
            "points": [
                {"value": v, "label": label, "description": d, "points": f"{v * POINTS_PER_STEP:g}"}
                for v, label, d in key
            ],
        }
        for key, titles in scales.items()
    ]


def _band_ranges(minimums: Sequence[float]) -> list[str]:
    """``below 37.5``, ``37.5 to below 62.5``, ..., ``87.5 and above``: each band's scores."""
    ranges = []
    for i, low in enumerate(minimums):
        high = minimums[i + 1] if i + 1 < len(minimums) else None
        if high is None:
            ranges.append(f"{low:g} and above" if i else "0 to 100")
        elif i == 0:
            ranges.append(f"below {high:g}")
        else:
            ranges.append(f"{low:g} to below {high:g}")
    return ranges


def _methodology(report: Report, model: Model | None) -> dict[str, Any]:
    def band_title(band: Any) -> str:
        # The interface's words for the four known codes, the model's titles for other bands.
        return title(band.id) if band.id in LEVEL_WORDS else band.title

    if model is not None:
        ranges = _band_ranges([b.min for b in model.levels])
        levels = [
            (band_title(b), r, b.description) for b, r in zip(model.levels, ranges, strict=True)
        ]
    else:
        ranges = _band_ranges([minimum for _level, minimum in DEFAULT_BANDS])
        levels = [
            (title(level), r, "")
            for (level, _minimum), r in zip(DEFAULT_BANDS, ranges, strict=True)
        ]
    targets = sorted({f.target for f in report.factors})
    return {
        "method": report.method,
        "role_weights": [
            {"role": _role_title(role), "weight": f"{weight:g}"}
            for role, weight in report.role_weights.items()
        ],
        "scales": _scales(report, model),
        "levels": [{"title": t, "range": r, "description": d} for t, r, d in levels],
        "targets": ", ".join(fmt_target(t) for t in targets),
        "one_target": len(targets) == 1,
        "perception_gap": fmt_target(report.divergence_threshold),
        "source": model.meta.source if model is not None else "",
        "notes": model.meta.notes if model is not None else "",
    }


def _comments(report: Report) -> list[dict[str, Any]]:
    """The open answers by role, then question: [{role, questions: [{text, comments}]}]."""
    return [
        {
            "role": role_heading(role, report.respondents[role]),
            "questions": [
                {"text": text, "comments": comments} for text, comments in by_question(lines)
            ],
        }
        for role, lines in report.comments_by_role.items()
    ]


def context(report: Report, model: Model | None, *, answers: bool = True) -> dict[str, Any]:
    """Everything the template shows, already formatted for people (one decimal)."""
    styles = level_styles(model)
    roles = _roles_with_scores(report)
    respondents = [
        {"role": _role_title(role), "count": count} for role, count in report.respondents.items()
    ]
    perception = _perception(report, roles)
    gaps = _gaps(report, model, styles)
    # Headings are numbered here so that the contents and the sections always agree, whichever
    # optional sections are present.
    body = [
        ("summary", _("Overall and field scores")),
        ("profile", _("Profile of the success factors")),
        ("factors", _("Success factors in detail")),
        ("gaps", _("Priority gaps and recommendations")),
    ]
    if perception is not None:
        body.append(("perception", _("Perception gaps between roles")))
    comments = _comments(report) if answers else []
    if comments:
        body.append(("open", open_answers_heading()))
    appendices = [("methodology", _("Methodology"))]
    if answers:
        appendices.append(("answers", _("Answers and notes")))
    sections = [(sid, f"{n}. {text}") for n, (sid, text) in enumerate(body, 1)] + [
        (sid, _("Appendix {letter}. {title}").format(letter=letter, title=text))
        for letter, (sid, text) in zip("ABCDEFGH", appendices, strict=False)
    ]
    return {
        # The language of the report and its direction (rtl for Arabic), and what in it is
        # still English (a draft language), said once on the cover.
        "lang": i18n.language(),
        "dir": i18n.direction(),
        "translation_note": i18n.note(),
        "version": __version__,
        "model_title": report.model_title,
        "model_id": report.model_id,
        "model_version": report.model_version,
        "organization": report.organization,
        "device": report.device,
        "date": report.date.isoformat(),
        "status": report.status,
        "respondents": respondents,
        "respondent_total": sum(report.respondents.values()),
        "respondents_line": respondents_line(report),
        "notes": report.notes,
        "method": report.method,
        "left_out_roles": [h.role for h in report.left_out],
        "checks": [c.text for c in report.checks],
        "checks_intro": checks_intro(),
        "no_checks": no_checks(),
        "evidence_note": evidence_note(),
        "overall": {
            "score": fmt_score(report.overall_score) if report.overall_score is not None else DASH,
            "level": _level(report.overall_level, styles),
        },
        "assessed": sum(f.assessed for f in report.factors),
        "factor_count": len(report.factors),
        "gap_count": len(report.priority_gaps),
        "fields": [
            {
                "id": f.id,
                "title": f.title,
                "score": fmt_score(f.score) if f.score is not None else DASH,
                "level": _level(f.level, styles),
                "factors": ", ".join(f.factors),
            }
            for f in report.fields
        ],
        "field_bars": _field_bars(report, styles),
        "radar": _radar(report, roles),
        "roles": [_role_title(r) for r in roles] if len(roles) > 1 else [],
        "factor_groups": _factor_groups(report, roles if len(roles) > 1 else [], styles),
        "not_assessed": [f"{f.id} {f.title}" for f in report.not_assessed],
        "gaps": gaps,
        "perception": perception,
        "methodology": _methodology(report, model),
        "answers": _answers(report, model) if answers else None,
        "comments": comments,
        "comments_intro": open_answers_intro(report),
        "sections": sections,
        "headings": dict(sections),
        "legend_levels": [
            {"title": style.title, "colour": style.colour} for style in styles.values()
        ],
    }
