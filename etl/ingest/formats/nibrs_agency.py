"""`nibrs-agency`: police-recorded human trafficking per agency and year (FBI NIBRS) -> county rows.

Input: the long table transcribed from the FBI's NIBRS data as compiled per agency and year
(`data/raw/nibrs/nibrs_wi_agency_ht.csv`; how it was read and checked is in the README, "Police-
recorded counts (NIBRS)"). Columns: year, ori, agency, county_fips, measure, value, status, note,
repo, path, commit. One row per agency, year and raw measure:
- `agency_year_reported`: 1 with status `read` when the agency has a full-year NIBRS row that year,
  0 with status `absent` when it has none (no data, never zero);
- eleven counts with status `read`: offenses, victims (juvenile / adult / unknown age for commercial
  sex acts; juvenile / adult for involuntary servitude) and arrestees, per offense type;
- the two offense counts alone with status `read_compact`, for agency-years read from the
  compilation's compact file (offenses only).

Output measures (`MEASURES`), for every county and every year in the file, plus a statewide row
(fips "55") per year, and the same measures per agency (`agency_rows`, published as
agency_measures.csv so the dashboard can name the agencies behind each county number):
- offenses of both types, and each type; victims (a victim of both types counts once per type,
  as NIBRS reports a victim per offense), juvenile, adult and unknown age; arrestees;
- `nibrs_ht_agencies_read`: how many agencies a county-year rests on (county and state rows only).

Placing an agency. Each agency is credited once, to its principal county: `county_fips`, which
must equal the county number in characters 3-5 of a standard ORI (etl.ingest.formats.fbi_cde_ht.
ori_county); ORIs that do not follow the pattern must be listed in NONSTANDARD_ORIS. A row whose
county_fips disagrees with its ORI is refused unless the option `county_corrections` (ORI -> FIPS,
registered in data/sources.yaml with its evidence) names that ORI with the ORI's own county; the
agency's rows then say which county the file listed. Where the caller knows that an agency serves
several counties (`served`: ORI -> the counties an FBI file lists for it), the notes say so in the
principal county and in the others.

Coverage. A county-year is reported when at least one of its agencies was read that year (a
full-year row, or offenses from the compact file); its value is the sum over those agencies and
its note says how many. With no agency read it is not_reported ("no agency data read"), never 0.
A measure an agency read that year does not have makes the sum not_reported, with a note naming
the agency: arrestees of compact-file agencies, and victims of a compact-file agency that
recorded offenses (Milwaukee Police, 2015). A compact-file agency that recorded no offense has no
victim either, because NIBRS counts a victim only through an offense; its victims are 0.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from etl.counties import ALL_FIPS, STATE_FIPS, county_name
from etl.errors import Problem, display_path, raise_if
from etl.ingest.formats.fbi_cde_ht import ori_county
from etl.ingest.output import tidy_frame
from etl.ingest.rows import Row, fit, read_rows, split_header
from etl.metadata import YEAR_MAX, YEAR_MIN

FORMAT = "nibrs-agency"
COLUMNS = ("year", "ori", "agency", "county_fips", "measure", "value", "status", "note", "repo", "path", "commit")
REPORTED = "agency_year_reported"
CSA, IS = "commercial_sex_acts", "involuntary_servitude"
RAW_OFFENSES = (f"offenses_{CSA}", f"offenses_{IS}")
RAW_COUNTS = (
    *RAW_OFFENSES,
    f"victims_{CSA}",
    f"victims_{CSA}_juvenile",
    f"victims_{CSA}_adult",
    f"victims_{CSA}_unknown_age",
    f"victims_{IS}",
    f"victims_{IS}_juvenile",
    f"victims_{IS}_adult",
    f"arrestees_{CSA}",
    f"arrestees_{IS}",
)
RAW_MEASURES = (REPORTED, *RAW_COUNTS)
STATUSES = ("read", "read_compact", "absent")
#: ORIs that do not carry their county's number; each named in the transcription's notes.
NONSTANDARD_ORIS = {"WIMPD0000": "55079"}  # Milwaukee Police Department, Milwaukee County
_ORI = re.compile(r"^WI[0-9A-Z]{7}$")
_COMMIT = re.compile(r"^[0-9a-f]{40}$")

OFFENSES = "nibrs_ht_offenses"
VICTIMS = "nibrs_ht_victims"
ARRESTEES = "nibrs_ht_arrestees"
AGENCIES_READ = "nibrs_ht_agencies_read"
#: Output measure -> unit. Every measure but AGENCIES_READ also exists per agency.
MEASURES = {
    OFFENSES: "offenses",
    f"{OFFENSES}_{CSA}": "offenses",
    f"{OFFENSES}_{IS}": "offenses",
    VICTIMS: "victims",
    f"{VICTIMS}_juvenile": "victims",
    f"{VICTIMS}_adult": "victims",
    f"{VICTIMS}_unknown_age": "victims",
    ARRESTEES: "arrestees",
    AGENCIES_READ: "agencies",
}
AGENCY_MEASURES = tuple(m for m in MEASURES if m != AGENCIES_READ)
VICTIM_MEASURES = tuple(m for m in AGENCY_MEASURES if m.startswith(VICTIMS))


@dataclass(frozen=True)
class AgencyYear:
    """One agency in one year, as the file gives it: read in full, read from the compact file
    (offenses only), or absent (no full-year NIBRS row)."""

    year: int
    ori: str
    agency: str
    fips: str
    kind: str  # read | compact | absent
    raw: tuple[tuple[str, int], ...]  # raw measure -> value
    listed_fips: str | None = None  # the county the file listed, when a registered correction replaced it

    @property
    def read(self) -> bool:
        return self.kind != "absent"

    def values(self) -> dict[str, int | None]:
        """The output measures of this agency-year; None where the file cannot give it."""
        raw = dict(self.raw)
        out: dict[str, int | None] = dict.fromkeys(AGENCY_MEASURES)
        if self.kind == "absent":
            return out
        csa, is_ = raw[f"offenses_{CSA}"], raw[f"offenses_{IS}"]
        out |= {OFFENSES: csa + is_, f"{OFFENSES}_{CSA}": csa, f"{OFFENSES}_{IS}": is_}
        if self.kind == "compact":
            if csa + is_ == 0:  # no offense, so no victim linked to one
                out |= dict.fromkeys(VICTIM_MEASURES, 0)
            return out
        juvenile = raw[f"victims_{CSA}_juvenile"] + raw[f"victims_{IS}_juvenile"]
        adult = raw[f"victims_{CSA}_adult"] + raw[f"victims_{IS}_adult"]
        victims = raw[f"victims_{CSA}"] + raw[f"victims_{IS}"]
        return out | {
            VICTIMS: victims,
            f"{VICTIMS}_juvenile": juvenile,
            f"{VICTIMS}_adult": adult,
            f"{VICTIMS}_unknown_age": victims - juvenile - adult,
            ARRESTEES: raw[f"arrestees_{CSA}"] + raw[f"arrestees_{IS}"],
        }

    def missing_reason(self, measure: str) -> str:
        """Why an agency-year has no value for `measure` (only called when it has none)."""
        if self.kind == "absent":
            return f"no full year of NIBRS data in {self.year}: no data, not zero"
        what = "arrestees" if measure == ARRESTEES else "victims"
        return f"only offenses could be read for {self.year} (compact file): {what} not available"


def parse(
    rows: list[Row], file: str, source_id: str, options: dict, served: dict[str, tuple[str, ...]] | None = None
) -> pd.DataFrame:
    """County and statewide rows from the rows of a nibrs-agency file (any problem refuses)."""
    years = agency_years(rows, file, options.get("county_corrections"))
    return tidy_frame(county_rows(years, source_id, served or {}))


def read_tables(
    path: Path, source_id: str, options: dict, served: dict[str, tuple[str, ...]] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """County rows and agency rows of one file, parsed once (for `python -m etl`)."""
    file = display_path(path)
    rows, problems = read_rows(path, file)
    raise_if(problems)
    years = agency_years(rows, file, options.get("county_corrections"))
    return tidy_frame(county_rows(years, source_id, served or {})), agency_frame(years, source_id, served or {})


def ori_fips(ori: str) -> str | None:
    """The county an ORI places its agency in: the listed exception, or the ORI's county number."""
    if ori in NONSTANDARD_ORIS:
        return NONSTANDARD_ORIS[ori]
    return ori_county(ori) if _ORI.match(ori) else None


def _corrections(raw, file: str) -> tuple[dict[str, str], list[Problem]]:
    """The county_corrections option as ORI -> FIPS, each checked against its ORI."""
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        return {}, [Problem(file, None, "county_corrections", raw, "expected a mapping of ORI to county FIPS")]
    out, problems = {}, []
    for ori, fips in raw.items():
        ori, fips = str(ori).strip().upper(), str(fips).strip()
        if ori_fips(ori) != fips:
            problems.append(
                Problem(
                    file,
                    None,
                    "county_corrections",
                    f"{ori}: {fips}",
                    "a correction must name the county the ORI itself gives",
                )
            )
        out[ori] = fips
    return out, problems


def agency_years(rows: list[Row], file: str, corrections=None) -> list[AgencyYear]:
    """Every agency-year of the file, after checking every row; InputError listing every problem.

    A problem with an agency as a whole (its ORI, county or name) is reported once, on its first row.
    """
    fixes, problems = _corrections(corrections, file)
    header, body, index = split_header(rows, file)
    missing = [c for c in COLUMNS if c not in index]
    raise_if([Problem(file, header.line, c, None, "missing column") for c in missing])

    cells: dict[tuple[int, str], dict] = defaultdict(dict)  # (year, ori) -> measure -> (value, status, line)
    first_seen: dict[tuple, int] = {}
    names: dict[str, tuple[str, str, int]] = {}  # ori -> (agency, fips as listed, line)
    for row in body:
        got, problem = fit(row, len(header.cells), file)
        if problem:
            problems.append(problem)
            continue
        get = {c: got[index[c]] for c in COLUMNS}
        line = row.line
        year = int(get["year"]) if get["year"].isascii() and get["year"].isdigit() else None
        if year is None or not YEAR_MIN <= year <= YEAR_MAX:
            problems.append(Problem(file, line, "year", get["year"], f"expected a year {YEAR_MIN}-{YEAR_MAX}"))
        ori = get["ori"].upper()
        if ori not in names:
            names[ori] = (get["agency"], get["county_fips"], line)
            problems += _agency_problems(file, line, get, fixes)
        elif names[ori][:2] != (get["agency"], get["county_fips"]):
            known = names[ori]
            column = "agency" if known[0] != get["agency"] else "county_fips"
            problems.append(
                Problem(file, line, column, get[column], f"this ORI is {known[0]} ({known[1]}) on line {known[2]}")
            )
        measure, status = get["measure"], get["status"]
        if measure not in RAW_MEASURES:
            problems.append(Problem(file, line, "measure", measure, f"expected one of {', '.join(RAW_MEASURES)}"))
        if status not in STATUSES:
            problems.append(Problem(file, line, "status", status, f"expected one of {', '.join(STATUSES)}"))
        elif status == "absent" and measure != REPORTED:
            problems.append(Problem(file, line, "status", status, f"only {REPORTED} can be absent"))
        elif status == "read_compact" and measure not in RAW_OFFENSES:
            problems.append(Problem(file, line, "status", status, "the compact file gives offenses only"))
        value, reason = _count(get["value"])
        if reason:
            problems.append(Problem(file, line, "value", get["value"], reason))
        elif measure == REPORTED and value != (0 if status == "absent" else 1):
            problems.append(
                Problem(
                    file, line, "value", get["value"], f"{REPORTED} is 1 when read and 0 when absent (status {status})"
                )
            )
        if not get["repo"] or not get["path"] or not _COMMIT.match(get["commit"]):
            problems.append(
                Problem(
                    file,
                    line,
                    "commit",
                    get["commit"],
                    "every row needs its provenance: repo, path and a 40-hex commit",
                )
            )
        key = (year, ori, measure)
        if key in first_seen:
            problems.append(
                Problem(
                    file,
                    line,
                    "measure",
                    measure,
                    f"second row for this agency, year and measure (first on line {first_seen[key]})",
                )
            )
            continue
        first_seen[key] = line
        cells[(year, ori)][measure] = (value, status, line)
    problems += [
        Problem(file, None, "county_corrections", ori, "no agency with this ORI in the file")
        for ori in fixes
        if ori not in names
    ]
    problems += _block_problems(cells, file)
    raise_if(problems)
    return [_agency_year(year, ori, names[ori], block, fixes) for (year, ori), block in sorted(cells.items())]


def _agency_problems(file: str, line: int, get: dict, fixes: dict[str, str]) -> list[Problem]:
    """Problems with an agency's ORI, county and name (checked on its first row)."""
    ori, fips = get["ori"].upper(), get["county_fips"]
    problems = []
    if not get["agency"]:
        problems.append(Problem(file, line, "agency", get["agency"], "empty agency name"))
    if fips not in ALL_FIPS:
        problems.append(Problem(file, line, "county_fips", fips, "not the FIPS code of a Wisconsin county"))
    expected = ori_fips(ori)
    if expected is None:
        problems.append(
            Problem(
                file,
                line,
                "ori",
                get["ori"],
                "unknown ORI: not a Wisconsin ORI with a county "
                "number (WI + 3-digit county + 4 digits) nor one of the listed exceptions "
                f"({', '.join(NONSTANDARD_ORIS)})",
            )
        )
    elif ori in fixes and fips == expected:
        problems.append(Problem(file, None, "county_corrections", ori, "this agency's county needs no correction"))
    elif fips in ALL_FIPS and fips != expected and ori not in fixes:
        problems.append(
            Problem(
                file,
                line,
                "county_fips",
                fips,
                f"{get['agency']} ({ori}): the ORI places it in {county_name(expected)} "
                f"({expected}); if the ORI and the agency name agree, register a county correction",
            )
        )
    return problems


def _count(text: str) -> tuple[int | None, str | None]:
    if text.isascii() and text.isdigit():
        return int(text), None
    if re.fullmatch(r"-\s*\d+(\.\d+)?", text):
        return None, "a count cannot be negative"
    return None, "expected a whole number of 0 or more"


def _block_problems(cells: dict, file: str) -> list[Problem]:
    """Checks on each agency-year as a whole: complete, and the equalities the compilation guarantees."""
    problems = []
    for (year, ori), block in sorted(cells.items(), key=lambda kv: min(v[2] for v in kv[1].values())):
        line = min(v[2] for v in block.values())
        statuses = {v[1] for v in block.values()}
        if REPORTED in block and block[REPORTED][1] == "absent":
            expected, kind = {REPORTED}, "absent"
        elif statuses == {"read_compact"}:
            expected, kind = set(RAW_OFFENSES), "compact"
        else:
            expected, kind = set(RAW_MEASURES), "read"
        if set(block) != expected:
            gap = sorted(expected - set(block)) or sorted(set(block) - expected)
            problems.append(
                Problem(
                    file,
                    line,
                    "measure",
                    gap,
                    f"{ori} {year} ({kind}) should have exactly "
                    f"{len(expected)} measure rows; these are {'missing' if expected - set(block) else 'extra'}",
                )
            )
            continue
        if kind != "read":
            continue
        v = {m: block[m][0] for m in block}
        if None in v.values():
            continue  # the bad value is already reported
        parts = v[f"victims_{CSA}_juvenile"] + v[f"victims_{CSA}_adult"] + v[f"victims_{CSA}_unknown_age"]
        if parts != v[f"victims_{CSA}"]:
            problems.append(
                Problem(
                    file,
                    block[f"victims_{CSA}"][2],
                    "value",
                    v[f"victims_{CSA}"],
                    f"{ori} {year}: juvenile + adult + unknown age = {parts}, not the victim count",
                )
            )
        if v[f"victims_{IS}_juvenile"] + v[f"victims_{IS}_adult"] > v[f"victims_{IS}"]:
            problems.append(
                Problem(
                    file,
                    block[f"victims_{IS}"][2],
                    "value",
                    v[f"victims_{IS}"],
                    f"{ori} {year}: juvenile + adult exceed the victim count",
                )
            )
        for kind_ in (CSA, IS):
            if v[f"offenses_{kind_}"] == 0 and v[f"victims_{kind_}"] > 0:
                problems.append(
                    Problem(
                        file,
                        block[f"victims_{kind_}"][2],
                        "value",
                        v[f"victims_{kind_}"],
                        f"{ori} {year}: victims without an offense of that type",
                    )
                )
    return problems


def _agency_year(year: int, ori: str, named: tuple[str, str, int], block: dict, fixes: dict[str, str]) -> AgencyYear:
    statuses = {v[1] for v in block.values()}
    kind = "absent" if "absent" in statuses else "compact" if statuses == {"read_compact"} else "read"
    raw = tuple(sorted((m, v[0]) for m, v in block.items() if m != REPORTED))
    fips = fixes.get(ori, named[1])
    return AgencyYear(
        year=year,
        ori=ori,
        agency=named[0],
        fips=fips,
        kind=kind,
        raw=raw,
        listed_fips=named[1] if fips != named[1] else None,
    )


def _agency_label(a: AgencyYear) -> str:
    return f"{a.agency} ({a.ori})"


def _served_notes(agencies: Iterable[AgencyYear], fips: str, served: dict[str, tuple[str, ...]]) -> list[str]:
    """Notes on agencies serving several counties: where they are counted, and where else they serve."""
    notes = []
    for a in agencies:
        others = [f for f in served.get(a.ori, ()) if f != a.fips]
        if not others:
            continue
        if a.fips == fips:
            where = " and ".join(county_name(f) for f in others)
            notes.append(f"{a.agency} also serves {where} and is counted once, here (its principal county)")
        elif fips in others:
            notes.append(f"{a.agency} serves part of this county and is counted in {county_name(a.fips)}")
    return notes


def county_rows(years: list[AgencyYear], source_id: str, served: dict[str, tuple[str, ...]]) -> list[dict]:
    """County rows for every county and year in the file, and the statewide sum of agencies read."""
    by_place: dict[tuple[str, int], list[AgencyYear]] = defaultdict(list)
    all_years = sorted({a.year for a in years})
    for a in years:
        by_place[(a.fips, a.year)].append(a)
        by_place[(STATE_FIPS, a.year)].append(a)
    out = []
    for year in all_years:
        state_served = [a for a in years if a.year == year and a.read]
        for fips in (*ALL_FIPS, STATE_FIPS):
            listed = by_place[(fips, year)]
            read = [a for a in listed if a.read]
            context = _served_notes(state_served, fips, served) if fips != STATE_FIPS else []
            for measure, unit in MEASURES.items():
                row = _cell(fips, year, measure, read, listed, context)
                out.append(
                    {
                        "fips": fips,
                        "year": year,
                        "measure": measure,
                        "unit": unit,
                        "source_id": source_id,
                        "policy_version": None,
                        **row,
                    }
                )
    return out


def _rests_on(read: list[AgencyYear], fips: str) -> str:
    compact = sum(a.kind == "compact" for a in read)
    n = len(read)
    what = (
        f"sum of the {n} agencies read"
        if fips == STATE_FIPS
        else f"sum of {n} {'agency' if n == 1 else 'agencies'} read"
    )
    if compact:
        what += f" ({compact} with offenses only, from the compact file)"
    return what


def _cell(
    fips: str, year: int, measure: str, read: list[AgencyYear], listed: list[AgencyYear], context: list[str]
) -> dict:
    """Value, status and note of one county-year (or statewide) measure."""
    absent = [a for a in listed if not a.read]
    tail = list(context)
    if absent and fips != STATE_FIPS:
        tail.append(
            f"{len(absent)} other {'agency' if len(absent) == 1 else 'agencies'} of this county "
            f"without a full year of NIBRS data in {year}: unknown, not zero"
        )
    if measure == AGENCIES_READ:
        note = ([] if read else ["no agency of this county was read: its police data are unknown, not zero"]) + tail
        if fips == STATE_FIPS:
            note = ["agencies read statewide; every other Wisconsin agency is unknown, not zero"]
        return {"value": float(len(read)), "value_status": "reported", "note": "; ".join(note) or None}
    if not read:
        where = "Wisconsin" if fips == STATE_FIPS else "this county"
        return {
            "value": None,
            "value_status": "not_reported",
            "note": "; ".join([f"no agency data read for {where} in {year}: no data, not zero", *tail]),
        }
    values = [(a, a.values()[measure]) for a in read]
    lacking = [a for a, v in values if v is None]
    if lacking:
        reasons = "; ".join(f"{_agency_label(a)}: {a.missing_reason(measure)}" for a in lacking)
        return {"value": None, "value_status": "not_reported", "note": "; ".join([f"not available: {reasons}", *tail])}
    note = [_rests_on(read, fips)]
    if fips == STATE_FIPS:
        note.append("not a complete Wisconsin total: agencies not read are unknown")
    if measure in VICTIM_MEASURES and any(a.kind == "compact" for a in read):
        note.append("agencies with offenses only recorded none, so no victim of theirs is counted")
    return {"value": float(sum(v for _, v in values)), "value_status": "reported", "note": "; ".join(note + tail)}


AGENCY_COLUMNS = ["fips", "year", "ori", "agency", "measure", "value", "value_status", "unit", "source_id", "note"]


def agency_frame(years: list[AgencyYear], source_id: str, served: dict[str, tuple[str, ...]]) -> pd.DataFrame:
    """Every agency-year of the file, each output measure with its value or its reason for none."""
    rows = []
    for a in years:
        values = a.values()
        others = [f for f in served.get(a.ori, ()) if f != a.fips]
        serves = (
            (f"also serves {' and '.join(county_name(f) for f in others)}; counted once, in {county_name(a.fips)}")
            if others
            else None
        )
        compact = "offenses from the compact file (data-year basis)" if a.kind == "compact" else None
        corrected = (
            (f"county from the ORI; the transcription listed {county_name(a.listed_fips)} ({a.listed_fips})")
            if a.listed_fips
            else None
        )
        for measure in AGENCY_MEASURES:
            value = values[measure]
            if value is None:
                note = [a.missing_reason(measure), serves, corrected]
            elif a.kind == "compact" and measure in VICTIM_MEASURES:
                note = [
                    "offenses only (compact file); no offense recorded, so no victim linked to one",
                    serves,
                    corrected,
                ]
            else:
                note = [compact, serves, corrected]
            rows.append(
                {
                    "fips": a.fips,
                    "year": a.year,
                    "ori": a.ori,
                    "agency": a.agency,
                    "measure": measure,
                    "value": None if value is None else float(value),
                    "value_status": "not_reported" if value is None else "reported",
                    "unit": MEASURES[measure],
                    "source_id": source_id,
                    "note": "; ".join(n for n in note if n) or None,
                }
            )
    frame = pd.DataFrame(rows, columns=AGENCY_COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    frame["value"] = frame["value"].astype("float64")
    frame["note"] = frame["note"].astype(object).where(frame["note"].notna(), None)
    return frame.sort_values(["ori", "year", "measure"], ignore_index=True)
