"""`careerdash import dares`: Dares family medians, distribution and tension for ROME codes.

The fixture folder holds rows copied from the real Dares and ROME files (same encodings:
Windows-1252 for the Dares CSVs, UTF-8 for tensions and ROME), with B0Z20's median left out
so that F1704 falls back to its FAP-87 group, and one malformed median row.
"""

from __future__ import annotations

import duckdb
import pytest

from careerdash.cli import main
from careerdash.importers.dares import (
    RULE_CADRE,
    RULE_FAP87,
    RULE_NON_CADRE,
    RULE_RANGE,
    RULE_SINGLE,
    Family,
    choose_families,
    import_dares,
    read_dares,
)
from careerdash.store import build

from .conftest import real
from .helpers import FIXTURES, ROME, TESTS, sha256

DARES = FIXTURES / "dares"
DASHBOARD = TESTS / "fixtures" / "dashboard"


def query(db, sql, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def links(data):
    """ROME code → (rule, chosen families, other families)."""
    out: dict[str, tuple[str, list[str], list[str]]] = {}
    for r in data.links:
        rule, chosen, other = out.get(r["rome_code"], (r["rule"], [], []))
        (chosen if r["chosen"] else other).append(r["fap_code"])
        out[r["rome_code"]] = (rule, chosen, other)
    return out


# -- the rule -----------------------------------------------------------------------------


def fam(code: str, median: int) -> Family:
    return Family(code, None, {"2017-2019": median})


@pytest.mark.parametrize(
    ("flag", "expected", "rule"),
    [
        ("O", ["M2Z90"], RULE_CADRE),
        ("N", ["M0Z60", "M1Z80"], RULE_RANGE),  # two non-cadre families: no silent pick
        ("", ["M0Z60", "M1Z80", "M2Z90"], RULE_RANGE),
    ],
)
def test_the_cadre_flag_picks_a_family_only_when_it_settles_it(flag, expected, rule):
    families = [fam("M0Z60", 1594), fam("M1Z80", 1950), fam("M2Z90", 3100)]
    chosen, why = choose_families(families, flag)
    assert [f.code for f in chosen] == expected and why == rule


def test_a_single_family_and_a_flag_that_matches_no_family():
    assert choose_families([fam("A0Z43", 1625)], "O") == ([fam("A0Z43", 1625)], RULE_SINGLE)
    two = [fam("A0Z43", 1625), fam("A2Z70", 1958)]  # no cadre family for a cadre job
    assert choose_families(two, "O") == (two, RULE_RANGE)
    assert choose_families([fam("A2Z70", 1958), fam("A2Z90", 2500)], "N")[1] == RULE_NON_CADRE


# -- reading the files --------------------------------------------------------------------


def test_read_dares_joins_rome_codes_to_families():
    data, report = read_dares(DARES)
    assert links(data) == {
        "A1101": (RULE_SINGLE, ["A0Z43"], []),
        "A1201": (RULE_SINGLE, ["A0Z42"], []),
        "A1301": (RULE_RANGE, ["A2Z70", "A2Z90"], []),  # emploi_cadre blank
        "F1704": (RULE_FAP87, ["B0Z"], []),  # B0Z20 has no median here
        "M1805": (RULE_CADRE, ["M2Z90"], ["M0Z60", "M1Z80"]),  # emploi_cadre = O
    }
    assert report.careers == 5
    m2z90 = data.families["M2Z90"]
    assert m2z90.medians == {"2017-2019": 3100, "2003-2005": 2590} and m2z90.cadre
    assert m2z90.label.startswith("Ingénieurs et cadres d'étude, recherche et développement")
    assert data.families["B0Z"].label.startswith("Ouvriers non qualifiés du gros œuvre")
    # Windows-1252 files are read as such, and said so
    assert any("fap225_rome.csv is not UTF-8" in n and "cp1252" in n for n in report.notes)
    assert [str(p).rsplit("/", 1)[-1] for p in report.problems] == [
        "salaire_median_3niv.csv:22: not a salary: 'abc'"
    ]
    # ZZZ (NA), the domain A and Ensemble are not families
    assert report.skipped["median of a domain or of all families (not a FAP-225/87 family)"] == 3
    assert report.skipped["regional or departmental tension (only national kept)"] == 1
    assert report.skipped["distribution band not published (NA)"] == 1


def test_distribution_and_tension_rows():
    data, _ = read_dares(DARES)
    bands = [r for r in data.distribution if r["fap_code"] == "M2Z90"]
    assert [(r["lower_eur"], r["upper_eur"]) for r in bands] == [
        (None, 1250),
        (1250, 1500),
        (1500, 2000),
        (2000, 3000),
        (3000, None),
    ]
    assert bands[3]["band"] == "De 2000 € à moins de 3000 €"
    assert round(sum(r["share_pct"] for r in bands), 6) == 100
    # As published, 55.6 % sit in "2000–3000" and 39.2 % at "3000 or more": the median,
    # 3,100 €, would then be below 3,000 €. Read with the two top bands exchanged, as the
    # medians of every family require, and said so.
    assert [round(r["share_pct"], 1) for r in bands[3:]] == [39.2, 55.6]
    assert any(
        "contradict the family median for 1 of 1 families" in n and "read exchanged" in n
        for n in read_dares(DARES)[1].notes
    )
    farm = sorted(
        (r for r in data.distribution if r["fap_code"] == "A0Z43"), key=lambda r: r["position"]
    )
    # its "2000–3000" figure is published as NA: 24.6 % is the 2000–3000 band, the top one
    # stays unpublished
    assert [(r["position"], round(r["share_pct"], 1)) for r in farm][-1] == (3, 24.6)
    tension = next(r for r in data.tension if r["fap_code"] == "M2Z90")
    assert tension["year"] == 2019 and tension["employment"] == 332900
    assert [
        tension[k]
        for k in (
            "tension_category",
            "hiring_intensity",
            "training_link",
            "labour_shortage",
            "non_durability",
            "working_conditions",
            "geographic_mismatch",
        )
    ] == [5, 5, 5, 5, 1, 1, 2]


# -- importing ----------------------------------------------------------------------------


@pytest.fixture
def db(tmp_path, capsys):
    """Fiches of the dashboard fixture (Développeur carries M1805) and the ROME fixture."""
    path = tmp_path / "c.duckdb"
    build(DASHBOARD, path)
    assert main(["import", "rome", str(ROME), "--db", str(path)]) == 0
    capsys.readouterr()
    return path


def test_import_attaches_family_medians_to_rome_careers_and_fiches(db, capsys):
    assert main(["import", "dares", str(DARES), "--db", str(db)]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Dares FAP-2009, salaires 2017-2019, ROME v460 from")
    assert "reading Dares families" in err
    rows = query(
        db,
        "SELECT career_id, min_amount, max_amount, currency, period, basis, data_year, "
        "source_url FROM salary_bands WHERE level = 'family_median' ORDER BY 1, 2",
    )
    url = "https://github.com/StatDares/PortraitStatMetiers"
    assert rows == [
        ("developpeur-web", 3100, 3100, "EUR", "month", "net", "2017-2019", url),
        ("rome-a1101", 1625, 1625, "EUR", "month", "net", "2017-2019", url),
        ("rome-a1201", 1638, 1638, "EUR", "month", "net", "2017-2019", url),
        ("rome-f1704", 1560, 1560, "EUR", "month", "net", "2017-2019", url),
        ("rome-m1805", 3100, 3100, "EUR", "month", "net", "2017-2019", url),
    ]
    (note,) = query(
        db,
        "SELECT source_note FROM salary_bands WHERE career_id = 'rome-m1805' "
        "AND level = 'family_median'",
    )[0]
    assert "M2Z90 Ingénieurs et cadres d'étude" in note and "emploi cadre" in note
    # the fiche keeps its own bands beside the family median
    assert query(
        db,
        "SELECT level FROM salary_bands WHERE career_id = 'developpeur-web' ORDER BY level",
    ) == [("confirme",), ("debutant",), ("family_median",)]
    assert query(
        db,
        "SELECT family_median_net_month, family_median_net_month_max, family_median_families "
        "FROM career_summary WHERE career_id IN ('developpeur-web', 'cuisinier') ORDER BY 1",
    ) == [(3100, 3100, 1), (None, None, 0)]
    (note,) = query(
        db,
        "SELECT source_note FROM salary_bands WHERE career_id = 'rome-f1704' "
        "AND level = 'family_median'",
    )[0]
    assert "famille B0Z Ouvriers non qualifiés" in note and "FAP-87" in note
    assert query(
        db,
        "SELECT fap_code, tension_category, employment FROM labour_tension "
        "WHERE career_id = 'developpeur-web'",
    ) == [("M2Z90", 5, 332900)]
    assert query(
        db,
        "SELECT count(*), round(sum(share_pct)) FROM pay_distribution "
        "WHERE career_id = 'rome-m1805'",
    ) == [(5, 100)]
    info = dict(query(db, "SELECT key, value FROM build_info WHERE key LIKE 'import.dares.%'"))
    assert info["import.dares.careers"] == "5"
    assert "malformed row" in info["import.dares.skipped"]


def test_a_rebuild_or_a_rome_reimport_keeps_the_family_figures(db, capsys):
    assert main(["import", "dares", str(DARES), "--db", str(db)]) == 0
    medians = "SELECT career_id, min_amount FROM salary_bands WHERE level = 'family_median'"
    before = sorted(query(db, medians))
    build(DASHBOARD, db)
    assert sorted(query(db, medians)) == before
    assert main(["import", "rome", str(ROME), "--db", str(db)]) == 0
    assert sorted(query(db, medians)) == before
    assert main(["import", "dares", str(DARES), "--db", str(db)]) == 0  # no duplicates
    assert sorted(query(db, medians)) == before
    assert query(db, "SELECT count(*) FROM dares_families") == [(10,)]


def test_strict_refuses_a_malformed_row_and_leaves_the_database(db, capsys):
    digest = sha256(db)
    assert main(["import", "dares", str(DARES), "--db", str(db), "--strict"]) == 1
    err = capsys.readouterr().err
    assert "1 malformed row(s) (--strict)" in err and "salaire_median_3niv.csv:22" in err
    assert sha256(db) == digest


def test_the_rome_code_list_can_come_from_the_rome_set(tmp_path, db):
    folder = tmp_path / "dares"
    folder.mkdir()
    for sub in ("psm", "fap2021"):
        for f in (DARES / sub).iterdir():
            (folder / f.name).write_bytes(f.read_bytes())
    # no code list in the folder: the ROME set the database came from is used
    report = import_dares(folder, db)
    assert report.version.endswith("ROME v999")
    assert query(
        db,
        "SELECT min_amount FROM salary_bands WHERE career_id = 'rome-a1101' "
        "AND level = 'family_median'",
    ) == [(1625,)]


def test_missing_files_stop_the_import(tmp_path, db, capsys):
    digest = sha256(db)
    assert main(["import", "dares", str(tmp_path), "--db", str(db)]) == 1
    assert "no salaire_median_3niv.csv here" in capsys.readouterr().err
    assert sha256(db) == digest


# -- the real files -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_dares_db(tmp_path_factory):
    """Fiches + ROME v460 + Dares, built once for this module."""
    from careerdash.importers.load import import_rome

    dares = real("dares_fap_salaries")
    rome = real("rome_4_0_v460")
    path = tmp_path_factory.mktemp("dares") / "real.duckdb"
    build(TESTS.parent / "data" / "fiches", path)
    import_rome(rome, path)
    report = import_dares(dares, path)
    return path, report


def test_real_counts(real_dares_db):
    db, report = real_dares_db
    # README of the dataset: 1,579 codes reach a FAP-225 median, 4 only a FAP-87 one,
    # L1510 reaches none
    assert query(
        db,
        "SELECT count(*) FILTER (WHERE family_median_families > 0), "
        "count(*) FILTER (WHERE family_median_families > 1) "
        "FROM career_summary WHERE source_kind = 'rome'",
    ) == [(1583, 358)]
    assert dict(
        query(db, "SELECT rule, count(DISTINCT rome_code) FROM dares_rome_families GROUP BY 1")
    ) == {"single": 1062, "cadre": 111, "non_cadre": 48, "range": 358, "fap87": 4}
    assert report.skipped["ROME code in no family (parent L1510)"] == 1
    assert report.problems == []
    # salaires_3niv.csv's two top bands contradict 60 medians as labelled, none exchanged
    assert any(
        "contradict the family median for 60 of 297 families" in n and "agree for all 297" in n
        for n in report.notes
    )


def test_real_hand_checked_medians(real_dares_db):
    db, _ = real_dares_db
    medians = (
        "SELECT fap_code, median_net_month, chosen, rule FROM pay_families "
        "WHERE career_id = ? ORDER BY fap_code"
    )
    # A1101 → parent A1101 → A0Z43 only (salaire_median_3niv.csv: "A0Z43","2017-2019",1625)
    assert query(db, medians, ["rome-a1101"]) == [("A0Z43", 1625, True, "single")]
    # M1805 (emploi_cadre O) → M0Z60 1594, M1Z80 1950, M2Z90 3100: the cadre family
    assert query(db, medians, ["rome-m1805"]) == [
        ("M0Z60", 1594, False, "cadre"),
        ("M1Z80", 1950, False, "cadre"),
        ("M2Z90", 3100, True, "cadre"),
    ]
    # A1301 (emploi_cadre blank) → A2Z70 1958 and A2Z90 2500: shown as a range
    assert query(
        db,
        "SELECT family_median_net_month, family_median_net_month_max FROM career_summary "
        "WHERE career_id = 'rome-a1301'",
    ) == [(1958, 2500)]


def test_real_tension_of_a_family(real_dares_db):
    db, _ = real_dares_db
    # tensions.csv: M2Z90,332900,2.408620511689346,5.0,5.0,5.0,5.0,1.0,1.0,2.0,2019,nat
    assert query(
        db,
        "SELECT year, employment, round(tension, 4), tension_category, hiring_intensity, "
        "training_link, labour_shortage, non_durability, working_conditions, "
        "geographic_mismatch FROM dares_family_tension WHERE fap_code = 'M2Z90'",
    ) == [(2019, 332900, 2.4086, 5, 5, 5, 5, 1, 1, 2)]


def test_real_filter_by_net_median_keeps_rome_careers(real_dares_db):
    from careerdash.queries import careers_by_net_median

    db, _ = real_dares_db
    con = duckdb.connect(str(db), read_only=True)
    try:
        kept = careers_by_net_median(con, 1800, ("fiche", "rome"))
        total = con.execute(
            "SELECT count(*) FILTER (WHERE family_median_net_month IS NULL) FROM career_summary "
            "WHERE source_kind = 'rome'"
        ).fetchone()[0]
    finally:
        con.close()
    rome = kept[kept["source_kind"] == "rome"]
    assert len(rome) > 500 and total == 1  # L1510 alone has no median to filter on
    assert (rome["family_median_net_month"] >= 1800).all()
    assert set(
        zip(kept["measure"], kept["basis"], kept["period"], kept["data_year"], strict=True)
    ) == {("family_median", "net", "month", "2017-2019")}
    developer = kept[kept["career_id"] == "rome-m1805"].iloc[0]
    assert list(developer["fap_codes"]) == ["M2Z90"] and not developer["is_range"]
