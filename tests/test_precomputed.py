"""What the store computes at write time for speed answers exactly what the reads used to."""

from __future__ import annotations

import duckdb
import pytest

from careerdash import queries
from careerdash.queries import CareerFilters
from careerdash.store import TABLES, build, schema_sql, write_database
from conftest import DASHBOARD_FICHES


@pytest.fixture(scope="module")
def searchable(tmp_path_factory):
    """The four dashboard fiches plus two appellations, one with a ligature and an accent."""
    from careerdash.store import fiche_files, read_fiches

    careers, problems = read_fiches(fiche_files(DASHBOARD_FICHES))
    assert not problems
    db = tmp_path_factory.mktemp("search") / "c.duckdb"
    write_database(
        db,
        careers,
        extra_rows={
            "alt_titles": [
                {"career_id": "cuisinier", "alt_title": "Chef de partie en Œnologie"},
                {"career_id": "infirmier", "alt_title": "Infirmier de bloc opératoire (IBODE)"},
            ]
        },
    )
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def found(con, text: str) -> list[str]:
    return sorted(queries.explore(con, CareerFilters(text=text))["career_id"])


@pytest.mark.parametrize("text", ["oenologie", "ŒNOLOGIE", "Œnologie"])
def test_search_reaches_appellations_folding_ligatures(searchable, text):
    assert found(searchable, text) == ["cuisinier"]


@pytest.mark.parametrize("text", ["bloc operatoire", "BLOC OPÉRATOIRE"])
def test_search_ignores_accents_in_appellations(searchable, text):
    assert found(searchable, text) == ["infirmier"]


def test_search_reaches_diploma_names(searchable):
    assert found(searchable, "diplome d'etat") == ["infirmier"]


def test_search_text_has_no_wildcards(searchable):
    """A student's % or _ is a character to find, not a pattern."""
    assert found(searchable, "%") == []
    assert found(searchable, "_") == []


def test_search_does_not_match_across_two_facts(searchable):
    """The folded text joins facts with line breaks: a phrase cannot span a title and a task."""
    assert found(searchable, "web developper") == []
    assert found(searchable, "developper des applications") == ["developpeur-web"]


def test_summary_table_holds_what_the_view_computes(tmp_path):
    """career_summary is stored as a table at write time; its rows are the view's rows."""
    db = tmp_path / "c.duckdb"
    build(DASHBOARD_FICHES, db)
    stored = duckdb.connect(str(db), read_only=True)
    fresh = duckdb.connect()
    fresh.execute(schema_sql())  # the view, over the same facts copied in
    fresh.execute(f"ATTACH '{db}' AS built (READ_ONLY)")
    for table in TABLES:
        fresh.execute(f"INSERT INTO {table} SELECT * FROM built.{table}")
    order = "ORDER BY career_id"
    expected = fresh.execute(f"SELECT * FROM main.career_summary {order}").df()
    actual = stored.execute(f"SELECT * FROM career_summary {order}").df()
    assert len(actual) == 4
    assert list(actual.columns) == list(expected.columns)
    assert actual.equals(expected)
    stored.close()
    fresh.close()


def test_a_file_written_before_the_search_column_still_searches(tmp_path):
    """An old database (no career_search table) is searched by folding rows, as before."""
    db = tmp_path / "old.duckdb"
    build(DASHBOARD_FICHES, db)
    con = duckdb.connect(str(db))
    con.execute("DROP TABLE career_search")
    con.close()
    con = duckdb.connect(str(db), read_only=True)
    assert found(con, "DÉVELOPPEUR") == ["developpeur-web"]
    assert found(con, "traitements prescrits") == ["infirmier"]
    con.close()


def test_diploma_search_matches_words_from_their_start_only(tmp_path):
    """The diploma search reads a word where an alias's word starts, never inside one."""
    from test_diplomas import SOURCES, F

    from careerdash.importers.diplomas import import_diplomas

    db = tmp_path / "d.duckdb"
    build(F / "fiches", db)
    import_diplomas(SOURCES, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        ids = list(queries.diploma_search(con, "gest", open_only=False)["diploma_id"])
        assert "cfd-32031408" in ids  # "comptabilité et gestion": a later word's start
        assert list(queries.diploma_search(con, "ptabilite", open_only=False)["diploma_id"]) == []
    finally:
        con.close()
