"""Dashboard speed: 100k synthetic incidents in a SQLite file, then time the list page and API.

Usage: python bench/bench_dashboard.py [--n 100000] [--repeat 5] [--db PATH]
Prints the median and worst wall time of each request and its median CPU time (all
threads of this process: on a busy shared machine the CPU time is the steadier figure;
in-process ASGI client, so server time plus a little client overhead, no network): the list,
claims, map and charts pages, their JSON endpoints and the API page. The synthetic
incidents mix towns (7 in 10), state-only and country-only places, a few unlocated
ones and some with no actor, so the map's layers and the ranked list do real work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

from chronicler.records import EVENT_TYPES, GRADES, Count, DateRef, Entity, Incident, Place, Toll
from chronicler.store import Store
from chronicler.version import PIPELINE_VERSION

STATES = [  # (state, lat, lon, towns): rough centres and a few towns, enough for synthetic dots
    ("Sinaloa", 25.0, -107.5, ["Culiacán", "Mazatlán", "Navolato", "Los Mochis"]),
    ("Sonora", 29.3, -110.3, ["Hermosillo", "Cajeme", "Nogales"]),
    ("Chihuahua", 28.6, -106.1, ["Ciudad Juárez", "Chihuahua", "Parral"]),
    ("Tamaulipas", 24.3, -98.6, ["Reynosa", "Matamoros", "Nuevo Laredo"]),
    ("Michoacán", 19.2, -101.9, ["Uruapan", "Apatzingán", "Zamora", "Morelia"]),
    ("Guerrero", 17.6, -99.9, ["Acapulco", "Chilpancingo", "Iguala"]),
    ("Jalisco", 20.6, -103.4, ["Guadalajara", "Tlaquepaque", "Puerto Vallarta"]),
    ("Zacatecas", 22.8, -102.6, ["Fresnillo", "Zacatecas"]),
    ("Baja California", 30.8, -115.3, ["Tijuana", "Mexicali", "Ensenada"]),
    ("Guanajuato", 21.0, -101.3, ["Celaya", "León", "Irapuato"]),
    ("Veracruz", 19.2, -96.1, ["Veracruz", "Coatzacoalcos", "Poza Rica"]),
    ("Mexico City", 19.4, -99.1, ["Iztapalapa", "Tlalpan"]),
]
ACTORS = [("Sinaloa Cartel", "criminal_organisation"), ("CJNG", "criminal_organisation"),
          ("Gulf Cartel", "criminal_organisation"), ("Mexican Army", "military"), ("Mexican Navy", "military"),
          ("National Guard", "security_forces"), ("US government", "government"), ("unidentified gunmen", "armed_group"),
          ("state police", "police"), ("civilians", "civilians")]
STATUSES = ["occurred"] * 6 + ["planned", "considered", "threatened", "denied", "not_ruled_out"]


def _place(rng: random.Random) -> Place | None:
    """Seven in ten located to a town, two to a state only, one to the country; a few unlocated."""
    state, lat, lon, towns = rng.choice(STATES)
    roll = rng.random()
    if roll < 0.03:
        return None
    if roll < 0.70:
        town = rng.choice(towns)
        # Each town sits at a fixed spot near its state's centre (a little jitter per report).
        seed = sum(map(ord, town))
        t_lat, t_lon = lat + (seed % 17 - 8) / 10, lon + (seed % 13 - 6) / 10
        return Place(text=town, name=town, admin1=state, country="MEX", precision="town",
                     latitude=round(t_lat + rng.uniform(-0.05, 0.05), 3), longitude=round(t_lon + rng.uniform(-0.05, 0.05), 3))
    if roll < 0.90:
        return Place(text=state, name=state, admin1=state, country="MEX", precision="admin1", latitude=lat, longitude=lon)
    return Place(text="Mexico", name="Mexico", country="MEX", precision="country", latitude=23.0, longitude=-102.0)


def _entity(rng: random.Random) -> Entity | None:
    if rng.random() < 0.08:
        return None
    name, sector = rng.choice(ACTORS)
    return Entity(text=name, canonical=name, sector=sector, country="MEX" if name != "US government" else "USA")


def synthetic(k: int, rng: random.Random) -> Incident:
    start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(730))
    killed = rng.choice([None, None, 0, 1, 2, 3, 5, 8])
    spread = rng.choice([0, 0, 0, 1, 2])
    return Incident(
        id=f"syn-{k:07d}",
        event_type=rng.choice(EVENT_TYPES),
        status=rng.choice(STATUSES),
        grade=rng.choice(GRADES),
        date=DateRef(start=start, end=start, precision="day"),
        location=_place(rng),
        actor=_entity(rng),
        recipient=_entity(rng),
        toll=Toll(killed=Count(low=max(0, killed - spread), best=killed, high=killed + 2 * spread))
        if killed is not None else Toll(),
        summary=f"synthetic incident {k}",
        pipeline_version=PIPELINE_VERSION,
    )


def fill(db: str, n: int, batch: int = 5000) -> float:
    rng = random.Random(7)
    started = time.perf_counter()
    with Store(db) as store:
        for first in range(0, n, batch):
            store.replace_incidents([synthetic(k, rng) for k in range(first, min(n, first + batch))])
    return time.perf_counter() - started


def time_requests(db: str, repeat: int, only: str | None = None) -> list[tuple[str, float, float, float, int]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    from chronicler.serve.app import create_app

    urls = [
        "/", "/api/incidents", "/api/incidents?limit=100&offset=50000",
        "/?event_type=ASSAULT&country=MEX&admin1=Sinaloa", "/api/incidents?status=considered&grade=weak",
        "/?sort=killed", "/?actor=cartel", "/?date_from=2025-01-01&date_to=2025-03-31",
        "/events", "/api/facets", "/api/timeline", "/api/map", "/api/stats",
        "/map", "/map?colour=event_type", "/map?status=occurred&date_from=2025-01-01&date_to=2025-06-30",
        "/api/map/layers", "/api/map/incidents?level=admin1&country=MEX&admin1=Sinaloa",
        "/charts", "/charts?by=event_type", "/charts?admin1=Sinaloa&status=occurred", "/api/charts",
        "/incidents/syn-0000001", "/docs",
    ]
    results = []
    with TestClient(create_app(db)) as client:
        for url in [u for u in urls if only is None or only in u]:
            client.get(url)  # warm the page cache and templates once
            times, cpu = [], []
            for _ in range(repeat):
                t0, c0 = time.perf_counter(), time.process_time()
                r = client.get(url, headers={"accept": "text/html"})
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
                if r.status_code != 200:
                    sys.exit(f"{url}: HTTP {r.status_code}: {r.text[:200]}")
            results.append((url, statistics.median(times), max(times), statistics.median(cpu), len(r.content)))
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--db", help="reuse or create this SQLite file (default: a temporary one)")
    ap.add_argument("--only", help="time only the requests whose path contains this text (e.g. /map)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.sqlite")
        with Store(db) as store:
            have = store.stats()["incidents"]
        if have < args.n:
            print(f"inserting {args.n} synthetic incidents into {db} …", flush=True)
            print(f"  stored in {fill(db, args.n):.1f}s")
        # The machine may be shared: say how busy it was, the numbers scale with it.
        print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
        print(f"{'request':58} {'median':>8} {'worst':>8} {'CPU':>8} {'bytes':>9}")
        for url, med, worst, cpu, size in time_requests(db, args.repeat, args.only):
            print(f"{url:58} {med * 1000:7.0f}ms {worst * 1000:7.0f}ms {cpu * 1000:7.0f}ms {size:9d}", flush=True)
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
