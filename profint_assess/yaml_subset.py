"""Answers files in their common shape, parsed without libyaml: accepted only when certain.

``batch`` spends most of its time parsing YAML, and libyaml is slow for our files not in C but
in Python: for every node it calls back into Python to create the node and resolve its tag
(about a millisecond for a 3 kB file). Answers files written by ``template``, ``assess`` or a
script's ``yaml.safe_dump`` use a small part of YAML: block mappings of plain keys, one-line
flow mappings (``{value: 3, note: "..."}``), plain and quoted scalars (long ones folded over
several lines), comments. That part is read here, line by line: 3-4x faster than CSafeLoader, about
twice as fast as the lean loader of :mod:`.loading`.

:func:`parse_common` returns exactly what ``yaml.load(text, Loader=yaml.CSafeLoader)`` returns,
or ``None`` when the text steps outside that part in any way (anything unusual, anything that
would be an error, a key given twice, a value that is not a string, a decimal integer, a date or
empty): the caller then parses it with libyaml, which gives the value or the located error.
Tags are resolved by PyYAML's own resolver (the table CSafeLoader uses), so ``yes``, ``1.5``,
``0o7`` or ``12:30`` are declined rather than guessed. ``tests/test_yaml_subset.py`` compares
the two on every shape accepted here, and on near misses.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

_STR, _INT = "tag:yaml.org,2002:str", "tag:yaml.org,2002:int"
_NULL, _TIMESTAMP = "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"
_RESOLVER = yaml.resolver.Resolver()  # CSafeLoader's resolver class: the same implicit tags
_TAGS: dict[str, str] = {}
# The resolver tries the implicit tags listed under a scalar's first character (and those under
# None, for any): a scalar starting with none of these is a string, as resolve() would say.
_RESOLVED_FIRSTS = frozenset(k for k in _RESOLVER.yaml_implicit_resolvers if k is not None)
_WILDCARD = bool(_RESOLVER.yaml_implicit_resolvers.get(None))
_STR_KEYS: set[str] = set()
_VALUES: dict[str, Any] = {}  # plain scalar -> its value
_TAGS_MAX, _TAG_LENGTH_MAX = 2048, 48  # bounded: memory stays flat over many files
_INT_DIGITS_MAX = 4000  # below the default limit of int(str), 4300 digits

# What libyaml does not read as printable, and what we leave to it: tabs, CR, NEL, the line and
# paragraph separators (line breaks to YAML), the byte-order mark. Compiled on first use (only a
# text with characters Python does not call printable needs it: a millisecond off start-up).
_OUTSIDE = "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
_KEY = r"[A-Za-z_][A-Za-z0-9_.\-]{0,127}"
# One line that is neither blank nor a comment, with the blank and comment lines before it:
# ``key:`` then nothing or spaces and the rest of the line; or anything else (a folded scalar's
# next line, or what we decline). Matched one after the other: nothing is skipped.
_SKIPPED = r"(?: *(?:#[^\n]*)?\n)*"
_LINE = re.compile(rf"({_SKIPPED})( *)(?:({_KEY}):(?: +([^\n]*))?|([^ #\n][^\n]*))(?:\n|\Z)")
_TAIL = re.compile(rf"{_SKIPPED} *(?:#[^\n]*)?\Z")
# A plain scalar may not start with an indicator; in a flow mapping it may not hold these either.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# A closing quote is one not doubled: (?!') keeps backtracking from closing at half a pair.
_SINGLE = re.compile(r"'((?:[^']|'')*)'(?!')")
_SINGLE_OPEN = re.compile(r"'((?:[^']|'')*)\Z")  # a single-quoted scalar going on below
_SINGLE_CLOSE = re.compile(r"((?:[^']|'')*)'(?!')")
_DOUBLE = re.compile(r'"((?:[^"\\]|\\.)*)"')
_AFTER = re.compile(r" *(?: #.*)?\Z")  # what may follow a value: spaces, then a comment
_FLOW_KEY = re.compile(rf" *({_KEY}): +")
_FLOW_PLAIN = re.compile(r"[^,{}\[\]#:'\"\s&*!|>%@`?-][^,{}\[\]#:]*")
_FLOW_NEXT = re.compile(r" *([,}])")
# YAML's escapes in double quotes (JSON's among them), as libyaml reads them.
_ESCAPES = {
    **{"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f"},
    **{"r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\"},
    **{"N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"},
}
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")


class _Decline(Exception):
    """Outside the subset: libyaml decides."""


def parse_common(text: str) -> dict[str, Any] | None:
    """The mapping ``text`` holds, as CSafeLoader gives it; ``None`` to let libyaml decide."""
    if "\r" in text:
        if text.count("\r") != text.count("\r\n"):
            return None
        text = text.replace("\r\n", "\n")  # a line break either way, to YAML
    # Python's printable characters are all printable to libyaml: one quick test for most files.
    if not text.replace("\n", "").isprintable() and re.search(_OUTSIDE, text):
        return None  # (re caches the compiled pattern)
    try:
        return _parse(text)
    except _Decline:
        return None


def _parse(text: str) -> dict[str, Any] | None:
    root: dict[str, Any] = {}
    outer: list[tuple[int, dict[str, Any]]] = []  # enclosing (indent, mapping), innermost last
    indent_now, mapping = -1, root  # the mapping being filled (indent -1: not started)
    pending: tuple[dict[str, Any], str, int] | None = None  # a key whose value is below it
    # The last scalar, which the next lines may go on: where it goes (mapping, key, the key's
    # indent), its lines so far, and whether it is single-quoted. Plain scalars are the common
    # case: their value is set at once, and set again, joined, only if a line goes on.
    open_map: dict[str, Any] | None = None
    open_key, open_indent, open_lines, quoted = "", 0, [""], False
    match = _LINE.match
    at, size = 0, len(text)
    while at < size:
        line = match(text, at)
        if line is None:
            break
        at = line.end()
        skipped, spaces, key, rest, _other = line.groups()
        indent = len(spaces)
        if open_map is not None:
            if not skipped and indent > open_indent:  # goes on the line before
                body = line.group()[len(skipped) + indent :].rstrip("\n")
                if quoted:
                    closed = _SINGLE_CLOSE.match(body)
                    if closed is None:
                        if _SINGLE_OPEN.match("'" + body) is None:
                            raise _Decline
                        open_lines.append(body.rstrip(" "))
                        continue
                    if not _AFTER.match(body, closed.end()):
                        raise _Decline
                    open_lines.append(closed.group(1))
                    open_map[open_key] = " ".join(open_lines).replace("''", "'")
                    open_map = None
                    continue
                # A plain scalar folded over lines: each further line joins with one space.
                if key is not None or body[0] in _INDICATORS or " #" in body or ": " in body:
                    raise _Decline
                if body[-1] == ":":
                    raise _Decline
                # Joined once, when the scalar ends: joining at every line was quadratic.
                open_lines.append(body.rstrip(" "))
                continue
            if quoted:
                raise _Decline  # a blank line in it (a line break), or a badly indented line
            if len(open_lines) > 1:
                open_map[open_key] = _plain(" ".join(open_lines))
            open_map = None
        if key is None:
            raise _Decline
        if pending is not None:
            parent, parent_key, parent_indent = pending
            pending = None
            if indent > parent_indent:  # the value of the key above: a mapping
                child: dict[str, Any] = {}
                parent[parent_key] = child
                outer.append((indent_now, mapping))
                indent_now, mapping = indent, child
        if indent != indent_now:
            if indent_now < 0:
                indent_now = indent  # the first key: the document's indent
            else:
                while indent < indent_now and outer:
                    indent_now, mapping = outer.pop()
                if indent != indent_now:
                    raise _Decline
        if key in mapping or key not in _STR_KEYS and not _str_key(key):
            raise _Decline  # a key given twice is refused by the caller's loader, with lines
        if not rest or rest[0] == "#":
            mapping[key] = None  # null, unless a more indented mapping follows
            pending = (mapping, key, indent)
            continue
        rest = rest.rstrip(" ")
        first = rest[0]
        if first == "{":
            mapping[key] = _flow_mapping(rest)
        elif first == "'":
            single = _SINGLE.match(rest)
            if single is not None:
                if not _AFTER.match(rest, single.end()):
                    raise _Decline
                mapping[key] = single.group(1).replace("''", "'")
            else:
                opened = _SINGLE_OPEN.match(rest)
                if opened is None:
                    raise _Decline
                mapping[key] = None  # keeps the key's place; set once the quote closes
                open_map, open_key, open_indent = mapping, key, indent
                open_lines, quoted = [opened.group(1).rstrip(" ")], True
        elif first == '"':
            double = _DOUBLE.match(rest)
            if double is None or not _AFTER.match(rest, double.end()):
                raise _Decline
            mapping[key] = _unescape(double.group(1))
        elif first in _INDICATORS or ": " in rest or rest[-1] == ":":
            raise _Decline
        else:
            comment = rest.find(" #")
            if comment >= 0:
                mapping[key] = _plain(rest[:comment].rstrip(" "))
            else:
                mapping[key] = _plain(rest)
                open_map, open_key, open_indent, quoted = mapping, key, indent, False
                open_lines = [rest]
    if at != size and not _TAIL.match(text, at):
        raise _Decline  # a line the pattern does not know
    if open_map is not None:
        if quoted:
            raise _Decline  # a quote never closed
        if len(open_lines) > 1:
            open_map[open_key] = _plain(" ".join(open_lines))
    return root or None


def _str_key(key: str) -> bool:
    if _tag(key) != _STR:
        return False
    if len(_STR_KEYS) < _TAGS_MAX:
        _STR_KEYS.add(key)
    return True


def _tag(value: str) -> str:
    if value and value[0] not in _RESOLVED_FIRSTS and not _WILDCARD:
        return _STR  # what the resolver itself concludes: no implicit tag starts with it
    tag = _TAGS.get(value)
    if tag is None:
        tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
        if len(value) <= _TAG_LENGTH_MAX and len(_TAGS) < _TAGS_MAX:
            _TAGS[value] = tag
    return tag


def _plain(value: str) -> Any:
    """A plain scalar's value: a string, a decimal integer, a date, or null; else decline."""
    known = _VALUES.get(value, _VALUES)
    if known is not _VALUES:
        return known
    built = _build_plain(value)
    if len(value) <= _TAG_LENGTH_MAX and len(_VALUES) < _TAGS_MAX:
        _VALUES[value] = built  # str, int, date and None are immutable: one serves every file
    return built


def _build_plain(value: str) -> Any:
    tag = _tag(value)
    if tag == _STR:
        return value
    if tag == _INT and value.isdigit() and (value[0] != "0" or value == "0"):
        if len(value) > _INT_DIGITS_MAX:
            raise _Decline  # past Python's limit on int(str): libyaml's path says so, located
        return int(value)
    if tag == _NULL:
        return None
    if tag == _TIMESTAMP and _DATE.match(value):
        try:
            return dt.date(int(value[:4]), int(value[5:7]), int(value[8:10]))
        except ValueError:
            raise _Decline from None  # 2026-13-45: libyaml's path says it plainly
    raise _Decline


def _unescape(body: str) -> str:
    """A double-quoted scalar's text, its escapes replaced; an unknown escape declines."""
    if "\\" not in body:
        return body

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if len(code) > 1:
            point = int(code[1:], 16)
            if 0xD800 <= point <= 0xDFFF or point > 0x10FFFF:
                raise _Decline  # half a surrogate pair, or beyond Unicode: errors to libyaml
            return chr(point)
        escaped = _ESCAPES.get(code)
        if escaped is None:
            raise _Decline
        return escaped

    return _ESCAPE.sub(one, body)


def _flow_mapping(rest: str) -> dict[str, Any]:
    """A one-line flow mapping of plain keys and scalar values, a comment allowed after it."""
    mapping: dict[str, Any] = {}
    at = 1
    empty = _FLOW_NEXT.match(rest, at)
    if empty is not None and empty.group(1) == "}":
        at = empty.end()
    else:
        while True:
            key_match = _FLOW_KEY.match(rest, at)
            if key_match is None:
                raise _Decline
            key = key_match.group(1)
            if key in mapping or _tag(key) != _STR:
                raise _Decline
            at = key_match.end()
            first = rest[at : at + 1]
            if first == '"':
                value = _DOUBLE.match(rest, at)
                if value is None:
                    raise _Decline
                mapping[key] = _unescape(value.group(1))
            elif first == "'":
                value = _SINGLE.match(rest, at)
                if value is None:
                    raise _Decline
                mapping[key] = value.group(1).replace("''", "'")
            else:
                value = _FLOW_PLAIN.match(rest, at)
                if value is None:
                    raise _Decline
                mapping[key] = _plain(value.group(0).rstrip(" "))
            at = value.end()
            after = _FLOW_NEXT.match(rest, at)
            if after is None:
                raise _Decline
            at = after.end()
            if after.group(1) == "}":
                break
    if not _AFTER.match(rest, at):
        raise _Decline
    return mapping
