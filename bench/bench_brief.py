"""Time the comparison brief (HTML, CSV, Excel) for careers of the bundled fiches and print its
size, median of N runs. The page builds these files only when a button is clicked.

Usage: python bench/bench_brief.py [--runs 5] [--careers 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from careerdash import brief, queries
from careerdash.brief_ui import charts_for
from careerdash.store import DEFAULT_FICHES, build

FRAMES = brief.FACT_FRAMES


def timed(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--careers", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        build(DEFAULT_FICHES, db)
        con = duckdb.connect(str(db), read_only=True)
        ids = tuple(queries.career_titles(con)["career_id"].head(args.careers))
        f = {name: getattr(queries, name)(con, ids) for name in FRAMES}
        info = queries.build_info(con)
        con.close()
    f["progressions"] = f["progressions"].assign(target=lambda d: d["to_title"].fillna(d["title"]))
    facts = brief.facts(*(f[name] for name in FRAMES))

    def html() -> str:
        return brief.html_brief(
            brief.Brief(
                title="Comparaison",
                careers=f["careers"],
                facts=facts,
                charts=charts_for(f),
                build_info=info,
                share_url="http://localhost:8501/comparer",
                editorial=True,
            )
        )

    for name, fn in (
        ("HTML brief", html),
        ("CSV", lambda: brief.facts_csv(facts)),
        ("Excel", lambda: brief.facts_xlsx(facts)),
    ):
        seconds, out = timed(fn, args.runs)
        size = len(out.encode() if isinstance(out, str) else out)
        print(
            f"{name:10s}: median {seconds * 1000:7.1f} ms over {args.runs} runs, "
            f"{size / 1e6:5.2f} MB ({len(ids)} careers, {len(facts)} facts)"
        )


if __name__ == "__main__":
    main()
