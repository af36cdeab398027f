"""Content catalogs: the model's texts in other languages, keyed by stable ids.

Pure: no file is read here (``loading`` reads catalogs, the CLI writes them). The key set is
derived from the loaded model objects themselves, so a new kind of content (a new field of a
pydantic model, a new instrument) gets keys without a line changed here.

Parts and keys. The texts of ``factors/`` (model meta, fields, level bands, factors,
recommendations, practices) form the part ``factors``; every questionnaire or other instrument
(a list of objects with an ``id`` on :class:`~profint_assess.model.Model`, such as the
learning-progress grids) is a part named by its id (``self-assessment``, ``beneficiary``).
Within a part a key is a path of ids and field names:

- an object whose id names itself (``F01``, ``F01.Q1``, ``F01.R2``, ``L07``) starts the key:
  ``F01.title``, ``F01.Q1.text``, ``F01.R2.steps.1``;
- other objects in a list are ``LIST.ID`` (``fields.strategy.title``,
  ``levels.emerging.description``, ``practices.mlv-jobdating.summary``); an object without id is
  named by its ``value`` (``scale.3.label``, ``progress.yes.label``) or its 1-based position;
- lists of texts are numbered from 1 (``steps.1``), dicts of texts take their keys, and the
  dict ``levels`` of a question is written ``level`` as the design says (``F01.Q1.level.3``);
- the part's own texts have no prefix (``title``, ``description``, ``notes``).

Every string field is a text to translate unless its name is one of :data:`CODE_FIELDS` (ids,
references, sources, codes). Each entry keeps :func:`source_hash` of the English text it
translates: an entry whose hash differs from the current English is *stale*.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from profint_assess.model import CatalogEntry, Model

FACTORS_PART = "factors"
# Model attributes whose texts make the ``factors`` part (the files of ``factors/``).
_FACTORS_ATTRIBUTES = ("meta", "factors", "recommendations", "practices")
# String fields that are codes, ids, references or citations: never translated.
CODE_FIELDS = frozenset(
    {
        "id",
        "kind",
        "field",
        "factor",
        "factors",
        "questions",
        "recommendations",
        "stakeholders",
        "roles",
        "source",
        "version",
        "value",
        "organization",
    }
)
# Dict fields whose key segment is singular in the contract (``F01.Q1.level.3``).
_SEGMENT = {"levels": "level"}
_SELF_NAMED = re.compile(r"^[A-Z]\d{2}(\.[A-Z]\d+)?$")
HASH_LENGTH = 8


def source_hash(text: str) -> str:
    """The short hash of an English text that a catalog entry records (8 hex digits)."""
    return hashlib.sha256(text.strip().encode("utf-8")).hexdigest()[:HASH_LENGTH]


# --- the texts of a model ---------------------------------------------------------------------


def _identity(obj: BaseModel, position: int) -> str:
    for name in ("id", "value"):
        value = getattr(obj, name, None)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value)
    return str(position)


def _child_prefix(prefix: str, list_name: str, obj: BaseModel, position: int) -> str:
    ident = _identity(obj, position)
    if _SELF_NAMED.match(ident):
        return ident
    return _join(prefix, list_name, ident)


def _join(*parts: str) -> str:
    return ".".join(p for p in parts if p)


def _walk(obj: BaseModel, prefix: str) -> Iterator[tuple[str, str]]:
    """``(key, English text)`` for every text of ``obj`` and the objects inside it."""
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, BaseModel):
            yield from _walk(value, _join(prefix, name))
        elif isinstance(value, str):
            if name not in CODE_FIELDS and value:
                yield _join(prefix, name), value
        elif isinstance(value, list):
            for i, item in enumerate(value, start=1):
                if isinstance(item, BaseModel):
                    yield from _walk(item, _child_prefix(prefix, name, item, i))
                elif isinstance(item, str) and name not in CODE_FIELDS and item:
                    yield _join(prefix, name, str(i)), item
        elif isinstance(value, dict) and name not in CODE_FIELDS:
            segment = _SEGMENT.get(name, name)
            for key, item in value.items():
                if isinstance(item, str) and item:
                    yield _join(prefix, segment, str(key)), item
                elif isinstance(item, BaseModel):
                    yield from _walk(item, _join(prefix, segment, str(key)))


def _parts(model: Model) -> Iterator[tuple[str, str, list[BaseModel] | BaseModel, str]]:
    """``(part, attribute, value, prefix)`` for the objects of each part of the model."""
    for attribute in _FACTORS_ATTRIBUTES:
        yield FACTORS_PART, attribute, getattr(model, attribute), attribute
    for spec in dataclasses.fields(model):
        if spec.name.startswith("_") or spec.name in _FACTORS_ATTRIBUTES:
            continue
        value = getattr(model, spec.name)
        if isinstance(value, list):
            for item in value:
                if isinstance(item, BaseModel) and isinstance(getattr(item, "id", None), str):
                    yield item.id, spec.name, item, ""


def texts(model: Model) -> dict[str, dict[str, str]]:
    """Every translatable English text of the model: ``{part: {key: text}}``, in file order."""
    result: dict[str, dict[str, str]] = {}
    for part, attribute, value, _prefix in _parts(model):
        bucket = result.setdefault(part, {})
        if attribute == "meta":
            bucket.update(_walk(value, ""))  # type: ignore[arg-type]
        elif isinstance(value, list):
            for i, item in enumerate(value, start=1):
                bucket.update(_walk(item, _child_prefix("", attribute, item, i)))
        else:
            bucket.update(_walk(value, ""))
    return result


def beneficiary_parts(model: Model) -> set[str]:
    """The parts beneficiaries read: instruments answered by beneficiaries only."""
    parts = set()
    for part, _attribute, value, _prefix in _parts(model):
        roles = getattr(value, "roles", None)
        if part != FACTORS_PART and roles and set(roles) == {"beneficiary"}:
            parts.add(part)
    return parts


# --- applying a catalog -----------------------------------------------------------------------


@dataclass
class _Lookup:
    entries: dict[str, dict[str, CatalogEntry]]
    missing: int = 0
    stale: int = 0
    part: str = ""

    def text(self, key: str, english: str) -> str:
        entry = self.entries.get(self.part, {}).get(key)
        if entry is None:
            self.missing += 1
            return english
        if entry.hash != source_hash(english):
            self.stale += 1
            return english
        return entry.text


def _translated(obj: BaseModel, prefix: str, lookup: _Lookup) -> BaseModel:
    """A copy of ``obj`` with its texts (and those of the objects inside) from the catalog."""
    update: dict[str, Any] = {}
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, BaseModel):
            update[name] = _translated(value, _join(prefix, name), lookup)
        elif isinstance(value, str):
            if name not in CODE_FIELDS and value:
                update[name] = lookup.text(_join(prefix, name), value)
        elif isinstance(value, list):
            items: list[Any] = []
            for i, item in enumerate(value, start=1):
                if isinstance(item, BaseModel):
                    items.append(_translated(item, _child_prefix(prefix, name, item, i), lookup))
                elif isinstance(item, str) and name not in CODE_FIELDS and item:
                    items.append(lookup.text(_join(prefix, name, str(i)), item))
                else:
                    items.append(item)
            update[name] = items
        elif isinstance(value, dict) and name not in CODE_FIELDS:
            segment = _SEGMENT.get(name, name)
            mapping: dict[Any, Any] = {}
            for key, item in value.items():
                if isinstance(item, str) and item:
                    mapping[key] = lookup.text(_join(prefix, segment, str(key)), item)
                elif isinstance(item, BaseModel):
                    mapping[key] = _translated(item, _join(prefix, segment, str(key)), lookup)
                else:
                    mapping[key] = item
            update[name] = mapping
    # model_copy skips validation: the texts were validated as catalog entries (non-empty).
    return obj.model_copy(update=update)


def translate(model: Model, lang: str, entries: dict[str, dict[str, CatalogEntry]]) -> Model:
    """The model with its texts in ``lang``; missing and stale entries keep the English text.

    Ids, codes and numbers are never touched. ``entries`` is ``{part: {key: entry}}``.
    """
    from profint_assess.model import Translation

    lookup = _Lookup(entries)
    changes: dict[str, Any] = {}
    for part, attribute, value, _prefix in _parts(model):
        lookup.part = part
        if attribute == "meta":
            changes["meta"] = _translated(value, "", lookup)  # type: ignore[arg-type]
        elif attribute in _FACTORS_ATTRIBUTES:
            changes[attribute] = [
                _translated(item, _child_prefix("", attribute, item, i), lookup)
                for i, item in enumerate(value, start=1)  # type: ignore[arg-type]
            ]
        else:
            changes.setdefault(attribute, []).append(_translated(value, "", lookup))  # type: ignore[arg-type]
    translation = Translation(lang, missing=lookup.missing, stale=lookup.stale, catalogs=True)
    return dataclasses.replace(model, **changes, translation=translation)


def untranslated(model: Model, lang: str) -> Model:
    """The English model, marked as asked in ``lang`` with no catalog at all."""
    from profint_assess.model import Translation

    count = sum(len(part) for part in texts(model).values())
    return dataclasses.replace(model, translation=Translation(lang, missing=count, catalogs=False))


# --- checking ---------------------------------------------------------------------------------


@dataclass
class PartCheck:
    """What a catalog lacks or has too much of, against the English of one part."""

    part: str
    total: int = 0
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not (self.missing or self.stale)


def check(
    english: dict[str, dict[str, str]],
    entries: dict[str, dict[str, CatalogEntry]],
    parts: set[str] | None = None,
) -> list[PartCheck]:
    """Missing, stale and extra entries per part (only ``parts`` when given).

    A catalog file for a part the model does not have is reported with all its keys extra.
    """
    results = []
    for part, source in english.items():
        if parts is not None and part not in parts:
            continue
        catalog = entries.get(part, {})
        result = PartCheck(part, total=len(source))
        for key, text in source.items():
            entry = catalog.get(key)
            if entry is None:
                result.missing.append(key)
            elif entry.hash != source_hash(text):
                result.stale.append(key)
        result.extra = [key for key in catalog if key not in source]
        results.append(result)
    for part, catalog in entries.items():
        if part not in english and (parts is None or part in parts):
            results.append(PartCheck(part, extra=list(catalog)))
    return results
