"""Who asserts each event: source kind, name, count, venue and outlet chain, end to end.

Usage: python bench/eval_event_sources.py [--split dev|frozen|all] [--show]

Reads bench/data/attribution/events_sources.jsonl (sentences written for this check: 44
`dev`, 20 `frozen` written at the same time and never used to change the code), runs the
whole pipeline on each as an article of the house outlet "Frontera Wire", takes the event
whose trigger holds the gold trigger, and compares its attribution with the gold:
- event found: an event's trigger overlaps the gold trigger;
- kind: named_person / named_organisation / anonymous / document / reporter;
- name: exact, case-insensitive (items with a gold name);
- count: the anonymous sources' lower bound (items with a gold count);
- venue: the gold venue is in the profile's venue (items with a gold venue);
- chain: the outlet chain, nearest first (items with gold outlets, and every reporter item,
  whose chain is the house outlet alone).
Beside each figure, a keyword baseline: "<Capitalised words> said/told" gives a named
person (a lower-case subject: anonymous), "according to" a document, else the reporter.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from chronicler.pipeline import Input, Pipeline
from chronicler.records import Attribution

DATA = Path(__file__).resolve().parent / "data" / "attribution" / "events_sources.jsonl"
HOUSE = "Frontera Wire"
SPEECH = re.compile(r"(?P<who>(?:[A-Z][\w’'.-]*\s+){0,4}[A-Z][\w’'.-]*|[a-z][a-z ]{2,40}?)\s+(?:said|says|told)\b")


def keyword_baseline(text: str) -> dict[str, Any]:
    if re.search(r"\baccording to\b", text, re.I):
        return {"kind": "document", "name": None, "outlets": [HOUSE]}
    match = SPEECH.search(text)
    if match is None:
        return {"kind": "reporter", "name": None, "outlets": [HOUSE]}
    who = match.group("who").strip()
    kind = "named_person" if who[:1].isupper() else "anonymous"
    return {"kind": kind, "name": who, "outlets": [HOUSE]}


def predicted(attr: Attribution | None) -> dict[str, Any]:
    if attr is None:
        return {"kind": None, "name": None, "count": None, "venue": None, "outlets": []}
    p = attr.profile
    return {"kind": p.kind, "name": p.name, "count": p.count_low, "venue": p.venue,
            "outlets": list(attr.outlets)}


def score(items: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, str]:
    def rate(pairs: list[bool]) -> str:
        return f"{sum(pairs) / len(pairs):.2f} ({sum(pairs)}/{len(pairs)})" if pairs else "n/a"

    kind = [p["kind"] == g["kind"] for g, p in zip(items, preds, strict=True)]
    name = [(p.get("name") or "").lower() == g["name"].lower()
            for g, p in zip(items, preds, strict=True) if g.get("name")]
    count = [p.get("count") == g["count"] for g, p in zip(items, preds, strict=True) if "count" in g]
    venue = [g["venue"].lower() in (p.get("venue") or "").lower()
             for g, p in zip(items, preds, strict=True) if g.get("venue")]
    chain = [p.get("outlets") == (g.get("outlets") or [HOUSE])
             for g, p in zip(items, preds, strict=True) if g.get("outlets") or g["kind"] == "reporter"]
    return {"kind": rate(kind), "name": rate(name), "count": rate(count), "venue": rate(venue),
            "chain": rate(chain)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "frozen", "all"), default="all")
    parser.add_argument("--show", action="store_true", help="print every miss")
    args = parser.parse_args()
    items = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    if args.split != "all":
        items = [i for i in items if i["split"] == args.split]
    pipeline = Pipeline.from_config()
    inputs = [Input(i["id"], i["text"], None, outlet=HOUSE) for i in items]
    preds, found = [], []
    for item, ctx in zip(items, pipeline.run(inputs), strict=True):
        start = item["text"].index(item["trigger"])
        end = start + len(item["trigger"])
        hits = [e for e in ctx.events if e.trigger.start < end and start < e.trigger.end]
        found.append(bool(hits))
        preds.append(predicted(hits[0].attribution if hits else None))
        if args.show and (not hits or preds[-1]["kind"] != item["kind"]):
            print(f"  {item['id']}: gold {item['kind']}/{item.get('name')} -> {preds[-1]}")
    baseline = [keyword_baseline(i["text"]) for i in items]
    ours, base = score(items, preds), score(items, baseline)
    print(f"{len(items)} items ({args.split}); events found for {sum(found)}/{len(items)}")
    print(f"{'figure':<8} {'chronicler':<18} keyword baseline")
    for key in ours:
        print(f"{key:<8} {ours[key]:<18} {base[key]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
