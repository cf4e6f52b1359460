"""Layout pieces of the /map page built from data: county table rows and the county panel.

All text from data is passed as Dash children strings, which React renders as text (never HTML).
"""

from __future__ import annotations

import pandas as pd
from dash import html

from components import cards, citations, data, labels
from components.i18n import N_, _
from components.map_data import county_agency_rows, county_figures, county_measure_rows
from components.map_state import Catalog
from components.map_view import CountyValue, MapView, status_word

SORT_KEYS = ("county", "value")

#: Each federal judicial district of counties.csv by its name (translated where shown).
DISTRICTS = {"Western": N_("Western District of Wisconsin"), "Eastern": N_("Eastern District of Wisconsin")}
#: How a county's district is known (counties.csv federal_district_basis), in words.
DISTRICT_BASIS = {"inferred": N_("inferred"), "published": N_("published")}


def sort_counties(view: MapView, key: str = "county", ascending: bool = True) -> list[CountyValue]:
    """Counties sorted by name (A-Z or Z-A) or by the value shown. In a value sort, counties without a
    value (suppressed, not reported, rate not shown) always come last, by status then name, in
    either direction: they are never ordered as if they were 0."""
    if key != "value":
        return sorted(view.counties, key=lambda c: c.county, reverse=not ascending)
    with_value = sorted((c for c in view.counties if c.status == "reported"), key=lambda c: c.county)
    with_value.sort(key=lambda c: c.value, reverse=not ascending)
    without = sorted((c for c in view.counties if c.status != "reported"), key=lambda c: (c.status, c.county))
    return with_value + without


def table_rows(view: MapView, key: str = "county", ascending: bool = True) -> list[html.Tr]:
    rows = []
    for c in sort_counties(view, key, ascending):
        missing = c.status != "reported"
        rows.append(
            html.Tr(
                [
                    html.Th(c.county, scope="row"),
                    html.Td(c.value_text, className="num" + (" status-cell" if missing else "")),
                    html.Td(view.status_text(c.status), className=f"status status-{c.status}"),
                    html.Td(c.publisher or _("none")),
                ]
            )
        )
    return rows


def table_caption(view: MapView) -> str:
    return _(
        "{title}: every county, the same values as the map. Use the column buttons to sort; "
        "counties without a value are listed last."
    ).format(title=view.title)


def _fmt_measure_value(row: dict, catalog: Catalog) -> str:
    info = catalog.measures.get(row["measure"])
    value = labels.number(row["value"])
    if row["value_status"] != "reported" or value is None:
        return status_word(row["value_status"])
    if info is None:
        return labels.format_number(value)
    return labels.format_measure(value, info.unit, info.kind)


def agency_block(fips: str, measure: str | None, year: int | None, catalog: Catalog) -> list:
    """The agencies behind the county's number for the shown measure and year, each with its value.

    Empty when the measure has no agency rows (only police-recorded NIBRS measures have them). The
    county's own row comes first, then every agency of the county in the source that year, read or not.
    """
    rows = county_agency_rows(fips, measure, year)
    if rows.empty:
        return []
    info = catalog.measures[measure]
    county = county_measure_rows(fips)
    own = county[(county["measure"] == measure) & (county["year"] == year)].to_dict("records")
    total = (
        [
            html.P(
                [
                    html.Strong(_("{measure}, {year}").format(measure=info.label, year=year) + ": "),
                    _fmt_measure_value(own[0], catalog),
                    f" ({status_word(own[0]['value_status'])}).",
                ],
                className="agency-total",
            )
        ]
        if own
        else []
    )
    body = [
        html.Tr(
            [
                html.Th(r["agency"], scope="row"),
                html.Td(_fmt_measure_value(r, catalog), className="num"),
                html.Td(labels.cell(r, "note") or status_word(r["value_status"])),
            ]
        )
        for r in rows.sort_values(["agency"]).to_dict("records")
    ]
    return [
        html.H3(_("Agencies behind this number, {year}").format(year=year)),
        *total,
        html.Table(
            [
                html.Caption(
                    _(
                        "Every agency of this county in the source for {year}; the county's number "
                        "adds up those with a value. Agencies not in the source are unknown."
                    ).format(year=year)
                ),
                html.Thead(
                    html.Tr(
                        [
                            html.Th(_("Agency"), scope="col"),
                            html.Th(_("Value"), scope="col", className="num"),
                            html.Th(_("Status or note"), scope="col"),
                        ]
                    )
                ),
                html.Tbody(body),
            ],
            className="panel-table agency-table",
        ),
        citations.source_line(dict.fromkeys(rows["source_id"])),
    ]


def _measure_block(measure: str, rows: pd.DataFrame, catalog: Catalog) -> html.Div:
    info = catalog.measures.get(measure)
    records = rows.sort_values("year", na_position="first").to_dict("records")
    body = [
        html.Tr(
            [
                html.Td(labels.text(r["year"]) or _("all years")),
                html.Td(_fmt_measure_value(r, catalog), className="num"),
                html.Td(status_word(r["value_status"])),
            ]
        )
        for r in records
    ]
    notes = list(dict.fromkeys(labels.cell(r, "note") for r in records if labels.cell(r, "note")))
    sources = list(dict.fromkeys(r["source_id"] for r in records if labels.text(r["source_id"])))
    return html.Div(
        [
            html.H4(info.label if info else measure),
            html.Table(
                [
                    html.Thead(
                        html.Tr(
                            [
                                html.Th(_("Year"), scope="col"),
                                html.Th(_("Value"), scope="col", className="num"),
                                html.Th(_("Status"), scope="col"),
                            ]
                        )
                    ),
                    html.Tbody(body),
                ],
                className="panel-table",
            ),
            *[html.P(_("Note: {note}").format(note=n), className="note") for n in notes],
            citations.source_line([s for s in sources if s in data.source_index()]),
        ],
        className="measure-block",
    )


def county_panel(fips: str | None, catalog: Catalog, measure: str | None = None, year: int | None = None) -> list:
    """Everything known about one county: population, federal district, the agencies behind the
    shown measure's number, every measure and year with its status (the shown measure first, the
    others folded), and the ledger figures about the county itself."""
    if not fips or fips not in catalog.fips:
        return [
            html.H2(_("County details"), className="panel-title"),
            html.P(
                _("Select a county on the map or in the list above to see everything this dashboard holds about it."),
                className="panel-hint",
            ),
        ]
    county = data.counties().set_index("fips").loc[fips]

    basis = labels.text(county.get("federal_district_basis"))
    basis = _(DISTRICT_BASIS[basis]) if basis in DISTRICT_BASIS else basis
    district = labels.text(county["federal_district"])
    district = _(DISTRICTS[district]) if district in DISTRICTS else f"{district} District of Wisconsin"
    facts = html.Dl(
        [
            html.Dt(_("Population, 2020")),
            html.Dd(labels.format_number(county["population_2020"])),
            html.Dt(_("Population under 18, 2020")),
            html.Dd(labels.format_number(county["population_under18_2020"])),
            html.Dt(_("Federal judicial district")),
            html.Dd(district + (f" ({basis})" if basis else "")),
        ],
        className="county-facts",
    )

    rows = county_measure_rows(fips)
    order = [
        m
        for m in list(catalog.measures) + sorted(set(rows["measure"]) - set(catalog.measures))
        if (rows["measure"] == m).any()
    ]
    blocks = {m: _measure_block(m, rows[rows["measure"] == m], catalog) for m in order}
    shown = [blocks.pop(measure)] if measure in blocks else []
    others = (
        [
            html.Details(
                [
                    html.Summary(
                        _("Every other measure, every year ({n})").format(n=labels.format_number(len(blocks)))
                    ),
                    *blocks.values(),
                ],
                className="other-measures",
            )
        ]
        if blocks
        else []
    )

    figs = county_figures(fips)
    if len(figs):
        items = []
        for f in figs.to_dict("records"):
            value = labels.format_value(f["value"], f["value_qualifier"], f["unit"], with_unit=True)
            period = labels.format_period(f["period_start"], f["period_end"])
            src = data.source_index().get(f["source_id"])
            items.append(
                html.Li(
                    [
                        html.Strong(value),
                        f" ({period}). ",
                        labels.cell(f, "description"),
                        " ",
                        cards.badge(f["verification"]),
                        " " + _("Source:") + " ",
                        html.A(
                            citations.short_source(f["source_id"]), href=src["url"], rel="noreferrer", target="_blank"
                        )
                        if src
                        else labels.text(f["source_id"]),
                    ]
                )
            )
        ledger = [
            html.H3(_("Cited figures about {county}").format(county=county["county"])),
            html.Ul(items, className="ledger"),
        ]
    else:
        ledger = [
            html.H3(_("Cited figures")),
            html.P(
                _(
                    "The figures ledger has no figure about {county} on its own (statewide "
                    "figures are on the other pages)."
                ).format(county=county["county"])
            ),
        ]
    return [
        html.H2(str(county["county"]), className="panel-title"),
        facts,
        *agency_block(fips, measure, year, catalog),
        html.H3(_("Every measure, every year")),
        *shown,
        *others,
        *ledger,
    ]
