"""Median time of an Explorer filter change, measured with Streamlit's AppTest.

Builds the bundled database into a temporary file, opens the Explorer, then moves the
starting-salary slider back and forth and times each rerun (query + table + chart).

Usage: python bench/bench_explorer.py [--runs 21]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from careerdash.store import build

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
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
            start = time.perf_counter()
            at.run()
            changes.append(time.perf_counter() - start)
            assert not at.exception, at.exception
        careers = next(s.value for s in at.subheader if "correspond" in s.value)
    print(f"first render        : {first * 1000:7.1f} ms")
    print(
        f"filter change median: {statistics.median(changes) * 1000:7.1f} ms over {args.runs} "
        f"runs (min {min(changes) * 1000:.1f}, max {max(changes) * 1000:.1f}); "
        f"last result: {careers}"
    )


if __name__ == "__main__":
    main()
