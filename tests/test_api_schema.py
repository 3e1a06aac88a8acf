"""Property-based run of the OpenAPI document (schemathesis): no input makes the server fail.

Every operation (ours and any router included in the app, e.g. exports and watchlists)
gets generated requests, valid and invalid; no response may be a 5xx. A quick pass
runs on SQLite; the `slow` passes run many more examples on SQLite and on PostgreSQL,
whose stricter types (NUL, JSONB, advisory locks) are where hostile input used to reach
the database. (Response-schema conformance is not checked: records carry naive UTC
datetimes, which JSON Schema's strict `date-time` format rejects.)
"""

from __future__ import annotations

import atexit
import tempfile
import warnings
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from chronicler.store import Store
from tests.serve_data import fill_store

warnings.filterwarnings("ignore", module="starlette.testclient")
TOKEN = "fuzz-token"
HEALTH = [HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.function_scoped_fixture]


def _app(db: str) -> Any:
    from chronicler.serve.app import create_app

    with Store(db) as store:
        fill_store(store)
    # A token is configured so the write endpoints run their validation, not only the 403.
    return create_app(db, token=TOKEN)


def _sqlite_app() -> Any:
    # schemathesis needs the app when the module loads (parametrisation happens at collection),
    # so the database lives in a temporary folder removed when the process exits.
    folder = tempfile.TemporaryDirectory(prefix="chronicler-fuzz-")
    atexit.register(folder.cleanup)
    return _app(str(Path(folder.name) / "fuzz.sqlite"))


schema = schemathesis.openapi.from_asgi("/openapi.json", _sqlite_app())


def _pg_app() -> tuple[Any, str | None]:
    """The same app over a fresh PostgreSQL schema (dropped at exit), or why there is none."""
    import uuid

    import sqlalchemy as sa

    from tests.conftest import PG_BASE, _pg_schema_url

    name = "fz_" + uuid.uuid4().hex[:12]
    try:
        engine = sa.create_engine(PG_BASE)
        with engine.begin() as conn:
            conn.execute(sa.text(f"CREATE SCHEMA {name}"))
    except sa.exc.OperationalError as exc:  # the PostgreSQL test fails with this, not collection
        return None, f"PostgreSQL is required for this test and is not reachable at {PG_BASE}: {exc}"

    def drop() -> None:
        with engine.begin() as conn:
            conn.execute(sa.text(f"DROP SCHEMA {name} CASCADE"))
        engine.dispose()

    atexit.register(drop)
    return _app(_pg_schema_url(name)), None


_PG_APP, _PG_MISSING = _pg_app()
pg_schema = schemathesis.openapi.from_asgi("/openapi.json", _PG_APP) if _PG_APP is not None else schema


def _call(case: Any) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"} if case.method in ("POST", "DELETE") else None
    case.call_and_validate(headers=headers, checks=[not_a_server_error])


@schema.parametrize()
@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=HEALTH)
def test_no_server_errors(case: Any) -> None:
    _call(case)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=HEALTH)
def test_no_server_errors_many_examples(case: Any) -> None:
    _call(case)


@pytest.mark.slow
@pytest.mark.postgres
@pg_schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=HEALTH)
def test_no_server_errors_on_postgresql(case: Any) -> None:
    if _PG_MISSING:
        pytest.fail(_PG_MISSING)
    _call(case)
