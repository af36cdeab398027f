"""The validated-model cache: a warm load equals a cold one; any change to a file the model is
built from (or to its catalogs, for a language) is seen; a damaged or unwritable cache is only
ever a slower start, never an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from profint_assess import loading, model_cache
from profint_assess.errors import ModelError
from profint_assess.loading import load_model
from tests.conftest import ROOT


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PROFINT_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def model_root(tmp_path: Path) -> Path:
    root = tmp_path / "model"
    for part in ("factors", "questionnaires", "translations"):
        shutil.copytree(ROOT / part, root / part)
    return root


def _not_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(root: object) -> object:
        raise AssertionError("validated again despite a warm cache")

    monkeypatch.setattr(loading, "_load_english_model", refuse)


def test_a_warm_load_equals_a_cold_one_and_validates_nothing(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = load_model()
    french_cold = load_model(lang="fr")
    assert len(list(cache_dir.glob("model-*.pickle"))) == 2
    _not_validated(monkeypatch)
    assert load_model() == cold
    warm_french = load_model(lang="fr")
    assert warm_french == french_cold and warm_french.translation == french_cold.translation
    assert load_model(lang="en") == cold  # English is the model as written


def test_the_cache_folder_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PROFINT_CACHE_DIR", str(tmp_path / "mine"))
    assert model_cache.folder() == tmp_path / "mine"
    monkeypatch.delenv("PROFINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert model_cache.folder() == tmp_path / "xdg" / "profint-assess"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # ignored, as XDG says
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert model_cache.folder() == tmp_path / "home" / ".cache" / "profint-assess"

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(model_cache.Path, "home", staticmethod(no_home))
    assert model_cache.folder() is None
    assert load_model().meta.id == "profint"  # no cache at all: still loads


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        ("factors/factors.yaml", "title: Comprehensive accompaniment", "title: Whole support"),
        ("questionnaires/self-assessment.yaml", "id: self-assessment", "id: self-check"),
    ],
)
def test_editing_a_model_file_is_seen(
    cache_dir: Path, model_root: Path, file: str, old: str, new: str
) -> None:
    before = load_model(model_root)
    path = model_root / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    after = load_model(model_root)
    assert after != before
    assert after == loading._load_english_model(model_root)
    # The stale file of the same model was replaced, not kept beside the new one.
    assert len(list(cache_dir.glob("model-*.pickle"))) == 1


def test_editing_a_catalog_is_seen_in_that_language_only(
    cache_dir: Path, model_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    french = load_model(model_root, lang="fr")
    english = load_model(model_root)
    catalog = model_root / "translations" / "fr" / "factors.yaml"
    title = french.factors[0].title
    catalog.write_text(
        catalog.read_text(encoding="utf-8").replace(f'text: "{title}"', 'text: "Titre neuf"', 1),
        encoding="utf-8",
    )
    assert load_model(model_root, lang="fr").factors[0].title == "Titre neuf"
    _not_validated(monkeypatch)
    assert load_model(model_root) == english  # the English entry did not depend on it


def test_a_new_questionnaire_file_is_seen(cache_dir: Path, model_root: Path) -> None:
    load_model(model_root)
    extra = model_root / "questionnaires" / "copy.yaml"
    text = (model_root / "questionnaires" / "team.yaml").read_text(encoding="utf-8")
    extra.write_text(text, encoding="utf-8")  # the same id twice: an error, not the cache
    with pytest.raises(ModelError, match="duplicate questionnaire id"):
        load_model(model_root)


@pytest.mark.parametrize(
    "damage",
    [b"", b"not a pickle", b"\x80\x05K\x01.", None],
    ids=["empty", "garbage", "foreign pickle", "a folder"],
)
def test_a_damaged_or_foreign_cache_is_rebuilt(cache_dir: Path, damage: bytes | None) -> None:
    cold = load_model()
    (cached,) = cache_dir.glob("model-*.pickle")
    if damage is None:
        cached.unlink()
        cached.mkdir()
    else:
        cached.write_bytes(damage)
    assert load_model() == cold


def test_a_pickle_of_another_key_is_not_trusted(
    cache_dir: Path, model_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_model(model_root)
    (cached,) = cache_dir.glob("model-*.pickle")
    builtin = model_cache.entry(loading.builtin_root(), None)
    assert builtin is not None
    load_model()
    # The other model's file renamed to this one's name: its key inside does not match.
    shutil.copy(builtin.path, cached)
    assert load_model(model_root).meta == loading._load_english_model(model_root).meta


def test_an_unwritable_cache_is_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    monkeypatch.setenv("PROFINT_CACHE_DIR", str(locked / "cache"))
    # Refused as a read-only folder refuses a user (CI runs as root, whom modes don't stop).
    real_mkdir = Path.mkdir

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        if str(self).startswith(str(locked)):
            raise PermissionError(13, "Permission denied", str(self))
        real_mkdir(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert load_model().meta.id == "profint"
    assert load_model().meta.id == "profint"
    assert capfd.readouterr() == ("", "")
    assert not locked.exists()


def test_a_cache_path_that_is_a_file_is_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PROFINT_CACHE_DIR", str(blocker / "cache"))
    assert load_model().meta.id == "profint"
    assert load_model().meta.id == "profint"
    assert capfd.readouterr() == ("", "")
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_model_with_an_error_is_reported_with_a_warm_cache(
    cache_dir: Path, model_root: Path
) -> None:
    load_model(model_root)  # the valid content, cached
    path = model_root / "factors" / "factors.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "field: strategy" in line)
    lines[at] = lines[at].replace("field: strategy", "field: nowhere")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for _ in range(2):  # never cached: the same error every time
        with pytest.raises(ModelError) as caught:
            load_model(model_root)
        assert f"factors.yaml:{at + 1}: " in str(caught.value)
        assert "unknown field 'nowhere'" in str(caught.value)
    assert len(list(cache_dir.glob("model-*.pickle"))) == 1
