"""Fan a sharded archive out over a dask.distributed cluster.

Why dask: it is pure Python and pip-installable (`pip install
'chronicler[dask]'`), the same `Client` API drives a LocalCluster in tests
and on a laptop and a real cluster (dask-scheduler + dask-worker, SLURM,
Kubernetes); tasks are plain Python functions, so a worker runs exactly the
code a single process runs. One task per shard: the shard is read on the
worker (shared storage), ingested and extracted there, and written as
Parquet next to the other shards; the client only sees small reports.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from chronicler.errors import ChroniclerError, E
from chronicler.process import PipelineSpec
from chronicler.scale.shards import ShardReport, process_shard


def expand_shards(inputs: Iterable[str]) -> list[str]:
    """Files behind the inputs (folders, globs), in a stable order; one shard each."""
    from chronicler.ingest.sources import expand

    shards: list[str] = []
    for name, path in expand(inputs):
        if path is None:
            raise ChroniclerError(E.NOT_FOUND, input=name)
        shards.append(str(path.resolve()))
    return shards


def run_dask(
    shards: list[str],
    out_dir: str | Path,
    *,
    scheduler: str | None = None,
    spec: PipelineSpec | None = None,
    ingest_options: dict[str, Any] | None = None,
    local_workers: int | None = None,
    on_shard: Callable[[ShardReport], None] | None = None,
) -> list[ShardReport]:
    """Process every shard as one task; returns the reports in input order.

    `scheduler`: address of a running dask scheduler (tcp://host:8786); None
    starts a LocalCluster of `local_workers` single-threaded processes.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    out = str(Path(out_dir).resolve())
    Path(out).mkdir(parents=True, exist_ok=True)
    cluster = None
    if scheduler is None:
        from chronicler.process import default_workers

        cluster = LocalCluster(n_workers=local_workers or default_workers(), threads_per_worker=1,
                               processes=True, dashboard_address=None)
    try:
        with Client(scheduler or cluster, timeout="30s") as client:
            futures = client.map(
                process_shard, range(len(shards)), shards, out_dir=out, spec=spec or PipelineSpec(),
                ingest_options=ingest_options, pure=False,
            )
            reports: dict[int, ShardReport] = {}
            for future in as_completed(futures):
                report = _result(future)
                reports[report.index] = report
                if on_shard:
                    on_shard(report)
    except OSError as exc:  # the scheduler cannot be reached
        raise ChroniclerError(E.BAD_OPTION, detail=f"dask scheduler {scheduler}: {exc}") from exc
    finally:
        if cluster is not None:
            cluster.close()
    return [reports[i] for i in range(len(shards))]


def _result(future: Any) -> ShardReport:
    from chronicler.process import WorkerFailure

    try:
        return future.result()
    except WorkerFailure as exc:
        raise ChroniclerError(exc.spec, **exc.details) from None
