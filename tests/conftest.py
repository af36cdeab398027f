"""Shared fixtures: a small model built from inline YAML, answers files, and a CLI runner."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from profint_assess.cli import main
from profint_assess.loading import load_model
from profint_assess.model import Model

# The tests expect English whatever the developer's locale; tests of the language choice set
# their own environment. Subprocesses inherit this.
os.environ["PROFINT_LANG"] = "en"
# The validated-model cache goes to a folder of this run, never to the developer's ~/.cache;
# subprocesses inherit it too. Tests of the cache itself point it elsewhere.
_CACHE = tempfile.mkdtemp(prefix="profint-cache-")
os.environ["PROFINT_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

SMALL_MODEL = {
    "factors/model.yaml": """
        id: mini
        version: "1.0"
        title: Mini model
        source: tests
        fields:
          - {id: strategy, title: Strategy, professionalisation: Support strategy,
             description: d, source: "§4.2"}
          - {id: team, title: Team, professionalisation: Skills, description: d, source: "§4.2"}
        levels:
          - {id: emerging, title: Emerging, min: 0, description: d}
          - {id: developing, title: Developing, min: 37.5, description: d}
          - {id: established, title: Established, min: 62.5, description: d}
          - {id: leading, title: Leading, min: 87.5, description: d}
        """,
    "factors/factors.yaml": """
        factors:
          - {id: F01, field: strategy, title: One, statement: s1, stakeholders: [organisation],
             source: "§4.1"}
          - {id: F02, field: strategy, title: Two, statement: s2, weight: 3,
             stakeholders: [partners], source: "§4.1"}
          - {id: F03, field: team, title: Three, statement: s3, stakeholders: [beneficiaries],
             source: "§4.1"}
        """,
    "factors/recommendations.yaml": """
        recommendations:
          - {id: F01.R1, factor: F01, title: Do one, why: w, steps: [a, b],
             questions: [F01.Q1], source: "§3.1"}
          - {id: F01.R2, factor: F01, title: Do two, why: w, steps: [a, b],
             questions: [F01.Q2], source: "§3.2"}
          - {id: F02.R1, factor: F02, title: Do three, why: w, steps: [a, b], source: "§3.1"}
        """,
    "factors/practices.yaml": """
        practices:
          - {id: p1, title: Practice, organization: Org, country: Sweden, summary: s,
             factors: [F01], recommendations: [F01.R2], source: "§3.1"}
        """,
    "questionnaires/self.yaml": """
        id: self
        title: Self
        roles: [manager]
        scale:
          - {value: 0, label: none}
          - {value: 1, label: one}
          - {value: 2, label: two}
          - {value: 3, label: three}
          - {value: 4, label: four}
        questions:
          - {id: F01.Q1, factor: F01, text: q, help: h, source: "§3.1",
             levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
          - {id: F01.Q2, factor: F01, text: q, help: h, source: "§3.1", weight: 2,
             levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
          - {id: F02.Q1, factor: F02, text: q, help: h, source: "§3.1",
             levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
          - {id: F03.Q1, factor: F03, text: q, help: h, source: "§3.1",
             levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
        """,
    "questionnaires/partner.yaml": """
        id: partner
        title: Partner
        roles: [partner]
        scale:
          - {value: 0, label: none}
          - {value: 1, label: one}
          - {value: 2, label: two}
          - {value: 3, label: three}
          - {value: 4, label: four}
        questions:
          - {id: F01.Q1, factor: F01, text: q, help: h, source: "§3.1",
             levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
          - {id: F02.Q1, factor: F02, text: q, help: h, source: "§3.1",
             levels: {0: a, 1: b, 2: c, 3: d, 4: e}}
        """,
}


# What the answers fast path accepted during the run, and where it disagreed with pydantic.
FAST_PATH: dict[str, list[str]] = {"accepted": [], "disagreed": []}


@pytest.fixture(autouse=True, scope="session")
def _fast_answers_agree_with_pydantic() -> object:
    """Every answers document any test loads: when the fast path accepts it, validating it with
    pydantic and checking it against the model gives the same records (a differential check
    over the whole suite; ``test_fast_answers.py`` adds a corpus of mutations)."""
    import copy

    from profint_assess import fast_answers, loading
    from profint_assess.errors import ProfintError

    original, slow = fast_answers.read, loading.validated_answers

    def checked(data: object, model: Model) -> object:
        given = copy.deepcopy(data)
        result = original(data, model)
        if result is not None:
            assert data == given, "the fast path changed the parsed data"
            FAST_PATH["accepted"].append(str(getattr(result, "questionnaire", "")))
            try:
                expected = slow(loading.Document("<fast path check>", "", given), model)
            except ProfintError as exc:
                FAST_PATH["disagreed"].append(f"pydantic refuses {given!r}: {exc}")
            else:
                if expected != result:
                    FAST_PATH["disagreed"].append(f"{given!r}: {result!r} != {expected!r}")
        return result

    fast_answers.read = checked  # type: ignore[assignment]
    yield
    fast_answers.read = original  # type: ignore[assignment]
    assert not FAST_PATH["disagreed"], "\n".join(FAST_PATH["disagreed"][:5])


@pytest.fixture(autouse=True)
def _english_after_each_test() -> object:
    """The language is process state: a test that picks French must not leak it."""
    yield
    from profint_assess.i18n import set_language

    set_language(None)


def write_tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


@pytest.fixture
def mini_root(tmp_path: Path) -> Path:
    """A three-factor model folder; F02 weighs 3 and F01.Q2 weighs 2."""
    return write_tree(tmp_path / "mini", SMALL_MODEL)


def answers_yaml(
    answers: str,
    *,
    role: str = "manager",
    questionnaire: str = "self",
    model: str = "{id: mini, version: '1.0'}",
    device: str = "Dev",
    extra: str = "",
) -> str:
    body = textwrap.indent(textwrap.dedent(answers).strip(), "  ")
    return (
        "format: profint-answers/1\n"
        f"questionnaire: {questionnaire}\n"
        f"model: {model}\n"
        "organization: Org\n"
        f"device: {device}\n"
        f"respondent: {{role: {role}}}\n"
        "date: 2026-11-28\n"
        f"{extra}"
        f"answers:\n{body}\n"
    )


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    def _write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[..., Result]:
    """Run the real entry point in-process (errors and exit codes as a user gets them)."""
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("NO_COLOR", raising=False)

    def _run(*args: object) -> Result:
        monkeypatch.setattr(sys, "argv", ["profint-assess", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return _run


# A two-factor model with two roles, for the interactive walk.
WALK_MODEL = {
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
          - {id: low, title: Low, min: 0, description: Not yet.}
          - {id: high, title: High, min: 50, description: Done.}
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


@pytest.fixture
def small_model_dir(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "walk", WALK_MODEL)


@pytest.fixture
def small_model(small_model_dir: Path) -> Model:
    return load_model(small_model_dir)


@pytest.fixture(scope="session")
def builtin_model() -> Model:
    return load_model()
