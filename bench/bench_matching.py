"""Trouver mon métier: how long a change of answer takes, against an Explorer filter change.

Both pages run in this one process with Streamlit's AppTest, on the same database (fiches +
ROME + O*NET, built from ../shared/realdata unless --db is given), in alternation, so that
the machine's load weighs on both alike. Printed: the medians and their ratio.

- Explorer: the starting-salary slider moves, data cache cleared first (as in
  bench_explorer.py): its query depends on the filter, so a real change misses the cache.
- Trouver, "warm": a centre d'intérêt, the RIASEC level, the refused contexts or the minimum
  pay change; the careers' facts stay cached, as they do in the app (they do not depend on the
  answers): the rerun re-ranks every career, builds the table, the reasons and the chart.
- Trouver, "cold": the same with the data and resource caches cleared first (every fact
  query re-runs, the connection is reopened).
- The ranking alone (`matching.rank`, no Streamlit), for the record.

Usage: python bench/bench_matching.py [--runs 21] [--db PATH] [--onet]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import tempfile
import time
from pathlib import Path

import duckdb
import streamlit as st
from streamlit.testing.v1 import AppTest

from careerdash import matching, queries
from careerdash.importers.load import import_onet, import_rome
from careerdash.store import build

ROOT = Path(__file__).resolve().parent.parent
REALDATA = ROOT.parent / "shared" / "realdata"

INTERESTS = [
    ["J'aime manier les chiffres"],
    ["J'aime manier les chiffres", "J'ai le souci du détail"],
    ["Je souhaite prendre soin des autres"],
    ["J'aime le travail manuel", "J'aime l'activité physique"],
]
AVOID = [[], ["Travail de nuit"], ["Travail de nuit", "Déplacements professionnels"]]
LIKING = ["pas du tout", "un peu", "assez", "beaucoup"]


def real_database(path: Path) -> Path:
    build(ROOT / "data" / "fiches", path)
    import_rome(REALDATA / "rome_4_0_v460", path)
    import_onet([REALDATA / "onet_30_0_text", REALDATA / "onet_29_0_excel"], path)
    return path


def timed(at: AppTest, clear: bool, resources: bool = False) -> float:
    if clear:
        st.cache_data.clear()
    if resources:
        st.cache_resource.clear()
    start = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - start
    assert not at.exception, [e.value for e in at.exception]
    return elapsed


def change_answer(at: AppTest, i: int) -> None:
    """One answer changes per rerun, in turn: interests, a RIASEC level, refusals, pay."""
    step = i % 4
    if step == 0:
        at.multiselect(key="interets").set_value(INTERESTS[(i // 4) % len(INTERESTS)])
    elif step == 1:
        at.select_slider(key="riasec_C").set_value(LIKING[(i // 4) % 4])
    elif step == 2:
        at.multiselect(key="eviter").set_value(AVOID[(i // 4) % len(AVOID)])
    else:
        at.number_input(key="salaire_min").set_value([0, 1500, 2000][(i // 4) % 3])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--db", help="a database with fiches, ROME and O*NET already imported")
    parser.add_argument("--onet", action="store_true", help="rank O*NET careers too")
    args = parser.parse_args()
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(args.db) if args.db else real_database(Path(tmp) / "bench.duckdb")
        os.environ["CAREERDASH_DB"] = str(db)
        os.environ["CAREERDASH_FICHES"] = str(ROOT / "data" / "fiches")

        explorer = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        explorer.run()
        finder = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        finder.query_params.update({"onet": "true"} if args.onet else {})
        finder.run()
        finder.switch_page(str(ROOT / "pages" / "trouver.py")).run()
        finder.select_slider(key="riasec_S").set_value("assez")
        finder.run()

        salaries = [0, 25, 30, 35, 40]
        filter_runs, warm_runs, cold_runs = [], [], []
        for i in range(args.runs):
            explorer.slider(key="debutant").set_value(salaries[(i + 1) % len(salaries)])
            filter_runs.append(timed(explorer, clear=True))
            change_answer(finder, i)
            warm_runs.append(timed(finder, clear=False))
            change_answer(finder, i + 1)
            cold_runs.append(timed(finder, clear=True, resources=True))
            explorer.run()  # reopen the connection the cold run dropped, untimed
        ranked = next(s.value for s in finder.subheader if "classés" in s.value)

        con = duckdb.connect(str(db), read_only=True)
        total = con.execute("SELECT count(*) FROM careers").fetchone()[0]
        sources = ("fiche", "rome", "onet") if args.onet else ("fiche", "rome")
        facts = matching.Facts(
            queries.matching_careers(con, sources),
            queries.matching_interests(con, sources),
            queries.matching_riasec(con, sources),
            queries.matching_contexts(con, sources),
        )
        con.close()
        answers = matching.Answers(
            interests=tuple(INTERESTS[1]),
            riasec=(("C", 3), ("I", 2)),
            profile=(("qualite_de_vie", 1),),
            max_level_years=2,
            min_pay_net_month=1500,
            avoid=("Travail de nuit",),
        )
        pure = []
        for _ in range(args.runs):
            start = time.perf_counter()
            matching.rank(answers, facts)
            pure.append(time.perf_counter() - start)

    def ms(values: list[float]) -> str:
        return (
            f"{statistics.median(values) * 1000:7.1f} ms (min {min(values) * 1000:.1f}, "
            f"max {max(values) * 1000:.1f})"
        )

    explorer_median = statistics.median(filter_runs)
    print(f"database                       : {total} careers; ranked: {ranked}")
    print(f"Explorer filter change         : {ms(filter_runs)}, median of {args.runs}")
    print(f"Trouver answer change (warm)   : {ms(warm_runs)}")
    print(f"Trouver answer change (cold)   : {ms(cold_runs)}")
    print(f"matching.rank alone            : {ms(pure)} for {len(facts.careers)} careers")
    warm, cold = (statistics.median(r) / explorer_median for r in (warm_runs, cold_runs))
    print(f"ratio Trouver / Explorer       : warm {warm:.2f}, cold {cold:.2f}")


if __name__ == "__main__":
    main()
