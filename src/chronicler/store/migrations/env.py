"""Alembic environment: migrations run on the connection chronicler hands over."""

from __future__ import annotations

from alembic import context

from chronicler.store.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - chronicler always passes a connection
    raise RuntimeError("run migrations through chronicler.store.Store, not the alembic CLI")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    version_table="chronicler_alembic_version",
)
with context.begin_transaction():
    context.run_migrations()
