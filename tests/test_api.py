"""JSON API: every endpoint over a store filled with invented records (tests/serve_data.py)."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any

import pytest

from chronicler.store import Store
from chronicler.store.query import Filters, query_incidents
from tests.serve_data import Demo, fill_store

TOKEN = "t0ken-for-tests"

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette nags about httpx vs httpx2
    from fastapi.testclient import TestClient


@pytest.fixture
def filled(sqlite_url: str) -> Iterator[tuple[str, Demo]]:
    with Store(sqlite_url) as store:
        demo = fill_store(store)
    yield sqlite_url, demo


def _client(url: str, token: str | None = TOKEN) -> TestClient:
    from chronicler.serve.app import create_app

    return TestClient(create_app(url, token=token))


@pytest.fixture
def client(filled: tuple[str, Demo], monkeypatch: pytest.MonkeyPatch) -> Iterator[TestClient]:
    monkeypatch.delenv("CHRONICLER_TOKEN", raising=False)
    with _client(filled[0]) as c:
        yield c


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


# --- listings and filters -------------------------------------------------------------


def test_incidents_listing_newest_first_with_total(client: TestClient) -> None:
    body = client.get("/api/incidents").json()
    assert body["total"] == 4 and body["limit"] == 50 and body["offset"] == 0
    dates = [i["date_start"] for i in body["items"]]
    assert dates == ["2026-03-13", "2026-03-10", "2026-01-12", None]  # undated last


@pytest.mark.parametrize(("params", "expected"), [
    ({"event_type": "assault"}, {"inc-culiacan", "inc-drone", "inc-apatzingan"}),
    ({"mode": "drone"}, {"inc-drone"}),
    ({"status": "considered"}, {"inc-drone"}),
    ({"grade": "confirmed"}, {"inc-reynosa"}),
    ({"country": "mex", "admin1": "sinaloa"}, {"inc-culiacan"}),
    ({"admin1": "Michoacán"}, {"inc-apatzingan"}),  # stored as "Michoacan": accents do not matter
    ({"admin1": "Nowhere"}, set()),
    ({"actor": "navy"}, {"inc-reynosa"}),
    ({"actor": "cartel"}, {"inc-reynosa", "inc-drone", "inc-apatzingan"}),
    ({"actor": "%"}, set()),  # LIKE wildcards are taken literally
    ({"actor": "SINALOA state"}, {"inc-culiacan"}),
    ({"date_from": "2026-03-01", "date_to": "2026-03-11"}, {"inc-culiacan"}),
    ({"q": "marines"}, {"inc-reynosa"}),
    ({"q": "prosecutors", "event_type": "ASSAULT"}, {"inc-culiacan"}),
    ({"date_from": "", "country": ""}, {"inc-culiacan", "inc-drone", "inc-reynosa", "inc-apatzingan"}),
])
def test_incident_filters(client: TestClient, params: dict[str, str], expected: set[str]) -> None:
    assert set(ids(client.get("/api/incidents", params=params))) == expected


def test_api_and_cli_query_layer_agree(client: TestClient, filled: tuple[str, Demo]) -> None:
    with Store(filled[0]) as store:
        direct = query_incidents(store, Filters(event_type="ASSAULT"), limit=2, offset=1)
    api = client.get("/api/incidents", params={"event_type": "ASSAULT", "limit": 2, "offset": 1}).json()
    assert api["total"] == direct.total
    assert [i["id"] for i in api["items"]] == [i["id"] for i in direct.items]


@pytest.mark.parametrize("sort", ["newest", "oldest", "killed", "sources", "updated"])
def test_pages_are_stable_and_disjoint(client: TestClient, sort: str) -> None:
    whole = ids(client.get("/api/incidents", params={"sort": sort}))
    pages = [ids(client.get("/api/incidents", params={"sort": sort, "limit": 1, "offset": k})) for k in range(4)]
    assert [p[0] for p in pages] == whole
    assert ids(client.get("/api/incidents", params={"sort": sort})) == whole


def test_sort_by_killed_puts_largest_toll_first(client: TestClient) -> None:
    assert ids(client.get("/api/incidents", params={"sort": "killed"}))[0] == "inc-culiacan"


def test_events_listing_and_filters(client: TestClient, filled: tuple[str, Demo]) -> None:
    body = client.get("/api/events").json()
    assert body["total"] == 5
    assert {e["status"] for e in body["items"]} >= {"occurred", "considered", "denied"}
    denied = client.get("/api/events", params={"status": "denied"}).json()["items"]
    assert [e["actor"]["canonical"] for e in denied] == ["Sinaloa Cartel"]
    scoop = filled[1].articles["scoop"]
    only = client.get("/api/events", params={"article_id": scoop.id}).json()["items"]
    assert [e["trigger"]["text"] for e in only] == ["drone strikes"]


def test_events_reject_grade(client: TestClient) -> None:
    r = client.get("/api/events", params={"grade": "fair"})
    assert r.status_code == 422 and "incidents" in r.json()["error"]["message"]


def test_articles_listing_search_and_dates(client: TestClient) -> None:
    assert client.get("/api/articles").json()["total"] == 5
    found = client.get("/api/articles", params={"q": "drone"}).json()["items"]
    assert [a["outlet"] for a in found] == ["The Independent"]
    march = client.get("/api/articles", params={"date_from": "2026-03-01"}).json()
    assert march["total"] == 3
    assert client.get("/api/articles", params={"outlet": "Wire Service"}).json()["total"] == 2


# --- single records ----------------------------------------------------------------------


def test_incident_detail_has_events_articles_and_spans(client: TestClient, filled: tuple[str, Demo]) -> None:
    body = client.get("/api/incidents/inc-culiacan").json()
    assert body["incident"]["grade"] == "fair"
    assert len(body["events"]) == 2 and len(body["articles"]) == 2
    wire = next(a for a in body["articles"] if a["outlet"] == "Wire Service")
    event = next(e for e in body["events"] if e["article_id"] == wire["id"])
    trigger = event["trigger"]
    assert wire["text"][trigger["start"]:trigger["end"]] == "attacked"


def test_event_and_article_detail(client: TestClient, filled: tuple[str, Demo]) -> None:
    scoop = filled[1].articles["scoop"]
    event_id = next(e.id for e in filled[1].events.values() if e.article_id == scoop.id)
    event = client.get(f"/api/events/{event_id}").json()
    assert event["event"]["status"] == "considered" and event["incident_id"] == "inc-drone"
    article = client.get(f"/api/articles/{scoop.id}").json()
    assert article["article"]["outlet"] == "The Independent"
    assert article["events"][0]["incident_id"] == "inc-drone"


@pytest.mark.parametrize("path", ["/api/incidents/nope", "/api/events/nope", "/api/articles/nope",
                                  "/api/incidents/a%00b", "/api/articles/" + "x" * 300])
def test_unknown_ids_are_404_with_catalogue_error(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "E402"


# --- aggregates -------------------------------------------------------------------------------


def test_actors(client: TestClient) -> None:
    body = client.get("/api/actors").json()
    by_name = {a["name"]: a for a in body["items"]}
    assert by_name["unidentified gunmen"]["as_actor"] == 2
    assert by_name["Sinaloa state police"]["as_recipient"] == 2
    assert body["total"] == len(by_name)
    counts = [a["events"] for a in body["items"]]
    assert counts == sorted(counts, reverse=True)
    navy = client.get("/api/actors", params={"event_type": "COERCE"}).json()["items"]
    assert {a["name"] for a in navy} == {"Mexican Navy", "Gulf Cartel"}


def test_places(client: TestClient) -> None:
    items = client.get("/api/places", params={"country": "MEX"}).json()["items"]
    top = items[0]
    assert (top["place"], top["admin1"], top["events"]) == ("Culiacán", "Sinaloa", 2)
    assert top["latitude"] == pytest.approx(24.80)


def test_stats(client: TestClient) -> None:
    body = client.get("/api/stats").json()
    assert body["incidents"] == 4
    assert body["killed"] == {"low": 4, "best": 4, "high": 5}
    assert body["by_grade"]["confirmed"] == 1
    assert body["store"]["articles"] == 5
    assert client.get("/api/stats", params={"grade": "weak"}).json()["incidents"] == 1


def test_facets_count_with_filters(client: TestClient) -> None:
    body = client.get("/api/facets").json()
    assert {f["value"]: f["count"] for f in body["event_type"]} == {"ASSAULT": 3, "COERCE": 1}
    assert sum(f["count"] for f in body["grade"]) == 4
    narrowed = client.get("/api/facets", params={"event_type": "ASSAULT"}).json()
    assert {f["value"]: f["count"] for f in narrowed["status"]} == {"occurred": 1, "considered": 1, "denied": 1}


def test_timeline_and_map(client: TestClient) -> None:
    tl = client.get("/api/timeline", params={"bucket": "month"}).json()
    assert tl["bucket"] == "month" and tl["undated"] == 1
    assert {p["period"]: p["count"] for p in tl["series"]} == {"2026-01": 1, "2026-03": 2}
    assert client.get("/api/timeline").json()["bucket"] == "day"  # two months apart: daily bars
    points = client.get("/api/map").json()
    assert sum(p["count"] for p in points) == 4
    sinaloa = client.get("/api/map", params={"admin1": "Sinaloa"}).json()
    assert [(p["lat"], p["lon"]) for p in sinaloa] == [(24.8, -107.4)]  # rounded to 0.1°
    fine = client.get("/api/map", params={"admin1": "Sinaloa", "decimals": 2}).json()
    assert [(p["lat"], p["lon"]) for p in fine] == [(24.8, -107.39)]


# --- bad parameters: 422 with a clear message, never a 500 --------------------------------


@pytest.mark.parametrize(("params", "name"), [
    ({"event_type": "EXPLODE"}, "event_type"),
    ({"status": "maybe"}, "status"),
    ({"grade": "A+"}, "grade"),
    ({"country": "Mexico"}, "country"),
    ({"date_from": "yesterday"}, "date_from"),
    ({"date_from": "2026-02-30"}, "date_from"),
    ({"date_from": "2026-03-02", "date_to": "2026-03-01"}, "date_from"),
    ({"limit": "0"}, "limit"),
    ({"limit": "5000"}, "limit"),
    ({"offset": "-1"}, "offset"),
    ({"sort": "random"}, "sort"),
    ({"actor": "a\x00b"}, "actor"),
])
def test_bad_parameters_are_422(client: TestClient, params: dict[str, str], name: str) -> None:
    r = client.get("/api/incidents", params=params)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "E401" and name in error["message"]


def test_fts_syntax_in_q_is_not_an_error(client: TestClient) -> None:
    for q in ['"unbalanced', "a AND OR", "NEAR(", "*", "drone -strikes"]:
        assert client.get("/api/incidents", params={"q": q}).status_code == 200


def test_openapi_document(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    paths = set(doc["paths"])
    for p in ["/api/incidents", "/api/incidents/{incident_id}", "/api/events", "/api/events/{event_id}",
              "/api/articles", "/api/articles/{article_id}", "/api/actors", "/api/places", "/api/stats",
              "/api/facets", "/api/timeline", "/api/map", "/api/corrections"]:
        assert p in paths
    assert "/" not in paths  # HTML pages stay out of the API document


# --- writes need the operator's token -------------------------------------------------------

CORRECTION = {"target_kind": "incident", "target_id": "inc-reynosa", "action": "edit",
              "payload": {"field": "grade", "value": "fair"}, "author": "Ana", "note": "single source"}


def test_writes_disabled_without_configured_token(filled: tuple[str, Demo], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHRONICLER_TOKEN", raising=False)
    with _client(filled[0], token=None) as c:
        r = c.post("/api/corrections", json=CORRECTION, headers={"Authorization": "Bearer anything"})
        assert r.status_code == 403 and "--token" in r.json()["detail"]
        assert c.get("/api/health").json()["writes_enabled"] is False


def test_token_from_environment(filled: tuple[str, Demo], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHRONICLER_TOKEN", "from-env")
    with _client(filled[0], token=None) as c:
        assert c.get("/api/health").json()["writes_enabled"] is True
        assert c.post("/api/corrections", json=CORRECTION).status_code == 401


@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic " + TOKEN, TOKEN])
def test_wrong_or_missing_token_is_401(client: TestClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    r = client.post("/api/corrections", json=CORRECTION, headers=headers)
    assert r.status_code == 401
    assert client.get("/api/corrections").json() == []


def test_correction_is_stored_and_applied(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/corrections", json=CORRECTION, headers=auth)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["correction"]["author"] == "Ana" and body["correction"]["id"]
    stored = client.get("/api/corrections").json()
    assert [c["note"] for c in stored] == ["single source"]
    assert body["applied"] is True
    current = body["incident_id"]
    assert client.get(f"/api/incidents/{current}").json()["incident"]["grade"] == "fair"
    # The old id still answers: it resolves to the incident that holds its events now.
    assert client.get("/api/incidents/inc-reynosa").json()["incident"]["grade"] == "fair"
    listed = client.get("/api/incidents", params={"grade": "fair"}).json()["items"]
    assert current in [i["id"] for i in listed]


@pytest.mark.parametrize(("change", "status"), [
    ({"target_id": "no-such-incident"}, 404),
    ({"action": "delete"}, 422),
    ({"author": ""}, 422),
    ({"target_kind": "article"}, 422),
])
def test_bad_corrections_are_refused(client: TestClient, change: dict[str, Any], status: int) -> None:
    r = client.post("/api/corrections", json={**CORRECTION, **change}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == status, r.text
    assert client.get("/api/corrections").json() == []


# --- PostgreSQL: the main listing on the real server -------------------------------------------


@pytest.mark.postgres
def test_incident_listing_on_postgresql(pg_url: str) -> None:
    with Store(pg_url) as store:
        fill_store(store)
    with _client(pg_url) as c:
        assert ids(c.get("/api/incidents")) == ["inc-reynosa", "inc-culiacan", "inc-apatzingan", "inc-drone"]
        assert set(ids(c.get("/api/incidents", params={"q": "marines"}))) == {"inc-reynosa"}
        assert set(ids(c.get("/api/incidents", params={"admin1": "SINALOA"}))) == {"inc-culiacan"}
        facets = c.get("/api/facets").json()
        assert {f["value"]: f["count"] for f in facets["event_type"]} == {"ASSAULT": 3, "COERCE": 1}
        assert c.get("/api/timeline", params={"bucket": "month"}).json()["series"][0]["period"] == "2026-01"
        assert sum(p["count"] for p in c.get("/api/map").json()) == 4
        assert c.get("/api/actors").status_code == 200 and c.get("/api/places").status_code == 200
        page = c.get("/?country=MEX&admin1=michoacán", headers={"accept": "text/html"})
        assert page.status_code == 200 and '<span id="total-count">1</span>' in page.text


def test_dashboard_indexes_exist(filled: tuple[str, Demo]) -> None:
    import sqlalchemy as sa

    with Store(filled[0]) as store:
        names = {ix["name"] for ix in sa.inspect(store.engine).get_indexes("incidents")}
    assert {"ix_incidents_status", "ix_incidents_killed", "ix_incidents_geo", "ix_incidents_actor"} <= names


def test_serve_command_builds_the_app(filled: tuple[str, Demo], monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn
    from typer.testing import CliRunner

    from chronicler.cli import app

    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: seen.update(app=application, **kw))
    monkeypatch.delenv("CHRONICLER_TOKEN", raising=False)
    result = CliRunner().invoke(app, ["serve", "--db", filled[0], "--port", "8123", "--token", "s3cret"])
    assert result.exit_code == 0, result.output
    assert (seen["host"], seen["port"]) == ("127.0.0.1", 8123)
    assert seen["app"].state.token == "s3cret"
    with TestClient(seen["app"]) as c:
        assert c.get("/api/incidents").json()["total"] == 4


def test_reject_confirm_and_refusals_through_the_engine(client: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    base = {"target_kind": "incident", "author": "Ana"}
    r = client.post("/api/corrections", json={**base, "target_id": "inc-drone", "action": "reject"}, headers=auth)
    assert r.status_code == 201, r.text
    assert client.get(f"/api/incidents/{r.json()['incident_id']}").json()["incident"]["grade"] == "discounted"
    # The retired id still takes corrections: they land on the incident holding its events.
    again = {**base, "target_id": "inc-drone", "action": "edit", "payload": {"field": "grade", "value": "weak"}}
    assert client.post("/api/corrections", json=again, headers=auth).status_code == 201
    bad = {**base, "target_id": "inc-reynosa", "action": "edit", "payload": {"field": "grade", "value": "bogus"}}
    r = client.post("/api/corrections", json=bad, headers=auth)
    assert r.status_code == 422 and r.json()["error"]["code"] == "E404"
    split = {**base, "target_id": "inc-culiacan", "action": "split", "payload": {"split_event_ids": ["nope"]}}
    assert client.post("/api/corrections", json=split, headers=auth).status_code == 422
    assert len(client.get("/api/corrections").json()) == 2  # refused ones are not stored
