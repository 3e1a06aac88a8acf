"""RSS/Atom feeds: each item becomes a document; items seen on earlier runs are skipped."""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import io
import re
import xml.sax
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from chronicler.errors import E
from chronicler.ingest.core import Document, IngestOptions, Item, Rejection, Seen
from chronicler.ingest.html import extract_html, fragment_to_text
from chronicler.records import Origin

if TYPE_CHECKING:
    from chronicler.ingest.web import Fetcher


def read_feed(
    name: str,
    data: bytes,
    feed_key: str,
    options: IngestOptions,
    store: Any = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Item]:
    """Documents for the feed's new items; E105 after them when the feed is damaged.

    feedparser's loose parser keeps the items read before the damage, so a
    truncated feed still yields what it has, then one rejection naming it.
    """
    import feedparser

    # A str would be taken as a URL or file name and fetched; bytes never are.
    try:
        parsed = feedparser.parse(io.BytesIO(data))
    except (ValueError, LookupError, TypeError) as exc:  # feedparser chokes on NULs in the prolog
        yield Rejection(name, E.BAD_FEED, f"{type(exc).__name__}: {exc}")
        return
    entries = list(parsed.entries)
    damage = _damage(parsed)
    if not entries:
        yield Rejection(name, E.BAD_FEED, damage or "no items")
        return
    keys = [item_key(entry) for entry in entries]
    seen = store.seen_feed_items(feed_key, keys) if store is not None else set()
    outlet = parsed.feed.get("title") or None
    declared = declared_language(parsed.feed.get("language"))
    for index, (entry, key) in enumerate(zip(entries, keys, strict=True)):
        item_name = f"{name}#{entry.get('title') or index + 1}"
        if key in seen:
            yield Seen(item_name)
            continue
        item, refused = _entry_document(entry, item_name, feed_key, key, outlet, options, fetcher)
        if isinstance(item, Document):
            item.declared_language = declared
        if refused is not None:  # the link pointed inward: say so, then use the feed's own text
            yield refused
        cut_short = damage and index == len(entries) - 1 and isinstance(item, Rejection)
        if not cut_short:  # an empty last item is the damage itself, reported below
            yield item
    if damage:
        yield Rejection(name, E.BAD_FEED, f"{damage}; the {len(entries)} items before it were read")


def _damage(parsed: Any) -> str | None:
    """Why the feed is malformed, or None (encoding overrides and the like are harmless)."""
    if not parsed.get("bozo"):
        return None
    exc = parsed.get("bozo_exception")
    if isinstance(exc, xml.sax.SAXException):
        return f"{exc}"
    return None


def item_key(entry: Any) -> str:
    """A stable key for a feed item: its id, else its link, else a hash of its content."""
    for field in ("id", "link"):
        value = entry.get(field)
        if value and str(value).replace("\x00", ""):
            return str(value).replace("\x00", "")  # PostgreSQL text cannot hold NUL
    raw = f"{entry.get('title', '')}\n{entry.get('summary', '')}"
    return "sha256:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]


def declared_language(tag: object) -> str | None:
    """The ISO 639-1 code of a feed's language tag ("es-MX" -> "es"), None when it has none."""
    code = re.split(r"[-_]", str(tag or "").strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def _entry_document(
    entry: Any,
    name: str,
    feed_key: str,
    key: str,
    outlet: str | None,
    options: IngestOptions,
    fetcher: Fetcher | None,
) -> tuple[Document | Rejection, Rejection | None]:
    """The item's document (or why there is none), and a refused link fetch to report beside it."""
    link = entry.get("link") or None
    origin = Origin(kind="feed", ref=f"{feed_key}#{key}")
    doc: Document | Rejection | None = None
    if options.fetch_linked and link and fetcher is not None:
        doc = _fetch_linked(link, name, origin, options, fetcher)
    refused = doc if isinstance(doc, Rejection) and doc.spec is E.ADDRESS_REFUSED else None
    if not isinstance(doc, Document):
        text = fragment_to_text(_entry_html(entry))
        if not text.strip():
            return (doc or Rejection(name, E.EMPTY)), None
        doc = Document(text=text, origin=origin, name=name, url=link)
    doc.title = entry.get("title") or doc.title
    doc.author = entry.get("author") or doc.author
    doc.outlet = doc.outlet or outlet
    doc.published_at = _entry_date(entry) or doc.published_at
    doc.feed, doc.feed_item = feed_key, key
    return doc, refused


def _fetch_linked(
    link: str, name: str, origin: Origin, options: IngestOptions, fetcher: Fetcher
) -> Document | Rejection:
    from chronicler.ingest.decode import NotText, decode_markup
    from chronicler.ingest.web import FetchError

    try:
        fetched = fetcher.get(link)
        html = decode_markup(fetched.data)
    except FetchError as exc:
        return Rejection(f"{name} ({link})", exc.spec, exc.detail)
    except NotText as exc:
        return Rejection(f"{name} ({link})", E.BINARY, str(exc))
    return extract_html(html, name, origin, options, url=fetched.url)


def _entry_html(entry: Any) -> str:
    """The fullest text the item carries: its content, else its summary."""
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    summary = entry.get("summary", "") or ""
    best = max(contents, key=len, default="")
    return best if len(best) >= len(summary) else summary


def _entry_date(entry: Any) -> dt.datetime | None:
    for field in ("published_parsed", "updated_parsed"):
        value = dict.get(entry, field)  # plain lookup: no deprecated key aliasing
        if value:
            try:
                return dt.datetime.fromtimestamp(calendar.timegm(value), dt.UTC)
            except (OverflowError, ValueError, OSError):
                return None
    return None
