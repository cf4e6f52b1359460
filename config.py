"""Project paths and environment settings, in one place.

Paths are built from this file's folder so the ETL, the app and the tests agree on where data lives
whatever the working directory. Settings read from the environment have safe defaults: the app
listens on 127.0.0.1 and debug tools stay off unless DEBUG=1.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent
#: HT_DATA_DIR points the ETL and the app at another data folder (tests use a temporary copy).
DATA = Path(os.environ["HT_DATA_DIR"]).resolve() if os.environ.get("HT_DATA_DIR") else ROOT / "data"
RAW = DATA / "raw"
TIDY = DATA / "tidy"
SOURCES_YAML = DATA / "sources.yaml"
MEASURES_YAML = DATA / "measures.yaml"
DISCLOSURE_YAML = DATA / "disclosure.yaml"
#: The Spanish translations of the tidy tables' text columns (etl.translations), an ETL input like
#: data/raw; HT_DATA_PO points the ETL at another copy (tests add entries to a temporary one).
DATA_PO = (
    Path(os.environ["HT_DATA_PO"]).resolve()
    if os.environ.get("HT_DATA_PO")
    else ROOT / "locales" / "es" / "LC_MESSAGES" / "data.po"
)

HOST = os.environ.get("HOST", "127.0.0.1")
PORT = int(os.environ.get("PORT", "8050"))
DEBUG = os.environ.get("DEBUG", "") == "1"

#: The published tables, in the order the data package lists them.
TIDY_TABLES = ("counties", "county_measures", "agency_measures", "state_checks", "figures", "sources", "measures")
#: The disclosure policy as published with the data: the app reads it from here, never from data/*.yaml.
POLICY_FILE = "disclosure_policy.json"
TIDY_FILES = tuple(f"{name}.csv" for name in TIDY_TABLES) + ("counties.geojson", POLICY_FILE, "datapackage.json")


@dataclass(frozen=True)
class UploadLimits:
    """Limits on one upload to /upload, in one place (the README lists them; tests read them here).

    The size, row and column limits are checked before any reading starts; years and measures as
    soon as the file's rows are read; the CPU time and memory limits hold while the work runs (it
    runs in a child process that the operating system stops at either limit).
    """

    #: Largest file, in bytes (the server refuses requests over 8 MB; base64 adds a third).
    max_bytes: int = 5 * 1024 * 1024
    #: Most rows of data (lines below the header that hold anything).
    max_rows: int = 20_000
    #: Most columns on any line.
    max_columns: int = 100
    #: Most distinct years, and most measures (value columns or case counts), on the map.
    max_years: int = 25
    max_measures: int = 10
    #: Problems listed in the report (each list); the rest are counted.
    problems_listed: int = 100
    #: Largest answer the page sends back for one upload (the report and the rows to map).
    max_answer_bytes: int = 1_000_000
    #: CPU seconds one upload may use, and memory it may add, before it is stopped.
    cpu_seconds: int = 10
    memory_bytes: int = 768 * 1024 * 1024
    #: Uploads read at the same time by one server process; another is asked to try again at once.
    at_once_per_worker: int = 1


UPLOAD = UploadLimits()
