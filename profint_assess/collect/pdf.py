"""Print an HTML file to an A4 PDF with headless Chromium, when it is installed.

Used by ``form paper --pdf``. No network, no first-run work, a throwaway profile; the page size
comes from the document's own ``@page`` rule.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from profint_assess.errors import ProfintError
from profint_assess.i18n import _

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
)


def find_browser() -> str | None:
    """The path of a Chromium-like browser, or None."""
    return next((found for name in BROWSERS if (found := shutil.which(name))), None)


def print_pdf(html: Path, pdf: Path, timeout: float = 120) -> None:
    """Print ``html`` to ``pdf``; ProfintError when no browser is there or printing fails.

    Chromium writes the PDF itself: it prints into a temporary file beside ``pdf`` first, which
    replaces ``pdf`` only once complete.
    """
    browser = find_browser()
    if browser is None:
        raise ProfintError(
            _(
                "{pdf}: no Chromium found to print the PDF (install chromium), or open "
                "{html} in a browser and print it to PDF"
            ).format(pdf=pdf, html=html)
        )
    folder = pdf.parent if str(pdf.parent) else Path()
    with tempfile.TemporaryDirectory(prefix=".profint-print-", dir=folder) as scratch:
        out = Path(scratch) / "out.pdf"
        try:
            result = subprocess.run(
                [
                    browser,
                    *FLAGS,
                    f"--user-data-dir={Path(scratch) / 'profile'}",
                    f"--print-to-pdf={out}",
                    html.resolve().as_uri(),
                ],
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise ProfintError(
                _("{pdf}: Chromium did not finish printing in {seconds} s").format(
                    pdf=pdf, seconds=f"{timeout:.0f}"
                )
            ) from None
        if result.returncode != 0 or not out.is_file():
            raise ProfintError(
                _("{pdf}: Chromium could not print the PDF ({code})").format(
                    pdf=pdf, code=result.returncode
                )
            )
        out.replace(pdf)
