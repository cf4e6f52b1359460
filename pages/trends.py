"""Trends (/trends): each statewide series over time as its own chart, on one shared year axis.

Hotline cases, police-recorded offenses (NIBRS), child-welfare allegations and new federal cases
count different things, so each has its own chart, unit and source line: they are never summed,
never drawn on one value axis, never ranked. The year axis is the same on every chart (the first
to the last year any of them has), so a year can be read down the page; a year a series has no
figure for has no bar, and the text under the chart names those years.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import dash
import pandas as pd
from dash import html

from components import cards, chart_data, charts, ids, labels, police
from components.cards import Chart, register
from components.i18n import N_, _

dash.register_page(__name__, path="/trends", name=N_("Trends"), order=4)

LEDE = N_(
    "Each statewide series over time, one chart each, on the same years. They count different things, so "
    "read each chart on its own: never add them up or compare their heights."
)


class Series(NamedTuple):
    """One statewide series: its chart id, title, value-axis title, and how its rows are found (the
    words are N_-marked: translated where shown, `trend_chart`)."""

    chart_id: str
    title: str
    axis_title: str
    what: str  # the opening of the text summary
    rows: Callable[[], pd.DataFrame]


SERIES = (
    Series(
        ids.TRENDS_HOTLINE,
        N_("Cases the National Human Trafficking Hotline opened in Wisconsin, by year"),
        N_("Cases"),
        N_("Bar chart of hotline cases in Wisconsin, by year"),
        lambda: chart_data.ledger_series("hotline_cases", "all", "all"),
    ),
    Series(
        ids.TRENDS_POLICE,
        N_("Human trafficking offenses recorded by police in Wisconsin, by year (NIBRS, agencies read)"),
        N_("Offenses"),
        N_(
            "Bar chart of human trafficking offenses police recorded in NIBRS, statewide sum of the agencies read, "
            "by year"
        ),
        lambda: police.statewide(police.OFFENSES).assign(geography=chart_data.STATE_NAME),
    ),
    Series(
        ids.TRENDS_CHILD_WELFARE,
        N_("Child sex trafficking allegations made to child protective services in Wisconsin, by year"),
        N_("Allegations"),
        N_("Bar chart of child sex trafficking allegations to child protective services, by year"),
        lambda: chart_data.ledger_series("cps_child_sex_trafficking_allegations", "minors", "sex"),
    ),
    Series(
        ids.TRENDS_FEDERAL,
        N_("New federal human trafficking cases in Wisconsin, by year"),
        N_("Cases"),
        N_("Bar chart of new federal human trafficking cases in Wisconsin, by year"),
        lambda: chart_data.ledger_series("federal_ht_cases_new", "all", "all"),
    ),
)


def shared_years() -> list[int]:
    """Every year from the first to the last that any series has a value for: the one year axis."""
    years = [
        int(y) for s in SERIES for y, v in zip(s.rows()["chart_label"], s.rows()["value"]) if not labels.missing(v)
    ]
    return list(range(min(years), max(years) + 1))


def agencies_note() -> str:
    """How many police agencies each year's statewide sum rests on (from the rows)."""
    read = police.statewide(police.AGENCIES_READ)
    read = read[read["value"].notna()]
    years = "; ".join(f"{r.chart_label}: {labels.format_number(r.value)}" for r in read.itertuples())
    return _(
        "Agencies read, by year: {years}. Agencies joined NIBRS at different times, so a year with fewer "
        "agencies is not a year with less trafficking recorded."
    ).format(years=years)


def gap_note(rows: pd.DataFrame, years: list[int]) -> str:
    """The years on the shared axis this series has no value for, in words."""
    have = {int(y) for y, v in zip(rows["chart_label"], rows["value"]) if not labels.missing(v)}
    missing = [y for y in years if y not in have]
    if not missing:
        return _("A value for every year on the axis.")
    return _("No figure for {years}: those years are gaps, not zeros.").format(years=labels.format_years(missing))


def trend_chart(series: Series) -> Chart:
    rows = series.rows()
    years = shared_years()
    name = {chart_data.STATE_NAME: chart_data.STATE_NAME}
    title = _(series.title)
    fig = charts.make_year_bars(rows, title, _(series.axis_title), name, years=years)
    fig.update_layout(showlegend=False, height=340)
    notes = [cards.status_line(rows), gap_note(rows, years)]
    if series.chart_id == ids.TRENDS_POLICE:
        notes += [agencies_note(), police.state_gap_note()]
    summary = charts.series_summary(rows, _(series.what), name)
    return Chart(series.chart_id, title, rows, fig, summary, tuple(notes))


for _series in SERIES:
    register(_series.chart_id)(lambda s=_series: trend_chart(s))


def layout(**_params):
    return html.Div(
        [
            html.H1(_("Trends")),
            html.P(_(LEDE), className="lede"),
            *[cards.chart_card(trend_chart(s)) for s in SERIES],
        ],
        className="page page-trends",
    )
