"""Storage: SQLite (default) or PostgreSQL through SQLAlchemy, migrated by Alembic."""

from chronicler.store.repo import Store

__all__ = ["Store"]
