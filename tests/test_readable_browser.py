"""Issue 8.10 in a real Chromium, on the real mixed database: what a chart says can be read
at the widths a laptop shows (a 1280 px and a 1000 px window). Label boxes are measured
in the drawn page; nothing is timed."""

from __future__ import annotations

from urllib.parse import quote

import pytest

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


# True once every Plotly chart has been drawn again at the window's new width: Streamlit
# gives each chart its container's width, Plotly draws at it (`_fullLayout.width`).
RELAID = """(width) => window.innerWidth === width &&
  [...document.querySelectorAll("[data-testid='stPlotlyChart']")].every(c => {
    const g = c.querySelector('.js-plotly-plot');
    return g && g._fullLayout && g.querySelector('.main-svg') &&
      Math.abs(g._fullLayout.width - c.getBoundingClientRect().width) < 1.5;
  })"""


@pytest.fixture(scope="module")
def measured(real_server, chromium):
    """`measured(path, script)`: what `script` returns on the page at each width, measured
    on one page load: opened at the first width, drawn, measured; the window narrowed, the
    charts drawn again at the new width, measured again. Kept per page for the module, so a
    page measured for one test is not loaded again for the next."""
    from browser.shoot import DRAWN

    done: dict[tuple[str, str], dict[int, object]] = {}

    def measure(path: str, script: str) -> dict[int, object]:
        if (path, script) not in done:
            context = chromium.new_context(viewport={"width": WIDTHS[0], "height": 1000})
            page = context.new_page()
            page.goto(f"{real_server}/{path}", wait_until="load", timeout=90_000)
            page.wait_for_function(DRAWN, timeout=90_000, polling=200)
            seen = {}
            for width in WIDTHS:
                if width != WIDTHS[0]:
                    page.set_viewport_size({"width": width, "height": 1000})
                    page.wait_for_function(RELAID, arg=width, timeout=90_000, polling=200)
                    page.wait_for_function(DRAWN, timeout=90_000, polling=200)
                seen[width] = page.evaluate(script)
            context.close()
            done[path, script] = seen
        return done[path, script]

    return measure


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


# Each chart's margins as the figure asks them and as Plotly drew them: Plotly widens a
# margin too narrow for its labels or legend, and draws the whole chart again to do it.
MARGINS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(g => ({
  title: (g.querySelector('.gtitle') || {}).textContent || '',
  asked: ['l', 'r', 't', 'b'].map(k => g.layout.margin[k]),
  drawn: ['l', 'r', 't', 'b'].map(k => g._fullLayout._size[k])}))"""


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["salaires", "comparer" + q("careers", *NURSES)])
def test_salary_bands_are_drawn_once_in_the_margins_they_ask(measured, path, width):
    """The chart of every career's bands (~2,000 px tall on Salaires) sets margins that
    hold the careers' names and the axis: drawn without widening them, so Plotly draws it
    once (a second drawing cost the switch to Salaires 40-80 ms), and nothing is cut."""
    bands = ("Salaires : débutant", "Fourchette par expérience")
    charts = [c for c in measured(path, MARGINS)[width] if c["title"].startswith(bands)]
    assert charts, path
    for chart in charts:
        assert chart["drawn"] == chart["asked"], chart


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
def test_tall_salary_chart_has_its_figures_at_top_and_bottom(measured, width):
    """Issue 8.10: Salaires' chart of every career is ~1,300 px tall; a reader at its top
    must read the euro figures there, not only at the bottom."""
    charts = measured("salaires", TICK_BOXES)[width]
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
    "salaires-niveau": "salaires" + q("vue", "Selon le niveau d'études"),
    "diplomes": "diplomes",
    "fiche": "fiche" + q("career", NURSES[0]),
    "competences": "competences",
}


@pytest.mark.browser
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES_WITH_LEVELS))
def test_no_axis_labels_collide(measured, name, width):
    """Issue 8.10: "Bac+2Bac+3" — study-level (and every other) tick labels drawn apart."""
    charts = measured(PAGES_WITH_LEVELS[name], TICK_BOXES)[width]
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
def test_parcours_labels_do_not_overlap(measured, career, width):
    """Issue 8.10: the neighbourhood graph of a fiche career, a ROME nursing career and the
    career with the most moves: every label readable, none drawn over another."""
    labels = measured("parcours" + q("parcours_metier", career), GRAPH_LABELS)[width]
    assert labels, career
    assert len(labels) >= 4, [b["text"] for b in labels]  # two careers and their headers
    assert clashes(labels) == []
