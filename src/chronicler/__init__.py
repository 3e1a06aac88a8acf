"""chronicler: a sourced, deduplicated record of events from news reporting.

The small public API:

    import chronicler
    events = chronicler.extract("Gunmen killed five police officers in Culiacán on Thursday.",
                                published="2026-03-12")
    with chronicler.Store("news.sqlite") as store: ...
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from chronicler.version import PIPELINE_VERSION, __version__

if TYPE_CHECKING:
    from chronicler.records import Event

__all__ = ["PIPELINE_VERSION", "Store", "__version__", "extract", "pipeline"]

_PIPELINE: Any = None


def pipeline() -> Any:
    """The default extraction pipeline (loaded once, then cached)."""
    global _PIPELINE
    if _PIPELINE is None:
        from chronicler.pipeline import Pipeline

        _PIPELINE = Pipeline.from_config()
    return _PIPELINE


def extract(text: str, published: str | dt.date | None = None) -> list[Event]:
    """Event records found in one text; `published` anchors relative dates."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published[:10])
    return list(pipeline().extract(text, published))


def __getattr__(name: str) -> Any:
    if name == "Store":
        from chronicler.store import Store

        return Store
    raise AttributeError(name)
