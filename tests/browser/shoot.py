"""Screenshot careerdash pages in headless Chromium (used by the browser test and by hand).

Usage: python tests/browser/shoot.py URL OUT_DIR [path?query ...]
"""

from __future__ import annotations

import sys
from pathlib import Path

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


def shoot(
    base: str, out: Path, paths: list[str], width: int = 1400, height: int = 3800
) -> dict[str, list[str]]:
    """Open each page, wait for Streamlit to finish running, save a full-page screenshot.

    Returns, per page, the texts of any Streamlit exception boxes shown ("exceptions"), the
    page's visible text ("text") and the screenshot's path ("png").
    """
    out.mkdir(parents=True, exist_ok=True)
    seen: dict[str, dict] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": width, "height": height})
        for path in paths:
            page.goto(f"{base}/{path}", wait_until="networkidle", timeout=60_000)
            page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
            page.wait_for_function(
                "() => !document.querySelector(\"[data-testid='stStatusWidget']\")",
                timeout=60_000,
            )
            page.wait_for_timeout(2500)  # let Plotly finish drawing
            png = out / f"{path.split('?')[0] or 'explorer'}.png"
            page.screenshot(path=str(png), full_page=True)
            boxes = page.locator("[data-testid='stException']")
            seen[path] = {
                "exceptions": [boxes.nth(i).inner_text() for i in range(boxes.count())],
                "text": page.locator("[data-testid='stMain']").inner_text(),
                "png": png,
            }
        browser.close()
    return seen


if __name__ == "__main__":
    base_url, folder, *pages = sys.argv[1:]
    for page_path, result in shoot(base_url, Path(folder), pages).items():
        print(page_path, result["exceptions"] or "OK", result["png"])
