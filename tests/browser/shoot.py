"""Screenshot careerdash pages in headless Chromium (used by the browser tests and by hand).

Usage: python tests/browser/shoot.py URL OUT_DIR [path?query ...]

A page counts as drawn when conditions hold, never after a fixed time: Streamlit's script
has finished (`data-test-script-state`), no element is a loading skeleton or stale, and
every Plotly chart has drawn its SVG. While it loads, every request the page makes and
every console error is recorded, so tests can assert that nothing leaves localhost.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
# Streamlit's frontend finds its server by trying `<page path>/_stcore/health` (and
# `host-config`) before the root: on a deep link such as /fiche the first try is a 404 that
# Chromium logs. That probe is Streamlit's, answered by the server itself; nothing else is
# forgiven.
PROBE = re.compile(
    r"^(?:HTTP 404 |Failed to load resource: .*\()http://[^/]+/[^_][^/]*/_stcore/(?:health|host-config)\)?$"
)

# True when the page is fully drawn. Plotly charts are drawn after the script finished, by
# a lazily loaded component: each must hold its `.main-svg`.
DRAWN = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const status = "[data-testid='stStatusWidget'] [data-testid^='stStatusWidgetRunning']";
  if (document.querySelector(status)) return false;
  if (document.querySelector("[data-testid='stSkeleton'], [data-stale='true']")) return false;
  const main = document.querySelector("[data-testid='stMain']");
  if (!main || !main.querySelector('h1, h2, h3, [data-testid="stAlert"]')) return false;
  const charts = [...document.querySelectorAll("[data-testid='stPlotlyChart']")];
  return charts.every(c => c.querySelector('.main-svg'));
}"""


def is_local(url: str) -> bool:
    """A request that stays on this machine (or never leaves the browser: data:, blob:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return True
    return parts.hostname in LOCAL_HOSTS


def launch(playwright):
    """Debian's Chromium, headless, with nothing that phones home."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def shoot(
    base: str,
    out: Path,
    paths: list[str],
    width: int = 1400,
    height: int = 3800,
    names: list[str] | None = None,
    browser=None,
) -> dict[str, dict]:
    """Open each page, wait until it is drawn, save a full-page screenshot.

    Returns, per page: the texts of any Streamlit exception boxes ("exceptions"), the
    page's visible text ("text"), the screenshot's path ("png"), every URL requested
    ("requests"), console errors ("console"), and the page itself is closed. The pages
    are opened in one new context of `browser` (the tests' session browser), or of a
    Chromium launched for the call when none is given.
    """
    if browser is None:
        with sync_playwright() as p:
            launched = launch(p)
            try:
                return shoot(base, out, paths, width, height, names, browser=launched)
            finally:
                launched.close()
    out.mkdir(parents=True, exist_ok=True)
    seen: dict[str, dict] = {}
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        for i, path in enumerate(paths):
            page = context.new_page()
            requests: list[str] = []
            console: list[str] = []
            page.on("request", lambda r, log=requests: log.append(r.url))
            page.on(
                "console",
                lambda m, log=console: (
                    log.append(f"{m.text} ({m.location.get('url', '')})")
                    if m.type == "error"
                    else None
                ),
            )
            page.on(
                "response",
                lambda r, log=console: (
                    log.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None
                ),
            )
            page.on("pageerror", lambda e, log=console: log.append(str(e)))
            page.goto(f"{base}/{path}", wait_until="load", timeout=90_000)
            page.wait_for_function(DRAWN, timeout=90_000, polling=200)
            name = names[i] if names else (path.split("?")[0] or "explorer")
            png = out / f"{name}.png"
            page.screenshot(path=str(png), full_page=True)
            boxes = page.locator("[data-testid='stException']")
            seen[path] = {
                "exceptions": [boxes.nth(i).inner_text() for i in range(boxes.count())],
                # as a reader sees it: without the invisible word joiners that keep
                # addresses in fiche text from becoming links (formatting.md)
                "text": page.locator("[data-testid='stMain']").inner_text().replace("\u2060", ""),
                "html": page.locator("[data-testid='stMain']").inner_html(),
                "app_text": page.locator("[data-testid='stApp']")
                .inner_text()
                .replace("\u2060", ""),
                "png": png,
                "requests": requests,
                "console": [line for line in console if not PROBE.match(line)],
            }
            page.close()
    finally:
        context.close()
    return seen


if __name__ == "__main__":
    base_url, folder, *pages = sys.argv[1:]
    for page_path, result in shoot(base_url, Path(folder), pages).items():
        print(page_path, result["exceptions"] or "OK", result["png"])
