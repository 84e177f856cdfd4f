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
    for name, text in cases.items():
        start = time.perf_counter()
        try:
            parse_fiche(text, name)
            outcome = "read"
        except FicheError as exc:
            outcome = f"refused: {exc.problems[0].message[:60]}"
        seconds = time.perf_counter() - start
        worst = max(worst, (name, seconds), key=lambda w: w[1])
        print(f"{seconds:8.3f} s  {len(text) / 1e6:4.1f} MB  {name:<30} {outcome}", flush=True)
    print(f"worst: {worst[1]:.3f} s ({worst[0]})")


if __name__ == "__main__":
    main()
