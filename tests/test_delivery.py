"""What a first visit downloads (issue 12): the custom plotly.js bundle, the scripts Dash would add
that the app drops, and static files compressed once per worker for every client, gzip-only ones too.

Browser-side checks (the full bundle is never fetched, every chart type renders) are in
tests/browser/test_delivery_browser.py.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import brotli
import pytest

import app as app_module
import webserver
from components import page_views
from tests.tools import need

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = json.loads((ROOT / "tools" / "plotly" / "bundle.json").read_text())
CLIENT = app_module.app.server.test_client()


def _scripts(path: str = "/map") -> list[str]:
    html = CLIENT.get(path).get_data(as_text=True)
    return re.findall(r'<script src="([^"]+)"', html)


@pytest.mark.parametrize("bundle", MANIFEST["bundles"], ids=lambda b: b["file"])
def test_committed_bundles_are_the_manifests_bytes(bundle):
    data = (ROOT / bundle["file"]).read_bytes()
    assert len(data) == bundle["bytes"]
    assert hashlib.sha256(data).hexdigest() == bundle["sha256"]
    # the banner names the package, its version and its licence
    head = data[:400].decode()
    assert f"{bundle['package']} v{bundle['version']}" in head and "MIT License" in head


def test_bundles_are_built_from_the_pinned_packages():
    package = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for bundle in MANIFEST["bundles"]:
        assert package["devDependencies"][bundle["package"]] == bundle["version"]
        assert lock["packages"][f"node_modules/{bundle['package']}"]["version"] == bundle["version"]
    assert package["devDependencies"]["esbuild"] == MANIFEST["esbuild"]
    assert (ROOT / "tools" / "plotly" / "LICENSE-plotly.js.txt").read_text().startswith("MIT License")


def _need_node() -> None:
    need(
        shutil.which("node") is not None and (ROOT / "node_modules" / "esbuild").exists(),
        "node with the npm packages (esbuild, plotly.js)",
        "run `npm ci`",
    )


def test_rebuilding_the_bundles_gives_the_committed_bytes(tmp_path):
    _need_node()
    subprocess.run(["node", "tools/plotly/build.mjs", str(tmp_path)], cwd=ROOT, check=True, capture_output=True)
    for bundle in MANIFEST["bundles"]:
        built = (tmp_path / Path(bundle["file"]).name).read_bytes()
        assert hashlib.sha256(built).hexdigest() == bundle["sha256"], bundle["file"]


def test_the_slim_colour_library_reads_colours_as_the_full_one():
    """The bundle takes culori's CSS colour spaces only (tools/plotly/stubs/culori.js); every CSS colour
    form, and invalid ones, must come out exactly as from the full culori build."""
    _need_node()
    out = subprocess.run(["node", "tools/plotly/check-culori.mjs"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "diffs 0" in out.stdout


def test_pages_load_the_custom_bundle_and_not_the_scripts_the_app_drops():
    for path in ("/", "/map", "/milwaukee", "/upload"):
        scripts = _scripts(path)
        names = [s.split("?")[0].rsplit("/", 1)[-1] for s in scripts]
        assert "plotly-custom.min.js" in names and "regenerator-runtime.min.js" in names, path
        # both are defined before Dash's renderer and component bundles run
        first_dash = next(i for i, s in enumerate(scripts) if "/dash-renderer/" in s or "/dcc/" in s)
        assert (
            names.index("regenerator-runtime.min.js") < first_dash and names.index("plotly-custom.min.js") < first_dash
        )
        for dropped in app_module.UNUSED_SCRIPTS:
            assert not any(dropped in s for s in scripts), (path, dropped)
        assert not any("plotly" in name and "custom" not in name for name in names), path


def test_validation_layout_sent_to_the_browser_is_small():
    """The browser receives the layout (and Dash's validation copy) with every page."""
    assert len(CLIENT.get("/_dash-layout").data) < 50_000


# --- static compression ------------------------------------------------------------------------


def _get(path: str, encoding: str | None):
    headers = {"Accept-Encoding": encoding} if encoding is not None else {}
    return CLIENT.get(path, headers=headers)


@pytest.mark.parametrize(
    "accept, expected",
    [
        ("gzip", "gzip"),
        ("gzip, deflate", "gzip"),
        ("br", "br"),
        ("gzip, deflate, br, zstd", "br"),
        ("zstd, gzip", "zstd"),
        ("br;q=0, gzip", "gzip"),
        ("identity", None),
        ("", None),
    ],
)
def test_accepted_encoding(accept, expected):
    assert webserver.accepted_encoding(accept) == expected


@pytest.mark.parametrize("encoding", ["gzip", "br", "zstd"])
@pytest.mark.parametrize(
    "path", ["/download/counties.geojson", "/assets/plotly-custom.min.js", "/download/counties.csv"]
)
def test_static_files_are_compressed_for_every_client(path, encoding):
    plain = _get(path, None)
    assert plain.status_code == 200 and "Content-Encoding" not in plain.headers
    r = _get(path, encoding)
    assert r.status_code == 200
    assert r.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in r.headers.get("Vary", "")
    body = r.data
    if encoding == "gzip":
        raw = gzip.decompress(body)
    elif encoding == "br":
        raw = brotli.decompress(body)
    else:
        from backports import zstd

        raw = zstd.decompress(body)
    assert raw == plain.data
    assert len(body) < len(plain.data) / 2
    # a different ETag per encoding, so a cache never hands one client another's bytes
    if plain.headers.get("ETag"):
        assert r.headers["ETag"] != plain.headers["ETag"]


def test_the_compressed_copy_is_kept_per_file_not_per_query_string():
    """Clients can vary a query string at will (`?cb=N`); the kept copies stay one per file and encoding."""
    for i in range(20):
        assert _get(f"/assets/base.css?cb={i}", "gzip").headers["Content-Encoding"] == "gzip"
    keys = sorted(k for k in app_module.STATIC_COMPRESSOR.kept.store if k[0] == "/assets/base.css")
    assert keys == [("/assets/base.css", "br"), ("/assets/base.css", "gzip")]  # br from the warm-up


def test_fingerprints_and_path_spellings_share_one_kept_copy():
    """A client can change a bundle's version fingerprint or spell a path oddly and still get the file;
    none of that makes a new copy (or costs a new compression)."""
    react = next(s for s in _scripts("/map") if "/deps/react@" in s)
    variants = [react, re.sub(r"\.v[\w-]+m[0-9a-f]+\.", ".v0_0_1m123abc.", react), react.replace("/deps/", "/deps/./")]
    before = len(app_module.STATIC_COMPRESSOR.kept.store)
    bodies = {_get(v, "br").data for v in variants if _get(v, "br").status_code == 200}
    assert len(bodies) == 1
    assert len(app_module.STATIC_COMPRESSOR.kept.store) == before
    key = webserver.StaticCompressor.file_key
    assert key(variants[0]) == key(variants[1]) == key("/_dash-component-suites/dash/deps/react@18.3.1.min.js")


def test_workers_warm_up_before_they_take_requests():
    """Importing the app fetched the first page and every file it links: the page router is registered
    and the best compressed copies are made before the first visitor arrives."""
    assert app_module.WARM_UP["ok"] and app_module.WARM_UP["files"] >= 10
    assert page_views.ROUTER_OUTPUT in app_module.app.callback_map
    kept = {k for k in app_module.STATIC_COMPRESSOR.kept.store}
    for src in _scripts("/map"):
        assert (webserver.StaticCompressor.file_key(src.split("?")[0]), "br") in kept, src


def test_the_kept_bytes_are_bounded():
    compressor = webserver.StaticCompressor(max_bytes=2_000)
    for i in range(50):
        compressor.compressed(f"/assets/file{i}.js", "gzip", os.urandom(500))
    assert compressor.kept.size <= 2_000
    assert compressor.kept.size == sum(len(v) for v in compressor.kept.store.values())
    assert len(compressor.kept.store) < 50


def test_dynamic_answers_are_not_kept():
    r = CLIENT.get("/map", headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert not any(k[0] == "/map" for k in app_module.STATIC_COMPRESSOR.kept.store)


def test_fingerprinted_assets_are_kept_by_browsers_and_others_are_not():
    fingerprinted = next(s for s in _scripts("/map") if s.startswith("/assets/") and "?m=" in s)
    assert CLIENT.get(fingerprinted).headers["Cache-Control"] == webserver.FINGERPRINTED_CACHE
    assert "immutable" not in CLIENT.get(fingerprinted.split("?")[0]).headers.get("Cache-Control", "")
    assert "immutable" not in CLIENT.get("/download/counties.csv?m=1").headers.get("Cache-Control", "")
