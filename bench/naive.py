"""The naive map update the benchmark compares the page with: rebuild the whole figure, geometry
included, for every year step, and send all of it.

It reuses the map module's own pure builder (`components.map_figures.make_county_map`) and its
cached `MapView`s, so the only difference from the page's `dash.Patch` update is what is sent:
the whole figure with the county GeoJSON embedded (as a figure built without a same-host URL
would carry it), instead of the values of each trace.
"""

from __future__ import annotations

import time

import plotly.io as pio


def build_full_figure(measure, year, scale):
    from components import data, map_data
    from components.map_figures import make_county_map

    view = map_data.view_of(map_data.state(measure=measure, year=year, scale=scale))
    return make_county_map(view, data.geojson())


def in_process(measure, year, scale, repeat: int = 5) -> dict:
    """Build time and JSON size of the naive figure, in this process (no HTTP)."""
    build_full_figure(measure, year, scale)  # warm caches (data, views)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        text = pio.to_json(build_full_figure(measure, year, scale), validate=False)
        times.append(time.perf_counter() - t0)
    return {"build_and_serialise_ms": sorted(times)[len(times) // 2] * 1e3, "json_bytes": len(text.encode())}
