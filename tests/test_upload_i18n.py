"""/upload in Spanish: every problem the ETL can raise has a Spanish wording by its code.

The ETL words problems in English for the command line (etl.errors.Problem.reason, unchanged) and
gives each a `code` and its values in `params`; /upload words them in the reader's language
(components.upload_read.page_reason, Spanish templates in components/upload_problems_es.py).
A code without a Spanish template would show English on the Spanish page: these tests find every
code written in etl/ and fail on one with no template.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from components import i18n, upload_problems_es, upload_read
from etl.errors import InputError, Problem
from etl.ingest.formats import ingest_text, units_of
from etl.ingest.policy import load_policy
from etl.ingest.rows import RowLog
from etl.registry import load_measures

ROOT = Path(__file__).resolve().parents[1]
#: `code="..."` (or `lower_code="..."`) wherever a Problem, a Cell or an Exposure gets its code.
CODE_LITERAL = re.compile(r"\b\w*code\s*=\s*\"([A-Za-z0-9_]+)\"")
#: `code=<expression>`: a code passed on from elsewhere (the expressions allowed are listed).
CODE_ARGUMENT = re.compile(r"\b(\w*code)\s*=\s*([A-Za-z_][\w.]*)\s*[,)]")
PASSED_ON = {"code", "lower_code", "cell.code", "exposure.code"}


def etl_codes() -> dict[str, list[str]]:
    """Every problem code written in etl/ -> where (file:line)."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "etl").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for code in CODE_LITERAL.findall(line):
                found.setdefault(code, []).append(f"{path.relative_to(ROOT)}:{n}")
    return found


def test_every_problem_code_in_the_etl_has_a_spanish_template():
    codes = etl_codes()
    # the search finds what it should (a broken pattern must not pass by finding nothing)
    assert {"unknown_county", "needs_measure", "not_utf8", "negative_count", "audit_worked_out"} <= set(codes)
    missing = {code: where for code, where in codes.items() if code not in upload_problems_es.TEMPLATES}
    assert not missing, f"codes with no Spanish template in components/upload_problems_es.py: {missing}"


def test_codes_are_written_as_literals_or_passed_on():
    """A code computed at run time would escape the search above."""
    computed = []
    for path in sorted((ROOT / "etl").rglob("*.py")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for name, expression in CODE_ARGUMENT.findall(line):
                if expression not in PASSED_ON and expression not in ("None",):
                    computed.append(f"{path.relative_to(ROOT)}:{n}: {name}={expression}")
    assert not computed


def test_templates_name_only_params_and_keep_no_flags():
    for code, template in upload_problems_es.TEMPLATES.items():
        assert upload_problems_es.fields(template) <= {
            "error",
            "role",
            "first",
            "second",
            "cells",
            "width",
            "min",
            "max",
            "name",
            "first_line",
            "total",
            "sum",
            "year",
            "age",
            "value",
            "measure",
        }, code
        assert "--" not in template, code  # no command-line flags on the page


def data_url(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode()).decode()


#: Files with (almost) every problem a person can meet on /upload.
BAD_FILES = [
    ("County,2022\nDane,40\nAtlantis,5\nMilwaukee,300\nStatewide total,345\nBrown,-3\nKenosha,abc\n,4\nDane,4\n", {}),
    ("County,2022\nDane,<1\nBrown,5-2\nRock,3\n", {}),
    ("County,2019,2020,Total\nDane,1,2,4\nBrown,3,4,7\nTotal,4,<5,11\nRock,1,2,3\n", {}),
    ("County,2019,2020,,x\nDane,1,2,3,4,5\nBrown,1,2,,4\n", {}),
    ("County,Year,reports\nDane,2022,3\nBrown,2022,12.5\nRock,1800,2\nRock,2022,1\nRock,2022,2\n", {"sensitive": True}),
    ("County,1850,reports\nDane,1,2\n", {}),
    ("County,Reports (2023)\nDane,4\n", {}),
    ("County,reports\nDane,4\n", {}),
    ("County\nDane\n", {}),
    (
        "case_id,county,date,year,age,age_group,type\n"
        "1,Dane,2022-13-01,,-1,teen,foo\n"
        "2,Dane,3000-01-01,,130,10-30,sex\n"
        "3,Nowhere,2022-01-01,2021,15,adult,sex\n"
        "4,Dane,2022/01/01,,abc,30-20,sex\n"
        "5,Dane,,,15,16+,sex\n"
        "6,Dane,,1800,15,under 20,sex\n"
        "7,Dane,1850-01-01,,15,0-17,sex\n"
        "8,Dane,2022-01-01,,15,0-17,sex\n"
        "8,Brown,2022-01-01,,15,0-17,sex\n",
        {},
    ),
    ("county,County Name,date\nDane,Dane,2022-01-01\n", {}),
    ("county,age\nDane,4\n", {}),
    ("date,age\n2022-01-01,4\n", {}),
    ("County,2019,2020\nDane,1,2,3\nBrown,1,2\n", {}),
    ("County,2019,,2020\nDane,1,5,2\nBrown,1,,2\n", {}),
    ("County,2022\nDane,<5\nBrown,10\nTotal,5\n", {}),
    ("County,2019,2020,Total\nDane,<5,10,5\nBrown,1,2,3\n", {}),
    ("county,date\n", {}),
    ("county,date\nNowhere,2022-01-01\n", {}),
    ("County,2022\nDane," + "x" * 140_000 + "\n", {}),  # a cell longer than the CSV reader's field limit
]


def upload_problems() -> list[Problem]:
    """Every problem /upload lists for BAD_FILES, read as the page reads them."""
    found = []
    for text, options in BAD_FILES:
        for choice in (None, "county-table", "cases"):
            result = upload_read.process(data_url(text), "bad.csv", choice, options)
            found += result.problems + result.log.skipped
    return found


def test_the_problems_of_an_upload_read_in_spanish_from_their_code():
    problems = upload_problems()
    coded = [p for p in problems if p.code]
    assert len({p.code for p in coded}) >= 40  # the files above meet most codes
    with i18n.using("es"):
        for p in coded:
            text = upload_read.page_reason(p)
            assert text == upload_problems_es.render(p), (p.code, p.params)  # the template, with its params
            assert text != p.reason and "{" not in text, p
    uncoded = {p.reason for p in problems if not p.code}
    assert not uncoded, f"problems /upload shows with no code (English on the Spanish page): {uncoded}"


def test_english_page_reasons_are_unchanged():
    for p in upload_problems():
        assert (
            upload_read.page_reason(p)
            == (upload_read.PAGE_REASONS[p.code] if p.code in upload_read.PAGE_REASONS else p.reason)
            or " needs " in p.reason
        )


def test_a_code_without_a_template_falls_back_to_the_english_reason():
    odd = Problem("x.csv", 3, "County", "x", "some new check", code="a_code_nobody_knows")
    uncoded = Problem("x.csv", 3, "County", "x", "some other check")
    short = Problem("x.csv", 3, "County", "x", "listed twice (first on line 2)", code="listed_twice")  # no params
    with i18n.using("es"):
        assert [upload_read.page_reason(p) for p in (odd, uncoded, short)] == [
            "some new check",
            "some other check",
            "listed twice (first on line 2)",
        ]


def test_numbers_in_spanish_problems():
    """Counts in the Spanish number format; years and line numbers as they are."""
    total = Problem("x", 5, "2022", "1204", "x", code="total_differs_counties", params={"total": 1204.0, "sum": 1200.5})
    twice = Problem("x", 9, "County", "Dane", "x", code="listed_twice", params={"first_line": 1204})
    years = Problem("x", 9, "Year", "1800", "x", code="year_out_of_range", params={"min": 1990, "max": 2030})
    assert upload_problems_es.render(total) == "el total indica 1.204, pero los condados suman 1.200,5"
    assert upload_problems_es.render(twice) == "aparece dos veces (la primera en la línea 1204)"
    assert upload_problems_es.render(years) == "se esperaba un año entre 1990 y 2030"


def test_params_leave_the_english_reason_and_equality_alone():
    """`params` is additive: the command line's words and Problem equality are what they were."""
    a = Problem("f.csv", 2, "County", "x", "reason", code="c", params={"n": 1})
    assert a == Problem("f.csv", 2, "County", "x", "reason", code="c") and hash(a) == hash(
        Problem("f.csv", 2, "County", "x", "reason", code="c")
    )
    assert str(a) == "f.csv, line 2, column 'County': 'x': reason"
    with pytest.raises(InputError) as err:
        ingest_text(
            "county-table",
            "County,2022\nAtlantis,4\nDane,4\nDane,5\n",
            "t.csv",
            "x",
            {"measure": "m", "unit": "reports"},
            policy=load_policy(),
            units=units_of(load_measures()),
        )
    assert [p.reason for p in err.value.problems] == [
        "not a Wisconsin county: 'Atlantis'",
        "listed twice (first on line 3)",
    ]
    log = RowLog()
    ingest_text(
        "county-table",
        "County,2022\nAtlantis,4\nDane,4\n",
        "t.csv",
        "x",
        {"measure": "m", "unit": "reports"},
        log,
        policy=load_policy(),
        units=units_of(load_measures()),
    )
    assert [(p.code, p.params) for p in log.skipped] == [("unknown_county", {"name": "Atlantis"})]
