"""`chronicler load` and the shard files, without a cluster: shard tasks run in this process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from chronicler.scale.load import load_shards
from chronicler.scale.shards import ARTICLES_SUFFIX, EVENTS_SUFFIX, process_shard
from chronicler.store import Store
from tests.test_process_workers import TOY


def chronicler(*args: str, db: str | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "chronicler"]
    if db:
        cmd += ["--db", db]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, timeout=120)


def _shard(folder: Path, name: str, texts: list[str]) -> str:
    path = folder / name
    path.write_text("".join(json.dumps({"text": t, "published": "2026-04-02"}) + "\n" for t in texts))
    return str(path)


STORIES = [
    "Soldiers raided a warehouse in Reynosa on Monday and arrested five people, police said.",
    "The governor deployed National Guard troops to Matamoros after a night of gunfire.",
    "Police arrested a local official accused of protecting a smuggling ring, prosecutors said.",
]


def test_shards_are_complete_and_load_into_the_database(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = process_shard(0, _shard(tmp_path, "a.jsonl", STORIES[:2]), str(out), TOY)
    second = process_shard(1, _shard(tmp_path, "b.jsonl", STORIES[1:]), str(out), TOY)
    assert (first.articles, second.articles) == (2, 2)
    names = sorted(p.name for p in out.iterdir())
    assert names == [f"00000-a.jsonl{ARTICLES_SUFFIX}", f"00000-a.jsonl{EVENTS_SUFFIX}",
                     f"00001-b.jsonl{ARTICLES_SUFFIX}", f"00001-b.jsonl{EVENTS_SUFFIX}"]
    with Store(str(tmp_path / "db.sqlite")) as store:
        report = load_shards(store, out)
        assert (report.articles, report.duplicates, report.processed) == (3, 1, 3)
        assert report.events == store.stats()["events"] == 4
        assert store.pending_article_ids(first.pipeline_version) == []


def test_an_interrupted_load_resumes(tmp_path: Path) -> None:
    """Articles stored but not yet given their events get them on the next load."""
    out = tmp_path / "out"
    process_shard(0, _shard(tmp_path, "a.jsonl", STORIES), str(out), TOY)
    with Store(str(tmp_path / "db.sqlite")) as store:
        from chronicler.ingest import IngestOptions, ingest, iter_documents

        options = IngestOptions()
        ingest(store, iter_documents([str(tmp_path / "a.jsonl")], options), options)  # articles only
        assert store.stats()["events"] == 0
        report = load_shards(store, out)
        assert report.articles == 0 and report.processed == 3
        assert store.stats()["events"] == 4


def test_load_cli(tmp_path: Path) -> None:
    out = tmp_path / "out"
    process_shard(0, _shard(tmp_path, "a.jsonl", STORIES), str(out), TOY)
    db = str(tmp_path / "db.sqlite")
    result = chronicler("load", str(out), db=db)
    assert result.returncode == 0, result.stderr
    assert "3 new articles" in result.stderr
    stats = json.loads(chronicler("stats", "--json", db=db).stdout)
    assert stats["events"] == 4 and stats["articles_processed"] == 3


def test_load_and_run_refuse_bad_arguments_with_catalogue_errors(tmp_path: Path) -> None:
    missing = chronicler("load", str(tmp_path / "nowhere"), db=str(tmp_path / "db.sqlite"))
    assert missing.returncode == 2 and "E108" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = chronicler("load", str(tmp_path / "empty"), db=str(tmp_path / "db.sqlite"))
    assert empty.returncode == 2 and "no '*.articles.parquet'" in empty.stderr
    stories = tmp_path / "x.jsonl"  # an input that exists: the missing option is the error
    stories.write_text('{"text": "Soldiers arrested two men in Culiacán on Monday."}\n')
    no_out = chronicler("run", "--engine", "dask", "--scheduler", "tcp://127.0.0.1:1", str(stories),
                        db=str(tmp_path / "db.sqlite"))
    assert no_out.returncode == 2 and "--shards-out is required" in no_out.stderr
    engine = chronicler("run", "--engine", "spark", str(stories), db=str(tmp_path / "db.sqlite"))
    assert engine.returncode == 2 and "unknown engine" in engine.stderr


def test_a_warc_shard_gives_what_a_single_process_run_gives(tmp_path: Path) -> None:
    from chronicler.ingest import IngestOptions, ingest, iter_documents
    from chronicler.process import process_pending
    from tests.ingest_helpers import make_warc, page

    warc = tmp_path / "crawl.warc.gz"
    bodies = [s + " The operation lasted several hours, officials added in a statement." for s in STORIES]
    make_warc(warc, [(f"https://news.example/{i}", page(f"Report {i}", b)) for i, b in enumerate(bodies)],
              gzip=True)
    process_shard(0, str(warc), str(tmp_path / "out"), TOY)
    with Store(str(tmp_path / "loaded.sqlite")) as loaded:
        assert load_shards(loaded, tmp_path / "out").processed == 3
        got = sorted((e.id, e.model_dump_json()) for e in loaded.iter_events())
        urls = sorted(a.url or "" for a in loaded.iter_articles())
    with Store(str(tmp_path / "single.sqlite")) as single:
        options = IngestOptions()
        ingest(single, iter_documents([str(warc)], options), options)
        process_pending(single, spec=TOY, workers=1)
        expected = sorted((e.id, e.model_dump_json()) for e in single.iter_events())
    assert got == expected and len(got) == 4
    assert urls == [f"https://news.example/{i}" for i in range(3)]
