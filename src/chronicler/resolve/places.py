"""Event location: find toponyms in the event sentence and resolve them offline.

Candidates are spaCy GPE/LOC/FAC entities plus capitalised n-grams that are
countries, Mexican/US states or curated cities in the gazetteer (the small model
often tags "Culiacán" as a person or not at all). A toponym inside an
organisation name ("Sinaloa Cartel", "Jalisco New Generation Cartel", "Sinaloa
state prosecutors") is not a place. "X, Y" with Y a state or country resolves X
within Y. The event location is the candidate in a place prepositional phrase
("in/near/outside X") nearest the trigger; failing that a non-subject,
non-modifier mention. With no place in the sentence, the nearest earlier place
in the same paragraph, then the dateline ("CULIACAN, Mexico —"), is used and the
event's `derived` says so ('location:context' / 'location:dateline').
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Any

from chronicler.pipeline import DocContext, component
from chronicler.records import Event, Place, Span
from chronicler.resolve.gazetteer import GazPlace, load_gazetteer
from chronicler.resolve.kb import ENTRY, load_kb
from chronicler.resolve.text import normalise

PLACE_LABELS = {"GPE", "LOC", "FAC"}
PLACE_PREPS = {"in", "near", "outside", "at", "across", "into", "throughout", "around", "inside",
               "from", "to", "on", "within", "between", "along", "toward", "towards", "through"}
MODIFIER_DEPS = {"compound", "amod", "poss", "nmod"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}
DATELINE = re.compile(
    r"^\s*([A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ.' ]{2,40}?)(?:,\s*([A-Z][\w.' ]{1,30}?))?\s*"
    r"(?:\([\w .]+\))?\s*[—–-]{1,2}\s"
)


@dataclass
class Toponym:
    start: int
    end: int
    text: str
    place: GazPlace
    in_prep: bool
    weak: bool  # a modifier ("U.S. officials") or the subject ("Mexico said")


# "officials in Washington": where the speakers sit, not where the event happens.
SPEAKER_NOUNS = {"official", "source", "authority", "lawmaker", "diplomat", "spokesman",
                 "spokeswoman", "analyst", "expert", "embassy", "consulate", "counterpart",
                 "ambassador", "correspondent"}


def _in_prep(token: Any) -> bool:
    node = token
    for _ in range(4):
        if node.dep_ == "prep" and node.lower_ in PLACE_PREPS:
            return node.head.lemma_.lower() not in SPEAKER_NOUNS
        if node.dep_ == "pobj" and node.head.lower_ in PLACE_PREPS:
            return node.head.head.lemma_.lower() not in SPEAKER_NOUNS
        if node.head is node:
            return False
        node = node.head
    return False


def _speaker_place(token: Any) -> bool:
    """'officials in Washington': the prepositional phrase hangs off a speaker noun."""
    return token.dep_ == "pobj" and token.head.head.lemma_.lower() in SPEAKER_NOUNS


def _inside_org_name(tokens: list[Any], i: int, j: int) -> bool:
    """True when tokens[i:j] sit inside a KB organisation alias ("Sinaloa Cartel")."""
    kb = load_kb()
    for a in range(max(0, i - 3), i + 1):
        for b in range(j, min(len(tokens), j + 4) + 1):
            if (a, b) == (i, j):
                continue
            entry = kb.alias_index.get(normalise(" ".join(t.text for t in tokens[a:b])))
            if entry is not None and entry.kind == ENTRY:
                return True
    nxt = tokens[j].lower_ if j < len(tokens) else ""
    return nxt in {"cartel", "cartels"}


SOIL = re.compile(r"\b(?:on|in|into|inside)\s+(?P<adj>[A-Z][\w.]+)\s+(?:soil|territory|land)\b")


def _soil_mentions(sent: Any, text: str | None) -> list[Toponym]:
    """'strikes on Mexican soil' / 'inside U.S. territory' -> the country."""
    text = text if text is not None else sent.doc.text
    kb, gaz = load_kb(), load_gazetteer()
    out = []
    for m in SOIL.finditer(text, sent.start_char, sent.end_char):
        code = kb.demonyms.get(normalise(m.group("adj")))
        entry = kb.entries.get(f"country.{code.lower()}") if code else None
        place = gaz.lookup(entry.canonical) if entry else None
        if place is not None:
            phrase = text[m.start("adj") : m.end()]
            out.append(Toponym(m.start("adj"), m.end(), phrase, place, True, False))
    return out


ANCHOR_PREPS = {"in", "near", "outside"}
CALENDAR_WORDS = {m.lower() for m in calendar.month_name if m} | \
    {d.lower() for d in calendar.day_name}


def _town_like(gaz: Any, words: str) -> bool:
    """A name after "in/near/outside" that the gazetteer knows and the KB does not."""
    entry = load_kb().alias_index.get(normalise(words))
    return (entry is None or entry.kind != ENTRY) and bool(gaz.candidates(words))


def _resolve(gaz: Any, text: str, within: str | None = None) -> GazPlace | None:
    text = re.sub(r"^(?:the)\s+", "", text.strip(), flags=re.I)
    return gaz.lookup(text, within=within)


def _doc_place_ents(ctx: DocContext) -> list[tuple[int, int]]:
    """Token ranges of GPE/LOC/FAC entities, read once per document (Span.ents is O(doc))."""
    if "place_ents" not in ctx.scratch:
        ctx.scratch["place_ents"] = [(e.start, e.end) for e in ctx.doc.ents
                                     if e.label_ in PLACE_LABELS]
    return ctx.scratch["place_ents"]


def _doc_sents(ctx: DocContext) -> list[Any]:
    if "sents" not in ctx.scratch:
        ctx.scratch["sents"] = list(ctx.doc.sents)
    return ctx.scratch["sents"]


def _scan_sentence(sent: Any, place_ents: list[tuple[int, int]] | None = None,
                   text: str | None = None) -> list[Toponym]:
    gaz = load_gazetteer()
    tokens = list(sent)
    base = sent.start
    if place_ents is None:
        place_ents = [(e.start, e.end) for e in sent.ents if e.label_ in PLACE_LABELS]
    spans: list[tuple[int, int]] = [(a - base, b - base) for a, b in place_ents
                                    if a >= sent.start and b <= sent.end]
    taken = {k for s, e in spans for k in range(s, e)}
    for i, tok in enumerate(tokens):  # gazetteer spotting of capitalised n-grams
        if i in taken or not tok.text[:1].isupper():
            continue
        for n in (4, 3, 2, 1):
            window = set(range(i, i + n))
            if i + n <= len(tokens) and not taken & window and \
                    gaz.lookup_known(normalise(" ".join(t.text for t in tokens[i : i + n]))):
                spans.append((i, i + n))
                taken |= window
                break
    for i in range(1, len(tokens)):  # "in Frontera Comalapa" tagged PERSON by the small model
        if tokens[i - 1].lower_ in ANCHOR_PREPS and tokens[i].text[:1].isupper() and \
                i not in taken and tokens[i].ent_type_ in ("", "PERSON") and \
                tokens[i].lower_ not in CALENDAR_WORDS:
            for n in (3, 2, 1):
                window = set(range(i, i + n))
                words = " ".join(t.text for t in tokens[i : i + n])
                if i + n <= len(tokens) and not taken & window and _town_like(gaz, words):
                    spans.append((i, i + n))
                    taken |= window
                    break
    out = _soil_mentions(sent, text)
    for i, j in sorted(spans):
        if _inside_org_name(tokens, i, j):
            continue
        name = sent.doc[base + i : base + j].text  # not `text`: that is the article text
        place = _resolve(gaz, name)
        if place is None:
            continue
        root = sent.doc[base + i : base + j].root
        if root.dep_ == "conj":  # "The U.S. and Mexico agreed": weak like its head
            root = root.head
        weak = ((root.dep_ in MODIFIER_DEPS or root.dep_ in SUBJECT_DEPS) and not _in_prep(root)) \
            or _speaker_place(root)
        span = sent.doc[base + i : base + j]
        out.append(Toponym(span.start_char, span.end_char, name, place, _in_prep(root), weak))
    out.sort(key=lambda t: t.start)
    # Doc.text rebuilds the whole text on every access: pass the article text in.
    return _apply_qualifiers(gaz, out, text if text is not None else sent.doc.text)


def _apply_qualifiers(gaz: Any, topos: list[Toponym], text: str) -> list[Toponym]:
    """'Culiacán, Sinaloa' -> Culiacán resolved within Sinaloa; the qualifier is dropped."""
    out: list[Toponym] = []
    skip = set()
    for k, topo in enumerate(topos):
        if k in skip:
            continue
        nxt = topos[k + 1] if k + 1 < len(topos) else None
        if nxt and _qualifies(topo, nxt) and re.fullmatch(r"\s*,\s*", text[topo.end : nxt.start]):
            within = nxt.place.admin1_code or nxt.place.country
            topo.place = _resolve(gaz, topo.text, within=within) or topo.place
            skip.add(k + 1)
        out.append(topo)
    return out


BROADER = {"town": {"admin1", "country"}, "admin1": {"country"}}


def _qualifies(topo: Toponym, nxt: Toponym) -> bool:
    """'Culiacán, Sinaloa' yes; 'in Mexico, U.S. officials said' no (a country, a modifier)."""
    return nxt.place.precision in BROADER.get(topo.place.precision, set()) and not nxt.weak


def _sentence_toponyms(ctx: DocContext, sent: Any) -> list[Toponym]:
    cache = ctx.scratch.setdefault("toponyms", {})
    key = (sent.start, sent.end)
    if key not in cache:
        cache[key] = _scan_sentence(sent, _doc_place_ents(ctx), ctx.text)
    return cache[key]


def choose(topos: list[Toponym], trigger_start: int) -> Toponym | None:
    strong = [t for t in topos if t.in_prep] or [t for t in topos if not t.weak]
    if not strong:
        return None
    return min(strong, key=lambda t: abs(t.start - trigger_start))


def to_place(topo: Toponym) -> Place:
    p = topo.place
    return Place(text=topo.text, span=Span(start=topo.start, end=topo.end, text=topo.text),
                 name=p.name, admin1=p.admin1, admin2=p.admin2, country=p.country,
                 admin1_code=p.admin1_code, latitude=p.latitude, longitude=p.longitude,
                 precision=p.precision, gazetteer=p.gazetteer)  # type: ignore[arg-type]


def dateline_place(text: str) -> Place | None:
    m = DATELINE.match(text[:160])
    if not m:
        return None
    gaz = load_gazetteer()
    name = m.group(1).strip().title()
    place = _resolve(gaz, name, within=m.group(2)) if m.group(2) else _resolve(gaz, name)
    if place is None:
        return None
    topo = Toponym(m.start(1), m.start(1) + len(m.group(1).strip()), m.group(1).strip(), place,
                   True, False)
    return to_place(topo)


def _context_place(ctx: DocContext, sent: Any) -> Place | None:
    para_start = ctx.text.rfind("\n\n", 0, sent.start_char) + 1
    earlier = [s for s in _doc_sents(ctx) if para_start <= s.start_char < sent.start_char]
    for prev in reversed(earlier):
        topo = choose(_sentence_toponyms(ctx, prev), prev.end_char)
        if topo is not None:
            return to_place(topo)
    return None


def locate(ctx: DocContext, ev: Event) -> None:
    sent = ctx.doc.char_span(ev.sentence.start, ev.sentence.end, alignment_mode="expand")
    if sent is None:
        return
    topo = choose(_sentence_toponyms(ctx, sent), ev.trigger.start)
    if topo is not None:
        ev.location = to_place(topo)
        return
    place = _context_place(ctx, sent)
    tag = "location:context"
    if place is None:
        if "dateline" not in ctx.scratch:
            ctx.scratch["dateline"] = dateline_place(ctx.text)
        place, tag = ctx.scratch["dateline"], "location:dateline"
    if place is not None:
        ev.location = place
        if tag not in ev.derived:
            ev.derived = [*ev.derived, tag]


@component("resolve_places", requires=("doc", "events"), assigns=("events.location",))
def make_resolve_places(**_: Any) -> Any:
    load_gazetteer()

    def resolve_places(ctx: DocContext) -> None:
        if ctx.doc is None:
            return
        for ev in ctx.events:
            if ev.location is None:
                locate(ctx, ev)

    return resolve_places
