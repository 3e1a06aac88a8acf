"""Compiled regexes kept between processes: the same patterns as `re.compile`, read back
from the cache without compiling, and no harm from a missing or unreadable cache.
Patterns and texts written for these tests."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chronicler import regex_cache
from chronicler.regex_cache import CompiledPatterns

PATTERNS = [
    (r"\b(?P<n>\d+|two|three)\s+(?:people|men)\s+(?P<verb>were\s+killed|died)\b", re.I),
    (r"(?<!\w)(?:on|last)\s+(?P<wd>monday|friday)(?!\w)", re.I),
    (r"^\s*(?:[^:]{1,40}:\s+)?(\w+)", 0),
]
TEXTS = ["Officials said Three men were killed on Monday.", "EDITOR: two people died last Friday",
         "nothing here"]


@pytest.fixture(autouse=True)
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> None:
    assert (a.pattern, a.flags, a.groups, a.groupindex) == (b.pattern, b.flags, b.groups, b.groupindex)
    for text in TEXTS:
        assert [m.span() + m.groups() for m in a.finditer(text)] == [m.span() + m.groups() for m in b.finditer(text)]


def test_patterns_equal_re_compile_cold_and_from_the_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    cold = CompiledPatterns("test")
    first = [cold.compile(p, f) for p, f in PATTERNS]
    cold.save()
    # From the cache nothing is parsed or compiled again.
    monkeypatch.setattr(CompiledPatterns, "_program", lambda *a: pytest.fail("compiled again"))
    warm = CompiledPatterns("test")
    second = [warm.compile(p, f) for p, f in PATTERNS]
    for (p, f), a, b in zip(PATTERNS, first, second, strict=True):
        _same(a, re.compile(p, f))
        _same(b, re.compile(p, f))


def test_a_bad_pattern_raises_as_re_does() -> None:
    with pytest.raises(re.error):
        CompiledPatterns("test").compile(r"(?P<n>\d+")


def test_an_unreadable_cache_is_ignored_and_replaced(cache_home: Path) -> None:
    path = regex_cache._cache_path("test", regex_cache._engine())
    assert path is not None and str(path).startswith(str(cache_home))
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    cache = CompiledPatterns("test")
    _same(cache.compile(*PATTERNS[0]), re.compile(*PATTERNS[0]))
    cache.save()
    assert CompiledPatterns("test")._known  # rewritten with the program


def test_only_the_programs_used_are_kept() -> None:
    one = CompiledPatterns("test")
    for p, f in PATTERNS:
        one.compile(p, f)
    one.save()
    two = CompiledPatterns("test")
    two.compile("a new one")
    two.compile(*PATTERNS[0])
    two.save()
    assert set(CompiledPatterns("test")._known) == {("a new one", 0), (PATTERNS[0][0], int(PATTERNS[0][1]))}


def test_toll_patterns_are_the_same_text_in_every_process() -> None:
    """The cache keys on a pattern's text: the toll words must not come out in a set's
    order, which changes with the string hash seed."""
    import os
    import subprocess
    import sys

    code = ("import hashlib; from chronicler.extract.toll import load_toll_language as l; "
            "t = l('en'); print(hashlib.sha1('\\n'.join(p.pattern for _, _, p in t.patterns)"
            ".encode()).hexdigest())")
    digests = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2")}
    assert len(digests) == 1


def test_only_the_shipped_packs_are_cached(cache_home: Path) -> None:
    """A user's or a test's pack is compiled each time and leaves no file behind."""
    import dataclasses

    from chronicler.extract.toll import _shipped, compile_toll_pack
    from chronicler.lang import load_pack

    assert _shipped(load_pack("en")) and _shipped(load_pack("es"))
    elsewhere = dataclasses.replace(load_pack("en"), folder=cache_home / "mine")
    assert not _shipped(elsewhere)
    scratch = CompiledPatterns("elsewhere", persist=False)
    scratch.compile(*PATTERNS[0])
    scratch.save()
    assert not list(cache_home.rglob("*.pickle"))
    assert compile_toll_pack(load_pack("en")).patterns  # the shipped pack: written
    assert list(cache_home.rglob("regex-toll-en-*.pickle"))
