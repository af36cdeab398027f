"""Choosing the language, the languages file, and content catalogs applied to the model."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from profint_assess import catalogs, i18n
from profint_assess.errors import ModelError
from profint_assess.loading import load_languages, load_model
from tests.conftest import Result, answers_yaml

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "valcourt-pathways.yaml"


# --- which language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "environ", "expected"),
    [
        ("fr", {"PROFINT_LANG": "it", "LC_ALL": "sv_SE.UTF-8"}, ("fr", "--lang")),
        (None, {"PROFINT_LANG": "it", "LC_ALL": "sv_SE.UTF-8"}, ("it", "PROFINT_LANG")),
        (None, {"LC_ALL": "sv_SE.UTF-8", "LANG": "fr_FR.UTF-8"}, ("sv", "LC_ALL")),
        (None, {"LC_MESSAGES": "it_IT", "LANG": "fr_FR.UTF-8"}, ("it", "LC_MESSAGES")),
        (None, {"LANG": "fr_FR.UTF-8"}, ("fr", "LANG")),
        (None, {"LANG": "uk_UA.utf8@euro"}, ("uk", "LANG")),
        (None, {"LANG": "C.UTF-8"}, ("en", "LANG")),
        (None, {"LC_ALL": "", "LANG": "POSIX"}, ("en", "LANG")),
        (None, {}, ("en", "default")),
        ("FR", {}, ("fr", "--lang")),
    ],
)
def test_resolution_order(
    option: str | None, environ: dict[str, str], expected: tuple[str, str]
) -> None:
    assert i18n.resolve(option, environ) == expected


def test_languages_file_declares_the_five_translations() -> None:
    languages = load_languages()
    assert set(languages) == {"en", "fr", "it", "sv", "ar", "uk"}
    assert languages["ar"].dir == "rtl" and languages["ar"].scope == "beneficiary"
    assert languages["uk"].scope == "beneficiary"
    assert {languages[c].scope for c in ("fr", "it", "sv")} == {"all"}
    assert languages["fr"].name == "Français"


def test_unknown_lang_is_a_usage_error_listing_the_languages(
    cli: Callable[..., Result],
) -> None:
    result = cli("score", EXAMPLE, "--lang", "de")
    assert result.exit_code == 2
    assert "--lang de: unknown language" in result.stderr
    for code in ("en", "fr", "it", "sv", "ar", "uk"):
        assert f"{code} (" in result.stderr
    assert result.stdout == ""


def test_unknown_profint_lang_is_a_usage_error(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROFINT_LANG", "xx")
    result = cli("model", "validate")
    assert result.exit_code == 2
    assert "PROFINT_LANG=xx: unknown language" in result.stderr


def test_a_locale_without_translation_means_english(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PROFINT_LANG")
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    result = cli("model", "validate")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert i18n.language() == "en"


def test_the_locale_picks_french_and_a_released_language_adds_no_note(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PROFINT_LANG")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    result = cli("score", EXAMPLE, "--format", "json")
    assert result.exit_code == 0
    assert i18n.language() == "fr"
    # French is released: nothing is shown in English, so there is nothing to say on stderr.
    assert result.stderr == "", result.stderr


def test_lang_option_beats_the_environment(
    cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PROFINT_LANG", "it")
    result = cli("model", "validate", "--lang", "en")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert i18n.language() == "en"


# --- content catalogs ---------------------------------------------------------------------


def _catalog(root: Path, lang: str, part: str, entries: dict[str, tuple[str, str]]) -> Path:
    """Write ``{key: (english source, translation)}`` as a catalog with the source's hash."""
    path = root / "translations" / lang / f"{part}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        f"{key}: {{hash: {catalogs.source_hash(source)}, text: {translated!r}}}"
        for key, (source, translated) in entries.items()
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_keys_follow_the_ids(mini_root: Path) -> None:
    texts = catalogs.texts(load_model(mini_root))
    assert set(texts) == {"factors", "self", "partner"}
    factors = texts["factors"]
    assert factors["F01.title"] == "One"
    assert factors["F01.R2.title"] == "Do two"
    assert factors["F01.R2.steps.1"] == "a"
    assert factors["fields.strategy.title"] == "Strategy"
    assert factors["levels.emerging.title"] == "Emerging"
    assert factors["practices.p1.summary"] == "s"
    assert factors["practices.p1.country"] == "Sweden"
    # Codes are never texts.
    assert not any(k.endswith((".id", ".source", ".field", ".organization")) for k in factors)
    questions = texts["self"]
    assert questions["F01.Q1.text"] == "q"
    assert questions["F01.Q1.level.3"] == "d"
    assert questions["scale.3.label"] == "three"
    assert questions["title"] == "Self"


def test_catalog_replaces_texts_and_counts_what_falls_back(mini_root: Path) -> None:
    _catalog(
        mini_root,
        "fr",
        "factors",
        {
            "F01.title": ("One", "Un"),
            "F01.R2.steps.2": ("b", "bé"),
            "fields.strategy.title": ("Strategy", "Stratégie"),
            # translated from an older English text: stale, so the English is shown
            "F02.title": ("Two (old wording)", "Deux"),
        },
    )
    _catalog(
        mini_root, "fr", "self", {"F01.Q1.level.3": ("d", "dé"), "scale.0.label": ("none", "aucun")}
    )
    english = load_model(mini_root)
    model = load_model(mini_root, lang="fr")
    assert model.factor("F01").title == "Un"
    assert model.factor("F02").title == "Two"  # stale
    assert model.recommendations_for("F01")[1].steps == ["a", "bé"]
    assert model.meta.fields[0].title == "Stratégie"
    questionnaire = model.questionnaire("self")
    assert questionnaire is not None
    assert questionnaire.questions[0].levels[3] == "dé"
    assert questionnaire.scale[0].label == "aucun"
    # Ids, codes and numbers are untouched.
    assert [f.id for f in model.factors] == [f.id for f in english.factors]
    assert model.factor("F02").weight == 3
    assert model.meta.fields[0].id == "strategy"
    total = sum(len(part) for part in catalogs.texts(english).values())
    assert model.translation is not None
    assert model.translation.stale == 1
    assert model.translation.missing == total - 5 - 1
    # The English model is not changed by loading a translation.
    assert load_model(mini_root).factor("F01").title == "One"


def test_a_bad_catalog_names_file_line_and_field(mini_root: Path) -> None:
    path = mini_root / "translations" / "fr" / "factors.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        "F01.title: {hash: 1a2b3c4d, text: Un}\nF02.title: {hash: nothex, text: Deux}\n",
        encoding="utf-8",
    )
    with pytest.raises(ModelError) as caught:
        load_model(mini_root, lang="fr")
    (line,) = caught.value.lines()
    assert line.startswith(f"{path}:2: F02.title.hash: ")


def test_a_custom_model_without_translation_says_so_once(
    cli: Callable[..., Result], mini_root: Path, write: Callable[[str, str], Path]
) -> None:
    answers = write("a.yaml", answers_yaml("F01.Q1: 3\nF02.Q1: 2\nF03.Q1: 1"))
    result = cli("score", answers, "--model", mini_root, "--lang", "fr", "--format", "json")
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    assert f"Le modèle de {mini_root} n’a pas de traduction (Français)" in lines[0]


def test_the_built_in_catalogs_are_valid() -> None:
    # Whatever translators have written so far must load (file:line errors otherwise).
    for code in load_languages():
        model = load_model(lang=code)
        assert [f.id for f in model.factors] == [f"F{i:02d}" for i in range(1, 14)]


def test_hash_is_short_and_follows_the_text() -> None:
    assert len(catalogs.source_hash("Comprehensive accompaniment")) == 8
    assert catalogs.source_hash("a") != catalogs.source_hash("b")
    assert catalogs.source_hash(" a \n") == catalogs.source_hash("a")


def test_catalog_text_with_yaml_specials(mini_root: Path) -> None:
    path = mini_root / "translations" / "fr" / "self.yaml"
    path.parent.mkdir(parents=True)
    source = catalogs.source_hash("q")
    path.write_text(
        textwrap.dedent(
            f"""\
            F01.Q1.text:
              hash: {source}
              text: "Le dispositif a-t-il : « des objectifs » ?"
            """
        ),
        encoding="utf-8",
    )
    questionnaire = load_model(mini_root, lang="fr").questionnaire("self")
    assert questionnaire is not None
    assert questionnaire.questions[0].text == "Le dispositif a-t-il : « des objectifs » ?"
