"""Pandera contracts for the tidy tables, shared by the ETL, the app and the tests.

Each model checks one table on its own (types, ranges, vocabularies, unique keys, the rule that a
value is missing exactly when its status says so, and that each Spanish text column `<col>_es` is
filled exactly where its English column is). `validate_tables` adds the checks that span
tables (every source id and measure resolves, every FIPS is one of the 72) and reports every
problem at once.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from etl.counties import ALL_FIPS, STATE_FIPS
from etl.metadata import COLUMNS, SPANISH, YEAR_MAX, YEAR_MIN

VALUE_STATUSES = COLUMNS["value_status"][2]["enum"]
MISSING_STATUSES = ("suppressed", "not_reported")
_DATE = r"^(\d{4}(-\d{2}(-\d{2})?)?)?$"


def _enum(column: str) -> list[str]:
    return COLUMNS[column][2]["enum"]


class Translated(pa.DataFrameModel):
    """A table with Spanish text columns (etl.translations): each `<col>_es` is empty exactly where
    `<col>` is, so no English text goes without its Spanish and no Spanish stands alone."""

    @pa.dataframe_check
    def spanish_exactly_where_english(cls, df: pd.DataFrame) -> pd.Series:
        ok = pd.Series(True, index=df.index)
        for column in df.columns:
            if column.endswith(SPANISH) and column.removesuffix(SPANISH) in df.columns:
                ok &= df[column].isna() == df[column.removesuffix(SPANISH)].isna()
        return ok


#: Spanish runs longer than English: a Spanish description may be a third longer than the English limit.
SPANISH_DESCRIPTION_MAX = 320


class Counties(pa.DataFrameModel):
    fips: Series[str] = pa.Field(isin=list(ALL_FIPS), unique=True)
    county: Series[str] = pa.Field(str_matches=r"^.+ County$")
    population_2020: Series[int] = pa.Field(gt=0)
    population_under18_2020: Series[int] = pa.Field(gt=0)
    federal_district: Series[str] = pa.Field(isin=_enum("federal_district"))
    federal_district_basis: Series[str] = pa.Field(isin=_enum("federal_district_basis"))

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check
    def under18_within_total(cls, df: pd.DataFrame) -> pd.Series:
        return df["population_under18_2020"] <= df["population_2020"]

    @pa.dataframe_check
    def all_72_counties(cls, df: pd.DataFrame) -> bool:
        return sorted(df["fips"]) == list(ALL_FIPS)


class CountyMeasures(Translated):
    fips: Series[str] = pa.Field(isin=[*ALL_FIPS, STATE_FIPS])
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=YEAR_MIN, le=YEAR_MAX)
    measure: Series[str] = pa.Field(str_matches=r"^[a-z][a-z0-9_]*$")
    value: Series[float] = pa.Field(nullable=True, ge=0)
    value_status: Series[str] = pa.Field(isin=VALUE_STATUSES)
    unit: Series[str] = pa.Field(str_length={"min_value": 1})
    unit_es: Series[str] = pa.Field(str_length={"min_value": 1})
    source_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$")
    note: Series[str] = pa.Field(nullable=True)
    note_es: Series[str] = pa.Field(nullable=True)
    policy_version: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        ordered = True
        unique = ["fips", "year", "measure"]

    @pa.dataframe_check
    def value_missing_exactly_when_status_says_so(cls, df: pd.DataFrame) -> pd.Series:
        return df["value"].isna() == df["value_status"].isin(MISSING_STATUSES)

    @pa.dataframe_check
    def percentages_within_0_100(cls, df: pd.DataFrame) -> pd.Series:
        return (df["unit"] != "percent") | df["value"].isna() | df["value"].le(100)

    @pa.dataframe_check
    def flags_are_0_or_1(cls, df: pd.DataFrame) -> pd.Series:
        return (df["unit"] != "flag") | df["value"].isna() | df["value"].isin([0, 1])


class AgencyMeasures(Translated):
    fips: Series[str] = pa.Field(isin=list(ALL_FIPS))
    year: Series[pd.Int64Dtype] = pa.Field(ge=YEAR_MIN, le=YEAR_MAX)
    ori: Series[str] = pa.Field(str_matches=r"^WI[0-9A-Z]{7}$")
    agency: Series[str] = pa.Field(str_length={"min_value": 2})
    measure: Series[str] = pa.Field(str_matches=r"^[a-z][a-z0-9_]*$")
    value: Series[float] = pa.Field(nullable=True, ge=0)
    value_status: Series[str] = pa.Field(isin=["reported", "not_reported"])
    unit: Series[str] = pa.Field(str_length={"min_value": 1})
    unit_es: Series[str] = pa.Field(str_length={"min_value": 1})
    source_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$")
    note: Series[str] = pa.Field(nullable=True)
    note_es: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        ordered = True
        unique = ["ori", "year", "measure"]

    @pa.dataframe_check
    def value_missing_exactly_when_not_reported(cls, df: pd.DataFrame) -> pd.Series:
        return df["value"].isna() == (df["value_status"] == "not_reported")

    @pa.dataframe_check
    def counts_are_whole(cls, df: pd.DataFrame) -> pd.Series:
        return df["value"].isna() | (df["value"] % 1 == 0)

    @pa.dataframe_check
    def one_agency_one_county(cls, df: pd.DataFrame) -> pd.Series:
        return df.groupby("ori")["fips"].transform("nunique") == 1


class StateChecks(Translated):
    year: Series[pd.Int64Dtype] = pa.Field(ge=YEAR_MIN, le=YEAR_MAX)
    measure: Series[str] = pa.Field(str_matches=r"^[a-z][a-z0-9_]*$")
    figure_id: Series[str] = pa.Field(str_matches=r"^[A-Za-z0-9_]+$")
    published_value: Series[float] = pa.Field(ge=0)
    agencies_sum: Series[float] = pa.Field(ge=0)
    difference: Series[float]
    check_status: Series[str] = pa.Field(isin=_enum("check_status"))
    explanation: Series[str] = pa.Field(nullable=True)
    explanation_es: Series[str] = pa.Field(nullable=True)
    source_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$")

    class Config:
        strict = True
        ordered = True
        unique = ["year", "measure"]

    @pa.dataframe_check
    def difference_is_published_minus_sum(cls, df: pd.DataFrame) -> pd.Series:
        return df["difference"] == df["published_value"] - df["agencies_sum"]

    @pa.dataframe_check
    def status_follows_difference(cls, df: pd.DataFrame) -> pd.Series:
        return (df["check_status"] == "matched") == (df["difference"] == 0)

    @pa.dataframe_check
    def every_gap_explained(cls, df: pd.DataFrame) -> pd.Series:
        return (df["check_status"] == "matched") == df["explanation"].isna()


class Figures(Translated):
    figure_id: Series[str] = pa.Field(unique=True, str_matches=r"^[A-Za-z0-9_]+$")
    geography: Series[str] = pa.Field(str_length={"min_value": 1})
    geography_level: Series[str] = pa.Field(isin=_enum("geography_level"))
    fips: Series[str] = pa.Field(nullable=True, isin=[*ALL_FIPS, STATE_FIPS])
    period_start: Series[str] = pa.Field(nullable=True, str_matches=_DATE)
    period_end: Series[str] = pa.Field(nullable=True, str_matches=_DATE)
    measure: Series[str] = pa.Field(str_matches=r"^[a-z][a-z0-9_]*$")
    population_group: Series[str] = pa.Field(str_matches=r"^[a-z][a-z0-9_]*$")
    subgroup: Series[str] = pa.Field(nullable=True, str_matches=r"^[a-z][a-z0-9_]*$")
    trafficking_type: Series[str] = pa.Field(isin=_enum("trafficking_type"))
    value: Series[float] = pa.Field(nullable=True, ge=0)
    value_qualifier: Series[str] = pa.Field(isin=_enum("value_qualifier"))
    unit: Series[str] = pa.Field(str_matches=r"^[a-z][a-z0-9_]*$")
    unit_es: Series[str] = pa.Field(str_length={"min_value": 1})
    source_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$")
    locator: Series[str] = pa.Field(nullable=True)
    verification: Series[str] = pa.Field(isin=_enum("verification"))
    description: Series[str] = pa.Field(str_length={"min_value": 10, "max_value": 240})
    description_es: Series[str] = pa.Field(str_length={"min_value": 10, "max_value": SPANISH_DESCRIPTION_MAX})
    research_note: Series[str] = pa.Field(nullable=True)
    research_note_es: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True
        ordered = True

    @pa.dataframe_check
    def value_missing_exactly_when_qualitative(cls, df: pd.DataFrame) -> pd.Series:
        return df["value"].isna() == (df["value_qualifier"] == "qualitative")

    @pa.dataframe_check
    def percentages_within_0_100(cls, df: pd.DataFrame) -> pd.Series:
        return (df["unit"] != "percent") | df["value"].isna() | df["value"].le(100)

    @pa.dataframe_check
    def period_in_order(cls, df: pd.DataFrame) -> pd.Series:
        both = df["period_start"].notna() & df["period_end"].notna()
        return ~both | (df["period_start"].fillna("") <= df["period_end"].fillna("~"))

    @pa.dataframe_check
    def county_and_city_rows_have_fips(cls, df: pd.DataFrame) -> pd.Series:
        local = df["geography_level"].isin(["county", "city", "zip"])
        return ~local | df["fips"].isin(list(ALL_FIPS))


class Sources(Translated):
    source_id: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z0-9_]+$")
    publisher: Series[str] = pa.Field(str_length={"min_value": 2})
    title: Series[str] = pa.Field(str_length={"min_value": 2})
    url: Series[str] = pa.Field(str_matches=r"^https?://\S+$")
    published: Series[str] = pa.Field(nullable=True, str_matches=_DATE)
    date_note: Series[str] = pa.Field(nullable=True)
    date_note_es: Series[str] = pa.Field(nullable=True)
    accessed: Series[str] = pa.Field(str_matches=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    kind: Series[str] = pa.Field(isin=_enum("kind"))
    licence: Series[str] = pa.Field(nullable=True)
    licence_es: Series[str] = pa.Field(nullable=True)
    reports_on: Series[str] = pa.Field(nullable=True)
    reports_on_es: Series[str] = pa.Field(nullable=True)
    seen_via: Series[str] = pa.Field(nullable=True)
    seen_via_es: Series[str] = pa.Field(nullable=True)
    caveats: Series[str] = pa.Field(str_length={"min_value": 20})
    caveats_es: Series[str] = pa.Field(str_length={"min_value": 20})
    citation: Series[str] = pa.Field(str_length={"min_value": 10})

    class Config:
        strict = True
        ordered = True


class Measures(Translated):
    measure: Series[str] = pa.Field(unique=True, str_matches=r"^[a-z][a-z0-9_]*$")
    label: Series[str] = pa.Field(str_length={"min_value": 3})
    label_es: Series[str] = pa.Field(str_length={"min_value": 3})
    unit: Series[str] = pa.Field(str_length={"min_value": 1})
    unit_es: Series[str] = pa.Field(str_length={"min_value": 1})
    measure_kind: Series[str] = pa.Field(isin=_enum("measure_kind"))
    yearly: Series[bool]
    rate_base: Series[str] = pa.Field(nullable=True, isin=["population", "population_under18"])
    description: Series[str] = pa.Field(str_length={"min_value": 10})
    description_es: Series[str] = pa.Field(str_length={"min_value": 10})
    caveat: Series[str] = pa.Field(str_length={"min_value": 10})
    caveat_es: Series[str] = pa.Field(str_length={"min_value": 10})

    class Config:
        strict = True
        ordered = True


MODELS: dict[str, type[pa.DataFrameModel]] = {
    "counties": Counties,
    "county_measures": CountyMeasures,
    "agency_measures": AgencyMeasures,
    "state_checks": StateChecks,
    "figures": Figures,
    "sources": Sources,
    "measures": Measures,
}


def _measure_problems(name: str, frame: pd.DataFrame, measures: pd.DataFrame) -> list[str]:
    """Every measure of `frame` is in the dictionary, with its unit and its yearly / not-yearly form."""
    problems: list[str] = []
    for i, row in enumerate(frame[["measure", "year", "unit"]].itertuples(index=False)):
        if row.measure not in measures.index:
            problems.append(
                f"{name}.csv row {i + 2}, column 'measure': {row.measure!r} has no entry in data/measures.yaml"
            )
            continue
        meta = measures.loc[row.measure]
        if bool(meta["yearly"]) == pd.isna(row.year):
            problems.append(
                f"{name}.csv row {i + 2}, column 'year': {row.year!r}: measure "
                f"{row.measure!r} is {'yearly' if meta['yearly'] else 'not yearly'}"
            )
        if row.unit != meta["unit"]:
            problems.append(
                f"{name}.csv row {i + 2}, column 'unit': {row.unit!r}: measure "
                f"{row.measure!r} is measured in {meta['unit']!r}"
            )
    return problems


def agency_sum_problems(county_measures: pd.DataFrame, agency_measures: pd.DataFrame) -> list[str]:
    """Every reported county or statewide value of a measure with agency rows equals the sum of the
    reported agency rows it rests on (statewide: every agency)."""
    if agency_measures.empty:
        return []
    reported = agency_measures[agency_measures["value_status"] == "reported"]
    by_county = reported.groupby(["fips", "year", "measure"])["value"].sum()
    by_state = reported.groupby(["year", "measure"])["value"].sum()
    rows = county_measures[
        county_measures["measure"].isin(set(agency_measures["measure"]))
        & (county_measures["value_status"] == "reported")
    ]
    problems = []
    for i, row in rows[["fips", "year", "measure", "value"]].iterrows():
        key = (row["year"], row["measure"]) if row["fips"] == STATE_FIPS else (row["fips"], row["year"], row["measure"])
        total = (by_state if row["fips"] == STATE_FIPS else by_county).get(key, 0.0)
        if total != row["value"]:
            problems.append(
                f"county_measures.csv row {i + 2}, column 'value': {row['value']!r}: the agency rows of "
                f"{row['fips']} {row['year']} {row['measure']} add up to {total!r}"
            )
    return problems


def cross_table_problems(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Checks that span tables: ids resolve, yearly measures carry years, units agree with measures,
    agency rows add up to the county rows, and each state check quotes the ledger and the sums."""
    problems: list[str] = []
    source_ids = set(tables["sources"]["source_id"])
    measures = tables["measures"].set_index("measure")
    for name in ("county_measures", "agency_measures", "state_checks", "figures"):
        for i, sid in tables[name]["source_id"].items():
            if sid not in source_ids:
                problems.append(f"{name}.csv row {i + 2}, column 'source_id': {sid!r} is not in sources.csv")
    for name in ("county_measures", "agency_measures"):
        problems += _measure_problems(name, tables[name], measures)
    problems += agency_sum_problems(tables["county_measures"], tables["agency_measures"])
    ledger = tables["figures"].set_index("figure_id")["value"]
    state = tables["county_measures"][tables["county_measures"]["fips"] == STATE_FIPS].set_index(["year", "measure"])
    for i, row in tables["state_checks"].iterrows():
        if row["figure_id"] not in ledger.index or ledger[row["figure_id"]] != row["published_value"]:
            problems.append(
                f"state_checks.csv row {i + 2}, column 'published_value': {row['published_value']!r} "
                f"is not the ledger value of {row['figure_id']!r}"
            )
        key = (row["year"], row["measure"])
        if key not in state.index or state.at[key, "value"] != row["agencies_sum"]:
            problems.append(
                f"state_checks.csv row {i + 2}, column 'agencies_sum': {row['agencies_sum']!r} is not "
                f"the statewide row of {row['measure']} {row['year']}"
            )
    return problems


def validate_tables(tables: dict[str, pd.DataFrame]) -> list[str]:
    """Validate every table lazily and return every problem as a readable line (empty when valid)."""
    problems: list[str] = []
    for name, model in MODELS.items():
        try:
            model.validate(tables[name], lazy=True)
        except pa.errors.SchemaErrors as err:
            for case in err.failure_cases.itertuples():
                row = "" if pd.isna(case.index) else f" row {int(case.index) + 2}"
                col = f", column {case.column!r}" if isinstance(case.column, str) else ""
                problems.append(f"{name}.csv{row}{col}: {case.failure_case!r} fails {case.check}")
    if not problems:
        problems = cross_table_problems(tables)
    return problems
