"""Content catalogs: the model's texts in other languages, keyed by stable ids.

Pure: no file is read here (``loading`` reads catalogs, the CLI writes them). The key set is
derived from the loaded model objects themselves, so a new kind of content (a new field of a
record, a new instrument) gets keys without a line changed here.

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

from profint_assess.model import CatalogEntry as CatalogEntry
from profint_assess.records import Record, field_names, is_record

if TYPE_CHECKING:
    from profint_assess.model import CatalogEntry, Model

FACTORS_PART = "factors"
# Model attributes whose texts make the ``factors`` part (the files of ``factors/``).
_FACTORS_ATTRIBUTES = ("meta", "factors", "recommendations", "practices", "crosswalk")
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
        "io1_field",
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


def _identity(obj: Record, position: int) -> str:
    for name in ("id", "value", "item"):
        value = getattr(obj, name, None)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value)
    return str(position)


def _child_prefix(prefix: str, list_name: str, obj: Record, position: int) -> str:
    ident = _identity(obj, position)
    if _SELF_NAMED.match(ident):
        return ident
    return _join(prefix, list_name, ident)


def _join(*parts: str) -> str:
    return ".".join(p for p in parts if p)


def _walk(obj: Record, prefix: str) -> Iterator[tuple[str, str]]:
    """``(key, English text)`` for every text of ``obj`` and the objects inside it."""
    for name in field_names(obj):
        value = getattr(obj, name)
        if is_record(value):
            yield from _walk(value, _join(prefix, name))
        elif isinstance(value, str):
            if name not in CODE_FIELDS and value:
                yield _join(prefix, name), value
        elif isinstance(value, list):
            for i, item in enumerate(value, start=1):
                if is_record(item):
                    yield from _walk(item, _child_prefix(prefix, name, item, i))
                elif isinstance(item, str) and name not in CODE_FIELDS and item:
                    yield _join(prefix, name, str(i)), item
        elif isinstance(value, dict) and name not in CODE_FIELDS:
            segment = _SEGMENT.get(name, name)
            for key, item in value.items():
                if isinstance(item, str) and item:
                    yield _join(prefix, segment, str(key)), item
                elif is_record(item):
                    yield from _walk(item, _join(prefix, segment, str(key)))


def _parts(model: Model) -> Iterator[tuple[str, str, Any]]:
    """``(part, attribute, value)`` for what each part of the model holds.

    ``meta`` is the root of the ``factors`` part (its texts have no prefix); the other lists of
    ``factors/`` (factors, recommendations, practices) and any single object on the model (the
    crosswalk) belong to ``factors`` too; every other list of objects with an ``id`` (the
    questionnaires, the learning grids) gives one part per object.
    """
    for spec in dataclasses.fields(model):
        name = spec.name
        if name.startswith("_"):
            continue
        value = getattr(model, name)
        if value is None:
            continue
        if name in _FACTORS_ATTRIBUTES or is_record(value):
            yield FACTORS_PART, name, value
        elif isinstance(value, list):
            for item in value:
                if is_record(item) and isinstance(getattr(item, "id", None), str):
                    yield item.id, name, item


def texts(model: Model) -> dict[str, dict[str, str]]:
    """Every translatable English text of the model: ``{part: {key: text}}``, in file order."""
    result: dict[str, dict[str, str]] = {}
    for part, attribute, value in _parts(model):
        bucket = result.setdefault(part, {})
        if part != FACTORS_PART or attribute == "meta":
            bucket.update(_walk(value, ""))
        elif isinstance(value, list):
            for i, item in enumerate(value, start=1):
                bucket.update(_walk(item, _child_prefix("", attribute, item, i)))
        else:
            bucket.update(_walk(value, attribute))
    return result


def beneficiary_parts(model: Model) -> set[str]:
    """The parts beneficiaries read: instruments answered by beneficiaries only."""
    parts = set()
    for part, _attribute, value in _parts(model):
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


def _translated(obj: Record, prefix: str, lookup: _Lookup) -> Record:
    """A copy of ``obj`` with its texts (and those of the objects inside) from the catalog."""
    update: dict[str, Any] = {}
    for name in field_names(obj):
        value = getattr(obj, name)
        if is_record(value):
            update[name] = _translated(value, _join(prefix, name), lookup)
        elif isinstance(value, str):
            if name not in CODE_FIELDS and value:
                update[name] = lookup.text(_join(prefix, name), value)
        elif isinstance(value, list):
            items: list[Any] = []
            for i, item in enumerate(value, start=1):
                if is_record(item):
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
                elif is_record(item):
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
    from profint_assess.records import Translation

    lookup = _Lookup(entries)
    changes: dict[str, Any] = {}
    for part, attribute, value in _parts(model):
        lookup.part = part
        if part != FACTORS_PART:
            changes.setdefault(attribute, []).append(_translated(value, "", lookup))
        elif attribute == "meta":
            changes["meta"] = _translated(value, "", lookup)
        elif isinstance(value, list):
            changes[attribute] = [
                _translated(item, _child_prefix("", attribute, item, i), lookup)
                for i, item in enumerate(value, start=1)
            ]
        else:
            changes[attribute] = _translated(value, attribute, lookup)
    translation = Translation(lang, missing=lookup.missing, stale=lookup.stale, catalogs=True)
    return dataclasses.replace(model, **changes, translation=translation)


def untranslated(model: Model, lang: str) -> Model:
    """The English model, marked as asked in ``lang`` with no catalog at all."""
    from profint_assess.records import Translation

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


# --- writing a catalog ------------------------------------------------------------------------


def dump_catalog(english: dict[str, str], entries: dict[str, CatalogEntry]) -> str:
    """A catalog file: entries in the model's order (then any others), each under a comment
    quoting the English it translates, so that a translator editing the YAML sees both."""
    from profint_assess.answers import yaml_str

    lines = [
        "# Content catalog: KEY: {hash: HASH OF THE ENGLISH, text: TRANSLATION}.",
        "# Written by `profint-assess i18n import`; `profint-assess i18n check` lists what is",
        "# missing or stale (the English changed since: its hash no longer matches).",
    ]
    order = [k for k in english if k in entries] + [k for k in entries if k not in english]
    for key in order:
        entry = entries[key]
        source = english.get(key)
        lines.append("")
        if source is not None:
            lines.append("# en: " + " ".join(source.split())[:300])
        lines.append(f"{key}:")
        lines.append(f'  hash: "{entry.hash}"')
        lines.append(f"  text: {yaml_str(entry.text)}")
    return "\n".join(lines) + "\n"


# --- export and import for translators ----------------------------------------------------------

CSV_COLUMNS = ("lang", "part", "key", "hash", "status", "english", "translation")


@dataclass(frozen=True)
class Row:
    """One text to translate: where it is, its English, and the translation so far."""

    part: str
    key: str
    english: str
    translation: str = ""
    status: str = "missing"  # missing | stale | done

    @property
    def hash(self) -> str:
        return source_hash(self.english)


def export_rows(
    english: dict[str, dict[str, str]],
    entries: dict[str, dict[str, CatalogEntry]],
    parts: set[str] | None = None,
) -> list[Row]:
    """Every text of the parts in scope, with its translation when there is one.

    A stale entry is exported with its old translation and status ``stale``, for the
    translator to review against the new English.
    """
    rows = []
    for part, source in english.items():
        if parts is not None and part not in parts:
            continue
        catalog = entries.get(part, {})
        for key, text in source.items():
            entry = catalog.get(key)
            if entry is None:
                rows.append(Row(part, key, text))
            else:
                status = "done" if entry.hash == source_hash(text) else "stale"
                rows.append(Row(part, key, text, entry.text, status))
    return rows


def _po_string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def rows_to_po(lang: str, rows: list[Row]) -> str:
    """A PO file for a PO editor: context ``PART|KEY``, the English as msgid, the translation
    as msgstr; stale translations are marked fuzzy for review."""
    out = [
        "# Content of the PROFINT model to translate. Translate msgstr; keep msgctxt as it is.",
        "# Bring it back with: profint-assess i18n import THIS-FILE",
        'msgid ""',
        'msgstr ""',
        _po_string(f"Language: {lang}\n"),
        _po_string("Content-Type: text/plain; charset=UTF-8\n"),
        _po_string("X-Profint-Kind: content\n"),
    ]
    for row in rows:
        out.append("")
        out.append(f"#. {row.part} {row.key} (hash {row.hash})")
        if row.status == "stale":
            out.append("#, fuzzy")
        out.append(f"msgctxt {_po_string(row.part + '|' + row.key)}")
        out.append(f"msgid {_po_string(row.english)}")
        out.append(f"msgstr {_po_string(row.translation)}")
    return "\n".join(out) + "\n"


def rows_to_csv(lang: str, rows: list[Row]) -> str:
    """A CSV for a spreadsheet: fill the ``translation`` column, leave the others as they are."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            [lang, row.part, row.key, row.hash, row.status, row.english, row.translation]
        )
    return buffer.getvalue()


@dataclass(frozen=True)
class Imported:
    """One translation read back from a translator's file, located for error messages."""

    line: int
    part: str
    key: str
    hash: str
    text: str


def read_po_import(text: str) -> tuple[str, list[Imported], list[tuple[int, str]]]:
    """``(lang, translations, problems)`` of an exported PO file; problems are ``(line, msg)``.

    Fuzzy entries are a translator's "not sure yet": left out, as gettext leaves them out.
    """
    from profint_assess.i18n import po_entries

    lang, items, problems = "", [], []
    try:
        entries = list(po_entries(text))
    except ValueError as exc:
        return "", [], [(0, f"not a valid PO file: {exc}")]
    for entry in entries:
        if entry["msgid"] == "" and "msgctxt" not in entry:
            for header in entry.get("msgstr", "").splitlines():
                name, _sep, value = header.partition(":")
                if name.strip() == "Language":
                    lang = value.strip()
            continue
        line = entry.get("line", 0)
        context = entry.get("msgctxt", "")
        part, sep, key = context.partition("|")
        if not sep:
            problems.append((line, "msgctxt must be PART|KEY as exported"))
            continue
        translation = entry.get("msgstr", "")
        if not translation.strip() or "fuzzy" in entry.get("flags", set()):
            continue
        items.append(Imported(line, part, key, source_hash(entry["msgid"]), translation))
    return lang, items, problems


def read_csv_import(text: str) -> tuple[str, list[Imported], list[tuple[int, str]]]:
    """``(lang, translations, problems)`` of an exported CSV (spreadsheets may reorder or drop
    columns other than key, part and translation; a missing hash is taken from ``english``)."""
    import csv
    import io

    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    needed = {"part", "key", "translation"}
    if not needed <= set(header) or not {"hash", "english"} & set(header):
        return "", [], [(1, f"needs the columns {', '.join(CSV_COLUMNS)}")]
    langs: set[str] = set()
    items, problems = [], []
    for record in reader:
        line = reader.line_num
        translation = (record.get("translation") or "").strip()
        if record.get("lang"):
            langs.add(record["lang"].strip())
        if not translation:
            continue
        digest = (record.get("hash") or "").strip() or source_hash(record.get("english") or "")
        if not re.fullmatch(r"[0-9a-f]{8}", digest):
            problems.append((line, f"hash {digest!r} is not 8 hexadecimal digits"))
            continue
        items.append(
            Imported(
                line,
                (record["part"] or "").strip(),
                (record["key"] or "").strip(),
                digest,
                translation,
            )
        )
    if len(langs) > 1:
        problems.append((1, f"one language per file, found {', '.join(sorted(langs))}"))
    return (langs.pop() if len(langs) == 1 else ""), items, problems


def merge(
    english: dict[str, dict[str, str]],
    entries: dict[str, dict[str, CatalogEntry]],
    items: list[Imported],
) -> tuple[dict[str, dict[str, CatalogEntry]], list[tuple[int, str]]]:
    """The catalogs with the imported translations, and the problems (unknown part or key).

    An imported translation replaces the entry for its key; entries not in the file stay.
    """
    from profint_assess.model import CatalogEntry

    merged = {part: dict(catalog) for part, catalog in entries.items()}
    problems = []
    for item in items:
        if item.part not in english:
            known = ", ".join(english)
            problems.append((item.line, f"unknown part {item.part!r} (parts: {known})"))
        elif item.key not in english[item.part]:
            problems.append((item.line, f"{item.part}: unknown key {item.key!r}"))
        else:
            merged.setdefault(item.part, {})[item.key] = CatalogEntry(
                hash=item.hash, text=item.text
            )
    return merged, problems


# --- the interface catalogs (gettext) -----------------------------------------------------------

# Modules whose messages beneficiaries read (the walk, the learning grid's walk, the forms they
# fill on paper, online or in a workbook): a language of scope ``beneficiary`` must translate these.
BENEFICIARY_MODULES = (
    "profint_assess/interview.py",
    "profint_assess/learning_walk.py",
    "profint_assess/collect/",
    "profint_assess/report/html/paper_form.py",
    "profint_assess/report/html/templates/paper.html.j2",
)


@dataclass
class InterfaceCheck:
    """What a .po lacks against the .pot: untranslated, fuzzy and no longer used messages."""

    total: int = 0
    missing: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def complete(self) -> bool:
        return not (self.missing or self.fuzzy or self.error)


def check_interface(pot_text: str, po_text: str | None, beneficiary_only: bool) -> InterfaceCheck:
    """Compare a language's .po with the .pot (only the beneficiary modules' messages when
    ``beneficiary_only``)."""
    from profint_assess.i18n import read_po

    template = read_po(pot_text)
    wanted = [
        msgid
        for msgid in template.references
        if not beneficiary_only
        or any(ref.startswith(BENEFICIARY_MODULES) for ref in template.references[msgid])
    ]
    result = InterfaceCheck(total=len(wanted))
    if po_text is None:
        result.missing = wanted
        return result
    try:
        catalog = read_po(po_text)
    except ValueError as exc:
        result.error = str(exc)
        return result
    fuzzy = set(catalog.fuzzy)
    for msgid in wanted:
        if msgid in fuzzy:
            result.fuzzy.append(msgid)
        elif msgid not in catalog.messages:
            result.missing.append(msgid)
    result.extra = [m for m in catalog.references if m not in template.references]
    return result
