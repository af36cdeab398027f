"""Findings of the red-team pass (issue 18) on the core: reading, validating, scoring, saving.

Each test reproduces one finding; each refusal is exit 2 and one line naming file, line, field.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES

GOOD = EXAMPLES / "worked-example.yaml"
GOOD_TEXT = GOOD.read_text(encoding="utf-8")


def line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[nth - 1]


def refused(result, path: Path, *needles: str) -> None:
    assert result.exit_code == 2, result
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    for needle in needles:
        assert needle in result.stderr, result.stderr


# --- duplicate keys -----------------------------------------------------------------------------


def test_pasted_answers_above_a_blank_template_are_refused_with_both_lines(cli, write) -> None:
    # The real case: answers pasted at the top, the template's blank entries further down.
    text = GOOD_TEXT.replace("  F01.Q2: 2\n", "  F01.Q2: 2\n  F01.Q1:\n")
    path = write("pasted.yaml", text)
    first, second = line_of(text, "F01.Q1:"), line_of(text, "F01.Q1:", 2)
    result = cli("score", path)
    refused(result, path, f"{path}:{second}: answers.F01.Q1: duplicate key, first on line {first}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_duplicate_key_is_refused_on_the_fallback_loader_too(cli, write) -> None:
    # A '&' anywhere sends the file to the safe loader rather than the lean one.
    text = GOOD_TEXT.replace("Welcome to Work", '"Welcome & Work"')
    text = text.replace("  F01.Q2: 2\n", "  F01.Q2: 2\n  F01.Q1: 0\n")
    path = write("amp.yaml", text)
    first, second = line_of(text, "F01.Q1:"), line_of(text, "F01.Q1:", 2)
    refused(
        cli("score", path),
        path,
        f"{path}:{second}: answers.F01.Q1: duplicate key, first on line {first}",
    )


def test_keys_differing_only_by_surrounding_spaces_are_duplicates(cli, write) -> None:
    text = GOOD_TEXT.replace("  F01.Q2: 2\n", '  F01.Q2: 2\n  "F01.Q1 ": 0\n')
    path = write("spaces.yaml", text)
    first, second = line_of(text, "F01.Q1:"), line_of(text, '"F01.Q1 "')
    refused(cli("score", path), path, f"{path}:{second}:", f"first on line {first}")


def test_a_second_top_level_answers_block_is_refused(cli, write) -> None:
    text = GOOD_TEXT + "answers:\n  F01.Q1:\n"
    path = write("two-blocks.yaml", text)
    first, second = line_of(text, "answers:"), line_of(text, "answers:", 2)
    refused(
        cli("score", path), path, f"{path}:{second}: answers: duplicate key, first on line {first}"
    )


def test_duplicate_in_a_nested_flow_mapping_is_refused(cli, write) -> None:
    text = GOOD_TEXT.replace("F01.Q2: 2", 'F01.Q2: {value: 2, value: 0, note: "x"}')
    path = write("nested.yaml", text)
    line = line_of(text, "F01.Q2:")
    refused(cli("score", path), path, f"{path}:{line}: answers.F01.Q2.value: duplicate key")


def test_yaml_merge_keys_are_refused(cli, write) -> None:
    text = GOOD_TEXT.replace("  F01.Q2: 2\n", "  F01.Q2: 2\n  <<: {F01.Q1: 0}\n")
    path = write("merge.yaml", text)
    refused(cli("score", path), path, f"{path}:{line_of(text, '<<')}:", "merge keys (<<)")


def test_json_duplicate_keys_are_refused_with_both_lines(cli, write) -> None:
    data = {
        "format": "profint-answers/1",
        "questionnaire": "self-assessment",
        "model": {"id": "profint", "version": "2.0"},
        "organization": "O",
        "device": "D",
        "respondent": {"role": "manager"},
        "date": "2026-11-28",
        "answers": {"F01.Q1": 3, "F01.Q2": 2},
    }
    text = json.dumps(data, indent=2).replace('"F01.Q2": 2', '"F01.Q2": 2,\n    "F01.Q1": null')
    path = write("dup.json", text)
    first, second = line_of(text, '"F01.Q1"'), line_of(text, '"F01.Q1"', 2)
    refused(
        cli("score", path),
        path,
        f"{path}:{second}: answers.F01.Q1: duplicate key, first on line {first}",
    )
    spaced = write("spaced.json", text.replace('"F01.Q1": null', '" F01.Q1": 0'))
    refused(cli("score", spaced), spaced, f"{spaced}:{second}:", f"first on line {first}")


def test_duplicate_keys_in_model_files_are_refused(cli, tmp_path: Path) -> None:
    from tests.conftest import SMALL_MODEL, write_tree

    files = dict(SMALL_MODEL)
    files["factors/model.yaml"] = files["factors/model.yaml"].replace(
        "title: Mini model", "title: Mini model\n        title: Other"
    )
    root = write_tree(tmp_path / "m", files)
    result = cli("model", "validate", root)
    assert result.exit_code == 2, result
    assert "model.yaml:4: title: duplicate key, first on line 3" in result.stderr
    assert "Traceback" not in result.stderr


# --- the answers key ----------------------------------------------------------------------------


def test_a_file_without_answers_key_is_refused(cli, write) -> None:
    text = GOOD_TEXT.split("answers:")[0]
    path = write("noanswers.yaml", text)
    refused(cli("score", path), path, f"{path}:", "answers: is required but missing")


@pytest.mark.parametrize("tail", ["answers: {}\n", "answers:\n"])
def test_empty_or_blank_answers_stay_valid(cli, write, tail: str) -> None:
    path = write("empty.yaml", GOOD_TEXT.split("answers:")[0] + tail)
    result = cli("score", path, "--format", "json")
    assert result.exit_code == 0, result
    assert json.loads(result.stdout)["overall"]["score"] is None
