"""Diplomas on the real published files in ../shared/realdata (skipped when absent): the
hand-checked chain BTS Comptabilité et gestion → RNCP 39159 → ROME M1203, its national
outcomes recomputed here from the raw InserJeunes rows, and the Diplômes page (AppTest and
headless Chromium) on a database mixing the fiches, ROME 4.0 and every diploma source.

The database is built once for the module: a copy of the session's real mixed database
(fiches, ROME 4.0, O*NET, OEWS, Dares: conftest's `realdata_mixed_db`), then the diplomas.
"""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path
from urllib.parse import quote

import duckdb
import pytest

from apptest import app_on, open_page
from conftest import DATA_FICHES, ROOT

REALDATA = ROOT.parent / "shared" / "realdata"
OUTCOMES = REALDATA / "diplomas_outcomes"
BTS_CG, BTS_MCO = "cfd-32031408", "cfd-32031213"


def real(*parts: str) -> Path:
    path = REALDATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real dataset {path} not found: these tests need ../shared/realdata")
    return path


@pytest.fixture(scope="module")
def real_db(realdata_mixed_db, tmp_path_factory) -> Path:
    from careerdash.importers.diplomas import import_diplomas

    sources = [
        real("diplomas_outcomes"),
        real("rncp_export_2026_02_01_partial"),
        real("rome_4_0_v460"),
        real("kit_apprentissage_cfd_rncp"),
    ]
    # the fiches and ROME are already in the session's database: copied, not built again
    path = tmp_path_factory.mktemp("real-diplomas") / "careerdash.duckdb"
    shutil.copyfile(realdata_mixed_db, path)
    import_diplomas(sources, path)
    return path


@pytest.fixture
def con(real_db):
    connection = duckdb.connect(str(real_db), read_only=True)
    yield connection.cursor()
    connection.close()


def read_semicolon(path: Path, encoding: str = "utf-8-sig") -> list[dict]:
    with path.open(encoding=encoding, newline="") as f:
        return list(csv.DictReader(f, delimiter=";", quoting=csv.QUOTE_NONE))


# -- the chain, by hand -------------------------------------------------------------------------


def test_bts_cg_cfd_rncp_rome(con):
    from careerdash import queries

    bts = queries.diplomas_by_id(con, [BTS_CG]).iloc[0]
    assert (bts["cfd"], bts["rncp"], bts["onisep_id"]) == ("32031408", "39159", "FOR.1054")
    assert (bts["kind"], bts["level_years"], bts["status"]) == ("BTS", 2, "ouvert")
    links = con.execute(
        "SELECT DISTINCT source FROM diploma_careers WHERE diploma_id = ? AND rome_code = 'M1203'",
        [BTS_CG],
    ).fetchall()
    assert sorted(s for (s,) in links) == ["certifinfo", "rncp"]
    careers = queries.diploma_careers(con, [BTS_CG])
    assert "rome-m1203" in set(careers["career_id"])  # the ROME fiche Comptable, reached
    assert "comptable" in set(careers["career_id"])  # the fiche that names "BTS … (CG)"


def test_bts_cg_national_rate_is_the_sum_of_regional_counts(con):
    from careerdash import queries

    mef = {
        r["MEF_STAT_11"]
        for r in read_semicolon(OUTCOMES / "03_bcn" / "nMef.csv")
        if r["FORMATION_DIPLOME"] == "32031408"
    }
    rows = [
        r
        for r in read_semicolon(OUTCOMES / "01_inserjeunes" / "ij_region_data.csv")
        if r["millesime"] == "2022_2023" and r["voie"] == "scolaire" and r["mefstat11"] in mef
    ]
    both = [r for r in rows if r["nb_en_emploi_6_mois"] and r["nb_sortant"]]
    in_work = sum(int(r["nb_en_emploi_6_mois"]) for r in both)
    leavers = sum(int(r["nb_sortant"]) for r in both)
    assert (in_work, leavers) == (3535, 5710)  # the README's worked example, 62 %
    national = queries.diploma_outcomes(con, [BTS_CG])
    row = national[(national["year"] == "2022_2023") & (national["route"] == "scolaire")].iloc[0]
    assert (row["in_work_6m"], row["in_work_6m_base"]) == (in_work, leavers)
    assert round(100 * row["in_work_6m_rate"]) == 62
    published = [int(r["taux_emploi_6_mois"]) for r in both if r["taux_emploi_6_mois"]]
    mean_of_rates = sum(published) / len(published)
    assert round(mean_of_rates) != round(100 * row["in_work_6m_rate"])


def test_every_inserjeunes_diploma_has_outcomes(con):
    # README: 1,427 distinct CFD in ij_region_data.csv, all found in the BCN
    assert con.execute("SELECT count(*) FROM diploma_refs WHERE has_outcomes").fetchone() == (1427,)


def test_every_rncp_to_rome_pair_of_the_export_is_a_link(con):
    path = real("rncp_export_2026_02_01_partial", "export_fiches_CSV_Rome_2026_02_01.csv")
    with path.open(encoding="utf-8", newline="") as f:
        pairs = {
            (r["Numero_Fiche"].removeprefix("RNCP"), r["Codes_Rome_Code"])
            for r in csv.DictReader(f, delimiter=";")
            if r["Numero_Fiche"].startswith("RNCP") and len(r["Codes_Rome_Code"]) == 5
        }
    stored = set(
        con.execute(
            "SELECT rncp, rome_code FROM diploma_careers WHERE source = 'rncp' "
            "AND diploma_id IS NOT NULL"
        ).fetchall()
    )
    assert pairs == stored


def test_search_finds_the_common_abbreviations(con):
    from careerdash import queries

    def first(text: str) -> str:
        return queries.diploma_search(con, text)["title"].iloc[0]

    assert first("BTS CG") == "BTS comptabilité et gestion"
    assert first("bts comptabilite et gestion") == "BTS comptabilité et gestion"
    assert first("CAP AEPE").startswith("CAP accompagnant éducatif petite enfance")
    assert "multimédia et de l'internet" in first("BUT MMI")


# -- the page, with AppTest -----------------------------------------------------------------------


@pytest.fixture
def app(real_db, monkeypatch):
    yield from app_on(real_db, DATA_FICHES, monkeypatch)


def test_explorer_search_then_one_diploma(app):
    at = open_page("diplomes")
    at.text_input(key="diplome_q").input("bts cg").run()
    choice = at.selectbox(key="diplome_choisi")
    assert choice.options[0].startswith("BTS comptabilité et gestion · Bac+2 · ouvert")
    choice.select(BTS_CG).run()  # the first option, by its value
    assert not at.exception
    assert at.query_params["diplome"] in (BTS_CG, [BTS_CG])  # the link to share
    assert at.subheader[0].value == "BTS comptabilité et gestion"
    outcomes = next(d.value for d in at.dataframe if "Année de sortie" in d.value.columns)
    school = outcomes[(outcomes["Année de sortie"] == "2022-2023")]
    school = school[school["Voie"] == "Voie scolaire"].iloc[0]
    assert school["En emploi 6 mois après"] == "62\u00a0% · 3\u202f535 sur 5\u202f710 sortants"
    careers = next(d.value for d in at.dataframe if "Lien établi par" in d.value.columns)
    m1203 = careers[careers["Code ROME"] == "M1203"]
    rome = m1203[m1203["Source du métier"] == "ROME"].iloc[0]
    assert rome["Lien établi par"] == "Certif Info, RNCP (France compétences)"
    # the Comptable fiche carries M1203 and names the BTS CG itself: three sources
    fiche = m1203[m1203["Source du métier"] != "ROME"].iloc[0]
    assert fiche["Lien établi par"] == "Certif Info, Fiche métier, RNCP (France compétences)"
    keys = {c.proto.id for c in at.get("plotly_chart")}
    assert any("diplome_6m" in k for k in keys) and any("diplome_skills" in k for k in keys)


def test_a_region_shows_its_own_counts(app):
    at = open_page("diplomes", {"diplome": BTS_CG})
    at.selectbox(key="diplome_region").select("Bretagne").run()
    outcomes = next(d.value for d in at.dataframe if "Année de sortie" in d.value.columns)
    assert set(outcomes["Régions"]) == {1}
    national = open_page("diplomes", {"diplome": BTS_CG})
    whole = next(d.value for d in national.dataframe if "Année de sortie" in d.value.columns)
    assert list(outcomes["En emploi 6 mois après"]) != list(whole["En emploi 6 mois après"])


def test_comparison_of_two_diplomas(app):
    at = open_page("diplomes", {"diplomes": [BTS_CG, BTS_MCO]})
    assert at.multiselect(key="diplomes_choisis").value == [BTS_CG, BTS_MCO]
    table = next(d.value for d in at.dataframe if "" in d.value.columns)
    assert list(table.columns) == [
        "",
        "BTS comptabilité et gestion",
        "BTS management commercial opérationnel",
    ]
    row = table[table[""] == "Voie scolaire : en emploi à 6 mois"].iloc[0]
    assert row["BTS comptabilité et gestion"].startswith("62\u00a0% · 3\u202f535 sur 5\u202f710")
    matrix = next(
        d.value
        for d in at.dataframe
        if "Code ROME" in d.value.columns and "Source" in d.value.columns
    )
    assert "Comptable" in set(matrix["Métier"])
    keys = {c.proto.id for c in at.get("plotly_chart")}
    assert any("comparer_6m" in k for k in keys) and any("comparer_skills" in k for k in keys)


def test_the_fiches_diplomas_tab_draws_when_opened_and_the_search_is_kept(app):
    """The fiches' own diplomas are drawn when their tab is chosen (not at every search),
    and choosing it loses nothing typed in the search tab."""
    at = open_page("diplomes")
    at.text_input(key="diplome_q").input("bts cg").run()
    at.session_state["onglet"] = "Diplômes cités par les fiches"  # what a click on the tab sets
    at.run()
    assert not at.exception
    keys = {c.proto.id for c in at.get("plotly_chart")}
    assert any("diplomes_sankey" in k for k in keys)
    assert any("diplomes_salaries" in k for k in keys)
    assert at.text_input(key="diplome_q").value == "bts cg"
    assert at.selectbox(key="diplome_choisi").options[0].startswith("BTS comptabilité et gestion")


# -- the page, in headless Chromium ----------------------------------------------------------------


@pytest.mark.browser
def test_explorer_and_comparison_in_headless_chromium(real_db, new_context, tmp_path):
    from browser.server import serve

    shots = Path(os.environ.get("CAREERDASH_SHOTS", tmp_path))
    one = f"diplomes?diplome={quote(BTS_CG)}"
    two = f"diplomes?diplomes={quote(BTS_CG)}&diplomes={quote(BTS_MCO)}"
    with serve(real_db, DATA_FICHES) as base:
        page = new_context(viewport={"width": 1400, "height": 4200}).new_page()
        page.goto(f"{base}/{one}", wait_until="networkidle", timeout=60_000)
        # a dataframe draws on a canvas; its cells are in the page for screen readers
        cell = page.get_by_text("62\u00a0% · 3\u202f535 sur 5\u202f710 sortants").first
        cell.wait_for(state="attached", timeout=60_000)
        page.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
        assert page.locator("[data-testid='stException']").count() == 0
        main = page.locator("[data-testid='stMain']").inner_text()
        assert "BTS comptabilité et gestion" in main and "Métiers auxquels il prépare" in main
        page.screenshot(path=str(shots / "diplome-bts-cg.png"), full_page=True)

        page.goto(f"{base}/{two}", wait_until="networkidle", timeout=60_000)
        page.get_by_role("tab", name="Comparer 2 à 4 diplômes").click()
        page.get_by_text("Métiers visés, côte à côte").wait_for(timeout=60_000)
        panel = page.get_by_role("tabpanel", name="Comparer 2 à 4 diplômes")
        panel.locator(".js-plotly-plot .main-svg").first.wait_for(timeout=60_000)
        assert page.locator("[data-testid='stException']").count() == 0
        text = panel.inner_text()
        assert "BTS management commercial opérationnel" in text
        page.screenshot(path=str(shots / "diplomes-comparer.png"), full_page=True)


def test_a_fiche_links_its_diplomas_to_the_diploma_view(app):
    at = open_page("fiche", {"career": "Comptable"})
    links = [e for e in at.get("page_link") if "diplomes" in e.proto.page]
    labels = [e.proto.label for e in links]
    assert any(label.startswith("BTS comptabilité et gestion") for label in labels), labels
