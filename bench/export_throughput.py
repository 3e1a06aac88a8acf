"""Export throughput and memory: N invented incidents in a temporary SQLite, each format timed.

    python bench/export_throughput.py --rows 50000 [--redact]

Prints rows/second, output size and the growth of the process's peak RSS during the
exports. The growth does not follow --rows (exports stream in batches); the first Parquet
export adds ~80 MB once, which is pyarrow's libraries loading.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from chronicler import export as X
from chronicler.records import Incident
from chronicler.store import Store, tables
from chronicler.store.repo import _incident_row, utcnow


def template() -> Incident:
    return Incident.model_validate({
        "id": "template", "event_type": "ASSAULT", "mode": "firearms", "status": "occurred", "grade": "fair",
        "date": {"start": "2026-03-10", "precision": "day"},
        "actor": {"text": "gunmen", "canonical": "Unidentified gunmen", "sector": "armed_group"},
        "recipient": {"text": "municipal police", "sector": "police", "country": "MEX"},
        "location": {"text": "Culiacán", "name": "Culiacán", "admin1": "Sinaloa", "country": "MEX",
                     "latitude": 24.8, "longitude": -107.39, "precision": "town"},
        "toll": {"killed": {"low": 2, "best": 3, "high": 4}},
        "sources": [{"article_id": "a" * 32, "outlet": "Wire"}, {"article_id": "b" * 32, "outlet": "Daily"}],
        "first_reported_at": "2026-03-10T18:00:00", "summary": "Gunmen attacked a police patrol (invented).",
        "pipeline_version": "bench",
    })  # fmt: skip


def fill(store: Store, rows: int) -> None:
    row = _incident_row(template(), utcnow())
    with store.engine.begin() as conn:
        for start in range(0, rows, 10_000):
            day = dt.date(2026, 1, 1)
            conn.execute(sa.insert(tables.incidents), [
                {**row, "id": f"inc{n:09d}", "date_start": day + dt.timedelta(days=n % 365),
                 "data": {**row["data"], "id": f"inc{n:09d}"}}
                for n in range(start, min(rows, start + 10_000))
            ])  # fmt: skip


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--batch-size", type=int, default=X.DEFAULT_BATCH)
    parser.add_argument("--formats", default=",".join(X.FORMATS))
    parser.add_argument("--redact", action="store_true", help="with --redact-persons (runs the recogniser)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "bench.sqlite"))
        started = time.perf_counter()
        fill(store, args.rows)
        print(f"filled {args.rows} incidents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        baseline = max_rss_mb()
        print(f"{'format':<8} {'rows':>8} {'seconds':>8} {'rows/s':>8} {'MB out':>8} {'RSS +MB':>8}")
        for fmt in args.formats.split(","):
            out = Path(folder) / f"out.{fmt}"
            started = time.perf_counter()
            with out.open("wb") as handle:
                stats = X.write_export(store, fmt, handle, batch_size=args.batch_size, redact=args.redact)
            seconds = time.perf_counter() - started
            print(f"{fmt:<8} {stats.rows:>8} {seconds:>8.1f} {stats.rows / seconds:>8.0f} "
                  f"{out.stat().st_size / 1e6:>8.1f} {max_rss_mb() - baseline:>8.1f}")  # fmt: skip
        store.close()


if __name__ == "__main__":
    main()
