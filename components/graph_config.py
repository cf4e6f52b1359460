"""The one Plotly config of the app (mode bar, image export, offline map files), for every graph.

Charts and maps differ only in what their mode bar offers: a map has no zoom or pan (the county
shapes are fitted to the frame) and names the local base-map folder, so Plotly never asks a CDN for
it. Everything else (no Plotly logo, no cloud buttons, a 2x PNG named after the graph) is shared.
"""

from __future__ import annotations

import dash

from components import i18n

_SHARED = {"displaylogo": False, "showEditInChartStudio": False, "showSendToCloud": False, "responsive": True}
_CHART_BUTTONS_OFF = ["select2d", "lasso2d", "autoScale2d"]
_MAP_BUTTONS_OFF = ["select2d", "lasso2d", "pan2d", "zoomInGeo", "zoomOutGeo", "resetGeo", "hoverClosestGeo"]


def _language() -> dict:
    """Plotly's own words (mode bar, tooltips) and number marks in the page's language; the bundle
    registers the Spanish locale (tools/plotly/entry.js)."""
    return {"locale": i18n.lang()}


def chart_config(filename: str) -> dict:
    """Config of a chart; its PNG export is named `filename`."""
    return (
        _SHARED
        | _language()
        | {
            "modeBarButtonsToRemove": _CHART_BUTTONS_OFF,
            "toImageButtonOptions": {"format": "png", "scale": 2, "filename": filename},
        }
    )


def map_config(filename: str) -> dict:
    """Config of a county map: no zoom, no scroll, and the base-map files served by this app."""
    return (
        _SHARED
        | _language()
        | {
            "scrollZoom": False,
            "modeBarButtonsToRemove": _MAP_BUTTONS_OFF,
            "toImageButtonOptions": {"format": "png", "scale": 2, "filename": filename},
            "topojsonURL": dash.get_relative_path("/assets/map_topojson/"),
        }
    )
