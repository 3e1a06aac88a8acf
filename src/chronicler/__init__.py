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
        # Importing the submodules chronicler.pipeline and chronicler.extract binds those
        # names on this package, over the functions: bind the functions again.
        globals().update(pipeline=_PIPELINE_FN, extract=_EXTRACT)
    return _PIPELINE


def extract(
    text: str, published: str | dt.date | None = None, language: str | None = None
) -> list[Event]:
    """Event records found in one text; `published` anchors relative dates.

    `language` (ISO 639-1) is detected when not given; a text too short to tell is read
    as English. A language without a pack is an E320 error, one whose model is not
    installed E322 (`chronicler models install <code>`)."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published[:10])
    if language is None:
        from chronicler.ingest.language import detect_language

        language = detect_language(text) or "en"
    return list(_PIPELINE_FN().extract(text, published, language=language))


_PIPELINE_FN = pipeline
_EXTRACT = extract


def __getattr__(name: str) -> Any:
    if name == "Store":
        from chronicler.store import Store

        return Store
    raise AttributeError(name)
