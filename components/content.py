"""Explanatory text kept in Markdown files under components/content/, rendered on the server.

The files use a small subset of Markdown: `###` headings, paragraphs, `- ` bullet lists (with
indented continuation lines), and inline **bold**, *italic* and `code`. They are turned into Dash
HTML components here, once per worker and language, instead of by Dash's Markdown component in
the browser: that saves every page with text about 90 KB of Markdown and syntax-highlighting
scripts, and no text is ever handed to an HTML parser. Anything outside the subset (a link, a
table, raw HTML) is an error at start-up naming the file and line, so the subset cannot drift
silently.

Each text has a Spanish version under components/content/es/ (same name, same subset); a page in
Spanish shows it, and a text without one is shown in English, as a message without a translation is.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from dash import html

from components import i18n

CONTENT = Path(__file__).resolve().parent / "content"

#: Inline marks, longest first so `**` is never read as two `*`.
INLINE = re.compile(r"\*\*(?P<strong>.+?)\*\*|\*(?P<em>[^*]+?)\*|`(?P<code>[^`]+?)`")
#: Markdown this renderer does not support; finding one is an error rather than a literal character.
UNSUPPORTED = re.compile(r"\[[^\]]*\]\(|<[a-zA-Z/!]|^\s*(#{1,2}|#{4,}) |^\s*\d+\. |^\s*[*+] |^\s*>|^\s*\|")


class ContentError(ValueError):
    """A content file uses Markdown outside the supported subset."""


def path_of(name: str, lang: str = i18n.DEFAULT) -> Path:
    """The file of text `name` in language `lang`: components/content/<name>.md in English,
    components/content/<lang>/<name>.md otherwise (the English file when that one is missing)."""
    translated = CONTENT / lang / f"{name}.md"
    return translated if lang != i18n.DEFAULT and translated.is_file() else CONTENT / f"{name}.md"


@cache
def markdown(name: str, lang: str = i18n.DEFAULT) -> str:
    """The text of `name` in language `lang` (see path_of; raises if the English file is missing)."""
    return path_of(name, lang).read_text(encoding="utf-8")


def inline(text: str) -> list:
    """Text with **bold**, *italic* and `code` as components; everything else stays plain text."""
    out: list = []
    pos = 0
    for m in INLINE.finditer(text):
        if m.start() > pos:
            out.append(text[pos : m.start()])
        if m["strong"] is not None:
            out.append(html.Strong(inline(m["strong"])))
        elif m["em"] is not None:
            out.append(html.Em(m["em"]))
        else:
            out.append(html.Code(m["code"]))
        pos = m.end()
    if pos < len(text):
        out.append(text[pos:])
    return out


def blocks(text: str, source: str = "<text>") -> list:
    """Headings, paragraphs and bullet lists of `text` as Dash components."""
    out: list = []
    paragraph: list[str] = []
    items: list[list[str]] = []

    def flush() -> None:
        if paragraph:
            out.append(html.P(inline(" ".join(paragraph))))
            paragraph.clear()
        if items:
            out.append(html.Ul([html.Li(inline(" ".join(item))) for item in items]))
            items.clear()

    for number, line in enumerate(text.splitlines(), start=1):
        if UNSUPPORTED.search(line):
            raise ContentError(f"{source}, line {number}: Markdown outside the supported subset: {line.strip()!r}")
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("### "):
            flush()
            out.append(html.H3(inline(stripped[4:])))
        elif stripped.startswith("- "):
            if paragraph:
                flush()
            items.append([stripped[2:]])
        elif items and line.startswith((" ", "\t")):
            items[-1].append(stripped)
        else:
            if items:
                flush()
            paragraph.append(stripped)
    flush()
    return out


@cache
def _rendered(name: str, lang: str) -> tuple:
    path = path_of(name, lang)
    return tuple(blocks(markdown(name, lang), source=str(path.relative_to(CONTENT.parent.parent))))


def render(name: str, className: str | None = None) -> html.Div:
    """Text `name` in the current language (components/content/<name>.md, or its translation under
    components/content/<lang>/) as a Div of HTML components (marked with data-content=<name>)."""
    return html.Div(list(_rendered(name, i18n.lang())), className=className, **{"data-content": name})
