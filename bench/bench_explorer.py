"""Median time of an Explorer filter change, measured with Streamlit's AppTest.

Builds the bundled database into a temporary file (or takes --db), opens the Explorer, then
moves the starting-salary slider and types searches, timing each rerun (query + table +
chart) with Streamlit's data cache cleared first, so every figure is a real query.

Usage: python bench/bench_explorer.py [--runs 21]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path

import duckdb
import streamlit as st
from streamlit.testing.v1 import AppTest

from careerdash.store import build

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument(
        "--db",
        help="an existing database (e.g. with ROME and O*NET imported) instead of "
        "one built from the bundled fiches",
    )
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # bare-mode notices, per rerun
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else Path(tmp) / "bench.duckdb"
        if not args.db:
            build(ROOT / "data" / "fiches", db, keep_imports=False)
        os.environ["CAREERDASH_DB"] = str(db)
        os.environ["CAREERDASH_FICHES"] = str(ROOT / "data" / "fiches")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        start = time.perf_counter()
        at.run()
        first = time.perf_counter() - start
        values, changes = [0, 25, 30, 35, 40], []
        for i in range(args.runs):
            slider = at.slider(key="debutant")
            slider.set_value(values[(i + 1) % len(values)])
            st.cache_data.clear()  # time the query, not a cache hit
            start = time.perf_counter()
            at.run()
            changes.append(time.perf_counter() - start)
            assert not at.exception, at.exception
        careers = next(s.value for s in at.subheader if "correspond" in s.value)
        at.slider(key="debutant").set_value(0)
        at.run()
        words, searches = ["tech", "agent", "ingénieur", "soin", ""], []
        for i in range(args.runs):
            at.text_input(key="q").input(words[i % len(words)])
            st.cache_data.clear()
            start = time.perf_counter()
            at.run()
            searches.append(time.perf_counter() - start)
        con = duckdb.connect(str(db), read_only=True)
        total = con.execute("SELECT count(*) FROM careers").fetchone()[0]
        con.close()
    print(f"database            : {total} careers")
    print(f"first render        : {first * 1000:7.1f} ms")
    print(
        f"filter change median: {statistics.median(changes) * 1000:7.1f} ms over {args.runs} "
        f"runs (min {min(changes) * 1000:.1f}, max {max(changes) * 1000:.1f}); "
        f"last result: {careers}"
    )
    print(
        f"text search median  : {statistics.median(searches) * 1000:7.1f} ms over {args.runs} "
        f"runs (min {min(searches) * 1000:.1f}, max {max(searches) * 1000:.1f})"
    )


if __name__ == "__main__":
    main()
