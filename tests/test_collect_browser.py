"""The paper forms in a real browser: headless Chromium prints them on A4, and no question is cut
across two pages (its text and its last level's descriptor share a page).

Skipped where Chromium or pdftotext is not installed; CI installs both.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from profint_assess.collect import pdf
from profint_assess.loading import load_model
from profint_assess.report import renderer

pytestmark = [
    pytest.mark.skipif(pdf.find_browser() is None, reason="no Chromium (apt-get install chromium)"),
    pytest.mark.skipif(
        shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not found"
    ),
]
A4_POINTS = (595.0, 842.0)


def _words(text: str, count: int = 5) -> str:
    return " ".join(text.split()[:count])


@pytest.mark.parametrize("role", ["manager", "beneficiary"])
def test_paper_form_prints_on_a4_without_cut_questions(tmp_path: Path, role: str) -> None:
    model = load_model()
    questionnaire = model.require_questionnaire(role)
    html = tmp_path / "form.html"
    html.write_text(renderer("paper", "html")(model, questionnaire, role), encoding="utf-8")
    out = tmp_path / "form.pdf"
    pdf.print_pdf(html, out)
    data = out.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert len(boxes) >= 4
    for width, height in boxes:
        assert (float(width), float(height)) == pytest.approx(A4_POINTS, abs=1.0)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = [" ".join(page.split()) for page in text.split("\f")]
    for number, question in enumerate(questionnaire.questions, start=1):
        start = f"{number}. " + ("" if questionnaire.plain_language else f"{question.id} ")
        start += _words(question.text, 4)
        end = _words(question.levels[4], 4)
        where = [i for i, page in enumerate(pages) if start in page]
        assert len(where) == 1, (question.id, start)
        assert end in pages[where[0]], f"{question.id} is cut across pages"
    assert list(tmp_path.glob(".profint-print-*")) == []
