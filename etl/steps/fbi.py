"""County measures from the FBI's human trafficking collection.

Two inputs, used for what each can bear (see the source caveats):
- the Crime Data Explorer agency rows, 2014-2021, whose counts are inflated in the public export:
  used only for presence, i.e. whether any agency in or serving a county recorded an offense;
- the 2015 national master file counts, the one year whose agency counts add up to the FBI's
  published statewide total: offenses by type. Its clearances do not validate and are not used.
"""

from __future__ import annotations

import pandas as pd

from etl.counties import ALL_FIPS
from etl.errors import Problem, raise_if
from etl.steps.counties import match_counties, parse_count

PRESENCE_YEARS = range(2014, 2022)
MULTI_COUNTY_NOTE = "flag rests only on agencies that serve several counties: {agencies}"
NONE_RECORDED_NOTE = "none recorded in the FBI file; not evidence that none occurred"


def transform_presence(rows: pd.DataFrame, file: str, source_id: str) -> pd.DataFrame:
    """Per county and year 2014-2021: 1 if any agency recorded an offense (count > 0), else 0.

    Also per county the number of those years with a record. A flag that rests only on agencies
    serving several counties carries a note naming them.
    """
    problems: list[Problem] = []
    fips, found = match_counties(rows, file, fips_col="county_fips")
    problems += found
    years = []
    for line, raw in zip(rows["_line"], rows["data_year"]):
        year = int(raw) if raw.strip().isdigit() else None
        if year not in PRESENCE_YEARS:
            problems.append(Problem(file, line, "data_year", raw, "expected a year from 2014 to 2021"))
        years.append(year)
    counts = parse_count(rows, "raw_actual_count_INFLATED", file, problems)
    for line, raw in zip(rows["_line"], rows["agency_spans_multiple_counties"]):
        if raw not in ("yes", "no"):
            problems.append(Problem(file, line, "agency_spans_multiple_counties", raw, "expected yes or no"))
    raise_if(problems)

    recorded = pd.DataFrame(
        {
            "fips": fips,
            "year": years,
            "agency": rows["pub_agency_name"],
            "multi": rows["agency_spans_multiple_counties"] == "yes",
        }
    )[counts > 0]
    cells = []
    for code in ALL_FIPS:
        for year in PRESENCE_YEARS:
            hits = recorded[(recorded["fips"] == code) & (recorded["year"] == year)]
            note = NONE_RECORDED_NOTE if hits.empty else None
            if not hits.empty and hits["multi"].all():
                note = MULTI_COUNTY_NOTE.format(agencies=", ".join(sorted(set(hits["agency"]))))
            cells.append(
                {"fips": code, "year": year, "measure": "fbi_ht_presence", "value": float(not hits.empty), "note": note}
            )
    presence = pd.DataFrame(cells)
    years_with = presence.groupby("fips", as_index=False)["value"].sum()
    years_with = years_with.assign(year=None, measure="fbi_ht_presence_years", note=None)
    out = pd.concat([presence, years_with], ignore_index=True)
    out["unit"] = out["measure"].map({"fbi_ht_presence": "flag", "fbi_ht_presence_years": "years"})
    return out.assign(value_status="reported", source_id=source_id)


def agencies_serving_several_counties(rows: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """ORI -> every county the FBI's agency rows list for it, for agencies flagged as serving several.

    Read from the presence extract (the counties are the FBI's own; only the counts are inflated).
    """
    multi = rows[rows["agency_spans_multiple_counties"] == "yes"]
    return {
        ori: tuple(sorted(set(group["county_fips"].str.strip())))
        for ori, group in multi.groupby(multi["ori"].str.strip().str.upper())
    }


OFFENSE_MEASURES = {
    "Commercial Sex Acts": "fbi_ht_offenses_commercial_sex_acts",
    "Involuntary Servitude": "fbi_ht_offenses_involuntary_servitude",
}


def transform_offenses_2015(rows: pd.DataFrame, file: str, source_id: str) -> pd.DataFrame:
    """2015 offenses per county by type and in total. Counties with no reporting agency: not_reported.

    Each agency counts in the county its row names (its principal county); agencies that serve
    several counties keep that as a note on the row.
    """
    problems: list[Problem] = []
    fips, found = match_counties(rows, file, fips_col="county_fips")
    problems += found
    offenses = parse_count(rows, "actual_offenses", file, problems)
    for line, raw in zip(rows["_line"], rows["offense_subcat"]):
        if raw not in OFFENSE_MEASURES:
            problems.append(Problem(file, line, "offense_subcat", raw, f"expected one of {sorted(OFFENSE_MEASURES)}"))
    for line, raw in zip(rows["_line"], rows["year"]):
        if raw != "2015":
            problems.append(Problem(file, line, "year", raw, "this file holds 2015 only"))
    raise_if(problems)

    data = pd.DataFrame(
        {
            "fips": fips,
            "measure": rows["offense_subcat"].map(OFFENSE_MEASURES),
            "value": offenses.astype("float64"),
            "agency_note": rows["note"],
            "agency": rows["agency"],
        }
    )
    by_type = data.groupby(["fips", "measure"], as_index=False)["value"].sum()
    total = by_type.groupby("fips", as_index=False)["value"].sum().assign(measure="fbi_ht_offenses")
    multi = data[data["agency_note"].str.contains("serves", na=False)]
    notes = multi.groupby("fips")["agency"].agg(lambda names: "; ".join(sorted(set(names))))
    notes = notes.map(
        lambda names: (
            f"includes {names}, which serves several counties and is counted in its "
            "principal county (the county number in its ORI)"
        )
    )
    reported = pd.concat([by_type, total], ignore_index=True)
    reported["note"] = reported["fips"].map(notes)
    grid = pd.MultiIndex.from_product(
        [ALL_FIPS, [*OFFENSE_MEASURES.values(), "fbi_ht_offenses"]], names=["fips", "measure"]
    ).to_frame(index=False)
    out = grid.merge(reported, on=["fips", "measure"], how="left")
    out["value_status"] = out["value"].notna().map({True: "reported", False: "not_reported"})
    out["note"] = out["note"].where(
        out["value"].notna(),
        "no agency based in this county reported human trafficking data for 2015: no data, not zero",
    )
    return out.assign(year=2015, unit="offenses", source_id=source_id)
