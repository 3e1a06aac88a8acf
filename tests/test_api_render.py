"""Dashboard building blocks: evidence highlighting, outlet chains, the basemap, HTML pages."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from chronicler.serve import basemap, highlight
from chronicler.store import Store
from tests.serve_data import TEXTS, build_demo, fill_store

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


def _marked(segments: list[highlight.Segment]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for seg in segments:
        for role in seg.roles:
            out.setdefault(role, []).append(seg.text)
    return out


def test_evidence_marks_every_role_on_the_exact_words() -> None:
    demo = build_demo()
    article = demo.articles["wire"]
    event = next(e for e in demo.events.values() if e.article_id == article.id).model_dump(mode="json")
    segments = highlight.evidence(article.text, event)
    first_sentence = TEXTS["wire"][: TEXTS["wire"].index(" The attack")]
    assert "".join(s.text for s in segments) == first_sentence
    marked = _marked(segments)
    assert marked["trigger"] == ["attacked"]
    assert marked["actor"] == ["Gunmen"]
    assert marked["recipient"] == ["a police convoy"]
    assert marked["place"] == ["Culiacán"]
    assert marked["date"] == ["on Tuesday"]
    assert marked["toll"] == ["four officers"]
    assert marked["source"] == ["state prosecutors"] and marked["cue"] == ["said"]


def test_segments_split_overlaps_and_keep_text() -> None:
    text = "Marines seized a drug laboratory in Sinaloa."
    marks = [highlight.Mark(0, 7, "actor"), highlight.Mark(8, 14, "trigger"), highlight.Mark(8, 32, "recipient")]
    segments = highlight.segments(text, 0, len(text), marks)
    assert "".join(s.text for s in segments) == text
    assert [(s.text, s.roles) for s in segments[:4]] == [
        ("Marines", ["actor"]), (" ", []), ("seized", ["trigger", "recipient"]), (" a drug laboratory", ["recipient"]),
    ]


def test_evidence_widens_to_a_source_in_the_next_sentence() -> None:
    text = "Troops will deploy to the border. That is what officials said on Monday."
    event = {
        "trigger": {"start": 12, "end": 18}, "sentence": {"start": 0, "end": 33},
        "attribution": {"source": [{"start": 47, "end": 56}], "cue": [{"start": 57, "end": 61}]},
    }
    segments = highlight.evidence(text, event)
    assert "".join(s.text for s in segments) == text
    assert _marked(segments)["source"] == ["officials"]


def test_evidence_marks_sub_event_cues_with_their_names() -> None:
    text = "Gunmen threw a grenade at a bar in Celaya."
    event = {
        "trigger": {"start": 7, "end": 12}, "sentence": {"start": 0, "end": len(text)},
        "cues": [{"start": 15, "end": 22, "text": "grenade", "name": "grenade"},
                 {"start": 0, "end": 6, "text": "Gunmen", "name": "armed_clash"}],
    }
    segments = highlight.evidence(text, event)
    assert "".join(s.text for s in segments) == text
    assert _marked(segments)["subevent"] == ["Gunmen", "grenade"]
    grenade = next(s for s in segments if s.text == "grenade")
    assert grenade.title == "sub-event cue (grenade)"
    assert next(s for s in segments if s.text == "Gunmen").title == "sub-event cue (armed clash)"
    assert highlight.event_marks({"cues": [{"start": 3, "end": 3, "name": "x"}, "junk"]}) == []


def test_outlet_chain_nearest_first_and_anonymous_sources() -> None:
    demo = build_demo()
    scoop = demo.articles["scoop"].model_dump(mode="json")
    event = next(e for e in demo.events.values() if e.article_id == scoop["id"]).model_dump(mode="json")
    assert highlight.outlet_chain(scoop, event) == [
        "The Independent", "NBC News", "at least six unnamed sources with knowledge of the matter",
    ]
    assert highlight.outlet_chain(None, {"attribution": None}) == []


def test_point_in_polygon_with_a_hole() -> None:
    square = np.array([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], dtype=float)
    hole = np.array([[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]], dtype=float)
    pts = np.array([[1, 1], [5, 5], [11, 5], [9.9, 9.9]])
    assert basemap.inside(pts, [square, hole]).tolist() == [True, False, False, True]


def test_simplify_keeps_the_shape_corners() -> None:
    t = np.linspace(0, 1, 50)
    edge = np.column_stack([t * 10, np.zeros_like(t)])
    ring = np.vstack([edge, [[10, 10], [0, 10], [0, 0]]])
    out = basemap.simplify(ring, 0.01)
    assert len(out) == 5 and out[0].tolist() == [0, 0] and [10, 10] in out.tolist()


def test_shipped_basemap_has_mexican_and_us_states() -> None:
    data = json.loads((Path(basemap.__file__).parent / "static" / "basemap.json").read_text())
    mex = {r["name"]: r for r in data["states"]["MEX"]["regions"]}
    assert len(mex) == 32 and {"Sinaloa", "Baja California Sur", "Mexico City", "Yucatan"} <= set(mex)
    assert mex["Michoacan"]["admin1"] == "Michoacán"  # filters by the resolver's spelling
    assert len(data["states"]["USA"]["regions"]) >= 48
    isos = {c["iso3"] for c in data["countries"]}
    assert {"MEX", "USA", "GTM", "CUB", "COL"} <= isos
    # Sinaloa's label sits in Sinaloa (roughly 22.5–27 N, 105–109.5 W) in projected units.
    x, y = mex["Sinaloa"]["label"]
    assert 22.5 < -y < 27 and -109.5 < x / data["projection"]["kx"] < -105


@pytest.fixture
def html_client(sqlite_url: str) -> TestClient:
    from chronicler.serve.app import create_app

    with Store(sqlite_url) as store:
        fill_store(store)
    return TestClient(create_app(sqlite_url), headers={"accept": "text/html"})


def test_pages_render_and_escape(html_client: TestClient) -> None:
    page = html_client.get("/?country=MEX")
    assert page.status_code == 200 and '<span id="total-count">4</span> incidents' in page.text
    assert 'href="/?country=MEX&amp;grade=confirmed"' in page.text  # facet links keep the filters
    incident = html_client.get("/incidents/inc-drone").text
    assert '<mark class="hl hl-trigger" title="event">drone strikes</mark>' in incident
    assert "The Independent ← NBC News" in incident
    assert html_client.get("/map").status_code == 200


def test_html_errors_are_pages_not_500(html_client: TestClient) -> None:
    r = html_client.get("/?event_type=NOPE")
    assert r.status_code == 422 and "E401" in r.text and "<html" in r.text
    r = html_client.get("/incidents/missing")
    assert r.status_code == 404 and "no incident with id missing" in r.text
    assert html_client.get("/?date_from=2026-13-01").status_code == 422


@pytest.mark.parametrize(("profile", "expected"), [
    ({"kind": "anonymous", "count_text": "three officials", "description": "familiar with the talks"},
     "three officials familiar with the talks"),
    ({"kind": "anonymous", "count_low": 2}, "2+ unnamed sources"),
    ({"kind": "named_person", "name": "Ana Ruiz", "affiliation": "Navy"}, "Ana Ruiz (Navy)"),
    ({"kind": "reporter"}, None),
    ({"kind": "anonymous", "description": "x " * 80}, "unnamed sources " + ("x " * 29).strip() + "…"),
])
def test_describe_source(profile: dict[str, object], expected: str | None) -> None:
    assert highlight.describe_source(profile) == expected


def test_article_links_only_to_web_urls(sqlite_url: str) -> None:
    from chronicler.serve.app import create_app
    from tests.factories import make_article

    evil = make_article("Troops patrolled the border town after the clash.", url="javascript:alert(1)",
                        title="<script>alert(2)</script>")
    with Store(sqlite_url) as store:
        store.add_articles([evil])
    page = TestClient(create_app(sqlite_url)).get(f"/articles/{evil.id}", headers={"accept": "text/html"}).text
    assert 'href="javascript:' not in page
    assert "<script>alert(2)</script>" not in page and "&lt;script&gt;alert(2)&lt;/script&gt;" in page


def test_pages_load_no_outside_assets(html_client: TestClient) -> None:
    import re

    for path in ["/", "/map", "/docs", "/incidents/inc-drone"]:
        page = html_client.get(path)
        assert page.status_code == 200, path
        assets = re.findall(r'<(?:script|link|img)[^>]+(?:src|href)="([^"]+)"', page.text)
        assert assets and all(a.startswith("/static/") for a in assets), (path, assets)
    for asset in ["/static/app.js", "/static/app.css", "/static/basemap.json"]:
        assert html_client.get(asset).status_code == 200
    js = html_client.get("/static/app.js").text
    assert "http://" not in js.replace("http://www.w3.org/2000/svg", "") and "https://" not in js


def test_claims_page_lists_events_with_their_sources(html_client: TestClient) -> None:
    page = html_client.get("/events?status=considered")
    assert page.status_code == 200 and '<span id="total-count">1</span>' in page.text
    assert "The Independent ← NBC News ← at least six unnamed sources" in page.text
    assert html_client.get("/events?grade=fair").status_code == 200  # ignored for claims, not an error


# --- aggregates behind the map, the charts and the ranked list (SQLite and PostgreSQL) ----------


def _extra_incidents() -> list[Any]:
    """A state-level match, a town named like its state, a thin row and an unlocated one."""
    import datetime as dt

    from chronicler.records import Count, DateRef, Entity, Incident, Place, Toll
    from chronicler.version import PIPELINE_VERSION

    def inc(iid: str, day: int, place: Place | None, **kw: Any) -> Incident:
        return Incident(id=iid, event_type=kw.pop("event_type", "ASSAULT"), status=kw.pop("status", "occurred"),
                        grade="weak", date=DateRef(start=dt.date(2026, 6, day), end=dt.date(2026, 6, day), precision="day"),
                        location=place, pipeline_version=PIPELINE_VERSION, **kw)

    gunmen = Entity(text="gunmen", canonical="unidentified gunmen", sector="armed_group")
    return [
        inc("inc-state", 1, Place(text="Sinaloa", name="Sinaloa", admin1="Sinaloa", country="MEX", precision="admin1",
                                  latitude=25.0, longitude=-107.5), actor=gunmen, event_type="MOBILIZE", status="planned"),
        inc("inc-capital", 2, Place(text="Zacatecas", name="Zacatecas", admin1="Zacatecas", country="MEX", precision="town",
                                    latitude=22.77, longitude=-102.58), actor=gunmen,
            toll=Toll(killed=Count(low=2, best=3, high=6))),
        inc("inc-thin", 9, Place(text="United States", name="United States", country="USA", precision="country",
                                 latitude=39.5, longitude=-98.4), recipient=Entity(text="1,140 kilograms")),
        inc("inc-nowhere", 3, None, actor=gunmen, recipient=Entity(text="two men")),
    ]


@pytest.fixture
def agg_store(store_url: str) -> Any:
    from tests.serve_data import fill_store

    store = Store(store_url)
    fill_store(store)
    store.replace_incidents(_extra_incidents())
    yield store
    store.close()


def test_map_layers_place_each_incident_by_its_precision(agg_store: Any) -> None:
    from chronicler.store import aggregates as A
    from chronicler.store import query as Q

    layers = A.map_layers(agg_store, Q.Filters())
    points = {p["place"]: p for p in layers["points"]}
    assert set(points) == {"Culiacán", "Reynosa", "Apatzingán", "Zacatecas"}  # the capital is a town, not its state
    assert points["Culiacán"]["by"] == {"occurred": 1} and points["Culiacán"]["killed"] == 4
    areas = {(a["level"], a["country"], a["admin1"]): a for a in layers["areas"]}
    assert set(areas) == {("admin1", "MEX", "Sinaloa"), ("country", "MEX", None), ("country", "USA", None)}
    assert areas[("admin1", "MEX", "Sinaloa")]["by"] == {"planned": 1}
    assert areas[("country", "MEX", None)]["by"] == {"considered": 1}  # the drone strikes "in Mexico"
    assert layers["unlocated"] == 1
    assert {k["value"]: k["count"] for k in layers["keys"]} == {"occurred": 5, "considered": 1, "denied": 1, "planned": 1}
    by_type = A.map_layers(agg_store, Q.Filters(status="planned"), colour="event_type")
    assert by_type["keys"] == [{"value": "MOBILIZE", "count": 1}] and by_type["points"] == []

    group = A.map_group_incidents(agg_store, Q.Filters(country="MEX", admin1="sinaloa"), level="admin1")
    assert [i["id"] for i in group.items] == ["inc-state"]
    cell = A.map_group_incidents(agg_store, Q.Filters(), level="locality", lat=points["Zacatecas"]["lat"],
                                 lon=points["Zacatecas"]["lon"])
    assert [i["id"] for i in cell.items] == ["inc-capital"]
    country = A.map_group_incidents(agg_store, Q.Filters(country="MEX"), level="country")
    assert [i["id"] for i in country.items] == ["inc-drone"]


def test_charts_aggregates_follow_filters(agg_store: Any) -> None:
    from chronicler.store import aggregates as A
    from chronicler.store import query as Q

    fatal = A.fatalities_series(agg_store, Q.Filters())
    assert fatal["bucket"] == "month" and fatal["periods"][0] == "2026-01" and fatal["periods"][-1] == "2026-06"
    assert len(fatal["periods"]) == 6  # empty months included
    june = fatal["periods"].index("2026-06")
    assert (fatal["total"]["low"][june], fatal["total"]["best"][june], fatal["total"]["high"][june]) == (2, 3, 6)
    assert sum(fatal["total"]["best"]) == 7 and sum(fatal["total"]["high"]) == 11  # Culiacán 4 (4–5) + 3 (2–6)
    only_march = A.fatalities_series(agg_store, Q.Filters(date_from=dt_date("2026-03-01"), date_to=dt_date("2026-03-31")))
    assert only_march["bucket"] == "day" and sum(only_march["total"]["best"]) == 4

    states = A.by_state(agg_store, Q.Filters(country="MEX"))
    assert {(s["admin1"], s["count"]) for s in states} == {("Sinaloa", 2), ("Tamaulipas", 1), ("Michoacan", 1),
                                                          ("Zacatecas", 1)}
    people = A.actors_and_interactions(agg_store, Q.Filters())
    top = {a["name"]: a for a in people["actors"]}
    assert top["unidentified gunmen"]["count"] == 4 and top["unidentified gunmen"]["sector"] == "armed_group"
    pairs = {(c["actor_sector"], c["recipient_sector"]): c["count"] for c in people["interactions"]}
    assert pairs[("armed_group", "police")] == 1 and pairs[("(none)", "(unknown)")] == 1  # "— → 1,140 kilograms"
    navy = A.actors_and_interactions(agg_store, Q.Filters(admin1="Tamaulipas"))
    assert [a["name"] for a in navy["actors"]] == ["Mexican Navy"]


def dt_date(text: str) -> Any:
    import datetime as dt

    return dt.date.fromisoformat(text)


def test_ranked_list_puts_thin_rows_last_across_pages(agg_store: Any) -> None:
    from chronicler.store import aggregates as A
    from chronicler.store import query as Q

    page, n_thin = A.ranked_incidents(agg_store, Q.Filters(), limit=50)
    ids = [i["id"] for i in page.items]
    assert n_thin == 1 and ids[-1] == "inc-thin" and page.items[-1]["thin"]  # the newest row, yet last
    assert ids[:2] == ["inc-nowhere", "inc-capital"]  # newest informative rows first
    stitched = [i["id"] for off in range(0, 8, 3) for i in A.ranked_incidents(agg_store, Q.Filters(), 3, off)[0].items]
    assert stitched == ids and len(ids) == page.total == 8


def test_list_page_downloads_and_thin_divider(sqlite_url: str) -> None:
    from chronicler.serve.app import create_app

    with Store(sqlite_url) as store:
        fill_store(store)
        store.replace_incidents(_extra_incidents())
    client = TestClient(create_app(sqlite_url))
    page = client.get("/?country=MEX&grade=weak").text
    assert 'href="/api/export?format=csv&amp;what=incidents&amp;grade=weak&amp;country=MEX&amp;all_statuses=true"' in page
    assert 'data-format="parquet"' in page and 'data-format="geojson"' in page and 'data-format="jsonl"' in page
    page = client.get("/").text
    assert "1 matching incident says little" in page and page.index('class="thin-divider"') < page.index("inc-thin")
    claims = client.get("/events?status=denied&grade=weak").text
    assert 'href="/api/export?format=csv&amp;what=events&amp;status=denied"' in claims  # claims have no grade


def test_error_pages_are_html_for_pages_and_json_for_the_api(html_client: TestClient) -> None:
    plain = TestClient(html_client.app)  # no Accept header at all, like curl
    r = plain.get("/incidents/inc-nope")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert "no incident with id inc-nope" in r.text and "merged into another incident" in r.text
    assert "chronicler incidents" not in r.text
    r = plain.get("/?country=MEX&date_from=2026-99-99")
    assert r.status_code == 422 and "use YYYY-MM-DD" in r.text and "--help" not in r.text
    assert 'href="/?country=MEX"' in r.text  # the way back drops the bad filter
    r = plain.get("/map?colour=rainbow")
    assert r.status_code == 422 and "<html" in r.text and 'href="/map"' in r.text
    api = plain.get("/api/incidents/inc-nope", headers={"accept": "text/html"})
    assert api.status_code == 404 and api.json()["error"]["code"] == "E402"
    assert plain.get("/api/map/layers?colour=rainbow").json()["error"]["code"] == "E401"


def test_api_page_renders_markdown_and_live_examples(html_client: TestClient) -> None:
    page = html_client.get("/docs").text
    assert "`" not in page.split("<main", 1)[1].split("</main>", 1)[0]  # no literal Markdown backticks
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in page
    assert "curl 'http://127.0.0.1:8000/api/incidents?country=MEX&amp;sort=sources&amp;limit=2'" in page
    assert "&#34;total&#34;: 4" in page or "&quot;total&quot;: 4" in page  # answered from this store


def test_map_and_charts_pages_render(html_client: TestClient) -> None:
    page = html_client.get("/map?status=considered").text
    assert 'class="state"' in page and 'data-admin1="Michoacán"' in page  # the basemap is in the page
    assert "loading the basemap" not in page and "1 located incident" in page
    charts = html_client.get("/charts?country=MEX").text
    assert '<polygon class="band"' in charts and 'id="killed-total">4 (estimates 4–5)' in charts
    assert 'href="/?country=MEX&amp;actor=Mexican+Navy"' in charts
    data = html_client.get("/api/charts?country=MEX").json()
    assert sum(data["fatalities"]["total"]["best"]) == 4 and {s["admin1"] for s in data["by_state"]} == {
        "Sinaloa", "Tamaulipas", "Michoacan"}


def test_every_dashboard_page_answers_on_both_databases(agg_store: Any) -> None:
    from chronicler.serve.app import create_app

    client = TestClient(create_app(agg_store.url))
    for path in ["/", "/?sort=killed&status=occurred", "/events", "/map", "/map?colour=event_type&date_from=2026-03-01",
                 "/charts", "/charts?by=event_type&country=MEX", "/docs", "/api/map/layers",
                 "/api/map/incidents?level=country&country=MEX", "/api/charts?admin1=sinaloa"]:
        r = client.get(path)
        assert r.status_code == 200, (path, r.text[:300])
