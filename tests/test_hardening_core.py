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


# --- model validation ---------------------------------------------------------------------------


def _model_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    from tests.conftest import SMALL_MODEL, write_tree

    files = dict(SMALL_MODEL)
    assert old in files[name]
    files[name] = files[name].replace(old, new, 1)
    return write_tree(tmp_path / "m", files)


@pytest.mark.parametrize("weight", ["1e308", ".inf", ".nan", "1e6"])
def test_absurd_factor_weights_are_refused(cli, tmp_path: Path, weight: str) -> None:
    root = _model_with(tmp_path, "factors/factors.yaml", "weight: 3", f"weight: {weight}")
    result = cli("model", "validate", root)
    assert result.exit_code == 2, result
    assert "factors.yaml:4: factors.1.weight:" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_absurd_question_weight_is_refused(cli, tmp_path: Path) -> None:
    root = _model_with(tmp_path, "questionnaires/self.yaml", "weight: 2", "weight: .inf")
    result = cli("model", "validate", root)
    assert result.exit_code == 2, result
    assert "self.yaml:" in result.stderr and "questions.1.weight:" in result.stderr


@pytest.mark.parametrize("ident", ["overall", "coverage", "respondents"])
def test_field_ids_colliding_with_batch_columns_are_refused(
    cli, tmp_path: Path, ident: str
) -> None:
    root = _model_with(tmp_path, "factors/model.yaml", "{id: team,", f"{{id: {ident},")
    root.joinpath("factors/factors.yaml").write_text(
        root.joinpath("factors/factors.yaml").read_text().replace("field: team", f"field: {ident}")
    )
    result = cli("model", "validate", root)
    assert result.exit_code == 2, result
    line = line_of(root.joinpath("factors/model.yaml").read_text(), f"{{id: {ident},")
    assert f"model.yaml:{line}: fields.1.id: {ident!r} is reserved" in result.stderr, result.stderr


# --- small but wrong ----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["0", "1700000000", '"0"', "2026"])
def test_numbers_are_not_dates(cli, write, value: str) -> None:
    text = GOOD_TEXT.replace("date: 2026-11-28", f"date: {value}")
    path = write("date.yaml", text)
    refused(cli("score", path), path, f"{path}:{line_of(text, 'date:')}: date:", "YYYY-MM-DD")


def test_a_date_in_quotes_is_still_a_date(cli, write) -> None:
    path = write("q.yaml", GOOD_TEXT.replace("date: 2026-11-28", 'date: "2026-11-28"'))
    assert cli("score", path).exit_code == 0


def test_messages_quote_what_was_written_not_what_yaml_read(cli, write) -> None:
    text = GOOD_TEXT.replace("F01.Q2: 2", "F01.Q2: no")
    path = write("no.yaml", text)
    result = cli("score", path)
    refused(result, path, f"{path}:{line_of(text, 'F01.Q2')}: answers.F01.Q2.value:", "not 'no'")
    assert "False" not in result.stderr
    text = GOOD_TEXT.replace("device: Welcome to Work", "device: yes")
    path = write("yes.yaml", text)
    result = cli("score", path)
    refused(result, path, f"{path}:{line_of(text, 'device:')}: device:", "'yes'")
    assert "True" not in result.stderr


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_files_are_named_as_such(cli, tmp_path: Path, codec: str) -> None:
    path = tmp_path / "u16.yaml"
    path.write_bytes(GOOD_TEXT.encode(codec))
    result = cli("score", path)
    refused(result, path, f"{path}: is saved as UTF-16; save it as UTF-8")


def test_windows_1252_is_hinted_with_its_line(cli, tmp_path: Path) -> None:
    text = GOOD_TEXT.replace("Welcome to Work", "Accueil \u2013 Emploi café")
    path = tmp_path / "ansi.yaml"
    path.write_bytes(text.encode("cp1252"))
    result = cli("score", path)
    line = line_of(text, "device:")
    refused(result, path, f"{path}:{line}: is not UTF-8 text", "Windows-1252", "save it as UTF-8")


# --- bounded cost -------------------------------------------------------------------------------


def test_locating_many_unknown_ids_is_linear(builtin_model, tmp_path: Path) -> None:
    # Quadratic before: each problem scanned the mapping's keys (100,000 ids took 5 minutes).
    import time

    from profint_assess.errors import AnswersError
    from profint_assess.loading import load_answers

    head = GOOD_TEXT.split("answers:")[0] + "answers:\n"

    def seconds(n: int) -> float:
        path = tmp_path / f"u{n}.yaml"
        path.write_text(head + "".join(f"  F{1 + i % 99:02d}.Q{100 + i}: 1\n" for i in range(n)))
        started = time.perf_counter()
        with pytest.raises(AnswersError) as caught:
            load_answers(path, builtin_model)
        assert len(caught.value.problems) == n
        assert caught.value.problems[-1].line == n + head.count("\n")
        return time.perf_counter() - started

    # Quadratic before: 16,000 ids took 85 s and 20,000 over two minutes; linear, about 1 s.
    assert seconds(20_000) < 20


def test_ids_in_order_is_linear() -> None:
    import time

    from profint_assess.compare import _ids_in_order

    def seconds(n: int) -> float:
        before = [{"id": f"a{i}"} for i in range(n)]
        after = [{"id": f"b{i}"} for i in range(n)]
        started = time.perf_counter()
        ids = _ids_in_order(before, after)
        assert len(ids) == 2 * n
        return time.perf_counter() - started

    # Quadratic before: 8,000 took 2.3 s and 20,000 about 15 s; linear, a few hundredths.
    assert seconds(20_000) < 2.0


def test_one_assessment_of_many_files_is_linear(builtin_model) -> None:
    import datetime as dt
    import time

    from profint_assess.batch import Batch

    questions = len(builtin_model.questionnaires[0].questions)
    record = bytes(7) + bytes([3] * questions)
    key = ("O", "D", dt.date(2026, 11, 28))

    def seconds(n: int) -> float:
        batch = Batch(builtin_model)
        started = time.perf_counter()
        for _ in range(n):
            batch.add_encoded((key, record, None))
        elapsed = time.perf_counter() - started
        assert len(batch.answers(key)) == n
        return elapsed

    # Quadratic before: 40,000 took 3.4 s and 60,000 about 8 s; linear, about a tenth.
    assert seconds(60_000) < 2.0


# --- hidden roles: their per-factor answer counts are not published ------------------------------


def test_a_hidden_roles_answer_counts_are_left_out(tmp_path: Path) -> None:
    from tests.conftest import SMALL_MODEL, answers_yaml, write_tree
    from tests.test_roles import BENEFICIARY_QUESTIONNAIRE, MANAGER, scored

    root = write_tree(
        tmp_path / "m",
        dict(SMALL_MODEL, **{"questionnaires/beneficiary.yaml": BENEFICIARY_QUESTIONNAIRE}),
    )
    manager = tmp_path / "manager.yaml"
    manager.write_text(answers_yaml(MANAGER))
    alone = scored(root, [manager])
    # One beneficiary (fewer than 3): F03.B1 answered, F03.B2 don't know.
    one = tmp_path / "b.yaml"
    one.write_text(
        answers_yaml(
            "F01.B1: 1\nF03.B1: 4\nF03.B2: unknown", role="beneficiary", questionnaire="beneficiary"
        )
    )
    both = scored(root, [manager, one])
    assert both.hidden_roles == {"beneficiary": 1}
    for with_hidden, without in zip(both.factors, alone.factors, strict=True):
        counts = ("answered", "applicable", "not_applicable", "unknown", "coverage")
        assert [getattr(with_hidden, c) for c in counts] == [getattr(without, c) for c in counts]


# --- Unicode in names ---------------------------------------------------------------------------


def _named(write, name: str, organization: str, device: str, answer: str = "F01.Q2: 2") -> Path:
    text = GOOD_TEXT.replace(
        "organization: Worked Example Association", f'organization: "{organization}"'
    )
    text = text.replace("device: Welcome to Work", f'device: "{device}"')
    return write(name, text.replace("F01.Q2: 2", answer))


def test_names_equal_once_normalised_are_one_device(cli, write) -> None:
    one = _named(write, "one.yaml", "Caf\u00e9 Lyon", "Welcome to Work")  # NFC, plain spaces
    two = _named(
        write, "two.yaml", "Cafe\u0301\u00a0Lyon", "Welcome  to\u202fWork", "F01.Q2: 3"
    )  # NFD, no-break space, two spaces, narrow no-break space
    result = cli("score", one, two, "--format", "json")
    assert result.exit_code == 0, result
    data = json.loads(result.stdout)
    assert data["organization"] == "Caf\u00e9 Lyon" and data["device"] == "Welcome to Work"
    result = cli("batch", one, two, "--format", "csv")
    assert result.exit_code == 0, result
    assert len(result.stdout.strip().splitlines()) == 2 + 7  # header, one row, the statistics


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\u200d", "\ufeff", "\u2060"])
def test_bidi_overrides_and_zero_width_characters_are_refused_in_names(
    cli, write, char: str
) -> None:
    path = _named(write, "bidi.yaml", f"Org{char}anisation", "Welcome to Work")
    result = cli("score", path)
    line = line_of(path.read_text(encoding="utf-8"), "organization:")
    refused(result, path, f"{path}:{line}: organization:", f"U+{ord(char):04X}")


def test_identical_looking_names_show_their_difference(cli, write) -> None:
    one = _named(write, "one.yaml", "Mission Locale", "Welcome to Work")
    two = _named(write, "two.yaml", "Mission Loc\u0430le", "Welcome to Work")  # Cyrillic a
    result = cli("score", one, two)
    refused(result, two, "U+0430", "U+0061")


# --- assess: saving -----------------------------------------------------------------------------


TODAY = __import__("datetime").date(2026, 11, 28)


class _HookedPrompter:
    """A ScriptedPrompter that runs ``hooks[i]()`` just before answering prompt number ``i``."""

    def __init__(self, lines: list, hooks: dict) -> None:
        from profint_assess.interview import ScriptedPrompter

        self.inner = ScriptedPrompter(lines)
        self.hooks = hooks
        self.asked = 0

    def ask(self, prompt: str) -> str:
        hook = self.hooks.get(self.asked)
        self.asked += 1
        if hook is not None:
            hook()
        return self.inner.ask(prompt)

    def show(self, renderable) -> None:
        self.inner.show(renderable)

    @property
    def transcript(self) -> str:
        return self.inner.transcript


def _walk(model, lines, tmp_path: Path, hooks: dict | None = None, **options):
    import datetime as dt

    from profint_assess.interview import run_session

    prompter = _HookedPrompter(lines, hooks or {})
    options.setdefault("today", dt.date(2026, 11, 28))
    options.setdefault("plain", True)
    if "resume" not in options:
        options.setdefault("output", tmp_path / "out.yaml")
    return prompter, run_session(model, prompter, **options)


def test_saving_keeps_the_files_mode(small_model, tmp_path: Path) -> None:
    import stat

    from profint_assess.errors import Interrupted

    path = tmp_path / "out.yaml"
    with pytest.raises(Interrupted):
        _walk(small_model, ["Org", "Dev", "", "3"], tmp_path)
    path.chmod(0o600)
    with pytest.raises(Interrupted):
        _walk(small_model, ["2"], tmp_path, resume=path)
    assert "F01.Q2: 2" in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("who", ["an editor", "another assess"])
def test_a_change_on_disk_during_the_walk_is_not_overwritten(
    small_model, tmp_path: Path, who: str
) -> None:
    from profint_assess.errors import AnswersError, Interrupted
    from profint_assess.loading import load_answers

    path = tmp_path / "out.yaml"

    def edit() -> None:
        if who == "an editor":
            path.write_text(path.read_text().replace("F01.Q1: 3", 'F01.Q1: {value: 4, note: "e"}'))
        else:  # a second `assess --resume` on the same file, answering F01.Q2
            with pytest.raises(Interrupted):
                _walk(small_model, ["1"], tmp_path, resume=path)

    with pytest.raises(AnswersError) as caught:
        # Prompt 4 is F01.Q2: the file changes while the respondent thinks about it.
        _walk(small_model, ["Org", "Dev", "", "3", "0 mine"], tmp_path, hooks={4: edit})
    message = str(caught.value)
    assert "changed on disk" in message and "not overwritten" in message
    side = next(tmp_path.glob("out.unsaved-*.yaml"))
    assert str(side) in message
    theirs = load_answers(path, small_model).answers
    if who == "an editor":
        assert theirs["F01.Q1"].note == "e"
    else:
        assert theirs["F01.Q2"].value == 1
    mine = load_answers(side, small_model).answers
    assert mine["F01.Q2"].value == 0 and mine["F01.Q2"].note == "mine"


def test_a_full_disk_keeps_the_answer_in_memory_and_says_how_to_resume(
    small_model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    from profint_assess import answers
    from profint_assess.errors import Interrupted
    from profint_assess.interview import run_session
    from profint_assess.loading import load_answers

    real_fsync, calls = os.fsync, []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the first answer's save (the first call creates the file)
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(answers.os, "fsync", fsync)
    prompter = _HookedPrompter(["Org", "Dev", "", "3 typed", "2"], {})
    with pytest.raises(Interrupted):
        run_session(small_model, prompter, output=tmp_path / "out.yaml", today=TODAY)
    shown = " ".join(prompter.transcript.split())
    assert "No space left on device" in shown and "kept in memory" in shown
    assert "saved again after the next answer" in shown and "--resume" in shown
    path = tmp_path / "out.yaml"
    saved = load_answers(path, small_model).answers
    assert saved["F01.Q1"].note == "typed" and saved["F01.Q2"].value == 2


def test_a_note_that_would_make_the_file_too_large_is_refused(small_model, tmp_path: Path) -> None:
    from profint_assess.errors import Interrupted
    from profint_assess.loading import MAX_FILE_BYTES, load_answers

    huge = "x" * MAX_FILE_BYTES
    prompter = _HookedPrompter(["Org", "Dev", "", f"3 {huge}", "3 short"], {})
    from profint_assess.interview import run_session

    with pytest.raises(Interrupted):
        run_session(small_model, prompter, output=tmp_path / "out.yaml", today=TODAY)
    assert "too large" in prompter.transcript
    saved = load_answers(tmp_path / "out.yaml", small_model).answers
    assert saved["F01.Q1"].note == "short"


# --- default output name ------------------------------------------------------------------------


def test_non_latin_organisations_get_distinct_default_names() -> None:
    import datetime as dt

    from profint_assess.answers import default_output_name

    day = dt.date(2026, 11, 28)
    names = {default_output_name(org, day) for org in ["Москва", "Київ", "東京", "القاهرة"]}
    assert len(names) == 4
    assert default_output_name("Москва центр", day) == "москва-центр-2026-11-28.yaml"
    assert default_output_name("Mission Locale Été", day) == "mission-locale-ete-2026-11-28.yaml"


def test_a_dangling_symlink_at_the_default_name_is_not_followed(
    small_model, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from profint_assess.errors import UsageError

    monkeypatch.chdir(tmp_path)
    target = tmp_path / "elsewhere" / "victim.yaml"
    target.parent.mkdir()
    Path("org-2026-11-28.yaml").symlink_to(target)
    with pytest.raises(UsageError) as caught:
        _walk(small_model, ["Org", "Dev", "", "3"], tmp_path, output=None)
    assert "symbolic link" in str(caught.value)
    assert not target.exists()


# --- assess: names and markup -------------------------------------------------------------------


def test_assess_refuses_a_typed_name_the_file_could_not_hold(small_model, tmp_path: Path) -> None:
    from profint_assess.errors import Interrupted, UsageError

    prompter = _HookedPrompter(["Org\u202eanisation", "Org", "Dev", "", "3"], {})
    from profint_assess.interview import run_session

    with pytest.raises(Interrupted):
        run_session(small_model, prompter, output=tmp_path / "out.yaml", today=TODAY)
    assert "U+202E" in prompter.transcript
    assert (
        "organization: Org\n" in (tmp_path / "out.yaml").read_text()
        or '"Org"' in (tmp_path / "out.yaml").read_text()
    )
    with pytest.raises(UsageError) as caught:
        _walk(small_model, [], tmp_path, output=tmp_path / "b.yaml", organization="A\u200bB")
    assert "--organization" in str(caught.value) and "U+200B" in str(caught.value)


def test_assess_shows_markup_in_model_texts_as_text(tmp_path: Path) -> None:
    from profint_assess.errors import Interrupted
    from profint_assess.interview import ScriptedPrompter, run_session
    from profint_assess.loading import load_model
    from tests.conftest import WALK_MODEL, write_tree

    files = dict(WALK_MODEL)
    files["questionnaires/self.yaml"] = files["questionnaires/self.yaml"].replace(
        "0: none one", '0: "[/] none [link=http://evil]one[/link]"'
    )
    model = load_model(write_tree(tmp_path / "m", files))
    prompter = ScriptedPrompter(["Org", "Dev", "", "3"])
    with pytest.raises(Interrupted):
        run_session(model, prompter, output=tmp_path / "out.yaml", today=TODAY)
    assert "[/] none [link=http://evil]one[/link]" in prompter.transcript
