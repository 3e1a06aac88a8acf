"""Package and pipeline versions.

`PIPELINE_VERSION` names what produced a record, and `process` re-extracts every article
whose events came from another version. It is derived, never typed: `RELEASE` followed by
a hash of everything that shapes extraction output, so any change to the extraction code,
lexicons, language packs, knowledge base, gazetteer or models gives a new version, and two
installs of the same source give the same one.

What is hashed (`SHAPING`, globs relative to the package folder, so new files are picked up
by themselves): the bytes of every matching file, in sorted order of their relative paths
(POSIX form), plus the name and installed version of spaCy and of the configured model.
Compiled files and caches are skipped.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__version__ = "0.1.0"

RELEASE = "2026.12"
HASH_LENGTH = 10
SHAPING: tuple[str, ...] = (
    "pipeline.py",
    "extract/**/*",
    "resolve/**/*",
    "analyse/**/*",
    "lang/**/*",
    "data/lang/**/*",
    "data/lexicon/**/*",
    "data/kb/**/*",
    "data/attribution/**/*",
    "data/gazetteer/**/*",
    "data/models/**/*",
)
_SKIP_PARTS = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"})
_SKIP_SUFFIXES = frozenset({".pyc", ".pyo", ".partial", ".tmp"})
PACKAGE_ROOT = Path(__file__).resolve().parent
PIPELINE_VERSION: str  # computed on first use, see __getattr__


def shaping_files(root: Path = PACKAGE_ROOT, patterns: Iterable[str] = SHAPING) -> list[Path]:
    """The files that shape extraction output, sorted by relative path."""
    found: set[Path] = set()
    for pattern in patterns:
        for path in root.glob(pattern):
            rel = path.relative_to(root)
            if (path.is_file() and not _SKIP_PARTS & set(rel.parts) and path.suffix not in _SKIP_SUFFIXES
                    and not path.name.startswith(".")):  # fmt: skip
                found.add(rel)
    return sorted(found, key=lambda p: p.as_posix())


def _installed(name: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not-installed"


def model_versions() -> list[str]:
    """spaCy and the configured model, as name==version (the packs name theirs in pack.json)."""
    from chronicler.config import DEFAULT_MODEL

    model = os.environ.get("CHRONICLER_SPACY_MODEL") or DEFAULT_MODEL
    return [f"spacy=={_installed('spacy')}", f"{model}=={_installed(model)}"]


def content_hash(root: Path = PACKAGE_ROOT, patterns: Iterable[str] = SHAPING,
                 extra: Iterable[str] | None = None) -> str:  # fmt: skip
    """sha256 over (relative path, bytes) of every shaping file, then the model versions."""
    digest = hashlib.sha256()
    for rel in shaping_files(root, patterns):
        data = (root / rel).read_bytes()
        digest.update(f"{rel.as_posix()}\0{len(data)}\0".encode())
        digest.update(data)
    for item in model_versions() if extra is None else extra:
        digest.update(f"{item}\0".encode())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def pipeline_version() -> str:
    return f"{RELEASE}-{content_hash()[:HASH_LENGTH]}"


def __getattr__(name: str) -> Any:
    # Computed on first use (a few milliseconds), so importing chronicler stays cheap.
    if name == "PIPELINE_VERSION":
        return pipeline_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
