"""Drafts written by ``dump_answers``: valid answers files, short form, notes that round-trip."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from profint_assess import answers as answers_module
from profint_assess.answers import (
    Draft,
    default_output_name,
    dump_answers,
    save_draft,
    write_atomic,
    yaml_str,
)
from profint_assess.loading import load_answers
from profint_assess.model import Answer, Model

NASTY_NOTES = [
    'says "yes": signed',
    "a: b, c: {d}",
    "- starts like a list",
    "# not a comment",
    "line one\nline two\n\nline four",
    "tab\there",
    "back\\slash \\n not a newline",
    "réfugiés, Ünïcödé, 日本語, emoji 😀, RTL עברית",
    "null",
    "yes",
    "~",
    "'single' quotes",
    "%percent @at `tick` &amp *star !bang |pipe >gt",
    "nel\x85 ls\u2028 ps\u2029 bom\ufeff del\x7f bell\x07 esc\x1b",
    "[brackets] and [bold]markup[/bold]",
]


def _draft(model: Model, **changes: object) -> Draft:
    questionnaire = model.questionnaires[0]
    draft = Draft(
        questionnaire=questionnaire.id,
        model_id=model.meta.id,
        model_version=model.meta.version,
        organization='Mission Locale: "Example"',
        device="Youth Guarantee 2026",
        role="manager",
        date=dt.date(2026, 11, 28),
        question_order=[q.id for q in questionnaire.questions],
    )
    for key, value in changes.items():
        setattr(draft, key, value)
    return draft


def test_short_form_and_questionnaire_order(small_model: Model, tmp_path: Path) -> None:
    draft = _draft(small_model)
    # Answered out of order: the file still lists questions in questionnaire order.
    draft.answers["F02.Q1"] = Answer(value="unknown")
    draft.answers["F01.Q2"] = Answer(value="na")
    draft.answers["F01.Q1"] = Answer(value=3, note="housing partners")
    text = dump_answers(draft)
    assert text.splitlines()[-4:] == [
        "answers:",
        '  F01.Q1: {value: 3, note: "housing partners"}',
        "  F01.Q2: na",
        "  F02.Q1: unknown",
    ]
    assert "format: profint-answers/1" in text
    assert "status: in-progress" in text
    assert 'model: {id: mini, version: "1.0"}' in text

    path = tmp_path / "a.yaml"
    save_draft(path, draft)
    loaded = load_answers(path, small_model)
    assert loaded.status == "in-progress"
    assert loaded.organization == 'Mission Locale: "Example"'
    assert loaded.answers == draft.answers


def test_evidence_is_written_only_when_not_declared(small_model: Model, tmp_path: Path) -> None:
    draft = _draft(small_model)
    draft.answers["F01.Q1"] = Answer(value=3, note="log", evidence="documented")
    draft.answers["F01.Q2"] = Answer(value=4, evidence="verified")
    draft.answers["F02.Q1"] = Answer(value=2, evidence="declared")
    text = dump_answers(draft)
    assert text.splitlines()[-4:] == [
        "answers:",
        '  F01.Q1: {value: 3, note: "log", evidence: documented}',
        "  F01.Q2: {value: 4, evidence: verified}",
        "  F02.Q1: 2",
    ]
    path = tmp_path / "e.yaml"
    save_draft(path, draft)
    assert load_answers(path, small_model).answers == draft.answers


def test_template_says_how_to_write_evidence(cli) -> None:
    text = cli("template").stdout
    assert "evidence: documented" in text and "evidence: verified" in text
    assert "An na should carry a note saying why." in text


def test_no_answers_yet_is_still_a_valid_file(small_model: Model, tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    save_draft(path, _draft(small_model))
    assert "answers: {}" in path.read_text(encoding="utf-8")
    assert load_answers(path, small_model).answers == {}


@pytest.mark.parametrize("note", NASTY_NOTES)
def test_notes_round_trip(small_model: Model, tmp_path: Path, note: str) -> None:
    def control(c: str) -> bool:
        return ord(c) < 32 or 127 <= ord(c) < 160

    # Names take no control character at all; notes keep line breaks and tabs.
    if any(control(c) and c not in "\n\t" for c in note):
        # Escape codes would reach terminals and reports: such a note is no answer at all (the
        # walk strips them from what is typed, and a file holding one is refused by line).
        with pytest.raises(ValueError, match="contains control characters"):
            Answer(value=2, note=note)
        return
    name = note if not any(map(control, note)) else "Org"
    draft = _draft(small_model, organization=name, device=name)
    draft.answers["F01.Q1"] = Answer(value=2, note=note)
    path = tmp_path / "n.yaml"
    save_draft(path, draft)
    loaded = load_answers(path, small_model)
    # The schema trims surrounding whitespace; everything inside comes back as typed.
    assert loaded.answers["F01.Q1"].note == note.strip()
    assert loaded.organization == name.strip()
    assert Draft.from_file(loaded, small_model.questionnaires[0]).answers == draft.answers


def test_every_character_round_trips_through_both_loaders() -> None:
    # Every code point of the BMP but surrogates, and a few astral ones, in one note.
    text = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF)
    text += "\U0001f600\U0010ffff"
    document = f"note: {yaml_str(text)}\n"
    for loader in {yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)}:
        assert yaml.load(document, Loader=loader)["note"] == text  # noqa: S506 - safe loaders


def test_lone_surrogate_is_replaced_not_a_crash() -> None:
    assert yaml.safe_load(f"a: {yaml_str('x' + chr(0xDC80) + 'y')}")["a"] == "x\ufffdy"


def test_resumed_fields_are_kept(small_model: Model, tmp_path: Path) -> None:
    source = tmp_path / "in.yaml"
    source.write_text(
        "format: profint-answers/1\nquestionnaire: self\nmodel: {id: mini, version: '1.0'}\n"
        "organization: Org\ndevice: Dev\nrespondent: {role: team, name: Ana}\ndate: 2026-01-02\n"
        "status: in-progress\ntarget: {default: 80, F02: 62.5}\n"
        "answers:\n  F01.Q1:\n  F01.Q2: {note: evidence later}\n  F02.Q2: 4\n",
        encoding="utf-8",
    )
    loaded = load_answers(source, small_model)
    draft = Draft.from_file(loaded, small_model.questionnaires[0])
    assert not draft.answered("F01.Q1")
    assert not draft.answered("F01.Q2")
    assert draft.answered("F02.Q2")
    out = tmp_path / "out.yaml"
    save_draft(out, draft)
    text = out.read_text(encoding="utf-8")
    assert 'respondent: {role: team, name: "Ana"}' in text
    assert "target: {default: 80, F02: 62.5}" in text
    # A blank answer is dropped; a note without a value is kept.
    assert "F01.Q1" not in text
    assert '  F01.Q2: {value: null, note: "evidence later"}' in text
    again = load_answers(out, small_model)
    assert again.model_dump(exclude={"answers"}) == loaded.model_dump(exclude={"answers"})
    assert again.answers["F01.Q2"].note == "evidence later"
    assert again.target == {"default": 80, "F02": 62.5}


@pytest.mark.parametrize(
    ("organization", "expected"),
    [
        ("Mission Locale Example", "mission-locale-example-2026-11-28.yaml"),
        ("Réfugiés & Co. / Lyon", "refugies-co-lyon-2026-11-28.yaml"),
        ("日本語", "日本語-2026-11-28.yaml"),  # other scripts kept (issue 18)
        ("../../etc/passwd", "etc-passwd-2026-11-28.yaml"),
        ("x" * 200, "x" * 60 + "-2026-11-28.yaml"),
    ],
)
def test_default_output_name(organization: str, expected: str) -> None:
    assert default_output_name(organization, dt.date(2026, 11, 28)) == expected


def test_write_atomic_keeps_the_old_file_when_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "a.yaml"
    write_atomic(path, "old\n")

    def boom(fd: int) -> None:
        raise KeyboardInterrupt

    # Interrupted after the temporary file is written, before the rename.
    monkeypatch.setattr(answers_module.os, "fsync", boom)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(path, "new\n")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]
