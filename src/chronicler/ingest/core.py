"""Ingestion core: documents from sources become Articles, stored in batches.

Sources (`ingest.sources`) yield `Document`s or `Rejection`s; this module
cleans, identifies and language-tags them, and writes them in transactional
batches. One bad input never stops the batch (unless `strict`), and the
report counts what was ingested, duplicated and rejected (with reasons).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from chronicler.errors import ChroniclerError, E, ErrorSpec
from chronicler.ingest.normalise import clean_text, hash_key
from chronicler.records import Article, Origin


@dataclass
class Document:
    """A text read from some input, with whatever metadata came with it."""

    text: str
    origin: Origin
    name: str  # how messages name this input
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    published_at: dt.datetime | None = None
    language: str | None = None
    feed: str | None = None  # feed URL/path, to remember the item as seen
    feed_item: str | None = None


@dataclass
class Rejection:
    name: str
    spec: ErrorSpec
    detail: str = ""

    def message(self) -> str:
        return f"[{self.spec.code}] " + self.spec.format(
            input=self.name, detail=self.detail, field=self.detail, article_id=self.detail
        )


@dataclass
class IngestOptions:
    min_chars: int = 20
    max_bytes: int = 50_000_000
    batch_size: int = 64
    strict: bool = False
    text_field: str = "text"
    id_field: str = "id"
    title_field: str = "title"
    url_field: str = "url"
    date_field: str = "published"
    outlet_field: str = "outlet"
    author_field: str = "author"
    detect_language: bool = True
    user_agent: str = "chronicler/0.1 (research; +https://example.org/chronicler)"
    timeout: float = 20.0
    retries: int = 3


@dataclass
class IngestReport:
    ingested: int = 0
    duplicate: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    flagged_language: int = 0

    @property
    def ok(self) -> bool:
        return not self.rejected

    def reasons(self) -> Counter[str]:
        return Counter(r.spec.code for r in self.rejected)

    def summary(self) -> str:
        parts = [f"{self.ingested} ingested", f"{self.duplicate} duplicate", f"{len(self.rejected)} rejected"]
        if self.rejected:
            reasons = ", ".join(f"{code}×{n}" for code, n in sorted(self.reasons().items()))
            parts[-1] += f" ({reasons})"
        if self.flagged_language:
            parts.append(f"{self.flagged_language} kept but flagged: language not yet supported")
        return "; ".join(parts)


SUPPORTED_LANGUAGES = {"en"}


def to_article(doc: Document, options: IngestOptions) -> Article | Rejection:
    text = clean_text(doc.text)
    if not text:
        return Rejection(doc.name, E.EMPTY)
    if len(text) < options.min_chars:
        return Rejection(doc.name, E.TOO_SHORT, f"{len(text)} characters")
    language = doc.language
    if options.detect_language and language is None:
        from chronicler.ingest.language import detect_language

        language = detect_language(text)
    return Article(
        id=hash_key(text),
        text=text,
        url=doc.url,
        outlet=doc.outlet,
        title=clean_text(doc.title) if doc.title else None,
        author=doc.author,
        published_at=doc.published_at,
        language=language,
        language_supported=language in SUPPORTED_LANGUAGES if language else True,
        origin=doc.origin,
    )


ProgressCallback = Callable[[int], None]


def ingest(
    store: object,
    items: Iterable[Document | Rejection],
    options: IngestOptions,
    *,
    on_item: ProgressCallback | None = None,
    on_rejection: Callable[[Rejection], None] | None = None,
) -> IngestReport:
    """Store documents in transactional batches; returns the report.

    With `strict`, raises ChroniclerError at the first rejection, after
    committing everything read before it.
    """
    from chronicler.store.repo import Store

    assert isinstance(store, Store)
    report = IngestReport()
    batch: list[tuple[Article, Document]] = []

    def flush() -> None:
        if not batch:
            return
        flags = store.add_articles([a for a, _ in batch])
        for (article, doc), is_new in zip(batch, flags, strict=True):
            if is_new:
                report.ingested += 1
                report.article_ids.append(article.id)
                if not article.language_supported:
                    report.flagged_language += 1
            else:
                report.duplicate += 1
        feeds: dict[str, list[str]] = {}
        for _, doc in batch:
            if doc.feed and doc.feed_item:
                feeds.setdefault(doc.feed, []).append(doc.feed_item)
        for feed, keys in feeds.items():
            store.mark_feed_items(feed, keys)
        batch.clear()

    for item in items:
        result = item if isinstance(item, Rejection) else to_article(item, options)
        if on_item:
            on_item(1)
        if isinstance(result, Rejection):
            report.rejected.append(result)
            if on_rejection:
                on_rejection(result)
            if options.strict:
                flush()
                raise ChroniclerError(result.spec, input=result.name, detail=result.detail, field=result.detail)
            continue
        assert isinstance(item, Document)
        batch.append((result, item))
        if len(batch) >= options.batch_size:
            flush()
    flush()
    return report


def iter_limited(chunks: Iterator[bytes], limit: int) -> Iterator[bytes]:
    """Pass chunks through until `limit` bytes; raise OverflowError beyond it."""
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > limit:
            raise OverflowError(f"more than {limit} bytes")
        yield chunk
