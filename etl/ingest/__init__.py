"""Ingest official downloads, transcribed county tables and case records as county measures.

`python -m etl.ingest FORMAT INPUT -o OUTPUT.csv --source-id ID` writes tidy county_measures rows
(etl/ingest/__main__.py); `registry_readers()` gives `python -m etl` the same readers for raw files
registered in data/sources.yaml, so an ingested measure reaches the map without code changes.
Formats live in etl/ingest/formats/; disclosure control in disclosure.py, policy.py and audit.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd


def registry_readers() -> dict[str, Callable]:
    """Format name -> reader of a registered RawFile, for etl.pipeline.measure_readers()."""
    from etl.ingest.formats import FORMATS, ingest

    def reader_for(fmt: str) -> Callable:
        def read(raw) -> pd.DataFrame:
            return ingest(fmt, raw.path, raw.source_id, dict(raw.options))

        read.__name__ = f"read_{fmt.replace('-', '_')}"
        read.__doc__ = f"Rows of a registered {fmt} raw file (etl.ingest.formats.ingest)."
        return read

    return {fmt: reader_for(fmt) for fmt in FORMATS}
