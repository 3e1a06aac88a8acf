"""HTML pages of the dashboard: incident list, incident, article and map.

Pages read through the same query functions as the JSON API; the templates
show whatever fields a record has and leave out what it lacks, so the pages
stay useful while extraction fills in more.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from chronicler.errors import ChroniclerError, E
from chronicler.records import EVENT_TYPES, GRADES, STATUSES
from chronicler.serve import highlight
from chronicler.serve.api import MAX_OFFSET, FiltersDep, Sort, StoreDep, find_incident_id
from chronicler.store import query as Q

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
TEMPLATES.env.globals.update(ROLES=highlight.ROLES, GRADES=GRADES, STATUSES=STATUSES, EVENT_TYPES=EVENT_TYPES)
router = APIRouter(include_in_schema=False)

FILTER_KEYS = ("event_type", "mode", "status", "grade", "country", "admin1", "actor", "date_from", "date_to", "q")
PageLimit = Annotated[int, Query(ge=1, le=500)]
PageOffset = Annotated[int, Query(ge=0, le=MAX_OFFSET)]


def script_json(value: Any) -> str:
    """JSON safe to inline in a <script> element (no '</script>' can close it early)."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _active(filters: Q.Filters) -> dict[str, str]:
    return {k: str(v) for k, v in filters.as_dict().items() if k in FILTER_KEYS}


def _url(path: str, params: dict[str, Any]) -> str:
    clean = {k: v for k, v in params.items() if v not in (None, "")}
    return path + ("?" + urlencode(clean) if clean else "")


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
    page = Q.query_incidents(store, filters, limit, offset, sort)
    facets = Q.incident_facets(store, filters, top=25)
    timeline = Q.incident_timeline(store, filters)
    base = {**active, "sort": sort if sort != "newest" else None, "limit": limit if limit != 50 else None}
    nav = {
        "prev": _url("/", {**base, "offset": max(0, offset - limit) or None}) if offset > 0 else None,
        "next": _url("/", {**base, "offset": offset + limit}) if offset + limit < page.total else None,
    }
    return TEMPLATES.TemplateResponse(request, "index.html", {
        "page": page, "facets": _facet_links(facets, active), "active": active, "sort": sort,
        "timeline_json": script_json(timeline), "nav": nav, "limit": limit,
        "map_url": _url("/map", active), "api_url": _url("/api/incidents", {**active, "limit": limit, "offset": offset}),
        "clear_links": {k: _url("/", {**active, k: None}) for k in active},
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
    })


def _article_meta(article: Any) -> dict[str, Any] | None:
    return {"outlet": article.outlet} if article is not None else None


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, store: StoreDep, filters: FiltersDep) -> HTMLResponse:
    active = _active(filters)
    points = Q.incident_points(store, filters)
    return TEMPLATES.TemplateResponse(request, "map.html", {
        "active": active, "points_json": script_json(points), "n_points": sum(p["count"] for p in points),
        "list_url": _url("/", active), "list_params": script_json(active),
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
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered here from the OpenAPI document (no CDN scripts)."""
    doc = request.app.openapi()
    operations = []
    for path, methods in doc.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {"name": prm["name"], "where": prm["in"], "required": prm.get("required", False),
                 "description": prm.get("description") or prm.get("schema", {}).get("description", ""),
                 "type": _schema_type(prm.get("schema", {}))}
                for prm in op.get("parameters", [])
            ]
            operations.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                               "description": op.get("description", ""), "params": params,
                               "body": "requestBody" in op, "tag": (op.get("tags") or ["other"])[0]})
    return TEMPLATES.TemplateResponse(request, "docs.html", {"doc": doc, "operations": operations})


def _schema_type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_schema_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    bits = [schema.get("type", "")]
    if "minimum" in schema or "maximum" in schema:
        bits.append(f"{schema.get('minimum', '')}–{schema.get('maximum', '')}")
    return " ".join(b for b in bits if b)


def render_error(request: Request, status: int, title: str, message: str, fix: str = "") -> HTMLResponse:
    return TEMPLATES.TemplateResponse(
        request, "error.html", {"status": status, "title": title, "message": message, "fix": fix}, status_code=status
    )


__all__ = ["router", "render_error", "script_json"]
