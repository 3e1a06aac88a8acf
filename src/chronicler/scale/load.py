"""`chronicler load`: import the Parquet shards of a distributed run into the database.

Shards are replayed in input order (their file names start with the shard's
position), so the first copy of a story wins exactly as it does when a
single process ingests the same inputs. Per batch of articles, one
transaction inserts the new articles and a second stores their events and
marks them processed (the ordinary `save_extraction`). A load that is
interrupted between the two leaves articles that are still unprocessed; a
re-run finds them and stores their events, so loading is idempotent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from chronicler.errors import ChroniclerError, E
from chronicler.records import Article, Event
from chronicler.scale.shards import ARTICLES_SUFFIX, EVENTS_SUFFIX
from chronicler.store import tables as t
from chronicler.store.repo import Store


@dataclass
class LoadReport:
    shards: int = 0
    articles: int = 0  # new articles stored
    duplicates: int = 0  # already stored (an earlier shard or an earlier run)
    events: int = 0
    processed: int = 0  # articles whose events were stored
    pipeline_versions: set[str] | None = None

    def summary(self) -> str:
        return (
            f"{self.shards} shards: {self.articles} new articles, {self.duplicates} already stored, "
            f"{self.events} events for {self.processed} articles"
        )


def shard_files(shards_dir: str | Path) -> list[Path]:
    folder = Path(shards_dir)
    if not folder.is_dir():
        raise ChroniclerError(E.NOT_FOUND, input=str(folder))
    files = sorted(folder.glob(f"*{ARTICLES_SUFFIX}"))
    if not files:
        raise ChroniclerError(
            E.BAD_OPTION, detail=f"{folder} holds no '*{ARTICLES_SUFFIX}' shard files"
        )
    return files


def load_shards(
    store: Store,
    shards_dir: str | Path,
    *,
    batch_size: int = 500,
    on_shard: Callable[[Path], None] | None = None,
) -> LoadReport:
    report = LoadReport(pipeline_versions=set())
    for articles_file in shard_files(shards_dir):
        load_shard(store, articles_file, report, batch_size)
        report.shards += 1
        if on_shard:
            on_shard(articles_file)
    return report


def load_shard(store: Store, articles_file: Path, report: LoadReport, batch_size: int) -> None:
    import pyarrow.parquet as pq

    events_file = Path(str(articles_file)[: -len(ARTICLES_SUFFIX)] + EVENTS_SUFFIX)
    try:
        parquet = pq.ParquetFile(articles_file)
        events = _events_by_article(events_file)
    except (OSError, ValueError) as exc:
        raise ChroniclerError(E.BAD_OPTION, detail=f"unreadable shard {articles_file}: {exc}") from exc
    version = (parquet.schema_arrow.metadata or {}).get(b"pipeline_version", b"").decode()
    assert report.pipeline_versions is not None
    report.pipeline_versions.add(version)
    for batch in parquet.iter_batches(batch_size=batch_size, columns=["id", "processed", "article"]):
        rows = batch.to_pylist()
        articles = [Article.model_validate_json(r["article"]) for r in rows]
        flags = store.add_articles(articles)
        report.articles += sum(flags)
        report.duplicates += len(flags) - sum(flags)
        extracted = {r["id"] for r in rows if r["processed"]}
        todo = _needs_events(store, [a for a in articles if a.id in extracted], version)
        if todo:
            results = [(a.id, events.get(a.id, [])) for a in todo]
            report.events += store.save_extraction(results, version)
            report.processed += len(todo)


def _events_by_article(path: Path) -> dict[str, list[Event]]:
    import pyarrow.parquet as pq

    grouped: dict[str, list[Event]] = defaultdict(list)
    for batch in pq.ParquetFile(path).iter_batches(columns=["article_id", "event"]):
        for article_id, data in zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(),
                                    strict=True):
            grouped[article_id].append(Event.model_validate_json(data))
    return grouped


def _needs_events(store: Store, articles: list[Article], version: str) -> list[Article]:
    """Articles whose stored copy is not yet processed by `version` and has the same date.

    A stored copy with another publication date came from another input;
    its events depend on that date, so it is left to `chronicler process`.
    """
    if not articles:
        return []
    ids = [a.id for a in articles]
    query = sa.select(t.articles.c.id, t.articles.c.processed_version, t.articles.c.published_at)
    with store.engine.connect() as conn:
        stored = {r.id: r for r in conn.execute(query.where(t.articles.c.id.in_(ids)))}
    out = []
    for article in articles:
        row = stored.get(article.id)
        if row is None or row.processed_version == version:
            continue
        if _naive(row.published_at) == _naive(article.published_at):
            out.append(article)
    return out


def _naive(value: dt.datetime | None) -> dt.datetime | None:
    if value is None or value.tzinfo is None:
        return value
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def iter_shard_events(shards_dir: str | Path) -> Iterator[Event]:
    """Every event in a shards folder (for inspection and tests)."""
    for articles_file in shard_files(shards_dir):
        events_file = Path(str(articles_file)[: -len(ARTICLES_SUFFIX)] + EVENTS_SUFFIX)
        for events in _events_by_article(events_file).values():
            yield from events
