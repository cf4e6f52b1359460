"""Render every page of the app on the data in HT_DATA_DIR and print what each says, as JSON.

Run in a subprocess (`python -m tests.page_dump [--upload FILE]`) by tests that change or strip the
data folder: config reads HT_DATA_DIR once at import, so each data folder needs its own process.
Prints {path: text}, the text being the JSON of the page's layout (every string, number and figure
a reader can see). With --upload, also maps the file through /upload's reader and map, and prints
the result under "upload".
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from pathlib import Path

import dash
from plotly.utils import PlotlyJSONEncoder

import app  # noqa: F401  (registers the pages)
from components import map_data
from components.map_panels import county_panel
from components.upload_map import choose, payload, upload_catalog, upload_view


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for key, value in node.items() if key not in ("type", "namespace") for s in _strings(value)]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []


def render(layout) -> str:
    """Every string of a layout a reader can see (text, labels, summaries, chart texts), one per line."""
    return "\n".join(
        _strings(json.loads(json.dumps(layout, cls=PlotlyJSONEncoder, ensure_ascii=False, sort_keys=True)))
    )


def pages() -> dict[str, str]:
    out = {}
    for page in dash.page_registry.values():
        layout = page["layout"]
        out[page["path"]] = render(layout() if callable(layout) else layout)
    # the map's county panels carry the county figures and measures
    catalog = map_data.catalog()
    s = map_data.state()
    out["/map#panels"] = render([county_panel(f, catalog, s.measure, s.year) for f in sorted(catalog.fips)])
    return out


def upload(path: Path) -> dict:
    from components.upload_read import process

    url = "data:text/csv;base64," + base64.b64encode(path.read_bytes()).decode()
    result = process(url, path.name, None, {})
    if not result.ok:
        return {"ok": False, "error": result.error}
    frame = result.frame
    catalog = upload_catalog(frame, result.labels)
    info, year = choose(catalog, None, None)
    view = upload_view(frame, info, year, path.name)
    return {
        "ok": True,
        "rows": len(payload(result)["rows"]),
        "policy": sorted(set(frame["policy_version"].dropna())),
        "statuses": sorted(set(frame["value_status"])),
        "counties": len(view.counties),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--upload", type=Path)
    args = parser.parse_args(argv)
    out = {"pages": pages()}
    if args.upload:
        out["upload"] = upload(args.upload)
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
