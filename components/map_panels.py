"""Layout pieces of the /map page built from data: county table rows and the county panel.

All text from data is passed as Dash children strings, which React renders as text (never HTML).
"""
from __future__ import annotations

import math

import pandas as pd
from dash import html

from components import citations, data
from components.map_data import county_figures, county_measure_rows
from components.map_state import Catalog
from components.map_view import STATUS_TEXT, CountyValue, MapView, format_number, format_value, unit_word

SORT_KEYS = ("county", "value")

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
        rows.append(html.Tr([
            html.Th(c.county, scope="row"),
            html.Td(c.value_text, className="num" + (" status-cell" if missing else "")),
            html.Td(STATUS_TEXT[c.status], className=f"status status-{c.status}"),
            html.Td(c.publisher or "none"),
        ]))
    return rows

def table_caption(view: MapView) -> str:
    return (f"{view.title}: every county, the same values as the map. Use the column buttons to sort; "
            "counties without a value are listed last.")

def _fmt_measure_value(row: dict, catalog: Catalog) -> str:
    info = catalog.measures.get(row["measure"])
    value = row["value"]
    if row["value_status"] != "reported" or value is None or (isinstance(value, float) and math.isnan(value)):
        return STATUS_TEXT.get(row["value_status"], row["value_status"])
    if info is None:
        return format_number(value)
    return format_value(value, info)

def _s(value) -> str:
    return "" if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)) else str(value)

def county_panel(fips: str | None, catalog: Catalog) -> list:
    """Everything known about one county: population, federal district, every measure and year
    with its status, and the ledger figures about the county itself."""
    if not fips or fips not in catalog.fips:
        return [html.H2("County details", className="panel-title"),
                html.P("Select a county on the map or in the list above to see everything this dashboard "
                       "holds about it.", className="panel-hint")]
    county = data.counties().set_index("fips").loc[fips]

    pop = int(county["population_2020"])
    under18 = int(county["population_under18_2020"])
    basis = _s(county.get("federal_district_basis"))
    facts = html.Dl([
        html.Dt("Population, 2020"), html.Dd(f"{pop:,}"),
        html.Dt("Population under 18, 2020"), html.Dd(f"{under18:,}"),
        html.Dt("Federal judicial district"),
        html.Dd(f"{_s(county['federal_district'])} District of Wisconsin" + (f" ({basis})" if basis else "")),
    ], className="county-facts")

    rows = county_measure_rows(fips)
    blocks = []
    for measure in list(catalog.measures) + sorted(set(rows["measure"]) - set(catalog.measures)):
        mrows = rows[rows["measure"] == measure].sort_values("year", na_position="first")
        if mrows.empty:
            continue
        info = catalog.measures.get(measure)
        records = mrows.to_dict("records")
        body = [html.Tr([html.Td(_s(r["year"]) or "all years"), html.Td(_fmt_measure_value(r, catalog), className="num"),
                         html.Td(STATUS_TEXT.get(r["value_status"], r["value_status"]))]) for r in records]
        notes = list(dict.fromkeys(_s(r["note"]) for r in records if _s(r["note"])))
        sources = list(dict.fromkeys(r["source_id"] for r in records if _s(r["source_id"])))
        blocks.append(html.Div([
            html.H4(info.label if info else measure),
            html.Table([html.Thead(html.Tr([html.Th("Year", scope="col"), html.Th("Value", scope="col", className="num"),
                                            html.Th("Status", scope="col")])),
                        html.Tbody(body)], className="panel-table"),
            *[html.P("Note: " + n, className="note") for n in notes],
            citations.source_line([s for s in sources if s in data.source_index()]),
        ], className="measure-block"))

    figs = county_figures(fips)
    if len(figs):
        items = []
        for f in figs.to_dict("records"):
            value = f["value"]
            unit = _s(f["unit"])
            number = "" if value is None or (isinstance(value, float) and math.isnan(value)) else \
                f"{format_number(value)} {unit_word(unit, value)}".strip()
            period = "–".join(dict.fromkeys(p for p in (_s(f["period_start"]), _s(f["period_end"])) if p))
            src = data.source_index().get(f["source_id"])
            items.append(html.Li([
                html.Strong(number or "no number"), f" ({period}). " if period else ". ",
                _s(f["description"]), " ",
                html.Span(f"Verification: {_s(f['verification'])}.", className="verification"), " Source: ",
                html.A(citations.short_source(f["source_id"]), href=src["url"], rel="noreferrer", target="_blank")
                if src else _s(f["source_id"]),
            ]))
        ledger = [html.H3(f"Cited figures about {county['county']}"), html.Ul(items, className="ledger")]
    else:
        ledger = [html.H3("Cited figures"),
                  html.P(f"The figures ledger has no figure about {county['county']} on its own (statewide "
                         "figures are on the other pages).")]
    return [html.H2(str(county["county"]), className="panel-title"), facts,
            html.H3("Every measure, every year"), *blocks, *ledger]
