"""The Store: every read and write of chronicler records goes through here.

Writes are transactional per batch: a batch of articles, or the events of a
batch of articles, commits whole or not at all, so a process killed at any
moment leaves the database as it was after the last full batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from chronicler.records import Article, Correction, Event, Incident, Origin
from chronicler.store import tables as t
from chronicler.store.db import create_engine, db_errors, migrate, normalise_url


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _naive_utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


class Store:
    """A chronicler database (SQLite file or PostgreSQL URL), migrated on open."""

    def __init__(self, url: str, *, migrate_schema: bool = True) -> None:
        self.url = normalise_url(url)
        self.engine: Engine = create_engine(self.url)
        if migrate_schema:
            with db_errors(self.url), self.engine.begin() as conn:
                migrate(conn)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def transaction(self) -> Any:
        """A connection in a transaction: `with store.transaction() as conn: ...`."""
        return _Tx(self)

    # --- articles ----------------------------------------------------------

    def existing_article_ids(self, ids: Iterable[str], conn: Connection | None = None) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        found: set[str] = set()
        with db_errors(self.url), _maybe(self, conn) as c:
            for chunk in _chunks(ids, 500):
                rows = c.execute(sa.select(t.articles.c.id).where(t.articles.c.id.in_(chunk)))
                found.update(r[0] for r in rows)
        return found

    def add_articles(self, articles: Sequence[Article]) -> list[bool]:
        """Insert a batch in one transaction; returns, per article, whether it was new."""
        now = utcnow()
        with db_errors(self.url), self.engine.begin() as conn:
            existing = self.existing_article_ids((a.id for a in articles), conn)
            fresh: dict[str, dict[str, Any]] = {}
            for article in articles:
                if article.id not in existing and article.id not in fresh:
                    fresh[article.id] = _article_row(article, now)
            if fresh:
                conn.execute(sa.insert(t.articles), list(fresh.values()))
        seen: set[str] = set()
        result = []
        for article in articles:
            is_new = article.id in fresh and article.id not in seen
            seen.add(article.id)
            result.append(is_new)
        return result

    def get_article(self, article_id: str) -> Article | None:
        with db_errors(self.url), self.engine.connect() as conn:
            row = conn.execute(sa.select(t.articles).where(t.articles.c.id == article_id)).first()
        return _article_from_row(row._mapping) if row else None

    def get_articles(self, ids: Sequence[str]) -> dict[str, Article]:
        out: dict[str, Article] = {}
        with db_errors(self.url), self.engine.connect() as conn:
            for chunk in _chunks(list(ids), 500):
                rows = conn.execute(sa.select(t.articles).where(t.articles.c.id.in_(chunk)))
                for row in rows:
                    out[row.id] = _article_from_row(row._mapping)
        return out

    def iter_articles(self, batch_size: int = 500) -> Iterator[Article]:
        for row in self._keyset(t.articles, list(t.articles.c), batch_size):
            yield _article_from_row(row._mapping)

    def pending_article_ids(self, version: str, *, reprocess: bool = False) -> list[str]:
        """Articles whose events are missing or came from another pipeline version."""
        # Supported now, not at ingest: articles stored before their language got a pack
        # are picked up once it has one; an unknown language is tried with English rules.
        from chronicler.lang import ready_languages

        language = t.articles.c.language
        query = sa.select(t.articles.c.id).where(
            sa.or_(language.is_(None), language.in_(ready_languages()))
        )
        if not reprocess:
            query = query.where(
                sa.or_(
                    t.articles.c.processed_version.is_(None),
                    t.articles.c.processed_version != version,
                )
            )
        with db_errors(self.url), self.engine.connect() as conn:
            return [r[0] for r in conn.execute(query.order_by(t.articles.c.id))]

    # --- events --------------------------------------------------------------

    def save_extraction(self, results: Sequence[tuple[str, Sequence[Event]]], version: str) -> int:
        """Replace the events of a batch of articles and mark them processed, atomically."""
        article_ids = [aid for aid, _ in results]
        rows = [_event_row(e) for _, events in results for e in events]
        now = utcnow()
        with db_errors(self.url), self.engine.begin() as conn:
            for chunk in _chunks(article_ids, 500):
                conn.execute(sa.delete(t.events).where(t.events.c.article_id.in_(chunk)))
            if rows:
                conn.execute(sa.insert(t.events), rows)
            for chunk in _chunks(article_ids, 500):
                conn.execute(
                    sa.update(t.articles)
                    .where(t.articles.c.id.in_(chunk))
                    .values(processed_version=version, processed_at=now)
                )
        return len(rows)

    def events_for_article(self, article_id: str) -> list[Event]:
        with db_errors(self.url), self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(t.events.c.data)
                .where(t.events.c.article_id == article_id)
                .order_by(t.events.c.sentence_start, t.events.c.id)
            )
            return [Event.model_validate(r[0]) for r in rows]

    def get_events(self, ids: Sequence[str]) -> dict[str, Event]:
        out: dict[str, Event] = {}
        with db_errors(self.url), self.engine.connect() as conn:
            for chunk in _chunks(list(ids), 500):
                for row in conn.execute(sa.select(t.events.c.data).where(t.events.c.id.in_(chunk))):
                    event = Event.model_validate(row[0])
                    out[event.id] = event
        return out

    def iter_events(self, batch_size: int = 2000) -> Iterator[Event]:
        for row in self._keyset(t.events, [t.events.c.id, t.events.c.data], batch_size):
            yield Event.model_validate(row.data)

    # --- incidents -----------------------------------------------------------

    def replace_incidents(
        self, incidents: Sequence[Incident], remove_ids: Iterable[str] = ()
    ) -> None:
        """Upsert incidents (and their event links); delete `remove_ids`. One transaction."""
        remove = set(remove_ids) | {i.id for i in incidents}
        now = utcnow()
        with db_errors(self.url), self.engine.begin() as conn:
            for chunk in _chunks(sorted(remove), 500):
                conn.execute(sa.delete(t.incident_events).where(t.incident_events.c.incident_id.in_(chunk)))
                conn.execute(sa.delete(t.incidents).where(t.incidents.c.id.in_(chunk)))
            if incidents:
                conn.execute(sa.insert(t.incidents), [_incident_row(i, now) for i in incidents])
                links = [
                    {"event_id": eid, "incident_id": i.id} for i in incidents for eid in i.event_ids
                ]
                event_ids = [link["event_id"] for link in links]
                for chunk in _chunks(event_ids, 500):
                    conn.execute(sa.delete(t.incident_events).where(t.incident_events.c.event_id.in_(chunk)))
                if links:
                    conn.execute(sa.insert(t.incident_events), links)

    def get_incident(self, incident_id: str) -> Incident | None:
        with db_errors(self.url), self.engine.connect() as conn:
            row = conn.execute(
                sa.select(t.incidents.c.data).where(t.incidents.c.id == incident_id)
            ).first()
        return Incident.model_validate(row[0]) if row else None

    def iter_incidents(self, batch_size: int = 2000) -> Iterator[Incident]:
        for row in self._keyset(t.incidents, [t.incidents.c.id, t.incidents.c.data], batch_size):
            yield Incident.model_validate(row.data)

    def _keyset(self, table: sa.Table, columns: list[Any], batch_size: int) -> Iterator[Any]:
        """All rows in id order, one short query per batch (no cursor held open between batches)."""
        last = ""
        while True:
            with db_errors(self.url), self.engine.connect() as conn:
                rows = conn.execute(
                    sa.select(*columns).where(table.c.id > last).order_by(table.c.id).limit(batch_size)
                ).fetchall()
            if not rows:
                return
            yield from rows
            last = rows[-1].id

    # --- corrections ----------------------------------------------------------

    def add_correction(self, correction: Correction) -> Correction:
        created = correction.created_at or utcnow()
        with db_errors(self.url), self.engine.begin() as conn:
            result = conn.execute(
                sa.insert(t.corrections).values(
                    target_kind=correction.target_kind,
                    target_id=correction.target_id,
                    action=correction.action,
                    payload=correction.payload,
                    author=correction.author,
                    note=correction.note,
                    created_at=created,
                )
            )
            new_id = result.inserted_primary_key[0] if result.inserted_primary_key else None
        return correction.model_copy(update={"id": str(new_id), "created_at": created})

    def corrections(self, target_id: str | None = None) -> list[Correction]:
        query = sa.select(t.corrections).order_by(t.corrections.c.id)
        if target_id is not None:
            query = query.where(t.corrections.c.target_id == target_id)
        with db_errors(self.url), self.engine.connect() as conn:
            rows = conn.execute(query).fetchall()
        return [
            Correction(
                id=str(r.id),
                target_kind=r.target_kind,
                target_id=r.target_id,
                action=r.action,
                payload=r.payload,
                author=r.author,
                note=r.note,
                created_at=r.created_at,
            )
            for r in rows
        ]

    # --- feeds ----------------------------------------------------------------

    def seen_feed_items(self, feed: str, keys: Sequence[str]) -> set[str]:
        seen: set[str] = set()
        with db_errors(self.url), self.engine.connect() as conn:
            for chunk in _chunks(list(keys), 500):
                rows = conn.execute(
                    sa.select(t.feed_items.c.item_key).where(
                        t.feed_items.c.feed == feed, t.feed_items.c.item_key.in_(chunk)
                    )
                )
                seen.update(r[0] for r in rows)
        return seen

    def mark_feed_items(self, feed: str, keys: Sequence[str]) -> None:
        if not keys:
            return
        already = self.seen_feed_items(feed, keys)
        now = utcnow()
        rows = [{"feed": feed, "item_key": k, "seen_at": now} for k in dict.fromkeys(keys) if k not in already]
        if rows:
            with db_errors(self.url), self.engine.begin() as conn:
                conn.execute(sa.insert(t.feed_items), rows)

    # --- stats ----------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        with db_errors(self.url), self.engine.connect() as conn:
            def count(table: sa.Table, *where: Any) -> int:
                return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(*where)).scalar_one())

            by_type: dict[str, int] = dict(
                conn.execute(
                    sa.select(t.events.c.event_type, sa.func.count())
                    .group_by(t.events.c.event_type)
                    .order_by(t.events.c.event_type)
                ).all()
            )
            by_status: dict[str, int] = dict(
                conn.execute(
                    sa.select(t.events.c.status, sa.func.count())
                    .group_by(t.events.c.status)
                    .order_by(t.events.c.status)
                ).all()
            )
            by_language: dict[str, int] = dict(
                conn.execute(
                    sa.select(sa.func.coalesce(t.articles.c.language, "unknown"), sa.func.count())
                    .group_by(t.articles.c.language)
                ).all()
            )
            version = sa.func.coalesce(t.articles.c.processed_version, "unprocessed")
            by_version: dict[str, int] = dict(
                conn.execute(sa.select(version, sa.func.count()).group_by(version).order_by(version)).all()
            )
            return {
                "articles": count(t.articles),
                "articles_processed": count(t.articles, t.articles.c.processed_version.is_not(None)),
                "articles_by_version": by_version,
                "articles_by_language": by_language,
                "events": count(t.events),
                "events_by_type": by_type,
                "events_by_status": by_status,
                "incidents": count(t.incidents),
                "corrections": count(t.corrections),
            }

    # --- incidents support (used by chronicler.incidents) ----------------------

    def incident_dirty_event_ids(self) -> tuple[list[str], list[str]]:
        """Events the incidents must catch up with, and linked events that are gone.

        New or changed: events not linked to any incident, and events of
        articles (re-)processed after their incident was last written.
        Gone: links whose event was deleted by re-processing.
        """
        e, ie, inc, a = t.events, t.incident_events, t.incidents, t.articles
        unlinked = (
            sa.select(e.c.id).outerjoin(ie, ie.c.event_id == e.c.id).where(ie.c.event_id.is_(None))
        )
        changed = (
            sa.select(e.c.id)
            .join(ie, ie.c.event_id == e.c.id)
            .join(inc, inc.c.id == ie.c.incident_id)
            .join(a, a.c.id == e.c.article_id)
            .where(a.c.processed_at > inc.c.updated_at)
        )
        gone = (
            sa.select(ie.c.event_id).outerjoin(e, e.c.id == ie.c.event_id).where(e.c.id.is_(None))
        )
        with db_errors(self.url), self.engine.connect() as conn:
            fresh = {r[0] for r in conn.execute(unlinked)} | {r[0] for r in conn.execute(changed)}
            removed = {r[0] for r in conn.execute(gone)}
        return sorted(fresh), sorted(removed)

    def incident_links(self, event_ids: Iterable[str]) -> dict[str, str]:
        """event id -> incident id, for the linked ones among `event_ids`."""
        out: dict[str, str] = {}
        ie = t.incident_events
        with db_errors(self.url), self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(event_ids)), 500):
                rows = conn.execute(sa.select(ie.c.event_id, ie.c.incident_id).where(ie.c.event_id.in_(chunk)))
                out.update((r[0], r[1]) for r in rows)
        return out

    def incident_member_ids(self, incident_ids: Iterable[str]) -> dict[str, list[str]]:
        """incident id -> its linked event ids (sorted)."""
        out: dict[str, list[str]] = {}
        ie = t.incident_events
        with db_errors(self.url), self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(incident_ids)), 500):
                rows = conn.execute(
                    sa.select(ie.c.incident_id, ie.c.event_id)
                    .where(ie.c.incident_id.in_(chunk))
                    .order_by(ie.c.incident_id, ie.c.event_id)
                )
                for incident_id, event_id_ in rows:
                    out.setdefault(incident_id, []).append(event_id_)
        return out

    def incident_neighbour_event_ids(
        self, event_types: Sequence[str], geo: str, lo: dt.date, hi: dt.date
    ) -> set[str]:
        """Events that may share a merge block: one of `event_types`, in `geo` (country,
        else actor/recipient country, '?' for none), dated (or, undated, published)
        within [lo, hi]."""
        e, a = t.events, t.articles
        if geo == "?":
            place = sa.and_(e.c.country.is_(None), e.c.actor_country.is_(None), e.c.recipient_country.is_(None))
        else:
            place = sa.or_(
                e.c.country == geo,
                sa.and_(e.c.country.is_(None), e.c.actor_country == geo),
                sa.and_(e.c.country.is_(None), e.c.actor_country.is_(None), e.c.recipient_country == geo),
            )
        dated = sa.and_(
            e.c.date_start.is_not(None),
            e.c.date_start <= hi,
            sa.func.coalesce(e.c.date_end, e.c.date_start) >= lo,
        )
        start = dt.datetime.combine(lo, dt.time())
        stop = dt.datetime.combine(hi + dt.timedelta(days=1), dt.time())
        undated = sa.and_(e.c.date_start.is_(None), a.c.published_at >= start, a.c.published_at < stop)
        query = (
            sa.select(e.c.id)
            .join(a, a.c.id == e.c.article_id)
            .where(e.c.event_type.in_(list(event_types)), place, sa.or_(dated, undated))
        )
        with db_errors(self.url), self.engine.connect() as conn:
            return {r[0] for r in conn.execute(query)}

    def event_ids_for_articles(self, article_ids: Iterable[str]) -> set[str]:
        out: set[str] = set()
        with db_errors(self.url), self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(article_ids)), 500):
                out.update(r[0] for r in conn.execute(sa.select(t.events.c.id).where(t.events.c.article_id.in_(chunk))))
        return out

    def all_event_ids(self) -> list[str]:
        with db_errors(self.url), self.engine.connect() as conn:
            return [r[0] for r in conn.execute(sa.select(t.events.c.id).order_by(t.events.c.id))]

    def all_incident_ids(self) -> list[str]:
        with db_errors(self.url), self.engine.connect() as conn:
            return [r[0] for r in conn.execute(sa.select(t.incidents.c.id).order_by(t.incidents.c.id))]

    # --- end of incidents support ---------------------------------------------


class _Tx:
    def __init__(self, store: Store) -> None:
        self.store = store
        self._ctx: Any = None

    def __enter__(self) -> Connection:
        self._guard = db_errors(self.store.url)
        self._guard.__enter__()
        self._ctx = self.store.engine.begin()
        return self._ctx.__enter__()

    def __exit__(self, *exc: Any) -> None:
        try:
            self._ctx.__exit__(*exc)
        finally:
            self._guard.__exit__(*exc)


class _maybe:
    """Use the caller's connection, or open a short one."""

    def __init__(self, store: Store, conn: Connection | None) -> None:
        self.store, self.conn = store, conn
        self._own: Connection | None = None

    def __enter__(self) -> Connection:
        if self.conn is not None:
            return self.conn
        self._own = self.store.engine.connect()
        return self._own.__enter__()

    def __exit__(self, *exc: Any) -> None:
        if self._own is not None:
            self._own.__exit__(*exc)


def _chunks(items: Sequence[str], size: int) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _article_row(article: Article, now: dt.datetime) -> dict[str, Any]:
    return {
        "id": article.id,
        "text": article.text,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "author": article.author,
        "published_at": _naive_utc(article.published_at),
        "language": article.language,
        "language_supported": article.language_supported,
        "origin_kind": article.origin.kind,
        "origin_ref": article.origin.ref,
        "ingested_at": _naive_utc(article.ingested_at) or now,
        "processed_version": None,
        "processed_at": None,
    }


def _article_from_row(row: Any) -> Article:
    return Article(
        id=row["id"],
        text=row["text"],
        url=row["url"],
        outlet=row["outlet"],
        title=row["title"],
        author=row["author"],
        published_at=row["published_at"],
        language=row["language"],
        language_supported=row["language_supported"],
        origin=Origin(kind=row["origin_kind"], ref=row["origin_ref"]),
        ingested_at=row["ingested_at"],
        processed_version=row["processed_version"],
    )


def _event_row(e: Event) -> dict[str, Any]:
    loc = e.location
    return {
        "id": e.id,
        "article_id": e.article_id,
        "event_type": e.event_type,
        "mode": e.mode,
        "status": e.status,
        "actor_name": e.actor.canonical or e.actor.text if e.actor else None,
        "actor_id": e.actor.entity_id if e.actor else None,
        "actor_country": e.actor.country if e.actor else None,
        "recipient_name": e.recipient.canonical or e.recipient.text if e.recipient else None,
        "recipient_id": e.recipient.entity_id if e.recipient else None,
        "recipient_country": e.recipient.country if e.recipient else None,
        "place_name": (loc.name or loc.text) if loc else None,
        "country": loc.country if loc else None,
        "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None,
        "latitude": loc.latitude if loc else None,
        "longitude": loc.longitude if loc else None,
        "date_start": e.date.start if e.date else None,
        "date_end": e.date.end if e.date else None,
        "killed_best": e.toll.killed.best if e.toll.killed else None,
        "confidence": e.confidence,
        "sentence_start": e.sentence.start,
        "sentence_end": e.sentence.end,
        "pipeline_version": e.pipeline_version,
        "data": e.model_dump(mode="json"),
    }


def _incident_row(i: Incident, now: dt.datetime) -> dict[str, Any]:
    loc = i.location
    killed = i.toll.killed
    return {
        "id": i.id,
        "event_type": i.event_type,
        "mode": i.mode,
        "status": i.status,
        "grade": i.grade,
        "actor_name": (i.actor.canonical or i.actor.text) if i.actor else None,
        "recipient_name": (i.recipient.canonical or i.recipient.text) if i.recipient else None,
        "place_name": (loc.name or loc.text) if loc else None,
        "country": loc.country if loc else None,
        "admin1": loc.admin1 if loc else None,
        "admin2": loc.admin2 if loc else None,
        "latitude": loc.latitude if loc else None,
        "longitude": loc.longitude if loc else None,
        "date_start": i.date.start if i.date else None,
        "date_end": i.date.end if i.date else None,
        "killed_low": killed.low if killed else None,
        "killed_best": killed.best if killed else None,
        "killed_high": killed.high if killed else None,
        "n_sources": len(i.sources),
        "n_events": len(i.event_ids),
        "first_reported_at": _naive_utc(i.first_reported_at),
        "updated_at": now,
        "summary": i.summary,
        "pipeline_version": i.pipeline_version,
        "data": i.model_dump(mode="json"),
    }
