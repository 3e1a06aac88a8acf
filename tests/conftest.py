"""Shared fixtures. `store_url` runs a test on SQLite and on the real PostgreSQL server.

PostgreSQL tests use a fresh schema each (search_path), so they never see each
other's rows and can run beside other sessions' tests. They FAIL when the
server is missing (CI must have it); set CHRONICLER_TEST_PG to point elsewhere.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

PG_BASE = os.environ.get("CHRONICLER_TEST_PG", "postgresql+psycopg://127.0.0.1:5432/test")


def _pg_schema_url(schema: str) -> str:
    return f"{PG_BASE}?options=-csearch_path%3D{schema}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    schema = "t_" + uuid.uuid4().hex[:12]
    engine = sa.create_engine(PG_BASE)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {schema}"))
    except sa.exc.OperationalError as exc:  # pragma: no cover - CI must have the server
        pytest.fail(f"PostgreSQL is required for this test and is not reachable at {PG_BASE}: {exc}")
    try:
        yield _pg_schema_url(schema)
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
        engine.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return str(tmp_path / "test.sqlite")


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "test.sqlite")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[object]:
    from chronicler.store import Store

    with Store(store_url) as s:
        yield s
