"""The flat export columns (CSV, Parquet, GeoJSON properties): declared once, here.

name -> logical type: "str", "date", "int", "int64", "float", "timestamp". One list drives
the CSV header, the Parquet schema and `pandas_dtypes()`; docs/exports.md documents it.
ACLED's columns come first, in ACLED's order and with ACLED's names and codes, then
chronicler's own.
"""

from __future__ import annotations

from typing import Any, Literal

What = Literal["incidents", "events"]

ACLED_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id_cnty", "str"), ("event_date", "date"), ("year", "int"), ("time_precision", "int"),
    ("disorder_type", "str"), ("event_type", "str"), ("sub_event_type", "str"),
    ("actor1", "str"), ("assoc_actor_1", "str"), ("inter1", "int"),
    ("actor2", "str"), ("assoc_actor_2", "str"), ("inter2", "int"), ("interaction", "int"),
    ("civilian_targeting", "str"), ("iso", "int"), ("region", "str"), ("country", "str"),
    ("admin1", "str"), ("admin2", "str"), ("admin3", "str"), ("location", "str"),
    ("latitude", "float"), ("longitude", "float"), ("geo_precision", "int"),
    ("source", "str"), ("source_scale", "str"), ("notes", "str"), ("fatalities", "int"),
    ("tags", "str"), ("timestamp", "int64"),
)  # fmt: skip
OWN_COLUMNS: tuple[tuple[str, str], ...] = (
    ("iso3", "str"), ("status", "str"), ("grade", "str"),
    ("fatalities_low", "int"), ("fatalities_best", "int"), ("fatalities_high", "int"),
    ("plover_type", "str"), ("plover_mode", "str"),
    ("actor1_country", "str"), ("actor1_sector", "str"), ("actor2_country", "str"), ("actor2_sector", "str"),
    ("n_sources", "int"), ("first_reported_at", "timestamp"), ("incident_id", "str"),
)  # fmt: skip
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (("event_id", "str"), ("article_id", "str"), ("confidence", "float"))

COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "incidents": ACLED_COLUMNS + OWN_COLUMNS,
    "events": ACLED_COLUMNS + OWN_COLUMNS + EVENT_COLUMNS,
}


def column_names(what: What = "incidents") -> list[str]:
    return [name for name, _ in COLUMNS[what]]


def pandas_dtypes(what: What = "incidents") -> dict[str, str]:
    """dtypes for `pandas.read_csv(path, dtype=..., parse_dates=[...])` of a CSV export."""
    kinds = {"str": "string", "int": "Int32", "int64": "Int64", "float": "float64"}
    return {name: kinds[kind] for name, kind in COLUMNS[what] if kind in kinds}


def date_columns(what: What = "incidents") -> list[str]:
    return [name for name, kind in COLUMNS[what] if kind in ("date", "timestamp")]


def parquet_schema(what: What = "incidents") -> Any:
    import pyarrow as pa

    types = {"str": pa.string(), "date": pa.date32(), "int": pa.int32(), "int64": pa.int64(),
             "float": pa.float64(), "timestamp": pa.timestamp("us", tz="UTC")}  # fmt: skip
    return pa.schema([pa.field(name, types[kind]) for name, kind in COLUMNS[what]])
