"""The municipality / county filter (`admin2`): store column and migration 0006, the query
layer, the CLI (`--admin2`), the JSON API, the dashboard form and the ACLED-style export."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import warnings

import pytest
import sqlalchemy as sa

from chronicler.store import Store
from chronicler.store.query import Filters, query_events, query_incidents
from tests.serve_data import Demo, build_demo, fill_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette nags about httpx vs httpx2
    from fastapi.testclient import TestClient

# The demo's towns and the municipality each lies in ("Culiacán" the town and the
# municipality share a name; the stored spelling of the other has no accent).
MUNICIPALITIES = {"Culiacán": "Culiacán", "Apatzingán": "Apatzingan", "Reynosa": "Reynosa"}


def _demo() -> Demo:
    demo = build_demo()
    for records in (demo.events, demo.incidents):
        for key, rec in records.items():
            loc = rec.location
            if loc is not None and loc.name in MUNICIPALITIES:
                records[key] = rec.model_copy(update={"location": loc.model_copy(
                    update={"admin2": MUNICIPALITIES[loc.name], "precision": "town"})})
    return demo


def _fill(store: Store) -> Demo:
    return fill_store(store, _demo())


def _events_in(demo: Demo, town: str) -> set[str]:
    return {e.id for e in demo.events.values() if e.location is not None and e.location.name == town}


def test_admin2_filters_events_and_incidents(store: Store) -> None:
    demo = _fill(store)
    ids = lambda page: {item["id"] for item in page.items}  # noqa: E731
    assert ids(query_incidents(store, Filters(admin2="culiacan"))) == {"inc-culiacan"}
    assert ids(query_incidents(store, Filters(admin2="Apatzingán"))) == {"inc-apatzingan"}  # accents ignored
    assert ids(query_incidents(store, Filters(admin1="Sinaloa", admin2="Reynosa"))) == set()
    assert ids(query_incidents(store, Filters(admin2="Nowhere"))) == set()
    assert ids(query_events(store, Filters(admin2="CULIACÁN"))) == _events_in(demo, "Culiacán") != set()
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(sa.text("admin2")).select_from(sa.text("incidents"))
                              .where(sa.text("id = 'inc-reynosa'"))).scalar()
    assert stored == "Reynosa"


def _alembic(conn: sa.Connection, action: str, revision: str) -> None:
    from alembic import command
    from alembic.config import Config

    from chronicler.store.db import MIGRATIONS

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    getattr(command, action)(cfg, revision)


def test_migration_0006_adds_and_backfills_admin2(store_url: str) -> None:
    with Store(store_url) as store:
        demo = _fill(store)
        with store.engine.begin() as conn:  # a store as revision 0005 left it
            _alembic(conn, "downgrade", "0005")
        assert "admin2" not in {c["name"] for c in sa.inspect(store.engine).get_columns("incidents")}
    with Store(store_url) as store:  # opening it upgrades to head and fills the column
        assert "admin2" in {c["name"] for c in sa.inspect(store.engine).get_columns("events")}
        assert {i["id"] for i in query_incidents(store, Filters(admin2="Culiacán")).items} == {"inc-culiacan"}
        assert {e["id"] for e in query_events(store, Filters(admin2="apatzingan")).items} == \
            _events_in(demo, "Apatzingán") != set()
        with store.engine.connect() as conn:
            empty = conn.execute(sa.text("SELECT count(*) FROM incidents WHERE admin2 IS NULL")).scalar()
        # the incidents without a municipality stay without one
        assert empty == sum(1 for i in demo.incidents.values()
                            if i.location is None or i.location.admin2 is None)


def _cli(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "chronicler", "--db", db, *args],
                          capture_output=True, text=True, timeout=120)


def test_cli_admin2_option_and_acled_export_column(sqlite_url: str) -> None:
    with Store(sqlite_url) as store:
        demo = _fill(store)
    out = _cli("incidents", "--admin2", "culiacán", "--json", db=sqlite_url)
    assert out.returncode == 0, out.stderr
    assert [json.loads(line)["id"] for line in out.stdout.splitlines()] == ["inc-culiacan"]
    out = _cli("events", "--admin2", "Apatzingan", "--json", db=sqlite_url)
    assert out.returncode == 0, out.stderr
    assert {json.loads(line)["id"] for line in out.stdout.splitlines()} == _events_in(demo, "Apatzingán")
    out = _cli("export", "-f", "csv", "--all-statuses", "--admin2", "Reynosa", db=sqlite_url)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["location"], r["admin1"], r["admin2"]) for r in rows] == [("Reynosa", "Tamaulipas", "Reynosa")]
    out = _cli("incidents", "--admin2", "x" * 5000, db=sqlite_url)
    assert out.returncode == 2 and "--admin2" in out.stderr, out.stderr


def test_api_and_dashboard_admin2(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from chronicler.serve.app import create_app

    monkeypatch.delenv("CHRONICLER_TOKEN", raising=False)
    with Store(sqlite_url) as store:
        demo = _fill(store)
    with TestClient(create_app(sqlite_url, token="t0ken")) as client:
        body = client.get("/api/incidents", params={"admin2": "APATZINGÁN"}).json()
        assert [i["id"] for i in body["items"]] == ["inc-apatzingan"] and body["items"][0]["admin2"] == "Apatzingan"
        events = client.get("/api/events", params={"admin2": "culiacan"}).json()["items"]
        assert {e["id"] for e in events} == _events_in(demo, "Culiacán")
        page = client.get("/", params={"admin2": "Culiacán"})
        assert page.status_code == 200
        assert 'name="admin2" value="Culiacán"' in page.text and "inc-culiacan" in page.text
        assert "inc-reynosa" not in page.text


def test_watchlists_accept_admin2() -> None:
    from chronicler.serve.watch import Watchlist

    query = Watchlist(name="culiacan", filters={"admin2": "Culiacán", "admin1": "Sinaloa"}).query()
    assert (query.admin1, query.admin2) == ("Sinaloa", "Culiacán")
