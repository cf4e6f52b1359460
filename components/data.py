"""The app's only file access: the tidy tables, read once and shared read-only.

Tables are read through the ETL's own `read_tidy`, with the types the ETL built them with (FIPS
stay 5-character strings), from data/tidy, which the ETL writes and validates; the app never
cleans data. Functions are cached, so every callback sees the same frames: callers must not
mutate them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache

import pandas as pd

import config
from etl.tables import read_tidy


def _read(name: str) -> pd.DataFrame:
    return read_tidy(config.TIDY / f"{name}.csv", name)


@cache
def counties() -> pd.DataFrame:
    return _read("counties")


@cache
def county_measures() -> pd.DataFrame:
    return _read("county_measures")


@cache
def agency_measures() -> pd.DataFrame:
    return _read("agency_measures")


@cache
def state_checks() -> pd.DataFrame:
    return _read("state_checks")


@cache
def figures() -> pd.DataFrame:
    return _read("figures")


@cache
def sources() -> pd.DataFrame:
    return _read("sources")


@cache
def measures() -> pd.DataFrame:
    return _read("measures")


@cache
def geojson() -> dict:
    return json.loads((config.TIDY / "counties.geojson").read_text(encoding="utf-8"))


@cache
def policy():
    """The disclosure policy published with the data (data/tidy/disclosure_policy.json)."""
    from etl.ingest.policy import load_policy

    return load_policy(config.TIDY / config.POLICY_FILE)


@cache
def source_index() -> dict[str, dict]:
    """source_id -> source row as a dict, for building source lines and citations."""
    return {row["source_id"]: row for row in sources().fillna("").to_dict("records")}


@dataclass(frozen=True)
class PublishedFile:
    """A published tidy file as /download/<name> serves it: its bytes, a strong ETag (SHA-256 of the
    bytes) and the time it was written, so a client can ask "changed since?" and get 304."""

    data: bytes
    etag: str
    modified: datetime


@cache
def published_file(name: str) -> PublishedFile:
    """A published tidy file, read once per worker (like every table the app reads)."""
    path = config.TIDY / name
    data = path.read_bytes()
    modified = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC).replace(microsecond=0)
    return PublishedFile(data, hashlib.sha256(data).hexdigest()[:32], modified)


@cache
def built() -> date:
    """When the published data last changed: the data package's `created`, which the ETL stamps
    only when an output changes (etl.tables.stamp_created), so it survives checkouts and copies
    that reset file times."""
    package = json.loads((config.TIDY / "datapackage.json").read_text(encoding="utf-8"))
    return datetime.fromisoformat(package["created"]).date()
