"""/upload: the map and county table of an upload, built by the /map page's own code.

The uploaded rows are kept in the browser (a dcc.Store with storage_type "memory") as a small
payload: the tidy rows (county_measures columns, statuses, notes, policy version), the measure
labels and the file name. `payload` makes it, `frame_of` reads it back (hostile input gives None),
and `upload_view` cuts a `MapView` from it with `components.map_data.build_catalog` and
`view_of_rows`, so colours, classes, legend, statuses, hover and table are those of /map. The
source of every county is "Your uploaded file (name)"; sources.csv is never consulted.
"""

from __future__ import annotations

import pandas as pd

from components import data, labels
from components.i18n import N_, _
from components.map_data import build_catalog, view_of_rows
from components.map_state import Catalog, MeasureInfo
from components.map_view import MapView
from components.upload_read import SOURCE_ID, UploadResult, clean_filename
from etl.ingest.output import COLUMNS, tidy_frame
from etl.tables import render_csv

CAVEAT = N_(
    "Values from your own file, as you gave them (after the checks and any suppression listed in the report). "
    "A county with no value in your file is shown as not reported, never as zero."
)
#: Most rows a payload may hold (72 counties + the state for every year and measure the upload limits
#: allow is far less); anything bigger did not come from this page.
MAX_ROWS = 200_000
#: Columns whose cells are text: the payload holds each distinct text once, and the cells its index.
TEXT_COLUMNS = ("fips", "measure", "value_status", "unit", "source_id", "note", "policy_version")


def payload(result: UploadResult) -> dict | None:
    """What the browser keeps for one successful upload (JSON-safe); None when there is nothing to map.

    Compact, because it travels with the answer and back with every change of measure or year: one
    list per row in COLUMNS order, each text cell the index of its text in `texts` (a note repeated
    on every row is sent once), numbers as numbers and missing values as null.
    """
    if not result.ok:
        return None
    texts: dict[str, int] = {}
    rows = []
    for record in result.frame[COLUMNS].itertuples(index=False):
        row = []
        for column, v in zip(COLUMNS, record):
            if labels.missing(v):
                row.append(None)
            elif column in TEXT_COLUMNS:
                row.append(texts.setdefault(str(v), len(texts)))
            else:
                row.append(int(v) if column == "year" else float(v))
        rows.append(row)
    return {
        "columns": COLUMNS,
        "texts": list(texts),
        "rows": rows,
        "labels": dict(result.labels),
        "filename": result.filename,
        "format": result.fmt,
    }


def frame_of(store) -> pd.DataFrame | None:
    """The tidy rows back from the store; None for anything that is not a payload of this page."""
    try:
        rows, texts = store["rows"], store["texts"]
        if store["columns"] != COLUMNS or not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            return None
        if not isinstance(rows, list) or not rows or len(rows) > MAX_ROWS:
            return None
        records = []
        for row in rows:
            if not isinstance(row, list) or len(row) != len(COLUMNS):
                return None
            record = {}
            for column, v in zip(COLUMNS, row):
                if v is None:
                    record[column] = None
                elif column in TEXT_COLUMNS:
                    if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v < len(texts):
                        return None
                    record[column] = texts[v]
                elif isinstance(v, int | float) and not isinstance(v, bool):
                    record[column] = v
                else:
                    return None
            records.append(record)
        frame = tidy_frame(records)
        if not frame["fips"].map(lambda v: isinstance(v, str)).all():
            return None
        if not frame["value_status"].isin(["reported", "suppressed", "not_reported"]).all():
            return None
        return frame
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError):
        return None


def labels_of(store, frame: pd.DataFrame) -> dict[str, str]:
    labels = store.get("labels") if isinstance(store, dict) else None
    labels = labels if isinstance(labels, dict) else {}
    present = [m for m in dict.fromkeys(frame["measure"]) if isinstance(m, str)]
    order = [m for m in labels if m in present] + [m for m in present if m not in labels]  # the page's order first
    return {m: str(labels.get(m) or m)[:80] for m in order}


def filename_of(store) -> str:
    return clean_filename(store.get("filename") if isinstance(store, dict) else None)


def publisher(filename: str) -> str:
    """Who published the upload's values, as the map, its table and its source line name it."""
    return _("Your uploaded file ({filename})").format(filename=filename)


def upload_catalog(frame: pd.DataFrame, labels: dict[str, str]) -> Catalog:
    """The /map catalog of the uploaded measures (count scale only: no rates of a person's data); its
    words (the caveat) in the reader's language."""
    units = {m: str(frame.loc[frame["measure"] == m, "unit"].iloc[0] or "") for m in labels}
    meta = pd.DataFrame(
        [
            {
                "measure": m,
                "label": label,
                "unit": units[m],
                "measure_kind": "count",
                "yearly": True,
                "rate_base": "",
                "caveat": _(CAVEAT),
                "description": "",
            }
            for m, label in labels.items()
        ],
        columns=["measure", "label", "unit", "measure_kind", "yearly", "rate_base", "caveat", "description"],
    )
    return build_catalog(frame, meta, frozenset(data.counties()["fips"]))


def choose(catalog: Catalog, measure, year) -> tuple[MeasureInfo | None, int | None]:
    """A valid (measure, year) of the upload: the one asked for when it exists, else the first measure
    and its latest year."""
    info = catalog.measures.get(measure) if isinstance(measure, str) else None
    info = info or next(iter(catalog.measures.values()), None)
    if info is None:
        return None, None
    if not info.years:
        return info, None
    y = year if isinstance(year, int) and not isinstance(year, bool) and year in info.years else max(info.years)
    return info, y


def upload_view(frame: pd.DataFrame, info: MeasureInfo, year: int | None, filename: str) -> MapView:
    return view_of_rows(frame, info, year, "count", {SOURCE_ID: publisher(filename)})


def tidy_csv(frame: pd.DataFrame) -> str:
    """The normalised rows exactly as `python -m etl.ingest` writes them (statuses, notes, policy version)."""
    return render_csv("county_measures", frame, COLUMNS).decode("utf-8")


def download_name(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in stem).strip("_")[:60] or "upload"
    return f"{safe}_tidy.csv"
