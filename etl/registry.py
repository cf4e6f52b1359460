"""The sources registry (data/sources.yaml) and the measure dictionary (data/measures.yaml).

Every raw file is registered under the source it came from, with the format that reads it, so the
ETL finds its inputs through the registry and every row it produces carries that source's id.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

import config
from etl.errors import Problem, display_path, raise_if
from etl.metadata import TABLES

SOURCE_KEYS = (
    "source_id",
    "publisher",
    "title",
    "url",
    "published",
    "date_note",
    "accessed",
    "kind",
    "licence",
    "reports_on",
    "seen_via",
    "caveats",
)
MEASURE_KEYS = ("measure", "label", "unit", "kind", "yearly", "rate_base", "description", "caveat")


@dataclass(frozen=True)
class RawFile:
    """A raw input registered under a source: where it is, how to read it, and reader options."""

    source_id: str
    path: Path
    format: str
    options: dict


def _load_yaml_list(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise_if([Problem(display_path(path), None, None, type(data).__name__, "expected a list of entries")])
    return data


def _check_entries(path: Path, entries: list[dict], keys: tuple[str, ...], id_key: str) -> list[Problem]:
    problems, seen = [], set()
    for n, entry in enumerate(entries, start=1):
        where = f"entry {n}"
        if not isinstance(entry, dict):
            problems.append(Problem(display_path(path), None, where, entry, "expected a mapping"))
            continue
        missing = [k for k in keys if k not in entry]
        if missing:
            problems.append(
                Problem(display_path(path), None, f"{where} ({entry.get(id_key)})", missing, "missing keys")
            )
        if entry.get(id_key) in seen:
            problems.append(Problem(display_path(path), None, id_key, entry.get(id_key), "duplicate id"))
        seen.add(entry.get(id_key))
    return problems


def citation(entry: dict) -> str:
    """A ready-to-paste citation: publisher, title, date, where it was read and when."""
    date = entry.get("published") or "n.d."
    text = f"{entry['publisher']}. {entry['title']}. {date}. {entry['url']}"
    if entry.get("seen_via"):
        text += f" (read via {entry['seen_via']})"
    return text + f", accessed {entry['accessed']}."


def load_sources(path: Path | None = None) -> list[dict]:
    """The registry entries, checked for missing keys and duplicate ids."""
    path = path or config.SOURCES_YAML
    entries = _load_yaml_list(path)
    raise_if(_check_entries(path, entries, SOURCE_KEYS, "source_id"))
    return entries


def sources_table(entries: list[dict]) -> pd.DataFrame:
    """The published sources table: one row per registry entry, sorted by id, with a citation."""
    rows = [
        {k: ("" if entry.get(k) is None else str(entry.get(k))).strip() for k in SOURCE_KEYS}
        | {"citation": citation(entry)}
        for entry in entries
    ]
    frame = pd.DataFrame(rows, columns=list(TABLES["sources"].english_columns))
    frame = frame.replace("", None).sort_values("source_id", ignore_index=True)
    return frame.astype(
        {c: "str" for c in ("source_id", "publisher", "title", "url", "accessed", "kind", "caveats", "citation")}
    )


def raw_files(entries: list[dict], raw_dir: Path | None = None) -> list[RawFile]:
    """Every raw file registered in the sources registry, in registry order."""
    raw_dir = raw_dir or config.RAW
    problems, files = [], []
    for entry in entries:
        for spec in entry.get("raw") or []:
            path = raw_dir / spec["path"]
            if not path.is_file():
                problems.append(
                    Problem(
                        display_path(config.SOURCES_YAML),
                        None,
                        entry["source_id"],
                        spec["path"],
                        "registered raw file does not exist",
                    )
                )
            options = {k: v for k, v in spec.items() if k not in ("path", "format")}
            files.append(RawFile(entry["source_id"], path, spec["format"], options))
    raise_if(problems)
    return files


def load_measures(path: Path | None = None) -> pd.DataFrame:
    """The measure dictionary as the published measures table."""
    path = path or config.MEASURES_YAML
    entries = _load_yaml_list(path)
    raise_if(_check_entries(path, entries, MEASURE_KEYS, "measure"))
    frame = pd.DataFrame(entries, columns=list(MEASURE_KEYS)).rename(columns={"kind": "measure_kind"})
    frame["yearly"] = frame["yearly"].astype(bool)
    for col in ("label", "description", "caveat"):
        frame[col] = frame[col].map(lambda s: " ".join(str(s).split()))
    frame["rate_base"] = frame["rate_base"].replace("", None)
    return frame.sort_values("measure", ignore_index=True)
