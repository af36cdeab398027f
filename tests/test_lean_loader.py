"""The lean YAML loader gives exactly what yaml.CSafeLoader gives, for common and odd documents."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from profint_assess.loading import _LeanLoader, parse

pytestmark = pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="needs libyaml")

ROOT = Path(__file__).resolve().parent.parent

DOCUMENTS = [
    "a: 010\nb: 0x1F\nc: 1_000\nd: 1:30\ne: 2026-01-02\nf: 2026-01-02 10:00:00\ng: 1.5\n",
    "h: yes\ni: ~\nj: !!str 3\nk: [1, 2, {x: y}]\n'3': 4\n3: five\nnull: 1\ntrue: 2\n",
    "=: 1\n",
    "? [1, 2]\n: 3\n",
    "!!set {a, b}\n",
    "- 1\n- -2\n- +3\n- 0\n- 00\n- 0o7\n",
    "",
    "# only a comment\n",
    "x: !!binary aGVsbG8=\n",
    "x: .inf\ny: -.inf\n",
    "x: !!float 3\ny: !!int '4'\n",
    "[a, b]\n",
    "3\n",
    "x: 0\ny: 4\nz: '0'\nw: \"4\"\nv: na\nu: unknown\nt:\n",
    "F01.Q1: {value: 3, note: 'it''s here'}\nF01.Q2: 2 # comment\n",
    "x: !custom 1\n",
    "x: [unclosed\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_same_result_or_same_error(text: str) -> None:
    def load(loader: type) -> object:
        try:
            return ("ok", repr(yaml.load(text, Loader=loader)))  # noqa: S506 - safe loaders
        except yaml.YAMLError as exc:
            return ("error", type(exc).__name__, str(exc))

    assert load(_LeanLoader) == load(yaml.CSafeLoader)


# The one intended difference: a key given twice, or merged in, is refused, not replaced.
REFUSED = [
    ("base: {a: 1}\nm:\n  <<: {a: 2}\n  c: 2\n", "_MergeKey"),
    ('k: {value: 3, note: "a, b: c"}\nk: 2\n', "_DuplicateKey"),
    ("k: {value: 3, value: 2}\n", "_DuplicateKey"),
    ("'k ': 1\nk: 2\n", "_DuplicateKey"),
    ("- {a: 1, b: 2, a: 3}\n", "_DuplicateKey"),
]


@pytest.mark.parametrize(("text", "error"), REFUSED)
def test_keys_that_would_replace_others_are_refused(text: str, error: str) -> None:
    yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506 - accepted there, the last key wins
    with pytest.raises(Exception) as caught:  # noqa: PT011 - the loader's private exceptions
        yaml.load(text, Loader=_LeanLoader)  # noqa: S506
    assert type(caught.value).__name__ == error


def test_model_files_load_the_same() -> None:
    files = [*ROOT.glob("factors/*.yaml"), *ROOT.glob("questionnaires/*.yaml")]
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert parse(text, str(path)) == yaml.load(text, Loader=yaml.CSafeLoader)  # noqa: S506
