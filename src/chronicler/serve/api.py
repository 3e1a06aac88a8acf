"""The JSON API: read endpoints over the one query layer, and token-guarded writes.

Every listing calls `chronicler.store.query` with the same `Filters` the CLI
uses, so `chronicler incidents --type ASSAULT` and `/api/incidents?event_type=ASSAULT`
cannot disagree. Bad parameters raise `ChroniclerError(E.BAD_FILTER)` there and
come back as 422 with the catalogue code, message and fix.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request
from pydantic import BaseModel, Field, create_model

from chronicler.errors import ChroniclerError, E
from chronicler.records import Article, Correction, Event, Incident
from chronicler.store import query as Q
from chronicler.store import tables as t
from chronicler.store.repo import Store
from chronicler.store.tables import row_fields

router = APIRouter(prefix="/api")

MAX_OFFSET = 10_000_000
TEXT = {"max_length": 200}
# Dates are strings so that an empty form field means "no filter"; bad dates get E401.
DATE: dict[str, Any] = {"pattern": r"^(\d{4}-\d{2}-\d{2})?$", "examples": ["2026-03-01"]}


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


def _clean(name: str, value: str | None) -> str | None:
    """Reject text the databases cannot hold (NUL) with a clear message instead of a 500."""
    if value is not None and "\x00" in value:
        raise ChroniclerError(E.BAD_FILTER, name=name, value=value.replace("\x00", "\\0"), detail="contains a NUL character")
    return value or None


def incident_filters(
    event_type: Annotated[str | None, Query(description="PLOVER type, e.g. ASSAULT", **TEXT)] = None,
    mode: Annotated[str | None, Query(description="PLOVER mode, e.g. drone", **TEXT)] = None,
    status: Annotated[str | None, Query(description="occurred, planned, considered, threatened, not_ruled_out, denied, … or contested", **TEXT)] = None,
    grade: Annotated[str | None, Query(description="confirmed, fair, weak, contested, discounted", **TEXT)] = None,
    country: Annotated[str | None, Query(description="ISO 3166-1 alpha-3, e.g. MEX", **TEXT)] = None,
    admin1: Annotated[str | None, Query(description="state or province, e.g. Sinaloa", **TEXT)] = None,
    admin2: Annotated[str | None, Query(description="municipality or county, e.g. Culiacán", **TEXT)] = None,
    actor: Annotated[str | None, Query(description="actor or recipient name contains this", **TEXT)] = None,
    date_from: Annotated[str | None, Query(description="on or after (YYYY-MM-DD)", **DATE)] = None,
    date_to: Annotated[str | None, Query(description="on or before (YYYY-MM-DD)", **DATE)] = None,
    q: Annotated[str | None, Query(description="full text search in the source articles", **TEXT)] = None,
    article_id: Annotated[str | None, Query(description="only records from this article", **TEXT)] = None,
    language: Annotated[str | None, Query(description="ISO 639-1 of the source articles, e.g. es", **TEXT)] = None,
) -> Q.Filters:
    values = {"event_type": event_type, "mode": mode, "status": status, "grade": grade, "country": country,
              "admin1": admin1, "admin2": admin2, "actor": actor, "q": q, "article_id": article_id, "language": language}
    cleaned = {k: _clean(k, v) for k, v in values.items()}
    return Q.Filters(date_from=Q.parse_date(date_from, "date_from"), date_to=Q.parse_date(date_to, "date_to"),
                     **cleaned).validate()


def article_filters(
    q: Annotated[str | None, Query(description="full text search over title and text", **TEXT)] = None,
    outlet: Annotated[str | None, Query(**TEXT)] = None,
    language: Annotated[str | None, Query(description="ISO 639-1", **TEXT)] = None,
    date_from: Annotated[str | None, Query(description="published on or after (YYYY-MM-DD)", **DATE)] = None,
    date_to: Annotated[str | None, Query(description="published on or before (YYYY-MM-DD)", **DATE)] = None,
) -> Q.Filters:
    return Q.Filters(q=_clean("q", q), outlet=_clean("outlet", outlet), language=_clean("language", language),
                     date_from=Q.parse_date(date_from, "date_from"), date_to=Q.parse_date(date_to, "date_to")).validate()


FiltersDep = Annotated[Q.Filters, Depends(incident_filters)]
Limit = Annotated[int, Query(ge=1, le=Q.MAX_LIMIT, description=f"rows per page (1–{Q.MAX_LIMIT})")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
Sort = Literal["newest", "oldest", "killed", "sources", "updated"]


# --- response models (they make the OpenAPI document say what comes back) ------------


class PageOut(BaseModel):
    total: int
    limit: int
    offset: int


# One row of /api/incidents: the columns of the incidents table (store.tables), not a copy.
IncidentRow: type[BaseModel] = create_model("IncidentRow", **row_fields(t.incidents))  # type: ignore[call-overload]


class IncidentPage(PageOut):
    items: list[IncidentRow]  # type: ignore[valid-type]  # built from the table above


class EventPage(PageOut):
    items: list[Event]


class ArticleRow(BaseModel):
    id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published_at: str | None = None
    language: str | None = None
    language_supported: bool
    processed_version: str | None = None
    origin_kind: str
    origin_ref: str


class ArticlePage(PageOut):
    items: list[ArticleRow]


class ActorRow(BaseModel):
    name: str
    entity_id: str | None = None
    country: str | None = None
    as_actor: int
    as_recipient: int
    events: int


class ActorPage(PageOut):
    items: list[ActorRow]


class PlaceRow(BaseModel):
    country: str | None = None
    admin1: str | None = None
    place: str
    events: int
    latitude: float | None = None
    longitude: float | None = None


class PlacePage(PageOut):
    items: list[PlaceRow]


class IncidentDetail(BaseModel):
    incident: Incident
    events: list[Event]
    articles: list[Article]
    corrections: list[Correction]


class EventWithIncident(Event):
    incident_id: str | None = None


class ArticleDetail(BaseModel):
    article: Article
    events: list[EventWithIncident]


class EventDetail(BaseModel):
    event: Event
    incident_id: str | None = None


class FacetValue(BaseModel):
    value: str | None
    count: int


class TimelinePoint(BaseModel):
    period: str
    count: int


class Timeline(BaseModel):
    bucket: str
    series: list[TimelinePoint]
    undated: int


class MapPoint(BaseModel):
    lat: float
    lon: float
    count: int
    place: str | None = None
    admin1: str | None = None
    country: str | None = None
    killed: int


class CorrectionIn(BaseModel):
    """An analyst's correction, as `chronicler correct` takes it.

    `payload` by action: edit `{"field": "grade", "value": "fair"}`; merge (incident)
    `{"incident_ids": [...]}`; split (incident) `{"split_event_ids": [...]}`; merge (event)
    `{"into_incident": "..."}`; confirm / reject need none.
    """

    target_kind: Literal["incident", "event"]
    target_id: str = Field(min_length=1, max_length=64)
    action: Literal["merge", "split", "edit", "reject", "confirm", "withdraw"]
    payload: dict[str, Any] = Field(default_factory=dict)
    author: str = Field(min_length=1, max_length=200)
    note: str | None = Field(default=None, max_length=5000)


class CorrectionOut(BaseModel):
    correction: Correction
    applied: bool = Field(description="false when it was recorded but no incident engine applied it yet")
    incident_id: str | None = Field(default=None, description="the incident the correction now shapes")
    incident_ids: list[str] = Field(default_factory=list, description="every incident it shapes (after a split: several)")
    detail: str = ""


def _page(page: Q.Page) -> dict[str, Any]:
    return {"total": page.total, "limit": page.limit, "offset": page.offset, "items": page.items}


# --- read endpoints ------------------------------------------------------------------------


@router.get("/incidents", response_model=IncidentPage, tags=["incidents"])
def list_incidents(store: StoreDep, filters: FiltersDep, limit: Limit = 50, offset: Offset = 0,
                   sort: Sort = "newest") -> dict[str, Any]:
    """Incidents matching the filters, in a stable order (ties broken by id)."""
    return _page(Q.query_incidents(store, filters, limit, offset, sort))


@router.get("/incidents/{incident_id}", response_model=IncidentDetail, tags=["incidents"])
def get_incident(store: StoreDep, incident_id: str) -> dict[str, Any]:
    """One incident with its event claims, its source articles and analysts' corrections.

    An id that a merge or split retired answers with the incident that now holds its events.
    """
    try:
        return Q.incident_detail(store, incident_id)
    except ChroniclerError as exc:
        current = find_incident_id(store, incident_id) if exc.spec is E.NOT_FOUND_ID else None
        if current is None or current == incident_id:
            raise
        return Q.incident_detail(store, current)


@router.get("/events", response_model=EventPage, tags=["events"])
def list_events(store: StoreDep, filters: FiltersDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Event claims (one per article sentence and type), newest event date first."""
    if filters.grade:
        raise ChroniclerError(E.BAD_FILTER, name="grade", value=filters.grade, detail="events have no grade; filter incidents")
    return _page(Q.query_events(store, filters, limit, offset))


@router.get("/events/{event_id}", response_model=EventDetail, tags=["events"])
def get_event(store: StoreDep, event_id: str) -> dict[str, Any]:
    return Q.event_detail(store, event_id)


@router.get("/articles", response_model=ArticlePage, tags=["articles"])
def list_articles(store: StoreDep, filters: Annotated[Q.Filters, Depends(article_filters)],
                  limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    return _page(Q.query_articles(store, filters, limit, offset))


@router.get("/articles/{article_id}", response_model=ArticleDetail, tags=["articles"])
def get_article(store: StoreDep, article_id: str) -> dict[str, Any]:
    """One article (full text) with its events and the incident each belongs to."""
    return Q.article_detail(store, article_id)


@router.get("/actors", response_model=ActorPage, tags=["aggregates"])
def list_actors(store: StoreDep, filters: FiltersDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Actors and recipients of matching events, most frequent first."""
    return _page(Q.query_actors(store, filters, limit, offset))


@router.get("/places", response_model=PlacePage, tags=["aggregates"])
def list_places(store: StoreDep, filters: FiltersDep, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Places of matching events with counts and mean coordinates."""
    return _page(Q.query_places(store, filters, limit, offset))


@router.get("/stats", tags=["aggregates"])
def stats(store: StoreDep, filters: FiltersDep) -> dict[str, Any]:
    """Totals over matching incidents, and store-wide counts."""
    return Q.incident_stats(store, filters)


@router.get("/facets", response_model=dict[str, list[FacetValue]], tags=["aggregates"])
def facets(store: StoreDep, filters: FiltersDep,
           top: Annotated[int, Query(ge=1, le=500, description="values per facet")] = 50) -> dict[str, Any]:
    """Counts of matching incidents per type, status, grade, country, state and mode."""
    return Q.incident_facets(store, filters, top=top)


@router.get("/timeline", response_model=Timeline, tags=["aggregates"])
def timeline(store: StoreDep, filters: FiltersDep,
             bucket: Literal["auto", "day", "month", "year"] = "auto") -> dict[str, Any]:
    """Matching incidents per day, month or year (`auto` picks by the span of dates)."""
    return Q.incident_timeline(store, filters, bucket)


@router.get("/map", response_model=list[MapPoint], tags=["aggregates"])
def map_points(store: StoreDep, filters: FiltersDep,
               decimals: Annotated[int, Query(ge=0, le=4, description="decimal places of the grouped coordinates (1 ≈ 11 km)")] = 1) -> list[dict[str, Any]]:
    """Matching incidents grouped by place: one dot per rounded coordinate pair."""
    return Q.incident_points(store, filters, decimals)


# --- the dashboard's map and charts (chronicler.store.aggregates) ---------------------------

Colour = Annotated[Literal["status", "event_type"], Query(description="count each group per status or per event type")]


@router.get("/map/layers", tags=["aggregates"])
def map_layers(store: StoreDep, filters: FiltersDep, colour: Colour = "status",
               decimals: Annotated[int, Query(ge=0, le=3, description="decimal places of the grouped coordinates (1 ≈ 11 km)")] = 1) -> dict[str, Any]:
    """The map's layers: `points` (localities grouped by rounded coordinates), `areas`
    (incidents known only to a state, `level: admin1`, or a country), each with `count`,
    `killed` and `by` (counts per status or type); `keys` for the legend; `unlocated`."""
    from chronicler.store import aggregates

    return aggregates.map_layers(store, filters, colour, decimals)


@router.get("/map/incidents", response_model=IncidentPage, tags=["aggregates"])
def map_group(store: StoreDep, filters: FiltersDep,
              level: Annotated[Literal["locality", "admin1", "country"], Query(description="the group's kind")],
              lat: Annotated[float | None, Query(ge=-90, le=90, description="a locality's rounded latitude")] = None,
              lon: Annotated[float | None, Query(ge=-180, le=180, description="a locality's rounded longitude")] = None,
              decimals: Annotated[int, Query(ge=0, le=3)] = 1,
              limit: Annotated[int, Query(ge=1, le=200)] = 50) -> dict[str, Any]:
    """The incidents behind one map group (newest first): what a click on the map lists. A
    locality is its rounded `lat` and `lon`; a state or a country is named by the `country`
    and `admin1` filters, e.g. `level=admin1&country=MEX&admin1=Sinaloa`."""
    from chronicler.store import aggregates

    page = aggregates.map_group_incidents(store, filters, level=level, lat=lat, lon=lon, decimals=decimals, limit=limit)
    return _page(page)


@router.get("/charts", tags=["aggregates"])
def chart_data(store: StoreDep, filters: FiltersDep,
               by: Annotated[Literal["status", "event_type"], Query(description="split the fatality series by")] = "status") -> dict[str, Any]:
    """The charts page's numbers: killed (low/best/high) per period and per status or type,
    incidents by state, top actors and recipients, and actor-sector × recipient-sector counts."""
    from chronicler.store import aggregates

    people = aggregates.actors_and_interactions(store, filters)
    return {"fatalities": aggregates.fatalities_series(store, filters, by),
            "by_state": aggregates.by_state(store, filters), **people}


@router.get("/corrections", response_model=list[Correction], tags=["corrections"])
def list_corrections(store: StoreDep, target_id: Annotated[str | None, Query(max_length=64)] = None) -> list[Correction]:
    return store.corrections(_clean("target_id", target_id))


# --- writes ----------------------------------------------------------------------------------


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Writes need `Authorization: Bearer <token>`; with no token configured they are off."""
    from fastapi import HTTPException

    expected: str | None = request.app.state.token
    if not expected:
        raise HTTPException(403, detail="writes are disabled: start the server with --token or CHRONICLER_TOKEN")
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip().encode(), expected.encode()):
        raise HTTPException(401, detail="missing or wrong token: send 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})


@router.post("/corrections", response_model=CorrectionOut, status_code=201, tags=["corrections"],
             dependencies=[Depends(require_token)])
def post_correction(store: StoreDep, body: CorrectionIn) -> dict[str, Any]:
    """Record an analyst's correction and apply it (it survives re-processing)."""
    correction = Correction(**body.model_dump())
    from chronicler.incidents.corrections import check_shape

    check_shape(correction)  # E404 for a bad shape or id (a NUL) before any database lookup
    if correction.action != "withdraw":  # a withdrawal names a correction, checked by the engine
        _check_target(store, correction)
    return apply_or_record(store, correction)


def _check_target(store: Store, correction: Correction) -> None:
    if correction.target_kind == "incident":
        # A retired id is fine: the engine corrects the incident that now holds its events.
        found = store.get_incident(correction.target_id) is not None or bool(
            find_incident_id(store, correction.target_id)
        )
    else:
        found = bool(store.get_events([correction.target_id]))
    if not found:
        raise ChroniclerError(E.NOT_FOUND_ID, kind=correction.target_kind, id=correction.target_id)


def apply_or_record(store: Store, correction: Correction) -> dict[str, Any]:
    """Hand the correction to the incident engine when it is installed; else only store it."""
    try:
        from chronicler.incidents import apply_correction
    except ImportError:
        saved = store.add_correction(correction)
        return {"correction": saved, "applied": False,
                "detail": "recorded; it will be applied when incidents are next rebuilt"}
    incidents = apply_correction(store, correction)
    ids = [i.id for i in incidents]
    # The engine may re-target an incident whose id changed; the newest stored row is ours.
    saved = store.corrections()[-1]
    current = correction.target_id if correction.target_id in ids else (ids[0] if ids else None)
    return {"correction": saved, "applied": True, "incident_id": current, "incident_ids": ids, "detail": ""}


def find_incident_id(store: Store, incident_id: str) -> str | None:
    """The id of the incident that now holds a former incident's events (ids move on re-merge)."""
    try:
        from chronicler.incidents import find_incident
    except ImportError:
        return None
    try:
        return str(find_incident(store, incident_id).id)
    except ChroniclerError:
        return None
