"""The one query layer: CLI listings, the JSON API and the HTML pages all call these.

Filters are validated here (bad values raise `ChroniclerError(E.BAD_FILTER)`,
which the API turns into a 422 and the CLI into a message), so every view
accepts the same parameters with the same meaning.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, fields
from typing import Any

import sqlalchemy as sa

from chronicler.errors import ChroniclerError, E
from chronicler.records import EVENT_TYPES, GRADES, STATUSES
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
    conds = _common_conditions(e, filters)
    if filters.article_id:
        conds.append(e.c.article_id == filters.article_id)
    if filters.q:
        conds.append(e.c.article_id.in_(_fts_article_ids(store, filters.q)))
    query = sa.select(e.c.data).where(*conds).order_by(e.c.date_start.desc().nulls_last(), e.c.id)
    page = _page(store, query, sa.select(sa.func.count()).select_from(e).where(*conds), limit, offset)
    page.items = [row["data"] for row in page.items]
    return page


def query_incidents(store: Store, filters: Filters, limit: int = 50, offset: int = 0) -> Page:
    filters.validate()
    _check_page(limit, offset)
    i = t.incidents
    conds = _common_conditions(i, filters)
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
    cols = [c for c in i.c if c.name != "data"]
    query = sa.select(*cols).where(*conds).order_by(i.c.date_start.desc().nulls_last(), i.c.id)
    return _page(store, query, sa.select(sa.func.count()).select_from(i).where(*conds), limit, offset)


def _common_conditions(table: sa.Table, f: Filters) -> list[Any]:
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
        conds.append(sa.func.lower(c.admin1) == f.admin1.lower())
    if f.actor:
        like = f"%{f.actor.lower()}%"
        conds.append(
            sa.or_(sa.func.lower(c.actor_name).like(like), sa.func.lower(c.recipient_name).like(like))
        )
    if f.date_from:
        conds.append(sa.func.coalesce(c.date_end, c.date_start) >= f.date_from)
    if f.date_to:
        conds.append(c.date_start <= f.date_to)
    return conds


def _page(store: Store, query: Any, count_query: Any, limit: int, offset: int) -> Page:
    with db_errors(store.url), store.engine.connect() as conn:
        total = int(conn.execute(count_query).scalar_one())
        rows = conn.execute(query.limit(limit).offset(offset)).mappings().all()
    return Page(total=total, items=[_jsonable(dict(r)) for r in rows], limit=limit, offset=offset)


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in row.items()}
