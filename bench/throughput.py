"""Throughput benchmark: the whole pipeline (ingest → extract → store) on real news.

Reads ../shared/data/polnear/train/*.txt (840 articles), replicates them to
--n stories (each copy gets a one-line marker so that its id differs and
ingest does not deduplicate it away), ingests them into a fresh SQLite file,
runs `process` (all components, worker processes) and prints stories/s,
words/s, peak memory and the time per stage. In the same run it parses a
sample of the same corpus with a bare `spacy.load(model).pipe()` as the
reference. --scale 1,4,16 adds the linear-scaling table.

    python bench/throughput.py                      # 20,000 stories, one worker per core
    python bench/throughput.py --n 2000 --workers 1
    python bench/throughput.py --n 0 --scale 1,4,16 --base 500
    /usr/bin/time -v python bench/throughput.py --n 5000   # independent peak-RSS check

Writes bench/results/<date>-throughput-<label>.md with the machine description.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shared_paths import REPO, shared_dir

SHARED = shared_dir()
CORPUS = SHARED / "data" / "polnear" / "train"
RESULTS = REPO / "bench" / "results"


# --- corpus -------------------------------------------------------------------------


def load_corpus() -> list[dict[str, Any]]:
    """The 840 training articles with outlet and date taken from the file name."""
    records = []
    for path in sorted(CORPUS.glob("*.txt")):
        outlet, date, _ = (path.stem.split("_", 2) + ["", ""])[:3]
        records.append({"text": path.read_text(encoding="utf-8"), "outlet": outlet,
                        "published": date or None, "file": path.name})
    if not records:
        sys.exit(f"no corpus at {CORPUS}")
    # A fixed shuffle, so that the first n stories of any size mix all outlets
    # (their articles differ in length) and sizes are comparable.
    random.Random(7).shuffle(records)
    return records


def replicate(corpus: list[dict[str, Any]], n: int) -> Iterator[dict[str, Any]]:
    """n stories: copy k of article j ends with a marker line, so every copy has its own id."""
    for i in range(n):
        copy, j = divmod(i, len(corpus))
        record = dict(corpus[j])
        record["text"] = f"{record['text'].rstrip()}\n\nArchive copy {copy}-{j}."
        record["id"] = f"{record['file']}#{copy}"
        yield record


def write_jsonl(records: Iterator[dict[str, Any]], path: Path) -> tuple[int, int]:
    stories = words = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            stories += 1
            words += len(record["text"].split())
    return stories, words


# --- memory ---------------------------------------------------------------------------


class TreeRSS(threading.Thread):
    """Samples the summed RSS of this process and all its descendants (Linux /proc)."""

    def __init__(self, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.interval, self.peak, self._done = interval, 0, threading.Event()

    def run(self) -> None:
        while not self._done.wait(self.interval):
            self.peak = max(self.peak, tree_rss(os.getpid()))

    def stop(self) -> int:
        self._done.set()
        self.join()
        return self.peak


def tree_rss(root: int) -> int:
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
            rss[int(entry.name)] = int(fields[21]) * resource.getpagesize()
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def own_peak_rss() -> int:
    """Peak RSS (bytes) of this process alone (workers are sampled by TreeRSS)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


# --- one full run ---------------------------------------------------------------------


@dataclass
class RunResult:
    stories: int
    words: int
    events: int
    wall: float
    ingest: float
    process: float
    workers: int
    peak_tree_rss: int
    cpu: float  # CPU seconds of this process and its workers
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def stories_per_s(self) -> float:
        return self.stories / self.wall

    @property
    def cpu_bound_per_s(self) -> float:
        """Stories/s if the workers had their cores to themselves (CPU time, not wall)."""
        return self.stories / (self.cpu / max(1, min(self.workers, usable_cores())))


def usable_cores() -> int:
    return len(os.sched_getaffinity(0))


def cpu_seconds() -> float:
    """User + system CPU of this process."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    return own.ru_utime + own.ru_stime


def full_run(corpus: list[dict[str, Any]], n: int, args: argparse.Namespace) -> RunResult:
    from chronicler.ingest import IngestOptions, ingest, iter_documents
    from chronicler.process import PipelineSpec, process_pending
    from chronicler.store import Store

    with tempfile.TemporaryDirectory(prefix="chronicler-bench-") as tmp:
        source = Path(tmp) / "stories.jsonl"
        stories, words = write_jsonl(replicate(corpus, n), source)
        monitor = TreeRSS()
        monitor.start()
        cpu_start = cpu_seconds()
        started = time.perf_counter()
        options = IngestOptions(batch_size=500)
        with Store(str(Path(tmp) / "bench.sqlite")) as store:
            report = ingest(store, iter_documents([str(source)], options), options)
            assert report.ingested == stories, f"ingest kept {report.ingested} of {stories}: {report.summary()}"
            ingested = time.perf_counter()
            processed = process_pending(store, batch_size=args.batch_size, workers=args.workers,
                                        spec=PipelineSpec(config=pipeline_config(args)),
                                        on_batch=progress(stories, started))
            done = time.perf_counter()
        cpu = cpu_seconds() - cpu_start
        if processed.workers > 1:
            # Workers are forked by the forkserver, not by us, so getrusage does
            # not see them; they time their own extraction with process_time.
            cpu += sum(v for k, v in processed.stage_seconds.items() if k not in ("read", "store"))
        peak = monitor.stop()
    return RunResult(stories=stories, words=words, events=processed.events, wall=done - started,
                     ingest=ingested - started, process=done - ingested, workers=processed.workers,
                     peak_tree_rss=peak, cpu=cpu, stages=processed.stage_seconds)


def progress(total: int, started: float) -> Any:
    done = 0

    def report(n: int) -> None:
        nonlocal done
        before, done = done, done + n
        if done * 10 // total != before * 10 // total:
            print(f"  {done:,}/{total:,} stories, {time.perf_counter() - started:.0f} s, "
                  f"tree RSS {gib(tree_rss(os.getpid()))}", file=sys.stderr, flush=True)

    return report


def pipeline_config(args: argparse.Namespace) -> dict[str, Any]:
    from chronicler.pipeline import DEFAULT_CONFIG, registered

    components = list(DEFAULT_CONFIG["components"])
    if args.available_only:  # while components are still being written
        components = [c for c in components if c in registered()]
    config: dict[str, Any] = {"components": components, "config": DEFAULT_CONFIG.get("config", {})}
    if args.prefilter:
        config["prefilter"] = True
    return config


# --- bare spaCy reference ------------------------------------------------------------------


def bare_spacy(corpus: list[dict[str, Any]], n: int, batch_size: int) -> tuple[float, float, int]:
    """Wall and CPU seconds, and words, for `spacy.load(model).pipe()` over n stories, one process."""
    import spacy

    from chronicler.config import Settings

    nlp = spacy.load(Settings().spacy_model)
    texts = [r["text"] for r in replicate(corpus, n)]
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return (time.perf_counter() - started, time.process_time() - cpu,
            sum(len(t.split()) for t in texts))


# --- report ------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    import spacy

    from chronicler.config import Settings

    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    model = Settings().spacy_model
    try:
        model_version = spacy.util.get_package_version(model) or "?"
    except Exception:  # noqa: BLE001 - description only
        model_version = "?"
    return {
        "cpu": cpu,
        "cores": f"{os.cpu_count()} (usable: {len(os.sched_getaffinity(0))})",
        "ram": f"{mem_kb / 1024**2:.1f} GiB",
        "os": platform.platform(),
        "python": platform.python_version(),
        "spacy": f"{spacy.__version__}, model {model} {model_version}",
        "load average at start": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def gib(n: int) -> str:
    return f"{n / 1024**3:.2f} GiB"


def run_table(result: RunResult) -> list[str]:
    lines = [
        f"stories: {result.stories:,}  words: {result.words:,}  events: {result.events:,}  "
        f"workers: {result.workers}",
        f"wall: {result.wall:.1f} s (ingest {result.ingest:.1f} s, process {result.process:.1f} s)",
        f"**{result.stories_per_s:.1f} stories/s, {result.words / result.wall:,.0f} words/s** end to end",
        f"CPU: {result.cpu:.1f} s = {1000 * result.cpu / result.stories:.1f} ms/story; "
        f"CPU-bound rate on {min(result.workers, usable_cores())} dedicated cores: "
        f"{result.cpu_bound_per_s:.1f} stories/s",
        f"peak RSS, this process and all workers together (sampled): {gib(result.peak_tree_rss)}",
        "",
        "| stage | seconds | ms/story | clock |",
        "|---|---:|---:|---|",
        f"| ingest (read, clean, language, insert) | {result.ingest:.1f} | "
        f"{1000 * result.ingest / result.stories:.2f} | wall, parent |",
    ]
    parent = {"read", "store"}
    order = ["read", "parse"] + [s for s in result.stages if s not in ("read", "parse", "store")] + ["store"]
    for stage in order:
        seconds = result.stages.get(stage, 0.0)
        clock = "wall, parent" if stage in parent else "CPU, summed over workers"
        lines.append(f"| {stage} | {seconds:.1f} | {1000 * seconds / result.stories:.2f} | {clock} |")
    return lines


def scale_table(rows: list[tuple[int, RunResult]], base: int) -> list[str]:
    lines = ["| size | stories | words | wall s | wall ms/story | CPU ms/story | CPU ms/1k words | "
             "stories/s | peak RSS |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for factor, result in rows:
        lines.append(f"| {factor}× | {result.stories:,} | {result.words:,} | {result.wall:.1f} | "
                     f"{1000 * result.wall / result.stories:.2f} | {1000 * result.cpu / result.stories:.2f} | "
                     f"{1e6 * result.cpu / result.words:.1f} | "
                     f"{result.stories_per_s:.1f} | {gib(result.peak_tree_rss)} |")
    return lines


def main() -> None:
    args = parse_args()
    corpus = load_corpus()
    info = machine()
    out: list[str] = [f"# Throughput benchmark, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC", "",
                      "Command: `python bench/throughput.py " + " ".join(sys.argv[1:]) + "`", "",
                      "## Machine", ""]
    out += [f"- {k}: {v}" for k, v in info.items()]
    result = None
    if args.n:
        result = full_run(corpus, args.n, args)
        out += ["", "## Full pipeline", ""] + run_table(result)
    if args.scale:
        factors = [int(f) for f in args.scale.split(",")]
        rows = [(f, full_run(corpus, f * args.base, args)) for f in factors]
        out += ["", f"## Linear scaling (base {args.base} stories)", ""] + scale_table(rows, args.base)
    out += ["", f"getrusage peak RSS of the parent process: {gib(own_peak_rss())}"]
    if args.ref_n:
        seconds, ref_cpu, words = bare_spacy(corpus, args.ref_n, args.batch_size)
        rate = args.ref_n / seconds
        out += ["", "## Reference: bare spaCy", "",
                f"`spacy.load(model).pipe()` over the first {args.ref_n} stories, one process: "
                f"{seconds:.1f} s, {rate:.1f} stories/s, {words / seconds:,.0f} words/s; "
                f"CPU {1000 * ref_cpu / args.ref_n:.1f} ms/story"]
        if result:
            out.append(f"full pipeline / bare spaCy: {result.stories_per_s / rate:.2f}× the stories/s "
                       f"({result.stories_per_s / result.workers / rate:.2f}× per worker); "
                       f"CPU per story: {result.cpu / result.stories / (ref_cpu / args.ref_n):.2f}× bare spaCy")
    out += ["", f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"]
    text = "\n".join(out) + "\n"
    print(text)
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        label = args.label or (f"n{args.n}" if args.n else "scale")
        path = RESULTS / f"{dt.date.today():%Y-%m-%d}-throughput-{label}.md"
        path.write_text(text, encoding="utf-8")
        print(f"written to {path.relative_to(REPO)}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=20_000, help="stories in the full run (0: skip it)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--batch-size", type=int, default=64, help="articles per batch")
    parser.add_argument("--scale", default="", help="factors for the scaling table, e.g. 1,4,16")
    parser.add_argument("--base", type=int, default=500, help="stories at 1× in the scaling table")
    parser.add_argument("--ref-n", type=int, default=840,
                        help="stories for the bare spaCy reference (0: skip; default one copy of the corpus)")
    parser.add_argument("--prefilter", action="store_true", help="parse only candidate sentences")
    parser.add_argument("--available-only", action="store_true",
                        help="use only the default components that are installed")
    parser.add_argument("--label", default="", help="suffix of the results file name")
    parser.add_argument("--no-write", action="store_true", help="print only, write no results file")
    return parser.parse_args()


if __name__ == "__main__":
    main()
