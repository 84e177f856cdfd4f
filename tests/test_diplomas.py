"""`careerdash import diplomas` on small fixtures whose every row was written by hand: the
mapping rules, the merge of sources, outcomes summed as counts, malformed rows located,
atomic writes, and the CLI (`import diplomas`, `diploma --json`, `validate`)."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile

import duckdb
import pandas as pd
import pytest

from careerdash import queries
from careerdash.cli import main
from careerdash.importers.common import DatasetError
from careerdash.importers.diplomas import (
    RECORD_COLUMNS,
    abbreviation,
    alias_index,
    alias_rows,
    derive,
    import_diplomas,
    resolve_name,
)
from careerdash.store import build
from conftest import FIXTURES

F = FIXTURES / "diplomas"
SOURCES = [F / "bcn", F / "certifinfo", F / "rncp", F / "inserjeunes", F / "rome"]


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    path = tmp_path_factory.mktemp("diplomas") / "careerdash.duckdb"
    build(F / "fiches", path)
    report = import_diplomas(SOURCES, path)
    return path, report


@pytest.fixture
def con(imported):
    connection = duckdb.connect(str(imported[0]), read_only=True)
    yield connection.cursor()
    connection.close()


def ref(con, diploma_id: str) -> dict:
    return queries.diplomas_by_id(con, [diploma_id]).iloc[0].to_dict()


# -- one row per diploma ---------------------------------------------------------------------


def test_a_cfd_diploma_takes_its_codes_and_title_from_every_source(con):
    bts = ref(con, "cfd-32031408")
    assert (bts["cfd"], bts["rncp"], bts["onisep_id"]) == ("32031408", "39159", "FOR.1054")
    assert bts["title"] == "BTS comptabilité et gestion"  # Certif Info's, with its accents
    assert (bts["kind"], bts["level_years"], bts["eu_level"]) == ("BTS", 2, 5)
    assert bts["status"] == "ouvert"
    assert bts["predecessor_id"] == "cfd-32031406"  # nFormationDiplome_ ANCIEN_DIPLOME_1
    assert bts["domain_code"] == "314"
    assert set(bts["sources"].split(", ")) == {"bcn", "certifinfo", "rncp"}


def _rec(source: str, **values) -> dict:
    return dict.fromkeys(RECORD_COLUMNS) | values | {"source": source}


def test_each_field_comes_from_the_first_source_of_its_order_that_fills_it():
    # `_ref` works out per set of sources which sources can give a field (cached): the
    # same rules must hold whatever sources a diploma has, and blanks never win
    records = [
        _rec("bcn", cfd="AAAA0001", title="Bcn title", kind="BTS", eu_level=5, status="fermé"),
        _rec("certifinfo", cfd="AAAA0001", rncp="101", title="Ci", kind="", certifinfo_id="9"),
        _rec("certifinfo", cfd="AAAA0001", rncp="101", title="Ci", onisep_id="7"),
        _rec("rncp", rncp="101", title="Rncp title", eu_level=6, status="ouvert"),
        # several Certif Info titles: the CFD stands for many certifications, the BCN's
        # (then the RNCP's) title names it
        _rec("bcn", cfd="BBBB0002", title="Own title", kind="CAP"),
        _rec("certifinfo", cfd="BBBB0002", title="One certification"),
        _rec("certifinfo", cfd="BBBB0002", title="Another certification"),
        _rec("rncp_2021", rncp="303", title="Old list title", successor="rncp:404"),
    ]
    refs = {r["diploma_id"]: r for r in derive(records, [], [], [], {}).refs}
    a = refs["cfd-AAAA0001"]
    assert (a["title"], a["kind"], a["eu_level"], a["level_years"]) == ("BTS ci", "BTS", 5, 2)
    assert (a["rncp"], a["certifinfo_id"], a["onisep_id"]) == ("101", "9", "7")
    assert a["status"] == "fermé"
    assert a["sources"] == "bcn, certifinfo, rncp"
    b = refs["cfd-BBBB0002"]
    assert (b["title"], b["kind"], b["sources"]) == ("CAP own title", "CAP", "bcn, certifinfo")
    c = refs["rncp-303"]
    assert (c["title"], c["kind"], c["cfd"]) == ("Old list title", None, None)
    assert c["sources"] == "rncp_2021"


def test_a_closed_diploma_names_its_successor(con):
    old = ref(con, "cfd-32031406")
    assert old["status"] == "fermé"  # DATE_FERMETURE 31/08/2016
    assert old["successor_id"] == "cfd-32031408"  # NOUVEAU_DIPLOME_1
    # the BCN writes no accents: none is guessed; the kind comes from the level code 320
    assert old["title"] == "BTS comptabilite et gestion des organisations"


def test_an_rncp_number_joins_the_cfd_that_names_it(con):
    # RNCP 35752 appears only in the BCN comment "rncp 35752" of CFD 26X31218
    assert ref(con, "cfd-26X31218")["rncp"] == "35752"
    ids = set(con.execute("SELECT diploma_id FROM diploma_refs").df()["diploma_id"])
    assert "rncp-35752" not in ids
    links = queries.diploma_careers(con, ["cfd-26X31218"])
    assert list(links["rome_code"]) == ["E1101"]


def test_an_rncp_certification_without_cfd_is_a_diploma_of_its_own(con):
    title = ref(con, "rncp-12345")
    # the 2021 RNCP list quotes a title over two lines; its kind prefixes it
    assert title["title"] == "Titre pro assistant commercial"
    assert (title["kind"], title["level_years"], title["status"]) == (
        "Titre professionnel",
        2,
        "fermé",
    )
    assert title["successor_id"] == "rncp-12346"
    assert ref(con, "rncp-12346")["predecessor_id"] == "rncp-12345"


def test_what_was_skipped_is_counted_with_its_reason(imported):
    report = imported[1]
    assert report.skipped["RNCP export: Répertoire spécifique fiche (RS), not a diploma"] == 1
    assert any("neither CFD nor RNCP" in reason for reason in report.skipped)
    assert any("not found among the diplomas" in reason for reason in report.skipped)
    located = {str(p) for p in report.problems}
    bcn = str(F / "bcn" / "vFormationDiplome_.csv")
    ij = str(F / "inserjeunes" / "ij_region_data.csv")
    assert f"{bcn}:8: not a CFD code: 'BADCODE'" in located
    assert f"{bcn}:9: no title for CFD 32099999" in located
    assert f"{bcn}:10: too few fields: 2 instead of 8" in located
    assert f"{F / 'certifinfo' / 'certif_info.csv'}:6: not a ROME code: 'X99'" in located
    assert f"{ij}:8: not a count in nb_annee_term: '12a'" in located
    assert f"{ij}:9: unknown route (voie) 'autre'" in located
    assert f"{ij}:7: MEFSTAT11 32221099999 has no CFD in the BCN's nMef.csv" in located


# -- links to jobs ----------------------------------------------------------------------------


def test_links_carry_their_source(con):
    links = con.execute(
        "SELECT source, rome_code, career_id FROM diploma_careers WHERE diploma_id = ? "
        "ORDER BY source, rome_code",
        ["cfd-32031408"],
    ).fetchall()
    assert links == [
        ("certifinfo", "M1203", None),
        ("fiche", None, "comptable"),  # "BTS Comptabilité et gestion (CG)" in comptable.txt
        ("rncp", "M1203", None),
        ("rome_savoir", "M1213", None),  # ROME savoir "BTS comptabilité et gestion"
    ]
    reached = queries.diploma_careers(con, ["cfd-32031408"])
    # M1203 and M1213 have no career in this database: listed by code, the fiche by name
    assert reached["career_id"].iloc[0] == "comptable"
    assert reached["rome_code"].isna().iloc[0]
    assert set(reached["rome_code"].dropna()) == {"M1203", "M1213"}


def test_a_rome_savoir_nobody_answers_to_is_kept_unresolved(con):
    rows = con.execute(
        "SELECT label FROM diploma_careers WHERE source = 'rome_savoir' AND diploma_id IS NULL"
    ).fetchall()
    assert rows == [("Brevet inconnu de test",)]


# -- names, abbreviations, search ------------------------------------------------------------


def test_abbreviations_are_the_initials_of_significant_words():
    assert abbreviation(["comptabilite", "et", "gestion"]) == "cg"
    assert abbreviation(["metiers", "du", "multimedia", "et", "de", "l", "internet"]) == "mmi"
    assert abbreviation(["accompagnant", "educatif", "petite", "enfance"]) == "aepe"
    assert (
        abbreviation(["services", "informatiques", "aux", "organisations", "option", "a"]) == "sio"
    )
    assert abbreviation(["cuisine"]) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BTS CG", "cfd-32031408"),
        ("bts comptabilite et gestion", "cfd-32031408"),
        ("BTS Comptabilité et gestion", "cfd-32031408"),
        ("but mmi", "cfd-25132606"),
        ("CAP AEPE", "cfd-50033205"),
        ("32031408", "cfd-32031408"),
        ("RNCP39159", "cfd-32031408"),
        ("comptabilité", "cfd-32031408"),  # open before closed
    ],
)
def test_search_by_name_abbreviation_or_code(con, text, expected):
    found = queries.diploma_search(con, text, open_only=False)
    assert found["diploma_id"].iloc[0] == expected


def test_search_browses_by_level_and_domain(con):
    found = queries.diploma_search(con, "", level_years=2, domain_code="314")
    assert list(found["diploma_id"]) == ["cfd-32031408", "cfd-32031406"]
    assert list(queries.diploma_search(con, "", 2, "314", open_only=True)["diploma_id"]) == [
        "cfd-32031408"
    ]


def test_find_diploma_takes_codes_then_names(con):
    assert queries.find_diploma(con, "rncp12345") == "rncp-12345"
    assert queries.find_diploma(con, "26X31218") == "cfd-26X31218"
    assert queries.find_diploma(con, "cap aepe") == "cfd-50033205"
    assert queries.find_diploma(con, "zzz nothing") is None


def test_free_text_names_resolve_part_by_part(con):
    cursor = con.execute("SELECT * FROM diploma_refs")
    names = [d[0] for d in cursor.description]
    refs = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    index = alias_index(alias_rows(refs), refs)
    assert resolve_name("BTS Comptabilité et gestion (CG)", index) == ["cfd-32031408"]
    assert resolve_name("BTS CG ou CAP AEPE", index) == ["cfd-32031408", "cfd-50033205"]
    # a kind carried over to the next part; an option the reference does not name is dropped
    assert resolve_name("BTS management commercial opérationnel option X / CG", index) == [
        "cfd-32031213",
        "cfd-32031408",
    ]
    assert resolve_name("BTS", index) == []  # a kind, not a diploma
    assert resolve_name("Master", index) == []


# -- outcomes ---------------------------------------------------------------------------------


def test_national_rates_are_summed_counts_not_averaged_rates(con):
    national = queries.diploma_outcomes(con, ["cfd-32031408"])
    school = national[(national["year"] == "2022_2023") & (national["route"] == "scolaire")]
    row = school.iloc[0]
    # Île-de-France 300 + 5 (two MEFSTAT11 of one diploma) and Auvergne-Rhône-Alpes 10 in
    # work, of 400 + 10 + 40 leavers; Bretagne's suppressed counts stay out of both
    assert (row["in_work_6m"], row["in_work_6m_base"]) == (315, 450)
    assert row["in_work_6m_rate"] == pytest.approx(0.70)
    assert row["in_work_6m_rate"] != pytest.approx((305 / 410 + 10 / 40) / 2)
    assert (row["regions"], row["regions_with_leavers"]) == (3, 2)
    assert (row["further_study"], row["further_study_base"]) == (660, 1110)


def test_blanks_stay_blank(con):
    brittany = queries.diploma_outcomes(con, ["cfd-32031408"], "Bretagne")
    assert len(brittany) == 1
    assert brittany["in_work_6m"].isna().all() and brittany["in_work_6m_rate"].isna().all()
    stored = con.execute(
        "SELECT leavers, in_work_6m FROM diploma_outcomes WHERE region = 'Bretagne'"
    ).fetchall()
    assert stored == [(None, None)]
    later = queries.diploma_outcomes(con, ["cfd-32031408"])
    assert later["in_work_24m"].isna().all()  # blank in the file, not 0


def test_a_region_alone(con):
    idf = queries.diploma_outcomes(con, ["cfd-32031408"], "Île-de-France")
    school = idf[idf["route"] == "scolaire"].iloc[0]
    assert (school["in_work_6m"], school["in_work_6m_base"]) == (305, 410)


# -- writes -----------------------------------------------------------------------------------


def test_strict_refuses_malformed_rows_and_leaves_the_database(tmp_path):
    db = tmp_path / "db.duckdb"
    build(F / "fiches", db)
    before = sha256(db)
    with pytest.raises(DatasetError, match="malformed row"):
        import_diplomas(SOURCES, db, strict=True)
    assert sha256(db) == before


@pytest.mark.parametrize(
    ("folder", "name", "keep"),
    [
        ("rncp", "rncp_info.v1.4.csv", 200),  # stops inside a quoted title
        ("inserjeunes", "ij_region_data.csv", 500),  # stops in the middle of a row
    ],
)
def test_a_truncated_file_leaves_the_database_byte_identical(tmp_path, folder, name, keep):
    db = tmp_path / "db.duckdb"
    build(F / "fiches", db)
    import_diplomas([F / "bcn", F / "certifinfo"], db)
    before = sha256(db)
    damaged = shutil.copytree(F / folder, tmp_path / folder)
    data = (damaged / name).read_bytes()
    (damaged / name).write_bytes(data[:keep])
    with pytest.raises(DatasetError, match="truncated"):
        import_diplomas([damaged], db)
    assert sha256(db) == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_separate_calls_add_sources_and_keep_the_others(tmp_path):
    db = tmp_path / "db.duckdb"
    build(F / "fiches", db)
    import_diplomas([F / "bcn", F / "certifinfo"], db)
    # InserJeunes alone: its MEFSTAT11 resolve through the nMef.csv imported before
    report = import_diplomas([F / "inserjeunes"], db)
    assert "kept the diploma sources imported before: bcn, certifinfo" in report.notes
    con = duckdb.connect(str(db), read_only=True)
    try:
        national = queries.diploma_outcomes(con, ["cfd-32031408"])
        assert 315 in set(national["in_work_6m"])
        assert ref(con, "cfd-32031408")["onisep_id"] == "FOR.1054"
    finally:
        con.close()
    # importing Certif Info again replaces its rows only: outcomes and BCN titles stay
    import_diplomas([F / "certifinfo"], db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert ref(con, "cfd-32031406")["status"] == "fermé"
        assert 315 in set(queries.diploma_outcomes(con, ["cfd-32031408"])["in_work_6m"])
        sources = con.execute(
            "SELECT source, count(*) FROM diploma_records GROUP BY ALL ORDER BY 1"
        ).fetchall()
        assert [s for s, _ in sources] == ["bcn", "certifinfo"]
    finally:
        con.close()


def test_a_fiche_rebuild_keeps_the_diplomas_and_relinks_the_fiches(tmp_path):
    db = tmp_path / "db.duckdb"
    fiches = shutil.copytree(F / "fiches", tmp_path / "fiches")
    build(fiches, db)
    import_diplomas(SOURCES, db)
    text = (fiches / "comptable.txt").read_text(encoding="utf-8")
    (fiches / "comptable.txt").write_text(
        text.replace("BTS Comptabilité et gestion (CG)", "BTS CG ou CAP AEPE"), encoding="utf-8"
    )
    build(fiches, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM diploma_refs").fetchone()[0] == 9
        linked = con.execute(
            "SELECT diploma_id FROM diploma_careers WHERE source = 'fiche' "
            "AND diploma_id IS NOT NULL ORDER BY 1"
        ).fetchall()
        assert linked == [("cfd-32031408",), ("cfd-50033205",)]
        assert queries.career_diplomas(con, "comptable")["label"].unique().tolist() == [
            "BTS CG ou CAP AEPE"
        ]
    finally:
        con.close()


def test_a_folder_with_no_diploma_file_is_refused(tmp_path):
    (tmp_path / "notes.csv").write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="no diploma file recognised"):
        import_diplomas([tmp_path], tmp_path / "db.duckdb")
    assert not (tmp_path / "db.duckdb").exists()


def test_a_zip_is_read_like_its_folder(tmp_path):
    archive = tmp_path / "certifinfo.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(F / "certifinfo" / "certif_info.csv", "export/certif_info.csv")
    report = import_diplomas([archive], tmp_path / "db.duckdb")
    assert report.version == "certifinfo"
    con = duckdb.connect(str(tmp_path / "db.duckdb"), read_only=True)
    try:
        assert queries.find_diploma(con, "bts cg") == "cfd-32031408"
    finally:
        con.close()


# -- the command line ---------------------------------------------------------------------------


def test_cli_diploma_json_is_the_documented_contract(imported, capsys):
    assert main(["diploma", "BTS CG", "--json", "--db", str(imported[0])]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) >= {
        "diploma_id", "cfd", "rncp", "onisep_id", "title", "kind", "level", "level_years",
        "eu_level", "status", "successor_id", "predecessor_id", "sources", "careers", "outcomes",
    }  # fmt: skip
    assert (data["diploma_id"], data["cfd"], data["rncp"]) == ("cfd-32031408", "32031408", "39159")
    assert data["level"] == "Bac+2"
    fiche = next(c for c in data["careers"] if c["career_id"] == "comptable")
    assert fiche["link_sources"] == ["fiche"]
    rome = next(c for c in data["careers"] if c["rome_code"] == "M1203")
    assert rome["career_id"] is None and rome["link_sources"] == ["certifinfo", "rncp"]
    school = next(
        o for o in data["outcomes"] if o["year"] == "2022_2023" and o["route"] == "scolaire"
    )
    assert school["in_work_6m"] == {"count": 315, "leavers": 450, "rate": 0.7}
    assert school["in_work_24m"] == {"count": None, "leavers": None, "rate": None}


def test_cli_diploma_text_and_unknown(imported, capsys):
    assert main(["diploma", "32031408", "--db", str(imported[0])]) == 0
    out = capsys.readouterr().out
    assert "BTS comptabilité et gestion [cfd-32031408]" in out
    assert "in work at 6 months: 315 of 450 leavers (70%)" in out
    assert main(["diploma", "zzz nothing", "--db", str(imported[0])]) == 1


def test_cli_import_then_validate_lists_unresolved_fiche_diplomas(tmp_path, capsys):
    db = tmp_path / "db.duckdb"
    assert main(["import", "diplomas", *map(str, SOURCES), "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert "9 diplomas, 2 with outcomes" in captured.out
    assert "vFormationDiplome_.csv:8: not a CFD code" in captured.out
    assert main(["import", "diplomas", str(F / "bcn"), "--db", str(db), "--strict"]) == 1
    assert "left unchanged" in capsys.readouterr().err
    assert main(["validate", str(F / "fiches"), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "diploma 'BUT GEA' does not resolve" in out
    assert "Comptabilité et gestion (CG)" not in out


# -- the fiches' own diplomas -----------------------------------------------------------------


def test_the_bts_node_reaches_every_fiche_that_names_a_bts(bundled_db):
    import re

    from careerdash.diploma_view import listed_kinds

    con = duckdb.connect(str(bundled_db), read_only=True)
    try:
        names = queries.fiche_diploma_names(con)
    finally:
        con.close()
    naming_a_bts = {
        cid for cid, name in zip(names["career_id"], names["name"], strict=True)
        if re.search(r"\bBTS\b", name)
    }  # fmt: skip
    pairs = listed_kinds(names)
    assert set(pairs[pairs["kind"] == "BTS"]["career_id"]) == naming_a_bts
    # a career listed under several kinds counts once under each, never twice under one
    assert not pairs.duplicated(["kind", "career_id"]).any()
    master = set(pairs[pairs["kind"] == "Master"]["career_id"])
    assert naming_a_bts & master  # e.g. a fiche naming a BTS and a Master sits under both


# -- charts and tables --------------------------------------------------------------------------


def test_outcome_bars_show_counts_on_one_percent_axis_in_year_order(con):
    from careerdash import charts

    outcomes = queries.diploma_outcomes(con, ["cfd-32031213", "cfd-32031408"])
    labels = {"cfd-32031408": "BTS CG", "cfd-32031213": "BTS MCO"}
    fig = charts.diploma_outcome_bars(outcomes, labels, "in_work_6m")
    names = [t.name for t in fig.data]
    assert names[0].startswith("BTS CG")  # the order the user chose, not the ids' order
    assert fig.layout.xaxis.categoryorder == "category ascending"
    cg_school = next(t for t in fig.data if t.name == "BTS CG · Voie scolaire")
    assert list(cg_school.x) == ["2022-2023"]
    assert cg_school.text[0] == "70 %<br>315/450"  # the rate with its count and base
    assert fig.layout.yaxis.ticksuffix == " %"
    blank = outcomes[outcomes["diploma_id"] == "nobody"]
    assert "Aucun taux" in charts.diploma_outcome_bars(blank, {}).layout.annotations[0].text


def test_data_is_text_in_charts_and_headers():
    from careerdash import charts
    from careerdash.diploma_view import md_escape

    assert md_escape("BTS *gras* [lien](x)") == r"BTS \*gras\* \[lien\]\(x\)"
    overlap = pd.DataFrame(
        {"name": ["<b>x</b>"], "diploma": ["<i>d</i>"], "careers": [1], "total": [2],
         "share": [50.0]}
    )  # fmt: skip
    fig = charts.diploma_skill_overlap(overlap)
    assert fig.data[0].y[0] == "&lt;b&gt;x&lt;/b&gt;"
    assert fig.data[0].text[0][0] == "1/2"


def test_comparison_table_writes_every_rate_with_its_counts(con):
    from careerdash.diploma_view import comparison_table

    ids = ["cfd-32031408", "cfd-32031213"]
    table = comparison_table(
        queries.diplomas_by_id(con, ids),
        queries.diploma_careers(con, ids),
        queries.diploma_outcomes(con, ids),
    )
    assert list(table.columns) == [
        "",
        "BTS comptabilité et gestion",
        "BTS management commercial opérationnel",
    ]
    row = table.set_index("").loc["Voie scolaire : en emploi à 6 mois"]
    assert row["BTS comptabilité et gestion"] == "70\u00a0% · 315 sur 450 sortants (2022-2023)"
    assert row["BTS management commercial opérationnel"] == (
        "47\u00a0% · 140 sur 300 sortants (2021-2022)"
    )
    assert (
        table.set_index("").loc["Apprentissage : en emploi à 6 mois"][
            "BTS management commercial opérationnel"
        ]
        == "non renseigné"
    )
