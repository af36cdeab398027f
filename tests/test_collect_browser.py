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


def _lines(pdf_path: Path) -> list[tuple[float, float, list[tuple[float, float, str]]]]:
    """The first page's text lines as Chromium laid them out: (xMin, xMax, words with x)."""
    import html as html_module

    layout = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox-layout", str(pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = []
    for line in re.findall(r"<line (.*?)</line>", layout, flags=re.S):
        x = [float(v) for v in re.findall(r'x(?:Min|Max)="([\d.]+)"', line.split(">", 1)[0])]
        words = [
            (float(a), float(b), html_module.unescape(w))
            for a, b, w in re.findall(
                r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*?)</word>',
                line,
            )
        ]
        lines.append((x[0], x[1], words))
    return lines


def _question_line(
    pdf_path: Path, text: str
) -> tuple[float, float, list[tuple[float, float, str]]]:
    """The line holding question 1: its number and most of its first words. pdftotext may
    write right-to-left words with their letters reversed, so both directions count."""
    wanted = [w.strip("؟?،,()") for w in text.split()[:4]]
    for x_min, x_max, words in _lines(pdf_path):
        seen = {w.strip("؟?،,().") for _a, _b, w in words}
        seen |= {s[::-1] for s in seen}
        if {"1", "1."} & {w for _a, _b, w in words} | {w.strip(".") for _a, _b, w in words}:
            if sum(w in seen for w in wanted) >= 3:
                return x_min, x_max, words
    raise AssertionError(f"question 1 not found on page 1: {wanted}")


def test_arabic_beneficiary_form_reads_right_to_left(tmp_path: Path, cli) -> None:  # noqa: ANN001
    """``form paper --lang ar``: Chromium lays the beneficiary questionnaire out right to left.

    Question 1 (in Arabic, from translations/ar/) starts at the right margin, its number
    rightmost; the English form, printed the same way, mirrors it at the left margin.
    """
    lines = {}
    for lang in ("ar", "en"):
        out = tmp_path / f"{lang}.html"
        result = cli("form", "paper", "--role", "beneficiary", "--lang", lang, "-o", out, "--pdf")
        assert result.exit_code == 0, result.stderr
        page = out.read_text(encoding="utf-8")
        assert f'<html lang="{lang}" dir="{"rtl" if lang == "ar" else "ltr"}">' in page
        model = load_model(None, lang)
        question = model.require_questionnaire("beneficiary").questions[0]
        if lang == "ar":
            assert re.search(r"[\u0600-\u06ff]", question.text), "no Arabic catalog applied"
        lines[lang] = _question_line(out.with_suffix(".pdf"), question.text)
    width = A4_POINTS[0]
    ar_min, ar_max, ar_words = lines["ar"]
    en_min, en_max, en_words = lines["en"]
    # Arabic: the line ends at the right margin, the number is its rightmost word.
    assert ar_max > 0.85 * width, ar_max
    assert max(ar_words)[2].strip(".") == "1"
    # English: the mirror image.
    assert en_min < 0.15 * width, en_min
    assert min(en_words)[2].strip(".") == "1"
    assert ar_max == pytest.approx(width - en_min, abs=2.0)
