"""Ingestion throughput: articles per second and CPU ms per article, by input kind.

Generates invented inputs in a temporary folder (JSONL, text files, HTML pages,
an RSS feed, a WARC), ingests each into a fresh SQLite file in-process, and
prints the numbers. A second pass over the same inputs measures the re-run
(everything a duplicate or an already-seen feed item).

    python bench/ingest_throughput.py [--n 2000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ingest_helpers import make_warc, page  # noqa: E402

from chronicler.ingest import IngestOptions, ingest, iter_documents  # noqa: E402
from chronicler.store import Store  # noqa: E402

PLACES = ["Culiacán", "Reynosa", "Tijuana", "Ciudad Juárez", "Nuevo Laredo", "Manzanillo"]


def story(i: int) -> str:
    place = PLACES[i % len(PLACES)]
    return (
        f"{place.upper()} — Officials said {i % 9 + 2} people were detained in {place} on day {i} after "
        "soldiers raided a warehouse, the defence ministry said in a statement. Residents told local "
        "reporters that gunfire was heard for about an hour before the operation ended. " * 3
    )


def make_inputs(root: Path, n: int) -> dict[str, list[str]]:
    (root / "wire.jsonl").write_text("".join(json.dumps({"text": story(i), "title": f"T{i}"}) + "\n" for i in range(n)))
    texts = root / "texts"
    texts.mkdir()
    for i in range(n // 4):
        (texts / f"{i}.txt").write_text(story(10_000 + i))
    pages = root / "pages"
    pages.mkdir()
    for i in range(n // 10):
        (pages / f"{i}.html").write_text(page(f"Page {i}", story(20_000 + i)))
    items = "".join(
        f"<item><title>I{i}</title><guid>g{i}</guid><description>{story(30_000 + i)}</description></item>"
        for i in range(n // 4)
    )
    (root / "feed.rss").write_text(f"<?xml version='1.0'?><rss version='2.0'><channel><title>B</title>{items}</channel></rss>")
    make_warc(root / "crawl.warc.gz", [(f"https://n.example/{i}", page(f"W{i}", story(40_000 + i))) for i in range(n // 10)], gzip=True)
    return {
        "jsonl": [str(root / "wire.jsonl")],
        "text files": [str(texts)],
        "html files": [str(pages)],
        "rss feed": [str(root / "feed.rss")],
        "warc.gz": [str(root / "crawl.warc.gz")],
    }


def measure(store: Store, inputs: list[str]) -> tuple[int, float, float]:
    options = IngestOptions()
    wall, cpu = time.perf_counter(), time.process_time()
    report = ingest(store, iter_documents(inputs, options, store=store), options)
    items = report.ingested + report.duplicate + report.seen + len(report.rejected)
    return items, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    from chronicler.ingest.language import detect_language

    detect_language("warm the language models up before timing anything")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        kinds = make_inputs(root, args.n)
        print(f"{'input':<12} {'pass':<7} {'items':>6} {'items/s':>9} {'CPU ms/item':>12}")
        for kind, inputs in kinds.items():
            with Store(str(root / f"{kind.replace(' ', '_')}.sqlite")) as store:
                for label in ("first", "re-run"):
                    items, wall, cpu = measure(store, inputs)
                    print(f"{kind:<12} {label:<7} {items:>6} {items / wall:>9.0f} {cpu / items * 1000:>12.2f}")


if __name__ == "__main__":
    main()
