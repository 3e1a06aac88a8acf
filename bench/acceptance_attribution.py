"""Acceptance check of attribution on the reference article (../shared/examples).

Usage: python bench/acceptance_attribution.py

Checks what issue 4 asks of the reference article and prints PASS/FAIL per check:
- the drone-strike claim is attributed to anonymous sources (count >= 6) via NBC News,
  relayed by the article's own outlet;
- Johnson's statement is attributed to him by name, venue: Senate confirmation hearing;
- Hegseth's statement is attributed to him by name, venue: Fox & Friends;
- the request for comment is recognised as a request, not a claim about the strikes.
The drone-strike event is represented by its trigger ("drone strikes" in the sentence
before the "told NBC News" cue) and linked with `link_events`, as the pipeline does.
Exit status 0 when every check passes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from chronicler.analyse.nlp import load_nlp
from chronicler.extract.attribution import find_attributions, link_events
from chronicler.pipeline import event_id
from chronicler.records import Attribution, Event, Span
from chronicler.version import PIPELINE_VERSION

REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "examples" / "reference_article.txt"


def _event_at(text: str, doc: object, trigger: str, after: str) -> Event:
    start = text.index(trigger, text.index(after))
    sent = doc.char_span(start, start + len(trigger), alignment_mode="expand").sent  # type: ignore[attr-defined]
    return Event(
        id=event_id("reference", start, start + len(trigger), "ASSAULT"),
        article_id="reference",
        event_type="ASSAULT",
        mode="ASSAULT/drone",
        trigger=Span(start=start, end=start + len(trigger), text=trigger),
        sentence=Span(start=sent.start_char, end=sent.end_char, text=sent.text),
        status="considered",
        pipeline_version=PIPELINE_VERSION,
    )


def _named(attrs: list[Attribution], name: str) -> list[Attribution]:
    return [a for a in attrs if a.profile.name and name in a.profile.name and not a.is_request]


def main() -> int:
    text = REFERENCE.read_text(encoding="utf-8")
    doc = load_nlp()(text)
    attrs = find_attributions(doc)
    event = _event_at(text, doc, "drone strikes", "White House officials have discussed")
    link_events([event], attrs, doc)
    ev_attr = event.attribution
    checks: list[tuple[str, bool, str]] = []
    assert ev_attr is not None
    prof = ev_attr.profile
    checks.append((
        "drone-strike claim: anonymous sources (count >= 6) via NBC News",
        prof.kind == "anonymous" and (prof.count_low or 0) >= 6 and "NBC News" in ev_attr.outlets,
        f"kind={prof.kind} count_low={prof.count_low} outlets={ev_attr.outlets} "
        f"description={prof.description!r}",
    ))
    checks.append((
        "relay chain: The Independent <- NBC News",
        ev_attr.outlets[:2] == ["The Independent", "NBC News"],
        f"outlets={ev_attr.outlets}",
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
    for name, ok, detail in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {name}\n      {detail}")
    return 0 if all(ok for _, ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
