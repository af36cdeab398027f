"""Learning-progress grid figures, pure: grid answers files in, figures per domain and proposal out.

The grid (DESIGN.md "Learning-progress grid", the model documentation's Appendix E grouped in
§3.2) is a second kind of instrument, answered by beneficiaries and never mixed into the maturity
scores: nothing here reads or changes a :class:`~profint_assess.scoring.Report`.

Formulas (published in the README), for a domain or a proposal, over the files of a device or a
group of devices:
- respondents = files that answered it at all (a progress or an importance);
- mean importance = mean of every importance answered (1-3), each answer counting once, so a
  domain of four proposals counts up to four answers per person;
- progress share = yes / (yes + no); ``not-concerned`` is left out; null when nobody said yes or no;
- a **learning gap** is a domain with mean importance >= 2.5 where fewer than half progressed
  (progress share < 0.5); it brings the recommendations of the factors the grid names for it.

Anonymity, as for the maturity scores: a device or group with fewer beneficiaries than the minimum
(3 by default, ``--min-respondents beneficiary=N``) gets no figure at all, and a note says why; in
a group that reaches it, a domain or proposal answered by fewer people shows its count only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from profint_assess.errors import UsageError
from profint_assess.i18n import _, ngettext
from profint_assess.records import GridAnswersFile, LearningGrid, Model

METHOD = "profint-learning/1"
LEARNING_FORMAT = "profint-learning/1"  # the JSON of grid figures alone (``score`` of grid files)
IMPORTANT = 2.5  # mean importance from which a domain counts as important
PROGRESSED = 0.5  # progress share below which "fewer than half progressed"
ROLE = "beneficiary"


@dataclass(frozen=True)
class Figures:
    """Counts over one domain or proposal, and the two figures made from them.

    ``shown`` False: too few respondents; the figures are then None whatever the counts, and
    renderers must show neither the counts nor the figures, only ``respondents``.
    """

    respondents: int
    importance_answers: int
    importance_total: int
    yes: int
    no: int
    not_concerned: int
    shown: bool

    @property
    def mean_importance(self) -> float | None:
        if not self.shown or not self.importance_answers:
            return None
        return self.importance_total / self.importance_answers

    @property
    def progress_share(self) -> float | None:
        if not self.shown or not (self.yes + self.no):
            return None
        return self.yes / (self.yes + self.no)


@dataclass(frozen=True)
class ProposalResult:
    id: str
    number: int
    text: str
    domain: str
    figures: Figures


@dataclass(frozen=True)
class DomainResult:
    id: str
    title: str
    first: int
    last: int
    figures: Figures
    gap: bool
    factors: list[str]
    recommendations: list[str]
    proposals: list[ProposalResult]


@dataclass(frozen=True)
class LearningGroup:
    """The figures of one device, or of a group of devices (``batch --group``).

    ``domains`` is empty when the group has fewer respondents than the minimum: no figure at all.
    """

    label: str
    devices: list[tuple[str, str]]  # (organisation, device)
    files: int
    respondents: int
    minimum: int
    domains: list[DomainResult] = field(default_factory=list)
    kind: str = "device"  # or "group": devices pooled by ``batch --group``

    @property
    def shown(self) -> bool:
        return self.respondents >= self.minimum

    @property
    def note(self) -> str | None:
        """Why figures are missing, for the reader; None when every figure could be shown."""
        if not self.shown:
            return ngettext(
                "{n} beneficiary answered the grid, fewer than {minimum}: no domain or "
                "proposal figure is shown, to protect anonymity",
                "{n} beneficiaries answered the grid, fewer than {minimum}: no domain or "
                "proposal figure is shown, to protect anonymity",
                self.respondents,
            ).format(n=self.respondents, minimum=self.minimum)
        if any(
            not d.figures.shown or any(not p.figures.shown for p in d.proposals)
            for d in self.domains
        ):
            return _(
                "domains or proposals answered by fewer than {minimum} beneficiaries show "
                "their count only, to protect anonymity"
            ).format(minimum=self.minimum)
        return None

    @property
    def gaps(self) -> list[DomainResult]:
        return [d for d in self.domains if d.gap]

    @property
    def recommendations(self) -> list[str]:
        """The gap domains' recommendations, domain by domain, each factor's in model order."""
        return list(dict.fromkeys(r for d in self.gaps for r in d.recommendations))


@dataclass(frozen=True)
class LearningResult:
    """One grid's figures for one or more devices or groups."""

    grid: str
    title: str
    reconstruction: str
    groups: list[LearningGroup]
    method: str = METHOD


@dataclass
class _Count:
    respondents: int = 0
    importance_answers: int = 0
    importance_total: int = 0
    yes: int = 0
    no: int = 0
    not_concerned: int = 0

    def figures(self, minimum: int) -> Figures:
        return Figures(
            self.respondents,
            self.importance_answers,
            self.importance_total,
            self.yes,
            self.no,
            self.not_concerned,
            shown=self.respondents >= minimum,
        )


def is_gap(figures: Figures) -> bool:
    """Important (mean importance >= 2.5) and fewer than half progressed (share < 0.5)."""
    importance, share = figures.mean_importance, figures.progress_share
    return (
        importance is not None
        and share is not None
        and importance >= IMPORTANT
        and share < PROGRESSED
    )


def group_figures(
    model: Model,
    grid: LearningGrid,
    files: Sequence[GridAnswersFile],
    *,
    label: str,
    minimum: int = 3,
) -> LearningGroup:
    """The figures of one device or group: every file counts once, as one beneficiary."""
    devices = list(dict.fromkeys((a.organization, a.device) for a in files))
    answered = [a for a in files if any(_answered(a, p.id) for p in grid.proposals)]
    group = LearningGroup(label, devices, len(files), len(answered), minimum)
    if not group.shown:
        return group
    proposals = {p.id: _Count() for p in grid.proposals}
    domains = {d.id: _Count() for d in grid.domains}
    for answers in answered:
        touched: set[str] = set()
        for proposal in grid.proposals:
            answer = answers.answers.get(proposal.id)
            if answer is None or (answer.progress is None and answer.importance is None):
                continue
            domain_id = grid.domain_of(proposal).id
            touched.add(domain_id)
            for count in (proposals[proposal.id], domains[domain_id]):
                if answer.importance is not None:
                    count.importance_answers += 1
                    count.importance_total += answer.importance
                if answer.progress == "yes":
                    count.yes += 1
                elif answer.progress == "no":
                    count.no += 1
                elif answer.progress == "not-concerned":
                    count.not_concerned += 1
            proposals[proposal.id].respondents += 1
        for domain_id in touched:
            domains[domain_id].respondents += 1
    results = []
    for domain in grid.domains:
        figures = domains[domain.id].figures(minimum)
        gap = is_gap(figures)
        factors = [f.factor for f in domain.factors]
        results.append(
            DomainResult(
                id=domain.id,
                title=domain.title,
                first=domain.proposals.first,
                last=domain.proposals.last,
                figures=figures,
                gap=gap,
                factors=factors,
                recommendations=[r.id for f in factors for r in model.recommendations_for(f)]
                if gap
                else [],
                proposals=[
                    ProposalResult(
                        p.id, p.number, p.text, domain.id, proposals[p.id].figures(minimum)
                    )
                    for p in sorted(grid.proposals_of(domain), key=lambda p: p.number)
                ],
            )
        )
    return LearningGroup(label, devices, len(files), len(answered), minimum, results)


def _answered(answers: GridAnswersFile, proposal_id: str) -> bool:
    answer = answers.answers.get(proposal_id)
    return answer is not None and (answer.progress is not None or answer.importance is not None)


def other_devices(
    grids: Sequence[GridAnswersFile], reference: tuple[str, str] | None = None
) -> list[tuple[int, str]]:
    """Grid files about another device than ``reference`` (else the first grid file's), by index.

    ``score`` reports one device: a grid file of another one would put other people's answers
    into its figures.
    """
    if not grids:
        return []
    expected = reference or (grids[0].organization, grids[0].device)
    return [
        (
            i,
            f"is about {device_label(a.organization, a.device)}, not "
            f"{device_label(*expected)}; use `profint-assess batch` for several devices",
        )
        for i, a in enumerate(grids)
        if (a.organization, a.device) != expected
    ]


def resolve_groups(
    specs: Mapping[str, Sequence[str]], devices: Sequence[tuple[str, str]]
) -> dict[str, list[tuple[str, str]]]:
    """``--group`` labels to the devices they name: a name matches a device's ``device`` or
    ``organization`` (case and surrounding spaces ignored). A name matching nothing is an error
    that lists the devices there are, so that a typo never gives an empty group silently.
    """

    def key(text: str) -> str:
        return " ".join(text.split()).casefold()

    groups: dict[str, list[tuple[str, str]]] = {}
    for label, names in specs.items():
        members: list[tuple[str, str]] = []
        for name in names:
            found = [d for d in devices if key(name) in (key(d[0]), key(d[1]))]
            if not found:
                known = "; ".join(device_label(*d) for d in sorted(devices)) or "none"
                raise UsageError(
                    f"--group {label}: no grid answers about a device or organisation named "
                    f"{name!r} (devices: {known})"
                )
            members += [d for d in found if d not in members]
        groups[label] = members
    return groups


def device_label(organization: str, device: str) -> str:
    return f"{organization} / {device}"


def learning_results(
    model: Model,
    files: Sequence[GridAnswersFile],
    *,
    minimum: int = 3,
    groups: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> list[LearningResult]:
    """Per grid answered: one group per device (organisation, device), in name order, then one
    per named group of devices (``groups`` maps a label to its devices), in the order given."""
    results = []
    for grid in model.learning_grids:
        mine = [a for a in files if a.questionnaire == grid.id]
        if not mine:
            continue
        by_device: dict[tuple[str, str], list[GridAnswersFile]] = {}
        for answers in mine:
            by_device.setdefault((answers.organization, answers.device), []).append(answers)
        out = [
            group_figures(model, grid, by_device[key], label=device_label(*key), minimum=minimum)
            for key in sorted(by_device)
        ]
        for label, members in (groups or {}).items():
            chosen = [a for key in members for a in by_device.get(tuple(key), [])]  # type: ignore[arg-type]
            pooled = group_figures(model, grid, chosen, label=label, minimum=minimum)
            out.append(replace(pooled, kind="group", devices=[tuple(d) for d in members]))
        results.append(LearningResult(grid.id, grid.title, grid.reconstruction, out))
    return results


# --- plain data, for JSON and CSV ---------------------------------------------------------------


def _figures_dict(figures: Figures) -> dict[str, Any]:
    # A hidden item shows how many answered it, nothing of what they answered.
    shown = figures.shown
    return {
        "respondents": figures.respondents,
        "shown": shown,
        "importance_answers": figures.importance_answers if shown else None,
        "mean_importance": figures.mean_importance,
        "yes": figures.yes if shown else None,
        "no": figures.no if shown else None,
        "not_concerned": figures.not_concerned if shown else None,
        "progress_share": figures.progress_share,
    }


def group_to_dict(group: LearningGroup) -> dict[str, Any]:
    return {
        "label": group.label,
        "kind": group.kind,
        "devices": [{"organization": o, "device": d} for o, d in group.devices],
        "files": group.files,
        "respondents": group.respondents,
        "minimum": group.minimum,
        "shown": group.shown,
        "note": group.note,
        "domains": [
            {
                "id": d.id,
                "title": d.title,
                "proposals": {"first": d.first, "last": d.last},
                **_figures_dict(d.figures),
                "gap": d.gap,
                "factors": d.factors,
                "recommendations": d.recommendations,
                "items": [
                    {"id": p.id, "number": p.number, "text": p.text, **_figures_dict(p.figures)}
                    for p in d.proposals
                ],
            }
            for d in group.domains
        ],
        "gaps": [d.id for d in group.gaps],
        "recommendations": group.recommendations,
    }


def result_to_dict(result: LearningResult) -> dict[str, Any]:
    """One grid's figures as plain data: the ``learning`` entries of the JSON reports."""
    return {
        "grid": result.grid,
        "title": result.title,
        "method": result.method,
        "reconstruction": result.reconstruction,
        "thresholds": {"important": IMPORTANT, "progressed": PROGRESSED},
        "groups": [group_to_dict(g) for g in result.groups],
    }


CSV_COLUMNS = [
    "grid",
    "group",
    "domain",
    "title",
    "first",
    "last",
    "respondents",
    "importance_answers",
    "mean_importance",
    "yes",
    "no",
    "not_concerned",
    "progress_share",
    "gap",
    "factors",
]


def domain_rows(results: Sequence[LearningResult]) -> list[list[object]]:
    """One row per group and domain (CSV); a group under the minimum gets one row saying so."""
    rows: list[list[object]] = []
    for result in results:
        for group in result.groups:
            if not group.shown:
                rows.append([result.grid, group.label, "", group.note or ""] + [""] * 11)
                rows[-1][6] = group.respondents
                continue
            for d in group.domains:
                f = _figures_dict(d.figures)
                rows.append(
                    [
                        result.grid,
                        group.label,
                        d.id,
                        d.title,
                        d.first,
                        d.last,
                        f["respondents"],
                        f["importance_answers"],
                        f["mean_importance"],
                        f["yes"],
                        f["no"],
                        f["not_concerned"],
                        f["progress_share"],
                        "yes" if d.gap else "no",
                        " ".join(d.factors),
                    ]
                )
    return rows
