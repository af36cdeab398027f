"""The translation layer: every user-facing string goes through ``_`` (or ``ngettext``).

Write ``_("Wrote {path}").format(path=p)``: the placeholder stays inside the message and the
value is filled in after translation. Never an f-string inside ``_()`` (``_(f"Wrote {p}")``):
Babel extracts the literal text, and a formatted string would never match a catalog entry.
Plurals: ``ngettext("{n} file", "{n} files", n).format(n=n)``.

Interface catalogs are gettext catalogs, domain ``profint``:
``profint_assess/locale/LANG/LC_MESSAGES/profint.po`` in the source tree. The wheel also carries
the compiled ``profint.mo`` beside each ``.po`` (the build hook ``hatch_build.py`` compiles them
with Babel): the stdlib :mod:`gettext` reads it. Where no ``.mo`` exists (the source tree,
editable installs, tests) :func:`read_po` reads the ``.po`` itself, so a translator's edit shows
at once with no compile step. Babel is never imported at run time.

Which language: :func:`resolve` (``--lang`` > ``PROFINT_LANG`` > ``LC_ALL``/``LC_MESSAGES``/
``LANG`` > English). Which languages exist is data, ``translations/languages.yaml`` beside the
model, read by :func:`profint_assess.loading.load_languages` only when a language other than
English is asked for. Imported at start-up, so this module stays tiny: gettext and the catalog
are loaded on the first :func:`set_language`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Protocol

DOMAIN = "profint"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "en"
ENV_VARIABLE = "PROFINT_LANG"
# POSIX order: the first one set decides (LC_ALL overrides LC_MESSAGES, which overrides LANG).
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


class _Translations(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


_active: _Translations | None = None
_code: str = SOURCE_LANGUAGE
# What the renderers need to know of the language in use, and the run's one fallback note.
_state: dict[str, Any] = {}


def language() -> str:
    """The code of the language in use (``"en"`` until :func:`set_language` picks another)."""
    return _code


def set_language(
    code: str | None, *, name: str = "", direction: str = "ltr", draft: bool = False
) -> None:
    """Translate from now on into ``code`` (``"fr"``, ``"ar"``...); ``None`` or ``"en"``: English.

    A language without a catalog falls back to the messages as written. ``name`` (in the
    language itself), ``direction`` (``ltr``/``rtl``) and ``draft`` come from languages.yaml.
    """
    global _active, _code
    _state.clear()
    if code is None or code == SOURCE_LANGUAGE:
        _active, _code = None, SOURCE_LANGUAGE
        return
    _active, _code = _catalog(code), code
    _state.update(name=name or code, direction=direction, draft=draft)


def language_name() -> str:
    """The name of the language in use, in that language (``Français``)."""
    return str(_state.get("name", "English"))


def direction() -> str:
    """``rtl`` for a right-to-left language in use, else ``ltr``."""
    return str(_state.get("direction", "ltr"))


def is_draft() -> bool:
    """Whether the language in use is a draft (its untranslated texts are shown in English)."""
    return bool(_state.get("draft", False))


def set_note(text: str, *, shown: bool = False) -> None:
    """Record the run's note on what falls back to English (reports carry it)."""
    _state["note"] = text
    _state["note_shown"] = shown or bool(_state.get("note_shown"))


def note() -> str:
    """The run's fallback note, or "" when everything shown is translated."""
    return str(_state.get("note", ""))


def note_shown() -> bool:
    """Whether the note was already written to stderr (it is written once per run)."""
    return bool(_state.get("note_shown", False))


def translation(code: str) -> _Translations:
    """The interface catalog of ``code`` as a gettext-like object, whatever language is in use.

    For documents that carry several languages at once (an XLSForm has one column per
    language): ``translation("fr").gettext("Don't know")``. English and a language without a
    catalog give the messages as written.
    """
    if code == SOURCE_LANGUAGE:
        import gettext

        return gettext.NullTranslations()
    return _catalog(code)


def _catalog(code: str) -> _Translations:
    import gettext

    folder = LOCALE_DIR / code / "LC_MESSAGES"
    mo = folder / f"{DOMAIN}.mo"
    if mo.is_file():
        with mo.open("rb") as handle:
            return gettext.GNUTranslations(handle)
    po = folder / f"{DOMAIN}.po"
    if po.is_file():
        try:
            return _PoTranslations(read_po(po.read_text(encoding="utf-8")))
        except ValueError:
            pass  # a broken catalog means English; `profint-assess i18n check` names the line
    return gettext.NullTranslations()


def _(message: str) -> str:
    """``message`` in the active language."""
    return message if _active is None else _active.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now (tables built at import):
    ``LEVELS = {"leading": N_("Leading")}`` then ``_(LEVELS[code])`` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` for ``n``, in the active language."""
    if _active is None:
        return singular if n == 1 else plural
    return _active.ngettext(singular, plural, n)


# --- which language -----------------------------------------------------------------------------


def code_from_locale(value: str) -> str | None:
    """``fr_FR.UTF-8`` -> ``fr``, ``sv_SE`` -> ``sv``, ``C``/``POSIX``/empty -> None."""
    base = value.split(".", 1)[0].split("@", 1)[0]
    code = base.split("_", 1)[0].split("-", 1)[0].lower()
    if not code or code in ("c", "posix"):
        return None
    return code


def resolve(option: str | None, environ: Mapping[str, str]) -> tuple[str, str]:
    """The language asked for and where the request came from.

    Returns ``(code, origin)``; ``origin`` is ``"--lang"``, ``"PROFINT_LANG"``, the locale
    variable's name, or ``"default"``. The code is not checked here (see
    :func:`profint_assess.loading.load_languages`): a code from ``--lang`` or ``PROFINT_LANG``
    must exist, one from the locale is taken only when it does (a German desktop still runs).
    """
    if option:
        return option.strip().lower(), "--lang"
    if environ.get(ENV_VARIABLE):
        return environ[ENV_VARIABLE].strip().lower(), ENV_VARIABLE
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:
            code = code_from_locale(value)
            return (code, variable) if code else (SOURCE_LANGUAGE, variable)
    return SOURCE_LANGUAGE, "default"


# --- reading a .po without Babel ----------------------------------------------------------------


class _PoTranslations:
    """gettext's interface over the messages of a ``.po`` read by :func:`read_po`."""

    def __init__(self, catalog: PoCatalog) -> None:
        self._messages = catalog.messages
        self._plurals = catalog.plurals
        self._plural = catalog.plural

    def gettext(self, message: str, /) -> str:
        translated = self._messages.get(message)
        if message in self._plurals and translated:
            # As the stdlib reads a .mo: a plural entry answers gettext with its form for 1.
            index = self._plural(1)
            return translated[index] if index < len(translated) and translated[index] else message
        return translated[0] if translated and translated[0] else message

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        # As the stdlib reads a .mo: only an entry with plural forms answers ngettext.
        forms = self._messages.get(singular) if singular in self._plurals else None
        if forms:
            index = self._plural(n)
            if index < len(forms) and forms[index]:
                return forms[index]
        return singular if n == 1 else plural


class PoCatalog:
    """A parsed ``.po``: translated messages, the plural rule, and what is left to do."""

    def __init__(self) -> None:
        # msgid -> [msgstr] or [msgstr[0], msgstr[1], ...]; untranslated and fuzzy left out.
        self.messages: dict[str, list[str]] = {}
        self.plurals: set[str] = set()  # msgids that have plural forms
        self.untranslated: list[str] = []
        self.fuzzy: list[str] = []
        # msgid -> the source references (``#: file:line``), for scope checks.
        self.references: dict[str, list[str]] = {}
        self.headers: dict[str, str] = {}
        self.plural: Any = lambda n: int(n != 1)

    @property
    def total(self) -> int:
        return len(self.messages) + len(self.untranslated) + len(self.fuzzy)


def read_po(text: str) -> PoCatalog:
    """Parse the subset of the PO format that Babel writes: comments, flags, msgctxt, plurals.

    Entries with a ``msgctxt`` are keyed ``context\x04msgid`` as in gettext. Obsolete entries
    (``#~``) are skipped.
    """
    catalog = PoCatalog()
    for entry in po_entries(text):
        _add_entry(catalog, entry)
    return catalog


def po_entries(text: str) -> Iterator[dict[str, Any]]:
    """The entries of a PO text as dicts: ``msgctxt``, ``msgid``, ``msgid_plural``, ``msgstr``
    or ``msgstr_plural`` ({index: text}), ``flags``, ``refs``, ``comments`` (``#.`` lines) and
    ``line`` (1-based, of the ``msgid``). Raises ValueError naming the line of a bad string.
    """
    entry: dict[str, Any] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line and "msgid" in entry:
                yield entry
                entry, current = {}, None
            continue
        if line.startswith("#"):
            if "msgid" in entry and current != "comment":
                yield entry
                entry = {}
            if line.startswith("#,"):
                entry.setdefault("flags", set()).update(
                    f.strip() for f in line[2:].split(",") if f.strip()
                )
            elif line.startswith("#:"):
                entry.setdefault("refs", []).extend(line[2:].split())
            elif line.startswith("#."):
                entry.setdefault("comments", []).append(line[2:].strip())
            current = "comment"
            continue
        try:
            if line.startswith('"'):
                if current not in (None, "comment"):
                    _append(entry, current, _unquote(line))
                continue
            keyword, _sep, rest = line.partition(" ")
            if keyword in ("msgctxt", "msgid") and ("msgstr" in entry or "msgstr_plural" in entry):
                yield entry
                entry = {}
            if keyword.startswith("msgstr["):
                entry.setdefault("msgstr_plural", {})[int(keyword[7:-1])] = _unquote(rest)
                current = keyword
            elif keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
                entry[keyword] = _unquote(rest)
                if keyword == "msgid":
                    entry["line"] = number
                current = keyword
        except (ValueError, SyntaxError) as exc:
            raise ValueError(f"line {number}: {exc}") from None
    if "msgid" in entry:
        yield entry


def _append(entry: dict[str, Any], current: str, text: str) -> None:
    if current.startswith("msgstr["):
        index = int(current[7:-1])
        entry["msgstr_plural"][index] += text
    else:
        entry[current] += text


def _unquote(token: str) -> str:
    token = token.strip()
    if not (len(token) >= 2 and token[0] == token[-1] == '"'):
        raise ValueError(f"not a quoted PO string: {token!r}")
    body = token[1:-1]
    if "\\" not in body and '"' not in body:
        return body  # most strings: nothing to unescape (a catalog is read at every run)
    import ast  # only when a .po is read (never for English, never with a .mo)

    # PO escapes are C escapes; ast reads them as a Python literal of the same form.
    return ast.literal_eval(token)


def _add_entry(catalog: PoCatalog, entry: dict[str, Any]) -> None:
    msgid = entry["msgid"]
    if "msgctxt" in entry:
        msgid = f"{entry['msgctxt']}\x04{msgid}"
    if entry["msgid"] == "" and "msgctxt" not in entry:
        for header in entry.get("msgstr", "").splitlines():
            name, _sep, value = header.partition(":")
            if name:
                catalog.headers[name.strip()] = value.strip()
        forms = catalog.headers.get("Plural-Forms", "")
        if "plural=" in forms:
            import gettext

            expression = forms.split("plural=", 1)[1].rstrip(";").strip()
            try:
                catalog.plural = gettext.c2py(expression)
            except (ValueError, SyntaxError):
                pass  # a broken header: keep the English rule; `i18n check` reports the file
        return
    catalog.references[msgid] = entry.get("refs", [])
    if "msgid_plural" in entry:
        catalog.plurals.add(msgid)
        forms = entry.get("msgstr_plural", {})
        translated = [forms[i] for i in sorted(forms)]
    else:
        translated = [entry.get("msgstr", "")]
    if "fuzzy" in entry.get("flags", set()):
        catalog.fuzzy.append(msgid)
    elif not any(translated):
        catalog.untranslated.append(msgid)
    else:
        catalog.messages[msgid] = translated
