"""The translation layer: every user-facing string goes through ``_`` (or ``ngettext``).

Write ``_("Wrote {path}").format(path=p)``: the placeholder stays inside the message and the
value is filled in after translation. Never an f-string inside ``_()`` (``_(f"Wrote {p}")``):
Babel extracts the literal text, and a formatted string would never match a catalog entry.
Plurals: ``ngettext("{n} file", "{n} files", n).format(n=n)``.

Backed by the stdlib :mod:`gettext` (domain ``profint``, catalogs in
``profint_assess/locale/LANG/LC_MESSAGES/profint.mo``); with no catalog every message is returned
as written. :func:`set_language` picks the catalog; until it is called, English (identity).
Imported at start-up, so it stays tiny: gettext is imported on the first ``set_language``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

DOMAIN = "profint"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"


class _Translations(Protocol):
    def gettext(self, message: str, /) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


_active: _Translations | None = None


def set_language(code: str | None) -> None:
    """Translate from now on into ``code`` (``"fr"``, ``"de"``...); ``None`` means English.

    A language without a catalog falls back to the messages as written.
    """
    global _active
    if code is None:
        _active = None
        return
    import gettext

    _active = gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[code], fallback=True)


def _(message: str) -> str:
    """``message`` in the active language."""
    return message if _active is None else _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """``singular`` or ``plural`` for ``n``, in the active language."""
    if _active is None:
        return singular if n == 1 else plural
    return _active.ngettext(singular, plural, n)
