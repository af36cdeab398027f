"""`model validate`: every problem in a model folder, located as file:line: field."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.conftest import SMALL_MODEL, write_tree


def broken(tmp_path: Path, name: str, old: str, new: str) -> Path:
    files = {k: textwrap.dedent(v).lstrip() for k, v in SMALL_MODEL.items()}
    assert old in files[name], old
    files[name] = files[name].replace(old, new, 1)
    return write_tree(tmp_path / "model", files)


def test_builtin_model_is_valid(cli) -> None:
    result = cli("model", "validate")
    assert result.exit_code == 0
    assert "OK: model profint 2.0: 4 fields, 13 factors" in result.stdout


def test_small_model_is_valid(mini_root: Path, cli) -> None:
    assert cli("model", "validate", mini_root).exit_code == 0


CASES = [
    (
        "factors/factors.yaml",
        "id: F03, field: team",
        "id: F02, field: team",
        "factors.yaml:6: factors.2.id: duplicate factor id 'F02'",
    ),
    (
        "questionnaires/self.yaml",
        "id: F03.Q1, factor: F03",
        "id: F03.Q1, factor: F09",
        "self.yaml:17: questions.3.factor: unknown factor 'F09'",
    ),
    (
        "factors/recommendations.yaml",
        "id: F02.R1, factor: F02",
        "id: F02.R1, factor: F07",
        "recommendations.yaml:6: recommendations.2.factor: unknown factor 'F07'",
    ),
    (
        "factors/model.yaml",
        "min: 62.5,",
        "min: 30,",
        "model.yaml:12: levels.2.min: must be above the band before (37.5): bands go from "
        "the lowest up",
    ),
    (
        "factors/model.yaml",
        "min: 0,",
        "min: 5,",
        "model.yaml:10: levels.0.min: the first band must start at 0",
    ),
    (
        "factors/model.yaml",
        "min: 87.5,",
        'min: "high",',
        "model.yaml:13: levels.3.min: must be a number from 0 to below 100, not 'high'",
    ),
    (
        "factors/model.yaml",
        "min: 87.5,",
        "min: 87.5, max: 100,",
        "model.yaml:13: levels.3: levels are defined by min only: a band runs up to the next "
        "band's min (remove max)",
    ),
    (
        "factors/model.yaml",
        "levels:",
        "role_weights: {manager: 1, partner: -1}\nlevels:",
        "model.yaml:9: role_weights.partner: must be a number of 0 or more "
        "(such as 0, 0.5, 1, 2), not -1",
    ),
    (
        "factors/model.yaml",
        "levels:",
        'role_weights:\n  manager: 1\n  team: "high"\nlevels:',
        "model.yaml:11: role_weights.team: must be a number of 0 or more "
        "(such as 0, 0.5, 1, 2), not 'high'",
    ),
    (
        "factors/model.yaml",
        "levels:",
        "role_weights: {managers: 1}\nlevels:",
        "model.yaml:9: role_weights.managers: input should be 'manager', 'team'",
    ),
    (
        "factors/model.yaml",
        "levels:",
        "role_weights: {manager: 0, partner: 0}\nlevels:",
        "model.yaml:9: role_weights: every role weighs 0 (manager, partner): at least one "
        "needs a weight above 0",
    ),
    (
        "factors/factors.yaml",
        "field: team, title: Three",
        "field: teams, title: Three",
        "factors.yaml:6: factors.2.field: unknown field 'teams'",
    ),
    (
        "questionnaires/self.yaml",
        "levels: {0: a, 1: b, 2: c, 3: d, 4: e}}\n  - {id: F01.Q2",
        "levels: {0: a, 1: b, 2: c, 3: d}}\n  - {id: F01.Q2",
        "self.yaml:12: questions.0.levels: needs a descriptor for each level 0-4 (missing [4])",
    ),
    (
        "factors/factors.yaml",
        "statement: s1,",
        "statment: s1,",
        "factors.yaml:2: factors.0.statement: is required but missing",
    ),
    (
        "factors/recommendations.yaml",
        'source: "§3.2"',
        'source: "page 3"',
        "recommendations.yaml:5: recommendations.1.source: string should match pattern",
    ),
]


@pytest.mark.parametrize("name,old,new,expected", CASES)
def test_model_problem_is_located(tmp_path: Path, cli, name, old, new, expected) -> None:
    root = broken(tmp_path, name, old, new)
    result = cli("model", "validate", root)
    assert result.exit_code == 2
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_factor_without_question(tmp_path: Path, cli) -> None:
    root = broken(
        tmp_path,
        "questionnaires/self.yaml",
        '  - {id: F03.Q1, factor: F03, text: q, help: h, source: "§3.1",\n'
        "     levels: {0: a, 1: b, 2: c, 3: d, 4: e}}\n",
        "",
    )
    result = cli("model", "validate", root)
    assert result.exit_code == 2
    assert "factors.yaml:6: factors.2.id: no question asks about it" in result.stderr


def test_every_problem_is_listed(tmp_path: Path, cli) -> None:
    files = dict(SMALL_MODEL)
    files["factors/factors.yaml"] = files["factors/factors.yaml"].replace("field: team", "field: x")
    files["factors/model.yaml"] = files["factors/model.yaml"].replace("min: 87.5", "min: 37.5")
    result = cli("model", "validate", write_tree(tmp_path / "m", files))
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 2


def test_not_a_model_folder(tmp_path: Path, cli) -> None:
    result = cli("model", "validate", tmp_path)
    assert result.exit_code == 2
    assert "not a model folder" in result.stderr
    assert cli("model", "validate", tmp_path / "missing").stderr.endswith("no such model folder\n")
