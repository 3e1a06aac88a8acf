"""Issue 14, items 12 and 13: storage errors by what they are; incident updates serialised."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from chronicler.errors import ChroniclerError
from chronicler.incidents import update_incidents
from chronicler.incidents.update import incident_lock
from chronicler.store import Store
from chronicler.store import tables as t
from chronicler.store.db import db_errors
from tests.factories import make_article
from tests.ingest_helpers import article_text
from tests.test_incidents import all_stories, incidents, save


def test_a_constraint_violation_is_e207_not_unreachable(store_url: str) -> None:
    with Store(store_url) as store:
        row = {"key": "k", "value": "v"}
        with db_errors(store.url), store.engine.begin() as conn:
            conn.execute(sa.insert(t.meta), [row])
        with pytest.raises(ChroniclerError) as info, db_errors(store.url), store.engine.begin() as conn:
            conn.execute(sa.insert(t.meta), [row])
        assert info.value.code == "E207"


def test_nul_reaching_postgresql_is_e208(pg_url: str) -> None:
    with Store(pg_url) as store, pytest.raises(ChroniclerError) as info:
        store.get_article("a\x00b")
    assert info.value.code == "E208"


FULL_DISK = """
import sqlalchemy as sa
from sqlalchemy.engine import Engine

@sa.event.listens_for(Engine, "connect")
def small(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA max_page_count=40")  # the disk is full after 160 kB
    cursor.close()

from chronicler.cli import main
main()
"""


def test_a_full_disk_is_e206_with_a_clean_exit(tmp_path: Path) -> None:
    db = tmp_path / "full.sqlite"
    Store(str(db)).close()  # the schema first, at full size
    news = tmp_path / "news.jsonl"
    news.write_text("".join(f'{{"text": "{article_text(i)} {"filler " * 400}"}}\n' for i in range(200)))
    result = subprocess.run([sys.executable, "-c", FULL_DISK, "--db", str(db), "ingest", str(news)],
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 2, result.stderr[-2000:]
    assert "[E206]" in result.stderr and "E201" not in result.stderr
    assert "Traceback" not in result.stderr and "RuntimeError" not in result.stderr


def test_incident_updates_wait_for_each_other_on_postgresql(pg_url: str) -> None:
    with Store(pg_url) as store:
        save(store, all_stories())
        held = threading.Event()
        release = threading.Event()

        def holder() -> None:
            with incident_lock(store):
                held.set()
                release.wait(10)

        thread = threading.Thread(target=holder)
        thread.start()
        held.wait(10)
        finished: list[float] = []
        other = threading.Thread(target=lambda: finished.append(len(update_incidents(store)) and time.monotonic()))
        other.start()
        time.sleep(0.5)
        assert not finished  # blocked by the lock
        released_at = time.monotonic()
        release.set()
        other.join(20)
        thread.join(10)
        assert finished and finished[0] >= released_at
        assert incidents(store)


def test_concurrent_updates_on_postgresql_never_collide(pg_url: str) -> None:
    with Store(pg_url) as store:
        save(store, all_stories())
        errors: list[BaseException] = []
        start = threading.Barrier(3)

        def run() -> None:
            start.wait()
            try:
                update_incidents(store)
            except BaseException as exc:  # noqa: BLE001 - collected for the assertion
                errors.append(exc)

        threads = [threading.Thread(target=run) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        assert not errors, errors
        expected = [i.id for i in incidents(store)]
        store.add_articles([make_article(article_text(5))])
        assert update_incidents(store).startswith("up to date") and [i.id for i in incidents(store)] == expected


FULL_DURING_PROCESS = """
import sys
import sqlalchemy as sa
from chronicler.errors import ChroniclerError
from chronicler.process import process_pending
from chronicler.store import Store
from tests.test_process_workers import TOY, _fill

store = _fill(sys.argv[1], 40)
pages = store.engine.connect().exec_driver_sql("PRAGMA page_count").scalar()
store.engine.dispose()

@sa.event.listens_for(store.engine, "connect")
def small(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA max_page_count={pages + 1}")  # full at the first batch of events
    cursor.close()

try:
    process_pending(store, batch_size=4, workers=2, spec=TOY)
except ChroniclerError as exc:
    print(exc.code)
"""


def test_a_full_disk_during_parallel_process_exits_cleanly(tmp_path: Path) -> None:
    """The worker pool is shut down in the main thread, not by the garbage collector in its
    own manager thread ("RuntimeError: cannot join current thread")."""
    import os

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root / "src"), str(root)])}
    result = subprocess.run([sys.executable, "-c", FULL_DURING_PROCESS, str(tmp_path / "full.sqlite")],
                            capture_output=True, text=True, timeout=120, env=env, cwd=root)  # fmt: skip
    assert result.stdout.strip() == "E206", (result.stdout, result.stderr[-2000:])
    assert "cannot join current thread" not in result.stderr and "Traceback" not in result.stderr, result.stderr[-2000:]
