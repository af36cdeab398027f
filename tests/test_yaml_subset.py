"""The quick reader of common answers files gives exactly what yaml.CSafeLoader gives, or declines.

Declining is always allowed (libyaml then decides); a different result never is. Checked on the
shapes our files take (template copies, ``yaml.safe_dump`` output), on near misses, and on
thousands of random mutations of real files.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from profint_assess.answers import blank_template
from profint_assess.loading import load_model, parse
from profint_assess.yaml_subset import parse_common
from tests.helpers import run_cli

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="needs libyaml")


def typed(data: Any) -> Any:
    """``data`` with every value's type beside it: 1 and True, or a date and a string, differ."""
    if isinstance(data, dict):
        return ("map", [(typed(k), typed(v)) for k, v in data.items()])
    if isinstance(data, list):
        return ("seq", [typed(v) for v in data])
    return (type(data).__name__, data)


def libyaml(text: str) -> Any:
    try:
        return ("ok", typed(yaml.load(text, Loader=yaml.CSafeLoader)))  # noqa: S506 - safe
    except (yaml.YAMLError, ValueError):  # ValueError: a date like 2026-13-45
        return ("error",)


def same_or_declined(text: str) -> bool:
    quick = parse_common(text)
    return quick is None or ("ok", typed(quick)) == libyaml(text)


@pytest.fixture(scope="module")
def template() -> str:
    model = load_model()
    questionnaire = model.questionnaire_for("manager")
    assert questionnaire is not None
    text = blank_template(model, questionnaire, "manager", today=dt.date(2026, 3, 1))
    return (
        text.replace('organization: ""', 'organization: "Centre social Besan\\u00e7on"', 1)
        .replace("F01.Q1:\n", 'F01.Q1: {value: 3, note: "a, b: c # d \\"quoted\\""}\n', 1)
        .replace("F01.Q2:\n", "F01.Q2: {value: na, note: 'it''s  closed'}  # why\n", 1)
        .replace("F01.Q3:\n", "F01.Q3: 4   # sure\n", 1)
        .replace("F02.Q1:\n", "F02.Q1: {value: 2, note: referral log, evidence: documented}\n")
    )


def safe_dumped(seed: int) -> str:
    rng = random.Random(seed)
    notes = [
        "monthly case review with partners: minutes kept on the shared drive, reviewed",
        "language assessment at entry (CEFR) and every three months, recorded in the file",
        "it's written down #2, [draft] {v2}, 50% done",
        "réunion mensuelle\u00a0: compte rendu partagé",
        "  leading and trailing spaces  ",
        "yes",
        "2026-01-01",
        "12:30",
        "",
        "x" * 200,
    ]
    answers: dict[str, Any] = {}
    for i in range(40):
        value: Any = rng.choice([0, 1, 2, 3, 4, "na", "unknown", None])
        if rng.random() < 0.5:
            answers[f"F{i:02d}.Q1"] = {"value": value, "note": rng.choice(notes)}
        else:
            answers[f"F{i:02d}.Q1"] = value
    data = {
        "format": "profint-answers/1",
        "questionnaire": "self-assessment",
        "model": {"id": "profint", "version": "2.0"},
        "organization": "Association d'accueil Malmö 3",
        "device": "Sas vers l'emploi 2026",
        "respondent": {"role": "manager", "name": "K. Haddad"},
        "date": dt.date(2026, 3, 1),
        "status": "complete",
        "answers": answers,
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=rng.random() < 0.5)


def test_template_copies_are_read_quickly_and_the_same(template: str) -> None:
    quick = parse_common(template)
    assert quick is not None
    assert ("ok", typed(quick)) == libyaml(template)
    assert quick["organization"] == "Centre social Besançon"
    assert quick["answers"]["F01.Q1"] == {"value": 3, "note": 'a, b: c # d "quoted"'}
    assert quick["answers"]["F01.Q2"] == {"value": "na", "note": "it's  closed"}
    assert quick["answers"]["F01.Q4"] is None
    assert quick["date"] == dt.date(2026, 3, 1)


@pytest.mark.parametrize("seed", range(20))
def test_safe_dump_output_is_read_quickly_and_the_same(seed: int) -> None:
    text = safe_dumped(seed)
    quick = parse_common(text)
    assert quick is not None, text
    assert ("ok", typed(quick)) == libyaml(text)


NEAR_MISSES = [
    "a: yes\n",  # a boolean
    "a: 1.5\n",
    "a: 010\n",  # octal in YAML 1.1
    "a: 0x1F\n",
    "a: 1_000\n",
    "a: 12:30\n",  # sexagesimal
    "a: 2026-13-45\n",  # not a date
    "a: 2026-01-02 10:00:00\n",
    "a: ~\n",
    "a: null\nb: Null\n",
    "yes: 1\n",  # a boolean key
    "1: a\n",
    "a: 1\na: 2\n",  # a key twice
    "a: {x: 1, x: 2}\n",
    "a: {x: 1,}\n",
    "a: {x: 1 # c}\n",
    "a: {x: {y: 1}}\n",
    "a: {x: [1]}\n",
    "a: {x:1}\n",
    "a: {}\n",
    "a: { }\n",
    "a: {x: -1, y: +2}\n",
    "a: [1, 2]\n",
    "a:\n- 1\n",
    "a:\n  - 1\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "a: !custom 1\n",
    "a: |\n  text\n",
    "a: >\n  text\n",
    "a: 'it''s'\n",
    "a: 'unclosed\n",
    "a: 'open\n  more\n  closed'\n",
    "a: 'open\n\n  after a blank'\n",
    "a: 'open\n  # not a comment'\n",
    "a: 'open\nless indented'\n",
    "a: 'x' y\n",
    "a: 'x'# c\n",
    'a: "tab\\tnew\\nline \\u00e9 \\x41 \\/"\n',
    'a: "\\0\\a\\b\\t\\n\\v\\f\\r\\e\\ \\"\\/\\\\\\N\\_\\L\\P\\x41\\U0001F600"\n',
    'a: "\\ud800"\n',
    'a: "\\U00110000"\n',
    'a: "\\x4"\n',
    'a: "bad \\q"\n',
    'a: "unclosed\n',
    "a: plain\n  folded over\n  three lines\n",
    "a: plain\n\n  after a blank\n",
    "a: plain\n  # comment\n  after a comment\n",
    "a: plain # comment\n  more\n",
    "a: plain\n  b: 1\n",
    "a: plain\n  with: colon\n",
    "a: plain\n  ends with colon:\n",
    "a: plain\n  - dash\n",
    "a: x: y\n",
    "a: x:\n",
    "a: 3#notacomment\n",
    "a: 3 #comment\n",
    "a:   # only a comment\n  b: 1\n",
    "a:\n  b: 1\n c: 2\n",  # badly indented
    "a:\n  b: 1\n    c: 2\n",
    "a:\n    b: 1\n  c: 2\n",
    "  a: 1\n  b: 2\n",
    "  a: 1\nb: 2\n",
    "---\na: 1\n",
    "a: 1\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: 1\r\nb: 2\r\n",
    "a: 1\rb: 2\n",
    "a:\tb\n",
    "a: b\u2028c\n",
    "a: b\x85c\n",
    "a: \ufeffb\n",
    "a: b\x01c\n",
    "a: \u00a0b\u00a0\n",
    "a: \U0001f600\n",
    "'a': 1\n",
    '"a": 1\n',
    "a : 1\n",
    "a:b\n",
    "? a\n: 1\n",
    "<<: {a: 1}\n",
    "a: =\n",
    "a: -\n",
    "a: - x\n",
    "a: ? x\n",
    "a: @x\n",
    "a: `x\n",
    "a: %x\n",
    "a: x\n# trailing comment",
    "a: x\n   ",
    "# only a comment\n",
    "",
    "just a scalar\n",
    "a: " + "x" * 2000 + "\n",
    "k" * 200 + ": 1\n",
]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_misses_are_the_same_or_declined(text: str) -> None:
    assert same_or_declined(text)


def test_what_libyaml_refuses_is_never_accepted() -> None:
    for text in NEAR_MISSES:
        if libyaml(text) == ("error",):
            assert parse_common(text) is None, text


MUTATIONS = list(" \n:#'\"-{},\\[]&*!|>?%@`\t\r01ay.~é\u00a0\u2028")


def test_random_mutations_of_real_files_are_the_same_or_declined(template: str) -> None:
    """Characters that mean something to YAML inserted, deleted or replaced at random."""
    rng = random.Random(17)
    bases = [template[:3000], safe_dumped(1)[:3000], safe_dumped(2)[:3000]]
    accepted = 0
    for _ in range(1500):
        text = rng.choice(bases)
        for _ in range(rng.choice((1, 1, 2, 3))):
            at = rng.randrange(len(text))
            action = rng.random()
            if action < 0.4:
                text = text[:at] + rng.choice(MUTATIONS) + text[at:]
            elif action < 0.7:
                text = text[:at] + text[at + 1 :]
            else:
                text = text[:at] + rng.choice(MUTATIONS) + text[at + 1 :]
        assert same_or_declined(text), text
        accepted += parse_common(text) is not None
    assert accepted > 300  # the mutants that stay in the subset are checked too


def test_a_key_given_twice_is_still_refused_with_both_lines() -> None:
    text = "format: profint-answers/1\nanswers:\n  F01.Q1: 3\n  F01.Q2: 1\n  F01.Q1: 2\n"
    assert parse_common(text) is None
    with pytest.raises(Exception) as caught:  # noqa: PT011 - ProfintError and its subclasses
        parse(text, "a.yaml")
    assert "first on line 3" in str(caught.value.problems[0])
    assert caught.value.problems[0].line == 5


def test_parse_uses_it_only_once_a_run_reads_several_files(tmp_path: Path) -> None:
    """A one-file score does not pay for compiling its patterns; batch reads thousands."""
    code = (
        "import sys; from profint_assess.loading import parse\n"
        "text = 'a: 1\\nb: {value: 2}\\n'\n"
        "for i in range(N): assert parse(text, 'a.yaml') == {'a': 1, 'b': {'value': 2}}\n"
        "print('profint_assess.yaml_subset' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    seen = [
        subprocess.run(
            [sys.executable, "-c", code.replace("N", str(n))],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=tmp_path,
        ).stdout.strip()
        for n in (1, 5)
    ]
    assert seen == ["False", "True"]


def test_an_integer_past_pythons_digit_limit_is_declined_and_located(tmp_path: Path) -> None:
    """int() refuses more than 4300 digits: the quick reader declines, libyaml's path locates."""
    assert parse_common("a: " + "1" * 5000 + "\nb: 2\n") is None
    example = (ROOT / "examples" / "worked-example.yaml").read_text(encoding="utf-8")
    assert "  F01.Q2: 2\n" in example
    for i in range(1, 5):  # the quick reader starts with the fourth text of a run
        text = (
            example if i < 4 else example.replace("  F01.Q2: 2\n", "  F01.Q2: " + "1" * 5000 + "\n")
        )
        (tmp_path / f"g{i}.yaml").write_text(text, encoding="utf-8")
    result = run_cli("batch", *sorted(map(str, tmp_path.glob("g*.yaml"))), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "g4.yaml" in result.stderr and "4300 digits" in result.stderr


def test_a_plain_scalar_folded_over_many_lines_is_the_same() -> None:
    """Joined once when it ends (joining at every line was quadratic: minutes for 100k lines)."""
    text = "note: first words\n" + "  more words\n" * 3000 + "next: 1\nlast: x\n  y\n"
    quick = parse_common(text)
    assert quick is not None and ("ok", typed(quick)) == libyaml(text)
    assert quick["note"] == "first words" + " more words" * 3000 and quick["last"] == "x y"
