"""Actor resolution: an Entity's span text -> canonical entity, country, sector.

Order of evidence (first that applies wins):
1. the longest knowledge-base alias found inside the span (organisations, people,
   state offices: "Sinaloa Cartel gunmen" -> Sinaloa Cartel);
2. a generic head noun ("gunmen", "soldiers", "officials", "a man") -> its sector, with
   the country from a demonym, country or state name in the span ("Mexican soldiers"
   -> MEX military, "U.S. officials" -> USA government); the nouns come from the
   article language's pack (`sectors.json`), the knowledge base's list otherwise;
3. a bare country or state name ("Mexico", "Sinaloa") -> that government;
4. a close misspelling of a KB alias (rapidfuzz, high cutoff);
5. otherwise the entity is kept with resolution "unknown" and canonical = its text.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from chronicler.pipeline import DocContext, component
from chronicler.records import Entity
from chronicler.resolve.kb import COUNTRY, ENTRY, KBEntry, KnowledgeBase, load_kb
from chronicler.resolve.text import normalise

FUZZY_CUTOFF = 90.0
# The pack whose phrase rules read an actor string of no known language (the KB's own
# sector list is written in it).
KB_LANGUAGE = "en"


@dataclass(frozen=True)
class Resolution:
    canonical: str
    entity_id: str | None
    country: str | None
    sector: str | None
    resolution: str


def _windows(toks: list[str], max_len: int) -> list[tuple[int, int, str]]:
    """All n-grams, longest first, left to right within a length."""
    out = []
    for n in range(min(len(toks), max_len), 0, -1):
        for i in range(len(toks) - n + 1):
            out.append((i, i + n, " ".join(toks[i : i + n])))
    return out


def _kb_hits(
    kb: KnowledgeBase, toks: list[str], text: str | None = None
) -> list[tuple[int, int, KBEntry]]:
    """KB aliases among the n-grams; with `text`, an acronym alias only where written in
    capitals ("UN", "U.N.") - "a un comerciante" names no United Nations."""
    return [(i, j, kb.alias_index[g]) for i, j, g in _windows(toks, 9)
            if g in kb.alias_index and (text is None or g not in kb.acronyms or _capitals(g, text))]  # fmt: skip


def _capitals(acronym: str, text: str) -> bool:
    dotted = r"\.?".join(re.escape(c) for c in acronym.upper())
    return re.search(rf"(?<!\w){dotted}(?!\w)", text) is not None


def _head_end(toks: list[str], stoppers: frozenset[str]) -> int:
    return next((i for i, t in enumerate(toks) if t in stoppers and i > 0), len(toks))


@dataclass(frozen=True)
class SectorWords:
    """A language's sector nouns and how its noun phrases are read for them."""

    heads: dict[str, str]
    stoppers: frozenset[str]  # a phrase's head ends before these ("police in Culiacán")
    place_stoppers: frozenset[str]  # the same, less those that name the head's own body ("of")
    plural_suffixes: tuple[str, ...]  # tried off a word that is no key as written
    numbers: frozenset[str]  # number words: a bare count names people
    count_sector: str | None
    head_first: bool = False  # the leftmost sector noun is the head ("el gobierno estadounidense")
    state_weapons: frozenset[str] = frozenset()  # "a Russian drone": a country's weapon is its military


@functools.lru_cache(maxsize=8)
def sector_words(language: str | None) -> SectorWords:
    """The pack's `sectors.json` over the KB's list. The words after which a phrase stops
    being its head ("families of soldiers") and those of them that may name the head's own
    body ("members of the Sinaloa Cartel") are the pack's; none without a pack."""
    from chronicler.lang import has_pack, load_pack

    heads = dict(load_kb().sector_heads)
    data: dict[str, Any] = {}
    numbers: set[str] = set()
    own_heads: dict[str, str] = {}
    if language and has_pack(language):
        pack = load_pack(language)
        if pack.has("sectors"):
            data = pack.json("sectors")
            # "sectors" is the key (docs/languages.md); "sector_heads" was its first name
            raw = {**data.get("sector_heads", {}), **data.get("sectors", {})}
            own_heads = {normalise(k): str(v) for k, v in raw.items()}
        if pack.has("toll"):
            numbers = {normalise(w) for w in pack.json("toll").get("numbers", {})}
    stoppers = frozenset(normalise(w) for w in data.get("head_stoppers", []))
    own = frozenset(normalise(w) for w in data.get("own_organisation_words", []))
    suffixes = tuple(sorted((str(x) for x in data.get("plural_suffixes", [])), key=len, reverse=True))
    for key in list(heads):  # the pack's singular key decides its plural over the KB's list
        pack_form = next((g for g in _singulars(key, suffixes) if g in own_heads), None)
        if pack_form is not None:
            heads[key] = own_heads[pack_form]
    heads.update(own_heads)
    count = data.get("count_sector")
    return SectorWords(heads, stoppers, stoppers - own, suffixes, frozenset(numbers),
                       str(count) if count else None, bool(data.get("head_first", False)),
                       frozenset(normalise(w) for w in data.get("state_weapons", [])))  # fmt: skip


def sector_heads(language: str | None) -> dict[str, str]:
    """Head noun -> sector for a language: the pack's `sectors.json` over the KB's list."""
    return sector_words(language).heads


@functools.lru_cache(maxsize=1)
def _kb_words() -> SectorWords:
    """No language given: the KB's sector list alone, read with its language's phrase rules."""
    rules = sector_words(KB_LANGUAGE)
    return SectorWords({}, rules.stoppers, rules.place_stoppers, (), frozenset(), None)


def _singulars(gram: str, suffixes: tuple[str, ...]) -> list[str]:
    """Each word as written or less one plural suffix ("grupos armados" -> "grupo armado")."""
    forms: list[list[str]] = []
    for word in gram.split():
        alts = [word] + [word[: -len(s)] for s in suffixes if word.endswith(s) and len(word) - len(s) >= 3]
        forms.append(alts)
    out = [""]
    for alts in forms:
        out = [f"{prefix} {a}".strip() for prefix in out for a in alts]
    return out[1:]  # the form as written is looked up first, by the caller


def _sector_head(kb: KnowledgeBase, toks: list[str], heads: dict[str, str] | None = None,
                 words: SectorWords | None = None) -> str | None:  # fmt: skip
    table = kb.sector_heads if heads is None else heads
    words = words or _kb_words()
    cut = _head_end(toks, words.stoppers)
    for part in (toks[:cut], toks):
        best: tuple[int, int, str] | None = None
        for i, j, gram in _windows(part, 3):
            sector = table.get(gram)
            if sector is None and words.plural_suffixes:
                sector = next((table[g] for g in _singulars(gram, words.plural_suffixes) if g in table), None)
            # Prefer the rightmost head (English NPs are head-final; the leftmost where the
            # pack says heads come first), then the longest.
            if sector and (best is None or _rank(i, j, words) > _rank(best[0], best[1], words)):
                best = (i, j, sector)
        if best:
            return best[2]
    return None


def _rank(i: int, j: int, words: SectorWords) -> tuple[int, int]:
    return (-i, j - i) if words.head_first else (j, j - i)


def _state_weapon(toks: list[str], words: SectorWords) -> bool:
    """The phrase's head is a weapon a state's forces use (the pack's `state_weapons`)."""
    return any(form in words.state_weapons for tok in toks
               for form in [tok, *_singulars(tok, words.plural_suffixes)])


def _bare_count(toks: list[str], words: SectorWords) -> bool:
    """ "Eight", "19", "a ocho": a count with no noun names people."""
    rest = [t for t in toks if not t.isdigit() and t not in words.numbers]
    return bool(toks) and len(rest) < len(toks) and all(len(t) <= 2 for t in rest)


def _country_cue(kb: KnowledgeBase, toks: list[str], hits: list[tuple[int, int, KBEntry]]) -> str | None:
    for tok_i in range(len(toks)):
        for n in (2, 1):
            code = kb.demonyms.get(" ".join(toks[tok_i : tok_i + n]))
            if code:
                return code
    for _, _, entry in hits:
        if entry.country:
            return entry.country
    return None


def _fuzzy(kb: KnowledgeBase, norm: str) -> KBEntry | None:
    from rapidfuzz import fuzz, process

    choices = _fuzzy_choices(kb)
    match = process.extractOne(norm, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return kb.alias_index[match[0]] if match else None


_FUZZY_CACHE: dict[int, list[str]] = {}


def _fuzzy_choices(kb: KnowledgeBase) -> list[str]:
    key = id(kb)
    if key not in _FUZZY_CACHE:
        _FUZZY_CACHE[key] = kb.entry_aliases()
    return _FUZZY_CACHE[key]


def _looks_named(text: str) -> bool:
    """Two or more capitalised words: a proper name worth a fuzzy look-up."""
    return sum(1 for w in text.split() if w[:1].isupper()) >= 2


def _place_country(toks: list[str]) -> str | None:
    """Country of a known town in the span ("police in Culiacán" -> MEX)."""
    from chronicler.resolve.gazetteer import load_gazetteer

    gaz = load_gazetteer()
    for _, _, gram in _windows(toks, 3):
        place = gaz.lookup_known(gram)
        if place is not None:
            return place.country
    return None


def _from_entry(entry: KBEntry) -> Resolution:
    kind = "country" if entry.kind == COUNTRY else "kb"
    return Resolution(entry.canonical, entry.id, entry.country, entry.sector, kind)


def resolve_text(text: str, kb: KnowledgeBase | None = None, language: str | None = None) -> Resolution:
    """Resolve one actor string; pure function of the text, the KB and the language's
    sector nouns (the KB's alone when no language is given)."""
    kb = kb or load_kb()
    words = sector_words(language) if language else _kb_words()
    heads = words.heads if language else None
    norm = normalise(text)
    toks = norm.split()
    if not toks:
        return Resolution(text, None, None, None, "unknown")
    hits = _kb_hits(kb, toks, text)
    # The head of the phrase decides first: "the Mexican Embassy in Washington" is an
    # embassy (of Mexico), "police in Culiacán" police; only then a name anywhere in the
    # span ("20 suspected members of the Sinaloa Cartel").
    head = toks[: _head_end(toks, words.place_stoppers)]
    named_head = [h for h in _kb_hits(kb, head, text) if h[2].kind == ENTRY] if len(head) < len(toks) else []
    if named_head:
        return _from_entry(named_head[0][2])
    sector = _sector_head(kb, head, heads, words) if len(head) < len(toks) else None
    named = [h for h in hits if h[2].kind == ENTRY]
    if named and sector is None:
        return _from_entry(named[0][2])
    if sector is None and _looks_named(text) and len(norm) >= 5:
        entry = _fuzzy(kb, norm)
        if entry:
            return _from_entry(entry)
    sector = sector or _sector_head(kb, toks, heads, words)
    if sector is None and words.count_sector and _bare_count(head, words):
        sector = words.count_sector
    country = _country_cue(kb, toks, hits)
    if sector is None and country and _state_weapon(head, words):
        sector = "military"  # "Ukrainian missiles", "an Israeli airstrike": a state's arms
    if sector and country is None:
        # Only for generic groups: a bare surname can be a town too ("Zamora").
        country = _place_country(toks)
    if sector:
        entity_id = f"{(country or 'generic').lower()}.{sector}"
        return Resolution(text.strip(), entity_id, country, sector, "sector_rule")
    if hits:
        return _from_entry(hits[0][2])
    return Resolution(text.strip(), None, country, None, "unknown")


def resolve_entity(
    entity: Entity, kb: KnowledgeBase | None = None, article_text: str = "", language: str | None = "en"
) -> Entity:
    """Resolve an actor; a pronoun with an antecedent (`via_span`) resolves as its antecedent."""
    text = entity.text
    if entity.via_span is not None:
        text = entity.via_span.text or article_text[entity.via_span.start : entity.via_span.end] or text
    res = _cached_resolve(text, language) if kb is None else resolve_text(text, kb, language)
    return entity.model_copy(
        update={
            "canonical": res.canonical,
            "entity_id": res.entity_id,
            "country": res.country,
            "sector": res.sector,
            "resolution": res.resolution,
        }
    )


_RESOLVE_CACHE: dict[tuple[str, str | None], Resolution] = {}


def _cached_resolve(text: str, language: str | None) -> Resolution:
    # Actor strings repeat a lot across a corpus ("police", "Trump"); memoise them.
    key = (text, language)
    res = _RESOLVE_CACHE.get(key)
    if res is None:
        if len(_RESOLVE_CACHE) > 100_000:
            _RESOLVE_CACHE.clear()
        res = _RESOLVE_CACHE[key] = resolve_text(text, language=language)
    return res


# Who protests is a protester, whatever else they are ("teachers", "farmers"): ACLED's
# actor type for the side of a protest. Named organisations keep their own sector. The
# crowd that tear gas or batons disperse is, by the codebook, protesters too.
_PROTEST_OVERRIDES = frozenset({None, "civilians"})
CROWD_CONTROL = "crowd-control"


SCRATCH_PROTESTING = "protesting_recipients"  # set by the arguments component (extract/roles.py)


def _protest_side(event: Any, protesting: bool = False) -> None:
    """`protesting`: the arguments component read the recipient's phrase as people who
    protest ("villagers protesting a land acquisition")."""
    actor = event.actor
    if event.event_type == "PROTEST" and actor is not None and actor.sector in _PROTEST_OVERRIDES:
        event.actor = actor.model_copy(update={"sector": "protesters"})
    crowd = event.recipient
    if crowd is None:
        return
    if (event.mode == CROWD_CONTROL and crowd.sector == "civilians") or (protesting and crowd.sector in _PROTEST_OVERRIDES):
        event.recipient = crowd.model_copy(update={"sector": "protesters"})


# MOBILIZE's mode names the force that moves (docs/engine.md codebook): when the actor is
# that force, its sector decides ("500 National Guard troops were deployed": police).
_FORCE_MODES = {"police": "police", "military": "troops", "armed_group": "militia"}


def _mobilized_force(event: Any) -> None:
    actor = event.actor
    if event.event_type != "MOBILIZE" or actor is None or event.mode not in (None, *_FORCE_MODES.values()):
        return
    event.mode = _FORCE_MODES.get(actor.sector or "", event.mode)


SCRATCH_CONTEXT_ACTORS = "context_actors"  # set by the arguments component (extract/roles.py)
SECURITY_SECTORS = frozenset({"police", "military"})


def _context_actor(event: Any, candidates: list[tuple[str, Any]], by_id: dict[str, Any], ctx: DocContext) -> Entity | None:
    """The actor an agentless event reads from its context (docs/engine.md, "Actors from
    context"): the first candidate that resolves to a security force, or another event's
    actor of the same type ("Gunmen opened fire ... An officer was wounded"), and is
    not on the victim's own side ("Police said an officer was shot": no actor)."""
    victim = event.recipient.sector if event.recipient is not None else None
    for kind, payload in candidates:
        if kind == "event":
            other = by_id.get(payload)
            found = other.actor if other is not None else None
            same_kind = other is not None and other.event_type == event.event_type
            ok = found is not None and (found.sector in SECURITY_SECTORS or same_kind and found.sector is not None)
        else:
            found = resolve_entity(payload, article_text=ctx.text, language=ctx.language)
            ok = found.sector in SECURITY_SECTORS
        if ok and found is not None and found.sector != victim:
            return found
    return None


@component("resolve_actors", requires=("events.arguments",), assigns=("events.actor_resolved",))
def make_resolve_actors(**_: Any) -> Any:
    load_kb()  # load at pipeline build time, not on the first story
    sector_words("en")

    def resolve_actors(ctx: DocContext) -> None:
        for ev in ctx.events:
            if ev.actor is not None:
                ev.actor = resolve_entity(ev.actor, article_text=ctx.text, language=ctx.language)
            if ev.recipient is not None:
                ev.recipient = resolve_entity(ev.recipient, article_text=ctx.text, language=ctx.language)
            _protest_side(ev, ev.id in ctx.scratch.get(SCRATCH_PROTESTING, ()))
            _mobilized_force(ev)
        context = ctx.scratch.get(SCRATCH_CONTEXT_ACTORS, {})
        if context:
            by_id = {ev.id: ev for ev in ctx.events}
            for ev in sorted(ctx.events, key=lambda e: e.trigger.start):
                if ev.actor is None and ev.id in context:
                    ev.actor = _context_actor(ev, context[ev.id], by_id, ctx)

    return resolve_actors
