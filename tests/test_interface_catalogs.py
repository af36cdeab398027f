"""Interface catalogs: the .pot is current, every .po parses as Babel reads it, .mo and .po agree.

Babel is a test dependency here (as it is a build dependency): these tests prove that the
tree's .po reader (used where no .mo exists) and the wheel's compiled .mo give the same
translations.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from profint_assess import i18n
from profint_assess.loading import load_languages

babel = pytest.importorskip("babel")
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po as babel_read_po  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "profint_assess" / "locale"
POT = LOCALE / "profint.pot"


def _po(code: str) -> Path:
    return LOCALE / code / "LC_MESSAGES" / "profint.po"


def _ids(catalog: object) -> set[str]:
    return {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}  # type: ignore[attr-defined]


def test_every_language_but_english_has_an_interface_catalog() -> None:
    for code in load_languages():
        assert code == "en" or _po(code).is_file(), code


def test_the_pot_is_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Someone wrapped a string and did not run scripts/update_catalogs.py: this says so."""
    from babel.messages.frontend import CommandLineInterface

    out = tmp_path / "fresh.pot"
    monkeypatch.chdir(ROOT)
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            "--ignore-dirs=.* ._ venv .venv build dist tests benchmarks scripts",
            "-o",
            str(out),
            ".",
        ]
    )
    with out.open("rb") as fresh, POT.open("rb") as committed:
        missing = _ids(babel_read_po(fresh)) - _ids(babel_read_po(committed))
    assert not missing, f"run scripts/update_catalogs.py; not in the .pot: {sorted(missing)[:5]}"


@pytest.mark.parametrize("code", ["fr", "it", "sv", "ar", "uk"])
def test_po_reader_agrees_with_babel_and_with_the_compiled_mo(
    code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = _po(code).read_text(encoding="utf-8")
    ours = i18n.read_po(text)
    catalog = babel_read_po(io.BytesIO(text.encode("utf-8")), locale=code)
    translated = {
        m.id if isinstance(m.id, str) else m.id[0]
        for m in catalog
        if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])
    }
    assert set(ours.messages) == translated
    assert ours.total == len(_ids(catalog))

    # The wheel's path: a .mo compiled by Babel, read by the stdlib.
    folder = tmp_path / code / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "profint.mo").open("wb") as handle:
        write_mo(handle, catalog)
    from_po = {}
    i18n.set_language(code)
    for msgid in ours.messages:
        from_po[msgid] = (i18n._(msgid), [i18n.ngettext(msgid, msgid + "s", n) for n in (1, 2, 5)])
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.set_language(code)
    for msgid, (single, plurals) in from_po.items():
        assert i18n._(msgid) == single
        assert [i18n.ngettext(msgid, msgid + "s", n) for n in (1, 2, 5)] == plurals


def test_po_reader_handles_plurals_fuzzy_context_and_escapes() -> None:
    catalog = i18n.read_po(
        "\n".join(
            [
                'msgid ""',
                'msgstr ""',
                '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"',
                "",
                "#: profint_assess/interview.py",
                'msgid "Back"',
                'msgstr "Retour"',
                "",
                "#, fuzzy",
                'msgid "Quit"',
                'msgstr "Quitter"',
                "",
                'msgid "{n} file"',
                'msgid_plural "{n} files"',
                'msgstr[0] "{n} fichier"',
                'msgstr[1] "{n} fichiers"',
                "",
                'msgctxt "level"',
                'msgid "leading"',
                'msgstr "avancé"',
                "",
                'msgid "Say \\"hi\\"\\n"',
                'msgstr ""',
                '"Dites "',
                '"\\"bonjour\\"\\n"',
                "",
                'msgid "Untranslated"',
                'msgstr ""',
            ]
        )
    )
    assert catalog.messages["Back"] == ["Retour"]
    assert catalog.fuzzy == ["Quit"] and "Quit" not in catalog.messages
    assert catalog.untranslated == ["Untranslated"]
    assert catalog.messages["level\x04leading"] == ["avancé"]
    assert catalog.messages['Say "hi"\n'] == ['Dites "bonjour"\n']
    assert catalog.references["Back"] == ["profint_assess/interview.py"]
    assert catalog.plural(0) == 0 and catalog.plural(1) == 0 and catalog.plural(2) == 1
