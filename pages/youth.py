"""Youth (/youth): minors' share of cases or victims per source, against minors' share of residents;
child-welfare allegations as a series; arrests by age; definitions that change youth counts.
"""
from __future__ import annotations

import dash
import pandas as pd
from dash import dcc, html

from components import cards, chart_data, charts, content, ids, labels, police
from components.cards import Chart, register

dash.register_page(__name__, path="/youth", name="Youth", title="Youth | Wisconsin Human Trafficking Data",
                   order=3)

DCF_IDS = {"DCF_CPS_allegations_2021": "2021", "DCF_CPS_allegations_2022": "2022", "DCF_CPS_allegations_2023": "2023"}
HOTLINE_2016_IDS = {"NHTH_2016_minors": "Cases involving minors", "NHTH_2016_adults": "Cases involving adults",
                    "NHTH_2016_cases": "All cases"}
FBI_ARREST_IDS = {
    "FBI_2016_arrests_juvenile": "2016: people under 18 arrested (any type)",
    "FBI_2016_arrests_adult_male": "2016: men arrested (commercial sex acts)",
    "FBI_2016_arrests_adult_female": "2016: women arrested (commercial sex acts)",
    "FBI_2017_arrests_juv_female": "2017: people under 18 arrested (one girl, commercial sex acts)",
    "FBI_2017_arrests_adult_male": "2017: men arrested (commercial sex acts)",
    "FBI_2017_arrests_adult_female": "2017: women arrested (commercial sex acts)",
    "FBI_2017_arrests_IS_adult_female": "2017: women arrested (involuntary servitude)",
}


YOUTH_SERIES = {police.STATE: police.STATE, police.MILWAUKEE: police.MILWAUKEE, police.REST: police.REST}


def _unknown_ages(rows: pd.DataFrame) -> str:
    """Victims of unknown age per place and year, where there are any (they are left out of the shares)."""
    unknown = rows[(rows["measure"] == police.UNKNOWN_AGE) & (rows["value"] > 0)]
    if unknown.empty:
        return "No victim's age was unrecorded in any year shown."
    return ("Victims of unknown age, left out of the shares: " + "; ".join(
        f"{r.geography}, {r.chart_label}: {labels.format_number(r.value)}" for r in unknown.itertuples()) + ".")


@register(ids.YOUTH_POLICE)
def police_chart() -> Chart:
    rows = police.youth_shares()
    shares = rows[rows["measure"] == police.JUVENILE_SHARE]
    baselines = police.resident_shares()
    minimum = police.policy().share_min_denominator
    title = ("Share of victims in police-recorded trafficking offenses who were under 18, by year, against the share "
             "of residents under 18 (NIBRS, agencies read)")
    fig = charts.make_share_lines(shares, title, YOUTH_SERIES, baselines, police.RESIDENT_SERIES, "Percent under 18",
                                  label_at={police.MILWAUKEE: "top center", police.REST: "bottom center"})
    summary = (charts.series_summary(shares, "Line chart of the share of victims under 18 among victims of known age",
                                     YOUTH_SERIES) + " " + _unknown_ages(rows) + " Dashed lines, residents under 18 "
               "(2020 Census): " + "; ".join(f"{b.geography} {labels.format_value(b.value, 'exact', 'percent')}"
                                             for b in baselines.itertuples()) + ".")
    return Chart(ids.YOUTH_POLICE, title, pd.concat([rows, baselines], ignore_index=True), fig, summary,
                 (f"Shares use victims whose age police recorded; a share is shown only where at least {minimum} "
                  "victims of known age were recorded, so small places and early years are gaps, not zeros. A "
                  "victim of both offense types counts once for each, as NIBRS records them.",
                  "The dashed lines show who lives in each place, not who is trafficked. " + police.coverage_note()))


@register(ids.YOUTH_SHARES)
def shares_chart() -> Chart:
    published = chart_data.ledger_rows(
        ["OJA2008_pct_minors", "MCW2018_juvenile_pct"],
        {"OJA2008_pct_minors": "2008 state survey (OJA): cases involving minors",
         "MCW2018_juvenile_pct": "Milwaukee study 2013-2016: under 18 at first incident"})
    hotline = chart_data.ledger_rows(["NHTH_2016_minors", "NHTH_2016_cases"])
    hotline_share = chart_data.share_row(
        "Hotline 2016: cases involving minors (19 of 63)", hotline.iloc[[0]], hotline.iloc[[1]],
        measure="hotline_cases_share", population_group="minors",
        derivation="computed from the hotline's 2016 Wisconsin counts as reported by the Wisconsin Gazette: "
                   "NHTH_2016_minors / NHTH_2016_cases x 100")
    state_counts = chart_data.milwaukee_rest_state("population_under18")
    state_totals = chart_data.milwaukee_rest_state("population")
    state_base = chart_data.share_row(
        "Residents under 18: Wisconsin, 2020", state_counts.iloc[[2]], state_totals.iloc[[2]],
        measure="population_under18_share", population_group="minors", geography="Wisconsin",
        derivation="Wisconsin residents under 18 / all residents x 100, 2020 Census (sums of the county rows)")
    mke_base = chart_data.county_rows("population_under18_share", fips=[chart_data.MILWAUKEE_FIPS], year=2020,
                                      labels={chart_data.MILWAUKEE_FIPS: "Residents under 18: Milwaukee County, 2020"})
    rows = pd.concat([published.iloc[[0]], hotline_share, published.iloc[[1]], state_base, mke_base],
                     ignore_index=True)
    baseline = pd.Series([False, False, False, True, True])
    title = "Share involving minors, by source, against the share of residents under 18"
    fig = charts.make_share_chart(rows, title, baseline)
    return Chart(ids.YOUTH_SHARES, title, rows, fig,
                 charts.summary_text(rows, "Bar chart of the share of minors in each source's records, and of "
                                           "residents under 18 (grey, cross-hatched)"),
                 ("Each bar is a share of a different total; the shares cannot be compared with each other as if "
                  "they measured the same thing. The hotline split adds up to 62, not 63 (one case without an "
                  "age), so 19 of 63 is a lower bound.",
                  "Not shown: an op-ed's 'about one third' of victims were minors, which names no source "
                  "(unverified)."))


@register(ids.YOUTH_HOTLINE_2016)
def hotline_2016_chart() -> Chart:
    rows = chart_data.ledger_rows(HOTLINE_2016_IDS, HOTLINE_2016_IDS)
    title = "Hotline cases in Wisconsin, 2016, by whether minors or adults were involved"
    return Chart(ids.YOUTH_HOTLINE_2016, title, rows, charts.make_bar(rows, title, "Cases"),
                 charts.summary_text(rows, "Bar chart of 2016 hotline cases"),
                 ("19 + 43 = 62, one fewer than the 63 cases in total: one case's age group was not given.",))


@register(ids.YOUTH_DCF)
def dcf_chart() -> Chart:
    rows = chart_data.ledger_rows(DCF_IDS, DCF_IDS)
    title = "Child sex trafficking allegations to child protective services, Wisconsin, by year"
    return Chart(ids.YOUTH_DCF, title, rows, charts.make_bar(rows, title, "Allegations", horizontal=False, year_axis=True),
                 charts.summary_text(rows, "Bar chart of allegations received by local child welfare agencies "
                                           "(Wisconsin Department of Children and Families)"),
                 ("Allegations, not children and not confirmed cases; one child can be the subject of several.",))


@register(ids.YOUTH_FBI_ARRESTS)
def fbi_arrests_table() -> Chart:
    rows = chart_data.ledger_rows(FBI_ARREST_IDS, FBI_ARREST_IDS)
    y16, y17 = rows[rows["period_start"] == "2016"], rows[rows["period_start"] == "2017"]
    shares = pd.concat([
        chart_data.share_row("2016: share of people arrested who were under 18 (0 of 13)", y16.iloc[[0]], y16,
                             measure="fbi_ht_arrests_share", population_group="juvenile_arrestees",
                             derivation="computed from FBI 2016 Table 2: juvenile arrests / all arrests x 100"),
        chart_data.share_row("2017: share of people arrested who were under 18 (1 of 31)", y17.iloc[[0]], y17,
                             measure="fbi_ht_arrests_share", population_group="juvenile_arrestees",
                             derivation="computed from FBI 2017 Table 2: juvenile arrests / all arrests x 100"),
    ], ignore_index=True)
    rows = pd.concat([rows, shares], ignore_index=True)
    title = "People arrested for human trafficking, by age group (FBI, 2016 and 2017)"
    return Chart(ids.YOUTH_FBI_ARRESTS, title, rows, None,
                 "Table of arrests reported to the FBI by Wisconsin agencies. "
                 + charts.summary_text(rows, "Arrests by group")[len("Arrests by group. "):],
                 ("These are people arrested, mostly suspected traffickers, not people who were trafficked. "
                  "The shares are computed here from the FBI's own Table 2 for each year.",))


def layout(**_):
    return html.Div([
        html.H1("Youth"),
        dcc.Markdown(content.markdown("youth_intro"), className="lede"),
        cards.chart_card(police_chart()),
        cards.chart_card(shares_chart()),
        html.Div([cards.chart_card(hotline_2016_chart()), cards.chart_card(dcf_chart())], className="chart-grid"),
        html.Section(dcc.Markdown(content.markdown("youth_definitions")), className="explainer-box view",
                     **{"aria-label": "Definitions that change the youth counts"}),
        cards.chart_card(fbi_arrests_table()),
    ], className="page page-youth")
