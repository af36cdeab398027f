"""The validated model, kept between runs in the user's cache.

Validating the model means parsing about 200 kB of YAML and importing pydantic and the schemas:
longer than Typer takes to start. Once a model has loaded without a problem, :func:`entry`'s
``write`` pickles the records (with their translation, for a language) into
``$PROFINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/profint-assess``, else
``~/.cache/profint-assess``. The file is named by a hash of every file the model is built from
(``factors/``, ``questionnaires/``, the language's catalogs), of the code that validates and
translates them, of the package version and of :data:`FORMAT`: any change makes another name,
and the stale file of the same model and language is removed when the new one is written.
The list of languages (``translations/languages.yaml``), read by every run in a language other
than English, is kept the same way.

The cache is only ever a shortcut. A missing, corrupt, foreign or unreadable file is ignored
(the model is validated again and the file rewritten); a folder that cannot be written means
no cache, silently. A model with a problem is never cached, so its errors show every time.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from profint_assess import __version__
from profint_assess.records import Model

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

try:  # blake2 alone: ``hashlib`` also loads OpenSSL, a few ms more at every start
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python implementation
    from hashlib import blake2b

# Bump when what is pickled changes shape in a way the code hash below would not show.
FORMAT = 1
ENVIRONMENT_VARIABLE = "PROFINT_CACHE_DIR"
# What decides the validated, translated result besides the model's files.
_CODE = (
    "model.py",
    "records.py",
    "loading.py",
    "yaml_subset.py",
    "catalogs.py",
    "model_cache.py",
)
_FACTORS = (
    "model.yaml",
    "factors.yaml",
    "recommendations.yaml",
    "practices.yaml",
    "crosswalk.yaml",
)
_SUFFIXES = (".yaml", ".yml")


def folder() -> Path | None:
    """Where cached models go (the folder may not exist yet); None: nowhere (no home)."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not Path(base).is_absolute():  # unset, or relative: the XDG rule is to ignore it
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no home directory to be found: no cache
            return None
    return Path(base) / "profint-assess"


class Entry:
    """One cache file: a model folder in one language (None: English), or a languages file."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path = path
        self.key = key

    def read(self) -> Any:
        """The cached value, or None when there is none worth trusting."""
        try:
            with self.path.open("rb") as handle:
                cached = pickle.load(handle)  # noqa: S301 - our own file, in the user's cache
        except Exception:  # noqa: BLE001 - missing, truncated, foreign: validate again
            return None
        if (
            type(cached) is tuple
            and len(cached) == 3
            and cached[:2] == (FORMAT, self.key)
            and isinstance(cached[2], (Model, dict))
        ):
            return cached[2]
        return None

    def write(self, value: Model | dict[str, Any]) -> None:
        """Store ``value`` atomically; any failure leaves no cache, which is fine."""
        tmp = None
        try:
            data = pickle.dumps((FORMAT, self.key, value), protocol=pickle.HIGHEST_PROTOCOL)
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                handle.write(data)
            tmp.replace(self.path)
            tmp = None
            stem = self.path.name.rsplit("-", 1)[0]
            for other in self.path.parent.glob(f"{stem}-*.pickle"):
                if other != self.path:
                    other.unlink(missing_ok=True)  # the same model and language, before an edit
        except Exception:  # noqa: BLE001, S110 - no cache is not an error
            pass
        finally:
            if tmp is not None:
                try:
                    tmp.unlink(missing_ok=True)
                except OSError:
                    pass


def entry(root: Path | Traversable, lang: str | None) -> Entry | None:
    """The cache entry for the model under ``root`` in ``lang``, or None when its files cannot
    all be read (loading then reports why)."""
    parts: list[tuple[str, Any]] = [
        (f"factors/{name}", root / "factors" / name) for name in _FACTORS
    ]
    for part in ["questionnaires"] + ([f"translations/{lang}"] if lang else []):
        folder = root / part
        if folder.is_dir():
            parts += [
                (f"{part}/{item.name}", item)
                for item in sorted(folder.iterdir(), key=lambda e: e.name)
                if item.name.endswith(_SUFFIXES)
            ]
        else:
            parts.append((part, None))
    return _entry("model", f"{root}\0{lang}", parts)


def languages_entry(source: Path | Traversable) -> Entry | None:
    """The cache entry for a ``languages.yaml`` (read at the start of every run in a language)."""
    return _entry("languages", str(source), [("languages.yaml", source)])


def _entry(kind: str, place: str, parts: list[tuple[str, Any]]) -> Entry | None:
    """An entry named by ``kind`` and ``place`` (one file per place: a new version replaces the
    old) and keyed by the contents of ``parts`` (name, file or None), the code and versions."""
    digest = blake2b(digest_size=20)
    digest.update(f"{FORMAT}\0{__version__}\0{kind}\0{place}\0".encode())
    code = Path(__file__).parent
    try:
        for name in _CODE:
            _add(digest, name, (code / name).read_bytes())
        for name, source in parts:
            _add(
                digest,
                name,
                source.read_bytes() if source is not None and source.is_file() else None,
            )
    except OSError:
        return None
    cache = folder()
    if cache is None:
        return None
    where = blake2b(place.encode(), digest_size=6).hexdigest()
    return Entry(cache / f"{kind}-{where}-{digest.hexdigest()}.pickle", digest.digest())


def _add(digest: Any, name: str, content: bytes | None) -> None:
    digest.update(name.encode() + b"\0")
    if content is None:
        digest.update(b"-\0")
    else:
        digest.update(len(content).to_bytes(8, "big") + content)
