"""Scale-out commands: `load` (import Parquet shards) and the dask engine behind `run --engine dask`."""

from __future__ import annotations

import tempfile
from typing import Any

import typer
from rich.markup import escape

from chronicler.cli.app import app, err_console, info, open_store, progress_bar
from chronicler.errors import ChroniclerError, E


@app.command()
def load(
    shards_dir: str = typer.Argument(..., help="Folder of *.articles.parquet / *.events.parquet shards."),
    batch_size: int = typer.Option(500, help="Articles per database transaction."),
) -> None:
    """Import the Parquet shards written by a distributed run into the database.

    Shards are loaded in input order, so the first copy of a repeated story
    wins, as in a single-process run. Loading twice changes nothing.
    Example: `chronicler --db postgresql://db/news load /shared/run-2026-11/`.
    """
    with open_store() as store:
        _load(store, shards_dir, batch_size)


def _load(store: Any, shards_dir: str, batch_size: int) -> Any:
    from chronicler.cli.core_cmds import _update_incidents
    from chronicler.scale.load import load_shards, shard_files

    total = len(shard_files(shards_dir))
    with progress_bar("loading shards", total) as advance:
        report = load_shards(store, shards_dir, batch_size=batch_size, on_shard=lambda _: advance())
    info(f"load: {report.summary()}")
    _update_incidents(store)
    return report


def check_distributed_options(engine: str, scheduler: str | None, shards_out: str | None) -> None:
    """The options of `run --engine`, checked before anything is read."""
    if engine != "dask":
        raise ChroniclerError(E.BAD_OPTION, detail=f"unknown engine {engine!r}; choose local or dask")
    if scheduler and not shards_out:
        raise ChroniclerError(
            E.BAD_OPTION,
            detail="--shards-out is required with --scheduler: a folder every worker can write "
            "and this machine can read (shared storage)",
        )


def run_distributed(
    inputs: list[str],
    *,
    engine: str,
    scheduler: str | None,
    shards_out: str | None,
    workers: int | None,
    batch_size: int,
) -> None:
    """`chronicler run --engine dask`: one task per input file, then load the shards."""
    check_distributed_options(engine, scheduler, shards_out)
    _require_dask()
    from chronicler.process import PipelineSpec, check_spec
    from chronicler.scale.dask_engine import expand_shards, run_dask

    check_spec(PipelineSpec())  # fail here, not on every worker
    shards = expand_shards(inputs)
    with tempfile.TemporaryDirectory(prefix="chronicler-shards-") as scratch:
        out = shards_out or scratch
        rejected = 0
        with progress_bar("shards", len(shards)) as advance:

            def on_shard(report: Any) -> None:
                nonlocal rejected
                rejected += report.rejected
                for message in report.rejections:
                    err_console.print(f"[yellow]rejected[/] {escape(str(message))}", markup=True, highlight=False, soft_wrap=True)
                advance()

            reports = run_dask(shards, out, scheduler=scheduler, local_workers=workers,
                               on_shard=on_shard)
        info(f"dask: {len(reports)} shards, {sum(r.articles for r in reports)} articles, "
             f"{sum(r.events for r in reports)} events, {rejected} rejected; shards in {out}")
        with open_store() as store:
            _load(store, out, max(batch_size, 500))
    if rejected:
        raise typer.Exit(1)


def _require_dask() -> None:
    try:
        import dask.distributed  # noqa: F401
    except ImportError as exc:
        raise ChroniclerError(
            E.BAD_OPTION, detail="the dask engine needs dask.distributed: pip install 'chronicler[dask]'"
        ) from exc
