"""The build script's choice of a unit's representative point (bench/build_gazetteer.py)."""

from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path
from types import ModuleType

import pytest

pytest.importorskip("numpy")


def _build_module() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "bench" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _build_module()

# An invented state: two big towns far apart in the east, many hamlets spread to the west.
BIG = [(31.70, -106.40, 1_500_000), (28.60, -106.10, 900_000)]
HAMLETS = [(26.0 + 0.3 * i, -109.5 + 0.2 * (i % 4), 600) for i in range(20)]


def test_point_is_where_the_people_are_not_the_geometric_middle() -> None:
    lat, lon = build.representative(BIG + HAMLETS)
    assert (lat, lon) in {(p[0], p[1]) for p in BIG}
    # The percentile-box middle lies among the hamlets' empty west, far from both towns.
    assert build.centre([(p[0], p[1]) for p in BIG + HAMLETS])[1] < -107.0


def test_point_is_one_of_the_units_own_places_and_order_free() -> None:
    pts = BIG + HAMLETS[:5]
    first = build.representative(pts)
    assert first in {(p[0], p[1]) for p in pts}
    for perm in itertools.islice(itertools.permutations(pts), 50):
        assert build.representative(list(perm)) == first


def test_unit_across_the_antimeridian_keeps_its_side() -> None:
    # Three islands of one unit on both sides of 180°: the middle one is nearest to all.
    pts = [(-17.0, 179.8, 5_000), (-17.1, -179.9, 5_000), (-17.05, 179.95, 4_000)]
    assert build.representative(pts) == (-17.05, 179.95)


def test_rederived_units_match_their_rows() -> None:
    unit = ["ADM2", "Ahome", "", "MX", "MX-SIN", "Sinaloa", "Ahome", "0", "0", "1"]
    assert build.row_unit(unit) == ("ADM2", "MX", "MX-SIN", "Sinaloa", "Ahome")
