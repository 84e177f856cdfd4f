"""The shared plumbing: decoding, row reading, truncation, Excel cells, scores, the report."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import pytest

from careerdash.importers.common import (
    DatasetError,
    DataSource,
    ImportReport,
    decode,
    excel_text,
    paused_gc,
    read_delimited,
    read_excel,
    scale_to_100,
)

from .helpers import write_xlsx


@pytest.mark.parametrize(
    ("value", "low", "high", "expected"),
    [
        ("1.00", 1, 5, 0),
        ("5.00", 1, 5, 100),
        ("3.50", 1, 5, 63),  # 62.5: half up, where round() gives 62
        ("2.26", 1, 5, 32),  # 31.5, computed as 31.4999… in binary floats
        ("4.12", 1, 5, 78),
        ("6.33", 1, 7, 89),
        ("4.00", 1, 7, 50),
        ("7.00", 1, 7, 100),
    ],
)
def test_scale_to_100(value, low, high, expected):
    assert scale_to_100(Decimal(value), low, high) == expected


def test_decode_utf8_with_or_without_bom():
    report = ImportReport("t", "t")
    assert decode("Œuvre".encode(), "f.csv", report) == ("Œuvre", "utf-8")
    assert decode("\ufeffŒuvre".encode(), "f.csv", report) == ("Œuvre", "utf-8")
    assert report.notes == []


def test_decode_falls_back_to_latin9_and_says_where():
    report = ImportReport("t", "t")
    data = "a\nMan\u0153uvre b\u00e2timent\n".encode("iso-8859-15")
    assert data[5] == 0xBD  # œ, which Latin-1 would read as ½
    assert decode(data, "naf.csv", report) == ("a\nManœuvre bâtiment\n", "iso-8859-15")
    assert report.notes == [
        "naf.csv is not UTF-8 (first non-UTF-8 byte on line 2); read as iso-8859-15"
    ]


def test_decode_recognises_windows_1252():
    report = ImportReport("t", "t")
    data = "Man\u0153uvre \u2013 \u00e9t\u00e9".encode("cp1252")  # œ and – in cp1252's 0x80–0x9F
    assert decode(data, "f.csv", report) == ("Manœuvre – été", "cp1252")


def test_rows_keep_their_line_numbers_across_quoted_line_breaks_and_blank_lines():
    report = ImportReport("t", "t")
    data = b'"a","b"\n"1","two\nlines"\n\n"3","x"\n,\n'
    table = read_delimited(data, "f.csv", report, delimiter=",", quoted=True)
    assert table.header == ["a", "b"]
    assert table.rows == [(2, ["1", "two\nlines"]), (5, ["3", "x"])]  # the "," line is empty


def test_tab_files_are_unquoted_and_may_use_crlf():
    report = ImportReport("t", "t")
    data = b'Code\tTitle\r\n11-1011.00\tChief "Executive" Officers\r\n'
    table = read_delimited(data, "f.txt", report, delimiter="\t", quoted=False)
    assert table.rows == [(2, ["11-1011.00", 'Chief "Executive" Officers'])]


def test_unquoted_rows_are_numbered_by_line_through_blank_lines_and_any_line_end():
    # an unquoted file is read without counting lines row by row: the numbers must be the
    # same as the quoted reader gives for the same lines
    data = b'a;b\r\n\r\n1;"x\n;\n2;y\r3;z\r\n\n;;\n4;w'
    report = ImportReport("t", "t")
    table = read_delimited(data, "f.csv", report, delimiter=";", quoted=False)
    assert table.header == ["a", "b"]
    assert table.rows == [(3, ["1", '"x']), (5, ["2", "y"]), (6, ["3", "z"]), (9, ["4", "w"])]
    assert report.problems == []
    with pytest.raises(DatasetError, match=r"f\.txt:3: the file ends in the middle of a row"):
        read_delimited(b"a\tb\n1\t2\n3", "f.txt", report, delimiter="\t", quoted=False)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'"a","b"\n"1","unfinished', r"f\.csv:2: .*truncated"),
        (b'"a","b"\n"1","2"\n"3"', r"f\.csv:3: the file ends in the middle of a row \(1 of 2"),
        (b"", r"f\.csv:1: the file is empty"),
    ],
)
def test_truncated_or_empty_files_are_refused(data, message):
    with pytest.raises(DatasetError, match=message):
        read_delimited(data, "f.csv", ImportReport("t", "t"), delimiter=",", quoted=True)


def test_a_whole_last_row_without_a_line_end_is_kept():
    report = ImportReport("t", "t")
    table = read_delimited(b"a\tb\n1\t2\n3\t4", "f.txt", report, delimiter="\t", quoted=False)
    assert table.rows == [(2, ["1", "2"]), (3, ["3", "4"])]
    table = read_delimited(b"a,b\n1,2\n,", "f.csv", report, delimiter=",", quoted=True)
    assert table.rows == [(2, ["1", "2"])]


def test_records_report_rows_of_the_wrong_width():
    report = ImportReport("t", "t")
    table = read_delimited(b"a,b\n1,2\n3\n4,5,6\n", "f.csv", report, delimiter=",", quoted=True)
    assert list(table.records(["b"], report)) == [(2, {"b": "2"})]
    assert [str(p) for p in report.problems] == [
        "f.csv:3: too few fields: 1 instead of 2",
        "f.csv:4: too many fields: 3 instead of 2",
    ]
    with pytest.raises(
        DatasetError, match=r"f\.csv:1: missing column\(s\) c; the header is: a \| b"
    ):
        table.index(["c"])


def test_records_call_progress_with_counts():
    report = ImportReport("t", "t")
    body = "".join(f"{i},x\n" for i in range(12000))
    table = read_delimited(f"n,v\n{body}".encode(), "big.csv", report, delimiter=",", quoted=True)
    calls = []
    assert len(list(table.records(["n"], report, lambda *a: calls.append(a)))) == 12000
    assert calls == [("big.csv", 5000, 12000), ("big.csv", 10000, 12000), ("big.csv", 12000, 12000)]


def test_excel_cells_read_like_the_text_form(tmp_path):
    assert [excel_text(v) for v in (5.0, 4.12, 43232202.0, "", None, True, "n")] == [
        "5",
        "4.12",
        "43232202",
        "",
        "",
        "Y",
        "n",
    ]
    path = write_xlsx(tmp_path / "t.xlsx", [["Code", "Value"], ["a", 1.5], [], ["b", 2.0]])
    table = read_excel(path.read_bytes(), "t.xlsx")
    assert table.header == ["Code", "Value"]
    assert table.rows == [(2, ["a", "1.5"]), (4, ["b", "2"])]  # Excel row numbers


def test_excel_columns_asked_for_read_alike_and_the_rest_stay_empty(tmp_path):
    rows = [
        [None, None, None],
        ["Code", "Title", "Value", None],
        ["a", "x", 1.5, "note"],
        ["  ", None, "", None],
        [None, None, None, 2.0],
        ["b", "y", 2.0],
        ["c", "z", True, None, None, "far"],
    ]
    path = write_xlsx(tmp_path / "t.xlsx", rows)
    whole = read_excel(path.read_bytes(), "t.xlsx")
    some = read_excel(path.read_bytes(), "t.xlsx", ["code", "VALUE"])
    assert whole.header == some.header == ["Code", "Title", "Value"]
    # the same rows, numbered and cut alike; only the columns asked for are filled
    assert [(n, len(c)) for n, c in whole.rows] == [(n, len(c)) for n, c in some.rows]
    assert [(n, c[0], c[2]) for n, c in whole.rows] == [(n, c[0], c[2]) for n, c in some.rows]
    assert [n for n, _ in whole.rows] == [3, 5, 6, 7]
    assert [c[1] for _, c in some.rows] == ["", "", "", ""]
    assert [c[1] for _, c in whole.rows] == ["x", "", "y", "z"]
    assert whole.rows[3][1][2] == some.rows[3][1][2] == "Y"


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(DatasetError, match="t.xlsx: cannot read it as an Excel workbook"):
        read_excel(b"PK\x03\x04 not really a zip", "t.xlsx")


def test_data_source_finds_files_by_name_least_nested_first(tmp_path):
    (tmp_path / "d" / "old").mkdir(parents=True)
    (tmp_path / "d" / "old" / "Skills.txt").write_text("old", encoding="utf-8")
    (tmp_path / "d" / "Skills.txt").write_text("new", encoding="utf-8")
    source = DataSource(tmp_path / "d")
    assert source.read_bytes(source.find("skills.TXT")) == b"new"
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as z:
        z.writestr("db/deep/Skills.txt", "deep")
        z.writestr("db/Skills.txt", "shallow")
        z.writestr("__MACOSX/db/._Skills.txt", "junk")
    source = DataSource(tmp_path / "a.zip")
    assert source.display(source.find("Skills.txt")) == f"{tmp_path / 'a.zip'}!db/Skills.txt"
    assert source.read_bytes(source.find("Skills.txt")) == b"shallow"
    source.close()


def test_a_damaged_archive_is_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "a.zip", "w") as z:
        z.writestr("Occupation Data.txt", "x" * 10000)
    data = (tmp_path / "a.zip").read_bytes()
    (tmp_path / "cut.zip").write_bytes(data[: len(data) // 2])
    with pytest.raises(DatasetError, match=r"cut\.zip: not a readable \.zip archive.*truncated"):
        DataSource(tmp_path / "cut.zip")


def test_report_summary_lists_reasons_and_caps_located_problems():
    report = ImportReport("ROME 4.0", "here", "v460", careers=3, facts=10, seconds=1.25)
    report.rows_read["a.csv"] = 30
    report.skip("mobilité towards the fiche itself", 2)
    for line in range(2, 27):
        report.problem("a.csv", line, "not a ROME code: 'X'")
    text = report.summary()
    assert text.splitlines()[0] == (
        "ROME 4.0 v460 from here: 3 careers, 30 rows read in 1 files, 10 facts written in 1.2 s"
    )
    assert "       25  malformed row: not a ROME code" in text
    assert "        2  mobilité towards the fiche itself" in text
    assert "a.csv:21: not a ROME code: 'X'" in text and "a.csv:22:" not in text
    assert "… and 5 more malformed rows" in text


def test_the_cycle_collector_is_paused_during_an_import_and_resumes_after():
    import gc

    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():  # an import inside another (a write inside an import)
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer one still runs
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_gc():
        raise ValueError("a failed import")
    assert gc.isenabled()
    gc.disable()  # whoever turned it off keeps it off
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_imports_read_and_write_with_the_collector_paused(tmp_path, monkeypatch):
    import gc

    from careerdash.importers import load
    from careerdash.store import build

    from .helpers import ROME, TESTS

    db = tmp_path / "c.duckdb"
    build(TESTS / "fixtures" / "dashboard", db)
    seen = []
    read_rome = load.read_rome

    def spying(*args, **kwargs):
        seen.append(gc.isenabled())
        return read_rome(*args, **kwargs)

    monkeypatch.setattr(load, "read_rome", spying)
    load.import_rome(ROME, db)
    assert seen == [False]
    assert gc.isenabled()
