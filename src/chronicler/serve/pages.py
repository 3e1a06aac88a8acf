"""HTML pages of the dashboard: incident list, claims, incident, article, map, charts, API.

Pages read through the same query functions as the JSON API (aggregates from
`chronicler.store.aggregates`); the templates show whatever fields a record has
and leave out what it lacks, so the pages stay useful while extraction fills in
more. Every listing offers downloads of what it shows through /api/export.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from chronicler.errors import ChroniclerError, E
from chronicler.records import EVENT_TYPES, GRADES, STATUSES
from chronicler.serve import charts, highlight
from chronicler.serve.api import MAX_OFFSET, FiltersDep, Sort, StoreDep, find_incident_id
from chronicler.store import aggregates as A
from chronicler.store import query as Q

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.globals.update(ROLES=highlight.ROLES, GRADES=GRADES, STATUSES=STATUSES, EVENT_TYPES=EVENT_TYPES)
router = APIRouter(include_in_schema=False)

# The listing filters, by their API names (`language`: of the source articles). The list
# template shows a Language column as soon as incident rows carry one.
FILTER_KEYS = ("event_type", "mode", "status", "grade", "country", "admin1", "admin2", "actor", "language", "date_from",
               "date_to", "q")
# Download formats offered beside every listing: (format, label), all through /api/export.
DOWNLOADS = (("csv", "CSV (ACLED-style)"), ("geojson", "GeoJSON"), ("parquet", "Parquet"), ("jsonl", "JSONL"))
Colour = Literal["status", "event_type"]
PageLimit = Annotated[int, Query(ge=1, le=500)]
PageOffset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


# The independent queries of one page run side by side: each thread takes its own pooled
# connection, and the databases drop the GIL while they work.
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="chronicler-page")


def together(*calls: Callable[[], Any]) -> list[Any]:
    """Run `calls` concurrently; results in order (the first error is raised as is)."""
    futures = [_POOL.submit(call) for call in calls]
    return [f.result() for f in futures]


def script_json(value: Any) -> str:
    """JSON safe to inline in a <script> element (no '</script>' can close it early)."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _active(filters: Q.Filters) -> dict[str, str]:
    return {k: str(v) for k, v in filters.as_dict().items() if k in FILTER_KEYS}


def _url(path: str, params: dict[str, Any]) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(clean) if clean else "")


def downloads(what: str, active: dict[str, str]) -> list[dict[str, str]]:
    """Export links for what a page lists: same filter names as the page and /api/export.

    Exports hold only what happened unless asked for more; a page with no status filter
    lists every status, so its links ask for every status too."""
    params = {k: v for k, v in active.items() if not (what == "events" and k == "grade")}
    if "status" not in params:
        params["all_statuses"] = "true"
    return [{"format": fmt, "label": label, "href": _url("/api/export", {"format": fmt, "what": what, **params})}
            for fmt, label in DOWNLOADS]


def _facet_links(facets: dict[str, list[dict[str, Any]]], active: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """Each facet value with the list URL that adds (or, when active, removes) it."""
    out: dict[str, list[dict[str, Any]]] = {}
    for name, values in facets.items():
        rows = []
        for v in values:
            if v["value"] is None:
                rows.append({**v, "label": "(unknown)", "href": None, "on": False})
                continue
            on = active.get(name, "").lower() == str(v["value"]).lower()
            params = {**active, name: None if on else v["value"]}
            rows.append({**v, "label": v["value"], "href": _url("/", params), "on": on})
        out[name] = rows
    return out


@router.get("/", response_class=HTMLResponse)
def index(request: Request, store: StoreDep, filters: FiltersDep, limit: PageLimit = 50,
          offset: PageOffset = 0, sort: Sort = "newest") -> HTMLResponse:
    active = _active(filters)
    Q.check_sort(sort)
    (page, n_thin), facets, timeline = together(
        lambda: A.ranked_incidents(store, filters, limit, offset, sort),
        lambda: Q.incident_facets(store, filters, top=25), lambda: Q.incident_timeline(store, filters))
    base = {**active, "sort": sort if sort != "newest" else None, "limit": limit if limit != 50 else None}
    nav = {
        "prev": _url("/", {**base, "offset": max(0, offset - limit) or None}) if offset > 0 else None,
        "next": _url("/", {**base, "offset": offset + limit}) if offset + limit < page.total else None,
    }
    return TEMPLATES.TemplateResponse(request, "index.html", {
        "page": page, "n_thin": n_thin, "facets": _facet_links(facets, active), "active": active, "sort": sort,
        "timeline_json": script_json(timeline), "nav": nav, "limit": limit,
        "map_url": _url("/map", active), "charts_url": _url("/charts", active),
        "api_url": _url("/api/incidents", {**active, "limit": limit, "offset": offset}),
        "clear_links": {k: _url("/", {**active, k: None}) for k in active},
        "downloads": downloads("incidents", active),
    })


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, store: StoreDep, filters: FiltersDep, limit: PageLimit = 50,
                offset: PageOffset = 0) -> HTMLResponse:
    """Event claims, one per reporting sentence: what each source says, with its status."""
    active = _active(filters)
    page = Q.query_events(store, filters, limit, offset)
    articles = store.get_articles(list({e["article_id"] for e in page.items}))
    rows = [{"e": e, "article": articles.get(e["article_id"]),
             "chain": highlight.outlet_chain(_article_meta(articles.get(e["article_id"])), e)} for e in page.items]
    base = {**active, "limit": limit if limit != 50 else None}
    nav = {
        "prev": _url("/events", {**base, "offset": max(0, offset - limit) or None}) if offset > 0 else None,
        "next": _url("/events", {**base, "offset": offset + limit}) if offset + limit < page.total else None,
    }
    return TEMPLATES.TemplateResponse(request, "events.html", {
        "page": page, "rows": rows, "active": active, "nav": nav,
        "api_url": _url("/api/events", {**active, "limit": limit, "offset": offset}),
        "downloads": downloads("events", active),
    })


def _article_meta(article: Any) -> dict[str, Any] | None:
    return {"outlet": article.outlet} if article is not None else None


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, store: StoreDep, filters: FiltersDep, colour: Colour = "status") -> HTMLResponse:
    """Localities as dots, state- and country-level matches as shaded areas, a time range."""
    active = _active(filters)
    # The slider spans the dates of the matching incidents without the page's own date range.
    undated = Q.Filters(**{**filters.as_dict(), "date_from": None, "date_to": None})
    layers, timeline = together(lambda: A.map_layers(store, filters, colour),
                                lambda: Q.incident_timeline(store, undated, "month"))
    located = sum(p["count"] for p in layers["points"]) + sum(a["count"] for a in layers["areas"])
    return TEMPLATES.TemplateResponse(request, "map.html", {
        "active": active, "colour": colour, "layers_json": script_json(layers), "n_located": located,
        "layers": layers, "basemap": basemap_svg(), "timeline_json": script_json(timeline),
        "palette_json": script_json({"status": charts.STATUS_COLOURS, "event_type": charts.TYPE_COLOURS,
                                     "other": charts.OTHER}),
        "list_url": _url("/", active), "list_params": script_json(active), "downloads": downloads("incidents", active),
    })


@lru_cache(maxsize=1)
def basemap_svg() -> Markup:
    """The offline basemap drawn once as SVG markup, so the first paint already shows it."""
    base = json.loads((Path(__file__).parent / "static" / "basemap.json").read_text(encoding="utf-8"))
    kx = base["projection"]["kx"]
    out = [f'<g class="land" data-kx="{kx}">']
    for c in base["countries"]:
        name = c["name"].strip("\x00 ")
        out.append(f'<path class="country c-{escape(c["iso3"])}" data-iso3="{escape(c["iso3"])}" d="{c["d"]}"><title>{escape(name)}</title></path>')
    out.append('</g><g class="states">')
    labels = []
    for iso3, states in base["states"].items():
        out.append(f'<g class="state-set s-{escape(iso3)}">')
        for r in states["regions"]:
            out.append(f'<path class="state" data-iso3="{escape(iso3)}" data-name="{escape(r["name"])}" '
                       f'data-admin1="{escape(r.get("admin1") or r["name"])}" d="{r["d"]}"><title>{escape(r["name"])}</title></path>')
            short = MX_ABBR.get(r["name"], r["name"]) if iso3 == "MEX" else r["name"]
            labels.append(f'<text class="state-label l-{escape(iso3)}" x="{r["label"][0]}" y="{r["label"][1]}" '
                          f'data-weight="{len(r["d"])}">{escape(short)}</text>')
        out.append(f'<path class="state-borders" d="{states["borders"]}"/></g>')
    out.append('</g><g class="outlines">')
    out += [f'<path class="outline" d="{c["d"]}"/>' for c in base["countries"]]
    out.append('</g><g class="areas"></g><g class="labels">' + "".join(labels) + '</g><g class="markers"></g>')
    return Markup("".join(out))


MX_ABBR = {
    "Aguascalientes": "AGS", "Baja California": "BC", "Baja California Sur": "BCS", "Campeche": "CAMP",
    "Chiapas": "CHIS", "Chihuahua": "CHIH", "Coahuila": "COAH", "Colima": "COL", "Durango": "DGO",
    "Guanajuato": "GTO", "Guerrero": "GRO", "Hidalgo": "HGO", "Jalisco": "JAL", "Mexico": "MEX",
    "Mexico City": "CDMX", "Michoacan": "MICH", "Morelos": "MOR", "Nayarit": "NAY", "Nuevo Leon": "NL",
    "Oaxaca": "OAX", "Puebla": "PUE", "Queretaro": "QRO", "Quintana Roo": "QROO", "San Luis Potosi": "SLP",
    "Sinaloa": "SIN", "Sonora": "SON", "Tabasco": "TAB", "Tamaulipas": "TAMPS", "Tlaxcala": "TLAX",
    "Veracruz": "VER", "Yucatan": "YUC", "Zacatecas": "ZAC",
}  # fmt: skip


@router.get("/charts", response_class=HTMLResponse)
def charts_page(request: Request, store: StoreDep, filters: FiltersDep, by: Colour = "status") -> HTMLResponse:
    """Fatalities over time, incidents by state, top actors and actor-sector interactions."""
    active = _active(filters)
    fatal, states, people = together(lambda: A.fatalities_series(store, filters, by),
                                     lambda: A.by_state(store, filters),
                                     lambda: A.actors_and_interactions(store, filters))
    killed = {k: sum(fatal["total"][k]) for k in ("low", "best", "high")}
    return TEMPLATES.TemplateResponse(request, "charts.html", {
        "active": active, "by": by, "fatal": fatal, "killed": killed,
        "fatal_svg": charts.fatalities_chart(fatal), "fatal_legend": charts.fatalities_legend(fatal),
        "states_bars": charts.bar_list([{**r, "label": f"{r['admin1']}, {r['country'] or '?'}"} for r in states], "label",
                                       lambda r: _url("/", {**active, "country": r["country"], "admin1": r["admin1"]})),
        "actor_bars": charts.bar_list(people["actors"], "name", lambda r: _url("/", {**active, "actor": r["name"]}),
                                      extra="killed"),
        "recipient_bars": charts.bar_list(people["recipients"], "name",
                                          lambda r: _url("/", {**active, "actor": r["name"]}), extra="killed"),
        "matrix": charts.interaction_table(people["interactions"]),
        "list_url": _url("/", active), "map_url": _url("/map", active), "downloads": downloads("incidents", active),
    })


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, store: StoreDep, incident_id: str) -> Response:
    try:
        detail = Q.incident_detail(store, incident_id)
    except ChroniclerError as exc:
        current = find_incident_id(store, incident_id) if exc.spec is E.NOT_FOUND_ID else None
        if current is None or current == incident_id:
            raise
        return RedirectResponse(f"/incidents/{current}", status_code=307)
    articles = {a["id"]: a for a in detail["articles"]}
    events_by_article: dict[str, list[dict[str, Any]]] = {}
    for event in detail["events"]:
        events_by_article.setdefault(event["article_id"], []).append(event)
    incident = detail["incident"]
    sources = incident.get("sources") or [{"article_id": a} for a in events_by_article]
    blocks = []
    for source in sources:
        article = articles.get(source["article_id"])
        claims = [
            {"event": e, "segments": highlight.evidence(article["text"], e) if article else [],
             "chain": highlight.outlet_chain(article, e)}
            for e in events_by_article.get(source["article_id"], [])
        ]
        blocks.append({"source": source, "article": article, "claims": claims})
    return TEMPLATES.TemplateResponse(request, "incident.html", {
        "i": incident, "blocks": blocks, "corrections": detail["corrections"],
    })


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, store: StoreDep, article_id: str) -> HTMLResponse:
    detail = Q.article_detail(store, article_id)
    article = detail["article"]
    return TEMPLATES.TemplateResponse(request, "article.html", {
        "a": article, "events": detail["events"],
        "segments": highlight.article_segments(article["text"], detail["events"]),
        "chains": {e["id"]: highlight.outlet_chain(article, e) for e in detail["events"]},
    })


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request, store: StoreDep) -> HTMLResponse:
    """The API reference, rendered here from the OpenAPI document (no CDN scripts), with an
    example request for every endpoint and live example responses from this server's data."""
    doc = request.app.openapi()
    examples = api_examples(store)
    operations = []
    for path, methods in doc.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {"name": prm["name"], "where": prm["in"], "required": prm.get("required", False),
                 "description": prm.get("description") or prm.get("schema", {}).get("description", ""),
                 "type": _schema_type(prm.get("schema", {}))}
                for prm in op.get("parameters", [])
            ]
            request_line, response = examples.get((method.upper(), path), (_default_request(path), None))
            operations.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "description": op.get("description", ""), "params": params,
                               "body": "requestBody" in op, "tag": (op.get("tags") or ["other"])[0],
                               "example": request_line, "response": response})
    return TEMPLATES.TemplateResponse(request, "docs.html", {"doc": doc, "operations": operations})


def _default_request(path: str) -> str:
    return path.replace("{incident_id}", "inc-…").replace("{event_id}", "ev-…").replace(
        "{article_id}", "art-…").replace("{name}", "sinaloa-strikes")


def api_examples(store: Any) -> dict[tuple[str, str], tuple[str, str | None]]:
    """(method, path) -> (example request, example response as trimmed JSON), answered by the
    same functions the endpoints call, on this server's own data."""
    from chronicler.serve import api

    none = Q.Filters()
    first = Q.query_incidents(store, none, 1, 0, "sources").items
    iid = first[0]["id"] if first else None
    live: dict[tuple[str, str], tuple[str, Any]] = {
        ("GET", "/api/incidents"): ("/api/incidents?country=MEX&sort=sources&limit=2",
                                    lambda: api.list_incidents(store, Q.Filters(country="MEX"), 2, 0, "sources")),
        ("GET", "/api/events"): ("/api/events?limit=1", lambda: api.list_events(store, Q.Filters(), 1, 0)),
        ("GET", "/api/actors"): ("/api/actors?limit=3", lambda: api.list_actors(store, Q.Filters(), 3, 0)),
        ("GET", "/api/places"): ("/api/places?limit=3", lambda: api.list_places(store, Q.Filters(), 3, 0)),
        ("GET", "/api/facets"): ("/api/facets?status=considered&top=3",
                                 lambda: api.facets(store, Q.Filters(status="considered"), 3)),
        ("GET", "/api/timeline"): ("/api/timeline?bucket=year", lambda: api.timeline(store, Q.Filters(), "year")),
        ("GET", "/api/map/layers"): ("/api/map/layers?status=considered&colour=event_type",
                                     lambda: A.map_layers(store, Q.Filters(status="considered"), "event_type", limit=3)),
        ("GET", "/api/stats"): ("/api/stats?status=considered", lambda: api.stats(store, Q.Filters(status="considered"))),
        ("GET", "/api/charts"): ("/api/charts?status=considered", lambda: api.chart_data(store, Q.Filters(status="considered"))),
    }
    if iid:
        live[("GET", "/api/incidents/{incident_id}")] = (f"/api/incidents/{iid}", lambda: api.get_incident(store, iid))
    out: dict[tuple[str, str], tuple[str, str | None]] = {}
    for key, (line, answer) in live.items():
        out[key] = (line, json.dumps(_trim(answer()), indent=2, ensure_ascii=False, default=str))
    out[("GET", "/api/export")] = ("/api/export?format=csv&country=MEX&status=occurred", None)
    out[("GET", "/api/health")] = ("/api/health", None)
    return out


def _trim(value: Any, depth: int = 0) -> Any:
    """An example small enough to read: two items per list, long texts cut."""
    if isinstance(value, dict):
        return {k: _trim(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        head = [_trim(v, depth + 1) for v in value[:2]]
        return head + ([f"… {len(value) - 2} more"] if len(value) > 2 else [])
    if isinstance(value, str) and len(value) > 100:
        return value[:100] + "…"
    return value


def markdown_inline(text: str | None) -> Markup:
    """The few Markdown marks OpenAPI descriptions use (`code`, **bold**, paragraphs), escaped."""
    if not text:
        return Markup("")
    html = str(escape(text))
    html = re.sub(r"`([^`]+)`", r"<code>\1</code>", html)
    html = re.sub(r"\*\*([^*]+)\*\*", r"<strong>\1</strong>", html)
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", html) if p.strip()]
    if len(paragraphs) == 1:  # inline (a table cell, a one-line description)
        return Markup(paragraphs[0])
    return Markup("".join(f"<p>{p}</p>" for p in paragraphs))


TEMPLATES.env.filters["md"] = markdown_inline


def _schema_type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_schema_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    bits = [schema.get("type", "")]
    if "minimum" in schema or "maximum" in schema:
        bits.append(f"{schema.get('minimum', '')}–{schema.get('maximum', '')}")
    return " ".join(b for b in bits if b)


# What to do about an error in the web interface (the catalogue's fixes speak CLI).
WEB_ADVICE = {
    "E401": "Change or clear that field in the filter form (an empty field means no filter). "
            "Dates are YYYY-MM-DD; the accepted values of every filter are listed on the API page.",
    "E402": "It may have been merged into another incident or removed when its reports were re-processed. "
            "Look for it in the list: the Text filter searches the words of its source articles.",
    "404": "There is no page at this address. Start again from the incident list.",
    "422": "Check the filters in the address or the form; the API page lists what each one accepts.",
    "503": "The database could not be read just now. Try again in a moment; if it goes on, tell whoever "
           "runs this server (`chronicler doctor` diagnoses it).",
}
TITLES = {404: "Not found", 422: "That filter cannot be used", 503: "The database is unavailable"}


def render_error(request: Request, status: int, title: str, message: str, fix: str = "",
                 bad: tuple[str, ...] = ()) -> HTMLResponse:
    """An error page for people: what went wrong, what to do in the web interface, ways back."""
    advice = WEB_ADVICE.get(title) or WEB_ADVICE.get(str(status)) or ("" if title.startswith("E") else fix)
    if status == 503:
        advice = WEB_ADVICE["503"]
    links = []
    params = dict(request.query_params)
    if bad and any(b in params for b in bad):
        kept = {k: v for k, v in params.items() if k not in bad}
        links.append({"label": "the same page without " + ", ".join(b for b in bad if b in params),
                      "href": _url(request.url.path, kept)})
    referer = request.headers.get("referer", "")
    if referer.startswith(str(request.base_url)) and referer != str(request.url):
        links.append({"label": "back to the previous page", "href": referer})
    links += [{"label": "the incident list", "href": "/"}, {"label": "the API page", "href": "/docs"}]
    return TEMPLATES.TemplateResponse(request, "error.html", {
        "status": status, "code": title, "heading": TITLES.get(status, "Something went wrong"),
        "message": message, "advice": markdown_inline(advice), "links": links,
    }, status_code=status)


__all__ = ["router", "render_error", "script_json"]
