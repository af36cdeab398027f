"""Records: the plain values scoring and reports read stay in step with the schemas that
validate the files, and behave as the validated objects did (equal, frozen, dumped, copied)."""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from profint_assess import model as schemas
from profint_assess import records
from profint_assess.loading import _load_english_model, builtin_root
from profint_assess.records import Model, Record, from_validated


def _schemas_with_records() -> list[tuple[type, type[Record]]]:
    pairs = []
    for name in dir(schemas):
        schema = getattr(schemas, name)
        if isinstance(schema, type) and issubclass(schema, schemas._Strict):
            record = getattr(records, name, None)
            if record is not None:
                pairs.append((schema, record))
    return pairs


def _default(info: Any) -> Any:
    return info.default_factory() if info.default_factory is not None else info.default


def test_every_record_has_its_schemas_fields_in_order_and_its_defaults() -> None:
    pairs = _schemas_with_records()
    # Everything a loaded model or answers file holds has a record (the file wrappers, catalogs
    # and languages are read on the validating path only).
    wrappers = {"FactorsFile", "RecommendationsFile", "PracticesFile", "LanguagesFile"}
    without = {
        name
        for name in dir(schemas)
        if isinstance(getattr(schemas, name), type)
        and issubclass(getattr(schemas, name), schemas._Strict)
        and name not in {s.__name__ for s, _ in pairs}
    }
    assert without == wrappers | {"_Strict", "CatalogEntry"}
    for schema, record in pairs:
        assert record._fields == tuple(schema.model_fields), schema.__name__
        defaults = {
            name: _default(info)
            for name, info in schema.model_fields.items()
            if not info.is_required()
        }
        assert record._defaults == defaults, schema.__name__


def test_the_loaded_model_is_records_equal_to_what_the_schemas_validated(
    builtin_model: Model,
) -> None:
    factor = builtin_model.factors[0]
    assert type(factor) is records.Factor and not hasattr(type(factor), "model_fields")
    for record in [
        builtin_model.meta,
        *builtin_model.factors,
        *builtin_model.recommendations,
        *builtin_model.practices,
        *builtin_model.questionnaires,
        *builtin_model.learning_grids,
        builtin_model.crosswalk,
    ]:
        schema = getattr(schemas, type(record).__name__)
        original = schema.model_validate(record.model_dump())
        assert record == original and original == record
        assert record.model_dump() == original.model_dump()
        assert from_validated(original) == record
    rec = builtin_model.recommendations[0]
    assert rec.text == rec.why
    grid = builtin_model.learning_grids[0]
    assert grid.domain_of(grid.proposals[0]).id == grid.domains[0].id
    assert [p.id for p in grid.proposals_of(grid.domains[0])][0] == grid.proposals[0].id


def test_records_are_frozen_copied_with_updates_and_pickled() -> None:
    answer = records.Answer(value=3, note="n")
    with pytest.raises(AttributeError):
        answer.value = 2  # type: ignore[misc]
    with pytest.raises(TypeError, match="required"):
        records.ModelRef(id="profint")
    with pytest.raises(TypeError, match="unknown"):
        records.Answer(valeur=3)
    copy = answer.model_copy(update={"carried": True})
    assert (copy.value, copy.note, copy.carried, answer.carried) == (3, "n", True, False)
    assert answer == schemas.Answer(value=3, note="n") == answer
    assert answer != records.Answer(value=3)
    assert pickle.loads(pickle.dumps(answer)) == answer
    # An empty list default is a fresh list per record, as pydantic copies it.
    first, second = records.Practice(**_practice()), records.Practice(**_practice())
    assert first.highlights == [] and first.highlights is not second.highlights


def _practice() -> dict[str, str]:
    return {
        "id": "p",
        "title": "t",
        "organization": "o",
        "country": "c",
        "summary": "s",
        "source": "§1",
    }


def test_isinstance_holds_for_schema_objects_too() -> None:
    grid_file = schemas.GridAnswersFile.model_validate(
        {
            "format": "profint-answers/1",
            "questionnaire": "learning-progress",
            "model": {"id": "profint", "version": "1"},
            "organization": "O",
            "device": "D",
            "respondent": {"role": "beneficiary"},
            "date": "2026-11-28",
        }
    )
    assert isinstance(grid_file, records.GridAnswersFile)
    assert isinstance(grid_file, records.AnswersFile)
    assert not isinstance(records.Answer(), records.GridAnswer)


def test_a_translated_model_is_records_too(builtin_model: Model) -> None:
    from profint_assess.loading import load_model

    french = load_model(lang="fr")
    assert french.translation is not None and french.translation.lang == "fr"
    assert type(french.factors[0]) is records.Factor
    assert french.factors[0].id == builtin_model.factors[0].id
    assert french.factors[0].title != builtin_model.factors[0].title
    assert pickle.loads(pickle.dumps(french)) == french


def test_the_model_pickles_to_an_equal_model() -> None:
    fresh = _load_english_model(builtin_root())
    again = pickle.loads(pickle.dumps(fresh))
    assert again == fresh
    assert again.levels == fresh.levels and again.roles == fresh.roles
    assert again.position("F01.Q1") == fresh.position("F01.Q1") == 0


def test_normalise_name_without_regex_is_the_regex_rule() -> None:
    """The printable shortcut of ``normalise_name`` gives what the full rule gives."""
    import random
    import re
    import sys
    import unicodedata

    def rule(text: str) -> str:
        return re.sub(records._SPACES, " ", unicodedata.normalize("NFC", text)).strip()

    rng = random.Random(3)
    pool = [" ", "a", "é", "e\u0301", "\u00a0", "\t", "\u3000", "\u200b", "\n", "Z", "ǅ", "\u2000"]
    samples = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF]
    samples += ["".join(rng.choices(pool, k=rng.randint(0, 8))) for _ in range(5000)]
    samples += ["  Mission   Locale ", "Cafe\u0301  du\u00a0Port", "A\u2000B"]
    assert [records.normalise_name(s) for s in samples] == [rule(s) for s in samples]
