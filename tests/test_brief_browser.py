"""Printing Comparer to A4, and the downloaded brief opened offline, in a real Chromium.

Comparer is printed (Playwright's `page.pdf`, the Chromium print path) for three fiche careers
and for a mix of a fiche, a ROME and an O*NET career on a database built from the real
datasets; the brief and the CSV are downloaded by clicking the page's buttons.
"""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import duckdb
import pandas as pd
import pytest
from test_browser import q

from careerdash import brief, queries

pypdf = pytest.importorskip("pypdf", reason="pypdf (test extra) reads the printed PDF's text")

pytestmark = pytest.mark.browser

A4_MARGIN = "10mm"  # about the margin browsers print with by default
# The sheet's printable area in CSS pixels (96 per inch), A4 less two 10 mm margins.
PRINTABLE = {"portrait": (718, 1047), "landscape": (1047, 718)}
THREE_FICHES = ["Comptable", "Data analyst", "Infirmier(ère)"]
MIX = ["Comptable", "Comptable · ROME", "Accountants and Auditors · O*NET"]
AMOUNT = re.compile(r"\d{1,3}(?:[ \u202f\u00a0]\d{3})+|\d{4,}")


def amounts(text: str) -> set[str]:
    """Every figure of 1 000 or more in a text, digits only (`30 000 €` → `30000`)."""
    return {re.sub(r"\D", "", m) for m in AMOUNT.findall(text)}


def pdf_text(data: bytes) -> tuple[str, int]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages), len(reader.pages)


def open_page(page, url: str, charts: int) -> None:
    """Open a page and wait until Streamlit is done and `charts` Plotly charts are drawn."""
    page.goto(url, wait_until="networkidle", timeout=60_000)
    page.wait_for_selector("[data-testid='stApp']", timeout=60_000)
    page.wait_for_function(
        "() => !document.querySelector(\"[data-testid='stStatusWidget']\")", timeout=60_000
    )
    page.wait_for_function(
        f"() => document.querySelectorAll('.js-plotly-plot').length >= {charts} && "
        "[...document.querySelectorAll('.js-plotly-plot .main-svg')]"
        ".every(s => s.getAttribute('viewBox'))",
        timeout=60_000,
    )


def screen_amounts(page) -> set[str]:
    """The salary figures a reader sees: page text and the charts' SVG text, but not the
    export panel (it only holds the link)."""
    text = page.evaluate(
        """() => {
        const main = document.querySelector("[data-testid='stMain']");
        const panel = main.querySelector("[class*='st-key-take_away']");
        const svg = [...main.querySelectorAll('.js-plotly-plot text')]
            .map(t => t.textContent).join('\\n');
        return main.innerText.replace(panel ? panel.innerText : '', '') + '\\n' + svg;
    }"""
    )
    return amounts(text)


def check_print(page, tmp_path, name: str) -> dict[str, int]:
    """Print the open page to A4 both ways; every chart within the sheet, every salary figure
    on screen in the PDF's text. Returns the page count per orientation."""
    seen = screen_amounts(page)
    assert seen, "no salary figure on screen: the page did not draw"
    pages = {}
    for orientation in PRINTABLE:
        pdf = page.pdf(
            format="A4",
            landscape=orientation == "landscape",
            margin=dict(top=A4_MARGIN, bottom=A4_MARGIN, left=A4_MARGIN, right=A4_MARGIN),
            print_background=True,
        )
        (tmp_path / f"{name}-{orientation}.pdf").write_bytes(pdf)
        text, pages[orientation] = pdf_text(pdf)
        missing = seen - amounts(text)
        assert not missing, (orientation, sorted(missing))
    # The same layout, measured: print media at the sheet's printable size (last, since
    # resizing the window makes Streamlit redraw the charts at the new width).
    for orientation, (width, height) in PRINTABLE.items():
        page.emulate_media(media="print")
        page.set_viewport_size({"width": width, "height": height})
        try:
            boxes = page.evaluate(
                """() => [...document.querySelectorAll('.js-plotly-plot')].map(c => {
                    const r = c.querySelector('.main-svg').getBoundingClientRect();
                    const box = c.closest("[data-testid='stElementContainer']");
                    return {left: r.left, right: r.right, width: r.width, height: r.height,
                            page: document.documentElement.clientWidth,
                            avoid: getComputedStyle(box).breakInside};
                })"""
            )
        finally:
            page.emulate_media(media="no-override")
            page.set_viewport_size({"width": 1400, "height": 1000})
        assert boxes
        for box in boxes:
            assert box["width"] > 100, (orientation, box)  # drawn, not collapsed
            assert box["left"] >= 0 and box["right"] <= box["page"] + 0.5, (orientation, box)
            assert box["height"] <= height, (orientation, box)  # fits one sheet
            assert box["avoid"] == "avoid", (orientation, box)  # never split across sheets
    return pages


def download(page, label: str):
    # the brief is made when the button is clicked (a deferred download): under load the
    # server takes longer than Playwright's 30 s default to send it
    with page.expect_download(timeout=90_000) as info:
        page.get_by_role("button", name=label).click()
    return info.value


def check_brief_offline(browser, path, facts, min_charts: int) -> int:
    """Open the downloaded brief from disk with every non-file request refused: the charts
    draw and the facts are there. Returns the number of A4 pages it prints on."""
    page = browser.new_page(viewport={"width": 1000, "height": 1200})
    refused = []

    def refuse(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", refuse)
    page.goto(path.as_uri())
    page.wait_for_function(
        f"() => document.querySelectorAll('.chart .main-svg').length >= {2 * min_charts}",
        timeout=30_000,
    )
    assert refused == []
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('.chart')].map(c => c.querySelectorAll("
        "'.main-svg path, .main-svg rect, .main-svg image').length)"
    )
    assert len(drawn) >= min_charts and all(n > 0 for n in drawn), drawn
    text = page.locator("body").inner_text()
    for row in facts[facts["rubrique"] == "salaire"].itertuples():
        assert row.valeur in text, row.valeur
        assert row.nature in text, row.nature
    for title in dict.fromkeys(facts["metier"]):
        assert title in text
    pdf = page.pdf(format="A4", margin=dict(top=A4_MARGIN, bottom=A4_MARGIN, left="0", right="0"))
    page.close()
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def compared_facts(db, titles: list[str]):
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = con.execute("SELECT career_id, title, source_kind FROM careers", []).fetchall()
        label = {
            (t if k == "fiche" else f"{t} · {queries.SOURCE_LABELS[k]}"): c for c, t, k in found
        }
        ids = tuple(label[t] for t in titles)
        frames = [getattr(queries, name)(con, ids) for name in brief.FACT_FRAMES]
    finally:
        con.close()
    return brief.facts(*frames)


def run_comparer(
    chromium, new_context, base: str, db, titles: list[str], tmp_path, name: str
) -> dict:
    facts = compared_facts(db, titles)
    context = new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    open_page(page, f"{base}/comparer" + q(careers=titles), charts=5)
    pages = check_print(page, tmp_path, name)
    page.get_by_role("button", name="Copier le lien de cette page").click()
    shown_link = page.locator("[data-testid='stCode']").inner_text().strip()
    assert unquote(shown_link) == unquote(page.url)  # "copier le lien": this comparison
    html = tmp_path / f"{name}.html"
    download(page, "Télécharger la comparaison").save_as(html)
    csv = download(page, "Faits en CSV").path().read_bytes()
    xlsx = download(page, "Faits en Excel").path().read_bytes()
    brief_pages = check_brief_offline(chromium, html, facts, min_charts=5)
    back = brief.read_facts_csv(csv)
    assert back.equals(facts), "the CSV holds the compared careers' facts, unchanged"
    sheet = pd.read_excel(io.BytesIO(xlsx), engine="calamine", dtype=str)
    assert list(sheet.columns) == brief.FACT_COLUMNS and len(sheet) == len(facts)
    assert sheet["valeur"].fillna("").tolist() == facts["valeur"].tolist()
    return {"pages": pages, "brief_pages": brief_pages, "brief_bytes": html.stat().st_size}


def test_comparer_of_three_fiches_prints_and_exports(
    chromium, new_context, bundled_server, bundled_db, tmp_path
):
    seen = run_comparer(
        chromium, new_context, bundled_server, bundled_db, THREE_FICHES, tmp_path, "fiches"
    )
    assert seen["brief_pages"] <= 2  # the brief prints on two A4 sheets at most


def test_fiche_exports_its_own_brief(chromium, new_context, bundled_server, bundled_db, tmp_path):
    facts = compared_facts(bundled_db, ["Data analyst"])
    context = new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    open_page(page, f"{bundled_server}/fiche" + q(career="Data analyst"), charts=3)
    check_print(page, tmp_path, "fiche")
    html = tmp_path / "fiche.html"
    download(page, "Télécharger la fiche").save_as(html)
    check_brief_offline(chromium, html, facts, min_charts=4)


def test_comparer_of_fiche_rome_and_onet_prints_and_exports(
    chromium, new_context, real_server, realdata_mixed_db, tmp_path
):
    # the session's database of the fiches with ROME 4.0, O*NET, OEWS and Dares (conftest)
    run_comparer(chromium, new_context, real_server, realdata_mixed_db, MIX, tmp_path, "mix")
