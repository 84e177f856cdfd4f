"""How an import writes the database: patching a copy of the old file, or rebuilding it.

A write copies the old file and replaces only its own rows in the copy when the old file
records the schema it was written with; otherwise (a file of an older careerdash) it builds
a new file and copies the other sources' rows across. Both must give the same database, and
an old file must come out with the current schema.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from careerdash import store
from careerdash.importers.dares import import_dares
from careerdash.importers.diplomas import import_diplomas
from careerdash.importers.load import import_oews, import_onet, import_rome
from careerdash.store import REFERENCE_TABLES, SCHEMA_KEY, TABLES, DatabaseError, build

from .helpers import FIXTURES, OEWS, ONET, ROME, TESTS

DASHBOARD = TESTS / "fixtures" / "dashboard"
DARES = FIXTURES / "dares"
D = FIXTURES / "diplomas"
DIPLOMAS = [D / "bcn", D / "certifinfo", D / "rncp", D / "inserjeunes", D / "rome"]


def snapshot(db: Path) -> dict[str, tuple]:
    """Row count and order-free per-column hash sums of every table a reader uses."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        # career_search as written: its parts are joined in a fixed order
        tables = {t: t for t in (*TABLES, *REFERENCE_TABLES, "career_summary", "career_search")}
        tables["build_info"] = (
            f"(SELECT * FROM build_info WHERE key NOT LIKE '%_at' AND key <> '{SCHEMA_KEY}')"
        )
        return {
            name: con.execute(f"SELECT count(*), sum(hash(COLUMNS(*))) FROM {sql}").fetchone()
            for name, sql in tables.items()
        }
    finally:
        con.close()


def forget_schema(db: Path) -> None:
    """Make the file look written by a careerdash that did not record its schema."""
    con = duckdb.connect(str(db))
    try:
        con.execute("DELETE FROM build_info WHERE key = ?", [SCHEMA_KEY])
    finally:
        con.close()


def steps(db: Path) -> list:
    return [
        lambda: import_rome(ROME, db),
        lambda: import_onet(ONET, db),
        lambda: import_oews(OEWS / "national_M2024_dl.csv", db),
        lambda: import_dares(DARES, db),
        lambda: import_diplomas(DIPLOMAS, db),
        lambda: import_rome(ROME, db),  # careers replaced under reference tables
        lambda: import_onet(ONET, db),  # OEWS wages kept for the careers still there
        lambda: import_diplomas(DIPLOMAS, db),  # indexed reference tables replaced whole
        lambda: build(DASHBOARD, db),  # the fiches rebuilt, every import kept
    ]


def run(db: Path, *, fresh: bool, monkeypatch) -> tuple[list[dict], int]:
    """Every import in turn; `fresh` forces the rebuild path. Returns the snapshot after
    each step and how many writes rebuilt the file (copied the other sources across)."""
    rebuilt = 0
    copy_kept = store._copy_kept

    def counting(*args, **kwargs):
        nonlocal rebuilt
        rebuilt += 1
        return copy_kept(*args, **kwargs)

    monkeypatch.setattr(store, "_copy_kept", counting)
    build(DASHBOARD, db)
    shots = []
    for step in steps(db):
        if fresh:
            forget_schema(db)
        step()
        shots.append(snapshot(db))
    return shots, rebuilt


def test_patching_a_copy_gives_the_same_database_as_rebuilding(tmp_path, monkeypatch):
    patched, rebuilt_patched = run(tmp_path / "a.duckdb", fresh=False, monkeypatch=monkeypatch)
    rebuilt, rebuilt_fresh = run(tmp_path / "b.duckdb", fresh=True, monkeypatch=monkeypatch)
    assert rebuilt_patched == 0  # every write after the first build patched a copy
    assert rebuilt_fresh == len(steps(tmp_path / "x"))  # every one rebuilt the file
    for n, (a, b) in enumerate(zip(patched, rebuilt, strict=True)):
        different = sorted(t for t in a if a[t] != b[t])
        assert not different, f"step {n}: {different}"
    # and the imports did write something: careers of every kind, reference rows
    last = patched[-1]
    assert last["careers"][0] > 0 and last["dares_families"][0] > 0
    assert last["diploma_refs"][0] > 0


def test_reference_tables_replaced_whole_keep_their_indexes_and_keys(tmp_path):
    db = tmp_path / "d.duckdb"
    build(DASHBOARD, db)
    import_diplomas(DIPLOMAS, db)
    import_dares(DARES, db)

    def described(db: Path) -> tuple[list, list]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return (
                con.execute("SELECT table_name, sql FROM duckdb_tables() ORDER BY 1").fetchall(),
                con.execute("SELECT index_name, sql FROM duckdb_indexes() ORDER BY 1").fetchall(),
            )
        finally:
            con.close()

    before = described(db)
    import_diplomas(DIPLOMAS, db)  # the diploma tables are dropped and made again
    import_dares(DARES, db)
    assert described(db) == before
    assert {name for name, _ in before[1]} >= {"diploma_aliases_alias", "diploma_refs_cfd"}
    con = duckdb.connect(str(db))
    try:  # the primary key is back in force
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO diploma_refs (diploma_id) SELECT diploma_id FROM diploma_refs")
    finally:
        con.close()


def test_a_database_of_an_older_schema_comes_out_with_the_current_one(tmp_path):
    db = tmp_path / "c.duckdb"
    build(DASHBOARD, db)
    import_rome(ROME, db)
    con = duckdb.connect(str(db))
    try:  # an older careerdash: no data_year on salary bands, no schema recorded
        con.execute("ALTER TABLE salary_bands DROP COLUMN data_year")
        con.execute("DELETE FROM build_info WHERE key = ?", [SCHEMA_KEY])
    finally:
        con.close()
    import_dares(DARES, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        years = con.execute(
            "SELECT DISTINCT data_year FROM salary_bands WHERE level = 'family_median'"
        ).fetchall()
        recorded = con.execute(
            "SELECT value FROM build_info WHERE key = ?", [SCHEMA_KEY]
        ).fetchone()
    finally:
        con.close()
    assert years == [("2017-2019",)]
    assert recorded == (store.schema_version(),)


def test_a_file_damaged_after_its_check_is_checked_again(tmp_path):
    db = tmp_path / "c.duckdb"
    build(DASHBOARD, db)
    store.check_writable(db)  # checked once: the second check of this file is skipped
    store.check_database_once(db)
    size = db.stat().st_size
    with db.open("r+b") as f:
        f.truncate(size // 2)
    with pytest.raises(DatabaseError):
        store.check_database_once(db)
    with pytest.raises(DatabaseError):
        import_dares(DARES, db)


def test_a_file_replaced_by_another_is_checked_again(tmp_path):
    db = tmp_path / "c.duckdb"
    build(DASHBOARD, db)
    store.check_database_once(db)
    other = tmp_path / "other.duckdb"
    other.write_bytes(b"not a database" * 1000)
    os.replace(other, db)
    with pytest.raises(DatabaseError):
        store.check_database_once(db)


def test_search_text_lists_a_careers_parts_in_a_fixed_order(tmp_path):
    """Title, appellations (alphabetical), missions (by group, then position), diplomas (by
    position), folded: two writes of the same rows give the same text."""
    db = tmp_path / "s.duckdb"
    build(DASHBOARD, db)
    import_rome(ROME, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        texts = dict(con.execute("SELECT career_id, search_text FROM career_search").fetchall())
        checked = 0
        for cid, title in con.execute("SELECT career_id, title FROM careers").fetchall():
            alt = sorted(
                a
                for (a,) in con.execute(
                    "SELECT alt_title FROM alt_titles WHERE career_id = ?", [cid]
                ).fetchall()
            )
            tasks = con.execute(
                "SELECT task FROM missions WHERE career_id = ? ORDER BY group_index, position",
                [cid],
            ).fetchall()
            names = con.execute(
                "SELECT name FROM diplomas WHERE career_id = ? ORDER BY position", [cid]
            ).fetchall()
            parts = [title, *alt, *(t for (t,) in tasks), *(n for (n,) in names)]
            # folded by the same SQL expression, part by part: only the order is under test
            expected = con.execute(
                "SELECT replace(replace(strip_accents(lower(?)), 'œ', 'oe'), 'æ', 'ae')",
                ["\n".join(parts)],
            ).fetchone()[0]
            assert texts[cid] == expected, cid
            checked += len(parts) > 2
        assert checked > 0  # careers with several parts were compared
    finally:
        con.close()
    # written again from the same rows: the same text
    before = texts
    import_dares(DARES, db)
    import_rome(ROME, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        after = dict(con.execute("SELECT career_id, search_text FROM career_search").fetchall())
    finally:
        con.close()
    assert after == before
