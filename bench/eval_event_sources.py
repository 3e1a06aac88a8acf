"""Who asserts each event: source kind, name, count, venue and outlet chain, end to end.

Usage: python bench/eval_event_sources.py [--split dev|frozen|all] [--lang en|es] [--prefix LETTERS]
    [--show]

Reads bench/data/attribution/events_sources.jsonl (sentences written for this check). The
first 64 came as 44 `dev` (a01-a44) and 20 `frozen` (b01-b20), written at the same time. The
second round (English c01-c43, Spanish s01-s30, all written before any of them was scored)
took its split from the id alone, by a rule fixed before writing: `frozen` when
sha256(id) is divisible by 4, else `dev` (`split_of` below; 58 dev, 15 frozen). `dev` is the
tune part; `frozen` items are scored, never read one by one, and never used to change the
code. An item with `"lang": "es"` is a Spanish article. The script runs the whole pipeline
on each as an article of the house outlet "Frontera Wire", takes the event whose trigger
holds the gold trigger, and compares its attribution with the gold:
- event found: an event's trigger overlaps the gold trigger;
- kind: named_person / named_organisation / anonymous / document / reporter;
- name: exact, case-insensitive (items with a gold name);
- count: the anonymous sources' lower bound (items with a gold count);
- venue: the gold venue is in the profile's venue (items with a gold venue);
- date: the gold statement date is in the profile's statement date (items with a gold date);
- chain: the outlet chain, nearest first (items with gold outlets, and every reporter item,
  whose chain is the house outlet alone).
A last line gives the same figures on the items whose event was found (the attribution
alone, without event detection's misses). Beside each figure, a keyword baseline: "<Capitalised words> said/told" gives a named
person (a lower-case subject: anonymous), "according to" a document, else the reporter
(Spanish: "dijo/dijeron/informó/afirmó", "según/de acuerdo con").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path
from typing import Any

from chronicler.pipeline import Input, Pipeline
from chronicler.records import Attribution

DATA = Path(__file__).resolve().parent / "data" / "attribution" / "events_sources.jsonl"
HOUSE = "Frontera Wire"
WHO = r"(?P<who>(?:[A-ZÁÉÍÓÚÑ][\w’'.-]*\s+){0,4}[A-ZÁÉÍÓÚÑ][\w’'.-]*|[a-záéíóúñ][a-záéíóúñ ]{2,40}?)\s+"
SPEECH = {"en": re.compile(WHO + r"(?:said|says|told)\b"),
          "es": re.compile(WHO + r"(?:dijo|dijeron|informó|afirmó)\b")}
ACCORDING = {"en": re.compile(r"\baccording to\b", re.I),
             "es": re.compile(r"\b(?:según|de acuerdo con)\b", re.I)}


def split_of(item_id: str) -> str:
    """The split of an item added after the first 64: fixed by its id before scoring."""
    return "frozen" if int(hashlib.sha256(item_id.encode()).hexdigest(), 16) % 4 == 0 else "dev"


def keyword_baseline(text: str, lang: str = "en") -> dict[str, Any]:
    if ACCORDING[lang].search(text):
        return {"kind": "document", "name": None, "outlets": [HOUSE]}
    match = SPEECH[lang].search(text)
    if match is None:
        return {"kind": "reporter", "name": None, "outlets": [HOUSE]}
    who = match.group("who").strip()
    kind = "named_person" if who[:1].isupper() else "anonymous"
    return {"kind": kind, "name": who, "outlets": [HOUSE]}


def predicted(attr: Attribution | None) -> dict[str, Any]:
    if attr is None:
        return {"kind": None, "name": None, "count": None, "venue": None, "date": None,
                "outlets": []}
    p = attr.profile
    return {"kind": p.kind, "name": p.name, "count": p.count_low, "venue": p.venue,
            "date": p.statement_date.text if p.statement_date else None,
            "outlets": list(attr.outlets)}


def misses(g: dict[str, Any], p: dict[str, Any]) -> list[str]:
    """The figures this item gets wrong (the same tests as `score`)."""
    wrong = []
    if p["kind"] != g["kind"]:
        wrong.append("kind")
    if g.get("name") and (p.get("name") or "").lower() != g["name"].lower():
        wrong.append("name")
    if "count" in g and p.get("count") != g["count"]:
        wrong.append("count")
    if g.get("venue") and g["venue"].lower() not in (p.get("venue") or "").lower():
        wrong.append("venue")
    if g.get("date") and g["date"].lower() not in (p.get("date") or "").lower():
        wrong.append("date")
    if (g.get("outlets") or g["kind"] == "reporter") and p.get("outlets") != (g.get("outlets") or [HOUSE]):
        wrong.append("chain")
    return wrong


def score(items: list[dict[str, Any]], preds: list[dict[str, Any]]) -> dict[str, str]:
    def rate(pairs: list[bool]) -> str:
        return f"{sum(pairs) / len(pairs):.2f} ({sum(pairs)}/{len(pairs)})" if pairs else "n/a"

    kind = [p["kind"] == g["kind"] for g, p in zip(items, preds, strict=True)]
    name = [(p.get("name") or "").lower() == g["name"].lower()
            for g, p in zip(items, preds, strict=True) if g.get("name")]
    count = [p.get("count") == g["count"] for g, p in zip(items, preds, strict=True) if "count" in g]
    venue = [g["venue"].lower() in (p.get("venue") or "").lower()
             for g, p in zip(items, preds, strict=True) if g.get("venue")]
    date = [g["date"].lower() in (p.get("date") or "").lower()
            for g, p in zip(items, preds, strict=True) if g.get("date")]
    chain = [p.get("outlets") == (g.get("outlets") or [HOUSE])
             for g, p in zip(items, preds, strict=True) if g.get("outlets") or g["kind"] == "reporter"]
    return {"kind": rate(kind), "name": rate(name), "count": rate(count), "venue": rate(venue),
            "date": rate(date), "chain": rate(chain)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("dev", "frozen", "all"), default="all")
    parser.add_argument("--lang", choices=("en", "es"), help="one language only")
    parser.add_argument("--prefix", help="only ids starting with one of these letters ('ab': the first round)")
    parser.add_argument("--show", action="store_true",
                        help="print every miss (dev only: frozen items are never read one by one)")
    args = parser.parse_args()
    items = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line]
    for item in items:
        if item["id"][0] in "cs" and item["split"] != split_of(item["id"]):
            raise SystemExit(f"{item['id']}: split {item['split']!r} breaks the id rule")
    if args.split != "all":
        items = [i for i in items if i["split"] == args.split]
    if args.lang:
        items = [i for i in items if i.get("lang", "en") == args.lang]
    if args.prefix:
        items = [i for i in items if i["id"][0] in args.prefix]
    if args.show and any(i["split"] == "frozen" for i in items):
        raise SystemExit("--show is for --split dev: frozen items are scored, never read")
    pipeline = Pipeline.from_config()
    inputs = [Input(i["id"], i["text"], None, language=i.get("lang", "en"), outlet=HOUSE)
              for i in items]
    preds, found = [], []
    for item, ctx in zip(items, pipeline.run(inputs), strict=True):
        start = item["text"].index(item["trigger"])
        end = start + len(item["trigger"])
        hits = [e for e in ctx.events if e.trigger.start < end and start < e.trigger.end]
        found.append(bool(hits))
        preds.append(predicted(hits[0].attribution if hits else None))
        wrong = misses(item, preds[-1])
        if args.show and (not hits or wrong):
            gold = {k: v for k, v in item.items() if k not in ("id", "split", "text", "trigger")}
            print(f"  {item['id']} {wrong or 'no event'}: {item['text']}\n      gold {gold}\n"
                  f"      got  {preds[-1]}")
    baseline = [keyword_baseline(i["text"], i.get("lang", "en")) for i in items]
    ours, base = score(items, preds), score(items, baseline)
    which = args.split + (f", {args.lang}" if args.lang else "")
    print(f"{len(items)} items ({which}); events found for {sum(found)}/{len(items)}")
    print(f"{'figure':<8} {'chronicler':<18} keyword baseline")
    for key in ours:
        print(f"{key:<8} {ours[key]:<18} {base[key]}")
    # The attribution alone: the same figures on the items whose event was found.
    hit = [k for k, ok in enumerate(found) if ok]
    alone = score([items[k] for k in hit], [preds[k] for k in hit])
    print("events found only: " + "; ".join(f"{k} {v}" for k, v in alone.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
