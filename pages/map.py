"""County map (/map): a classed choropleth of one measure, a county panel, an equivalent table.

State lives in the address: /map?measure=<id>&year=<yyyy>&scale=count|rate&county=<fips>. The
layout function reads it (validated, defaults on anything unknown) and renders the whole view on
the server, so a pasted link lands on the same view with no extra round trip. After that:

- `update_map_controls` keeps the controls consistent and writes the canonical state to the
  map-state store (from a control, a click on the map, or back/forward via map-url-sync);
- every view callback reads only map-state; the map gets a `dash.Patch` of values (never the
  geometry, which the browser fetched once by URL);
- a clientside callback (assets/map_url.js) writes the address bar with history.pushState /
  replaceState, never through dcc.Location (Dash Pages would re-render the page).
"""

from __future__ import annotations

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update

from components import cards, citations, data, i18n, ids, labels, map_data
from components.graph_config import map_config
from components.i18n import N_, _
from components.map_figures import legend_title, make_county_map, patch_from_slots
from components.map_panels import SORT_KEYS, county_panel, table_caption, table_rows
from components.map_state import MapState, next_state, scale_options, serialize_state, year_options
from components.map_view import summary_text
from etl.tables import format_number, safe_cells


def view_key(measure=None, year=None, county=None, scale=None, **_ignored) -> str:
    """What the layout reads from the query: the validated state (see components/page_views.py)."""
    return serialize_state(map_data.state(measure=measure, year=year, scale=scale, county=county))


dash.register_page(
    __name__,
    path="/map",
    name=N_("County map"),
    order=1,
    view_key=view_key,
)

LEDE = N_(
    "County by county: what was reported or recorded, which reflects reporting as much as where trafficking happens."
)
DEFAULT_SORT = {"key": "county", "ascending": True}
#: aria-sort values (ARIA tokens, never translated).
SORT_WORD = {True: "ascending", False: "descending"}
READING_NOTE = N_(
    "The map shows where numbers were reported or recorded, which reflects whether and how agencies "
    "reported as much as where trafficking happens. Different measures are never added together, "
    "and counties are not ranked."
)


def _state_data(s: MapState, replace: bool) -> dict:
    return s.to_dict() | {"query": serialize_state(s), "replace": replace}


def _state_from_store(store) -> MapState:
    """A valid state from the store's data, whatever it holds (never raises)."""
    store = store if isinstance(store, dict) else {}
    return map_data.state(**{k: store.get(k) for k in ("measure", "year", "scale", "county")})


def _caveat(s: MapState) -> list:
    info = map_data.catalog().measures.get(s.measure) if s.measure else None
    parts = [html.Strong(_("About this measure:") + " ")]
    if info and info.caveat:
        parts.append(info.caveat + " ")
    if s.scale == "rate":
        parts.append(
            _(
                "Rates divide by the 2020 Census population and are shown only where the count is at least "
                "{n}; smaller counts give unstable rates."
            ).format(n=labels.format_number(map_data.rate_min_numerator()))
            + " "
        )
    if info and not info.has_rate:
        parts.append(_("No rate per 100,000 is offered for this measure.") + " ")
    parts.append(_(READING_NOTE))
    return parts


def _texts(s: MapState) -> tuple:
    """Title, summary, caveat and source line of a state."""
    v = map_data.view_of(s)
    if v is None:
        return _("No data"), _("There is no county data to show."), _caveat(s), citations.source_line([])
    return v.title, summary_text(v), _caveat(s), citations.source_line(v.source_ids)


def _embed_href(s: MapState) -> str:
    """Where /data shows the <iframe> code of this view of the map (in the reader's language)."""
    return i18n.href(cards.embed_code_href("map", serialize_state(s).removeprefix("?")))


def _figure(s: MapState):
    v = map_data.view_of(s)
    return make_county_map(v, dash.get_relative_path(map_data.GEOJSON_URL), selected=s.county)


def _table_parts(s: MapState, sort: dict) -> dict:
    v = map_data.view_of(s)
    key = sort.get("key") if sort.get("key") in SORT_KEYS else "county"
    asc = sort.get("ascending") is not False
    return dict(
        caption=table_caption(v),
        body=table_rows(v, key, asc),
        value_label=v.value_heading,
        county_sort=SORT_WORD[asc] if key == "county" else "none",
        value_sort=SORT_WORD[asc] if key == "value" else "none",
    )


def _sort_button(label, button_id):
    return html.Button(
        [html.Span(label, id=f"{button_id}-label"), html.Span(" " + _("(sort)"), className="visually-hidden")],
        id=button_id,
        className="sort-button",
        n_clicks=0,
        type="button",
    )


def layout(measure=None, year=None, county=None, scale=None, **_ignored):
    """The page for one state, read from the query string (validated: unknown values -> defaults)."""
    catalog = map_data.catalog()
    s = map_data.state(measure=measure, year=year, scale=scale, county=county)
    info = catalog.measures.get(s.measure) if s.measure else None
    title, summary, caveat, source = _texts(s)
    table = _table_parts(s, DEFAULT_SORT)
    counties = data.counties().sort_values("county")
    return html.Div(
        [
            dcc.Store(id=ids.MAP_STATE, data=_state_data(s, replace=True)),
            dcc.Store(id=ids.MAP_URL_SYNC),
            dcc.Store(id=ids.MAP_URL_WRITTEN),
            dcc.Store(id=ids.MAP_TABLE_SORT, data=DEFAULT_SORT),
            dcc.Download(id=ids.MAP_DOWNLOAD),
            html.H1(_("County map")),
            html.P(_(LEDE), className="lede"),
            html.Div(
                [
                    html.Div(
                        [
                            html.Label(_("Measure"), htmlFor=ids.MEASURE_SELECT, id="measure-select-label"),
                            dcc.Dropdown(
                                id=ids.MEASURE_SELECT,
                                value=s.measure,
                                clearable=False,
                                searchable=False,
                                options=[{"label": m.label, "value": m.measure} for m in catalog.measures.values()],
                            ),
                        ],
                        className="control control-measure",
                    ),
                    html.Div(
                        [
                            html.Label(_("Year"), htmlFor=ids.YEAR_SELECT, id="year-select-label"),
                            dcc.Dropdown(
                                id=ids.YEAR_SELECT,
                                value=s.year,
                                clearable=False,
                                searchable=False,
                                options=year_options(info),
                                disabled=not (info and info.yearly),
                                placeholder=_("All years"),
                            ),
                        ],
                        className="control control-year",
                    ),
                    html.Fieldset(
                        [
                            html.Legend(_("Show")),
                            dcc.RadioItems(
                                id=ids.SCALE_SELECT,
                                value=s.scale,
                                options=scale_options(info),
                                inline=True,
                                className="scale-radio",
                            ),
                        ],
                        className="control control-scale",
                    ),
                ],
                className="map-controls",
            ),
            html.H2(title, id=ids.MAP_TITLE, className="map-title present-keep"),
            html.Div(
                [
                    html.Div(
                        [
                            dcc.Graph(
                                id=ids.COUNTY_MAP,
                                figure=_figure(s),
                                config=map_config("wisconsin-county-map"),
                                className="county-map",
                                style={"height": "clamp(440px, 66vh, 720px)"},
                            ),
                            html.P(caveat, id=ids.MAP_CAVEAT, className="caveat"),
                            html.Div(source, id=ids.MAP_SOURCE),
                            html.Div(
                                [
                                    html.Button(
                                        _("Download this chart's data (CSV)"),
                                        id=ids.MAP_DOWNLOAD_BUTTON,
                                        n_clicks=0,
                                        type="button",
                                        className="download-button",
                                    ),
                                    cards.image_control(ids.COUNTY_MAP, ids.MAP_TITLE, ids.MAP_SOURCE),
                                    html.A(
                                        _("Embed this map"),
                                        id=ids.MAP_EMBED_LINK,
                                        href=_embed_href(s),
                                        className="embed-link",
                                    ),
                                ],
                                className="chart-actions",
                            ),
                        ],
                        className="map-figure",
                    ),
                    html.Aside(
                        [
                            html.P(summary, id=ids.MAP_SUMMARY, className="map-summary", **{"aria-live": "polite"}),
                            html.Label(
                                _("County details"), htmlFor=ids.MAP_COUNTY_SELECT, className="county-select-label"
                            ),
                            dcc.Dropdown(
                                id=ids.MAP_COUNTY_SELECT,
                                value=s.county,
                                clearable=True,
                                placeholder=_("Choose a county"),
                                options=[{"label": r.county, "value": r.fips} for r in counties.itertuples()],
                            ),
                            html.Div(
                                county_panel(s.county, catalog, s.measure, s.year),
                                id=ids.COUNTY_PANEL,
                                className="county-panel",
                                **{"aria-live": "polite"},
                            ),
                        ],
                        className="map-panel",
                        **{"aria-label": _("County details")},
                    ),
                ],
                className="map-body view",
            ),
            html.H2(_("Every county in a table")),
            html.Div(
                html.Table(
                    [
                        html.Caption(table["caption"], id=ids.MAP_TABLE_CAPTION),
                        html.Thead(
                            html.Tr(
                                [
                                    html.Th(
                                        _sort_button(_("County"), ids.MAP_SORT_COUNTY),
                                        id=ids.MAP_TH_COUNTY,
                                        scope="col",
                                        **{"aria-sort": table["county_sort"]},
                                    ),
                                    html.Th(
                                        _sort_button(table["value_label"], ids.MAP_SORT_VALUE),
                                        id=ids.MAP_TH_VALUE,
                                        scope="col",
                                        className="num",
                                        **{"aria-sort": table["value_sort"]},
                                    ),
                                    html.Th(_("Status"), scope="col"),
                                    html.Th(_("Source"), scope="col"),
                                ]
                            )
                        ),
                        html.Tbody(table["body"], id=ids.MAP_TABLE_BODY),
                    ],
                    id=ids.COUNTY_TABLE,
                    className="county-table",
                ),
                className="table-scroll",
                tabIndex=0,
                role="region",
                **{"aria-labelledby": ids.MAP_TABLE_CAPTION},
            ),
        ],
        className="page map-page",
    )


@callback(
    output=dict(
        measure=Output(ids.MEASURE_SELECT, "value"),
        year=Output(ids.YEAR_SELECT, "value"),
        year_options=Output(ids.YEAR_SELECT, "options"),
        year_disabled=Output(ids.YEAR_SELECT, "disabled"),
        scale=Output(ids.SCALE_SELECT, "value"),
        scale_options=Output(ids.SCALE_SELECT, "options"),
        county=Output(ids.MAP_COUNTY_SELECT, "value"),
        state=Output(ids.MAP_STATE, "data"),
    ),
    inputs=dict(
        measure=Input(ids.MEASURE_SELECT, "value"),
        year=Input(ids.YEAR_SELECT, "value"),
        scale=Input(ids.SCALE_SELECT, "value"),
        county=Input(ids.MAP_COUNTY_SELECT, "value"),
        click=Input(ids.COUNTY_MAP, "clickData"),
        url=Input(ids.MAP_URL_SYNC, "data"),
        current=State(ids.MAP_STATE, "data"),
    ),
    prevent_initial_call=True,
)
def update_map_controls(measure, year, scale, county, click, url, current):
    """One event (a control, a click, back/forward) -> consistent controls and the new map state."""
    trigger = {ids.MAP_URL_SYNC: "url", ids.COUNTY_MAP: "click"}.get(ctx.triggered_id, "control")
    catalog = map_data.catalog()
    s, replace = next_state(catalog, trigger, measure, year, scale, county, click, url)
    info = catalog.measures.get(s.measure) if s.measure else None
    data = _state_data(s, replace)
    unchanged = isinstance(current, dict) and {k: current.get(k) for k in s.to_dict()} == s.to_dict()
    return dict(
        measure=s.measure,
        year=s.year,
        year_options=year_options(info),
        year_disabled=not (info and info.yearly),
        scale=s.scale,
        scale_options=scale_options(info),
        county=s.county,
        state=no_update if unchanged else data,
    )


@callback(Output(ids.COUNTY_MAP, "figure"), Input(ids.MAP_STATE, "data"), prevent_initial_call=True)
def update_county_map(state):
    """Values only: a Patch of each trace's locations, z, hover data, name and colour."""
    s = _state_from_store(state)
    if s.measure is None:
        return no_update
    v = map_data.view_of(s)
    return patch_from_slots(map_data.slots(s.measure, s.year, s.scale, s.county), legend_title(v))


@callback(
    Output(ids.MAP_TITLE, "children"),
    Output(ids.MAP_SUMMARY, "children"),
    Output(ids.MAP_CAVEAT, "children"),
    Output(ids.MAP_SOURCE, "children"),
    Output(ids.MAP_EMBED_LINK, "href"),
    Input(ids.MAP_STATE, "data"),
    prevent_initial_call=True,
)
def update_map_text(state):
    """Title, generated summary, caveat and "Source:" line of the view, and where its embed code is."""
    s = _state_from_store(state)
    return *_texts(s), _embed_href(s)


@callback(Output(ids.COUNTY_PANEL, "children"), Input(ids.MAP_STATE, "data"), prevent_initial_call=True)
def update_county_panel(state):
    s = _state_from_store(state)
    return county_panel(s.county, map_data.catalog(), s.measure, s.year)


@callback(
    output=dict(
        caption=Output(ids.MAP_TABLE_CAPTION, "children"),
        body=Output(ids.MAP_TABLE_BODY, "children"),
        value_label=Output(f"{ids.MAP_SORT_VALUE}-label", "children"),
        county_sort=Output(ids.MAP_TH_COUNTY, "aria-sort"),
        value_sort=Output(ids.MAP_TH_VALUE, "aria-sort"),
        sort=Output(ids.MAP_TABLE_SORT, "data"),
    ),
    inputs=dict(
        state=Input(ids.MAP_STATE, "data"),
        by_county=Input(ids.MAP_SORT_COUNTY, "n_clicks"),
        by_value=Input(ids.MAP_SORT_VALUE, "n_clicks"),
        sort=State(ids.MAP_TABLE_SORT, "data"),
    ),
    prevent_initial_call=True,
)
def update_county_table(state, by_county, by_value, sort):
    """Table rows for the view; a header button sorts by that column, again to reverse."""
    sort = sort if isinstance(sort, dict) else DEFAULT_SORT
    clicked = {ids.MAP_SORT_COUNTY: "county", ids.MAP_SORT_VALUE: "value"}.get(ctx.triggered_id)
    if clicked:
        same = sort.get("key") == clicked
        sort = {"key": clicked, "ascending": not sort.get("ascending", True) if same else True}
    s = _state_from_store(state)
    if s.measure is None:
        return no_update
    return _table_parts(s, sort) | {"sort": sort}


@callback(
    Output(ids.MAP_DOWNLOAD, "data"),
    Input(ids.MAP_DOWNLOAD_BUTTON, "n_clicks"),
    State(ids.MAP_STATE, "data"),
    prevent_initial_call=True,
)
def update_map_download(n_clicks, state):
    """Exactly the rows plotted, with source, status and policy version (and rate columns for rates)."""
    s = _state_from_store(state)
    if not n_clicks or s.measure is None:
        return no_update
    v = map_data.view_of(s)
    out = v.export.copy()
    for col in ("value", "rate_denominator", "rate_per_100000"):
        if col in out:
            out[col] = out[col].map(format_number)
    name = "_".join(str(p) for p in ("wisconsin_county_map", s.measure, s.year, s.scale) if p is not None)
    content = safe_cells(out).to_csv(index=False, lineterminator="\n")
    return dict(content=content, filename=f"{name}.csv", type="text/csv")


clientside_callback(
    ClientsideFunction(namespace="map", function_name="write_url"),
    Output(ids.MAP_URL_WRITTEN, "data"),
    Input(ids.MAP_STATE, "data"),
)
