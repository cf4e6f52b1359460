"""Pages say what the published tables say: change a number in a scratch copy of data/tidy and every
page that showed it shows the new one, and none keeps the old; the app needs nothing but data/tidy.

Each scratch data folder is rendered in its own process (tests/page_dump.py), since the app reads its
data folder once. These tests would fail if a page typed a number into its prose, or read anything
outside data/tidy (the rest of data/ is absent from the scratch folder).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import config
from etl.ingest.policy import load_policy

ROOT = Path(__file__).resolve().parent.parent
UPLOADS = Path(__file__).parent / "fixtures" / "upload"

#: Numbers that appear in the tidy tables (ledger values, their descriptions, county rows) and on the
#: pages: the MCW study's 231 and 340 people, the 107 police agencies read in the latest year. Each is
#: replaced everywhere in the tables by a number no page shows.
CHANGES = {"231": "817", "340": "953", "107": "853"}
#: Small numbers are too common to replace everywhere: these ledger values change in their own row
#: only (the hotline's 2016 cases with minors and with adults), and the words around them are checked.
FIGURE_CHANGES = {"NHTH_2016_minors": ("19", "631"), "NHTH_2016_adults": ("43", "719")}
STALE_PHRASES = ("19 of 63", "19 + 43", "= 62")


def token(number: str) -> re.Pattern:
    """The number as a page writes it: not part of a longer number ("2019", "1,231", "0.19")."""
    return re.compile(rf"(?<![\d,.]){number}(?![\d])")


def cell(number: str) -> re.Pattern:
    """The number in a CSV file, where a comma separates cells."""
    return re.compile(rf"(?<![\d.]){number}(?![\d])")


def dump(data_dir: Path, upload: Path | None = None) -> dict:
    env = os.environ | {"HT_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "tests.page_dump"] + (["--upload", str(upload)] if upload else [])
    run = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


def tidy_only(tmp_path: Path) -> Path:
    """A data folder holding nothing but a copy of data/tidy."""
    data_dir = tmp_path / "data"
    shutil.copytree(config.TIDY, data_dir / "tidy")
    return data_dir


@pytest.fixture(scope="module")
def before(tmp_path_factory) -> dict:
    return dump(tidy_only(tmp_path_factory.mktemp("before")))["pages"]


def test_the_app_needs_nothing_but_data_tidy(tmp_path, before):
    data_dir = tidy_only(tmp_path)
    assert [p.name for p in data_dir.iterdir()] == ["tidy"]
    out = dump(data_dir, UPLOADS / "synthetic_cases.csv")
    assert out["pages"] == before
    assert set(out["pages"]) >= {"/", "/map", "/milwaukee", "/youth", "/sources", "/data", "/upload"}
    # the upload applied the published policy: its version is on the protected rows
    assert out["upload"]["ok"] and out["upload"]["policy"] == [load_policy(config.TIDY / config.POLICY_FILE).version]
    assert "suppressed" in out["upload"]["statuses"] and out["upload"]["counties"] == 72


def test_every_page_follows_a_change_in_the_tables(tmp_path, before):
    for new in CHANGES.values():
        assert not any(token(new).search(text) for text in before.values()), f"{new} is already on a page"
    data_dir = tidy_only(tmp_path)
    for path in (data_dir / "tidy").glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        for old, new in CHANGES.items():
            text = cell(old).sub(new, text)
        path.write_text(text, encoding="utf-8")
    ledger = data_dir / "tidy" / "figures.csv"
    lines = ledger.read_text(encoding="utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        fid = line.split(",", 1)[0]
        if fid in FIGURE_CHANGES:
            old, new = FIGURE_CHANGES[fid]
            assert f",{old},exact," in line
            lines[i] = line.replace(f",{old},exact,", f",{new},exact,", 1)
    ledger.write_text("".join(lines), encoding="utf-8")
    after = dump(data_dir)["pages"]
    for phrase in STALE_PHRASES:
        assert any(phrase in text for text in before.values()), phrase
        assert not [page for page, text in after.items() if phrase in text], phrase
    for _, new in FIGURE_CHANGES.values():
        assert any(token(new).search(text) for text in after.values()), new
    for old, new in CHANGES.items():
        showed = {page for page, text in before.items() if token(old).search(text)}
        assert showed, f"{old} was on no page: the test proves nothing for it"
        for page, text in after.items():
            stale = [text[max(0, m.start() - 80) : m.end() + 40] for m in token(old).finditer(text)]
            assert not stale, f"{page} still says {old}: {stale[:3]}"
        assert {page for page, text in after.items() if token(new).search(text)} >= showed, new
