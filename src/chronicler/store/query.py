"""The one query layer: CLI listings, the JSON API and the HTML pages all call these.

Filters are validated here (bad values raise `ChroniclerError(E.BAD_FILTER)`,
which the API turns into a 422 and the CLI into a message), so every view
accepts the same parameters with the same meaning.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, fields
from typing import Any

import sqlalchemy as sa

from chronicler.errors import ChroniclerError, E
from chronicler.records import EVENT_TYPES, GRADES, STATUSES, Correction, Incident
from chronicler.store import tables as t
from chronicler.store.db import db_errors
from chronicler.store.repo import Store

MAX_LIMIT = 1000


@dataclass
class Filters:
    event_type: str | None = None
    mode: str | None = None
    status: str | None = None
    grade: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None  # municipality / county
    actor: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str | None = None
    article_id: str | None = None
    outlet: str | None = None
    language: str | None = None

    def validate(self) -> Filters:
        if self.event_type is not None:
            self.event_type = self.event_type.upper()
            if self.event_type not in EVENT_TYPES:
                raise ChroniclerError(
                    E.BAD_FILTER, name="event_type", value=self.event_type,
                    detail="one of " + ", ".join(EVENT_TYPES),
                )
        if self.status is not None:
            self.status = self.status.lower().replace(" ", "_")
            if self.status not in (*STATUSES, "contested"):
                raise ChroniclerError(
                    E.BAD_FILTER, name="status", value=self.status, detail="one of " + ", ".join(STATUSES)
                )
        if self.grade is not None:
            self.grade = self.grade.lower()
            if self.grade not in GRADES:
                raise ChroniclerError(
                    E.BAD_FILTER, name="grade", value=self.grade, detail="one of " + ", ".join(GRADES)
                )
        if self.country is not None:
            self.country = self.country.upper()
            if not re.fullmatch(r"[A-Z]{3}", self.country):
                raise ChroniclerError(
                    E.BAD_FILTER, name="country", value=self.country, detail="an ISO 3166-1 alpha-3 code such as MEX"
                )
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise ChroniclerError(
                E.BAD_FILTER, name="date_from", value=str(self.date_from), detail="after date_to"
            )
        if self.q is not None and not self.q.strip():
            self.q = None
        if self.language is not None:
            self.language = self.language.strip().lower()
            if not re.fullmatch(r"[a-z]{2,3}", self.language):
                raise ChroniclerError(
                    E.BAD_FILTER, name="language", value=self.language, detail="an ISO 639-1 code such as es"
                )
        return self

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) is not None}


@dataclass
class Page:
    total: int
    items: list[dict[str, Any]]
    limit: int
    offset: int


def parse_date(value: str | None, name: str) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ChroniclerError(E.BAD_FILTER, name=name, value=value, detail="use YYYY-MM-DD") from exc


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_LIMIT:
        raise ChroniclerError(E.BAD_FILTER, name="limit", value=limit, detail=f"between 1 and {MAX_LIMIT}")
    if offset < 0:
        raise ChroniclerError(E.BAD_FILTER, name="offset", value=offset, detail="0 or more")


def _fts_article_ids(store: Store, q: str) -> Any:
    """A selectable of article ids matching free text q (FTS5 or PostgreSQL tsvector)."""
    if store.dialect == "sqlite":
        # Quote every term so user input is never parsed as FTS5 syntax.
        terms = [w for w in re.findall(r"\w+", q, flags=re.UNICODE)]
        if not terms:
            return sa.select(t.articles.c.id).where(sa.false())
        match = " ".join('"' + w.replace('"', "") + '"' for w in terms)
        fts = sa.table("articles_fts", sa.column("rowid"))
        return (
            sa.select(t.articles.c.id)
            .select_from(t.articles.join(fts, sa.literal_column("articles.rowid") == fts.c.rowid))
            .where(sa.text("articles_fts MATCH :fts_q").bindparams(fts_q=match))
        )
    vector = sa.func.to_tsvector(
        "english", sa.func.coalesce(t.articles.c.title, "") + " " + t.articles.c.text
    )
    return sa.select(t.articles.c.id).where(vector.op("@@")(sa.func.plainto_tsquery("english", q)))


def query_articles(store: Store, filters: Filters, limit: int = 50, offset: int = 0) -> Page:
    filters.validate()
    _check_page(limit, offset)
    a = t.articles
    conds: list[Any] = []
    if filters.q:
        conds.append(a.c.id.in_(_fts_article_ids(store, filters.q)))
    if filters.outlet:
        conds.append(a.c.outlet == filters.outlet)
    if filters.language:
        conds.append(a.c.language == filters.language)
    if filters.date_from:
        conds.append(a.c.published_at >= dt.datetime.combine(filters.date_from, dt.time()))
    if filters.date_to:
        conds.append(a.c.published_at < dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time()))
    cols = [a.c.id, a.c.title, a.c.outlet, a.c.url, a.c.published_at, a.c.language,
            a.c.language_supported, a.c.processed_version, a.c.origin_kind, a.c.origin_ref]
    query = sa.select(*cols).where(*conds).order_by(a.c.published_at.desc().nulls_last(), a.c.id)
    return _page(store, query, sa.select(sa.func.count()).select_from(a).where(*conds), limit, offset)


def query_events(store: Store, filters: Filters, limit: int = 50, offset: int = 0) -> Page:
    filters.validate()
    _check_page(limit, offset)
    e = t.events
    conds = _common_conditions(e, filters, store)
    if filters.article_id:
        conds.append(e.c.article_id == filters.article_id)
    if filters.q:
        conds.append(e.c.article_id.in_(_fts_article_ids(store, filters.q)))
    query = sa.select(e.c.data).where(*conds).order_by(e.c.date_start.desc().nulls_last(), e.c.id)
    page = _page(store, query, sa.select(sa.func.count()).select_from(e).where(*conds), limit, offset)
    page.items = [row["data"] for row in page.items]
    return page


# Incident orderings; every one ends on the primary key so pages never overlap or skip.
INCIDENT_SORTS: dict[str, tuple[Any, ...]] = {
    "newest": (t.incidents.c.date_start.desc().nulls_last(), t.incidents.c.id),
    "oldest": (t.incidents.c.date_start.asc().nulls_last(), t.incidents.c.id),
    "killed": (t.incidents.c.killed_best.desc().nulls_last(), t.incidents.c.date_start.desc().nulls_last(), t.incidents.c.id),
    "sources": (t.incidents.c.n_sources.desc(), t.incidents.c.date_start.desc().nulls_last(), t.incidents.c.id),
    "updated": (t.incidents.c.updated_at.desc(), t.incidents.c.id),
}


def check_sort(sort: str) -> str:
    if sort not in INCIDENT_SORTS:
        raise ChroniclerError(E.BAD_FILTER, name="sort", value=sort, detail="one of " + ", ".join(INCIDENT_SORTS))
    return sort


def incident_conditions(store: Store, filters: Filters) -> list[Any]:
    """WHERE clauses for incidents matching `filters` (shared by listing, facets, timeline, map)."""
    filters.validate()
    i = t.incidents
    conds = _common_conditions(i, filters, store)
    if filters.grade:
        conds.append(i.c.grade == filters.grade)
    if filters.q or filters.article_id:
        ev = t.events
        sub = sa.select(t.incident_events.c.incident_id).join(ev, ev.c.id == t.incident_events.c.event_id)
        if filters.q:
            sub = sub.where(ev.c.article_id.in_(_fts_article_ids(store, filters.q)))
        if filters.article_id:
            sub = sub.where(ev.c.article_id == filters.article_id)
        conds.append(i.c.id.in_(sub))
    return conds


def query_incidents(
    store: Store, filters: Filters, limit: int = 50, offset: int = 0, sort: str = "newest"
) -> Page:
    _check_page(limit, offset)
    i = t.incidents
    conds = incident_conditions(store, filters)
    cols = [c for c in i.c if c.name != "data"]
    query = sa.select(*cols).where(*conds).order_by(*INCIDENT_SORTS[check_sort(sort)])
    return _page(store, query, sa.select(sa.func.count()).select_from(i).where(*conds), limit, offset)


def _common_conditions(table: sa.Table, f: Filters, store: Store | None = None) -> list[Any]:
    c = table.c
    conds: list[Any] = []
    if f.event_type:
        conds.append(c.event_type == f.event_type)
    if f.mode:
        conds.append(c.mode == f.mode)
    if f.status:
        conds.append(c.status == f.status)
    if f.country:
        conds.append(c.country == f.country)
    if f.admin1:
        conds.append(_admin_condition(table, "admin1", f.admin1, f, store))
    if f.admin2:
        conds.append(_admin_condition(table, "admin2", f.admin2, f, store))
    if f.actor:
        conds.append(_actor_condition(table, f, store))
    if f.date_from:
        conds.append(sa.func.coalesce(c.date_end, c.date_start) >= f.date_from)
    if f.date_to:
        conds.append(c.date_start <= f.date_to)
    if f.language and table is not t.articles:
        conds.append(_language_condition(table, f.language))
    return conds


def _language_condition(table: sa.Table, language: str) -> Any:
    """Events read from articles in `language`; incidents with at least one such event."""
    in_language = sa.select(t.articles.c.id).where(t.articles.c.language == language)
    if table is t.events:
        return table.c.article_id.in_(in_language)
    ev = t.events
    sub = (
        sa.select(t.incident_events.c.incident_id)
        .join(ev, ev.c.id == t.incident_events.c.event_id)
        .where(ev.c.article_id.in_(in_language))
    )
    return table.c.id.in_(sub)


def fold(text: str) -> str:
    """Lower case without accents: 'Michoacán' and 'michoacan' name the same state."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().strip()


def _admin_condition(table: sa.Table, column: str, value: str, f: Filters, store: Store | None) -> Any:
    """Case- and accent-insensitive state (`admin1`) or municipality (`admin2`) match, written
    as `column IN (stored spellings)` so the column's index serves it. The distinct stored
    names are few (read from the index); they are matched here once per Filters object,
    table and column."""
    col = table.c[column]
    wanted = fold(value)
    if store is None:
        return sa.func.lower(col) == wanted
    cache: dict[tuple[str, str, str, str], list[str]] = f.__dict__.setdefault("_admin_spellings", {})
    key = (store.url, table.name, column, wanted)
    if key not in cache:
        with db_errors(store.url), store.engine.connect() as conn:
            names = conn.execute(sa.select(col).where(col.is_not(None)).distinct()).scalars()
            cache[key] = [name for name in names if fold(name) == wanted]
    return col.in_(cache[key])


MAX_NAME_LIST = 2000


def _actor_condition(table: sa.Table, f: Filters, store: Store | None) -> Any:
    """Actor or recipient name contains the text (case-insensitive; % and _ are literal).

    On incidents the matching names are first read off the name indexes, so the
    filter becomes `actor_name IN (...) OR recipient_name IN (...)` and the rows
    are found by index instead of testing every full row."""
    needle = (f.actor or "").lower()
    actor, recipient = sa.func.lower(table.c.actor_name), sa.func.lower(table.c.recipient_name)
    plain = sa.or_(actor.contains(needle, autoescape=True), recipient.contains(needle, autoescape=True))
    if store is None or table.name != "incidents":
        return plain
    cache: dict[tuple[str, str], list[str]] = f.__dict__.setdefault("_actor_names", {})
    if (store.url, needle) not in cache:
        found: list[str] = []
        with db_errors(store.url), store.engine.connect() as conn:
            for col in (table.c.actor_name, table.c.recipient_name):
                found += conn.execute(
                    sa.select(col).where(sa.func.lower(col).contains(needle, autoescape=True)).distinct()
                    .limit(MAX_NAME_LIST + 1)
                ).scalars().all()
        cache[(store.url, needle)] = found
    names = cache[(store.url, needle)]
    if len(names) > MAX_NAME_LIST:
        return plain
    unique = sorted(set(names))
    return sa.or_(table.c.actor_name.in_(unique), table.c.recipient_name.in_(unique))


def _page(store: Store, query: Any, count_query: Any, limit: int, offset: int) -> Page:
    with db_errors(store.url), store.engine.connect() as conn:
        total = int(conn.execute(count_query).scalar_one())
        rows = conn.execute(query.limit(limit).offset(offset)).mappings().all()
    return Page(total=total, items=[_jsonable(dict(r)) for r in rows], limit=limit, offset=offset)


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in row.items()}


# --- aggregations (facets, timeline, map, actors, places, stats) -----------------
# Every count is one SQL GROUP BY over the filtered rows, never a loop in Python,
# so the dashboard stays fast on large stores.

FACET_FIELDS: tuple[str, ...] = ("event_type", "status", "grade", "country", "admin1", "mode")


def incident_facets(
    store: Store, filters: Filters, fields_: tuple[str, ...] = FACET_FIELDS, top: int = 50
) -> dict[str, list[dict[str, Any]]]:
    """Counts of matching incidents per value of each facet field, largest first."""
    unknown = [f for f in fields_ if f not in FACET_FIELDS]
    if unknown:
        raise ChroniclerError(
            E.BAD_FILTER, name="facet", value=unknown[0], detail="one of " + ", ".join(FACET_FIELDS)
        )
    conds = incident_conditions(store, filters)
    if conds and len(fields_) > 1:
        return _facets_one_pass(store, conds, fields_, top)
    out: dict[str, list[dict[str, Any]]] = {}
    with db_errors(store.url), store.engine.connect() as conn:
        # Unfiltered, each facet is a scan of a narrow index that holds its column.
        for name in fields_:
            col = t.incidents.c[name]
            n = sa.func.count().label("n")
            rows = conn.execute(
                sa.select(col, n).where(*conds).group_by(col).order_by(n.desc(), col.asc().nulls_last()).limit(top)
            ).all()
            out[name] = [{"value": value, "count": int(count)} for value, count in rows]
    return out


def _facets_one_pass(
    store: Store, conds: list[Any], fields_: tuple[str, ...], top: int
) -> dict[str, list[dict[str, Any]]]:
    """Filtered, the matching rows are read once: one GROUP BY over every facet column,
    whose groups (far fewer than the rows) are summed per column here."""
    cols = [t.incidents.c[name] for name in fields_]
    with db_errors(store.url), store.engine.connect() as conn:
        groups = conn.execute(sa.select(*cols, sa.func.count()).where(*conds).group_by(*cols)).all()
    out: dict[str, list[dict[str, Any]]] = {}
    for k, name in enumerate(fields_):
        totals: dict[Any, int] = {}
        for row in groups:
            totals[row[k]] = totals.get(row[k], 0) + int(row[-1])
        ranked = sorted(totals.items(), key=lambda kv: (-kv[1], kv[0] is None, str(kv[0])))
        out[name] = [{"value": value, "count": count} for value, count in ranked[:top]]
    return out


def incident_timeline(store: Store, filters: Filters, bucket: str = "auto") -> dict[str, Any]:
    """Matching incidents per day, month or year (`auto` picks by the span of dates).

    One GROUP BY on the date (the index holds it), folded into months or years
    here: at most a few thousand day rows, whatever the number of incidents.
    Only counts: summing tolls would read every full row, and the list page draws this.
    """
    if bucket not in ("auto", "day", "month", "year"):
        raise ChroniclerError(E.BAD_FILTER, name="bucket", value=bucket, detail="auto, day, month or year")
    conds = incident_conditions(store, filters)
    day = t.incidents.c.date_start
    with db_errors(store.url), store.engine.connect() as conn:
        rows = conn.execute(sa.select(day, sa.func.count()).where(*conds).group_by(day).order_by(day)).all()
    undated = sum(int(n) for d, n in rows if d is None)
    days = [(_iso(d), int(n)) for d, n in rows if d is not None]
    if bucket == "auto":
        bucket = _auto_bucket(days[0][0], days[-1][0]) if days else "month"
    width = {"day": 10, "month": 7, "year": 4}[bucket]
    counts: dict[str, int] = {}
    for d, n in days:
        key = str(d)[:width]
        counts[key] = counts.get(key, 0) + n
    series = [{"period": p, "count": n} for p, n in counts.items()]
    return {"bucket": bucket, "series": series, "undated": undated}


def _auto_bucket(low: Any, high: Any) -> str:
    if low is None or high is None:
        return "month"
    if isinstance(low, str):  # SQLite may hand back ISO strings
        low, high = dt.date.fromisoformat(low[:10]), dt.date.fromisoformat(high[:10])
    days = (high - low).days
    return "day" if days <= 120 else "month" if days <= 365 * 12 else "year"


def incident_points(store: Store, filters: Filters, decimals: int = 1, limit: int = 5000) -> list[dict[str, Any]]:
    """Matching incidents grouped by rounded coordinates: one map dot per place."""
    if not 0 <= decimals <= 4:
        raise ChroniclerError(E.BAD_FILTER, name="decimals", value=decimals, detail="between 0 and 4")
    conds = incident_conditions(store, filters)
    i = t.incidents
    lat: Any = i.c.latitude
    lon: Any = i.c.longitude
    if store.dialect != "sqlite":  # PostgreSQL rounds only numerics to a number of places
        lat, lon = sa.cast(lat, sa.Numeric), sa.cast(lon, sa.Numeric)
    rlat = sa.func.round(lat, decimals).label("lat")
    rlon = sa.func.round(lon, decimals).label("lon")
    n = sa.func.count().label("n")
    query = (
        sa.select(rlat, rlon, n, sa.func.min(i.c.place_name), sa.func.min(i.c.admin1),
                  sa.func.min(i.c.country), sa.func.sum(i.c.killed_best))
        .where(*conds, i.c.latitude.is_not(None), i.c.longitude.is_not(None))
        .group_by(rlat, rlon)
        .order_by(n.desc(), rlat, rlon)
        .limit(limit)
    )
    with db_errors(store.url), store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [
        {"lat": float(la), "lon": float(lo), "count": int(c), "place": p, "admin1": a,
         "country": co, "killed": int(k or 0)}
        for la, lo, c, p, a, co, k in rows
    ]


def query_actors(store: Store, filters: Filters, limit: int = 50, offset: int = 0) -> Page:
    """Actors and recipients of matching events, with how often each plays each role."""
    filters.validate()
    _check_page(limit, offset)
    e = t.events
    conds = event_conditions(store, filters)
    roles = sa.union_all(
        sa.select(e.c.actor_name.label("name"), e.c.actor_id.label("entity_id"),
                  e.c.actor_country.label("country"), sa.literal(1).label("as_actor"),
                  sa.literal(0).label("as_recipient"))
        .where(*conds, e.c.actor_name.is_not(None)),
        sa.select(e.c.recipient_name, e.c.recipient_id, e.c.recipient_country, sa.literal(0), sa.literal(1))
        .where(*conds, e.c.recipient_name.is_not(None)),
    ).subquery()
    total = sa.func.count().label("events")
    query = (
        sa.select(roles.c.name, sa.func.max(roles.c.entity_id).label("entity_id"),
                  sa.func.max(roles.c.country).label("country"),
                  sa.func.sum(roles.c.as_actor).label("as_actor"),
                  sa.func.sum(roles.c.as_recipient).label("as_recipient"), total)
        .group_by(roles.c.name)
        .order_by(total.desc(), roles.c.name)
    )
    count = sa.select(sa.func.count(sa.distinct(roles.c.name)))
    page = _page(store, query, count, limit, offset)
    page.items = [{**r, "as_actor": int(r["as_actor"]), "as_recipient": int(r["as_recipient"])} for r in page.items]
    return page


def query_places(store: Store, filters: Filters, limit: int = 50, offset: int = 0) -> Page:
    """Places of matching events (country, state, place), with event counts and a position."""
    filters.validate()
    _check_page(limit, offset)
    e = t.events
    conds = [*event_conditions(store, filters), e.c.place_name.is_not(None)]
    n = sa.func.count().label("events")
    keys = (e.c.country, e.c.admin1, e.c.place_name)
    query = (
        sa.select(e.c.country, e.c.admin1, e.c.place_name.label("place"), n,
                  sa.func.avg(e.c.latitude).label("latitude"), sa.func.avg(e.c.longitude).label("longitude"))
        .where(*conds)
        .group_by(*keys)
        .order_by(n.desc(), e.c.country.asc().nulls_last(), e.c.admin1.asc().nulls_last(), e.c.place_name)
    )
    count = sa.select(sa.func.count()).select_from(sa.select(*keys).where(*conds).group_by(*keys).subquery())
    return _page(store, query, count, limit, offset)


def event_conditions(store: Store, filters: Filters) -> list[Any]:
    """WHERE clauses for events matching `filters` (shared by listings, places and exports)."""
    filters.validate()
    e = t.events
    conds = _common_conditions(e, filters, store)
    if filters.article_id:
        conds.append(e.c.article_id == filters.article_id)
    if filters.q:
        conds.append(e.c.article_id.in_(_fts_article_ids(store, filters.q)))
    return conds


def incident_stats(store: Store, filters: Filters) -> dict[str, Any]:
    """Totals over matching incidents (count, toll, sources) plus the store-wide counts."""
    conds = incident_conditions(store, filters)
    i = t.incidents
    with db_errors(store.url), store.engine.connect() as conn:
        row = conn.execute(
            sa.select(sa.func.count(), sa.func.sum(i.c.killed_low), sa.func.sum(i.c.killed_best),
                      sa.func.sum(i.c.killed_high), sa.func.sum(i.c.n_sources),
                      sa.func.min(i.c.date_start), sa.func.max(i.c.date_start))
            .where(*conds)
        ).one()
    n, k_low, k_best, k_high, n_sources, first, last = row
    by = incident_facets(store, filters, ("event_type", "status", "grade"), top=50)
    return {
        "incidents": int(n),
        "killed": {"low": int(k_low or 0), "best": int(k_best or 0), "high": int(k_high or 0)},
        "sources": int(n_sources or 0),
        "date_first": _iso(first),
        "date_last": _iso(last),
        "by_type": {f["value"]: f["count"] for f in by["event_type"]},
        "by_status": {f["value"]: f["count"] for f in by["status"]},
        "by_grade": {f["value"]: f["count"] for f in by["grade"]},
        "store": store.stats(),
    }


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else str(value)


# --- single records with their context ------------------------------------------


def _plausible_id(value: str) -> bool:
    """Ids are short printable strings; anything else cannot exist (and PostgreSQL would
    reject a NUL byte with a driver error rather than a clean 'not found')."""
    return 0 < len(value) <= 200 and "\x00" not in value


def incident_detail(store: Store, incident_id: str) -> dict[str, Any]:
    """An incident with its events, its source articles (text included) and its corrections."""
    incident = store.get_incident(incident_id) if _plausible_id(incident_id) else None
    if incident is None:
        raise ChroniclerError(E.NOT_FOUND_ID, kind="incident", id=incident_id)
    events = store.get_events(incident.event_ids)
    article_ids = list(dict.fromkeys(
        [s.article_id for s in incident.sources] + [ev.article_id for ev in events.values()]
    ))
    articles = store.get_articles(article_ids)
    return {
        "incident": incident.model_dump(mode="json"),
        "events": [events[i].model_dump(mode="json") for i in incident.event_ids if i in events],
        "articles": [articles[a].model_dump(mode="json") for a in article_ids if a in articles],
        "corrections": [c.model_dump(mode="json") for c in _corrections_touching(store, incident)],
    }


def _corrections_touching(store: Store, incident: Incident) -> list[Correction]:
    """Corrections aimed at this incident, at one of its events, or at the events it held
    when the analyst made them (incident ids change when reports re-merge)."""
    members = set(incident.event_ids)
    return [
        c for c in store.corrections()
        if c.target_id == incident.id or c.target_id in members
        or members & set(c.payload.get("event_ids") or [])
    ]


def article_detail(store: Store, article_id: str) -> dict[str, Any]:
    """An article with its events and the incidents those events belong to."""
    article = store.get_article(article_id) if _plausible_id(article_id) else None
    if article is None:
        raise ChroniclerError(E.NOT_FOUND_ID, kind="article", id=article_id)
    events = store.events_for_article(article_id)
    links: dict[str, str] = {}
    if events:
        with db_errors(store.url), store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(t.incident_events.c.event_id, t.incident_events.c.incident_id)
                .where(t.incident_events.c.event_id.in_([e.id for e in events]))
            ).all()
        links = {event_id: incident_id for event_id, incident_id in rows}
    return {
        "article": article.model_dump(mode="json"),
        "events": [{**e.model_dump(mode="json"), "incident_id": links.get(e.id)} for e in events],
    }


def event_detail(store: Store, event_id: str) -> dict[str, Any]:
    event = store.get_events([event_id]).get(event_id) if _plausible_id(event_id) else None
    if event is None:
        raise ChroniclerError(E.NOT_FOUND_ID, kind="event", id=event_id)
    with db_errors(store.url), store.engine.connect() as conn:
        incident_id = conn.execute(
            sa.select(t.incident_events.c.incident_id).where(t.incident_events.c.event_id == event_id)
        ).scalar_one_or_none()
    return {"event": event.model_dump(mode="json"), "incident_id": incident_id}


# --- exports and id prefixes (chronicler.export and the CLI read through these) -------

ExportKind = str  # "incidents" or "events"


def check_statuses(statuses: Any) -> tuple[str, ...] | None:
    """Validated status values (None: no status condition)."""
    if statuses is None:
        return None
    out = tuple(dict.fromkeys(str(s).strip().lower().replace(" ", "_") for s in statuses if str(s).strip()))
    for status in out:
        if status not in (*STATUSES, "contested"):
            raise ChroniclerError(E.BAD_FILTER, name="status", value=status,
                                  detail="one of " + ", ".join((*STATUSES, "contested")))  # fmt: skip
    return out


def _export_select(store: Store, filters: Filters, what: ExportKind) -> tuple[Any, sa.Table]:
    if what == "incidents":
        i = t.incidents
        return sa.select(i.c.id, i.c.data, i.c.updated_at).where(*incident_conditions(store, filters)), i
    if filters.grade:
        raise ChroniclerError(E.BAD_FILTER, name="grade", value=filters.grade, detail="grade applies to incidents, not events")
    e, a, link = t.events, t.articles, t.incident_events
    query = (
        sa.select(e.c.id, e.c.data, a.c.outlet, a.c.url, a.c.published_at, a.c.processed_at.label("updated_at"),
                  link.c.incident_id)
        .select_from(e.join(a, a.c.id == e.c.article_id).outerjoin(link, link.c.event_id == e.c.id))
        .where(*event_conditions(store, filters))
    )  # fmt: skip
    return query, e


def export_rows(
    store: Store, filters: Filters, what: ExportKind, statuses: Any = None, *, after: str = "", limit: int = 1000
) -> list[dict[str, Any]]:
    """One keyset page of records to export: rows with `id`, `data` (the record JSON),
    `updated_at`, and for events `outlet`, `url`, `published_at`, `incident_id`; id order."""
    filters.validate()
    wanted = check_statuses(statuses)
    query, table = _export_select(store, filters, what)
    if wanted is not None:
        query = query.where(table.c.status.in_(wanted))
    query = query.where(table.c.id > after).order_by(table.c.id).limit(limit)
    with db_errors(store.url), store.engine.connect() as conn:
        return [dict(row) for row in conn.execute(query).mappings()]


def event_records(store: Store, event_ids: Any) -> dict[str, dict[str, Any]]:
    """The stored JSON of these events (no validation: exports only read them)."""
    ids = list(dict.fromkeys(event_ids))
    out: dict[str, dict[str, Any]] = {}
    with db_errors(store.url), store.engine.connect() as conn:
        for start in range(0, len(ids), 500):
            rows = conn.execute(sa.select(t.events.c.id, t.events.c.data).where(t.events.c.id.in_(ids[start:start + 500])))
            out.update({row.id: row.data for row in rows})
    return out


def article_event_records(store: Store, article_ids: Any) -> dict[str, list[dict[str, Any]]]:
    """The stored JSON of every event of these articles, per article."""
    ids = list(dict.fromkeys(article_ids))
    out: dict[str, list[dict[str, Any]]] = {}
    e = t.events
    with db_errors(store.url), store.engine.connect() as conn:
        for start in range(0, len(ids), 500):
            rows = conn.execute(sa.select(e.c.article_id, e.c.data).where(e.c.article_id.in_(ids[start:start + 500]))
                                .order_by(e.c.article_id, e.c.sentence_start, e.c.id))  # fmt: skip
            for row in rows:
                out.setdefault(row.article_id, []).append(row.data)
    return out


def outlets(store: Store) -> list[str]:
    """Every outlet name the store's articles carry."""
    a = t.articles
    with db_errors(store.url), store.engine.connect() as conn:
        return [o for o in conn.execute(sa.select(a.c.outlet).where(a.c.outlet.is_not(None)).distinct()).scalars()]


ID_TABLES: dict[str, sa.Table] = {"incident": t.incidents, "event": t.events, "article": t.articles}
MAX_CANDIDATES = 8


def resolve_id(store: Store, kind: str, given: str) -> str:
    """The full id of the one `kind` whose id is `given` or starts with it (git style).

    No match: E402; several: E430 listing them. An exact id always wins."""
    table = ID_TABLES[kind]
    if not _plausible_id(given):
        raise ChroniclerError(E.NOT_FOUND_ID, kind=kind, id=given)
    with db_errors(store.url), store.engine.connect() as conn:
        if conn.execute(sa.select(table.c.id).where(table.c.id == given)).first():
            return given
        found = conn.execute(
            sa.select(table.c.id).where(table.c.id.startswith(given, autoescape=True))
            .order_by(table.c.id).limit(MAX_CANDIDATES + 1)
        ).scalars().all()  # fmt: skip
    if not found:
        raise ChroniclerError(E.NOT_FOUND_ID, kind=kind, id=given)
    if len(found) > 1:
        shown = ", ".join(found[:MAX_CANDIDATES]) + (", …" if len(found) > MAX_CANDIDATES else "")
        raise ChroniclerError(E.AMBIGUOUS_ID, kind=kind, prefix=given, candidates=shown)
    return str(found[0])

