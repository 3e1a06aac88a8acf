"""actor indexes: the dashboard's actor filter finds matching names on narrow index pages

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 13:12:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

INDEXES = {"ix_incidents_actor": ["actor_name"], "ix_incidents_recipient": ["recipient_name"]}


def upgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        for name, columns in INDEXES.items():
            batch_op.create_index(name, columns, unique=False)


def downgrade() -> None:
    with op.batch_alter_table("incidents", schema=None) as batch_op:
        for name in INDEXES:
            batch_op.drop_index(name)
