"""Sources and methods (/sources): every source with its details, caveats and the figures that use it."""

from __future__ import annotations

import dash
import pandas as pd
from dash import html

from components import cards, citations, content, data, ids, labels
from components.i18n import N_, _, ngettext

dash.register_page(
    __name__,
    path="/sources",
    name=N_("Sources and methods"),
    order=5,
)

#: The details of a source shown as a list: (column, label); labels translated where shown.
FIELDS = [
    ("published", N_("Published")),
    ("date_note", N_("Date note")),
    ("accessed", N_("Accessed")),
    ("kind", N_("Kind")),
    ("licence", N_("Licence")),
    ("reports_on", N_("Reports on")),
    ("seen_via", N_("Read via")),
]
#: The kinds of source (sources.csv `kind`) in words; translated where shown.
KINDS = {
    "government data": N_("government data"),
    "government report": N_("government report"),
    "research study": N_("research study"),
    "nonprofit": N_("nonprofit"),
    "news": N_("news"),
    "other": N_("other"),
}
#: The outcomes of a state check (state_checks.csv `check_status`) in words; translated where shown.
CHECKS = {"matched": N_("matched"), "gap": N_("gap")}


def kind_word(kind) -> str:
    """A source's kind in the current language (an unknown kind as it is written)."""
    kind = labels.text(kind)
    return _(KINDS[kind]) if kind in KINDS else kind


def check_word(status) -> str:
    """A check's outcome in the current language (an unknown one as humanise writes it)."""
    status = labels.text(status)
    return _(CHECKS[status]) if status in CHECKS else labels.humanise(status)


def measure_labels() -> dict[str, str]:
    """Measure id -> its label in the current language."""
    return {r.measure: labels.cell(r._asdict(), "label") for r in data.measures().itertuples()}


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
    out = sel.groupby("measure").agg(
        rows=("fips", "size"), years=("year", lambda y: ", ".join(str(int(v)) for v in sorted(y.dropna().unique())))
    )
    out = out.reset_index()
    out["label"] = out["measure"].map(measure_labels())
    return out


def state_checks_table() -> html.Section:
    """The statewide sums of the agencies read against the publisher's totals (state_checks.csv)."""
    checks = data.state_checks()
    label = measure_labels()
    ledger = data.figures().set_index("figure_id")
    body = [
        html.Tr(
            [
                html.Th(str(int(r.year)), scope="row"),
                html.Td(
                    [
                        label[r.measure],
                        html.Br(),
                        html.Span([_("published:") + " ", html.Code(r.figure_id)], className="muted"),
                    ]
                ),
                html.Td(labels.format_number(r.published_value), className="num"),
                html.Td(labels.format_number(r.agencies_sum), className="num"),
                html.Td(labels.format_number(r.difference), className="num"),
                html.Td(check_word(r.check_status), className=f"check-{r.check_status}"),
                html.Td(
                    labels.cell(r._asdict(), "explanation")
                    or _("The sum of the agencies read equals the published total.")
                ),
            ]
        )
        for r in checks.itertuples()
    ]
    published = sorted({ledger.at[f, "source_id"] for f in checks["figure_id"]})
    matched = int((checks["check_status"] == "matched").sum())
    headers = [
        _("Year"),
        _("Measure"),
        _("Published"),
        _("Sum of agencies read"),
        _("Difference"),
        _("Check"),
        _("Explanation"),
    ]
    return html.Section(
        [
            html.H2(_("Police-recorded sums against the FBI's published totals"), id="state-checks-title"),
            html.P(
                _(
                    "The Wisconsin rows of the police-recorded (NIBRS) measures add up only the agencies read. "
                    "Where the FBI published a state total for the same offenses, the sum is checked against it: "
                    "{matched} of {total} checks match; every gap is explained below. A sum that falls short is "
                    "never shown as a complete state total."
                ).format(matched=labels.format_number(matched), total=labels.format_number(len(checks)))
            ),
            html.Div(
                html.Table(
                    [
                        html.Caption(
                            _("Statewide sums of the agencies read against published totals ({file})").format(
                                file="state_checks.csv"
                            )
                        ),
                        html.Thead(
                            html.Tr(
                                [
                                    html.Th(h, scope="col", className="num" if n in (2, 3, 4) else None)
                                    for n, h in enumerate(headers)
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
                html.A(
                    _("Download {file}").format(file="state_checks.csv"),
                    href="/download/state_checks.csv",
                    className="button download-link",
                )
            ),
        ],
        className="state-checks view",
        **{"aria-labelledby": "state-checks-title"},
    )


def field_value(src: dict, key: str) -> str:
    """A detail of a source as shown: the kind in words, a text in the current language."""
    return kind_word(src.get(key)) if key == "kind" else labels.cell(src, key)


def source_section(src: dict) -> html.Section:
    sid = src["source_id"]
    figs = figures_using(sid)
    cms = county_measures_using(sid)
    meta = []
    for key, label in FIELDS:
        if labels.text(src.get(key)):
            meta += [html.Dt(_(label)), html.Dd(field_value(src, key))]
    uses = []
    if not figs.empty:
        uses.append(
            html.Details(
                [
                    html.Summary(_("Figures citing this source ({n})").format(n=labels.format_number(len(figs)))),
                    html.Ul(
                        [
                            html.Li(
                                [
                                    html.Code(r.figure_id),
                                    ": ",
                                    labels.format_value(r.value, r.value_qualifier, r.unit, with_unit=True),
                                    ". ",
                                    labels.cell(r._asdict(), "description"),
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
        rows = int(cms["rows"].sum())
        uses.append(
            html.Div(
                [
                    html.P(
                        ngettext(
                            "County measures citing this source ({n} row):",
                            "County measures citing this source ({n} rows):",
                            rows,
                        ).format(n=labels.format_number(rows))
                    ),
                    html.Ul(
                        [
                            html.Li(
                                [
                                    html.Code(r.measure),
                                    f": {r.label}"
                                    + (f" ({r.years})" if r.years else "")
                                    + ", "
                                    + labels.format_count(r.rows, "row", "rows"),
                                ]
                            )
                            for r in cms.itertuples()
                        ]
                    ),
                ]
            )
        )
    if not uses:
        uses.append(html.P(_("No published figure uses this source yet."), className="muted"))
    caveats = labels.cell(src, "caveats")
    return html.Section(
        [
            html.H3(
                [html.Span(src["publisher"], className="src-publisher"), ": ", src["title"]], id=f"source-{sid}-title"
            ),
            html.P(
                [
                    html.Code(sid),
                    " \u00b7 ",
                    html.A(_("Open the source"), href=src["url"], rel="noreferrer", target="_blank"),
                ],
                className="src-id",
            ),
            html.Dl(meta, className="src-meta"),
            html.P([html.Strong(_("Caveats:") + " "), caveats]) if caveats else None,
            html.P([html.Strong(_("Citation:") + " "), labels.text(src["citation"])], className="src-citation"),
            *uses,
        ],
        id=f"source-{sid}",
        className="source-entry",
        **{"aria-labelledby": f"source-{sid}-title"},
    )


def layout(**_query):
    sources = sorted(data.sources().to_dict("records"), key=lambda s: (s["publisher"].casefold(), s["title"]))
    by_kind = data.sources()["kind"].value_counts()
    kinds = ", ".join(_("{n} {kind}").format(n=labels.format_number(n), kind=kind_word(k)) for k, n in by_kind.items())
    return html.Div(
        [
            html.H1(_("Sources and methods")),
            html.P(
                _(
                    "Every source this site uses: {n} in all ({kinds}). Each entry lists what it covers, its "
                    "caveats, and every figure or county measure that cites it."
                ).format(n=labels.format_number(len(sources)), kinds=kinds),
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
            html.H2(_("All sources"), id="all-sources"),
            html.Nav(
                html.Ul(
                    [
                        html.Li(html.A(f"{s['publisher']}: {s['title']}", href=f"#source-{s['source_id']}"))
                        for s in sources
                    ],
                    className="source-index",
                ),
                **{"aria-label": _("Source list")},
            ),
            html.Div([source_section(s) for s in sources], className="source-list"),
        ],
        className="page page-sources",
    )
