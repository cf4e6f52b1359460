"""The explanatory-text renderer (components/content.py): the Markdown subset the content files use,
rendered as components on the server, and a clear error for anything outside it."""

from __future__ import annotations

import pytest
from dash import html

from components import content


def test_every_content_file_renders():
    names = sorted(p.stem for p in content.CONTENT.glob("*.md"))
    assert len(names) >= 8
    for name in names:
        div = content.render(name)
        assert div.children and getattr(div, "data-content") == name


def test_headings_paragraphs_lists_and_inline_marks():
    out = content.blocks(
        "### Title\n\nFirst line\nsecond line with **bold `x`** and *it* and `code`.\n\n"
        "- **One:** item\n  continued\n- Two\nAfter the list\n"
    )
    assert [type(c) for c in out] == [html.H3, html.P, html.Ul, html.P]
    assert out[0].children == ["Title"]
    para = out[1].children
    assert para[0] == "First line second line with "
    assert isinstance(para[1], html.Strong) and isinstance(para[1].children[1], html.Code)
    assert isinstance(para[3], html.Em) and isinstance(para[5], html.Code) and para[5].children == "code"
    items = out[2].children
    assert len(items) == 2 and items[0].children[1] == " item continued"
    assert out[3].children == ["After the list"]


def test_text_is_never_html():
    (p,) = content.blocks("a & b > c")
    assert p.children == ["a & b > c"]


@pytest.mark.parametrize(
    "text", ["See [the report](https://example.org).", "<b>raw</b>", "## Level two", "1. numbered", "> quote", "| a |"]
)
def test_markdown_outside_the_subset_is_an_error_naming_file_and_line(text):
    with pytest.raises(content.ContentError, match=r"demo\.md, line 2"):
        content.blocks("fine\n" + text, source="demo.md")
