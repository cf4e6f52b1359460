"""Overview (/): the key figures as cited cards, claims we could not verify, and what the numbers mean."""

from __future__ import annotations

import dash
from dash import dcc, html

from components import cards, content, data, i18n, labels, police
from components.i18n import N_, _

dash.register_page(__name__, path="/", name=N_("Overview"), order=0)

#: The key figures shown as cards, in display order (ids in figures.csv), spanning the main sources.
KEY_FIGURE_IDS = [
    "NHTH_2024_cases",  # hotline cases, 2024
    "DCF_CPS_allegations_2023",  # child-welfare allegations, 2023
    "HTI_2021_new_cases",  # new federal prosecutions, 2021
    "MCW2018_victims_le25",  # Milwaukee study, 2013-2016
    "MHRC2013_youth_victims",  # Milwaukee youth study, 2010-2012
    "MPD_2024_cases",  # Milwaukee Police cases, 2024
    "POP_WI_2020",  # population context
]

#: Advocacy claims shown only in the "Claims we could not verify" section.
CLAIM_IDS = ["ADV_every_county", "ADV_pct_Milwaukee", "ADV_pct_youth_Milwaukee", "ADV_102_child_victims"]

PRESENCE_MEASURE = "fbi_ht_presence_years"
PRESENCE_FLAGS = "fbi_ht_presence"


def key_figures() -> list[dict]:
    """The ledger rows of KEY_FIGURE_IDS, in order (KeyError if one is missing)."""
    ledger = data.figures().set_index("figure_id", drop=False)
    return [ledger.loc[fid].to_dict() for fid in KEY_FIGURE_IDS]


def claims() -> list[dict]:
    ledger = data.figures().set_index("figure_id", drop=False)
    return [ledger.loc[fid].to_dict() for fid in CLAIM_IDS]


def police_figure() -> dict:
    """Police-recorded offenses in the latest NIBRS year, as a ledger-shaped row: the statewide sum of
    the agencies read, which is a floor ("at least"), never a complete state total.

    Replaces the FBI's published total for an earlier year as the key police figure: newer, from the
    same FBI data, with its coverage stated (how many agencies it rests on).
    """
    offenses = police.statewide(police.OFFENSES)
    latest = offenses[offenses["value_status"] == "reported"].iloc[-1]
    agencies = police.statewide(police.AGENCIES_READ).set_index("chart_label").at[latest["chart_label"], "value"]
    return {
        "figure_id": "county_measures_nibrs_offenses",
        "geography": "Wisconsin",
        "period_start": latest["period_start"],
        "period_end": latest["period_end"],
        "value": float(latest["value"]),
        "value_qualifier": "at_least",
        "unit": "offenses",
        "source_id": latest["source_id"],
        "verification": "computed",
        "description": _(
            "Human trafficking offenses recorded in NIBRS by the {n} Wisconsin police agencies whose {year} "
            "data were read; the other agencies are unknown, so the state's total is at least this"
        ).format(n=labels.format_number(agencies), year=latest["period_start"]),
    }


def presence_figure() -> dict:
    """Counties with an FBI-recorded trafficking offense in any year of the FBI file, as a ledger-shaped
    row, counted here from county_measures (fbi_ht_presence_years > 0), so its status is "computed";
    the count of counties and the years come from the rows."""
    cm = data.county_measures()
    rows = cm[(cm["measure"] == PRESENCE_MEASURE) & (cm["value_status"] == "reported")]
    years = cm.loc[cm["measure"] == PRESENCE_FLAGS, "year"].dropna().astype(int)
    first, last = str(years.min()), str(years.max())
    n = int((rows["value"] > 0).sum())
    return {
        "figure_id": "county_measures_fbi_presence",
        "geography": "Wisconsin",
        "period_start": first,
        "period_end": last,
        "value": float(n),
        "value_qualifier": "exact",
        "unit": "counties",
        "source_id": rows["source_id"].iloc[0],
        "verification": "computed",
        "description": _(
            "Wisconsin counties (of {total}) where at least one police agency recorded a human trafficking "
            "offense in the FBI's collection in at least one year from {period}"
        ).format(total=labels.format_number(len(data.counties())), period=labels.format_period(first, last)),
    }


def _explore(path: str, name: str, what: str) -> html.Li:
    """One "Explore further" item: a link to a page (in the reader's language) and what it shows."""
    return html.Li([dcc.Link(name, href=i18n.href(path)), ": " + what])


def layout(**_params):
    figures = key_figures()
    fig_cards = [cards.key_figure_card(f) for f in figures]
    fig_cards.insert(
        1,
        cards.key_figure_card(
            police_figure(),
            extra_note=_(
                "Summed by this project from agency_measures.csv. Counts what police recorded, "
                "not how much trafficking happened."
            ),
        ),
    )
    fig_cards.insert(
        2,
        cards.key_figure_card(
            presence_figure(),
            extra_note=_(
                "Counted by this project from county_measures.csv. Shows where agencies recorded and reported "
                "offenses, not where trafficking happened; no record is not the same as none."
            ),
        ),
    )
    return html.Div(
        [
            html.H1(_("Human trafficking in Wisconsin: what the numbers say")),
            html.P(
                _(
                    "Key figures from the sources we could find, each with what it counts, its period, its source "
                    "and how well we could check it. Each comes from a different kind of record, so they cannot be "
                    "added together or compared as if they measured the same thing."
                ),
                className="lede",
            ),
            html.Section(
                [html.H2(_("Key figures"), id="key-figures-title"), html.Div(fig_cards, className="key-figures")],
                className="view",
                **{"aria-labelledby": "key-figures-title"},
            ),
            html.Section(
                content.render("overview_explainer", className="explainer"),
                className="explainer-box view",
                **{"aria-label": _("What these numbers can and cannot tell")},
            ),
            html.Section(
                [
                    html.H2(_("Claims we could not verify"), id="claims-title"),
                    html.P(
                        _(
                            "These statements circulate widely. We looked for where each came from and could not "
                            "find a source that supports it. They are shown so you can recognise them, not as data; "
                            "please do not repeat them as facts."
                        ),
                        className="claims-intro",
                    ),
                    html.Div([cards.claim_card(c) for c in claims()], className="claims"),
                ],
                className="claims-section view",
                **{"aria-labelledby": "claims-title"},
            ),
            html.Section(
                [
                    html.H2(_("Explore further")),
                    html.Ul(
                        [
                            _explore("/map", _("County map"), _("offenses police recorded, county by county.")),
                            _explore(
                                "/milwaukee",
                                _("Milwaukee and Wisconsin"),
                                _("Milwaukee studies beside statewide series, each labelled by what it counts."),
                            ),
                            _explore("/youth", _("Youth"), _("what each source says about minors.")),
                            _explore("/sources", _("Sources and methods"), _("every source and its caveats.")),
                            _explore("/data", _("Downloads"), _("every table as CSV, with a data dictionary.")),
                        ]
                    ),
                ]
            ),
        ],
        className="page page-overview",
    )
