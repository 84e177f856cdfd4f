"""Time `careerdash import diplomas` on the real files, printing medians and the counts the
issue asks for (diplomas, links to jobs by source, diplomas with outcomes).

"read" is the readers alone; "import" is read + merge + write into a database that already
holds the bundled fiches and ROME 4.0 (so that the fiche diplomas are linked too).

Usage: python bench/bench_diplomas.py [--runs 3] [--realdata ../shared/realdata]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from careerdash import queries
from careerdash.importers.diplomas import import_diplomas, read_diplomas
from careerdash.importers.load import import_rome
from careerdash.store import build

ROOT = Path(__file__).resolve().parents[1]
REALDATA = ROOT.parent / "shared" / "realdata"
FOLDERS = (
    "diplomas_outcomes",
    "rncp_export_2026_02_01_partial",
    "rome_4_0_v460",
    "kit_apprentissage_cfd_rncp",
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--realdata", type=Path, default=REALDATA)
    args = parser.parse_args()
    sources = [args.realdata / f for f in FOLDERS]
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "base.duckdb"
        build(ROOT / "data" / "fiches", base)
        import_rome(args.realdata / "rome_4_0_v460", base)
        reads, imports = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            read_diplomas(sources)
            reads.append(time.perf_counter() - start)
            db = Path(tmp) / "db.duckdb"
            shutil.copyfile(base, db)
            start = time.perf_counter()
            import_diplomas(sources, db)
            imports.append(time.perf_counter() - start)
        for label, times in (("read", reads), ("import", imports)):
            print(
                f"{label:<7} median {statistics.median(times):6.2f} s over {len(times)} runs "
                f"(min {min(times):.2f}, max {max(times):.2f})"
            )
        con = duckdb.connect(str(db), read_only=True)
        try:
            counts = queries.diploma_counts(con)
        finally:
            con.close()
        print(
            f"diplomas: {counts.pop('diplomas'):,}; with outcomes: {counts.pop('with_outcomes'):,}"
        )
        for key, n in sorted(counts.items()):
            print(f"{key}: {n:,}")


if __name__ == "__main__":
    main()
