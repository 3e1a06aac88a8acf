"""Does the sentence prefilter cost accuracy? Compare it with the full parse, event by event.

    python bench/prefilter_check.py [--split dev] [--limit N] [--window 1]

1. Recall of the cheap keyword test: over the corpus, every token that the full
   parse lemmatises to a trigger lemma must be caught by the surface forms the
   prefilter generates (a miss means a sentence with a possible event is skipped).
2. Output agreement on ../shared/data/polnear/<split>/*.txt: the events (ids and
   every field) of the default pipeline with and without the prefilter. The full
   pipeline's output is the reference: every difference is a change the
   prefilter causes. Also prints the share of characters parsed and CPU time.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from typing import Any

from shared_paths import shared

DATA = shared("data", "polnear")


def texts(split: str, limit: int | None) -> list[tuple[str, str]]:
    paths = sorted((DATA / split).glob("*.txt"))[:limit]
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]


def run(pipeline: Any, docs: list[tuple[str, str]]) -> tuple[dict[str, dict[str, Any]], float]:
    started = time.process_time()
    events: dict[str, dict[str, Any]] = {}
    for ctx in pipeline.run([(name, text, None) for name, text in docs]):
        for ev in ctx.events:
            events[ev.id] = ev.model_dump(mode="json")
    return events, time.process_time() - started


def form_recall(pipeline: Any, docs: list[tuple[str, str]], forms: frozenset[str]) -> tuple[int, Counter[str]]:
    from chronicler.extract.lexicon import load_lexicon

    triggers = load_lexicon("en").triggers
    total, misses = 0, Counter[str]()
    for doc in pipeline.nlp.pipe(text for _, text in docs):
        for tok in doc:
            if tok.lemma_.lower() in triggers:
                total += 1
                if tok.lower_ not in forms:
                    misses[f"{tok.lower_}({tok.lemma_})"] += 1
    return total, misses


def compare(full: dict[str, dict[str, Any]], fast: dict[str, dict[str, Any]]) -> dict[str, Any]:
    shared = full.keys() & fast.keys()
    field_diffs: Counter[str] = Counter()
    for eid in shared:
        for key in full[eid]:
            if full[eid][key] != fast[eid].get(key):
                field_diffs[key] += 1
    identical = sum(full[e] == fast[e] for e in shared)
    return {
        "events_full": len(full),
        "events_prefilter": len(fast),
        "missing_with_prefilter": len(full.keys() - fast.keys()),
        "extra_with_prefilter": len(fast.keys() - full.keys()),
        "identical": identical,
        "identical_share": round(identical / max(1, len(full)), 4),
        "field_differences": dict(field_diffs.most_common()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--split", default="dev")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--window", type=int, default=1)
    args = parser.parse_args()

    from chronicler.pipeline import DEFAULT_CONFIG, Pipeline
    from chronicler.scale.prefilter import PrefilterPipeline

    docs = texts(args.split, args.limit)
    full = Pipeline.from_config(DEFAULT_CONFIG)
    fast = PrefilterPipeline(full.nlp, full.components, window=args.window)
    total, misses = form_recall(full, docs, fast.forms)
    print(f"keyword recall: {total - sum(misses.values())}/{total} trigger-lemma tokens caught; "
          f"missed: {dict(misses.most_common(20))}")
    full_events, full_cpu = run(full, docs)
    fast_events, fast_cpu = run(fast, docs)
    report = compare(full_events, fast_events)
    report.update({
        "documents": len(docs),
        "window": args.window,
        "chars_parsed_share": round(fast.kept_chars / max(1, fast.seen), 3),
        "cpu_s_full": round(full_cpu, 1),
        "cpu_s_prefilter": round(fast_cpu, 1),
    })
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
