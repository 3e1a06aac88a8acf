"""Input sources: expand what the user named into Documents (or Rejections).

What an input is comes from its content (`decode.sniff`), the file suffix or
HTTP content type being only a hint. Everything streams: a JSONL file of any
size is read line by line, a WARC record by record, and a single document over
`max_bytes` is refused from its size alone, without being read.
"""

from __future__ import annotations

import datetime as dt
import glob as globlib
import gzip
import io
import json
import logging
import os
import shutil
import sys
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast

from chronicler.errors import ChroniclerError, E
from chronicler.ingest.core import Document, IngestOptions, Item, Rejection
from chronicler.ingest.decode import (
    Kind,
    NotText,
    decode_bytes,
    decode_markup,
    is_gzip_warc,
    sniff,
    suffix_of,
)
from chronicler.records import Origin

log = logging.getLogger(__name__)

HEAD_BYTES = 65536
STDIN_SPOOL_BYTES = 8_000_000  # beyond this stdin is spooled to a temporary file


class Context:
    """What the readers share during one run: options, the store, one HTTP client."""

    def __init__(self, options: IngestOptions, store: Any = None) -> None:
        self.options, self.store = options, store
        self._fetcher: Any = None

    def fetcher(self) -> Any:
        if self._fetcher is None:
            from chronicler.ingest.web import Fetcher

            self._fetcher = Fetcher(self.options)
        return self._fetcher

    def close(self) -> None:
        if self._fetcher is not None:
            self._fetcher.close()


def iter_documents(inputs: Iterable[str], options: IngestOptions, store: Any = None) -> Iterator[Item]:
    """Every Document (or Rejection, or Seen feed item) behind the named inputs, in order."""
    ctx = Context(options, store)
    try:
        for name, path in expand_items(inputs, follow_links=options.follow_links):
            if isinstance(path, Rejection):
                yield path
            elif name == "-":
                yield from guarded(name, read_stdin(ctx))
            elif "://" in name:
                yield from guarded(name, read_url(name, ctx))
            elif path is None:
                yield Rejection(name, E.NOT_FOUND)
            else:
                yield from guarded(name, read_path(name, path, ctx))
    finally:
        ctx.close()


def guarded(name: str, items: Iterator[Item]) -> Iterator[Item]:
    """Pass items through; an unexpected error in a reader rejects that input, not the batch."""
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except ChroniclerError:
            raise  # the database, not the input: stop
        except Exception as exc:  # noqa: BLE001 - one odd input must not end the run
            log.debug("reader failed on %s", name, exc_info=True)
            detail = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
            yield Rejection(name, E.UNREADABLE, detail.rstrip(": "))
            return
        yield item


def expand(inputs: Iterable[str], *, follow_links: bool = False) -> Iterator[tuple[str, Path | None]]:
    """Yield (name, path) for every file behind the inputs; (name, None) for '-', URLs and misses.

    Files a folder holds but that cannot be read (see `expand_items`) are left out here.
    """
    for name, found in expand_items(inputs, follow_links=follow_links):
        if isinstance(found, Rejection):
            log.warning("%s", found.message())
            continue
        yield name, found


def expand_items(inputs: Iterable[str], *, follow_links: bool = False) -> Iterator[tuple[str, Path | Rejection | None]]:
    """Like `expand`, with a Rejection for what a folder holds but cannot give: unreadable
    subfolders, broken links and (unless `follow_links`) links leading out of the folder."""
    for raw in inputs:
        if raw == "-" or "://" in raw:
            yield raw, None
            continue
        path = Path(raw).expanduser()
        if path.is_dir():
            yield from _walk(path, follow_links)
        elif path.is_file():
            yield raw, path
        elif any(ch in raw for ch in "*?["):
            files = [m for m in sorted(Path(m) for m in globlib.glob(raw, recursive=True)) if m.is_file()]
            if not files:
                yield raw, None
            for match in files:
                yield str(match), match
        else:
            yield raw, None


def _walk(root: Path, follow_links: bool) -> Iterator[tuple[str, Path | Rejection]]:
    """Every visible file under `root`, in path order, and what could not be read."""
    real_root = root.resolve()
    found: list[tuple[str, Path | Rejection]] = []

    def unreadable(exc: OSError) -> None:
        where = str(exc.filename or root)
        found.append((where, Rejection(where, E.UNREADABLE, f"folder skipped: {exc.strerror or exc}")))

    visited: set[Path] = set()
    for dirpath, dirnames, filenames in os.walk(root, onerror=unreadable, followlinks=follow_links):
        here = Path(dirpath)
        if follow_links:  # linked folders may loop back: visit each real folder once
            real = here.resolve()
            if real in visited:
                dirnames[:] = []
                continue
            visited.add(real)
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for entry in [*dirnames, *filenames]:
            if entry.startswith("."):
                continue
            child = here / entry
            problem = _link_problem(child, real_root, follow_links)
            if problem is not None:
                found.append((str(child), problem))
            elif entry in filenames and child.is_file():
                found.append((str(child), child))
    found.sort(key=lambda item: item[0])
    yield from found


def _link_problem(child: Path, real_root: Path, follow_links: bool) -> Rejection | None:
    if not child.is_symlink():
        return None
    try:
        target = child.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # dangling, or a loop of links
        return Rejection(str(child), E.UNREADABLE, f"broken symbolic link ({type(exc).__name__})")
    if follow_links or target == real_root or real_root in target.parents:
        return None
    return Rejection(str(child), E.LINK_OUT_OF_TREE, f"-> {target}")


# --- the three kinds of input: files, URLs, stdin ---------------------------


def read_path(name: str, path: Path, ctx: Context) -> Iterator[Item]:
    try:
        size = path.stat().st_size
        stream = path.open("rb")
    except FileNotFoundError:
        yield Rejection(name, E.NOT_FOUND)
        return
    except OSError as exc:
        yield Rejection(name, E.UNREADABLE, exc.strerror or str(exc))
        return
    with stream:
        base = Origin(kind="file", ref=str(path))
        feed_key = str(path.resolve())
        head = stream.read(HEAD_BYTES)
        stream.seek(0)
        if head.startswith(b"\x1f\x8b") and not is_gzip_warc(head):
            # news dumps often come gzipped: read through it, size unknown until read
            inner_suffix = suffix_of(path.name[: -len(".gz")]) if path.name.lower().endswith(".gz") else ""
            with CappedGzip(stream, ctx.options.max_decompressed_bytes) as unzipped:
                items = read_stream(name, cast(IO[bytes], unzipped), None, inner_suffix, base, ctx, feed_key=feed_key)
                yield from _gzip_damage(name, items)
            return
        yield from read_stream(name, stream, size, suffix_of(path.name), base, ctx, feed_key=feed_key)


def _gzip_damage(name: str, items: Iterator[Item]) -> Iterator[Item]:
    """Items of a gzipped input; damaged compression ends it with one rejection, keeping the rest."""
    while True:
        try:
            item = next(items)
        except StopIteration:
            return
        except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
            yield Rejection(name, E.BINARY, f"damaged gzip data: {exc}")
            return
        except OverflowError as exc:
            yield Rejection(name, E.TOO_LARGE, f"{exc}; what came before it was read")
            return
        yield item


# A gzip stream decompressing beyond this many times its compressed size (past the
# floor) is a bomb, not news: text compresses about 3-10 times, bombs a thousand.
GZIP_MAX_RATIO = 200
GZIP_RATIO_FLOOR = 64 * 1024 * 1024


class CappedGzip(gzip.GzipFile):
    """A GzipFile that stops (OverflowError) past `cap` decompressed bytes or a bomb's ratio."""

    def __init__(self, fileobj: IO[bytes], cap: int) -> None:
        super().__init__(fileobj=fileobj)
        self._compressed, self._cap = fileobj, cap

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self._check()
        return data

    def readline(self, size: int | None = -1) -> bytes:
        data = super().readline(size)
        self._check()
        return data

    def _check(self) -> None:
        out = self.tell()
        if out > self._cap:
            raise OverflowError(f"more than {self._cap} bytes decompressed (raise --max-decompressed-bytes)")
        if out > GZIP_RATIO_FLOOR and out > GZIP_MAX_RATIO * max(1, self._compressed.tell()):
            raise OverflowError(f"decompresses to over {GZIP_MAX_RATIO} times its size: a compression bomb")


def read_url(url: str, ctx: Context) -> Iterator[Item]:
    from chronicler.ingest.web import FetchError

    try:
        fetched = ctx.fetcher().get(url)
    except FetchError as exc:
        yield Rejection(url, exc.spec, exc.detail)
        return
    suffix = _suffix_for_content_type(fetched.content_type) or suffix_of(url.split("?", 1)[0])
    base = Origin(kind="url", ref=fetched.url)
    stream = io.BytesIO(fetched.data)
    yield from read_stream(url, stream, len(fetched.data), suffix, base, ctx, url=fetched.url, feed_key=url)


def _suffix_for_content_type(content_type: str) -> str | None:
    ctype = content_type.split(";")[0].strip().lower()
    for marker, suffix in (("rss", ".rss"), ("atom", ".atom"), ("html", ".html"), ("json", ".json"),
                           ("xml", ".xml"), ("warc", ".warc")):
        if marker in ctype:
            return suffix
    return ".txt" if ctype.startswith("text/") else None


def stdin_stream() -> IO[bytes]:
    return sys.stdin.buffer


def read_stdin(ctx: Context) -> Iterator[Item]:
    """Text, or JSONL when every line is JSON (spooled, so a large stream never sits in memory)."""
    with tempfile.SpooledTemporaryFile(max_size=STDIN_SPOOL_BYTES) as spool:
        shutil.copyfileobj(stdin_stream(), spool)
        size = spool.tell()
        spool.seek(0)
        every_line_json = _every_line_json(spool, ctx.options.max_bytes)
        spool.seek(0)
        kind: Kind | None = "json" if every_line_json else None
        base = Origin(kind="stdin", ref="-")
        yield from read_stream("<stdin>", spool, size, "", base, ctx, kind=kind, feed_key="stdin")


def _every_line_json(stream: IO[bytes], limit: int) -> bool:
    any_line = False
    for _, line in iter_lines(stream, limit):
        if line is None:
            return False
        if not line.strip():
            continue
        try:
            json.loads(line)
        except (ValueError, RecursionError):
            return False
        any_line = True
    return any_line


# --- by kind ---------------------------------------------------------------


def read_stream(
    name: str,
    stream: IO[bytes],
    size: int | None,
    suffix: str,
    base: Origin,
    ctx: Context,
    *,
    url: str | None = None,
    feed_key: str,
    kind: Kind | None = None,
) -> Iterator[Item]:
    """Dispatch one seekable stream on what its content is (`size` None: not known)."""
    options = ctx.options
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if not head.strip():
        yield Rejection(name, E.EMPTY)
        return
    if kind is None:
        kind = sniff(head, suffix)
        if kind == "json" and base.kind == "stdin":
            kind = "text"  # stdin is JSONL only when every line is JSON
    if kind == "warc":
        from chronicler.ingest.warc import read_warc

        yield from read_warc(name, stream, base.ref, options)
        return
    if kind == "json":
        yield from read_json(name, stream, size, base, options)
        return
    if kind == "binary":
        yield Rejection(name, E.BINARY, "compressed or binary data")
        return
    if size is not None and size > options.max_bytes:
        yield Rejection(name, E.TOO_LARGE, f"{size} bytes > {options.max_bytes}")
        return
    data = stream.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield Rejection(name, E.TOO_LARGE, f"more than {options.max_bytes} bytes")
        return
    if kind == "feed":
        from chronicler.ingest.feeds import read_feed

        fetcher = ctx.fetcher() if options.fetch_linked else None
        yield from read_feed(name, data, feed_key, options, ctx.store, fetcher)
        return
    if base.kind == "file":
        base = Origin(kind="html" if kind == "html" else "file", ref=base.ref)
    yield from document_from_bytes(name, data, base, options, url=url, hint=kind)


def document_from_bytes(
    name: str, data: bytes, origin: Origin, options: IngestOptions, *, url: str | None, hint: str
) -> Iterator[Item]:
    """One document from the bytes of an HTML page or a text."""
    from chronicler.ingest.html import extract_html

    try:
        text = decode_markup(data) if hint == "html" else decode_bytes(data)
    except NotText as exc:
        yield Rejection(name, E.BINARY, str(exc))
        return
    if hint == "html":
        yield extract_html(text, name, origin, options, url=url)
    else:
        yield Document(text=text, origin=origin, name=name, url=url)


# --- JSON and JSONL ------------------------------------------------------------


def iter_lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(line number, line) pairs; None for a line over `limit`, which is skipped unread."""
    lineno = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        lineno += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while True:  # skip the rest in bounded chunks
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, line


def read_json(name: str, stream: IO[bytes], size: int | None, base: Origin, options: IngestOptions) -> Iterator[Item]:
    """JSONL line by line; a JSON array or pretty-printed object as one document."""
    kind = "json" if base.kind == "file" else base.kind
    start = stream.read(HEAD_BYTES).lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    stream.seek(0)
    first = stream.readline(min(options.max_bytes, HEAD_BYTES) + 1)
    stream.seek(0)
    whole_mode = start == b"[" or not _parses(first)
    document = b""
    if whole_mode and (size is None or size <= options.max_bytes):
        document = stream.read(options.max_bytes + 1)
        stream.seek(0)
    if whole_mode and (len(document) > options.max_bytes or (size or 0) > options.max_bytes):
        if start == b"[":
            yield Rejection(name, E.TOO_LARGE, f"a single JSON document over {options.max_bytes} bytes; use JSONL")
            return
        whole_mode = False  # too big to be one document: JSONL with a bad first line
    if whole_mode:
        text = _decode_json_bytes(document)
        del document
        try:
            whole = json.loads(text)
        except (ValueError, RecursionError) as exc:
            # JSONL with a damaged line keeps its good lines; a broken document is one error.
            if not any(_parses(line.encode()) for line in text.splitlines()):
                yield Rejection(name, E.BAD_JSON, str(exc))
                return
            whole = None
        if whole is not None:
            records = whole if isinstance(whole, list) else [whole]
            for i, record in enumerate(records):
                yield record_to_document(record, f"{name}[{i}]", Origin(kind=kind, ref=f"{base.ref}#{i}"), options)
            return
    for lineno, raw in iter_lines(stream, options.max_bytes):
        line_name = f"{name}:{lineno}"
        if raw is None:
            yield Rejection(line_name, E.TOO_LARGE, f"line over {options.max_bytes} bytes")
            continue
        if not raw.strip():
            continue
        try:
            record = json.loads(_decode_json_bytes(raw))
        except ValueError as exc:
            yield Rejection(line_name, E.BAD_JSON, str(exc))
            continue
        except RecursionError:  # a hostile line nested thousands deep: reject it, read on
            yield Rejection(line_name, E.BAD_JSON, "nested too deeply")
            continue
        yield record_to_document(record, line_name, Origin(kind=kind, ref=f"{base.ref}:{lineno}"), options)


def _parses(line: bytes) -> bool:
    try:
        json.loads(_decode_json_bytes(line))
    except (ValueError, RecursionError):
        return False
    return True


def _decode_json_bytes(data: bytes) -> str:
    """JSON is UTF-8 (RFC 8259); a legacy-encoded line is still read rather than lost."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def field_value(record: dict[str, Any], name: str) -> Any:
    """A field by name; dotted names reach into nested objects ('content.body')."""
    if name in record:
        return record[name]
    value: Any = record
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def record_to_document(record: Any, name: str, origin: Origin, options: IngestOptions) -> Item:
    if not isinstance(record, dict):
        return Rejection(name, E.BAD_JSON, f"expected an object, got {type(record).__name__}")
    text = field_value(record, options.text_field)
    if not isinstance(text, str):
        return Rejection(name, E.MISSING_FIELD, options.text_field)
    story_id = _str_or_none(field_value(record, options.id_field))
    if story_id:  # the source's own id, kept in the provenance reference
        origin = Origin(kind=origin.kind, ref=f"{origin.ref}#id={story_id}")
    return Document(
        text=text,
        origin=origin,
        name=name,
        url=_str_or_none(field_value(record, options.url_field)),
        outlet=_str_or_none(field_value(record, options.outlet_field)),
        title=_str_or_none(field_value(record, options.title_field)),
        author=_str_or_none(field_value(record, options.author_field)),
        published_at=parse_datetime(field_value(record, options.date_field)),
    )


def _str_or_none(value: Any) -> str | None:
    if value in (None, "") or isinstance(value, dict | list):
        return None
    return str(value)


def parse_datetime(value: Any) -> dt.datetime | None:
    if value in (None, "") or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        try:
            return dt.datetime.fromtimestamp(value, dt.UTC)
        except (OverflowError, ValueError, OSError):
            return None
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
