"""Time `careerdash build` on the bundled fiches (and parse alone), printing medians.

Usage: python bench/bench_build.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from careerdash.store import DEFAULT_FICHES, build, fiche_files, read_fiches


def timed(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--fiches", default=str(DEFAULT_FICHES))
    args = parser.parse_args()
    files = fiche_files(Path(args.fiches))
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        parse = timed(lambda: read_fiches(files), args.runs)
        full = timed(lambda: build(Path(args.fiches), db, keep_imports=False), args.runs)
        report = build(Path(args.fiches), db, keep_imports=False)
    print(f"fiches: {len(files)}, careers: {report.careers}, facts: {report.facts}")
    print(f"parse only : median {statistics.median(parse) * 1000:7.1f} ms over {args.runs} runs")
    print(
        f"full build : median {statistics.median(full) * 1000:7.1f} ms over {args.runs} runs "
        f"(min {min(full) * 1000:.1f}, max {max(full) * 1000:.1f})"
    )


if __name__ == "__main__":
    main()
