"""Exports on the demo's own data: what happened by default, no violence type for what did
not, ACLED's columns and codes, and redaction of every private person."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from chronicler import export as X
from chronicler.config import data_dir
from chronicler.store import Store
from chronicler.store.query import Filters

VIOLENCE = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
ACLED_EVENT_TYPES = VIOLENCE | {"Protests", "Strategic developments"}
ACLED_SCALES = {"Local", "Subnational", "National", "Regional", "International", "New media", "Other"}
# The sample's invented private persons (data/sample/README.md): victims, a witness, and
# designated cartel figures who are not in the knowledge base.
PRIVATE = ["Aurelio", "Pureco", "Rigoberto", "Salcido", "Arámbula", "Efraín", "Baltazar", "Cuevas",
           "Tinoco", "Jesús Ortega", "Madrigal", "Héctor Villalobos"]  # fmt: skip


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from typer.testing import CliRunner

    from chronicler.cli import app

    db = str(tmp_path_factory.mktemp("demo") / "demo.sqlite")
    result = CliRunner().invoke(app, ["demo", "--db", db])
    assert result.exit_code == 0, result.output
    return db


def export_text(db: str, fmt: str, **kw: Any) -> str:
    out = io.BytesIO()
    with Store(db) as store:
        X.write_export(store, fmt, out, **kw)
    raw = out.getvalue()
    if fmt == "parquet":
        return str(pd.read_parquet(io.BytesIO(raw)).to_csv(index=False))
    return raw.decode("utf-8")


def csv_frame(db: str, what: str = "incidents", **kw: Any) -> pd.DataFrame:
    text = export_text(db, "csv", what=what, **kw)
    return pd.read_csv(io.StringIO(text), dtype=X.pandas_dtypes(what), parse_dates=X.date_columns(what))  # type: ignore[arg-type]


def test_default_exports_hold_only_what_happened(demo_db: str) -> None:
    with Store(demo_db) as store:
        statuses = set(store.stats()["events_by_status"])
    assert statuses - {"occurred", "ongoing"}, "the demo must hold claims that did not happen"
    for what in ("incidents", "events"):
        frame = csv_frame(demo_db, what)
        assert len(frame) and set(frame["status"]) <= {"occurred", "ongoing"}, what
        geo = json.loads(export_text(demo_db, "geojson", what=what))
        assert {f["properties"]["status"] for f in geo["features"]} <= {"occurred", "ongoing"}
        plover = json.loads(export_text(demo_db, "plover", what=what))
        assert plover and {r["status"] for r in plover} <= {"occurred", "ongoing"}
        lines = export_text(demo_db, "jsonl", what=what).splitlines()
        assert {json.loads(line)["status"] for line in lines} <= {"occurred", "ongoing"}
    parquet = pd.read_csv(io.StringIO(export_text(demo_db, "parquet")))
    assert set(parquet["status"]) <= {"occurred", "ongoing"}


def test_claims_that_did_not_happen_carry_no_violence_type(demo_db: str) -> None:
    for what in ("incidents", "events"):
        frame = csv_frame(demo_db, what, statuses="all")
        assert set(frame["status"]) - {"occurred", "ongoing"}
        drone = frame[(frame["plover_type"] == "ASSAULT") & (frame["plover_mode"] == "drone")]
        considered = drone[drone["status"] == "considered"]
        assert len(considered), "the demo's considered drone strike"
        assert set(considered["event_type"]) == {"Strategic developments"}
        assert set(considered["sub_event_type"]) == {"Other"}
        assert (considered["fatalities"] == 0).all()
        not_happened = frame[~frame["status"].isin(["occurred", "ongoing"])]
        assert not set(not_happened["event_type"].dropna()) & VIOLENCE
        assert not set(not_happened["disorder_type"].dropna()) & {"Political violence", "Demonstrations"}
        refuted = not_happened[not_happened["status"].isin(["denied", "negated", "hypothetical", "contested"])]
        assert len(refuted) and refuted["event_type"].isna().all()
        assert (not_happened["fatalities"] == 0).all()
        assert not_happened["civilian_targeting"].isna().all()
    geo = json.loads(export_text(demo_db, "geojson", statuses="all"))
    for feature in geo["features"]:
        props = feature["properties"]
        if props["status"] not in ("occurred", "ongoing"):
            assert props["event_type"] not in VIOLENCE


def test_status_options_select_statuses(demo_db: str) -> None:
    only = csv_frame(demo_db, "events", statuses="considered,planned")
    assert len(only) and set(only["status"]) <= {"considered", "planned"}
    assert set(csv_frame(demo_db, "events", filters=Filters(status="denied"))["status"]) == {"denied"}
    with pytest.raises(Exception, match="E401"):
        export_text(demo_db, "csv", statuses="rumoured")
    with pytest.raises(Exception, match="E401"):
        export_text(demo_db, "csv", statuses="planned", filters=Filters(status="denied"))


def test_cli_export_status_options(demo_db: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from chronicler.cli import app

    runner = CliRunner()
    out = tmp_path / "all.csv"
    result = runner.invoke(app, ["--db", demo_db, "export", "--all-statuses", "-o", str(out)])
    assert result.exit_code == 0, result.output
    default = runner.invoke(app, ["--db", demo_db, "export"])
    with out.open(encoding="utf-8") as handle:
        every = list(csv.DictReader(handle))
    assert len(every) > default.stdout.count("\n") - 1
    result = runner.invoke(app, ["--db", demo_db, "export", "--status", "planned,considered"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.exit_code == 0 and rows and {r["status"] for r in rows} <= {"planned", "considered"}


def test_acled_columns_types_and_codes(demo_db: str) -> None:
    frame = csv_frame(demo_db)
    assert list(frame.columns) == X.column_names()
    kinds = dict(X.COLUMNS["incidents"])
    for name, kind in kinds.items():
        dtype = str(frame[name].dtype)
        expected = {"str": "string", "int": "Int32", "int64": "Int64", "float": "float64"}.get(kind)
        if expected:
            assert dtype.startswith(expected) or dtype == expected, (name, dtype)
        else:
            assert dtype.startswith("datetime64") or frame[name].isna().all(), (name, dtype)
    assert set(frame["event_type"].dropna()) <= ACLED_EVENT_TYPES
    for column in ("inter1", "inter2"):
        assert set(frame[column].dropna()) <= set(range(1, 9)), column
    for _, row in frame.iterrows():  # interaction: the two codes, lower first; sole actor: code·10
        codes = sorted(int(c) for c in (row["inter1"], row["inter2"]) if not pd.isna(c))
        expected = None if not codes else codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)
        assert (None if pd.isna(row["interaction"]) else int(row["interaction"])) == expected
    assert set(frame["geo_precision"].dropna()) <= {1, 2, 3} and set(frame["time_precision"].dropna()) <= {1, 2, 3}
    mexico = frame[frame["iso3"] == "MEX"]
    assert set(mexico["iso"]) == {484} and set(mexico["region"]) == {"Central America"}
    assert set(frame.loc[frame["iso3"] == "USA", "region"]) == {"North America"}
    assert (frame["timestamp"].dropna() > 1_600_000_000).all() and frame["timestamp"].notna().all()
    scales = {p for value in frame["source_scale"].dropna() for p in value.split("-")}
    assert scales and scales <= ACLED_SCALES
    assert frame["notes"].notna().all()
    protests = frame[frame["plover_type"] == "PROTEST"]
    assert protests["tags"].str.contains("crowd size=", regex=False).any()
    assert (protests["inter1"].dropna() == 6).all()  # protesters
    # notes are the evidence: sentences of the source stories
    stories = "".join(p.read_text(encoding="utf-8") for p in (data_dir() / "sample").glob("stories*.jsonl"))
    first = frame["notes"].iloc[0].split(" | ")[0]
    assert json.dumps(first, ensure_ascii=False)[1:-1] in stories


def test_redaction_removes_every_private_person(demo_db: str) -> None:
    plain = export_text(demo_db, "csv", statuses="all", what="events")
    named = [name for name in PRIVATE if name in plain]
    assert len(named) >= 4 and "Aurelio" in plain, named  # without redaction they are there
    for what in ("incidents", "events"):
        for fmt in X.FORMATS:
            text = export_text(demo_db, fmt, what=what, statuses="all", redact=True)
            leaked = [name for name in PRIVATE if name in text]
            assert not leaked, (what, fmt, leaked)
            assert X.REDACTED in text, (what, fmt)
            # Public figures and organisations (knowledge-base entries) and outlets stay.
            assert "Frontera Wire" in text, (what, fmt)
    redacted = pd.read_csv(io.StringIO(export_text(demo_db, "csv", what="events", statuses="all", redact=True)))
    assert "Jalisco New Generation Cartel (CJNG)" in set(redacted["actor1"].dropna()) | set(redacted["actor2"].dropna())
    # "Zamora" is also a town (a place may stay in the place columns); the person goes.
    def zamora_columns(frame: pd.DataFrame) -> set[str]:
        return {c for c in frame.columns if frame[c].dropna().astype(str).str.contains("Zamora").any()}

    places = {"location", "admin1", "admin2", "admin3"}
    assert zamora_columns(pd.read_csv(io.StringIO(plain))) - places  # named outside the place columns
    assert zamora_columns(redacted) <= places


def test_crosswalk_is_data_and_docs_show_it() -> None:
    from chronicler.extract.crosswalk import crosswalk

    rows = crosswalk()
    assert {r.acled_event_type for r in rows} == ACLED_EVENT_TYPES
    assert len({(r.acled_event_type, r.acled_sub_event_type) for r in rows}) >= 24  # every ACLED sub-event type
    to_acled = [r for r in rows if r.direction != "to_plover"]
    assert (to_acled[-1].plover_type, to_acled[-1].plover_mode) == ("*", "*")  # a fallback for the rest
    statuses = list(csv.DictReader((data_dir() / "crosswalk" / "acled_status.csv").open(encoding="utf-8")))
    assert {r["status"] for r in statuses if r["acled"] == "as_typed"} == set(X.HAPPENED)
    docs = (Path(__file__).resolve().parents[1] / "docs" / "exports.md").read_text(encoding="utf-8")
    for r in to_acled:  # docs/exports.md shows the table the export runs on, row by row
        assert f"| {r.plover_type} | {r.plover_mode} | {r.recipient} | {r.acled_event_type} | {r.acled_sub_event_type} |" in docs, r
    assert X.acled_codes("ASSAULT", "drone", "civilians", "considered") == X.acled_codes("SANCTION", None, None, "planned")


def test_actor_codes_tags_and_precisions_follow_acled() -> None:
    from chronicler.export.acled import RowContext, inter_code, tags

    us_army = {"text": "US troops", "sector": "military", "country": "USA"}
    assert inter_code(us_army, "actor", "ASSAULT", "drone", "MEX") == 8  # state forces abroad
    assert inter_code(us_army, "actor", "ASSAULT", "drone", "USA") == 1
    assert inter_code({"sector": "criminal_organisation"}, "actor", "ASSAULT", None, "MEX") == 3
    assert inter_code({"sector": "civilians"}, "actor", "PROTEST", "riot", "MEX") == 5
    assert inter_code({"sector": "civilians"}, "actor", "PROTEST", "demo", "MEX") == 6
    assert inter_code({"sector": "unknown"}, "recipient", "ASSAULT", None, "MEX") is None
    assert (X.interaction(3, 1), X.interaction(None, 7), X.interaction(None, None)) == (13, 70, None)
    protest = {"event_type": "PROTEST", "actor": {"text": "About 300 mothers of the disappeared"}}
    assert tags(protest) == "crowd size=About 300"
    attack = {"event_type": "ASSAULT", "recipient": {"text": "two women and a girl"}}
    assert tags(attack) == "women targeted" and tags({"event_type": "ASSAULT"}) is None
    row = X.flat_row({"id": "e1", "article_id": "a1", "event_type": "ASSAULT", "mode": "firearms",
                      "status": "occurred", "date": {"start": "2026-03-12", "precision": "week"},
                      "location": {"text": "Sinaloa", "admin1": "Sinaloa", "country": "MEX", "precision": "admin1"},
                      "recipient": {"text": "a journalist", "sector": "media"},
                      "sentence": {"start": 0, "end": 9, "text": "Gunmen shot a journalist."}},
                     "events", RowContext({"outlet": "Ríodoce", "updated_at": "2026-03-13T10:00:00"}))  # fmt: skip
    assert (row["time_precision"], row["geo_precision"], row["iso"], row["region"]) == (2, 3, 484, "Central America")
    assert (row["event_type"], row["civilian_targeting"], row["inter2"]) == ("Violence against civilians", "Civilian targeting", 7)
    assert row["source_scale"] == "Subnational" and row["notes"] == "Gunmen shot a journalist."
    assert row["timestamp"] == 1773396000 and row["fatalities"] == 0
