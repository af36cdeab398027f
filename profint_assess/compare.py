"""Compare two assessments of a device (before, after), pure: what moved, what closed, what is new.

Both sides are JSON reports (``profint-report/1``, the output of ``score --format json``, or
:func:`~profint_assess.report.json.report_to_dict` of a fresh score): comparing the
saved form means a report kept six months ago compares the same as answers scored today, as
long as it was scored with the same method (the loader refuses a saved report of another one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from profint_assess.records import METHOD

COMPARE_FORMAT = "profint-compare/1"
DEFAULT_THRESHOLD = 5.0

IMPROVED, DECLINED, UNCHANGED = "improved", "declined", "unchanged"
NEWLY_ASSESSED, NO_LONGER_ASSESSED, NOT_ASSESSED = (
    "newly assessed",
    "no longer assessed",
    "not assessed",
)


@dataclass(frozen=True)
class Change:
    """One score, before and after; ``delta`` = after - before when both were assessed."""

    kind: str  # overall, field or factor
    id: str
    title: str
    before: float | None
    after: float | None
    delta: float | None
    status: str
    gap_before: float | None = None
    gap_after: float | None = None

    @property
    def shown_delta(self) -> float | None:
        """The delta of the scores as people see them (one decimal), so it adds up by hand."""
        return shown_delta(self.before, self.after)


@dataclass(frozen=True)
class Recommendation:
    id: str
    factor: str
    title: str


@dataclass(frozen=True)
class Side:
    """Who and when, for the header."""

    organization: str
    device: str
    date: str
    respondents: dict[str, int]
    # Answers files left out of every number, per role (too few respondents): counts only.
    left_out: dict[str, int] = field(default_factory=dict)
    notes: tuple[str, ...] = ()  # why, in words, as the report gave it


@dataclass(frozen=True)
class Comparison:
    before: Side
    after: Side
    threshold: float
    overall: Change
    fields: list[Change]
    factors: list[Change]
    gaps_closed: list[Change]
    gaps_opened: list[Change]
    no_longer_triggered: list[Recommendation]
    newly_triggered: list[Recommendation]

    @property
    def same_device(self) -> bool:
        """False when the two sides name different organisations or devices (worth a warning)."""
        b, a = self.before, self.after
        return (b.organization, b.device) == (a.organization, a.device)

    @property
    def counts(self) -> dict[str, int]:
        """How many factors improved, declined, stayed unchanged (and changed assessment)."""
        counts: dict[str, int] = {}
        for change in self.factors:
            counts[change.status] = counts.get(change.status, 0) + 1
        return counts


def shown_delta(before: float | None, after: float | None) -> float | None:
    """after - before, each rounded to one decimal as reports print them."""
    if before is None or after is None:
        return None
    return round(round(after, 1) - round(before, 1), 1)


def status(before: float | None, after: float | None, threshold: float) -> str:
    """improved / declined when the score moved by ``threshold`` points or more, else unchanged.

    Judged on the scores as printed (one decimal), so that 70.0 -> 75.0 is +5.0, improved, even
    when the full-precision scores differ by 4.96.
    """
    if before is None and after is None:
        return NOT_ASSESSED
    if before is None:
        return NEWLY_ASSESSED
    if after is None:
        return NO_LONGER_ASSESSED
    delta = shown_delta(before, after)
    assert delta is not None
    if delta >= threshold:
        return IMPROVED
    if delta <= -threshold:
        return DECLINED
    return UNCHANGED


def _change(
    kind: str,
    ident: str,
    title: str,
    before: Mapping[str, Any] | None,
    after: Mapping[str, Any] | None,
    threshold: float,
) -> Change:
    b = before.get("score") if before else None
    a = after.get("score") if after else None
    return Change(
        kind=kind,
        id=ident,
        title=title,
        before=b,
        after=a,
        delta=None if a is None or b is None else a - b,
        status=status(b, a, threshold),
        gap_before=before.get("gap") if before else None,
        gap_after=after.get("gap") if after else None,
    )


def _by_id(items: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
    return {item["id"]: item for item in items}


def _ids_in_order(before: Sequence[Mapping[str, Any]], after: Sequence[Mapping[str, Any]]) -> list:
    ids = [item["id"] for item in before]
    seen = set(ids)  # once: a set per item made two 1.9 MB reports take minutes
    return ids + [item["id"] for item in after if item["id"] not in seen]


def _side(report: Mapping[str, Any]) -> Side:
    return Side(
        organization=report.get("organization", ""),
        device=report.get("device", ""),
        date=report.get("date", ""),
        respondents=dict(report.get("respondents", {})),
        left_out=dict(report.get("hidden_roles", {})),
        notes=tuple(report.get("notes", [])),
    )


def compare(
    before: Mapping[str, Any], after: Mapping[str, Any], threshold: float = DEFAULT_THRESHOLD
) -> Comparison:
    """Compare two JSON reports (``profint-report/1``) of the same device."""
    fields_b, fields_a = _by_id(before["fields"]), _by_id(after["fields"])
    factors_b, factors_a = _by_id(before["factors"]), _by_id(after["factors"])
    # Titles from the newer report, the older one for ids it alone has.
    title: dict[str, str] = {}
    for source in (fields_a, factors_a, fields_b, factors_b):
        for k, v in source.items():
            title.setdefault(k, v.get("title") or k)

    fields = [
        _change("field", fid, title[fid], fields_b.get(fid), fields_a.get(fid), threshold)
        for fid in _ids_in_order(before["fields"], after["fields"])
    ]
    factors = [
        _change("factor", fid, title[fid], factors_b.get(fid), factors_a.get(fid), threshold)
        for fid in _ids_in_order(before["factors"], after["factors"])
    ]
    overall = _change(
        "overall", "overall", "Overall", before["overall"], after["overall"], threshold
    )

    # A gap is closed when an assessed factor below its target before reaches it after, opened
    # the other way round; a factor assessed on one side only has neither.
    closed = [c for c in factors if c.gap_before and c.gap_after == 0]
    opened = [c for c in factors if c.gap_before == 0 and c.gap_after]

    recs_b = {r["id"]: r for r in before.get("recommendations", [])}
    recs_a = {r["id"]: r for r in after.get("recommendations", [])}

    def rec(r: Mapping[str, Any]) -> Recommendation:
        return Recommendation(r["id"], r.get("factor", ""), r.get("title", ""))

    return Comparison(
        before=_side(before),
        after=_side(after),
        threshold=threshold,
        overall=overall,
        fields=fields,
        factors=factors,
        gaps_closed=closed,
        gaps_opened=opened,
        no_longer_triggered=[rec(r) for rid, r in recs_b.items() if rid not in recs_a],
        newly_triggered=[rec(r) for rid, r in recs_a.items() if rid not in recs_b],
    )


def comparison_to_dict(comparison: Comparison) -> dict[str, Any]:
    """The comparison as plain data (``profint-compare/1``), full precision."""

    def change(c: Change) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": c.id,
            "title": c.title,
            "before": c.before,
            "after": c.after,
            "delta": c.delta,
            "status": c.status,
        }
        if c.kind == "factor":
            data["gap_before"], data["gap_after"] = c.gap_before, c.gap_after
        return data

    def side(s: Side) -> dict[str, Any]:
        return {
            "organization": s.organization,
            "device": s.device,
            "date": s.date,
            "respondents": s.respondents,
            "left_out": s.left_out,
            "notes": list(s.notes),
        }

    def recs(items: list[Recommendation]) -> list[dict[str, str]]:
        return [{"id": r.id, "factor": r.factor, "title": r.title} for r in items]

    return {
        "format": COMPARE_FORMAT,
        "method": METHOD,
        "before": side(comparison.before),
        "after": side(comparison.after),
        "threshold": comparison.threshold,
        "overall": change(comparison.overall),
        "fields": [change(c) for c in comparison.fields],
        "factors": [change(c) for c in comparison.factors],
        "gaps_closed": [c.id for c in comparison.gaps_closed],
        "gaps_opened": [c.id for c in comparison.gaps_opened],
        "recommendations": {
            "no_longer_triggered": recs(comparison.no_longer_triggered),
            "newly_triggered": recs(comparison.newly_triggered),
        },
    }
