"""Map your own data (/upload): a county CSV dropped in the browser, checked and mapped in memory.

Flow (every step in memory; nothing is written to disk, nothing is kept after a response):
1. dcc.Upload (`upload-data`) reads the file in the browser; a clientside callback
   (assets/upload.js, `upload.gate`) refuses a file over the size limit before it is sent, moves the
   file into the `upload-file` store and empties the Upload component;
2. `read_upload` (server) decodes, detects the shape, runs the ETL's own reader with the person's
   options, and answers with the report (`upload-report`) and the tidy rows (`upload-rows`, a
   memory store: it lives only in this browser tab);
3. `show_upload_map` draws the rows with the /map page's figure and table code (`upload-map`), with
   a measure and year selector when the file holds several;
4. `download_upload` gives the normalised tidy CSV (statuses, notes, policy version).
Callbacks here catch everything and report it: a raised exception would leave the person with no
answer (webserver.on_callback_error turns it into "no update"). Every word is in the language of the
request (components/i18n.py): the layout's, and each callback's, whose answer it words.
"""

from __future__ import annotations

import json
import logging

import dash
from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, ctx, dcc, html, no_update
from plotly.utils import PlotlyJSONEncoder

import config
from components import data as published
from components import labels
from components import upload_ids as uid
from components.graph_config import map_config
from components.i18n import N_, _
from components.map_data import GEOJSON_URL
from components.map_figures import make_county_map
from components.map_panels import table_rows
from components.map_view import summary_text
from components.upload_map import (
    choose,
    download_name,
    filename_of,
    frame_of,
    labels_of,
    payload,
    publisher,
    tidy_csv,
    upload_catalog,
    upload_view,
)
from components.upload_read import (
    DEFAULT_MEASURE,
    DEFAULT_UNIT,
    MAX_BYTES,
    UploadResult,
    clean_filename,
    role_name,
    too_big_message,
)
from components.upload_report import build_report, summary_line
from components.upload_sandbox import read_within_limits
from etl.ingest.formats import cases

log = logging.getLogger(__name__)

dash.register_page(
    __name__,
    path="/upload",
    name=N_("Map your own data"),
    order=7,
)

PRIVACY = N_(
    "Your file stays in this browser tab. It is sent to this dashboard's own server only to be read: it is "
    "checked in memory, nothing is written to the server's disk, and nothing is kept after the answer comes "
    "back. Nothing is sent to any other website. Reloading or closing the tab forgets it."
)
#: The choices of the file's shape: (value, label; translated where shown).
FORMAT_OPTIONS = [
    ("auto", N_("Detect from the columns")),
    ("county-table", N_("A county table: a County column and a column for each year (or for each measure)")),
    ("cases", N_("Case records: one row per case, with county and date or year")),
]


def _field(label: str, control, field_id: str, hint: str | None = None) -> html.Div:
    return html.Div(
        [html.Label(label, htmlFor=field_id), control, html.Span(hint, className="upload-hint") if hint else None],
        className="upload-field",
    )


def layout(**_query):
    policy = published.policy()
    return html.Div(
        [
            dcc.Store(id=uid.FILE, storage_type="memory"),
            dcc.Store(id=uid.ROWS, storage_type="memory"),
            dcc.Store(id=uid.LIMIT, data=MAX_BYTES),
            dcc.Download(id=uid.DOWNLOAD),
            html.H1(_("Map your own data")),
            html.P(
                _(
                    "Drop a CSV file of county figures to see it on the same county map as the rest of this site, "
                    "checked the same way as the data we publish."
                ),
                className="lede",
            ),
            html.Aside(
                [html.Strong(_("Private:") + " "), _(PRIVACY)],
                id=uid.PRIVACY,
                className="upload-privacy",
                **{"aria-label": _("Privacy")},
            ),
            html.Details(
                [
                    html.Summary(
                        _("Options: the shape of the file, a name for your measure, small-number suppression")
                    ),
                    html.P(
                        _(
                            "The file's shape is detected from its columns; change anything here, before or after "
                            "uploading, and the report and map update."
                        ),
                        className="upload-hint",
                    ),
                    html.Div(
                        [
                            html.Fieldset(
                                [
                                    html.Legend(_("What is in the file?")),
                                    dcc.RadioItems(
                                        id=uid.FORMAT,
                                        value="auto",
                                        options=[
                                            {"label": _(label), "value": value} for value, label in FORMAT_OPTIONS
                                        ],
                                        className="upload-radio",
                                    ),
                                ],
                                className="upload-fieldset",
                            ),
                            html.Fieldset(
                                [
                                    html.Legend(_("For a county table")),
                                    _field(
                                        _("Name of your measure"),
                                        dcc.Input(
                                            id=uid.MEASURE,
                                            type="text",
                                            value=DEFAULT_MEASURE,
                                            debounce=True,
                                            maxLength=80,
                                        ),
                                        uid.MEASURE,
                                    ),
                                    _field(
                                        _("What the numbers count"),
                                        dcc.Input(
                                            id=uid.UNIT,
                                            type="text",
                                            value=_(DEFAULT_UNIT),
                                            debounce=True,
                                            maxLength=40,
                                        ),
                                        uid.UNIT,
                                        _("for example cases, reports, people served"),
                                    ),
                                    _field(
                                        _("Year"),
                                        dcc.Input(
                                            id=uid.YEAR, type="number", min=1990, max=2030, step=1, debounce=True
                                        ),
                                        uid.YEAR,
                                        _("only for a table with no year columns and no Year column"),
                                    ),
                                    dcc.Checklist(
                                        id=uid.SENSITIVE,
                                        value=[],
                                        className="upload-check",
                                        options=[
                                            {
                                                "label": _("My data is sensitive (apply small-number suppression)"),
                                                "value": "sensitive",
                                            }
                                        ],
                                    ),
                                ],
                                className="upload-fieldset",
                            ),
                            html.Fieldset(
                                [
                                    html.Legend(_("For case records")),
                                    html.P(
                                        _(
                                            "Small-number suppression is always on for case records: counts from "
                                            "{low} to {high} are not shown (disclosure policy {version})."
                                        ).format(
                                            low=labels.format_number(policy.suppress_min),
                                            high=labels.format_number(policy.suppress_max),
                                            version=policy.version,
                                        ),
                                        className="upload-hint",
                                    ),
                                    dcc.Checklist(
                                        id=uid.COVERS_STATE,
                                        value=[],
                                        className="upload-check",
                                        options=[
                                            {
                                                "label": _(
                                                    "My records cover the whole state (a county with no case is a "
                                                    "true zero)"
                                                ),
                                                "value": "covers_state",
                                            }
                                        ],
                                    ),
                                    html.Details(
                                        [
                                            html.Summary(_("Column names case records are read by")),
                                            html.Ul(
                                                [
                                                    html.Li([html.Strong(role_name(role)), ": ", ", ".join(names)])
                                                    for role, names in cases.COLUMNS.items()
                                                ],
                                                id=uid.CASE_COLUMNS,
                                            ),
                                        ],
                                        className="upload-hint",
                                    ),
                                ],
                                className="upload-fieldset",
                            ),
                        ],
                        className="upload-options",
                    ),
                ],
                id=uid.OPTIONS,
                className="upload-options-details",
            ),
            dcc.Upload(
                id=uid.UPLOAD,
                multiple=False,
                className="upload-drop",
                className_active="upload-drop-active",
                children=html.Div(
                    [
                        html.Strong(_("Drag and drop a CSV file here, or") + " "),
                        html.Span(_("choose a file"), className="upload-choose"),
                        html.Br(),
                        html.Span(
                            _("CSV (saved as CSV UTF-8), up to {limit} MB").format(
                                limit=labels.format_number(MAX_BYTES // 1024 // 1024)
                            ),
                            className="upload-hint",
                        ),
                    ]
                ),
            ),
            html.P(id=uid.STATUS, className="upload-status visually-hidden", role="status", **{"aria-live": "polite"}),
            dcc.Loading(html.Div(id=uid.REPORT, className="upload-report"), type="default", delay_show=300),
            html.Section(
                [
                    html.H2(_("Your data on the map"), className="upload-map-heading"),
                    html.Div(
                        [
                            html.Div(
                                [
                                    html.Label(_("Measure"), htmlFor=uid.MEASURE_SELECT),
                                    dcc.Dropdown(id=uid.MEASURE_SELECT, clearable=False, searchable=False, options=[]),
                                ],
                                className="control control-measure",
                            ),
                            html.Div(
                                [
                                    html.Label(_("Year"), htmlFor=uid.YEAR_SELECT),
                                    dcc.Dropdown(id=uid.YEAR_SELECT, clearable=False, searchable=False, options=[]),
                                ],
                                className="control control-year",
                            ),
                        ],
                        className="map-controls",
                    ),
                    html.H3(id=uid.MAP_TITLE, className="map-title"),
                    html.Div(
                        [
                            html.Div(
                                [
                                    dcc.Graph(
                                        id=uid.MAP,
                                        config=map_config("my-county-map"),
                                        className="county-map",
                                        style={"height": "clamp(440px, 66vh, 720px)"},
                                    ),
                                    html.P(id=uid.MAP_SOURCE, className="source-line"),
                                ],
                                className="map-figure",
                            ),
                            html.Aside(
                                [
                                    html.P(id=uid.MAP_SUMMARY, className="map-summary", **{"aria-live": "polite"}),
                                    html.P(id=uid.MAP_CAVEAT, className="caveat"),
                                    html.Button(
                                        _("Download the checked rows (tidy CSV)"),
                                        id=uid.DOWNLOAD_BUTTON,
                                        n_clicks=0,
                                        type="button",
                                        className="download-button",
                                    ),
                                    html.P(
                                        _(
                                            "One row per county, year and measure, with its status, note and "
                                            "disclosure policy version (the columns of county_measures.csv)."
                                        ),
                                        className="upload-hint",
                                    ),
                                ],
                                className="map-panel",
                                **{"aria-label": _("About this map")},
                            ),
                        ],
                        className="map-body",
                    ),
                    html.H3(_("Every county in a table")),
                    html.Table(
                        [
                            html.Caption(id=uid.TABLE_CAPTION),
                            html.Thead(
                                html.Tr(
                                    [
                                        html.Th(_("County"), scope="col"),
                                        html.Th(_("Value"), scope="col", className="num", id=uid.TABLE_VALUE),
                                        html.Th(_("Status"), scope="col"),
                                        html.Th(_("Source"), scope="col"),
                                    ]
                                )
                            ),
                            html.Tbody(id=uid.TABLE_BODY),
                        ],
                        id=uid.TABLE,
                        className="county-table",
                    ),
                ],
                id=uid.RESULTS,
                hidden=True,
                className="upload-results",
            ),
        ],
        className="page map-page upload-page",
    )


clientside_callback(
    ClientsideFunction(namespace="upload", function_name="gate"),
    Output(uid.FILE, "data"),
    Output(uid.UPLOAD, "contents"),
    Input(uid.UPLOAD, "contents"),
    State(uid.UPLOAD, "filename"),
    State(uid.LIMIT, "data"),
    prevent_initial_call=True,
)


def answer_bytes(answer) -> int:
    """The size of a callback answer as Dash sends it (JSON, before compression)."""
    return len(json.dumps(answer, cls=PlotlyJSONEncoder))


def too_much_to_show() -> str:
    return _(
        "What this file holds is more than this page shows at once (its answer is limited to {limit} KB), so "
        "nothing was kept. Split the file (for example by year or by measure) and upload the parts."
    ).format(limit=labels.format_number(config.UPLOAD.max_answer_bytes // 1000))


def _options(measure, unit, year, sensitive, covers_state) -> dict:
    return {
        "measure": measure if isinstance(measure, str) else None,
        "unit": unit if isinstance(unit, str) else None,
        "year": year if isinstance(year, int) and not isinstance(year, bool) else None,
        "sensitive": isinstance(sensitive, list) and "sensitive" in sensitive,
        "covers_state": isinstance(covers_state, list) and "covers_state" in covers_state,
    }


@callback(
    Output(uid.REPORT, "children"),
    Output(uid.ROWS, "data"),
    Output(uid.STATUS, "children"),
    Input(uid.FILE, "data"),
    Input(uid.FORMAT, "value"),
    Input(uid.MEASURE, "value"),
    Input(uid.UNIT, "value"),
    Input(uid.YEAR, "value"),
    Input(uid.SENSITIVE, "value"),
    Input(uid.COVERS_STATE, "value"),
    prevent_initial_call=True,
)
def read_upload(file, fmt, measure, unit, year, sensitive, covers_state):
    """The report and the tidy rows of the file in the upload-file store (never raises)."""
    try:
        if not isinstance(file, dict) or not file:
            return no_update, no_update, no_update
        name = clean_filename(file.get("filename"))
        if isinstance(file.get("too_big"), (int, float)) and not isinstance(file.get("too_big"), bool):
            result = UploadResult(filename=name, error=too_big_message(int(file["too_big"])))
        else:
            options = _options(measure, unit, year, sensitive, covers_state)
            result = read_within_limits(file.get("contents"), name, fmt, options)
        answer = build_report(result), payload(result), summary_line(result)
        if answer_bytes(answer) > config.UPLOAD.max_answer_bytes:
            result = UploadResult(filename=name, error=too_much_to_show())
            answer = build_report(result), None, summary_line(result)
        return answer
    except Exception as err:  # noqa: BLE001 - report, never leave the person without an answer
        log.warning("upload report failed: %s", type(err).__name__)
        return (
            [
                html.H2(_("This file could not be mapped")),
                html.P(_("Something went wrong while reading this file, and nothing was kept. Try again.")),
            ],
            None,
            _("The file could not be mapped."),
        )


@callback(
    output=dict(
        hidden=Output(uid.RESULTS, "hidden"),
        measure_options=Output(uid.MEASURE_SELECT, "options"),
        measure=Output(uid.MEASURE_SELECT, "value"),
        year_options=Output(uid.YEAR_SELECT, "options"),
        year=Output(uid.YEAR_SELECT, "value"),
        year_disabled=Output(uid.YEAR_SELECT, "disabled"),
        figure=Output(uid.MAP, "figure"),
        title=Output(uid.MAP_TITLE, "children"),
        summary=Output(uid.MAP_SUMMARY, "children"),
        caveat=Output(uid.MAP_CAVEAT, "children"),
        source=Output(uid.MAP_SOURCE, "children"),
        caption=Output(uid.TABLE_CAPTION, "children"),
        value_heading=Output(uid.TABLE_VALUE, "children"),
        body=Output(uid.TABLE_BODY, "children"),
    ),
    inputs=dict(
        store=Input(uid.ROWS, "data"), measure=Input(uid.MEASURE_SELECT, "value"), year=Input(uid.YEAR_SELECT, "value")
    ),
    prevent_initial_call=True,
)
def show_upload_map(store, measure, year):
    """The map, summary and county table of the uploaded rows, with /map's own builders (never raises)."""
    hide = {
        "hidden": True,
        **{
            k: no_update
            for k in (
                "measure_options",
                "measure",
                "year_options",
                "year",
                "year_disabled",
                "figure",
                "title",
                "summary",
                "caveat",
                "source",
                "caption",
                "value_heading",
                "body",
            )
        },
    }
    try:
        frame = frame_of(store) if isinstance(store, dict) else None
        if frame is None:
            return hide
        measure_labels = labels_of(store, frame)
        catalog = upload_catalog(frame, measure_labels)
        if ctx.triggered_id == uid.ROWS:  # a new file: start from its first measure and latest year
            measure, year = None, None
        info, y = choose(catalog, measure, year)
        if info is None:
            return hide
        name = filename_of(store)
        view = upload_view(frame, info, y, name)
        return dict(
            hidden=False,
            measure_options=[{"label": m.label, "value": m.measure} for m in catalog.measures.values()],
            measure=info.measure,
            year_options=[{"label": str(v), "value": v} for v in sorted(info.years, reverse=True)],
            year=y,
            year_disabled=len(info.years) < 2,
            figure=make_county_map(view, dash.get_relative_path(GEOJSON_URL)),
            title=view.title,
            summary=summary_text(view),
            caveat=info.caveat,
            source=_("Source: {publisher}.").format(publisher=publisher(name)),
            caption=_("{title}: every county, the same values as the map.").format(title=view.title),
            value_heading=view.value_heading,
            body=table_rows(view),
        )
    except Exception as err:  # noqa: BLE001
        log.warning("upload map failed: %s", type(err).__name__)
        return hide


@callback(
    Output(uid.DOWNLOAD, "data"),
    Input(uid.DOWNLOAD_BUTTON, "n_clicks"),
    State(uid.ROWS, "data"),
    prevent_initial_call=True,
)
def download_upload(n_clicks, store):
    """The normalised rows, as `python -m etl.ingest` would write them."""
    try:
        frame = frame_of(store) if n_clicks and isinstance(store, dict) else None
        if frame is None:
            return no_update
        return dict(content=tidy_csv(frame), filename=download_name(filename_of(store)), type="text/csv")
    except Exception as err:  # noqa: BLE001
        log.warning("upload download failed: %s", type(err).__name__)
        return no_update
