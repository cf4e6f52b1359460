"""Spanish versions of the tidy tables' human-readable text columns, from a gettext PO file.

Every English text column a table lists in etl.metadata with a `<column>_es` after it (see
`Table.translated`) is published with its Spanish translation next to it. The translations live in
locales/es/LC_MESSAGES/data.po, an input reviewed like data/raw and read from disk: one entry per
distinct English text, msgid the English exactly, msgstr the Spanish, and a `#.` comment naming each
table.column the text is found in. An empty English cell gives an empty Spanish cell.

`translate` stops the build when any text has no entry, an empty msgstr or a fuzzy one (a
translation still to review), listing every one at once with its table, column, first row key and
text, so a new source cannot be published without Spanish. `update` rewrites the file from the
English texts of a fresh build (`python -m etl --update-translations`): a new text gets an entry with
an empty msgstr for a translator to fill, the `#.` comments are refreshed, entries no text uses any
more are dropped, and every translation is kept as it is.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, read_po, write_po

import config
from etl.errors import InputError, Problem, display_path, raise_if
from etl.metadata import TABLES, spanish

LANGUAGE = "es"
HEADER = """\
# Spanish translations of the text columns of the published tables
# (data/tidy): one entry per distinct English text. msgid is the English
# exactly, msgstr its Spanish; the #. comment names the table.column it is
# found in. `python -m etl` publishes each translation in the <column>_es
# column next to the English, and refuses to build while any text has no
# msgstr or a fuzzy one. `python -m etl --update-translations` adds new
# texts (with an empty msgstr) and drops entries no text uses any more.
#"""


def _is_empty(text: object) -> bool:
    return text is None or (isinstance(text, float) and pd.isna(text)) or text is pd.NA or text == ""


def english_texts(tables: dict[str, pd.DataFrame]) -> dict[str, list[str]]:
    """Every distinct non-empty English text of the translated columns -> the table.columns it is in,
    in the order of the published tables, their columns and their rows."""
    texts: dict[str, list[str]] = {}
    for name, table in TABLES.items():
        for column in table.translated:
            where = f"{name}.{column}"
            for text in tables[name][column]:
                if not _is_empty(text):
                    places = texts.setdefault(text, [])
                    if where not in places:
                        places.append(where)
    return texts


def read_catalog(path: Path | None = None) -> Catalog:
    """The PO file as a Babel catalog; InputError when it is missing, unreadable or not Spanish."""
    path = path or config.DATA_PO
    file = display_path(path)
    if not path.is_file():
        raise_if([Problem(file, None, None, str(path), "translations file does not exist")])
    try:
        with open(path, "rb") as fh:
            catalog = read_po(fh, ignore_obsolete=True, abort_invalid=True)
    except PoFileError as err:
        raise InputError([Problem(file, None, None, str(err), "not a valid PO file")]) from err
    if str(catalog.locale or "") != LANGUAGE:
        raise_if([Problem(file, None, "Language", str(catalog.locale or ""), f"expected {LANGUAGE!r}")])
    return catalog


def _messages(catalog: Catalog) -> Iterator[Message]:
    return (m for m in catalog if m.id and isinstance(m.id, str))


def _row_key(frame: pd.DataFrame, index, key_columns: tuple[str, ...]) -> str:
    parts = []
    for column in key_columns:
        value = frame.at[index, column]
        parts.append(f"{column}={'' if pd.isna(value) else value}")
    return ", ".join(parts)


def translate(tables: dict[str, pd.DataFrame], path: Path | None = None) -> dict[str, pd.DataFrame]:
    """`tables` with every Spanish column filled in, each right after its English column.

    Raises InputError listing every text with no usable translation: one problem per table, column
    and text, naming the first row (by primary key) it is in and how many more rows use it.
    """
    path = path or config.DATA_PO
    file = display_path(path)
    catalog = read_catalog(path)
    done: dict[str, str] = {}
    pending: dict[str, tuple[int | None, str]] = {}
    for message in _messages(catalog):
        if message.fuzzy:
            pending[message.id] = (message.lineno, "its msgstr is marked fuzzy: review it and remove the flag")
        elif not isinstance(message.string, str) or not message.string.strip():
            pending[message.id] = (message.lineno, "its msgstr is empty: translate it")
        else:
            done[message.id] = message.string
    problems: list[Problem] = []
    out = {}
    for name, frame in tables.items():
        table = TABLES[name]
        frame = frame.copy()
        for column in table.translated:
            english = frame[column]
            filled = english.map(lambda text: None if _is_empty(text) else done.get(text)).astype(object)
            missing: dict[str, list] = {}
            for index, text in english.items():
                if not _is_empty(text) and _is_empty(filled[index]):
                    missing.setdefault(text, []).append(index)
            for text, rows in missing.items():
                line, why = pending.get(text, (None, "it has no entry: add one with msgid the English exactly"))
                more = f" and {len(rows) - 1} more row(s)" if len(rows) > 1 else ""
                where = _row_key(frame, rows[0], table.primary_key)
                problems.append(
                    Problem(
                        file,
                        line,
                        f"{name}.{column}",
                        text,
                        f"no Spanish translation for {name}.csv row {where}{more}: {why}",
                    )
                )
            frame[spanish(column)] = filled
        out[name] = frame.loc[:, list(table.columns)] if table.translated else frame
    raise_if(problems)
    return out


def render_catalog(catalog: Catalog) -> bytes:
    """The PO file's bytes: Babel's writer, 76-column lines, no python-format flags (the texts are data:
    a "%" in them is a percent sign, never a placeholder)."""
    for message in _messages(catalog):
        message.flags.discard("python-format")
        if "%" in message.id:
            message.flags.add("no-python-format")
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=76, ignore_obsolete=True, include_previous=False)
    return buffer.getvalue()


def update(tables: dict[str, pd.DataFrame], path: Path | None = None, now: datetime | None = None) -> tuple[int, int]:
    """Rewrite the PO file from the English texts of `tables` (the build before `translate`): every
    text gets an entry, in table, column and row order, keeping its translation and flags if it has
    one (a new text gets an empty msgstr) and `#.` comments naming where it is found now; entries
    no text uses are dropped. Returns (texts still to translate, entries dropped)."""
    path = path or config.DATA_PO
    old = read_catalog(path) if path.is_file() else None
    now = now or datetime.now(UTC)
    new = Catalog(
        locale=LANGUAGE,
        domain="data",
        header_comment=HEADER,
        project="wisconsin-human-trafficking-dashboard",
        version="data",
        msgid_bugs_address=old.msgid_bugs_address if old else "the project's issue tracker",
        creation_date=old.creation_date if old else now,
        revision_date=old.revision_date if old else now,
        last_translator=old.last_translator if old else "the project's contributors",
        language_team=old.language_team if old else "Spanish",
        charset="utf-8",
        fuzzy=False,
    )
    kept = {m.id: m for m in _messages(old)} if old else {}
    texts = english_texts(tables)
    todo = 0
    for text, places in texts.items():
        before = kept.get(text)
        string = before.string if before else ""
        flags = set(before.flags) if before else set()
        comments = before.user_comments if before else ()
        new.add(text, string, flags=flags, auto_comments=places, user_comments=comments)
        todo += not string or "fuzzy" in flags
    dropped = len(set(kept) - set(texts))
    data = render_catalog(new)
    if not path.is_file() or path.read_bytes() != data:
        new.revision_date = now
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(render_catalog(new))
    return todo, dropped
