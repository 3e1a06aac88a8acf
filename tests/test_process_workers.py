"""The process stage with worker processes: same output as one process, bounded, clear errors.

A toy component (registered below and imported by the workers as a plugin)
keeps these tests independent of the real extractors and fast: the spaCy
model is `blank:en`, a tokenizer only.
"""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from chronicler import process
from chronicler.errors import ChroniclerError
from chronicler.pipeline import DocContext, component, event_id
from chronicler.process import (
    BATCHES_PER_WORKER,
    IN_FLIGHT_PER_WORKER,
    NLP_BATCH_SIZE,
    PipelineSpec,
    balanced_batch_size,
    parallel_extract,
    process_pending,
)
from chronicler.records import Event, Span
from chronicler.store import Store
from chronicler.version import PIPELINE_VERSION
from tests.factories import make_article

TRIGGERS = {"raided": "ASSAULT", "arrested": "COERCE", "deployed": "MOBILIZE"}


@component("toy_triggers")
def toy_triggers() -> Any:
    def run(ctx: DocContext) -> None:
        for token in ctx.doc:
            event_type = TRIGGERS.get(token.lower_)
            if event_type is None:
                continue
            start, end = token.idx, token.idx + len(token)
            ctx.events.append(
                Event(
                    id=event_id(ctx.article_id, start, end, event_type),
                    article_id=ctx.article_id,
                    event_type=event_type,
                    trigger=Span(start=start, end=end, text=token.text),
                    sentence=Span(start=0, end=len(ctx.text), text=ctx.text),
                    pipeline_version=PIPELINE_VERSION,
                )
            )

    return run


TOY = PipelineSpec(config={"components": ["toy_triggers"]}, model="blank:en",
                   plugins=("tests.test_process_workers",))

PLACES = ["Culiacán", "Tijuana", "Reynosa", "Matamoros", "Juárez", "Uruapan"]


def _stories(n: int) -> list[str]:
    return [
        f"Soldiers raided a ranch near {PLACES[i % len(PLACES)]} on day {i}, and police "
        f"arrested {i % 5 + 1} suspects. Officials said more troops were deployed. (story {i})"
        for i in range(n)
    ]


def _fill(url: str, n: int) -> Store:
    store = Store(url)
    store.add_articles([make_article(text) for text in _stories(n)])
    return store


def _dump(store: Store) -> list[tuple[str, str, Any]]:
    return sorted((e.article_id, e.id, e.model_dump(mode="json")) for e in store.iter_events())


def test_workers_store_exactly_what_one_process_stores(tmp_path: Path) -> None:
    with _fill(str(tmp_path / "one.sqlite"), 40) as one, _fill(str(tmp_path / "two.sqlite"), 40) as two:
        single = process_pending(one, batch_size=8, workers=1, spec=TOY)
        multi = process_pending(two, batch_size=8, workers=2, spec=TOY)
        assert multi.workers == 2 and single.workers == 1
        assert single.articles == multi.articles == 40
        assert single.events == multi.events == 120
        assert _dump(one) == _dump(two)
        assert two.pending_article_ids(PIPELINE_VERSION) == []
        # stage timings are reported for the parse, each component and the store
        assert {"parse", "toy_triggers", "store", "read"} <= set(multi.stage_seconds)


def test_rerun_processes_nothing_and_reprocess_everything(tmp_path: Path) -> None:
    with _fill(str(tmp_path / "db.sqlite"), 20) as store:
        process_pending(store, batch_size=4, workers=2, spec=TOY)
        assert process_pending(store, batch_size=4, workers=2, spec=TOY).articles == 0
        again = process_pending(store, batch_size=4, workers=2, spec=TOY, reprocess=True)
        assert again.articles == 20 and again.events == 60
        assert store.stats()["events"] == 60


def test_batches_are_cut_so_workers_finish_together() -> None:
    """300 stories in batches of 64 left one of two workers 44 stories behind; cut into
    several batches a worker, the last one to finish is at most one small batch behind."""
    size = balanced_batch_size(300, 64, workers=2)
    assert -(-300 // size) >= 2 * BATCHES_PER_WORKER and size < 64
    assert balanced_batch_size(300, 64, workers=1) == 64  # one process: as asked
    assert balanced_batch_size(20_000, 64, workers=2) == 64  # big runs: as asked
    assert balanced_batch_size(20, 64, workers=4) == NLP_BATCH_SIZE  # never below a minibatch


def test_in_flight_batches_are_bounded() -> None:
    """The parent pulls input only as results come back: at most 2 × workers ahead."""
    pulled = 0
    yielded = 0
    worst = 0

    def batches() -> Any:
        nonlocal pulled
        for text in _stories(30):
            pulled += 1
            yield [(make_article(text).id, text, None)]

    for _results, _clock, _failures in parallel_extract(batches(), TOY, workers=2):
        yielded += 1
        worst = max(worst, pulled - yielded)
    assert yielded == 30
    assert worst <= IN_FLIGHT_PER_WORKER * 2


def test_unknown_component_is_a_catalogue_error_before_workers_start(tmp_path: Path) -> None:
    bad = PipelineSpec(config={"components": ["no_such_component"]}, model="blank:en")
    with _fill(str(tmp_path / "db.sqlite"), 20) as store:
        with pytest.raises(ChroniclerError) as info:
            process_pending(store, batch_size=4, workers=2, spec=bad)
        assert info.value.code == "E303"
        assert store.stats()["articles_processed"] == 0


def test_error_inside_a_worker_keeps_its_catalogue_code(tmp_path: Path) -> None:
    missing = PipelineSpec(config={"components": ["toy_triggers"]}, model="no_such_model_pkg",
                           plugins=TOY.plugins)
    with _fill(str(tmp_path / "db.sqlite"), 20) as store:
        with pytest.raises(ChroniclerError) as info:
            process_pending(store, batch_size=4, workers=2, spec=missing)
        assert info.value.code == "E301"
        assert store.stats()["articles_processed"] == 0


def test_a_built_pipeline_runs_in_process(tmp_path: Path) -> None:
    pipeline = TOY.build()
    with _fill(str(tmp_path / "db.sqlite"), 20) as store:
        report = process_pending(store, pipeline, batch_size=4, workers=4)
        assert report.workers == 1 and report.events == 60


KILL_SCRIPT = """
import sys, time
from chronicler.process import process_pending
from chronicler.store import Store
from tests.test_process_workers import TOY
with Store(sys.argv[1]) as store:
    process_pending(store, batch_size=5, workers=2, spec=TOY,
                    on_batch=lambda n: (print('batch', flush=True), time.sleep(0.2)))
"""


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                found.append(int(entry.name))
    return found


def _children_of_forkserver(pid: int) -> list[int]:
    return [w for child in _children(pid) for w in _children(child)]


def _wait_gone(pids: list[int], timeout: float = 15.0) -> None:
    import time

    deadline = time.monotonic() + timeout
    while any(Path(f"/proc/{p}").exists() and "Z" not in _state(p) for p in pids):
        assert time.monotonic() < deadline, f"orphaned workers still running: {pids}"
        time.sleep(0.2)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_sigkill_mid_run_leaves_whole_batches_and_a_rerun_finishes(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    db = str(tmp_path / "db.sqlite")
    _fill(db, 200).close()
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, db], stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    assert proc.stdout is not None
    for _ in range(5):  # let a few batches commit, then kill the parent hard
        assert proc.stdout.readline().strip() == "batch"
    workers = _children_of_forkserver(proc.pid)
    assert len(workers) == 2
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    _wait_gone(workers)  # the workers notice and exit: no orphans
    with Store(db) as store:
        done = store.stats()["articles_processed"]
        assert 25 <= done < 200 and done % 5 == 0  # whole batches only
        assert store.stats()["events"] == 3 * done  # every processed article has all its events
        rerun = process_pending(store, batch_size=5, workers=2, spec=TOY)
        assert rerun.articles == 200 - done
        assert store.stats()["events"] == 600 and store.pending_article_ids(PIPELINE_VERSION) == []


def test_a_pipeline_worker_does_not_import_the_store() -> None:
    """Workers import chronicler.process for their task; SQLAlchemy (about 0.2 s of CPU a
    worker) must stay out of them."""
    code = "import sys, chronicler.process; print('sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_worker_freezes_its_pipeline_out_of_the_collector() -> None:
    """Built once, the pipeline stays for the worker's life: full collections skip it."""
    saved = process._WORKER_PIPELINE
    process._WORKER_PIPELINE = None
    gc.unfreeze()
    try:
        results, _, failures = process._worker_extract(TOY, process.to_items([make_article(_stories(1)[0])]))
        assert gc.get_freeze_count() > 0 and process._WORKER_PIPELINE is not None
        assert failures == [] and len(results[0][1]) == 3
    finally:
        gc.unfreeze()
        process._WORKER_PIPELINE = saved
