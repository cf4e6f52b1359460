"""The Spanish text columns of the tidy tables (etl/translations.py) and their translations file,
locales/es/LC_MESSAGES/data.po: every English text has its Spanish, exactly where it is, and a text
without one stops the build, named with its table, column, row and text."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from babel.messages.pofile import read_po

import config
from etl import translations
from etl.errors import InputError
from etl.metadata import TABLES, spanish
from etl.schemas import validate_tables
from etl.tables import read_tidy

ROOT = Path(__file__).resolve().parents[1]
TIDY = ROOT / "data" / "tidy"
PO = ROOT / "locales" / "es" / "LC_MESSAGES" / "data.po"

#: English texts the Spanish may repeat unchanged: proper names or acronyms only (none so far).
SAME_IN_BOTH: frozenset[str] = frozenset()

TRANSLATED = {
    "figures": ("description", "research_note", "unit"),
    "measures": ("label", "unit", "description", "caveat"),
    "sources": ("date_note", "licence", "reports_on", "seen_via", "caveats"),
    "state_checks": ("explanation",),
    "county_measures": ("note", "unit"),
    "agency_measures": ("note", "unit"),
}


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(TIDY / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def catalog():
    with open(PO, "rb") as fh:
        return read_po(fh)


def test_the_translated_columns_are_the_ones_the_data_dictionary_names():
    assert {name: t.translated for name, t in TABLES.items() if t.translated} == {
        name: tuple(c for c in TABLES[name].columns if c in cols) for name, cols in TRANSLATED.items()
    }


@pytest.mark.parametrize("name", sorted(TRANSLATED))
def test_each_spanish_column_follows_its_english_and_is_filled_exactly_where_it_is(name):
    frame = read(name)
    columns = list(frame.columns)
    assert columns == list(TABLES[name].columns)
    for column in TRANSLATED[name]:
        es = spanish(column)
        assert columns.index(es) == columns.index(column) + 1, f"{name}.{es} is not right after {column}"
        english_empty, spanish_empty = frame[column] == "", frame[es] == ""
        assert (english_empty == spanish_empty).all(), frame.loc[english_empty != spanish_empty, [column, es]]
        assert (~english_empty).any(), f"{name}.{column} has no text at all"


@pytest.mark.parametrize("name", sorted(TRANSLATED))
def test_no_spanish_cell_repeats_its_english(name):
    frame = read(name)
    for column in TRANSLATED[name]:
        same = frame[(frame[column] != "") & (frame[column] == frame[spanish(column)])]
        assert set(same[column]) <= SAME_IN_BOTH, f"{name}.{column}: {sorted(set(same[column]))[:5]}"


def test_the_po_file_is_a_spanish_utf8_catalogue_with_every_entry_translated(catalog):
    text = PO.read_text(encoding="utf-8")
    assert '"Language: es\\n"' in text and '"Content-Type: text/plain; charset=utf-8\\n"' in text
    assert str(catalog.locale) == "es" and not catalog.fuzzy
    assert not catalog.obsolete
    messages = [m for m in catalog if m.id]
    assert messages and all(m.string and m.string.strip() and not m.fuzzy for m in messages)
    assert all(m.string == m.string.strip() and "  " not in m.string for m in messages)
    same = {m.id for m in messages if m.string == m.id}
    assert same <= SAME_IN_BOTH, sorted(same)


def test_the_po_file_has_one_entry_per_english_text_naming_where_it_is(catalog):
    """Exactly the distinct texts of a fresh build (the committed tables equal one: --check), in
    table, column and row order, each with `#.` comments naming its table.columns, as
    `python -m etl --update-translations` writes them."""
    tables = {name: read_tidy(TIDY / f"{name}.csv", name) for name in TABLES}
    texts = translations.english_texts(tables)
    entries = {m.id: list(m.auto_comments) for m in catalog if m.id}
    assert list(entries) == list(texts)
    assert entries == texts
    assert PO.read_bytes() == translations.render_catalog(catalog)


def _numbers_en(text: str) -> list[str]:
    return sorted(re.findall(r"\d+(?:\.\d+)?", re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)))


def _numbers_es(text: str) -> list[str]:
    text = re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", text)  # 1.204 -> 1204
    return sorted(re.findall(r"\d+(?:\.\d+)?", re.sub(r"(?<=\d),(?=\d)", ".", text)))  # 21,7 -> 21.7


def test_every_translation_keeps_the_numbers_of_its_english(catalog):
    """No number added, dropped or changed: the same numbers, written the Spanish way (1.204; 21,7 %)."""
    wrong = {m.id: m.string for m in catalog if m.id and _numbers_en(m.id) != _numbers_es(m.string)}
    assert not wrong, list(wrong.items())[:3]
    assert _numbers_es("5.893.718 y 21,7 %") == _numbers_en("5,893,718 and 21.7%")


#: English wording -> the Spanish term every translation of it uses (the glossary of issue 15).
TERMS = [
    ("sex traffick", "fines de explotación sexual"),  # trata con fines de explotación sexual
    ("labor traffick", "trata laboral"),
    ("labour traffick", "trata laboral"),
    ("under 18", "18 años"),  # menores de 18 años
    ("hotline", "Línea Nacional contra la Trata de Personas"),
    ("Hotline", "Línea Nacional contra la Trata de Personas"),
]


def test_spanish_uses_the_agreed_terms(catalog):
    off = [
        (english, m.id) for m in catalog if m.id for english, term in TERMS if english in m.id and term not in m.string
    ]
    assert not off, off[:3]
    spanish_text = " ".join(m.string for m in catalog if m.id)
    assert not re.search(r"\d%", spanish_text), "a percent sign goes after a space in Spanish: 21,7 %"
    assert "trata sexual" not in spanish_text


def test_the_published_spanish_is_the_catalogue_s(catalog):
    strings = {m.id: m.string for m in catalog if m.id}
    for name, columns in TRANSLATED.items():
        frame = read(name)
        for column in columns:
            rows = frame[frame[column] != ""]
            assert (rows[column].map(strings) == rows[spanish(column)].str.removeprefix("'")).all(), (name, column)


# --- a text without Spanish stops the build ---------------------------------------------------------


def _po_copy(tmp_path: Path, blank: str | None = None, fuzzy: str | None = None, drop: str | None = None) -> Path:
    with open(PO, "rb") as fh:
        catalog = read_po(fh)
    if blank:
        catalog[blank].string = ""
    if fuzzy:
        catalog[fuzzy].flags.add("fuzzy")
    if drop:
        del catalog[drop]
    path = tmp_path / "data.po"
    path.write_bytes(translations.render_catalog(catalog))
    return path


def _english_tables() -> dict[str, pd.DataFrame]:
    tables = {name: read_tidy(TIDY / f"{name}.csv", name) for name in TABLES}
    return {name: frame.loc[:, list(TABLES[name].english_columns)] for name, frame in tables.items()}


def test_translate_adds_each_spanish_column_after_its_english_and_keeps_empty_cells_empty():
    tables = _english_tables()
    out = translations.translate(tables, PO)
    for name, table in TABLES.items():
        assert list(out[name].columns) == list(table.columns)
        for column in table.translated:
            assert (out[name][column].isna() == out[name][spanish(column)].isna()).all()
            assert out[name][column].isna().any() or column not in ("research_note", "note", "explanation")
        english = table.english_columns
        pd.testing.assert_frame_equal(out[name].loc[:, list(english)], tables[name])
    assert validate_tables(out) == []


def test_every_missing_translation_is_named_with_table_column_row_and_text(tmp_path):
    po = _po_copy(
        tmp_path,
        blank="Population, 2020 Census",
        fuzzy="sum of 1 agency read",
        drop="Not found in any agency read: agencies that sent 2017 data to the FBI outside NIBRS have no "
        "row in the per-agency files.",
    )
    with pytest.raises(InputError) as caught:
        translations.translate(_english_tables(), po)
    report = str(caught.value)
    assert "3 problem(s) in the input; nothing was written" in report
    assert (
        "column 'measures.label': 'Population, 2020 Census': no Spanish translation for measures.csv row "
        "measure=population: its msgstr is empty" in report
    )
    assert re.search(
        r"column 'county_measures\.note': 'sum of 1 agency read': no Spanish translation for county_measures\.csv "
        r"row fips=\d{5}, year=\d{4}, measure=\w+ and \d+ more row\(s\): its msgstr is marked fuzzy",
        report,
    )
    assert "column 'state_checks.explanation': 'Not found in any agency read" in report
    assert "state_checks.csv row year=2017, measure=" in report and "it has no entry" in report
    lines = {p.column: p.line for p in caught.value.problems}
    assert lines["measures.label"] and lines["county_measures.note"] and lines["state_checks.explanation"] is None


def test_a_missing_or_foreign_catalogue_is_refused(tmp_path):
    with pytest.raises(InputError, match="translations file does not exist"):
        translations.read_catalog(tmp_path / "nowhere.po")
    french = tmp_path / "fr.po"
    french.write_text(PO.read_text(encoding="utf-8").replace('"Language: es\\n"', '"Language: fr\\n"'), "utf-8")
    with pytest.raises(InputError, match="'Language': 'fr': expected 'es'"):
        translations.read_catalog(french)


def test_the_etl_stops_on_a_missing_translation_and_leaves_tidy_untouched(tmp_path):
    data_dir = tmp_path / "data"
    shutil.copytree(config.ROOT / "data", data_dir)
    before = {p.name: p.read_bytes() for p in (data_dir / "tidy").iterdir()}
    po = _po_copy(tmp_path, blank="Share of residents under 18, 2020 Census")
    env = os.environ | {"HT_DATA_DIR": str(data_dir), "HT_DATA_PO": str(po)}
    result = subprocess.run([sys.executable, "-m", "etl"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert (
        "column 'measures.label': 'Share of residents under 18, 2020 Census': no Spanish translation for "
        "measures.csv row measure=population_under18_share: its msgstr is empty: translate it" in result.stderr
    )
    assert {p.name: p.read_bytes() for p in (data_dir / "tidy").iterdir()} == before
    assert not list(data_dir.glob(".tidy-*"))


def test_update_adds_new_texts_untranslated_keeps_translations_and_drops_unused(tmp_path):
    tables = _english_tables()
    tables["measures"].loc[0, "caveat"] = "A new caveat nobody has translated yet."
    po = tmp_path / "data.po"
    shutil.copy(PO, po)
    todo, dropped = translations.update(tables, po)
    assert (todo, dropped) == (1, 1)
    with open(po, "rb") as fh:
        updated = read_po(fh)
    assert updated["A new caveat nobody has translated yet."].string == ""
    assert list(updated["A new caveat nobody has translated yet."].auto_comments) == ["measures.caveat"]
    assert updated["Population, 2020 Census"].string == "Población, Censo de 2020"
    assert translations.update(tables, po) == (1, 0)
    again = po.read_bytes()
    translations.update(tables, po)
    assert po.read_bytes() == again  # nothing changed, nothing rewritten (the revision date included)
