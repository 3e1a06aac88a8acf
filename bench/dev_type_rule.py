"""Development check of the `type` component's combination rule on bench/data/engine_dev.jsonl.

For each setting of the rule (typer off; typer on with a few thresholds) prints, over the
English documents: detection P/R/F1 (a predicted event whose trigger overlaps a gold
trigger), typed P/R/F1 (same, and the same PLOVER type), and the share of documents with
no gold event (disasters, accidents, illness, totals, background, talk) left without any
event. DEVELOPMENT numbers: the rule's defaults were chosen looking at them.

    python bench/dev_type_rule.py [--lang en]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from typing import Any

from chronicler.pipeline import Input, Pipeline
from shared_paths import BENCH

DEV = BENCH / "data" / "engine_dev.jsonl"
SETTINGS: list[tuple[str, dict[str, Any]]] = [
    ("lexicon only (typer off)", {"typer": "off"}),
    ("typer, defaults (scope rescue)", {}),
    ("typer, scope all", {"scope": "all"}),
    ("typer, scope all, none 0.5", {"scope": "all", "none_threshold": 0.5}),
    ("typer, rescue 0.6", {"rescue_threshold": 0.6}),
    ("typer, rescue 0.8", {"rescue_threshold": 0.8}),
]


def gold_spans(doc: dict[str, Any]) -> list[tuple[int, int, str]]:
    spans, text = [], doc["text"]
    for ev in doc["events"]:
        start = text.find(ev["trigger"])
        if start >= 0:
            spans.append((start, start + len(ev["trigger"]), ev["type"]))
    return spans


def prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"P {p:.2f} R {r:.2f} F1 {f:.2f}"


def evaluate(docs: list[dict[str, Any]], settings: dict[str, Any]) -> str:
    components = ["detect", "type", "arguments", "status"]
    pipe = Pipeline.from_config({"components": components, "config": {"type": settings}})
    inputs = [Input(d["id"], d["text"], dt.date.fromisoformat(d["published"]), d["lang"]) for d in docs]
    det = [0, 0, 0]
    typed = [0, 0, 0]
    quiet = empty = 0
    for doc, ctx in zip(docs, pipe.run(inputs), strict=True):
        gold = gold_spans(doc)
        events = [e for e in ctx.events if e.status in ("occurred", "ongoing")]
        if not doc["events"]:
            empty += 1
            quiet += not events
        for e in events:
            hit = [g for g in gold if g[0] < e.trigger.end and e.trigger.start < g[1]]
            det[0 if hit else 1] += 1
            typed[0 if any(g[2] == e.event_type for g in hit) else 1] += 1
        for g in gold:
            overlapping = [e for e in events if g[0] < e.trigger.end and e.trigger.start < g[1]]
            det[2] += not overlapping
            typed[2] += not any(e.event_type == g[2] for e in overlapping)
    left = f"{quiet}/{empty}" if empty else "-"
    return f"detect {prf(*det)} | typed {prf(*typed)} | non-event docs left alone {left}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args()
    docs = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line]
    docs = [d for d in docs if d["lang"] == args.lang]
    print(f"{len(docs)} documents ({args.lang}), {sum(len(d['events']) for d in docs)} gold events")
    for label, settings in SETTINGS:
        print(f"{label:30} {evaluate(docs, settings)}")
    print("(development numbers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
