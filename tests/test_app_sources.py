"""The dashboard on a database that mixes fiches with imported ROME and O*NET careers."""

from pathlib import Path

import pytest

from apptest import app_on, open_page
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
    assert any("euros" in w.value and "dollars" in w.value for w in at.warning)
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
