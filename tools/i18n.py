"""Translations: extract the dashboard's messages and keep the Spanish catalogue in step.

    python tools/i18n.py update   # locales/messages.pot from the code; merge it into each language's .po
    python tools/i18n.py check    # exit 1, listing them, when a message has no translation

Messages are the strings the code passes to `_`, `gettext`, `ngettext` and `N_` (components/i18n.py),
plus the nouns given to `labels.format_count` and `labels._forms` (singular and plural). Translators
edit `locales/<lang>/LC_MESSAGES/messages.po` with any gettext tool; `update` keeps their work and
marks changed English as fuzzy (a fuzzy entry counts as untranslated). Translations written
elsewhere (`locales/<lang>/LC_MESSAGES/parts/*.po`) are merged in by `update` and the parts removed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from components.i18n import DEFAULT, LANGS, LOCALES, LOCALES_DIR  # noqa: E402

KEYWORDS = DEFAULT_KEYWORDS | {"format_count": (2, 3), "_forms": (1, 2)}
SOURCES = ("components", "pages")
FILES = ("app.py",)
TEMPLATE = LOCALES_DIR / "messages.pot"


def po_path(lang: str) -> Path:
    return LOCALES_DIR / lang / "LC_MESSAGES" / "messages.po"


def extract() -> Catalog:
    """Every message in the code, with where it is used."""
    catalog = Catalog(project="wisconsin-ht-dashboard", charset="utf-8")
    found = [
        (str(Path(d) / name), *rest)
        for d in SOURCES
        for name, *rest in extract_from_dir(ROOT / d, method_map=[("**.py", "python")], keywords=KEYWORDS)
    ]
    for f in FILES:
        found += [(f, *rest) for rest in extract_from_file("python", ROOT / f, keywords=KEYWORDS)]
    for filename, lineno, message, comments, context in found:
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def read(path: Path, lang: str) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=LOCALES[lang])


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=100, sort_output=True, omit_header=False, ignore_obsolete=True)


def _merge(catalog: Catalog, part: Catalog) -> None:
    """Put every translated entry of `part` into `catalog`, replacing an entry already there (Babel's
    item assignment would keep an existing empty translation)."""
    for message in part:
        if message.id and message.string and not message.fuzzy:
            if message.id in catalog:
                del catalog[message.id]
            catalog[message.id] = message


def update() -> None:
    template = extract()
    write(template, TEMPLATE)
    for lang in LANGS:
        if lang == DEFAULT:
            continue
        path = po_path(lang)
        catalog = read(path, lang) if path.is_file() else Catalog(locale=LOCALES[lang], charset="utf-8")
        parts = sorted((path.parent / "parts").glob("*.po"))
        for part in parts:
            _merge(catalog, read(part, lang))
        catalog.update(template, update_header_comment=False)
        write(catalog, path)
        for part in parts:
            part.unlink()
        print(f"{path.relative_to(ROOT)}: {len(catalog)} messages, {len(missing(lang))} without a translation")


def missing(lang: str) -> list[str]:
    """Messages in the code with no (or a fuzzy) translation in `lang`'s catalogue."""
    path = po_path(lang)
    catalog = read(path, lang) if path.is_file() else Catalog(locale=LOCALES[lang])
    for part in sorted((path.parent / "parts").glob("*.po")):  # translations not merged yet
        _merge(catalog, read(part, lang))
    out = []
    for message in extract():
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found else None
        if found is None or found.fuzzy or not strings or (isinstance(strings, tuple) and not all(strings)):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def main(argv: list[str]) -> int:
    if argv[1:] == ["update"]:
        update()
        return 0
    if argv[1:] == ["check"]:
        bad = {lang: missing(lang) for lang in LANGS if lang != DEFAULT}
        for lang, ids in bad.items():
            for i in ids:
                print(f"{lang}: no translation: {i!r}")
        return 1 if any(bad.values()) else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
