"""Tests for etl/steps/geometry.py: the simplified county GeoJSON is small, valid, deterministic,
and still a gap-free, overlap-free map of Wisconsin's 72 counties that looks like the original."""

from __future__ import annotations

import json
import re

import geopandas
import numpy as np
import pytest
import shapely
from shapely.geometry import shape

from etl.steps import geometry

MAX_BYTES = 150 * 1024

# Wisconsin's county FIPS codes are the odd numbers 001..141 plus Menominee (078, created 1961).
EXPECTED_FIPS = sorted([f"55{n:03d}" for n in range(1, 142, 2)] + ["55078"])


@pytest.fixture(scope="module")
def original() -> geopandas.GeoDataFrame:
    return geometry.read_counties()


@pytest.fixture(scope="module")
def text(original) -> str:
    return geometry.transform_geometry(original)


@pytest.fixture(scope="module")
def features(text) -> list[dict]:
    return json.loads(text)["features"]


@pytest.fixture(scope="module")
def simplified(features) -> np.ndarray:
    """Simplified geometries, in the same (FIPS) order as `original`."""
    return np.array([shape(f["geometry"]) for f in features], dtype=object)


@pytest.fixture(scope="module")
def source(original) -> np.ndarray:
    return np.asarray(original.geometry.values, dtype=object)


def _parts(geom) -> list:
    return list(getattr(geom, "geoms", [geom]))


def _touching_pairs(geoms) -> set[tuple[int, int]]:
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    return {(int(a), int(b)) for a, b in zip(left, right) if a < b}


# --- reading the source -------------------------------------------------------------------------


def test_read_counties_gives_72_wisconsin_counties_in_nad83(original):
    assert len(original) == 72
    assert list(original.columns) == ["fips", "name", "geometry"]
    assert original.crs.equals("EPSG:4269")
    assert original["fips"].tolist() == EXPECTED_FIPS
    assert original.loc[original.fips == "55029", "name"].item() == "Door County"
    assert original.loc[original.fips == "55039", "name"].item() == "Fond du Lac County"


def test_read_counties_refuses_a_file_without_72_counties(original, tmp_path):
    short = original.iloc[:71].rename(columns={"fips": "GEOID", "name": "NAME"})
    short["STATEFP"] = "55"
    path = tmp_path / "short.geojson"
    short.to_file(path, driver="GeoJSON")
    with pytest.raises(ValueError, match="expected 72"):
        geometry.read_counties(path)


# --- the GeoJSON document -----------------------------------------------------------------------


def test_features_have_fips_ids_and_county_names(text, features, original):
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection"
    assert [f["id"] for f in features] == EXPECTED_FIPS
    for feature, name in zip(features, original["name"]):
        assert feature["type"] == "Feature"
        assert feature["properties"] == {"fips": feature["id"], "name": name}
        assert feature["properties"]["name"].endswith(" County")
        assert feature["geometry"]["type"] in {"Polygon", "MultiPolygon"}


def test_size_is_at_most_150_kb_of_compact_json(text):
    size = len(text.encode("utf-8"))
    assert size <= MAX_BYTES, f"{size} bytes"
    assert text == json.dumps(json.loads(text), separators=(",", ":"), ensure_ascii=False)


def test_coordinates_are_rounded_lon_lat_degrees(text, simplified):
    decimals = max(len(d) for d in re.findall(r"-?\d+\.(\d+)", text))
    assert decimals <= geometry.DEFAULT_PRECISION
    xmin, ymin, xmax, ymax = shapely.total_bounds(simplified)
    assert -93.0 < xmin and xmax < -86.7 and 42.4 < ymin and ymax < 47.4


def test_build_is_deterministic_and_ignores_row_order(text, original):
    assert geometry.build() == text
    shuffled = original.sample(frac=1.0, random_state=1)
    assert geometry.transform_geometry(shuffled) == text


def test_transform_does_not_modify_its_input(original):
    before = original.copy()
    geometry.transform_geometry(original)
    assert original["fips"].tolist() == before["fips"].tolist()
    assert shapely.equals_exact(original.geometry.values, before.geometry.values, 0).all()


# --- validity and topology ----------------------------------------------------------------------


def test_all_geometries_are_valid(simplified):
    assert not shapely.is_empty(simplified).any()
    reasons = shapely.is_valid_reason(simplified)
    assert shapely.is_valid(simplified).all(), [r for r in reasons if r != "Valid Geometry"]


def test_simplification_really_happened(source, simplified):
    before = shapely.get_num_coordinates(source).sum()
    after = shapely.get_num_coordinates(simplified).sum()
    assert after < 0.6 * before, (before, after)


def test_result_is_still_a_valid_coverage(simplified):
    # Edge-matched and non-overlapping, and no gap narrower than ~1 km between counties.
    assert shapely.coverage_is_valid(simplified, gap_width=0.01)


def test_neighbours_still_share_borders_without_overlaps(source, simplified):
    pairs = _touching_pairs(source)
    assert len(pairs) > 150  # sanity: 72 counties have ~180 neighbour pairs
    assert _touching_pairs(simplified) == pairs  # no lost neighbours, no new ones
    for a, b in pairs:
        assert shapely.intersection(simplified[a], simplified[b]).area < 1e-12, (a, b)
        shared_before = shapely.intersection(source[a].boundary, source[b].boundary).length
        shared_after = shapely.intersection(simplified[a].boundary, simplified[b].boundary).length
        if shared_before > 0:  # a real border, not a corner
            assert shared_after == pytest.approx(shared_before, rel=0.05), (a, b)


def test_union_has_no_gaps_or_overlaps(source, simplified):
    # Overlaps would make the union smaller than the sum of areas; gaps between neighbours
    # would show up as holes in the union (the original union has none) or as extra parts.
    union = shapely.union_all(simplified)
    assert union.area == pytest.approx(shapely.area(simplified).sum(), rel=1e-9)
    before = shapely.coverage_union_all(source)
    assert shapely.get_num_geometries(union) == shapely.get_num_geometries(before)
    assert sum(len(p.interiors) for p in _parts(union)) == sum(len(p.interiors) for p in _parts(before))


def test_each_county_keeps_its_area_within_2_percent(source, simplified, original):
    ratio = shapely.area(simplified) / shapely.area(source)
    worst = int(np.argmax(np.abs(ratio - 1)))
    assert np.all(np.abs(ratio - 1) < 0.02), (original["fips"][worst], ratio[worst])


def test_exterior_rings_are_clockwise_for_plotly(simplified):
    # d3-geo (Plotly) reads a counter-clockwise exterior as the whole globe minus the county.
    for geom in simplified:
        for part in _parts(geom):
            assert not part.exterior.is_ccw
            assert all(ring.is_ccw for ring in part.interiors)


# --- it still looks like Wisconsin --------------------------------------------------------------


def test_door_peninsula_reaches_its_tip(source, simplified, original):
    i = original["fips"].tolist().index("55029")
    max_lat = simplified[i].bounds[3]
    assert max_lat > 45.2
    assert max_lat == pytest.approx(source[i].bounds[3], abs=0.01)
    assert shapely.get_num_geometries(simplified[i]) == shapely.get_num_geometries(source[i])


@pytest.mark.parametrize("fips", ["55003", "55007"])  # Ashland, Bayfield: the Apostle Islands
def test_apostle_islands_are_kept(fips, source, simplified, original):
    i = original["fips"].tolist().index(fips)
    before, after = _parts(source[i]), _parts(simplified[i])
    assert len(before) >= 2
    assert simplified[i].geom_type == "MultiPolygon"
    assert len(after) == len(before)
    # The larger islands (Madeline Island, second-largest part of Ashland) keep their shape.
    big_before = sorted((p.area for p in before), reverse=True)[:3]
    big_after = sorted((p.area for p in after), reverse=True)[:3]
    assert big_after == pytest.approx(big_before, rel=0.03)


# --- refusing bad input or settings -------------------------------------------------------------


def test_rounding_too_coarse_is_refused_not_silently_repaired(original):
    with pytest.raises(ValueError, match="invalid geometries"):
        geometry.transform_geometry(original, tolerance=0.001, precision=3)


def test_projected_input_is_refused(original):
    with pytest.raises(ValueError, match="lon/lat"):
        geometry.transform_geometry(original.to_crs("EPSG:3071"))
