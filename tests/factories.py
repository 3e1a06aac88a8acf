"""Small builders for records used across tests (fixtures written here, not copied)."""

from __future__ import annotations

import datetime as dt

from chronicler.ingest.normalise import hash_key
from chronicler.pipeline import event_id
from chronicler.records import Article, Event, Origin, Span
from chronicler.version import PIPELINE_VERSION


def make_article(text: str, **kw: object) -> Article:
    fields: dict[str, object] = {
        "id": hash_key(text),
        "text": text,
        "origin": Origin(kind="text", ref="test"),
        "language": "en",
        "published_at": dt.datetime(2026, 3, 12, 14, 0),
    }
    fields.update(kw)
    return Article.model_validate(fields)


def make_event(article: Article, trigger: str, event_type: str = "ASSAULT", **kw: object) -> Event:
    start = article.text.index(trigger)
    end = start + len(trigger)
    fields: dict[str, object] = {
        "id": event_id(article.id, start, end, event_type),
        "article_id": article.id,
        "event_type": event_type,
        "trigger": Span(start=start, end=end, text=trigger),
        "sentence": Span(start=0, end=len(article.text), text=article.text),
        "pipeline_version": PIPELINE_VERSION,
    }
    fields.update(kw)
    return Event.model_validate(fields)
