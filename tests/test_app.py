"""The dashboard, run with Streamlit's AppTest on the bundled data."""

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from apptest import APP, PAGES_DIR, app_on, open_page, point_app_at, shown
from conftest import DATA_FICHES

PAGES = ["explorer", "comparer", "fiche", "salaires", "competences", "diplomes", "parcours"]


@pytest.fixture(autouse=True)
def fresh_app(bundled_db, monkeypatch):
    yield from app_on(bundled_db, DATA_FICHES, monkeypatch)


def match_count(at: AppTest) -> int:
    heading = next(s.value for s in at.subheader if "correspond" in s.value)
    if heading == "Aucun métier ne correspond":
        return 0
    return int(re.match(r"([\d\u202f]+)", heading)[1].replace("\u202f", ""))


def charts(at: AppTest) -> list:
    return at.get("plotly_chart")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_the_bundled_data(page):
    at = open_page(page)
    assert not at.error, [e.value for e in at.error]
    assert at.header or at.title or at.info


def test_explorer_lists_every_bundled_career_and_draws_the_scatter():
    at = open_page("explorer")
    assert match_count(at) == len(list(DATA_FICHES.glob("*.txt")))
    assert len(charts(at)) == 1
    assert any("estimations éditoriales" in c.value for c in at.caption)


def test_salaires_offers_no_dares_tab_without_dares_medians():
    """The bundled fiches carry no family median: the page says nothing of a measure it lacks."""
    at = open_page("salaires")
    assert [t.label for t in at.tabs] == ["Fourchettes par métier", "Selon le niveau d'études"]
    assert len(charts(at)) == 1
    at = open_page("salaires", {"vue": "Selon le niveau d'études"})
    assert [c.proto.id.rsplit("-", 1)[-1] for c in charts(at)] == ["salaires_by_level"]


def test_changing_a_filter_changes_the_count():
    at = open_page("explorer")
    everything = match_count(at)
    at.slider(key="debutant").set_value(35).run()
    above_35k = match_count(at)
    assert 0 < above_35k < everything
    at.text_input(key="q").input("infirm").run()
    assert match_count(at) < above_35k


def test_text_search_ignores_accents():
    at = open_page("explorer")
    at.text_input(key="q").input("developpeur").run()
    table = at.dataframe[0].value
    assert "Développeur(se) web" in set(table["Métier"])


def test_impossible_filter_says_what_to_do():
    at = open_page("explorer")
    at.slider(key="debutant").set_value(80).run()
    at.slider(key="min_qualite_de_vie").set_value(at.slider(key="min_qualite_de_vie").max).run()
    assert match_count(at) == 0
    assert any("Aucun métier ne correspond" in i.value for i in at.info)
    assert not any("recherche" in i.value for i in at.info)  # nothing was searched
    assert not charts(at)


def test_a_search_that_finds_nothing_suggests_changing_it():
    at = open_page("explorer")
    at.text_input(key="q").input("zzzzqqq").run()
    assert match_count(at) == 0
    assert any("changez la recherche" in i.value for i in at.info)


def test_query_params_restore_explorer_filters():
    at = open_page("explorer", {"debutant": "35", "famille": "Numérique"})
    assert at.slider(key="debutant").value == 35
    assert set(at.dataframe[0].value["Famille"]) == {"Numérique"}


THREE = ["Comptable", "Infirmier(ère)", "Data analyst"]


def test_compare_three_careers_from_a_shared_link():
    at = open_page("comparer", {"careers": THREE})
    assert at.multiselect(key="careers").value == ["comptable", "infirmier", "data-analyst"]
    keys = {c.proto.id for c in charts(at)}
    assert len(keys) == 5  # salaries, radar, studies, skills, progressions
    assert len(at.dataframe) == 2  # shared and distinct tools, constraints
    assert [s.value for s in at.subheader][:1] == ["Salaires"]


def test_compare_asks_for_two_careers_at_least():
    at = open_page("comparer", {"careers": ["Comptable"]})
    assert any("au moins deux métiers" in i.value for i in at.info)
    assert not charts(at)


def test_compare_takes_the_explorer_selection():
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["selection"] = ["comptable", "infirmier"]
    at.run()
    at.switch_page(str(PAGES_DIR / "comparer.py")).run()
    assert at.multiselect(key="careers").value == ["comptable", "infirmier"]


def test_fiche_from_a_link_shows_the_career_and_its_sources():
    at = open_page("fiche", {"career": "Chargé(e) de mission relations internationales"})
    assert shown(at.header[0].value) == "Chargé(e) de mission relations internationales"
    metrics = {m.label: shown(m.value) for m in at.metric}
    assert metrics["Niveau de référence"] == "Bac+3"
    assert metrics["Débutant"] == "30\u202f000 – 35\u202f000\u00a0€"
    sources = at.dataframe[-1].value
    assert "Salaires" in set(sources["Donnée"])


def test_fiche_shows_non_renseigne_for_missing_bands():
    at = open_page("fiche", {"career": "Assistant(e) import-export"})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Débutant"] == "non renseigné"
    assert metrics["Confirmé"] == "non renseigné"


def test_diplomes_level_choice_changes_the_careers_listed():
    at = open_page("diplomes")
    first = at.metric[0].value
    at.selectbox(key="diplome_niveau").set_value(5).run()
    assert at.metric[0].value != first


def test_parcours_finds_a_path_between_two_fiches():
    at = open_page(
        "parcours",
        {
            "depuis": "Chargé(e) de mission relations internationales",
            "vers": "Coordinateur(trice) de projets européens",
        },
    )
    steps = [shown(m.value) for m in at.markdown if m.value.startswith("**")]
    assert steps[0].startswith("**1. Chargé(e) de mission relations internationales**")
    assert "30\u202f000 – 35\u202f000\u00a0€" in steps[0]
    assert steps[1].startswith("**2. Coordinateur(trice) de projets européens** (évolution)")


def _explorer_on(db, fiches, monkeypatch) -> AppTest:
    point_app_at(db, fiches, monkeypatch)
    return open_page("explorer")


def test_first_start_builds_the_missing_database(tmp_path, monkeypatch):
    from conftest import DASHBOARD_FICHES

    db = tmp_path / "fresh.duckdb"
    at = _explorer_on(db, DASHBOARD_FICHES, monkeypatch)
    assert db.exists()
    assert match_count(at) == 4


def test_a_rebuilt_database_is_noticed_without_a_restart(tmp_path, monkeypatch):
    import shutil
    import time

    from careerdash.store import build
    from conftest import DASHBOARD_FICHES

    fiches = tmp_path / "fiches"
    shutil.copytree(DASHBOARD_FICHES, fiches)
    db = tmp_path / "c.duckdb"
    build(fiches, db)
    at = _explorer_on(db, fiches, monkeypatch)
    assert match_count(at) == 4
    time.sleep(0.01)  # a new modification time for the rebuilt file
    (fiches / "graphiste.txt").write_text("Graphiste\nCrée des visuels.\n", encoding="utf-8")
    build(fiches, db)  # as `careerdash build` in another terminal would
    at.run()
    assert match_count(at) == 5


def test_profile_sliders_run_to_the_highest_score_of_the_data(bundled_db):
    """Issue 8.10: a slider past every career's score only empties the list."""
    import duckdb

    con = duckdb.connect(str(bundled_db), read_only=True)
    highest = dict(
        con.execute("SELECT dimension, max(score) FROM profile_scores GROUP BY 1").fetchall()
    )
    con.close()
    at = open_page("explorer")
    for dimension, top in highest.items():
        slider = at.slider(key=f"min_{dimension}")
        assert top <= slider.max < top + 5
        slider.set_value(slider.max).run()
        assert match_count(at) >= (1 if slider.max == top else 0)
        slider.set_value(0).run()


def test_study_level_slider_first_step_removes_the_fewest_careers():
    at = open_page("explorer")
    level = at.select_slider(key="niveau")
    assert level.options[-1] == "Tous niveaux"
    everything = match_count(at)
    level.set_value(level.options[-2]).run()
    least = match_count(at)
    at.select_slider(key="niveau").set_value(at.select_slider(key="niveau").options[0]).run()
    assert everything > least > match_count(at)  # Bac+8 keeps all but careers with no level


def test_search_says_what_matched_and_reads_wildcards_as_letters():
    at = open_page("explorer", {"q": "infirm"})
    table = at.dataframe[0].value
    found = dict(zip(table["Métier"], table["Trouvé dans"], strict=True))
    assert found["Infirmier(ère)"] == "intitulé"
    assert found["Aide-soignant(e)"].startswith("mission : ")
    at.text_input(key="q").input("%").run()
    assert match_count(at) == 0


def test_figures_below_the_smic_are_flagged_where_shown(bundled_db):
    """Issue 8.9: Électricien's 18 000 € is below the SMIC brut annuel; say so beside it,
    with the source's own note; a monthly figure ×12 is not shown to the euro."""
    from careerdash import smic

    at = open_page("fiche", {"career": "Électricien(ne) du bâtiment"})
    flags = [shown(c.value) for c in at.caption if "débutant : 18" in shown(c.value)]
    assert len(flags) == 1 and "sous le SMIC" in flags[0]
    assert f"({smic.ANNUAL[smic.LATEST]:,}".replace(",", "\u202f") in flags[0]
    assert "18\u202f000" in flags[0] and "Note de la source : site d'agence" in flags[0]
    at = open_page("explorer")
    table = at.dataframe[0].value
    row = table[table["Métier"] == "Électricien(ne) du bâtiment"].iloc[0]
    assert row["Débutant"].endswith("⚠ sous le SMIC")
    assert not table[table["Métier"] == "Data analyst"].iloc[0]["Débutant"].endswith("SMIC")
    at = open_page("comparer", {"careers": ["Infirmier(ère)", "Comptable"]})
    converted = [shown(c.value) for c in at.caption if "converti d'un montant" in shown(c.value)]
    assert converted and all("environ" in c and "00\u00a0€" in c for c in converted)


def test_explorer_shows_monthly_figures_rounded_in_its_table_and_scatter(bundled_db):
    """Issue 8.9 on the Explorer too: a band the fiche gave per month (×12) reads "environ",
    rounded to the hundred, in the table and in the scatter's hover; others are as given."""
    import duckdb

    con = duckdb.connect(str(bundled_db), read_only=True)
    converted = set(
        con.execute(
            "SELECT DISTINCT c.title, b.level FROM salary_bands b JOIN careers c USING "
            "(career_id) WHERE b.converted_from_monthly AND b.level IN ('debutant', 'confirme')"
        ).fetchall()
    )
    con.close()
    assert converted  # the bundled fiches include monthly figures

    def rounded(text: str) -> bool:
        amounts = re.findall(r"\d[\d\u202f]*", text)
        opened = text.startswith(("à partir de", "jusqu'à"))  # one end: no "environ" needed
        return (text.startswith("environ") or opened) and all(
            int(a.replace("\u202f", "")) % 100 == 0 for a in amounts
        )

    at = open_page("explorer")
    table = at.dataframe[0].value.set_index("Métier")
    columns = {"debutant": "Débutant", "confirme": "Confirmé"}
    for title, level in converted:
        text = table.loc[title, columns[level]]
        assert rounded(text), (title, level, text)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    hovers = {
        title: dict(zip(columns, custom[:2], strict=True))
        for trace in spec["data"]
        if trace.get("mode") == "markers"
        for title, custom in zip(trace["text"], trace["customdata"], strict=True)
    }
    drawn = [(t, level) for t, level in converted if t in hovers]
    assert drawn
    for title, level in drawn:
        assert rounded(hovers[title][level]), (title, level, hovers[title])
