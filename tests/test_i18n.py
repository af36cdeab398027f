"""The translation layer: identity without a catalog, a real catalog when one exists."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from profint_assess import i18n
from profint_assess.i18n import _, ngettext, set_language


@pytest.fixture(autouse=True)
def _english() -> None:
    yield
    set_language(None)


def test_identity_without_a_language() -> None:
    assert _("Wrote {path}").format(path="a.md") == "Wrote a.md"
    assert ngettext("{n} file", "{n} files", 1).format(n=1) == "1 file"
    assert ngettext("{n} file", "{n} files", 3).format(n=3) == "3 files"


def test_a_language_without_catalog_falls_back_to_the_text() -> None:
    set_language("xx")
    assert _("Wrote {path}") == "Wrote {path}"
    assert ngettext("one", "many", 2) == "many"


def test_a_catalog_translates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A minimal .mo written by hand: header, then one message.
    messages = {"": "Content-Type: text/plain; charset=UTF-8\n", "Wrote {path}": "Écrit {path}"}
    keys = sorted(messages)
    ids = b"".join(k.encode() + b"\0" for k in keys)
    strs = b"".join(messages[k].encode() + b"\0" for k in keys)
    import struct

    n = len(keys)
    start = 7 * 4 + 16 * n
    offsets, pos = [], 0
    for k in keys:
        offsets.append((len(k.encode()), start + pos))
        pos += len(k.encode()) + 1
    toffsets, tpos = [], 0
    for k in keys:
        toffsets.append((len(messages[k].encode()), start + len(ids) + tpos))
        tpos += len(messages[k].encode()) + 1
    mo = struct.pack("Iiiiiii", 0x950412DE, 0, n, 7 * 4, 7 * 4 + 8 * n, 0, 0)
    mo += b"".join(struct.pack("ii", *o) for o in offsets)
    mo += b"".join(struct.pack("ii", *o) for o in toffsets)
    mo += ids + strs
    folder = tmp_path / "fr" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / f"{i18n.DOMAIN}.mo").write_bytes(mo)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    set_language("fr")
    assert isinstance(i18n._active, gettext.GNUTranslations)
    assert _("Wrote {path}").format(path="a.md") == "Écrit a.md"
    set_language(None)
    assert _("Wrote {path}") == "Wrote {path}"
