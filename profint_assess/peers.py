"""Peer benchmark: where a device's factor scores stand among the devices of a network's export.

``score FILES --peers EXPORT_DIR`` reads the merged factor scores of an export
(``profint-assess export``), keeps the latest assessment of every *other* device (organisation
and device differ from the one scored), and places each factor of the device among them: the
percentile (the share of peers scoring lower, ties counting half) and the quarter of the
network it falls in. A factor is placed only when at least :data:`MIN_PEERS` other devices
assessed it: a smaller group would let a reader work out a named peer's score. Peers scored
against another model or method are left out (their numbers do not compare).

:func:`read_peer_scores` reads the tables (CSV, its Excel variant, or Parquet);
:func:`place` is pure.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from profint_assess.batch import quantile
from profint_assess.errors import Problem, ProfintError
from profint_assess.export import ALL_ROLES, METHOD
from profint_assess.i18n import _
from profint_assess.scoring import Report

MIN_PEERS = 5
BANDS = ("bottom", "lower-middle", "upper-middle", "top")  # quarters of the network, lowest first
CAUTION = (
    "Scores compare only when they were collected the same way: the same questionnaires, "
    "respondents of the same roles, answered with the same care."
)


@dataclass(frozen=True)
class PeerScores:
    """The merged factor scores of the latest assessment of each device in an export."""

    source: str
    # (organisation, device) -> factor id -> score (None: not assessed)
    devices: dict[tuple[str, str], dict[str, float | None]]
    left_out: int = 0  # devices scored against another model or method


@dataclass(frozen=True)
class PeerPlace:
    """One factor of the device among its peers."""

    factor: str
    score: float
    peers: int
    percentile: float  # 0-100: share of peers below, ties counting half
    band: str  # one of BANDS
    q1: float
    median: float
    q3: float


@dataclass(frozen=True)
class PeerBenchmark:
    source: str
    devices: int  # other devices in the export
    min_peers: int
    factors: list[PeerPlace]
    # Factors the device has a score on but fewer than MIN_PEERS peers assessed: not placed.
    withheld: list[str] = field(default_factory=list)
    left_out: int = 0

    @property
    def caution(self) -> str:
        return CAUTION

    def as_dict(self) -> dict[str, object]:
        """The ``peers`` key of the JSON report."""
        return {
            "source": self.source,
            "devices": self.devices,
            "min_peers": self.min_peers,
            "left_out": self.left_out,
            "caution": self.caution,
            "factors": [
                {
                    "id": p.factor,
                    "score": p.score,
                    "peers": p.peers,
                    "percentile": p.percentile,
                    "band": p.band,
                    "q1": p.q1,
                    "median": p.median,
                    "q3": p.q3,
                }
                for p in self.factors
            ],
            "withheld": self.withheld,
        }


def band(value: float, q1: float, median: float, q3: float) -> str:
    """The quarter of the network a score falls in (a score on a quartile goes up)."""
    if value < q1:
        return BANDS[0]
    if value < median:
        return BANDS[1]
    if value < q3:
        return BANDS[2]
    return BANDS[3]


def percentile(value: float, others: Sequence[float]) -> float:
    """Share of ``others`` below ``value``, ties counting half, in percent."""
    below = sum(1 for o in others if o < value)
    equal = sum(1 for o in others if o == value)
    return 100.0 * (below + 0.5 * equal) / len(others)


def place(report: Report, peers: PeerScores, min_peers: int = MIN_PEERS) -> PeerBenchmark:
    """Each assessed factor of ``report`` among the other devices of ``peers``."""
    own = (report.organization, report.device)
    others = [scores for key, scores in peers.devices.items() if key != own]
    places, withheld = [], []
    for factor in report.factors:
        if factor.score is None:
            continue
        values = sorted(s for scores in others if (s := scores.get(factor.id)) is not None)
        if len(values) < min_peers:
            withheld.append(factor.id)
            continue
        q1, median, q3 = (quantile(values, p) for p in (0.25, 0.5, 0.75))
        places.append(
            PeerPlace(
                factor=factor.id,
                score=factor.score,
                peers=len(values),
                percentile=percentile(factor.score, values),
                band=band(factor.score, q1, median, q3),
                q1=q1,
                median=median,
                q3=q3,
            )
        )
    return PeerBenchmark(
        source=peers.source,
        devices=len(others),
        min_peers=min_peers,
        factors=places,
        withheld=withheld,
        left_out=peers.left_out,
    )


# --- reading an export ---------------------------------------------------------------------------


def read_peer_scores(folder: Path, model_ref: str) -> PeerScores:
    """The latest merged factor scores of every device in the export at ``folder``.

    ``model_ref`` is ``id/version`` of the model in use: assessments of another model or
    scoring method are left out and counted. A folder that is not an export is a usage error
    (exit 2) naming what is missing.
    """
    name = str(folder)
    parquet = (folder / "assessments.parquet").is_file()
    suffix = "parquet" if parquet else "csv"
    needed = [folder / f"{t}.{suffix}" for t in ("assessments", "factor_scores")]
    missing = [p.name for p in needed if not p.is_file()]
    if missing:
        raise ProfintError(
            [
                Problem(
                    name,
                    _(
                        "not an export folder: no {files} "
                        "(write one with: profint-assess export FILES --to DIR)"
                    ).format(files=", ".join(missing)),
                )
            ]
        )
    read = _parquet_rows if parquet else _csv_rows
    latest: dict[tuple[str, str], tuple[dt.date | str, str]] = {}
    left_out: set[tuple[str, str]] = set()
    try:
        for row in read(
            needed[0], ("assessment_id", "organization", "device", "date", "model", "method")
        ):
            aid, org, device, date, model, method = row
            key = (_unquote(org), _unquote(device))
            if model != model_ref or method != METHOD:
                left_out.add(key)
                continue
            date = str(date)
            if key not in latest or date > str(latest[key][0]):
                latest[key] = (date, str(aid))
        chosen = {aid: key for key, (_, aid) in latest.items()}
        devices: dict[tuple[str, str], dict[str, float | None]] = {k: {} for k in latest}
        for aid, factor, role, score in read(
            needed[1], ("assessment_id", "factor", "role", "score")
        ):
            key = chosen.get(str(aid))
            if key is not None and role == ALL_ROLES:
                devices[key][str(factor)] = _number(score)
    except (KeyError, ValueError) as exc:
        raise ProfintError(
            [Problem(name, _("not a readable export: {reason}").format(reason=exc))]
        ) from None
    return PeerScores(name, devices, len(left_out - set(latest)))


def _unquote(text: object) -> str:
    # The CSV neutralised a leading = + - @ with a quote; the key is the original text.
    value = str(text)
    return (
        value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value
    )


def _number(value: object) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return float(value.replace(",", "."))
    return float(value)  # type: ignore[arg-type]


def _csv_rows(path: Path, columns: Iterable[str]) -> Iterable[tuple[object, ...]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        delimiter = ";" if first.count(";") > first.count(",") else ","
        header = next(csv.reader([first], delimiter=delimiter))
        index = [header.index(c) for c in columns]
        for row in csv.reader(handle, delimiter=delimiter):
            yield tuple(row[i] for i in index)


def _parquet_rows(path: Path, columns: Iterable[str]) -> Iterable[tuple[object, ...]]:
    from profint_assess.tables import require_pyarrow

    require_pyarrow()
    import pyarrow.parquet as pq

    names = list(columns)
    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches(columns=names):
        yield from zip(*(batch.column(n).to_pylist() for n in names), strict=True)


def peer_places_by_factor(benchmark: PeerBenchmark | None) -> Mapping[str, PeerPlace]:
    """The placed factors by id, for renderers (empty without a benchmark)."""
    return {} if benchmark is None else {p.factor: p for p in benchmark.factors}
