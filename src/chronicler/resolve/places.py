"""Event location: document-level toponym resolution against the worldwide gazetteer.

Per article, once (`analyse`):
1. *Spot* place names: capitalised n-grams the gazetteer knows (longest first, with
   connectors: "San Francisco del Rincón") and spaCy place entities. Names in title-case
   headlines or outside a place entity need support: a place preposition, a unit word
   ("state of", "municipio de"), a qualifier, or a name big enough to be safe.
2. *Drop what is not a place*: organisations named after places ("Sinaloa Cartel",
   "Cártel de Sinaloa", "Jalisco New Generation Cartel"), people ("a girl named
   Charlotte", "Charlotte, 8,"), things with a determiner ("the Durango" a car), common
   nouns ("metro", "border"). The words come from the language pack (`places.json`).
3. *Read qualifiers*: "X, State", "X (State)", "X, Ala.", "X in Y", "X, estado de Y",
   "the municipality of X in Y", "X County": X is looked for inside the unit Y.
4. *Resolve jointly*: each candidate scores its static prior (kind and population),
   plus the unit word's kind, the qualifier, the dateline (`ctx.scratch["dateline"]`
   when another component set it, else a leading "CITY, Country —"), the outlet's home
   ("El Sol de Tijuana"), and — in a second pass — the states and countries of the
   other places the same article names ("Berlin" in a Connecticut story).
5. *Roles*: a name in a place phrase ("in/near/en X") may be the event's place; one
   hanging off a speech or deliberation verb or a speaker noun ("considered in
   Washington", "speaking in Mexico City", "officials in Washington") is where the
   talking happened, kept as context; subjects and modifiers ("Mexico said", "U.S.
   officials") are weak.

Each event takes the place phrase nearest its trigger; the sentence's other places go
to `Event.context_places`. With none in the sentence, an earlier sentence of the
paragraph, the dateline or the outlet's home state supplies it, and `derived` says so.
Every Place carries its precision; a unit's coordinates are its representative point
(a state's or municipality's population-weighted medoid, a country's centroid;
`gazetteer` ends in ':centroid').
"""

from __future__ import annotations

import bisect
import csv
import functools
import re
from dataclasses import dataclass, field, replace
from typing import Any

from chronicler.analyse.tokens import doc_text, doc_tokens
from chronicler.lang import load_pack
from chronicler.pipeline import DocContext, component
from chronicler.records import Event, Place, Span
from chronicler.resolve.gazetteer import (
    ADM1,
    ADM2,
    OWN_NAME_BONUS,
    PCLI,
    PPL,
    PPLC,
    RGN,
    Gazetteer,
    GazPlace,
    distance_km,
    fast_key,
    gazetteer_dir,
    is_within,
    load_gazetteer,
    short_forms,
)
from chronicler.resolve.kb import ENTRY, load_kb
from chronicler.resolve.text import normalise

PLACE_LABELS = {"GPE", "LOC", "FAC"}
MODIFIER_DEPS = {"compound", "amod", "poss", "nmod:poss", "flat"}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "nsubj:pass"}
PATIENT_DEPS = {"dobj", "obj", "nsubjpass", "nsubj:pass"}
MAX_NGRAM = 6
TOP_CANDIDATES, SCOPE_CANDIDATES = 60, 2000
SAFE_PRIOR = 6.3  # countries, states, cities of about two million: safe without support
SUPPORTED_PRIOR = 4.3  # outside a place entity, in running text, with no other support
WANT_BONUS = {PCLI: 5.0, ADM1: 5.0, ADM2: 5.0, "town": 3.0}
NEAR_TOWN_BONUS = 2.0
CITY_SHARE = 0.25  # a city with this share of its same-named unit's people is what X means
SCOPE_BONUS, SCOPE_NEAR_BONUS = 20.0, 10.0
DOC_ADMIN1_BONUS, DOC_COUNTRY_BONUS, DOC_NEAR_BONUS = 3.5, 2.0, 1.0
DOC_ADMIN1_SHARE = 0.3  # the state's share of the other names below which its pull weakens
DATELINE_ADMIN1_BONUS, DATELINE_COUNTRY_BONUS = 3.0, 2.0
LANGUAGE_COUNTRY_BONUS = 1.5  # a country where the text's language is spoken
OUTLET_ADMIN1_BONUS, OUTLET_COUNTRY_BONUS = 3.0, 1.0
FOREIGN_MIN_PRIOR = 5.5  # about 300,000 people: a town abroad named bare in a story at home
LOCAL_MIN_PRIOR = 5.0  # about 100,000 people: a town in another state, in a local outlet's story
HOME_NAMESAKE_MAX = 7.0  # a unit or city abroad under ~10 million yields to a namesake at home
DATELINE = re.compile(
    r"^\s*([A-ZÁÉÍÓÚÑ][A-ZÁÉÍÓÚÑ.' ]{2,40}?)(?:,\s*([A-Z][\w.' ]{1,30}?))?\s*"
    r"(?:\([\w .]+\))?\s*[—–-]{1,2}\s"
)


@dataclass(frozen=True)
class PlaceWords:
    """The language pack's words for places (`places.json`); a missing key is empty."""

    place_preps: frozenset[str]
    anchor_preps: frozenset[str]
    links: tuple[str, ...]
    unit_before: dict[str, str]
    unit_after: dict[str, str]
    org_after: frozenset[str]
    org_before: frozenset[str]
    org_window: int
    determiners: frozenset[str]
    article_names: frozenset[str]
    not_places: frozenset[str]
    person_before: frozenset[str]
    speech_verbs: frozenset[str]
    speaker_nouns: frozenset[str]
    connectors: frozenset[str]
    soil_nouns: frozenset[str]
    name_prefixes: frozenset[str]
    point_preps: frozenset[str]
    sublocal_after: frozenset[str]
    sublocal_before: frozenset[str]
    venue_before: frozenset[str] = frozenset()  # 'el penal de Torreón': a venue in X
    language_countries: frozenset[str] = frozenset()  # ISO alpha-3: where the language is spoken
    articles: frozenset[str] = frozenset()  # 'la' in 'de la República'
    reference_before: frozenset[str] = frozenset()  # 'border crossing with', 'rumbo a': a direction
    destination_preps: frozenset[str] = frozenset()  # 'to' of 'supplies drugs to the US'
    destination_verbs: frozenset[str] = frozenset()
    org_heads: frozenset[str] = frozenset()  # 'Fiscalía' of 'Fiscalía General de la República'
    origin_preps: frozenset[str] = frozenset()  # 'six from Honduras': where people come from
    resident_nouns: frozenset[str] = frozenset()  # 'relatives in the United States'
    partner_preps: frozenset[str] = frozenset()  # 'cooperation with the United States'
    admin1_generic: frozenset[str] = frozenset()  # 'province', 'al': dropped matching a unit name
    admin1_synonyms: tuple[tuple[str, str], ...] = ()  # 'nord' -> 'north'
    paren_units: frozenset[str] = frozenset()  # 'town' of 'Kabo town (Kabo, Ouham)'
    initial_not_places: frozenset[str] = frozenset()  # 'Caen tres sicarios': a verb, not Caen
    sublocal_articles: frozenset[str] = frozenset()  # 'en la Lázaro Cárdenas': la colonia
    title_after: frozenset[str] = frozenset()  # 'Arkansas Gov. Mike Huckabee': a title after X
    list_joiners: frozenset[str] = frozenset({","})  # ', and' of 'Alabama, Georgia, and Texas'


_UNIT_KINDS = {"admin1": ADM1, "admin2": ADM2, "town": "town"}


@functools.lru_cache(maxsize=16)
def load_place_words(language: str) -> PlaceWords:
    pack = load_pack(language)
    raw: dict[str, Any] = pack.json("places") if pack.has("places") else {}

    def words(key: str) -> frozenset[str]:
        return frozenset(normalise(w, False) for w in raw.get(key, []))

    def units(key: str) -> dict[str, str]:
        value = raw.get(key, {})
        if not isinstance(value, dict) or any(v not in _UNIT_KINDS for v in value.values()):
            raise pack.invalid("places.json", f"'{key}' must map phrases to admin1/admin2/town")
        return {normalise(k, False): _UNIT_KINDS[v] for k, v in value.items()}

    return PlaceWords(
        words("place_preps"), words("anchor_preps"), tuple(raw.get("qualifier_links", [","])),
        units("unit_before"), units("unit_after"), words("org_after"), words("org_before"),
        int(raw.get("org_window", 3)), words("determiners"), words("article_names"),
        words("not_places"), words("person_before"), words("speech_verbs"),
        words("speaker_nouns"), words("connectors"), words("soil_nouns"),
        words("name_prefixes"), words("point_preps"), words("sublocal_after"),
        words("sublocal_before"), words("venue_before"),
        frozenset(str(c).upper() for c in raw.get("language_countries", [])),
        words("articles"), words("reference_before"), words("destination_preps"),
        words("destination_verbs"), words("org_heads"), words("origin_preps"),
        words("resident_nouns"), words("partner_preps"), words("admin1_generic"),
        tuple(sorted((normalise(k, False), normalise(v, False))
                     for k, v in raw.get("admin1_synonyms", {}).items())),
        words("paren_units"), words("initial_not_places"), words("sublocal_articles"),
        words("title_after"), frozenset(str(j) for j in raw.get("list_joiners", [","])),
    )  # fmt: skip


@dataclass
class Mention:
    i: int  # doc token range [i, j)
    j: int
    start: int  # character offsets
    end: int
    text: str
    sent: int
    refs: tuple[int, ...]
    want: str | None = None  # ADM1 / ADM2 / "town" from a unit word
    scope: list[GazPlace] = field(default_factory=list)  # units a qualifier names
    qualifier: bool = False  # this mention qualifies the one before it
    in_prep: bool = False
    near: bool = False  # 'near/outside X': a point, not a region
    weak: bool = False
    doer: bool = False  # the subject of a verb that is no speech verb ('Tijuana registra ...')
    context: bool = False  # where someone spoke or deliberated
    reference: bool = False  # a direction or landmark ('the border with X', 'rumbo a X')
    office: bool = False  # an institution's seat or jurisdiction ('Fiscalía de Sonora')
    cue: bool = False  # a state's demonym or institution ('policías michoacanos'): weak, last resort
    place: GazPlace | None = None
    fallback: GazPlace | None = None  # the qualifier's unit, when no candidate lies in it
    admin2_text: str | None = None  # 'Kajuru' of '(Kajuru, Kaduna)': the note's admin2
    paren: bool = False  # qualified by a parenthesis ('in Balao (Guayas)'): a note's event place
    gap_before: str = ""  # the text between the previous mention and this one, stripped


@dataclass
class DocPlaces:
    mentions: list[Mention]
    dateline: GazPlace | None
    outlet: GazPlace | None
    language_countries: frozenset[str] = frozenset()


# --- spotting --------------------------------------------------------------


def _title_case(tokens: list[Any]) -> bool:
    words = [t for t in tokens if t.is_alpha and len(t.text) > 3]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) / len(words) > 0.7


def _sent_title_case(doc: Any, sent: Any) -> bool:
    """`_title_case(list(sent))`, read from the document's token table."""
    toks = doc_tokens(doc)
    words = [k for k in range(sent.start, sent.end) if toks.alpha[k] and len(toks.words[k]) > 3]
    return len(words) >= 3 and sum(toks.words[k][:1].isupper() for k in words) / len(words) > 0.7


def _ngram_spans(doc: Any, sent: Any, gaz: Gazetteer, words: PlaceWords) -> list[tuple[int, int]]:
    """Longest capitalised n-grams (connectors inside: 'Iguala de la Independencia')."""
    toks = doc_tokens(doc)  # plain lists: doc[i] builds a Token on every access
    texts, lower, connectors = toks.words, toks.lower, words.connectors
    upper = [texts[k][:1].isupper() for k in range(sent.start, sent.end)]
    # a token a name may hold past its first: capitalised, a connector, '-', '.', "'", or a
    # word glued to a hyphen before it ('Pul-e Khumri'); read once per token, not per n-gram
    inner = [upper[k - sent.start] or lower[k] in connectors or texts[k] in "-.'" or
             k > sent.start and texts[k - 1] == "-" and toks.start[k] == toks.end[k - 1]
             for k in range(sent.start, sent.end)]  # fmt: skip
    out, i = [], sent.start
    while i < sent.end:
        if not upper[i - sent.start]:
            i += 1
            continue
        found = 0
        run = 1  # tokens from i that a name may hold (the first is capitalised)
        while run < min(MAX_NGRAM, sent.end - i) and inner[i + run - sent.start]:
            run += 1
        for n in range(min(MAX_NGRAM, sent.end - i), 0, -1):
            if n > run or not upper[i + n - 1 - sent.start]:
                continue
            if gaz.refs(toks.span_text(i, i + n)):
                found = n
                break
        if found:
            out.append((i, i + found))
            i += found
        else:
            i += 1
    return out


def _entity_spans(doc: Any, sent: Any, gaz: Gazetteer, ents: list[Any] | None = None) -> list[tuple[int, int]]:
    """Place entities of one sentence; `ents` is the document's entities read once
    (Span.ents walks every entity of the document on each call)."""
    out = []
    toks = doc_tokens(doc)
    in_sent = _ents_within(ents, sent.start, sent.end) if ents is not None else sent.ents
    for ent in in_sent:
        if ent.label_ in PLACE_LABELS or (ent.label_ == "LOC"):
            start = ent.start + (1 if toks.lower[ent.start] in ("the",) and len(ent) > 1 else 0)
            if gaz.refs(toks.span_text(start, ent.end)):
                out.append((start, ent.end))
    return out


def _ents_within(ents: list[Any], start: int, end: int) -> list[Any]:
    """The entities of `ents` (the document's, in order and apart) inside tokens start..end:
    found by bisection, not by testing every entity of the document for every sentence."""
    first = bisect.bisect_left(ents, start, key=lambda e: e.start)
    out = []
    for ent in ents[first:]:
        if ent.start >= end:
            break
        if ent.end <= end:
            out.append(ent)
    return out


def _prev_words(doc: Any, i: int, n: int, floor: int) -> list[str]:
    lower = doc_tokens(doc).lower
    return [lower[k] for k in range(max(floor, i - n), i)]


def _unit_before(doc: Any, i: int, floor: int, words: PlaceWords) -> str | None:
    toks = doc_tokens(doc)
    for n in (3, 2, 1):
        if i - n >= floor:
            phrase = normalise(toks.span_text(i - n, i), False)
            if phrase in words.unit_before:
                return words.unit_before[phrase]
    return None


def _unit_after(doc: Any, j: int, ceil: int, words: PlaceWords) -> str | None:
    lower = doc_tokens(doc).lower
    if j < ceil and lower[j] in words.unit_after:
        return words.unit_after[lower[j]]
    return None


def _is_org(doc: Any, i: int, j: int, sent: Any, words: PlaceWords) -> bool:
    """'Sinaloa Cartel', 'Jalisco New Generation Cartel', 'Cártel de Sinaloa', KB names."""
    toks = doc_tokens(doc)  # plain lists: doc[a:b] and its tokens are built on every access
    texts = toks.words
    k = j
    while k < min(sent.end, j + words.org_window + 1):
        if normalise(texts[k], False) in words.org_after:
            return True
        if not texts[k][:1].isupper():
            break
        k += 1
    back = i - 1
    while back >= sent.start and toks.lower[back] in words.connectors:
        back -= 1
    if back >= sent.start and normalise(texts[back], False) in words.org_before:
        # 'Hotel Guadalajara' is a hotel's name; 'el penal de Torreón' a prison in Torreón
        venue = back < i - 1 and not texts[back][:1].isupper()
        if not (venue and normalise(texts[back], False) in words.venue_before):
            return True
    return _kb_name(doc, i, j, sent) == "proper"


def _kb_name(doc: Any, i: int, j: int, sent: Any) -> str:
    """A longer actor name of the KB holds the place: "proper" when its other words are
    capitalised ('Mexican Army', 'Sinaloa Cartel'), "common" when they are common nouns
    ('U.S. military', 'U.S. forces': the country is still named, as a modifier), else ""."""
    toks = doc_tokens(doc)
    kb = load_kb()
    own = normalise(toks.span_text(i, j))
    for a in range(max(sent.start, i - 3), i + 1):
        for b in range(j, min(sent.end, j + 4) + 1):
            # a longer name, not the same one with a comma ('Bogotá,' is no government)
            if any(toks.punct[a:b]):
                continue
            key = normalise(toks.span_text(a, b))
            if key == own:
                continue
            entry = kb.alias_index.get(key)
            if entry is not None and entry.kind == ENTRY:
                rest = [toks.words[k] for k in (*range(a, i), *range(j, b))]
                return "common" if all(w[:1].islower() for w in rest) else "proper"
    return ""


def _is_person(doc: Any, i: int, j: int, sent: Any, words: PlaceWords, in_prep: bool) -> bool:
    """'a girl named Charlotte', 'Charlotte, 8,', 'Charlotte Smith' (a PERSON entity)."""
    if i > sent.start and normalise(doc[i - 1].text, False) in words.person_before:
        return True
    if j + 2 < sent.end and doc[j].text == "," and doc[j + 1].text.isdigit() and \
            doc[j + 2].text == ",":  # 'Charlotte, 8, was shot'
        return True
    ent_types = {doc[k].ent_type_ for k in range(i, j)}
    # the model's PERSON on a subject ('Charlotte was shot'); 'patrolled Apatzingán' stays
    if ent_types & {"PERSON", "PER"} and not in_prep and doc[i:j].root.dep_ in SUBJECT_DEPS:
        return True
    # a longer PERSON entity swallowing the name: "Charlotte Brown"
    return bool(not in_prep and j < sent.end and doc[j].is_alpha and
                doc[j].ent_type_ in ("PERSON", "PER") and doc[j].ent_iob_ == "I" and
                doc[j - 1].ent_type_ in ("PERSON", "PER"))


def _sublocal(doc: Any, i: int, j: int, sent: Any, words: PlaceWords) -> bool:
    """'the Libertad neighborhood', 'colonia Guadalupe', 'Juárez Avenue': a street or
    neighbourhood named like a town is not that town."""
    if j < sent.end and normalise(doc[j].text, False) in words.sublocal_after:
        return True
    k = i - 1  # 'colonia Topo Chico', 'colonia Nueva Santa María': the name's other words
    # across a sentence start too: the Spanish model may start one at 'Topo' (only
    # capitalised words lie between, so no full stop does)
    while k > max(0, i - 4) and doc[k].text[:1].isupper() and \
            normalise(doc[k].text, False) not in words.sublocal_before:
        k -= 1
    if k >= 1 and doc[k].lower_ in words.connectors and doc[k - 1].text[:1].isupper():
        k -= 1  # 'Lomas de Jerez', 'Villas del Pedregal' (not 'colonia Atlas de Guadalajara')
    return k >= 0 and normalise(doc[k].text, False) in words.sublocal_before


def _name_continues(doc: Any, j: int, sent: Any, gaz: Gazetteer, words: PlaceWords) -> bool:
    """'Valle de Empalme': the known 'Valle' is the start of a longer, unknown name."""
    k = j
    while k < sent.end and doc[k].lower_ in words.connectors and k - j < 2:
        k += 1
    if k >= sent.end or not doc[k].text[:1].isupper() or doc[k].lower_ in words.unit_after or \
            doc[k].ent_type_ in ("DATE", "TIME") or normalise(doc[k].text, False) in words.title_after:
        return False  # 'Ohio Gov. John Kasich', 'Phoenix Mayor Greg Stanton': an office's place
    if k == j:  # 'Toledo Corro': a capitalised word no gazetteer knows (not in title case)
        return not _sent_title_case(doc, sent) and doc[k].pos_ == "PROPN" and not gaz.refs(doc[k].text)
    # 'Santa Ana del Conde', 'Concepción La Cruz': unless what follows is a state or country
    refs = gaz.refs(doc[k].text)
    return not refs or gaz.place(refs[0]).kind not in (ADM1, PCLI)


def _in_name(doc: Any, i: int, j: int, sent: Any, words: PlaceWords) -> bool:
    """'Denzel Washington', 'Paris Hilton': the name is one word of a longer proper name
    (a proper noun compounds with it) that is no place; 'northern Syria' is exempt."""
    root = doc[i:j].root
    if i > sent.start:
        prev = doc[i - 1]
        if prev.pos_ == "PROPN" and prev.dep_ == "compound" and prev.head.i in range(i, j) and \
                prev.text[:1].isupper() and prev.ent_type_ not in ("GPE", "LOC", "NORP", "FAC") \
                and normalise(prev.text, False) not in words.name_prefixes:
            return True
    if j < sent.end:
        nxt = doc[j]
        if root.dep_ == "compound" and root.head is nxt and nxt.pos_ == "PROPN" and \
                nxt.text[:1].isupper() and nxt.lower_ not in words.unit_after and \
                nxt.ent_type_ in ("PERSON", "PER", "ORG"):
            return True
    return False


def _is_thing(doc: Any, i: int, j: int, sent: Any, words: PlaceWords, top: GazPlace) -> bool:
    """'the Durango' (a car), 'a Chihuahua': a determiner on a one-word name that heads
    its phrase; names that take 'the' ('the Bronx') and countries are exempt."""
    if j - i != 1 or i == sent.start or top.kind == PCLI:
        return False
    if doc[i - 1].lower_ not in words.determiners:
        return False
    if normalise(doc[i].text, False) in words.article_names:
        return False
    nxt = doc[j] if j < sent.end else None
    return nxt is None or nxt.pos_ not in ("NOUN", "PROPN")


def _in_org_name(doc: Any, i: int, sent: Any, words: PlaceWords) -> tuple[bool, bool]:
    """(the name ends an organisation's name, an article stands right before it):
    'Fiscalía General de la República', 'Secretariat of the Navy'. Walks left over
    capitalised words and connectors to a capitalised organisation head."""
    article = i > sent.start and doc[i - 1].lower_ in words.articles
    if not words.org_heads:
        return False, article
    k = i - 1
    while k >= sent.start and i - k <= 6:
        tok = doc[k]
        if tok.text[:1].isupper() and normalise(tok.text, False) in words.org_heads:
            return True, article
        if not (tok.text[:1].isupper() or tok.lower_ in words.connectors or
                tok.lower_ in words.articles):
            break
        k -= 1
    return False, article


def _is_reference(doc: Any, i: int, j: int, sent: Any, words: PlaceWords) -> bool:
    """A direction, landmark or origin, not where something happened: 'from the border
    crossing with the United States', 'rumbo a Estados Unidos', 'supplies drugs to the US',
    'migrants from Honduras', 'relatives in the United States'."""
    k = i  # 'border with the United States' (the article skipped), 'across the Rio Grande'
    while k > sent.start and doc[k - 1].lower_ in words.articles:
        k -= 1
    for end in {k, i}:
        for n in (4, 3, 2, 1):
            if end - n >= sent.start and \
                    normalise(doc[end - n : end].text, False) in words.reference_before:
                return True
    prep = _governing_prep(doc[i:j].root, words)
    if prep is None:
        return False
    head = prep.head if prep.dep_ in ("prep", "agent") else doc[i:j].root.head
    if prep.dep_ == "prep" and head.ent_type_ in ("GPE", "LOC", "FAC") and not i <= head.i < j \
            and prep.lower_ not in words.links:
        return True  # 'Ciudad Juárez, across the Rio Grande from El Paso': a landmark of a place
    # the parser hangs 'to Arizona' off the object as often as off the verb
    verb = head.head if head.dep_ in ("dobj", "obj") else head
    if prep.lower_ in words.destination_preps and verb.lemma_.lower() in words.destination_verbs:
        return True
    # 'six from Honduras', 'a man from Culiacán', 'across the river from McAllen' (not
    # 'fled from Culiacán'); 'relatives in the United States'
    if prep.lower_ in words.origin_preps and head.pos_ in ("NOUN", "PRON", "NUM", "ADP"):
        return True
    before = doc[prep.i - 1] if prep.i > 0 else head  # 'called relatives in X' (off the verb)
    return any(t.pos_ in ("NOUN", "PRON") and normalise(t.text, False) in words.resident_nouns
               for t in (head, before) if t.i == head.i or t.head.i == head.i)


def _role(doc: Any, i: int, j: int, words: PlaceWords) -> tuple[bool, bool, bool]:
    """(in a place phrase, weak, where someone spoke) for the name doc[i:j]."""
    root = doc[i:j].root
    while root.dep_ in ("conj", "appos") and root.head is not root:
        root = root.head
    prep = _governing_prep(root, words)
    context = False
    if prep is not None and root.dep_ in MODIFIER_DEPS and prep.head.i != root.i and \
            root.head.lower_ not in words.unit_after:
        # 'in a Manitoba commercial corridor': a modifier, not the place; a name with its
        # own preposition ('el Centro de Uruapan', 'Balacera en Zitácuaro') is one
        prep = None
    if prep is not None:
        head = prep.head if prep.dep_ in ("prep", "agent") else root.head
        # 'officials in Washington' spoke there; 'arrested a cell leader in La Paz' did not
        # a speech verb, not its noun ('the state of Michoacán' is no 'state' that speaks)
        context = head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in words.speech_verbs or \
            normalise(head.lemma_, False) in words.speaker_nouns and head.dep_ not in PATIENT_DEPS
        return True, False, context
    # 'cooperation with the United States', 'coordinación con Guatemala': a partner
    partner = root.dep_ in ("pobj", "nmod", "obl") and (
        root.head.lower_ in words.partner_preps or
        any(c.dep_ == "case" and c.lower_ in words.partner_preps for c in root.children))
    premodifier = root.dep_ == "nmod" and root.i < root.head.i  # 'U.S. agricultural inspectors'
    weak = root.dep_ in MODIFIER_DEPS or root.dep_ in SUBJECT_DEPS or partner or premodifier
    return False, weak, False


def _governing_prep(token: Any, words: PlaceWords) -> Any:
    """The place preposition over a name: English 'prep -> pobj', UD 'case' children."""
    node = token
    for _ in range(4):
        for child in node.children:
            if child.dep_ in ("case", "mark") and child.lower_ in words.place_preps:
                return child
        if node.dep_ == "pobj" and node.head.lower_ in words.place_preps:
            return node.head
        if node.dep_ not in ("compound", "flat", "appos", "pobj", "nmod", "amod") or \
                node.head is node:
            return None
        node = node.head
    return None


# --- qualifiers ------------------------------------------------------------


def _link_between(text: str, words: PlaceWords) -> bool:
    """The words between two names make the second a qualifier: ', ', ' (', ' in ' ..."""
    gap = normalise(text, False)
    raw = text.strip()
    # 'Mir Ali, North Waziristan district, Khyber Pakhtunkhwa': a district the gazetteer
    # lacks, named between the town and its state, leaves the state qualifying the town
    inner = gap.split()
    if raw.startswith(",") and raw.endswith(",") and raw.count(",") == 2 and \
            1 < len(inner) <= 5 and words.unit_after.get(inner[-1]) == ADM2 and \
            text.split(",")[1].strip()[:1].isupper():
        return True
    for link in words.links:
        if link in (",", "("):
            if raw.startswith(link) and (not gap or gap in words.unit_before or
                                         gap.split(" ", 1)[-1] in words.unit_before):
                return True
            # 'Uruapan, in the western Mexican state of Michoacán': a short gap that
            # ends in a unit phrase
            tail = gap.split()
            if raw.startswith(link) and len(tail) <= 6 and any(
                    " ".join(tail[-n:]) in words.unit_before for n in (3, 2, 1)
                    if n <= len(tail)) and normalise(tail[0], False) in \
                    {normalise(x, False) for x in words.links if x not in (",", "(")}:
                return True
        elif gap == normalise(link, False) or (gap.startswith(normalise(link, False) + " ") and
                                                 gap.split(" ", 1)[1] in words.unit_before):
            return True
    return False


def _own_unit_levels(m: Mention, gaz: Gazetteer) -> set[int]:
    """0 where the name is a country's own (or its top reading: 'the Republic of
    Azerbaijan'), 1 where it is a first-order unit's."""
    key = normalise(m.text)
    return {{PCLI: 0, ADM1: 1}[gaz.rows[r][0]] for n, r in enumerate(m.refs[:TOP_CANDIDATES])
            if gaz.rows[r][0] in (PCLI, ADM1) and (n == 0 or _own_name(gaz.place(r), key))}


def _in_list(mentions: list[Mention], k: int, text: str, gaz: Gazetteer, joiners: frozenset[str]) -> bool:
    """'Alabama, Georgia, Tennessee and Virginia', 'Moldova, Morocco, Somalia': a list of
    units, not 'X, State'. The name before the comma is a country or state by its own
    name, no deeper than the next one, and a third name of the list goes on after them
    (or one comes before them). 'Durango, Durango' (the same name) is no list."""
    m, nxt = mentions[k], mentions[k + 1]
    if text[m.end : nxt.start].strip() != "," or normalise(m.text) == normalise(nxt.text):
        return False
    levels, levels_next = _own_unit_levels(m, gaz), _own_unit_levels(nxt, gaz)
    if not levels or not levels_next or min(levels) > max(levels_next):
        return False
    before = mentions[k - 1] if k > 0 else None
    after = mentions[k + 2] if k + 2 < len(mentions) else None
    return (after is not None and after.sent == nxt.sent and
            text[nxt.end : after.start].strip() in joiners) or \
        (before is not None and before.sent == m.sent and text[before.end : m.start].strip() == ",")


def _abbreviation_scope(doc: Any, m: Mention, ceil: int,
                        gaz: Gazetteer) -> tuple[list[GazPlace], int]:
    """'Monroeville, Ala.', 'Uruapan, Mich.': a state abbreviation after a comma
    (and where it ends, in tokens)."""
    if m.j >= ceil:
        return [], 0
    start = m.j + 1 if doc[m.j].text in (",", "(") else m.j
    if start == m.j and not (doc[m.j].text.isupper() and len(doc[m.j].text) >= 2):
        return [], 0  # without a comma only a capitalised code: 'La Paz BCS'
    for n in (4, 3, 2, 1):
        end = start + n
        if end <= ceil:
            span = doc[start:end]
            if span.text[:1].isupper() and normalise(span.text) in gaz.qualifiers:
                return [gaz.place(r) for r in gaz.qualifiers[normalise(span.text)]], end
    return [], 0


def _within_scope(place: GazPlace, scope: list[GazPlace]) -> bool:
    return any(is_within(place, unit) for unit in scope)


def _near_scope(place: GazPlace, scope: list[GazPlace]) -> bool:
    """'La Paz, Baja California': the unit's name starts the place's state's name."""
    return any(unit.country == place.country and _starts(place.admin1 or "", unit)
               for unit in scope)


def _apply_qualifiers(doc: Any, mentions: list[Mention], gaz: Gazetteer, words: PlaceWords,
                      sents: list[Any]) -> None:
    """Right to left, so that 'X, Y district, Z' narrows Y by Z and then X by Y."""
    text = doc_text(doc)  # spaCy rebuilds Doc.text on every access: read it once
    for k in range(len(mentions) - 1, -1, -1):
        m = mentions[k]
        ceil = sents[m.sent].end
        abbrev, abbrev_end = _abbreviation_scope(doc, m, ceil, gaz)
        if abbrev and any(_row_in_scope(gaz.rows[r], abbrev) for r in m.refs[:SCOPE_CANDIDATES]):
            m.scope = abbrev
            for other in mentions[k + 1 :]:  # 'Ala.' is no place of its own
                if other.sent == m.sent and other.i < abbrev_end:
                    other.qualifier = True
            continue
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        # a sentence never ends at a comma: 'Cuauhtémoc, Colima' split there is the parser's slip
        split = nxt is not None and nxt.sent == m.sent + 1 and text[m.end : nxt.start].strip() == ","
        # 'Celaya Guanajuato: ...': a headline label's last name qualifies the one before
        label = nxt is not None and nxt.sent == m.sent and not text[m.end : nxt.start].strip() and \
            _in_label(doc, nxt.j, sents[m.sent])
        if nxt is None or (nxt.sent != m.sent and not split) or \
                not (label or _link_between(text[m.end : nxt.start], words)):
            continue
        if _in_list(mentions, k, text, gaz, words.list_joiners):
            continue
        units = [gaz.place(r) for r in nxt.refs[:60]]
        units = [u for u in units if u.is_unit]
        if nxt.scope:
            units = [u for u in units if _within_scope(u, nxt.scope)] or units
        if units and any(_row_in_scope(gaz.rows[r], units) for r in m.refs[:SCOPE_CANDIDATES]):
            m.scope = units
            nxt.qualifier = True
        elif units and not (text[m.end : nxt.start].strip() == "," and 0 in _own_unit_levels(m, gaz)) \
                and not (nxt.weak and _leads_on(doc[nxt.i : nxt.j].root, nxt.j)):
            # (a country and a comma are no 'X, State': 'the United Arab Emirates, Uganda')
            # 'Los Angeles, Veracruz' names a place the gazetteer lacks inside Veracruz:
            # the unit is what the text vouches for (at the unit's precision). A weak
            # qualifier will do unless it leads on ('Los Angeles, Mexico said', 'Tijuana,
            # U.S. officials said'); the Spanish parser makes 'Veracruz' of 'en Los Ángeles,
            # Veracruz' a compound of 'Ángeles'.
            m.fallback = units[0]
            nxt.qualifier = True


# --- parenthesised qualifiers: 'in Kajuru (Kajuru, Kaduna)', 'in Djibo (Soum, Sahel)' ---


def _unit_keys(name: str, words: PlaceWords) -> tuple[str, str]:
    """A unit name's loose key and consonant skeleton: 'Nord-Kivu' and 'North Kivu' share
    'northkivu'; 'Nabatieh' / 'Nabatiye' and 'Erbil' / 'Arbil' share a skeleton."""
    synonyms = dict(words.admin1_synonyms)
    parts = [synonyms.get(t, t) for t in normalise(name, False).split() if t not in words.admin1_generic]
    loose = re.sub(r"(.)\1+", r"\1", "".join(parts))
    # a compass word stays whole in the skeleton: stripped, 'west' and 'east' are both 'st'
    # ('West Darfur' is no spelling of 'Eastern Darfur')
    compass = set(synonyms.values())
    skeleton = "".join(p if p in compass else re.sub(r"[aeiouyhw]", "", re.sub(r"(.)\1+", r"\1", p))
                       for p in parts)
    return loose, skeleton


@functools.lru_cache(maxsize=16)
def _admin1_keys(language: str) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
    """Every admin1 row of the gazetteer by loose key and by skeleton (built once per pack)."""
    gaz, words = load_gazetteer(), load_place_words(language)
    loose: dict[str, list[int]] = {}
    skeleton: dict[str, list[int]] = {}
    for ref, row in enumerate(gaz.rows):
        if row[0] == ADM1:
            a, b = _unit_keys(row[1], words)
            loose.setdefault(a, []).append(ref)
            skeleton.setdefault(b, []).append(ref)
    return ({k: tuple(v) for k, v in loose.items()}, {k: tuple(v) for k, v in skeleton.items()})


def _admin1_units(text: str, countries: set[str], gaz: Gazetteer, words: PlaceWords,
                  language: str) -> list[GazPlace]:
    """The admin1 units a qualifier names, by its exact name, then a looser spelling (only
    in a country the town may lie in, or when the spelling fits one country alone)."""
    exact = [u for u in gaz.scope(text) if u.kind == ADM1]
    if exact:
        return [u for u in exact if u.country in countries] or exact
    loose_key, skeleton_key = _unit_keys(text, words)
    for key, index in ((loose_key, _admin1_keys(language)[0]), (skeleton_key, _admin1_keys(language)[1])):
        if len(key) < 3 or key not in index:
            continue
        units = [gaz.place(r) for r in index[key]]
        inside = [u for u in units if u.country in countries]
        if inside or len({u.country for u in units}) == 1:
            return inside or units
    # 'Al-Hasakeh', 'Erbil': a city the gazetteer knows, named like the unit it lies in
    for town in gaz.candidates(text, limit=5):
        if town.kind in (PPL, PPLC) and town.admin1 and \
                set(_unit_keys(town.name, words)) & set(_unit_keys(town.admin1, words)):
            return [u for u in gaz.scope(town.admin1) if u.kind == ADM1 and u.country == town.country]
    return []


def _paren_parts(toks: Any, o: int, ceil: int) -> tuple[list[tuple[int, int]], int] | None:
    """The comma-separated parts of '( A, B )' opening at token o, and its closing token."""
    parts, start = [], o + 1
    for k in range(o + 1, min(ceil, o + 14)):
        if toks.words[k] in (",", ")"):
            if k == start:
                return None
            parts.append((start, k))
            start = k + 1
            if toks.words[k] == ")":
                return (parts, k) if len(parts) <= 3 else None
        elif not (toks.words[k][:1].isupper() or toks.alpha[k] or toks.words[k] in "-.'"):
            return None
    return None


def _paren_qualifiers(doc: Any, mentions: list[Mention], gaz: Gazetteer, words: PlaceWords,
                      sents: list[Any], language: str) -> list[Mention]:
    """ACLED's 'in <town> (<admin2>, <admin1>)': the last part names the town's admin1,
    a middle part its admin2. The town is looked for inside the unit, else placed at the
    unit; a name the gazetteer lacks ('in Daraban (Dera Ismail Khan, Khyber Pakhtunkhwa)')
    becomes a mention at the unit's precision."""
    toks = doc_tokens(doc)
    added = []
    for index, sent in enumerate(sents):
        for o in range(sent.start + 1, sent.end):
            if toks.words[o] != "(":
                continue
            found = _paren_parts(toks, o, sent.end)
            if found is None:
                continue
            parts, close = found
            end = o - 1 if toks.lower[o - 1] in words.paren_units and o - 1 > sent.start else o
            m = next((x for x in mentions if x.sent == index and x.j == end), None)
            countries = {gaz.rows[r][2] for r in m.refs[:TOP_CANDIDATES]} if m else set()
            units = _admin1_units(toks.span_text(*parts[-1]), countries, gaz, words, language)
            if not units:
                continue
            admin2 = toks.span_text(*parts[0]) if len(parts) >= 2 else None
            if m is None:
                m = _unknown_name(doc, toks, index, sent, end, units[0], words, unit_word=end != o)
                if m is None:
                    continue
                added.append(m)
            _qualify(m, units, admin2, gaz, [x for x in mentions if x.sent == index and o < x.i < close])
    return sorted(mentions + added, key=lambda x: x.start) if added else mentions


def _qualify(m: Mention, units: list[GazPlace], admin2: str | None, gaz: Gazetteer,
             inside: list[Mention]) -> None:
    for q in inside:  # 'Kaduna' of '(Kajuru, Kaduna)' is no place of its own
        q.qualifier = True
    m.scope, m.admin2_text, m.paren = units, admin2, True
    m.weak = False  # 'hit Kanan village (Tamu, Sagaing)': the parenthesis vouches for a place
    if m.fallback is None or m.fallback.kind != ADM1:
        m.fallback = None
    if not any(_row_in_scope(gaz.rows[r], units) for r in m.refs[:SCOPE_CANDIDATES]):
        district = [p for p in gaz.candidates(admin2 or "") if p.kind == ADM2 and _within_scope(p, units)]
        m.fallback = district[0] if district else units[0]


def _unknown_name(doc: Any, toks: Any, index: int, sent: Any, end: int, unit: GazPlace,
                  words: PlaceWords, unit_word: bool = False) -> Mention | None:
    """The capitalised name right before the parenthesis, after a place preposition or
    before a unit word ('attacked Wad al-Noura village (Al Gezira)': the word says place).
    A lower-case word joined by a hyphen ('al-' of 'Wad al-Noura') is part of the name."""
    i = end
    while i > sent.start and end - i < 5 and (toks.words[i - 1][:1].isupper() or
                                              toks.words[i - 1] in "-'" or
                                              (i < end and toks.words[i] == "-" and toks.alpha[i - 1])):
        i -= 1
    if i == end or i == sent.start or not toks.words[i][:1].isupper() or \
            (toks.lower[i - 1] not in words.anchor_preps and not unit_word):
        return None
    text = toks.span_text(i, end)
    return Mention(i, end, toks.start[i], toks.end[end - 1], text, index, (unit.row,),
                   in_prep=True, near=toks.lower[i - 1] in words.point_preps, fallback=unit)


def _leads_on(root: Any, end: int) -> bool:
    """The name is a subject, or modifies a word after it: not a qualifier of the name before."""
    return root.dep_ in SUBJECT_DEPS or root.head.i >= end


# --- resolution ------------------------------------------------------------


def _own_name(place: GazPlace, key: str) -> bool:
    """The name is the place's own (or its short form), not one of its alternates."""
    own = fast_key(place.name)
    return key == own or (place.kind in (PPL, PPLC) and (any(
        key == fast_key(f) for f in short_forms(place.name)) or
        key in load_gazetteer().curated_names.get(place.row, ())))


def _score(place: GazPlace, m: Mention, doc_places: DocPlaces,
           evidence: tuple[dict[str, float], dict[str, float], list[GazPlace]] | None,
           adm2_states: frozenset[str | None] = frozenset()) -> float:
    """`adm2_states`: the states where the name has a unit row of its own."""
    s = place.prior + (OWN_NAME_BONUS if _own_name(place, normalise(m.text)) else 0.0)
    if m.want is not None:
        kind = "town" if place.kind in (PPL, PPLC) else place.kind
        if m.want == ADM2 and kind == "town" and not place.admin2 and \
                place.admin1_code not in adm2_states:
            kind = ADM2  # a seat GeoNames gives no municipality: 'alcaldía Cuauhtémoc' (CDMX)
        s += WANT_BONUS[m.want] if kind == m.want else 0.0
    if m.near and m.want is None and place.kind in (PPL, PPLC):
        s += NEAR_TOWN_BONUS
    if place.country in doc_places.language_countries:
        s += LANGUAGE_COUNTRY_BONUS
    if m.scope:
        if _within_scope(place, m.scope):
            s += SCOPE_BONUS
        elif _near_scope(place, m.scope):
            s += SCOPE_NEAR_BONUS
    for anchor, a1_bonus, cc_bonus in ((doc_places.dateline, DATELINE_ADMIN1_BONUS,
                                        DATELINE_COUNTRY_BONUS),
                                       (doc_places.outlet, OUTLET_ADMIN1_BONUS,
                                        OUTLET_COUNTRY_BONUS)):
        if anchor is not None:
            if anchor.admin1_code and place.admin1_code == anchor.admin1_code:
                s += a1_bonus
            if place.country == anchor.country:
                s += cc_bonus
    if evidence is not None:
        admin1s, countries, points = evidence
        if place.admin1_code and place.kind != ADM1:
            # a state the article names among many others says less of its towns:
            # 'Beaumont, Tex.' in a story of Paris, Iowa and Syria is no Paris, Texas
            total = sum(countries.values())
            share = admin1s.get(place.admin1_code, 0.0) / total if total else 0.0
            s += DOC_ADMIN1_BONUS * min(admin1s.get(place.admin1_code, 0.0), 1.0) * \
                min(1.0, share / DOC_ADMIN1_SHARE) ** 2
        elif place.kind == ADM1 and place.admin1_code:
            # 'Georgia' among 'Alabama', 'Tennessee' and 'Virginia' is the state
            prefix = place.admin1_code.split("-")[0] + "-"
            siblings = sum(1 for c in admin1s if c != place.admin1_code and c.startswith(prefix))
            # not when the country of the state has the name too: 'Mexico state' beside
            # 'Baja' may be the country's as well
            if siblings >= 2 and load_gazetteer().country_keys.get(normalise(m.text)) != place.country:
                s += DOC_ADMIN1_BONUS
        s += DOC_COUNTRY_BONUS * min(countries.get(place.country or "", 0.0), 1.0)
        if place.kind in (PPL, PPLC) and any(distance_km(place, p) < 100 for p in points):
            s += DOC_NEAR_BONUS
    return s


def _candidates(m: Mention, gaz: Gazetteer) -> list[GazPlace]:
    """The top of the prior order, plus, under a qualifier, every row inside its units
    ('Los Ángeles', a village in Veracruz, is far down the list for 'Los Angeles')."""
    cands = [gaz.place(r) for r in m.refs[:TOP_CANDIDATES]]
    if m.scope and len(m.refs) > TOP_CANDIDATES:
        cands += [p for p in (gaz.place(r) for r in m.refs[TOP_CANDIDATES:SCOPE_CANDIDATES]
                              if _row_in_scope(gaz.rows[r], m.scope))]
    return cands


def _row_in_scope(row: tuple[Any, ...], scope: list[GazPlace]) -> bool:
    """A cheap test on the row tuple before making a GazPlace of it."""
    return any(row[2] == u.country and (u.kind == PCLI or row[3] == u.admin1_code or
                                        _starts(row[4], u)) for u in scope)


def _starts(admin1: str, unit: GazPlace) -> bool:
    return unit.kind == ADM1 and bool(admin1) and normalise(admin1).startswith(normalise(unit.name))


def _best(m: Mention, gaz: Gazetteer, doc_places: DocPlaces, evidence: Any) -> GazPlace | None:
    cands = _candidates(m, gaz)
    if m.want == ADM1 and any(p.kind == ADM1 for p in cands):
        # 'en estado de México', 'the state of Mexico': a state, never the country or the
        # capital that share its name
        cands = [p for p in cands if p.kind == ADM1]
    if not cands:
        return None
    # a unit row of the name in the town's own state is the unit ('Lamu county': Lamu, Kenya)
    adm2 = frozenset(p.admin1_code for p in cands if p.kind in (ADM1, ADM2)) if m.want == ADM2 \
        else frozenset()
    scores = {p.row: _score(p, m, doc_places, evidence, adm2) for p in cands}
    if m.want is None and not m.scope:  # 'Zacatecas, Zacatecas' is the city
        _city_over_unit(cands, scores, normalise(m.text))
    return max(cands, key=lambda p: scores[p.row])


def _city_over_unit(cands: list[GazPlace], scores: dict[int, float], key: str) -> None:
    """'Kharkiv', 'Córdoba', 'Santa Cruz': a city that holds a good share of its
    same-named province's people is what the bare name means; 'Guanajuato' (a town of
    170,000 in a state of six million) stays the state."""
    for unit in cands:
        if unit.kind != ADM1 or not unit.population:
            continue
        for city in cands:
            if city.kind in (PPL, PPLC) and city.admin1_code == unit.admin1_code and \
                    city.country == unit.country and _own_name(city, key):
                if city.population >= CITY_SHARE * unit.population:
                    scores[city.row] = max(scores[city.row], scores[unit.row] + 0.1)
                else:  # 'Zacatecas': the state, though reporting's curated city is its capital
                    scores[unit.row] = max(scores[unit.row], scores[city.row] + 0.1)


def _as_municipality(town: GazPlace) -> GazPlace:
    """'el municipio de Badiraguato' where GeoNames names no town in it as such: the
    municipality, placed at its seat (said by `gazetteer` 'geonames:seat')."""
    return replace(town, kind=ADM2, precision="admin2", admin2=town.admin2 or town.name,
                   gazetteer="geonames:seat")


def _state_kept(before: GazPlace | None, after: GazPlace | None, text: str) -> bool:
    """A state's own name stays the state when the other names would make it a town of
    the same country ('Zacatecas' beside a Nuevo León 'Guadalupe' is no village of
    Nuevo León; 'Guerrero' beside 'Chihuahua' no Ciudad Guerrero); a town abroad may
    still win ('Durango' in a Colorado story)."""
    return before is not None and after is not None and before.kind == ADM1 and \
        after.kind != ADM1 and after.country == before.country and _own_name(before, normalise(text))


def _evidence(mentions: list[Mention], skip: str, places: list[GazPlace | None] | None = None
              ) -> tuple[dict[str, float], dict[str, float], list[GazPlace]]:
    """States, countries and points the *other* names of the article resolved to (in
    `places`, one a mention, when given: the first pass's)."""
    admin1s: dict[str, float] = {}
    countries: dict[str, float] = {}
    points = []
    for k, m in enumerate(mentions):
        p = places[k] if places is not None else m.place
        if p is None or normalise(m.text) == skip:
            continue
        if p.admin1_code:
            admin1s[p.admin1_code] = admin1s.get(p.admin1_code, 0.0) + 1.0
        if p.country:
            countries[p.country] = countries.get(p.country, 0.0) + 1.0
        if p.kind in (PPL, PPLC, ADM2):
            points.append(p)
    return admin1s, countries, points


def _resolve_all(mentions: list[Mention], gaz: Gazetteer, doc_places: DocPlaces,
                 joiners: frozenset[str]) -> None:
    for m in mentions:
        m.place = m.fallback or _best(m, gaz, doc_places, None)
    first = [m.place for m in mentions]
    _list_kinds(mentions, gaz, joiners)
    for m in mentions:  # evidence from the first pass: the result does not hang on the order
        if len(m.refs) > 1 and not m.scope and not m.fallback and not m.qualifier:
            now = m.place
            m.place = _best(m, gaz, doc_places, _evidence(mentions, normalise(m.text), first))
            if _state_kept(now, m.place, m.text):
                m.place = now
    for m in mentions:
        if m.want == ADM2 and m.place is not None and m.place.kind in (PPL, PPLC):
            m.place = _as_municipality(m.place)
    for k, m in enumerate(mentions):  # a qualifier is the unit its town was found in
        if m.scope and m.place is not None and k + 1 < len(mentions) and mentions[k + 1].qualifier:
            unit = next((u for u in m.scope if is_within(m.place, u)), None)
            if unit is not None and unit.row in mentions[k + 1].refs:
                mentions[k + 1].place = unit
    home = _story_country(doc_places)
    for m in mentions:
        if home and _bare_abroad(m, home, HOME_NAMESAKE_MAX):
            m.place = _home_namesake(m, home, gaz, doc_places) or m.place
        if home and _foreign_small(m, home):
            m.place = None
        if _elsewhere_small(m, doc_places.outlet):
            m.place = _home_namesake(m, doc_places.outlet, gaz, doc_places)  # type: ignore[arg-type]
        if m.admin2_text and m.place is not None and m.place.kind in (PPL, PPLC) and not m.place.admin2:
            m.place = replace(m.place, admin2=m.admin2_text)  # what the note says it lies in


def _list_kinds(mentions: list[Mention], gaz: Gazetteer, joiners: frozenset[str]) -> None:
    """A name that is both a country and a state ('Georgia') takes the kind of the other
    names of its list ('Cyprus, Georgia, India' / 'Alabama, Georgia, Tennessee'): three
    or more names joined by commas or 'and' in one sentence, the others resolved (first
    pass) to units of one kind."""
    runs: list[list[Mention]] = []
    for m in mentions:
        prev = runs[-1][-1] if runs else None
        if prev is not None and prev.sent == m.sent and m.gap_before in joiners:
            runs[-1].append(m)
        else:
            runs.append([m])
    for run in runs:
        if len(run) < 3:
            continue
        for m in run:
            if m.want is not None or m.scope or m.qualifier:
                continue
            kinds = {gaz.rows[r][0] for r in m.refs[:TOP_CANDIDATES]}
            if not {PCLI, ADM1} <= kinds:
                continue
            others = [o.place.kind for o in run if o is not m and o.place is not None]
            for kind in (PCLI, ADM1):
                if len(others) >= 2 and others.count(kind) == len(others):
                    m.want = kind


def _story_country(doc_places: DocPlaces) -> str | None:
    """The country the dateline, else the local outlet, puts the story in."""
    if doc_places.dateline is not None and doc_places.dateline.country:
        return doc_places.dateline.country
    outlet = doc_places.outlet  # only a clear home: 'Noticias del Valle' is not from Valle, Honduras
    if outlet is not None and outlet.country and outlet.prior >= SAFE_PRIOR:
        return outlet.country
    return None


def _bare_abroad(m: Mention, home: str, below: float, abroad: bool = True) -> bool:
    """The mention resolved, with no qualifier or unit word, to a place abroad (no
    country; with `abroad` False, anywhere) of prior under `below`."""
    p = m.place
    return p is not None and p.kind != PCLI and (p.country != home or not abroad) and \
        p.prior < below and not (m.scope or m.fallback or m.want or m.qualifier)


def _foreign_small(m: Mention, home: str) -> bool:
    """A small town abroad, named bare, in a story the dateline or outlet puts at home:
    'República' in a Reynosa story is no district of São Paulo. A qualifier, a unit word
    or a city big enough to be named bare ('McAllen', 'Madrid') keeps it."""
    if m.place is None or m.place.kind != PPL:
        return False  # 'Julia' (an old name of Plovdiv) in a Tijuana story: an alternate
    own = _own_name(m.place, normalise(m.text))  # name abroad needs a bigger city
    return _bare_abroad(m, home, FOREIGN_MIN_PRIOR if own else SAFE_PRIOR)


def _elsewhere_small(m: Mention, outlet: GazPlace | None) -> bool:
    """A local outlet's bare small town in another state of its own country: mostly a
    neighbourhood of its city ('Las Cruces', 'La Sabana' in El Sol de Tijuana's or El Sol
    de Acapulco's story), so the namesake in its state, else nothing (the outlet's state
    is the fallback)."""
    p = m.place
    if outlet is None or not outlet.admin1_code or p is None or p.kind != PPL or \
            p.country != outlet.country or p.admin1_code == outlet.admin1_code:
        return False
    own = _own_name(p, normalise(m.text))
    town = m.want == "town"  # 'el poblado de La Sabana' is still most likely the local one
    return _bare_abroad(replace(m, want=None) if town else m, outlet.country or "",
                        LOCAL_MIN_PRIOR if own else SAFE_PRIOR, False)


def _home_namesake(m: Mention, home: str | GazPlace, gaz: Gazetteer,
                   doc_places: DocPlaces) -> GazPlace | None:
    """The best candidate in the story's country (or the outlet's state): a Mexican
    paper's bare 'Loreto' or 'San Pedro' is the Mexican one, not Peru's or Paraguay's
    department; a state abroad big enough to be named bare ('Texas') keeps its name."""
    if isinstance(home, GazPlace):
        cands = [p for p in _candidates(m, gaz) if p.admin1_code == home.admin1_code and
                 p.country == home.country]
    else:
        cands = [p for p in _candidates(m, gaz) if p.country == home]
    if not cands:
        return None
    evidence = _evidence(doc_places.mentions, normalise(m.text))
    return max(cands, key=lambda p: _score(p, m, doc_places, evidence))


# --- document analysis -----------------------------------------------------


def _doc_sents(ctx: DocContext) -> list[Any]:
    if "sents" not in ctx.scratch:
        ctx.scratch["sents"] = list(ctx.doc.sents)
    return ctx.scratch["sents"]


def _spot_sentence(ctx: DocContext, index: int, sent: Any, gaz: Gazetteer,
                   words: PlaceWords) -> list[Mention]:
    doc = ctx.doc
    title = _sent_title_case(doc, sent)
    if "ents" not in ctx.scratch:
        ctx.scratch["ents"] = list(doc.ents)
    ents = set(_entity_spans(doc, sent, gaz, ctx.scratch["ents"]))
    spans = _ngram_spans(doc, sent, gaz, words)
    covered = {k for a, b in spans for k in range(a, b)}
    spans += [(a, b) for a, b in ents if not covered & set(range(a, b))]
    out = []
    for i, j in sorted(spans):
        m = _mention(ctx, index, sent, i, j, gaz, words, title, (i, j) in ents)
        if m is not None:
            out.append(m)
    out += _soil_mentions(doc, index, sent, gaz, words, covered)
    return sorted(out, key=lambda m: m.start)


@functools.lru_cache(maxsize=8)
def _admin1_cues(language: str) -> tuple[dict[tuple[str, ...], tuple[str, str]], frozenset[str], int]:
    """`admin1_cues.csv`: demonyms and institutions that carry one state ('michoacanos',
    'Fuerza Civil'), per language: folded words -> (ISO 3166-2 code, kind); the cues'
    first words and their longest length (a cheap test per token)."""
    out: dict[tuple[str, ...], tuple[str, str]] = {}
    with (gazetteer_dir() / "admin1_cues.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["language"] == language:
                out[tuple(normalise(row["cue"], False).split())] = (row["target"], row["kind"])
    return out, frozenset(c[0] for c in out), max((len(c) for c in out), default=0)


def _cue_mentions(doc: Any, index: int, sent: Any, gaz: Gazetteer, words: PlaceWords,
                  covered: set[int], language: str) -> list[Mention]:
    """'Acribillan a ex alcalde michoacano', 'agentes de Fuerza Civil': the state the
    demonym or institution names, as a weak mention (context, and an event's place only
    when nothing else places it: `location:demonym`). A capitalised demonym after a
    capitalised word is part of a name ('La Familia Michoacana', a cartel)."""
    cues, firsts, longest = _admin1_cues(language)
    if not cues:
        return []
    toks = doc_tokens(doc)
    out, k = [], sent.start
    while k < sent.end:
        if normalise(toks.words[k], False) not in firsts:
            k += 1
            continue
        for n in range(min(longest, sent.end - k), 0, -1):
            hit = cues.get(tuple(normalise(w, False) for w in toks.words[k : k + n]))
            if hit is None or covered & set(range(k, k + n)) or hit[0] not in gaz.admin1_row:
                continue
            if hit[1] == "demonym" and toks.words[k][:1].isupper() and (
                    k > sent.start + 1 and toks.words[k - 1][:1].isupper() or k + 1 < sent.end and
                    normalise(toks.words[k + 1], False) in words.org_after):
                continue
            out.append(Mention(k, k + n, toks.start[k], toks.end[k + n - 1], toks.span_text(k, k + n),
                               index, (gaz.admin1_row[hit[0]],), weak=True, cue=True))
            k += n - 1
            break
        k += 1
    return out


def _soil_mentions(doc: Any, index: int, sent: Any, gaz: Gazetteer, words: PlaceWords,
                   covered: set[int]) -> list[Mention]:
    """'strikes on Mexican soil', 'en territorio mexicano': the demonym's country."""
    if not words.soil_nouns:
        return []
    demonyms = load_kb().demonyms
    lower = doc_tokens(doc).lower
    out = []
    for k in range(sent.start, sent.end):
        if lower[k] not in words.soil_nouns:
            continue
        for d in (k - 1, k + 1):
            if sent.start <= d < sent.end and d not in covered:
                code = demonyms.get(normalise(doc[d].text))
                if code and code in gaz.country_row:
                    i, j = min(d, k), max(d, k) + 1
                    in_prep, weak, context = _role(doc, k, k + 1, words)
                    span = doc[i:j]
                    out.append(Mention(i, j, span.start_char, span.end_char, span.text, index,
                                       (gaz.country_row[code],), in_prep=in_prep, weak=weak,
                                       context=context))
                    break
    return out


def _mention(ctx: DocContext, index: int, sent: Any, i: int, j: int, gaz: Gazetteer,
             words: PlaceWords, title: bool, entity: bool) -> Mention | None:
    doc = ctx.doc
    toks = doc_tokens(doc)  # plain lists: doc[i] and Span.text build Tokens on every access
    texts, lower = toks.words, toks.lower
    text = toks.span_text(i, j)  # Span.text
    refs = gaz.refs(text)
    if not refs:
        return None
    top = gaz.place(refs[0])
    unit_before = _unit_before(doc, i, sent.start, words)
    want = unit_before or _unit_after(doc, j, sent.end, words)
    in_prep, weak, context = _role(doc, i, j, words)
    after_prep = i > sent.start and lower[i - 1] in words.anchor_preps
    if title and after_prep and not in_prep and not context:
        # 'Prison Riot in Matamoros Kills 20': title case garbles the parse; the
        # preposition before the name still says what it is
        in_prep, weak = True, False
    anchored = in_prep and after_prep
    key = normalise(text, False)
    # 'south' is a compass word, 'the South' a name (a word of both lists after a determiner)
    named_with_article = key in words.article_names and i > sent.start and \
        lower[i - 1] in words.determiners and texts[i][:1].isupper()
    if key in words.not_places and want is None and not named_with_article or \
            _initial_word(doc, i, j, sent, key, words):
        return None
    if len(text) == 1:
        return None  # '(D-Ariz.)', 'Plan B': a letter
    if j - i == 1 and doc[i].is_stop and not texts[i].isupper() or \
            all(lower[k] in words.connectors for k in range(i, j)):
        return None  # 'Of' (Trabzon), 'Mexico' said in title case is no stop word
    if want is not None and _unit_after(doc, j, sent.end, words) and texts[j][:1].isupper() \
            and i > sent.start and texts[i - 1][:1].isupper() and toks.alpha[i - 1] \
            and normalise(texts[i - 1], False) not in words.name_prefixes \
            and not gaz.refs(texts[i - 1]):
        return None  # 'the Second Naval Region', 'Fourth Military Region': a longer name
    if want == "town" and top.kind == PCLI or want == ADM1 and unit_before is None and top.kind == PCLI:
        want = None  # 'a Mexico town' / 'a Mexico state' is one in Mexico, not Mexico City / Edomex
    if _name_continues(doc, j, sent, gaz, words) and not _in_label(doc, j, sent) or \
            _sublocal(doc, i, j, sent, words):
        return None
    if i > sent.start and lower[i - 1] in words.sublocal_articles and want is None and \
            top.kind in (PPL, PPLC) and top.prior < SAFE_PRIOR:
        return None  # 'en la Lázaro Cárdenas', 'la Matamoros Norte': the colonia so named
    kicker = i == sent.start and j < sent.end and texts[j] == ":" or _in_label(doc, j, sent)
    if kicker:  # 'Michoacán: 2 more bodies ...', 'Celaya Guanajuato: ...': a headline's place label
        in_prep, weak = True, False
    if _is_org(doc, i, j, sent, words) or _is_thing(doc, i, j, sent, words, top):
        return None
    if _kb_name(doc, i, j, sent) == "common":  # 'U.S. military': named, never the event's place
        weak, context = True, True
    in_org, article = _in_org_name(doc, i, sent, words)
    if in_org and want is None and top.kind not in (PCLI, ADM1, ADM2) and top.prior < SAFE_PRIOR \
            and (article or (words.language_countries and top.country not in words.language_countries)):
        # 'la Fiscalía General de la República' is no town called República; 'Gobierno de
        # Sinaloa' or 'Fiscalía de Culiacán' names the office's seat or jurisdiction
        return None
    office = in_org  # ... which is context, not where the event happened
    context = context or office
    if _in_name(doc, i, j, sent, words) and not (title and after_prep and top.prior >= SUPPORTED_PRIOR) \
            and not kicker:
        if not _title_known(title, top):
            return None  # in title case every next word is capitalised: 'in Matamoros Kills 20'
        weak = True  # 'Bloody Veracruz, 831 Executions': a state or big city, named, no phrase
    if top.kind in (PPL, PPLC) and want is None and not kicker and \
            _is_person(doc, i, j, sent, words, in_prep):
        if not _title_known(title, top):
            return None
        weak = True  # 'Colima Closes The Weekend ...': title case makes the parse a name
    if text.isupper() and len(text.replace(".", "")) <= 4 and not entity and \
            top.prior < SAFE_PRIOR and want is None:
        return None  # 'UN', 'CAF', 'CJNG': acronyms, unless a country's or state's
    # 'Culiacán, Sinaloa' supports a name; 'Ayer, 19 víctimas' (sentence-initial) does not
    followed = j < sent.end and texts[j] in (",", "(") and (i > sent.start or entity)
    if title and anchored and not entity and top.prior < SUPPORTED_PRIOR:
        anchored = False  # 'Hung From Bridges': title case makes every word a name
    supported = want is not None or anchored or top.prior >= SAFE_PRIOR or followed or kicker
    if not supported:
        if title or i == sent.start and not entity:
            return None
        # the small models tag many Spanish names WORK_OF_ART, ORG ...: only PERSON vetoes
        if not entity and (top.prior < SUPPORTED_PRIOR or doc[i].ent_type_ in ("PERSON", "PER")):
            return None
    near = i > sent.start and lower[i - 1] in words.point_preps
    root = doc[i:j].root
    doer = root.dep_ in SUBJECT_DEPS and root.head.lemma_.lower() not in words.speech_verbs
    return Mention(i, j, toks.start[i], toks.end[j - 1], text, index, refs, want,
                   in_prep=in_prep, near=near, weak=weak, context=context, doer=doer,
                   reference=_is_reference(doc, i, j, sent, words), office=office)


def _in_label(doc: Any, j: int, sent: Any) -> bool:
    """The name ends a headline's label of capitalised names before a colon, the last one a
    state: 'Celaya Guanajuato: 11 dead', 'Monterrey Nuevo Leon: ...' (the parse reads the
    run as a person's name)."""
    toks = doc_tokens(doc)
    if j >= sent.end or j - sent.start > 6:
        return False
    colon = next((k for k in range(j, min(sent.end, j + 4)) if toks.words[k] == ":"), None)
    if colon is None or colon == sent.start:
        return False
    if not all(toks.words[k][:1].isupper() or toks.words[k] == "." for k in range(sent.start, colon)):
        return False
    gaz = load_gazetteer()
    for a in range(sent.start, colon):  # the longest known name that ends at the colon
        refs = gaz.refs(toks.span_text(a, colon))
        if refs:
            return any(gaz.rows[r][0] == ADM1 for r in refs[:5])
    return bool(_state_code_refs(gaz, toks.words[colon - 1]))  # 'Tijuana BC:', 'Yuriria Gto.:'


def _title_known(title: bool, top: GazPlace) -> bool:
    """In a title-case headline the parse reads any capitalised run as a person's or a
    longer name; a state or a city safe to read bare (prior >= SAFE_PRIOR) is kept,
    weak (named, never a place phrase): 'Bloody Veracruz', 'Colima Closes The Weekend'."""
    return title and top.prior >= SAFE_PRIOR and top.kind in (ADM1, PPL, PPLC)


def _person_words(ctx: DocContext, mentions: list[Mention]) -> set[str]:
    """The words of the article's person names of two words or more ('Colin Clarke',
    'Keith Lamont Scott'): a later bare 'Clarke' or 'Scott' is that person. A PERSON
    entity that holds a name kept as a place ('in Rosario Tesopaco', a headline the model
    reads as a person) says nothing."""
    if "ents" not in ctx.scratch:
        ctx.scratch["ents"] = list(ctx.doc.ents)
    placed = {k for m in mentions for k in range(m.i, m.j)}
    return {normalise(t.text) for e in ctx.scratch["ents"] if e.label_ in ("PERSON", "PER")
            and len(e) >= 2 and not placed & set(range(e.start, e.end))
            for t in e if t.is_alpha and t.text[:1].isupper()}


def _drop_person_names(ctx: DocContext, mentions: list[Mention], gaz: Gazetteer) -> list[Mention]:
    """A one-word name that is a word of a person the article names ('said Clarke' after
    'Colin Clarke', 'Sanders' after 'Bernie Sanders'), and only a small town's: the person.
    Countries, states and big cities keep their name ('Jordan', 'Georgia', 'Houston')."""
    people = _person_words(ctx, mentions)
    if not people:
        return mentions
    out = []
    for m in mentions:
        top = gaz.place(m.refs[0])
        if m.j - m.i == 1 and normalise(m.text) in people and top.kind in (PPL, ADM2) and \
                top.prior < SAFE_PRIOR and m.want is None:
            continue
        out.append(m)
    return out


def _abbreviation_mentions(doc: Any, mentions: list[Mention], gaz: Gazetteer,
                           sents: list[Any], words: PlaceWords) -> list[Mention]:
    """A state's dotted abbreviation ('Beaumont, Tex.', 'R-Ky.', 'D.C. lobbyists',
    'Brooklyn, N.Y.'): a mention of the state, weak (a qualifier or a label, never the
    event's place by itself). Only title-case tokens with a dot that the gazetteer's
    qualifiers know as first-order units."""
    toks = doc_tokens(doc)
    for m in mentions:  # 'Ala.' spotted as Ala (Kerala): the abbreviation's state
        refs = tuple(r for r in gaz.qualifiers.get(normalise(m.text), ()) if gaz.rows[r][0] == ADM1) \
            if m.text.endswith(".") else ()
        if refs:
            m.refs, m.weak, m.context = refs, True, True
    taken = {k for m in mentions for k in range(m.i, m.j)}
    added = []
    for index, sent in enumerate(sents):
        for k in range(sent.start, sent.end):
            word, end = toks.words[k], k + 1
            if "." not in word and end < sent.end and toks.words[end] == "." and \
                    toks.start[end] == toks.end[k]:  # 'Tex' '.' as two tokens
                word, end = word + ".", end + 1
            if k not in taken and _state_code_in_prep(toks, k, sent, gaz, words):
                added.append(Mention(k, k + 1, toks.start[k], toks.end[k], word, index,
                                     _state_code_refs(gaz, word), in_prep=True))
                continue
            if k in taken or "." not in word or not word[:1].isupper() or len(word) < 3:
                continue
            if end < sent.end and toks.words[end][:1].isupper() and toks.alpha[end]:
                continue  # 'Lt. Col. Julián Leyzaola', 'Gen. Smith': a title before a name
            refs = tuple(r for r in gaz.qualifiers.get(normalise(word), ()) if gaz.rows[r][0] == ADM1)
            if refs:
                added.append(Mention(k, end, toks.start[k], toks.end[end - 1], word, index, refs,
                                     weak=True, context=True))
    return sorted(mentions + added, key=lambda x: x.start) if added else mentions


def _state_code_refs(gaz: Gazetteer, word: str) -> tuple[int, ...]:
    # 'N.L.' and 'NL' fold to one key: the same state twice
    return tuple(dict.fromkeys(r for r in gaz.qualifiers.get(normalise(word), ()) if gaz.rows[r][0] == ADM1))


def _state_code_in_prep(toks: Any, k: int, sent: Any, gaz: Gazetteer, words: PlaceWords) -> bool:
    """'Ejecutan a 3 en NL', 'violence in BC': an undotted all-caps state code that names one
    state only (aliases.csv) right after a place preposition is the state, a place phrase;
    not in an all-caps line, where 'IN' or 'OR' is a word."""
    word = toks.words[k]
    if not (word.isupper() and word.isalpha() and 2 <= len(word) <= 4) or k == sent.start:
        return False
    if toks.lower[k - 1] not in words.anchor_preps or toks.words[k - 1].isupper():
        return False
    return len(_state_code_refs(gaz, word)) == 1


def _initial_word(doc: Any, i: int, j: int, sent: Any, key: str, words: PlaceWords) -> bool:
    """A sentence's capitalised first word that the parse makes a verb, or a common word
    of the language ('Caen tres sicarios', 'Van 530 este año'): no place, unless a
    qualifier or a headline's colon follows it ('Caen, Francia', 'Baja: ...')."""
    if i != sent.start or j - i != 1 or (j < sent.end and doc[j].text in (",", "(", ":")):
        return False
    return key in words.initial_not_places or doc[i].pos_ in ("VERB", "AUX")


def _anchor_place(gaz: Gazetteer, name: str | None, within: str | None = None) -> GazPlace | None:
    if not name:
        return None
    place = gaz.lookup(name.strip().title() if name.isupper() else name.strip(), within=within)
    return place


def _dateline(ctx: DocContext, gaz: Gazetteer) -> GazPlace | None:
    """The dateline another component found (any of a few shapes), else our own regex."""
    given = ctx.scratch.get("dateline")
    if isinstance(given, Place):
        return _anchor_place(gaz, given.name or given.text, given.admin1_code or given.country)
    if isinstance(given, GazPlace):
        return given
    if given is not None and isinstance(getattr(given, "place", None), str):
        given = given.place  # resolve.datelines.Dateline: "CULIACÁN, Mexico"
    if isinstance(given, str):
        name, _, within = given.partition(",")
        return _anchor_place(gaz, name, within.strip() or None)
    if isinstance(given, dict):
        raw = given.get("place") or given.get("city") or given.get("location") or given.get("text")
        if isinstance(raw, Place):
            return _anchor_place(gaz, raw.name or raw.text, raw.admin1_code or raw.country)
        region = given.get("region") or given.get("country") or given.get("state")
        return _anchor_place(gaz, raw if isinstance(raw, str) else None,
                             region if isinstance(region, str) else None)
    m = DATELINE.match(ctx.text[:160])
    if not m:
        return None
    return _anchor_place(gaz, m.group(1), m.group(2))


@functools.lru_cache(maxsize=4096)
def _outlet_place(outlet: str | None) -> GazPlace | None:
    """A local outlet's home: the longest place name in its name ('El Sol de Tijuana')."""
    if not outlet:
        return None
    gaz = load_gazetteer()
    connectors = {w for lang in ("en", "es") for w in _connectors(lang)}
    tokens = outlet.replace(";", " ; ").split()
    # Only a name after a connector: 'El Sol de Tijuana', 'Diario de Yucatán'; a paper
    # called 'Reforma' is not from Reforma, Chiapas.
    for k in range(1, len(tokens)):
        if tokens[k - 1].lower() not in connectors or len(tokens) - k > 4:
            continue
        name = " ".join(tokens[k:])  # the place ends the name: not 'Sol' of 'El Sol de ...'
        refs = gaz.refs(name) if name[:1].isupper() else ()
        if refs:
            m = Mention(0, 0, 0, 0, name, 0, refs)
            place = _best(m, gaz, DocPlaces([], None, None), None)
            # a region spanning states ('El Sol del Bajío') is no home: outlets.csv may say it
            if place is not None and place.prior >= SUPPORTED_PRIOR and place.kind != RGN:
                return place
    return _registered_home(outlet, gaz)


@functools.lru_cache(maxsize=1)
def _outlet_homes() -> dict[str, str]:
    """`outlets.csv`: the home of outlets whose name holds no place ('Milenio': Mexico,
    'El Informador': Jalisco), an ISO 3166-2 code or an alpha-3 country code."""
    with (gazetteer_dir() / "outlets.csv").open(encoding="utf-8", newline="") as fh:
        return {normalise(row["outlet"]): row["home"] for row in csv.DictReader(fh)}


def _registered_home(outlet: str, gaz: Gazetteer) -> GazPlace | None:
    """The first of the outlets (';'-joined) that `outlets.csv` knows, as its unit."""
    for part in outlet.split(";"):
        code = _outlet_homes().get(normalise(part))
        row = gaz.admin1_row.get(code or "", gaz.country_row.get(code or ""))
        if row is not None:
            return gaz.place(row)
    return None


def _connectors(language: str) -> frozenset[str]:
    try:
        return load_place_words(language).connectors
    except Exception:  # noqa: BLE001 - a language without a pack has no connectors
        return frozenset()


def analyse(ctx: DocContext) -> DocPlaces:
    """Every place the article names, resolved together (cached on the context)."""
    cached = ctx.scratch.get("places")
    if isinstance(cached, DocPlaces):
        return cached
    gaz = load_gazetteer()
    words = load_place_words(ctx.language or "en")
    sents = _doc_sents(ctx)
    mentions = [m for k, s in enumerate(sents) for m in _spot_sentence(ctx, k, s, gaz, words)]
    mentions = _drop_person_names(ctx, mentions, gaz)
    mentions = _abbreviation_mentions(ctx.doc, mentions, gaz, sents, words)
    _apply_qualifiers(ctx.doc, mentions, gaz, words, sents)
    if "(" in doc_text(ctx.doc):
        mentions = _paren_qualifiers(ctx.doc, mentions, gaz, words, sents, ctx.language or "en")
    if _admin1_cues(ctx.language or "en")[0]:  # after the qualifiers: a demonym qualifies nothing
        covered = {k for m in mentions for k in range(m.i, m.j)}
        cues = [c for k, s in enumerate(sents)
                for c in _cue_mentions(ctx.doc, k, s, gaz, words, covered, ctx.language or "en")]
        mentions = sorted(mentions + cues, key=lambda m: m.start) if cues else mentions
    text = doc_text(ctx.doc)
    for prev, m in zip(mentions, mentions[1:], strict=False):
        m.gap_before = text[prev.end : m.start].strip() if m.start - prev.end < 8 else "..."
    result = DocPlaces(mentions, _dateline(ctx, gaz), _outlet_place(ctx.outlet), words.language_countries)
    _resolve_all(mentions, gaz, result, words.list_joiners)
    ctx.scratch["places"] = result
    return result


# --- events ----------------------------------------------------------------


def choose(mentions: list[Mention], trigger_start: int) -> Mention | None:
    usable = [m for m in mentions if m.place is not None and not m.qualifier and not m.reference]
    strong = [m for m in usable if m.in_prep and not m.context] or \
        [m for m in usable if not m.weak and not m.context]
    if not strong:
        return None
    # ACLED's note names its event place as 'in <town> (<admin1>)': that one, not a gang
    # named like a town elsewhere ('belonging to Los Lobos in Balao (Guayas)')
    strong = [m for m in strong if m.paren] or strong
    best = min(strong, key=lambda m: abs(m.start - trigger_start))
    if best.place is not None and best.place.kind in (PCLI, RGN):
        # 'in Honduras, gang members shot ... in Choloma': the town inside the country;
        # 'in the Mexican Caribbean resort of Cancún', 'in Tierra Caliente ... in Coyuca':
        # a region is vaguer than any unit or town it may hold
        inside = [m for m in strong if m.place is not None and m.place.kind not in (PCLI, RGN)
                  and (m.place.country == best.place.country or best.place.country is None)]
        if inside:
            return min(inside, key=lambda m: abs(m.start - trigger_start))
    return best


def to_place(p: GazPlace, text: str, span: Span | None = None) -> Place:
    seat = p.gazetteer.endswith(":seat")
    source = p.gazetteer if p.kind in (PPL, PPLC) or seat else f"{p.gazetteer}:centroid"
    return Place(text=text, span=span, name=p.name, admin1=p.admin1 if p.kind != PCLI else None,
                 admin2=p.admin2, country=p.country, admin1_code=p.admin1_code,
                 latitude=p.latitude, longitude=p.longitude, precision=p.precision,  # type: ignore[arg-type]
                 gazetteer=source)


def mention_place(m: Mention) -> Place:
    assert m.place is not None
    return to_place(m.place, m.text, Span(start=m.start, end=m.end, text=m.text))


def dateline_place(text: str) -> Place | None:
    m = DATELINE.match(text[:160])
    if not m:
        return None
    place = _anchor_place(load_gazetteer(), m.group(1), m.group(2))
    if place is None:
        return None
    name = m.group(1).strip()
    return to_place(place, name, Span(start=m.start(1), end=m.start(1) + len(name), text=name))


def _sentence_index(sents: list[Any], start: int) -> int | None:
    for k, s in enumerate(sents):
        if s.start_char <= start < s.end_char:
            return k
    return None


def locate(ctx: DocContext, ev: Event) -> None:
    result = analyse(ctx)
    sents = _doc_sents(ctx)
    k = _sentence_index(sents, ev.sentence.start)
    if k is None:
        return
    here = [m for m in result.mentions if m.sent == k]
    chosen = choose(here, ev.trigger.start)
    # Weak towns ('Charlotte was shot') are no context; weak countries and states are.
    context = [mention_place(m) for m in here if m is not chosen and m.place is not None
               and not m.qualifier and (not m.weak or m.place.kind in (PCLI, ADM1))]
    if context:
        ev.context_places = context
    if chosen is not None:
        ev.location = mention_place(chosen)
        if chosen.in_prep:  # a place phrase: what later placeless sentences may inherit
            ctx.scratch.setdefault("places_phrase_events", set()).add(ev.id)
        return
    # 'Tijuana rebasa los 500 homicidios': no place phrase, but a town or state the sentence
    # is about; never a country or a national capital, the usual names for a government
    # ('Mexico said', 'Washington would impose tariffs')
    doers = [m for m in here if m.doer and not m.qualifier and not m.reference
             and m.place is not None and m.place.kind not in (PCLI, PPLC)]
    if doers:
        ev.location = mention_place(doers[0])
        ev.context_places = [p for p in ev.context_places if p != ev.location]
        if "location:subject" not in ev.derived:
            ev.derived = [*ev.derived, "location:subject"]
        return
    place, tag = _fallback(ctx, result, sents, k, ev)
    if tag in ("location:context", "location:document"):
        ctx.scratch.setdefault("places_phrase_events", set()).add(ev.id)
    cues = [m for m in here if m.cue and m.place is not None]
    if place is None and cues:  # 'asesinan a policías michoacanos': only a demonym says where
        place, tag = mention_place(cues[0]), "location:demonym"
    if place is None:  # only a direction ('heading toward Mexico') or an office's
        # jurisdiction ('la Fiscalía de Sonora investiga'): better than nothing
        refs = [m for m in here if (m.reference or m.office) and not m.qualifier
                and m.place is not None]
        if refs:
            last = min(refs, key=lambda m: abs(m.start - ev.trigger.start))
            place = mention_place(last)
            tag = "location:reference" if last.reference else "location:office"
    if place is not None:
        ev.location = place
        if tag not in ev.derived:
            ev.derived = [*ev.derived, tag]


def _previous_event_place(ctx: DocContext, ev: Event | None) -> Place | None:
    """The place of the nearest earlier event of the article that a place phrase gave
    (its own or its paragraph's): 'The following were seized' happened where the operation
    it follows did. Not a subject's or a partner's ('cooperation with the United States')."""
    if ev is None:
        return None
    phrased = ctx.scratch.get("places_phrase_events", set())
    best: Event | None = None
    for other in ctx.events or []:
        if other is ev or other.location is None or other.sentence.start >= ev.sentence.start \
                or other.id not in phrased:
            continue
        if best is None or other.sentence.start > best.sentence.start:
            best = other
    return best.location if best is not None else None


def _narrows(anchor: GazPlace, place: Place) -> bool:
    """The dateline lies inside a country or state the previous event was given: the
    dateline says more ('MEXICO CITY —' over 'Mexico')."""
    if place.precision == "country":
        return anchor.country == place.country
    return place.precision == "admin1" and bool(anchor.admin1_code) and \
        anchor.admin1_code == place.admin1_code


def _fallback(ctx: DocContext, result: DocPlaces, sents: list[Any], k: int,
              ev: Event | None = None) -> tuple[Place | None, str]:
    first = sents[k].start_char  # the Spanish model starts a sentence at the blank line before it
    while first < len(ctx.text) and ctx.text[first].isspace():
        first += 1
    para_start = ctx.text.rfind("\n\n", 0, first) + 1
    for prev in range(k - 1, -1, -1):
        if sents[prev].start_char < para_start:
            break
        earlier = [m for m in result.mentions if m.sent == prev]
        chosen = choose(earlier, sents[prev].end_char)
        if chosen is not None:
            return mention_place(chosen), "location:context"
    inherited = _previous_event_place(ctx, ev)
    dateline = result.dateline
    if inherited is not None and not (dateline is not None and _narrows(dateline, inherited)):
        return inherited, "location:document"
    if result.dateline is not None:
        return to_place(result.dateline, result.dateline.name), "location:dateline"
    if result.outlet is not None and result.outlet.kind != PCLI:  # a national outlet's
        # country says nothing of where in it the story happened
        unit = load_gazetteer().parent(result.outlet, "admin1") or result.outlet
        return to_place(unit, ctx.outlet or unit.name), "location:outlet"
    return None, ""


def main_place(ctx: DocContext) -> Place | None:
    """The place a short text (a headline) is about: its first place phrase, else its
    first non-weak name, else any name, else the dateline or the outlet's home state."""
    result = analyse(ctx)
    chosen = choose(result.mentions, 0)
    if chosen is None:
        named = [m for m in result.mentions if m.place is not None and not m.qualifier and not m.cue]
        chosen = named[0] if named else None
    if chosen is not None:
        return mention_place(chosen)
    sents = _doc_sents(ctx)
    place = _fallback(ctx, result, sents, 0)[0] if sents else None
    cues = [m for m in result.mentions if m.cue and m.place is not None]
    if place is None and cues:  # a demonym or a state's institution, when nothing else says
        return mention_place(cues[0])
    return place


@component("resolve_places", requires=("doc", "events"),
           assigns=("events.location", "events.context_places"))
def make_resolve_places(**_: Any) -> Any:
    load_gazetteer()

    def resolve_places(ctx: DocContext) -> None:
        if ctx.doc is None or not ctx.events:
            return
        # in reading order: a sentence without a place inherits the previous event's
        for ev in sorted(ctx.events, key=lambda e: (e.sentence.start, e.trigger.start)):
            if ev.location is None:
                locate(ctx, ev)

    return resolve_places
