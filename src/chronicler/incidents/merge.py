"""The merge core: score pairs of mentions inside blocks, cluster them, explain why.

Blocking: mentions are grouped by (event family, country-or-actor-country)
and swept in date order; a mention is compared only with earlier ones whose
date range (widened by the tolerance) still reaches it, and of those only with
mentions that could share its place: the same town when both name one, the
same admin1 region when one of them is no finer than admin1, anyone in the
country when one of them has no region. Mentions of one article are compared
with each other whatever their dates and places (repeated mentions). Every
pair is generated at most once per block kind; dates vaguer than
`max_date_span_days` only merge inside their article.

Clustering: connected components of the pairs whose score reaches
`MergeWeights.threshold` (single link). Mentions are sorted by event id and
blocks by key before anything is compared, so the result, including which
pairs are kept as the explanation of each merge, does not depend on input
order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from chronicler.incidents.features import (
    EXACT_DATE,
    Mention,
    geo_key,
    same_place,
    sub_phrases,
    wording,
)


@dataclass(frozen=True)
class MergeWeights:
    """Points each kind of evidence adds to a pair's score (see docs/incidents.md).

    A pair merges when its score reaches `threshold`. Vetoes (no score at all):
    different event family, date ranges that do not meet within the tolerance,
    different countries, different admin1 regions, two different towns (or
    points, or admin2 areas), also inside one article (a wire story often
    reports two attacks in neighbouring towns).
    """

    threshold: float = 3.25
    same_type: float = 1.0
    same_family: float = 0.3
    same_mode: float = 0.5
    mode_conflict: float = -1.0
    date_same_day: float = 1.0
    date_near: float = 0.5
    date_overlap: float = 0.3
    date_tolerance_days: int = 1
    max_date_span_days: int = 45  # vaguer dates (a season, a year) only merge inside an article
    place_same: float = 1.5
    place_same_admin1: float = 0.5
    place_same_country: float = 0.2
    actor_match: float = 1.5
    actor_text_match: float = 0.5  # same unresolved text ("gunmen"): weak evidence
    actor_similar: float = 0.3
    actor_conflict: float = -1.5
    recipient_match: float = 1.0
    recipient_text_match: float = 0.3
    recipient_similar: float = 0.2
    recipient_conflict: float = -1.0
    wording: float = 2.0
    toll_agree: float = 0.3
    toll_conflict: float = -0.5
    same_article: float = 1.0
    cites_other: float = 1.0  # one report names the other's outlet ("… The Capitol Dispatch reported")
    names: float = 2.0  # reports in two languages: shared names and figures instead of wording
    # Two descriptions from unlike sides ("gunmen" / "soldiers", a Guard convoy / a merchant):
    # weaker than a conflict of two known bodies, but evidence of two incidents.
    actor_side_conflict: float = -0.5
    recipient_side_conflict: float = -0.5
    # Two different acts where one's actor is the other's recipient ("the detainees took part
    # in a kidnapping" / "denied that the detainees were tortured"): two events.
    roles_swapped: float = -1.0


# Sectors on one side of this beat's conflicts; descriptions from different sides disagree.
SIDES: dict[str, str] = {
    "armed_group": "armed", "criminal_organisation": "armed", "militia": "armed",
    "military": "security", "police": "security",
    "civilians": "civil", "business": "civil", "media": "civil", "ngo": "civil", "religious": "civil",
}  # fmt: skip


DEFAULT_WEIGHTS = MergeWeights()


def _day(ordinal: int) -> str:
    return dt.date.fromordinal(ordinal).isoformat()


def _party(
    a: tuple[str | None, str | None, str | None],
    b: tuple[str | None, str | None, str | None],
    weights: tuple[float, float, float, float, float],
) -> tuple[float, str]:
    """Actor or recipient agreement: (points, reason). Keys starting '~' are unresolved text."""
    (ka, ca, sa), (kb, cb, sb) = a, b
    match, text_match, similar, conflict, side_conflict = weights
    if ka is not None and ka == kb:
        return (text_match, "text match") if ka.startswith("~") else (match, "match")
    same_group = ca is not None and ca == cb and sa is not None and sa == sb
    if ka and kb and not ka.startswith("~") and not kb.startswith("~"):
        # two knowledge-base entities: the same body at two levels (usa / usa.dod) or the
        # same kind of body in one country is no evidence either way; anything else conflicts
        if ka.startswith(kb + ".") or kb.startswith(ka + ".") or same_group:
            return similar, f"same {ca}/{sa}"
        return conflict, "conflict"
    if sa is not None and sa == sb and (ca is None or cb is None or ca == cb):
        return similar, f"same {ca or cb or ''}/{sa}".replace(" /", " ")
    side_a, side_b = SIDES.get(sa or ""), SIDES.get(sb or "")
    if side_a and side_b and side_a != side_b:
        return side_conflict, f"different sides ({sa}/{sb})"
    return 0.0, ""


def _swapped(a: Mention, b: Mention) -> bool:
    """Is `a`'s actor `b`'s recipient, while `b`'s actor is someone else (or unnamed)?"""
    return a.actor_words is not None and a.actor_words == b.recip_words and a.actor_words != b.actor_words


def _cites(a: Mention, b: Mention) -> bool:
    """Whether either names the other's outlet among its sources (word-bounded containment)."""
    for source, other in ((a, b), (b, a)):
        outlet = other.outlet
        if outlet and outlet != source.outlet:
            for name in source.cites:
                if f" {outlet} " in f" {name} ":
                    return True
    return False


def score(a: Mention, b: Mention, w: MergeWeights, reasons: list[str] | None = None) -> float | None:
    """The pair's score, or None when a veto rules the merge out. Symmetric."""
    if a.family != b.family:
        return None
    total = 0.0
    if a.lo is not None and b.lo is not None and a.hi is not None and b.hi is not None:
        tol = w.date_tolerance_days
        if a.lo > b.hi + tol or b.lo > a.hi + tol:
            return None
        exact = a.dprec == EXACT_DATE and b.dprec == EXACT_DATE
        if exact and a.lo == b.lo:
            total += w.date_same_day
            why = f"same date ({_day(a.lo)})"
        elif exact:
            total += w.date_near
            why = f"dates within {tol} day ({_day(min(a.lo, b.lo))}/{_day(max(a.lo, b.lo))})"
        else:
            total += w.date_overlap
            lo, hi = max(a.lo, b.lo), min(a.hi, b.hi)
            why = f"dates overlap ({_day(lo)}" + (f"..{_day(hi)})" if hi > lo else ")")
        if reasons is not None:
            reasons.append(why)
    if a.country and b.country and a.country != b.country:
        return None
    if a.admin1 and b.admin1 and a.admin1 != b.admin1:
        return None
    if a.place and b.place and not same_place(a.place, b.place):
        return None  # two towns are two incidents, even inside one article
    if a.place and b.place:
        total += w.place_same
        why = f"same place {a.place}" + (f"/{b.place}" if b.place != a.place else "")
    elif a.admin1 and a.admin1 == b.admin1:
        total += w.place_same_admin1
        why = f"same admin1 {a.admin1}"
    elif a.country and a.country == b.country:
        total += w.place_same_country
        why = f"same country {a.country}"
    else:
        why = ""
    if reasons is not None and why:
        reasons.append(why)
    if a.etype == b.etype:
        total += w.same_type
        if reasons is not None:
            reasons.insert(0, f"same type {a.etype}")
    else:
        total += w.same_family
        if reasons is not None:
            reasons.insert(0, f"same family {a.family} ({min(a.etype, b.etype)}/{max(a.etype, b.etype)})")
    if a.mode and b.mode:
        total += w.same_mode if a.mode == b.mode else w.mode_conflict
        if reasons is not None:
            reasons.append(f"same mode {a.mode}" if a.mode == b.mode else "different modes")
        if a.mode != b.mode and (_swapped(a, b) or _swapped(b, a)):
            total += w.roles_swapped
            if reasons is not None:
                reasons.append("actor of one is recipient of the other")
    for label, pa, pb, pw in (
        ("actor", (a.actor, a.actor_country, a.actor_sector),
         (b.actor, b.actor_country, b.actor_sector),
         (w.actor_match, w.actor_text_match, w.actor_similar, w.actor_conflict, w.actor_side_conflict)),
        ("recipient", (a.recip, a.recip_country, a.recip_sector),
         (b.recip, b.recip_country, b.recip_sector),
         (w.recipient_match, w.recipient_text_match, w.recipient_similar, w.recipient_conflict,
          w.recipient_side_conflict)),
    ):  # fmt: skip
        points, why = _party(pa, pb, pw)
        total += points
        if reasons is not None and why:
            reasons.append(f"{label} {why}")
    if a.killed is not None and b.killed is not None:
        low, high = sorted((a.killed, b.killed))
        if low == high:
            total += w.toll_agree
            if reasons is not None:
                reasons.append(f"same toll {low} killed")
        elif high > 2 * low + 2:
            total += w.toll_conflict
            if reasons is not None:
                reasons.append(f"tolls differ {low}/{high} killed")
    if a.article == b.article:
        total += w.same_article
        if reasons is not None:
            reasons.append("same article")
    elif (a.cites or b.cites) and _cites(a, b):
        total += w.cites_other
        if reasons is not None:
            reasons.append("one cites the other's outlet")
    if a.language and b.language and a.language != b.language:
        # Reports in two languages share no wording but their names and figures; the
        # place is scored above, so its words are left out of the names.
        similarity = wording(a.names, b.names)
        total += w.names * similarity
        if reasons is not None:
            reasons.append(f"names {similarity:.2f} ({'/'.join(sorted((a.language, b.language)))})")
        return total
    similarity = wording(a.words, b.words)
    total += w.wording * similarity
    if reasons is not None:
        reasons.append(f"wording {similarity:.2f}")
    return total


def explain(a: Mention, b: Mention, w: MergeWeights = DEFAULT_WEIGHTS) -> str:
    reasons: list[str] = []
    total = score(a, b, w, reasons)
    verdict = "vetoed" if total is None else f"score {total:.2f} (threshold {w.threshold:g})"
    return f"{a.eid} + {b.eid}: merged because " + ", ".join(reasons) + f"; {verdict}"


@dataclass
class Clustering:
    """Result of `cluster`: groups of indices into `mentions` and the merging pairs."""

    mentions: list[Mention]
    groups: list[list[int]]
    edges: list[tuple[int, int, float]] = field(default_factory=list)
    pairs_scored: int = 0


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i


class _Sweep:
    """Earlier mentions of one (family, country) block still open at the current date."""

    def __init__(self) -> None:
        self.by_place: dict[tuple[str, str], list[int]] = defaultdict(list)
        # by the shorter names inside a place's name, so that 'zitacuaro' meets 'heroica zitacuaro'
        self.by_part: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.region_level: dict[str, list[int]] = defaultdict(list)  # admin1 known, no town
        self.in_region: dict[str, list[int]] = defaultdict(list)  # everything with that admin1
        self.country_level: list[int] = []  # no admin1
        self.everything: list[int] = []

    def candidates(self, m: Mention) -> list[list[int]]:
        if m.admin1 is None:
            return [self.everything]
        if m.place is None:
            return [self.in_region[m.admin1], self.country_level]
        shorter = [self.by_place[(m.admin1, p)] for p in sub_phrases(m.place) if (m.admin1, p) in self.by_place]
        longer = self.by_part.get((m.admin1, m.place), [])
        return [self.by_place[(m.admin1, m.place)], *shorter, longer, self.region_level[m.admin1],
                self.country_level]  # fmt: skip

    def add(self, i: int, m: Mention) -> None:
        self.everything.append(i)
        if m.admin1 is None:
            self.country_level.append(i)
            return
        self.in_region[m.admin1].append(i)
        if m.place is None:
            self.region_level[m.admin1].append(i)
        else:
            self.by_place[(m.admin1, m.place)].append(i)
            for part in dict.fromkeys(sub_phrases(m.place)):
                self.by_part[(m.admin1, part)].append(i)


def _sweep_pairs(ms: Sequence[Mention], w: MergeWeights) -> Iterator[tuple[int, int]]:
    """Candidate pairs (earlier, later) from the date-ordered sweep of each block."""
    tol = w.date_tolerance_days
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    los: dict[int, int] = {}
    his: dict[int, int] = {}
    for i, m in enumerate(ms):
        if m.lo is not None and m.hi is not None and m.hi - m.lo <= w.max_date_span_days:
            blocks[(m.family, geo_key(m))].append(i)
            los[i], his[i] = m.lo, m.hi
    for key in sorted(blocks):
        sweep = _Sweep()
        for i in sorted(blocks[key], key=lambda i: (los[i], i)):
            start = los[i] - tol  # dates are sorted: what ends before `start` is closed for good
            lists = sweep.candidates(ms[i])
            seen: set[int] | None = set() if len(lists) > 3 else None  # a name inside another
            for open_ in lists:
                live = [j for j in open_ if his[j] >= start]
                if len(live) != len(open_):
                    open_[:] = live
                for j in live:
                    if seen is not None:
                        if j in seen:
                            continue
                        seen.add(j)
                    yield j, i
            sweep.add(i, ms[i])


def cluster(
    mentions: Iterable[Mention], weights: MergeWeights = DEFAULT_WEIGHTS
) -> Clustering:
    """Group mentions into incidents (see module docstring)."""
    ms = sorted(mentions, key=lambda m: m.eid)
    uf = _UnionFind(len(ms))
    find, parent = uf.find, uf.parent
    edges: list[tuple[int, int, float]] = []
    threshold = weights.threshold
    scored = 0

    def consider(i: int, j: int) -> None:
        nonlocal scored
        ri, rj = find(i), find(j)
        if ri == rj:
            return
        scored += 1
        value = score(ms[i], ms[j], weights)
        if value is not None and value >= threshold:
            parent[max(ri, rj)] = min(ri, rj)
            edges.append((i, j, value))

    # repeated mentions inside one article first: the strongest evidence
    by_article: dict[str, list[int]] = defaultdict(list)
    for i, m in enumerate(ms):
        by_article[m.article].append(i)
    for article in sorted(by_article):
        members = by_article[article]
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                consider(members[x], members[y])
    for i, j in _sweep_pairs(ms, weights):
        consider(i, j)
    return Clustering(ms, _components(ms, find), edges, scored)


def _components(ms: Sequence[Mention], find: object) -> list[list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(ms)):
        groups[find(i)].append(i)  # type: ignore[operator]
    ordered = list(groups.values())
    ordered.sort(key=lambda g: ms[seed_index(g, ms)].eid)
    return ordered


def seed_index(group: Sequence[int], ms: Sequence[Mention]) -> int:
    """The member reported first (ties broken by event id): names the incident."""
    return min(group, key=lambda i: (ms[i].rank, ms[i].eid))
