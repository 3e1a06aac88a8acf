"""Per-field accuracy on the hand-written dev set (bench/devset_fields.jsonl).

Runs the full default pipeline (`Pipeline.from_config()`) on each sentence, picks
the event whose trigger is one of the expected trigger words (else the first
event of the sentence), and scores toll, date, place, actor country and status
against the hand-checked values. A sentence with no event scores zero on every
field. Usage:

    python bench/eval_fields.py [--verbose]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path
from typing import Any

from chronicler.pipeline import Pipeline
from chronicler.records import Event
from chronicler.resolve.text import normalise

DEVSET = Path(__file__).resolve().parent / "devset_fields.jsonl"
FIELDS = ("toll", "date", "place", "actor_country", "status")


def pick_event(events: list[Event], text: str, triggers: list[str]) -> tuple[Event | None, bool]:
    wanted = {t.lower() for t in triggers}
    for ev in events:
        if text[ev.trigger.start : ev.trigger.end].lower() in wanted:
            return ev, True
    return (events[0], False) if events else (None, False)


def toll_of(ev: Event) -> dict[str, list[Any]]:
    out = {}
    for kind in ("killed", "injured", "arrested", "kidnapped"):
        c = getattr(ev.toll, kind)
        if c is not None:
            out[kind] = [c.low, c.best, c.high, c.category]
    return out


def date_ok(ev: Event, exp: dict[str, str]) -> bool:
    d = ev.date
    return d is not None and (str(d.start), str(d.end) if d.end else None, d.precision) == (
        exp["start"], exp["end"], exp["precision"])


def place_ok(ev: Event, exp: dict[str, Any] | None) -> bool:
    loc = ev.location
    if exp is None:
        return loc is None
    if loc is None or loc.country != exp["country"]:
        return False
    if exp["admin1"] is not None and normalise(loc.admin1 or "") != normalise(exp["admin1"]):
        return False
    got, want = normalise(loc.name or ""), normalise(exp["name"])
    return got == want or got.startswith(want) or want.startswith(got)


def actor_country(ev: Event) -> str | None:
    return ev.actor.country if ev.actor is not None else None


def score(ev: Event | None, exp: dict[str, Any]) -> dict[str, bool]:
    if ev is None:
        return dict.fromkeys(FIELDS, False)
    return {
        "toll": toll_of(ev) == exp["toll"],
        "date": date_ok(ev, exp["date"]),
        "place": place_ok(ev, exp["place"]),
        "actor_country": actor_country(ev) == exp["actor_country"],
        "status": ev.status == exp["status"],
    }


def describe(ev: Event | None) -> dict[str, Any]:
    if ev is None:
        return {"event": None}
    loc = ev.location
    return {
        "trigger": ev.trigger.text or None, "type": ev.event_type,
        "toll": toll_of(ev),
        "date": ev.date and [str(ev.date.start), str(ev.date.end), ev.date.precision],
        "place": loc and [loc.name, loc.admin1, loc.country],
        "actor": ev.actor and [ev.actor.text, ev.actor.country], "status": ev.status,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    items = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line]
    pipeline = Pipeline.from_config()
    start = time.perf_counter()
    ctxs = list(pipeline.run((it["id"], it["text"], dt.date.fromisoformat(it["published"]))
                             for it in items))
    elapsed = time.perf_counter() - start
    totals = dict.fromkeys(FIELDS, 0)
    by_trigger = 0
    for it, ctx in zip(items, ctxs, strict=True):
        ev, matched = pick_event(ctx.events, it["text"], it["trigger"])
        by_trigger += matched
        result = score(ev, it["expect"])
        for f, ok in result.items():
            totals[f] += ok
        if args.verbose and not all(result.values()):
            misses = [f for f, ok in result.items() if not ok]
            print(f"{it['id']} miss {misses}: {it['text']}\n   got {describe(ev)}\n   want {it['expect']}")
    n = len(items)
    print(f"dev set: {n} sentences; expected trigger found in {by_trigger}/{n}; "
          f"pipeline time {elapsed:.2f}s")
    for f in FIELDS:
        print(f"  {f:<14} {totals[f]:>3}/{n}  {totals[f] / n:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
