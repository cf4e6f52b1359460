"""Cards shared by the content pages: chart cards, key-figure cards, claim cards, data tables.

A chart card is the whole accessible unit for one chart: a heading, the graph (labelled by the
heading, described by a generated text summary), the "Source:" line built from the source ids of
the rows it plots, the same rows as a real HTML table one click away, and a button that downloads
exactly those rows as CSV with their source and status columns.

Pages declare their charts with `@register(chart_id)` on a function returning a `Chart`; the one
download callback below looks the rows up by chart id, so a download is cut from the tidy rows,
never from the figure object.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go
from dash import MATCH, Input, Output, callback, ctx, dcc, html
from dash.exceptions import PreventUpdate

from components import chart_data, citations, data, i18n, ids, labels
from components.graph_config import chart_config
from components.i18n import N_, _


@dataclass(frozen=True)
class Chart:
    """One chart: its constant id, heading, rows (chart_data.CHART_COLUMNS), figure and text."""

    id: str
    title: str
    rows: pd.DataFrame
    figure: go.Figure | None  # None: a table card, the table is the chart
    summary: str
    notes: tuple[str, ...] = field(default=())


#: chart id -> builder; filled at import by the page modules, read by the download callback.
REGISTRY: dict[str, Callable[[], Chart]] = {}


def register(chart_id: str) -> Callable[[Callable[[], Chart]], Callable[[], Chart]]:
    """Declare the builder of a chart, so its download can find its rows by id."""

    def wrap(builder: Callable[[], Chart]) -> Callable[[], Chart]:
        if chart_id in REGISTRY:
            raise ValueError(f"chart id registered twice: {chart_id}")
        REGISTRY[chart_id] = builder
        return builder

    return wrap


def badge(verification: str) -> html.Span:
    """Verification status as icon shape + words (never colour alone)."""
    st = labels.status(verification)
    return html.Span(
        [html.Span(st["icon"], className="badge-icon", **{"aria-hidden": "true"}), st["label"]],
        className=f"badge {st['class']}",
    )


def _what(row) -> str:
    if isinstance(row["figure_id"], str) and row["figure_id"]:
        return labels.cell(data.figures().set_index("figure_id").loc[row["figure_id"]], "description")
    if isinstance(row["derivation"], str) and row["derivation"]:
        return row["derivation"]
    return ""


def rows_table(rows: pd.DataFrame, caption: str) -> html.Table:
    """The rows of a chart as an HTML table: label, value, what it counts, period, source, status."""
    head = html.Thead(
        html.Tr(
            [
                html.Th(_("Shown as"), scope="col"),
                html.Th(_("Value"), scope="col", className="num"),
                html.Th(_("What it counts"), scope="col"),
                html.Th(_("Period"), scope="col"),
                html.Th(_("Source"), scope="col"),
                html.Th(_("Status"), scope="col"),
            ]
        )
    )
    body = []
    for _i, row in rows.iterrows():
        value = labels.format_value(row["value"], row["value_qualifier"], row["unit"], with_unit=True)
        status = row["verification"] or row["value_status"]
        body.append(
            html.Tr(
                [
                    html.Th(row["chart_label"], scope="row"),
                    html.Td(value, className="num"),
                    html.Td(_what(row)),
                    html.Td(labels.format_period(row["period_start"], row["period_end"])),
                    html.Td(citations.short_source(row["source_id"])),
                    html.Td(badge(status) if status in labels.STATUS else chart_data.status_words(status)),
                ]
            )
        )
    return html.Table([html.Caption(caption), head, html.Tbody(body)], className="data-table")


def chart_card(chart: Chart, level: int = 2) -> html.Section:
    """Heading, graph, text summary, notes, Source line, table (one click away) and CSV download."""
    heading = (html.H2 if level == 2 else html.H3)(chart.title, id=f"{chart.id}-title")
    summary_id = f"{chart.id}-summary"
    body: list = [heading]
    table = rows_table(chart.rows, _("Data for: {title}").format(title=chart.title))
    if chart.figure is not None:
        body.append(
            html.Div(
                dcc.Graph(id=chart.id, figure=chart.figure, config=chart_config(chart.id), className="chart-graph"),
                role="figure",
                className="chart-figure",
                **{"aria-label": chart.title, "aria-describedby": summary_id},
            )
        )
    body.append(html.P(chart.summary, id=summary_id, className="chart-summary"))
    body.extend(html.P(note, className="caveat") for note in chart.notes)
    body.append(html.Div(citations.source_line(chart.rows["source_id"]), id=f"{chart.id}-source"))
    if chart.figure is not None:
        body.append(
            html.Details([html.Summary(_("Show this chart's data as a table")), table], className="chart-table")
        )
    else:
        body.append(html.Div(table, id=chart.id, className="table-scroll"))
    body.append(
        html.Div(
            [
                html.Button(
                    _("Download this chart's data (CSV)"),
                    id={"type": ids.CHART_DOWNLOAD_BUTTON, "chart": chart.id},
                    className="download-button",
                    n_clicks=0,
                ),
                dcc.Download(id={"type": ids.CHART_DOWNLOAD, "chart": chart.id}),
                html.A(
                    _("Link to this chart"),
                    href=f"#{card_anchor(chart.id)}",
                    className="permalink",
                    title=_("A link that opens this page at this chart"),
                ),
                *(
                    [html.A(_("Embed this chart"), href=embed_code_href(embed_name(chart.id)), className="embed-link")]
                    if chart.figure is not None and embed_name(chart.id)
                    else []
                ),
                *(
                    [
                        image_control(
                            chart.id,
                            f"{chart.id}-title",
                            f"{chart.id}-source",
                            status_line(chart.rows),
                            card_anchor(chart.id),
                        )
                    ]
                    if chart.figure is not None
                    else []
                ),
            ],
            className="chart-actions",
        )
    )
    return html.Section(
        body, id=card_anchor(chart.id), className="chart-card view", **{"aria-labelledby": f"{chart.id}-title"}
    )


def status_line(rows: pd.DataFrame) -> str:
    """How many of the values shown have each verification status (ledger figures) or data status
    (the tidy tables' rows), in words: "secondary source (6), unverified claim (1)"."""
    shown = rows[rows["value"].notna()]
    verification = shown["verification"].fillna("")
    counts = verification.value_counts().items()
    parts = [
        _("{status} ({n})").format(status=labels.status(s)["label"].lower(), n=labels.format_number(n))
        for s, n in counts
        if s in labels.STATUS
    ]
    tidy = shown[~verification.isin(list(labels.STATUS))]
    parts += [
        _("{status} ({n})").format(status=chart_data.status_words(s), n=labels.format_number(n))
        for s, n in tidy["value_status"].value_counts().items()
    ]
    return _("Statuses of the values shown: {statuses}.").format(statuses=", ".join(parts))


#: What the image control offers: (kind, the button's words, translated where shown). assets/chart_image.js
#: knows each kind's size.
IMAGE_KINDS = (
    ("png-wide", N_("PNG, 1600 × 900")),
    ("png-square", N_("PNG, 1080 × 1080 (social posts)")),
    ("svg", N_("SVG")),
)


def image_control(graph_id: str, title_id: str, source_id: str, statuses: str = "", link_hash: str = "") -> html.Div:
    """The "Download image" button of a graph and its menu (assets/chart_image.js makes the image in
    the browser from the figure, with the title, source line, statuses, data date and permalink
    read from the page, so the picture stays cited when it travels alone)."""
    menu_id = f"{graph_id}-image-menu"
    return html.Div(
        [
            html.Button(
                _("Download image"),
                type="button",
                className="image-button",
                **{"aria-expanded": "false", "aria-controls": menu_id},
            ),
            html.Div(
                [
                    html.Button(_(words), type="button", className="image-kind", **{"data-kind": kind})
                    for kind, words in IMAGE_KINDS
                ],
                id=menu_id,
                className="image-menu",
                role="group",
                hidden=True,
                **{"aria-label": _("Image format")},
            ),
        ],
        className="image-download",
        **{
            "data-graph": graph_id,
            "data-title-id": title_id,
            "data-source-id": source_id,
            "data-statuses": statuses,
            "data-built": built_sentence(),
            "data-hash": link_hash,
        },
    )


def embed_name(chart_id: str) -> str | None:
    """The /embed/<name> of a chart: its id without "-chart" (components/embeds.py); None for a
    table card, whose id does not end so."""
    return chart_id.removesuffix("-chart") if chart_id.endswith("-chart") else None


def embed_code_href(name: str, query: str = "") -> str:
    """Where /data shows the <iframe> code of an embeddable view (query: the view's own parameters,
    "a=1&b=2")."""
    return i18n.href(f"/data?embed={name}" + (f"&{query}" if query else "") + "#embed")


def built_sentence() -> str:
    """ "Data built 2 Dec 2026.": when the published data last changed, for images and embeds."""
    return _("Data built {date}.").format(date=i18n.date_text(data.built()))


def card_anchor(chart_id: str) -> str:
    """The id of a chart's card, so /page#<anchor> is a permalink to the chart."""
    return f"{chart_id}-card"


@callback(
    Output({"type": ids.CHART_DOWNLOAD, "chart": MATCH}, "data"),
    Input({"type": ids.CHART_DOWNLOAD_BUTTON, "chart": MATCH}, "n_clicks"),
    prevent_initial_call=True,
)
def update_chart_download(n_clicks):
    """Send the clicked chart's rows (with source and status columns) as CSV."""
    if not n_clicks:
        raise PreventUpdate
    return download_payload(ctx.triggered_id["chart"])


def download_payload(chart_id: str) -> dict:
    """The dcc.Download payload for one chart id (KeyError for an unknown id). Downloads stay in
    English whatever the page's language: the rows are built in English."""
    with i18n.using(i18n.DEFAULT):
        rows = chart_data.export_frame(REGISTRY[chart_id]().rows)
    return dcc.send_data_frame(rows.to_csv, f"{chart_id}.csv", index=False)


def key_figure_card(figure: Mapping, *, extra_note: str = "") -> html.Article:
    """A key figure: the value as published, what it counts, period, place, source, status, and
    a "Copy with citation" button whose text carries the source, date and status."""
    sentence = citations.cite_sentence(figure)
    value = labels.format_value(figure["value"], figure["value_qualifier"], figure["unit"])
    unit = "" if figure["unit"] == "percent" else labels.unit_word(figure["unit"])
    title_id = f"card-{figure['figure_id']}"
    return html.Article(
        [
            html.P(
                [html.Span(value, className="kf-value"), " ", html.Span(unit, className="kf-unit")],
                className="kf-headline",
                id=title_id,
            ),
            html.Div(badge(figure["verification"]), className="kf-status"),
            html.P(labels.cell(figure, "description"), className="kf-what"),
            html.Dl(
                [
                    html.Dt(_("Period")),
                    html.Dd(labels.format_period(figure["period_start"], figure["period_end"])),
                    html.Dt(_("Place")),
                    html.Dd(figure["geography"]),
                    html.Dt(_("Source")),
                    html.Dd(citations.source_line([figure["source_id"]], prefix="")),
                ],
                className="kf-meta",
            ),
            html.P(extra_note, className="kf-note") if extra_note else None,
            html.Div(
                [
                    dcc.Clipboard(
                        content=sentence,
                        children=_("Copy with citation"),
                        copied_children=_("Copied"),
                        title=_("Copy this figure as a sentence with its source"),
                        className="copy-button",
                    ),
                ],
                className="kf-actions",
            ),
            html.Details(
                [html.Summary(_("Citation sentence")), html.P(sentence, className="cite-sentence")],
                className="kf-cite",
            ),
        ],
        className="key-figure",
        **{"aria-labelledby": title_id, "data-figure": figure["figure_id"]},
    )


def claim_card(figure: Mapping) -> html.Article:
    """An untraced claim: what is claimed, who says it, and what the research found instead."""
    value = labels.format_value(figure["value"], figure["value_qualifier"], figure["unit"], with_unit=True)
    title_id = f"claim-{figure['figure_id']}"
    return html.Article(
        [
            html.P([html.Span(_("Claimed: "), className="claim-lead"), value], className="claim-value", id=title_id),
            html.P(labels.cell(figure, "description")),
            html.P(
                [html.Strong(_("What the research found: ")), labels.cell(figure, "research_note") or _("No note.")]
            ),
            html.Div(
                [badge(figure["verification"]), citations.source_line([figure["source_id"]], prefix=_("Claimed by: "))],
                className="claim-meta",
            ),
        ],
        className="claim-card",
        **{"aria-labelledby": title_id, "data-figure": figure["figure_id"]},
    )
