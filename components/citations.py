"""Source lines and citation sentences built from source ids, never typed into a layout."""
from __future__ import annotations

from collections.abc import Iterable

from dash import html

from components import data


def short_source(source_id: str) -> str:
    """"Publisher, Title (year)" for one source id."""
    src = data.source_index()[source_id]
    year = (src.get("published") or "")[:4]
    return f"{src['publisher']}, {src['title']}" + (f" ({year})" if year else "")


def source_line(source_ids: Iterable[str], prefix: str = "Source: ") -> html.P:
    """The "Source:" line under a chart: every distinct source of the rows it plots, each linked."""
    ids = list(dict.fromkeys(s for s in source_ids if s))
    parts: list = [prefix]
    for i, sid in enumerate(ids):
        src = data.source_index()[sid]
        if i:
            parts.append("; ")
        parts.append(html.A(short_source(sid), href=src["url"], rel="noreferrer", target="_blank"))
    if not ids:
        parts.append("none (no data shown)")
    return html.P(parts, className="source-line")


def cite_sentence(figure: dict) -> str:
    """A ready sentence for a figure, carrying its source and year, for "copy with citation"."""
    src = data.source_index()[figure["source_id"]]
    return f"{figure['description']} (Source: {src['citation']})"
