"""The learning grid through the command line: score, batch, template, model show, every format."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, Result

GRID_DIR = EXAMPLES / "learning-grid"
SECOND = EXAMPLES / "learning-grid-second"
MANAGER = GRID_DIR / "manager.yaml"
BENEFICIARIES = sorted(GRID_DIR.glob("beneficiary-*.yaml"))
FORMATS = ("terminal", "json", "markdown", "csv", "html")

Cli = Callable[..., Result]


def _maturity(data: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in data.items() if not k.startswith("learning")}


def test_grid_files_leave_every_maturity_number_unchanged(cli: Cli) -> None:
    alone = cli("score", MANAGER, "-f", "json")
    mixed = cli("score", MANAGER, *BENEFICIARIES, "-f", "json")
    assert alone.exit_code == mixed.exit_code == 0, mixed.stderr
    before, after = json.loads(alone.stdout), json.loads(mixed.stdout)
    assert _maturity(after) == before  # factors, fields, overall, respondents: all equal
    assert "learning" not in before
    (grid,) = after["learning"]
    (group,) = grid["groups"]
    assert group["respondents"] == 5 and group["gaps"] == ["job-search"]
    assert [r["id"] for r in after["learning_recommendations"]][:1] == ["F02.R1"]
    # The same holds for the CSV (factor rows) and for batch.
    assert (
        cli("score", MANAGER, "-f", "csv").stdout
        == cli("score", MANAGER, *BENEFICIARIES, "-f", "csv").stdout
    )
    b_alone = json.loads(cli("batch", MANAGER, "-f", "json").stdout)
    b_mixed = json.loads(cli("batch", GRID_DIR, "-f", "json").stdout)
    assert b_mixed["assessments"] == b_alone["assessments"]
    assert b_mixed["summary"] == b_alone["summary"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_two_beneficiaries_show_no_domain_figure_and_say_why(cli: Cli, fmt: str) -> None:
    for files in ([MANAGER, *BENEFICIARIES[:2]], BENEFICIARIES[:2]):
        result = cli("score", *files, "-f", fmt, "--plain")
        assert result.exit_code == 0, result.stderr
        out = result.stdout
        if fmt == "json":
            group = json.loads(out)["learning"][0]["groups"][0]
            assert group["shown"] is False and group["domains"] == [] and group["gaps"] == []
            assert "fewer than 3" in group["note"]
            continue
        if fmt == "csv" and MANAGER in files:
            # The CSV is the factor table; the grid's rows come from the grid files alone.
            assert "give the grid files alone" in result.stderr
            assert "linguistic" not in out
            continue
        assert "fewer than 3" in out and "protect anonymity" in out
        # No domain row: no importance or share figure, no domain title, no chart.
        for text in ("Socialisation and culture", "Job-search skills", "2.44", "56%"):
            assert text not in out, (fmt, text)
        assert 'class="chart learning"' not in out


def test_the_minimum_can_be_raised_and_lowered(cli: Cli) -> None:
    high = json.loads(
        cli("score", *BENEFICIARIES, "-f", "json", "--min-respondents", "beneficiary=6").stdout
    )
    assert high["learning"][0]["groups"][0]["shown"] is False
    low = json.loads(
        cli("score", *BENEFICIARIES[:2], "-f", "json", "--min-respondents", "beneficiary=2").stdout
    )
    assert low["learning"][0]["groups"][0]["shown"] is True


@pytest.mark.parametrize("fmt", FORMATS)
def test_grid_files_alone_render_in_every_format(cli: Cli, fmt: str) -> None:
    result = cli("score", *BENEFICIARIES, "-f", fmt, "--plain")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        assert data["format"] == "profint-learning/1"
        domains = data["learning"][0]["groups"][0]["domains"]
        assert [d["progress_share"] for d in domains][-1] == pytest.approx(5 / 19)
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(out)))
        assert [r["domain"] for r in rows] == [
            "linguistic",
            "socialisation",
            "civic",
            "project",
            "job-search",
        ]
        assert float(rows[0]["mean_importance"]) == pytest.approx(44 / 18)
        assert [r["gap"] for r in rows] == ["no", "no", "no", "no", "yes"]
    else:
        assert "2.44" in out and "26%" in out and "reconstruction" in out
    if fmt == "html":
        assert 'class="chart learning"' in out
        assert not re.search(r"(src|href)=\"(https?:)?//", out)


def test_html_escapes_what_people_typed(cli: Cli, tmp_path: Path) -> None:
    names = []
    for i, path in enumerate(BENEFICIARIES[:3]):
        text = path.read_text(encoding="utf-8").replace(
            "device: Bridges to Work (fictional)", 'device: "<script>alert(1)</script>"'
        )
        names.append(tmp_path / f"b{i}.yaml")
        names[-1].write_text(text, encoding="utf-8")
    out = cli("score", *names, "-f", "html").stdout
    assert "<script>" not in out and "&lt;script&gt;" in out


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "old,new,expected",
    [
        (
            "L01: {progress: yes, importance: 3}",
            "L01: {progress: yes, importance: 4}",
            r"b\.yaml:12: answers\.L01\.importance: must be 1 \(not important\), 2 \(important\) "
            r"or 3 \(very important\), not 4",
        ),
        (
            "L01: {progress: yes, importance: 3}",
            'L01: {progress: yes, importance: "very"}',
            r"b\.yaml:12: answers\.L01\.importance: .*not 'very'",
        ),
        (
            "L01: {progress: yes, importance: 3}",
            "L01: {progress: maybe, importance: 3}",
            r"b\.yaml:12: answers\.L01\.progress: must be yes, no or not-concerned, not 'maybe'",
        ),
        (
            "L01: {progress: yes",
            "L99: {progress: yes",
            r"b\.yaml:12: answers\.L99: unknown proposal id in 'learning-progress' "
            r"\(known: L01-L22\)",
        ),
    ],
)
def test_bad_grid_answers_exit_2_with_file_line_and_allowed_values(
    cli: Cli, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    text = BENEFICIARIES[0].read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "b.yaml"
    bad.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = cli("score", MANAGER, bad, *BENEFICIARIES[1:])
    assert result.exit_code == 2
    assert re.search(expected, result.stderr), result.stderr
    assert "Traceback" not in result.stderr


def test_a_grid_file_about_another_device_is_refused(cli: Cli) -> None:
    other = SECOND / "beneficiary-1.yaml"
    result = cli("score", MANAGER, *BENEFICIARIES, other)
    assert result.exit_code == 2
    assert re.search(
        r"learning-grid-second/beneficiary-1\.yaml:8: device: is about Quayside Language Circle "
        r"\(fictional\) / First Words \(fictional\), not Lanternfield .*; use `profint-assess "
        r"batch`",
        result.stderr,
    ), result.stderr
    # Grid files alone, of two devices: the same refusal.
    assert cli("score", *BENEFICIARIES, other).exit_code == 2


def test_fail_under_needs_the_questionnaires(cli: Cli) -> None:
    result = cli("score", *BENEFICIARIES, "--fail-under", "50")
    assert result.exit_code == 2 and "learning grid has no overall score" in result.stderr


# --- batch ----------------------------------------------------------------------------------------


def test_batch_reports_each_device_and_each_group(cli: Cli) -> None:
    result = cli(
        "batch",
        GRID_DIR,
        SECOND,
        "-f",
        "json",
        "--group",
        "Bridges=Bridges to Work (fictional)",
        "--group",
        "Both=Bridges to Work (fictional), quayside language circle (fictional)",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    groups = {g["label"]: g for g in data["learning"][0]["groups"]}
    assert [g["kind"] for g in groups.values()] == ["device", "device", "group", "group"]
    assert groups["Both"]["respondents"] == 8
    assert (
        groups["Bridges"]["domains"]
        == groups["Lanternfield Welcome Association (fictional) / Bridges to Work (fictional)"][
            "domains"
        ]
    )
    assert len(data["assessments"]) == 1  # the manager's; grid files are no assessment


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_batch_formats_show_the_groups(cli: Cli, fmt: str) -> None:
    result = cli("batch", GRID_DIR, SECOND, "-f", fmt, "--group", "Words=First Words (fictional)")
    assert result.exit_code == 0, result.stderr
    assert "Words: 3 beneficiaries answered the grid" in result.stdout.replace("&#39;", "'")


def test_batch_html_contents_lists_the_grid_section(cli: Cli) -> None:
    page = cli("batch", MANAGER, *BENEFICIARIES, "-f", "html").stdout
    contents = page.split('<nav class="contents">', 1)[1].split("</nav>", 1)[0]
    assert '<section id="learning"' in page
    assert '<a href="#learning">5. Learning progress' in contents


def test_batch_group_errors(cli: Cli) -> None:
    typo = cli("batch", GRID_DIR, "--group", "X=Bridges to Wrok")
    assert typo.exit_code == 2 and "'Bridges to Wrok' (devices: Lanternfield" in typo.stderr
    none = cli("batch", MANAGER, "--group", "X=Y")
    assert none.exit_code == 2 and "no learning-grid answers files" in none.stderr
    shape = cli("batch", GRID_DIR, "--group", "nolabel")
    assert shape.exit_code == 2 and "expected LABEL=DEVICE" in shape.stderr


def test_batch_with_jobs_reads_grid_files_too(cli: Cli) -> None:
    one = json.loads(cli("batch", GRID_DIR, SECOND, "-f", "json").stdout)
    two = json.loads(cli("batch", GRID_DIR, SECOND, "-f", "json", "-j", "2").stdout)
    assert one == two and len(one["learning"][0]["groups"]) == 2


# --- template, model show -------------------------------------------------------------------------


def test_template_and_model_show(cli: Cli) -> None:
    blank = cli("template", "--role", "beneficiary", "--questionnaire", "learning-progress")
    assert blank.exit_code == 0 and blank.stdout.count("{progress: , importance: }") == 22
    wrong = cli("template", "--questionnaire", "learning-progress")
    assert wrong.exit_code == 2 and "add --role beneficiary" in wrong.stderr
    unknown = cli("template", "--questionnaire", "nope")
    assert unknown.exit_code == 2 and "learning-progress" in unknown.stderr
    shown = cli("model", "show", "--questionnaire", "learning-progress", "-f", "json")
    grid = json.loads(shown.stdout)["questionnaire"]
    assert grid["kind"] == "learning-grid" and len(grid["proposals"]) == 22
    assert grid["domains"][0]["factors"][0]["factor"] == "F02"
    text = cli("model", "show", "--questionnaire", "learning-progress", "--plain").stdout
    assert "22 sentences" in text and "I can write a short text" in text


def test_chart_draws_importance_and_progress_for_two_groups() -> None:
    from profint_assess.report.html import svg

    rows = [
        svg.LearningRow("Language & <culture>", [2.44, None], [0.5556, 0.83], [False, False]),
        svg.LearningRow("Job search", [3.0, 1.83], [0.263, 0.333], [True, False]),
    ]
    out = svg.learning_chart(rows, ["Sweden", "France & Italy"], title="Figures 2-3")
    assert "Language &amp; &lt;culture&gt;" in out and "France &amp; Italy" in out
    assert out.count('class="bar"') == 7  # one importance figure is missing: no bar, a dash
    for caption in ("2.44", "56%", "83%", "3.00", "26%", "1.83", "33%", "–"):
        assert f">{caption}</text>" in out, caption
    assert out.count('class="gap"') == 1
    assert out.count('class="threshold"') == 2
    assert "url(#learning-hatch)" in out  # the second group reads in black and white
