"""Ingestion core: documents from sources become Articles, stored in batches.

Sources (`ingest.sources`) yield `Document`s, `Rejection`s or `Seen` markers
(feed items stored on an earlier run); this module cleans, identifies and
language-tags the documents, and writes them in transactional batches. One bad
input never stops the batch (unless `strict`), and the report counts what was
ingested, duplicated, already seen and rejected (with reasons).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from chronicler.errors import ChroniclerError, E, ErrorSpec
from chronicler.ingest.normalise import clean_text, hash_key
from chronicler.records import Article, Origin

log = logging.getLogger(__name__)


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
    # The language the feed declares for its items: only a fallback for a text too short
    # to tell (a feed of titles may mix languages, so it never overrides detection).
    declared_language: str | None = None
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
class Seen:
    """A feed item stored on an earlier run: counted, not read again."""

    name: str


Item = Document | Rejection | Seen


@dataclass
class IngestOptions:
    min_chars: int = 20
    max_bytes: int = 50_000_000
    # Characters per article after cleaning: spaCy's default max_length, so that
    # everything ingested can be processed (a longer text is rejected, E114).
    max_chars: int = 1_000_000
    # Decompressed bytes read from one gzipped input, whatever it holds.
    max_decompressed_bytes: int = 2_000_000_000
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
    language_sample: int = 400  # characters given to the detector: enough, and cheap
    user_agent: str = "chronicler/0.1 (research; +https://example.org/chronicler)"
    timeout: float = 20.0
    retries: int = 3
    backoff: float = 0.5  # seconds before the first retry; doubles each time
    fetch_linked: bool = False  # feeds: fetch each item's page instead of using its summary
    deadline: float = 60.0  # seconds for one fetch in all (retries included), however slow the server
    allow_private_addresses: bool = False  # fetch from loopback/private/link-local hosts too
    allowed_hosts: tuple[str, ...] = ()  # or only from these (names as in the URL, host or host:port)
    follow_links: bool = False  # folders: read symbolic links that lead out of the folder


@dataclass
class IngestReport:
    ingested: int = 0
    duplicate: int = 0
    seen: int = 0
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
        if self.seen:
            parts.append(f"{self.seen} feed items already seen")
        if self.flagged_language:
            parts.append(f"{self.flagged_language} kept but flagged: language not yet supported")
        return "; ".join(parts)


def language_supported(language: str | None) -> bool:
    """A language is supported when chronicler has a pack for it and its model is installed;
    unknown means English rules may try (too little text to tell)."""
    from chronicler.lang import model_ready

    return model_ready(language) if language else True


def to_article(doc: Document, options: IngestOptions, *, detect: bool = True) -> Article | Rejection:
    """The article a document makes; `detect=False` leaves the language for `with_language`."""
    text = clean_text(doc.text)
    if not text:
        return Rejection(doc.name, E.EMPTY)
    if len(text) < options.min_chars:
        return Rejection(doc.name, E.TOO_SHORT, f"{len(text)} characters")
    if len(text) > options.max_chars:
        return Rejection(doc.name, E.TOO_LONG, f"{len(text)} characters > {options.max_chars}")
    language = doc.language
    if detect and options.detect_language and language is None:
        from chronicler.ingest.language import detect_language

        language = detect_language(text, options.language_sample, doc.declared_language)
    return Article(
        id=hash_key(text),
        text=text,
        url=_no_nul(doc.url),
        outlet=(clean_text(doc.outlet) or None if doc.outlet else None) or dateline_outlet(text, language),
        title=clean_text(doc.title) or None if doc.title else None,
        author=clean_text(doc.author) or None if doc.author else None,
        published_at=doc.published_at,
        language=language,
        language_supported=language_supported(language),
        origin=Origin(kind=doc.origin.kind, ref=_no_nul(doc.origin.ref) or "?") if "\x00" in doc.origin.ref else doc.origin,
    )


def dateline_outlet(text: str, language: str | None) -> str | None:
    """The wire outlet a dateline names ("MATAMOROS, Mexico (AP) —": Associated Press), for an
    article whose input named none: it is the story's outlet in the store and the exports."""
    from chronicler.lang import has_pack
    from chronicler.resolve.datelines import parse_dateline

    code = language or "en"
    line = parse_dateline(text, None, code) if has_pack(code) else None
    return line.outlet if line is not None else None


def _no_nul(value: str | None) -> str | None:
    """Fields that are not cleaned as text (URLs, references) still lose their NULs:
    PostgreSQL cannot store them, and one would abort the whole batch."""
    return value.replace("\x00", "") or None if value is not None and "\x00" in value else value


def with_language(article: Article, options: IngestOptions, declared: str | None = None) -> Article:
    if article.language is not None or not options.detect_language:
        return article
    from chronicler.ingest.language import detect_language

    language = detect_language(article.text, options.language_sample, declared)
    supported = language_supported(language)
    outlet = article.outlet or dateline_outlet(article.text, language)
    return article.model_copy(update={"language": language, "language_supported": supported, "outlet": outlet})


def _safe_article(doc: Document, options: IngestOptions) -> Article | Rejection:
    try:
        return to_article(doc, options, detect=False)
    except (ValueError, TypeError) as exc:  # pydantic rejects odd metadata
        log.debug("could not build an article from %s", doc.name, exc_info=True)
        return Rejection(doc.name, E.UNREADABLE, f"{type(exc).__name__}: {str(exc).splitlines()[0]}")


ProgressCallback = Callable[[int], None]


class _Batch:
    """Articles waiting for their transaction, and the feed items they came from."""

    def __init__(self, store: Any, report: IngestReport, options: IngestOptions) -> None:
        self.store, self.report, self.options = store, report, options
        self.pending: list[tuple[Article, Document]] = []

    def add(self, article: Article, doc: Document) -> None:
        self.pending.append((article, doc))

    def flush(self) -> None:
        if not self.pending:
            return
        # Language detection is the costliest step per article: skip it for
        # articles already stored (re-runs). add_articles re-checks in its
        # transaction, so a concurrent writer cannot make this wrong.
        known = self.store.existing_article_ids(a.id for a, _ in self.pending)
        self.pending = [
            (a if a.id in known else with_language(a, self.options, doc.declared_language), doc)
            for a, doc in self.pending
        ]
        flags = self.store.add_articles([a for a, _ in self.pending])
        for (article, _), is_new in zip(self.pending, flags, strict=True):
            if is_new:
                self.report.ingested += 1
                self.report.article_ids.append(article.id)
                if not article.language_supported:
                    self.report.flagged_language += 1
            else:
                self.report.duplicate += 1
        # Marked only after the articles committed: a crash in between means
        # the items are read again, and then count as duplicates, never lost.
        feeds: dict[str, list[str]] = {}
        for _, doc in self.pending:
            if doc.feed and doc.feed_item:
                feeds.setdefault(doc.feed, []).append(doc.feed_item)
        for feed, keys in feeds.items():
            self.store.mark_feed_items(feed, keys)
        self.pending.clear()


def ingest(
    store: object,
    items: Iterable[Item],
    options: IngestOptions,
    *,
    on_item: ProgressCallback | None = None,
    on_rejection: Callable[[Rejection], None] | None = None,
) -> IngestReport:
    """Store documents in transactional batches; returns the report.

    With `strict`, raises ChroniclerError at the first rejection, after
    committing everything read before it. Database errors (locked,
    unreachable) propagate as ChroniclerError after the last full batch.
    """
    report = IngestReport()
    batch = _Batch(store, report, options)
    for item in items:
        if on_item:
            on_item(1)
        if isinstance(item, Seen):
            report.seen += 1
            continue
        result = item if isinstance(item, Rejection) else _safe_article(item, options)
        if isinstance(result, Rejection):
            report.rejected.append(result)
            if on_rejection:
                on_rejection(result)
            if options.strict:
                batch.flush()
                raise ChroniclerError(
                    result.spec, input=result.name, detail=result.detail, field=result.detail
                )
            continue
        assert isinstance(item, Document)
        batch.add(result, item)
        if len(batch.pending) >= options.batch_size:
            batch.flush()
    batch.flush()
    return report


def iter_limited(chunks: Iterable[bytes], limit: int) -> Iterator[bytes]:
    """Pass chunks through until `limit` bytes; raise OverflowError beyond it."""
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > limit:
            raise OverflowError(f"more than {limit} bytes")
        yield chunk
