"""Dashboard aggregates: map layers, chart series and the list that ranks thin rows last.

Each one is a SQL GROUP BY (or two) over the rows `query.incident_conditions`
selects, so the map and the charts follow exactly the filters of the list,
the API and the exports. Only the narrow columns are read, never the JSON
records, except for one record per group or name where the columns cannot
tell: a place's precision (state, country or town) and an actor's sector.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import sqlalchemy as sa

from chronicler.errors import ChroniclerError, E
from chronicler.store import query as Q
from chronicler.store import tables as t
from chronicler.store.db import db_errors
from chronicler.store.repo import Store

I = t.incidents  # noqa: E741 - the one table every aggregate here reads
COLOUR_KEYS: dict[str, Any] = {"status": I.c.status, "event_type": I.c.event_type}
LEVELS = ("locality", "admin1", "country")
MAX_POINTS = 5000


def check_colour(colour: str) -> str:
    if colour not in COLOUR_KEYS:
        raise ChroniclerError(E.BAD_FILTER, name="colour", value=colour, detail="status or event_type")
    return colour


AREA_PRECISIONS = {"admin1": "admin1", "country": "country", "region": "country"}


def _precision() -> Any:
    return I.c.data["location"]["precision"].as_string()


def _level(lat: Any, country: str | None, admin1: str | None, precision: str | None) -> str:
    """Where an incident group goes on the map: a point, a state or a country (or nowhere)."""
    if country is None and lat is None:
        return "none"
    if precision in AREA_PRECISIONS:
        return AREA_PRECISIONS[precision]
    if lat is None:
        return "admin1" if admin1 else "country"
    return "locality"


def _rounded(col: Any, decimals: int, dialect: str) -> Any:
    if dialect != "sqlite":  # PostgreSQL rounds only numerics to a number of places
        col = sa.cast(col, sa.Numeric)
    return sa.func.round(col, decimals)


def _check_decimals(decimals: int) -> None:
    if not 0 <= decimals <= 3:
        raise ChroniclerError(E.BAD_FILTER, name="decimals", value=decimals, detail="between 0 and 3")


# --- the map -------------------------------------------------------------------------


def map_layers(store: Store, filters: Q.Filters, colour: str = "status", decimals: int = 1,
               limit: int = MAX_POINTS) -> dict[str, Any]:
    """Matching incidents as map layers, each group counted per colour key (status or type).

    `points`: localities grouped by rounded coordinates. `areas`: incidents known only to a
    state (level admin1) or a country, one per area. `unlocated`: incidents with no place.
    One GROUP BY over plain columns (no CASE per row: SQLite would evaluate it per use)."""
    _check_decimals(decimals)
    key_col = COLOUR_KEYS[check_colour(colour)]
    conds = Q.incident_conditions(store, filters)
    c = I.c
    named_as_state = sa.or_(c.place_name.is_(None), c.place_name == c.admin1)
    rlat, rlon = _rounded(c.latitude, decimals, store.dialect), _rounded(c.longitude, decimals, store.dialect)
    query = (sa.select(rlat, rlon, c.country, c.admin1, named_as_state, key_col, sa.func.count(),
                       sa.func.sum(c.killed_best), sa.func.min(c.place_name))
             .where(*conds).group_by(rlat, rlon, c.country, c.admin1, named_as_state, key_col))
    with db_errors(store.url), store.engine.connect() as conn:
        rows = conn.execute(query).all()
    points, areas, keys, unlocated = _fold(rows, _group_precisions(store, rows, decimals))
    ranked = sorted(points, key=lambda p: (-p["count"], p["lat"], p["lon"]))
    return {
        "colour": colour, "decimals": decimals,
        "keys": [{"value": k, "count": n} for k, n in sorted(keys.items(), key=lambda kv: (-kv[1], kv[0]))],
        "points": ranked[:limit], "points_dropped": max(0, len(ranked) - limit),
        "areas": sorted(areas, key=lambda a: (-a["count"], a["level"], a["country"] or "", a["admin1"] or "")),
        "unlocated": unlocated,
    }


def _fold(rows: Sequence[Any], precisions: dict[tuple[Any, ...], str | None]
          ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, int], int]:
    """Grouped rows -> locality points, state/country areas, counts per key, unlocated count."""
    points: dict[tuple[float, float], dict[str, Any]] = {}
    areas: dict[tuple[str, str | None, str | None], dict[str, Any]] = {}
    keys: dict[str, int] = {}
    unlocated = 0
    for la, lo, country, admin1, as_state, key, n, killed, place in rows:
        n = int(n)
        keys[key] = keys.get(key, 0) + n
        level = _level(la, country, admin1, precisions.get((la, lo, country, admin1, bool(as_state))))
        if level == "none":
            unlocated += n
            continue
        if level == "locality":
            group = points.setdefault((float(la), float(lo)), {
                "level": "locality", "lat": float(la), "lon": float(lo), "place": place, "admin1": admin1,
                "country": country, "count": 0, "killed": 0, "by": {}})
        else:
            area = admin1 if level == "admin1" else None
            group = areas.setdefault((level, country, area), {
                "level": level, "country": country, "admin1": area, "count": 0, "killed": 0, "by": {},
                "lat": None, "lon": None, "_w": 0})
            if la is not None:  # the marker sits at the (weighted) mean of the stored positions
                w = group["_w"] + n
                group["lat"] = round(((group["lat"] or 0.0) * group["_w"] + float(la) * n) / w, 3)
                group["lon"] = round(((group["lon"] or 0.0) * group["_w"] + float(lo) * n) / w, 3)
                group["_w"] = w
        group["count"] += n
        group["killed"] += int(killed or 0)
        group["by"][key] = group["by"].get(key, 0) + n
    for group in areas.values():
        del group["_w"]
    return list(points.values()), list(areas.values()), keys, unlocated


def _group_precisions(store: Store, rows: Sequence[Any], decimals: int) -> dict[tuple[Any, ...], str | None]:
    """The stored precision of one record of each ambiguous group: a place named like its
    state (the state itself, or its homonymous capital: Chihuahua, Zacatecas...) or a place
    with no state (a country, or a town abroad). Other groups are localities."""
    wanted = list(dict.fromkeys((la, lo, country, admin1, bool(as_state)) for la, lo, country, admin1, as_state, *_ in rows
                                if la is not None and (as_state or admin1 is None)))
    out: dict[tuple[Any, ...], str | None] = {}
    c = I.c
    rlat, rlon = _rounded(c.latitude, decimals, store.dialect), _rounded(c.longitude, decimals, store.dialect)
    with db_errors(store.url), store.engine.connect() as conn:
        for chunk in (wanted[k : k + 200] for k in range(0, len(wanted), 200)):
            parts = []
            for k, (la, lo, country, admin1, as_state) in enumerate(chunk):
                where = [c.country == country if country else c.country.is_(None),
                         c.admin1 == admin1 if admin1 else c.admin1.is_(None), rlat == la, rlon == lo]
                if as_state:
                    where.append(sa.or_(c.place_name.is_(None), c.place_name == c.admin1))
                parts.append(sa.select(sa.literal(k).label("k"),
                                       sa.select(_precision()).where(*where).limit(1).scalar_subquery()))
            query = parts[0] if len(parts) == 1 else sa.union_all(*parts)
            out.update({chunk[k]: value for k, value in conn.execute(query).all()})
    return out


def map_group_incidents(store: Store, filters: Q.Filters, *, level: str, lat: float | None = None,
                        lon: float | None = None, decimals: int = 1, limit: int = 50) -> Q.Page:
    """The incidents behind one map group, within `filters`: a rounded locality cell (`lat`,
    `lon`), or the state or country that the filters' `admin1` and `country` name."""
    _check_decimals(decimals)
    if level not in LEVELS:
        raise ChroniclerError(E.BAD_FILTER, name="level", value=level, detail="one of " + ", ".join(LEVELS))
    conds = Q.incident_conditions(store, filters)
    if level == "locality":
        if lat is None or lon is None:
            raise ChroniclerError(E.BAD_FILTER, name="lat", value=lat, detail="a locality needs lat and lon")
        conds += [sa.or_(_precision().is_(None), _precision().not_in(list(AREA_PRECISIONS))),
                  _rounded(I.c.latitude, decimals, store.dialect) == round(lat, decimals),
                  _rounded(I.c.longitude, decimals, store.dialect) == round(lon, decimals)]
    else:
        conds.append(_precision().in_([p for p, lev in AREA_PRECISIONS.items() if lev == level]))
        if filters.country is None:
            conds.append(I.c.country.is_(None))
        if level == "admin1" and filters.admin1 is None:
            raise ChroniclerError(E.BAD_FILTER, name="admin1", value=None, detail="a state-level group needs admin1")
    cols = [c for c in I.c if c.name != "data"]
    query = sa.select(*cols).where(*conds).order_by(*Q.INCIDENT_SORTS["newest"])
    count = sa.select(sa.func.count()).select_from(I).where(*conds)
    with db_errors(store.url), store.engine.connect() as conn:
        total = int(conn.execute(count).scalar_one())
        rows = conn.execute(query.limit(limit)).mappings().all()
    return Q.Page(total=total, items=[_jsonable(dict(r)) for r in rows], limit=limit, offset=0)


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in row.items()}


# --- the list: informative rows first -------------------------------------------------


def thin_condition() -> Any:
    """A row that says little: fewer than two of actor, recipient and a sub-national place.

    ('— → 1,140 kilograms, United States' and 'COOPERATE —' are thin; 'unknown
    attackers → four people in Culiacán' is not.)"""
    c = I.c
    present = [sa.case((col.is_not(None), 1), else_=0) for col in (c.actor_name, c.recipient_name, c.admin1)]
    return (present[0] + present[1] + present[2]) < 2


def ranked_incidents(store: Store, filters: Q.Filters, limit: int = 50, offset: int = 0,
                     sort: str = "newest") -> tuple[Q.Page, int]:
    """The list in `sort` order with thin rows after all informative ones.

    Two keyset-free slices of the same order (informative, then thin) stitched at
    the page boundary, so each slice still walks its order's index. Returns the
    page and how many matching rows are thin."""
    Q.check_sort(sort)
    conds = Q.incident_conditions(store, filters)
    thin = thin_condition()
    cols = [c for c in I.c if c.name != "data"]
    order = Q.INCIDENT_SORTS[sort]
    with db_errors(store.url), store.engine.connect() as conn:
        # Both counts in one pass over the matching rows.
        counts = sa.select(sa.func.count(), sa.func.sum(sa.case((thin, 1), else_=0))).select_from(I).where(*conds)
        total, n_thin = (int(v or 0) for v in conn.execute(counts).one())
        n_rich = total - n_thin
        rich: list[Any] = []
        if offset < n_rich:
            rich = list(conn.execute(sa.select(*cols).where(*conds, sa.not_(thin)).order_by(*order)
                                     .limit(limit).offset(offset)).mappings().all())
        rest: list[Any] = []
        if len(rich) < limit and offset + len(rich) < total:
            rest = list(conn.execute(sa.select(*cols).where(*conds, thin).order_by(*order)
                                     .limit(limit - len(rich)).offset(max(0, offset - n_rich))).mappings().all())
    items = [{**_jsonable(dict(r)), "thin": False} for r in rich] + [{**_jsonable(dict(r)), "thin": True} for r in rest]
    return Q.Page(total=total, items=items, limit=limit, offset=offset), n_thin


# --- charts -----------------------------------------------------------------------------


def _bucket_for(days: list[dt.date]) -> str:
    if not days:
        return "month"
    span = (max(days) - min(days)).days
    return "day" if span <= 120 else "month" if span <= 365 * 12 else "year"  # as the timeline


def _as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def fatalities_series(store: Store, filters: Q.Filters, by: str = "status") -> dict[str, Any]:
    """Killed (low, best, high) per period over matching incidents, and best per status or type.

    The period (day, month or year, by the span of dates) is a prefix of the ISO date,
    grouped in SQL: far fewer rows to hand back than one per day."""
    key_col = COLOUR_KEYS[check_colour(by)]
    conds = Q.incident_conditions(store, filters)
    day = I.c.date_start
    with db_errors(store.url), store.engine.connect() as conn:
        first, last = conn.execute(sa.select(sa.func.min(day), sa.func.max(day)).where(*conds)).one()
        if first is None:
            return {"bucket": "month", "by": by, "periods": [], "total": _empty_total(0), "series": []}
        first, last = _as_date(first), _as_date(last)
        bucket = _bucket_for([first, last])
        width = {"day": 10, "month": 7, "year": 4}[bucket]
        period = sa.func.substr(sa.cast(day, sa.String), 1, width)
        query = (sa.select(period, key_col, sa.func.count(), sa.func.sum(sa.func.coalesce(I.c.killed_low, I.c.killed_best)),
                           sa.func.sum(I.c.killed_best), sa.func.sum(sa.func.coalesce(I.c.killed_high, I.c.killed_best)),
                           sa.func.count(I.c.killed_best))
                 .where(*conds, day.is_not(None)).group_by(period, key_col))
        rows = conn.execute(query).all()
    periods = _all_periods([first, last], bucket)
    index = {p: k for k, p in enumerate(periods)}
    total = _empty_total(len(periods))
    per_key: dict[str, list[int]] = {}
    for p, key, n, low, best, high, n_toll in rows:
        k = index[str(p)]
        total["low"][k] += int(low or 0)
        total["best"][k] += int(best or 0)
        total["high"][k] += int(high or 0)
        total["incidents"][k] += int(n)
        total["with_toll"][k] += int(n_toll)
        per_key.setdefault(key, [0] * len(periods))[k] += int(best or 0)
    ranked = sorted(per_key.items(), key=lambda kv: (-sum(kv[1]), kv[0]))
    return {"bucket": bucket, "by": by, "periods": periods, "total": total,
            "series": [{"value": k, "best": v} for k, v in ranked]}


def _empty_total(n: int) -> dict[str, list[int]]:
    return {name: [0] * n for name in ("low", "best", "high", "incidents", "with_toll")}


def _all_periods(days: Iterable[dt.date], bucket: str) -> list[str]:
    """Every period from the first to the last, empty ones included, so time reads evenly."""
    days = sorted(set(days))
    if not days:
        return []
    first, last = days[0], days[-1]
    out: list[str] = []
    if bucket == "day":
        return [(first + dt.timedelta(days=k)).isoformat() for k in range((last - first).days + 1)]
    if bucket == "year":
        return [str(y) for y in range(first.year, last.year + 1)]
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def by_state(store: Store, filters: Q.Filters, top: int = 20) -> list[dict[str, Any]]:
    """Matching incidents per state, most first (the (country, admin1) index holds both)."""
    conds = Q.incident_conditions(store, filters)
    n = sa.func.count().label("n")
    query = (sa.select(I.c.country, I.c.admin1, n)
             .where(*conds, I.c.admin1.is_not(None))
             .group_by(I.c.country, I.c.admin1).order_by(n.desc(), I.c.country, I.c.admin1).limit(top))
    with db_errors(store.url), store.engine.connect() as conn:
        rows = conn.execute(query).all()
    return [{"country": c, "admin1": a, "count": int(k)} for c, a, k in rows]


def actors_and_interactions(store: Store, filters: Q.Filters, top: int = 12) -> dict[str, Any]:
    """Top actors, top recipients and the actor-sector × recipient-sector matrix.

    One GROUP BY (actor, recipient) gives all three; each name's sector is read from one
    stored record that carries the name (a name keeps its sector across records in
    practice: the knowledge base or the sector rules assign it)."""
    conds = Q.incident_conditions(store, filters)
    query = (sa.select(I.c.actor_name, I.c.recipient_name, sa.func.count(), sa.func.sum(I.c.killed_best))
             .where(*conds).group_by(I.c.actor_name, I.c.recipient_name))
    with db_errors(store.url), store.engine.connect() as conn:
        pairs = [(a, r, int(n), int(k or 0)) for a, r, n, k in conn.execute(query).all()]
    actors: dict[str, list[int]] = {}
    recipients: dict[str, list[int]] = {}
    for a, r, n, k in pairs:
        if a is not None:
            actors.setdefault(a, [0, 0])[0] += n
            actors[a][1] += k
        if r is not None:
            recipients.setdefault(r, [0, 0])[0] += n
            recipients[r][1] += k
    sectors = _sectors(store, "actor", _heaviest(actors, 2000))
    r_sectors = _sectors(store, "recipient", _heaviest(recipients, 2000))
    matrix: dict[tuple[str, str], int] = {}
    for a, r, n, _k in pairs:
        cell = (_sector_label(a, sectors), _sector_label(r, r_sectors))
        matrix[cell] = matrix.get(cell, 0) + n
    return {
        "actors": _top(actors, top, sectors), "recipients": _top(recipients, top, r_sectors),
        "interactions": [{"actor_sector": a, "recipient_sector": r, "count": n}
                         for (a, r), n in sorted(matrix.items(), key=lambda kv: (-kv[1], kv[0]))],
    }


def _heaviest(counts: dict[str, list[int]], n: int) -> list[str]:
    return [name for name, _ in sorted(counts.items(), key=lambda kv: -kv[1][0])[:n]]


def _top(counts: dict[str, list[int]], n: int, sectors: dict[str, str | None]) -> list[dict[str, Any]]:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[0]))[:n]
    return [{"name": name, "count": c, "killed": k, "sector": sectors.get(name)} for name, (c, k) in ranked]


def _sector_label(name: str | None, sectors: dict[str, str | None]) -> str:
    if name is None:
        return "(none)"
    return sectors.get(name) or "(unknown)"


def _sectors(store: Store, role: str, names: list[str]) -> dict[str, str | None]:
    """Sector of each name, from the first stored incident the name index finds for it."""
    if not names:
        return {}
    col = I.c.actor_name if role == "actor" else I.c.recipient_name
    sector = I.c.data[role]["sector"].as_string()
    out: dict[str, str | None] = {}
    with db_errors(store.url), store.engine.connect() as conn:
        # One indexed LIMIT 1 look-up per name, a compound SELECT of at most 200 (SQLite allows 500).
        for chunk in (names[k : k + 200] for k in range(0, len(names), 200)):
            parts = [sa.select(sa.literal(k).label("k"), sa.select(sector).where(col == name).limit(1).scalar_subquery())
                     for k, name in enumerate(chunk)]
            query = parts[0] if len(parts) == 1 else sa.union_all(*parts)
            out.update({chunk[k]: value for k, value in conn.execute(query).all()})
    return out
