"""Dashboard building blocks: evidence highlighting, outlet chains, the basemap, HTML pages."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

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
