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
    from profint_assess.loading import load_languages

    model = load_model()
    translated = {code: load_model(None, code) for code in load_languages() if code != "en"}
    checked = []
    # One form per role and per grid, with every language's columns (form_languages).
    for role in model.roles:
        questionnaire = model.require_questionnaire(role)
        languages = form_languages(model, questionnaire.id)
        translations = {code: translated[code] for code in languages if code != "en"}
        warnings: list[str] = []
        started = time.perf_counter()
        # validate=True runs ODK Validate; it raises on any error it reports.
        result = pyxform.convert(
            xlsform.build(model, questionnaire, role, translations=translations),
            warnings=warnings,
            file_type=".xlsx",
            validate=True,
        )
        assert warnings == [], (role, warnings)
        assert "<h:html" in result.xform
        assert result.xform.count("<translation lang=") == len(languages) > 1
        checked.append((role, len(languages), round(time.perf_counter() - started, 2)))
    for grid in model.learning_grids:
        languages = form_languages(model, grid.id)
        translations = {code: translated[code] for code in languages if code != "en"}
        started = time.perf_counter()
        warnings = []
        result = pyxform.convert(
            grid_form.build(model, grid, grid.roles[0], translations=translations),
            warnings=warnings,
            file_type=".xlsx",
            validate=True,
        )
        assert warnings == [], (grid.id, warnings)
        assert result.xform.count("<translation lang=") == len(languages) > 1
        checked.append((grid.id, len(languages), round(time.perf_counter() - started, 2)))
    assert [r for r, _n, _t in checked if r in model.roles] == list(model.roles)
    print("ODK Validate seconds per form:", checked)
