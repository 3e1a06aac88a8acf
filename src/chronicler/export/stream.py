"""Reading the store in batches and writing each format as a stream of byte chunks.

Every format is a generator of byte chunks fed by a keyset-paginated scan through the
store's query layer (`store.query.export_rows`), so memory holds one batch, never the
whole result: the CLI writes the chunks to a file, the API streams them.

Status is a first-class filter: unless `statuses` says otherwise every export holds only
what happened (occurred, ongoing); see docs/exports.md.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from chronicler.errors import ChroniclerError, E
from chronicler.export.acled import HAPPENED, RowContext, _outlets, flat_row
from chronicler.export.columns import COLUMNS, What, column_names, parquet_schema
from chronicler.export.plover import plover_record
from chronicler.store import query as Q
from chronicler.store.repo import Store

Format = Literal["csv", "jsonl", "geojson", "parquet", "plover"]
FORMATS: tuple[str, ...] = ("csv", "jsonl", "geojson", "parquet", "plover")
MEDIA_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson",
    "geojson": "application/geo+json",
    "parquet": "application/vnd.apache.parquet",
    "plover": "application/json",
}
EXTENSIONS: dict[str, str] = {
    "csv": "csv", "jsonl": "jsonl", "geojson": "geojson", "parquet": "parquet", "plover": "json",
}  # fmt: skip
DEFAULT_BATCH = 1000
ALL_STATUSES = "all"


@dataclass
class ExportStats:
    """Counts filled in while an export streams (read them after the last chunk)."""

    rows: int = 0
    skipped_unlocated: int = 0
    skipped_bad_coordinates: int = 0
    notes: list[str] = field(default_factory=list)


# --- reading ------------------------------------------------------------------------------

RecordBatch = list[tuple[dict[str, Any], dict[str, Any]]]


def _check_what(what: str) -> What:
    if what not in COLUMNS:
        raise ChroniclerError(E.BAD_OPTION, detail=f"--what must be incidents or events, not {what!r}")
    return what  # type: ignore[return-value]


def iter_record_batches(
    store: Store, filters: Q.Filters | None = None, what: What = "incidents",
    batch_size: int = DEFAULT_BATCH, statuses: Sequence[str] | None = None,
) -> Iterator[RecordBatch]:  # fmt: skip
    """Batches of (record JSON, store columns) matching the filters, in id order; every
    status unless `statuses` names some. Keyset pagination: each batch is one short query,
    so nothing holds a cursor open between batches."""
    f = (filters or Q.Filters()).validate()
    _check_what(what)
    last = ""
    while True:
        rows = Q.export_rows(store, f, what, statuses, after=last, limit=batch_size)
        if not rows:
            return
        last = rows[-1]["id"]
        yield [(row.pop("data"), _extra(row)) for row in rows]


def _extra(row: dict[str, Any]) -> dict[str, Any]:
    row.pop("id", None)
    if isinstance(row.get("published_at"), dt.datetime):
        row["published_at"] = row["published_at"].isoformat()
    return row


Batch = list[tuple[dict[str, Any], RowContext]]
Batches = Iterator[Batch]


def _with_context(store: Store, batches: Iterator[RecordBatch], what: What, members: bool) -> Batches:
    """Each record with its row context; incidents also with their member events' records
    (for the notes, associated actors and redaction), read in one query per batch."""
    for batch in batches:
        found: dict[str, dict[str, Any]] = {}
        if members and what == "incidents":
            found = Q.event_records(store, [e for rec, _ in batch for e in rec.get("event_ids") or []])
        yield [(rec, RowContext(extra, [found[e] for e in rec.get("event_ids") or [] if e in found]))
               for rec, extra in batch]  # fmt: skip


def _article_ids(rec: dict[str, Any], what: What) -> list[str]:
    if what == "events":
        return [rec["article_id"]]
    return [s["article_id"] for s in rec.get("sources") or []]


def _redacted(store: Store, batches: Batches, what: What) -> Batches:
    """Records without private persons' names. Who is named is read off every event of the
    records' articles, so a later "Zamora" is known to be the "Aurelio Zamora Pureco" named
    earlier in the same story."""
    from chronicler.export.redact import Redactor

    redactor = Redactor(outlets=Q.outlets(store))
    for batch in batches:
        by_article = Q.article_event_records(store, [a for rec, _ in batch for a in _article_ids(rec, what)])
        out: Batch = []
        for rec, ctx in batch:
            context = [ev for a in dict.fromkeys(_article_ids(rec, what)) for ev in by_article.get(a, [])]
            clean, members = redactor.redact(rec, ctx.members, _outlets(rec, what, ctx.extra), context)
            out.append((clean, RowContext(ctx.extra, members)))
        yield out


# --- writers: each yields bytes -------------------------------------------------------------

_FORMULA_CHARS = frozenset(("=", "+", "-", "@", "\t", "\r"))


def neutralise(value: Any) -> Any:
    """Prefix text cells that a spreadsheet would run as a formula with a single quote."""
    if isinstance(value, str) and value[:1] in _FORMULA_CHARS:
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    # Hot loop (one call per cell): cheapest checks first.
    if value is None:
        return ""
    if type(value) is str:
        return "'" + value if value[:1] in _FORMULA_CHARS else value
    if isinstance(value, dt.date):  # datetimes too
        return value.isoformat()
    return value


def _csv(batches: Batches, what: What, stats: ExportStats) -> Iterator[bytes]:
    names = column_names(what)
    buffer = io.StringIO()
    # CRLF (RFC 4180) also makes the writer quote cells holding a bare \r.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for batch in batches:
        for rec, ctx in batch:
            row = flat_row(rec, what, ctx)
            writer.writerow([_csv_cell(row[n]) for n in names])
            stats.rows += 1
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def _jsonl(batches: Batches, what: What, stats: ExportStats) -> Iterator[bytes]:
    for batch in batches:
        lines = [json.dumps(rec, ensure_ascii=False, separators=(",", ":")) for rec, _ in batch]
        stats.rows += len(lines)
        if lines:
            yield ("\n".join(lines) + "\n").encode("utf-8")


def _valid_point(lat: Any, lon: Any) -> bool:
    return isinstance(lat, int | float) and isinstance(lon, int | float) and -90 <= lat <= 90 and -180 <= lon <= 180


def _geojson(batches: Batches, what: What, stats: ExportStats) -> Iterator[bytes]:
    yield b'{"type":"FeatureCollection","features":['
    first = True
    for batch in batches:
        parts = []
        for rec, ctx in batch:
            row = flat_row(rec, what, ctx)
            lat, lon = row.pop("latitude"), row.pop("longitude")
            if lat is None or lon is None:
                stats.skipped_unlocated += 1
                continue
            if not _valid_point(lat, lon):
                stats.skipped_bad_coordinates += 1
                continue
            props = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}
            feature = {"type": "Feature", "id": rec["id"],
                       "geometry": {"type": "Point", "coordinates": [lon, lat]}, "properties": props}  # fmt: skip
            parts.append(("" if first else ",") + json.dumps(feature, ensure_ascii=False))
            first = False
            stats.rows += 1
        if parts:
            yield "\n".join(parts).encode("utf-8")
    # A foreign member (RFC 7946 §6.1) after the features: the counts are only known at the end.
    trailer = {"exported": stats.rows, "skipped_unlocated": stats.skipped_unlocated,
               "skipped_bad_coordinates": stats.skipped_bad_coordinates}  # fmt: skip
    yield ('],"chronicler":' + json.dumps(trailer) + "}\n").encode("utf-8")
    if stats.skipped_unlocated or stats.skipped_bad_coordinates:
        stats.notes.append(
            f"geojson: {stats.skipped_unlocated} {what} without coordinates and "
            f"{stats.skipped_bad_coordinates} with out-of-range coordinates were skipped"
        )


def _plover(batches: Batches, what: What, stats: ExportStats) -> Iterator[bytes]:
    yield b"["
    first = True
    for batch in batches:
        parts = []
        for rec, ctx in batch:
            parts.append(("\n" if first else ",\n") + json.dumps(plover_record(rec, what, ctx), ensure_ascii=False))
            first = False
            stats.rows += 1
        yield "".join(parts).encode("utf-8")
    yield b"\n]\n"


class _ChunkSink(io.RawIOBase):
    """A write-only file that keeps what was written until `drain()` hands it out."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._position = 0

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._chunks.append(chunk)
        self._position += len(chunk)
        return len(chunk)

    def tell(self) -> int:
        return self._position

    def drain(self) -> bytes:
        out, self._chunks = b"".join(self._chunks), []
        return out


def _parquet(batches: Batches, what: What, stats: ExportStats) -> Iterator[bytes]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(what)
    names = schema.names
    sink = _ChunkSink()
    # One row group per batch: the writer flushes it to the sink, we pass it on.
    with pq.ParquetWriter(pa.PythonFile(sink, mode="w"), schema, compression="zstd") as writer:
        for batch in batches:
            rows = [flat_row(rec, what, ctx) for rec, ctx in batch]
            columns = {n: [r[n] for r in rows] for n in names}
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))
            stats.rows += len(rows)
            yield sink.drain()
    yield sink.drain()


_WRITERS: dict[str, Callable[[Batches, What, ExportStats], Iterator[bytes]]] = {
    "csv": _csv, "jsonl": _jsonl, "geojson": _geojson, "parquet": _parquet, "plover": _plover,
}  # fmt: skip
_FLAT = frozenset({"csv", "geojson", "parquet"})


def check_format(fmt: str) -> Format:
    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        raise ChroniclerError(E.BAD_OPTION, detail=f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
    return fmt  # type: ignore[return-value]


def export_statuses(filters: Q.Filters, statuses: Sequence[str] | str | None) -> tuple[str, ...] | None:
    """The statuses an export holds (None: every one). `statuses` is a list, comma-separated
    text or "all"; the filter's single status narrows it; by default what happened."""
    if isinstance(statuses, str):
        statuses = [s for s in statuses.split(",") if s.strip()]
    if statuses and ALL_STATUSES in statuses:
        wanted: tuple[str, ...] | None = None
    else:
        wanted = Q.check_statuses(statuses) if statuses else None
        if wanted is None and not filters.status:
            wanted = HAPPENED
    if filters.status:
        if wanted is not None and filters.status not in wanted:
            raise ChroniclerError(E.BAD_FILTER, name="status", value=filters.status,
                                  detail="not among the statuses asked for: " + ", ".join(wanted))  # fmt: skip
        wanted = (filters.status,)
    return wanted


def export_chunks(
    store: Store,
    fmt: str,
    filters: Q.Filters | None = None,
    *,
    what: What = "incidents",
    batch_size: int = DEFAULT_BATCH,
    stats: ExportStats | None = None,
    redact: bool = False,
    statuses: Sequence[str] | str | None = None,
) -> Iterator[bytes]:
    """The export as a stream of byte chunks. Bad formats and filters fail before the first chunk.

    `statuses`: which statuses to export (a list, comma-separated, or "all"); default what
    happened. `redact` removes private persons' names (see `chronicler.export.redact`)."""
    writer = _WRITERS[check_format(fmt)]
    _check_what(what)
    f = (filters or Q.Filters()).validate()
    if what == "events" and f.grade:
        raise ChroniclerError(E.BAD_FILTER, name="grade", value=f.grade, detail="grade applies to incidents, not events")
    wanted = export_statuses(f, statuses)
    f = dataclasses.replace(f, status=None)  # the status list carries it
    records = iter_record_batches(store, f, what, batch_size, wanted)
    batches = _with_context(store, records, what, members=redact or fmt in _FLAT)
    if redact:
        batches = _redacted(store, batches, what)
    return writer(batches, what, stats if stats is not None else ExportStats())


def write_export(store: Store, fmt: str, out: Any, filters: Q.Filters | None = None, *,
                 what: What = "incidents", batch_size: int = DEFAULT_BATCH,
                 stats: ExportStats | None = None, redact: bool = False,
                 statuses: Sequence[str] | str | None = None) -> ExportStats:  # fmt: skip
    """Write an export to a binary file object; returns the counts (also filled in `stats`)."""
    stats = stats if stats is not None else ExportStats()
    for chunk in export_chunks(store, fmt, filters, what=what, batch_size=batch_size, stats=stats,
                               redact=redact, statuses=statuses):  # fmt: skip
        if chunk:
            out.write(chunk)
    return stats
