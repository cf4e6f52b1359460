"""The callback validation layout: every component a callback names, and nothing else.

Dash checks each callback's inputs and outputs against `app.validation_layout` instead of
switching the check off, and it sends that layout to the browser with every page. The full layouts
of all pages would add about 1 MB to each page, so this keeps only the components a callback names
(by id, or by the `type` of a pattern-matching id), each as an empty component of the same type,
plus the page container.
"""

from __future__ import annotations

import json

import dash
from dash import _callback, html
from dash.development.base_component import Component


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if isinstance(child, Component):
            yield from _walk(child)


def callback_ids(callback_map: dict | None = None) -> tuple[set[str], set[str]]:
    """(ids, pattern types) of every component a callback names as output, input or state.

    `callback_map` defaults to the callbacks registered so far (Dash moves them into
    `app.callback_map` when the first request arrives; pass that one afterwards)."""
    ids, types = set(), set()

    def add(cid: str) -> None:
        if cid.startswith("{"):
            types.add(json.loads(cid).get("type"))
        else:
            ids.add(cid)

    for output, spec in (_callback.GLOBAL_CALLBACK_MAP if callback_map is None else callback_map).items():
        for part in output.strip(".").split("..."):
            add(part.rsplit(".", 1)[0])
        for dep in spec["inputs"] + spec["state"]:
            add(dep["id"])
    return ids, types


def skeleton(layouts) -> html.Div:
    """One Div holding an empty copy of every component of `layouts` a callback names (each id once)."""
    ids, types = callback_ids()
    seen = {repr(c.id) for c in _walk(dash.page_container) if getattr(c, "id", None) is not None}
    out = []
    for layout in layouts:
        for component in _walk(layout):
            cid = getattr(component, "id", None)
            named = cid in ids if isinstance(cid, str) else isinstance(cid, dict) and cid.get("type") in types
            if not named or repr(cid) in seen:
                continue
            seen.add(repr(cid))
            out.append(type(component)(id=cid))
    return html.Div([*out, dash.page_container])
