"""Exports: CSV (ACLED-style columns), JSONL, GeoJSON, Parquet and PLOVER-style JSON.

Every format is a generator of byte chunks fed by a keyset-paginated scan of
the store (`WHERE id > last ORDER BY id LIMIT n`), so memory holds one batch,
never the whole result: the CLI writes the chunks to a file, the API streams
them. The flat (CSV/Parquet/GeoJSON properties) columns and their types are
declared once in `COLUMNS`; docs/exports.md documents them and the PLOVER ->
ACLED type mapping.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

import sqlalchemy as sa

from chronicler.errors import ChroniclerError, E
from chronicler.store import tables as t
from chronicler.store.db import db_errors
from chronicler.store.query import Filters, incident_conditions
from chronicler.store.repo import Store

Format = Literal["csv", "jsonl", "geojson", "parquet", "plover"]
What = Literal["incidents", "events"]
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

# --- the flat columns ---------------------------------------------------------

# name -> logical type: "str", "date", "int", "float", "timestamp". One list
# drives the CSV header, the Parquet schema and `pandas_dtypes()`.
_SHARED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id_cnty", "str"), ("event_date", "date"), ("year", "int"),
    ("time_precision", "int"), ("disorder_type", "str"), ("event_type", "str"),
    ("sub_event_type", "str"), ("actor1", "str"), ("actor2", "str"),
    ("civilian_targeting", "str"), ("iso3", "str"), ("country", "str"), ("admin1", "str"),
    ("admin2", "str"), ("location", "str"), ("latitude", "float"), ("longitude", "float"),
    ("geo_precision", "int"), ("source", "str"), ("notes", "str"), ("fatalities", "int"),
    # ours
    ("status", "str"), ("grade", "str"), ("fatalities_low", "int"), ("fatalities_best", "int"),
    ("fatalities_high", "int"), ("plover_type", "str"), ("plover_mode", "str"),
    ("actor1_country", "str"), ("actor1_sector", "str"), ("actor2_country", "str"),
    ("actor2_sector", "str"), ("n_sources", "int"), ("first_reported_at", "timestamp"),
    ("incident_id", "str"),
)  # fmt: skip
COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "incidents": _SHARED_COLUMNS,
    "events": _SHARED_COLUMNS + (("event_id", "str"), ("article_id", "str"), ("confidence", "float")),
}


def column_names(what: What = "incidents") -> list[str]:
    return [name for name, _ in COLUMNS[what]]


def pandas_dtypes(what: What = "incidents") -> dict[str, str]:
    """dtypes for `pandas.read_csv(path, dtype=..., parse_dates=[...])` of a CSV export."""
    kinds = {"str": "string", "int": "Int32", "float": "float64"}
    return {name: kinds[kind] for name, kind in COLUMNS[what] if kind in kinds}


def date_columns(what: What = "incidents") -> list[str]:
    return [name for name, kind in COLUMNS[what] if kind in ("date", "timestamp")]


# --- PLOVER -> ACLED event types ------------------------------------------------

_REMOTE = "Explosions/Remote violence"
_VAC = "Violence against civilians"
_STRATEGIC = "Strategic developments"
# ASSAULT modes that ACLED codes by weapon, whoever the target.
_ASSAULT_BY_MODE: dict[str, tuple[str, str]] = {
    "drone": (_REMOTE, "Air/drone strike"),
    "aerial": (_REMOTE, "Air/drone strike"),
    "explosives": (_REMOTE, "Remote explosive/landmine/IED"),
    "suicide-attack": (_REMOTE, "Suicide bomb"),
    "heavy-weapons": (_REMOTE, "Shelling/artillery/missile attack"),
    "abduct": (_VAC, "Abduction/forced disappearance"),
    "sexual": (_VAC, "Sexual violence"),
    "massacre": (_VAC, "Attack"),
    "cleansing": (_VAC, "Attack"),
    "destroy": (_STRATEGIC, "Looting/property destruction"),
}
_ARMED_SECTORS = frozenset({"military", "police", "armed_group", "criminal_organisation"})
_OTHER_BY_TYPE_MODE: dict[tuple[str, str | None], tuple[str, str]] = {
    ("COERCE", "arrest"): (_STRATEGIC, "Arrests"),
    ("COERCE", "seize"): (_STRATEGIC, "Disrupted weapons use"),
    ("PROTEST", "riot"): ("Riots", "Violent demonstration"),
    ("AGREE", None): (_STRATEGIC, "Agreement"),
    ("MOBILIZE", None): (_STRATEGIC, "Change to group/activity"),
    ("RETREAT", "withdraw"): (_STRATEGIC, "Non-violent transfer of territory"),
}
_DISORDER = {
    "Battles": "Political violence", _REMOTE: "Political violence", _VAC: "Political violence",
    "Riots": "Political violence", "Protests": "Demonstrations", _STRATEGIC: "Strategic developments",
}  # fmt: skip


def acled_type(event_type: str, mode: str | None, recipient_sector: str | None) -> tuple[str, str]:
    """(ACLED event_type, sub_event_type) for a PLOVER type and mode (see docs/exports.md)."""
    if event_type == "ASSAULT":
        if mode in _ASSAULT_BY_MODE:
            return _ASSAULT_BY_MODE[mode]
        # Direct attacks (firearms, beatings, executions, unknown weapon): a fight
        # between armed sides is a battle; against anyone else, violence against civilians.
        if recipient_sector in _ARMED_SECTORS:
            return ("Battles", "Armed clash")
        return (_VAC, "Attack")
    if event_type == "PROTEST":
        return _OTHER_BY_TYPE_MODE.get(("PROTEST", mode), ("Protests", "Peaceful protest"))
    for key in ((event_type, mode), (event_type, None)):
        if key in _OTHER_BY_TYPE_MODE:
            return _OTHER_BY_TYPE_MODE[key]
    return (_STRATEGIC, "Other")


@lru_cache(maxsize=512)
def country_name(iso3: str | None) -> str | None:
    if not iso3:
        return None
    import pycountry

    found = pycountry.countries.get(alpha_3=iso3)
    return getattr(found, "common_name", None) or (found.name if found else iso3)


_TIME_PRECISION = {"day": 1, "week": 2, "month": 3}
_GEO_PRECISION = {"point": 1, "town": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3}


# --- records -> flat rows --------------------------------------------------------


def _name(entity: Mapping[str, Any] | None) -> str | None:
    return (entity.get("canonical") or entity.get("text")) if entity else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _timestamp(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    stamp = dt.datetime.fromisoformat(value)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.UTC)


def _notes(rec: Mapping[str, Any], loc: Mapping[str, Any]) -> str:
    """The summary when the incident has one, else a plain sentence built from the fields."""
    if rec.get("summary"):
        return str(rec["summary"])
    what = rec["event_type"] + (f"/{rec['mode']}" if rec.get("mode") else "")
    parts = [what, f"by {_name(rec.get('actor'))}" if rec.get("actor") else "",
             f"against {_name(rec.get('recipient'))}" if rec.get("recipient") else "",
             f"in {loc.get('name') or loc.get('text')}" if loc else "",
             f"(status: {rec.get('status')})"]  # fmt: skip
    return " ".join(p for p in parts if p)


def flat_row(rec: Mapping[str, Any], what: What = "incidents", extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One record (an Incident or Event as JSON) as the typed flat columns."""
    extra = extra or {}
    loc = rec.get("location") or {}
    date = rec.get("date") or {}
    actor, recipient = rec.get("actor") or {}, rec.get("recipient") or {}
    killed = (rec.get("toll") or {}).get("killed") or {}
    acled_event, sub_event = acled_type(rec["event_type"], rec.get("mode"), recipient.get("sector"))
    start = _date(date.get("start"))
    iso3 = loc.get("country")
    if what == "incidents":
        outlets = [s.get("outlet") for s in rec.get("sources") or []]
        n_sources, first, incident_id = len(rec.get("sources") or []), rec.get("first_reported_at"), rec["id"]
    else:
        outlets = [extra.get("outlet")] + list(((rec.get("attribution") or {}).get("outlets")) or [])
        n_sources, first, incident_id = 1, extra.get("published_at"), extra.get("incident_id")
    row: dict[str, Any] = {
        "event_id_cnty": f"{iso3}-{rec['id']}" if iso3 else rec["id"],
        "event_date": start, "year": start.year if start else None,
        "time_precision": _TIME_PRECISION.get(date.get("precision") or "", 3) if start else None,
        "disorder_type": _DISORDER[acled_event], "event_type": acled_event, "sub_event_type": sub_event,
        "actor1": _name(actor), "actor2": _name(recipient),
        "civilian_targeting": "Civilian targeting" if acled_event == _VAC else None,
        "iso3": iso3, "country": country_name(iso3), "admin1": loc.get("admin1"),
        "admin2": loc.get("admin2"), "location": loc.get("name") or loc.get("text"),
        "latitude": loc.get("latitude"), "longitude": loc.get("longitude"),
        "geo_precision": _GEO_PRECISION.get(loc.get("precision", "unknown")),
        "source": "; ".join(dict.fromkeys(o for o in outlets if o)) or None,
        "notes": _notes(rec, loc),
        # ACLED codes "no reported deaths" as 0; fatalities_best keeps the difference.
        "fatalities": killed.get("best") or 0,
        "status": rec.get("status"), "grade": rec.get("grade"),
        "fatalities_low": killed.get("low"), "fatalities_best": killed.get("best"),
        "fatalities_high": killed.get("high"),
        "plover_type": rec["event_type"], "plover_mode": rec.get("mode"),
        "actor1_country": actor.get("country"), "actor1_sector": actor.get("sector"),
        "actor2_country": recipient.get("country"), "actor2_sector": recipient.get("sector"),
        "n_sources": n_sources, "first_reported_at": _timestamp(first), "incident_id": incident_id,
    }  # fmt: skip
    if what == "events":
        row.update(event_id=rec["id"], article_id=rec["article_id"], confidence=rec.get("confidence"))
    return row


def plover_record(rec: Mapping[str, Any], what: What = "incidents", extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A PLOVER/POLECAT-style event record (their field names where they exist)."""
    extra = extra or {}
    loc = rec.get("location") or {}
    date = rec.get("date") or {}

    def party(entity: Mapping[str, Any] | None) -> dict[str, Any] | None:
        if not entity:
            return None
        sector = entity.get("sector")
        return {"name": _name(entity), "text": entity.get("text"), "id": entity.get("entity_id"),
                "country": entity.get("country"), "sector": [sector] if sector else []}  # fmt: skip

    if what == "incidents":
        story_ids = [s["article_id"] for s in rec.get("sources") or []]
        sources = [s.get("outlet") for s in rec.get("sources") or [] if s.get("outlet")]
    else:
        story_ids = [rec["article_id"]]
        sources = [extra["outlet"]] if extra.get("outlet") else []
    out: dict[str, Any] = {
        "id": rec["id"], "date": date.get("start"), "date_end": date.get("end"),
        "date_precision": date.get("precision"), "event_type": rec["event_type"],
        "mode": rec.get("mode"), "context": [], "status": rec.get("status"),
        "actor": party(rec.get("actor")), "recipient": party(rec.get("recipient")),
        "location": [{"placename": loc.get("name") or loc.get("text"), "admin2": loc.get("admin2"),
                      "state": loc.get("admin1"), "state_code": loc.get("admin1_code"),
                      "country": loc.get("country"), "lat": loc.get("latitude"),
                      "lon": loc.get("longitude"), "precision": loc.get("precision")}] if loc else [],
        "story_ids": story_ids, "sources": list(dict.fromkeys(sources)),
        "version": rec.get("pipeline_version"),
    }  # fmt: skip
    if what == "incidents":
        out.update(grade=rec.get("grade"), event_ids=rec.get("event_ids", []),
                   first_reported_at=rec.get("first_reported_at"))  # fmt: skip
    else:
        out.update(event_text=(rec.get("sentence") or {}).get("text"), incident_id=extra.get("incident_id"),
                   confidence=rec.get("confidence"))  # fmt: skip
    return out


# --- redaction -------------------------------------------------------------------

REDACTED = "[redacted]"


def _is_private(entity: Mapping[str, Any]) -> bool:
    # Victims and bystanders: civilians not resolved to a knowledge-base entry (public figures
    # and organisations are in the KB).
    return entity.get("sector") == "civilians" and entity.get("resolution") != "kb"


def _blank_spans(value: Any) -> Any:
    """Copy of a record with the quoted text of every Span removed (offsets kept)."""
    if isinstance(value, dict):
        if {"start", "end", "text"} <= value.keys() and len(value) == 3:
            return {**value, "text": ""}
        return {k: _blank_spans(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_blank_spans(v) for v in value]
    return value


def redact_private(rec: Mapping[str, Any]) -> dict[str, Any]:
    """The record without private persons' names: civilian actors/recipients, named-person
    sources, and the free text (summary, quoted spans) that could name them."""
    out = _blank_spans(rec)
    for key in ("actor", "recipient"):
        entity = out.get(key)
        if entity and _is_private(entity):
            out[key] = {**entity, "text": REDACTED, "canonical": REDACTED if entity.get("canonical") else None}
    if "summary" in out:
        out["summary"] = ""
    for source in out.get("sources") or []:
        if source.get("attribution_kind") == "named_person":
            source["attribution_name"] = REDACTED
    profile = (out.get("attribution") or {}).get("profile") or {}
    if profile.get("kind") == "named_person":
        profile["name"] = REDACTED
    return out


# --- reading the store in batches ---------------------------------------------


@dataclass
class ExportStats:
    """Counts filled in while an export streams (read them after the last chunk)."""

    rows: int = 0
    skipped_unlocated: int = 0
    skipped_bad_coordinates: int = 0
    notes: list[str] = field(default_factory=list)


def _event_select(store: Store, f: Filters) -> Any:
    from chronicler.store.query import event_conditions

    if f.grade:
        raise ChroniclerError(E.BAD_FILTER, name="grade", value=f.grade, detail="grade applies to incidents, not events")
    e, a, link = t.events, t.articles, t.incident_events
    conds = event_conditions(store, f)
    return (
        sa.select(e.c.id, e.c.data, a.c.outlet, a.c.url, a.c.published_at, link.c.incident_id)
        .select_from(e.join(a, a.c.id == e.c.article_id).outerjoin(link, link.c.event_id == e.c.id))
        .where(*conds)
    )


def iter_record_batches(
    store: Store, filters: Filters | None = None, what: What = "incidents", batch_size: int = DEFAULT_BATCH
) -> Iterator[list[tuple[dict[str, Any], dict[str, Any]]]]:
    """Batches of (record JSON, extra columns) matching the filters, in id order.

    Keyset pagination: each batch is one short query, so nothing holds a cursor
    open between batches and memory holds one batch at a time.
    """
    f = (filters or Filters()).validate()
    if what == "incidents":
        table = t.incidents
        base = sa.select(table.c.id, table.c.data).where(*incident_conditions(store, f))
    elif what == "events":
        table = t.events
        base = _event_select(store, f)
    else:
        raise ChroniclerError(E.BAD_OPTION, detail=f"--what must be incidents or events, not {what!r}")
    last = ""
    while True:
        with db_errors(store.url), store.engine.connect() as conn:
            rows = conn.execute(base.where(table.c.id > last).order_by(table.c.id).limit(batch_size)).all()
        if not rows:
            return
        yield [(row.data, _extra(row._mapping)) for row in rows]
        last = rows[-1].id


def _extra(mapping: Any) -> dict[str, Any]:
    extra = {k: v for k, v in mapping.items() if k not in ("id", "data")}
    if isinstance(extra.get("published_at"), dt.datetime):
        extra["published_at"] = extra["published_at"].isoformat()
    return extra


# --- writers: each yields bytes ---------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_CHARS = frozenset(_FORMULA_START)


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


Batches = Iterator[list[tuple[dict[str, Any], dict[str, Any]]]]


def _csv(batches: Batches, what: What, stats: ExportStats) -> Iterator[bytes]:
    names = column_names(what)
    buffer = io.StringIO()
    # CRLF (RFC 4180) also makes the writer quote cells holding a bare \r.
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(names)
    for batch in batches:
        for rec, extra in batch:
            row = flat_row(rec, what, extra)
            writer.writerow([_csv_cell(row[n]) for n in names])
            stats.rows += 1
        yield buffer.getvalue().encode("utf-8")
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode("utf-8")


def _jsonl(batches: Batches, what: What, stats: ExportStats) -> Iterator[bytes]:
    for batch in batches:
        lines = []
        for rec, _extra_cols in batch:
            lines.append(json.dumps(rec, ensure_ascii=False, separators=(",", ":")))
            stats.rows += 1
        yield ("\n".join(lines) + "\n").encode("utf-8")


def _valid_point(lat: Any, lon: Any) -> bool:
    return isinstance(lat, int | float) and isinstance(lon, int | float) and -90 <= lat <= 90 and -180 <= lon <= 180


def _geojson(batches: Batches, what: What, stats: ExportStats) -> Iterator[bytes]:
    yield b'{"type":"FeatureCollection","features":['
    first = True
    for batch in batches:
        parts = []
        for rec, extra in batch:
            row = flat_row(rec, what, extra)
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
        for rec, extra in batch:
            parts.append(("\n" if first else ",\n") + json.dumps(plover_record(rec, what, extra), ensure_ascii=False))
            first = False
            stats.rows += 1
        yield "".join(parts).encode("utf-8")
    yield b"\n]\n"


def parquet_schema(what: What = "incidents") -> Any:
    import pyarrow as pa

    types = {"str": pa.string(), "date": pa.date32(), "int": pa.int32(), "float": pa.float64(),
             "timestamp": pa.timestamp("us", tz="UTC")}  # fmt: skip
    return pa.schema([pa.field(name, types[kind]) for name, kind in COLUMNS[what]])


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
            rows = [flat_row(rec, what, extra) for rec, extra in batch]
            columns = {n: [r[n] for r in rows] for n in names}
            writer.write_table(pa.Table.from_pydict(columns, schema=schema))
            stats.rows += len(rows)
            yield sink.drain()
    yield sink.drain()


_WRITERS: dict[str, Callable[[Batches, What, ExportStats], Iterator[bytes]]] = {
    "csv": _csv, "jsonl": _jsonl, "geojson": _geojson, "parquet": _parquet, "plover": _plover,
}  # fmt: skip


def check_format(fmt: str) -> Format:
    fmt = (fmt or "").lower()
    if fmt not in FORMATS:
        raise ChroniclerError(E.BAD_OPTION, detail=f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    return fmt  # type: ignore[return-value]


def export_chunks(
    store: Store,
    fmt: str,
    filters: Filters | None = None,
    *,
    what: What = "incidents",
    batch_size: int = DEFAULT_BATCH,
    stats: ExportStats | None = None,
    redact: bool = False,
) -> Iterator[bytes]:
    """The export as a stream of byte chunks. Bad formats and filters fail before the first chunk.

    `redact` removes private persons' names (see `redact_private`)."""
    writer = _WRITERS[check_format(fmt)]
    if what not in COLUMNS:
        raise ChroniclerError(E.BAD_OPTION, detail=f"--what must be incidents or events, not {what!r}")
    f = (filters or Filters()).validate()
    if what == "events" and f.grade:
        raise ChroniclerError(E.BAD_FILTER, name="grade", value=f.grade, detail="grade applies to incidents, not events")
    batches = iter_record_batches(store, f, what, batch_size)
    if redact:
        batches = ([(redact_private(rec), extra) for rec, extra in batch] for batch in batches)
    return writer(batches, what, stats if stats is not None else ExportStats())


def write_export(store: Store, fmt: str, out: Any, filters: Filters | None = None, *,
                 what: What = "incidents", batch_size: int = DEFAULT_BATCH,
                 stats: ExportStats | None = None, redact: bool = False) -> ExportStats:  # fmt: skip
    """Write an export to a binary file object; returns the counts (also filled in `stats`)."""
    stats = stats if stats is not None else ExportStats()
    for chunk in export_chunks(store, fmt, filters, what=what, batch_size=batch_size, stats=stats, redact=redact):
        if chunk:
            out.write(chunk)
    return stats
