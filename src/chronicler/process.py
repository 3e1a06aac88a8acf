"""The `process` stage: extract events from stored articles that need it, in batches.

An article needs processing when it has never been processed or was processed
by another pipeline version. Each batch's events replace the article's old
events and mark it processed in one transaction, so an interrupted run simply
resumes where the last committed batch ended.

With `workers > 1` extraction runs in worker processes, each of which builds
the pipeline once (spaCy model and lexicons) and then serves batches. The
parent reads articles, hands out batches and writes results; it never holds
more than `2 × workers` batches in flight, so memory stays bounded whatever
the size of the archive. Results are written in input order, so a run with
workers stores exactly what a single-process run stores.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import multiprocessing
import os
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from chronicler.errors import ChroniclerError, E, ErrorSpec
from chronicler.pipeline import Input, LegacyItem, as_input
from chronicler.records import Article, Event
from chronicler.version import PIPELINE_VERSION

if TYPE_CHECKING:  # workers import this module and never touch the store: SQLAlchemy (about
    # 0.2 s of CPU to import) stays out of them
    from chronicler.store.repo import Store

log = logging.getLogger(__name__)

Item = Input  # one article as the pipeline receives it
Results = list[tuple[str, list[Event]]]
Timings = defaultdict[str, float]  # seconds per stage
Failures = list[tuple[str, str, str]]  # (article id, error code, detail)
Extracted = tuple[Results, Timings, Failures]

# How many batches each worker may have queued beyond the one it is running:
# enough to keep it busy while the parent writes, few enough to bound memory.
IN_FLIGHT_PER_WORKER = 2
# Documents per spaCy minibatch. The parser's and NER's precomputed features
# take memory in proportion to the tokens of a minibatch (about 7 kB a token
# here): 32 news stories peak at ~0.8 GiB per process, 8 at ~0.4 GiB, for 3%
# more CPU (measured on PolNeAR; docs/performance.md).
NLP_BATCH_SIZE = 8
# With several workers, a run is cut into at least this many batches a worker, so
# that the last worker to finish is at most one small batch behind the others (300
# stories in batches of 64 gave two workers 172 and 128); never below the spaCy
# minibatch, so per-batch costs stay small.
BATCHES_PER_WORKER = 4


def balanced_batch_size(pending: int, batch_size: int, workers: int) -> int:
    """The batch size for `pending` articles over `workers`: `batch_size` at most, and
    small enough that every worker gets `BATCHES_PER_WORKER` batches."""
    if workers <= 1:
        return batch_size
    share = -(-pending // (workers * BATCHES_PER_WORKER))  # ceiling division
    return max(NLP_BATCH_SIZE, min(batch_size, share))


@dataclass
class ProcessReport:
    articles: int = 0
    events: int = 0
    pipeline_version: str = PIPELINE_VERSION
    workers: int = 1
    # Seconds per stage: "parse" and each component are CPU time summed over
    # workers; "read" and "store" are wall time in the parent.
    stage_seconds: Timings = field(default_factory=lambda: defaultdict(float))
    # Articles whose extraction failed: recorded with their code, the batch went on.
    failed: Failures = field(default_factory=list)
    last_batch: int = 0  # articles in the batch stored last (for progress callbacks)

    def summary(self) -> str:
        text = (
            f"{self.articles} articles processed, {self.events} events extracted "
            f"(pipeline {self.pipeline_version}, {self.workers} worker"
            f"{'s' if self.workers != 1 else ''})"
        )
        if self.failed:
            codes = Counter(code for _, code, _ in self.failed)
            text += f"; {len(self.failed)} failed (" + ", ".join(f"{c}×{n}" for c, n in sorted(codes.items())) + ")"
        return text


@dataclass(frozen=True)
class PipelineSpec:
    """What a worker process needs to build the pipeline itself (picklable)."""

    config: dict[str, Any] | None = None
    model: str | None = None
    # Modules that register extra components (plugins); imported before building.
    plugins: tuple[str, ...] = ()

    def build(self) -> Any:
        import importlib

        from chronicler.pipeline import Pipeline

        for module in self.plugins:
            importlib.import_module(module)
        config = self.config
        if config and config.get("prefilter"):
            from chronicler.scale.prefilter import PrefilterPipeline

            return PrefilterPipeline.from_config(config, model=self.model)
        return Pipeline.from_config(config, model=self.model)


def default_workers() -> int:
    """The cores this process may use (the affinity mask, not the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def published_date(article: Article) -> dt.date | None:
    return article.published_at.date() if article.published_at else None


def to_items(articles: Iterable[Article]) -> list[Item]:
    return [
        Input(a.id, a.text, published_date(a), language=a.language or "en", outlet=a.outlet,
              title=a.title)  # fmt: skip
        for a in articles
    ]


def extract_batch(pipeline: Any, articles: list[Article]) -> Results:
    return extract_items(pipeline, to_items(articles))[0]


def extract_items(
    pipeline: Any, items: Sequence[Item], nlp_batch_size: int = NLP_BATCH_SIZE
) -> tuple[Results, Timings]:
    """Run the pipeline over a batch; returns the results and CPU seconds per stage."""
    clock: Timings = defaultdict(float)
    started = time.process_time()
    with _timed_components(pipeline, clock):
        contexts = pipeline.run(list(items), batch_size=nlp_batch_size)
        results = [(ctx.article_id, ctx.events) for ctx in contexts]
    # spaCy parses lazily inside the generator, so whatever the components did
    # not use is parsing (and building the contexts).
    clock["parse"] += time.process_time() - started - sum(clock.values())
    return results, clock


def extract_guarded(
    pipeline: Any, items: Sequence[Item | LegacyItem], nlp_batch_size: int = NLP_BATCH_SIZE
) -> Extracted:
    """`extract_items`, with each article's failure isolated: recorded with a code, never fatal.

    A text over the model's `max_length` is refused up front (E114). When the
    batch raises, its articles are run one by one so that only the culprit
    fails (E115); the others keep their events. Catalogue errors (a missing
    model, a broken knowledge base) are not about one article and propagate.
    """
    limit = getattr(getattr(pipeline, "nlp", None), "max_length", None)
    failures: Failures = []
    runnable: list[Item] = []
    for item in map(as_input, items):
        if isinstance(limit, int) and len(item.text) > limit:
            failures.append((item.article_id, E.TOO_LONG.code, f"{len(item.text)} characters > the model's max_length {limit}"))
        else:
            runnable.append(item)
    try:
        results, clock = extract_items(pipeline, runnable, nlp_batch_size)
    except ChroniclerError:
        raise
    except Exception:  # noqa: BLE001 - find the article that broke the batch
        results, clock = [], defaultdict(float)
        for item in runnable:
            try:
                one, spent = extract_items(pipeline, [item], nlp_batch_size)
            except ChroniclerError:
                raise
            except Exception as exc:  # noqa: BLE001 - one bad article must not stop the batch
                log.warning("extraction failed on article %s", item.article_id, exc_info=True)
                failures.append((item.article_id, E.PROCESS_FAILED.code, _describe(exc)))
                continue
            results.extend(one)
            for stage, seconds in spent.items():
                clock[stage] += seconds
    return results, clock, failures


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    first = text.splitlines()[0][:300] if text else ""
    return f"{type(exc).__name__}: {first}".rstrip(": ")


@contextlib.contextmanager
def _timed_components(pipeline: Any, clock: Timings) -> Iterator[None]:
    components = getattr(pipeline, "components", None)
    if not isinstance(components, list):
        yield
        return
    original = list(components)

    def timed(name: str, comp: Callable[[Any], None]) -> Callable[[Any], None]:
        def run(ctx: Any) -> None:
            start = time.process_time()
            try:
                comp(ctx)
            finally:
                clock[name] += time.process_time() - start

        return run

    components[:] = [(name, timed(name, comp)) for name, comp in original]
    try:
        yield
    finally:
        components[:] = original


# --- worker processes -----------------------------------------------------------

_WORKER_PIPELINE: Any = None


class WorkerFailure(Exception):
    """A catalogue error raised in a worker, in a form that survives pickling."""

    def __init__(self, spec: ErrorSpec, details: dict[str, Any]) -> None:
        super().__init__(spec, details)
        self.spec, self.details = spec, details


def _worker_extract(spec: PipelineSpec, items: list[Item]) -> Extracted:
    global _WORKER_PIPELINE
    try:
        if _WORKER_PIPELINE is None:  # once per worker process
            _WORKER_PIPELINE = spec.build()
            # The pipeline (model, gazetteer, lexicons) lives as long as the worker: out of
            # the garbage collector's full passes, which would walk all of it each time
            # (0.47 -> 0.10 s of CPU over 150 stories; docs/performance.md).
            gc.freeze()
        return extract_guarded(_WORKER_PIPELINE, items)
    except ChroniclerError as exc:
        raise WorkerFailure(exc.spec, {k: str(v) for k, v in exc.details.items()}) from None


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: exit when the parent dies (even by SIGKILL).

    A pool worker holds both ends of its task queue, so it never sees EOF
    when the parent is killed; without this it would wait forever.
    """
    import threading

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _mp_context() -> Any:
    # Not fork: the parent may run threads (progress bar, database pool), and a
    # forked copy of a held lock deadlocks. forkserver starts clean and cheaply.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def parallel_extract(
    batches: Iterable[list[Item]], spec: PipelineSpec, workers: int
) -> Iterator[Extracted]:
    """Extract batches in worker processes; yields results in input order.

    At most `IN_FLIGHT_PER_WORKER × workers` batches are submitted and not yet
    yielded, so the parent's memory does not grow with the input.
    """
    limit = IN_FLIGHT_PER_WORKER * workers
    with ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(),
                             initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
        window: deque[Future[Extracted]] = deque()
        try:
            for batch in batches:
                window.append(pool.submit(_worker_extract, spec, batch))
                if len(window) >= limit:
                    yield _result(window.popleft())
            while window:
                yield _result(window.popleft())
        finally:
            for pending in window:
                pending.cancel()


def _result(future: Future[Extracted]) -> Extracted:
    try:
        return future.result()
    except WorkerFailure as exc:
        raise ChroniclerError(exc.spec, **exc.details) from None


# --- the stage ------------------------------------------------------------------


def process_pending(
    store: Store,
    pipeline: Any = None,
    *,
    batch_size: int = 64,
    reprocess: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_batch: Callable[[int], None] | None = None,
    workers: int | None = 1,
    spec: PipelineSpec | None = None,
) -> ProcessReport:
    """Extract and store events for every article that needs it.

    `pipeline`: a built pipeline, run in this process. Otherwise the pipeline
    is built from `spec` (default config), in `workers` processes when
    `workers > 1` (None: one per core) and there is more than one batch.
    """
    workers = default_workers() if workers is None else max(1, workers)
    spec = spec or PipelineSpec()
    version = getattr(pipeline, "version", PIPELINE_VERSION)
    pending = store.pending_article_ids(version, reprocess=reprocess)
    if pipeline is not None or len(pending) <= batch_size:
        workers = 1
    report = ProcessReport(pipeline_version=version, workers=workers)
    if on_start:
        on_start(len(pending))
    if not pending:
        return report
    batch_size = balanced_batch_size(len(pending), batch_size, workers)
    batches = _read_batches(store, pending, batch_size, report.stage_seconds)
    if workers == 1:
        pipeline = pipeline if pipeline is not None else spec.build()
        extracted: Iterable[Extracted] = (
            extract_guarded(pipeline, batch) for batch in batches
        )
    else:
        check_spec(spec)
        extracted = parallel_extract(batches, spec, workers)
    try:
        for results, clock, failures in extracted:
            _store_batch(store, report, version, reprocess, results, clock, failures)
            if on_batch:
                on_batch(report.last_batch)
    finally:
        # Close the worker pool here, in this thread, when storing fails (a full
        # disk): left to the garbage collector, the generator's cleanup can run in
        # the pool's own manager thread, which cannot join itself.
        close = getattr(extracted, "close", None)
        if close is not None:
            close()
    return report


def _store_batch(store: Store, report: ProcessReport, version: str, reprocess: bool, results: Results,
                 clock: Timings, failures: Failures) -> None:  # fmt: skip
    for stage, seconds in clock.items():
        report.stage_seconds[stage] += seconds
    started = time.perf_counter()
    if failures:
        # Recorded first, then marked processed (with no events) with the
        # rest of the batch: the queue moves on, and the reason is kept.
        record_failures(store, failures, version)
        report.failed.extend(failures)
        results = results + [(article_id, []) for article_id, _, _ in failures]
    report.events += store.save_extraction(results, version)
    if reprocess or failures:
        forget_failures(store, [aid for aid, _ in results[: len(results) - len(failures)]])
    report.stage_seconds["store"] += time.perf_counter() - started
    report.articles += len(results) - len(failures)
    report.last_batch = len(results)


FAILURE_KEY = "process_failed:"  # chronicler_meta key prefix, one row per failed article


def record_failures(store: Store, failures: Failures, version: str) -> None:
    """Keep why each article failed, in chronicler_meta (no schema change needed)."""
    import json

    import sqlalchemy as sa

    from chronicler.store import tables as t
    from chronicler.store.db import db_errors

    keys = [FAILURE_KEY + article_id for article_id, _, _ in failures]
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    rows = [{"key": FAILURE_KEY + aid, "value": json.dumps({"code": code, "detail": detail, "version": version, "at": at})}
            for aid, code, detail in failures]
    with db_errors(store.url), store.engine.begin() as conn:
        conn.execute(sa.delete(t.meta).where(t.meta.c.key.in_(keys)))
        conn.execute(sa.insert(t.meta), rows)


def forget_failures(store: Store, article_ids: list[str]) -> None:
    """Drop the failure records of articles that have now been processed."""
    import sqlalchemy as sa

    from chronicler.store import tables as t
    from chronicler.store.db import db_errors

    if not article_ids:
        return
    with db_errors(store.url), store.engine.begin() as conn:
        for start in range(0, len(article_ids), 500):
            chunk = [FAILURE_KEY + aid for aid in article_ids[start : start + 500]]
            conn.execute(sa.delete(t.meta).where(t.meta.c.key.in_(chunk)))


def recorded_failures(store: Store) -> dict[str, dict[str, str]]:
    """Article id → {code, detail, version, at} for every article whose extraction failed."""
    import json

    import sqlalchemy as sa

    from chronicler.store import tables as t
    from chronicler.store.db import db_errors

    with db_errors(store.url), store.engine.connect() as conn:
        rows = conn.execute(sa.select(t.meta.c.key, t.meta.c.value).where(t.meta.c.key.like(FAILURE_KEY + "%")))
        return {key[len(FAILURE_KEY):]: json.loads(value) for key, value in rows}


def _read_batches(
    store: Store, ids: list[str], batch_size: int, clock: Timings
) -> Iterator[list[Item]]:
    for start in range(0, len(ids), batch_size):
        began = time.perf_counter()
        chunk = ids[start : start + batch_size]
        by_id = store.get_articles(chunk)
        items = to_items(by_id[i] for i in chunk if i in by_id)
        clock["read"] += time.perf_counter() - began
        if items:
            yield items


def check_spec(spec: PipelineSpec) -> None:
    """Fail in the parent, with the catalogue message, before starting workers."""
    import importlib

    from chronicler.pipeline import DEFAULT_CONFIG, registered

    for module in spec.plugins:
        importlib.import_module(module)
    names = (spec.config or DEFAULT_CONFIG)["components"]
    available = registered()
    for name in names:
        if name not in available:
            raise ChroniclerError(E.COMPONENT_UNKNOWN, name=name, available=", ".join(available))
