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
from components.map_data import build_catalog, view_of_rows
from components.map_state import Catalog, MeasureInfo
from components.map_view import MapView
from components.upload_read import SOURCE_ID, UploadResult, clean_filename
from etl.ingest.output import COLUMNS, tidy_frame
from etl.tables import render_csv

CAVEAT = (
    "Values from your own file, as you gave them (after the checks and any suppression listed in the report). "
    "A county with no value in your file is shown as not reported, never as zero."
)
#: Most rows a payload may hold (72 counties + the state, for every year and measure of a 5 MB file
#: is far less); anything bigger did not come from this page.
MAX_ROWS = 200_000


def payload(result: UploadResult) -> dict | None:
    """What the browser keeps for one successful upload (JSON-safe); None when there is nothing to map."""
    if not result.ok:
        return None
    rows = [
        {k: (None if labels.missing(v) else int(v) if k == "year" else v) for k, v in r.items()}
        for r in result.frame.to_dict("records")
    ]
    return {"rows": rows, "labels": dict(result.labels), "filename": result.filename, "format": result.fmt}


def frame_of(store) -> pd.DataFrame | None:
    """The tidy rows back from the store; None for anything that is not a payload of this page."""
    try:
        rows = store["rows"]
        if not isinstance(rows, list) or not rows or len(rows) > MAX_ROWS:
            return None
        if not all(isinstance(r, dict) and set(r) <= set(COLUMNS) for r in rows):
            return None
        frame = tidy_frame(rows)
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
    return f"Your uploaded file ({filename})"


def upload_catalog(frame: pd.DataFrame, labels: dict[str, str]) -> Catalog:
    """The /map catalog of the uploaded measures (count scale only: no rates of a person's data)."""
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
                "caveat": CAVEAT,
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
    return render_csv("county_measures", frame).decode("utf-8")


def download_name(filename: str) -> str:
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in stem).strip("_")[:60] or "upload"
    return f"{safe}_tidy.csv"
