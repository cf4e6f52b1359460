"""Project paths and environment settings, in one place.

Paths are built from this file's folder so the ETL, the app and the tests agree on where data lives
whatever the working directory. Settings read from the environment have safe defaults: the app
listens on 127.0.0.1 and debug tools stay off unless DEBUG=1.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
#: HT_DATA_DIR points the ETL and the app at another data folder (tests use a temporary copy).
DATA = Path(os.environ["HT_DATA_DIR"]).resolve() if os.environ.get("HT_DATA_DIR") else ROOT / "data"
RAW = DATA / "raw"
TIDY = DATA / "tidy"
SOURCES_YAML = DATA / "sources.yaml"
MEASURES_YAML = DATA / "measures.yaml"
DISCLOSURE_YAML = DATA / "disclosure.yaml"

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8050"))
DEBUG = os.environ.get("DEBUG", "") == "1"

#: The published tables, in the order the data package lists them.
TIDY_TABLES = ("counties", "county_measures", "agency_measures", "state_checks", "figures", "sources", "measures")
#: The disclosure policy as published with the data: the app reads it from here, never from data/*.yaml.
POLICY_FILE = "disclosure_policy.json"
TIDY_FILES = tuple(f"{name}.csv" for name in TIDY_TABLES) + ("counties.geojson", POLICY_FILE, "datapackage.json")
