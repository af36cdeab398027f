"""Refresh the interface catalogs after code changes: extract the .pot, update every .po.

Run from the repository root with Babel installed (it is a build and test dependency, never a
run-time one): ``python scripts/update_catalogs.py``. It

1. extracts every ``_()``, ``ngettext()``, ``N_()`` of ``profint_assess/**.py`` and every
   ``_()``/``{% trans %}`` of the HTML templates (``babel.cfg``) into
   ``profint_assess/locale/profint.pot``, locations by file only (no line numbers, so that a
   moved line does not touch every catalog);
2. creates or updates ``profint_assess/locale/LANG/LC_MESSAGES/profint.po`` for every language
   of ``translations/languages.yaml`` but English. New messages arrive untranslated (or fuzzy,
   with Babel's guess, for a translator to confirm); messages gone from the code are kept as
   obsolete (``#~``) entries, which nothing reads.

``profint-assess i18n check`` then lists what each language lacks.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "profint_assess" / "locale"
POT = LOCALE / "profint.pot"


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from profint_assess.loading import load_languages

    LOCALE.mkdir(exist_ok=True)
    os.chdir(ROOT)
    pybabel(
        "extract",
        "-F",
        str(ROOT / "babel.cfg"),
        "--add-location=file",
        "--sort-output",
        "--project=profint-assess",
        "--copyright-holder=profint-assess contributors",
        "-c",
        "TRANSLATORS:",
        "--ignore-dirs=.* ._ venv .venv build dist tests benchmarks scripts",
        "-o",
        str(POT),
        ".",  # relative, so that locations read profint_assess/cli/common.py
    )
    for code in load_languages():
        if code == "en":
            continue
        po = LOCALE / code / "LC_MESSAGES" / "profint.po"
        if po.exists():
            pybabel("update", "-D", "profint", "-i", str(POT), "-d", str(LOCALE), "-l", code)
        else:
            pybabel("init", "-D", "profint", "-i", str(POT), "-d", str(LOCALE), "-l", code)
        print(f"updated {po.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
