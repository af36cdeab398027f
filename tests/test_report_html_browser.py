"""The HTML reports in a real browser: headless Chromium prints them to A4 PDFs (the batch report
landscape) and takes a PNG screenshot without errors, and logs no console message (a blocked
fetch would log one).

Skipped where Chromium is not installed (Debian package ``chromium``); CI installs it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from profint_assess.loading import builtin_root, load_all_answers, load_model
from profint_assess.report import renderer
from profint_assess.scoring import score
from tests.test_report_html import model_with_team

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="headless Chromium not found at /usr/bin/chromium (apt-get install chromium)",
)

# No network, no first-run work, no sandbox (containers run as root); a throwaway profile.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]
A4_POINTS = (595.0, 842.0)


def _report(tmp_path: Path, roles: tuple[str, ...] = ("manager",)) -> Path:
    """An HTML report with one respondent per role (several roles: the widest tables)."""
    questions = yaml.safe_load(
        (Path(str(builtin_root())) / "questionnaires" / "self-assessment.yaml").read_text(
            encoding="utf-8"
        )
    )["questions"]
    paths = []
    for n, role in enumerate(roles):
        answers: dict[str, object] = {q["id"]: (i + n) % 5 for i, q in enumerate(questions)}
        answers["F01.Q1"] = {"value": 1, "note": "<script>alert(1)</script>"}
        doc = {
            "format": "profint-answers/1",
            "questionnaire": "self-assessment" if role == "manager" else "team-view",
            "model": {"id": "profint", "version": "2.0"},
            "organization": "Mission Locale Example",
            "device": "Youth Guarantee 2026",
            "respondent": {"role": role},
            "date": "2026-11-28",
            "answers": answers,
        }
        path = tmp_path / f"{role}.yaml"
        path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
        paths.append(path)
    model = load_model(model_with_team(tmp_path) if len(roles) > 1 else None)
    report = score(model, load_all_answers(paths, model))
    out = tmp_path / "report.html"
    out.write_text(renderer("html")(report, model=model), encoding="utf-8")
    return out


def _chromium(tmp_path: Path, html: Path, *args: str) -> subprocess.CompletedProcess[str]:
    profile = tmp_path / "profile"
    result = subprocess.run(
        [str(CHROMIUM), *FLAGS, f"--user-data-dir={profile}", *args, html.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    shutil.rmtree(profile, ignore_errors=True)
    assert result.returncode == 0, result.stderr[-2000:]
    console = [line for line in result.stderr.splitlines() if ":CONSOLE" in line]
    assert console == [], "\n".join(console)
    return result


def test_prints_to_an_a4_pdf(tmp_path: Path) -> None:
    html = _report(tmp_path)
    pdf = tmp_path / "report.pdf"
    _chromium(tmp_path, html, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(boxes) >= 6, "cover, scores, profile, factors, gaps, appendices"
    for width, height in boxes:
        assert (float(width), float(height)) == pytest.approx(A4_POINTS, abs=1.0)


def test_takes_a_screenshot(tmp_path: Path) -> None:
    html = _report(tmp_path)
    png = tmp_path / "report.png"
    _chromium(tmp_path, html, "--window-size=1000,1400", f"--screenshot={png}")
    data = png.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 1400)
    assert len(data) > 50_000, "a blank page compresses to a few kilobytes"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not found")
def test_the_factor_table_is_not_cut_across_pages(tmp_path: Path) -> None:
    html = _report(tmp_path, roles=("manager", "team", "partner"))
    pdf = tmp_path / "report.pdf"
    _chromium(tmp_path, html, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = text.split("\f")
    # The note under the table is on the heading's page, so is every row between them (the
    # contents on the cover names the section too, hence the search from the note).
    (page,) = [p for p in pages if "Rows are grouped by field" in p]
    assert "3. Success factors in detail" in page
    for factor in range(1, 14):
        assert f"F{factor:02d} " in page
    (methodology,) = [p for p in pages if "How the scores are computed" in p]
    assert "Appendix A. Methodology" in methodology
    assert "The answer scale" in methodology
    assert "Levels" in methodology


def _pdf_pages(tmp_path: Path, html_text: str, name: str) -> list[tuple[float, float]]:
    html = tmp_path / f"{name}.html"
    html.write_text(html_text, encoding="utf-8")
    pdf = tmp_path / f"{name}.pdf"
    _chromium(tmp_path, html, "--no-pdf-header-footer", f"--print-to-pdf={pdf}")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    return [(float(w), float(h)) for w, h in boxes]


def test_batch_report_prints_on_a4_landscape(tmp_path: Path) -> None:
    from profint_assess.batch import Batch, Summary
    from profint_assess.loading import expand_answer_paths, load_any_answers
    from profint_assess.report import batch_renderer

    model = load_model()
    batch = Batch(model)
    examples = Path(__file__).resolve().parent.parent / "examples"
    for path in expand_answer_paths([str(examples)]):
        batch.add(load_any_answers(path, model))
    text = "".join(batch_renderer("html")(batch, Summary(model)))
    pages = _pdf_pages(tmp_path, text, "batch")
    assert len(pages) >= 3, "cover, statistics, assessments"
    for size in pages:
        assert size == pytest.approx(A4_POINTS[::-1], abs=1.0)


def test_compare_report_prints_on_a4(tmp_path: Path) -> None:
    from profint_assess.compare import compare
    from profint_assess.report import compare_renderer
    from profint_assess.report.json import report_to_dict

    model = load_model()
    examples = Path(__file__).resolve().parent.parent / "examples"
    sides = [
        report_to_dict(score(model, load_all_answers([examples / name], model)))
        for name in ("worked-example.yaml", "valcourt-pathways.yaml")
    ]
    text = compare_renderer("html")(compare(*sides))
    pages = _pdf_pages(tmp_path, text, "compare")
    assert len(pages) >= 3, "cover and chart, tables, gaps and recommendations"
    for size in pages:
        assert size == pytest.approx(A4_POINTS, abs=1.0)
