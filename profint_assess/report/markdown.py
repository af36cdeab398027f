"""Markdown, for pasting into documents and tickets."""

from __future__ import annotations

from typing import Any

from profint_assess.model import Model
from profint_assess.report.common import (
    DASH,
    fmt_divergence,
    fmt_gap,
    fmt_pct,
    fmt_score,
    fmt_target,
    overall_line,
    perception_intro,
    perception_text,
    respondents_line,
    several_roles,
    title,
)
from profint_assess.scoring import Report


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _score(score: float | None) -> str:
    return DASH if score is None else fmt_score(score)


def render(report: Report, *, model: Model | None = None, **_: Any) -> str:
    out = [
        f"# PROFINT assessment: {_cell(report.organization)} — {_cell(report.device)}",
        "",
        f"- Date: {report.date.isoformat()} (status: {report.status})",
        f"- Model: {report.model_id} {report.model_version}",
        f"- Respondents: {respondents_line(report)}",
        f"- **{overall_line(report)}**",
        *(f"- Note: {_cell(note)}." for note in report.notes),
        "",
        "## Fields",
        "",
        "| Field | Score | Level |",
        "|---|---:|---|",
    ]
    out += [f"| {f.title} | {fmt_score(f.score)} | {title(f.level)} |" for f in report.fields]
    out += [
        "",
        "## Factors",
        "",
        "| Factor | Score | Level | Coverage | Target | Gap |",
        "|---|---:|---|---:|---:|---:|",
    ]
    out += [
        f"| {f.id} {_cell(f.title)} | {fmt_score(f.score)} | {title(f.level)} | "
        f"{fmt_pct(f.coverage)} | {fmt_target(f.target)} | {fmt_gap(f)} |"
        for f in report.factors
    ]
    if len(report.roles) > 1:
        roles = report.roles
        out += [
            "",
            "## Scores per role",
            "",
            "Mean of each role's respondents; divergence = highest − lowest role score.",
            "",
            "| Factor | " + " | ".join(r.capitalize() for r in roles) + " | Divergence |",
            "|---|" + "---:|" * (len(roles) + 1),
        ]
        out += [
            f"| {f.id} {_cell(f.title)} | "
            + " | ".join(_score(f.by_role.get(r)) for r in roles)
            + f" | {fmt_divergence(f)} |"
            for f in report.factors
        ]
    out += ["", "## Priority gaps", ""]
    gaps = report.priority_gaps
    if not gaps:
        out.append("No assessed factor is below its target.")
    recs = {r.id: r for r in report.recommendations}
    for rank, f in enumerate(gaps, 1):
        out += [
            f"### {rank}. {f.id} {f.title} — gap {fmt_gap(f)} (score {fmt_score(f.score)}, "
            f"target {fmt_target(f.target)})",
            "",
        ]
        for rid in f.recommendations:
            rec = recs[rid]
            out.append(f"- **{rec.title}** ({rec.id}, {rec.source}). {rec.why}")
            out += [f"  - {step}" for step in rec.steps]
            if model is not None:
                out += [
                    f"  - *Good practice:* {p.title} ({p.organization}, {p.country})"
                    for p in model.practices_for(rec.id)
                ]
        out.append("")
    if several_roles(report):
        out += ["## Perception gaps between roles", "", perception_intro(report), ""]
        out += [
            f"- **{g.factor} {_cell(g.title)}**: {perception_text(g)}"
            for g in report.perception_gaps
        ]
        out.append("")
    if report.not_assessed:
        out += ["## Not assessed", ""]
        out += [f"- {f.id} {f.title}: no answered question" for f in report.not_assessed]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
