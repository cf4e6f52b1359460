"""The key of a page view, so repeat views are answered from memory (webserver.CallbackMemo).

Dash Pages answers a page view (its router callback) with the page's layout, built from the path
and the query string. Views with the same key get the same answer: the key is the page's path plus
the state its layout reads from the query, as the page declares it (`view_key=` in
`dash.register_page`: a function of the query parameters returning a string; a page without one
ignores its query). So `/map?measure=junk` and `/map` share one answer, `/milwaukee?x=1` and
`/milwaukee` too, and no query string makes a worker build a layout it has built already. Unknown
paths get no key (the not-found answer is cheap and is never kept). Layouts must depend on nothing
but their key: not on the host, cookies or other headers.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import dash

from components import shell

#: The output of Dash Pages' router callback, which answers a page view with the page's layout.
ROUTER_OUTPUT = ".._pages_content.children..._pages_store.data.."
LOCATION = "_pages_location"


def query_parameters(search: str | None) -> dict:
    """The query string as Dash Pages hands it to a layout (one value, or a list when repeated)."""
    if not search or not search.startswith("?"):
        return {}
    return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(search[1:], keep_blank_values=True).items()}


def page_at(pathname: str) -> dict | None:
    """The listed page at `pathname` (exact path, as Dash Pages matches it), or None: an address the
    dashboard does not have (the not-found page's own address included)."""
    stripped = dash.strip_relative_path(pathname)
    return next((p for p in shell.listed_pages() if p["path"].strip("/") == stripped), None)


def view_key(body: dict) -> str | None:
    """The key of the page view a router request body asks for, or None when it has none."""
    values = {(i.get("id"), i.get("property")): i.get("value") for i in body.get("inputs") or [] if isinstance(i, dict)}
    pathname, search = values.get((LOCATION, "pathname")), values.get((LOCATION, "search"))
    if not isinstance(pathname, str) or not (search is None or isinstance(search, str)):
        return None
    page = page_at(pathname)
    if page is None:
        return None
    state = page["view_key"](**query_parameters(search)) if page.get("view_key") else ""
    return json.dumps([page["path"], state])


def router_body(path: str, search: str = "") -> dict:
    """The request body a browser sends to view `path` (used to warm a worker's memory)."""
    return {
        "output": ROUTER_OUTPUT,
        "outputs": [{"id": "_pages_content", "property": "children"}, {"id": "_pages_store", "property": "data"}],
        "inputs": [
            {"id": LOCATION, "property": "pathname", "value": path},
            {"id": LOCATION, "property": "search", "value": search},
        ],
        "changedPropIds": [f"{LOCATION}.pathname"],
        "state": [],
    }
