"""Shared fixtures: a small two-factor model built from inline YAML, and the real built-in one."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from profint_assess.loading import load_model
from profint_assess.model import Model

SMALL_MODEL = {
    "factors/model.yaml": """
        id: mini
        version: "1.0"
        title: A small model for tests
        source: tests
        fields:
          - id: strategy
            title: A comprehensive accompaniment
            professionalisation: The support strategy
            description: What the device sets out to do.
            source: "§4.2"
        levels:
          - {id: low, title: Low, min: 0, max: 49, description: Not yet.}
          - {id: high, title: High, min: 50, max: 100, description: Done.}
    """,
    "factors/factors.yaml": """
        factors:
          - id: F01
            field: strategy
            title: First factor
            statement: The first statement.
            stakeholders: [organisation]
            source: "§4.1"
          - id: F02
            field: strategy
            title: Second factor
            statement: The second statement.
            stakeholders: [organisation]
            source: "§4.1"
    """,
    "questionnaires/self.yaml": """
        id: self
        title: Small questionnaire
        roles: [manager, team]
        scale:
          - {value: 0, label: Not in place}
          - {value: 1, label: Initiated}
          - {value: 2, label: Partly in place}
          - {value: 3, label: Largely in place}
          - {value: 4, label: Fully in place}
        questions:
          - id: F01.Q1
            factor: F01
            text: First question of F01?
            help: Help for F01.Q1.
            levels: {0: none one, 1: a bit one, 2: half one, 3: most one, 4: all one}
            source: "§4.1.1"
          - id: F01.Q2
            factor: F01
            text: Second question of F01?
            help: Help for F01.Q2.
            levels: {0: none two, 1: a bit two, 2: half two, 3: most two, 4: all two}
            source: "§4.1.2"
          - id: F02.Q1
            factor: F02
            text: First question of F02?
            help: Help for F02.Q1.
            levels: {0: none three, 1: a bit three, 2: half three, 3: most three, 4: all three}
            source: "§4.1.3"
          - id: F02.Q2
            factor: F02
            text: Second question of F02?
            help: Help for F02.Q2.
            levels: {0: none four, 1: a bit four, 2: half four, 3: most four, 4: all four}
            source: "§4.1.3"
    """,
}


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


@pytest.fixture
def small_model_dir(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "mini", SMALL_MODEL)


@pytest.fixture
def small_model(small_model_dir: Path) -> Model:
    return load_model(small_model_dir)


@pytest.fixture(scope="session")
def builtin_model() -> Model:
    return load_model()
