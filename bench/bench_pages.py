"""Filter changes and text search on careerdash's pages, as ratios to the floor page.

The floor (../shared/bench/floor_app.py: one DuckDB filter, one Plotly scatter, one
dataframe over N synthetic careers) and each careerdash page run in this one process with
Streamlit's AppTest, their reruns interleaved, at the same N: the real database (when
../shared/realdata is there) and synthetic databases of 10,000 and 100,000 careers
(bench/synth.py; with the real database's ~32,000 national diplomas, their links moved
onto synthetic careers, so that the diploma explorer is measured at every N). Every rerun
moves a widget to a value it has not had before, so the query that depends on it really
runs, while what did not change (the filter options, the title lookup) stays cached, as
for a user. Figures are medians; the ratio is page / floor.

    python bench/bench_pages.py                     # real database, 10k, 100k
    python bench/bench_pages.py --sizes 10000 --runs 11
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import duckdb
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realdb  # noqa: E402
import synth  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT.parent / "shared" / "bench" / "floor_app.py"
CACHE = Path(
    os.environ.get("CAREERDASH_BENCH_CACHE", Path(tempfile.gettempdir()) / "careerdash-bench")
)
TIMEOUT = 600
SEARCH_WORDS = [
    "électricité",
    "securite",
    "santé",
    "education",
    "hôtellerie",
    "batiment",
    "comptabilite",
    "télécom",
    "agroalimentaire",
    "aeronautique",
    "création",
    "qualite",
    "médical",
    "logistique",
    "développement",
    "réseau",
    "numérique",
    "donnees",
    "forêt",
    "pêche",
    "théâtre",
    "cinéma",
    "musée",
    "bibliotheque",
    "chaussée",
    "vehicules",
    "crèche",
    "école",
    "hôpital",
    "pharmacie",
    "laboratoire",
    "assurance",
]
DIPLOMA_WORDS = [
    "BTS CG",
    "CAP",
    "BUT",
    "licence pro",
    "master",
    "commerce",
    "gestion",
    "électricité",
    "santé",
    "cuisine",
    "informatique",
    "comptabilité",
    "bâtiment",
    "mécanique",
    "agriculture",
    "coiffure",
    "vente",
    "logistique",
]


SYNTHETIC_SEARCHES = [
    f"{role} {word}"
    for role, word in zip(
        ["Technicien(ne)", "Ingénieur(e)", "Agent(e)", "Analyste", "Gestionnaire"] * 4,
        [
            "électricité",
            "sécurité",
            "santé",
            "éducation",
            "hôtellerie",
            "bâtiment",
            "énergie",
            "qualité",
            "médical",
            "forêt",
            "théâtre",
            "crèche",
            "école",
            "hôpital",
            "pêche",
            "musée",
            "création",
            "réseau",
            "données",
            "chaussée",
        ],
        strict=True,
    )
]


def query_alone(db: Path, words: list[str]) -> float:
    """Median time of the Explorer's search query by itself, on a fresh connection."""
    from careerdash import queries

    con = duckdb.connect(str(db), read_only=True)
    times = []
    try:
        for w in words:
            start = time.perf_counter()
            queries.explore(con.cursor(), queries.CareerFilters(text=w))
            times.append(time.perf_counter() - start)
    finally:
        con.close()
    return statistics.median(times)


def fold(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c)
    )


def sweep(lo: float, hi: float, runs: int, step: float = 1) -> list:
    """`runs` distinct values spread over [lo, hi], on the widget's step."""
    values: list = []
    for i in range(runs * 4):
        v = lo + (hi - lo) * ((i * 0.618034) % 1.0)
        v = round(v / step) * step
        if v not in values:
            values.append(type(step)(v))
        if len(values) == runs:
            break
    return values


class Floor:
    def __init__(self, n: int):
        if not FLOOR.exists():
            raise SystemExit(f"the floor page is not at {FLOOR}: nothing to compare against")
        self.n = n
        os.environ["N"] = str(n)
        self.at = AppTest.from_file(str(FLOOR), default_timeout=TIMEOUT)
        self.at.run()

    def step(self, fraction: float) -> float:
        os.environ["N"] = str(self.n)
        self.at.slider[0].set_value(int(60000 * fraction))
        return _timed(self.at)


class Page:
    """A careerdash page in AppTest, pointed at one database."""

    def __init__(self, db: Path, page: str):
        os.environ["CAREERDASH_DB"] = str(db)
        os.environ["CAREERDASH_FICHES"] = str(db.parent / "no-fiches")  # never rebuild
        self.at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
        start = time.perf_counter()
        self.at.run()
        if page != "explorer":
            self.at.switch_page(str(ROOT / "pages" / f"{page}.py")).run()
        self.first = time.perf_counter() - start
        _check(self.at)

    def timed(self, change: Callable[[AppTest], object]) -> float:
        change(self.at)
        seconds = _timed(self.at)
        _check(self.at)
        return seconds


def _timed(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    return time.perf_counter() - start


def _check(at: AppTest) -> None:
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])


def page_actions(page: Page, name: str, runs: int) -> dict[str, list[Callable]]:
    """The filter changes measured on a page: name → one widget change per run."""
    at = page.at
    if name == "explorer":
        return {
            "Explorer: salaire débutant": [
                lambda at, v=v: at.slider(key="debutant").set_value(v) for v in sweep(0, 60, runs)
            ],
            "Explorer: profil minimum": [
                lambda at, v=v: at.slider(key="min_stimulation").set_value(v)
                for v in sweep(0, 95, min(runs, 19), 5)
            ],
        }
    if name == "trouver":
        letters = [s.key for s in at.select_slider if s.key and s.key.startswith("riasec_")]
        liking = at.select_slider(key=letters[0]).options
        states = [(k, liking[level]) for level in range(1, len(liking)) for k in letters]
        return {
            "Trouver: salaire minimum": [
                lambda at, v=v: at.number_input(key="salaire_min").set_value(v)
                for v in sweep(1000, 3000, runs, 100)
            ],
            "Trouver: goût RIASEC": [  # each answer adds to the previous: every state is new
                lambda at, k=k, v=v: at.select_slider(key=k).set_value(v) for k, v in states[:runs]
            ],
        }
    if name == "diplomes":
        try:
            at.text_input(key="diplome_q")
        except KeyError:
            return {}  # no national diplomas in this database: the page shows the fiches'
        levels = at.selectbox(key="diplome_niv").options
        return {
            "Diplômes: recherche": [
                lambda at, w=w: at.text_input(key="diplome_q").input(w)
                for w in DIPLOMA_WORDS[:runs]
            ],
            "Diplômes: niveau": [
                lambda at, i=i: at.selectbox(key="diplome_niv").select_index(i)
                for i in range(1, min(len(levels), runs + 1))
            ],
        }
    # a page that arrived from another branch: move its first slider through its range
    sliders = [s for s in at.slider if isinstance(s.value, int | float)]
    if sliders:
        s = sliders[0]
        key = s.key
        values = sweep(s.min, s.max, runs, s.step)

        def move(at: AppTest, v, key=key, label=s.label) -> None:
            found = at.slider(key=key) if key else next(x for x in at.slider if x.label == label)
            found.set_value(v)

        return {f"{name}: {s.label}": [lambda at, v=v: move(at, v) for v in values]}
    if at.select_slider:
        s = at.select_slider[0]
        options = list(s.options)
        return {
            f"{name}: {s.label}": [
                lambda at, v=v, label=s.label: next(
                    x for x in at.select_slider if x.label == label
                ).set_value(v)
                for v in options[:runs]
            ]
        }
    return {}


def measure(floor: Floor, page: Page, changes: list[Callable]) -> tuple[list, list]:
    floor_t, page_t = [], []
    for i, change in enumerate(changes):
        fraction = (i * 0.618034 + 0.05) % 0.8  # a new floor value each time too
        if i % 2:
            page_t.append(page.timed(change))
            floor_t.append(floor.step(fraction))
        else:
            floor_t.append(floor.step(fraction))
            page_t.append(page.timed(change))
    return floor_t, page_t


def report(label: str, n: int, floor_t: list, page_t: list) -> tuple:
    f, p = statistics.median(floor_t), statistics.median(page_t)
    ratio = p / f
    verdict = "met" if ratio <= 1.5 else "NOT met"
    print(
        f"  {label:<44} floor {f * 1000:7.1f} ms  page {p * 1000:7.1f} ms  "
        f"ratio {ratio:4.2f}  (≤ 1.5: {verdict}; {len(page_t)} runs)",
        flush=True,
    )
    return label, n, f, p, ratio


def careers_in(db: Path) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM careers").fetchone()[0]
    finally:
        con.close()


def as_served() -> None:
    """Make AppTest rerun a script the way `streamlit run` does, for the floor and the app alike.

    AppTest differs from the server in two ways that cost an app with a `pages/` folder at
    every rerun, never the floor's single file:
    - before each run it sets `PagesManager.uses_pages_directory` back to None, so the next
      run finds `pages/` and goes through Streamlit's first-generation multipage wrapper
      (`_mpa_v1`: it lists `pages/`, builds a navigation of its own, then runs app.py, whose
      `st.navigation` builds ours). The server does that once: `st.navigation` sets the flag
      to False for the life of the process;
    - it makes a new `ScriptCache` per run, so every page is compiled again; the server
      keeps one cache and compiles a page once (again when its file changes).
    """
    import streamlit.testing.v1.app_test as app_test
    from streamlit.runtime.pages_manager import PagesManager

    class ServedPagesManager(PagesManager):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            # as after the server's first run: app.py's st.navigation has set it
            PagesManager.uses_pages_directory = False

    shared = app_test.ScriptCache()
    app_test.PagesManager = ServedPagesManager
    app_test.ScriptCache = lambda: shared


def quiet() -> None:
    """Silence Streamlit's bare-mode notices, printed at every AppTest rerun."""
    for name in ["streamlit", *logging.Logger.manager.loggerDict]:
        if name.startswith("streamlit"):
            logging.getLogger(name).setLevel(logging.ERROR)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="real,10000,100000")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--pages", default="explorer,trouver,diplomes")
    parser.add_argument("--no-search", action="store_true")
    parser.add_argument(
        "--apptest-as-is",
        action="store_true",
        help="keep AppTest's own per-run resets (see as_served): every page pays a v1 "
        "multipage pass and a compile at each rerun, which `streamlit run` does not",
    )
    args = parser.parse_args()
    if not args.apptest_as_is:
        as_served()
    print(
        "AppTest "
        + ("as is (resets at every run)" if args.apptest_as_is else "as served (see as_served)")
    )
    os.chdir(ROOT)  # the app's .streamlit/config.toml applies, as under `make run`
    quiet()
    results = []
    for size in args.sizes.split(","):
        if size == "real":
            db = realdb.cached(CACHE)
            if db is None:
                print("real database: skipped (../shared/realdata not found)")
                continue
        else:
            # the national diplomas of the real database, when there is one, so that the
            # diploma explorer is measured at every N (synth.add_national_diplomas)
            db = synth.cached(int(size), CACHE, real=realdb.cached(CACHE))
        n = careers_in(db)
        print(f"N = {n:,} careers ({'real database' if size == 'real' else 'synthetic'})")
        floor = Floor(n)
        for name in args.pages.split(","):
            if not (ROOT / "pages" / f"{name}.py").exists():
                print(f"  {name}: no pages/{name}.py on this branch")
                continue
            page = Page(db, name)
            print(f"  {name}: first render {page.first * 1000:.0f} ms", flush=True)
            for label, changes in page_actions(page, name, args.runs).items():
                results.append(report(label, n, *measure(floor, page, changes)))
        if not args.no_search and size != "10000":
            page = Page(db, "explorer")
            # synthetic careers draw their words from a vocabulary of 100: one word is in a
            # third of them; a role and a word together pick out about 1 % (like a real search)
            words = (SEARCH_WORDS if size == "real" else SYNTHETIC_SEARCHES)[: args.runs]
            searched = query_alone(db, words)
            print(f"  search query alone (queries.explore): median {searched * 1000:.1f} ms")
            changes = [lambda at, w=w: at.text_input(key="q").input(w) for w in words]
            results.append(report("Explorer: recherche texte", n, *measure(floor, page, changes)))
    print("\nsummary (median ms; ratio page / floor at the same N):")
    for label, n, f, p, ratio in results:
        print(f"  N={n:>7,}  {label:<44} {f * 1000:7.1f} {p * 1000:8.1f}  {ratio:5.2f}×")


if __name__ == "__main__":
    main()
