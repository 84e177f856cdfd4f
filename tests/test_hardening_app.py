"""The dashboard on a database it cannot use: a clear message in French, no server path, no
traceback; fiche problems shown as text with file names only; a search for `%` or `_`
finds what was typed."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from apptest import APP, app_on
from careerdash import queries
from careerdash.queries import CareerFilters
from careerdash.store import build

FIXTURES = Path(__file__).parent / "fixtures"


def _foreign(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT 1 AS i")
    con.close()


def _truncated(path: Path) -> None:
    build(FIXTURES / "dashboard", path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])


BROKEN = {
    "empty file": lambda p: p.write_bytes(b""),
    "random bytes": lambda p: p.write_bytes(b"\x13\x37" * 20_000),
    "truncated database": _truncated,
    "someone else's DuckDB file": _foreign,
    "a folder": lambda p: p.mkdir(),
}


def _run(db: Path, fiches: Path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    gen = app_on(db, fiches, monkeypatch)
    next(gen)
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        return at
    finally:
        next(gen, None)


@pytest.mark.parametrize("kind", list(BROKEN))
def test_an_unusable_database_is_explained_without_path_or_traceback(tmp_path, monkeypatch, kind):
    db = tmp_path / "secret-server-folder" / "c.duckdb"
    db.parent.mkdir()
    BROKEN[kind](db)
    at = _run(db, tmp_path / "no-fiches", monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    shown = [e.value for e in at.error] + [i.value for i in at.info]
    assert len(at.error) == 1, shown
    assert at.error[0].value.startswith(("La base de métiers", "L'emplacement prévu"))
    assert all("secret-server-folder" not in text and "/" not in text for text in shown), shown


def test_fiche_problems_are_text_with_file_names_only(tmp_path, monkeypatch):
    fiches = tmp_path / "secret-server-folder" / "fiches"
    shutil.copytree(FIXTURES / "dashboard", fiches)
    db = tmp_path / "c.duckdb"
    build(fiches, db)
    (fiches / "zz.txt").write_text("Cassé\n#HARDSKILLS\n120 | **Gras** [lien](https://x.org)\n")
    at = _run(db, fiches, monkeypatch)
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Certaines fiches n'ont pas pu être lues ; la base précédente reste affichée."
    ]
    assert [t.value for t in at.text][:1] == [
        "zz.txt:3: [hard_skills] score 120 for '**Gras** [lien](https://x.org)': must be 0–100"
    ]


def test_search_wildcards_mean_themselves(dashboard_db):
    con = duckdb.connect(str(dashboard_db), read_only=True)
    try:
        everything = len(queries.explore(con, CareerFilters()))
        assert everything > 0
        for typed in ("%", "_", "%%", "\\"):
            assert queries.explore(con, CareerFilters(text=typed)).empty, typed
        assert len(queries.explore(con, CareerFilters(text="infirm"))) == 1
    finally:
        con.close()
