"""The terminal format: Rich renderables (and, for a batch, streamed aligned text) for people.

One function per document kind: :func:`report` (``score``), :func:`batch` (``batch --format
table``), :func:`compare` (with ``--plan``, the plan's progress), :func:`model` (``model show``),
:func:`plan` (``plan show``). Readable without colour or box
drawing (``plain``): aligned columns, no rules, no tree guides.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from profint_assess.errors import printable
from profint_assess.i18n import _, ngettext
from profint_assess.records import METHOD, LearningGrid, Model, Questionnaire
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
    method_line,
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
    # Batches, comparisons and learning grids are imported where they are rendered.
    from profint_assess.batch import Batch, Summary
    from profint_assess.compare import Change, Comparison
    from profint_assess.learning import LearningResult
    from profint_assess.peers import PeerBenchmark
    from profint_assess.plan import ActionProgress, PlanView

NAME_MAX = 36  # batch: longer organisation and device names are cut
CHUNK = 200  # batch: rows per piece of output
BAR_WIDTH = 10  # one cell per 10 points; fits an 80-column terminal
LEVEL_STYLES = {
    "emerging": "red",
    "developing": "yellow",
    "established": "cyan",
    "leading": "green",
}


def bar(score: float | None, target: float | None = None, *, plain: bool = False) -> Text:
    """A bar of ``BAR_WIDTH`` cells; ``|`` marks the target. The number is always printed too."""
    if score is None:
        return Text("")
    full, empty = ("#", ".") if plain else ("█", "░")
    filled = round(score / 100 * BAR_WIDTH)
    cells = [full] * filled + [empty] * (BAR_WIDTH - filled)
    if target is not None:
        mark = min(BAR_WIDTH - 1, round(target / 100 * BAR_WIDTH))
        cells[mark] = "|"
    return Text("".join(cells), style="" if plain else "bright_blue")


def _level(level: str | None, plain: bool) -> Text:
    if level is None:
        return Text(_("not assessed"))
    return Text(title(level), style="" if plain else LEVEL_STYLES.get(level, ""))


def report(
    report: Report,
    *,
    model: Model | None = None,
    plain: bool = False,
    learning: Sequence[LearningResult] = (),
    peers: PeerBenchmark | None = None,
    **options: Any,
) -> RenderableType:
    table_box = None if plain else box.SIMPLE_HEAVY  # plain: aligned columns, no rules
    parts: list[RenderableType] = []

    header = Text()
    header.append(f"{report.organization} — {report.device}\n", style="bold")
    header.append(
        _("Date {date} · status {status} · model {model} {version} · {method}").format(
            date=report.date.isoformat(),
            status=status_word(report.status),
            model=report.model_id,
            version=report.model_version,
            method=method_line(report.method),
        )
        + "\n"
        # A line of its own: with several roles it is long, and it is what a consultant checks.
        + _("Respondents: {respondents}").format(respondents=respondents_line(report))
        + "\n"
    )
    header.append(overall_line(report), style="bold")
    for note in report.notes:
        header.append("\n" + _("Note: {note}.").format(note=note))
    parts.append(
        Panel(header, title=Text(_("PROFINT assessment")), box=table_box, expand=False)
        if not plain
        else header
    )

    fields = Table(
        title=_("Fields of professionalisation"),
        box=table_box,
        title_justify="left",
        pad_edge=False,
    )
    fields.add_column(_("Field"))
    fields.add_column(_("Score"), justify="right", no_wrap=True)
    fields.add_column(_("Level"), no_wrap=True)
    fields.add_column("", no_wrap=True)
    for f in report.fields:
        fields.add_row(
            f.title, fmt_number(f.score), _level(f.level, plain), bar(f.score, plain=plain)
        )
    parts.append(fields)

    targets = {f.target for f in report.factors}
    same_target = len(targets) == 1
    factors = Table(
        title=(
            _("Success factors (| on the bar marks the target; target {n} for every factor)")
            if same_target
            else _("Success factors (| on the bar marks the target)")
        ).format(n=fmt_target(next(iter(targets))) if targets else ""),
        box=table_box,
        title_justify="left",
        pad_edge=False,
    )
    factors.add_column(_("Factor"), ratio=1)
    factors.add_column(_("Score"), justify="right", no_wrap=True)
    factors.add_column(_("Level"), justify="left", no_wrap=True)
    factors.add_column(_("Cover"), justify="right", no_wrap=True)
    if not same_target:
        factors.add_column(_("Target"), justify="right", no_wrap=True)
    factors.add_column(_("Gap"), justify="right", no_wrap=True)
    factors.add_column(_("Evid."), justify="right", no_wrap=True)
    factors.add_column("", no_wrap=True)
    for f in report.factors:
        cells = [
            f"{f.id} {f.title}",
            fmt_number(f.score),
            _level(f.level, plain),
            fmt_pct(f.coverage),
        ]
        cells += [] if same_target else [fmt_target(f.target)]
        cells += [fmt_gap(f), fmt_evidence(f)]
        factors.add_row(*cells, bar(f.score, f.target, plain=plain))
    parts.append(factors)
    parts.append(Text(evidence_note(), style="" if plain else "dim"))
    if len(report.roles) > 1:
        parts.append(_by_role(report, table_box))

    gaps = report.priority_gaps
    parts.append(Text(_("Priority gaps"), style="bold underline"))
    if not gaps:
        parts.append(Text(_("No assessed factor is below its target.")))
    recs = {r.id: r for r in report.recommendations}
    for rank, f in enumerate(gaps, 1):
        parts.append(
            Text(
                _(
                    "{rank}. {factor}: score {score}, target {target}, gap {gap} "
                    "(priority {priority})"
                ).format(
                    rank=rank,
                    factor=f"{f.id} {f.title}",
                    score=fmt_score(f.score),
                    target=fmt_target(f.target),
                    gap=fmt_gap(f),
                    priority=f"{f.priority:.1f}",
                ),
                style="bold",
            )
        )
        if not f.recommendations:
            parts.append(Text("   " + _("The model has no recommendation for this factor.")))
        for rid in f.recommendations:
            rec = recs[rid]
            line = Text(f"   • {rec.title} ")
            line.append(f"[{rec.id}, {rec.source}]", style="" if plain else "dim")
            parts.append(line)
            if model is not None:
                parts.extend(
                    Text(
                        "     "
                        + _("good practice: {title} ({organization}, {country})").format(
                            title=p.title, organization=p.organization, country=p.country
                        )
                    )
                    for p in model.practices_for(rec.id)
                )
    if several_roles(report):
        parts.append(Text(_("Perception gaps between roles"), style="bold underline"))
        parts.append(Text(perception_intro(report)))
        if report.perception_gaps:
            parts.append(_perception(report, table_box))
    if peers is not None:
        parts.append(Text(peer_heading(), style="bold underline"))
        parts.extend(Text(line) for line in peer_lines(peers))
        if peers.factors:
            parts.append(_peers(report, peers, table_box))
    missing = report.not_assessed
    if missing:
        parts.append(
            Text(
                _("Not assessed (no answered question): {factors}").format(
                    factors=", ".join(f"{f.id} {f.title}" for f in missing)
                )
            )
        )
    if report.comments:
        parts.append(Text(open_answers_heading(), style="bold underline"))
        parts.append(Text(open_answers_intro(report)))
        for role, lines in report.comments_by_role.items():
            parts.append(Text(role_heading(role, report.respondents[role]), style="bold"))
            for text, comments in by_question(lines):
                parts.append(
                    Padding(Text(text, style="" if plain else "italic"), (0, 0, 0, 2), expand=False)
                )
                parts += [
                    # Free text: a bidi override would reorder the terminal's lines.
                    Padding(Text(f"- {printable(comment)}"), (0, 0, 0, 4), expand=False)
                    for comment in comments
                ]
    parts.append(Text(checks_heading(), style="bold underline"))
    if report.checks:
        parts.append(Text(checks_intro()))
        parts.extend(Text(f"  • {c.text}") for c in report.checks)
    else:
        parts.append(Text(no_checks()))
    parts += _learning_parts(learning, model, plain)
    return Group(*parts)


def _peers(report: Report, peers: PeerBenchmark, table_box: box.Box | None) -> Table:
    """One row per factor placed among the network's devices."""
    table = Table(box=table_box, pad_edge=False)
    for i, name in enumerate(peer_columns()):
        # The numbers never wrap (nor get cut); the factor's name, the quarter and the
        # network's quartiles wrap on a narrow terminal.
        table.add_column(
            name,
            justify="left" if i in (0, 3) else "right",
            no_wrap=i in (1, 2, 5),
        )
    titles = {f.id: f.title for f in report.factors}
    for p in peers.factors:
        table.add_row(f"{p.factor} {titles[p.factor]}", *peer_cells(p))
    return table


def _by_role(report: Report, table_box: box.Box | None) -> Table:
    """Each factor's score per shown role, and the divergence between them."""
    table = Table(
        title=_("Scores per role (mean of each role's respondents; divergence = highest − lowest)"),
        box=table_box,
        title_justify="left",
        pad_edge=False,
    )
    table.add_column(_("Factor"), ratio=1)
    for role in report.roles:
        table.add_column(role_word(role), justify="right", no_wrap=True)
    table.add_column(_("Divergence"), justify="right", no_wrap=True)
    for f in report.factors:
        table.add_row(
            f"{f.id} {f.title}",
            *(fmt_number(f.by_role.get(role)) for role in report.roles),
            fmt_divergence(f),
        )
    return table


def _perception(report: Report, table_box: box.Box | None) -> Table:
    """One row per perception gap: the role that sees the factor higher, and the one lower."""
    table = Table(box=table_box, pad_edge=False)
    table.add_column(_("Factor"), ratio=1)
    table.add_column(_("Divergence"), justify="right", no_wrap=True)
    table.add_column(_("Seen higher by"), no_wrap=True)
    table.add_column(_("Seen lower by"), no_wrap=True)
    for g in report.perception_gaps:
        table.add_row(
            f"{g.factor} {g.title}",
            f"{g.divergence:.1f}",
            f"{role_word(g.highest_role).lower()} {g.highest_score:.1f}",
            f"{role_word(g.lowest_role).lower()} {g.lowest_score:.1f}",
        )
    return table


# --- batch ------------------------------------------------------------------------------------


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def batch(
    batch: Batch, summary: Summary, *, learning: Sequence[LearningResult] = (), **_options: Any
) -> Iterator[str]:
    """Aligned plain text, one row per assessment, then the summary (and the learning grid's).

    Plain text rather than a Rich table: a Rich table measures every row before printing the
    first, which for thousands of assessments means holding them all. Column widths are known in
    advance (scores are at most ``100.0``; names are cut to a maximum width), so rows stream.
    """
    model = batch.model
    keys = batch.keys()
    organization, device, date, resp = _("Organization"), _("Device"), _("Date"), _("Resp.")
    org_w = min(NAME_MAX, max([len(organization), *(len(k[0]) for k in keys)]))
    dev_w = min(NAME_MAX, max([len(device), *(len(k[1]) for k in keys)]))
    heads = [_("Overall"), *(short_field(f.id) for f in model.meta.fields)]
    heads += [f.id for f in model.factors] + [_("Cov.")]
    resp_w = max(5, len(resp))
    widths = [max(5, len(h)) for h in heads]

    def line(org: str, device: str, date: str, resp: str, cells: list[str]) -> str:
        left = f"{org:<{org_w}}  {device:<{dev_w}}  {date:<10}  {resp:>{resp_w}}"
        return left + "".join(f"  {c:>{w}}" for c, w in zip(cells, widths, strict=True)) + "\n"

    header = line(organization, device, date, resp, heads)
    rule = "-" * (len(header) - 1) + "\n"
    yield header + rule
    chunk: list[str] = []
    for report in batch.reports(summary):
        cells = number_cells(report)
        chunk.append(
            line(
                _cut(report.organization, org_w),
                _cut(report.device, dev_w),
                report.date.isoformat(),
                str(respondent_count(report)),
                cells,
            )
        )
        if len(chunk) >= CHUNK:
            yield "".join(chunk)
            chunk.clear()
    yield "".join(chunk)

    out = [rule, f"{summary_heading(summary.count)}\n"]
    out += [line(label, "", "", "", cells) for label, cells in summary_rows(model, summary)]
    weakest = weakest_lines(model, summary)
    if weakest:
        out.append("\n" + _("Weakest factors across the network:") + "\n")
        out += [
            "  " + _("{heading}: {figures}").format(heading=heading, figures=figures) + "\n"
            for heading, figures in weakest
        ]
    legend = ", ".join(f"{short_field(f.id)} = {f.title}" for f in model.meta.fields)
    out.append(
        "\n"
        + _("Fields: {legend}. Cov. = questions answered of those that apply.").format(
            legend=legend
        )
        + "\n"
    )
    out.append(f"{method_line(METHOD)}. {batch_checks_line(summary)}\n")
    if summary.left_out_files:
        out.append(_("Note: {text}.").format(text=left_out_total(summary.left_out_files)) + "\n")
    yield "".join(out)
    if learning:
        yield "\n" + _plain_text(Group(*_learning_parts(learning, model, plain=True)))


def _plain_text(renderable: RenderableType, width: int = 100) -> str:
    """A renderable as plain text, for the streamed batch table (no colour, fixed width)."""
    from io import StringIO

    from rich.console import Console

    sink = StringIO()
    Console(file=sink, width=width, color_system=None, highlight=False).print(renderable)
    return sink.getvalue()


# --- compare ----------------------------------------------------------------------------------


def _table(title: str, changes: list[Change], label: str, plain: bool) -> Table:
    # plain: aligned columns without rules, like the score report (screen readers, logs).
    from profint_assess.compare import DECLINED, IMPROVED

    styles = {IMPROVED: "green", DECLINED: "red"}
    table = Table(title=title, box=None if plain else box.SIMPLE_HEAVY, title_justify="left")
    table.add_column(label)
    for name in (_("Before"), _("After"), _("Delta")):
        table.add_column(name, justify="right")
    table.add_column(_("Status"))
    for c in changes:
        name = c.title if c.kind == "field" else f"{c.id} {c.title}"
        style = "" if plain else styles.get(c.status, "")
        table.add_row(
            name,
            fmt_number(c.before),
            fmt_number(c.after),
            fmt_delta(c.shown_delta),
            Text(change_word(c.status), style=style),
        )
    return table


def compare(
    comparison: Comparison,
    *,
    plain: bool = False,
    progress: list[ActionProgress] | None = None,
    **_options: Any,
) -> RenderableType:
    """Before, after, delta and status per field and factor; what closed, opened, changed."""
    overall = comparison.overall
    header = Text()
    header.append(_("PROFINT comparison") + "\n", style="bold")
    before, after = _("Before:"), _("After:")
    width = max(len(before), len(after))
    header.append(f"{before:<{width}} {side_line(comparison.before)}\n")
    header.append(f"{after:<{width}} {side_line(comparison.after)}\n")
    header.append(
        _("Overall {before} → {after} ({delta}, {status})").format(
            before=fmt_number(overall.before),
            after=fmt_number(overall.after),
            delta=fmt_delta(overall.shown_delta),
            status=change_word(overall.status),
        )
        + "\n",
        style="bold",
    )
    header.append(counts_line(comparison))
    header.append(f"\n{method_line(METHOD)}")
    for label, side in ((_("Before"), comparison.before), (_("After"), comparison.after)):
        for note in side.notes:
            header.append("\n" + _("{side}: Note: {note}.").format(side=label, note=note))
    if not comparison.same_device:
        header.append(f"\n{_(DIFFERENT_DEVICES)}", style="" if plain else "yellow")
    parts: list[RenderableType] = [
        header,
        _table(_("Fields of professionalisation"), comparison.fields, _("Field"), plain),
        _table(_("Success factors"), comparison.factors, _("Factor"), plain),
    ]
    lines = [_("Gap closed: {gap}").format(gap=gap_text(c)) for c in comparison.gaps_closed]
    lines += [_("Gap opened: {gap}").format(gap=gap_text(c)) for c in comparison.gaps_opened]
    lines += [
        _("No longer triggered: {id} {title}").format(id=r.id, title=r.title)
        for r in comparison.no_longer_triggered
    ]
    lines += [
        _("Newly triggered: {id} {title}").format(id=r.id, title=r.title)
        for r in comparison.newly_triggered
    ]
    if not comparison.gaps_closed and not comparison.gaps_opened:
        lines.append(_("No gap closed or opened."))
    if not comparison.no_longer_triggered and not comparison.newly_triggered:
        lines.append(_("The same recommendations apply."))
    parts.extend(Text(line) for line in lines)
    if progress is not None:
        parts.append(_progress(progress, plain))
    return Group(*parts)


def _progress(items: list[ActionProgress], plain: bool) -> RenderableType:
    """``compare --plan``: one line per action, effort without effect first."""
    styles = {"done-without-effect": "bold red", "reached": "green", "moved": "green"}
    lines = [Text(""), Text(_(PROGRESS_TITLE), style="bold")]
    lines += [Text(progress_line(i), style="" if plain else styles.get(i.state, "")) for i in items]
    lines.append(Text(progress_summary(items)))
    return Group(*lines)


# --- model ------------------------------------------------------------------------------------


def model(
    model: Model,
    questionnaire: Questionnaire | LearningGrid,
    *,
    plain: bool = False,
    **_options: Any,
) -> Any:
    """Fields, their factors with statements and question counts; plain: indented text only."""
    from rich.padding import Padding
    from rich.tree import Tree

    if isinstance(questionnaire, LearningGrid):
        return _grid_view(questionnaire, plain)

    meta = model.meta
    counts: dict[str, int] = {}
    for q in questionnaire.questions:
        counts[q.factor] = counts.get(q.factor, 0) + 1
    n_questions = len(questionnaire.questions)
    heading = Text(
        ngettext(
            "{title} ({id} {version}) — questionnaire {questionnaire}, {n} question",
            "{title} ({id} {version}) — questionnaire {questionnaire}, {n} questions",
            n_questions,
        ).format(
            title=meta.title,
            id=meta.id,
            version=meta.version,
            questionnaire=questionnaire.id,
            n=n_questions,
        ),
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
                ngettext(
                    "{id} {title} ({n} question, {source})",
                    "{id} {title} ({n} questions, {source})",
                    n,
                ).format(id=factor.id, title=factor.title, n=n, source=factor.source),
                style="" if plain else "bold",
            )
            branch.add(factor_line).add(Text(factor.statement))
            lines += [
                Padding(factor_line, (0, 0, 0, 4)),
                Padding(Text(factor.statement), (0, 0, 0, 6)),
            ]
    if model.crosswalk is not None:
        crosswalk = _crosswalk(model, plain)
        lines += crosswalk
        return Group(*lines) if plain else Group(root, *crosswalk)
    return Group(*lines) if plain else root


# --- plan -------------------------------------------------------------------------------------


def plan(view: PlanView, *, plain: bool = False, **options: Any) -> RenderableType:
    """The plan by phase, overdue actions first, with what each should move."""
    from profint_assess.plan import is_overdue, ordered_actions

    head = Text()
    head.append(plan_title(view.plan) + "\n", style="bold")
    head.append("\n".join(plan_header(view)))
    parts: list[RenderableType] = [head]
    for phase, actions in ordered_actions(view.plan, view.today):
        assert phase is not None
        period = period_text(phase)
        table = Table(
            title=f"{phase.id} {phase.title}" + (f" ({period})" if period else ""),
            title_justify="left",
            box=None if plain else box.SIMPLE_HEAVY,
        )
        for name in (_("Action"), _("Status"), _("Owner"), _("Due"), _("Should move")):
            table.add_column(name)
        for a in actions:
            late = is_overdue(a, view.today) and not plain
            success = a.success_text
            table.add_row(
                f"{a.id} {a.factor} {a.title}",
                Text(plan_status(a, view.today), style="bold red" if late else ""),
                a.owner or DASH,
                a.due.isoformat() if a.due else DASH,
                f"{moves_text(a)}\n{success}" if success else moves_text(a),
            )
        if not actions:
            table.add_row(_("(no action in this phase)"), "", "", "", "")
        parts.append(table)
    stray = unphased(view.plan)
    if stray:
        ids = ", ".join(a.id for a in stray)
        parts.append(Text(_("Not in a phase: {ids}").format(ids=ids)))
    return Group(*parts)


def _crosswalk(model: Model, plain: bool) -> list[Any]:
    """The IO1 list against Figure 4, one line per IO1 item, then the factors new in IO2."""
    from profint_assess.i18n import _

    assert model.crosswalk is not None
    out: list[Any] = [
        Text(""),
        Text(_("From the IO1 list (Figure 1) to Figure 4"), style="" if plain else "bold"),
        Text(model.crosswalk.notes),
    ]
    for entry in model.crosswalk.io1:
        became = ", ".join(entry.factors) if entry.factors else _("dropped")
        field = entry.io1_field or _("no field in §2.2")
        out.append(
            Text(
                _("IO1 {item} [{field}] -> {became}: {note}").format(
                    item=entry.item, field=field, became=became, note=entry.note
                )
            )
        )
    out += [
        Text(_("new in IO2 -> {factor}: {note}").format(factor=n.factor, note=n.note))
        for n in model.crosswalk.new
    ]
    return out


# --- learning: the beneficiaries' grid ------------------------------------------------------------


def _learning_parts(
    results: Sequence[LearningResult], model: Model | None, plain: bool
) -> list[RenderableType]:
    """A compact domain table with bars per device or group; no figure under the minimum."""
    if not results:
        return []
    table_box = None if plain else box.SIMPLE_HEAVY
    parts: list[RenderableType] = [
        Text(learning_title(), style="bold underline"),
        Text(learning_intro()),
    ]
    for result in results:
        if result.reconstruction:
            parts.append(Text(reconstruction_note(result), style="" if plain else "dim"))
        for group in result.groups:
            if not group.shown:
                parts.append(Text(f"{group.label}: {group.note}."))
                continue
            table = Table(
                title=group_heading(group), box=table_box, title_justify="left", pad_edge=False
            )
            table.add_column(_("Domain"), min_width=18, ratio=1)
            table.add_column(_("People"), justify="right", no_wrap=True)
            table.add_column(_("Importance"), justify="right", no_wrap=True)
            table.add_column("", no_wrap=True)
            table.add_column(_("Progressed"), justify="right", no_wrap=True)
            table.add_column("", no_wrap=True)
            table.add_column(_("Gap"), no_wrap=True)
            for d in group.domains:
                f = d.figures
                importance, share = f.mean_importance, f.progress_share
                table.add_row(
                    d.title,
                    str(f.respondents),
                    fmt_importance(importance),
                    bar(None if importance is None else importance / 3 * 100, plain=plain),
                    fmt_pct(share),
                    bar(None if share is None else share * 100, plain=plain),
                    Text(_("GAP"), style="" if plain else "bold red") if d.gap else "",
                )
            parts.append(table)
            if group.note:
                parts.append(Text(_("Note: {note}.").format(note=group.note)))
            recs = {r.id: r for r in model.recommendations} if model is not None else {}
            for d in group.gaps:
                parts.append(Text(gap_line(d), style="bold"))
                for rid in d.recommendations:
                    rec = recs.get(rid)
                    line = Text(f"   • {rec.title} " if rec else "   • ")
                    line.append(f"[{rid}]", style="" if plain else "dim")
                    parts.append(line)
    return parts


def learning(
    results: Sequence[LearningResult],
    *,
    model: Model | None = None,
    plain: bool = False,
    **_options: Any,
) -> RenderableType:
    """The grid's figures alone (``score`` or ``batch`` given only grid files)."""
    parts = _learning_parts(results, model, plain)
    return Group(*parts) if parts else Text(_("No learning-grid answers."))


def _grid_view(grid: LearningGrid, plain: bool) -> RenderableType:
    """A learning grid: its domains with their sentences and factors, the two answer scales."""
    from rich.padding import Padding

    lines: list[RenderableType] = [
        Text(
            _("{title} — learning grid {id}, {n} sentences").format(
                title=grid.title, id=grid.id, n=len(grid.proposals)
            ),
            style="" if plain else "bold",
        )
    ]
    if grid.reconstruction:
        lines.append(Text(_("Note: {text}").format(text=grid.reconstruction)))
    lines.append(
        Text(
            _("Progress: {progress}. Importance: {importance}.").format(
                progress=", ".join(f"{c.value} ({c.label})" for c in grid.progress),
                importance=", ".join(f"{c.value} ({c.label})" for c in grid.importance),
            )
        )
    )
    for domain in grid.domains:
        factors = ", ".join(f"{f.factor} ({f.source})" for f in domain.factors)
        lines.append(
            Text(
                f"{domain.title} [{domain.id}], {domain.proposals.first}-{domain.proposals.last}"
                f" — {_('a learning gap brings')} {factors}",
                style="" if plain else "bold cyan",
            )
        )
        lines += [
            Padding(Text(f"{p.number:>2}. {p.id} {p.text} ({p.source})"), (0, 0, 0, 2))
            for p in sorted(grid.proposals_of(domain), key=lambda p: p.number)
        ]
    return Group(*lines)
