"""WARC archives (plain or gzipped): each HTML or text response becomes a document."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import IO, Any

from chronicler.errors import E
from chronicler.ingest.core import IngestOptions, Item, Rejection
from chronicler.records import Origin

log = logging.getLogger(__name__)

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def read_warc(name: str, stream: IO[bytes], ref: str, options: IngestOptions) -> Iterator[Item]:
    """Documents from response/resource records; E109 at the damage, keeping what came before."""
    from warcio.archiveiterator import ArchiveIterator

    head = stream.read(512)
    stream.seek(0)
    if not is_warc_head(head):
        yield Rejection(name, E.BAD_WARC, "not a WARC archive (no 'WARC/' record header)")
        return
    archive = ArchiveIterator(stream)
    records = iter(archive)
    read, end = 0, 0
    while True:
        try:
            record = next(records)
            if not record.rec_type or not all(record.rec_headers.get_header(h) for h in ("WARC-Record-ID", "Content-Length")):
                # warcio hands back a headless record when the archive stops inside a header
                yield Rejection(name, E.BAD_WARC, f"the archive ends inside the header of record {read + 1}; "
                                f"{read} records read before it")
                return
            item = _record_item(record, name, ref, options)
            truncated = _drain_truncated(record)
            end = archive.get_record_offset() + archive.get_record_length()
        except StopIteration:
            break
        except Exception as exc:  # noqa: BLE001 - warcio raises many kinds on damaged input
            detail = f"{type(exc).__name__}: {str(exc).strip() or 'truncated'}"
            yield Rejection(name, E.BAD_WARC, f"{detail}; {read} records read before it")
            return
        if truncated:
            yield Rejection(name, E.BAD_WARC, f"record {read + 1} is truncated; {read} records read before it")
            return
        read += 1
        if item is not None:
            yield item
    if read == 0:
        yield Rejection(name, E.BAD_WARC, "no records")
        return
    # warcio ends quietly when the archive stops inside a record's headers.
    stream.seek(end)
    if stream.read(4096).strip():
        yield Rejection(name, E.BAD_WARC, f"the archive ends inside record {read + 1}; {read} records read before it")


def is_warc_head(head: bytes) -> bool:
    from chronicler.ingest.decode import is_gzip_warc

    return head.startswith((b"WARC/", b"filedesc://")) or is_gzip_warc(head)


def _drain_truncated(record: Any) -> bool:
    """Read the record's block to its end; True when the archive ends before it does."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    return int(getattr(raw, "limit", 0) or 0) > 0


def _content_type(record: Any) -> str:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = headers.get_header("Content-Type") if headers is not None else None
    return (value or "").split(";")[0].strip().lower()


def _record_item(record: Any, name: str, ref: str, options: IngestOptions) -> Item | None:
    """The document in one record, a rejection, or None for records that hold no article."""
    from chronicler.ingest.sources import document_from_bytes

    if record.rec_type not in ("response", "resource"):
        return None
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return None
    if _content_type(record) not in TEXT_TYPES:
        return None
    record_id = (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>")
    uri = record.rec_headers.get_header("WARC-Target-URI")
    record_name = f"{name}#{uri or record_id}"
    data = record.content_stream().read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        return Rejection(record_name, E.TOO_LARGE, f"record over {options.max_bytes} bytes")
    origin = Origin(kind="warc", ref=f"{ref}#{record_id}")
    hint = "html" if "html" in _content_type(record) else "text"
    items = list(document_from_bytes(record_name, data, origin, options, url=uri, hint=hint))
    return items[0] if items else None
