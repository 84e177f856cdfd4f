"""Time the Dares import on the real files, printing medians.

"read" is `read_dares` alone (Dares folder + ROME v460 code list); "import" writes the
reference tables into a database that already holds the 48 fiches and ROME v460 (each run
on a fresh copy), which includes deriving the family medians of every career.

Usage: python bench/bench_dares.py [--runs 3] [--realdata ../shared/realdata]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from careerdash.importers.dares import import_dares, read_dares
from careerdash.importers.load import import_rome
from careerdash.store import build

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--realdata", type=Path, default=REALDATA)
    args = parser.parse_args()
    dares = args.realdata / "dares_fap_salaries"
    rome = args.realdata / "rome_4_0_v460"
    reads, imports = [], []
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.duckdb"
        build(ROOT / "data" / "fiches", base)
        import_rome(rome, base)
        for i in range(args.runs):
            start = time.perf_counter()
            read_dares(dares, rome)
            reads.append(time.perf_counter() - start)
            db = Path(tmp) / f"run{i}.duckdb"
            shutil.copyfile(base, db)
            start = time.perf_counter()
            report = import_dares(dares, db, rome=rome)
            imports.append(time.perf_counter() - start)
    for label, times in (("read", reads), ("import", imports)):
        print(
            f"Dares {label:<7} median {statistics.median(times):6.2f} s over {len(times)} runs "
            f"(min {min(times):.2f}, max {max(times):.2f})"
        )
    print(f"{report.careers} ROME codes with a family, {report.facts:,} facts written")


if __name__ == "__main__":
    main()
