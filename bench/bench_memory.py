"""Server memory with idle sessions: `streamlit run app.py` on the real database.

Opens the Explorer in Chromium tabs (one Streamlit session each), waits until each is
fully drawn, and reads the server's resident memory (VmRSS) after the first session, after
20 sessions, and after each of 5 more, printing the per-session increase.

    python bench/bench_memory.py [--sessions 20] [--extra 5]
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realdb  # noqa: E402
from bench_browser import DRAWN, TIMEOUT  # noqa: E402
from serve import CHROMIUM, CHROMIUM_ARGS, rss_mib, serve  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(
    os.environ.get("CAREERDASH_BENCH_CACHE", Path(tempfile.gettempdir()) / "careerdash-bench")
)


def settle(pid: int) -> float:
    """RSS once it stops moving (sessions finish their first run in the background)."""
    last = rss_mib(pid)
    for _ in range(20):
        time.sleep(0.5)
        now = rss_mib(pid)
        if abs(now - last) < 0.5:
            return now
        last = now
    return last


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--extra", type=int, default=5)
    args = parser.parse_args()
    db = realdb.cached(CACHE)
    if db is None:
        raise SystemExit("the real datasets are not in ../shared/realdata: nothing to measure")
    env = {"CAREERDASH_DB": str(db), "CAREERDASH_FICHES": str(CACHE / "no-fiches")}
    with serve(ROOT / "app.py", env, ROOT) as (app, pid), sync_playwright() as p:
        started = rss_mib(pid)
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pages = []

        def open_session() -> None:
            page = context.new_page()
            page.goto(app, wait_until="commit", timeout=TIMEOUT)
            page.wait_for_function(DRAWN, arg=1, polling=200, timeout=TIMEOUT * 3)
            pages.append(page)

        open_session()
        one = settle(pid)
        while len(pages) < args.sessions:
            open_session()
        gc.collect()
        full = settle(pid)
        extra = []
        for _ in range(args.extra):
            before = settle(pid)
            open_session()
            extra.append(settle(pid) - before)
        total = settle(pid)
        browser.close()
    print(f"server RSS, no session yet        : {started:7.1f} MiB")
    print(f"server RSS, 1 session (Explorer)  : {one:7.1f} MiB")
    print(f"server RSS, {args.sessions} idle sessions       : {full:7.1f} MiB")
    print(
        f"per session from 1 to {args.sessions}          : "
        f"{(full - one) / (args.sessions - 1):7.2f} MiB"
    )
    if extra:
        extra.sort()
        print(
            f"each of {args.extra} more sessions        : median {extra[len(extra) // 2]:.2f} MiB "
            f"(min {extra[0]:.2f}, max {extra[-1]:.2f}); {len(pages)} sessions: {total:.1f} MiB"
        )


if __name__ == "__main__":
    main()
