"""Time the fiche parser on worst-case fiches (one 2 MB line of each kind, built to make
patterns backtrack), printing each time and the worst. The parser must be linear: each of
these takes about as long as reading an ordinary 2 MB fiche.

Usage: python bench/bench_parse.py [--size 2000000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from worst_fiches import worst_fiches  # noqa: E402

from careerdash.fiche import FicheError, parse_fiche  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=None, help="characters per fiche")
    args = parser.parse_args()
    cases = worst_fiches(args.size) if args.size else worst_fiches()
    worst = ("", 0.0)
    print("    wall      cpu  size    case")
    for name, text in cases.items():
        start, cpu = time.perf_counter(), time.process_time()
        try:
            parse_fiche(text, name)
            outcome = "read"
        except FicheError as exc:
            outcome = f"refused: {exc.problems[0].message[:60]}"
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        worst = max(worst, (name, cpu), key=lambda w: w[1])
        print(
            f"{seconds:6.3f} s {cpu:6.3f} s  {len(text) / 1e6:3.1f} MB  {name:<28} {outcome}",
            flush=True,
        )
    print(f"worst CPU time: {worst[1]:.3f} s ({worst[0]}); wall time depends on the load")


if __name__ == "__main__":
    main()
