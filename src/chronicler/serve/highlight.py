"""Cut article text into segments marked with the roles their spans play in events.

The incident and article pages show the exact evidence: each event's sentence
with its trigger, actor, recipient, place, date, toll, status cue, the
language pack's sub-event cues (grenade, territory taken, …) and the
attribution's source, cue and hedges highlighted. Spans come straight from the
stored events (character offsets into the article text); nothing is re-found
by searching the text, so what is highlighted is what the pipeline read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Role -> label shown in the legend; order is the legend order.
ROLES: dict[str, str] = {
    "trigger": "event",
    "actor": "actor",
    "recipient": "recipient",
    "place": "place",
    "date": "date",
    "toll": "toll",
    "status": "status cue",
    "source": "source",
    "cue": "said/told",
    "hedge": "hedge",
    "subevent": "sub-event cue",
}


@dataclass
class Mark:
    start: int
    end: int
    role: str
    note: str = ""  # shown in the tooltip: which cue set matched


@dataclass
class Segment:
    text: str
    roles: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def css(self) -> str:
        return " ".join(f"hl-{r}" for r in self.roles)

    @property
    def title(self) -> str:
        label = ", ".join(ROLES.get(r, r) for r in self.roles)
        return f"{label} ({', '.join(self.notes)})" if self.notes else label


def _span(obj: Any) -> tuple[int, int] | None:
    if isinstance(obj, dict) and isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int):
        return obj["start"], obj["end"]
    return None


def event_marks(event: dict[str, Any]) -> list[Mark]:
    """Every span of an event (as stored JSON) with its role."""
    marks: list[Mark] = []

    def add(obj: Any, role: str, note: str = "") -> None:
        span = _span(obj)
        if span and span[1] > span[0]:
            marks.append(Mark(span[0], span[1], role, note))

    add(event.get("trigger"), "trigger")
    for role, key in (("actor", "actor"), ("recipient", "recipient"), ("place", "location"), ("date", "date")):
        value = event.get(key) or {}
        add(value.get("span"), role)
    for count in (event.get("toll") or {}).values():
        if isinstance(count, dict):
            add(count.get("span"), "toll")
    add(event.get("status_cue"), "status")
    for cue in event.get("cues") or []:
        if isinstance(cue, dict):
            add(cue, "subevent", str(cue.get("name") or "").replace("_", " "))
    attribution = event.get("attribution") or {}
    for role, key in (("source", "source"), ("cue", "cue"), ("hedge", "hedges")):
        for span in attribution.get(key) or []:
            add(span, role)
    return marks


def segments(text: str, start: int, end: int, marks: list[Mark]) -> list[Segment]:
    """Split text[start:end] at every mark boundary; each piece lists the roles covering it."""
    start, end = max(0, start), min(len(text), end)
    inside = [m for m in marks if m.start < end and m.end > start]
    cuts = sorted({start, end, *(max(start, m.start) for m in inside), *(min(end, m.end) for m in inside)})
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in inside if m.start <= a and m.end >= b]
        roles = sorted({m.role for m in covering}, key=_role_order)
        notes = sorted({m.note for m in covering if m.note})
        if out and out[-1].roles == roles and out[-1].notes == notes:
            out[-1].text += text[a:b]
        else:
            out.append(Segment(text[a:b], roles, notes))
    return out


def _role_order(role: str) -> int:
    keys = list(ROLES)
    return keys.index(role) if role in keys else len(keys)


def evidence(text: str, event: dict[str, Any], max_chars: int = 900) -> list[Segment]:
    """The event's sentence, widened to take in attribution spans that sit just outside it."""
    sentence = _span(event.get("sentence")) or _span(event.get("trigger")) or (0, 0)
    marks = event_marks(event)
    lo, hi = sentence
    for m in marks:
        if m.role in ("source", "cue") and m.start >= sentence[0] - max_chars and m.end <= sentence[1] + max_chars:
            lo, hi = min(lo, m.start), max(hi, m.end)
    lo, hi = _sentence_edges(text, lo, hi)
    return segments(text, lo, hi, marks)


def _sentence_edges(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Stretch a window to whole sentences so widened evidence does not start mid-word."""
    while lo > 0 and text[lo - 1] not in ".!?\n":
        lo -= 1
    while hi < len(text) and text[hi - 1] not in ".!?\n":
        hi += 1
    return lo, hi


def article_segments(text: str, events: list[dict[str, Any]]) -> list[Segment]:
    """The whole article with every event's spans marked, and event sentences shaded."""
    marks: list[Mark] = []
    for event in events:
        sentence = _span(event.get("sentence"))
        if sentence:
            marks.append(Mark(sentence[0], sentence[1], "sentence"))
        marks.extend(event_marks(event))
    return segments(text, 0, len(text), marks)


def outlet_chain(article: dict[str, Any] | None, event: dict[str, Any]) -> list[str]:
    """Who relayed the claim, nearest first: this outlet <- cited outlets <- the source."""
    chain: list[str] = []
    if article and article.get("outlet"):
        chain.append(article["outlet"])
    attribution = event.get("attribution") or {}
    for outlet in attribution.get("outlets") or []:
        if outlet and outlet not in chain:
            chain.append(outlet)
    profile = attribution.get("profile") or {}
    who = describe_source(profile)
    if who and who not in chain:
        chain.append(who)
    return chain


def describe_source(profile: dict[str, Any]) -> str | None:
    kind = profile.get("kind")
    if kind == "anonymous":
        # "at least six sources" reads as written; a bare count gets a noun.
        count = profile.get("count_text") or ""
        if not count:
            count = f"{profile['count_low']}+ unnamed sources" if profile.get("count_low") else "unnamed sources"
        elif not any(w in count.lower() for w in ("source", "official", "people", "person")):
            count += " unnamed sources"
        parts = [count, _short(profile.get("description")), _short(profile.get("affiliation"))]
        return " ".join(p for p in parts if p).strip()
    if kind == "reporter":
        return None
    name = profile.get("name")
    if name and profile.get("affiliation"):
        return f"{name} ({profile['affiliation']})"
    return name or (kind.replace("_", " ") if kind and kind != "unresolved" else None)


def _short(text: str | None, limit: int = 60) -> str:
    if not text:
        return ""
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
