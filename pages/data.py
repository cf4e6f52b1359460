"""Downloads (/data): every published file at /download/<name>, the data dictionary generated from
etl/metadata.py, copyable pandas and R snippets that read the files with FIPS kept as text, and the
<iframe> code that embeds a chart on another site: /data?embed=<view> (with the map's own query
parameters for the map) gives that view's code; every chart's "Embed this chart" link comes here.
"""

from __future__ import annotations

import json
import re

import dash
from dash import ClientsideFunction, Input, Output, State, clientside_callback, dcc, html

import config
from components import cards, content, data, dictionary_es, embeds, i18n, ids, labels
from components.i18n import N_, _, ngettext
from etl.metadata import COLUMNS, TABLES


def embed_choice(embed=None, **query) -> tuple[str, dict[str, str]]:
    """The view whose embed code the page shows (the map when `embed` names no view) and its
    validated parameters, in the page's language (so a Spanish page gives the Spanish embed)."""
    name = embed if isinstance(embed, str) and embed in embeds.names() else embeds.MAP
    return name, embeds.params_of(name, {**query, i18n.PARAM: i18n.lang()})


def view_key(**query) -> str:
    """What the layout reads from the query: the embed choice (see components/page_views.py)."""
    return json.dumps(embed_choice(**query))


dash.register_page(
    __name__,
    path="/data",
    name=N_("Downloads"),
    order=6,
    view_key=view_key,
)

#: The published files that are not tables, with what each holds (translated where shown).
OTHER_FILES = {
    "counties.geojson": N_("County boundaries (GeoJSON, one feature per county, keyed by FIPS), as used by the map."),
    config.POLICY_FILE: N_(
        "The disclosure policy (JSON): the thresholds for small counts, rates and shares that "
        "protected rows were checked against, with the version their policy_version column names."
    ),
    "datapackage.json": N_("Frictionless Data Package descriptor: every table's columns, types, keys and sources."),
}
#: The address the snippets are written with; assets/site_origin.js puts the browser's own in its place
#: (the layout must not depend on the Host header: components/page_views.py).
SNIPPET_BASE = f"http://{config.HOST}:{config.PORT}/"


def spanish() -> bool:
    """Whether the page is in Spanish (the data dictionary then comes from components/dictionary_es.py)."""
    return i18n.lang() == "es"


def table_title(name: str) -> str:
    """A table's title in the current language."""
    return dictionary_es.table(name)[0] if spanish() else TABLES[name].title


def table_description(name: str) -> str:
    """A table's description in the current language (etl/metadata.py's in English)."""
    return dictionary_es.table(name)[1] if spanish() else TABLES[name].description


def file_description(name: str) -> str:
    """What a published file holds: the table's description (etl/metadata.py, or its Spanish), or OTHER_FILES."""
    stem = name.removesuffix(".csv")
    return table_description(stem) if name.endswith(".csv") else _(OTHER_FILES[name])


def with_parts(template: str, **parts) -> list:
    """A translated sentence with components in its `{name}` placeholders, as a list of children
    (so the sentence is translated whole and the components fall where the language puts them)."""
    pieces = re.split(r"\{(\w+)\}", template)
    return [parts[p] if i % 2 else p for i, p in enumerate(pieces) if i % 2 or p]


def download_href(name: str) -> str:
    return f"/download/{name}"


def pandas_snippet(base: str) -> str:
    names = "\n".join(f'{t} = read("{t}.csv")' for t in TABLES)
    fips_note = _('FIPS codes stay text ("55079", "55"); only empty cells are missing, never zero.')
    cited_note = _("Every cited figure with its source's full citation:")
    return f'''import pandas as pd

BASE = "{base}download/"


def read(name):
    # {fips_note}
    return pd.read_csv(BASE + name, dtype={{"fips": str}}, keep_default_na=False, na_values=[""])


{names}

# {cited_note}
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
    fips_note = _('FIPS codes stay text ("55079"); empty cells become NA, never zero.')
    cited_note = _("Every cited figure with its source's full citation:")
    return f'''base <- "{base}download/"

# {fips_note}
{body}

# {cited_note}
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
                        children=_("Copy code"),
                        copied_children=_("Copied"),
                        className="copy-button",
                        title=_("Copy the {label} code").format(label=label),
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
            html.H2(_("Embed a chart on your site")),
            html.P(
                with_parts(
                    _(
                        "Paste this code into a web page to show the chart {title} with its source line, the "
                        "statuses of its values and a link back to its full view. Embed pages are the only pages "
                        "of this dashboard other sites may frame. {preview}."
                    ),
                    title=html.Strong(title),
                    preview=html.A(_("Preview the embed"), href=embeds.embed_path(name, params), target="_blank"),
                )
            ),
            snippet(
                embeds.snippet(name, params, SNIPPET_BASE),
                ids.DATA_SNIPPET_EMBED,
                ids.DATA_SNIPPET_EMBED_CODE,
                _("Embed code (HTML)"),
            ),
            html.Details(
                [
                    html.Summary(_("Embed another chart")),
                    html.Ul(
                        [
                            html.Li(html.A(embeds.title_of(n), href=i18n.href(cards.embed_code_href(n))))
                            for n in embeds.names()
                            if n != name
                        ],
                        className="embed-list",
                    ),
                ]
            ),
        ],
        id=ids.DATA_EMBED,
        **{"aria-label": _("Embed a chart on your site")},
    )


def column_type(col: str) -> str:
    """A column's type (a Frictionless type name; in Spanish words on a Spanish page)."""
    return dictionary_es.type_word(COLUMNS[col][0]) if spanish() else COLUMNS[col][0]


def column_meaning(col: str) -> str | list:
    """What a column holds: etl/metadata.py's English; on a Spanish page, the Spanish first and the
    English under it, so the English column names are documented in both languages."""
    english = COLUMNS[col][1]
    if not spanish():
        return english
    return [dictionary_es.column(col), html.Br(), html.Span(english, lang="en", className="muted")]


def dictionary_table(name: str) -> html.Table:
    table = TABLES[name]
    return html.Table(
        [
            html.Caption(
                _("Columns of {file} (key: {key})").format(file=f"{name}.csv", key=", ".join(table.primary_key))
            ),
            html.Thead(
                html.Tr(
                    [
                        html.Th(_("Column"), scope="col"),
                        html.Th(_("Type"), scope="col"),
                        html.Th(_("Meaning"), scope="col"),
                    ]
                )
            ),
            html.Tbody(
                [
                    html.Tr(
                        [html.Th(html.Code(col), scope="row"), html.Td(column_type(col)), html.Td(column_meaning(col))]
                    )
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
            html.H3(f"{table_title(name)} ({file})", id=f"table-{name}"),
            html.P([table_description(name), " " + labels.format_count(len(frame), "row", "rows") + ". "]),
            html.P(
                html.A(
                    _("Download {file}").format(file=file), href=download_href(file), className="button download-link"
                )
            ),
            html.Details(
                [
                    html.Summary(
                        ngettext(
                            "Data dictionary: {n} column", "Data dictionary: {n} columns", len(table.columns)
                        ).format(n=labels.format_number(len(table.columns)))
                    ),
                    dictionary_table(name),
                ],
                open=True,
            ),
        ],
        className="table-entry",
        **{"aria-labelledby": f"table-{name}"},
    )


def layout(**query):
    return html.Div(
        [
            html.H1(_("Downloads")),
            content.render("data_intro", className="lede"),
            html.H2(_("Files")),
            html.Ul(
                [html.Li([html.A(f, href=download_href(f)), ": ", file_description(f)]) for f in config.TIDY_FILES],
                className="file-list",
            ),
            html.P(
                with_parts(
                    _("Each file has a stable address: {pattern}, for example {example}."),
                    pattern=html.Code("/download/" + _("<file name>")),
                    example=html.Code("/download/figures.csv"),
                )
            ),
            html.H2(_("Read the tables in code")),
            snippet(
                pandas_snippet(SNIPPET_BASE), ids.DATA_SNIPPET_PANDAS, ids.DATA_SNIPPET_PANDAS_CODE, "Python (pandas)"
            ),
            snippet(r_snippet(SNIPPET_BASE), ids.DATA_SNIPPET_R, ids.DATA_SNIPPET_R_CODE, "R"),
            embed_section(*embed_choice(**query)),
            html.H2(_("Tables and data dictionary")),
            *[table_section(name) for name in TABLES],
            html.H2(_("Other files")),
            html.Dl(
                [
                    item
                    for f, text in OTHER_FILES.items()
                    for item in (html.Dt(html.A(f, href=download_href(f))), html.Dd(_(text)))
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
