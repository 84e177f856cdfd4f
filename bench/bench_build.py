"""Time `careerdash build` on the bundled fiches (and parse alone), printing medians, and the
parse rate on 10,000 synthetic fiches (issue 14: at least 2,000 fiches per second).

The synthetic fiches are the bundled ones written again under numbered titles (so that every
one is a distinct career), in a temporary folder: real text, never shipped in data/.

Wall time depends on what else the machine runs, so the parse rate is printed from the
process's CPU time too, with the load average at the start and the end.

Usage: python bench/bench_build.py [--runs 7] [--synthetic 10000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from careerdash.store import DEFAULT_FICHES, build, fiche_files, read_fiches


def timed(fn, runs: int, cpu: list[float] | None = None) -> list[float]:
    """Wall seconds of each run; the CPU seconds go into `cpu` when given."""
    out = []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        out.append(time.perf_counter() - start)
        if cpu is not None:
            cpu.append(time.process_time() - start_cpu)
    return out


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--fiches", default=str(DEFAULT_FICHES))
    parser.add_argument("--synthetic", type=int, default=10_000)
    args = parser.parse_args()
    files = fiche_files(Path(args.fiches))
    print(f"start: {load()} ({os.cpu_count()} CPUs)")
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
    if args.synthetic:
        synthetic_rate(files, args.synthetic, max(1, args.runs // 2))
    print(f"end: {load()}")


def synthetic_rate(files: list[Path], count: int, runs: int) -> None:
    texts = [p.read_text(encoding="utf-8-sig") for p in files]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(count):
            first, _, rest = texts[i % len(texts)].partition("\n")
            (folder / f"{i:05d}.txt").write_text(f"{first.strip()} n°{i}\n{rest}", "utf-8")
        paths = fiche_files(folder)
        careers = []
        cpu: list[float] = []
        parse = timed(lambda: careers.append(read_fiches(paths)), runs, cpu)
        read, problems = careers[-1]
        if problems:
            raise SystemExit(f"synthetic fiches did not parse: {problems[:3]}")
        full = timed(lambda: build(folder, Path(tmp) / "synth.duckdb", keep_imports=False), 1)
    rate = len(read) / statistics.median(parse)
    cpu_rate = len(read) / statistics.median(cpu)
    verdict = "met" if rate >= 2000 else "NOT met"
    print(
        f"{len(read):,} synthetic fiches: parse median {statistics.median(parse):.2f} s over "
        f"{runs} runs = {rate:,.0f} fiches/s (target ≥ 2,000: {verdict}); "
        f"CPU time {statistics.median(cpu):.2f} s = {cpu_rate:,.0f} fiches/s; "
        f"full build {full[0]:.2f} s"
    )


if __name__ == "__main__":
    main()
