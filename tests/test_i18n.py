"""Spanish (issue 15): the language is part of the address and reaches every request; numbers and
dates follow the locale; every message in the code has a Spanish translation with the same
placeholders. The browser side (every page walked in Spanish) is tests/browser/test_spanish.py.
"""

from __future__ import annotations

import json
import re
import string

import pytest

import app as app_module
from components import i18n, labels, page_views


def _load_catalogue_tool():
    """tools/i18n.py, loaded by path (the tests package has its own `tools` module)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("catalogue_tool", i18n.config.ROOT / "tools" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


catalogue_tool = _load_catalogue_tool()

CLIENT = app_module.server.test_client()


# --- numbers, dates and words --------------------------------------------------------------------


@pytest.mark.parametrize(
    "code,expected",
    [
        ("en", ["1,204", "5,893,718", "21.7%", "about 33%", "Mar 2012", "25 Jul 2013", "2013, 2015 and 2019–2023"]),
        (
            "es",
            [
                "1.204",
                "5.893.718",
                "21,7\xa0%",
                "alrededor de 33\xa0%",
                "marzo de 2012",
                "25 de julio de 2013",
                "2013, 2015 y 2019–2023",
            ],
        ),
    ],
)
def test_numbers_and_dates_follow_the_locale(code, expected):
    with i18n.using(code):
        got = [
            labels.format_number(1204),
            labels.format_number(5893718),
            labels.format_value(21.7, unit="percent"),
            labels.format_value(33, "approx", unit="percent"),
            labels.format_period("2012-03", "2012-03"),
            labels.format_period("2013-07-25", "2013-07-25"),
            labels.format_years([2013, 2015, 2019, 2020, 2021, 2022, 2023]),
        ]
    assert got == expected


def test_units_and_statuses_are_words_of_the_language():
    with i18n.using("es"):
        assert labels.format_value(1, "exact", "victims", with_unit=True) == "1 víctima"
        assert labels.format_value(400, "more_than", "victims", with_unit=True) == "más de 400 víctimas"
        assert labels.status("unverified")["label"] == "Afirmación no verificada"
        assert labels.format_count(3, "county", "counties") == "3 condados"
    assert labels.format_value(400, "more_than", "victims", with_unit=True) == "more than 400 victims"


def test_unknown_languages_read_as_english():
    for junk in ["xx", "", "ES", "es-MX", None, ["es"], "../es"]:
        assert i18n.valid(junk) == "en"


@pytest.mark.parametrize(
    "path,code,expected",
    [
        ("/map?year=2020#x", "es", "/map?year=2020&lang=es#x"),
        ("/map?lang=es&year=2020", "en", "/map?year=2020"),
        ("/sources#source-a", "es", "/sources?lang=es#source-a"),
        ("/", "en", "/"),
    ],
)
def test_addresses_keep_or_change_the_language(path, code, expected):
    assert i18n.href(path, code) == expected


# --- the catalogue -------------------------------------------------------------------------------


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_translation_keeps_the_placeholders_of_its_message():
    catalogue = i18n.catalogue("es")
    assert catalogue, "no Spanish catalogue"
    for message, translation in catalogue.items():
        forms = translation if isinstance(translation, tuple) else (translation,)
        for form in forms:
            assert _fields(form) <= _fields(message) | {"n"}, (message, form)


def test_every_message_in_the_code_has_a_spanish_translation():
    missing = catalogue_tool.missing("es")
    assert missing == [], f"{len(missing)} messages without Spanish, e.g. {missing[:10]}"


# --- the language reaches every request ----------------------------------------------------------


def view(path: str, search: str = "") -> str:
    body = page_views.router_body(path, search)
    code = dict(p.split("=") for p in search.lstrip("?").split("&") if "=" in p).get("lang")
    if code:
        body["lang"] = code  # what assets' request_pre hook adds (app.RENDERER_HOOKS)
    r = CLIENT.post("/_dash-update-component", json=body)
    assert r.status_code == 200
    return json.dumps(r.get_json(), ensure_ascii=False)


def test_the_page_document_says_its_language():
    assert '<html lang="es">' in CLIENT.get("/map?lang=es").get_data(as_text=True)
    assert '<html lang="en">' in CLIENT.get("/map").get_data(as_text=True)
    assert '<html lang="en">' in CLIENT.get("/map?lang=zz").get_data(as_text=True)


def test_a_page_view_comes_in_the_language_of_its_address_and_both_are_kept_apart():
    for _ in range(2):  # the second round comes from the page-view memory
        es, en = view("/map", "?lang=es"), view("/map", "")
        assert "Mapa por condado" in es and "Saltar al contenido principal" in es
        assert re.search(r'"children": "English", "className": "lang-switch", "href": "/map"', es)  # the way back
        assert "Skip to main content" in en and "Mapa por condado" not in en
        assert re.search(r'"children": "Español", "className": "lang-switch", "href": "/map\?lang=es"', en)
        assert '"href": "/sources?lang=es"' in es and '"href": "/sources"' in en


def test_the_renderer_sends_the_language_with_every_callback():
    index = CLIENT.get("/").get_data(as_text=True)
    assert "request_pre" in index and "payload.lang" in index


def test_every_page_name_has_a_spanish_name():
    """The navigation, titles and the not-found list name pages by their registered name."""
    import dash

    with i18n.using("es"):
        untranslated = [p["name"] for p in dash.page_registry.values() if i18n.gettext(p["name"]) == p["name"]]
    assert untranslated == []
