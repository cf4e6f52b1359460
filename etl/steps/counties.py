"""The counties table: 72 counties, 2020 population and under-18 population, federal district.

Inputs are the Census population file and the county-to-district file. Every county name goes
through `county_fips`, and a name that disagrees with its row's FIPS code is refused, so an
unknown or mistyped county stops the run with its file, line and value.
"""

from __future__ import annotations

import pandas as pd

from etl.counties import UnknownCounty, county_fips, county_name
from etl.errors import Problem, raise_if


def match_counties(
    frame: pd.DataFrame, file: str, name_col: str = "county", fips_col: str | None = "fips"
) -> tuple[pd.Series, list[Problem]]:
    """FIPS of each row from its county name, checked against its FIPS column when there is one."""
    codes, problems = [], []
    given = frame[fips_col].str.strip() if fips_col else [None] * len(frame)
    for line, name, fips in zip(frame["_line"], frame[name_col], given):
        try:
            code = county_fips(name)
        except UnknownCounty as err:
            problems.append(Problem(file, line, name_col, name, str(err)))
            codes.append(None)
            continue
        if fips_col and fips != code:
            problems.append(Problem(file, line, fips_col, fips, f"does not match county {name!r} ({code})"))
        codes.append(code)
    return pd.Series(codes, index=frame.index, dtype="object"), problems


def parse_count(frame: pd.DataFrame, column: str, file: str, problems: list[Problem]) -> pd.Series:
    """Non-negative integers from a text column; bad cells are added to `problems`."""
    values = []
    for line, raw in zip(frame["_line"], frame[column]):
        text = raw.strip().replace(",", "")
        if text.isdigit():
            values.append(int(text))
        else:
            problems.append(Problem(file, line, column, raw, "expected a whole number of 0 or more"))
            values.append(0)
    return pd.Series(values, index=frame.index, dtype="int64")


def transform_counties(
    population: pd.DataFrame, districts: pd.DataFrame, population_file: str, districts_file: str
) -> pd.DataFrame:
    """Join population and district on FIPS derived from names; raise on any bad or missing row."""
    problems: list[Problem] = []
    pop_fips, found = match_counties(population, population_file)
    problems += found
    dist_fips, found = match_counties(districts, districts_file)
    problems += found
    pop = pd.DataFrame(
        {
            "fips": pop_fips,
            "population_2020": parse_count(population, "population_2020", population_file, problems),
            "population_under18_2020": parse_count(population, "population_under18_2020", population_file, problems),
        }
    )
    for line, value in zip(districts["_line"], districts["federal_district"]):
        if value not in ("Eastern", "Western"):
            problems.append(Problem(districts_file, line, "federal_district", value, "expected Eastern or Western"))
    basis = districts["basis"].str.upper().str.startswith("INFERRED").map({True: "inferred", False: "published"})
    dist = pd.DataFrame(
        {"fips": dist_fips, "federal_district": districts["federal_district"], "federal_district_basis": basis}
    )
    for file, codes, frame in ((population_file, pop_fips, population), (districts_file, dist_fips, districts)):
        for line, code in zip(frame["_line"][codes.duplicated() & codes.notna()], codes[codes.duplicated()]):
            problems.append(Problem(file, line, "county", county_name(code), "county listed twice"))
    raise_if(problems)
    out = pop.merge(dist, on="fips", how="outer", validate="one_to_one", indicator=True)
    raise_if(
        [
            Problem(
                districts_file if side == "left_only" else population_file,
                None,
                "county",
                county_name(code),
                "county missing from this file",
            )
            for code, side in zip(out["fips"], out["_merge"])
            if side != "both"
        ]
    )
    out["county"] = out["fips"].map(county_name)
    return out.drop(columns="_merge").sort_values("fips", ignore_index=True)[
        ["fips", "county", "population_2020", "population_under18_2020", "federal_district", "federal_district_basis"]
    ]


def transform_census_measures(counties: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """County measures from the Census: population, under-18 population and under-18 share (percent)."""
    share = (100 * counties["population_under18_2020"] / counties["population_2020"]).round(2)
    parts = []
    for measure, values, unit in (
        ("population", counties["population_2020"], "persons"),
        ("population_under18", counties["population_under18_2020"], "persons"),
        ("population_under18_share", share, "percent"),
    ):
        parts.append(
            pd.DataFrame(
                {
                    "fips": counties["fips"],
                    "year": 2020,
                    "measure": measure,
                    "value": values.astype("float64"),
                    "value_status": "reported",
                    "unit": unit,
                    "source_id": source_id,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)
