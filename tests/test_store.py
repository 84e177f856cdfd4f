"""The database holds what the fiches say, and a failed build leaves the old file untouched."""

import hashlib
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from careerdash.cli import main
from careerdash.store import BuildError, build, connect_read_only, is_stale

FIXTURES = Path(__file__).parent / "fixtures" / "fiches"

NEXT_STEP = """Coordinateur(trice) de projets européens
Famille : International
Coordonne des projets financés par l'Union européenne.
#SALAIRE ET ÉVOLUTION
DÉBUTANT (- de 3ans)
De 32 000 € à 36 000 € brut par an
"""


@pytest.fixture
def fiches(tmp_path, seed_path) -> Path:
    folder = tmp_path / "fiches"
    folder.mkdir()
    shutil.copy(seed_path, folder / "seed.txt")
    (folder / "next.txt").write_text(NEXT_STEP, encoding="utf-8")
    shutil.copy(FIXTURES / "salary_shapes.txt", folder / "shapes.txt")
    return folder


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_writes_one_row_per_fact(fiches, tmp_path):
    db = tmp_path / "c.duckdb"
    report = build(fiches, db)
    assert report.careers == 3
    con = duckdb.connect(str(db), read_only=True)
    count = lambda table, cid="charge-de-mission-relations-internationales": con.execute(  # noqa: E731
        f"SELECT count(*) FROM {table} WHERE career_id = ?", [cid]
    ).fetchone()[0]
    assert count("missions") == 100
    assert count("soft_skills") == 9
    assert count("hard_skills") == 6
    assert count("diplomas") == 3
    assert count("experience_paths") == 3
    assert count("tools") == 18
    assert count("constraints") == 9
    assert count("salary_bands") == 2
    assert count("faq") == 6
    assert count("profile_scores") == 5
    assert count("progressions") == 6  # 3 moves + 3 entry roles
    assert con.execute(
        "SELECT score FROM hard_skills WHERE name = 'Connaissance des affaires internationales'"
    ).fetchone() == (95,)
    assert con.execute(
        "SELECT level, level_years, is_reference FROM diplomas WHERE name = 'Bachelor'"
    ).fetchone() == ("Bac+3", 3, True)
    summary = con.execute(
        "SELECT debutant_min, debutant_max, confirme_mid, reference_level_years, flexibilite "
        "FROM career_summary WHERE career_id = 'charge-de-mission-relations-internationales'"
    ).fetchone()
    assert summary == (30000, 35000, 50000.0, 3, 60)
    assert report.facts == sum(
        con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in (
            "careers",
            "alt_titles",
            "profile_scores",
            "missions",
            "soft_skills",
            "hard_skills",
            "diplomas",
            "experience_paths",
            "tools",
            "constraints",
            "salary_bands",
            "progressions",
            "faq",
            "sources",
        )
    )


def test_open_and_single_bands_and_their_sources(fiches, tmp_path):
    db = tmp_path / "c.duckdb"
    build(fiches, db)
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute(
        "SELECT level, min_amount, max_amount, presumed_gross, source_url FROM salary_bands "
        "WHERE career_id = 'metier-aux-salaires-varies' ORDER BY min_amount"
    ).fetchall()
    assert rows == [
        ("debutant", 24000, 24000, True, "https://example.org/a"),
        ("confirme", 42000, None, False, "https://example.org/b"),
        ("senior", 70000, None, False, "https://example.org/b"),
    ]


def test_progression_between_two_fiches_resolves(fiches, tmp_path):
    db = tmp_path / "c.duckdb"
    build(fiches, db)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute(
        "SELECT title, to_career_id FROM progressions WHERE to_career_id IS NOT NULL"
    ).fetchall() == [
        ("Coordinateur(trice) de projets européens", "coordinateur-de-projets-europeens")
    ]


def test_failed_build_leaves_previous_database_byte_for_byte(fiches, tmp_path):
    db = tmp_path / "c.duckdb"
    build(fiches, db)
    before = digest(db)
    (fiches / "broken.txt").write_text("Cassé\n#HARDSKILLS\n120 | A\nx\n", encoding="utf-8")
    with pytest.raises(BuildError) as info:
        build(fiches, db)
    assert [(Path(p.path).name, p.line) for p in info.value.problems] == [("broken.txt", 3)]
    assert digest(db) == before
    # the lock file stays (removing it would race another writer); no temporary file does
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.duckdb", "c.duckdb.lock", "fiches"]


def test_duplicate_career_fails_the_build(fiches, tmp_path):
    db = tmp_path / "c.duckdb"
    build(fiches, db)
    before = digest(db)
    text = NEXT_STEP.replace("Coordinateur(trice)", "COORDINATEUR")
    (fiches / "zz-copy.txt").write_text(text, encoding="utf-8")
    with pytest.raises(BuildError) as info:
        build(fiches, db)
    assert "same career as" in str(info.value) and "next.txt" in str(info.value)
    assert digest(db) == before


def test_cli_build_prints_every_problem_and_exits_non_zero(fiches, tmp_path, capsys):
    db = tmp_path / "c.duckdb"
    assert main(["build", "--fiches", str(fiches), "--db", str(db)]) == 0
    assert "3 careers" in capsys.readouterr().out
    before = digest(db)
    (fiches / "a.txt").write_text("A\n#HARDSKILLS\n120 | A\nx\n", encoding="utf-8")
    (fiches / "b.txt").write_text("B\nProfil d'épanouissement\nCarrière 130%\n", encoding="utf-8")
    assert main(["build", "--fiches", str(fiches), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "a.txt:3:" in err and "b.txt:3:" in err and "left unchanged" in err
    assert digest(db) == before


def test_cli_validate(tmp_path, capsys):
    good = FIXTURES / "monthly.txt"
    bad = tmp_path / "bad.txt"
    bad.write_text("Bad\n#PARCOURS / DIPLÔMES\nMaster\nBAC +9\n", encoding="utf-8")
    assert main(["validate", str(good)]) == 0
    assert main(["validate", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:4: [diplomas] study level Bac+9 is outside CAP…Bac+8" in out


def test_read_only_connection_and_staleness(fiches, tmp_path):
    db = tmp_path / "c.duckdb"
    assert is_stale(db, fiches)
    build(fiches, db)
    assert not is_stale(db, fiches)
    con = connect_read_only(db)
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM careers")
    con.close()
    import os
    import time

    later = time.time() + 5
    os.utime(fiches / "next.txt", (later, later))
    assert is_stale(db, fiches)


def test_rows_become_typed_columns_and_odd_rows_fall_back_to_pandas():
    import datetime as dt

    import pyarrow as pa

    from careerdash.store import _frame

    rows = [
        {"a": "x", "n": 1, "d": dt.date(2024, 1, 2), "k": ["p", "q"], "z": None},
        {"a": "é", "n": None, "d": None, "k": [], "z": None},
    ]
    table = _frame(rows)
    assert isinstance(table, pa.Table)
    assert table.column_names == ["a", "n", "d", "k", "z"]
    assert table.to_pylist() == rows
    assert str(table.schema.field("k").type) == "list<item: string>"
    assert _frame([{"a": 1}, {"a": None}]).to_pylist() == [{"a": 1}, {"a": None}]
    # mixed kinds in a column, or a row with other keys than the first's: pandas keeps them
    mixed = _frame([{"a": 1}, {"a": "x"}])
    assert isinstance(mixed, pd.DataFrame) and mixed["a"].tolist() == [1, "x"]
    other = _frame([{"a": 1, "b": 2}, {"a": 3, "c": 4}])
    assert isinstance(other, pd.DataFrame)
    assert sorted(other.columns) == ["a", "b", "c"]
