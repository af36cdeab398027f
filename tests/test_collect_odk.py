"""ODK Validate (shipped with pyxform, run on Java) accepts every role's XLSForm in every language.

One JVM run per form (about a second each); all roles and the learning grid in one test. Marked
``odk`` so that it can be selected (``-m odk``) or left out (``-m "not odk"``); CI installs Java
and runs it.
"""

from __future__ import annotations

import shutil
import time

import pytest

from profint_assess.collect import form_languages, xlsform
from profint_assess.collect import grid as grid_form
from profint_assess.loading import load_model

pyxform = pytest.importorskip("pyxform.xls2xform", reason="pyxform is in the test extra")


@pytest.mark.odk
@pytest.mark.skipif(
    shutil.which("java") is None,
    reason="java not found: ODK Validate needs Java (apt-get install default-jre-headless)",
)
def test_odk_validate_accepts_every_generated_form() -> None:
    model = load_model()
    checked = []
    for role in model.roles:
        questionnaire = model.require_questionnaire(role)
        for lang in form_languages(model):
            warnings: list[str] = []
            started = time.perf_counter()
            # validate=True runs ODK Validate; it raises on any error it reports.
            result = pyxform.convert(
                xlsform.build(model, questionnaire, role, default_language=lang),
                warnings=warnings,
                file_type=".xlsx",
                validate=True,
            )
            assert warnings == [], (role, lang, warnings)
            assert "<h:html" in result.xform
            checked.append((role, lang, round(time.perf_counter() - started, 2)))
    for grid in model.learning_grids:
        started = time.perf_counter()
        warnings = []
        pyxform.convert(
            grid_form.build(model, grid, grid.roles[0]),
            warnings=warnings,
            file_type=".xlsx",
            validate=True,
        )
        assert warnings == [], (grid.id, warnings)
        checked.append((grid.id, "en", round(time.perf_counter() - started, 2)))
    assert [(r, lang) for r, lang, _ in checked if r in model.roles] == [
        (r, lang) for r in model.roles for lang in form_languages(model)
    ]
    print("ODK Validate seconds per form:", checked)
