"""Metadata as code: every published table, its columns, keys and descriptions, defined once.

The pandera schemas check values; this module says what each column means and how a Frictionless
descriptor should type it. `datapackage.json` and the README's data dictionary are both checked
against it, so a column cannot be added to a table without being described.
"""

from __future__ import annotations

from dataclasses import dataclass, field

YEAR_MIN, YEAR_MAX = 1990, 2030

#: The translations file the Spanish text columns are filled from (etl.translations), from the project root.
TRANSLATIONS_PO = "locales/es/LC_MESSAGES/data.po"
#: A Spanish column is named after its English column with this suffix and comes right after it.
SPANISH = "_es"


def spanish(column: str) -> str:
    """The name of the Spanish column published next to an English text column."""
    return column + SPANISH


#: column name -> (frictionless type, description, extra frictionless constraints)
COLUMNS: dict[str, tuple[str, str, dict]] = {
    "fips": (
        "string",
        'County FIPS code, 5 characters (55001-55141); "55" for a Wisconsin statewide row.',
        {"pattern": r"55(\d{3})?"},
    ),
    "county": ("string", 'County name as the Census Bureau writes it, e.g. "St. Croix County".', {}),
    "population_2020": ("integer", "Resident population, 2020 Census (1 April 2020).", {"minimum": 0}),
    "population_under18_2020": (
        "integer",
        "Residents under 18, 2020 Census (total minus voting-age population).",
        {"minimum": 0},
    ),
    "federal_district": (
        "string",
        "Federal judicial district: Eastern or Western District of Wisconsin.",
        {"enum": ["Eastern", "Western"]},
    ),
    "federal_district_basis": (
        "string",
        "published: the county is listed in a published division list; "
        "inferred: Western because it is not listed as Eastern (Wisconsin has two districts).",
        {"enum": ["published", "inferred"]},
    ),
    "year": (
        "integer",
        "Calendar year of the value; empty for measures that are not yearly.",
        {"minimum": YEAR_MIN, "maximum": YEAR_MAX},
    ),
    "measure": ("string", "Measure id; see measures.csv for its label, unit, caveat and meaning.", {}),
    "value": ("number", "The value; empty exactly when value_status is suppressed or not_reported.", {"minimum": 0}),
    "value_status": (
        "string",
        "reported (a value the source gives, zeros included), suppressed (withheld under "
        "the disclosure policy), not_reported (the source has no value for this cell).",
        {"enum": ["reported", "suppressed", "not_reported"]},
    ),
    "unit": ("string", "Unit of the value (persons, percent, offenses, flag, ...).", {}),
    "source_id": ("string", "Id of the source in sources.csv.", {}),
    "note": ("string", "Row-level note, e.g. that a flag rests only on an agency serving several counties.", {}),
    "policy_version": (
        "string",
        "Disclosure policy version applied to the row; empty for figures shown as published.",
        {},
    ),
    "figure_id": ("string", "Stable id of the figure.", {}),
    "geography": ("string", "Place the figure is about, e.g. Wisconsin, City of Milwaukee, ZIP 53207.", {}),
    "geography_level": (
        "string",
        "world, state, federal_district, county, city or zip.",
        {"enum": ["world", "state", "federal_district", "county", "city", "zip"]},
    ),
    "period_start": (
        "string",
        "First day, month or year the figure covers (YYYY, YYYY-MM or YYYY-MM-DD); empty if unknown.",
        {"pattern": r"\d{4}(-\d{2}(-\d{2})?)?"},
    ),
    "period_end": (
        "string",
        "Last day, month or year the figure covers; empty if unknown.",
        {"pattern": r"\d{4}(-\d{2}(-\d{2})?)?"},
    ),
    "population_group": ("string", "Who is counted: all, minors, adults, age_25_and_under, ...", {}),
    "subgroup": (
        "string",
        "A refinement of the population group (female, black, in_out_of_home_care, ...); empty if none.",
        {},
    ),
    "trafficking_type": (
        "string",
        "sex, labor, sex_and_labor, all or not_applicable.",
        {"enum": ["sex", "labor", "sex_and_labor", "all", "not_applicable"]},
    ),
    "value_qualifier": (
        "string",
        'exact, approx ("about"), more_than, at_least, or qualitative (no number).',
        {"enum": ["exact", "approx", "more_than", "at_least", "qualitative"]},
    ),
    "locator": ("string", "Where in the source the figure is (table, page, headline), where known.", {}),
    "verification": (
        "string",
        "primary (read from the publisher's own document or data), secondary (a news "
        "outlet or other party reporting the source), unverified (a claim with no traced source).",
        {"enum": ["primary", "secondary", "unverified"]},
    ),
    "description": ("string", "What the figure counts, in this project's words.", {}),
    "research_note": (
        "string",
        "What the research found about the figure: conflicts, duplicates, tracing of claims.",
        {},
    ),
    "publisher": ("string", "Organisation that published the document.", {}),
    "title": ("string", "Title of the document.", {}),
    "url": ("string", "Where the document was read (a mirror when seen_via says so).", {}),
    "published": (
        "string",
        "Publication date: YYYY, YYYY-MM or YYYY-MM-DD; empty if not known.",
        {"pattern": r"\d{4}(-\d{2}(-\d{2})?)?"},
    ),
    "date_note": ("string", "Note on an approximate or missing publication date.", {}),
    "accessed": ("string", "When the document was read (year when no exact date was recorded).", {}),
    "kind": (
        "string",
        "government data, government report, research study, nonprofit, news or other.",
        {"enum": ["government data", "government report", "research study", "nonprofit", "news", "other"]},
    ),
    "licence": ("string", "Licence or copyright status, where known.", {}),
    "reports_on": ("string", "For a secondary source: the underlying source it reports.", {}),
    "seen_via": ("string", "The mirror, reprint or copy the document was read on, if any.", {}),
    "caveats": ("string", "What the source measures and what it does not.", {}),
    "citation": ("string", "A ready-to-paste citation of the source.", {}),
    "label": ("string", "Human-readable name of the measure.", {}),
    "measure_kind": (
        "string",
        "count, presence (1 recorded / 0 none recorded), population or share.",
        {"enum": ["count", "presence", "population", "share"]},
    ),
    "yearly": ("boolean", "true when the measure's rows carry a year.", {}),
    "rate_base": (
        "string",
        "Denominator for per-100,000 rates (population or population_under18); empty when a rate makes no sense.",
        {"enum": ["", "population", "population_under18"]},
    ),
    "caveat": ("string", "What a reader must know before using the measure.", {}),
    "ori": (
        "string",
        "The agency's ORI, the FBI's 9-character identifier of a law-enforcement agency.",
        {"pattern": r"WI[0-9A-Z]{7}"},
    ),
    "agency": ("string", "The agency's name as the source gives it.", {}),
    "published_value": (
        "number",
        "The total as the publisher printed it (the ledger figure named by figure_id).",
        {"minimum": 0},
    ),
    "agencies_sum": (
        "number",
        "This project's sum over the agencies read, from county_measures.csv (statewide row).",
        {"minimum": 0},
    ),
    "difference": (
        "number",
        "published_value minus agencies_sum: how much of the published total the agencies read do not account for.",
        {},
    ),
    "check_status": (
        "string",
        "matched (the sum equals the published total) or gap (it does not; see explanation).",
        {"enum": ["matched", "gap"]},
    ),
    "explanation": ("string", "Why a gap exists, as far as the research could tell; empty when matched.", {}),
}
#: The human-readable text columns published with a Spanish translation (see Table.translated).
COLUMNS |= {
    spanish(column): (
        "string",
        f"Spanish translation of {column} (from {TRANSLATIONS_PO}); empty where {column} is empty.",
        {},
    )
    for column in (
        "description",
        "research_note",
        "unit",
        "label",
        "caveat",
        "date_note",
        "licence",
        "reports_on",
        "seen_via",
        "caveats",
        "explanation",
        "note",
    )
}


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[str, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = field(default=())  # (column, table, column)

    def __post_init__(self) -> None:
        for i, column in enumerate(self.columns):
            if column.endswith(SPANISH) and (i == 0 or spanish(self.columns[i - 1]) != column):
                raise ValueError(f"{self.name}.{column} must come right after its English column")

    @property
    def translated(self) -> tuple[str, ...]:
        """The English text columns published with a Spanish translation, `<column>_es`, right after them."""
        return tuple(column for column in self.columns if spanish(column) in self.columns)

    @property
    def english_columns(self) -> tuple[str, ...]:
        """The columns the steps build from the inputs: every column but the Spanish translations,
        which etl.translations adds last."""
        spanish_columns = {spanish(column) for column in self.translated}
        return tuple(column for column in self.columns if column not in spanish_columns)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "counties",
            "Wisconsin counties",
            "The 72 counties with 2020 Census population and federal judicial district.",
            (
                "fips",
                "county",
                "population_2020",
                "population_under18_2020",
                "federal_district",
                "federal_district_basis",
            ),
            ("fips",),
        ),
        Table(
            "county_measures",
            "County measures",
            "County-level measures in long form, one row per county, year and measure, each with its status and "
            "source.",
            (
                "fips",
                "year",
                "measure",
                "value",
                "value_status",
                "unit",
                "unit_es",
                "source_id",
                "note",
                "note_es",
                "policy_version",
            ),
            ("fips", "year", "measure"),
            (("source_id", "sources", "source_id"), ("measure", "measures", "measure")),
        ),
        Table(
            "figures",
            "Cited-figure ledger",
            "Every cited figure with its geography, period, measure, source, locator and verification status.",
            (
                "figure_id",
                "geography",
                "geography_level",
                "fips",
                "period_start",
                "period_end",
                "measure",
                "population_group",
                "subgroup",
                "trafficking_type",
                "value",
                "value_qualifier",
                "unit",
                "unit_es",
                "source_id",
                "locator",
                "verification",
                "description",
                "description_es",
                "research_note",
                "research_note_es",
            ),
            ("figure_id",),
            (("source_id", "sources", "source_id"),),
        ),
        Table(
            "sources",
            "Sources",
            "Every source with publisher, title, URL, dates, kind, licence and caveats.",
            (
                "source_id",
                "publisher",
                "title",
                "url",
                "published",
                "date_note",
                "date_note_es",
                "accessed",
                "kind",
                "licence",
                "licence_es",
                "reports_on",
                "reports_on_es",
                "seen_via",
                "seen_via_es",
                "caveats",
                "caveats_es",
                "citation",
            ),
            ("source_id",),
        ),
        Table(
            "agency_measures",
            "Agency measures",
            "Police-recorded measures per agency and year, the rows every county and statewide NIBRS sum in "
            "county_measures.csv adds up, each with its status; absent or unavailable values are not_reported.",
            (
                "fips",
                "year",
                "ori",
                "agency",
                "measure",
                "value",
                "value_status",
                "unit",
                "unit_es",
                "source_id",
                "note",
                "note_es",
            ),
            ("ori", "year", "measure"),
            (("fips", "counties", "fips"), ("source_id", "sources", "source_id"), ("measure", "measures", "measure")),
        ),
        Table(
            "state_checks",
            "Checks against published state totals",
            "Statewide sums of the agencies read compared with the totals the publisher printed: matched, or the gap "
            "and what explains it.",
            (
                "year",
                "measure",
                "figure_id",
                "published_value",
                "agencies_sum",
                "difference",
                "check_status",
                "explanation",
                "explanation_es",
                "source_id",
            ),
            ("year", "measure"),
            (
                ("measure", "measures", "measure"),
                ("figure_id", "figures", "figure_id"),
                ("source_id", "sources", "source_id"),
            ),
        ),
        Table(
            "measures",
            "Measures",
            "Every county-level measure with its label, unit, kind, rate denominator, description and caveat.",
            (
                "measure",
                "label",
                "label_es",
                "unit",
                "unit_es",
                "measure_kind",
                "yearly",
                "rate_base",
                "description",
                "description_es",
                "caveat",
                "caveat_es",
            ),
            ("measure",),
        ),
    )
}
