"""Lightweight merge features: one `Mention` tuple per event claim.

The merge core never touches pydantic records: it works on these tuples so a
million of them fit in memory and score fast (see bench/bench_merge.py). The
store path builds them from `Event` + `Article`; the benchmark builds them
directly.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zlib
from typing import NamedTuple

from chronicler.records import Article, Entity, Event

# Event types that can describe the same real-world occurrence. A raid written
# up as an arrest (COERCE) by one outlet and as a shoot-out (ASSAULT) by another
# is one incident, so both sit in the "force" family. Tunable: edit this table.
FAMILIES: dict[str, str] = {
    "ASSAULT": "force",
    "COERCE": "force",
    "MOBILIZE": "mobilize",
    "PROTEST": "protest",
    "SANCTION": "sanction",
    "THREATEN": "verbal_conflict",
    "ACCUSE": "verbal_conflict",
    "REJECT": "verbal_conflict",
    "REQUEST": "request",
    "AGREE": "cooperation",
    "CONSULT": "cooperation",
    "COOPERATE": "cooperation",
    "SUPPORT": "support",
    "AID": "support",
    "CONCEDE": "concession",
    "RETREAT": "concession",
}

FINE_PLACES = frozenset({"point", "town", "admin2"})
# Dates read off the text with day precision; everything else is a range.
EXACT_DATE = "day"
# A date taken from the publication date: the event happened up to this many
# days before the story appeared ("on Tuesday night", "over the weekend").
PUBLICATION_LOOKBACK_DAYS = 3
WORD_BITS = 512
FUTURE_STATUSES = frozenset({"planned", "considered", "threatened", "not_ruled_out"})
FUTURE_WINDOW_DAYS = 30

_STOP_WORDS = """the a an and or of in on at to for from by with was were is are be been has have
    had that this these those it its as after before said says say told according who
    which while when where their there they them than then also into over under about
    el la los las de del y en por con que un una se al lo su sus"""
_STOP = frozenset(_STOP_WORDS.split())
_WORD = re.compile(r"\w{3,}", re.UNICODE)


class Mention(NamedTuple):
    """The merge features of one event claim (plain values only)."""

    eid: str
    article: str
    family: str
    etype: str
    mode: str | None
    lo: int | None  # date range as proleptic ordinals (dt.date.toordinal)
    hi: int | None
    dprec: str  # day, week, month, …, or "publication"
    country: str | None
    admin1: str | None
    place: str | None  # normalised name of a town/point/admin2 place
    pprec: str
    actor: str | None  # entity_id, else normalised canonical/text
    actor_country: str | None
    actor_sector: str | None
    recip: str | None
    recip_country: str | None
    recip_sector: str | None
    words: int  # bitmask of hashed content words (see word_bits)
    killed: int | None
    rank: float  # first-report order: publication timestamp (inf when unknown)
    outlet: str | None = None  # the article's outlet (outlet_key)
    cites: tuple[str, ...] = ()  # outlets and sources its attribution names (outlet_key)
    language: str | None = None  # ISO 639-1 of the report (None: unknown)
    names: int = 0  # bitmask of its language-neutral words: names and figures (see name_bits)
    # the words that name actor and recipient (a sector rule's id names a sector, not a party)
    actor_words: str | None = None
    recip_words: str | None = None


def norm(text: str | None) -> str | None:
    """Case-, accent- and space-insensitive key ('Culiacán ' == 'culiacan')."""
    if not text:
        return None
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.split()) or None


def word_bits(text: str) -> int:
    """Content words hashed (crc32: stable across processes) into a 512-bit mask.

    Jaccard over masks approximates Jaccard over word sets at a fraction of the
    memory of a frozenset; collisions are rare for sentence-sized texts.
    """
    bits = 0
    for word in _WORD.findall(norm(text) or ""):
        if word not in _STOP and not word.isdigit():
            bits |= 1 << (zlib.crc32(word.encode()) % WORD_BITS)
    return bits


# A name is a capitalised word that does not open its sentence, or a figure written in
# digits: "Zitácuaro", "CJNG", "40" read the same in English and Spanish reports.
_NAME = re.compile(r"\b([A-ZÁÉÍÓÚÑ][\w\-]{2,}|\d[\d.,]*)", re.UNICODE)
_OPENS_SENTENCE = re.compile(r"(^|[.!?:;¿¡\"“«(]\s*)$")


def name_bits(text: str, exclude: frozenset[str] = frozenset()) -> int:
    """Names and figures of a sentence, hashed like `word_bits` (what carries across languages).

    `exclude` holds normalised words already scored on their own (the event's place)."""
    bits = 0
    for match in _NAME.finditer(text):
        if match.group(1)[0].isupper() and _OPENS_SENTENCE.search(text[max(0, match.start() - 3):match.start()]):
            continue  # "Gunmen ...", "Sicarios ...": capitalised because they open the sentence
        word = norm(match.group(1)) or ""
        if word and word not in exclude and word not in _STOP:
            bits |= 1 << (zlib.crc32(word.encode()) % WORD_BITS)
    return bits


def same_place(a: str, b: str) -> bool:
    """One fine place, named in full or in short: 'heroica zitacuaro' (the town, as the
    gazetteer names it) and 'zitacuaro' (the municipality, or the text as written); the
    admin1 must agree as well (checked by the caller)."""
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def sub_phrases(place: str) -> list[str]:
    """The shorter names a place name contains ('heroica zitacuaro' -> 'heroica', 'zitacuaro')."""
    words = place.split()
    n = len(words)
    return [" ".join(words[i:j]) for i in range(n) for j in range(i + 1, n + 1) if j - i < n]


def wording(a: int, b: int) -> float:
    union = (a | b).bit_count()
    return (a & b).bit_count() / union if union else 0.0


def outlet_key(name: str | None) -> str | None:
    """'The Capitol Dispatch' and 'Capitol Dispatch' are one outlet."""
    key = norm(name)
    return key[4:] if key and key.startswith("the ") else key


def _cited(event: Event) -> tuple[str, ...]:
    attribution = event.attribution
    if attribution is None:
        return ()
    names = [*attribution.outlets, attribution.profile.name, attribution.profile.affiliation]
    return tuple(sorted({k for n in names if (k := outlet_key(n))}))


def geo_key(m: Mention) -> str:
    """Blocking key for place: the country, else the actors' country, else '?'."""
    return m.country or m.actor_country or m.recip_country or "?"


def family_of(event_type: str) -> str:
    return FAMILIES.get(event_type, event_type.lower())


def _entity_key(entity: Entity | None) -> tuple[str | None, str | None, str | None]:
    if entity is None:
        return None, None, None
    # knowledge-base ids are identities; ids a sector rule gave ('generic.military' for "the
    # troops") and names that did not resolve are only descriptions ('~' prefix)
    rule_id = entity.resolution == "sector_rule" or str(entity.entity_id).startswith("generic.")
    if entity.entity_id and not rule_id:
        key: str | None = entity.entity_id
    else:
        text = entity.entity_id or norm(entity.canonical) or norm(entity.text)
        key = f"~{text}" if text else None
    sector = entity.sector if entity.sector and entity.sector != "unknown" else None
    return key, entity.country, sector


def date_range(event: Event, published: dt.datetime | None) -> tuple[int | None, int | None, str]:
    """The event's date as an ordinal range and its precision.

    Dates the resolver took from the publication date, and events with no date
    at all, get the look-back window before publication (precision
    'publication'), so they stay compatible with the exact date another
    outlet gives. A claim about the future (planned, threatened, …) reaches
    `FUTURE_WINDOW_DAYS` beyond its date, so it meets the later report that it
    happened.
    """
    lo, hi, precision = _stated_range(event, published)
    if event.status in FUTURE_STATUSES and lo is not None and hi is not None:
        return lo, hi + FUTURE_WINDOW_DAYS, "future"
    return lo, hi, precision


def _stated_range(event: Event, published: dt.datetime | None) -> tuple[int | None, int | None, str]:
    d = event.date
    if d is not None and d.start is not None and not d.from_publication:
        end = d.end or d.start
        return d.start.toordinal(), max(end, d.start).toordinal(), d.precision
    anchor = (d.start if d is not None and d.start else None) or (
        published.date() if published else None
    )
    if anchor is None:
        return None, None, "unknown"
    hi = anchor.toordinal()
    return hi - PUBLICATION_LOOKBACK_DAYS, hi, "publication"


def mention_from_event(event: Event, article: Article | None) -> Mention:
    published = article.published_at if article else None
    lo, hi, dprec = date_range(event, published)
    loc = event.location
    pprec = loc.precision if loc else "unknown"
    place = norm(loc.name or loc.text) if loc and pprec in FINE_PLACES else None
    actor, actor_country, actor_sector = _entity_key(event.actor)
    recip, recip_country, recip_sector = _entity_key(event.recipient)
    sentence = event.sentence.text or (
        event.sentence.slice(article.text) if article is not None else ""
    )
    count = event.toll.killed
    killed = count.best if count is not None and not count.aggregate else None
    place_words = frozenset(
        (norm(" ".join(x for x in (loc.name, loc.text, loc.admin1) if x)) or "").split()
    ) if loc else frozenset()  # fmt: skip
    return Mention(
        eid=event.id,
        article=event.article_id,
        family=family_of(event.event_type),
        etype=event.event_type,
        mode=event.mode,
        lo=lo,
        hi=hi,
        dprec=dprec,
        country=loc.country if loc else None,
        admin1=norm(loc.admin1) if loc else None,
        place=place,
        pprec=pprec,
        actor=actor,
        actor_country=actor_country,
        actor_sector=actor_sector,
        recip=recip,
        recip_country=recip_country,
        recip_sector=recip_sector,
        words=word_bits(sentence),
        killed=killed,
        rank=report_rank(published),
        outlet=outlet_key(article.outlet) if article else None,
        cites=_cited(event),
        language=event.language or (article.language if article else None),
        names=name_bits(sentence, place_words),
        actor_words=_party_words(event.actor),
        recip_words=_party_words(event.recipient),
    )


def _party_words(entity: Entity | None) -> str | None:
    return norm(entity.canonical or entity.text) if entity is not None else None


def report_rank(published: dt.datetime | None) -> float:
    """Sort key for 'reported first': UTC timestamp, unknown dates last."""
    if published is None:
        return float("inf")
    if published.tzinfo is None:
        published = published.replace(tzinfo=dt.UTC)
    return published.timestamp()
