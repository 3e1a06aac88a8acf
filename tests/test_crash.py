"""Crash safety: SIGKILL a real `chronicler ingest` mid-run, then check and finish the work.

The database must pass SQLite's integrity check (tables and the full-text
index), hold only whole batches of complete articles, and a re-run must end
with exactly the expected number of articles.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from chronicler.ingest import clean_text, hash_key
from tests.ingest_helpers import chronicler_cmd, run_cli

N_ARTICLES = 2000
BATCH = 50

PLACES = ["Culiacán", "Reynosa", "Tijuana", "Ciudad Juárez", "Nuevo Laredo", "Manzanillo", "Hermosillo"]
ACTORS = ["the navy", "state police", "the National Guard", "federal prosecutors", "the army"]


def generate(path: Path) -> dict[str, dict[str, str]]:
    """A JSONL of distinct invented stories; returns them keyed by their article id."""
    expected: dict[str, dict[str, str]] = {}
    with path.open("w") as handle:
        for i in range(N_ARTICLES):
            place, actor = PLACES[i % len(PLACES)], ACTORS[i % len(ACTORS)]
            text = (
                f"{place.upper()} — Report {i}: {actor} said {i % 17 + 2} suspects were detained in {place} "
                f"after a raid on a safe house on day {i % 28 + 1}, and officials said weapons and "
                f"{i * 3 % 400 + 10} kilograms of methamphetamine were seized. Residents told reporters "
                f"the operation lasted several hours. Case file {i:05d}."
            )
            record = {"text": text, "title": f"Raid {i} in {place}", "url": f"https://wire.example/{i}"}
            handle.write(json.dumps(record) + "\n")
            expected[hash_key(clean_text(text))] = record
    return expected


def count_articles(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    except sqlite3.OperationalError:  # not created or migrated yet
        return 0


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_mid_ingest_leaves_a_consistent_database_and_rerun_completes(tmp_path: Path) -> None:
    source = tmp_path / "big.jsonl"
    expected = generate(source)
    db = tmp_path / "crash.sqlite"
    env = {**os.environ, "CHRONICLER_DB": str(db)}
    proc = subprocess.Popen(
        [*chronicler_cmd(), "--db", str(db), "--quiet", "ingest", "--batch-size", str(BATCH), str(source)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )
    try:
        deadline = time.monotonic() + 60
        while count_articles(db) < 2 * BATCH and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL, "ingest finished before it could be killed"

    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        rows = conn.execute("SELECT id, text, title, url, origin_kind, language FROM articles").fetchall()
    stored = len(rows)
    assert 0 < stored < N_ARTICLES, f"killed after {stored} articles: not mid-run"
    assert stored % BATCH == 0, "a batch was committed partly"
    for article_id, text, title, url, origin_kind, language in rows:
        record = expected[article_id]  # every stored id is one of ours...
        assert text == clean_text(record["text"])  # ...and complete
        assert (title, url, origin_kind, language) == (record["title"], record["url"], "json", "en")

    rerun = run_cli(db, "ingest", "--batch-size", str(BATCH), str(source), timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{N_ARTICLES - stored} ingested; {stored} duplicate; 0 rejected" in rerun.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == N_ARTICLES
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        hits = conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'methamphetamine'").fetchone()
    assert hits[0] == N_ARTICLES
