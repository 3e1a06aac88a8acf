"""Exports: round-trips through pandas/pyarrow/jsonschema, CSV injection, type mapping, streaming."""

from __future__ import annotations

import datetime as dt
import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
import pytest
from jsonschema import Draft202012Validator

from chronicler import export as X
from chronicler.errors import ChroniclerError
from chronicler.records import Incident
from chronicler.store import Store
from chronicler.store.query import Filters

# A small GeoJSON schema (RFC 7946 subset): a FeatureCollection of Point features.
GEOJSON_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["type", "features"],
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "geometry", "properties"],
                "properties": {
                    "type": {"const": "Feature"},
                    "id": {"type": ["string", "number"]},
                    "properties": {"type": ["object", "null"]},
                    "geometry": {
                        "type": "object",
                        "required": ["type", "coordinates"],
                        "properties": {
                            "type": {"const": "Point"},
                            "coordinates": {
                                "type": "array",
                                "minItems": 2,
                                "maxItems": 3,
                                "prefixItems": [
                                    {"type": "number", "minimum": -180, "maximum": 180},
                                    {"type": "number", "minimum": -90, "maximum": 90},
                                ],
                            },
                        },
                    },
                },
            },
        },
    },
}


def make_incident(n: int, **overrides: Any) -> Incident:
    """An invented incident; every third has no location, every fifth no toll."""
    data: dict[str, Any] = {
        "id": f"inc{n:08d}",
        "event_type": "ASSAULT",
        "mode": ("drone", "firearms", None)[n % 3],
        "status": "occurred",
        "grade": ("confirmed", "fair", "weak")[n % 3],
        "date": {"start": (dt.date(2026, 1, 1) + dt.timedelta(days=n % 300)).isoformat(), "precision": "day"},
        "actor": {"text": "gunmen", "canonical": "Unidentified gunmen", "sector": "armed_group"},
        "recipient": {"text": "state police", "canonical": "Sinaloa state police", "country": "MEX",
                      "sector": ("police", "civilians")[n % 2]},
        "location": None if n % 3 == 2 else {
            "text": "Culiacán", "name": "Culiacán", "admin1": "Sinaloa", "country": "MEX",
            "latitude": 24.8 + (n % 10) / 100, "longitude": -107.39, "precision": "town",
        },
        "toll": {} if n % 5 == 4 else {"killed": {"low": 2, "best": 3, "high": 5}},
        "event_ids": [f"ev{n:08d}a", f"ev{n:08d}b"],
        "sources": [
            {"article_id": f"art{n:08d}", "outlet": "Ríodoce", "published_at": "2026-03-12T14:00:00"},
            {"article_id": f"art{n:08d}x", "outlet": "Wire Service"},
        ],
        "first_reported_at": "2026-03-12T14:00:00",
        "summary": f"Gunmen attacked a state police patrol near Culiacán (invented fixture {n}).",
        "pipeline_version": "test",
    }  # fmt: skip
    data.update(overrides)
    return Incident.model_validate(data)


def export_bytes(store: Store, fmt: str, filters: Filters | None = None, **kw: Any) -> tuple[bytes, X.ExportStats]:
    out = io.BytesIO()
    stats = X.write_export(store, fmt, out, filters, **kw)
    return out.getvalue(), stats


def test_export_round_trip(store: Store) -> None:
    incidents = [make_incident(n) for n in range(12)]
    store.replace_incidents(incidents)
    located = [i for i in incidents if i.location]

    # CSV loads in pandas with the documented columns and dtypes.
    raw, stats = export_bytes(store, "csv", batch_size=5)
    assert stats.rows == 12
    frame = pd.read_csv(io.BytesIO(raw), dtype=X.pandas_dtypes(), parse_dates=X.date_columns())
    assert list(frame.columns) == X.column_names()
    assert str(frame["year"].dtype) == "Int32" and str(frame["latitude"].dtype) == "float64"
    assert str(frame["fatalities"].dtype) == "Int32" and str(frame["event_date"].dtype).startswith("datetime64")
    row = frame.set_index("incident_id").loc["inc00000000"]
    assert (row["event_type"], row["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
    assert (row["fatalities"], row["fatalities_low"], row["fatalities_high"]) == (3, 2, 5)
    assert row["country"] == "Mexico" and row["admin1"] == "Sinaloa" and row["source"] == "Ríodoce; Wire Service"
    no_toll = frame.set_index("incident_id").loc["inc00000004"]
    assert no_toll["fatalities"] == 0 and pd.isna(no_toll["fatalities_best"])  # ACLED 0 vs unknown

    # Parquet: the fixed schema, readable by pandas with the same columns.
    raw, _ = export_bytes(store, "parquet", batch_size=5)
    parquet = pq.ParquetFile(io.BytesIO(raw))
    assert parquet.schema_arrow == X.parquet_schema()
    assert parquet.metadata.num_row_groups == 3  # one per batch
    frame = pd.read_parquet(io.BytesIO(raw))
    assert list(frame.columns) == X.column_names() and len(frame) == 12
    assert str(frame["year"].dtype) == "int32" and str(frame["longitude"].dtype) == "float64"
    assert frame["event_date"].iloc[0] == dt.date(2026, 1, 1)

    # GeoJSON validates, points are in range, unlocated incidents are counted not exported.
    raw, stats = export_bytes(store, "geojson", batch_size=5)
    doc = json.loads(raw)
    Draft202012Validator(GEOJSON_SCHEMA).validate(doc)
    assert len(doc["features"]) == len(located) == stats.rows
    assert doc["chronicler"]["skipped_unlocated"] == 12 - len(located) == stats.skipped_unlocated
    first = doc["features"][0]
    assert first["geometry"]["coordinates"] == [-107.39, 24.8] and first["properties"]["grade"] == "confirmed"

    # JSONL holds the full records; PLOVER JSON is one array with PLOVER field names.
    raw, _ = export_bytes(store, "jsonl", batch_size=5)
    back = [Incident.model_validate_json(line) for line in raw.decode().splitlines()]
    assert back == sorted(incidents, key=lambda i: i.id)
    raw, _ = export_bytes(store, "plover", batch_size=5)
    plover = json.loads(raw)
    assert len(plover) == 12
    assert {"id", "date", "event_type", "mode", "actor", "recipient", "location", "story_ids", "status"} <= set(plover[0])
    assert plover[0]["recipient"] == {"name": "Sinaloa state police", "text": "state police", "id": None,
                                      "country": "MEX", "sector": ["police"]}  # fmt: skip
    assert plover[0]["story_ids"] == ["art00000000", "art00000000x"]


def test_filters_apply_to_exports(store: Store) -> None:
    store.replace_incidents([make_incident(n) for n in range(9)])
    raw, stats = export_bytes(store, "jsonl", Filters(grade="confirmed"))
    assert stats.rows == 3 and all(json.loads(line)["grade"] == "confirmed" for line in raw.decode().splitlines())
    _, stats = export_bytes(store, "csv", Filters(mode="drone", date_to=dt.date(2026, 1, 4)))
    assert stats.rows == 2  # inc0, inc3
    with pytest.raises(ChroniclerError, match="E401"):
        X.export_chunks(store, "csv", Filters(country="Mexico"))
    with pytest.raises(ChroniclerError, match="E403"):
        X.export_chunks(store, "xlsx")


def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "x.sqlite"))
    payloads = ["=HYPERLINK(\"http://x.invalid\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]
    incidents = [
        make_incident(n, actor={"text": text, "sector": "armed_group"}, summary=text)
        for n, text in enumerate(payloads)
    ]
    store.replace_incidents(incidents)
    raw, _ = export_bytes(store, "csv")
    frame = pd.read_csv(io.BytesIO(raw), dtype=X.pandas_dtypes())
    assert list(frame["actor1"]) == ["'" + p for p in payloads]
    assert list(frame["notes"]) == ["'" + p for p in payloads]
    assert float(frame["longitude"].iloc[0]) == -107.39  # numbers are not text: left alone
    assert X.neutralise("Culiacán") == "Culiacán" and X.neutralise(-5) == -5


@pytest.mark.parametrize(
    ("plover", "mode", "sector", "acled"),
    [
        ("ASSAULT", "drone", "civilians", ("Explosions/Remote violence", "Air/drone strike")),
        ("ASSAULT", "firearms", "civilians", ("Violence against civilians", "Attack")),
        ("ASSAULT", "firearms", "police", ("Battles", "Armed clash")),
        ("ASSAULT", "firearms", "criminal_organisation", ("Battles", "Armed clash")),
        ("ASSAULT", "abduct", "civilians", ("Violence against civilians", "Abduction/forced disappearance")),
        ("COERCE", "arrest", "criminal_organisation", ("Strategic developments", "Arrests")),
        ("PROTEST", "demo", None, ("Protests", "Peaceful protest")),
        ("PROTEST", "riot", None, ("Riots", "Violent demonstration")),
        ("SANCTION", None, "government", ("Strategic developments", "Other")),
        ("THREATEN", "violence", "government", ("Strategic developments", "Other")),
        ("AGREE", None, "government", ("Strategic developments", "Agreement")),
    ],
)
def test_plover_to_acled_mapping(plover: str, mode: str | None, sector: str | None, acled: tuple[str, str]) -> None:
    assert X.acled_type(plover, mode, sector) == acled


def test_events_export_carries_article_outlet_and_incident(tmp_path: Path) -> None:
    from tests.factories import make_article, make_event

    store = Store(str(tmp_path / "ev.sqlite"))
    article = make_article("Soldiers arrested two suspects in Culiacán on Tuesday, the army said.", outlet="El Debate")
    event = make_event(article, "arrested", event_type="COERCE", mode="arrest")
    store.add_articles([article])
    store.save_extraction([(article.id, [event])], "test")
    store.replace_incidents([make_incident(1, event_type="COERCE", mode="arrest", event_ids=[event.id])])
    raw, stats = export_bytes(store, "csv", what="events")
    frame = pd.read_csv(io.BytesIO(raw), dtype=X.pandas_dtypes("events"))
    assert stats.rows == 1 and list(frame.columns) == X.column_names("events")
    row = frame.iloc[0]
    assert (row["event_id"], row["article_id"], row["incident_id"]) == (event.id, article.id, "inc00000001")
    assert (row["source"], row["sub_event_type"]) == ("El Debate", "Arrests")
    plover = json.loads(export_bytes(store, "plover", what="events")[0])
    assert plover[0]["story_ids"] == [article.id] and plover[0]["event_text"].startswith("Soldiers")
    with pytest.raises(ChroniclerError, match="grade applies to incidents"):
        X.export_chunks(store, "csv", Filters(grade="weak"), what="events")


@pytest.mark.slow
def test_exports_stream_in_bounded_memory(tmp_path: Path) -> None:
    """20k incidents: the export's peak Python allocation stays far below the data's size."""
    import sqlalchemy as sa

    from chronicler.store import tables
    from chronicler.store.repo import _incident_row, utcnow

    store = Store(str(tmp_path / "big.sqlite"))
    # Rows are inserted directly (one validated template, copied) to keep the test fast.
    lean = make_incident(0, sources=[], event_ids=[], actor=None, summary="", date=None)
    template = _incident_row(lean, utcnow())
    with store.engine.begin() as conn:
        for start in range(0, 20_000, 5_000):
            conn.execute(sa.insert(tables.incidents), [
                {**template, "id": f"inc{n:08d}", "data": {**template["data"], "id": f"inc{n:08d}"}}
                for n in range(start, start + 5_000)
            ])  # fmt: skip
    data_size = 20_000 * len(json.dumps(template["data"]))  # holding every record costs at least this
    X.country_name("MEX")  # load pycountry's tables before measuring: a one-off, not per row
    tracemalloc.start()
    with (tmp_path / "out.csv").open("wb") as handle:
        stats = X.write_export(store, "csv", handle, batch_size=100)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert stats.rows == 20_000
    assert peak < data_size / 8, f"peak {peak} bytes vs {data_size} bytes of records"
    with (tmp_path / "out.parquet").open("wb") as handle:
        X.write_export(store, "parquet", handle, batch_size=5_000)
    metadata = pq.ParquetFile(tmp_path / "out.parquet").metadata
    assert (metadata.num_rows, metadata.num_row_groups) == (20_000, 4)  # written batch by batch


# --- API and CLI --------------------------------------------------------------------------------


@pytest.fixture
def client(tmp_path: Path) -> Any:
    from fastapi.testclient import TestClient

    from chronicler.serve.app import create_app

    db = str(tmp_path / "api.sqlite")
    with Store(db) as store:
        store.replace_incidents([make_incident(n) for n in range(6)])
    with TestClient(create_app(db, token="s3cret")) as test_client:
        yield test_client


def test_api_export_streams_every_format(client: Any) -> None:
    response = client.get("/api/export", params={"format": "csv", "grade": "confirmed"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    assert len(pd.read_csv(io.BytesIO(response.content))) == 2
    parquet = client.get("/api/export", params={"format": "parquet"})
    assert len(pd.read_parquet(io.BytesIO(parquet.content))) == 6
    geo = client.get("/api/export", params={"format": "geojson", "country": "MEX"}).json()
    Draft202012Validator(GEOJSON_SCHEMA).validate(geo)
    assert len(geo["features"]) == 4
    lines = client.get("/api/export", params={"format": "jsonl"}).text.splitlines()
    assert [json.loads(line)["id"] for line in lines] == [f"inc{n:08d}" for n in range(6)]
    assert len(client.get("/api/export", params={"format": "plover"}).json()) == 6


@pytest.mark.parametrize(
    "params",
    [{"format": "xlsx"}, {"what": "articles"}, {"country": "Mexico"}, {"date_from": "yesterday"},
     {"what": "events", "grade": "weak"}, {"status": "rumoured"}],
)  # fmt: skip
def test_api_export_rejects_bad_parameters_with_422(client: Any, params: dict[str, str]) -> None:
    response = client.get("/api/export", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"].startswith("E4")


def test_cli_export_to_file_and_stdout(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from chronicler.cli import app

    db = str(tmp_path / "cli.sqlite")
    with Store(db) as store:
        store.replace_incidents([make_incident(n) for n in range(6)])
    runner = CliRunner()
    out = tmp_path / "mx.geojson"
    result = runner.invoke(app, ["--db", db, "export", "-f", "geojson", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert len(json.loads(out.read_text())["features"]) == 4
    assert "2 incidents without coordinates" in result.output  # the skipped ones are reported
    result = runner.invoke(app, ["--db", db, "export", "-f", "csv", "--grade", "weak"])
    assert result.exit_code == 0 and result.stdout.count("\n") == 3  # header + 2 rows
    result = runner.invoke(app, ["--db", db, "export", "-f", "xlsx", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code != 0 and not (tmp_path / "x.xlsx").exists()


def test_redaction_removes_private_persons(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "r.sqlite"))
    victim = {"text": "Lucía Ramírez", "canonical": "Lucía Ramírez", "sector": "civilians",
              "span": {"start": 10, "end": 23, "text": "Lucía Ramírez"}}  # fmt: skip
    sources = [{"article_id": "a1", "outlet": "Ríodoce", "attribution_kind": "named_person",
                "attribution_name": "Tomás Ortega, a neighbour"}]  # fmt: skip
    store.replace_incidents([make_incident(0, recipient=victim, sources=sources,
                                           summary="Gunmen shot Lucía Ramírez outside her home.")])  # fmt: skip
    for fmt in X.FORMATS:
        raw, _ = export_bytes(store, fmt, redact=True)
        if fmt == "parquet":
            raw = pd.read_parquet(io.BytesIO(raw)).to_csv().encode()
        text = raw.decode("utf-8")
        assert "Lucía" not in text and "Tomás" not in text, fmt
        assert "[redacted]" in text and "Ríodoce" in text, fmt
    plain, _ = export_bytes(store, "jsonl")
    assert "Lucía Ramírez" in plain.decode()  # the stored record is untouched


def test_status_rule_and_id_prefixes_on_both_databases(store: Store) -> None:
    from chronicler.store.query import resolve_id

    statuses = ["occurred", "considered", "denied", "ongoing", "contested", "planned"]
    store.replace_incidents([make_incident(n, status=s) for n, s in enumerate(statuses)])
    raw, stats = export_bytes(store, "csv")
    frame = pd.read_csv(io.BytesIO(raw), dtype=X.pandas_dtypes())
    assert stats.rows == 2 and set(frame["status"]) == {"occurred", "ongoing"}
    raw, stats = export_bytes(store, "csv", statuses="all")
    frame = pd.read_csv(io.BytesIO(raw), dtype=X.pandas_dtypes()).set_index("status")
    assert stats.rows == 6
    assert frame.loc["considered", "event_type"] == "Strategic developments"  # a drone strike only considered
    assert pd.isna(frame.loc["denied", "event_type"]) and pd.isna(frame.loc["contested", "event_type"])
    assert frame.loc["occurred", "event_type"] == "Explosions/Remote violence"
    _, stats = export_bytes(store, "plover", statuses=["planned", "denied"])
    assert stats.rows == 2
    store.replace_incidents([make_incident(9, id="inc-a1b2c3", status="occurred")])
    assert resolve_id(store, "incident", "inc-a1") == "inc-a1b2c3"
    assert resolve_id(store, "incident", "inc00000002") == "inc00000002"  # an exact id
    for given, code in (("inc", "E430"), ("inc%", "E402"), ("inc_000", "E402"), ("nope", "E402")):
        with pytest.raises(ChroniclerError, match=code):
            resolve_id(store, "incident", given)


def test_api_export_status_parameters(client: Any) -> None:
    lines = client.get("/api/export", params={"format": "jsonl", "all_statuses": "true"}).text.splitlines()
    assert len(lines) == 6
    response = client.get("/api/export", params={"format": "csv", "statuses": "considered"})
    assert response.status_code == 200 and len(pd.read_csv(io.BytesIO(response.content))) == 0
    assert client.get("/api/export", params={"statuses": "rumoured"}).status_code == 422
