"""The language of a request, the translated words, and numbers and dates in the reader's locale.

Language is part of the address: `?lang=es` (English, the default, has no parameter). Every request
knows its language without any state on the server:
- a page, an embed or a download: the `lang` query parameter;
- a callback (a page view through Dash Pages' router included): the `lang` field that Dash's
  `request_pre` renderer hook (app.RENDERER_HOOKS) adds to every callback request, read from the
  page's address at the moment of the request;
- outside a request (start-up, tests): English, or what `using()` sets.
Anything else than a known language reads as English, so no input can ask for a missing catalogue.

Words come from standard gettext catalogues (locales/<lang>/LC_MESSAGES/messages.po, extracted with
Babel by tools/i18n.py: see README "En español"), read once per worker; a message without a
translation is shown in English. Numbers, percentages and dates are formatted by Babel in the
language's locale ("1,204" / "1.204", "21.7%" / "21,7 %", "Mar 2012" / "marzo de 2012"). Text cells
of the tidy tables in the current language: `labels.cell`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import cache, wraps
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from babel.dates import format_date
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from flask import has_request_context, request

import config

#: Languages the dashboard can show, the default first.
LANGS = ("en", "es")
DEFAULT = LANGS[0]
#: Each language's name in itself, for the switch in the header.
NAMES = {"en": "English", "es": "Español"}
#: The Babel locale of each language (US English; Spanish with its own marks: "1.204", "21,7 %").
LOCALES = {"en": "en_US", "es": "es"}
PARAM = "lang"
LOCALES_DIR = config.ROOT / "locales"

_chosen: ContextVar[str | None] = ContextVar("lang", default=None)


def valid(code) -> str:
    """`code` if it names a language the dashboard has, else the default."""
    return code if isinstance(code, str) and code in LANGS else DEFAULT


def lang() -> str:
    """The language of the current request (see the module docstring)."""
    chosen = _chosen.get()
    if chosen is not None:
        return chosen
    if not has_request_context():
        return DEFAULT
    code = request.args.get(PARAM)
    if code is None and request.method == "POST" and request.is_json:
        body = request.get_json(silent=True)
        code = body.get(PARAM) if isinstance(body, dict) else None
    return valid(code)


@contextlib.contextmanager
def using(code: str) -> Iterator[None]:
    """Build everything inside the block in language `code` (start-up work, tests)."""
    token = _chosen.set(valid(code))
    try:
        yield
    finally:
        _chosen.reset(token)


@cache
def catalogue(code: str) -> dict[str, str | tuple[str, ...]]:
    """msgid -> translation (a tuple of plural forms for plural messages); untranslated and fuzzy
    entries are left out, so they show in English."""
    if code == DEFAULT:
        return {}
    path = LOCALES_DIR / code / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return {}
    with path.open("rb") as fh:
        cat = read_po(fh, locale=LOCALES[code])
    out: dict = {}
    for message in cat:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, tuple | list):
            forms = tuple(message.string)
            if all(forms):
                out[message.id[0]] = forms
        elif message.string:
            out[message.id] = message.string
    return out


def gettext(message: str) -> str:
    """`message` in the current language (English when it has no translation)."""
    found = catalogue(lang()).get(message)
    return found if isinstance(found, str) else message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form of a message for `n`, in the current language."""
    forms = catalogue(lang()).get(singular)
    if isinstance(forms, tuple):
        return forms[0] if n == 1 else forms[-1]  # English and Spanish: one form for 1, one for the rest
    return singular if n == 1 else plural


_ = gettext


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name)
    """Mark a constant for extraction; translate it with `_()` where it is shown."""
    return message


def per_language(fn: Callable) -> Callable:
    """`functools.cache` keyed by the current language too: for builders whose output has words."""

    @cache
    def cached(code, *args, **kwargs):
        with using(code):
            return fn(*args, **kwargs)

    @wraps(fn)
    def wrapper(*args, **kwargs):
        return cached(lang(), *args, **kwargs)

    wrapper.cache_clear = cached.cache_clear
    return wrapper


# --- numbers and dates -------------------------------------------------------------------------


def locale() -> str:
    return LOCALES[lang()]


def number(value: float, decimals: int = 0) -> str:
    """A number with the locale's grouping and decimal marks and exactly `decimals` decimals."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale())


def percent(share: float, decimals: int = 1) -> str:
    """A share (0.217) as a percentage in the locale: "21.7%", "21,7 %"."""
    base = format_percent(0, locale=locale())  # the locale's own spacing and sign position
    pattern = ("#,##0" + ("." + "0" * decimals if decimals else "")).join(base.split("0", 1))
    return format_percent(share, format=pattern, locale=locale())


#: How dates are written: a month ("Mar 2012" / "marzo de 2012") and a day ("1 Mar 2012" / "1 de marzo de 2012").
DATE_PATTERNS = {
    "en": {"month": "MMM y", "day": "d MMM y"},
    "es": {"month": "MMMM 'de' y", "day": "d 'de' MMMM 'de' y"},
}


def month_year(year: int, month: int) -> str:
    """ "Mar 2012" / "marzo de 2012"."""
    return format_date(dt.date(year, month, 1), DATE_PATTERNS[lang()]["month"], locale=locale())


def date_text(day: dt.date) -> str:
    """ "1 Mar 2012" / "1 de marzo de 2012"."""
    return format_date(day, DATE_PATTERNS[lang()]["day"], locale=locale())


# --- addresses -------------------------------------------------------------------------------


def href(path: str, code: str | None = None) -> str:
    """An address on this site in language `code` (default: the current one): `?lang=` added for
    a language other than English, removed for English; the rest of the address kept."""
    code = valid(code or lang())
    parts = urlsplit(path)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != PARAM]
    if code != DEFAULT:
        query.append((PARAM, code))
    return urlunsplit(parts._replace(query=urlencode(query)))
