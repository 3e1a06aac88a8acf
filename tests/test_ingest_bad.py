"""Bad input through the real CLI and the API: each named with its reason, nothing stored lost."""

from __future__ import annotations

import json
import sqlite3
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from chronicler.ingest import IngestOptions, iter_documents
from chronicler.store import Store
from tests.ingest_helpers import FIXTURES, article_text, make_warc, page, run_cli, run_ingest


def snapshot(db: Path) -> list[tuple[Any, ...]]:
    """Every stored article, field by field, to prove nothing changed."""
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT id, text, url, outlet, title, author, published_at, language, origin_kind, origin_ref,"
            " ingested_at FROM articles ORDER BY id"
        ).fetchall()


def mixed_folder(root: Path) -> tuple[int, dict[str, str]]:
    """A folder of good and bad inputs; returns (articles expected, {bad input name: code})."""
    root.mkdir()
    (root / "article.html").write_bytes((FIXTURES / "article.html").read_bytes())
    (root / "feed.rss").write_bytes((FIXTURES / "feed.rss").read_bytes())
    (root / "story.txt").write_text(article_text(1))
    (root / "latin1.txt").write_bytes("Vecinos de Juárez dijeron que los soldados llegaron al amanecer.".encode("latin-1"))
    nested = root / "wire" / "2025"
    nested.mkdir(parents=True)
    (nested / "items.jsonl").write_text(
        json.dumps({"text": article_text(2)}) + "\n{broken\n" + json.dumps({"text": article_text(3)}) + "\n"
    )
    make_warc(root / "crawl.warc.gz", [("https://n.example/9", page("Nine", article_text(9)))], gzip=True)
    (root / "empty.txt").write_bytes(b"")
    (root / "junk.bin").write_bytes(bytes(range(256)) * 8)
    (root / "menu.html").write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    (root / "broken.json").write_text('[{"text": "never closed"')
    (root / "bad.rss").write_text("<?xml version='1.0'?><rss><channel><<<")
    (root / "utf16-no-bom.txt").write_bytes(article_text(4).encode("utf-16-le"))
    (root / "short.txt").write_text("Too short.")
    (root / ".hidden.txt").write_text(article_text(5))  # hidden files are skipped
    bad = {
        "empty.txt": "E101", "junk.bin": "E102", "menu.html": "E103", "broken.json": "E104",
        "bad.rss": "E105", "utf16-no-bom.txt": "E102", "short.txt": "E112", "items.jsonl:2": "E104",
    }
    return 1 + 3 + 1 + 1 + 2 + 1, bad


def test_mixed_folder_via_cli(tmp_path: Path) -> None:
    expected, bad = mixed_folder(tmp_path / "news")
    db = tmp_path / "cli.sqlite"
    result = run_cli(db, "ingest", str(tmp_path / "news"))
    assert result.returncode == 1, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("rejected")]
    assert len(lines) == len(bad), result.stderr
    for name, code in bad.items():
        assert any(f"[{code}]" in line and name in line for line in lines), (name, code, result.stderr)
    assert f"{expected} ingested; 0 duplicate; {len(bad)} rejected" in result.stderr
    before = snapshot(db)
    assert len(before) == expected
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    again = run_cli(db, "ingest", str(tmp_path / "news"))
    assert again.returncode == 1
    assert f"0 ingested; {expected - 3} duplicate; {len(bad)} rejected" in again.stderr
    assert "3 feed items already seen" in again.stderr
    assert snapshot(db) == before


def test_strict_stops_at_first_rejection_after_committing_earlier(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(article_text(1))
    (folder / "b.bin").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "c.txt").write_text(article_text(2))
    db = tmp_path / "strict.sqlite"
    result = run_cli(db, "ingest", "--strict", str(folder))
    assert result.returncode != 0
    assert "[E102]" in result.stderr and "b.bin" in result.stderr
    assert [row[1] for row in snapshot(db)] == [article_text(1)]


def test_duplicates_are_counted_not_stored_twice(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(article_text(1))
    (tmp_path / "b.txt").write_text("  " + article_text(1).upper().replace(". ", ".\n\n"))  # same story, other spacing/case
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": article_text(1)}) + "\n")
    with Store(str(tmp_path / "d.sqlite")) as store:
        report = run_ingest(store, [tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.jsonl"])
        assert (report.ingested, report.duplicate) == (1, 2) and report.ok
        assert report.summary() == "1 ingested; 2 duplicate; 0 rejected"


def test_enormous_text_file_refused_without_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 20 GB on paper, nothing on disk
        handle.truncate(20 * 1024**3)
    [item] = list(iter_documents([str(huge)], IngestOptions()))
    assert item.spec.code == "E107" and "21474836480 bytes" in item.message()


def test_giant_jsonl_line_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w") as handle:
        handle.write(json.dumps({"text": article_text(1)}) + "\n")
        handle.write('{"text": "' + "x" * 20_000_000 + '"}\n')
        handle.write(json.dumps({"text": article_text(2)}) + "\n")
    with Store(str(tmp_path / "big.sqlite")) as store:
        tracemalloc.start()
        try:
            report = run_ingest(store, [path], max_bytes=1_000_000)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert report.ingested == 2
    assert [(r.name, r.spec.code) for r in report.rejected] == [(f"{path}:2", "E107")]
    assert peak < 8_000_000, f"peak {peak} bytes: the giant line was held in memory"


def test_locked_database_gives_e202_and_loses_nothing(tmp_path: Path) -> None:
    db = tmp_path / "locked.sqlite"
    (tmp_path / "first.txt").write_text(article_text(1))
    (tmp_path / "second.txt").write_text(article_text(2))
    with Store(str(db)) as store:
        assert run_ingest(store, [tmp_path / "first.txt"]).ingested == 1
    before = snapshot(db)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    try:
        result = run_cli(db, "ingest", str(tmp_path / "second.txt"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.returncode != 0
    assert "[E202]" in result.stderr and "locked" in result.stderr, result.stderr
    assert snapshot(db) == before
    with Store(str(db)) as store:  # once the lock is gone, a re-run finishes the work
        assert run_ingest(store, [tmp_path / "second.txt"]).ingested == 1
    assert len(snapshot(db)) == 2


@pytest.mark.parametrize("url", ["{tmp}/no/such/folder/x.sqlite", "postgresql://127.0.0.1:9/none"])
def test_unreachable_database_gives_e201(tmp_path: Path, url: str) -> None:
    (tmp_path / "a.txt").write_text(article_text(1))
    result = run_cli(Path(url.format(tmp=tmp_path)), "ingest", str(tmp_path / "a.txt"))
    assert result.returncode != 0
    assert "[E201]" in result.stderr and "database unreachable" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_missing_inputs_are_named(tmp_path: Path) -> None:
    with Store(str(tmp_path / "m.sqlite")) as store:
        report = run_ingest(store, [tmp_path / "nope.txt", str(tmp_path / "*.none")])
    assert [r.spec.code for r in report.rejected] == ["E108", "E108"]
    assert "nope.txt" in report.rejected[0].message()


def test_control_characters_in_a_feed_summarys_markup_are_dropped_not_fatal(tmp_path: Path) -> None:
    # lxml keeps a raw control character from the HTML parse but refuses it in a node's tail.
    summary = "&lt;p&gt;Gunmen killed two men&lt;/p&gt;\x0b in a bar in Celaya, prosecutors said."
    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Desk</title>'
            f"<item><title>Two killed</title><link>http://example.org/a</link><description>{summary}"
            "</description></item></channel></rss>")
    path = tmp_path / "feed.rss"
    path.write_bytes(feed.encode("utf-8"))
    items = list(iter_documents([str(path)], IngestOptions(retries=0)))
    assert type(items[0]).__name__ == "Document", items
    assert "Gunmen killed two men" in items[0].text and "\x0b" not in items[0].text
    # the malformed XML after the item is named as such, never as a reader bug (E113)
    assert all(i.spec.code != "E113" for i in items[1:]), items
