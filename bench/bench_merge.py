"""Benchmark the in-memory merge core on synthetic events (issue 5: 1M events, < 10 min, < 4 GiB).

Generates `--events` synthetic event claims over ten years: true incidents drawn
with skewed (Zipf-like) distributions over event types, countries, admin1
regions, towns and actors, each reported 1..8 times (most once, a few many
times), every report with its own noise: coarser or publication-based dates,
coarser places, unresolved actors, re-worded sentences, different tolls. Then
runs `chronicler.incidents.merge.cluster` and writes the explanation of every
merge, and prints the time, the peak memory and how well the clusters match
the true incidents (B-cubed precision / recall).

    python bench/bench_merge.py --events 1000000 [--seed 7] [--tracemalloc]

Peak memory is the process's maximum resident set (getrusage), generation
included; --tracemalloc also reports Python's traced peak (slower).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Sequence

from chronicler.incidents.features import FAMILIES, WORD_BITS, Mention
from chronicler.incidents.merge import DEFAULT_WEIGHTS, cluster, explain

TYPES = {  # share of true incidents by type (violent events dominate conflict news)
    "ASSAULT": 30, "COERCE": 16, "ACCUSE": 7, "THREATEN": 5, "PROTEST": 6, "MOBILIZE": 5,
    "SANCTION": 4, "REJECT": 3, "REQUEST": 3, "CONSULT": 4, "AGREE": 3, "COOPERATE": 4,
    "SUPPORT": 3, "AID": 3, "CONCEDE": 2, "RETREAT": 2,
}  # fmt: skip
MODES = ("raid", "shooting", "bombing", "drone", "arrest", "designation", "tariff", None, None, None)
SECTORS = ("military", "police", "criminal_organisation", "armed_group", "civilians", "government")
START = dt.date(2016, 1, 1).toordinal()
DAYS = 3652
N_COUNTRIES, N_ADMIN1, N_TOWNS, N_ACTORS, VOCABULARY = 40, 32, 25, 60, 3000
REPORTS = (1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 8)  # reports per true incident (mean ~2.6)


def zipf(rng: random.Random, n: int, s: float = 1.1) -> int:
    """An index in [0, n) with Zipf-like skew (0 is the most frequent)."""
    weights = _ZIPF.get((n, s))
    if weights is None:
        weights = _ZIPF[(n, s)] = _cumulative([1 / (k + 1) ** s for k in range(n)])
    x = rng.random() * weights[-1]
    lo, hi = 0, n - 1
    while lo < hi:
        mid = (lo + hi) // 2
        if weights[mid] < x:
            lo = mid + 1
        else:
            hi = mid
    return lo


_ZIPF: dict[tuple[int, float], list[float]] = {}


def _cumulative(values: Sequence[float]) -> list[float]:
    out, total = [], 0.0
    for v in values:
        total += v
        out.append(total)
    return out


def _words(rng: random.Random, k: int) -> int:
    bits = 0
    for _ in range(k):
        bits |= 1 << (zipf(rng, VOCABULARY, 0.8) % WORD_BITS)
    return bits


def true_incident(rng: random.Random, n: int) -> dict[str, object]:
    etype = rng.choices(list(TYPES), weights=list(TYPES.values()))[0]
    country = zipf(rng, N_COUNTRIES, 1.3)
    admin1 = zipf(rng, N_ADMIN1)
    day = START + rng.randrange(DAYS)
    return {
        "etype": etype, "mode": rng.choice(MODES), "day": day,
        "country": f"C{country:02d}", "admin1": f"c{country}-a{admin1}",
        "town": f"c{country}-a{admin1}-t{zipf(rng, N_TOWNS)}",
        "actor": f"c{country}-actor{zipf(rng, N_ACTORS)}", "sector": rng.choice(SECTORS),
        "recip": f"c{country}-target{zipf(rng, N_ACTORS)}", "rsector": rng.choice(SECTORS),
        "words": _words(rng, 12), "killed": rng.choice((None, None, 0, 1, 2, 3, 5, 8, 12)),
        "id": n,
    }  # fmt: skip


def report(rng: random.Random, inc: dict[str, object], eid: str, article: str) -> Mention:
    """One outlet's claim about a true incident, with realistic noise."""
    day, country = int(inc["day"]), str(inc["country"])  # type: ignore[call-overload]
    roll = rng.random()
    if roll < 0.72:  # exact day (sometimes off by one: "Tuesday night")
        lo = hi = day + (rng.random() < 0.08)
        dprec = "day"
    elif roll < 0.90:  # dated by publication: up to 3 days before it appeared
        hi = day + rng.randrange(3)
        lo, dprec = hi - 3, "publication"
    else:  # "in March"
        first = dt.date.fromordinal(day).replace(day=1).toordinal()
        lo, hi, dprec = first, first + 30, "month"
    place_roll = rng.random()
    place = str(inc["town"]) if place_roll < 0.6 else None
    admin1 = str(inc["admin1"]) if place_roll < 0.85 else None
    known_country = country if place_roll < 0.95 else None
    actor_roll = rng.random()
    actor = str(inc["actor"]) if actor_roll < 0.5 else ("~gunmen" if actor_roll < 0.8 else None)
    words = int(inc["words"])  # type: ignore[call-overload]
    # re-worded: each content word kept with probability 3/4 (two random 512-bit masks OR-ed)
    kept = words & (rng.getrandbits(WORD_BITS) | rng.getrandbits(WORD_BITS))
    killed = inc["killed"]
    if isinstance(killed, int) and rng.random() < 0.3:
        killed += rng.randrange(3)
    return Mention(
        eid=eid, article=article, family=FAMILIES[str(inc["etype"])], etype=str(inc["etype"]),
        mode=inc["mode"] if rng.random() < 0.7 else None,  # type: ignore[arg-type]
        lo=lo, hi=hi, dprec=dprec, country=known_country, admin1=admin1, place=place,
        pprec="town" if place else ("admin1" if admin1 else "country"),
        actor=actor, actor_country=country, actor_sector=str(inc["sector"]),
        recip=str(inc["recip"]) if rng.random() < 0.6 else None, recip_country=country,
        recip_sector=str(inc["rsector"]), words=kept | _words(rng, 4),
        killed=killed if isinstance(killed, int) else None, rank=float(hi * 86400 + rng.randrange(86400)),
    )  # fmt: skip


def generate(n_events: int, seed: int) -> tuple[list[Mention], dict[str, int]]:
    """`n_events` mentions and the true incident of each (by event id)."""
    rng = random.Random(seed)
    mentions: list[Mention] = []
    truth: dict[str, int] = {}
    n = 0
    while len(mentions) < n_events:
        inc = true_incident(rng, n)
        for k in range(min(rng.choice(REPORTS), n_events - len(mentions))):
            eid = f"{rng.getrandbits(96):024x}"
            mentions.append(report(rng, inc, eid, article=f"a{n}-{k}"))
            truth[eid] = n
        n += 1
    rng.shuffle(mentions)
    return mentions, truth


def b_cubed(groups: list[list[str]], truth: dict[str, int]) -> tuple[float, float]:
    """B-cubed precision and recall of the clusters against the true incidents."""
    true_size = Counter(truth.values())
    precision = recall = 0.0
    for group in groups:
        overlap = Counter(truth[e] for e in group)
        for e in group:
            shared = overlap[truth[e]]
            precision += shared / len(group)
            recall += shared / true_size[truth[e]]
    return precision / len(truth), recall / len(truth)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slower)")
    args = parser.parse_args(argv)
    if args.tracemalloc:
        tracemalloc.start()
    t0 = time.perf_counter()
    mentions, truth = generate(args.events, args.seed)
    t1, c1 = time.perf_counter(), time.process_time()
    result = cluster(mentions, DEFAULT_WEIGHTS)
    t2 = time.perf_counter()
    ms = result.mentions
    explanations: dict[int, list[str]] = defaultdict(list)
    for i, j, _ in result.edges:
        explanations[i].append(explain(ms[i], ms[j], DEFAULT_WEIGHTS))
    t3, c3 = time.perf_counter(), time.process_time()
    groups = [[ms[i].eid for i in g] for g in result.groups]
    precision, recall = b_cubed(groups, truth)
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(f"events                {len(ms):>12,}")
    print(f"true incidents        {len(set(truth.values())):>12,}")
    print(f"incidents found       {len(result.groups):>12,}")
    print(f"pairs scored          {result.pairs_scored:>12,}")
    print(f"merges (explained)    {len(result.edges):>12,}")
    print(f"generate              {t1 - t0:>11.1f}s")
    print(f"cluster               {t2 - t1:>11.1f}s")
    print(f"explanations          {t3 - t2:>11.1f}s")
    print(f"merge total (wall)    {t3 - t1:>11.1f}s")
    print(f"merge total (CPU)     {c3 - c1:>11.1f}s")
    print(f"peak RSS              {peak_rss:>10,.0f} MiB")
    if args.tracemalloc:
        print(f"tracemalloc peak      {tracemalloc.get_traced_memory()[1] / 2**20:>10,.0f} MiB")
    print(f"B-cubed precision     {precision:>12.3f}")
    print(f"B-cubed recall        {recall:>12.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
