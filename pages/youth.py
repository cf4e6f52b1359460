"""Youth (/youth): minors' share of cases or victims per source, against minors' share of residents;
child-welfare allegations as a series; arrests by age; definitions that change youth counts.
"""

from __future__ import annotations

import dash
import pandas as pd
from dash import html

from components import cards, chart_data, charts, citations, content, data, ids, labels, police
from components.cards import Chart, register
from components.i18n import N_, _

dash.register_page(__name__, path="/youth", name=N_("Youth"), order=3)

DCF_IDS = dict.fromkeys(
    ("DCF_CPS_allegations_2021", "DCF_CPS_allegations_2022", "DCF_CPS_allegations_2023"), "{period}"
)
HOTLINE_MINORS, HOTLINE_ADULTS, HOTLINE_CASES = "NHTH_2016_minors", "NHTH_2016_adults", "NHTH_2016_cases"
#: Labels of the ledger rows (words marked with N_, translated where shown: `_names`).
HOTLINE_2016_IDS = {
    HOTLINE_MINORS: N_("Cases involving minors"),
    HOTLINE_ADULTS: N_("Cases involving adults"),
    HOTLINE_CASES: N_("All cases"),
}
PUBLISHED_SHARE_IDS = {
    "OJA2008_pct_minors": N_("State survey by OJA ({period}): cases involving minors"),
    "MCW2018_juvenile_pct": N_("Milwaukee study {period}: under 18 at first incident"),
}
#: A claimed youth share that names no source: mentioned as not shown, never drawn.
UNSOURCED_SHARE_ID = "NHTH_share_minors_op_ed"
FBI_ARREST_IDS = {
    "FBI_2016_arrests_juvenile": N_("{period}: people under 18 arrested (any type)"),
    "FBI_2016_arrests_adult_male": N_("{period}: men arrested (commercial sex acts)"),
    "FBI_2016_arrests_adult_female": N_("{period}: women arrested (commercial sex acts)"),
    "FBI_2017_arrests_juv_female": N_("{period}: girls under 18 arrested (commercial sex acts)"),
    "FBI_2017_arrests_adult_male": N_("{period}: men arrested (commercial sex acts)"),
    "FBI_2017_arrests_adult_female": N_("{period}: women arrested (commercial sex acts)"),
    "FBI_2017_arrests_IS_adult_female": N_("{period}: women arrested (involuntary servitude)"),
}
JUVENILE_ARRESTEES = "juvenile_arrestees"

YOUTH_SERIES = {police.STATE: police.STATE, police.MILWAUKEE: police.MILWAUKEE, police.REST: police.REST}


def _names(table: dict[str, str]) -> dict[str, str]:
    """A table of constant words (marked with N_) in the current language."""
    return {key: _(words) for key, words in table.items()}


def _unknown_ages(rows: pd.DataFrame) -> str:
    """Victims of unknown age per place and year, where there are any (they are left out of the shares)."""
    unknown = rows[(rows["measure"] == police.UNKNOWN_AGE) & (rows["value"] > 0)]
    if unknown.empty:
        return _("No victim's age was unrecorded in any year shown.")
    return _("Victims of unknown age, left out of the shares: {values}.").format(
        values="; ".join(
            f"{_(r.geography)}, {r.chart_label}: {labels.format_number(r.value)}" for r in unknown.itertuples()
        )
    )


@register(ids.YOUTH_POLICE)
def police_chart() -> Chart:
    rows = police.youth_shares()
    shares = rows[rows["measure"] == police.JUVENILE_SHARE]
    baselines = police.resident_shares()
    series = _names(YOUTH_SERIES)
    minimum = police.policy().share_min_denominator
    title = _(
        "Share of victims in police-recorded trafficking offenses who were under 18, by year, against the share "
        "of residents under 18 (NIBRS, agencies read)"
    )
    fig = charts.make_share_lines(
        shares,
        title,
        series,
        baselines,
        police.RESIDENT_SERIES,
        _("Percent under 18"),
        label_at={police.MILWAUKEE: "top center", police.REST: "bottom center"},
    )
    summary = _("{chart} {unknown} Dashed lines, residents under 18 (2020 Census): {baselines}.").format(
        chart=charts.series_summary(
            shares, _("Line chart of the share of victims under 18 among victims of known age"), series
        ),
        unknown=_unknown_ages(rows),
        baselines="; ".join(
            f"{_(b.geography)} {labels.format_value(b.value, 'exact', 'percent')}" for b in baselines.itertuples()
        ),
    )
    return Chart(
        ids.YOUTH_POLICE,
        title,
        pd.concat([rows, baselines], ignore_index=True),
        fig,
        summary,
        (
            _(
                "Shares use victims whose age police recorded; a share is shown only where at least {minimum} "
                "victims of known age were recorded, so small places and early years are gaps, not zeros. A "
                "victim of both offense types counts once for each, as NIBRS records them."
            ).format(minimum=labels.format_number(minimum)),
            _("The dashed lines show who lives in each place, not who is trafficked.") + " " + police.coverage_note(),
        ),
    )


def _hotline_split() -> tuple[int, int, int]:
    """(minors, adults, all cases) of the hotline's 2016 split, from the ledger."""
    values = chart_data.ledger_rows(HOTLINE_2016_IDS).set_index("figure_id")["value"]
    return int(values[HOTLINE_MINORS]), int(values[HOTLINE_ADULTS]), int(values[HOTLINE_CASES])


def _hotline_gap_note() -> str:
    minors, adults, cases = _hotline_split()
    gap = cases - minors - adults
    number = labels.format_number
    if gap == 0:
        return _("{minors} + {adults} = {cases}: every case has an age group.").format(
            minors=number(minors), adults=number(adults), cases=number(cases)
        )
    return _(
        "{minors} + {adults} = {known}, {fewer} fewer than the {cases} in total: the age group was not given for "
        "the rest."
    ).format(
        minors=number(minors),
        adults=number(adults),
        known=number(minors + adults),
        fewer=labels.format_count(gap, "case", "cases"),
        cases=number(cases),
    )


@register(ids.YOUTH_SHARES)
def shares_chart() -> Chart:
    published = chart_data.ledger_rows(PUBLISHED_SHARE_IDS, _names(PUBLISHED_SHARE_IDS))
    hotline = chart_data.ledger_rows([HOTLINE_MINORS, HOTLINE_CASES])
    minors, _adults, cases = _hotline_split()
    period = hotline["period_start"].iloc[0]
    hotline_share = chart_data.share_row(
        _("Hotline {period}: cases involving minors ({minors} of {cases})").format(
            period=period, minors=labels.format_number(minors), cases=labels.format_number(cases)
        ),
        hotline.iloc[[0]],
        hotline.iloc[[1]],
        measure="hotline_cases_share",
        population_group="minors",
        derivation=_("computed from the hotline's {period} Wisconsin counts: {minors} / {cases} x 100").format(
            period=period, minors=HOTLINE_MINORS, cases=HOTLINE_CASES
        ),
    )
    state_counts = chart_data.milwaukee_rest_state("population_under18")
    state_totals = chart_data.milwaukee_rest_state("population")
    census_year = state_counts["period_start"].iloc[0]
    state_base = chart_data.share_row(
        _("Residents under 18: Wisconsin, {year}").format(year=census_year),
        state_counts.iloc[[2]],
        state_totals.iloc[[2]],
        measure="population_under18_share",
        population_group="minors",
        geography="Wisconsin",
        derivation=_(
            "Wisconsin residents under 18 / all residents x 100, {year} Census (sums of the county rows)"
        ).format(year=census_year),
    )
    mke_base = chart_data.county_rows(
        "population_under18_share",
        fips=[chart_data.MILWAUKEE_FIPS],
        year=int(census_year),
        labels={chart_data.MILWAUKEE_FIPS: _("Residents under 18: Milwaukee County, {year}").format(year=census_year)},
    )
    rows = pd.concat([published.iloc[[0]], hotline_share, published.iloc[[1]], state_base, mke_base], ignore_index=True)
    baseline = pd.Series([False, False, False, True, True])
    title = _("Share involving minors, by source, against the share of residents under 18")
    fig = charts.make_share_chart(rows, title, baseline, _("Percent (each of its own total)"))
    claim = data.figures().set_index("figure_id").loc[UNSOURCED_SHARE_ID]
    return Chart(
        ids.YOUTH_SHARES,
        title,
        rows,
        fig,
        charts.summary_text(
            rows,
            _(
                "Bar chart of the share of minors in each source's records, and of residents under 18 (grey, "
                "cross-hatched)"
            ),
        ),
        (
            _(
                "Each bar is a share of a different total; the shares cannot be compared with each other as if "
                "they measured the same thing. In the hotline split, {split} So {minors} of {cases} is a lower "
                "bound."
            ).format(split=_hotline_gap_note(), minors=labels.format_number(minors), cases=labels.format_number(cases)),
            _(
                "Not shown: {source} gives {value} as the share of victims who were minors, naming no source "
                "({status})."
            ).format(
                source=citations.short_source(claim["source_id"]),
                value=chart_data.figure_text(UNSOURCED_SHARE_ID, with_unit=False),
                status=labels.status(claim["verification"])["sentence"],
            ),
        ),
    )


@register(ids.YOUTH_HOTLINE_2016)
def hotline_2016_chart() -> Chart:
    rows = chart_data.ledger_rows(HOTLINE_2016_IDS, _names(HOTLINE_2016_IDS))
    title = _("Hotline cases in Wisconsin, {period}, by whether minors or adults were involved").format(
        period=chart_data.figure_period(HOTLINE_2016_IDS)
    )
    return Chart(
        ids.YOUTH_HOTLINE_2016,
        title,
        rows,
        charts.make_bar(rows, title, _("Cases")),
        charts.summary_text(rows, _("Bar chart of hotline cases")),
        (_hotline_gap_note(),),
    )


@register(ids.YOUTH_DCF)
def dcf_chart() -> Chart:
    rows = chart_data.ledger_rows(DCF_IDS, DCF_IDS)
    title = _("Child sex trafficking allegations to child protective services, Wisconsin, by year")
    return Chart(
        ids.YOUTH_DCF,
        title,
        rows,
        charts.make_bar(rows, title, _("Allegations"), horizontal=False, year_axis=True),
        charts.summary_text(
            rows,
            _(
                "Bar chart of allegations received by local child welfare agencies (Wisconsin Department of "
                "Children and Families)"
            ),
        ),
        (_("Allegations, not children and not confirmed cases; one child can be the subject of several."),),
    )


@register(ids.YOUTH_FBI_ARRESTS)
def fbi_arrests_table() -> Chart:
    rows = chart_data.ledger_rows(FBI_ARREST_IDS, _names(FBI_ARREST_IDS))
    shares = []
    for year, group in rows.groupby("period_start", sort=True):
        juvenile = group[group["population_group"] == JUVENILE_ARRESTEES]
        locator = labels.text(data.figures().set_index("figure_id").at[juvenile["figure_id"].iloc[0], "locator"])
        shares.append(
            chart_data.share_row(
                _("{year}: share of people arrested who were under 18 ({part} of {whole})").format(
                    year=year,
                    part=labels.format_number(juvenile["value"].sum()),
                    whole=labels.format_number(group["value"].sum()),
                ),
                juvenile,
                group,
                measure="fbi_ht_arrests_share",
                population_group=JUVENILE_ARRESTEES,
                derivation=_("computed from the FBI's {year} {locator}: juvenile arrests / all arrests x 100").format(
                    year=year, locator=locator
                ),
            )
        )
    years = (" " + _("and") + " ").join(sorted(rows["period_start"].unique()))
    rows = pd.concat([rows, *shares], ignore_index=True)
    title = _("People arrested for human trafficking, by age group (FBI, {years})").format(years=years)
    return Chart(
        ids.YOUTH_FBI_ARRESTS,
        title,
        rows,
        None,
        charts.summary_text(rows, _("Table of arrests reported to the FBI by Wisconsin agencies")),
        (
            _(
                "These are people arrested, mostly suspected traffickers, not people who were trafficked. "
                "The shares are computed here from the FBI's own table for each year."
            ),
        ),
    )


def layout(**_query):
    return html.Div(
        [
            html.H1(_("Youth")),
            content.render("youth_intro", className="lede"),
            cards.chart_card(police_chart()),
            cards.chart_card(shares_chart()),
            html.Div([cards.chart_card(hotline_2016_chart()), cards.chart_card(dcf_chart())], className="chart-grid"),
            html.Section(
                content.render("youth_definitions"),
                className="explainer-box view",
                **{"aria-label": _("Definitions that change the youth counts")},
            ),
            cards.chart_card(fbi_arrests_table()),
        ],
        className="page page-youth",
    )
