"""Every page in Spanish in a real browser (issue 15): `<html lang="es">`, no English left in the
words a person reads (every translated message of the catalogue and every translated data text
is looked for), every link keeps the language, the switch goes back to the same view in English,
and presenter mode steps through the story in Spanish. axe-core in Spanish:
tests/browser/test_accessibility.py.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from components import i18n
from tests.browser.conftest import wait_for_dash

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["/", "/map", "/milwaukee", "/youth", "/trends", "/sources", "/data", "/upload", "/no-such-page"]
#: Data text columns with their Spanish column (the ETL writes both).
DATA_TEXT = {
    "figures.csv": ["description", "research_note"],
    "measures.csv": ["label", "description", "caveat"],
    "sources.csv": ["caveats"],
    "state_checks.csv": ["explanation"],
}


def english_leftovers() -> list[str]:
    """English texts that have a different Spanish version: catalogue messages of at least three
    words without placeholders, and the data's translated text cells."""
    out = []
    for message, translation in i18n.catalogue("es").items():
        if isinstance(translation, str) and "{" not in message and len(message.split()) >= 3 and translation != message:
            out.append(message)
    for name, columns in DATA_TEXT.items():
        with (ROOT / "data" / "tidy" / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for column in columns:
                    english, spanish = row.get(column) or "", row.get(f"{column}_es") or ""
                    if len(english.split()) >= 3 and spanish and spanish != english:
                        out.append(english)
    return sorted(set(out), key=len, reverse=True)


@pytest.fixture(scope="module")
def leftovers():
    return english_leftovers()


@pytest.fixture(scope="module")
def short_messages():
    """Catalogue messages with a different Spanish, any length (a label, a button), without placeholders."""
    return {m for m, t in i18n.catalogue("es").items() if isinstance(t, str) and t != m and "{" not in m and m.strip()}


JS_TEXT_NODES = """() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, el = node.parentElement;
        if (!el || el.closest('script, style, code, [lang]:not([lang="es"])')) continue;  // code: names, never words
        const text = node.nodeValue.replace(/\\s+/g, ' ').trim();
        if (text) out.push(text);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
        for (const name of ['aria-label', 'title', 'placeholder']) {
            if (el.getAttribute(name)) out.push(el.getAttribute(name).trim());
        }
    }
    return out;
}"""


def visible_text(page) -> str:
    """Every word of the page a person can reach (closed details and tables included), without the
    parts marked as English on purpose (`lang="en"`: the English originals /data shows beside the
    Spanish), scripts and styles."""
    return re.sub(
        r"\s+",
        " ",
        page.evaluate("""() => {
            const copy = document.body.cloneNode(true);
            copy.querySelectorAll('script, style, [lang]:not([lang="es"])').forEach(e => e.remove());
            return copy.textContent;
        }"""),
    )


@pytest.mark.parametrize("path", PAGES)
def test_every_page_reads_in_spanish(page, leftovers, short_messages, path):
    page.goto(page.base + path + "?lang=es")
    wait_for_dash(page)
    assert page.evaluate("document.documentElement.lang") == "es"
    text = visible_text(page)
    found = [english for english in leftovers if english in text]
    assert found == [], f"{path}: English left: {found[:8]}"
    labels = sorted({t for t in page.evaluate(JS_TEXT_NODES) if t in short_messages})
    assert labels == [], f"{path}: English labels, names or buttons left: {labels[:8]}"
    links = page.eval_on_selector_all(
        "a[href^='/']:not(.lang-switch)", "els => els.map(a => a.getAttribute('href'))"
    )  # the switch to English is the one link that leaves Spanish
    lost = [h for h in links if not h.startswith(("/download/", "/assets/")) and "lang=es" not in h]
    assert lost == [], f"{path}: links that lose the language: {lost[:8]}"
    expected = ["the server responded with a status of 404"] if path == "/no-such-page" else []  # the page itself
    assert [e for e in page.watch.console_errors if not any(x in e for x in expected)] == []
    assert page.watch.blocked == []


def test_the_switch_opens_the_same_view_in_the_other_language(page):
    page.goto(page.base + "/map?year=2019&lang=es")
    wait_for_dash(page)
    page.get_by_role("link", name="English").click()
    page.wait_for_function("() => document.documentElement.lang === 'en'")
    wait_for_dash(page)
    assert "year=2019" in page.url and "lang=" not in page.url
    page.get_by_role("link", name="Español").click()
    page.wait_for_function("() => document.documentElement.lang === 'es'")
    assert "year=2019" in page.url and "lang=es" in page.url


def test_presenter_mode_steps_through_the_story_in_spanish(page):
    page.goto(page.base + "/?lang=es&present=1")
    wait_for_dash(page)
    status = page.locator("#presenter-status")
    assert status.inner_text().startswith("Modo presentación")
    for _ in range(12):
        page.keyboard.press("ArrowRight")
        if "/map" in page.url:
            break
    page.wait_for_function("() => location.pathname === '/map'")
    wait_for_dash(page)
    assert "lang=es" in page.url and page.evaluate("document.documentElement.lang") == "es"
    assert page.locator("main h1").inner_text() == "Mapa por condado"
