"""Peer benchmark: a device's factors placed among the other devices of an export."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from profint_assess.errors import ProfintError
from profint_assess.loading import load_answers, load_model
from profint_assess.model import Model
from profint_assess.peers import MIN_PEERS, place, read_peer_scores
from profint_assess.scoring import score
from tests.conftest import EXAMPLES
from tests.test_export import export_to


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


def device_file(
    model: Model, folder: Path, org: str, value: object, date: str = "2026-05-01", **kw: str
) -> Path:
    """A manager's file answering every question ``value``."""
    questionnaire = model.questionnaire_for("manager")
    assert questionnaire is not None
    version = kw.get("version", "2.0")
    lines = [
        "format: profint-answers/1",
        "questionnaire: self-assessment",
        f'model: {{id: profint, version: "{version}"}}',
        f'organization: "{org}"',
        'device: "Youth Guarantee"',
        "respondent: {role: manager}",
        f"date: {date}",
        "answers:",
        *(f"  {q.id}: {value}" for q in questionnaire.questions),
    ]
    path = folder / f"{org}-{date}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def network(model: Model, tmp_path: Path, values: list[int], **options: object) -> Path:
    folder = tmp_path / "network"
    for i, value in enumerate(values):
        device_file(model, folder, f"Peer {i}", value)
    out = tmp_path / "export"
    export_to(model, [folder], out, **options)  # type: ignore[arg-type]
    return out


def test_percentile_and_band_computed_by_hand(tmp_path: Path, model: Model) -> None:
    export = network(model, tmp_path, [0, 1, 2, 3, 4, 4])  # peers score 0 25 50 75 100 100
    own = device_file(model, tmp_path / "own", "Own", 3)  # every factor 75
    # An older assessment of the device itself, in the export: never its own peer.
    device_file(model, tmp_path / "network", "Own", 0, date="2025-01-01")
    export = tmp_path / "export2"
    export_to(model, [tmp_path / "network"], export)
    report = score(model, [load_answers(own, model)])

    benchmark = place(report, read_peer_scores(export, "profint/2.0"))
    assert benchmark.devices == 6
    assert len(benchmark.factors) == 13 and benchmark.withheld == []
    f01 = benchmark.factors[0]
    assert (f01.factor, f01.score, f01.peers) == ("F01", 75.0, 6)
    assert f01.percentile == pytest.approx(100 * 3.5 / 6)  # 3 below, 1 tie counting half
    assert (f01.q1, f01.median, f01.q3) == (31.25, 62.5, 93.75)
    assert f01.band == "upper-middle"
    assert "collected the same way" in benchmark.caution


def test_fewer_than_five_peers_places_nothing(tmp_path: Path, model: Model) -> None:
    export = network(model, tmp_path, [1, 2, 3, 4])
    report = score(model, [load_answers(device_file(model, tmp_path / "o", "Own", 2), model)])
    benchmark = place(report, read_peer_scores(export, "profint/2.0"))
    assert MIN_PEERS == 5
    assert benchmark.factors == []
    assert benchmark.withheld == [f.id for f in model.factors]


def test_excel_and_parquet_exports_read_the_same(tmp_path: Path, model: Model) -> None:
    values = [0, 1, 2, 3, 4, 2, 1]
    plain = place_all(model, network(model, tmp_path / "a", values), tmp_path)
    excel = place_all(model, network(model, tmp_path / "b", values, excel=True), tmp_path)
    assert plain == excel
    pytest.importorskip("pyarrow")
    parquet = network(model, tmp_path / "c", values, file_format="parquet")
    assert place_all(model, parquet, tmp_path) == plain


def place_all(model: Model, export: Path, tmp_path: Path) -> list:
    own = device_file(model, tmp_path / "own", "Own", 2)
    return place(
        score(model, [load_answers(own, model)]), read_peer_scores(export, "profint/2.0")
    ).factors


def test_peers_of_another_model_version_are_left_out(tmp_path: Path, model: Model) -> None:
    export = network(model, tmp_path, [0, 1, 2, 3, 4, 4])
    scores = read_peer_scores(export, "profint/2.1")
    assert scores.devices == {} and scores.left_out == 6


def test_a_folder_that_is_not_an_export_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProfintError) as caught:
        read_peer_scores(tmp_path, "profint/2.0")
    assert caught.value.exit_code == 2
    assert "not an export folder: no assessments.csv, factor_scores.csv" in str(caught.value)


def test_score_with_peers_in_every_format(
    tmp_path: Path, model: Model, cli: Callable[..., Any]
) -> None:
    export = network(model, tmp_path, [0, 1, 2, 3, 4, 4])
    own = device_file(model, tmp_path / "own", "Own", 3)

    data = json.loads(cli("score", own, "--format", "json", "--peers", export).stdout)
    peers = data["peers"]
    assert peers["devices"] == 6 and peers["min_peers"] == 5 and peers["withheld"] == []
    assert peers["factors"][0] == {
        "id": "F01",
        "score": 75.0,
        "peers": 6,
        "percentile": pytest.approx(58.333333),
        "band": "upper-middle",
        "q1": 31.25,
        "median": 62.5,
        "q3": 93.75,
    }
    assert "collected the same way" in peers["caution"]
    assert "peers" not in json.loads(cli("score", own, "--format", "json").stdout)

    terminal = cli("score", own, "--plain", "--peers", export)
    assert terminal.exit_code == 0, terminal.stderr
    text = " ".join(terminal.stdout.split())
    assert "Among the network's devices" in text
    assert "Compared with 6 other devices in" in text
    assert "Caution: scores compare only when they were collected the same way" in text
    assert "F01 Comprehensive" in text  # the title may wrap in its column
    assert "75.0 58 third quarter 62.5 (31.2–93.8) 6" in text

    markdown = cli("score", own, "--format", "markdown", "--peers", export).stdout
    assert "## Among the network's devices" in markdown
    assert (
        "| F01 Comprehensive accompaniment | 75.0 | 58 | third quarter | 62.5 (31.2–93.8) | 6 |"
        in markdown
    )

    html = cli("score", own, "--format", "html", "--peers", export).stdout
    assert '<section id="peers"' in html and 'id="peers-table"' in html
    assert "Among the network&#39;s devices" in html or "Among the network's devices" in html
    assert "<td>third quarter</td>" in html


def test_peers_below_the_minimum_show_no_number(
    tmp_path: Path, model: Model, cli: Callable[..., Any]
) -> None:
    export = network(model, tmp_path, [1, 2, 3, 4])  # four peers: fewer than five
    own = device_file(model, tmp_path / "own", "Own", 3)
    data = json.loads(cli("score", own, "--format", "json", "--peers", export).stdout)
    assert data["peers"]["factors"] == [] and len(data["peers"]["withheld"]) == 13
    text = cli("score", own, "--format", "markdown", "--peers", export).stdout
    section = text.split("## Among the network's devices", 1)[1].split("\n## ", 1)[0]
    assert "| F01" not in section
    assert "Not placed, fewer than 5 devices to compare with: F01, F02" in section


def test_peers_folder_that_is_not_an_export(tmp_path: Path, cli: Callable[..., Any]) -> None:
    result = cli("score", EXAMPLES / "worked-example.yaml", "--peers", tmp_path)
    assert result.exit_code == 2
    assert "not an export folder" in result.stderr
