"""Build hook: compile the interface catalogs (.po -> .mo) into the wheel.

The source tree keeps only the ``.po`` files that translators edit (``.mo`` files are binary,
generated, and git-ignored). A wheel gets a ``profint.mo`` beside each ``profint.po``, compiled
here with Babel (a build requirement, not a run-time one), so that ``pip install .`` works with
no extra step and the stdlib ``gettext`` reads the catalogs at run time. Fuzzy entries are left
out, as gettext would. Editable installs and runs from the tree get no ``.mo``:
``profint_assess.i18n`` then reads the ``.po`` itself.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("profint_assess") / "locale"


class CompileCatalogs(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        self._scratch = Path(tempfile.mkdtemp(prefix="profint-mo-"))
        root = Path(self.root)
        for po in sorted((root / LOCALE).glob("*/LC_MESSAGES/*.po")):
            relative = po.relative_to(root).with_suffix(".mo")
            mo = self._scratch / relative
            mo.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source:
                catalog = read_po(source, locale=po.parts[-3])
            with mo.open("wb") as target:
                write_mo(target, catalog, use_fuzzy=False)
            build_data["force_include"][str(mo)] = relative.as_posix()

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
