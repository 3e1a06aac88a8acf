"""Reconcile what the sources of one incident say, and grade how well it is established.

The rules are written out in docs/incidents.md; each function names the one it
implements.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from chronicler.incidents.features import FINE_PLACES, norm, same_place
from chronicler.incidents.sources import NAMED_KINDS, SourceView
from chronicler.records import Count, DateRef, Entity, Event, Place, Toll

T = TypeVar("T")
TOLL_FIELDS = ("killed", "injured", "arrested", "kidnapped")
ASSERTING = frozenset({"occurred", "ongoing"})
_PLACE_RANK = {"point": 0, "town": 1, "admin2": 2, "admin1": 3, "country": 4, "region": 5, "unknown": 6}
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "multi_year": 5, "unknown": 6}


def _mode(values: Sequence[T], key: Callable[[T], str]) -> T | None:
    """The most frequent value, ties broken by the smallest key (deterministic)."""
    if not values:
        return None
    counts = Counter(key(v) for v in values)
    return min(values, key=lambda v: (-counts[key(v)], key(v)))


# --- toll ------------------------------------------------------------------


def _source_count(events: Sequence[Event], field: str) -> Count | None:
    """One figure per article: the largest best it gives (a later paragraph updating a toll)."""
    counts = [c for ev in events if (c := getattr(ev.toll, field)) is not None]
    # A running total ("15 murders so far this month") is context, not this incident's toll.
    counts = [c for c in counts if not c.aggregate
              and (c.best is not None or c.low is not None or c.high is not None)]
    if not counts:
        return None
    return max(counts, key=lambda c: (c.best if c.best is not None else (c.high or c.low or 0)))


def reconcile_toll(views: Sequence[SourceView]) -> tuple[Toll, list[str]]:
    """Toll rule: low = smallest figure any source gives (its low when it gives a range),
    high = largest (its high), best = lower median of the independent sources' bests
    (all sources when no independent one gives a figure). Relays repeat their source's
    number, so they never vote for best.
    """
    toll: dict[str, Count] = {}
    flags: list[str] = []
    for field in TOLL_FIELDS:
        per_source = [(v, c) for v in views if (c := _source_count(v.events, field)) is not None]
        if not per_source:
            continue
        bests = [c.best for v, c in per_source if v.source.independent and c.best is not None]
        if not bests:
            bests = [c.best for _, c in per_source if c.best is not None]
        lows = [c.low if c.low is not None else c.best for _, c in per_source]
        highs = [c.high if c.high is not None else c.best for _, c in per_source]
        lows_known = [x for x in lows if x is not None]
        highs_known = [x for x in highs if x is not None]
        best = sorted(bests)[(len(bests) - 1) // 2] if bests else None
        category = _mode([c.category for _, c in per_source if c.category], key=str)
        toll[field] = Count(
            low=min(lows_known) if lows_known else best,
            best=best,
            high=max(highs_known) if highs_known else best,
            category=category,
        )
        if len(set(bests)) > 1:
            flags.append(f"conflicting_{field}")
    return Toll(**toll), flags


# --- date, place, actors ---------------------------------------------------


def reconcile_date(events: Sequence[Event]) -> tuple[DateRef | None, list[str]]:
    """The most precise date read off a text; among equally precise ones the most
    reported (ties: earliest). Different exact days are flagged 'conflicting_dates'."""
    dates = [ev.date for ev in events if ev.date is not None and ev.date.start is not None]
    read = [d for d in dates if not d.from_publication] or dates
    if not read:
        return None, []
    finest = min(_DATE_RANK.get(d.precision, 6) for d in read)
    candidates = [d for d in read if _DATE_RANK.get(d.precision, 6) == finest]
    chosen = _mode(candidates, key=lambda d: f"{d.start}|{d.end}")
    days = {d.start for d in read if d.precision == "day" and not d.from_publication}
    flags = ["conflicting_dates"] if len(days) > 1 else []
    if chosen is None:
        return None, flags
    return chosen.model_copy(update={"span": None}), flags


def reconcile_place(events: Sequence[Event]) -> tuple[Place | None, list[str]]:
    """The most precise place; among equally precise ones the most reported.
    Two different towns (or admin1 regions) are flagged 'conflicting_places'."""
    places = [ev.location for ev in events if ev.location is not None]
    if not places:
        return None, []
    finest = min(_PLACE_RANK.get(p.precision, 6) for p in places)
    candidates = [p for p in places if _PLACE_RANK.get(p.precision, 6) == finest]
    chosen = _mode(candidates, key=lambda p: norm(p.name or p.text) or "")
    fine = sorted({norm(p.name or p.text) or "" for p in places if p.precision in FINE_PLACES})
    regions = {norm(p.admin1) for p in places if p.admin1}
    # 'heroica zitacuaro' and 'zitacuaro' are one place named in full and in short
    conflict = any(not same_place(a, b) for a in fine for b in fine) or len(regions) > 1
    assert chosen is not None
    return chosen.model_copy(update={"span": None}), ["conflicting_places"] if conflict else []


def entity_key(entity: Entity) -> str:
    """Who an entity is, for counting reports: its KB id, else its canonical name or text."""
    return entity.entity_id or norm(entity.canonical or entity.text) or ""


def _party_key(entity: Entity) -> str:
    """Who an entity names: a KB id, but the words of a description whose id a sector rule
    gave ("los detenidos" and "migrantes" are both 'generic.civilians')."""
    rule_id = entity.resolution == "sector_rule" or str(entity.entity_id).startswith("generic.")
    if entity.entity_id and not rule_id:
        return entity.entity_id
    return norm(entity.canonical or entity.text) or ""


def reconcile_entity(entities: Sequence[Entity | None]) -> Entity | None:
    """The most reported resolved entity (knowledge-base ids first), else the most reported text."""
    known = [e for e in entities if e is not None]
    resolved = [e for e in known if e.entity_id] or [e for e in known if e.canonical] or known
    chosen = _mode(resolved, key=entity_key)
    return chosen.model_copy(update={"span": None, "via_span": None}) if chosen else None


def reconcile_roles(events: Sequence[Event], event_type: str) -> tuple[Entity | None, Entity | None]:
    """Actor and recipient of an incident of `event_type`, from its events of that type first
    (an arrest merged into an attack names other parties), and the recipient never the actor:
    roles read across two merged events ("the detainees took part in the kidnapping of
    migrants", "denied that the detainees were tortured") would make the detainees both."""
    own = [ev for ev in events if ev.event_type == event_type]
    actor = reconcile_entity([ev.actor for ev in own]) or reconcile_entity([ev.actor for ev in events])
    taken = _party_key(actor) if actor is not None else None

    def others(group: Sequence[Event]) -> list[Entity | None]:
        return [ev.recipient for ev in group if ev.recipient is None or _party_key(ev.recipient) != taken]

    recipient = reconcile_entity(others(own)) or reconcile_entity(others(events))
    return actor, recipient


# --- status and grade --------------------------------------------------------


@dataclass
class Assessment:
    status: str
    grade: str
    reason: str
    flags: list[str]


def _acknowledging(views: Sequence[SourceView], actor: Entity | None) -> str | None:
    """A source quoting the actor itself asserting the event (acknowledgement)."""
    if actor is None:
        return None
    names = {n for n in (norm(actor.canonical), norm(actor.text), norm(actor.entity_id)) if n}
    for view in views:
        for ev in view.events:
            profile = ev.attribution.profile if ev.attribution else None
            if profile is None or ev.status not in ASSERTING:
                continue
            if profile.kind not in ("named_person", "named_organisation", "document"):
                continue
            said = {n for n in (norm(profile.name), norm(profile.affiliation)) if n}
            if said & names:
                return profile.name or profile.affiliation
    return None


def _label(view: SourceView) -> str:
    outlet = view.source.outlet or view.source.article_id
    who = view.source.attribution_name or view.source.attribution_kind or "reporter"
    return f"{outlet} ({who})"


def assess(views: Sequence[SourceView], actor: Entity | None, flags: Sequence[str]) -> Assessment:
    """Status across sources, then the grade (first rule that applies wins):

    discounted: a source reports it did not happen (negated), published after the first report
                asserting it;
    contested:  one source asserts it and another denies or negates it, or sources place it in
                different towns/regions;
    confirmed:  the actor itself acknowledges it, or >= 2 independent accounts with named sources;
    fair:       one independent account with a named source, or >= 2 independent accounts;
    weak:       otherwise (a single anonymous or unresolved source).
    """
    asserting = [v for v in views if v.source.status in ASSERTING]
    denying = [v for v in views if v.source.status == "denied"]
    negating = [v for v in views if v.source.status == "negated"]
    first_assert = asserting[0].source.published_at if asserting else None
    late_negation = [
        v for v in negating
        if first_assert is not None and v.source.published_at is not None
        and _naive(v.source.published_at) > _naive(first_assert)
    ]  # fmt: skip
    statuses = Counter(str(v.source.status) for v in views)
    status = min(statuses, key=lambda s: (-statuses[s], s))
    if asserting:
        status = "occurred" if any(v.source.status == "occurred" for v in asserting) else "ongoing"
    roots = {v.root for v in views}
    named_roots = _named_roots(views)
    if late_negation:
        v = late_negation[0]
        return Assessment("negated", "discounted",
                          f"discounted: {_label(v)} reported on {_day(v)} that it did not happen, "
                          f"after the first report on {_fmt(first_assert)}", [])  # fmt: skip
    if asserting and (denying or negating):
        v = (denying or negating)[0]
        return Assessment("contested", "contested",
                          f"contested: {_label(v)} {v.source.status} what "
                          f"{_label(asserting[0])} reports", ["conflicting_status"])  # fmt: skip
    if "conflicting_places" in flags:
        return Assessment(status, "contested", "contested: sources place it in different places", [])
    acknowledged = _acknowledging(views, actor)
    if acknowledged:
        return Assessment(status, "confirmed", f"confirmed: acknowledged by the actor ({acknowledged})", [])
    if len(named_roots) >= 2:
        return Assessment(status, "confirmed",
                          f"confirmed: {len(named_roots)} independent accounts with named sources", [])
    if named_roots or len(roots) >= 2:
        what = "one account with a named source" if len(roots) < 2 else f"{len(roots)} independent accounts"
        return Assessment(status, "fair", f"fair: {what}", [])
    return Assessment(status, "weak", f"weak: a single {_kind_text(views)} source", [])


def _named_roots(views: Sequence[SourceView]) -> set[str]:
    """Accounts resting on a named source. A relay repeats its root's source, so the root's
    own attribution decides; only a root outside the incident (an outlet cited but not
    ingested) is judged by the relays that cite it."""
    in_incident = {v.root: v for v in views if v.source.independent}
    named = set()
    for v in views:
        judge = in_incident.get(v.root, v)
        if judge.source.attribution_kind in NAMED_KINDS:
            named.add(v.root)
    return named


def _kind_text(views: Sequence[SourceView]) -> str:
    kinds = sorted({v.source.attribution_kind or "unresolved" for v in views})
    return "/".join(kinds)


def _naive(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value


def _fmt(value: dt.datetime | None) -> str:
    return _naive(value).date().isoformat() if value else "an unknown date"


def _day(view: SourceView) -> str:
    return _fmt(view.source.published_at)
