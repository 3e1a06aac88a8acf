"""SQLAlchemy table definitions: the storage schema (migrations live in `migrations/`).

Full records are kept as JSON in `data`; the columns beside it are the ones
queries filter and sort on, copied out when the record is written.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB

metadata = MetaData()
JSONType = JSON().with_variant(JSONB(), "postgresql")

articles = Table(
    "articles",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("text", Text, nullable=False),
    Column("url", Text),
    Column("outlet", String(200)),
    Column("title", Text),
    Column("author", Text),
    Column("published_at", DateTime(timezone=False)),
    Column("language", String(8)),
    Column("language_supported", Boolean, nullable=False, default=True),
    Column("origin_kind", String(16), nullable=False),
    Column("origin_ref", Text, nullable=False),
    Column("ingested_at", DateTime(timezone=False), nullable=False),
    Column("processed_version", String(32)),
    Column("processed_at", DateTime(timezone=False)),
    Index("ix_articles_processed_version", "processed_version"),
    Index("ix_articles_published_at", "published_at"),
    Index("ix_articles_outlet", "outlet"),
)

events = Table(
    "events",
    metadata,
    Column("id", String(24), primary_key=True),
    Column("article_id", String(32), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("event_type", String(16), nullable=False),
    Column("mode", String(32)),
    Column("status", String(16), nullable=False),
    Column("actor_name", Text),
    Column("actor_id", String(64)),
    Column("actor_country", String(3)),
    Column("recipient_name", Text),
    Column("recipient_id", String(64)),
    Column("recipient_country", String(3)),
    Column("place_name", Text),
    Column("country", String(3)),
    Column("admin1", Text),
    Column("admin2", Text),  # migration 0006: the municipality / county filter
    Column("latitude", Float),
    Column("longitude", Float),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("killed_best", Integer),
    Column("confidence", Float, nullable=False),
    Column("sentence_start", Integer, nullable=False),
    Column("sentence_end", Integer, nullable=False),
    Column("pipeline_version", String(32), nullable=False),
    Column("data", JSONType, nullable=False),
    Index("ix_events_article", "article_id"),
    Index("ix_events_type", "event_type", "mode"),
    Index("ix_events_date", "date_start"),
    Index("ix_events_country", "country", "admin1"),
    Index("ix_events_admin2", "admin2"),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("event_type", String(16), nullable=False),
    Column("mode", String(32)),
    Column("status", String(16), nullable=False),
    Column("grade", String(16), nullable=False),
    Column("actor_name", Text),
    Column("recipient_name", Text),
    Column("place_name", Text),
    Column("country", String(3)),
    Column("admin1", Text),
    Column("admin2", Text),  # migration 0006: the municipality / county filter
    Column("latitude", Float),
    Column("longitude", Float),
    Column("date_start", Date),
    Column("date_end", Date),
    Column("killed_low", Integer),
    Column("killed_best", Integer),
    Column("killed_high", Integer),
    Column("n_sources", Integer, nullable=False, default=0),
    Column("n_events", Integer, nullable=False, default=0),
    Column("first_reported_at", DateTime(timezone=False)),
    Column("updated_at", DateTime(timezone=False), nullable=False),
    Column("summary", Text),
    Column("pipeline_version", String(32), nullable=False),
    Column("data", JSONType, nullable=False),
    Index("ix_incidents_type", "event_type", "mode"),
    Index("ix_incidents_date", "date_start"),
    Index("ix_incidents_country", "country", "admin1"),
    Index("ix_incidents_grade", "grade", "status"),
    # Dashboard indexes (migration 0004): status filter, sort orders, the map's grouping.
    Index("ix_incidents_status", "status", "grade"),
    Index("ix_incidents_killed", "killed_best", "date_start"),
    Index("ix_incidents_sources", "n_sources", "date_start"),
    Index("ix_incidents_updated", "updated_at"),
    Index("ix_incidents_geo", "latitude", "longitude", "country", "admin1", "place_name", "killed_best"),
    Index("ix_incidents_actor", "actor_name"),  # migration 0005: the actor filter
    Index("ix_incidents_recipient", "recipient_name"),
    Index("ix_incidents_admin2", "admin2"),  # migration 0006
)

incident_events = Table(
    "incident_events",
    metadata,
    Column("event_id", String(24), primary_key=True),
    Column("incident_id", String(32), nullable=False),
    Index("ix_incident_events_incident", "incident_id"),
)

corrections = Table(
    "corrections",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("target_kind", String(16), nullable=False),
    Column("target_id", String(64), nullable=False),
    Column("action", String(16), nullable=False),
    Column("payload", JSONType, nullable=False),
    Column("author", String(200), nullable=False),
    Column("note", Text),
    Column("created_at", DateTime(timezone=False), nullable=False),
    Index("ix_corrections_target", "target_kind", "target_id"),
)

feed_items = Table(
    "feed_items",
    metadata,
    Column("feed", Text, primary_key=True),
    Column("item_key", Text, primary_key=True),
    Column("seen_at", DateTime(timezone=False), nullable=False),
)

watchlists = Table(
    "watchlists",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("query", JSONType, nullable=False),
    Column("notify", JSONType, nullable=False),
    Column("created_at", DateTime(timezone=False), nullable=False),
)

watch_state = Table(
    "watch_state",
    metadata,
    Column("watchlist", String(200), primary_key=True),
    Column("incident_id", String(32), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("notified_at", DateTime(timezone=False), nullable=False),
)

watch_notifications = Table(
    "watch_notifications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("watchlist", String(200), nullable=False),
    Column("incident_id", String(32), nullable=False),
    Column("fingerprint", String(64), nullable=False),
    Column("change", String(16), nullable=False),
    Column("title", Text, nullable=False),
    Column("summary", Text),
    Column("created_at", DateTime(timezone=False), nullable=False),
    UniqueConstraint("watchlist", "incident_id", "fingerprint", name="uq_watch_notifications_version"),
    Index("ix_watch_notifications_watchlist", "watchlist", "created_at"),
)

meta = Table(
    "chronicler_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)


# --- the rows as the query layer hands them out ---------------------------------------


def row_fields(table: Table, exclude: tuple[str, ...] = ("data",)) -> dict[str, tuple[Any, Any]]:
    """(python type, default) per column of `table`, as listings return rows: dates and times
    as ISO strings, nullable columns optional. `serve.api` builds its response models from
    this, so a column is defined once, here (and copied out of the record in `repo`)."""
    fields: dict[str, tuple[Any, Any]] = {}
    for column in table.columns:
        if column.name in exclude:
            continue
        kind = column.type
        python: Any = str if isinstance(kind, Date | DateTime) else kind.python_type
        fields[column.name] = (python | None, None) if column.nullable else (python, ...)
    return fields
