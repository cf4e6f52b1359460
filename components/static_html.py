"""Dash `html` components written out as an HTML string, for pages served without Dash's renderer
(the embeds): the same components the pages use (a source line, a summary) give the same markup,
so an embed cannot say something its full view does not.

Only `dash.html` components are accepted; anything else (a dcc component, which needs React) is an
error. Text and attribute values are escaped.
"""

from __future__ import annotations

from html import escape

from dash.development.base_component import Component

VOID = frozenset({"area", "br", "col", "hr", "img", "input", "wbr"})
ATTRIBUTE_NAMES = {"className": "class", "htmlFor": "for", "tabIndex": "tabindex"}


def _attributes(props: dict) -> str:
    out = []
    for name, value in props.items():
        if name == "children" or value is None or value is False:
            continue
        name = ATTRIBUTE_NAMES.get(name, name)
        if value is True:
            out.append(f" {name}")
        elif name == "style":
            out.append(f' style="{escape("; ".join(f"{k}: {v}" for k, v in value.items()))}"')
        else:
            out.append(f' {name}="{escape(str(value))}"')
    return "".join(out)


def render(node) -> str:
    """`node` (a component, text, a number or a list of them) as HTML."""
    if node is None:
        return ""
    if isinstance(node, str | int | float):
        return escape(str(node), quote=False)
    if isinstance(node, list | tuple):
        return "".join(render(child) for child in node)
    if not isinstance(node, Component) or node._namespace != "dash_html_components":
        raise TypeError(f"only dash.html components can be written as static HTML, not {type(node).__name__}")
    tag = node._type.lower()
    props = node.to_plotly_json()["props"]
    if tag in VOID:
        return f"<{tag}{_attributes(props)}>"
    return f"<{tag}{_attributes(props)}>{render(props.get('children'))}</{tag}>"
