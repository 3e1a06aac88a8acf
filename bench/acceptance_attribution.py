"""Acceptance check of sourcing on the reference article: the EVENTS' attributions.

Usage: python bench/acceptance_attribution.py   (CHRONICLER_SHARED overrides ../shared)

Runs the whole pipeline on ../shared/examples/reference_article.txt, as `chronicler
process` does for a stored article of The Independent, and checks the attribution each
event carries (one per event, so no other attribution is attached to it):
- every drone-strike claim: anonymous sources (at least six, "with knowledge of the
  matter") via NBC News, relayed by The Independent;
- Johnson's "did not rule out … strike": the named person "Ronald “Ron” Johnson",
  venue Senate confirmation hearing, in March;
- Hegseth's refusal to rule out force: the named person Pete Hegseth, venue Fox & Friends,
  in January;
- the FTO designation and the tariffs: the reporter (The Independent) asserts them;
- the request for comment is a request, not a claim, and no event is linked to it.
Prints PASS/FAIL per check; exit status 0 when every check passes.
"""

from __future__ import annotations

import datetime as dt
import sys

from chronicler.pipeline import Input, Pipeline
from chronicler.records import Attribution, Event
from shared_paths import shared_dir

SHARED = shared_dir()  # $CHRONICLER_SHARED, else shared/ beside or above the checkout
REFERENCE = SHARED / "examples" / "reference_article.txt"
OUTLET = "The Independent"
PUBLISHED = dt.date(2025, 3, 20)

Check = tuple[str, bool, str]


def _describe(ev: Event) -> str:
    a = ev.attribution
    if a is None:
        return f"{ev.trigger.text!r}: no attribution"
    p = a.profile
    when = p.statement_date.text if p.statement_date else None
    return (f"{ev.trigger.text!r} ({ev.event_type}/{ev.mode}, {ev.status}): kind={p.kind} "
            f"name={p.name!r} count={p.count_low} description={p.description!r} "
            f"venue={p.venue!r} date={when!r} outlets={a.outlets} request={a.is_request}")


def _events_in(events: list[Event], text: str, sentence_start: str) -> list[Event]:
    start = text.index(sentence_start)
    return [e for e in events if e.sentence.start <= start < e.sentence.end]


def _anonymous_six(a: Attribution | None) -> bool:
    return (a is not None and a.profile.kind == "anonymous" and (a.profile.count_low or 0) >= 6
            and "knowledge of the matter" in (a.profile.description or "")
            and a.outlets[:2] == [OUTLET, "NBC News"])


def _person(a: Attribution | None, name: str, venue: str, month: str) -> bool:
    if a is None or a.profile.kind != "named_person" or a.profile.name != name:
        return False
    when = a.profile.statement_date.text if a.profile.statement_date else ""
    return venue in (a.profile.venue or "") and month in (when or "")


def _reporter(a: Attribution | None) -> bool:
    return a is not None and a.profile.kind == "reporter" and a.outlets == [OUTLET]


def checks(text: str, events: list[Event], attributions: list[Attribution]) -> list[Check]:
    drone = [e for e in events if e.mode in ("drone", "ASSAULT/drone")]
    johnson = [e for e in _events_in(events, text, "Trump’s pick to serve")
               if e.event_type == "ASSAULT"]
    hegseth = [e for e in _events_in(events, text, "Defense Secretary Pete Hegseth")
               if e.event_type == "ASSAULT"]
    policy = [e for e in _events_in(events, text, "President Donald Trump has made")
              if e.event_type == "SANCTION"]
    requests = [a for a in attributions if a.is_request]
    found: list[Check] = [
        ("drone-strike claims: anonymous (>= 6, with knowledge of the matter) via NBC News, "
         "relayed by The Independent",
         len(drone) >= 2 and all(_anonymous_six(e.attribution) for e in drone),
         "; ".join(_describe(e) for e in drone) or "no drone-strike event"),
        ("Johnson: named person 'Ronald “Ron” Johnson', Senate confirmation hearing, March",
         bool(johnson) and all(_person(e.attribution, "Ronald “Ron” Johnson",
                                       "Senate confirmation hearing", "March") for e in johnson),
         "; ".join(_describe(e) for e in johnson) or "no event in Johnson's sentence"),
        ("Hegseth: named person Pete Hegseth, Fox & Friends, January",
         bool(hegseth) and all(_person(e.attribution, "Pete Hegseth", "Fox & Friends", "January")
                               for e in hegseth),
         "; ".join(_describe(e) for e in hegseth) or "no event in Hegseth's sentence"),
        ("FTO designation and tariffs: asserted by the reporter (The Independent)",
         len(policy) >= 2 and all(_reporter(e.attribution) for e in policy),
         "; ".join(_describe(e) for e in policy) or "no SANCTION event in that sentence"),
        ("request for comment: a request, and no event linked to it",
         any("comment" in " ".join(s.text for s in a.content + a.cue) for a in requests)
         and not any(e.attribution is not None and e.attribution.is_request for e in events),
         str([[s.text for s in a.cue + a.content] for a in requests])),
    ]
    return found


def main() -> int:
    if not REFERENCE.exists():
        print(f"reference article not found at {REFERENCE} (set CHRONICLER_SHARED)")
        return 2
    text = REFERENCE.read_text(encoding="utf-8")
    pipeline = Pipeline.from_config()
    ctx = next(iter(pipeline.run([Input("reference", text, PUBLISHED, outlet=OUTLET)])))
    results = checks(text, ctx.events, ctx.attributions)
    for name, ok, detail in results:
        print(f"{'PASS' if ok else 'FAIL'}  {name}\n      {detail}")
    passed = sum(ok for _, ok, _ in results)
    print(f"{passed}/{len(results)} checks passed")
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
