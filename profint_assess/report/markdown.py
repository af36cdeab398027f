"""The Markdown format, for pasting into documents and tickets.

One function per document kind: :func:`report`, :func:`batch` (streamed), :func:`compare` (with
``--plan``, the plan's progress), :func:`plan` (``plan show``).
Every text a user or the model wrote goes through :func:`cell` (a ``|`` would end a table cell).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from profint_assess.i18n import _
from profint_assess.i18n import note as i18n_note
from profint_assess.records import METHOD, Model
from profint_assess.report.wording import (
    DASH,
    DIFFERENT_DEVICES,
    PROGRESS_TITLE,
    batch_checks_line,
    by_question,
    change_word,
    checks_heading,
    checks_intro,
    counts_line,
    evidence_note,
    fmt_delta,
    fmt_divergence,
    fmt_evidence,
    fmt_gap,
    fmt_importance,
    fmt_number,
    fmt_pct,
    fmt_score,
    fmt_target,
    gap_line,
    gap_text,
    group_heading,
    learning_intro,
    learning_title,
    left_out_total,
    method_heading,
    method_line,
    method_summary,
    moves_text,
    no_checks,
    number_cells,
    open_answers_heading,
    open_answers_intro,
    overall_line,
    peer_cells,
    peer_columns,
    peer_heading,
    peer_lines,
    perception_intro,
    perception_text,
    period_text,
    plan_header,
    plan_status,
    plan_title,
    progress_line,
    progress_summary,
    reconstruction_note,
    respondent_count,
    respondents_line,
    role_heading,
    role_word,
    several_roles,
    short_field,
    side_line,
    status_word,
    summary_heading,
    summary_rows,
    title,
    unphased,
    weakest_lines,
)
from profint_assess.scoring import Report

if TYPE_CHECKING:
    # Batches, comparisons and learning grids: only annotations here.
    from profint_assess.batch import Batch, Summary
    from profint_assess.compare import Change, Comparison
    from profint_assess.learning import LearningResult
    from profint_assess.peers import PeerBenchmark
    from profint_assess.plan import ActionProgress, PlanView

CHUNK = 200  # batch: rows per piece of output


_MARKDOWN_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        "|": "\\|",
        "`": "\\`",
        "\n": " ",
        "\r": " ",
    }
)
# A link or an image needs "](" (inline), "][" (reference) or "]:" (definition); a "!" before
# "[" makes an image. Escaping those keeps plain brackets ("[done]") as they are.
_LINKS = re.compile(r"\](?=[(\[:])|!(?=\[)")


def cell(text: str) -> str:
    """Text from a file (names, notes, model texts) safe in Markdown: in a table cell, a list
    item or a heading. No HTML (``<img onerror=...>`` shows as text), no image or link
    (``![x](url)``), no ``|`` and no line break to break a table."""
    return _LINKS.sub(lambda m: "\\" + m.group(0), text.translate(_MARKDOWN_ESCAPES))


def report(
    report: Report,
    *,
    model: Model | None = None,
    learning: Sequence[LearningResult] = (),
    peers: PeerBenchmark | None = None,
    **options: Any,
) -> str:
    """One assessment: fields, factors, scores per role, priority gaps, perception gaps, and
    with ``peers`` its place among a network's devices."""
    note = i18n_note()
    out = [
        "# "
        + _("PROFINT assessment: {organization} — {device}").format(
            organization=cell(report.organization), device=cell(report.device)
        ),
        "",
        *([f"> {cell(note)}", ""] if note else []),
        "- "
        + _("Date: {date} (status: {status})").format(
            date=report.date.isoformat(), status=status_word(report.status)
        ),
        "- "
        + _("Model: {model} {version}; {method}").format(
            model=report.model_id, version=report.model_version, method=method_line(report.method)
        ),
        "- " + _("Respondents: {respondents}").format(respondents=respondents_line(report)),
        f"- **{overall_line(report)}**",
        *("- " + _("Note: {note}.").format(note=cell(n)) for n in report.notes),
        "",
        "## " + _("Fields"),
        "",
        f"| {_('Field')} | {_('Score')} | {_('Level')} |",
        "|---|---:|---|",
    ]
    out += [f"| {cell(f.title)} | {fmt_score(f.score)} | {title(f.level)} |" for f in report.fields]
    heads = (
        _("Factor"),
        _("Score"),
        _("Level"),
        _("Coverage"),
        _("Target"),
        _("Gap"),
        _("Evidence"),
    )
    out += [
        "",
        "## " + _("Factors"),
        "",
        "| " + " | ".join(heads) + " |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    out += [
        f"| {f.id} {cell(f.title)} | {fmt_score(f.score)} | {title(f.level)} | "
        f"{fmt_pct(f.coverage)} | {fmt_target(f.target)} | {fmt_gap(f)} | {fmt_evidence(f)} |"
        for f in report.factors
    ]
    out += ["", evidence_note()]
    if len(report.roles) > 1:
        roles = report.roles
        out += [
            "",
            "## " + _("Scores per role"),
            "",
            _("Mean of each role's respondents; divergence = highest − lowest role score."),
            "",
            f"| {_('Factor')} | "
            + " | ".join(role_word(r) for r in roles)
            + f" | {_('Divergence')} |",
            "|---|" + "---:|" * (len(roles) + 1),
        ]
        out += [
            f"| {f.id} {cell(f.title)} | "
            + " | ".join(fmt_number(f.by_role.get(r)) for r in roles)
            + f" | {fmt_divergence(f)} |"
            for f in report.factors
        ]
    out += ["", "## " + _("Priority gaps"), ""]
    gaps = report.priority_gaps
    if not gaps:
        out.append(_("No assessed factor is below its target."))
    recs = {r.id: r for r in report.recommendations}
    for rank, f in enumerate(gaps, 1):
        out += [
            "### "
            + _("{rank}. {factor} — gap {gap} (score {score}, target {target})").format(
                rank=rank,
                factor=f"{f.id} {cell(f.title)}",
                gap=fmt_gap(f),
                score=fmt_score(f.score),
                target=fmt_target(f.target),
            ),
            "",
        ]
        for rid in f.recommendations:
            rec = recs[rid]
            out.append(f"- **{cell(rec.title)}** ({rec.id}, {rec.source}). {cell(rec.why)}")
            out += [f"  - {cell(step)}" for step in rec.steps]
            if model is not None:
                out += [
                    "  - "
                    + _("*Good practice:* {title} ({organization}, {country})").format(
                        title=cell(p.title),
                        organization=cell(p.organization),
                        country=cell(p.country),
                    )
                    for p in model.practices_for(rec.id)
                ]
        out.append("")
    if several_roles(report):
        out += ["## " + _("Perception gaps between roles"), "", perception_intro(report), ""]
        out += [
            f"- **{g.factor} {cell(g.title)}**: {perception_text(g)}"
            for g in report.perception_gaps
        ]
        out.append("")
    if peers is not None:
        out += [f"## {peer_heading()}", ""]
        out += [*peer_lines(peers), ""]
        if peers.factors:
            titles = {f.id: f.title for f in report.factors}
            out += ["| " + " | ".join(peer_columns()) + " |", "|---|---:|---:|---|---|---:|"]
            out += [
                f"| {p.factor} {cell(titles[p.factor])} | " + " | ".join(peer_cells(p)) + " |"
                for p in peers.factors
            ]
            out.append("")
    if report.not_assessed:
        out += ["## " + _("Not assessed"), ""]
        out += [
            "- " + _("{factor}: no answered question").format(factor=f"{f.id} {cell(f.title)}")
            for f in report.not_assessed
        ]
        out.append("")
    if report.comments:
        out += [f"## {open_answers_heading()}", "", open_answers_intro(report), ""]
        for role, lines in report.comments_by_role.items():
            out += [f"### {role_heading(role, report.respondents[role])}", ""]
            for text, comments in by_question(lines):
                out.append(f"- *{cell(text)}*")
                out += [f"  - {cell(comment)}" for comment in comments]
            out.append("")
    out += ["## " + checks_heading(), ""]
    if report.checks:
        out += [checks_intro(), ""]
        out += [f"- {cell(c.text)}" for c in report.checks]
    else:
        out.append(no_checks())
    out.append("")
    out += _learning_lines(learning, model)
    out += ["## " + method_heading(), "", method_summary(report, model)]
    return "\n".join(out).rstrip() + "\n"


# --- batch ------------------------------------------------------------------------------------


def batch(
    batch: Batch, summary: Summary, *, learning: Sequence[LearningResult] = (), **_options: Any
) -> Iterator[str]:
    """A table of assessments, a table of summary statistics, the weakest factors; then the
    learning grid's figures per device and group, when grid files were given."""
    model = batch.model
    heads = [_("Overall"), *(short_field(f.id) for f in model.meta.fields)]
    heads += [f.id for f in model.factors] + [_("Coverage")]
    first = [_("Organization"), _("Device"), _("Date"), _("Respondents")]
    yield (
        "# " + _("PROFINT batch assessment") + "\n\n## " + _("Assessments") + "\n\n"
        "| " + " | ".join(first + heads) + " |\n"
        "|---|---|---|---:|" + "---:|" * len(heads) + "\n"
    )
    chunk: list[str] = []
    for report in batch.reports(summary):
        cells = number_cells(report)
        chunk.append(
            f"| {cell(report.organization)} | {cell(report.device)} | "
            f"{report.date.isoformat()} | {respondent_count(report)} | "
            + " | ".join(cells)
            + " |\n"
        )
        if len(chunk) >= CHUNK:
            yield "".join(chunk)
            chunk.clear()
    yield "".join(chunk)

    out = [
        "\n## " + summary_heading(summary.count) + "\n\n",
        "| " + _("Statistic") + " | " + " | ".join(heads) + " |\n",
        "|---|" + "---:|" * len(heads) + "\n",
    ]
    out += [
        f"| {label} | " + " | ".join(cells) + " |\n"
        for label, cells in summary_rows(model, summary)
    ]
    weakest = weakest_lines(model, summary)
    if weakest:
        out.append("\n## " + _("Weakest factors across the network") + "\n\n")
        out += [
            "- "
            + _("{heading}: {figures}").format(heading=f"**{cell(heading)}**", figures=figures)
            + "\n"
            for heading, figures in weakest
        ]
    legend = ", ".join(f"{short_field(f.id)} = {cell(f.title)}" for f in model.meta.fields)
    out.append("\n" + _("Fields: {legend}.").format(legend=legend) + "\n")
    out.append(f"\n{method_line(METHOD)}. {batch_checks_line(summary)}\n")
    if summary.left_out_files:
        out.append(_("Note: {text}.").format(text=left_out_total(summary.left_out_files)) + "\n")
    yield "".join(out)
    if learning:
        yield "\n" + "\n".join(_learning_lines(learning, model)).rstrip() + "\n"


# --- compare ----------------------------------------------------------------------------------


def _change_row(label: str, c: Change) -> str:
    cells = [
        cell(label),
        fmt_number(c.before),
        fmt_number(c.after),
        fmt_delta(c.shown_delta),
        change_word(c.status),
    ]
    return "| " + " | ".join(cells) + " |"


def compare(
    comparison: Comparison, *, progress: list[ActionProgress] | None = None, **options: Any
) -> str:
    """What moved between two assessments, for a re-assessment report."""
    overall = comparison.overall
    columns = (_("Before"), _("After"), _("Delta"), _("Status"))
    head = ["| | " + " | ".join(columns) + " |", "|---|---:|---:|---:|---|"]
    before, after = _("Before"), _("After")
    out = [
        "# " + _("PROFINT comparison"),
        "",
        "- " + _("Before: {side}").format(side=cell(side_line(comparison.before))),
        "- " + _("After: {side}").format(side=cell(side_line(comparison.after))),
        "- **"
        + _("Overall: {before} → {after} ({delta}, {status})").format(
            before=fmt_number(overall.before),
            after=fmt_number(overall.after),
            delta=fmt_delta(overall.shown_delta),
            status=change_word(overall.status),
        )
        + "**",
        f"- {counts_line(comparison)}",
        f"- {method_line(METHOD)}",
        *(
            "- " + _("{side}: Note: {note}.").format(side=before, note=cell(note))
            for note in comparison.before.notes
        ),
        *(
            "- " + _("{side}: Note: {note}.").format(side=after, note=cell(note))
            for note in comparison.after.notes
        ),
        *([] if comparison.same_device else [f"- {_(DIFFERENT_DEVICES)}"]),
        "",
        "## " + _("Fields"),
        "",
        *head,
        *(_change_row(cell(c.title), c) for c in comparison.fields),
        "",
        "## " + _("Factors"),
        "",
        *head,
        *(_change_row(f"{cell(c.id)} {cell(c.title)}", c) for c in comparison.factors),
        "",
        "## " + _("Gaps"),
        "",
    ]
    out += ["- " + _("Closed: {gap}").format(gap=cell(gap_text(c))) for c in comparison.gaps_closed]
    out += ["- " + _("Opened: {gap}").format(gap=cell(gap_text(c))) for c in comparison.gaps_opened]
    if not comparison.gaps_closed and not comparison.gaps_opened:
        out.append(_("No gap closed or opened."))
    out += ["", "## " + _("Recommendations"), ""]
    out += [
        "- " + _("No longer triggered: {id} {title}").format(id=r.id, title=cell(r.title))
        for r in comparison.no_longer_triggered
    ]
    out += [
        "- " + _("Newly triggered: {id} {title}").format(id=r.id, title=cell(r.title))
        for r in comparison.newly_triggered
    ]
    if not comparison.no_longer_triggered and not comparison.newly_triggered:
        out.append(_("The same recommendations apply."))
    if progress is not None:
        out += ["", f"## {_(PROGRESS_TITLE)}", ""]
        out += [f"- {cell(progress_line(i))}" for i in progress]
        out += ["", progress_summary(progress)]
    return "\n".join(out).rstrip() + "\n"


# --- plan -------------------------------------------------------------------------------------


def plan(view: PlanView, **options: Any) -> str:
    """The plan by phase, one table per phase, overdue actions first and in bold."""
    from profint_assess.plan import is_overdue, ordered_actions

    out = [f"# {cell(plan_title(view.plan))}", ""]
    out += [f"- {cell(line)}" for line in plan_header(view)]
    columns = [_("Action"), _("Status"), _("Owner"), _("Due"), _("Should move"), _("Success")]
    for phase, actions in ordered_actions(view.plan, view.today):
        assert phase is not None
        period = period_text(phase)
        out += [
            "",
            f"## {cell(phase.id)} {cell(phase.title)}" + (f" ({cell(period)})" if period else ""),
            "",
        ]
        if not actions:
            out.append(_("No action in this phase."))
            continue
        out += ["| " + " | ".join(columns) + " |", "|---|---|---|---|---|---|"]
        for a in actions:
            status = plan_status(a, view.today)
            cells = [
                cell(f"{a.id} {a.factor} {a.title}"),
                f"**{status}**" if is_overdue(a, view.today) else status,
                cell(a.owner) or DASH,
                a.due.isoformat() if a.due else DASH,
                cell(moves_text(a)),
                cell(a.success_text) or DASH,
            ]
            out.append("| " + " | ".join(cells) + " |")
    stray = unphased(view.plan)
    if stray:
        out += ["", _("Not in a phase: {ids}").format(ids=", ".join(a.id for a in stray))]
    return "\n".join(out) + "\n"


# --- learning: the beneficiaries' grid ------------------------------------------------------------


def _learning_lines(results: Sequence[LearningResult], model: Model | None) -> list[str]:
    """Per device or group: the domain table, the gaps and their recommendations, the sentences."""
    if not results:
        return []
    recs = {r.id: r for r in model.recommendations} if model is not None else {}
    out = [f"## {learning_title()}", "", learning_intro(), ""]
    for result in results:
        if result.reconstruction:
            out += [f"*{cell(reconstruction_note(result))}*", ""]
        for group in result.groups:
            out += [f"### {cell(group_heading(group))}", ""]
            if not group.shown:
                out += [f"{cell(group.note or '')}.", ""]
                continue
            out += [
                "| "
                + " | ".join(
                    [
                        _("Domain"),
                        _("Sentences"),
                        _("People"),
                        _("Importance"),
                        _("Progressed"),
                        _("Gap"),
                    ]
                )
                + " |",
                "|---|---:|---:|---:|---:|---|",
            ]
            for d in group.domains:
                f = d.figures
                out.append(
                    f"| {cell(d.title)} | {d.first}-{d.last} | {f.respondents} | "
                    f"{fmt_importance(f.mean_importance)} | {fmt_pct(f.progress_share)} | "
                    f"{_('**gap**') if d.gap else ''} |"
                )
            out.append("")
            if group.note:
                out += [_("Note: {note}.").format(note=cell(group.note)), ""]
            for d in group.gaps:
                out += [f"**{cell(gap_line(d))}**", ""]
                out += [
                    f"- {cell(recs[rid].title)} ({rid})" if rid in recs else f"- {rid}"
                    for rid in d.recommendations
                ]
                out.append("")
            out += [
                "| "
                + " | ".join(["#", _("Sentence"), _("People"), _("Importance"), _("Progressed")])
                + " |",
                "|---:|---|---:|---:|---:|",
            ]
            for d in group.domains:
                for p in d.proposals:
                    f = p.figures
                    out.append(
                        f"| {p.number} | {cell(p.text)} | {f.respondents} | "
                        f"{fmt_importance(f.mean_importance)} | {fmt_pct(f.progress_share)} |"
                    )
            out.append("")
    return out


def learning(
    results: Sequence[LearningResult], *, model: Model | None = None, **_options: Any
) -> str:
    """The grid's figures alone (``score`` or ``batch`` given only grid files)."""
    lines = _learning_lines(results, model) or [_("No learning-grid answers.")]
    lines = [f"# PROFINT {learning_title()}", "", *lines[2:]] if results else lines
    return "\n".join(lines).rstrip() + "\n"
