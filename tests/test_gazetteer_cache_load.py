"""Reading the gazetteer's cached pickle: the garbage collector is paused for the read only."""

from __future__ import annotations

import gc
import pickle
from pathlib import Path

import pytest

from chronicler.resolve import gazetteer


def test_collector_is_off_during_the_read_and_back_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cached = tmp_path / "gazetteer.pickle"
    cached.write_bytes(pickle.dumps(gazetteer.Gazetteer.__new__(gazetteer.Gazetteer)))
    monkeypatch.setattr(gazetteer, "_cache_path", lambda: cached)
    seen: list[bool] = []
    real_load = pickle.load

    def spy(fh):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return real_load(fh)

    monkeypatch.setattr(gazetteer.pickle, "load", spy)
    gazetteer.load_gazetteer.cache_clear()
    try:
        assert isinstance(gazetteer.load_gazetteer(), gazetteer.Gazetteer)
    finally:
        gazetteer.load_gazetteer.cache_clear()
    assert seen == [False] and gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with gazetteer._collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
