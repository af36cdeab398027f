"""Files to validated objects. The only module that imports ``yaml`` (with its quick reader of
common answers files, :mod:`.yaml_subset`).

Every problem found in a file becomes a :class:`~profint_assess.errors.Problem` naming the file,
the line and the field. The happy path parses once (common answers files without libyaml);
only when something is wrong do we compose the node tree again to find the line of the offending
field.
"""

from __future__ import annotations

import glob
import itertools
import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml

from profint_assess import fast_answers
from profint_assess.errors import AnswersError, ModelError, Problem, ProfintError, printable
from profint_assess.i18n import SOURCE_LANGUAGE, _
from profint_assess.records import (
    ANSWERS_FORMAT,
    METHOD,
    PROGRESS_VALUES,
    REPORT_FORMAT,
    AnswersFile,
    CrosswalkFile,
    GridAnswersFile,
    LearningGrid,
    Model,
    from_validated,
)

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import pydantic

    from profint_assess.model import CatalogEntry
    from profint_assess.records import Language

# pydantic and the schemas of model.py are imported only when a file needs validating by them:
# a model found in the cache (``load_model``) and a well-formed answers file (``fast_answers``)
# never do, so that a one-file ``score`` starts fast.

_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR, _INT, _NULL = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:null"
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_RESOLVED_MAX = 48  # cache tags of short plain scalars only (keys, values, ids)
_RESOLVED_ENTRIES = 1024  # and a bounded number of them, so memory stays flat over many files


_MERGE = "tag:yaml.org,2002:merge"


class _DuplicateKey(Exception):
    """A mapping names a key twice; located by :func:`_duplicate_problem` on the error path."""


class _MergeKey(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _StrictLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """The safe loader, refusing what would let one key silently replace another.

    A later duplicate key wins in YAML loaders, so a pasted answer is erased by a blank entry
    further down; keys that differ only by surrounding spaces collide once validation strips them;
    a merge key (``<<``) overrides keys from elsewhere. The check here is only ``len(mapping)``
    against the number of pairs; the lines are found again only when it fails.
    """

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        for key_node, _value in node.value:
            if key_node.tag == _MERGE:
                raise _MergeKey(key_node.start_mark.line + 1)
        mapping = super().construct_mapping(node, deep=deep)
        if len(mapping) != len(node.value) or _spaced_collision(mapping):
            raise _DuplicateKey
        return mapping


def _spaced_collision(keys: Iterable[Any]) -> bool:
    """Whether two string keys are equal once stripped of surrounding white space."""
    stripped = [k.strip() if isinstance(k, str) else k for k in keys]
    try:
        return len(set(stripped)) != len(stripped)
    except TypeError:  # an unhashable key: the safe constructor refuses it anyway
        return False


class _LeanLoader(_StrictLoader):
    """The safe loader, with the same results, about 1.7x faster on answers files.

    libyaml composes the node tree in C; the safe constructor then walks it in Python, one
    method dispatch per node, and resolves every scalar's tag through a list of regular
    expressions. Answers files are mostly plain strings, small ints and mappings: those are
    built here directly, and every other node (dates, floats, booleans, merge keys, explicit
    tags, anything odd) goes to the safe constructor itself, so the meaning never differs.
    Tags of short plain scalars are cached: they depend only on the text and on how it was quoted.
    """

    _resolved: dict[tuple[str, tuple[bool, bool]], str] = {}

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # Quoted scalars are strings without a regex tried: nothing to gain from caching them.
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= _RESOLVED_MAX:
            key = (value, implicit)
            tag = self._resolved.get(key)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(self._resolved) < _RESOLVED_ENTRIES:
                    self._resolved[key] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        return None if node is None else self._build(node)

    def _build(self, node: Any) -> Any:
        kind, tag = type(node), node.tag
        if kind is yaml.ScalarNode:
            value = node.value
            if tag == _STR:
                return value
            if tag == _INT and value.isdigit() and (value[0] != "0" or value == "0"):
                return int(value)  # decimal only: 0o, 0x, 010 (octal) and 1_000 go below
        elif kind is yaml.MappingNode and tag == _MAP:
            mapping = {}
            quoted = False
            for key_node, value_node in node.value:
                # Merge keys (<<), '=' keys and complex keys need the constructor's rules.
                if type(key_node) is not yaml.ScalarNode or key_node.tag not in (_STR, _INT):
                    return self.construct_object(node, deep=True)
                # Only a quoted key can carry surrounding spaces (plain scalars are trimmed);
                # libyaml gives plain scalars the style '' (PyYAML None): both are falsy.
                quoted = quoted or bool(key_node.style)
                mapping[self._build(key_node)] = self._build(value_node)
            if len(mapping) != len(node.value) or (quoted and _spaced_collision(mapping)):
                raise _DuplicateKey
            return mapping
        elif kind is yaml.SequenceNode and tag == _SEQ:
            return [self._build(item) for item in node.value]
        try:
            return self.construct_object(node, deep=True)
        except (ValueError, OverflowError) as exc:
            # PyYAML's date and number constructors raise bare errors (date: 2026-13-45).
            raise yaml.constructor.ConstructorError(
                None, None, f"{node.value!r} is not a valid value ({exc})", node.start_mark
            ) from None


# With anchors one node appears twice and the lean path would copy it: ``parse`` gives files
# containing '&' (rare; aliases are refused anyway) to the safe loader.
_Loader: type = _LeanLoader if hasattr(yaml, "CSafeLoader") else _StrictLoader
_YAML_TEXTS = itertools.count()  # YAML texts parsed in this process
_QUICK_FROM = 3  # parse's quick reader is used from this text on (counted from 0)
MAX_FILE_BYTES = 2_000_000  # a full answers file with long notes is ~50 kB; refuse the absurd early
ANSWER_SUFFIXES = (".yaml", ".yml", ".json")
M = TypeVar("M", bound="pydantic.BaseModel")


_UNPARSABLE = object()


@dataclass(frozen=True)
class Document:
    """The text of one file and what it parsed to; locates fields for error messages."""

    name: str
    text: str
    data: Any

    @cached_property
    def _nodes(self) -> Any:
        # Composed once per file, and only once something is wrong with it.
        try:
            return yaml.compose(self.text, Loader=_Loader)
        except yaml.YAMLError:
            return _UNPARSABLE

    @cached_property
    def _keys(self) -> dict[int, dict[str, tuple[Any, Any]]]:
        # Per mapping node, its keys indexed on first use: locating n problems in a mapping of
        # n keys is then O(n), not O(n^2) (100,000 unknown ids took five minutes).
        return {}

    def _pair(self, node: Any, key: str) -> tuple[Any, Any] | None:
        index = self._keys.get(id(node))
        if index is None:
            index = {}
            for pair in node.value:
                index.setdefault(str(pair[0].value), pair)
            self._keys[id(node)] = index
        return index.get(key)

    def node_at(self, loc: Iterable[str | int]) -> tuple[Any, int | None, bool]:
        """(node, 1-based line, found): the node at ``loc`` or its nearest existing parent."""
        node = self._nodes
        if node is _UNPARSABLE:
            return None, None, False
        line = None if node is None else node.start_mark.line + 1
        for key in loc:
            if isinstance(node, yaml.MappingNode):
                match = self._pair(node, str(key))
                if match is None:
                    return node, line, False
                key_node, node = match
                # Point at the key: a value may be empty or on the following lines.
                line = key_node.start_mark.line + 1
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int):
                if key >= len(node.value):
                    return node, line, False
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                return node, line, False
        return node, line, True

    def line_of(self, loc: Iterable[str | int]) -> int | None:
        """The 1-based line of the node at ``loc`` (or of its nearest existing parent)."""
        return self.node_at(loc)[1]

    def written(self, loc: Iterable[str | int]) -> str | None:
        """The scalar at ``loc`` as written in the file (``no``), not as YAML read it (False)."""
        # Not found but a scalar: the short form (``F01.Q2: no`` stands for ``{value: no}``).
        node = self.node_at(loc)[0]
        return node.value if isinstance(node, yaml.ScalarNode) else None

    def problem(self, loc: Iterable[str | int], message: str) -> Problem:
        loc = tuple(loc)
        return Problem(self.name, message, self.line_of(loc), ".".join(str(p) for p in loc))


# --- reading ------------------------------------------------------------------------------------


def read_text(source: Path | Traversable, name: str | None = None) -> str:
    """The file's text, or a ProfintError that says plainly why it cannot be read."""
    name = name or str(source)
    try:
        if isinstance(source, Path):
            mode = source.stat().st_mode
            if stat.S_ISDIR(mode):
                raise ProfintError([Problem(name, _("is a directory, not a file"))])
            if not stat.S_ISREG(mode):
                # A FIFO would block forever and /dev/zero never ends: only regular files.
                raise ProfintError([Problem(name, _("is not a regular file"))])
            with source.open("rb") as handle:
                raw = handle.read(MAX_FILE_BYTES + 1)
            if len(raw) > MAX_FILE_BYTES:
                raise ProfintError(
                    [Problem(name, _("is larger than {n} bytes").format(n=MAX_FILE_BYTES))]
                )
        else:
            raw = source.read_bytes()
    except FileNotFoundError:
        raise ProfintError([Problem(name, _("no such file"))]) from None
    except IsADirectoryError:
        raise ProfintError([Problem(name, _("is a directory, not a file"))]) from None
    except OSError as exc:
        why = exc.strerror or exc
        raise ProfintError([Problem(name, _("cannot be read: {why}").format(why=why))]) from None
    if _looks_utf16(raw):
        raise ProfintError([Problem(name, _("is saved as UTF-16; save it as UTF-8"))])
    if b"\0" in raw[:8192]:
        raise ProfintError([Problem(name, _("is a binary file, not YAML or JSON"))])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("cp1252")
            hint = _("it looks like Windows-1252 (ANSI); save it as UTF-8")
        except UnicodeDecodeError:
            hint = _("byte {n}; save it as UTF-8").format(n=exc.start)
        problem = Problem(name, _("is not UTF-8 text ({hint})").format(hint=hint), line)
        raise ProfintError([problem]) from None


def _looks_utf16(raw: bytes) -> bool:
    """A UTF-16 byte-order mark, or ASCII text with every other byte NUL (no mark)."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return True
    head = raw[:512]
    if len(head) < 8 or len(head) % 2:
        head = head[: len(head) // 2 * 2]
    return len(head) >= 8 and (
        head[1::2].count(0) == len(head) // 2 or head[0::2].count(0) == len(head) // 2
    )


def _refuse_aliases(text: str, name: str) -> None:
    # An alias bomb expands exponentially once validated; our files never need anchors, so any
    # alias is refused. Only files containing '&' (an anchor must exist) pay for the scan.
    if "&" not in text:
        return
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            line = event.start_mark.line + 1
            raise ProfintError([Problem(name, _("aliases (*name) are not allowed"), line)])


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs) or _spaced_collision(mapping):
        raise _DuplicateKey
    return mapping


def _duplicate_problems(text: str, name: str) -> list[Problem]:
    """Every duplicate key of the file, at its second occurrence, naming the first one's line.

    Only called once a duplicate is known to exist: the node tree is composed again (JSON is
    YAML too) and walked once, each mapping's keys compared once stripped.
    """
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        root = None
    problems = []
    stack: list[tuple[Any, tuple[str, ...]]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, Any] = {}
            children = []
            for key_node, value_node in node.value:
                raw = str(key_node.value)
                key = raw.strip() if isinstance(key_node, yaml.ScalarNode) else raw
                first = seen.setdefault(key, key_node)
                if first is not key_node:
                    what = "duplicate key"
                    if raw != str(first.value):
                        what += f" ({raw!r} and {first.value!r} differ only by spaces)"
                    problems.append(
                        Problem(
                            name,
                            f"{what}, first on line {first.start_mark.line + 1}",
                            key_node.start_mark.line + 1,
                            ".".join((*path, key)),
                        )
                    )
                children.append((value_node, (*path, key)))
            stack.extend(reversed(children))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed([(item, (*path, str(i))) for i, item in enumerate(node.value)]))
    problems.sort(key=lambda p: p.line or 0)
    return problems or [Problem(name, _("a mapping has the same key twice"))]


def parse(text: str, name: str) -> Any:
    """YAML or JSON text to plain data. JSON is tried first for ``.json`` files (faster).

    A key given twice in one mapping is refused (see :class:`_StrictLoader`).
    """
    if name.lower().endswith(".json"):
        try:
            return json.loads(text, object_pairs_hook=_json_object)
        except _DuplicateKey:
            raise ProfintError(_duplicate_problems(text, name)) from None
        except json.JSONDecodeError as exc:
            raise ProfintError([Problem(name, f"not valid JSON: {exc.msg}", exc.lineno)]) from None
        except RecursionError:
            # A hostile file nesting arrays thousands deep; no answers file nests beyond three.
            raise ProfintError([Problem(name, "not valid JSON: nested too deeply")]) from None
    # Most answers files fit a small part of YAML, read faster without libyaml; the rest (and
    # anything odd or wrong) is declined there and parsed below. Only from the fourth text of a
    # run: compiling its patterns (~5 ms) would slow a one-file score more than it saves.
    if next(_YAML_TEXTS) >= _QUICK_FROM:
        from profint_assess.yaml_subset import parse_common

        common = parse_common(text)
        if common is not None:
            return common
    try:
        _refuse_aliases(text, name)
        loader = _StrictLoader if "&" in text else _Loader
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except _DuplicateKey:
        raise ProfintError(_duplicate_problems(text, name)) from None
    except _MergeKey as exc:
        problem = Problem(name, _("merge keys (<<) are not allowed: write each key once"), exc.line)
        raise ProfintError([problem]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or str(exc)
        if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in (exc.problem or ""):
            what = f"tags are not allowed ({exc.problem})"
        raise ProfintError([Problem(name, f"not valid YAML: {what}", line)]) from None
    except yaml.YAMLError as exc:
        raise ProfintError([Problem(name, f"not valid YAML: {exc}")]) from None
    except RecursionError:
        raise ProfintError([Problem(name, "not valid YAML: nested too deeply")]) from None
    except (ValueError, OverflowError) as exc:  # the plain safe loader, for files with anchors
        raise ProfintError([Problem(name, f"not valid YAML: {exc}")]) from None


def read_document(source: Path | Traversable, name: str | None = None) -> Document:
    name = name or str(source)
    text = read_text(source, name)
    return Document(name, text, parse(text, name))


def _message(error: Any) -> str:
    kind, msg = error["type"], error["msg"]
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return "is not a known field"
    if msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")
    return msg[0].lower() + msg[1:] if msg else kind


def validate(doc: Document, schema: type[M]) -> M:
    """``doc.data`` as a ``schema`` instance, or every problem located in the file."""
    import pydantic

    if doc.data is None:
        raise ProfintError([Problem(doc.name, _("is empty"))])
    if not isinstance(doc.data, dict):
        raise ProfintError([Problem(doc.name, _("must be a mapping of keys to values"), 1)])
    try:
        return schema.model_validate(doc.data)
    except pydantic.ValidationError as exc:
        problems = []
        for error in exc.errors(include_url=False):
            # Union branches add their type names to loc; they mean nothing to a user.
            loc = [p for p in error["loc"] if not (isinstance(p, str) and "[" in p)]
            loc = [p for p in loc if p not in ("int", "str", "literal", "function-after")]
            message = _message(error)
            given = error.get("input")
            if isinstance(given, bool):
                # YAML 1.1 reads yes/no/on/off as booleans: quote what the user wrote.
                written = doc.written(loc) or str(given).lower()
                message = (
                    message.replace(repr(given), repr(written))
                    if repr(given) in message
                    else f"{message}, not {written!r} (write it in quotes to mean the text)"
                )
            problems.append(doc.problem(loc, message))
        raise ProfintError(_dedupe(problems)) from None


def _dedupe(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


# --- the model ----------------------------------------------------------------------------------


def builtin_root() -> Path | Traversable:
    """The built-in model: inside the wheel, or at the top of the source tree when editable."""
    here = Path(__file__).resolve().parent
    if (here / "data" / "factors").is_dir():
        return here / "data"  # an installed wheel: the package is a folder on disk
    if (here.parent / "factors").is_dir():
        return here.parent  # the source tree
    # Imported from a zip: only importlib.resources reaches the files (slower to import).
    from importlib import resources

    return resources.files("profint_assess") / "data"


def load_model(root: Path | Traversable | None = None, lang: str | None = None) -> Model:
    """Load and cross-check the model under ``root`` (``factors/`` and ``questionnaires/``).

    With ``lang`` (other than English) the texts come from the catalogs in
    ``root/translations/LANG/``; what they lack stays English, and ``model.translation`` counts
    it. A model with no catalog for ``lang`` is returned in English, marked so.

    A model validated once is kept in the user's cache (:mod:`profint_assess.model_cache`),
    keyed by the contents of every file it is built from: the next run reads it back without
    parsing 200 kB of YAML or importing pydantic. Losing the cache only costs that time again.
    """
    from profint_assess import model_cache

    root = builtin_root() if root is None else root
    if lang == SOURCE_LANGUAGE:
        lang = None
    entry = model_cache.entry(root, lang)
    if entry is not None:
        cached = entry.read()
        if cached is not None:
            return cached
    model = _load_english_model(root)
    if lang is not None:
        from profint_assess import catalogs

        folder = root / "translations" / lang
        if folder.is_dir():
            model = catalogs.translate(model, lang, load_catalogs(folder))
        else:
            model = catalogs.untranslated(model, lang)
    if entry is not None:
        entry.write(model)
    return model


def load_catalogs(folder: Path | Traversable) -> dict[str, dict[str, CatalogEntry]]:
    """Every content catalog in ``folder`` (``PART.yaml``): ``{part: {key: entry}}``.

    One ModelError lists the problems of every bad catalog, located as ``file:line``.
    """
    from profint_assess.model import Catalog

    entries: dict[str, dict[str, CatalogEntry]] = {}
    problems: list[Problem] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith((".yaml", ".yml")) or not entry.is_file():
            continue
        part = entry.name.rsplit(".", 1)[0]
        try:
            doc = read_document(entry)
            if doc.data is None:  # an empty catalog: nothing translated yet
                entries[part] = {}
                continue
            entries[part] = validate(doc, Catalog).root
        except ProfintError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ModelError(problems)
    return entries


def translations_root(root: Path | Traversable | None = None) -> Path | Traversable:
    """The ``translations/`` folder of the model at ``root`` (the built-in one by default)."""
    return (builtin_root() if root is None else root) / "translations"


def load_languages() -> dict[str, Language]:
    """The languages the tool knows (``translations/languages.yaml`` of the built-in model)."""
    from profint_assess import model_cache

    source = translations_root() / "languages.yaml"
    entry = model_cache.languages_entry(source)
    cached = None if entry is None else entry.read()
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    from profint_assess.model import LanguagesFile

    try:
        languages = from_validated(validate(read_document(source), LanguagesFile).languages)
    except ProfintError as exc:
        raise ModelError(exc.problems) from None
    if entry is not None:
        entry.write(languages)
    return languages  # type: ignore[no-any-return]


def _load_english_model(root: Path | Traversable) -> Model:
    """Parse, validate and cross-check the model files; the result as records."""
    from profint_assess.model import (
        CrosswalkFile,
        FactorsFile,
        LearningGrid,
        ModelMeta,
        PracticesFile,
        Questionnaire,
        RecommendationsFile,
    )

    name = str(root)
    if isinstance(root, Path) and not root.exists():
        raise ModelError([Problem(name, _("no such model folder"))])
    factors_dir = root / "factors"
    questionnaires_dir = root / "questionnaires"
    if not factors_dir.is_dir():
        raise ModelError([Problem(name, "not a model folder: it has no factors/ folder")])

    problems: list[Problem] = []
    docs: dict[str, Document] = {}

    def load(source: Traversable, schema: type[M], required: bool = True) -> M | None:
        if not source.is_file():
            if required:
                problems.append(Problem(str(source), "no such file"))
            return None
        try:
            doc = read_document(source)
            docs[str(source)] = doc
            return validate(doc, schema)
        except ProfintError as exc:
            problems.extend(exc.problems)
            return None

    meta = load(factors_dir / "model.yaml", ModelMeta)
    factors = load(factors_dir / "factors.yaml", FactorsFile)
    recs = load(factors_dir / "recommendations.yaml", RecommendationsFile, required=False)
    practices = load(factors_dir / "practices.yaml", PracticesFile, required=False)
    crosswalk = load(factors_dir / "crosswalk.yaml", CrosswalkFile, required=False)
    questionnaires: list[tuple[Document, Questionnaire]] = []
    grids: list[tuple[Document, LearningGrid]] = []
    if questionnaires_dir.is_dir():
        for entry in sorted(questionnaires_dir.iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".yaml", ".yml")):
                try:
                    doc = docs[str(entry)] = read_document(entry)
                    # Any ``kind`` goes to the grid schema, which names the kinds there are.
                    if isinstance(doc.data, dict) and "kind" in doc.data:
                        grids.append((doc, validate(doc, LearningGrid)))
                    else:
                        questionnaires.append((doc, validate(doc, Questionnaire)))
                except ProfintError as exc:
                    problems.extend(exc.problems)
    if not questionnaires and not problems:
        problems.append(Problem(str(questionnaires_dir), "no questionnaire found"))
    if problems or meta is None or factors is None:
        raise ModelError(problems)

    model = Model(
        meta=from_validated(meta),
        factors=from_validated(factors.factors),
        recommendations=from_validated(recs.recommendations) if recs else [],
        practices=from_validated(practices.practices) if practices else [],
        questionnaires=from_validated([q for _, q in questionnaires]),
        learning_grids=from_validated([g for _, g in grids]),
        crosswalk=from_validated(crosswalk),
    )
    problems.extend(
        _cross_check(
            model,
            meta_doc=docs[str(factors_dir / "model.yaml")],
            factors_doc=docs[str(factors_dir / "factors.yaml")],
            recs_doc=docs.get(str(factors_dir / "recommendations.yaml")),
            practices_doc=docs.get(str(factors_dir / "practices.yaml")),
            questionnaire_docs=[d for d, _ in questionnaires],
        )
    )
    for (doc, _grid), grid in zip(grids, model.learning_grids, strict=True):
        problems.extend(_check_grid(doc, grid, model))
    if model.crosswalk is not None:
        problems.extend(
            _check_crosswalk(model, model.crosswalk, docs[str(factors_dir / "crosswalk.yaml")])
        )
    if problems:
        raise ModelError(problems)
    return model


def _check_grid(doc: Document, grid: LearningGrid, model: Model) -> list[Problem]:
    """A grid's ids, answer choices and domain ranges, and the factors it names."""
    problems: list[Problem] = []
    if (
        model.questionnaire(grid.id) is not None
        or [g.id for g in model.learning_grids].count(grid.id) > 1
    ):
        problems.append(doc.problem(("id",), f"duplicate questionnaire id {grid.id!r}"))
    if sorted(str(c.value) for c in grid.progress) != sorted(PROGRESS_VALUES):
        problems.append(
            doc.problem(("progress",), f"must define each of {', '.join(PROGRESS_VALUES)} once")
        )
    if sorted(c.value for c in grid.importance if isinstance(c.value, int)) != [1, 2, 3]:
        problems.append(doc.problem(("importance",), "must define each value 1, 2, 3 once"))
    for i, ident in _duplicates([d.id for d in grid.domains]):
        problems.append(doc.problem(("domains", i, "id"), f"duplicate domain id {ident!r}"))
    for i, ident in _duplicates([p.id for p in grid.proposals]):
        problems.append(doc.problem(("proposals", i, "id"), f"duplicate proposal id {ident!r}"))
    numbers = [p.number for p in grid.proposals]
    for i, number in _duplicates([str(n) for n in numbers]):
        problems.append(
            doc.problem(("proposals", i, "number"), f"duplicate proposal number {number}")
        )
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        problems.append(
            doc.problem(("proposals",), f"numbers must run from 1 to {len(numbers)} without holes")
        )
    # The domains' ranges tile 1..N in order, so every proposal is in exactly one domain.
    expected = 1
    for i, domain in enumerate(grid.domains):
        first, last = domain.proposals.first, domain.proposals.last
        if first != expected or last < first:
            problems.append(
                doc.problem(
                    ("domains", i, "proposals"),
                    f"must run from {expected} to a number not below it (ranges follow each "
                    "other without gap or overlap)",
                )
            )
        expected = last + 1
    if grid.domains and expected != len(numbers) + 1:
        problems.append(
            doc.problem(
                ("domains", len(grid.domains) - 1, "proposals", "last"),
                f"the last domain must end at proposal {len(numbers)}",
            )
        )
    factor_ids = {f.id for f in model.factors}
    for i, domain in enumerate(grid.domains):
        for j, item in enumerate(domain.factors):
            if item.factor not in factor_ids:
                problems.append(
                    doc.problem(
                        ("domains", i, "factors", j, "factor"), f"unknown factor {item.factor!r}"
                    )
                )
    return problems


def _duplicates(ids: list[str]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            yield i, ident
        seen.add(ident)


def _cross_check(
    model: Model,
    *,
    meta_doc: Document,
    factors_doc: Document,
    recs_doc: Document | None,
    practices_doc: Document | None,
    questionnaire_docs: list[Document],
) -> list[Problem]:
    """Checks that span objects or files: ids unique and resolvable, bands that tile 0-100."""
    problems: list[Problem] = []
    meta = model.meta
    field_ids = [f.id for f in meta.fields]
    for i, ident in _duplicates(field_ids):
        problems.append(meta_doc.problem(("fields", i, "id"), f"duplicate field id {ident!r}"))

    # Bands tile 0-100 by construction (each runs up to the next min); the file must list them
    # from the lowest up, the first at 0, each min above the one before.
    previous: float | None = None
    for i, band in enumerate(meta.levels):
        if previous is None and band.min != 0:
            problems.append(
                meta_doc.problem(("levels", i, "min"), "the first band must start at 0")
            )
        elif previous is not None and band.min <= previous:
            problems.append(
                meta_doc.problem(
                    ("levels", i, "min"),
                    f"must be above the band before ({previous:g}): bands go from the lowest up",
                )
            )
        previous = band.min
    roles = model.roles
    if roles and not any(model.role_weight(role) for role in roles):
        problems.append(
            meta_doc.problem(
                ("role_weights",),
                f"every role weighs 0 ({', '.join(roles)}): at least one needs a weight above 0",
            )
        )

    factor_ids = [f.id for f in model.factors]
    for i, ident in _duplicates(factor_ids):
        problems.append(factors_doc.problem(("factors", i, "id"), f"duplicate factor id {ident!r}"))
    for i, factor in enumerate(model.factors):
        if factor.field not in field_ids:
            problems.append(
                factors_doc.problem(("factors", i, "field"), f"unknown field {factor.field!r}")
            )

    question_ids: set[str] = set()
    asked: set[str] = set()
    role_ids: dict[str, str] = {}
    questionnaire_ids = [q.id for q in model.questionnaires]
    for doc, questionnaire in zip(questionnaire_docs, model.questionnaires, strict=True):
        if questionnaire_ids.count(questionnaire.id) > 1:
            problems.append(
                doc.problem(("id",), f"duplicate questionnaire id {questionnaire.id!r}")
            )
        for i, role in enumerate(questionnaire.roles):
            if role in role_ids and role_ids[role] != questionnaire.id:
                problems.append(
                    doc.problem(("roles", i), f"role {role!r} already has {role_ids[role]!r}")
                )
            role_ids.setdefault(role, questionnaire.id)
        scale_values = sorted(p.value for p in questionnaire.scale)
        if scale_values != [0, 1, 2, 3, 4]:
            problems.append(doc.problem(("scale",), "must define each value 0-4 once"))
        ids = [q.id for q in questionnaire.questions]
        for i, ident in _duplicates(ids):
            problems.append(doc.problem(("questions", i, "id"), f"duplicate question id {ident!r}"))
        for i, ident in _duplicates([o.id for o in questionnaire.open_questions]):
            problems.append(
                doc.problem(("open_questions", i, "id"), f"duplicate open question id {ident!r}")
            )
        for i, question in enumerate(questionnaire.questions):
            if question.factor not in factor_ids:
                problems.append(
                    doc.problem(("questions", i, "factor"), f"unknown factor {question.factor!r}")
                )
            elif not question.id.startswith(question.factor + "."):
                problems.append(
                    doc.problem(("questions", i, "id"), f"must start with {question.factor}.")
                )
            asked.add(question.factor)
        question_ids.update(ids)

    for i, factor in enumerate(model.factors):
        if factor.id not in asked:
            problems.append(factors_doc.problem(("factors", i, "id"), "no question asks about it"))

    if recs_doc is not None:
        rec_ids = [r.id for r in model.recommendations]
        for i, ident in _duplicates(rec_ids):
            problems.append(
                recs_doc.problem(("recommendations", i, "id"), f"duplicate id {ident!r}")
            )
        for i, rec in enumerate(model.recommendations):
            if rec.factor not in factor_ids:
                problems.append(
                    recs_doc.problem(
                        ("recommendations", i, "factor"), f"unknown factor {rec.factor!r}"
                    )
                )
            for j, qid in enumerate(rec.questions):
                if qid not in question_ids or not qid.startswith(rec.factor + "."):
                    problems.append(
                        recs_doc.problem(
                            ("recommendations", i, "questions", j),
                            f"{qid!r} is not a question of factor {rec.factor}",
                        )
                    )

    if practices_doc is not None:
        rec_set = {r.id for r in model.recommendations}
        practice_ids = [p.id for p in model.practices]
        for i, ident in _duplicates(practice_ids):
            problems.append(
                practices_doc.problem(("practices", i, "id"), f"duplicate id {ident!r}")
            )
        for i, practice in enumerate(model.practices):
            for j, fid in enumerate(practice.factors):
                if fid not in factor_ids:
                    problems.append(
                        practices_doc.problem(
                            ("practices", i, "factors", j), f"unknown factor {fid!r}"
                        )
                    )
            for j, rid in enumerate(practice.recommendations):
                if rid not in rec_set:
                    problems.append(
                        practices_doc.problem(
                            ("practices", i, "recommendations", j),
                            f"unknown recommendation {rid!r}",
                        )
                    )
    return problems


def _check_crosswalk(model: Model, crosswalk: CrosswalkFile, doc: Document) -> list[Problem]:
    """IO1 items numbered 1..n once each; every factor named exists; every factor is reached."""
    problems: list[Problem] = []
    factor_ids = {f.id for f in model.factors}
    field_ids = {f.id for f in model.meta.fields}
    items = [i.item for i in crosswalk.io1]
    for i, item in _duplicates([str(n) for n in items]):
        problems.append(doc.problem(("io1", i, "item"), f"duplicate IO1 item {item}"))
    if sorted(set(items)) != list(range(1, len(set(items)) + 1)):
        problems.append(doc.problem(("io1",), "IO1 items must be numbered 1, 2, 3... without gaps"))
    reached: set[str] = set()
    for i, entry in enumerate(crosswalk.io1):
        if entry.io1_field is not None and entry.io1_field not in field_ids:
            problems.append(
                doc.problem(("io1", i, "io1_field"), f"unknown field {entry.io1_field!r}")
            )
        for j, fid in enumerate(entry.factors):
            if fid not in factor_ids:
                problems.append(doc.problem(("io1", i, "factors", j), f"unknown factor {fid!r}"))
            reached.add(fid)
    for i, new in enumerate(crosswalk.new):
        if new.factor not in factor_ids:
            problems.append(doc.problem(("new", i, "factor"), f"unknown factor {new.factor!r}"))
        reached.add(new.factor)
    problems.extend(
        doc.problem(("io1",), f"factor {f.id} comes from no IO1 item and is not listed as new")
        for f in model.factors
        if f.id not in reached
    )
    return problems


# --- answers files ------------------------------------------------------------------------------


def load_answers(source: Path, model: Model, name: str | None = None) -> AnswersFile:
    """Read one answers file and check it against ``model``; AnswersError lists every problem.

    Maturity questionnaires only: a learning-grid file is refused with a message that says where
    it goes (:func:`load_any_answers` reads both).
    """
    answers = load_any_answers(source, model, name)
    if isinstance(answers, GridAnswersFile):
        raise AnswersError(
            [
                Problem(
                    name or str(source),
                    f"is a {answers.questionnaire!r} grid, answered apart from the maturity "
                    "questionnaires; give it to `score` or `batch`",
                )
            ]
        )
    return answers


def load_any_answers(
    source: Path, model: Model, name: str | None = None
) -> AnswersFile | GridAnswersFile:
    """One answers file, of a maturity questionnaire or of a learning grid, checked."""
    name = name or str(source)
    try:
        doc = read_document(source, name)
        kind = doc.data.get("format") if isinstance(doc.data, dict) else None
        if isinstance(kind, str) and kind.startswith("profint-") and kind != ANSWERS_FORMAT:
            # A saved report beside the answers: say what it is rather than list its fields.
            what = (
                f"unsupported format {kind!r} (this version reads {ANSWERS_FORMAT})"
                if kind.startswith("profint-answers/")
                else f"not an answers file: a {kind} document"
            )
            raise ProfintError([doc.problem(("format",), what)])
        # Well-formed files become records directly; the schemas judge (and word) the rest.
        fast = fast_answers.read(doc.data, model)
        if fast is not None:
            return fast
        return validated_answers(doc, model)
    except ProfintError as exc:
        raise AnswersError(exc.problems) from None


def validated_answers(doc: Document, model: Model) -> AnswersFile | GridAnswersFile:
    """The answers file validated by its schema and checked against the model, as records;
    a ProfintError lists every problem. What :mod:`fast_answers` must agree with."""
    from profint_assess import model as schemas

    grid_id = doc.data.get("questionnaire") if isinstance(doc.data, dict) else None
    grid = model.learning_grid(grid_id) if isinstance(grid_id, str) else None
    if grid is not None:
        grid_answers = from_validated(validate(doc, schemas.GridAnswersFile))
        problems = check_grid_answers(doc, grid_answers, grid, model)
        if problems:
            raise ProfintError(problems)
        return grid_answers  # type: ignore[no-any-return]
    answers = from_validated(validate(doc, schemas.AnswersFile))
    problems = check_answers(doc, answers, model)
    if problems:
        raise ProfintError(problems)
    return answers  # type: ignore[no-any-return]


def line_in(source: Path, loc: Iterable[str | int]) -> int | None:
    """The line of ``loc`` in a file, for a problem found once files are loaded (read again)."""
    try:
        return read_document(source).line_of(loc)
    except ProfintError:
        return None


def check_grid_answers(
    doc: Document, answers: GridAnswersFile, grid: LearningGrid, model: Model
) -> list[Problem]:
    """A grid answers file against the model: model id and version, role, proposal ids."""
    problems = _check_model_ref(doc, answers, model)
    if answers.respondent.role not in grid.roles:
        problems.append(
            doc.problem(
                ("respondent", "role"),
                f"role {answers.respondent.role!r} does not answer {grid.id!r} "
                f"(answered by: {', '.join(grid.roles)})",
            )
        )
    known = {p.id for p in grid.proposals}
    ordered = sorted(grid.proposals, key=lambda p: p.number)
    span = f"{ordered[0].id}-{ordered[-1].id}"
    problems.extend(
        doc.problem(("answers", pid), f"unknown proposal id in {grid.id!r} (known: {span})")
        for pid in answers.answers
        if pid not in known
    )
    return problems


def _check_model_ref(doc: Document, answers: AnswersFile, model: Model) -> list[Problem]:
    meta = model.meta
    if answers.model.id != meta.id:
        return [
            doc.problem(
                ("model", "id"),
                f"answers model {answers.model.id!r}, but the loaded model is {meta.id!r}",
            )
        ]
    if answers.model.version != meta.version:
        return [
            doc.problem(
                ("model", "version"),
                f"unknown model version {answers.model.version!r} (this model is {meta.version!r})",
            )
        ]
    return []


def check_answers(doc: Document, answers: AnswersFile, model: Model) -> list[Problem]:
    """Checks against the model: its id and version, the questionnaire, the question ids."""
    problems = []
    meta = model.meta
    if answers.model.id != meta.id:
        problems.append(
            doc.problem(
                ("model", "id"),
                f"answers model {answers.model.id!r}, but the loaded model is {meta.id!r}",
            )
        )
    elif answers.model.version != meta.version:
        problems.append(
            doc.problem(
                ("model", "version"),
                f"unknown model version {answers.model.version!r} (this model is {meta.version!r})",
            )
        )
    questionnaire = model.questionnaire(answers.questionnaire)
    if questionnaire is None:
        known = ", ".join(q.id for q in model.questionnaires)
        problems.append(
            doc.problem(
                ("questionnaire",),
                f"unknown questionnaire {answers.questionnaire!r} (known: {known})",
            )
        )
        return problems
    if answers.respondent.role not in questionnaire.roles:
        problems.append(
            doc.problem(
                ("respondent", "role"),
                f"role {answers.respondent.role!r} does not answer {questionnaire.id!r}",
            )
        )
    if isinstance(answers.target, dict):
        factor_ids = {f.id for f in model.factors}
        problems.extend(
            doc.problem(("target", key), "is not a factor of the model")
            for key in answers.target
            if key != "default" and key not in factor_ids
        )
    known_ids = model.question_ids(questionnaire.id)
    problems.extend(
        doc.problem(("answers", qid), f"unknown question id in {questionnaire.id!r}")
        for qid in answers.answers
        if qid not in known_ids
    )
    open_ids = {o.id for o in questionnaire.open_questions}
    problems.extend(
        doc.problem(("comments", cid), f"unknown open question in {questionnaire.id!r}")
        for cid in answers.comments
        if cid not in open_ids
    )
    return problems


def load_all_answers(paths: Iterable[Path], model: Model) -> list[AnswersFile]:
    """Every file loaded, or one AnswersError listing the problems of every bad file."""
    loaded, problems = [], []
    for path in paths:
        try:
            loaded.append(load_answers(path, model))
        except AnswersError as exc:
            problems.extend(exc.problems)
    if problems:
        raise AnswersError(problems)
    return loaded


def _walk(folder: Path, skipped: list[Problem] | None = None) -> Iterator[Path]:
    """Answers files under ``folder``, depth first in name order, one folder listed at a time.

    Extensions in any case (``.YAML``, ``.Json``). A folder that cannot be listed, or a link to
    a folder (not followed: it could loop, or reach outside), is added to ``skipped``: leaving
    files out silently would let a partial batch pass for a whole one.
    """

    def unreadable(exc: OSError) -> None:
        if skipped is not None:
            why = exc.strerror or str(exc)
            skipped.append(Problem(str(exc.filename), f"skipped: cannot be read ({why})"))

    for root, dirs, names in os.walk(folder, onerror=unreadable):
        dirs.sort()
        base = Path(root)
        if skipped is not None:
            for name in dirs:
                if (base / name).is_symlink():
                    skipped.append(
                        Problem(str(base / name), "skipped: a symbolic link to a folder")
                    )
        for name in sorted(names):
            if name.lower().endswith(ANSWER_SUFFIXES):
                yield base / name


def expand_answer_paths(
    arguments: Iterable[str | Path], skipped: list[Problem] | None = None
) -> Iterator[Path]:
    """Files, folders (searched recursively) and globs, expanded lazily in a stable order.

    A glob that matches nothing, or a missing file, is passed on as it is: reading it then
    reports the problem with the others. With several arguments a file reached twice (a folder
    and a file inside it) is yielded once.
    """
    arguments = list(arguments)
    seen: set[str] | None = set() if len(arguments) > 1 else None
    for argument in arguments:
        text = str(argument)
        path = Path(text)
        if not path.exists() and any(c in text for c in "*?["):
            # glob.glob takes absolute patterns too (Path.glob does not).
            matches = [Path(m) for m in sorted(glob.glob(text, recursive=True))]  # noqa: PTH207
            candidates: Iterable[Path] = matches or [path]
        else:
            candidates = [path]
        for candidate in candidates:
            files = _walk(candidate, skipped) if candidate.is_dir() else iter([candidate])
            for file in files:
                if seen is not None:
                    resolved = os.path.realpath(file)
                    if resolved in seen:
                        continue
                    seen.add(resolved)
                yield file


# --- saved reports ------------------------------------------------------------------------------


def read_saved_report(source: Path, name: str | None = None) -> dict[str, Any] | None:
    """A saved JSON report (``score --format json``) as validated plain data.

    None when the file is not a report (its ``format`` is not ``profint-report/1``): the caller
    then reads it as an answers file. A report with missing or malformed keys is an error.
    """
    name = name or str(source)
    try:
        doc = read_document(source, name)
        kind = doc.data.get("format") if isinstance(doc.data, dict) else None
        if (
            isinstance(kind, str)
            and kind.startswith("profint-")
            and not kind.startswith(("profint-answers/", "profint-report/"))
        ):
            # A batch, a comparison, a plan...: neither side compare reads, so say which are.
            what = (
                f"a {kind} document; compare reads answers files or one saved report "
                f"(score --format json, {REPORT_FORMAT})"
            )
            raise ProfintError([doc.problem(("format",), what)])
        if kind != REPORT_FORMAT:
            return None
        from profint_assess.model import SavedReport

        saved = validate(doc, SavedReport)
        if saved.method != METHOD:
            # Its scores were computed another way: comparing them with fresh ones would show
            # changes that are only the method's. Answers files are always rescored.
            what = (
                f"was scored with method {saved.method!r}"
                if saved.method
                else "was saved before scoring methods were named (method profint-score/1)"
            )
            raise ProfintError(
                [
                    doc.problem(
                        ("method",),
                        f"{what}, not {METHOD}: its scores cannot be compared with today's; "
                        "pass the answers files it was made from instead",
                    )
                ]
            )
    except ProfintError as exc:
        raise AnswersError(exc.problems) from None
    # Made by us, but editable by anyone: its texts reach terminals, Markdown and CSV.
    return _printable_strings(doc.data)


def _printable_strings(data: Any) -> Any:
    if isinstance(data, str):
        return printable(data)
    if isinstance(data, dict):
        return {printable(str(k)): _printable_strings(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_printable_strings(v) for v in data]
    return data
