"""The plan commands, `assess --from` and `compare --plan` as users run them."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from profint_assess.loading import load_answers, load_model
from profint_assess.plan_file import load_plan
from tests.conftest import EXAMPLES, Result
from tests.helpers import run_cli

EXAMPLE_INPUTS = [[path] for path in sorted(EXAMPLES.glob("*.yaml"))] + [
    sorted((EXAMPLES / "valcourt-stakeholders").glob("*.yaml"))
]


class _Checker(HTMLParser):
    """Every element closed, no script, no link out of the file."""

    VOID = {"meta", "br", "hr", "img", "link", "input"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.bad: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "link", "img", "iframe"):
            self.bad.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack.pop() != tag:
            self.bad.append(f"/{tag}")


def _example_id(paths: list[Path]) -> str:
    return paths[0].stem if len(paths) == 1 else paths[0].parent.name


@pytest.mark.parametrize("inputs", EXAMPLE_INPUTS, ids=_example_id)
def test_plan_new_on_each_example_renders_in_every_format(
    cli: Callable[..., Result], tmp_path: Path, inputs: list[Path]
) -> None:
    plan = tmp_path / "plan.yaml"
    made = cli("plan", "new", *inputs, "-o", plan)
    assert made.exit_code == 0, made.stderr
    assert f"Wrote {plan}" in made.stderr
    loaded = load_plan(plan, load_model())
    assert 1 <= len(loaded.actions) <= 6
    assert max(sum(a.phase == p.id for a in loaded.actions) for p in loaded.phases) <= 2
    ids = [a.id for a in loaded.actions]

    terminal = cli("plan", "show", plan, "--plain")
    assert terminal.exit_code == 0, terminal.stderr
    assert all(i in terminal.stdout for i in ids)
    markdown = cli("plan", "show", plan, "--format", "markdown")
    assert markdown.stdout.startswith("# PROFINT action plan: ")
    assert all(f"| {i} " in markdown.stdout for i in ids)
    data = json.loads(cli("plan", "show", plan, "--format", "json").stdout)
    assert data["format"] == "profint-plan/1"
    assert [a["id"] for a in data["actions"]] == ids
    assert data["counts"]["planned"] == len(ids)
    html = cli("plan", "show", plan, "--format", "html").stdout
    checker = _Checker()
    checker.feed(html)
    assert not checker.bad and checker.stack == []
    assert html.count('class="phase"') == len(loaded.phases)
    assert all(f'data-id="{i}"' in html for i in ids)


def test_plan_show_html_escapes_user_text(cli: Callable[..., Result], tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    cli("plan", "new", EXAMPLES / "worked-example.yaml", "-o", plan)
    assert cli("plan", "set", plan, "A01", "--owner", "<b>Ana</b> & Co").exit_code == 0
    html = cli("plan", "show", plan, "--format", "html").stdout
    assert "&lt;b&gt;Ana&lt;/b&gt; &amp; Co" in html and "<b>Ana" not in html


def test_plan_show_puts_overdue_first(cli: Callable[..., Result], tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    cli("plan", "new", EXAMPLES / "valcourt-pathways.yaml", "-o", plan)
    cli("plan", "set", plan, "A02", "--due", "2027-01-15")
    cli("plan", "set", plan, "A01", "--due", "2027-01-10", "--status", "done")
    shown = cli("plan", "show", plan, "--format", "markdown", "--today", "2027-02-01").stdout
    phase1 = shown.split("## P1")[1].split("## P2")[0]
    rows = [line for line in phase1.splitlines() if line.startswith("| A0")]
    assert rows[0].startswith("| A02 ") and "**in-progress, overdue**" not in rows[0]
    assert "**planned, overdue**" in rows[0]
    assert rows[1].startswith("| A01 ") and "| done |" in rows[1]
    assert "1 overdue" in shown


def test_plan_new_never_overwrites_an_input(cli: Callable[..., Result], tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    shutil.copy(EXAMPLES / "worked-example.yaml", answers)
    before = answers.read_bytes()
    result = cli("plan", "new", answers, "-o", answers)
    assert result.exit_code == 2 and "is one of the input files" in result.stderr
    assert answers.read_bytes() == before


def test_plan_new_names_only_the_files_that_count(cli: Callable[..., Result]) -> None:
    # Two beneficiaries are under their minimum: left out of every number, and of the plan's
    # list of files too (a report says how many were left out, never which).
    folder = EXAMPLES / "valcourt-stakeholders"
    files = [folder / "manager.yaml", folder / "beneficiary-1.yaml", folder / "beneficiary-2.yaml"]
    result = cli("plan", "new", *files)
    assert result.exit_code == 0, result.stderr
    assert f'files: ["{folder / "manager.yaml"}"]' in result.stdout
    assert "beneficiary-1" not in result.stdout and "beneficiary-2" not in result.stdout
    assert "Note: 2 beneficiary answers files left out of every number" in result.stderr
    alone = cli("plan", "new", *files[1:])  # nothing counts: not "no gap to close"
    assert alone.exit_code == 0 and "files: []" in alone.stdout
    assert "No factor was assessed: the plan has no action." in alone.stderr
    assert "No gap to close" not in alone.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--status", "finished"), "--status 'finished': must be one of planned, in-progress"),
        (("--due", "next week"), "--due 'next week': must be a date YYYY-MM-DD"),
        (("--due", "2027-02-30"), "must be a date YYYY-MM-DD"),
    ],
)
def test_plan_set_bad_values(
    cli: Callable[..., Result], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    plan = tmp_path / "plan.yaml"
    cli("plan", "new", EXAMPLES / "worked-example.yaml", "-o", plan)
    before = plan.read_bytes()
    result = cli("plan", "set", plan, "A01", *args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert plan.read_bytes() == before


def test_plan_set_unknown_action_and_invalid_yaml(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    plan = tmp_path / "plan.yaml"
    cli("plan", "new", EXAMPLES / "worked-example.yaml", "-o", plan)
    result = cli("plan", "set", plan, "A42", "--status", "done")
    assert result.exit_code == 2
    assert re.match(rf"{re.escape(str(plan))}:\d+: no action 'A42' \(actions: A01,", result.stderr)
    text = plan.read_text(encoding="utf-8")
    text = text.replace("    status: planned", "    status: [planned", 1)
    plan.write_text(text, encoding="utf-8")
    result = cli("plan", "set", plan, "A01", "--status", "done")
    assert result.exit_code == 2
    assert re.match(rf"{re.escape(str(plan))}:\d+: not valid YAML", result.stderr)
    assert plan.read_text(encoding="utf-8") == text


def test_compare_plan_needs_answers_files(cli: Callable[..., Result], tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    cli("plan", "new", EXAMPLES / "worked-example.yaml", "-o", plan)
    report = tmp_path / "before.json"
    cli("score", EXAMPLES / "worked-example.yaml", "--format", "json", "-o", report)
    result = cli("compare", report, "--to", EXAMPLES / "worked-example.yaml", "--plan", plan)
    assert result.exit_code == 2
    assert "a saved report has no question scores" in result.stderr


def test_full_cycle(tmp_path: Path) -> None:
    """assess -> plan new -> plan set -> assess --from -> compare --plan, as a user runs it."""
    before = tmp_path / "before.yaml"
    # The first assessment, answered on the terminal for F02 and F04 only (the worked example's
    # answers for them): F02 1 1 2 0 1, F04 2 3 2 2 na.
    first = run_cli(
        "assess", "-o", before.name, "--organization", "Horizon Nord",
        "--device", "Passerelle Emploi", "--role", "manager", "--factor", "F02,F04",
        cwd=tmp_path, stdin="1\n1\n2\n0\n1\n2\n3\n2\n2\nn no training budget to map\n",
    )  # fmt: skip
    assert first.returncode == 0, first.stderr

    made = run_cli(
        "plan", "new", before.name, "-o", "plan.yaml", "--top", "3", "--phases", "2", cwd=tmp_path
    )
    assert made.returncode == 0, made.stderr
    plan_text = (tmp_path / "plan.yaml").read_text(encoding="utf-8")
    # F02 (score 25, priority 50) then F04 (56.25, 18.75); round robin: F02.R2, F04.R1, F02.R1.
    assert re.findall(r"recommendation: (\S+)", plan_text) == ["F02.R2", "F04.R1", "F02.R1"]
    (tmp_path / "plan.yaml").write_text(
        plan_text.replace("actions:\n", "actions:\n  # agreed with the board on 3 Dec\n"),
        encoding="utf-8",
    )
    for args in (
        ("A01", "--status", "done", "--owner", "Language coordinator"),
        ("A02", "--status", "done", "--note", "map of local services finished"),
        ("A03", "--status", "in-progress", "--due", "2027-06-30"),
    ):
        result = run_cli("plan", "set", "plan.yaml", *args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert "  # agreed with the board on 3 Dec\n" in (tmp_path / "plan.yaml").read_text()

    # Six months later: start from the first answers. F02.Q1 1 -> 2, F02.Q2 1 -> 3,
    # F02.Q4 0 -> 3; every other answer confirmed with Enter.
    again = run_cli(
        "assess", "--from", before.name, "-o", "after.yaml", "--factor", "F02,F04",
        cwd=tmp_path, stdin="2\n3\n\n3\n\n\n\n\n\n\n",
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert "Previous answer" in again.stdout
    after = load_answers(tmp_path / "after.yaml", load_model())
    assert after.baseline is not None and after.baseline.file == before.name
    confirmed = sorted(q for q, a in after.answers.items() if a.confirmed)
    assert confirmed == ["F02.Q3", "F02.Q5", "F04.Q1", "F04.Q2", "F04.Q3", "F04.Q4", "F04.Q5"]
    assert not any(a.carried for a in after.answers.values())

    compared = run_cli(
        "compare", before.name, "--to", "after.yaml", "--plan", "plan.yaml", "--plain",
        cwd=tmp_path,
    )  # fmt: skip
    assert compared.returncode == 0, compared.stderr
    lines = compared.stdout.splitlines()
    start = lines.index("Action plan: did the questions move?")
    assert lines[start + 1 : start + 5] == [
        "A02 [done] done without effect: F04.Q1 50.0 → 50.0 (0.0)",
        "A01 [done] reached: F02.Q2 25.0 → 75.0 (+50.0), F02.Q4 0.0 → 75.0 (+75.0)",
        "A03 [in-progress] moved: F02.Q1 25.0 → 50.0 (+25.0)",
        "Plan: 1 done without effect, 1 reached, 1 moved.",
    ]
    data = json.loads(
        run_cli(
            "compare", before.name, "--to", "after.yaml", "--plan", "plan.yaml",
            "--format", "json", cwd=tmp_path,
        ).stdout
    )  # fmt: skip
    assert [(a["id"], a["progress"]) for a in data["plan"]["actions"]] == [
        ("A02", "done-without-effect"),
        ("A01", "reached"),
        ("A03", "moved"),
    ]
    markdown = run_cli(
        "compare", before.name, "--to", "after.yaml", "--plan", "plan.yaml",
        "--format", "markdown", cwd=tmp_path,
    ).stdout  # fmt: skip
    assert markdown.endswith(
        "## Action plan: did the questions move?\n\n"
        "- A02 [done] done without effect: F04.Q1 50.0 → 50.0 (0.0)\n"
        "- A01 [done] reached: F02.Q2 25.0 → 75.0 (+50.0), F02.Q4 0.0 → 75.0 (+75.0)\n"
        "- A03 [in-progress] moved: F02.Q1 25.0 → 50.0 (+25.0)\n\n"
        "Plan: 1 done without effect, 1 reached, 1 moved.\n"
    )
    html = run_cli(
        "compare", before.name, "--to", "after.yaml", "--plan", "plan.yaml",
        "--format", "html", cwd=tmp_path,
    ).stdout  # fmt: skip
    rows = re.findall(r'<tr data-id="(A\d+)" data-progress="([a-z-]+)">', html)
    assert rows == [("A02", "done-without-effect"), ("A01", "reached"), ("A03", "moved")]
    refused = run_cli(
        "compare", before.name, "--to", "after.yaml", "--plan", "plan.yaml",
        "--format", "csv", cwd=tmp_path,
    )  # fmt: skip
    assert refused.returncode == 2 and "--plan: the CSV comparison has no room" in refused.stderr


@pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists() or shutil.which("pdftotext") is None,
    reason="headless Chromium or pdftotext not found",
)
def test_plan_html_prints_one_a4_page_per_phase(cli: Callable[..., Result], tmp_path: Path) -> None:
    import subprocess

    from tests.test_report_html_browser import A4_POINTS, _chromium

    plan = tmp_path / "plan.yaml"
    cli("plan", "new", EXAMPLES / "valcourt-pathways.yaml", "-o", plan)
    html = tmp_path / "plan.html"
    assert cli("plan", "show", plan, "--format", "html", "-o", html).exit_code == 0
    pdf = tmp_path / "plan.pdf"
    _chromium(tmp_path, html, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf.read_bytes())
    assert [(float(w), float(h)) for w, h in boxes] == [pytest.approx(A4_POINTS, abs=1.0)] * 3
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [p for p in text.split("\f") if p.strip()]
    assert len(pages) == 3
    for n, page in enumerate(pages, 1):
        assert f"P{n} Phase {n}" in page
        assert all(f"A0{2 * n + k}" in page for k in (-1, 0))


def test_compare_plan_with_nothing_changed(cli: Callable[..., Result], tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    example = EXAMPLES / "worked-example.yaml"
    cli("plan", "new", example, "-o", plan, "--top", "3", "--phases", "2")
    cli("plan", "set", plan, "A03", "--status", "done")
    result = cli("compare", example, "--to", example, "--plan", plan, "--plain")
    assert result.exit_code == 0, result.stderr
    assert "note: the plan is about" not in result.stderr
    lines = result.stdout.splitlines()
    start = lines.index("Action plan: did the questions move?")
    assert lines[start + 1 : start + 5] == [
        "A03 [done] done without effect: F02.Q1 25.0 → 25.0 (0.0)",
        "A01 [planned] not moved: F02.Q2 25.0 → 25.0 (0.0), F02.Q4 0.0 → 0.0 (0.0)",
        "A02 [planned] not moved: F04.Q1 50.0 → 50.0 (0.0)",
        "Plan: 1 done without effect, 2 not moved.",
    ]
