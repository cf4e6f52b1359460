"""Geometry step: Wisconsin's 72 county outlines as a small GeoJSON for the dashboard map.

Source: the Census Bureau's 2016 cartographic boundary file of US counties at 1:500,000
(`cb_2016_us_county_500k`), which ships inside the `plotly-geo` package, so the ETL needs no
download. The file has no .prj; its coordinate system is NAD83 (EPSG:4269), set explicitly here.

Output: a GeoJSON FeatureCollection, one feature per county, sorted by FIPS, each with
`"id"` = the 5-character FIPS string and properties `{"fips", "name"}` ("Door County").
The dashboard draws it with `go.Choropleth(geojson=..., locations=fips)`, `fitbounds="locations"`
and an invisible base map: no tiles, no CDN.

Coordinates stay in longitude/latitude degrees on NAD83. NAD83 and WGS84 differ by about a metre
in Wisconsin, far below what a county map on a screen can show, so the file is used as if it were
WGS84 (what GeoJSON and Plotly expect) without a datum shift.

How the file is made small (about 130 KB instead of about 265 KB) while staying correct:

1. `shapely.coverage_simplify` simplifies all 72 counties together as one coverage. Each border
   shared by two counties is simplified once, so neighbours still share it vertex for vertex:
   no gaps, no overlaps. (Simplifying counties one by one would open slivers between them.)
   Its tolerance is in coordinate units, here degrees (0.0018 degree is about 150-200 m).
2. Coordinates are then rounded to `precision` decimals (4 decimals is about 10 m). Rounding is
   done point by point, so the two copies of a shared vertex round to the same value and shared
   borders stay shared. Consecutive repeated points created by rounding are removed.
3. The result is checked: every geometry valid and non-empty, and still a valid coverage. If
   rounding broke anything (too coarse a precision), `ValueError` is raised rather than repairing
   it with `make_valid`, because repairing one side of a border would silently break the other.
4. Rings are oriented with exteriors clockwise. Plotly draws geojson with d3-geo, which reads a
   counter-clockwise exterior as "the whole globe except this polygon" and fills the world.

No islands are dropped: at this tolerance the file meets its size limit with all of them, so
the Apostle Islands (Madeline Island and the others) and the Door County islands stay.
"""

from __future__ import annotations

import json
import os

import geopandas
import numpy as np
import shapely
from shapely.geometry import mapping

SOURCE_ID = "census_cb_2016_county_500k"

#: Wisconsin's state FIPS code and its number of counties.
STATE_FIPS = "55"
EXPECTED_COUNTIES = 72

#: Census cartographic boundary files are NAD83 geographic coordinates.
SOURCE_CRS = "EPSG:4269"

#: Simplification tolerance in degrees (roughly the square root of the area of the triangles
#: Visvalingam-Whyatt may remove); 0.0018 gives about 130 KB with 4 decimals.
DEFAULT_TOLERANCE = 0.0018
#: Decimals kept in coordinates: 4 decimals is about 10 m on the ground.
DEFAULT_PRECISION = 4

SHAPEFILE_NAME = "cb_2016_us_county_500k.shp"


def default_shapefile() -> str:
    """Path of the county shapefile inside the installed plotly-geo package."""
    import _plotly_geo

    return os.path.join(os.path.dirname(_plotly_geo.__file__), "package_data", SHAPEFILE_NAME)


def read_counties(shp_path=None) -> geopandas.GeoDataFrame:
    """Read Wisconsin's counties from the Census file: columns fips, name, geometry; EPSG:4269.

    Rows are sorted by FIPS. Raises ValueError unless there are exactly 72 distinct
    5-character FIPS codes, so a wrong or truncated file stops the ETL.
    """
    path = shp_path or default_shapefile()
    raw = geopandas.read_file(path, columns=["STATEFP", "GEOID", "NAME"])
    if raw.crs is None:
        raw = raw.set_crs(SOURCE_CRS)  # the file ships without a .prj
    elif not raw.crs.equals(SOURCE_CRS):
        raw = raw.to_crs(SOURCE_CRS)
    wi = raw[raw["STATEFP"] == STATE_FIPS]
    gdf = geopandas.GeoDataFrame(
        {"fips": wi["GEOID"].astype(str), "name": wi["NAME"].astype(str) + " County"},
        geometry=wi.geometry.values,
        crs=raw.crs,
    )
    gdf = gdf.sort_values("fips").reset_index(drop=True)
    fips = gdf["fips"]
    if len(gdf) != EXPECTED_COUNTIES or fips.nunique() != EXPECTED_COUNTIES:
        raise ValueError(
            f"{path}: expected {EXPECTED_COUNTIES} Wisconsin counties (STATEFP {STATE_FIPS}), "
            f"found {len(gdf)} rows with {fips.nunique()} distinct GEOIDs"
        )
    bad = [f for f in fips if len(f) != 5 or not f.isdigit() or not f.startswith(STATE_FIPS)]
    if bad:
        raise ValueError(f"{path}: GEOIDs that are not 5-digit Wisconsin FIPS codes: {bad}")
    return gdf


def _round_coords(coords: np.ndarray, precision: int) -> np.ndarray:
    """Round each coordinate with Python's correctly rounded round(), so the JSON shows short
    decimals (-90.4655, never -90.46549999999999) and equal inputs always give equal outputs."""
    return np.array([[round(float(v), precision) for v in row] for row in coords], dtype=float)


def transform_geometry(
    gdf: geopandas.GeoDataFrame,
    tolerance: float = DEFAULT_TOLERANCE,
    precision: int = DEFAULT_PRECISION,
) -> str:
    """Simplify, round and serialise the counties; return compact GeoJSON text.

    Pure: `gdf` (columns fips, name, geometry in degrees) is not modified, and the same input
    always gives byte-identical text. Raises ValueError if the input is not in geographic
    coordinates, is not a valid coverage, or if the rounded result is invalid.
    """
    if gdf.crs is None or not gdf.crs.is_geographic:
        raise ValueError(f"transform_geometry needs lon/lat coordinates (EPSG:4269), got {gdf.crs}")
    table = gdf.sort_values("fips", kind="stable")
    geoms = np.asarray(table.geometry.values, dtype=object)
    if not shapely.coverage_is_valid(geoms):
        raise ValueError(
            "input counties do not form a valid coverage (overlaps or "
            "unmatched shared edges); coverage_simplify needs one"
        )

    simplified = shapely.coverage_simplify(geoms, tolerance, simplify_boundary=True)
    rounded = shapely.transform(simplified, lambda c: _round_coords(c, precision))
    rounded = shapely.remove_repeated_points(rounded)
    rounded = shapely.orient_polygons(rounded, exterior_cw=True)

    fips = table["fips"].tolist()
    invalid = [f for f, g in zip(fips, rounded) if g is None or g.is_empty or not g.is_valid]
    if invalid:
        raise ValueError(
            f"simplifying with tolerance={tolerance} and rounding to {precision} "
            f"decimals made invalid geometries for {invalid}; use more decimals "
            "or a different tolerance"
        )
    if not shapely.coverage_is_valid(rounded):
        raise ValueError(
            f"rounded counties no longer share their borders exactly (tolerance={tolerance}, precision={precision})"
        )

    features = [
        {
            "type": "Feature",
            "id": f,
            "properties": {"fips": f, "name": name},
            "geometry": mapping(geom),
        }
        for f, name, geom in zip(fips, table["name"].tolist(), rounded)
    ]
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def build() -> str:
    """Read the Census file and return the county GeoJSON text the ETL writes to
    data/tidy/counties.geojson."""
    return transform_geometry(read_counties())
