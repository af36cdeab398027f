"""`i18n check`, `i18n export` and `i18n import` on a small model in tmp_path."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from profint_assess import catalogs, i18n, loading
from profint_assess.loading import load_model
from profint_assess.model import Language
from tests.conftest import Result

POT = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"

#: profint_assess/cli/score.py
msgid "Priorities"
msgstr ""

#: profint_assess/interview.py
msgid "Back"
msgstr ""
"""


def _po(priorities: str, back: str, fuzzy: bool = False) -> str:
    flag = "#, fuzzy\n" if fuzzy else ""
    return POT.replace(
        'msgid "Priorities"\nmsgstr ""', f'msgid "Priorities"\nmsgstr "{priorities}"'
    ).replace('msgid "Back"\nmsgstr ""', f'{flag}msgid "Back"\nmsgstr "{back}"')


@pytest.fixture
def released_french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """French released, with a complete interface catalog in a temporary locale folder."""
    languages = {
        "en": Language(name="English", english="English", status="released", scope="all"),
        "fr": Language(name="Français", english="French", status="released", scope="all"),
    }
    monkeypatch.setattr(loading, "load_languages", lambda: languages)
    locale = tmp_path / "locale"
    (locale / "fr" / "LC_MESSAGES").mkdir(parents=True)
    (locale / "profint.pot").write_text(POT, encoding="utf-8")
    po = locale / "fr" / "LC_MESSAGES" / "profint.po"
    po.write_text(_po("Priorités", "Retour"), encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    return po


def _complete_catalogs(root: Path, lang: str = "fr") -> dict[str, dict[str, str]]:
    english = catalogs.texts(load_model(root))
    folder = root / "translations" / lang
    folder.mkdir(parents=True, exist_ok=True)
    for part, texts in english.items():
        entries = {
            key: catalogs.CatalogEntry(hash=catalogs.source_hash(text), text=f"[fr] {text}")
            for key, text in texts.items()
        }
        (folder / f"{part}.yaml").write_text(
            catalogs.dump_catalog(texts, entries), encoding="utf-8"
        )
    return english


def test_check_passes_on_a_complete_released_language(
    cli: Callable[..., Result], mini_root: Path, released_french: Path
) -> None:
    _complete_catalogs(mini_root)
    result = cli("i18n", "check", "--model", mini_root)
    assert result.exit_code == 0, result.stderr
    assert re.search(
        r"fr Français \(released, all\): model texts (\d+)/\1 translated", result.stdout
    )
    assert "interface 2/2 translated, 0 missing, 0 fuzzy" in result.stdout
    # And the model loads in French.
    assert load_model(mini_root, lang="fr").factor("F01").title == "[fr] One"


def test_check_fails_on_one_stale_and_one_missing_entry(
    cli: Callable[..., Result], mini_root: Path, released_french: Path
) -> None:
    _complete_catalogs(mini_root)
    path = mini_root / "translations" / "fr" / "factors.yaml"
    text = path.read_text(encoding="utf-8")
    # F01.title: translated from another English text (stale); F02.title: removed (missing).
    text = re.sub(r'(F01\.title:\n  hash: )"[0-9a-f]{8}"', r'\g<1>"00000000"', text)
    text = re.sub(r'F02\.title:\n  hash: "[0-9a-f]{8}"\n  text: [^\n]*\n', "", text)
    path.write_text(text, encoding="utf-8")
    result = cli("i18n", "check", "--model", mini_root)
    assert result.exit_code == 2
    assert "1 missing, 1 stale" in result.stdout
    assert f"{path}: F02.title: missing" in result.stdout
    assert f"{path}: F01.title: stale" in result.stdout
    assert "fr is released but incomplete or stale" in result.stderr


def test_check_fails_on_a_fuzzy_interface_message(
    cli: Callable[..., Result], mini_root: Path, released_french: Path
) -> None:
    _complete_catalogs(mini_root)
    released_french.write_text(_po("Priorités", "Retour", fuzzy=True), encoding="utf-8")
    result = cli("i18n", "check", "--model", mini_root)
    assert result.exit_code == 2
    assert "1 fuzzy" in result.stdout
    assert "fuzzy: 'Back'" in result.stdout


def test_a_model_lacking_a_released_language_fails_the_check(
    cli: Callable[..., Result], mini_root: Path
) -> None:
    # The tool's languages are released: a model folder that does not translate them is
    # reported, language by language, and the check fails (exit 2).
    result = cli("i18n", "check", "--model", mini_root)
    assert result.exit_code == 2, result.stdout
    assert "fr Français (released, all)" in result.stdout
    assert "ar العربية (released, beneficiary)" in result.stdout
    assert "fr is released but incomplete or stale" in result.stderr


def test_po_round_trip(cli: Callable[..., Result], mini_root: Path, tmp_path: Path) -> None:
    exported = tmp_path / "fr.po"
    result = cli("i18n", "export", "--lang", "fr", "--model", mini_root, "-o", exported)
    assert result.exit_code == 0, result.stderr
    text = exported.read_text(encoding="utf-8")
    assert 'msgctxt "factors|F01.title"\nmsgid "One"\nmsgstr ""' in text
    # A translator fills two entries in a PO editor.
    text = text.replace('msgid "One"\nmsgstr ""', 'msgid "One"\nmsgstr "Un"')
    text = text.replace(
        'msgctxt "self|F01.Q1.level.3"\nmsgid "d"\nmsgstr ""',
        'msgctxt "self|F01.Q1.level.3"\nmsgid "d"\nmsgstr "dé « x »"',
    )
    exported.write_text(text, encoding="utf-8")
    result = cli("i18n", "import", exported, "--model", mini_root)
    assert result.exit_code == 0, result.stderr
    model = load_model(mini_root, lang="fr")
    assert model.factor("F01").title == "Un"
    question = model.questionnaire("self").questions[0]  # type: ignore[union-attr]
    assert question.levels[3] == "dé « x »"
    catalog = (mini_root / "translations" / "fr" / "factors.yaml").read_text(encoding="utf-8")
    assert f'F01.title:\n  hash: "{catalogs.source_hash("One")}"\n' in catalog
    # Exported again: the translation is there and marked done.
    again = cli("i18n", "export", "--lang", "fr", "--model", mini_root, "--format", "csv")
    rows = {
        r["key"]: r for r in csv.DictReader(io.StringIO(again.stdout)) if r["part"] == "factors"
    }
    assert rows["F01.title"]["translation"] == "Un" and rows["F01.title"]["status"] == "done"
    assert rows["F02.title"]["status"] == "missing"


def test_csv_round_trip_and_a_stale_translation(
    cli: Callable[..., Result], mini_root: Path, tmp_path: Path
) -> None:
    result = cli("i18n", "export", "--lang", "sv", "--model", mini_root, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == list(catalogs.CSV_COLUMNS)
    for row in rows:
        if row["key"] in ("F01.title", "F02.title"):
            row["translation"] = {"F01.title": "Ett", "F02.title": "Två"}[row["key"]]
    sheet = tmp_path / "sv.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(catalogs.CSV_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    assert cli("i18n", "import", sheet, "--model", mini_root).exit_code == 0
    assert load_model(mini_root, lang="sv").factor("F02").title == "Två"
    # The English of F02 changes: its translation is now stale and English is shown.
    factors = mini_root / "factors" / "factors.yaml"
    factors.write_text(factors.read_text().replace("title: Two", "title: Two B"))
    model = load_model(mini_root, lang="sv")
    assert model.factor("F02").title == "Two B"
    assert model.factor("F01").title == "Ett"
    assert model.translation is not None and model.translation.stale == 1


def test_import_refuses_unknown_ids_and_writes_nothing(
    cli: Callable[..., Result], mini_root: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "fr.csv"
    sheet.write_text(
        "lang,part,key,hash,status,english,translation\n"
        f"fr,factors,F01.title,{catalogs.source_hash('One')},missing,One,Un\n"
        "fr,factors,F09.title,00000000,missing,Nine,Neuf\n"
        "fr,nowhere,F01.title,00000000,missing,One,Un\n",
        encoding="utf-8",
    )
    result = cli("i18n", "import", sheet, "--model", mini_root)
    assert result.exit_code == 2
    assert f"{sheet}:3: factors: unknown key 'F09.title'" in result.stderr
    assert f"{sheet}:4: unknown part 'nowhere'" in result.stderr
    assert not (mini_root / "translations").exists()


def test_import_needs_a_known_language(
    cli: Callable[..., Result], mini_root: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "de.csv"
    sheet.write_text(
        "lang,part,key,hash,status,english,translation\nde,factors,F01.title,,missing,One,Eins\n",
        encoding="utf-8",
    )
    result = cli("i18n", "import", sheet, "--model", mini_root)
    assert result.exit_code == 2
    assert "unknown language" in result.stderr
