"""Acceptance check of attribution on the reference article (../shared/examples).

Usage: python bench/acceptance_attribution.py

Checks what issue 4 asks of the reference article and prints PASS/FAIL per check:
- the drone-strike claim is attributed to anonymous sources (count >= 6) via NBC News,
  relayed by the article's own outlet;
- Johnson's statement is attributed to him by name, venue: Senate confirmation hearing;
- Hegseth's statement is attributed to him by name, venue: Fox & Friends;
- the request for comment is recognised as a request, not a claim about the strikes.
It runs the full default pipeline on the article (as `chronicler extract` does) and checks
the attributions of the events it finds, and that no event is attributed to the request for
comment or to a named person it does not come from. Exit status 0 when every check passes.
Runs from any folder (bench/shared_paths.py finds the shared data).
"""

from __future__ import annotations

import datetime as dt
import sys

from chronicler.pipeline import Pipeline
from chronicler.records import Attribution, Event
from shared_paths import shared

REFERENCE = shared("examples", "reference_article.txt")
PUBLISHED = dt.date(2025, 5, 6)


def _named(attrs: list[Attribution], name: str) -> list[Attribution]:
    return [a for a in attrs if a.profile.name and name in a.profile.name and not a.is_request]


def _drone_strikes(events: list[Event]) -> list[Event]:
    return [e for e in events if e.event_type == "ASSAULT" and e.mode in ("drone", "aerial")]


def main() -> int:
    text = REFERENCE.read_text(encoding="utf-8")
    ctx = next(iter(Pipeline.from_config().run([("reference", text, PUBLISHED)])))
    events, attrs = ctx.events, ctx.attributions
    checks: list[tuple[str, bool, str]] = []
    strikes = [e for e in _drone_strikes(events) if e.attribution is not None]
    profiles = [(e.attribution.profile, e.attribution.outlets) for e in strikes if e.attribution]
    checks.append((
        "drone-strike claim: anonymous sources (count >= 6) via NBC News",
        any(p.kind == "anonymous" and (p.count_low or 0) >= 6 and "NBC News" in outlets for p, outlets in profiles),
        str([(p.kind, p.count_low, outlets, p.description) for p, outlets in profiles]),
    ))
    checks.append((
        "relay chain: The Independent <- NBC News",
        any(outlets[:2] == ["The Independent", "NBC News"] for _, outlets in profiles),
        str([outlets for _, outlets in profiles]),
    ))
    johnson = _named(attrs, "Johnson")
    checks.append((
        "Johnson by name at his Senate confirmation hearing",
        any(a.profile.kind == "named_person" and "Senate confirmation hearing" in (a.profile.venue or "")
            for a in johnson),
        str([(a.profile.kind, a.profile.venue, a.profile.statement_date and a.profile.statement_date.text)
             for a in johnson]),
    ))
    hegseth = _named(attrs, "Hegseth")
    checks.append((
        "Hegseth by name on Fox & Friends",
        any(a.profile.kind == "named_person" and a.profile.venue == "Fox & Friends" for a in hegseth),
        str([(a.profile.kind, a.profile.venue, [c.text for c in a.cue]) for a in hegseth]),
    ))
    requests = [a for a in attrs if a.is_request]
    checks.append((
        "request for comment recognised as a request",
        any("comment" in a.cue[0].text or "comment" in " ".join(c.text for c in a.content)
            for a in requests if a.cue)
        and not any("strike" in " ".join(c.text for c in a.content) for a in requests),
        str([[c.text for c in a.cue] + [c.text for c in a.content] for a in requests]),
    ))
    # Wrong attributions that must be absent.
    misattributed = [e for e in events if e.attribution is not None and e.attribution.is_request]
    checks.append((
        "no event attributed to the request for comment",
        not misattributed,
        str([(e.event_type, e.trigger.text) for e in misattributed]),
    ))
    named_strikes = [p for p, _ in profiles if p.kind == "named_person"]
    checks.append((
        "the drone-strike claim is never put in a named person's mouth",
        not named_strikes,
        str([(p.name, p.venue) for p in named_strikes]),
    ))
    for name, ok, detail in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name}\n      {detail}")
    print(f"{sum(ok for _, ok, _ in checks)}/{len(checks)} checks hold (the real pipeline, end to end)")
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
