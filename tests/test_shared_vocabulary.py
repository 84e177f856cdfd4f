"""Skills counted by ROME code across fiches and ROME careers; `careerdash career`."""

from __future__ import annotations

import json

import duckdb
import pytest

from apptest import app_on, open_page
from careerdash import charts, queries
from careerdash.cli import main
from careerdash.importers.dares import import_dares
from careerdash.importers.load import import_rome
from careerdash.store import build
from conftest import DATA_FICHES, ROOT

ROME = ROOT / "tests" / "fixtures" / "rome"
DARES = ROOT / "tests" / "fixtures" / "dares"


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory):
    """The bundled fiches, the ROME fixture (4 careers) and the Dares fixture."""
    path = tmp_path_factory.mktemp("vocabulary") / "mixed.duckdb"
    build(DATA_FICHES, path)
    import_rome(ROME, path)
    import_dares(DARES, path)
    return path


@pytest.fixture
def con(mixed_db):
    c = duckdb.connect(str(mixed_db), read_only=True)
    yield c
    c.close()


def ids(con, kind="fiche"):
    sql = "SELECT career_id FROM careers WHERE source_kind = ? ORDER BY career_id"
    return tuple(r[0] for r in con.execute(sql, [kind]).fetchall())


def row(frame, **where):
    for key, value in where.items():
        frame = frame[frame[key] == value]
    assert len(frame) == 1, frame
    return frame.iloc[0]


def test_two_wordings_of_sql_count_as_one_rome_skill(con):
    by_code = queries.shared_skill_demand(con, ids(con))
    sql = row(by_code, rome_code="404167")
    assert sql["careers"] == 3 and sql["fiche_careers"] == 3
    assert list(sql["wordings"]) == ["Bases de données et SQL", "Requêtes SQL"]
    assert sql["label"] == "Gérer et maitriser des bases de données (SQL/NoSQL)"
    by_name = queries.shared_skill_demand(con, ids(con), "name")
    assert row(by_name, label="Requêtes SQL")["careers"] == 1
    assert row(by_name, label="Bases de données et SQL")["careers"] == 2


def test_english_and_several_languages_meet(con):
    languages = row(queries.shared_skill_demand(con, ids(con)), rome_code="300411")
    assert {"Anglais professionnel", "Maîtrise de plusieurs langues étrangères"} <= set(
        languages["wordings"]
    )
    assert languages["careers"] == 9
    # it tops the chart, ahead of every skill only one fiche names
    assert queries.shared_skill_demand(con, ids(con)).iloc[0]["rome_code"] == "300411"


def test_the_coarser_view_groups_by_rome_macro_competence(con):
    fine = queries.shared_skill_demand(con, ids(con))
    coarse = queries.shared_skill_demand(con, ids(con), "rome_group")
    assert len(coarse) < len(fine)
    assert coarse["careers"].max() >= fine["careers"].max()


def test_rome_skills_stay_unscored_beside_the_fiches(con):
    both = ids(con) + ids(con, "rome")
    demand = queries.shared_skill_demand(con, both)
    rome_only = demand[demand["fiche_careers"] == 0]
    assert len(rome_only) > 0
    assert rome_only["mean_score"].isna().all()
    assert (rome_only["unscored_careers"] == rome_only["careers"]).all()
    fig = charts.shared_skill_demand(demand, top_n=len(demand))
    names = [t.name for t in fig.data]
    assert names == ["Score moyen des fiches (éditorial)", "Sans score de fiche (ROME : non noté)"]
    grey = fig.data[1]
    assert grey.marker.color == charts.UNSCORED_COLOUR
    assert len(grey.x) == len(demand[demand["mean_score"].isna()])


def test_hover_names_the_fiche_wordings_and_the_code_escaped(con):
    demand = queries.shared_skill_demand(con, ids(con))
    fig = charts.shared_skill_demand(demand, top_n=len(demand))
    hovers = [h for t in fig.data for h in t.hovertext]
    sql = next(h for h in hovers if "Code ROME 404167" in h)
    assert "Dans les fiches : Bases de données et SQL, Requêtes SQL" in sql
    assert "3 métier(s) dont 3 fiche(s)" in sql and "(éditorial)" in sql
    demand.loc[0, "label"] = "<img src=x onerror=alert(1)>"
    hostile = charts.shared_skill_demand(demand, top_n=3)
    texts = [h for t in hostile.data for h in t.hovertext] + [y for t in hostile.data for y in t.y]
    assert not any("<img" in t for t in texts)
    assert any("&lt;img" in t for t in texts)


def test_pay_queries_for_pages(con):
    pay = queries.family_pay(con, ("rome-m1805", "rome-a1101"))
    assert list(pay.loc[pay["chosen"], "fap_code"]) == ["A0Z43", "M2Z90"]
    assert set(pay.loc[pay["career_id"] == "rome-m1805", "rule"]) == {"cadre"}
    medians = queries.family_medians(con, ("rome-m1805",))
    assert medians.iloc[0]["family_median_net_month"] == 3100
    tension = queries.labour_tension(con, ("rome-m1805",))
    assert tension.iloc[0]["tension_category"] == 5
    assert len(queries.pay_distribution(con, ("rome-m1805",))) == 5


def test_find_career_prefers_an_exact_id_code_then_the_fiche_title(con):
    assert queries.find_career(con, "comptable") == [("comptable", "Comptable")]
    assert queries.find_career(con, "M1805") == [
        ("rome-m1805", "Développeur / Développeuse informatique")
    ]
    assert queries.find_career(con, "data ANALYST") == [("data-analyst", "Data analyst")]
    assert len(queries.find_career(con, "chargé")) > 1
    assert queries.find_career(con, "astronaute") == []


def test_career_json_is_the_database_record(mixed_db, capsys):
    assert main(["career", "M1805", "--json", "--db", str(mixed_db)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["career_id"] == "rome-m1805" and record["source_kind"] == "rome"
    (median,) = record["salaries"]
    assert {k: median[k] for k in ("kind", "min", "max", "currency", "basis", "period")} == {
        "kind": "family_median",
        "min": 3100,
        "max": 3100,
        "currency": "EUR",
        "basis": "net",
        "period": "month",
    }
    assert median["data_year"] == "2017-2019" and "M2Z90" in median["source_note"]
    assert [f["chosen"] for f in record["pay_families"]] == [True, False, False]
    assert record["tension"][0]["fap_code"] == "M2Z90"
    assert all(s["rome_code"] for s in record["hard_skills"])
    assert all(s["score"] is None for s in record["hard_skills"])


def test_career_text_of_a_fiche(mixed_db, capsys):
    assert main(["career", "Data analyst", "--db", str(mixed_db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Data analyst  [data-analyst, fiche]")
    assert "débutant band: 35 000 – 42 000 EUR brut per year" in out
    assert "Requêtes SQL (" in out and "[ROME 404167: " in out


def test_career_says_which_ids_when_a_name_is_ambiguous(mixed_db, capsys):
    assert main(["career", "chargé", "--db", str(mixed_db)]) == 1
    err = capsys.readouterr().err
    assert "careers match 'chargé'" in err and "charge-de-communication" in err
    assert main(["career", "x", "--db", str(mixed_db.parent / "none.duckdb")]) == 1


def test_competences_page_counts_by_rome_code(mixed_db, monkeypatch):
    gen = app_on(mixed_db, DATA_FICHES, monkeypatch)
    next(gen)
    try:
        at = open_page("competences")
        assert not at.error, [e.value for e in at.error]
        fig = json.loads(at.get("plotly_chart")[0].proto.spec)
        bars = [y for trace in fig["data"] for y in trace["y"]]
        assert "Parler une ou plusieurs langues<br>étrangères" in bars
        at.segmented_control(key="competences_par").set_value("name").run()
        fig = json.loads(at.get("plotly_chart")[0].proto.spec)
        bars = [y for trace in fig["data"] for y in trace["y"]]
        assert "Anglais professionnel" in bars
        assert not any("Parler une ou plusieurs" in b for b in bars)
        at.segmented_control(key="competences_par").set_value("rome_code").run()
        at.selectbox(key="competences_niveau").set_value(2).run()
        assert any("5 métier(s)" in c.value for c in at.caption)
    finally:
        next(gen, None)


def test_family_pay_distribution_stacks_five_bands_to_100(con):
    dist = queries.pay_distribution(con, ("rome-m1805", "rome-a1101"))
    fig = charts.family_pay_distribution(dist)
    assert [t.name for t in fig.data] == [
        "Moins de 1250 €",
        "De 1250 € à moins de 1500 €",
        "De 1500 € à moins de 2000 €",
        "De 2000 € à moins de 3000 €",
        "3000 € ou plus",
    ]
    developer = [t.x[list(t.y).index(next(y for y in t.y if "M2Z90" in y))] for t in fig.data]
    assert round(sum(developer)) == 100
    # A0Z43 has one band not published: it stays a gap, not a zero
    farm = [t.x[list(t.y).index(next(y for y in t.y if "A0Z43" in y))] for t in fig.data]
    assert farm.count(None) == 1
    assert "Dares, 2017-2019" in fig.layout.title.text
    assert charts.family_pay_distribution(dist.iloc[0:0]).layout.annotations
