"""Sources of an incident: one per article, with independence and relay chains.

An article relays another (is not independent) when, in this order:
1. one of its events is attributed through another outlet ("citing NBC News":
   `Attribution.outlets` names an outlet other than its own);
2. its text is near-identical to an earlier article's (same wire copy):
   Jaccard similarity of hashed word 4-gram shingles >= `RELAY_SHINGLE_SIMILARITY`;
3. an earlier article of the same outlet is already a source (a rewrite or an
   update of the same outlet's story is not a second account).
Everything else is independent. Each source's *root* is the account it
ultimately rests on; the number of distinct roots is the number of
independent accounts used by the grade.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from chronicler.incidents.features import norm, outlet_key
from chronicler.records import STATUSES, Article, Event, IncidentSource, SourceKind

RELAY_SHINGLE_SIMILARITY = 0.6
SHINGLE_WORDS = 4
NAMED_KINDS = frozenset({"named_person", "named_organisation", "document", "reporter"})
_KIND_RANK = {
    "named_person": 3, "named_organisation": 3, "document": 3,
    "reporter": 2, "anonymous": 1, "unresolved": 0,
}  # fmt: skip
_WORDS = re.compile(r"\w+", re.UNICODE)
_NEVER = dt.datetime.max


@dataclass
class SourceView:
    """A source plus what the grade and reconciliation need besides the record."""

    source: IncidentSource
    article: Article | None
    events: list[Event]
    root: str


@lru_cache(maxsize=4096)  # an article is a source of each of its incidents: hash its text once
def shingles(text: str) -> frozenset[int]:
    words = _WORDS.findall(norm(text) or "")
    if len(words) < SHINGLE_WORDS:
        return frozenset({zlib.crc32(" ".join(words).encode())} if words else ())
    return frozenset(
        zlib.crc32(" ".join(words[i : i + SHINGLE_WORDS]).encode())
        for i in range(len(words) - SHINGLE_WORDS + 1)
    )


def _jaccard(a: frozenset[int], b: frozenset[int]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def published_key(article: Article | None, article_id: str) -> tuple[dt.datetime, str]:
    when = article.published_at if article and article.published_at else _NEVER
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when, article_id


def _strongest_attribution(events: Sequence[Event]) -> tuple[SourceKind, str | None]:
    best: tuple[int, str, str | None] = (-1, "unresolved", None)
    for ev in events:
        profile = ev.attribution.profile if ev.attribution else None
        kind = profile.kind if profile else "reporter"
        name = (profile.name or profile.affiliation) if profile else None
        candidate = (_KIND_RANK.get(kind, 0), kind, name)
        if candidate[0] > best[0] or (candidate[0] == best[0] and (name or "") < (best[2] or "")):
            best = candidate
    return best[1], best[2]  # type: ignore[return-value]


def article_status(events: Sequence[Event]) -> str:
    """One status per article: a negation or denial in it outweighs assertions."""
    statuses = [ev.status for ev in events]
    for decisive in ("negated", "denied"):
        if decisive in statuses:
            return decisive
    counts = Counter(statuses)
    return min(counts, key=lambda s: (-counts[s], STATUSES.index(s)))


def _cited_outlet(events: Sequence[Event], own: str | None, known: Sequence[str]) -> str | None:
    """The nearest outlet, other than the article's own, that an attribution passes through:
    its outlet chain, or a source named after an outlet of the incident ("the Frontera Wire
    report", "The Capitol Dispatch reported")."""
    own_key = outlet_key(own)
    for ev in sorted(events, key=lambda e: e.id):
        if ev.attribution is None:
            continue
        for name in ev.attribution.outlets:
            if outlet_key(name) and outlet_key(name) != own_key:
                return name
        profile = ev.attribution.profile
        said = " ".join(filter(None, (outlet_key(profile.name), outlet_key(profile.affiliation))))
        for outlet in known:
            key = outlet_key(outlet)
            if key and key != own_key and re.search(rf"\b{re.escape(key)}\b", said):
                return outlet
    return None


def build_sources(events: Sequence[Event], articles: dict[str, Article]) -> list[SourceView]:
    """One source per article, earliest first, with relays resolved to their roots."""
    by_article: dict[str, list[Event]] = {}
    for ev in sorted(events, key=lambda e: e.id):
        by_article.setdefault(ev.article_id, []).append(ev)
    order = sorted(by_article, key=lambda aid: published_key(articles.get(aid), aid))
    first_of_outlet: dict[str, str] = {}
    for aid in order:
        outlet = outlet_key(articles[aid].outlet) if aid in articles else None
        if outlet:
            first_of_outlet.setdefault(outlet, aid)
    targets: dict[str, tuple[str | None, str | None, str | None]] = {}
    earlier: list[tuple[str, frozenset[int]]] = []
    for aid in order:
        article = articles.get(aid)
        mine = shingles(article.text) if article else frozenset()
        targets[aid] = _relay(aid, article, by_article[aid], mine, earlier, first_of_outlet, articles)
        earlier.append((aid, mine))
    views = []
    for aid in order:
        article, evs = articles.get(aid), by_article[aid]
        relays, reason, _ = targets[aid]
        kind, name = _strongest_attribution(evs)
        source = IncidentSource(
            article_id=aid,
            event_ids=[ev.id for ev in evs],
            outlet=article.outlet if article else None,
            url=article.url if article else None,
            published_at=article.published_at if article else None,
            independent=relays is None,
            relays=relays,
            relay_reason=reason,
            attribution_kind=kind,
            attribution_name=name,
            status=article_status(evs),  # type: ignore[arg-type]
        )
        views.append(SourceView(source, article, evs, _root(aid, targets)))
    return views


def _root(aid: str, targets: dict[str, tuple[str | None, str | None, str | None]]) -> str:
    """Follow relays to the account they rest on; a citation loop roots at its smallest id."""
    seen: list[str] = []
    current = aid
    while current not in seen:
        seen.append(current)
        relays, _, target = targets[current]
        if relays is None:
            return f"article:{current}"
        if target is None or target.startswith("outlet:"):
            return target or f"article:{current}"
        current = target
    return f"article:{min(seen)}"


def _relay(
    aid: str,
    article: Article | None,
    evs: Sequence[Event],
    mine: frozenset[int],
    earlier: list[tuple[str, frozenset[int]]],
    first_of_outlet: dict[str, str],
    articles: dict[str, Article],
) -> tuple[str | None, str | None, str | None]:
    """(relays, reason, target) for one article: target is an article id or 'outlet:NAME'."""
    own = article.outlet if article else None
    known = sorted({a.outlet for a in (articles.get(x) for x in first_of_outlet.values()) if a and a.outlet})
    cited = _cited_outlet(evs, own, known)
    if cited is not None:
        source_aid = first_of_outlet.get(outlet_key(cited) or "")
        if source_aid is not None and source_aid != aid:
            return cited, f"cites {cited}", source_aid
        return cited, f"cites {cited} (not among this incident's sources)", f"outlet:{outlet_key(cited)}"
    for other, theirs in earlier:
        similarity = _jaccard(mine, theirs)
        if similarity >= RELAY_SHINGLE_SIMILARITY:
            other_article = articles.get(other)
            label = (other_article.outlet if other_article else None) or other
            reason = f"near-identical text ({similarity:.2f}) to earlier article {other} ({label})"
            return label, reason, other
    own_key = outlet_key(own)
    if own_key and first_of_outlet.get(own_key, aid) != aid:
        first = first_of_outlet[own_key]
        return first, f"same outlet as earlier article {first}", first
    return None, None, None
