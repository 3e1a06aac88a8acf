"""dashboard indexes: status filter, sort orders and the map's grouping read indexes, not the table

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 13:05:00

The incidents table keeps each full record as JSON, so a scan of it reads every
record; these indexes let the list's filters, sorts, facets and the map's
GROUP BY run on narrow index pages instead (100k incidents: see bench/bench_dashboard.py).
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_incidents_status": ["status", "grade"],
    "ix_incidents_killed": ["killed_best", "date_start"],
    "ix_incidents_sources": ["n_sources", "date_start"],
    "ix_incidents_updated": ["updated_at"],
    "ix_incidents_geo": ["latitude", "longitude", "country", "admin1", "place_name", "killed_best"],
}


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
