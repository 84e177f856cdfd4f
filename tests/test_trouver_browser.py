"""Trouver mon métier in a real headless Chromium against `streamlit run`, on the database of
the bundled fiches with the real ROME, O*NET and OEWS files (skipped when they are absent).

A student types two interests and refuses night work, reads the top ten, opens "pourquoi",
sends the first three to Comparer; the page's own URL, reopened, gives the same ranking.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import ROOT

SHOTS = ROOT / "screenshots"
WHY = re.compile(r"\d+\. .* — pourquoi \?")


def settled(page) -> None:
    """Wait until Streamlit has finished the rerun it is running."""
    page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=60_000
    )


def top_ten(page) -> list[str]:
    labels = page.locator("[data-testid='stExpander'] summary").all_inner_texts()
    return [m.group(0) for m in (WHY.search(label) for label in labels) if m]


def pick(page, label: str, typed: str) -> None:
    """Type into a multiselect, as a student does, and take the first suggestion."""
    box = page.locator("[data-testid='stMultiSelect']").filter(has_text=label)
    box.locator("input").click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    settled(page)


@pytest.mark.browser
def test_a_student_finds_explains_compares_and_reopens(real_server, new_context):
    # the session's server over the real mixed database (real_careers_db is the same one)
    from playwright.sync_api import expect

    server = real_server
    page = new_context(viewport={"width": 1400, "height": 1800}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server}/trouver", wait_until="networkidle", timeout=60_000)
    page.get_by_text("métiers classés").wait_for(timeout=60_000)
    settled(page)

    pick(page, "Centres d'intérêt", "manier les chiffres")
    pick(page, "Centres d'intérêt", "souci du détail")
    page.get_by_role("tab", name="Ce que je refuse").click()
    pick(page, "Conditions de travail à éviter", "Travail de nuit")
    page.wait_for_url(re.compile("eviter="), timeout=60_000)
    page.get_by_text("exclus par vos refus").wait_for(timeout=60_000)
    settled(page)

    answers = parse_qs(urlparse(page.url).query)
    assert answers["interets"] == ["J'aime manier les chiffres", "J'ai le souci du détail"]
    assert answers["eviter"] == ["Travail de nuit"]
    first = top_ten(page)
    assert len(first) == 10 and first[0].startswith("1. ")

    page.get_by_text(first[0], exact=True).click()
    why = page.get_by_text("Centres d'intérêt en commun :")
    expect(why.first).to_be_visible(timeout=30_000)
    assert "Centres d'intérêt : +1,00 × poids 1 = +1,00 pt" in page.inner_text("body")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "trouver.png"), full_page=True)
    mine = page.url

    page.get_by_role("link", name="Comparer les 3 premiers").click()
    page.wait_for_url(re.compile(r"/comparer\?careers="), timeout=60_000)
    page.get_by_text("Comparer des métiers").wait_for(timeout=60_000)
    settled(page)
    sent = parse_qs(urlparse(page.url).query)["careers"]
    top3 = [re.sub(r"^\d+\. | — pourquoi \?$", "", label) for label in first[:3]]
    assert [s.removesuffix(" · ROME") for s in sent] == top3
    compared = page.locator("[data-testid='stMultiSelect']").first.inner_text()
    assert all(title in compared for title in top3)

    again = new_context(viewport={"width": 1400, "height": 1800}).new_page()
    again.goto(mine, wait_until="networkidle", timeout=60_000)
    again.get_by_text("exclus par vos refus").wait_for(timeout=60_000)
    settled(again)
    assert top_ten(again) == first
    assert errors == []
    assert page.locator("[data-testid='stException']").count() == 0
