"""Issue 8.10 in a real Chromium, on the real mixed database: what a chart says can be read
at the widths a laptop shows (a 1280 px and a 1000 px window). Label boxes are measured
in the drawn page; nothing is timed."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from test_browser import serve

from conftest import DATA_FICHES

WIDTHS = [1280, 1000]
NURSES = [
    "Infirmier(ère)",
    "Infirmier / Infirmière en soins généraux (IDE) · ROME",
    "Registered Nurses · O*NET",
]
# The ROME career with the most resolved moves of the database (21 mobilités, found with
# SQL: SELECT career_id, count(to_career_id) FROM progressions GROUP BY 1 ORDER BY 2 DESC).
MOST_MOVES = "Agent / Agente de conditionnement · ROME"


def q(key: str, *values: str) -> str:
    return "?" + "&".join(f"{key}={quote(v)}" for v in values)


@pytest.fixture(scope="module")
def real_server(realdata_mixed_db):
    with serve(realdata_mixed_db, DATA_FICHES) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    from browser.shoot import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def drawn(browser, base: str, path: str, width: int, tab: str | None = None):
    """A page opened in a window `width` wide, once every chart has drawn."""
    from browser.shoot import DRAWN

    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.goto(f"{base}/{path}", wait_until="load", timeout=90_000)
    page.wait_for_function(DRAWN, timeout=90_000, polling=200)
    if tab:
        page.get_by_role("tab", name=tab).first.click()
        page.wait_for_function(DRAWN, timeout=90_000, polling=200)
    return page


# Every tick label of every drawn chart (x, y and the mirrored top axis), per chart, as
# boxes on screen; labels with nothing drawn (hidden tabs) are left out.
TICK_BOXES = """() => [...document.querySelectorAll("[data-testid='stPlotlyChart']")].map(chart => {
  const title = (chart.querySelector('.gtitle') || {}).textContent || '';
  const boxes = [...chart.querySelectorAll(
      '.xtick text, .x2tick text, .ytick text, .y2tick text')]
    .map(t => { const r = t.getBoundingClientRect();
                return {text: t.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom}; })
    .filter(b => b.text && b.r > b.l && b.b > b.t);
  const plot = chart.querySelector('.main-svg').getBoundingClientRect();
  return {title, boxes, top: plot.top, bottom: plot.bottom};
})"""


def clashes(boxes: list[dict], gap: float = 3.0) -> list[tuple[str, str]]:
    """Pairs of labels drawn over or against each other: rows that overlap, and less than
    `gap` px between them ("Bac+2Bac+3" reads as one word)."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            wide = min(a["r"], b["r"]) - max(a["l"], b["l"])
            tall = min(a["b"], b["b"]) - max(a["t"], b["t"])
            if wide > -gap and tall > 1:
                found.append((a["text"], b["text"]))
    return found


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_tall_salary_chart_has_its_figures_at_top_and_bottom(real_server, browser, width):
    """Issue 8.10: Salaires' chart of every career is ~1,300 px tall; a reader at its top
    must read the euro figures there, not only at the bottom."""
    page = drawn(browser, real_server, "salaires", width)
    charts = page.evaluate(TICK_BOXES)
    page.close()
    tall = [c for c in charts if c["bottom"] - c["top"] > 1000]
    assert tall, [c["title"] for c in charts]
    for chart in tall:
        money = [b for b in chart["boxes"] if "€" in b["text"]]
        height = chart["bottom"] - chart["top"]
        near_top = [b for b in money if b["b"] < chart["top"] + 0.2 * height]
        near_bottom = [b for b in money if b["t"] > chart["top"] + 0.8 * height]
        assert near_top and near_bottom, (chart["title"], [b["text"] for b in money])
        # the same figures, so the reader compares like with like
        assert {b["text"] for b in near_top} == {b["text"] for b in near_bottom}


PAGES_WITH_LEVELS = {
    "comparer": "comparer" + q("careers", *NURSES),
    "comparer-fiches": "comparer"
    + q("careers", "Infirmier(ère)", "Aide-soignant(e)", "Data analyst", "Juriste d'entreprise"),
    "salaires": "salaires",
    "diplomes": "diplomes",
    "fiche": "fiche" + q("career", NURSES[0]),
    "competences": "competences",
}


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES_WITH_LEVELS))
def test_no_axis_labels_collide(real_server, browser, name, width):
    """Issue 8.10: "Bac+2Bac+3" — study-level (and every other) tick labels drawn apart."""
    page = drawn(browser, real_server, PAGES_WITH_LEVELS[name], width)
    charts = page.evaluate(TICK_BOXES)
    page.close()
    assert charts, name
    overlapping = {c["title"]: clashes(c["boxes"]) for c in charts if clashes(c["boxes"])}
    assert overlapping == {}, name


# The neighbourhood graph's labels: the careers' names (and the column headers).
GRAPH_LABELS = """() => {
  const chart = [...document.querySelectorAll("[data-testid='stPlotlyChart']")]
    .find(c => ((c.querySelector('.gtitle') || {}).textContent || '').startsWith('Autour de'));
  if (!chart) return null;
  return [...chart.querySelectorAll('.node-label, .annotation-text')]
    .map(t => { const r = t.getBoundingClientRect();
                return {text: t.textContent, l: r.left, r: r.right, t: r.top, b: r.bottom}; })
    .filter(b => b.text && b.r > b.l);
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("career", [NURSES[0], NURSES[1], MOST_MOVES])
def test_parcours_labels_do_not_overlap(real_server, browser, career, width):
    """Issue 8.10: the neighbourhood graph of a fiche career, a ROME nursing career and the
    career with the most moves: every label readable, none drawn over another."""
    page = drawn(browser, real_server, "parcours" + q("parcours_metier", career), width)
    labels = page.evaluate(GRAPH_LABELS)
    page.close()
    assert labels, career
    assert len(labels) >= 4, [b["text"] for b in labels]  # two careers and their headers
    assert clashes(labels) == []
