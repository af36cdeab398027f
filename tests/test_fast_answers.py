"""The answers fast path accepts only what it is certain of, and then gives exactly what pydantic
validation and the model's checks give. Differential: every example, and thousands of mutations
of them (wrong types, odd spaces and characters, dates, targets, evidence, baselines, grids...);
for each, the fast path gives None or the same records. And with a warm model cache, scoring one
file and rendering its reports imports no pydantic at all."""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import random
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from profint_assess import fast_answers, loading
from profint_assess.errors import ProfintError
from profint_assess.records import Model
from tests.conftest import EXAMPLES, ROOT

Data = dict[str, Any]


def _examples() -> list[Path]:
    found = []
    for path in sorted(EXAMPLES.rglob("*")):
        if path.suffix in (".yaml", ".yml", ".json"):
            data = loading.read_document(path).data
            if isinstance(data, dict) and data.get("format") == "profint-answers/1":
                found.append(path)
    return found


EXAMPLE_FILES = _examples()


def _slow(data: Any, model: Model) -> Any:
    """What the loader gives without the fast path: records, or None for an invalid file."""
    try:
        return loading.validated_answers(loading.Document("<test>", "", data), model)
    except ProfintError:
        return None


def _agree(data: Any, model: Model) -> Any:
    """The fast path's result, after checking it is None or what pydantic gives."""
    given = copy.deepcopy(data)
    # The unwrapped function: conftest's session check would only repeat this one.
    fast = _READ(data, model)
    assert data == given, "the fast path changed the parsed data"
    if fast is not None:
        slow = _slow(given, model)
        assert slow is not None, f"accepted what pydantic refuses: {given!r}"
        assert fast == slow, f"{given!r}:\n fast {fast!r}\n slow {slow!r}"
        assert type(fast) is type(slow)
    return fast


_READ = fast_answers.read


def test_every_example_is_read_by_the_fast_path_as_pydantic_reads_it(
    builtin_model: Model,
) -> None:
    assert len(EXAMPLE_FILES) >= 15
    kinds = set()
    for path in EXAMPLE_FILES:
        data = loading.read_document(path).data
        fast = _agree(data, builtin_model)
        assert fast is not None, f"{path}: the fast path should accept it"
        kinds.add(type(fast).__name__)
    assert kinds == {"AnswersFile", "GridAnswersFile"}


def test_load_answers_uses_the_fast_path_for_the_examples(
    builtin_model: Model, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pydantic(doc: Any, model: Any) -> Any:
        raise AssertionError(f"{doc.name} went to pydantic")

    monkeypatch.setattr(loading, "validated_answers", no_pydantic)
    for path in EXAMPLE_FILES:
        assert loading.load_any_answers(path, builtin_model).organization


# --- mutations ----------------------------------------------------------------------------------

SPACES_AND_CHARACTERS = [
    " x ",
    "x\n",
    "\tx",
    "x\u00a0",
    "\u3000x",
    "x\x1c",
    "\x0bx",
    "x\x85",
    "a\u200bb",
    "a\u202eb",
    "a\x1bb",
    "a\tb",
    "a\nb",
    "Cafe\u0301",
    "A  B",
    "A\u00a0B",
    "\ufeffx",
    "x\u180e",
    "\ud800",
    "",
    "   ",
    "ok",
    "é",
]
VALUES = [None, True, False, 0, 1, 2, 4, 5, -1, 1.0, 2.5, "2", "na", "NA", " na", "unknown"]
VALUES += [float("nan"), float("inf"), [], {}, [1], b"x", dt.date(2026, 1, 1)]
DATES = ["2026-11-28", "2026-13-45", "2026-02-29", "2026-1-1", "2026-11-28\n", " 2026-11-28"]
DATES += ["\uff12\uff10\uff12\uff16-11-28", "٢٠٢٦-١١-٢٨", "0000-01-01", "1700000000", "today"]
DATES += [0, 1700000000, 1.5, True, None, dt.date(2026, 11, 28), dt.datetime(2026, 11, 28)]
DATES += [dt.datetime(2026, 11, 28, 10, 30), []]
TARGETS: list[Any] = [None, 0, 75, 75.5, 100, 101, -1, True, "75", float("nan"), float("inf")]
TARGETS += [{"default": 80}, {"F01": 50.5}, {"default": 70, "F02": 0}, {"F99": 50}]
TARGETS += [{"default": True}, {"x": 1}, {1: 2}, [], {"default": "80"}, {" F01": 50}]
TARGETS += [{"F01\n": 50}, {"default": None}, {}]


_DELETE = object()
Patch = tuple[str, Any]  # a top-level key and its new value (_DELETE: the key removed)


def _apply(data: Data, *patches: Patch) -> Data:
    new = copy.deepcopy(data)
    for key, value in patches:
        if value is _DELETE:
            new.pop(key, None)
        else:
            new[key] = copy.deepcopy(value)
    return new


def _mutations(data: Data, model: Model) -> Iterator[tuple[str, Data]]:
    """(what, data) for one change at a time to a valid answers file."""
    for what, patch in _patches(data, model):
        yield what, _apply(data, patch)


def _patches(data: Data, model: Model) -> Iterator[tuple[str, Patch]]:
    """(what, patch): one change to a valid answers file."""

    def changed(key: str, value: Any) -> Patch:
        return key, value

    for key in list(data):
        yield f"no {key}", (key, _DELETE)
    yield "extra key", changed("extra", 1)
    for value in [None, 1, True, 1.0, [], {}, "", "profint-answers/2", " profint-answers/1"]:
        yield f"format {value!r}", changed("format", value)
    questionnaire = str(data.get("questionnaire"))
    for value in [f" {questionnaire} ", questionnaire.upper(), "nowhere", "learning-progress"]:
        yield f"questionnaire {value!r}", changed("questionnaire", value)
    for value in ["self-assessment", "team", 1, None]:
        yield f"questionnaire {value!r}", changed("questionnaire", value)
    for key in ("organization", "device"):
        for text in SPACES_AND_CHARACTERS + [None, 1, True, 1.5, ["x"]]:
            yield f"{key} {text!r}", changed(key, text)
    for date in DATES:
        yield f"date {date!r}", changed("date", date)
    ref = data.get("model")
    if not isinstance(ref, dict):
        ref = {"id": "profint", "version": "2.0"}
    for value in [
        {**ref, "version": 2.0},
        {**ref, "version": 2},
        {**ref, "version": True},
        {**ref, "version": " 2.0 "},
        {**ref, "version": "2.0\x1b"},
        {**ref, "id": " profint "},
        {**ref, "id": "profint\u200b"},
        {**ref, "extra": 1},
        {"id": ref["id"]},
        {**ref, "id": "other"},
        {**ref, "version": "9.9"},
        None,
        "profint",
    ]:
        yield f"model {value!r}", changed("model", value)
    respondent = data.get("respondent")
    role = str(respondent.get("role")) if isinstance(respondent, dict) else "manager"
    for value in [
        {"role": role, "name": " Ana "},
        {"role": role, "name": "Ana\x1b"},
        {"role": role, "name": None},
        {"role": role, "name": 5},
        {"role": role, "name": "\u3000Ana"},
        {"role": role, "name": ""},
        {"role": f" {role}"},
        {"role": role.upper()},
        {"role": "nobody"},
        {"role": "manager"},
        {"role": "beneficiary"},
        {"role": True},
        {"role": role, "id": 1},
        {},
        None,
    ]:
        yield f"respondent {value!r}", changed("respondent", value)
    for value in ["complete", "in-progress", "done", None, " complete", True]:
        yield f"status {value!r}", changed("status", value)
    for value in ["fr", "sv", "FR", "fr ", "francais", "f", 1, None, "fr\n", "e\u0301n"]:
        yield f"lang {value!r}", changed("lang", value)
    for value in TARGETS:
        yield f"target {value!r}", changed("target", value)
    for value in [
        None,
        {"file": "before.yaml", "date": "2026-01-01"},
        {"file": "before.yaml", "date": dt.date(2026, 1, 1)},
        {"file": " before.yaml ", "date": "2026-01-01"},
        {"file": "before\x1b.yaml", "date": "2026-01-01"},
        {"file": "before.yaml", "date": 0},
        {"file": "before.yaml", "date": "2026-13-01"},
        {"file": "before.yaml", "date": dt.datetime(2026, 1, 1)},
        {"file": 1, "date": "2026-01-01"},
        {"file": "before.yaml"},
        {"file": "before.yaml", "date": "2026-01-01", "extra": 1},
        "before.yaml",
    ]:
        yield f"baseline {value!r}", changed("baseline", value)
    yield from _comment_mutations(data, model, changed)
    if type(data.get("answers")) is dict and data["answers"]:
        yield from _answer_mutations(data, model, changed)


def _comment_mutations(
    data: Data, model: Model, changed: Callable[[str, Any], Patch]
) -> Iterator[tuple[str, Patch]]:
    questionnaire = model.questionnaire(str(data.get("questionnaire")))
    known = [o.id for o in questionnaire.open_questions] if questionnaire else []
    key = known[0] if known else "strengths"
    for text in [*SPACES_AND_CHARACTERS, None, 5, True, ["x"]]:
        yield f"comment {text!r}", changed("comments", {key: text})
    for value in [None, {}, [], "x", {"unknown": "x"}, {"unknown": None}, {f" {key}": "x"}]:
        yield f"comments {value!r}", changed("comments", value)
    yield "comments Key", changed("comments", {"Key": "x"})
    yield "comments 1", changed("comments", {1: "x"})


def _answer_mutations(
    data: Data, model: Model, changed: Callable[[str, Any], Patch]
) -> Iterator[tuple[str, Patch]]:
    answers = data["answers"]
    first = next(iter(answers))
    grid = model.learning_grid(str(data.get("questionnaire")))

    def answer(value: Any) -> Patch:
        return changed("answers", {**answers, first: value})

    for value in [None, [], "x", 1, {}]:
        yield f"answers {value!r}", changed("answers", value)
    yield "unknown id", changed("answers", {**answers, "F99.Q9": 1, "L99": None})
    yield "spaced id", changed("answers", {f" {first}": answers[first]})
    yield "int id", changed("answers", {1: answers[first]})
    if grid is not None:
        for value in [None, True, "yes", 2, [], {"extra": 1}]:
            yield f"grid answer {value!r}", answer(value)
        for progress in [True, False, None, "yes", "no", "not-concerned", "maybe", 1, "Yes", " no"]:
            for importance in [None, 1, 2, 3, 0, 4, 2.0, True, "2"]:
                item = {"progress": progress, "importance": importance}
                yield f"grid {item!r}", answer(item)
        yield "grid progress only", answer({"progress": "yes"})
        yield "grid importance only", answer({"importance": 3})
        yield "grid answers None", changed("answers", None)
        return
    for value in VALUES:
        yield f"short {value!r}", answer(value)
        yield f"value {value!r}", answer({"value": value})
    for note in [*SPACES_AND_CHARACTERS, None, 5, True]:
        yield f"note {note!r}", answer({"value": 2, "note": note})
    for evidence in [*EVIDENCE_VARIANTS, None, 1, True]:
        yield f"evidence {evidence!r}", answer({"value": 3, "evidence": evidence})
    for mark in ("carried", "confirmed"):
        for flag in [True, False, 1, 0, "yes", "true", None]:
            yield f"{mark} {flag!r}", answer({"value": 1, mark: flag})
    yield "both marks", answer({"value": 1, "carried": True, "confirmed": True})
    yield "extra answer key", answer({"value": 1, "valeur": 1})
    yield "no value", answer({"note": "only a note"})
    yield (
        "everything",
        answer(
            {
                "value": "na",
                "note": "n",
                "evidence": "verified",
                "carried": False,
                "confirmed": True,
            }
        ),
    )


EVIDENCE_VARIANTS = ["declared", "documented", "verified", "Documented", " verified", "proved"]


def _valid_documents(model: Model) -> Iterator[tuple[str, Data]]:
    for path in EXAMPLE_FILES:
        yield path.name, loading.read_document(path).data


def test_the_fast_path_agrees_with_pydantic_on_every_mutation(builtin_model: Model) -> None:
    accepted = refused = 0
    for name, data in _valid_documents(builtin_model):
        for what, mutated in _mutations(data, builtin_model):
            try:
                result = _agree(mutated, builtin_model)
            except AssertionError as exc:
                raise AssertionError(f"{name}, {what}: {exc}") from None
            if result is None:
                refused += 1
            else:
                accepted += 1
    # Both sides are exercised: many mutations are still certainly valid, many are not.
    assert accepted > 500 and refused > 1000, (accepted, refused)


def test_random_combinations_of_mutations_agree(builtin_model: Model) -> None:
    rng = random.Random(17)
    documents = [
        (data, [patch for _, patch in _patches(data, builtin_model)])
        for _, data in _valid_documents(builtin_model)
    ]
    for _ in range(1500):
        data, patches = rng.choice(documents)
        _agree(_apply(data, *rng.sample(patches, rng.randint(2, 4))), builtin_model)


def test_json_files_agree_too(builtin_model: Model, tmp_path: Path) -> None:
    """JSON gives dates as strings and can hold lone surrogates: loaded end to end."""
    data = loading.read_document(EXAMPLES / "worked-example.yaml").data
    data = json.loads(json.dumps(data, default=str))
    for what, mutated in _mutations(data, builtin_model):
        path = tmp_path / "a.json"
        path.write_text(json.dumps(mutated, default=str), encoding="utf-8")
        try:
            document = loading.read_document(path)
        except ProfintError:
            continue
        try:
            _agree(document.data, builtin_model)
        except AssertionError as exc:
            raise AssertionError(f"{what}: {exc}") from None


def test_the_mini_models_documents_agree(mini_root: Path) -> None:
    """A model with other ids and versions (a number-like version, open questions absent)."""
    from tests.conftest import answers_yaml

    mini = loading.load_model(mini_root)
    bodies = [
        "F01.Q1: 2",
        "F01.Q1: {value: 2, note: ' n '}\nF02.Q1: na\nF03.Q1: unknown",
        "F01.Q1: yes",
        "F01.Q1: 2.0",
        "F01.Q1: ~",
        "{}",
    ]
    extras = ["", "target: 80\n", "target: {F01: 50, default: 60}\n", "status: in-progress\n"]
    models = ["{id: mini, version: '1.0'}", "{id: mini, version: 1.0}", "{id: mini, version: 1}"]
    seen = 0
    for body in bodies:
        for extra in extras:
            for ref in models:
                text = answers_yaml(body, extra=extra, model=ref)
                data = loading.parse(text, "a.yaml")
                if _agree(data, mini) is not None:
                    seen += 1
    assert seen >= 20


# --- pydantic stays out of a one-file score -----------------------------------------------------

SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from profint_assess import i18n
    from profint_assess.loading import load_all_answers, load_languages, load_model
    from profint_assess.report import renderer
    from profint_assess.scoring import resolve_targets, score

    lang = sys.argv[1] if sys.argv[1] != "en" else None
    if lang:  # what the CLI's use_language does for --lang
        language = load_languages()[lang]
        i18n.set_language(lang, name=language.name, direction=language.dir, draft=False)
    model = load_model(lang=lang)
    files = [Path(p) for p in sys.argv[2:]]
    answers = load_all_answers(files, model)
    report = score(model, answers, resolve_targets(model, answers, {}))
    text = renderer("report", "json")(report, model=model, plain=True, answers=True)
    terminal = renderer("report", "terminal")(report, model=model, plain=True, answers=True)
    assert '"overall"' in text and terminal is not None
    assert lang is None or "Accompagnement global" in text
    heavy = [m for m in ("pydantic", "pydantic_core", "profint_assess.model") if m in sys.modules]
    print("loaded:", heavy)
    """
)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_warm_one_file_score_imports_no_pydantic(tmp_path: Path, lang: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PROFINT_CACHE_DIR": str(tmp_path / "cache")}
    run = [sys.executable, "-c", SCRIPT, lang, str(EXAMPLES / "worked-example.yaml")]
    cold = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    assert "'pydantic'" in cold.stdout  # the first run validated the model and cached it
    warm = subprocess.run(run, env=env, capture_output=True, text=True, check=True)
    assert warm.stdout.strip() == "loaded: []", warm.stdout + warm.stderr
