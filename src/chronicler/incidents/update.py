"""Keep the stored incidents in step with the stored events, incrementally.

`update_incidents` finds the events that are new, re-extracted or gone, grows
that set to everything whose grouping they can affect (their block
neighbours, the incidents those belong to, and the events any correction
touching them names), re-clusters only that set, re-applies every relevant
correction and replaces the affected incidents in one transaction.

Why one hop is enough: pair scores depend on the two events only, so two
unchanged events that share an incident now shared it before. A changed event
can only join incidents of its block neighbours, or split the incident it was in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from chronicler.incidents.build import build_incident
from chronicler.incidents.corrections import (
    active,
    apply_event_corrections,
    apply_group_corrections,
    apply_incident_corrections,
    sort_history,
)
from chronicler.incidents.features import (
    FAMILIES,
    PUBLICATION_LOOKBACK_DAYS,
    Mention,
    geo_key,
    mention_from_event,
)
from chronicler.incidents.merge import DEFAULT_WEIGHTS, MergeWeights, cluster, explain
from chronicler.records import Article, Correction, Event, Incident
from chronicler.store import Store

# When more than this share of all events changed (and at least FULL_RECOMPUTE_MIN of them),
# one full re-cluster is cheaper than neighbour queries for each of them.
FULL_RECOMPUTE_SHARE = 0.5
FULL_RECOMPUTE_MIN = 2000


@dataclass
class UpdateReport:
    changed: int
    removed: int
    recomputed_events: int
    written: int
    deleted: int
    multi_report: int

    def summary(self) -> str:
        if not self.changed and not self.removed and not self.recomputed_events:
            return "up to date (no new, changed or removed events)"
        return (
            f"{self.changed} new/changed and {self.removed} removed events; re-clustered "
            f"{self.recomputed_events} events into {self.written} incidents "
            f"({self.multi_report} with several reports), {self.deleted} obsolete incidents removed"
        )


def update_incidents(store: Store, weights: MergeWeights = DEFAULT_WEIGHTS) -> str:
    """Bring incidents up to date with the events; returns a one-line summary."""
    with incident_lock(store):  # the dirty set is read under the lock: a second run sees the first's work
        changed, removed = store.incident_dirty_event_ids()
        corrections = store.corrections()
        rejected = {c.target_id for c in active(corrections) if c.target_kind == "event" and c.action == "reject"}
        changed = [e for e in changed if e not in rejected]
        return recompute(store, changed, removed, corrections, weights).summary()


def rebuild_incidents(store: Store, weights: MergeWeights = DEFAULT_WEIGHTS) -> str:
    """Re-cluster every event from scratch (same result as the incremental path)."""
    with incident_lock(store):
        corrections = store.corrections()
        report = recompute(store, store.all_event_ids(), [], corrections, weights, full=True)
        return report.summary()


# Any fixed 64-bit number that other applications sharing the database are unlikely to use.
INCIDENT_LOCK_KEY = 0x6368726F6E696331  # "chronic1"
_held = threading.local()


@contextlib.contextmanager
def incident_lock(store: Store) -> Iterator[None]:
    """Serialise incident updates across processes (PostgreSQL advisory lock).

    Two `process` runs at once would otherwise re-cluster the same events and
    both insert the same incident ids. SQLite serialises writers itself. The
    lock is re-entrant within a thread (a correction's recompute inside an
    update), and the server releases it if the holder dies.
    """
    depth: int = getattr(_held, "depth", 0)
    if store.dialect != "postgresql" or depth > 0:
        _held.depth = depth + 1
        try:
            yield
        finally:
            _held.depth -= 1
        return
    import sqlalchemy as sa

    from chronicler.store.db import db_errors

    with db_errors(store.url), store.engine.connect() as conn:
        conn.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": INCIDENT_LOCK_KEY})
        conn.commit()  # the lock is the session's, not the transaction's
        _held.depth = 1
        try:
            yield
        finally:
            _held.depth = 0
            conn.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": INCIDENT_LOCK_KEY})
            conn.commit()


def recompute(
    store: Store,
    changed: Sequence[str],
    removed: Sequence[str],
    corrections: Sequence[Correction],
    weights: MergeWeights = DEFAULT_WEIGHTS,
    *,
    seeds: Iterable[str] = (),
    full: bool = False,
) -> UpdateReport:
    """Re-cluster everything `changed`/`removed`/`seeds` events can affect, and store it."""
    seeds = list(seeds)
    if not changed and not removed and not full and not seeds:
        return UpdateReport(0, 0, 0, 0, 0, 0)
    with incident_lock(store):
        return _recompute(store, changed, removed, corrections, weights, seeds, full)


def _recompute(store: Store, changed: Sequence[str], removed: Sequence[str], corrections: Sequence[Correction],
               weights: MergeWeights, seeds: list[str], full: bool) -> UpdateReport:  # fmt: skip
    if not full and len(changed) >= FULL_RECOMPUTE_MIN:
        full = len(changed) > FULL_RECOMPUTE_SHARE * len(store.all_event_ids())
    events, articles = _load(store, store.all_event_ids() if full else changed, corrections)
    start = set(events) | set(removed) | set(seeds)
    if not full:
        start |= _neighbours(store, [m for m in _mentions(events, articles).values()], weights)
    scope, old_ids = _close(store, start, corrections)
    if full:
        old_ids |= set(store.all_incident_ids())
    more, more_articles = _load(store, sorted(scope - set(events)), corrections)
    events.update(more)
    articles.update(more_articles)
    incidents = _build(events, articles, corrections, weights)
    new_ids = {inc.id for inc in incidents}
    store.replace_incidents(incidents, remove_ids=sorted(old_ids - new_ids))
    return UpdateReport(
        changed=len(changed), removed=len(removed), recomputed_events=len(events),
        written=len(incidents), deleted=len(old_ids - new_ids),
        multi_report=sum(1 for inc in incidents if len(inc.sources) > 1),
    )  # fmt: skip


def _load(
    store: Store, ids: Sequence[str], corrections: Sequence[Correction]
) -> tuple[dict[str, Event], dict[str, Article]]:
    """Events (with analysts' event edits applied, rejected ones dropped) and their articles."""
    raw = store.get_events(ids)
    events, rejected = apply_event_corrections(raw, corrections)
    events = {k: v for k, v in events.items() if k not in rejected}
    articles = store.get_articles(sorted({ev.article_id for ev in events.values()}))
    return events, articles


def _mentions(events: dict[str, Event], articles: dict[str, Article]) -> dict[str, Mention]:
    return {eid: mention_from_event(ev, articles.get(ev.article_id)) for eid, ev in events.items()}


def _neighbours(store: Store, mentions: Sequence[Mention], weights: MergeWeights) -> set[str]:
    """Events sharing a merge block with any of `mentions` (a superset; see the store query)."""
    found = store.event_ids_for_articles({m.article for m in mentions})
    ranges: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    tol = weights.date_tolerance_days
    for m in mentions:
        if m.lo is None or m.hi is None or m.hi - m.lo > weights.max_date_span_days:
            continue
        # widened by the look-back: a neighbour dated from its publication reaches back that far
        ranges[(m.family, geo_key(m))].append((m.lo - tol, m.hi + tol + PUBLICATION_LOOKBACK_DAYS))
    for (family, geo), spans in sorted(ranges.items()):
        types = sorted(t for t, f in FAMILIES.items() if f == family) or [family.upper()]
        for lo, hi in _merge_ranges(spans):
            found |= store.incident_neighbour_event_ids(
                types, geo, dt.date.fromordinal(lo), dt.date.fromordinal(hi)
            )
    return found


def _merge_ranges(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(spans):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged


def _close(store: Store, start: set[str], corrections: Sequence[Correction]) -> tuple[set[str], set[str]]:
    """Grow the event set over incident membership and corrections until nothing is added.

    Returns the events to re-cluster and the incidents they currently belong to.
    """
    anchors = [_correction_events(c) for c in corrections]
    scope, incidents = set(start), set[str]()
    frontier = set(start)
    while frontier:
        links = store.incident_links(frontier)
        fresh_incidents = set(links.values()) - incidents
        incidents |= fresh_incidents
        grown: set[str] = set()
        for members in store.incident_member_ids(fresh_incidents).values():
            grown.update(members)
        for ids in anchors:
            if ids & (scope | grown):
                grown |= ids
        frontier = grown - scope
        scope |= grown
    return scope, incidents


def _correction_events(c: Correction) -> set[str]:
    ids = set(c.payload.get("event_ids", [])) | set(c.payload.get("into_event_ids", []))
    ids |= set(c.payload.get("split_event_ids", []))
    if c.target_kind == "event":
        ids.add(c.target_id)
    return ids


def _build(
    events: dict[str, Event],
    articles: dict[str, Article],
    corrections: Sequence[Correction],
    weights: MergeWeights,
) -> list[Incident]:
    mentions = _mentions(events, articles)
    result = cluster(mentions.values(), weights)
    ms = result.mentions
    root_of: dict[str, int] = {}
    groups: list[set[str]] = []
    for n, members in enumerate(result.groups):
        for i in members:
            root_of[ms[i].eid] = n
        groups.append({ms[i].eid for i in members})
    explanations: dict[int, list[str]] = defaultdict(list)
    for i, j, _ in result.edges:
        explanations[root_of[ms[i].eid]].append(explain(ms[i], ms[j], weights))
    machine = {frozenset(g): explanations[n] for n, g in enumerate(groups)}
    regrouped = apply_group_corrections(groups, corrections)
    incidents = []
    for group in sorted(regrouped, key=lambda g: min(g)):
        why = machine.get(frozenset(group)) or _regrouped_explanations(group, machine)
        incidents.append(build_incident([events[eid] for eid in sorted(group)], articles, why))
    corrected = apply_incident_corrections(incidents, corrections)
    return sorted((sort_history(inc) for inc in corrected), key=lambda inc: inc.id)


def _regrouped_explanations(group: set[str], machine: dict[frozenset[str], list[str]]) -> list[str]:
    """Explanations of machine merges that survive an analyst's regrouping, plus a note."""
    kept = [
        text for members, texts in machine.items() if members & group
        for text in texts if all(part in group for part in text.split(":", 1)[0].split(" + "))
    ]  # fmt: skip
    return sorted(kept) + ["regrouped by an analyst's correction (see history)"]
