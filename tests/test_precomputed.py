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
            ],
            "missions": [  # a task written over two lines, after the fiche's own
                {
                    "career_id": "cuisinier",
                    "group_index": 99,
                    "group_title": None,
                    "position": 0,
                    "task": "Tenir la caisse\net rapprocher les relevés du soir",
                }
            ],
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


def matched(con, text: str) -> dict[str, str]:
    found = queries.explore(con, CareerFilters(text=text))
    return dict(zip(found["career_id"], found["matched"], strict=True))


def test_search_names_the_part_it_matched_as_written(searchable):
    """The reader is told where the words were found, in the fiche's own spelling: the
    title first, else the first appellation, mission or diploma that holds them."""
    assert matched(searchable, "CUISINIER") == {"cuisinier": "intitulé"}
    assert matched(searchable, "oenologie") == {
        "cuisinier": "appellation : Chef de partie en Œnologie"
    }
    assert matched(searchable, "diplome d'etat") == {"infirmier": "diplôme : Diplôme d'État"}
    # a part written over two lines is one part: its words are found across the break, and
    # the diploma after it is still named (the lines of the folded and shown texts align)
    assert matched(searchable, "caisse et rapprocher") == {
        "cuisinier": "mission : Tenir la caisse et rapprocher les relevés du soir"
    }
    assert matched(searchable, "cap") == {"cuisinier": "diplôme : CAP"}


@pytest.mark.parametrize(
    "old_layout",
    [
        "DROP TABLE career_search",  # written before the search table
        "ALTER TABLE career_search DROP COLUMN search_parts",  # before it held the parts
    ],
)
def test_a_file_written_before_the_search_parts_still_searches(tmp_path, old_layout):
    """An older database is searched by folding its rows: the same careers are found, and
    a title or appellation found is named as in a new file."""
    db = tmp_path / "old.duckdb"
    build(DASHBOARD_FICHES, db)
    con = duckdb.connect(str(db), read_only=True)
    words = ["DÉVELOPPEUR", "traitements prescrits", "chef", "projet", "a", "%"]
    new = {w: matched(con, w) for w in words}
    con.close()
    con = duckdb.connect(str(db))
    con.execute(old_layout)
    con.close()
    con = duckdb.connect(str(db), read_only=True)
    for w in words:
        old = matched(con, w)
        assert old.keys() == new[w].keys(), w
        for career, said in old.items():
            if said == "intitulé" or said.startswith("appellation"):
                assert new[w][career] == said, (w, career)
    assert matched(con, "DÉVELOPPEUR") == {"developpeur-web": "intitulé"}
    assert found(con, "traitements prescrits") == ["infirmier"]
    con.close()


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
