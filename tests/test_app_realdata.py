"""Every page on the real mixed database (fiches + ROME v460 + O*NET 30.0 + OEWS): what the
database holds for a career of each source is what the pages show."""

import json

import duckdb
import pytest

from apptest import app_on, open_page, shown
from careerdash.formatting import plot_text
from conftest import DATA_FICHES

NURSES = {
    "infirmier": "Infirmier(ère)",
    "rome-j1506": "Infirmier / Infirmière en soins généraux (IDE) · ROME",
    "onet-29-1141-00": "Registered Nurses · O*NET",
}


@pytest.fixture(autouse=True)
def app_on_real_db(realdata_mixed_db, monkeypatch):
    yield from app_on(realdata_mixed_db, DATA_FICHES, monkeypatch)


@pytest.fixture(scope="module")
def db(realdata_mixed_db):
    con = duckdb.connect(str(realdata_mixed_db), read_only=True)
    yield con
    con.close()


def _distinct(db, table: str, column: str, career_id: str) -> set[str]:
    sql = f"SELECT DISTINCT {column} FROM {table} WHERE career_id = ?"
    return {r[0] for r in db.execute(sql, [career_id]).fetchall()}


def test_comparer_shows_every_tool_and_constraint_of_each_source(db):
    at = open_page("comparer", {"careers": list(NURSES.values())})
    tools, constraints = at.dataframe[-2].value, at.dataframe[-1].value
    for cid, label in NURSES.items():
        assert set(tools.loc[tools[label] == "✓", "Outil"]) == _distinct(db, "tools", "tool", cid)
        assert set(constraints.loc[constraints[label] == "✓", "Contrainte"]) == _distinct(
            db, "constraints", "name", cid
        )
    assert len(_distinct(db, "tools", "tool", "onet-29-1141-00")) >= 40
    assert len(_distinct(db, "constraints", "name", "rome-j1506")) >= 15


def test_comparer_skill_maps_hold_every_skill_each_on_its_own_scale(db):
    at = open_page("comparer", {"careers": list(NURSES.values())})
    at.slider(key="compare_top_skills").set_value(at.slider(key="compare_top_skills").max).run()
    maps = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if "skills" in c.proto.id]
    assert len(maps) == 3
    shown_rows = {}
    for fig in maps:
        columns = {x for trace in fig["data"] for x in trace["x"]}
        assert len(columns) == 1  # one source, one scale, per chart
        shown_rows[fig["layout"]["title"]["text"]] = {
            y.replace("<br>", " ") for trace in fig["data"] for y in trace["y"]
        }
    rome = next(rows for title, rows in shown_rows.items() if "ROME" in title)
    # the slider's maximum (80) bounds what is shown: every one shown is one ROME lists
    listed = {plot_text(s) for s in _distinct(db, "hard_skills", "name", "rome-j1506")}
    assert rome <= listed and len(rome) == min(80, len(listed))


def test_fiche_of_each_source_lists_every_skill_tool_and_constraint(db):
    for cid, label in NURSES.items():
        at = open_page("fiche", {"career": label})
        skills = next(d.value for d in at.dataframe if "Compétence" in d.value.columns)
        assert set(skills["Compétence"]) == _distinct(db, "hard_skills", "name", cid), label
        text = shown(" ".join(m.value for m in at.markdown))
        for tool in _distinct(db, "tools", "tool", cid):
            assert tool in text, (label, tool)
        for constraint in _distinct(db, "constraints", "name", cid):
            assert constraint in text, (label, constraint)


def test_registered_nurses_reference_level_counts_the_flagged_bachelor_share(db):
    level, share = db.execute(
        "SELECT c.reference_level, d.share FROM careers c JOIN diplomas d USING (career_id) "
        "WHERE career_id = 'onet-29-1141-00' AND d.name = c.reference_level"
    ).fetchone()
    assert level == "Bachelor's Degree" and share > 50
    at = open_page("fiche", {"career": NURSES["onet-29-1141-00"]})
    assert shown({m.label: m.value for m in at.metric}["Niveau de référence"]) == level
    shares = next(d.value for d in at.dataframe if "Part des répondants" in d.value.columns)
    row = shares[shares["Niveau"] == level].iloc[0]
    assert row["Précision"] == "imprécise" and row["Référence"] == "★"


def test_parcours_works_on_a_rome_career_and_finds_paths_across_sources(db):
    """Issue 8.6: the neighbourhood of a ROME career, and a path from a fiche role to an
    O*NET occupation through resolved moves."""
    at = open_page("parcours", {"parcours_metier": NURSES["rome-j1506"]})
    fig = json.loads(
        next(c for c in at.get("plotly_chart") if "parcours_graph" in c.proto.id).proto.spec
    )
    nodes = [n for t in fig["data"] if t.get("name") == "Métiers" for n in t["text"]]
    moves = {
        r[0]
        for r in db.execute(
            "SELECT t.title FROM progressions p JOIN careers t ON t.career_id = p.to_career_id "
            "WHERE p.career_id = 'rome-j1506'"
        ).fetchall()
    }
    others = shown(" ".join(m.value for e in at.expander for m in e.markdown))
    assert moves
    for move in moves:  # drawn, or listed under the graph when its column is full
        assert any(n.startswith(plot_text(move)) for n in nodes) or move in others, move
    at = open_page("parcours", {"depuis": "Aide-soignant(e)", "vers": "Infirmier(ère)"})
    steps = [shown(m.value) for m in at.markdown if m.value.startswith("**")]
    assert steps[0].startswith("**1. Aide-soignant(e)**")


def test_sources_tab_names_every_field_in_french(db):
    """Issue 8.11: no internal key (alt_titles, soft_skills …) on screen."""
    fields = {r[0] for r in db.execute("SELECT DISTINCT field FROM sources").fetchall()}
    for label in NURSES.values():
        at = open_page("fiche", {"career": label})
        shown_fields = set(at.dataframe[-1].value["Donnée"])
        assert not shown_fields & fields, (label, shown_fields & fields)


def test_explorer_filters_on_the_dares_family_median_and_labels_the_measure(db):
    """A student asking for at least 1,800 € net a month keeps the ROME careers that have a
    family median, sees that figure in its own column, and is told who was left out."""
    at = open_page("explorer", {"mediane_famille": "1800"})
    table = at.dataframe[0].value
    kept = db.execute(
        "SELECT count(*) FILTER (WHERE source_kind = 'rome'), count(*) FROM career_summary "
        "WHERE family_median_net_month >= 1800"
    ).fetchone()
    assert kept[0] > 500  # most ROME careers have a median of their family
    assert len(table) == kept[1]
    assert (table["Source"] == "ROME").sum() == kept[0]
    assert table["Médiane famille (net/mois)"].notna().all()
    lacking = db.execute(
        "SELECT count(*) FROM career_summary WHERE family_median_net_month IS NULL"
    ).fetchone()[0]
    notes = " ".join(c.value for c in at.caption)
    assert f"{lacking} métier(s) exclus faute de médiane Dares" in notes.replace("\\", "")


def test_fiche_and_comparer_show_the_tension_of_the_careers_families(db):
    label = "Infirmier / Infirmière en soins généraux (IDE) · ROME"
    expected = db.execute(
        "SELECT fap_code, tension_category FROM labour_tension WHERE career_id = 'rome-j1506'"
    ).fetchall()
    assert expected
    for at in (
        open_page("fiche", {"career": label}),
        open_page("comparer", {"careers": [label, NURSES["infirmier"]]}),
    ):
        tables = [d.value for d in at.dataframe if "Tension" in d.value.columns]
        assert len(tables) == 1
        shown_rows = {
            (code, int(t))
            for code, t in zip(tables[0]["Code FAP"], tables[0]["Tension"], strict=True)
        }
        assert shown_rows == {(code, int(t)) for code, t in expected}


FAMILY_TAB = "Médiane de la famille (Dares)"


def chart_keys(at) -> list[str]:
    return [c.proto.id.rsplit("-", 1)[-1] for c in at.get("plotly_chart")]


def test_salaires_draws_only_the_open_tab_and_the_url_names_it():
    """Three measures, one tab each: the open one is computed and drawn, the others are not
    (drawing all three took ~600 ms in Chromium); a link can open any of them."""
    at = open_page("salaires")
    assert [t.label for t in at.tabs] == [
        "Fourchettes par métier",
        "Selon le niveau d'études",
        FAMILY_TAB,
    ]
    assert chart_keys(at) == ["salaires_all"]
    opened = {
        "Selon le niveau d'études": "salaires_by_level",
        FAMILY_TAB: "salaires_family_medians",
    }
    for label, key in opened.items():
        assert chart_keys(open_page("salaires", {"vue": label})) == [key], label
    at = open_page("salaires", {"vue": "pas un onglet"})
    assert chart_keys(at) == ["salaires_all"]


def test_salaires_shows_family_medians_apart_from_the_gross_bands(db):
    at = open_page("salaires", {"vue": FAMILY_TAB})
    with_median = db.execute(
        "SELECT count(*) FROM career_summary WHERE source_kind = 'fiche' "
        "AND family_median_net_month IS NOT NULL"
    ).fetchone()[0]
    assert with_median > 0
    tables_ = [d.value for d in at.dataframe if "Médiane famille (net/mois)" in d.value.columns]
    assert len(tables_) == 1 and len(tables_[0]) == with_median
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    medians = [t for t in titles if "famille professionnelle" in t]
    assert len(medians) == 1 and "net mensuel" in medians[0]
    # the gross yearly bands are on other charts: no chart holds both measures
    assert not any("brut" in t for t in medians)


def test_explorer_lists_every_career_of_the_national_database_without_cutting(db):
    """The Explorer's table is cut only past thousands of careers: the whole national set
    (fiches, ROME, O*NET) is listed, and no caption says that some were left out."""
    at = open_page("explorer")
    careers = db.execute("SELECT count(*) FROM career_summary").fetchone()[0]
    assert careers > 2000
    assert len(at.dataframe[0].value) == careers
    assert not [c.value for c in at.caption if "premiers métiers" in c.value]
