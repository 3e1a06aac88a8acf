"""One shard, one task: ingest and extract in memory, write Parquet.

A task ingests its shard into a private scratch SQLite file and runs the
ordinary `process` stage on it, then exports the result. Reusing the same
ingest and process code (rather than a second implementation for the
cluster) is what makes a distributed run store exactly what a
single-process run stores: same cleaning, same ids, same duplicate and
rejection rules, same events.

Output per shard, named by the shard's position in the input list so that
`chronicler load` can replay them in input order:

- `NNNNN-<stem>.events.parquet`: article_id, id, event (Event JSON)
- `NNNNN-<stem>.articles.parquet`: seq, id, processed, article (Article JSON)

The articles file is written last (write to .tmp, then rename), so its
presence means the shard is complete; a re-run task overwrites it whole.
"""

from __future__ import annotations

import os
import re
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from chronicler.errors import ChroniclerError
from chronicler.process import PipelineSpec, WorkerFailure, process_pending

ARTICLES_SUFFIX = ".articles.parquet"
EVENTS_SUFFIX = ".events.parquet"
ROW_GROUP = 256
MAX_REJECTIONS_REPORTED = 100

_PIPELINES: dict[str, Any] = {}
_PIPELINE_LOCK = threading.Lock()  # a dask worker may run several threads


@dataclass
class ShardReport:
    index: int
    shard: str
    articles: int = 0
    duplicates: int = 0
    events: int = 0
    rejected: int = 0
    rejections: list[str] = field(default_factory=list)
    articles_file: str = ""
    pipeline_version: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def shard_stem(index: int, shard: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", Path(shard).name)[:80] or "shard"
    return f"{index:05d}-{stem}"


def _pipeline(spec: PipelineSpec) -> Any:
    key = repr(spec)
    if key not in _PIPELINES:  # once per worker process
        _PIPELINES[key] = spec.build()
    return _PIPELINES[key]


def process_shard(
    index: int,
    shard: str,
    out_dir: str,
    spec: PipelineSpec | None = None,
    ingest_options: dict[str, Any] | None = None,
    batch_size: int = 64,
) -> ShardReport:
    """Read, clean, extract one shard; write its two Parquet files to `out_dir`."""
    try:
        return _process_shard(index, shard, out_dir, spec, ingest_options, batch_size)
    except ChroniclerError as exc:  # travel back to the client with its catalogue code
        raise WorkerFailure(exc.spec, {k: str(v) for k, v in exc.details.items()}) from None


def _process_shard(
    index: int,
    shard: str,
    out_dir: str,
    spec: PipelineSpec | None,
    ingest_options: dict[str, Any] | None,
    batch_size: int,
) -> ShardReport:
    from chronicler.ingest import IngestOptions, ingest, iter_documents
    from chronicler.store.repo import Store

    spec = spec or PipelineSpec()
    options = IngestOptions(**(ingest_options or {}))
    options.strict = False  # one bad record must not lose the shard
    report = ShardReport(index=index, shard=shard)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory(prefix="chronicler-shard-") as scratch,
        Store(str(Path(scratch) / "shard.sqlite")) as store,
    ):
        ingested = ingest(store, iter_documents([shard], options), options)
        report.articles = ingested.ingested
        report.duplicates = ingested.duplicate
        report.rejected = len(ingested.rejected)
        report.rejections = [r.message() for r in ingested.rejected[:MAX_REJECTIONS_REPORTED]]
        with _PIPELINE_LOCK:
            pipeline = _pipeline(spec)
            processed = process_pending(store, pipeline, batch_size=batch_size, workers=1)
        report.events = processed.events
        report.pipeline_version = processed.pipeline_version
        stem = Path(out_dir) / shard_stem(index, shard)
        _write_events(store, ingested.article_ids, f"{stem}{EVENTS_SUFFIX}")
        _write_articles(store, ingested.article_ids, f"{stem}{ARTICLES_SUFFIX}",
                        processed.pipeline_version)
        report.articles_file = f"{stem}{ARTICLES_SUFFIX}"
    return report


def _chunks(ids: list[str]) -> Any:
    for start in range(0, len(ids), ROW_GROUP):
        yield ids[start : start + ROW_GROUP]


def _write_articles(store: Any, ids: list[str], path: str, version: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema(
        [("seq", pa.int64()), ("id", pa.string()), ("processed", pa.bool_()), ("article", pa.string())],
        metadata={"pipeline_version": version},
    )
    seq = 0
    with _atomic(path) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        for chunk in _chunks(ids):
            by_id = store.get_articles(chunk)
            rows: dict[str, list[Any]] = {"seq": [], "id": [], "processed": [], "article": []}
            for article_id in chunk:
                article = by_id[article_id]
                rows["seq"].append(seq)
                rows["id"].append(article_id)
                rows["processed"].append(article.processed_version == version)
                rows["article"].append(article.model_copy(update={"processed_version": None})
                                       .model_dump_json())
                seq += 1
            writer.write_table(pa.table(rows, schema=schema))


def _write_events(store: Any, ids: list[str], path: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("article_id", pa.string()), ("id", pa.string()), ("event", pa.string())])
    with _atomic(path) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        for chunk in _chunks(ids):
            rows: dict[str, list[str]] = {"article_id": [], "id": [], "event": []}
            for article_id in chunk:
                for event in store.events_for_article(article_id):
                    rows["article_id"].append(article_id)
                    rows["id"].append(event.id)
                    rows["event"].append(event.model_dump_json())
            writer.write_table(pa.table(rows, schema=schema))


class _atomic:
    """Write to `path + .tmp`, rename on success, remove on failure."""

    def __init__(self, path: str) -> None:
        self.path, self.tmp = path, path + ".tmp"

    def __enter__(self) -> str:
        return self.tmp

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        if exc_type is None:
            os.replace(self.tmp, self.path)
        elif os.path.exists(self.tmp):
            os.remove(self.tmp)
