"""Pure figure builders for the county map: the full figure once, then value-only Patches.

The figure has a fixed list of choropleth traces ("slots"), one per legend entry, in legend order:
up to 5 colour classes, then "rate not shown", "suppressed", "not reported", and an outline-only
trace marking the selected county. Each status has its own trace, fill and outline, so a missing
value is never drawn like a value, like zero, or like another status.

Because the slots never change, a later view only needs each slot's locations, z, customdata,
name and colours: `patch_from_slots` sends exactly those, never the geometry. The geometry is named by
URL in the page (`geojson="/download/counties.geojson"`), which Plotly fetches once and caches for
every trace; a dict also works (tests, the naive benchmark path).

About z: Plotly draws a choropleth location only when its z is a number. Reported counties carry
their value (count or rate) as z. Status traces have no value, so their z holds STATUS_Z, a
placeholder outside every measure's domain (values are >= 0); it is a drawing switch, never shown
in hover, legend, table or download, and never 0.
"""

from __future__ import annotations

import html as html_lib

import plotly.graph_objects as go
from dash import Patch

from components import labels, theme
from components.i18n import _
from components.map_view import MAX_CLASSES, MapView

#: Drawing placeholder for counties without a value (see the module docstring). Never a value.
STATUS_Z = -1

STATUS_SLOTS = ("rate_not_shown", "suppressed", "not_reported")
SLOTS = tuple(f"class_{i}" for i in range(MAX_CLASSES)) + STATUS_SLOTS + ("selected",)
SELECTED_SLOT = SLOTS.index("selected")

STATUS_STYLES = {
    "rate_not_shown": theme.RATE_NOT_SHOWN_STYLE,
    "suppressed": theme.STATUS_STYLE["suppressed"],
    "not_reported": theme.STATUS_STYLE["not_reported"],
}
CLASS_LINE = "#ffffff"
PRESENCE_NONE_LINE = "#6b6b6b"
LEGEND_FONT_SIZE = 20


def hover_template() -> str:
    """The hover of every trace, its words in the current language (the values come as customdata)."""
    return (
        "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
        + _("Status: {status}").format(status="%{customdata[2]}")
        + "<br>"
        + _("Source: {source}").format(source="%{customdata[3]}")
        + "<extra></extra>"
    )


def plain(text: str) -> str:
    """Text from data made inert for Plotly, which reads <b>, <a href> and the like in labels.

    Plotly decodes &amp; &lt; &gt; back for display, so the reader sees the original characters.
    """
    return html_lib.escape(str(text), quote=False)


def class_colours(view: MapView) -> list[str]:
    """One fill per class: the presence colours, or evenly spaced steps of the sequential scale."""
    n = len(view.classes)
    if view.info.kind == "presence":
        return [theme.PRESENCE_STYLE[0]["fill"], theme.PRESENCE_STYLE[1]["fill"]][:n]
    seq = theme.SEQUENTIAL
    # Few classes skip the near-white step, so a class never looks like "not reported" grey.
    steps = {0: [], 1: [3], 2: [2, 4], 3: [1, 3, 4], 4: [1, 2, 3, 4]}.get(n, list(range(len(seq))))
    return [seq[i] for i in steps]


def _solid(colour: str) -> list:
    return [[0, colour], [1, colour]]


def _counties(n: int) -> str:
    return labels.format_count(n, "county", "counties")


def _hover_row(view: MapView, c) -> list[str]:
    return [plain(c.county), plain(c.value_text), plain(view.status_text(c.status)), plain(c.publisher or _("none"))]


def slot_updates(view: MapView, selected: str | None = None) -> list[dict]:
    """Per slot: the values-only properties of its trace (no geometry). Pure.

    Keys: name, locations, z, customdata, colorscale, line_colour, line_width, showlegend.
    """
    colours = class_colours(view)
    updates: list[dict] = []
    for i in range(MAX_CLASSES):
        members = [c for c in view.counties if c.status == "reported" and c.klass == i]
        if i < len(view.classes):
            fill = colours[i]
            name = f"{view.classes[i].label} ({_counties(len(members))})"
        else:
            fill, name = theme.SEQUENTIAL[0], ""
        white = fill.lower() in ("#ffffff", "white")
        updates.append(
            dict(
                name=plain(name),
                locations=[c.fips for c in members],
                z=[c.value for c in members],
                customdata=[_hover_row(view, c) for c in members],
                colorscale=_solid(fill),
                line_colour=PRESENCE_NONE_LINE if white else CLASS_LINE,
                line_width=1.2 if white else 1,
                showlegend=bool(members),
            )
        )
    for status in STATUS_SLOTS:
        members = [c for c in view.counties if c.status == status]
        style = STATUS_STYLES[status]
        updates.append(
            dict(
                name=plain(f"{view.status_text(status)} ({_counties(len(members))})"),
                locations=[c.fips for c in members],
                z=[STATUS_Z] * len(members),
                customdata=[_hover_row(view, c) for c in members],
                colorscale=_solid(style["fill"]),
                line_colour=style["line"],
                line_width=2.5,
                showlegend=bool(members),
            )
        )
    chosen = [c for c in view.counties if c.fips == selected]
    updates.append(
        dict(
            name=_("Selected county"),
            locations=[c.fips for c in chosen],
            z=[STATUS_Z] * len(chosen),
            customdata=[_hover_row(view, c) for c in chosen],
            colorscale=_solid("rgba(0,0,0,0)"),
            line_colour=theme.TEXT,
            line_width=4,
            showlegend=False,
        )
    )
    return updates


def legend_title(view: MapView) -> str:
    return plain(view.value_heading)


def make_county_map(view: MapView, geojson, selected: str | None = None, height: int | None = None) -> go.Figure:
    """The full county map: one choropleth trace per legend entry, geometry from `geojson`.

    geojson: the tidy GeoJSON (a dict with feature id = FIPS) or a same-host URL to it.
    No base layers, no tiles: the geo subplot is hidden and fitted to the counties. height: None
    lets the figure fill its container (the page sizes it with CSS).
    """
    fig = go.Figure()
    for slot, u in zip(SLOTS, slot_updates(view, selected)):
        fig.add_trace(
            go.Choropleth(
                geojson=geojson,
                featureidkey="id",
                locations=u["locations"],
                z=u["z"],
                customdata=u["customdata"],
                name=u["name"],
                colorscale=u["colorscale"],
                showscale=False,
                showlegend=u["showlegend"],
                marker={"line": {"color": u["line_colour"], "width": u["line_width"]}},
                hovertemplate=hover_template(),
                uid=slot,
                legendrank=SLOTS.index(slot) + 1,
            )
        )
    # Lambert conformal conic with Wisconsin's standard parallels: the state's usual shape. (Plotly's
    # fitbounds mis-centres "mercator" in a wide frame, clipping the lakeshore.)
    fig.update_geos(
        visible=False,
        fitbounds="locations",
        bgcolor="rgba(0,0,0,0)",
        projection={"type": "conic conformal", "parallels": [42.5, 46.5]},
        domain={"x": [0, 1], "y": [0, 1]},
    )
    fig.update_layout(
        template=theme.TEMPLATE_NAME,
        height=height,
        autosize=True,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        dragmode=False,
        legend={
            "title": {"text": legend_title(view), "font": {"size": LEGEND_FONT_SIZE}, "side": "top"},
            "font": {"size": LEGEND_FONT_SIZE},
            "orientation": "h",
            "x": 0,
            "xanchor": "left",
            "y": -0.02,
            "yanchor": "top",
            "entrywidthmode": "pixels",
            "entrywidth": 0,
            "itemsizing": "constant",
            "traceorder": "normal",
            "itemclick": False,
            "itemdoubleclick": False,
        },
        hoverlabel={"font": {"size": 18}},
    )
    return fig


def patch_from_slots(slots, title: str) -> Patch:
    """The Patch for precomputed `slot_updates` (see components.map_data.slots)."""
    patch = Patch()
    for i, u in enumerate(slots):
        patch["data"][i]["locations"] = u["locations"]
        patch["data"][i]["z"] = u["z"]
        patch["data"][i]["customdata"] = u["customdata"]
        patch["data"][i]["name"] = u["name"]
        patch["data"][i]["showlegend"] = u["showlegend"]
        patch["data"][i]["colorscale"] = u["colorscale"]
        patch["data"][i]["marker"]["line"] = {"color": u["line_colour"], "width": u["line_width"]}
    patch["layout"]["legend"]["title"]["text"] = title
    return patch
