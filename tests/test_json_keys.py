"""`score --format json` of every shipped example has every key the README documents."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, ROOT


def documented() -> dict[str, Any]:
    """The JSON block of the README's section "The JSON report"."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### The JSON report") :]
    block = re.search(r"```json\n(.*?)\n```", section, re.S)
    assert block is not None
    return json.loads(block.group(1))


def missing(doc: Any, actual: Any, where: str = "") -> list[str]:
    """Documented keys absent from ``actual``, or of another kind (object, list, value)."""
    if isinstance(doc, dict):
        if not isinstance(actual, dict):
            return [f"{where or '.'}: not an object"]
        if where.endswith(("respondents", "by_role", "role_weights", "hidden_roles")):
            return []  # keyed by role: which roles depends on the answers
        out = []
        for key, value in doc.items():
            if key not in actual:
                out.append(f"{where}.{key}")
            else:
                out += missing(value, actual[key], f"{where}.{key}")
        return out
    if isinstance(doc, list):
        if not isinstance(actual, list):
            return [f"{where}: not a list"]
        return [m for item in actual for m in missing(doc[0], item, f"{where}[]")] if doc else []
    return []


EXAMPLE_SETS = {
    "worked-example": ["worked-example.yaml"],
    "borgo-verde": ["borgo-verde-work-inclusion.yaml"],
    "valcourt-pathways": ["valcourt-pathways.yaml"],
    "nordvik": ["nordvik-language-practice.yaml"],
    "valcourt-stakeholders": sorted(
        str(p.relative_to(EXAMPLES)) for p in (EXAMPLES / "valcourt-stakeholders").glob("*.yaml")
    ),
    "valcourt-stakeholders, 2 beneficiaries left out": sorted(
        str(p.relative_to(EXAMPLES))
        for p in (EXAMPLES / "valcourt-stakeholders").glob("*.yaml")
        if p.name != "beneficiary-3.yaml"
    ),
}


EXAMPLE_SETS["learning-grid (manager and grid files)"] = sorted(
    str(p.relative_to(EXAMPLES)) for p in (EXAMPLES / "learning-grid").glob("*.yaml")
)
# Learning-grid files alone make no maturity report (profint-learning/1, not scored).
GRID_ONLY = sorted(
    str(p.relative_to(EXAMPLES)) for p in (EXAMPLES / "learning-grid-second").glob("*.yaml")
)


def test_every_example_is_covered() -> None:
    shipped = {str(p.relative_to(EXAMPLES)) for p in EXAMPLES.rglob("*.yaml")}
    covered = {name for names in EXAMPLE_SETS.values() for name in names}
    assert shipped == covered | set(GRID_ONLY)


def test_grid_files_alone_are_no_scored_report(cli) -> None:
    result = cli("score", *(EXAMPLES / f for f in GRID_ONLY), "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "profint-learning/1"


@pytest.mark.parametrize("name", list(EXAMPLE_SETS))
def test_example_json_has_the_documented_keys(name: str, cli) -> None:
    result = cli("score", *(EXAMPLES / f for f in EXAMPLE_SETS[name]), "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert missing(documented(), data) == []
    assert data["method"] == "profint-score/2" and data["format"] == "profint-report/1"
    left_out = data["left_out"]
    if "left out" in name:
        assert left_out == [{"role": "beneficiary", "files": 2, "minimum": 3}]
        assert "beneficiary" not in data["respondents"]
    else:
        assert left_out == []


def test_the_check_finds_a_missing_key() -> None:
    assert missing({"a": {"b": 1}, "c": [{"d": 1}]}, {"a": {}, "c": [{"e": 2}]}) == [
        ".a.b",
        ".c[].d",
    ]


def test_readme_block_is_where_the_test_reads_it() -> None:
    assert Path(ROOT / "README.md").exists() and "method" in documented()
