"""Police-recorded (NIBRS) series by place and year, cut from the tidy tables for the content pages.

Three places share one definition (the same NIBRS measure, summed over the agencies read):
- the Milwaukee Police Department, from its own rows in agency_measures.csv;
- Milwaukee County, its row in county_measures.csv (every agency read there, the MPD included);
- the rest of Wisconsin: the statewide sum of the agencies read minus Milwaukee County, computed
  here from two rows of the same table, so no agency is counted twice and none is dropped.
Every series is labelled by year; a year that is not reported stays missing, never 0. Thresholds
(20 for a rate or a share) come from the disclosure policy, never from this module.
A row's `geography` is an English key (it joins rows to their series and is what downloads carry);
the names of places below are N_-marked, so a page shows them with `_()` (the chart builders do).
"""

from __future__ import annotations

import pandas as pd

from components import chart_data, data, labels
from components.i18n import N_, _, ngettext
from etl.ingest.formats.nibrs_agency import AGENCIES_READ, NONSTANDARD_ORIS, OFFENSES, VICTIMS

MILWAUKEE_PD_ORI = next(ori for ori, fips in NONSTANDARD_ORIS.items() if fips == chart_data.MILWAUKEE_FIPS)
JUVENILE, ADULT, UNKNOWN_AGE = f"{VICTIMS}_juvenile", f"{VICTIMS}_adult", f"{VICTIMS}_unknown_age"
JUVENILE_SHARE = f"{VICTIMS}_juvenile_share"

MPD = N_("Milwaukee Police Department")
MILWAUKEE = N_("Milwaukee County, all agencies read (Milwaukee Police included)")
REST = N_("Rest of Wisconsin, other agencies read")
STATE = N_("Wisconsin, all agencies read")
MILWAUKEE_RATE = N_("Milwaukee County, per 100,000 residents")
REST_RATE = N_("Rest of Wisconsin, per 100,000 residents of counties with an agency read")


def policy():
    """The disclosure policy published with the data: the one place the rate and share thresholds live."""
    return data.policy()


def milwaukee_pd(measure: str) -> pd.DataFrame:
    return chart_data.agency_rows(measure, MILWAUKEE_PD_ORI).assign(geography=MPD)


def milwaukee_county(measure: str) -> pd.DataFrame:
    return chart_data.county_rows(measure, fips=[chart_data.MILWAUKEE_FIPS], by_year=True).assign(geography=MILWAUKEE)


def statewide(measure: str) -> pd.DataFrame:
    return chart_data.county_rows(measure, fips=[chart_data.STATE_FIPS], by_year=True).assign(geography=STATE)


def rest_of_state(measure: str) -> pd.DataFrame:
    return chart_data.combine_rows(
        statewide(measure),
        milwaukee_county(measure),
        "-",
        measure=measure,
        geography=REST,
        derivation=_("{measure}: statewide sum of the agencies read minus Milwaukee County").format(measure=measure),
    )


def agencies_read() -> pd.DataFrame:
    """How many agencies each series rests on, by year (Milwaukee County and statewide rows)."""
    return pd.concat([milwaukee_county(AGENCIES_READ), statewide(AGENCIES_READ)], ignore_index=True)


def offenses_by_place() -> pd.DataFrame:
    """Offenses by year: Milwaukee Police, Milwaukee County, and the rest of Wisconsin."""
    return pd.concat([milwaukee_pd(OFFENSES), milwaukee_county(OFFENSES), rest_of_state(OFFENSES)], ignore_index=True)


def _population(fips: list[str], label: str, geography: str) -> pd.DataFrame:
    pop = chart_data.county_rows("population", fips=fips)
    return chart_data.computed_row(
        label,
        float(pop["value"].sum()),
        pop,
        measure="population",
        unit="persons",
        geography=geography,
        derivation=ngettext(
            "sum of the 2020 Census population of {n} county ({label})",
            "sum of the 2020 Census population of {n} counties ({label})",
            len(fips),
        ).format(n=labels.format_number(len(fips)), label=label),
    )


def rest_denominators(measure: str = OFFENSES) -> pd.DataFrame:
    """Per year, the residents of the counties outside Milwaukee County with at least one agency read.

    The closest area to the agencies read that county populations can give: a county with no agency
    read adds no offense, so it adds no residents either.
    """
    read = chart_data.county_rows(AGENCIES_READ, by_year=True)
    out = []
    for year, rows in read.groupby("chart_label"):
        fips = sorted(
            rows.loc[
                (rows["value"] > 0)
                & (rows["fips"] != chart_data.MILWAUKEE_FIPS)
                & (rows["fips"] != chart_data.STATE_FIPS),
                "fips",
            ]
        )
        area = ngettext(  # not a series key: population rows are shown in tables only
            "{n} county outside Milwaukee County with an agency read",
            "{n} counties outside Milwaukee County with an agency read",
            len(fips),
        ).format(n=labels.format_number(len(fips)))
        out.append(_population(fips, year, area))
    return pd.concat(out, ignore_index=True)


def offense_rates() -> pd.DataFrame:
    """Offenses per 100,000 residents by year: Milwaukee County, and the rest of Wisconsin's counties
    with an agency read; the population rows they divide by come after them."""
    minimum = policy().rate_min_numerator
    mke = milwaukee_county(OFFENSES)
    mke_pop = chart_data.county_rows("population", fips=[chart_data.MILWAUKEE_FIPS])
    mke_pops = pd.concat([mke_pop.assign(chart_label=y) for y in mke["chart_label"]], ignore_index=True)
    rest_pops = rest_denominators()
    unit = "offenses_per_100000"
    rates = pd.concat(
        [
            chart_data.rate_rows(
                mke,
                mke_pops,
                measure=f"{OFFENSES}_rate",
                unit=unit,
                min_numerator=minimum,
                geography=MILWAUKEE_RATE,
            ),
            chart_data.rate_rows(
                rest_of_state(OFFENSES),
                rest_pops,
                measure=f"{OFFENSES}_rate",
                unit=unit,
                min_numerator=minimum,
                geography=REST_RATE,
            ),
        ],
        ignore_index=True,
    )
    return pd.concat([rates, mke_pop, rest_pops], ignore_index=True)


def youth_shares() -> pd.DataFrame:
    """Share of victims under 18 among victims of known age, by year and place, then the counts it
    rests on (under 18, adult, unknown age) for the same places and years."""
    minimum = policy().share_min_denominator
    places = [(STATE, statewide), (MILWAUKEE, milwaukee_county), (REST, rest_of_state)]
    shares, counts = [], []
    for name, rows_of in places:
        juvenile, adult, unknown = rows_of(JUVENILE), rows_of(ADULT), rows_of(UNKNOWN_AGE)
        known = chart_data.combine_rows(
            juvenile,
            adult,
            "+",
            measure=f"{VICTIMS}_known_age",
            geography=name,
            derivation=_("victims under 18 plus adult victims"),
        )
        shares.append(
            chart_data.share_rows(
                juvenile,
                known,
                measure=JUVENILE_SHARE,
                geography=name,
                min_denominator=minimum,
                derivation=_("victims under 18 / victims of known age x 100"),
            )
        )
        counts += [juvenile.assign(geography=name), adult.assign(geography=name), unknown.assign(geography=name)]
    return pd.concat(shares + counts, ignore_index=True)


def resident_shares() -> pd.DataFrame:
    """Share of residents under 18 (2020 Census) in the same three places, as the baseline."""
    counts = chart_data.milwaukee_rest_state("population_under18")
    totals = chart_data.milwaukee_rest_state("population")
    return pd.concat(
        [
            chart_data.share_row(
                _("Residents under 18, {place}").format(place=label),
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


#: The police series each resident baseline belongs to (geography of resident_shares() rows).
RESIDENT_SERIES = {"Milwaukee County": MILWAUKEE, "Wisconsin except Milwaukee County": REST, "Wisconsin": STATE}


def coverage_note() -> str:
    """How many agencies each year's numbers rest on, Milwaukee County and statewide (from the rows)."""
    mke = milwaukee_county(AGENCIES_READ).set_index("chart_label")["value"]
    state = statewide(AGENCIES_READ).set_index("chart_label")["value"]
    years = "; ".join(
        _("{year}: {n} of {total}").format(year=y, n=labels.format_number(mke[y]), total=labels.format_number(state[y]))
        for y in state.index
    )
    return _(
        "Agencies read, Milwaukee County of all Wisconsin, by year: {years}. Agencies joined NIBRS at "
        "different times and agencies not read are unknown, so a year with fewer agencies is not a year with "
        "less trafficking recorded."
    ).format(years=years)


def state_gap_note() -> str:
    """Whether the statewide sums fall short of the FBI's published totals, from state_checks.csv."""
    checks = data.state_checks()
    measures = data.measures().set_index("measure")
    gaps = checks[checks["check_status"] == "gap"]
    matched = checks[checks["check_status"] == "matched"]
    text = _("The Wisconsin sum of the agencies read is not a complete state total.")
    if not len(checks):
        return text
    n, total = labels.format_number(len(matched)), labels.format_number(len(checks))
    if not len(gaps):
        return (
            text
            + " "
            + ngettext(
                "Against the FBI's published totals it matches in {n} of {total} check "
                "(the checks are on Sources and methods).",
                "Against the FBI's published totals it matches in {n} of {total} checks "
                "(the checks are on Sources and methods).",
                len(checks),
            ).format(n=n, total=total)
        )
    shortfalls = "; ".join(
        _("{year} ({measure}: {summed} summed, {published} published)").format(
            year=int(g.year),
            measure=labels.cell(measures.loc[g.measure], "label"),
            summed=labels.format_number(g.agencies_sum),
            published=labels.format_number(g.published_value),
        )
        for g in gaps.itertuples()
    )
    return (
        text
        + " "
        + ngettext(
            "Against the FBI's published totals it matches in {n} of {total} check; it falls short in "
            "{shortfalls} (the checks are on Sources and methods).",
            "Against the FBI's published totals it matches in {n} of {total} checks; it falls short in "
            "{shortfalls} (the checks are on Sources and methods).",
            len(checks),
        ).format(n=n, total=total, shortfalls=shortfalls)
    )
