"""Words and numbers shared by the formats for people (terminal, Markdown, HTML), once.

Format-neutral: no escaping and no markup here (each format module escapes its own cells).
Numbers for people have one decimal and a dash for "none" (:func:`fmt_number`); the formats for
scripts (JSON, CSV) keep full precision and never come here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from profint_assess.i18n import N_, _, ngettext
from profint_assess.scoring import CommentLine, FactorResult, PerceptionGap, Report

if TYPE_CHECKING:
    # Batches, comparisons and learning grids are imported where they are worded: a one-file
    # score does not pay for them.
    from profint_assess.batch import Summary
    from profint_assess.compare import Change, Comparison, Side
    from profint_assess.learning import DomainResult, LearningGroup, LearningResult
    from profint_assess.peers import PeerBenchmark, PeerPlace
    from profint_assess.plan import Action, ActionProgress, Phase, PlanFile, PlanView
    from profint_assess.records import Model

DASH = "–"


def fmt_number(value: float | int | None, percent: bool = False) -> str:
    """A number for people: one decimal (or a whole percentage), a dash for none."""
    if value is None:
        return DASH
    return f"{value:.0%}" if percent else f"{value:.1f}"


def fmt_score(score: float | None) -> str:
    """Scores for people: one decimal; a factor not assessed says so rather than showing 0."""
    return _("not assessed") if score is None else f"{score:.1f}"


def fmt_pct(ratio: float | None) -> str:
    return fmt_number(ratio, percent=True)


def fmt_gap(factor: FactorResult) -> str:
    return fmt_number(factor.gap)


def fmt_target(value: float) -> str:
    return f"{value:g}"


# The words people read for the codes files and JSON keep (``established``, ``in-progress``).
LEVEL_WORDS = {
    "emerging": N_("Emerging"),
    "developing": N_("Developing"),
    "established": N_("Established"),
    "leading": N_("Leading"),
}
STATUS_WORDS = {"complete": N_("complete"), "in-progress": N_("in progress")}


def role_count(role: str, count: int) -> str:
    """``1 manager``, ``2 partners``, ``3 beneficiaries``."""
    forms = {
        "manager": ngettext("{n} manager", "{n} managers", count),
        "team": ngettext("{n} team", "{n} teams", count),
        "partner": ngettext("{n} partner", "{n} partners", count),
        "company": ngettext("{n} company", "{n} companies", count),
        "beneficiary": ngettext("{n} beneficiary", "{n} beneficiaries", count),
        "external": ngettext("{n} external", "{n} externals", count),
    }
    return forms.get(role, f"{{n}} {role}").format(n=count)


def role_word(role: str) -> str:
    """A role as a column heading: ``Manager``, ``Partenaire``."""
    return role_heading(role, 1)


def status_word(status: str) -> str:
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def respondents_line(report: Report) -> str:
    """Counts per role, never names."""
    if not report.respondents:  # every file was left out: say so rather than print nothing
        return _("none counted")
    return ", ".join(role_count(role, count) for role, count in report.respondents.items())


def title(level: str | None) -> str:
    """A level code as the word people read (``Established``; a model's own band: capitalised)."""
    if level is None:
        return DASH
    return _(LEVEL_WORDS[level]) if level in LEVEL_WORDS else level.capitalize()


def several_roles(report: Report) -> bool:
    """Whether the answers that count came from more than one role."""
    return len(report.respondents) > 1


def method_line(method: str) -> str:
    """``Scoring method profint-score/2``: the formulas every number follows (README)."""
    return _("Scoring method {method}").format(method=method)


def fmt_evidence(factor: FactorResult) -> str:
    """The share of the factor's answered questions documented or verified: ``33%``."""
    return fmt_pct(factor.evidence_share)


def evidence_text(factor: FactorResult) -> str:
    """``1 of 3 answers documented or verified (1 documented, 0 verified)``."""
    backed = factor.evidence.get("documented", 0) + factor.evidence.get("verified", 0)
    return _(
        "{backed} of {answered} answers documented or verified "
        "({documented} documented, {verified} verified)"
    ).format(
        backed=backed,
        answered=factor.answered,
        documented=factor.evidence.get("documented", 0),
        verified=factor.evidence.get("verified", 0),
    )


def evidence_note() -> str:
    return _(
        "Evidence: the share of a factor's answered questions that a document shows "
        "(documented) or someone checked (verified); the others rest on the respondent's word. "
        "It does not change the score."
    )


def checks_intro() -> str:
    return _(
        "Answers to look at again before relying on the scores: na without a note saying why, "
        "factors with half or more of their answers na, and unknown answers to find out."
    )


def checks_heading() -> str:
    return _("Answers to check")


def method_heading() -> str:
    return _("Method")


def weights_text(weights: dict[str, float]) -> str:
    """``manager 1, partner 1, beneficiary 0.5``."""
    return ", ".join(f"{role_word(role).lower()} {weight:g}" for role, weight in weights.items())


def levels_text(model: Model | None) -> str:
    """``emerging below 37.5, developing from 37.5, ...``: the model's bands in words."""
    bands = [(b.id, b.min) for b in model.levels] if model is not None else DEFAULT_BANDS
    parts = [
        _("{level} below {limit:g}").format(level=title(bands[0][0]).lower(), limit=bands[1][1])
        if i == 0 and len(bands) > 1
        else _("{level} from {limit:g}").format(level=title(level).lower(), limit=minimum)
        for i, (level, minimum) in enumerate(bands)
    ]
    return ", ".join(parts)


# The built-in bands, for a report rendered without its model.
DEFAULT_BANDS = [("emerging", 0.0), ("developing", 37.5), ("established", 62.5), ("leading", 87.5)]


def method_summary(report: Report, model: Model | None = None) -> str:
    """The method in one paragraph, with the role weights and level bands this report used."""
    return _(
        "{method}: question score = answer × 25; factor score = weighted mean of its answered "
        "questions; with several roles, the mean over the roles that assessed the factor, "
        "weighted by the role weights ({weights}); a role with too few respondents counts in no "
        "number. Levels follow the answer scale: {levels} (a score on a boundary takes the "
        "higher level). See the README, How scores are computed."
    ).format(
        method=method_line(report.method),
        weights=weights_text(report.role_weights),
        levels=levels_text(model),
    )


def no_checks() -> str:
    return _("No answer to check: every na carries a note and no answer is unknown.")


def summary_heading(count: int) -> str:
    """The batch summary's heading: ``Summary over 6 assessments``."""
    return ngettext("Summary over {n} assessment", "Summary over {n} assessments", count).format(
        n=count
    )


def batch_checks_line(summary: Summary) -> str:
    """``12 answers to check across the assessments (see each report).``"""
    return ngettext(
        "{n} answer to check across the assessments (listed in each assessment's report).",
        "{n} answers to check across the assessments (listed in each assessment's report).",
        summary.checks,
    ).format(n=summary.checks)


def left_out_total(files: int) -> str:
    """The batch summary's line: how many files counted in no number, and why."""
    return ngettext(
        "{n} answers file left out of every number: its role had too few respondents to "
        "protect their anonymity",
        "{n} answers files left out of every number: their roles had too few respondents to "
        "protect their anonymity",
        files,
    ).format(n=files)


def fmt_divergence(factor: FactorResult) -> str:
    return fmt_number(factor.divergence)


def perception_text(gap: PerceptionGap) -> str:
    """Which role sees the factor higher and which lower, in words a reader can repeat."""
    return _(
        "divergence {divergence}: {higher} sees it higher ({high}), {lower} lower ({low})"
    ).format(
        divergence=f"{gap.divergence:.1f}",
        higher=role_word(gap.highest_role).lower(),
        high=f"{gap.highest_score:.1f}",
        lower=role_word(gap.lowest_role).lower(),
        low=f"{gap.lowest_score:.1f}",
    )


def perception_intro(report: Report) -> str:
    """The sentence above the perception gaps, or why there are none."""
    threshold = fmt_target(report.divergence_threshold)
    if len(report.roles) < 2:
        return _(
            "Fewer than two roles are shown separately, so no divergence between roles can be "
            "measured."
        )
    if not report.perception_gaps:
        return _("The roles' scores differ by less than {n} points on every factor.").format(
            n=threshold
        )
    return _(
        "Factors on which the roles' scores differ by {n} points or more, widest first."
    ).format(n=threshold)


def overall_line(report: Report) -> str:
    """``Overall score 52.1 / 100 — level Established``, or why there is none."""
    if report.overall_score is None:
        if not report.respondents and report.left_out:
            # One beneficiary's complete file: its questions were answered, and left out.
            return _("Overall score: none, every answers file was left out (see the note)")
        return _("Overall score: none, no question was answered")
    return _("Overall score {score} / 100 — level {level}").format(
        score=fmt_score(report.overall_score), level=title(report.overall_level)
    )


# --- batch: the columns of one row per assessment, and the summary rows --------------------------

STATISTICS = ("count", "mean", "median", "q1", "q3", "min", "max")
STAT_LABELS = {
    "count": N_("count"),
    "mean": N_("mean"),
    "median": N_("median"),
    "q1": N_("1st quartile"),
    "q3": N_("3rd quartile"),
    "min": N_("min"),
    "max": N_("max"),
}


def short_field(field_id: str) -> str:
    """Five letters for a field's column; the legend under the table spells them out."""
    return field_id[:5].capitalize()


def score_columns(model: Model) -> list[str]:
    """Ids of the numeric columns: overall, the fields, the factors, coverage."""
    return ["overall", *(f.id for f in model.meta.fields), *(f.id for f in model.factors)] + [
        "coverage"
    ]


def numbers(report: Report) -> list[float | None]:
    """The row's numbers, in :func:`score_columns` order (coverage as a ratio 0-1)."""
    from profint_assess.batch import coverage

    return [
        report.overall_score,
        *(f.score for f in report.fields),
        *(f.score for f in report.factors),
        coverage(report),
    ]


def number_cells(report: Report) -> list[str]:
    """:func:`numbers` for people: scores with one decimal, coverage as a percentage."""
    values = numbers(report)
    return [fmt_number(v) for v in values[:-1]] + [fmt_number(values[-1], percent=True)]


def respondent_count(report: Report) -> int:
    return sum(report.respondents.values())


def summary_rows(model: Model, summary: Summary) -> list[tuple[str, list[str]]]:
    """(label, cells) per statistic, the cells in :func:`score_columns` order, for people."""
    described = [summary.stats(c) for c in score_columns(model)]
    rows = []
    for name in STATISTICS:
        values = [getattr(s, name) for s in described]
        if name == "count":
            cells = [DASH if v is None else str(v) for v in values]
        else:
            cells = [fmt_number(v) for v in values[:-1]] + [fmt_number(values[-1], percent=True)]
        rows.append((_(STAT_LABELS[name]), cells))
    return rows


def weakest_lines(model: Model, summary: Summary) -> list[tuple[str, str]]:
    """(factor heading, figures) for the network's weakest factors, weakest first."""
    titles = {f.id: f.title for f in model.factors}
    return [
        (
            f"{fid} {titles[fid]}",
            _("mean {mean}, median {median}, {below_target}").format(
                mean=fmt_number(s.mean),
                median=fmt_number(s.median),
                below_target=ngettext(
                    "below target in {k} of {n} assessment",
                    "below target in {k} of {n} assessments",
                    summary.count,
                ).format(k=summary.below_target[fid], n=summary.count),
            ),
        )
        for fid, s in summary.weakest()
    ]


# --- compare: signed deltas, sides, status words ------------------------------------------------


def fmt_delta(delta: float | None) -> str:
    """``+12.5`` / ``-3.0`` / ``0.0``: the sign always shown, one decimal like the scores."""
    if delta is None:
        return DASH
    return "0.0" if delta == 0 else f"{delta:+.1f}"


def side_line(side: Side) -> str:
    who = ", ".join(role_count(role, n) for role, n in side.respondents.items())
    text = f"{side.organization} — {side.device}, {side.date}"
    return f"{text} ({who})" if who else text


def counts_line(comparison: Comparison) -> str:
    counts = comparison.counts
    order = ["improved", "declined", "unchanged", "newly assessed", "no longer assessed"]
    parts = [change_count(k, counts[k]) for k in order if counts.get(k)]
    return _("Factors: {counts} (a change under {n} points is unchanged).").format(
        counts=", ".join(parts) or _("none"), n=f"{comparison.threshold:g}"
    )


def gap_text(change: Change) -> str:
    return _("{id} {title} (gap {before} → {after})").format(
        id=change.id,
        title=change.title,
        before=fmt_number(change.gap_before),
        after=fmt_number(change.gap_after),
    )


DIFFERENT_DEVICES = N_("Note: the two sides are about different organisations or devices.")
# A factor's change between two assessments (the codes stay English in JSON).
CHANGE_WORDS = {
    "improved": N_("improved"),
    "declined": N_("declined"),
    "unchanged": N_("unchanged"),
    "newly assessed": N_("newly assessed"),
    "no longer assessed": N_("no longer assessed"),
}


def change_count(status: str, n: int) -> str:
    """``3 improved``: how many factors changed that way (the word agrees with ``n``)."""
    forms = {
        "improved": ngettext("{n} improved", "{n} improved", n),
        "declined": ngettext("{n} declined", "{n} declined", n),
        "unchanged": ngettext("{n} unchanged", "{n} unchanged", n),
        "newly assessed": ngettext("{n} newly assessed", "{n} newly assessed", n),
        "no longer assessed": ngettext("{n} no longer assessed", "{n} no longer assessed", n),
    }
    return forms.get(status, "{n} " + status).format(n=n)


def change_word(status: str) -> str:
    """``improved`` in the language in use (a code not in the table is shown as it is)."""
    return _(CHANGE_WORDS[status]) if status in CHANGE_WORDS else status


# --- peer benchmark (score --peers) ------------------------------------------------------------


def peer_band(band: str) -> str:
    """The quarter of the network a score falls in, for people."""
    labels = {
        "bottom": _("bottom quarter"),
        "lower-middle": _("second quarter"),
        "upper-middle": _("third quarter"),
        "top": _("top quarter"),
    }
    return labels[band]


def peer_heading() -> str:
    return _("Among the network's devices")


def peer_columns() -> list[str]:
    """Column headings of the peer table: factor, score, percentile, quarter, network, devices."""
    return [
        _("Factor"),
        _("Score"),
        _("Percentile"),
        _("Quarter of the network"),
        _("Network median (quartiles)"),
        _("Devices"),
    ]


def peer_cells(place: PeerPlace) -> list[str]:
    """A placed factor's cells after its name, in :func:`peer_columns` order."""
    return [
        fmt_number(place.score),
        f"{place.percentile:.0f}",
        peer_band(place.band),
        f"{place.median:.1f} ({place.q1:.1f}–{place.q3:.1f})",
        str(place.peers),
    ]


def peer_lines(benchmark: PeerBenchmark) -> list[str]:
    """What a reader must know before reading the peer table: who the peers are, the caution,
    the factors not placed and why."""
    lines = [
        ngettext(
            "Compared with {n} other device in {source} (its latest assessment).",
            "Compared with {n} other devices in {source} (the latest assessment of each).",
            benchmark.devices,
        ).format(n=benchmark.devices, source=benchmark.source),
        _(
            "Percentile: the share of those devices scoring lower on the factor (ties count "
            "half). A factor is placed only when at least {n} other devices assessed it."
        ).format(n=benchmark.min_peers),
        _(
            "Caution: scores compare only when they were collected the same way: the same "
            "questionnaires, respondents of the same roles, answered with the same care."
        ),
    ]
    if benchmark.withheld:
        lines.append(
            _("Not placed, fewer than {n} devices to compare with: {factors}.").format(
                n=benchmark.min_peers, factors=", ".join(benchmark.withheld)
            )
        )
    if benchmark.left_out:
        lines.append(
            ngettext(
                "{n} device of the export was scored with another model or method and is left out.",
                "{n} devices of the export were scored with another model or method and are left "
                "out.",
                benchmark.left_out,
            ).format(n=benchmark.left_out)
        )
    return lines


# --- plan: periods, what an action should move, statuses, progress ------------------------------


def period_text(phase: Phase | None) -> str:
    """``2026-12-01 – 2027-02-28``, the phase's words, or both."""
    if phase is None:
        return ""
    dates = ""
    if phase.start or phase.end:
        dates = f"{phase.start.isoformat() if phase.start else '…'} – "
        dates += phase.end.isoformat() if phase.end else "…"
    return ", ".join(p for p in (dates, phase.period) if p)


def moves_text(action: Action) -> str:
    """``F02.Q2 (now 25.0), F02.Q4 (now 0.0)``: what the action should move, from where."""
    if not action.questions:
        return _("no question named")
    return ", ".join(
        _("{question} (now {score})").format(question=q, score=fmt_number(s))
        for q, s in action.questions.items()
    )


def plan_status(action: Action, today: dt.date) -> str:
    """The action's status, ``, overdue`` added when its due date is past and it is open."""
    from profint_assess.plan import is_overdue

    if is_overdue(action, today):
        return _("{status}, overdue").format(status=action.status)
    return action.status


def plan_counts(plan: PlanFile, today: dt.date) -> str:
    """``6 actions: 4 planned, 2 done; 1 overdue.``"""
    from profint_assess.plan import STATUSES, is_overdue, status_counts

    counts = status_counts(plan)
    parts = ", ".join(f"{counts[s]} {s}" for s in STATUSES if counts[s]) or _("none")
    line = _("{n} actions: {parts}").format(n=len(plan.actions), parts=parts)
    overdue = sum(is_overdue(a, today) for a in plan.actions)
    if overdue:
        line += _("; {n} overdue").format(n=overdue)
    return line + "."


def plan_title(plan: PlanFile) -> str:
    return _("PROFINT action plan: {organization} — {device}").format(
        organization=plan.organization, device=plan.device
    )


def plan_header(view: PlanView) -> list[str]:
    """The lines under the plan's title: what it is based on, the counts, a model note."""
    plan = view.plan
    lines = [
        _("Based on the assessment of {date} ({files}); drafted {created}.").format(
            date=plan.based_on.date.isoformat(),
            files=", ".join(plan.based_on.files) or plan.based_on.method,
            created=plan.created.isoformat(),
        ),
        plan_counts(plan, view.today),
    ]
    if view.note:
        lines.append(_("Note: {note}.").format(note=view.note))
    return lines


def unphased(plan: PlanFile) -> list[Action]:
    """Actions whose phase the plan does not list (kept visible rather than dropped)."""
    ids = {p.id for p in plan.phases}
    return [a for a in plan.actions if a.phase not in ids]


def progress_state(state: str) -> str:
    """A progress state in words: ``done-without-effect`` -> ``done without effect``."""
    words = {
        "done-without-effect": _("done without effect"),
        "reached": _("reached"),
        "moved": _("moved"),
        "not-moved": _("not moved"),
        "not-measured": _("not measured"),
    }
    return words[state]


def progress_line(item: ActionProgress) -> str:
    """``A02 [done] done without effect: F04.Q1 50.0 → 50.0 (0.0)``."""
    moves = ", ".join(
        f"{m.id} {fmt_number(m.before)} → {fmt_number(m.after)} ({fmt_delta(m.delta)})"
        for m in item.questions
    )
    return _("{id} [{status}] {state}: {moves}").format(
        id=item.action.id,
        status=item.action.status,
        state=progress_state(item.state),
        moves=moves or _("no question named"),
    )


def progress_summary(items: list[ActionProgress]) -> str:
    """``Plan: 1 done without effect, 1 reached, 1 moved.``"""
    from profint_assess.plan import PROGRESS_ORDER

    counts = {state: sum(i.state == state for i in items) for state in PROGRESS_ORDER}
    parts = ", ".join(f"{n} {progress_state(s)}" for s, n in counts.items() if n)
    return _("Plan: {parts}.").format(parts=parts or _("no actions"))


PROGRESS_TITLE = "Action plan: did the questions move?"
# --- the learning-progress grid -----------------------------------------------------------------


def learning_title() -> str:
    return _("Learning progress (the beneficiaries' grid)")


def learning_intro() -> str:
    return _(
        "The beneficiaries' own view, never part of the maturity scores: for each learning "
        "domain, the mean importance they give it (1 not important, 2 important, 3 very "
        'important) and the share who progressed (yes ÷ (yes + no); "does not concern me" '
        "left out). A learning gap is a domain with mean importance 2.5 or more where fewer "
        "than half progressed; it brings the recommendations of the factors it concerns."
    )


def fmt_importance(value: float | None) -> str:
    """Two decimals: 2.45 must not read as the 2.5 threshold."""
    return DASH if value is None else f"{value:.2f}"


def group_heading(group: LearningGroup) -> str:
    return ngettext(
        "{label}: {n} beneficiary answered the grid",
        "{label}: {n} beneficiaries answered the grid",
        group.respondents,
    ).format(label=group.label, n=group.respondents)


def reconstruction_note(result: LearningResult) -> str:
    return _("Note: {text}").format(text=result.reconstruction) if result.reconstruction else ""


def gap_line(domain: DomainResult) -> str:
    return _(
        "Learning gap: {domain} (importance {importance}, {share} progressed): see the "
        "recommendations of {factors}"
    ).format(
        domain=domain.title,
        importance=fmt_importance(domain.figures.mean_importance),
        share=fmt_pct(domain.figures.progress_share),
        factors=", ".join(domain.factors),
    )


def learning_groups_for_chart(result: LearningResult) -> list[LearningGroup]:
    """The groups one chart compares: the named groups if any (``--group``), else the devices;
    at most two, as in Figures 2-3, and only those with figures."""
    shown = [g for g in result.groups if g.shown]
    named = [g for g in shown if g.kind == "group"]
    return (named or shown)[:2]


def open_answers_heading() -> str:
    """The heading of the open answers, the same in every format for people."""
    from profint_assess.i18n import _

    return _("Open answers")


def open_answers_intro(report: Report) -> str:
    """What the open answers are.

    A role below its minimum gives none: the report's one note on files left out says so, and
    nothing else may differ from a report without those files (issue 11).
    """
    from profint_assess.i18n import _

    return _("Free-text answers to the open questions, by role; they are not scored.")


def role_heading(role: str, count: int = 2) -> str:
    """``beneficiary`` -> ``Beneficiaries`` (``Beneficiary`` for one respondent)."""
    headings = {
        "manager": ngettext("Manager", "Managers", count),
        "team": ngettext("Team", "Teams", count),
        "partner": ngettext("Partner", "Partners", count),
        "company": ngettext("Company", "Companies", count),
        "beneficiary": ngettext("Beneficiary", "Beneficiaries", count),
        "external": ngettext("External", "Externals", count),
    }
    return headings.get(role, role.capitalize())


def by_question(lines: Iterable[CommentLine]) -> list[tuple[str, list[str]]]:
    """One role's open answers as (question text, [answers]), in questionnaire order."""
    grouped: dict[str, tuple[str, list[str]]] = {}
    for line in lines:
        grouped.setdefault(line.question, (line.text, []))[1].append(line.comment)
    return list(grouped.values())
