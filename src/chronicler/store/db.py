"""Opening a database: URL handling, SQLite pragmas, migrations, error translation."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from chronicler.errors import ChroniclerError, E

MIGRATIONS = Path(__file__).parent / "migrations"


def normalise_url(url_or_path: str) -> str:
    """Accept a SQLite file path or any SQLAlchemy URL; pick the psycopg 3 driver for PostgreSQL."""
    value = str(url_or_path).strip()
    if not value:
        raise ChroniclerError(E.DB_BAD_URL, detail="empty")
    if "://" not in value:
        return f"sqlite:///{Path(value).expanduser()}"
    scheme, rest = value.split("://", 1)
    if scheme in ("postgresql", "postgres"):
        return f"postgresql+psycopg://{rest}"
    if scheme.startswith(("sqlite", "postgresql+")):
        return value
    raise ChroniclerError(E.DB_BAD_URL, detail=value)


def describe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - only for display
        return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (the web UI) run while a batch is written; NORMAL
    # synchronous is still crash-safe in WAL mode (a commit may roll back on
    # power loss, never corrupt).
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def create_engine(url: str) -> Engine:
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            parent = Path(path).parent
            if not parent.exists():
                raise ChroniclerError(
                    E.DB_UNREACHABLE, detail=f"folder {parent} does not exist"
                )
        engine = sa.create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(
        url, pool_pre_ping=True, connect_args={"connect_timeout": 5}
    )


# SQLSTATE classes and driver messages, by what the failure is (not all are "unreachable").
_DISK_FULL_STATES = ("53100", "53200", "53400")  # disk_full, out_of_memory, configuration_limit_exceeded
_DISK_FULL_TEXT = ("database or disk is full", "no space left on device", "disk full", "could not extend file")
_BAD_VALUE_STATES = ("22021", "22P05", "22001")  # bad character, untranslatable character, value too long
_BAD_VALUE_TEXT = ("cannot contain nul", "nul (0x00)", "unsupported unicode escape sequence")


def translate_db_error(exc: BaseException, url: str) -> ChroniclerError:
    orig = getattr(exc, "orig", exc)
    text = str(orig or exc)
    lowered = text.lower()
    state = str(getattr(orig, "sqlstate", "") or getattr(orig, "pgcode", "") or "")
    first_line = text.strip().splitlines()[0] if text.strip() else type(exc).__name__
    where = describe_url(url)
    if "database is locked" in text:
        return ChroniclerError(E.DB_LOCKED, detail=where)
    if state in _DISK_FULL_STATES or any(marker in lowered for marker in _DISK_FULL_TEXT):
        return ChroniclerError(E.DB_DISK_FULL, detail=f"{where}: {first_line}")
    if "file is not a database" in text or "malformed" in text:
        return ChroniclerError(E.DB_NOT_CHRONICLER, detail=where)
    if isinstance(exc, IntegrityError) or state.startswith("23"):
        return ChroniclerError(E.DB_CONSTRAINT, detail=f"{where}: {first_line}")
    if state in _BAD_VALUE_STATES or any(marker in lowered for marker in _BAD_VALUE_TEXT):
        return ChroniclerError(E.DB_BAD_VALUE, detail=f"{where}: {first_line}")
    return ChroniclerError(E.DB_UNREACHABLE, detail=f"{where}: {first_line}")


@contextlib.contextmanager
def db_errors(url: str) -> Iterator[None]:
    """Turn driver errors into catalogue errors with the URL named."""
    try:
        yield
    except ChroniclerError:
        raise
    except (OperationalError, DBAPIError) as exc:
        raise translate_db_error(exc, url) from exc


def migrate(connection: Connection) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, "head")


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    ctx = MigrationContext.configure(
        connection, opts={"version_table": "chronicler_alembic_version"}
    )
    return ctx.get_current_revision()


def head_revision() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head
