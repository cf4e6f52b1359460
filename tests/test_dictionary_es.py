"""The Spanish data dictionary (components/dictionary_es.py): every published table and column of
etl/metadata.py has a Spanish description, so /data in Spanish documents every English column name."""

from __future__ import annotations

from components import dictionary_es
from etl.metadata import COLUMNS, TABLES


def test_every_table_has_a_spanish_title_and_description():
    assert set(dictionary_es.TABLES_ES) == set(TABLES)
    for name, (title, description) in dictionary_es.TABLES_ES.items():
        assert title.strip() and description.strip(), name
        assert description != TABLES[name].description, name


def test_every_column_has_a_spanish_description():
    assert set(dictionary_es.COLUMNS_ES) == set(COLUMNS)
    for name, description in dictionary_es.COLUMNS_ES.items():
        assert description.strip() and description != COLUMNS[name][1], name


def test_every_column_of_every_table_is_described():
    for table in TABLES.values():
        for column in table.columns:
            assert dictionary_es.column(column), f"{table.name}.{column}"


def test_every_column_type_has_spanish_words():
    assert {kind for kind, *_ in COLUMNS.values()} <= set(dictionary_es.TYPES_ES)
