"""The small public Python API, re-exported by `chronicler/__init__.py` (see docs/python.md).

    import chronicler
    events = chronicler.extract("Gunmen killed five police officers in Culiacán on Thursday.",
                                published="2026-03-12")
    with chronicler.Store("news.sqlite") as store: ...

Defined here, not in the package's `__init__`, because `chronicler.extract` is also the name
of a subpackage: `__init__` loads the subpackage first and then binds this function over the
name, so it stays a function whatever is imported later.
"""

from __future__ import annotations

import datetime as dt
import inspect
from typing import TYPE_CHECKING, Any

from chronicler.errors import ChroniclerError, E

if TYPE_CHECKING:
    from chronicler.pipeline import Pipeline
    from chronicler.records import Event

_PIPELINE: Any = None


def default_pipeline() -> Pipeline:
    """The default extraction pipeline (built once per process, then reused)."""
    global _PIPELINE
    if _PIPELINE is None:
        from chronicler.pipeline import Pipeline

        _PIPELINE = Pipeline.from_config()
    pipeline: Pipeline = _PIPELINE
    return pipeline


def _published(value: str | dt.date | None) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ChroniclerError(E.BAD_OPTION, detail=f"published={value!r}: expected a date or YYYY-MM-DD") from None


def _accepts(pipeline: Any, name: str) -> bool:
    """Whether the pipeline's `extract` takes this keyword (older pipelines read only English)."""
    return name in inspect.signature(pipeline.extract).parameters


def extract(
    text: str, published: str | dt.date | None = None, language: str | None = None
) -> list[Event]:
    """Event records found in one text.

    `published` (a date, datetime or YYYY-MM-DD) anchors relative dates ("on Thursday");
    `language` (ISO 639-1) picks the language pack and model, and is detected when not
    given (a text too short to tell is read as English). A language without a pack is an
    E320 error, one whose model is not installed E322. Nothing is stored."""
    if not isinstance(text, str):
        raise ChroniclerError(E.BAD_OPTION, detail=f"text must be a str, not {type(text).__name__}")
    if language is None:
        from chronicler.ingest.language import detect_language

        language = detect_language(text) or "en"
    pipeline = default_pipeline()
    kwargs: dict[str, Any] = {}
    if _accepts(pipeline, "language"):
        kwargs["language"] = language
    elif language != "en":
        raise ChroniclerError(E.BAD_OPTION, detail=f"language={language!r}: this pipeline reads English only")
    return list(pipeline.extract(text, _published(published), **kwargs))


def __getattr__(name: str) -> Any:
    if name == "Store":
        from chronicler.store import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
