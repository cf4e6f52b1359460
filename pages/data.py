"""Downloads (/data): every published file at /download/<name>, the data dictionary generated from
etl/metadata.py, copyable pandas and R snippets that read the files with FIPS kept as text, and the
<iframe> code that embeds a chart on another site: /data?embed=<view> (with the map's own query
parameters for the map) gives that view's code; every chart's "Embed this chart" link comes here.
"""

from __future__ import annotations

import json

import dash
from dash import ClientsideFunction, Input, Output, State, clientside_callback, dcc, html

import config
from components import cards, content, data, embeds, ids
from etl.metadata import COLUMNS, TABLES


def embed_choice(embed=None, **query) -> tuple[str, dict[str, str]]:
    """The view whose embed code the page shows (the map when `embed` names no view) and its
    validated parameters."""
    name = embed if isinstance(embed, str) and embed in embeds.names() else embeds.MAP
    return name, embeds.params_of(name, query)


def view_key(**query) -> str:
    """What the layout reads from the query: the embed choice (see components/page_views.py)."""
    return json.dumps(embed_choice(**query))


dash.register_page(
    __name__,
    path="/data",
    name="Downloads",
    title="Downloads | Wisconsin Human Trafficking Data",
    order=6,
    view_key=view_key,
)

OTHER_FILES = {
    "counties.geojson": "County boundaries (GeoJSON, one feature per county, keyed by FIPS), as used by the map.",
    config.POLICY_FILE: "The disclosure policy (JSON): the thresholds for small counts, rates and shares that "
    "protected rows were checked against, with the version their policy_version column names.",
    "datapackage.json": "Frictionless Data Package descriptor: every table's columns, types, keys and sources.",
}
#: The address the snippets are written with; assets/site_origin.js puts the browser's own in its place
#: (the layout must not depend on the Host header: components/page_views.py).
SNIPPET_BASE = f"http://{config.HOST}:{config.PORT}/"


def file_description(name: str) -> str:
    """What a published file holds: the table's description from etl/metadata.py, or OTHER_FILES."""
    stem = name.removesuffix(".csv")
    return TABLES[stem].description if name.endswith(".csv") else OTHER_FILES[name]


def download_href(name: str) -> str:
    return f"/download/{name}"


def pandas_snippet(base: str) -> str:
    names = "\n".join(f'{t} = read("{t}.csv")' for t in TABLES)
    return f'''import pandas as pd

BASE = "{base}download/"


def read(name):
    # FIPS codes stay text ("55079", "55"); only empty cells are missing, never zero.
    return pd.read_csv(BASE + name, dtype={{"fips": str}}, keep_default_na=False, na_values=[""])


{names}

# Every cited figure with its source's full citation:
cited = figures.merge(sources[["source_id", "citation"]], on="source_id", how="left")
'''


def r_snippet(base: str) -> str:
    lines = []
    for name, table in TABLES.items():
        fips = ', colClasses = c(fips = "character")' if "fips" in table.columns else ""
        lines.append(
            f'{name} <- read.csv(paste0(base, "{name}.csv"){fips},\n'
            f'{" " * (len(name) + 13)}na.strings = "", encoding = "UTF-8")'
        )
    body = "\n".join(lines)
    return f'''base <- "{base}download/"

# FIPS codes stay text ("55079"); empty cells become NA, never zero.
{body}

# Every cited figure with its source's full citation:
cited <- merge(figures, sources[, c("source_id", "citation")], by = "source_id", all.x = TRUE)
'''


def snippet(code: str, snippet_id: str, code_id: str, label: str) -> html.Div:
    return html.Div(
        [
            html.Div(
                [
                    html.H3(label),
                    dcc.Clipboard(
                        target_id=snippet_id,
                        children="Copy code",
                        copied_children="Copied",
                        className="copy-button",
                        title=f"Copy the {label} code",
                    ),
                ],
                className="snippet-head",
            ),
            html.Pre(html.Code(code, id=code_id), id=snippet_id, className="snippet", tabIndex="0"),
        ],
        className="snippet-box",
    )


def embed_section(name: str, params: dict[str, str]) -> html.Section:
    """The <iframe> code of one view, a preview link, and links to every other view's code."""
    title = embeds.build(name, tuple(sorted(params.items()))).title
    return html.Section(
        [
            html.H2("Embed a chart on your site"),
            html.P(
                [
                    "Paste this code into a web page to show the chart ",
                    html.Strong(title),
                    " with its source line, the statuses of its values and a link back to its full view. "
                    "Embed pages are the only pages of this dashboard other sites may frame. ",
                    html.A("Preview the embed", href=embeds.embed_path(name, params), target="_blank"),
                    ".",
                ]
            ),
            snippet(
                embeds.snippet(name, params, SNIPPET_BASE),
                ids.DATA_SNIPPET_EMBED,
                ids.DATA_SNIPPET_EMBED_CODE,
                "Embed code (HTML)",
            ),
            html.Details(
                [
                    html.Summary("Embed another chart"),
                    html.Ul(
                        [
                            html.Li(html.A(embeds.title_of(n), href=cards.embed_code_href(n)))
                            for n in embeds.names()
                            if n != name
                        ],
                        className="embed-list",
                    ),
                ]
            ),
        ],
        id=ids.DATA_EMBED,
        **{"aria-label": "Embed a chart on your site"},
    )


def dictionary_table(name: str) -> html.Table:
    table = TABLES[name]
    return html.Table(
        [
            html.Caption(f"Columns of {name}.csv (key: {', '.join(table.primary_key)})"),
            html.Thead(
                html.Tr([html.Th("Column", scope="col"), html.Th("Type", scope="col"), html.Th("Meaning", scope="col")])
            ),
            html.Tbody(
                [
                    html.Tr([html.Th(html.Code(col), scope="row"), html.Td(COLUMNS[col][0]), html.Td(COLUMNS[col][1])])
                    for col in table.columns
                ]
            ),
        ],
        className="data-table dictionary",
    )


def table_section(name: str) -> html.Section:
    table = TABLES[name]
    frame = getattr(data, name)()
    file = f"{name}.csv"
    return html.Section(
        [
            html.H3(f"{table.title} ({file})", id=f"table-{name}"),
            html.P([table.description, f" {len(frame):,} rows. "]),
            html.P(html.A(f"Download {file}", href=download_href(file), className="button download-link")),
            html.Details(
                [html.Summary(f"Data dictionary: {len(table.columns)} columns"), dictionary_table(name)], open=True
            ),
        ],
        className="table-entry",
        **{"aria-labelledby": f"table-{name}"},
    )


def layout(**query):
    return html.Div(
        [
            html.H1("Downloads"),
            content.render("data_intro", className="lede"),
            html.H2("Files"),
            html.Ul(
                [html.Li([html.A(f, href=download_href(f)), ": ", file_description(f)]) for f in config.TIDY_FILES],
                className="file-list",
            ),
            html.P(
                [
                    "Each file has a stable address: ",
                    html.Code("/download/<file name>"),
                    ", for example ",
                    html.Code("/download/figures.csv"),
                    ".",
                ]
            ),
            html.H2("Read the tables in code"),
            snippet(
                pandas_snippet(SNIPPET_BASE), ids.DATA_SNIPPET_PANDAS, ids.DATA_SNIPPET_PANDAS_CODE, "Python (pandas)"
            ),
            snippet(r_snippet(SNIPPET_BASE), ids.DATA_SNIPPET_R, ids.DATA_SNIPPET_R_CODE, "R"),
            embed_section(*embed_choice(**query)),
            html.H2("Tables and data dictionary"),
            *[table_section(name) for name in TABLES],
            html.H2("Other files"),
            html.Dl(
                [
                    item
                    for f, text in OTHER_FILES.items()
                    for item in (html.Dt(html.A(f, href=download_href(f))), html.Dd(text))
                ]
            ),
        ],
        className="page page-data",
    )


clientside_callback(
    ClientsideFunction(namespace="site", function_name="with_origin"),
    Output(ids.DATA_SNIPPET_PANDAS_CODE, "children"),
    Output(ids.DATA_SNIPPET_R_CODE, "children"),
    Output(ids.DATA_SNIPPET_EMBED_CODE, "children"),
    Input(ids.DATA_SNIPPET_PANDAS_CODE, "id"),
    State(ids.DATA_SNIPPET_PANDAS_CODE, "children"),
    State(ids.DATA_SNIPPET_R_CODE, "children"),
    State(ids.DATA_SNIPPET_EMBED_CODE, "children"),
)
