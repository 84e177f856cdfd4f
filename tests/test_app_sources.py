"""The dashboard on a database that mixes fiches with imported ROME and O*NET careers."""

from pathlib import Path

import pytest

from apptest import app_on, open_page, shown
from careerdash.importers.load import import_oews, import_onet, import_rome
from careerdash.store import build
from conftest import DASHBOARD_FICHES, FIXTURES


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("mixed") / "careerdash.duckdb"
    build(DASHBOARD_FICHES, db)
    import_rome(FIXTURES / "rome", db)
    import_onet([FIXTURES / "onet" / "db_30_0_text"], db)
    import_oews(FIXTURES / "oews" / "national_M2024_dl.csv", db)
    return db


@pytest.fixture(autouse=True)
def app_on_mixed_db(mixed_db, monkeypatch):
    yield from app_on(mixed_db, DASHBOARD_FICHES, monkeypatch)


def test_explorer_source_filter():
    at = open_page("explorer")
    assert at.multiselect(key="source").options == ["O*NET", "Fiches", "ROME"]
    at.multiselect(key="source").set_value(["onet"]).run()
    table = at.dataframe[0].value
    assert set(table["Source"]) == {"O*NET"}
    assert "Software Developers" in set(table["Métier"])
    assert (
        table.loc[table["Métier"] == "Software Developers", "Médiane (tous niveaux)"].item()
        == "$133\u202f080"
    )


def test_compare_keeps_euros_and_dollars_on_separate_axes():
    at = open_page("comparer", {"careers": ["Développeur(se) web", "Software Developers · O*NET"]})
    assert any("jamais deux sur un même axe" in c.value for c in at.caption)
    salary_charts = [c for c in at.get("plotly_chart") if "compare_salaries" in c.proto.id]
    assert len(salary_charts) == 2


def test_fiche_with_a_rome_code_shows_the_rome_skills_and_mobilites():
    at = open_page("fiche", {"career": "Développeur(se) web"})
    rome = [e for e in at.expander if "ROME" in e.label]
    assert len(rome) == 1 and "M1805" in rome[0].label
    text = " ".join(m.value for m in rome[0].markdown)
    assert "Compétences (" in text and "Mobilités (" in text


def test_fiche_of_an_onet_career_shows_its_median_wage():
    at = open_page("fiche", {"career": "Software Developers · O*NET"})
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Salaire médian (tous niveaux)"] == "$133\u202f080"


def test_competences_by_source():
    at = open_page("competences")
    at.multiselect(key="competences_sources").set_value(["onet"]).run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 2


def test_fiche_sources_link_only_web_addresses(tmp_path, monkeypatch):
    """A source that is no web address (`javascript:`) is text; a web one is a link."""
    from apptest import point_app_at
    from careerdash.store import build
    from conftest import FIXTURES

    fiches = tmp_path / "fiches"
    fiches.mkdir()
    (fiches / "piege.txt").write_bytes((FIXTURES / "hostile" / "piege.txt").read_bytes())
    db = tmp_path / "db.duckdb"
    build(fiches, db)
    point_app_at(db, fiches, monkeypatch)
    title = (FIXTURES / "hostile" / "piege.txt").read_text(encoding="utf-8").splitlines()[0]
    at = open_page("fiche", {"career": title})
    table = at.dataframe[-1].value
    links = [u for u in table["Lien"] if isinstance(u, str)]
    assert links == ["https://www.insee.fr/fr/statistiques"]
    assert "javascript:alert(1)" not in links
    assert "javascript:alert(1)" in " ".join(str(v) for v in table.to_numpy().ravel())


def _figures(at, prefix: str) -> list[dict]:
    import json

    return [json.loads(c.proto.spec) for c in at.get("plotly_chart") if prefix in c.proto.id]


MIXED = ["Développeur(se) web", "Développeur / Développeuse informatique · ROME"]
MIXED.append("Software Developers · O*NET")


def _db_count(db, table: str, career_id: str, column: str) -> int:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        sql = f"SELECT count(DISTINCT {column}) FROM {table} WHERE career_id = ?"
        return con.execute(sql, [career_id]).fetchone()[0]
    finally:
        con.close()


def test_compare_shows_every_tool_and_constraint_of_every_source(mixed_db):
    """Issue 8.1: the columns carry " · ROME" / " · O*NET"; the rows must match them."""
    at = open_page("comparer", {"careers": MIXED})
    ids = {"Software Developers · O*NET": "onet-15-1252-00"}
    ids["Développeur / Développeuse informatique · ROME"] = "rome-m1805"
    ids["Développeur(se) web"] = "developpeur-web"
    tools, constraints = at.dataframe[-2].value, at.dataframe[-1].value
    for label, cid in ids.items():
        assert (tools[label] == "✓").sum() == _db_count(mixed_db, "tools", cid, "tool"), label
        expected = _db_count(mixed_db, "constraints", cid, "name")
        assert (constraints[label] == "✓").sum() == expected, label
    assert _db_count(mixed_db, "tools", "onet-15-1252-00", "tool") > 0


def test_compare_never_puts_two_scales_on_one_chart():
    """Issue 8.2 and 8.3: one radar and one skill map per source; ROME skills (no score)
    show as listed, never as blank."""
    at = open_page("comparer", {"careers": MIXED})
    radars = _figures(at, "compare_radar")
    assert len(radars) == 2  # fiche editorial profile, O*NET work values
    for fig in radars:
        assert len(fig["data"]) == 1  # here one career per scale
    titles = [f["layout"]["title"]["text"] for f in radars]
    assert "éditoriaux" in titles[0] and "O*NET" in titles[1]
    maps = {f["layout"]["title"]["text"]: f for f in _figures(at, "compare_skills")}
    assert len(maps) == 3
    rome = next(f for t, f in maps.items() if "ROME" in t)
    marks = [cell for trace in rome["data"] for row in trace["text"] for cell in row]
    assert marks.count("✓") > 0 and set(marks) <= {"✓", ""}
    for title, fig in maps.items():
        columns = {x for trace in fig["data"] for x in trace["x"]}
        assert len(columns) == 1, title  # each map holds one source's career


def test_fiche_of_an_onet_career_uses_flagged_education_shares(mixed_db):
    """Issue 8.4: the reference level is the modal share, flagged imprecise or not."""
    import duckdb

    con = duckdb.connect(str(mixed_db), read_only=True)
    rows = con.execute(
        "SELECT c.reference_level, d.name, d.share FROM careers c JOIN diplomas d USING "
        "(career_id) WHERE c.career_id = 'onet-11-1011-00' ORDER BY d.share DESC"
    ).fetchall()
    con.close()
    assert rows[0][0] == rows[0][1]
    at = open_page("fiche", {"career": rows[0][0] and "Chief Executives · O*NET"})
    shares = next(d.value for d in at.dataframe if "Part des répondants" in d.value.columns)
    assert list(shares["Précision"]).count("imprécise") == 1  # the flagged doctoral share
    assert shares.loc[shares["Référence"] == "★", "Niveau"].tolist() == [rows[0][0]]


def test_rome_mobilites_are_not_called_career_steps():
    """Issue 8.5: ROME lists jobs one can move to, not a next step."""
    at = open_page("fiche", {"career": "Bûcheron / Bûcheronne · ROME"})
    text = shown(" ".join(b.label for b in at.button))
    text += shown(" ".join(m.value for m in at.markdown))
    assert "Mobilité possible (ROME)" in text
    assert "Étape 1" not in text


def test_salary_filter_says_how_many_careers_lack_the_measure(mixed_db):
    """Issue 8.7: a débutant minimum drops every ROME and O*NET career; say so, and offer
    the measure they have."""
    import duckdb

    con = duckdb.connect(str(mixed_db), read_only=True)
    without = con.execute(
        "SELECT count(*) FROM career_summary WHERE debutant_mid IS NULL OR currency <> 'EUR'"
    ).fetchone()[0]
    con.close()
    at = open_page("explorer")
    at.slider(key="debutant").set_value(1).run()
    line = next(shown(c.value) for c in at.caption if "exclus faute" in shown(c.value))
    assert line.startswith(f"{without} métier(s) exclus")
    assert "O*NET :" in line and "ROME :" in line and "salaire médian" in line
    at.slider(key="debutant").set_value(0).run()
    at.slider(key="mediane").set_value(100).run()
    table = at.dataframe[0].value
    assert set(table["Source"]) == {"O*NET"}
