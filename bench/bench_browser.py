"""What a user waits for in Chromium, on the real database, beside the floor page.

Runs `streamlit run app.py` over the real national database (bench/realdb.py) and the
floor page (../shared/bench/floor_app.py, N = the same number of careers), each on a free
port, and drives headless Chromium with Playwright:

- slider step → chart updated: one arrow-key step of the Explorer's starting-salary slider
  (from a value where one step changes the set of careers drawn), until the scatter's data
  changed; and a click on the slider's track (a jump), on the app and on the floor;
- Comparer with 3 careers: from navigation to the page's header text, and to every chart
  drawn (script finished, every Plotly chart rendered);
- page switch: a click in the sidebar, until the new page is fully drawn; beside it the
  floor's own page switch, between two copies of the floor made the pages of one app;
- fresh tab: a new browser context (empty cache) until every chart is drawn, and a new tab
  beside an open one (cache warm), app and floor.

Figures are medians over --runs; targets from issue 14 are printed beside them.

With --baseline DIR (another checkout of careerdash, e.g. `git worktree add` or
`git archive main | tar -x -C DIR`), that checkout's app runs beside this one, on the same
database, and every measure alternates between the two in the same run: a before/after
on a shared, busy machine compares like with like.

    python bench/bench_browser.py [--runs 7] [--baseline DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import duckdb
from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realdb  # noqa: E402
from serve import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ROOT.parent / "shared" / "bench" / "floor_app.py"
CACHE = Path(
    os.environ.get("CAREERDASH_BENCH_CACHE", Path(tempfile.gettempdir()) / "careerdash-bench")
)
TIMEOUT = 60_000

IDLE = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning';
}"""
# every chart on the page rendered by Plotly, nothing stale or still loading
DRAWN = """(minimum) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"], [data-stale="true"]')) return false;
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return charts.length >= minimum && charts.every(c => c.querySelector('.main-svg'));
}"""
SIGNATURE = """() => [...document.querySelectorAll('.js-plotly-plot')].map(g =>
  (g._fullData || []).map(t => t._length + ':' + (t.name || '')).join(',')).join('|')"""
HEADER = """(text) => [...document.querySelectorAll(
  '[data-testid="stMain"] h1, [data-testid="stMain"] h2')]
  .some(h => h.textContent.includes(text))"""


def median_ms(values: list[float]) -> str:
    low, high = min(values) * 1000, max(values) * 1000
    return f"{statistics.median(values) * 1000:7.0f} ms (min {low:.0f}, max {high:.0f})"


def verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def wait(page: Page, script: str, arg=None) -> None:
    page.wait_for_function(script, arg=arg, polling="raf", timeout=TIMEOUT)


def open_drawn(page: Page, url: str, charts: int = 1) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=TIMEOUT)
    wait(page, DRAWN, charts)
    return time.perf_counter() - start


def stepping_value(db: Path) -> int:
    """A starting-salary minimum (k€) where one step up removes a career from the scatter."""
    con = duckdb.connect(str(db), read_only=True)
    mids = [
        r[0]
        for r in con.execute(
            "SELECT debutant_mid FROM career_summary WHERE currency = 'EUR' "
            "AND debutant_mid IS NOT NULL AND confirme_mid IS NOT NULL ORDER BY 1"
        ).fetchall()
    ]
    con.close()
    middle = mids[len(mids) // 2]
    return int(middle // 1000)  # a career sits between k and k+1 thousand


def fiche_titles(db: Path, n: int) -> list[str]:
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT title FROM career_summary WHERE source_kind = 'fiche' "
        "AND debutant_mid IS NOT NULL ORDER BY title LIMIT ?",
        [n],
    ).fetchall()
    con.close()
    return [r[0] for r in rows]


def slider_steps(page: Page, base: str, start: int, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        page.goto(f"{base}/?debutant={start}", wait_until="commit", timeout=TIMEOUT)
        wait(page, DRAWN, 1)
        before = page.evaluate(SIGNATURE)
        thumb = page.locator('[data-testid="stSlider"] input[type="range"]').first
        thumb.focus()
        t0 = time.perf_counter()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(
            f"() => ({SIGNATURE})() !== {before!r}", polling="raf", timeout=TIMEOUT
        )
        out.append(time.perf_counter() - t0)
        wait(page, IDLE)
    return out


def track_jumps(page: Page, url: str, runs: int, main: bool) -> list[float]:
    """Click the first slider's track at alternating places; time until the chart changed."""
    page.goto(url, wait_until="commit", timeout=TIMEOUT)
    wait(page, DRAWN, 1)
    scope = '[data-testid="stMain"] ' if main else ""
    track = page.locator(f'{scope}[data-testid="stSlider"] [style*="touch-action"]').first
    out = []
    for i in range(runs):
        box = track.bounding_box()
        x = box["x"] + box["width"] * (0.35 if i % 2 else 0.55)
        before = page.evaluate(SIGNATURE)
        t0 = time.perf_counter()
        page.mouse.click(x, box["y"] + box["height"] / 2)
        page.wait_for_function(
            f"() => ({SIGNATURE})() !== {before!r}", polling="raf", timeout=TIMEOUT
        )
        out.append(time.perf_counter() - t0)
        wait(page, IDLE)
    return out


def comparer(page: Page, base: str, titles: list[str], runs: int) -> tuple[list, list]:
    query = "&".join(f"careers={quote(t)}" for t in titles)
    text, drawn = [], []
    for _ in range(runs):
        page.goto("about:blank")
        start = time.perf_counter()
        page.goto(f"{base}/comparer?{query}", wait_until="commit", timeout=TIMEOUT)
        wait(page, HEADER, "Comparer des métiers")
        text.append(time.perf_counter() - start)
        wait(page, DRAWN, 2)
        drawn.append(time.perf_counter() - start)
    return text, drawn


def click(page: Page, link) -> float:
    """A mouse click at the middle of `link`; returns the time just before it. The link is
    found and its box measured first: Playwright's checks before a `locator.click()` (the
    element visible, stable over two frames, hit by the pointer) took 40-90 ms that a user
    never waits for, and were timed as part of the switch before 4 December 11:40."""
    box = link.bounding_box()
    start = time.perf_counter()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    return start


def page_switch(page: Page, base: str, runs: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"Salaires": [], "Explorer": []}
    page.goto(base, wait_until="commit", timeout=TIMEOUT)
    wait(page, DRAWN, 1)
    for _ in range(runs):
        for label, header in (("Salaires", "Salaires"), ("Explorer", "Explorer les métiers")):
            link = page.locator('[data-testid="stSidebarNav"] a', has_text=label).first
            start = click(page, link)
            wait(page, HEADER, header)
            wait(page, DRAWN, 1)
            out[label].append(time.perf_counter() - start)
    return out


def floor_pages(folder: Path) -> Path:
    """The floor twice, as the two pages of one app (`st.navigation`): a switch between them
    is what a page switch costs Streamlit itself, one filter, one scatter, one table drawn.
    The second page's slider says "(B)", so its arrival can be told from the first page."""
    text = FLOOR.read_text(encoding="utf-8")
    (folder / "floor_a.py").write_text(text, encoding="utf-8")
    label = '"Salaire débutant minimum"'
    (folder / "floor_b.py").write_text(
        text.replace(label, '"Salaire débutant minimum (B)"'), encoding="utf-8"
    )
    app = folder / "floor_pages.py"
    app.write_text(
        "import streamlit as st\n\n"
        'st.navigation([st.Page("floor_a.py", title="Floor A"), '
        'st.Page("floor_b.py", title="Floor B")]).run()\n',
        encoding="utf-8",
    )
    return app


def floor_switch(page: Page, base: str, runs: int) -> list[float]:
    """Floor A → Floor B by the sidebar, until B's chart is drawn (then back, untimed)."""
    out = []
    page.goto(base, wait_until="commit", timeout=TIMEOUT)
    wait(page, DRAWN, 1)
    arrived = """(text) => [...document.querySelectorAll('[data-testid="stMain"] label')]
      .some(l => l.textContent.includes(text))"""
    for _ in range(runs):
        link = page.locator('[data-testid="stSidebarNav"] a', has_text="Floor B").first
        start = click(page, link)
        wait(page, arrived, "(B)")
        wait(page, DRAWN, 1)
        out.append(time.perf_counter() - start)
        page.locator('[data-testid="stSidebarNav"] a', has_text="Floor A").first.click()
        page.wait_for_function(
            f"(text) => !({arrived})(text)", arg="(B)", polling="raf", timeout=TIMEOUT
        )
        wait(page, DRAWN, 1)
    return out


def fresh(browser, url: str, runs: int) -> tuple[list, list]:
    cold, warm = [], []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        cold.append(open_drawn(context.new_page(), url))
        warm.append(open_drawn(context.new_page(), url))
        context.close()
    return cold, warm


def app_env(db: Path, checkout: Path) -> dict[str, str]:
    """A checkout's app on the real database: its own package first on the path, so a
    baseline checkout runs its own code, not the one installed in this venv."""
    return {
        "CAREERDASH_DB": str(db),
        "CAREERDASH_FICHES": str(CACHE / "no-fiches"),
        "PYTHONPATH": str(checkout / "src"),
    }


def alternate(apps: dict[str, str], runs: int, measure) -> dict[str, list]:
    """`measure(base, 1)` for each app in turn, `runs` times: the apps share the load."""
    out: dict[str, list] = {name: [] for name in apps}
    for _ in range(runs):
        for name, base in apps.items():
            out[name].extend(measure(base, 1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--baseline", type=Path, help="another checkout to measure beside")
    args = parser.parse_args()
    db = realdb.cached(CACHE)
    if db is None:
        raise SystemExit("the real datasets are not in ../shared/realdata: nothing to measure")
    if not FLOOR.exists():
        raise SystemExit(f"the floor page is not at {FLOOR}")
    if args.baseline and not (args.baseline / "app.py").exists():
        raise SystemExit(f"no careerdash checkout at {args.baseline}")
    con = duckdb.connect(str(db), read_only=True)
    n = con.execute("SELECT count(*) FROM careers").fetchone()[0]
    con.close()
    checkouts = {"app": ROOT} | ({"before": args.baseline.resolve()} if args.baseline else {})
    with contextlib.ExitStack() as stack:
        apps = {
            name: stack.enter_context(serve(path / "app.py", app_env(db, path), path))[0]
            for name, path in checkouts.items()
        }
        floor, _ = stack.enter_context(serve(FLOOR, {"N": str(n)}, FLOOR.parent))
        pages_dir = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        two_floors, _ = stack.enter_context(serve(floor_pages(pages_dir), {"N": str(n)}, pages_dir))
        p = stack.enter_context(sync_playwright())
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for base in [*apps.values(), floor]:  # first run of each server: caches filled once
            open_drawn(page, base)
        print(f"real database: {n:,} careers; floor N = {n:,}; {args.runs} runs each")
        print(f"load average before: {os.getloadavg()[0]:.2f}")

        opened = alternate(apps | {"floor": floor}, args.runs, lambda b, r: [fresh(browser, b, r)])
        cold = {name: [t for c, _ in runs for t in c] for name, runs in opened.items()}
        warm = {name: [t for _, w in runs for t in w] for name, runs in opened.items()}
        for label, times in (("empty cache", cold), ("cache warm", warm)):
            for name in [*apps, "floor"]:
                head = f"fresh tab, {label:<12}" if name == "app" else ""
                print(f"{head:<25}{name:<6}{median_ms(times[name])}")
            for name in apps:
                ratio = statistics.median(times[name]) / statistics.median(times["floor"])
                print(f"  {name} ratio {ratio:.2f} (target ≤ 1.20: {verdict(ratio <= 1.2)})")

        start = stepping_value(db)
        steps = alternate(apps, args.runs, lambda b, r: slider_steps(page, b, start, r))
        for name in apps:
            ok = statistics.median(steps[name]) <= 0.3
            head = "slider step → chart" if name == "app" else ""
            print(f"{head:<25}{name:<6}{median_ms(steps[name])} (≤ 300 ms: {verdict(ok)})")
        jumps = {
            name: track_jumps(page, f"{b}/?debutant=0", args.runs, False)
            for name, b in apps.items()
        }
        jumps["floor"] = track_jumps(page, floor, args.runs, main=True)
        for name, times in jumps.items():
            head = "slider jump → chart" if name == "app" else ""
            print(f"{head:<25}{name:<6}{median_ms(times)}")

        titles = fiche_titles(db, 3)
        pairs = alternate(apps, args.runs, lambda b, r: [comparer(page, b, titles, r)])
        for name in apps:
            text = [t for tt, _ in pairs[name] for t in tt]
            drawn = [d for _, dd in pairs[name] for d in dd]
            after = [d - t for d, t in zip(drawn, text, strict=True)]
            ok = statistics.median(after) <= 1.5
            print(f"Comparer, 3 careers ({name})")
            print(f"                         text  {median_ms(text)}")
            print(f"                         drawn {median_ms(drawn)}")
            print(f"  drawn after text {median_ms(after)} (≤ 1.5 s: {verdict(ok)})")

        switches = alternate(apps, args.runs, lambda b, r: [page_switch(page, b, r)])
        floor_switches = floor_switch(page, two_floors, args.runs)
        print(f"page switch, floor      floor {median_ms(floor_switches)} (Floor A → Floor B)")
        for name in apps:
            for label in ("Salaires", "Explorer"):
                times = [t for run in switches[name] for t in run[label]]
                ok = statistics.median(times) <= 0.5
                print(
                    f"page switch → {label:<10} {name:<6}{median_ms(times)} "
                    f"(≤ 500 ms: {verdict(ok)})"
                )
        print(f"load average after: {os.getloadavg()[0]:.2f}")
        browser.close()


if __name__ == "__main__":
    main()
