"""County-name normalisation: every spelling real files use, and refusal of anything else."""

import pytest

from etl.counties import ALL_FIPS, COUNTY_FIPS, UnknownCounty, county_fips, county_name


@pytest.mark.parametrize(
    "name, fips",
    [
        ("St. Croix", "55109"),
        ("Saint Croix", "55109"),
        ("St Croix", "55109"),
        ("ST. CROIX COUNTY", "55109"),
        ("Fond du Lac", "55039"),
        ("Fond Du Lac", "55039"),
        ("MILWAUKEE", "55079"),
        ("Milwaukee County", "55079"),
        ("Eau Claire", "55035"),
        ("  eau   claire  county ", "55035"),
        ("Menominee", "55078"),
        ("La Crosse", "55063"),
    ],
)
def test_real_spellings_normalise(name, fips):
    assert county_fips(name) == fips


@pytest.mark.parametrize(
    "name",
    [
        "Atlantis County",
        "Cook County",
        "Milwaukie",
        "St. Croixx",
        "",
        "   ",
        "Total",
        "Wisconsin",
        "55079",
        None,
        55079,
        "Fond",
        "Croix",
    ],
)
def test_anything_else_is_refused(name):
    with pytest.raises(UnknownCounty):
        county_fips(name)


def test_every_county_round_trips_through_its_name():
    assert len(ALL_FIPS) == 72
    for fips in ALL_FIPS:
        assert county_fips(county_name(fips)) == fips
        assert county_fips(county_name(fips).upper()) == fips


def test_fips_are_strings_not_ints():
    assert all(isinstance(k, str) and len(k) == 5 for k in COUNTY_FIPS)
    with pytest.raises(UnknownCounty):
        county_name("55999")
