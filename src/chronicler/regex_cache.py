"""Compiled regular expressions kept between processes, in the user cache folder.

A language pack's toll words compile to about 170 regexes of 300 kB in all (0.4 s of CPU),
in every process that reads tolls: every pipeline worker. Python cannot pickle a compiled
pattern (pickling recompiles it), but the program `re` compiles a pattern to is a plain
list of integers: this keeps each pattern's program, keyed by the pattern's text and flags,
and rebuilds the `re.Pattern` from it with the same call `re` itself ends with (about 0.01 s
for the toll set). The file is keyed by the Python build and `re`'s engine version, so a
program is only ever reused by the engine that wrote it; anything unexpected falls back to
`re.compile`.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import sys
from pathlib import Path
from typing import Any

FORMAT = 1
# (flags, code, groups, groupindex, indexgroup): the arguments of `_sre.compile` after the text
Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]


def _engine() -> Any:
    """`re`'s compiler and engine modules (CPython 3.11+), or None elsewhere."""
    import importlib

    try:
        return tuple(importlib.import_module(name) for name in ("_sre", "re._compiler", "re._parser"))
    except ImportError:  # pragma: no cover - another Python implementation
        return None


class CompiledPatterns:
    """`compile(pattern, flags)` as `re.compile`, from programs cached under `name` (or, with
    `persist=False`, compiled as `re.compile` does and kept nowhere)."""

    def __init__(self, name: str, persist: bool = True) -> None:
        self._engine = _engine()
        self._path = _cache_path(name, self._engine) if persist else None
        self._known: dict[tuple[str, int], Program] = {}
        self._used: dict[tuple[str, int], Program] = {}
        self._missed = False
        if self._path is not None:
            with contextlib.suppress(Exception):  # no cache yet, or an unreadable one
                with self._path.open("rb") as fh:
                    known = pickle.load(fh)
                if isinstance(known, dict):
                    self._known = known

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str]:
        flags = int(flags)
        if self._engine is None:
            return re.compile(pattern, flags)
        key = (pattern, flags)
        program = self._known.get(key)
        if program is None:
            program = self._program(pattern, flags)  # raises re.error as re.compile would
            self._missed = True
        self._used[key] = program
        sre = self._engine[0]
        compiled: re.Pattern[str] = sre.compile(pattern, *program)
        return compiled

    def _program(self, pattern: str, flags: int) -> Program:
        """What `re._compiler.compile` computes before its last call."""
        _, compiler, parser = self._engine
        parsed = parser.parse(pattern, flags)
        code = [int(op) for op in compiler._code(parsed, flags)]
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        return (flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup))

    def save(self) -> None:
        """Write the programs used here when any had to be compiled (stale ones are dropped)."""
        if not self._missed or self._path is None:
            return
        tmp = self._path.with_suffix(f".{os.getpid()}.tmp")
        try:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with tmp.open("wb") as fh:
                pickle.dump(self._used, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(self._path)
            self._missed = False
        except OSError:  # a read-only home or a full disk only costs the compile next time
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


def _cache_path(name: str, engine: Any) -> Path | None:
    if engine is None:
        return None
    key = f"{FORMAT}:{sys.version}:{sys.implementation.cache_tag}:{engine[0].MAGIC}:{name}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:16]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chronicler"
    return root / f"regex-{name}-{digest}.pickle"
