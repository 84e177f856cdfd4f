"""Every page in a real headless Chromium against `streamlit run` (Debian's chromium)."""

import os
import re
import shutil
from html import unescape
from pathlib import Path
from urllib.parse import quote, urljoin

import duckdb
import pytest

from browser.server import serve
from conftest import DATA_FICHES, FIXTURES, ROOT

FIXTURES_DIR = FIXTURES
SHOTS = ROOT / "screenshots"


def q(**params) -> str:
    parts = []
    for key, values in params.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(f"{key}={quote(value)}")
    return "?" + "&".join(parts)


COMPARED = [
    "Comptable",
    "Infirmier(ère)",
    "Data analyst",
    "Graphiste",
    "Chargé(e) de mission relations internationales",
    "Développeur(se) web",
]
PAGES = {
    # The first visit is a deep link, before app.py has ever run in this server.
    "comparer": q(careers=COMPARED),
    "": "",
    "fiche": q(career="Chargé(e) de mission relations internationales"),
    "salaires": "",
    "competences": "",
    "diplomes": "",
    "parcours": q(
        parcours_metier="Chargé(e) de mission relations internationales",
        depuis="Chargé(e) de mission relations internationales",
        vers="Consultant(e) en stratégie internationale",
    ),
}


@pytest.mark.browser
def test_every_page_in_headless_chromium(bundled_db, chromium):
    from browser.shoot import shoot

    # a server of its own: the first page it ever serves is the deep link (the session's
    # shared server has already run app.py for other tests)
    with serve(bundled_db, DATA_FICHES) as base:
        seen = shoot(base, SHOTS, [path + query for path, query in PAGES.items()], browser=chromium)
    for path, result in seen.items():
        assert result["exceptions"] == [], (path, result["exceptions"])
        assert result["png"].stat().st_size > 20_000, path  # a real page, not a blank
    compared = seen["comparer" + PAGES["comparer"]]["text"]
    assert all(title in compared for title in COMPARED)  # the shared link restored them
    assert "Page not found" not in compared
    assert "correspondent" in seen[""]["text"]
    assert (
        "Consultant(e) en stratégie internationale" in seen["parcours" + PAGES["parcours"]]["text"]
    )


# -- hostile fiches: data is text, and nothing leaves the machine ------------------------

HOSTILE = FIXTURES_DIR / "hostile"
HOSTILE_TITLE = (
    "Piège [clique ici](https://evil.example/titre) ![pixel](http://198.51.100.7/titre.png)"
)


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    """A database of one fiche written to attack the page (links, images, HTML, headings,
    formulas in every field) beside an ordinary one, served by `streamlit run`."""
    from careerdash.store import build

    fiches = tmp_path_factory.mktemp("hostile-fiches")
    shutil.copy(HOSTILE / "piege.txt", fiches)
    shutil.copy(FIXTURES_DIR / "dashboard" / "cuisinier.txt", fiches)
    db = fiches.parent / "hostile.duckdb"
    build(fiches, db)
    with serve(db, fiches) as base:
        yield base


def _attributes(html: str, tag: str, attribute: str) -> list[str]:
    pattern = rf"<{tag}\b[^>]*?\s(?:xlink:)?{attribute}=\"([^\"]*)\""
    return [unescape(v) for v in re.findall(pattern, html)]


@pytest.mark.browser
def test_hostile_fiche_is_shown_as_text_and_nothing_leaves_localhost(
    hostile_server, chromium, tmp_path
):
    from browser.shoot import is_local, shoot

    pages = [
        "fiche" + q(career=HOSTILE_TITLE),
        "",
        "?" + q(q="Piège")[1:],
        "comparer" + q(careers=[HOSTILE_TITLE, "Cuisinier(ère)"]),
        "salaires",
        "competences",
        "diplomes",
        "parcours" + q(depuis=HOSTILE_TITLE, vers="Cuisinier(ère)"),
    ]
    names = ["fiche", "explorer", "explorer-search", "comparer"] + [p for p in pages[4:7]]
    names.append("parcours")
    seen = shoot(hostile_server, tmp_path / "shots", pages, names=names, browser=chromium)
    for path, result in seen.items():
        assert result["exceptions"] == [], (path, result["exceptions"])
        outside = [u for u in result["requests"] if not is_local(u)]
        assert outside == [], (path, outside)
        html = result["html"]
        images = _attributes(html, "img", "src") + _attributes(html, "image", "href")
        assert [src for src in images if not is_local(src)] == [], path
        for href in _attributes(html, "a", "href"):
            # the app's own pages, or a source's web address: never a fiche's link
            href = urljoin(hostile_server + "/", href)
            if not is_local(href):
                assert href.startswith(("https://", "http://")), (path, href)
                assert "evil.example" not in href, (path, href)
        # no script from the fiche reached the page (the app's own print helper is one)
        assert "<script>alert(1)" not in html and "alert(1)</script>" not in html
        assert result["console"] == [], (path, result["console"])
    fiche = seen[pages[0]]
    # the Markdown and HTML of the fiche are on screen as the characters it holds
    assert HOSTILE_TITLE in fiche["text"]
    assert "## Faux titre" in fiche["text"] and "**gras**" in fiche["text"]
    assert (
        '<script>alert(1)</script> <a href="https://evil.example/a">lien HTML</a>'
        in (fiche["text"])
    )
    assert "Faux titre" not in "".join(re.findall(r"<h\d[^>]*>.*?</h\d>", fiche["html"]))
    assert "rouge" not in "".join(re.findall(r"<span[^>]*color[^>]*>[^<]*", fiche["html"]))
    assert "katex" not in fiche["html"]  # no formula typeset from $x^2$


@pytest.mark.browser
def test_fiche_to_fiche_move_puts_the_new_career_in_the_url(bundled_server, new_context):
    """Issue 8.8: after following a move, a reload or a copied link opens the career shown."""
    from browser.shoot import DRAWN

    page = new_context(viewport={"width": 1400, "height": 2000}).new_page()
    page.goto(f"{bundled_server}/fiche" + q(career="Aide-soignant(e)"))
    page.wait_for_function(DRAWN, timeout=90_000, polling=200)
    page.locator("[data-testid='stMain'] button:has-text('Infirmier(ère)')").first.click()
    page.wait_for_function(
        "() => document.querySelector('h2') && "
        "document.querySelector('h2').innerText.startsWith('Infirmier')",
        timeout=90_000,
    )
    page.wait_for_url("**/fiche?career=Infirmier%28%C3%A8re%29", timeout=30_000)
    page.reload()
    page.wait_for_function(DRAWN, timeout=90_000, polling=200)
    assert page.locator("h2").first.inner_text().startswith("Infirmier(ère)")


# -- the real mixed database: every page, careers of each source -------------------------

NURSES = [
    "Infirmier(ère)",
    "Infirmier / Infirmière en soins généraux (IDE) · ROME",
    "Registered Nurses · O*NET",
]
# Internal keys and Streamlit's own English strings must never reach a French reader.
NOT_FOR_READERS = [
    "alt_titles",
    "soft_skills",
    "hard_skills",
    "salary_bands",
    "source_kind",
    "career_id",
    "Choose options",
    "Choose an option",
    "Select all",
    "No results",
    "Référentiel national Fiches",
    "Fiche Fiches",
    "0 métiers",
]
# A career of each source on one Comparer: the fiche's euro bands beside O*NET's dollar
# percentiles (OEWS), never on one axis.
DEVELOPERS = [
    "Développeur(se) web",
    "Software Developers · O*NET",
    "Développeur / Développeuse informatique · ROME",
]
REAL_PAGES = {
    "explorer": "",
    "comparer": "comparer" + q(careers=NURSES),
    "comparer-sources": "comparer" + q(careers=DEVELOPERS),
    "fiche-fiche": "fiche" + q(career=NURSES[0]),
    "fiche-rome": "fiche" + q(career=NURSES[1]),
    "fiche-onet": "fiche" + q(career=NURSES[2]),
    "fiche-developpeur": "fiche" + q(career=DEVELOPERS[0]),
    "fiche-software": "fiche" + q(career=DEVELOPERS[1]),
    "salaires": "salaires",
    "salaires-niveau": "salaires" + q(vue="Selon le niveau d'études"),
    "salaires-dares": "salaires" + q(vue="Médiane de la famille (Dares)"),
    "competences": "competences",
    "diplomes": "diplomes",
    "parcours-rome": "parcours"
    + q(
        parcours_metier=NURSES[1],
        depuis="Aide-soignant(e)",
        vers="Registered Nurses",
    ),
}


@pytest.mark.browser
def test_every_page_on_the_real_mixed_database(realdata_mixed_db, real_server, chromium, tmp_path):
    """Issue 8, done when: every page on fiches + ROME + O*NET + OEWS, in Chromium; ROME and
    O*NET careers beside fiches, dollars kept apart from euros."""
    from browser.shoot import is_local, shoot

    shots = Path(os.environ.get("CAREERDASH_SHOTS", tmp_path / "shots"))
    seen = shoot(
        real_server, shots, list(REAL_PAGES.values()), names=list(REAL_PAGES), browser=chromium
    )
    for name, path in REAL_PAGES.items():
        result = seen[path]
        assert result["exceptions"] == [], (name, result["exceptions"])
        assert [u for u in result["requests"] if not is_local(u)] == [], name
        assert result["console"] == [], (name, result["console"])
        for words in NOT_FOR_READERS:
            assert words not in result["app_text"], (name, words)
    compared = seen[REAL_PAGES["comparer"]]["text"]
    assert "scores éditoriaux des fiches" in compared and "Valeurs de travail — O*NET" in compared
    assert "ROME — ✓ listé" in compared
    assert "Étape 1" not in seen[REAL_PAGES["fiche-rome"]]["text"]
    compared = seen[REAL_PAGES["comparer-sources"]]["text"]
    assert "jamais deux sur un même axe" in compared
    # the USD percentiles and the EUR bands: two charts, each titled with its measure
    assert "Centiles de tous les salariés du métier — brut annuel, $" in compared
    assert "Fourchette par expérience (débutant, confirmé) — brut annuel, €" in compared
    # the fiche shows the ROME career of its own code, by that code
    con = duckdb.connect(str(realdata_mixed_db), read_only=True)
    try:
        code, rome = con.execute(
            "SELECT f.rome_code, r.title FROM careers f JOIN careers r "
            "ON r.rome_code = f.rome_code AND r.source_kind = 'rome' WHERE f.title = ?",
            [DEVELOPERS[0]],
        ).fetchone()
    finally:
        con.close()
    assert f"du même code ROME ({code}) : {rome}" in seen[REAL_PAGES["fiche-developpeur"]]["text"]


@pytest.mark.browser
def test_explorer_one_ticked_career_opens_its_fiche(bundled_server, new_context):
    """Issue 8.10: Explorer offers to open the Fiche of the one career ticked; the Fiche is
    that career's, and its URL holds it (a reload shows it again)."""
    from urllib.parse import parse_qs, urlsplit

    from browser.shoot import DRAWN

    page = new_context(viewport={"width": 1400, "height": 1400}).new_page()
    page.goto(bundled_server + "/")
    page.wait_for_function(DRAWN, timeout=90_000, polling=200)
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    # the grid is drawn on a canvas; its accessible copy names the third row's career
    row = 2
    title = page.locator(f"[data-testid='glide-cell-1-{row}']").first.text_content()
    assert title
    # tick that row's box in the selection column (rows are 35 px under a 35 px header)
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 35 * row + 17)
    page.get_by_role("button", name="Ouvrir sa fiche").click(timeout=60_000)
    page.wait_for_url("**/fiche?**", timeout=60_000)
    page.wait_for_function(DRAWN, timeout=90_000, polling=200)
    assert page.locator("h2").first.inner_text() == title
    assert parse_qs(urlsplit(page.url).query)["career"] == [title]
    page.reload()
    page.wait_for_function(DRAWN, timeout=90_000, polling=200)
    assert page.locator("h2").first.inner_text() == title


# Per chart: its title, the margins the figure asked for and the ones Plotly drew with.
MARGINS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(g => {
  const m = g._fullLayout.margin, s = g._fullLayout._size;
  return {title: (g.querySelector('.gtitle') || {}).textContent || '',
          asked: [m.l, m.r, m.t, m.b], drawn: [s.l, s.r, s.t, s.b]};
})"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1400, 1000])
def test_comparer_charts_are_drawn_once_with_room_for_their_labels(
    bundled_server, new_context, width
):
    """The skill heatmap, the study levels and the radar start with margins that hold their
    labels and legend: Plotly widens a margin that is too narrow by drawing the chart a
    second time (twice the browser's work on the Comparer, issue 14). Checked on the six
    careers, whose names and skills are the longest of the bundled fiches."""
    from browser.shoot import DRAWN

    page = new_context(viewport={"width": width, "height": 1000}).new_page()
    page.goto(bundled_server + "/comparer" + q(careers=COMPARED))
    page.wait_for_function(DRAWN, timeout=90_000, polling=200)
    charts = page.evaluate(MARGINS)
    checked = [
        c for c in charts if c["title"].startswith(("Compétences", "Parcours d'études", "Profil"))
    ]
    assert len(checked) == 3, [c["title"] for c in charts]
    assert [c for c in checked if c["asked"] != c["drawn"]] == []
