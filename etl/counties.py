"""Wisconsin's 72 counties and the one function that turns a county name into its FIPS code.

Joins happen on 5-character FIPS strings, never on names. Real files spell counties many ways
("St. Croix", "Saint Croix", "ST. CROIX COUNTY", "Fond Du Lac"); `county_fips` accepts those
spellings and raises `UnknownCounty` on anything else, so a typo or a county from another state
can never slip into a table silently (the way PUDL's encoders refuse unknown codes).
"""

from __future__ import annotations

import re

STATE_FIPS = "55"

#: FIPS code -> county name (without "County"), as the Census Bureau names them.
COUNTY_FIPS = {
    "55001": "Adams",
    "55003": "Ashland",
    "55005": "Barron",
    "55007": "Bayfield",
    "55009": "Brown",
    "55011": "Buffalo",
    "55013": "Burnett",
    "55015": "Calumet",
    "55017": "Chippewa",
    "55019": "Clark",
    "55021": "Columbia",
    "55023": "Crawford",
    "55025": "Dane",
    "55027": "Dodge",
    "55029": "Door",
    "55031": "Douglas",
    "55033": "Dunn",
    "55035": "Eau Claire",
    "55037": "Florence",
    "55039": "Fond du Lac",
    "55041": "Forest",
    "55043": "Grant",
    "55045": "Green",
    "55047": "Green Lake",
    "55049": "Iowa",
    "55051": "Iron",
    "55053": "Jackson",
    "55055": "Jefferson",
    "55057": "Juneau",
    "55059": "Kenosha",
    "55061": "Kewaunee",
    "55063": "La Crosse",
    "55065": "Lafayette",
    "55067": "Langlade",
    "55069": "Lincoln",
    "55071": "Manitowoc",
    "55073": "Marathon",
    "55075": "Marinette",
    "55077": "Marquette",
    "55078": "Menominee",
    "55079": "Milwaukee",
    "55081": "Monroe",
    "55083": "Oconto",
    "55085": "Oneida",
    "55087": "Outagamie",
    "55089": "Ozaukee",
    "55091": "Pepin",
    "55093": "Pierce",
    "55095": "Polk",
    "55097": "Portage",
    "55099": "Price",
    "55101": "Racine",
    "55103": "Richland",
    "55105": "Rock",
    "55107": "Rusk",
    "55109": "St. Croix",
    "55111": "Sauk",
    "55113": "Sawyer",
    "55115": "Shawano",
    "55117": "Sheboygan",
    "55119": "Taylor",
    "55121": "Trempealeau",
    "55123": "Vernon",
    "55125": "Vilas",
    "55127": "Walworth",
    "55129": "Washburn",
    "55131": "Washington",
    "55133": "Waukesha",
    "55135": "Waupaca",
    "55137": "Waushara",
    "55139": "Winnebago",
    "55141": "Wood",
}


class UnknownCounty(ValueError):
    """A county name or code that is not one of Wisconsin's 72 counties."""


_SAINT = re.compile(r"^(saint|st\.?)\s+")
_SUFFIX = re.compile(r"\s+(county|co\.?)$")


def _key(name: str) -> str:
    """Fold case, spacing, a trailing "County" and the forms of "Saint" to one lookup key."""
    key = " ".join(str(name).replace("\u00a0", " ").split()).casefold()
    key = _SUFFIX.sub("", key)
    return _SAINT.sub("st. ", key)


_BY_KEY = {_key(name): fips for fips, name in COUNTY_FIPS.items()}


def county_fips(name: str) -> str:
    """Return the 5-character FIPS code of a Wisconsin county name; raise UnknownCounty otherwise."""
    if not isinstance(name, str) or not name.strip():
        raise UnknownCounty(f"empty county name: {name!r}")
    try:
        return _BY_KEY[_key(name)]
    except KeyError:
        raise UnknownCounty(f"not a Wisconsin county: {name!r}") from None


def county_name(fips: str) -> str:
    """Return the county's name with "County", e.g. "St. Croix County"; raise UnknownCounty otherwise."""
    try:
        return f"{COUNTY_FIPS[fips]} County"
    except (KeyError, TypeError):
        raise UnknownCounty(f"not a Wisconsin county FIPS code: {fips!r}") from None


ALL_FIPS = tuple(sorted(COUNTY_FIPS))
