"""Sources and methods (/sources): every source with its details, caveats and the figures that use it."""

from __future__ import annotations

import dash
import pandas as pd
from dash import html

from components import cards, citations, content, data, ids, labels

dash.register_page(
    __name__,
    path="/sources",
    name="Sources and methods",
    title="Sources and methods | Wisconsin Human Trafficking Data",
    order=5,
)

FIELDS = [
    ("published", "Published"),
    ("date_note", "Date note"),
    ("accessed", "Accessed"),
    ("kind", "Kind"),
    ("licence", "Licence"),
    ("reports_on", "Reports on"),
    ("seen_via", "Read via"),
]


def figures_using(source_id: str) -> pd.DataFrame:
    """Ledger rows citing a source."""
    f = data.figures()
    return f[f["source_id"] == source_id]


def county_measures_using(source_id: str) -> pd.DataFrame:
    """County measures citing a source: measure, label, number of rows and years covered."""
    cm = data.county_measures()
    sel = cm[cm["source_id"] == source_id]
    if sel.empty:
        return pd.DataFrame(columns=["measure", "label", "rows", "years"])
    m = data.measures().set_index("measure")["label"]
    out = sel.groupby("measure").agg(
        rows=("fips", "size"), years=("year", lambda y: ", ".join(str(int(v)) for v in sorted(y.dropna().unique())))
    )
    out = out.reset_index()
    out["label"] = out["measure"].map(m)
    return out


def state_checks_table() -> html.Section:
    """The statewide sums of the agencies read against the publisher's totals (state_checks.csv)."""
    checks = data.state_checks()
    label = data.measures().set_index("measure")["label"]
    ledger = data.figures().set_index("figure_id")
    body = [
        html.Tr(
            [
                html.Th(str(int(r.year)), scope="row"),
                html.Td(
                    [label[r.measure], html.Br(), html.Span(["published: ", html.Code(r.figure_id)], className="muted")]
                ),
                html.Td(labels.format_number(r.published_value), className="num"),
                html.Td(labels.format_number(r.agencies_sum), className="num"),
                html.Td(labels.format_number(r.difference), className="num"),
                html.Td(labels.humanise(r.check_status), className=f"check-{r.check_status}"),
                html.Td(labels.text(r.explanation) or "The sum of the agencies read equals the published total."),
            ]
        )
        for r in checks.itertuples()
    ]
    published = sorted({ledger.at[f, "source_id"] for f in checks["figure_id"]})
    matched = int((checks["check_status"] == "matched").sum())
    return html.Section(
        [
            html.H2("Police-recorded sums against the FBI's published totals", id="state-checks-title"),
            html.P(
                f"The Wisconsin rows of the police-recorded (NIBRS) measures add up only the agencies read. Where the "
                f"FBI published a state total for the same offenses, the sum is checked against it: {matched} of "
                f"{len(checks)} checks match; every gap is explained below. A sum that falls short is never shown as a "
                "complete state total."
            ),
            html.Div(
                html.Table(
                    [
                        html.Caption("Statewide sums of the agencies read against published totals (state_checks.csv)"),
                        html.Thead(
                            html.Tr(
                                [
                                    html.Th(h, scope="col", className="num" if n in (2, 3, 4) else None)
                                    for n, h in enumerate(
                                        [
                                            "Year",
                                            "Measure",
                                            "Published",
                                            "Sum of agencies read",
                                            "Difference",
                                            "Check",
                                            "Explanation",
                                        ]
                                    )
                                ]
                            )
                        ),
                        html.Tbody(body),
                    ],
                    className="data-table",
                    id=ids.STATE_CHECKS_TABLE,
                ),
                className="table-scroll",
                tabIndex=0,
                role="region",
                **{"aria-labelledby": "state-checks-title"},
            ),
            citations.source_line([*dict.fromkeys(checks["source_id"]), *published]),
            html.P(
                html.A("Download state_checks.csv", href="/download/state_checks.csv", className="button download-link")
            ),
        ],
        className="state-checks view",
        **{"aria-labelledby": "state-checks-title"},
    )


def source_section(src: dict) -> html.Section:
    sid = src["source_id"]
    figs = figures_using(sid)
    cms = county_measures_using(sid)
    meta = []
    for key, label in FIELDS:
        if labels.text(src.get(key)):
            meta += [html.Dt(label), html.Dd(labels.text(src[key]))]
    uses = []
    if not figs.empty:
        uses.append(
            html.Details(
                [
                    html.Summary(f"Figures citing this source ({len(figs)})"),
                    html.Ul(
                        [
                            html.Li(
                                [
                                    html.Code(r.figure_id),
                                    ": ",
                                    labels.format_value(r.value, r.value_qualifier, r.unit, with_unit=True),
                                    ". ",
                                    r.description,
                                    " ",
                                    cards.badge(r.verification),
                                ]
                            )
                            for r in figs.itertuples()
                        ]
                    ),
                ],
                open=len(figs) <= 3,
            )
        )
    if not cms.empty:
        uses.append(
            html.Div(
                [
                    html.P(f"County measures citing this source ({int(cms['rows'].sum())} rows):"),
                    html.Ul(
                        [
                            html.Li(
                                [
                                    html.Code(r.measure),
                                    f": {r.label}" + (f" ({r.years})" if r.years else "") + f", {r.rows} rows",
                                ]
                            )
                            for r in cms.itertuples()
                        ]
                    ),
                ]
            )
        )
    if not uses:
        uses.append(html.P("No published figure uses this source yet.", className="muted"))
    return html.Section(
        [
            html.H3(
                [html.Span(src["publisher"], className="src-publisher"), ": ", src["title"]], id=f"source-{sid}-title"
            ),
            html.P(
                [
                    html.Code(sid),
                    " \u00b7 ",
                    html.A("Open the source", href=src["url"], rel="noreferrer", target="_blank"),
                ],
                className="src-id",
            ),
            html.Dl(meta, className="src-meta"),
            html.P([html.Strong("Caveats: "), labels.text(src.get("caveats"))])
            if labels.text(src.get("caveats"))
            else None,
            html.P([html.Strong("Citation: "), labels.text(src["citation"])], className="src-citation"),
            *uses,
        ],
        id=f"source-{sid}",
        className="source-entry",
        **{"aria-labelledby": f"source-{sid}-title"},
    )


def layout(**_):
    sources = sorted(data.sources().to_dict("records"), key=lambda s: (s["publisher"].casefold(), s["title"]))
    by_kind = data.sources()["kind"].value_counts()
    return html.Div(
        [
            html.H1("Sources and methods"),
            html.P(
                f"Every source this site uses: {len(sources)} in all ("
                + ", ".join(f"{n} {k}" for k, n in by_kind.items())
                + "). Each entry lists what it covers, its "
                "caveats, and every figure or county measure that cites it.",
                className="lede",
            ),
            html.Div(
                [
                    html.Section(content.render("sources_statuses"), className="explainer-box"),
                    html.Section(content.render("sources_limits"), className="explainer-box"),
                ],
                className="chart-grid view",
            ),
            state_checks_table(),
            html.H2("All sources", id="all-sources"),
            html.Nav(
                html.Ul(
                    [
                        html.Li(html.A(f"{s['publisher']}: {s['title']}", href=f"#source-{s['source_id']}"))
                        for s in sources
                    ],
                    className="source-index",
                ),
                **{"aria-label": "Source list"},
            ),
            html.Div([source_section(s) for s in sources], className="source-list"),
        ],
        className="page page-sources",
    )
