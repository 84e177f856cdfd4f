"""Every page in a real headless Chromium against `streamlit run` (Debian's chromium)."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest

from conftest import DATA_FICHES, FIXTURES, ROOT

FIXTURES_DIR = FIXTURES
CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "screenshots"


def _require_browser() -> None:
    if CHROMIUM.exists() and shutil.which("chromium"):
        return
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("CAREERDASH_REQUIRE_BROWSER"):
        pytest.fail(message + "; CI requires it")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: Path, fiches: Path, config_only: bool = True):
    """`streamlit run app.py` on a free port, over the given database.

    Only the port is given on the command line: where it listens, usage statistics and the
    toolbar come from the project's `.streamlit/config.toml`, which is what is under test.
    """
    _require_browser()
    port = _free_port()
    env = os.environ | {"CAREERDASH_DB": str(db), "CAREERDASH_FICHES": str(fiches)}
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
        + ["--server.port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start: " + process.stderr.read().decode()[-2000:])
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(bundled_db):
    with serve(bundled_db, DATA_FICHES) as base:
        yield base


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
def test_every_page_in_headless_chromium(server):
    from browser.shoot import shoot

    seen = shoot(server, SHOTS, [path + query for path, query in PAGES.items()])
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


@pytest.mark.browser
def test_imported_careers_in_headless_chromium(tmp_path):
    """ROME and O*NET careers beside fiches: no exception, dollars kept apart from euros."""
    from careerdash.importers.load import import_oews, import_onet, import_rome
    from careerdash.store import build
    from conftest import DASHBOARD_FICHES, FIXTURES

    db = tmp_path / "mixed.duckdb"
    build(DASHBOARD_FICHES, db)
    import_rome(FIXTURES / "rome", db)
    import_onet([FIXTURES / "onet" / "db_30_0_text"], db)
    import_oews(FIXTURES / "oews" / "national_M2024_dl.csv", db)
    from browser.shoot import shoot

    pages = [
        "comparer"
        + q(
            careers=[
                "Développeur(se) web",
                "Software Developers · O*NET",
                "Développeur / Développeuse informatique · ROME",
            ]
        ),
        "",
        "fiche" + q(career="Développeur(se) web"),
        "fiche" + q(career="Software Developers · O*NET"),
    ]
    with serve(db, DASHBOARD_FICHES) as base:
        seen = shoot(base, tmp_path / "shots", pages)
    for path, result in seen.items():
        assert result["exceptions"] == [], (path, result["exceptions"])
    compared = seen[pages[0]]["text"]
    assert "jamais deux sur un même axe" in compared
    # the USD percentiles and the EUR bands: two charts, each titled with its measure
    assert "Centiles de tous les salariés du métier — brut annuel, $" in compared
    assert "Fourchette par expérience (débutant, confirmé) — brut annuel, €" in compared
    assert "ROME (M1805)" in seen[pages[2]]["text"]


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
    with serve(db, fiches, config_only=True) as base:
        yield base


def _attributes(html: str, tag: str, attribute: str) -> list[str]:
    pattern = rf"<{tag}\b[^>]*?\s(?:xlink:)?{attribute}=\"([^\"]*)\""
    return [unescape(v) for v in re.findall(pattern, html)]


@pytest.mark.browser
def test_hostile_fiche_is_shown_as_text_and_nothing_leaves_localhost(hostile_server, tmp_path):
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
    seen = shoot(hostile_server, tmp_path / "shots", pages, names=names)
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
def test_fiche_to_fiche_move_puts_the_new_career_in_the_url(server):
    """Issue 8.8: after following a move, a reload or a copied link opens the career shown."""
    from playwright.sync_api import sync_playwright

    from browser.shoot import CHROMIUM, CHROMIUM_ARGS, DRAWN

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 2000})
        page.goto(f"{server}/fiche" + q(career="Aide-soignant(e)"))
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
        browser.close()


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
REAL_PAGES = {
    "explorer": "",
    "comparer": "comparer" + q(careers=NURSES),
    "fiche-fiche": "fiche" + q(career=NURSES[0]),
    "fiche-rome": "fiche" + q(career=NURSES[1]),
    "fiche-onet": "fiche" + q(career=NURSES[2]),
    "salaires": "salaires",
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
def test_every_page_on_the_real_mixed_database(realdata_mixed_db, tmp_path):
    """Issue 8, done when: every page on fiches + ROME + O*NET + OEWS, in Chromium."""
    from browser.shoot import is_local, shoot

    shots = Path(os.environ.get("CAREERDASH_SHOTS", tmp_path / "shots"))
    with serve(realdata_mixed_db, DATA_FICHES) as base:
        seen = shoot(base, shots, list(REAL_PAGES.values()), names=list(REAL_PAGES))
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


@pytest.mark.browser
def test_explorer_one_ticked_career_opens_its_fiche(server):
    """Issue 8.10: Explorer offers to open the Fiche of the one career ticked; the Fiche is
    that career's, and its URL holds it (a reload shows it again)."""
    from urllib.parse import parse_qs, urlsplit

    from playwright.sync_api import sync_playwright

    from browser.shoot import CHROMIUM, CHROMIUM_ARGS, DRAWN

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1400, "height": 1400})
        page.goto(server + "/")
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
        browser.close()


# Per chart: its title, the margins the figure asked for and the ones Plotly drew with.
MARGINS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(g => {
  const m = g._fullLayout.margin, s = g._fullLayout._size;
  return {title: (g.querySelector('.gtitle') || {}).textContent || '',
          asked: [m.l, m.r, m.t, m.b], drawn: [s.l, s.r, s.t, s.b]};
})"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [1400, 1000])
def test_comparer_charts_are_drawn_once_with_room_for_their_labels(server, width):
    """The skill heatmap, the study levels and the radar start with margins that hold their
    labels and legend: Plotly widens a margin that is too narrow by drawing the chart a
    second time (twice the browser's work on the Comparer, issue 14). Checked on the six
    careers, whose names and skills are the longest of the bundled fiches."""
    from playwright.sync_api import sync_playwright

    from browser.shoot import CHROMIUM, CHROMIUM_ARGS, DRAWN

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": width, "height": 1000})
        page.goto(server + "/comparer" + q(careers=COMPARED))
        page.wait_for_function(DRAWN, timeout=90_000, polling=200)
        charts = page.evaluate(MARGINS)
        browser.close()
    checked = [
        c for c in charts if c["title"].startswith(("Compétences", "Parcours d'études", "Profil"))
    ]
    assert len(checked) == 3, [c["title"] for c in charts]
    assert [c for c in checked if c["asked"] != c["drawn"]] == []
