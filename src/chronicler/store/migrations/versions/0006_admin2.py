"""admin2 columns: the municipality / county filter (`--admin2`) on events and incidents

Adds `admin2` (with an index) to `events` and `incidents` and fills it from each row's
stored record (`data.location.admin2`), so a store written before this revision filters
the same way as a new one.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 13:00:00
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLES = {"events": "ix_events_admin2", "incidents": "ix_incidents_admin2"}
BATCH = 1000


def _admin2(data: Any) -> str | None:
    if isinstance(data, (str, bytes)):
        data = json.loads(data)
    location = (data or {}).get("location") or {}
    value = location.get("admin2")
    return value if isinstance(value, str) and value else None


def _backfill(name: str) -> None:
    conn = op.get_bind()
    table = sa.table(name, sa.column("id", sa.String), sa.column("data", sa.JSON),
                     sa.column("admin2", sa.Text))
    last = ""
    while True:  # keyset pages: a big store is never read into memory at once
        rows = conn.execute(sa.select(table.c.id, table.c.data).where(table.c.id > last)
                            .order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return
        updates = [{"key": row.id, "value": value} for row in rows if (value := _admin2(row.data))]
        if updates:
            conn.execute(table.update().where(table.c.id == sa.bindparam("key"))
                         .values(admin2=sa.bindparam("value")), updates)
        last = rows[-1].id


def upgrade() -> None:
    for name, index in TABLES.items():
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.add_column(sa.Column("admin2", sa.Text(), nullable=True))
            batch_op.create_index(index, ["admin2"], unique=False)
        _backfill(name)


def downgrade() -> None:
    for name, index in TABLES.items():
        with op.batch_alter_table(name, schema=None) as batch_op:
            batch_op.drop_index(index)
            batch_op.drop_column("admin2")
