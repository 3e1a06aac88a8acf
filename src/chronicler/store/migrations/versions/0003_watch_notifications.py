"""watch notifications log (entries of the watchlist Atom feeds)

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-25 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_notifications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("watchlist", sa.String(length=200), nullable=False),
        sa.Column("incident_id", sa.String(length=32), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("change", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint(
            "watchlist", "incident_id", "fingerprint", name="uq_watch_notifications_version"
        ),
    )
    with op.batch_alter_table("watch_notifications", schema=None) as batch_op:
        batch_op.create_index(
            "ix_watch_notifications_watchlist", ["watchlist", "created_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("watch_notifications", schema=None) as batch_op:
        batch_op.drop_index("ix_watch_notifications_watchlist")
    op.drop_table("watch_notifications")
