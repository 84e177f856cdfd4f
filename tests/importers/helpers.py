"""Small helpers for the importer tests: fixture paths, hashes, and an Excel writer.

The Excel writer produces a minimal .xlsx (inline strings and numbers) so that the tests can
turn the text fixtures into the Excel form of the same datasets, and damage them on purpose,
without committing binary files.
"""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

TESTS = Path(__file__).resolve().parent.parent
FIXTURES = TESTS / "fixtures"
ROME = FIXTURES / "rome"
ONET = FIXTURES / "onet" / "db_30_0_text"
ONET_NEW_STYLES = FIXTURES / "onet" / "db_30_1_work_styles"
OEWS = FIXTURES / "oews"
REALDATA = Path(__file__).resolve().parents[2].parent / "shared" / "realdata"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def copy_folder(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def zip_folder(src: Path, archive: Path, inner: str = "") -> Path:
    """Zip a folder's files, optionally under a sub-folder as the publishers' archives do."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for p in sorted(src.iterdir()):
            if p.is_file():
                z.write(p, f"{inner}/{p.name}" if inner else p.name)
    return archive


def read_tsv(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line]


def _cell(ref: str, value: object) -> str:
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if value in (None, ""):
        return ""
    return (
        f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'
    )


def _column(n: int) -> str:
    name = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        name = chr(65 + rem) + name
    return name


def write_xlsx(path: Path, rows: list[list[object]], sheet: str = "Sheet1") -> Path:
    """A one-sheet workbook; numbers stay numbers, as in the publishers' files."""
    body = "".join(
        f'<row r="{r + 1}">'
        + "".join(_cell(f"{_column(c)}{r + 1}", v) for c, v in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows)
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f"<sheetData>{body}</sheetData></worksheet>"
        ),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


def as_number(text: str) -> object:
    """A text cell as Excel holds it: numbers as floats, "n/a" as an empty cell."""
    if text == "n/a":
        return ""
    try:
        return float(text)
    except ValueError:
        return text


# Columns that the Excel form of O*NET adds next to codes (see onet_29_0_excel/README.txt).
SCALE_NAMES = {
    "IM": "Importance",
    "LV": "Level",
    "EX": "Extent",
    "VH": "Work Value High-Point",
    "OI": "Occupational Interests",
    "IH": "Occupational Interest High-Point",
    "RL": "Required Level Of Education (Categories 1-12)",
    "RW": "Related Work Experience (Categories 1-11)",
}
KEEP_AS_TEXT = {"O*NET-SOC Code", "Related O*NET-SOC Code", "Element ID", "Date"}


def onet_text_to_excel(src: Path, dst: Path) -> Path:
    """Write the O*NET text fixture in the Excel form: one workbook per file, a Title after
    every code column and a Scale Name after every Scale ID, numbers as numbers."""
    dst.mkdir()
    titles = {r[0]: r[1] for r in read_tsv(src / "Occupation Data.txt")[1:]}
    for path in sorted(src.glob("*.txt")):
        if path.name == "Read Me.txt":
            shutil.copy(path, dst / path.name)
            continue
        header, *rows = read_tsv(path)
        out_header: list[str] = []
        for name in header:
            out_header.append(name)
            if name == "O*NET-SOC Code" and path.stem != "Occupation Data":
                out_header.append("Title")
            elif name == "Related O*NET-SOC Code":
                out_header.append("Related Title")
            elif name == "Scale ID":
                out_header.append("Scale Name")
        out_rows = []
        for row in rows:
            out: list[object] = []
            for name, value in zip(header, row, strict=True):
                out.append(value if name in KEEP_AS_TEXT else as_number(value))
                code_column = name == "O*NET-SOC Code" and path.stem != "Occupation Data"
                if code_column or name == "Related O*NET-SOC Code":
                    out.append(titles.get(value, ""))
                elif name == "Scale ID":
                    out.append(SCALE_NAMES.get(value, value))
            out_rows.append(out)
        write_xlsx(dst / f"{path.stem}.xlsx", [out_header, *out_rows], sheet=path.stem[:31])
    return dst
