"""CPU per story of each pipeline component, steady state, on parses made once.

Parses the first --n stories of the throughput corpus (bench/throughput.py's fixed shuffle
of the PolNeAR training articles, raw text) once, runs every default component over them
once to load what each loads on first use, then times each component with
`time.process_time` over --reps passes and prints the fastest pass per component
(ms/story). One process, no workers, no storage: it isolates the components' own cost
from the spaCy parse and from start-up. Run it against another checkout's code with
PYTHONPATH (the corpus and this script stay the same):

    PYTHONPATH=src python bench/component_cpu.py --n 300
    PYTHONPATH=../base/src python bench/component_cpu.py --n 300   # commit 19fbe73
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import time
from typing import Any

from throughput import load_corpus, replicate


def published(record: dict[str, Any]) -> dt.date | None:
    """The date in the article's file name, as the throughput run's ingest reads it."""
    try:
        return dt.date.fromisoformat(str(record.get("published") or "")[:10])
    except ValueError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300, help="stories")
    parser.add_argument("--reps", type=int, default=3, help="timed passes (the fastest is printed)")
    args = parser.parse_args()

    from chronicler.analyse.tokens import remember_text
    from chronicler.pipeline import DocContext, Pipeline

    pipeline = Pipeline.from_config()
    records = list(replicate(load_corpus(), args.n))
    started = time.process_time()
    docs = list(pipeline.nlp.pipe([r["text"] for r in records], batch_size=8))
    parse = time.process_time() - started
    fields = {f.name for f in dataclasses.fields(DocContext)}

    def one_pass() -> dict[str, float]:
        clock = {name: 0.0 for name, _ in pipeline.components}
        for doc, record in zip(docs, records, strict=True):
            given: dict[str, Any] = {"article_id": record["id"], "text": record["text"], "published": published(record),
                                     "doc": doc, "language": "en", "outlet": record["outlet"]}
            ctx = DocContext(**{k: v for k, v in given.items() if k in fields})
            remember_text(doc, record["text"])  # as Pipeline.process does: doc.text is not rebuilt
            for name, comp in pipeline.components:
                start = time.process_time()
                comp(ctx)
                clock[name] += time.process_time() - start
        return clock

    one_pass()  # first use: models, gazetteer, compiled patterns
    best: dict[str, float] = {}
    for _ in range(args.reps):
        for name, seconds in one_pass().items():
            best[name] = min(best.get(name, seconds), seconds)
    n = len(docs)
    print(f"{n} stories; spaCy parse {1000 * parse / n:.1f} ms/story (CPU, once)")
    print("| component | ms/story |\n|---|---:|")
    for name, seconds in best.items():
        print(f"| {name} | {1000 * seconds / n:.2f} |")
    print(f"| **all components** | **{1000 * sum(best.values()) / n:.2f}** |")


if __name__ == "__main__":
    main()
