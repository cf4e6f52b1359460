"""Milwaukee and Wisconsin (/milwaukee): police-recorded offenses for the Milwaukee Police, Milwaukee
County and the rest of the state on one definition (NIBRS, agencies read), counts and per resident;
then the population context, Milwaukee studies and statewide series, each its own chart.
"""

from __future__ import annotations

import dash
import pandas as pd
from dash import html

from components import cards, chart_data, charts, content, ids, labels, police
from components.cards import Chart, register
from components.i18n import N_, _, ngettext

dash.register_page(
    __name__,
    path="/milwaukee",
    name=N_("Milwaukee and Wisconsin"),
    order=2,
)

#: Labels of the ledger rows (words marked with N_, translated where shown: `_names`).
MILWAUKEE_STUDY_IDS = {
    "MHRC2013_youth_victims": N_("MHRC study: sexually exploited children"),
    "MCW2018_victims_le25": N_("MCW study: people 25 and under"),
    "MCW2018_analyzed": N_("MCW study: people with full records"),
    "MCW2018b_OHC_missing_n": N_("MCW supplement: missing from out-of-home care"),
    "POHSEY2014_youth": N_("POHSEY: sex-trafficked youth"),
    "MPD_2023_cases": N_("Milwaukee Police cases, {period}"),
    "MPD_2024_cases": N_("Milwaukee Police cases, {period}"),
}
MCW_STUDY, MCW_ANALYZED, MCW_SUPPLEMENT = "MCW2018_victims_le25", "MCW2018_analyzed", "MCW2018b_OHC_missing_n"
MCW_AGE_IDS = {"MCW2018_juvenile_n": N_("Under 18"), "MCW2018_age18_25_n": N_("18 to 25")}
MCW_SHARE_IDS = {
    "MCW2018_female_pct": N_("Female"),
    "MCW2018_confirmed_pct": N_("Confirmed victims"),
    "MCW2018_black_pct": N_("Black"),
    "MCW2018b_pct_ever_missing": N_("Ever reported missing"),
}
#: Series by year: each figure is labelled with its own period from the ledger.
MPD_IDS = dict.fromkeys(("MPD_2023_cases", "MPD_2024_cases"), "{period}")
HOTLINE_IDS = dict.fromkeys(
    (
        "NHTH_2012_cases",
        "NHTH_2014_cases",
        "NHTH_2015_cases",
        "NHTH_2016_cases",
        "NHTH_2017_cases",
        "NHTH_2018_cases",
        "NHTH_2024_cases",
    ),
    "{period}",
)
FBI_OFFENSE_IDS = dict.fromkeys(
    (
        "FBI_2015_CSA_offenses",
        "FBI_2015_IS_offenses",
        "FBI_2016_CSA_offenses",
        "FBI_2016_IS_offenses",
        "FBI_2017_CSA_offenses",
        "FBI_2017_IS_offenses",
    ),
    "{period}",
)
FEDERAL_IDS = dict.fromkeys(
    ("HTI_2017_new_cases", "HTI_2018_new_cases", "HTI_2020_new_cases", "HTI_2021_new_cases"), "{period}"
)
PRESENCE_YEARS = "fbi_ht_presence"
FBI_2015_COUNTIES = ("fbi_ht_offenses", 2015)


def _names(table: dict[str, str]) -> dict[str, str]:
    """A table of constant words (marked with N_) in the current language."""
    return {key: _(words) for key, words in table.items()}


def _pairs(rows: pd.DataFrame) -> str:
    return "; ".join(
        f"{r.chart_label}: {labels.format_value(r.value, r.value_qualifier, r.unit)}" for r in rows.itertuples()
    )


POLICE_SERIES = {police.MPD: police.MPD, police.MILWAUKEE: police.MILWAUKEE, police.REST: police.REST}


@register(ids.MKE_POLICE)
def police_chart() -> Chart:
    rows = police.offenses_by_place()
    series = _names(POLICE_SERIES)
    title = _(
        "Human trafficking offenses recorded by police, by year: Milwaukee Police, Milwaukee County and the "
        "rest of Wisconsin (NIBRS, agencies read)"
    )
    fig = charts.make_year_bars(rows, title, _("Offenses"), series)
    summary = charts.series_summary(
        rows, _("Bar chart of human trafficking offenses police recorded in NIBRS, by year"), series
    )
    return Chart(
        ids.MKE_POLICE,
        title,
        pd.concat([rows, police.agencies_read()], ignore_index=True),
        fig,
        summary,
        (
            _(
                "One definition on every side: offenses recorded in NIBRS by the agencies read, each agency counted "
                "once, in its principal county. Milwaukee County includes the Milwaukee Police; the rest of "
                "Wisconsin is the statewide sum of the agencies read minus Milwaukee County."
            ),
            police.coverage_note(),
            police.state_gap_note(),
        ),
    )


@register(ids.MKE_POLICE_RATE)
def police_rate_chart() -> Chart:
    rows = police.offense_rates()
    rates = rows[rows["measure"] != "population"]
    series = {g: _(g) for g in dict.fromkeys(rates["geography"])}
    minimum = police.policy().rate_min_numerator
    title = _("Police-recorded human trafficking offenses per 100,000 residents, by year (NIBRS, agencies read)")
    fig = charts.make_year_bars(rates, title, _("Offenses per 100,000 residents"), series)
    summary = charts.series_summary(rates, _("Bar chart of offenses per 100,000 residents, by year"), series)
    return Chart(
        ids.MKE_POLICE_RATE,
        title,
        rows,
        fig,
        summary,
        (
            _(
                "A rate is shown only where at least {minimum} offenses were recorded; smaller counts swing too "
                "much from year to year. Milwaukee County divides by all its residents. The rest of Wisconsin "
                "divides by the residents of the counties where at least one agency was read that year, the "
                "closest match county populations allow; where only some of a county's agencies were read, the "
                "rate is lower than for the area they serve."
            ).format(minimum=labels.format_number(minimum)),
            _(
                "No rate is shown for the Milwaukee Police alone: this site has no population for the City of "
                "Milwaukee."
            ),
        ),
    )


@register(ids.MKE_POPULATION)
def population_chart() -> Chart:
    rows = chart_data.milwaukee_rest_state("population")
    title = _("Residents, 2020 Census: Milwaukee County, rest of Wisconsin, Wisconsin")
    return Chart(
        ids.MKE_POPULATION,
        title,
        rows,
        charts.make_bar(rows, title, _("Residents")),
        charts.summary_text(rows, _("Bar chart of residents counted in the 2020 Census")),
        (_("The rest of Wisconsin is the state total minus Milwaukee County, from the same Census counts."),),
    )


@register(ids.MKE_UNDER18)
def under18_chart() -> Chart:
    counts = chart_data.milwaukee_rest_state("population_under18")
    totals = chart_data.milwaukee_rest_state("population")
    shares = pd.concat(
        [
            chart_data.share_row(
                label,
                counts.iloc[[i]],
                totals.iloc[[i]],
                measure="population_under18_share",
                population_group="minors",
                geography=counts["geography"].iloc[i],
                derivation=_("{place} residents under 18 / all residents x 100, 2020 Census").format(place=label),
            )
            for i, label in enumerate(counts["chart_label"])
        ],
        ignore_index=True,
    )
    title = _("Share of residents under 18, 2020 Census")
    rows = shares
    fig = charts.make_share_chart(rows, title, pd.Series([False] * len(rows)), _("Percent of all residents"))
    summary = _("{chart} Under-18 residents: {values}.").format(
        chart=charts.summary_text(rows, _("Bar chart of the share of residents who were under 18 in 2020")),
        values=_pairs(counts),
    )
    return Chart(
        ids.MKE_UNDER18,
        title,
        pd.concat([counts, rows], ignore_index=True),
        fig,
        summary,
        (
            _(
                "This is who lives in each place, the baseline to read youth shares against; it says nothing "
                "about who is trafficked."
            ),
        ),
    )


def _gaps_note(rows: pd.DataFrame) -> str:
    """Which years between the first and last have no value: not found, not zero (from the rows)."""
    gaps = chart_data.year_gaps(rows)
    if not gaps:
        return ""
    return " " + ngettext("{years} was not found, not zero.", "{years} were not found, not zero.", len(gaps)).format(
        years=", ".join(map(str, gaps))
    )


def _unverified_note(rows: pd.DataFrame) -> str:
    """Which bars are unverified claims (hatched), named from the rows."""
    claims = rows[rows["verification"] == "unverified"]
    if claims.empty:
        return ""
    return " " + ngettext(
        "The {labels} figure is an unverified claim (hatched): its source names no data behind it.",
        "The {labels} figures are an unverified claim (hatched): its source names no data behind it.",
        len(claims),
    ).format(labels=", ".join(claims["chart_label"]))


@register(ids.MKE_FBI_PRESENCE)
def fbi_presence_chart() -> Chart:
    rows = chart_data.county_rows("fbi_ht_presence_years")
    flags = chart_data.county_rows(PRESENCE_YEARS)
    years = sorted({int(y) for y in flags["period_start"]})
    n_years = len(years)
    counts = (
        rows.assign(years=rows["value"].astype(int))
        .groupby("years")
        .size()
        .reindex(range(0, n_years + 1), fill_value=0)
    )
    mke_years = int(rows.loc[rows["fips"] == chart_data.MILWAUKEE_FIPS, "value"].iloc[0])
    others = rows[rows["fips"] != chart_data.MILWAUKEE_FIPS]
    others_any = int((others["value"] > 0).sum())

    def years_label(y: int) -> str:
        return _("{years} of {total} years").format(years=labels.format_number(y), total=labels.format_number(n_years))

    plotted = pd.concat(
        [
            chart_data.computed_row(
                years_label(y),
                float(n),
                rows,
                measure="counties_by_fbi_ht_presence_years",
                unit="counties",
                geography="Wisconsin",
                fips="55",
                derivation=_("number of counties whose fbi_ht_presence_years is {years}").format(years=y),
            )
            for y, n in counts.items()
        ],
        ignore_index=True,
    )
    span = labels.format_period(str(years[0]), str(years[-1]))
    title = _("Counties by number of years with an FBI-recorded trafficking offense, {period}").format(period=span)
    fig = charts.make_bar(plotted, title, _("Counties"), horizontal=False)
    fig.update_xaxes(
        title={
            "text": _("Years (of {total}) in which any agency recorded an offense").format(
                total=labels.format_number(n_years)
            )
        }
    )
    fig.add_annotation(
        x=years_label(mke_years),
        y=counts[mke_years] + 3,
        text="Milwaukee County",
        showarrow=True,
        arrowhead=2,
        ay=-45,
        ax=0,
        font={"size": 16},
    )
    summary = (
        _(
            "Milwaukee County had a record in {years} of {total} years. Of the other {counties}, {any} had a "
            "record in at least one year and {none} in none."
        ).format(
            years=labels.format_number(mke_years),
            total=labels.format_number(n_years),
            counties=labels.format_count(len(others), "county", "counties"),
            any=labels.format_number(others_any),
            none=labels.format_number(len(others) - others_any),
        )
        + " "
        + charts.summary_text(plotted, _("Counties by years with a record"))
    )
    return Chart(
        ids.MKE_FBI_PRESENCE,
        title,
        pd.concat([plotted, rows], ignore_index=True),
        fig,
        summary,
        (
            _(
                "A record depends on whether local agencies took part in the FBI collection and how they coded "
                "cases. Counties are not ranked; no record does not mean no trafficking."
            ),
        ),
    )


@register(ids.MKE_STUDIES)
def studies_table() -> Chart:
    rows = chart_data.ledger_rows(MILWAUKEE_STUDY_IDS, _names(MILWAUKEE_STUDY_IDS))
    title = _("Milwaukee studies and police counts (each counts something different)")
    return Chart(
        ids.MKE_STUDIES,
        title,
        rows,
        None,
        _(
            "Table of Milwaukee figures. {values}. These are different counts over different periods and must "
            "not be added together."
        ).format(values=_pairs(rows)),
        (
            _(
                "Of the MCW study's {study}, {analyzed} had full records; the supplement's {supplement} are among "
                "those. The Milwaukee Police counts are cases investigated, not people."
            ).format(
                study=chart_data.figure_text(MCW_STUDY),
                analyzed=chart_data.figure_text(MCW_ANALYZED, with_unit=False),
                supplement=chart_data.figure_text(MCW_SUPPLEMENT, with_unit=False),
            ),
        ),
    )


def _mcw_heading(template: str) -> str:
    """A heading of the MCW charts: `template` (translated) with the study's period and size."""
    return template.format(period=chart_data.figure_period([MCW_ANALYZED]), people=chart_data.figure_text(MCW_ANALYZED))


@register(ids.MKE_MCW_AGE)
def mcw_age_chart() -> Chart:
    rows = chart_data.ledger_rows(MCW_AGE_IDS, _names(MCW_AGE_IDS))
    title = _mcw_heading(_("MCW study, City of Milwaukee {period}: age at first recorded incident ({people})"))
    return Chart(
        ids.MKE_MCW_AGE,
        title,
        rows,
        charts.make_bar(rows, title, _("People")),
        charts.summary_text(
            rows,
            _("Bar chart of the study's {people} by age at their first recorded incident").format(
                people=chart_data.figure_text(MCW_ANALYZED)
            ),
        ),
        (
            _(
                "People aged 25 and under found in Milwaukee Police records as confirmed or suspected sex "
                "trafficking victims; only people who came to police attention are included."
            ),
        ),
    )


@register(ids.MKE_MCW_SHARES)
def mcw_shares_chart() -> Chart:
    rows = chart_data.ledger_rows(MCW_SHARE_IDS, _names(MCW_SHARE_IDS))
    title = _mcw_heading(_("MCW study, City of Milwaukee {period}: who they were (percent, as published) ({people})"))
    fig = charts.make_bar(rows, title, _("Percent"))
    fig.update_xaxes(range=[0, 110], ticksuffix="%")
    return Chart(
        ids.MKE_MCW_SHARES,
        title,
        rows,
        fig,
        charts.summary_text(rows, _("Bar chart of characteristics of the study's people, each as published")),
        (
            _(
                "Each bar is a separate characteristic of the same people; they overlap and do not add up. "
                "Confirmed victims are those whose records confirm trafficking rather than only suspect it; "
                "'ever reported missing' means reported missing at least once."
            ),
        ),
    )


@register(ids.MKE_MPD_CASES)
def mpd_chart() -> Chart:
    rows = chart_data.ledger_rows(MPD_IDS, MPD_IDS)
    title = _("Milwaukee Police: human trafficking cases investigated, by year")
    return Chart(
        ids.MKE_MPD_CASES,
        title,
        rows,
        charts.make_bar(rows, title, _("Cases"), horizontal=False, year_axis=True),
        charts.summary_text(rows, _("Bar chart of cases Milwaukee Police investigated")),
    )


@register(ids.STATE_HOTLINE_CASES)
def hotline_chart() -> Chart:
    rows = chart_data.ledger_rows(HOTLINE_IDS, HOTLINE_IDS)
    title = _("Statewide: National Human Trafficking Hotline cases in Wisconsin, by year")
    return Chart(
        ids.STATE_HOTLINE_CASES,
        title,
        rows,
        charts.make_bar(rows, title, _("Cases"), horizontal=False, year_axis=True),
        charts.summary_text(rows, _("Bar chart of hotline cases in Wisconsin; years not listed were not found")),
        (
            _(
                "Cases the hotline opened from calls, texts and messages; they show who reached the hotline, "
                "not how common trafficking is."
            )
            + _unverified_note(rows)
            + _gaps_note(rows),
        ),
    )


@register(ids.STATE_FBI_OFFENSES)
def fbi_offenses_chart() -> Chart:
    rows = chart_data.ledger_rows(FBI_OFFENSE_IDS, FBI_OFFENSE_IDS)
    title = _("Statewide: human trafficking offenses reported to the FBI, by year and type")
    fig = charts.make_grouped_bars(
        rows,
        title,
        _("Offenses"),
        "trafficking_type",
        {"sex": _("Commercial sex acts"), "labor": _("Involuntary servitude")},
    )
    values = "; ".join(
        (
            _("{year}, commercial sex acts: {value}")
            if r.trafficking_type == "sex"
            else _("{year}, involuntary servitude: {value}")
        ).format(year=r.chart_label, value=labels.format_number(r.value))
        for r in rows.itertuples()
    )
    return Chart(
        ids.STATE_FBI_OFFENSES,
        title,
        rows,
        fig,
        _("Bar chart of offenses known to participating Wisconsin agencies. {values}.").format(values=values),
        (_fbi_coverage_note(),),
    )


@register(ids.STATE_FEDERAL_CASES)
def federal_chart() -> Chart:
    rows = chart_data.ledger_rows(FEDERAL_IDS, FEDERAL_IDS)
    title = _("Statewide: new federal human trafficking cases filed in Wisconsin, by year")
    return Chart(
        ids.STATE_FEDERAL_CASES,
        title,
        rows,
        charts.make_bar(rows, title, _("Cases"), horizontal=False, year_axis=True),
        charts.summary_text(rows, _("Bar chart of new federal prosecutions (Human Trafficking Institute data)")),
        (_("Federal prosecutions only; state prosecutions are not included.") + _gaps_note(rows),),
    )


def _fbi_coverage_note() -> str:
    """How few places reported in the earliest FBI year, from the county rows of that year."""
    measure, year = FBI_2015_COUNTIES
    counties = chart_data.county_rows(measure, year=year)
    reporting = int((counties["value_status"] == "reported").sum())
    return _(
        "Only agencies that chose to report are counted; in {year} agencies in just {counties} of {total} reported "
        "any data."
    ).format(
        year=year,
        counties=labels.format_count(reporting, "county", "counties"),
        total=labels.format_number(len(counties)),
    )


def layout(**_query):
    return html.Div(
        [
            html.H1(_("Milwaukee and Wisconsin")),
            content.render("milwaukee_intro", className="lede"),
            html.H2(_("Offenses recorded by police")),
            cards.chart_card(police_chart(), 3),
            cards.chart_card(police_rate_chart(), 3),
            html.Aside(
                content.render("milwaukee_claim"),
                className="claim-callout",
                **{"aria-label": _("Unverified claim about Milwaukee's share")},
            ),
            html.H2(_("Who lives where")),
            html.Div(
                [cards.chart_card(population_chart(), 3), cards.chart_card(under18_chart(), 3)], className="chart-grid"
            ),
            html.H2(_("Where agencies recorded offenses")),
            cards.chart_card(fbi_presence_chart(), 3),
            html.H2(_("Milwaukee studies")),
            cards.chart_card(studies_table(), 3),
            html.Div(
                [cards.chart_card(mcw_age_chart(), 3), cards.chart_card(mcw_shares_chart(), 3)], className="chart-grid"
            ),
            html.H2(_("Milwaukee Police and statewide series, side by side")),
            html.P(
                _(
                    "Each chart counts one thing. Read them next to each other, not against each other: a "
                    "Milwaukee Police case, a hotline case, an FBI offense and a federal prosecution are different "
                    "units."
                ),
                className="lede",
            ),
            html.Div(
                [
                    cards.chart_card(mpd_chart(), 3),
                    cards.chart_card(hotline_chart(), 3),
                    cards.chart_card(fbi_offenses_chart(), 3),
                    cards.chart_card(federal_chart(), 3),
                ],
                className="chart-grid",
            ),
        ],
        className="page page-milwaukee",
    )
