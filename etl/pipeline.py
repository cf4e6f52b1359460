"""The ordered ETL steps: load inputs through the registry, transform, translate, validate, render.

`build()` returns every published file as bytes without touching data/tidy; the CLI then either
publishes them atomically or compares them with the committed files.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

import config
from etl import registry, translations
from etl.errors import InputError, Problem, display_path
from etl.ingest.formats import ingest_nibrs, nibrs_agency
from etl.ingest.policy import policy_json
from etl.metadata import TABLES
from etl.schemas import validate_tables
from etl.steps import fbi, figures, geometry
from etl.steps.counties import transform_census_measures, transform_counties
from etl.steps.state_checks import transform_state_checks
from etl.tables import datapackage, read_raw_csv, render_csv, sort_english, sort_table, stamp_created

#: Raw formats read by a step of their own rather than as a table of county rows.
STATE_CHECK_FORMAT = "nibrs-state-check"
PRESENCE_FORMAT = "fbi-cde-presence-extract"


class ValidationFailed(Exception):
    """The transformed tables break their contract; nothing was written."""


def _one(files: list[registry.RawFile], fmt: str) -> registry.RawFile:
    found = [f for f in files if f.format == fmt]
    if len(found) != 1:
        raise InputError(
            [
                Problem(
                    display_path(config.SOURCES_YAML),
                    None,
                    "raw",
                    fmt,
                    f"expected exactly one raw file of this format, found {len(found)}",
                )
            ]
        )
    return found[0]


def measure_readers() -> dict[str, Callable[[registry.RawFile], pd.DataFrame]]:
    """Raw formats that yield county-measure rows, by format name.

    Built-in formats read the reference files; the ingest formats (etl.ingest) read official
    downloads, transcribed tables and case records registered in data/sources.yaml.
    """

    def presence(raw: registry.RawFile) -> pd.DataFrame:
        return fbi.transform_presence(read_raw_csv(raw.path), display_path(raw.path), raw.source_id)

    def offenses_2015(raw: registry.RawFile) -> pd.DataFrame:
        return fbi.transform_offenses_2015(read_raw_csv(raw.path), display_path(raw.path), raw.source_id)

    readers = {PRESENCE_FORMAT: presence, "fbi-ht-2015-agency-counts": offenses_2015}
    try:
        from etl.ingest import registry_readers
    except ImportError:
        return readers
    return readers | registry_readers()


def build_tables(po: Path | None = None) -> tuple[dict[str, pd.DataFrame], str]:
    """Every tidy table, transformed from the registered raw files with its Spanish text columns
    filled from the translations file `po` (default config.DATA_PO), plus the county GeoJSON text."""
    tables, geojson = build_english_tables()
    tables = translations.translate(tables, po)
    return {name: sort_table(name, frame) for name, frame in tables.items()}, geojson


def build_english_tables() -> tuple[dict[str, pd.DataFrame], str]:
    """Every tidy table without its Spanish columns (etl.translations adds them), plus the GeoJSON."""
    entries = registry.load_sources()
    files = registry.raw_files(entries)
    population = _one(files, "census-county-population")
    districts = _one(files, "county-federal-district")
    counties = transform_counties(
        read_raw_csv(population.path),
        read_raw_csv(districts.path),
        display_path(population.path),
        display_path(districts.path),
    )

    parts = [transform_census_measures(counties, population.source_id)]
    agency_parts = [pd.DataFrame(columns=list(TABLES["agency_measures"].english_columns))]
    readers = measure_readers()
    served = _served(files)
    problems = []
    for raw in files:
        try:
            if raw.format == nibrs_agency.FORMAT:
                county_rows, agency_rows = ingest_nibrs(raw.path, raw.source_id, raw.options, served)
                parts.append(county_rows)
                agency_parts.append(agency_rows)
            elif raw.format in readers:
                parts.append(readers[raw.format](raw))
            elif raw.format not in ("census-county-population", "county-federal-district", STATE_CHECK_FORMAT):
                problems.append(
                    Problem(display_path(config.SOURCES_YAML), None, raw.source_id, raw.format, "unknown raw format")
                )
        except InputError as err:
            problems += err.problems
    if problems:
        raise InputError(problems)
    measures = pd.concat(parts, ignore_index=True)
    for col in ("note", "policy_version"):
        if col not in measures:
            measures[col] = None
    measures["year"] = measures["year"].astype("Int64")
    agencies = pd.concat([p for p in agency_parts if len(p)] or agency_parts, ignore_index=True)
    agencies["year"] = agencies["year"].astype("Int64")
    agencies["value"] = agencies["value"].astype("float64")

    ledger = config.RAW / "figures_ledger.csv"
    ledger_table = figures.transform_figures(read_raw_csv(ledger), display_path(ledger))
    tables = {
        "counties": counties,
        "county_measures": measures,
        "agency_measures": agencies,
        "state_checks": _state_checks(files, measures, ledger_table),
        "figures": ledger_table,
        "sources": registry.sources_table(entries),
        "measures": registry.load_measures(),
    }
    tables = {name: sort_english(name, frame) for name, frame in tables.items()}
    return tables, geometry.build()


def _served(files: list[registry.RawFile]) -> dict[str, tuple[str, ...]]:
    """ORI -> counties, for agencies the FBI's presence extract lists in several counties (if registered)."""
    extracts = [f for f in files if f.format == PRESENCE_FORMAT]
    return fbi.agencies_serving_several_counties(read_raw_csv(extracts[0].path)) if extracts else {}


def _state_checks(files: list[registry.RawFile], measures: pd.DataFrame, ledger: pd.DataFrame) -> pd.DataFrame:
    """The state_checks table from every registered check list (empty when none is registered)."""
    parts = [
        transform_state_checks(read_raw_csv(f.path), display_path(f.path), measures, ledger, f.source_id)
        for f in files
        if f.format == STATE_CHECK_FORMAT
    ]
    if not parts:
        return pd.DataFrame(columns=list(TABLES["state_checks"].english_columns)).astype({"year": "Int64"})
    return pd.concat(parts, ignore_index=True)


def render(tables: dict[str, pd.DataFrame], geojson: str) -> dict[str, bytes]:
    """The bytes of every published file."""
    outputs = {f"{name}.csv": render_csv(name, tables[name]) for name in TABLES}
    outputs["counties.geojson"] = geojson.encode("utf-8")
    outputs[config.POLICY_FILE] = policy_json()
    geo_resource = {
        "name": "counties-geometry",
        "path": "counties.geojson",
        "format": "geojson",
        "mediatype": "application/geo+json",
        "description": "Wisconsin county boundaries, simplified; feature id = FIPS. Source: "
        "census_cb_2016_county_500k.",
    }
    policy_resource = {
        "name": "disclosure-policy",
        "path": config.POLICY_FILE,
        "format": "json",
        "mediatype": "application/json",
        "description": "The disclosure policy every protected row was checked against (its version "
        "is in their policy_version column): thresholds for small counts, rates and "
        "shares. The dashboard reads it from here.",
    }
    outputs["datapackage.json"] = datapackage(tables["sources"], [geo_resource, policy_resource])
    return outputs


def build(tidy_dir: Path = config.TIDY, now: str | None = None, po: Path | None = None) -> dict[str, bytes]:
    """Run every step and validate; raise InputError or ValidationFailed; write nothing. The data
    package's `created` is kept from `tidy_dir` when nothing changed, else `now` (default: this
    second, UTC): etl.tables.stamp_created. `po` is the translations file (default config.DATA_PO)."""
    tables, geojson = build_tables(po)
    problems = validate_tables(tables)
    if problems:
        raise ValidationFailed(
            "\n".join([f"{len(problems)} validation problem(s); nothing was written:", *(f"  - {p}" for p in problems)])
        )
    now = now or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return stamp_created(render(tables, geojson), tidy_dir, now)
