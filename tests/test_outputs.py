"""The committed tidy files: valid, complete, equal to a fresh build, and safe on bad input."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest

import config
from etl.counties import ALL_FIPS
from etl.metadata import TABLES
from etl.schemas import validate_tables
from etl.tables import read_tidy
from tests.tools import need

ROOT = Path(__file__).resolve().parents[1]
TIDY = ROOT / "data" / "tidy"
FIXTURES = Path(__file__).parent / "fixtures" / "reference"


def read(name):
    return pd.read_csv(TIDY / f"{name}.csv", dtype=str, keep_default_na=False)


def run_etl(*args, data_dir=None):
    env = os.environ | ({"HT_DATA_DIR": str(data_dir)} if data_dir else {})
    return subprocess.run([sys.executable, "-m", "etl", *args], cwd=ROOT, env=env, capture_output=True, text=True)


def test_counties_table():
    counties = read("counties")
    assert list(counties.columns[:5]) == [
        "fips",
        "county",
        "population_2020",
        "population_under18_2020",
        "federal_district",
    ]
    assert len(counties) == 72 and sorted(counties["fips"]) == list(ALL_FIPS)
    assert counties["population_2020"].astype(int).sum() == 5_893_718
    assert counties["population_under18_2020"].astype(int).sum() == 1_281_418
    assert (counties["federal_district"] == "Eastern").sum() == 28


def test_geojson_ids_match_counties_and_size():
    path = TIDY / "counties.geojson"
    assert path.stat().st_size <= 150 * 1024
    features = json.loads(path.read_text())["features"]
    assert sorted(f["id"] for f in features) == sorted(read("counties")["fips"])


def test_figures_ledger_size_sources_and_verification():
    figures, sources = read("figures"), read("sources")
    assert len(figures) >= 100
    assert set(figures["source_id"]) <= set(sources["source_id"])
    assert set(figures["verification"]) == {"primary", "secondary", "unverified"}
    claims = figures.set_index("figure_id").loc[
        ["ADV_every_county", "ADV_pct_Milwaukee", "ADV_pct_youth_Milwaukee", "ADV_102_child_victims"]
    ]
    assert set(claims["verification"]) == {"unverified"}
    assert (claims["research_note"].str.len() > 20).all()


def words(text: str) -> list[str]:
    return [w.strip(".,;:\"'()").lower() for w in text.split()]


def test_no_quotes_copied_into_descriptions():
    """Descriptions are in the project's words: no run of 8 words shared with the research quotes.

    The quotes are not in the project (principle 5); the fixture holds a hash of each of their 8-word
    runs, made from the research compilation (see its header).
    """
    shingles = {}
    for line in (FIXTURES / "quote_shingles.txt").read_text().splitlines():
        if line and not line.startswith("#"):
            fid, digest = line.split()
            shingles.setdefault(fid, set()).add(digest)
    assert len(shingles) > 100
    checked = 0
    for row in read("figures").itertuples():
        d = words(row.description)
        runs = {hashlib.sha256(" ".join(d[i : i + 8]).encode()).hexdigest()[:16] for i in range(len(d) - 7)}
        assert not runs & shingles.get(row.figure_id, set()), row.figure_id
        checked += row.figure_id in shingles
    assert checked > 100


def test_presence_measure_facts():
    cm = read("county_measures")
    flags = cm[cm["measure"] == "fbi_ht_presence"]
    assert len(flags) == 72 * 8
    assert flags[flags["value"] == "1"]["fips"].nunique() == 31
    years = cm[cm["measure"] == "fbi_ht_presence_years"].set_index("fips")["value"]
    assert years["55079"] == "8"
    assert all(years[f] == "5" for f in ("55009", "55015", "55087", "55139"))


def test_presence_matches_the_research_flags():
    research = pd.read_csv(FIXTURES / "research_presence_flags.csv", dtype=str, comment="#")
    expected = set(research.itertuples(index=False, name=None))
    cm = read("county_measures")
    got = {(r.fips, r.year) for r in cm[(cm["measure"] == "fbi_ht_presence") & (cm["value"] == "1")].itertuples()}
    assert len(expected) > 80 and got == expected


def test_suppressed_or_unknown_is_never_zero():
    cm = read("county_measures")
    missing = cm[cm["value_status"].isin(["suppressed", "not_reported"])]
    assert (missing["value"] == "").all()
    assert (cm[cm["value_status"] == "reported"]["value"] != "").all()


def test_committed_tables_validate():
    tables = {name: read_tidy(TIDY / f"{name}.csv", name) for name in TABLES}
    assert validate_tables(tables) == []


def test_etl_check_passes_on_committed_data():
    result = run_etl("--check")
    assert result.returncode == 0, result.stderr


def test_frictionless_validates_the_package():
    exe = shutil.which("frictionless", path=str(Path(sys.executable).parent)) or shutil.which("frictionless")
    need(exe is not None, "the frictionless command", "install requirements-dev.lock")
    result = subprocess.run([exe, "validate", "--json", str(TIDY / "datapackage.json")], capture_output=True, text=True)
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report, indent=1)[:3000]
    assert {t["name"] for t in report["tasks"]} >= set(TABLES)


@pytest.mark.parametrize(
    "raw",
    [
        "census/wi_county_population_2020.csv",
        "courts/wi_county_federal_district.csv",
        "fbi/fbi_cde_ht_agency_rows_wi_2014_2021.csv",
        "fbi/fbi_ht_2015_agency_counts.csv",
    ],
)
def test_unknown_county_fails_and_leaves_tidy_untouched(tmp_path, raw):
    data_dir = tmp_path / "data"
    shutil.copytree(config.ROOT / "data", data_dir)
    before = {p.name: p.read_bytes() for p in (data_dir / "tidy").iterdir()}
    path = data_dir / "raw" / raw
    header = path.read_text().splitlines()[0].split(",")
    row = {col: "" for col in header} | {"county": "Atlantis County"}
    row |= {
        "data_year": "2016",
        "year": "2015",
        "population_2020": "5",
        "population_under18_2020": "1",
        "federal_district": "Western",
        "basis": "x",
        "raw_actual_count_INFLATED": "64",
        "agency_spans_multiple_counties": "no",
        "actual_offenses": "1",
        "offense_subcat": "Commercial Sex Acts",
    }
    with open(path, "a") as fh:
        fh.write(",".join(row[c] for c in header) + "\n")
    result = run_etl(data_dir=data_dir)
    assert result.returncode == 1
    assert "Atlantis County" in result.stderr and raw in result.stderr
    after = {p.name: p.read_bytes() for p in (data_dir / "tidy").iterdir()}
    assert after == before
    assert not list(data_dir.glob(".tidy-*"))


def test_readme_documents_every_published_column():
    readme = (ROOT / "README.md").read_text()
    for table in TABLES.values():
        assert f"`{table.name}.csv`" in readme
        for column in table.columns:
            assert f"| `{column}` |" in readme, f"{table.name}.{column} missing from the README data dictionary"


# --- datapackage.json's `created`: when the published data last changed -------------------------


def _outputs(package: dict, table: bytes) -> dict[str, bytes]:
    return {"datapackage.json": (json.dumps(package) + "\n").encode(), "t.csv": table}


def test_created_is_kept_when_nothing_changed_and_renewed_when_anything_did(tmp_path):
    from etl.tables import publish, stamp_created

    package = {"name": "p", "title": "t", "resources": [{"path": "t.csv"}]}
    first = stamp_created(_outputs(package, b"a\n1\n"), tmp_path / "tidy", "2026-01-01T00:00:00Z")
    assert json.loads(first["datapackage.json"])["created"] == "2026-01-01T00:00:00Z"
    assert list(json.loads(first["datapackage.json"])) == ["name", "title", "created", "resources"]
    publish(first, tmp_path / "tidy")
    again = stamp_created(_outputs(package, b"a\n1\n"), tmp_path / "tidy", "2026-02-02T00:00:00Z")
    assert again == first  # a rebuild of unchanged data is byte-identical
    changed = stamp_created(_outputs(package, b"a\n2\n"), tmp_path / "tidy", "2026-02-02T00:00:00Z")
    assert json.loads(changed["datapackage.json"])["created"] == "2026-02-02T00:00:00Z"
    described = stamp_created(_outputs(package | {"title": "u"}, b"a\n1\n"), tmp_path / "tidy", "2026-03-03T00:00:00Z")
    assert json.loads(described["datapackage.json"])["created"] == "2026-03-03T00:00:00Z"


def test_the_published_package_says_when_its_data_were_built():
    from components import data

    package = json.loads((config.TIDY / "datapackage.json").read_text(encoding="utf-8"))
    created = datetime.fromisoformat(package["created"])
    assert created.tzinfo is not None and package["created"].endswith("Z")
    assert data.built() == created.date()
