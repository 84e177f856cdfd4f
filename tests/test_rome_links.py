"""One skill vocabulary: the fiches' ROME codes and the reviewed links of their skills."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pytest

from careerdash.cli import main
from careerdash.store import BuildError, build, fiche_files, read_fiches

ROOT = Path(__file__).resolve().parent.parent
FICHES = ROOT / "data" / "fiches"
LINKS = ROOT / "data" / "rome_links"
ROME_FIXTURE = ROOT / "tests" / "fixtures" / "rome"
REAL_ROME = ROOT.parent / "shared" / "realdata" / "rome_4_0_v460"


def rows(name: str) -> list[dict[str, str]]:
    with (LINKS / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def query(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def bundled():
    careers, problems = read_fiches(fiche_files(FICHES))
    assert problems == []
    return careers


def test_every_fiche_has_a_rome_code_or_says_none_fits(bundled):
    record = {r["fiche"]: r for r in rows("fiche_rome_codes.csv")}
    assert set(record) == {Path(c.source_path).stem for c in bundled}
    for career in bundled:
        r = record[Path(career.source_path).stem]
        if r["rome_code"] == "none":
            assert career.rome_code is None and r["note"], career.title
        else:
            assert career.rome_code == r["rome_code"] and r["rome_appellation"], career.title
    assert sum(r["rome_code"] == "none" for r in record.values()) == 2


def test_every_hard_skill_is_reviewed_once(bundled):
    reviewed = [(r["fiche"], r["name"]) for r in rows("hard_skills.csv")]
    assert len(reviewed) == len(set(reviewed))
    skills = {(Path(c.source_path).stem, s.name) for c in bundled for s in c.hard_skills}
    assert set(reviewed) == skills
    for r in rows("hard_skills.csv"):
        if r["rome_code"] != "none":
            assert r["rome_code"].isdigit() and r["rome_label"] and r["rome_group"]
            assert r["rome_kind"] in ("savoir-faire", "savoir")


def test_every_constraint_is_reviewed_and_shared_ones_meet(bundled, tmp_path):
    reviewed = {(r["fiche"], r["name"]): r for r in rows("constraints.csv")}
    constraints = {(Path(c.source_path).stem, x.name) for c in bundled for x in c.constraints}
    assert set(reviewed) == constraints
    db = tmp_path / "c.duckdb"
    build(FICHES, db)
    from careerdash.queries import shared_constraints

    con = duckdb.connect(str(db), read_only=True)
    try:
        got = shared_constraints(con, ("infirmier", "cuisinier", "educateur-specialise"))
    finally:
        con.close()
    top = got.iloc[0]
    assert (top["rome_code"], top["careers"]) == ("300805", 3)
    assert top["label"] == "Travail en horaires décalés"
    assert list(top["names"]) == ["Horaires décalés"]


def test_build_copies_the_codes_onto_the_skills(tmp_path):
    db = tmp_path / "c.duckdb"
    build(FICHES, db)
    linked = {(r["fiche"], r["name"]): r for r in rows("hard_skills.csv")}
    got = query(
        db,
        "SELECT c.source_path, h.name, h.rome_code, h.rome_label, h.rome_group "
        "FROM hard_skills h JOIN careers c USING (career_id)",
    )
    assert len(got) == len(linked)
    for path, name, code, label, group in got:
        r = linked[(Path(path).stem, name)]
        expected = None if r["rome_code"] == "none" else r["rome_code"]
        assert (code, label or "", group or "") == (expected, r["rome_label"], r["rome_group"])
    # the example: two wordings of SQL are one ROME skill, on three fiches
    assert query(
        db,
        "SELECT count(DISTINCT career_id), list(DISTINCT name ORDER BY name) FROM hard_skills "
        "WHERE rome_code = '404167'",
    ) == [(3, ["Bases de données et SQL", "Requêtes SQL"])]


def test_a_link_to_a_skill_the_fiche_lacks_stops_the_build(tmp_path):
    fiches = tmp_path / "fiches"
    shutil.copytree(FICHES, fiches)
    links = tmp_path / "rome_links"
    shutil.copytree(LINKS, links)
    with (links / "hard_skills.csv").open("a", encoding="utf-8") as f:
        f.write("comptable,Jonglage,none,,,,\n")
    with pytest.raises(BuildError) as exc:
        build(fiches, tmp_path / "c.duckdb")
    assert "comptable has no hard_skill 'Jonglage'" in str(exc.value)
    assert not (tmp_path / "c.duckdb").exists()


def test_rome_careers_keep_the_ogr_codes_of_their_skills(tmp_path):
    db = tmp_path / "c.duckdb"
    assert main(["import", "rome", str(ROME_FIXTURE), "--db", str(db)]) == 0
    got = query(
        db,
        "SELECT count(*), count(rome_code), count(*) FILTER (WHERE rome_label = name) "
        "FROM hard_skills WHERE career_id = 'rome-a1101'",
    )
    assert got == [(5, 5, 5)]
    assert query(
        db,
        "SELECT rome_code, rome_group FROM hard_skills WHERE career_id = 'rome-a1101' "
        "AND name = 'Conduire un véhicule agricole'",
    ) == [("120001", "Conduite de véhicules")]  # its enjeu in the competence tree
    assert query(
        db,
        "SELECT count(*) = count(rome_code) FROM constraints WHERE career_id = 'rome-a1101'",
    ) == [(True,)]


def test_validate_strict_checks_codes_against_rome(tmp_path, capsys):
    if not REAL_ROME.is_dir():
        pytest.skip(f"real ROME 4.0 files not found at {REAL_ROME} (shared/realdata)")
    assert main(["validate", "--strict", "--rome", str(REAL_ROME), str(FICHES)]) == 0
    # a wrong code in a fiche, and a wrong label in the links, are both reported
    fiches = tmp_path / "fiches"
    shutil.copytree(FICHES, fiches)
    shutil.copytree(LINKS, tmp_path / "rome_links")
    comptable = fiches / "comptable.txt"
    comptable.write_text(
        comptable.read_text(encoding="utf-8").replace("Code ROME : M1203", "Code ROME : M1204"),
        encoding="utf-8",
    )
    skills = tmp_path / "rome_links" / "hard_skills.csv"
    skills.write_text(
        skills.read_text(encoding="utf-8").replace(
            "Programmation en Python", "Programmation Python"
        ),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["validate", "--strict", "--rome", str(REAL_ROME), str(fiches)]) == 1
    out = capsys.readouterr().out
    assert "comptable.txt:1: Code ROME M1204 but" in out
    assert "ROME calls 113798 'Programmation en Python'" in out
