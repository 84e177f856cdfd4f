"""Plumbing shared by the dataset importers: where the files are, how their rows are read.

National datasets come as a folder or a .zip of CSV, tab-separated or Excel files. Everything
here turns one such file into rows of strings with their line numbers, so that every reader
reports a bad row as `file:line` and never guesses: a file it cannot read at all (missing,
truncated, not a table) raises `DatasetError`, which stops the import before the database
is touched; a single bad row is skipped and recorded in the `ImportReport`.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import re
import threading
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

# (label, rows done, rows in all): the CLI draws a progress bar from it.
Progress = Callable[[str, int, int], None]

PROGRESS_EVERY = 5000
# The largest file an import reads into memory. The national datasets' largest files weigh
# tens of MB; an archive member inflating beyond this is refused (a "zip bomb" would
# otherwise exhaust memory), whatever size its header claims.
MAX_FILE_BYTES = 512 * 1024 * 1024
READ_CHUNK = 1024 * 1024
# Python's csv module refuses fields over 128 kB by default; a published field may be longer.
MAX_FIELD_CHARS = 64 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 20
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")


class DatasetError(Exception):
    """Input that cannot be imported at all; the database is left as it was."""


@dataclass(frozen=True)
class RowProblem:
    """A row that was skipped because it could not be read faithfully."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class ImportReport:
    """What an import read, what it kept and what it skipped, and why."""

    dataset: str
    source: str
    version: str | None = None
    careers: int = 0
    facts: int = 0
    seconds: float = 0.0
    rows_read: dict[str, int] = field(default_factory=dict)  # display path → data rows
    skipped: Counter[str] = field(default_factory=Counter)  # reason → rows
    problems: list[RowProblem] = field(default_factory=list)  # malformed rows, located
    notes: list[str] = field(default_factory=list)  # encoding fallbacks, mixed releases …
    kept: dict[str, int] = field(default_factory=dict)  # careers of other kinds carried over

    def skip(self, reason: str, count: int = 1) -> None:
        self.skipped[reason] += count

    def problem(self, path: str, line: int, message: str) -> None:
        """A malformed row: counted under its message and kept with its location."""
        self.problems.append(RowProblem(path, line, message))
        self.skipped[f"malformed row: {message.split(':')[0]}"] += 1

    @property
    def rows(self) -> int:
        return sum(self.rows_read.values())

    def summary(self) -> str:
        """Several lines for a person: counts, what was skipped and why, time taken."""
        version = f" {self.version}" if self.version else ""
        lines = [
            f"{self.dataset}{version} from {self.source}: {self.careers} careers, "
            f"{self.rows:,} rows read in {len(self.rows_read)} files, "
            f"{self.facts:,} facts written in {self.seconds:.1f} s"
        ]
        if self.kept:
            kept = ", ".join(f"{n} {kind}" for kind, n in sorted(self.kept.items()))
            lines.append(f"  kept from the previous database: {kept} careers")
        for note in self.notes:
            lines.append(f"  note: {note}")
        if self.skipped:
            lines.append("  skipped or left out (count, reason):")
            for reason, n in sorted(self.skipped.items(), key=lambda kv: (-kv[1], kv[0])):
                lines.append(f"    {n:>7,}  {reason}")
        for problem in self.problems[:MAX_PROBLEMS_SHOWN]:
            lines.append(f"  {problem}")
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"  … and {len(self.problems) - MAX_PROBLEMS_SHOWN} more malformed rows")
        return "\n".join(lines)


# -- memory -------------------------------------------------------------------------------

_paused = 0  # imports running in this process with the collector paused
_resume = False  # whether the collector was on when the first of them started
_paused_guard = threading.Lock()


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector while an import reads and writes (also a decorator).

    An import holds hundreds of thousands of rows, dicts and model objects at once; each
    of the collector's full passes walks all of them and finds nothing to free (the rows
    make no reference cycles): 17 passes took 40–55 % of the O*NET and ROME reading time.
    Reference counting still frees everything as usual; the collector resumes, if it was
    on, when the last import running in this process ends.
    """
    global _paused, _resume
    with _paused_guard:
        if _paused == 0:
            _resume = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _paused_guard:
            _paused -= 1
            if _paused == 0 and _resume:
                gc.enable()


# -- where the files are ------------------------------------------------------------------


class DataSource:
    """A folder or a .zip of data files, looked up by file name (sub-folders included)."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._zip: zipfile.ZipFile | None = None
        self.members: dict[str, str] = {}  # lower-cased file name → path inside the source
        if self.path.is_dir():
            for p in sorted(self.path.rglob("*")):
                if p.is_file():
                    self._add(p.name, p.relative_to(self.path).as_posix())
        elif self.path.is_file():
            if not zipfile.is_zipfile(self.path):
                if self.path.suffix.casefold() == ".zip":
                    raise DatasetError(
                        f"{self.path}: not a readable .zip archive; it looks truncated or "
                        "damaged (download it again)"
                    )
                raise DatasetError(f"{self.path}: neither a folder nor a .zip archive")
            try:
                self._zip = zipfile.ZipFile(self.path)
                names = [i.filename for i in self._zip.infolist() if not i.is_dir()]
            except (zipfile.BadZipFile, OSError) as exc:
                raise DatasetError(f"{self.path}: cannot open the archive ({exc})") from exc
            for name in sorted(names):
                if "__MACOSX" not in name:
                    self._add(name.rsplit("/", 1)[-1], name)
        else:
            raise DatasetError(f"{self.path}: no such file or folder")

    def _add(self, name: str, inner: str) -> None:
        """Index a file by name; when a name repeats, the least nested file wins."""
        key = name.casefold()
        known = self.members.get(key)
        if known is None or inner.count("/") < known.count("/"):
            self.members[key] = inner

    def find(self, name: str) -> str | None:
        """The inner path of the file called `name` (case-insensitive), if any."""
        return self.members.get(name.casefold())

    def names(self) -> list[str]:
        return [inner.rsplit("/", 1)[-1] for inner in self.members.values()]

    def display(self, inner: str) -> str:
        return f"{self.path}!{inner}" if self._zip else str(self.path / inner)

    def read_bytes(self, inner: str) -> bytes:
        """The bytes of one file, read in chunks and refused past `MAX_FILE_BYTES`."""
        try:
            if self._zip is not None:
                with self._zip.open(inner) as member:
                    return _read_capped(member, self.display(inner))
            with (self.path / inner).open("rb") as file:
                return _read_capped(file, self.display(inner))
        except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:  # a damaged member
            raise DatasetError(f"{self.display(inner)}: cannot read ({exc})") from exc

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()


def _read_capped(stream: BinaryIO, display: str) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while chunk := stream.read(READ_CHUNK):
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise DatasetError(
                f"{display}: larger than {MAX_FILE_BYTES // 2**20} MB once uncompressed; "
                "no file of the national datasets is that large (a damaged or hostile archive?)"
            )
        chunks.append(chunk)
    return b"".join(chunks)


# -- reading tables -----------------------------------------------------------------------


@dataclass
class Table:
    """One data file as a header and numbered rows of strings."""

    path: str  # for messages: the file, or `archive.zip!member`
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (line or worksheet row, cells)
    encoding: str = "utf-8"

    def index(self, columns: Iterable[str]) -> dict[str, int]:
        """Positions of the named columns (case-insensitive); a missing one stops the import."""
        where = {h.strip().casefold(): i for i, h in enumerate(self.header)}
        missing = [c for c in columns if c.casefold() not in where]
        if missing:
            raise DatasetError(
                f"{self.path}:1: missing column(s) {', '.join(missing)}; "
                f"the header is: {' | '.join(self.header)}"
            )
        return {c: where[c.casefold()] for c in columns}

    def records(
        self,
        columns: Iterable[str],
        report: ImportReport,
        progress: Progress | None = None,
    ) -> Iterator[tuple[int, dict[str, str]]]:
        """Rows as {column: value}; rows without every field are reported and skipped."""
        names = list(self.index(columns))
        for line, values in self.values(names, report, progress):
            yield line, dict(zip(names, values, strict=True))

    def values(
        self,
        columns: Iterable[str],
        report: ImportReport,
        progress: Progress | None = None,
    ) -> Iterator[tuple[int, tuple[str, ...]]]:
        """Rows as tuples of the named columns' values, stripped, in the order asked: what
        `records` gives without a dict per row, for the readers of the largest files."""
        columns = list(columns)
        pos = self.index(columns)
        width = len(self.header)
        total = len(self.rows)
        label = self.path.rsplit("/", 1)[-1]
        # the cells of a row picked in one C call (hundreds of thousands of rows per file)
        pick = _picker([pos[c] for c in columns])
        strip = str.strip
        for n, (line, cells) in enumerate(self.rows, 1):
            if progress and (n % PROGRESS_EVERY == 0 or n == total):
                progress(label, n, total)
            if len(cells) != width:
                few = "too few" if len(cells) < width else "too many"
                report.problem(self.path, line, f"{few} fields: {len(cells)} instead of {width}")
                continue
            yield line, tuple(map(strip, pick(cells)))


def _picker(positions: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """The cells at `positions` of a row, as a tuple (one C call for two or more)."""
    if len(positions) > 1:
        return itemgetter(*positions)
    if positions:
        (i,) = positions
        return lambda cells: (cells[i],)
    return lambda cells: ()


def decode(data: bytes, path: str, report: ImportReport) -> tuple[str, str]:
    """Text of a file said to be UTF-8; a legacy 8-bit encoding is accepted and reported.

    France Travail's ROME archive has shipped a `_utf8.csv` file in ISO-8859-15 (byte 0xBD
    is "œ"): decoding it as Latin-1 would print "Man½uvre". A file whose bytes are not UTF-8
    is read as ISO-8859-15, or as Windows-1252 when it uses that code page's extra letters.
    """
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text = data.decode("iso-8859-15")
    encoding = "iso-8859-15"
    if re.search("[\x80-\x9f]", text):  # C1 controls: the bytes are Windows-1252 letters
        try:
            text, encoding = data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise DatasetError(f"{path}:{line}: neither UTF-8 nor a known 8-bit encoding") from exc
    line = data[:first_bad].count(b"\n") + 1
    report.notes.append(
        f"{path} is not UTF-8 (first non-UTF-8 byte on line {line}); read as {encoding}"
    )
    return text, encoding


def read_delimited(
    data: bytes, path: str, report: ImportReport, *, delimiter: str, quoted: bool
) -> Table:
    """A CSV (quoted) or tab-separated (unquoted, as O*NET publishes) file as a `Table`.

    A file that stops inside a quoted field, or in the middle of its last row (fewer fields
    than the header and no line end), is taken for a truncated download and refused.
    """
    text, encoding = decode(data, path, report)
    if not text.strip():
        raise DatasetError(f"{path}:1: the file is empty")
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    if quoted and delimiter == "," and "," not in first and ";" in first:
        # a spreadsheet saved "CSV (;)", as French Excel does: the same table, other separator
        delimiter = ";"
        report.notes.append(f"{path} separates its fields with ';'; read as such")
    if csv.field_size_limit() < MAX_FIELD_CHARS:
        csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=delimiter,
        quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE,
        strict=quoted,
    )
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    end = 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if header is None:
                header = [c.strip() for c in cells]
                continue
            if not (cells and (cells[0].strip() or "".join(cells).strip())):
                continue  # blank lines, and the ",,," lines some exports end with
            rows.append((start, cells))
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise DatasetError(
                f"{path}:{reader.line_num}: a field longer than {MAX_FIELD_CHARS:,} characters; "
                "not a table of the national datasets"
            ) from exc
        if text.rstrip("\r\n").count('"') % 2 == 0 or not quoted:
            raise DatasetError(f"{path}:{reader.line_num}: not a valid CSV line ({exc})") from exc
        raise DatasetError(
            f"{path}:{reader.line_num}: {exc}; the file looks truncated or is not a valid CSV"
        ) from exc
    if header is None:
        raise DatasetError(f"{path}:1: no header line")
    if rows and not text.endswith(("\n", "\r")) and rows[-1][0] == end:
        # No line end after the last row: fine if that row is whole (some copies drop the
        # final line end), a truncated download if it lacks fields.
        line, cells = rows[-1]
        if len(cells) < len(header):
            raise DatasetError(
                f"{path}:{line}: the file ends in the middle of a row ({len(cells)} of "
                f"{len(header)} fields); it looks truncated (download it again)"
            )
    return Table(path, header, rows, encoding)


def read_excel(data: bytes, path: str, columns: Iterable[str] | None = None) -> Table:
    """The first worksheet of an Excel workbook as a `Table` of strings (rows numbered as
    Excel shows them), so that the Excel and text forms of a dataset read alike.

    With `columns`, only the cells of those columns are turned into text; the others are
    left empty (a ratings worksheet has 900,000 cells, its reader needs 7 of its 15 columns).
    """
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = book.get_sheet_by_index(0)
        grid = sheet.to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError) as exc:
        raise DatasetError(
            f"{path}: cannot read it as an Excel workbook ({exc}); the file looks truncated "
            "or damaged (download it again)"
        ) from exc
    floats: dict[float, str] = {}  # O*NET's ratings repeat a few hundred values

    def text(value: object) -> str:
        if type(value) is str:
            return value
        if type(value) is float:
            found = floats.get(value)
            if found is None:
                found = floats[value] = excel_text(value)
            return found
        return excel_text(value)

    # A cell reads as "" when None or ""; as blank when that or only spaces (excel_text
    # writes every other value with a visible character).
    first = next((i for i, row in enumerate(grid) if any(not _empty(v) for v in row)), None)
    if first is None:
        raise DatasetError(f"{path}:1: the worksheet is empty")
    header = [text(h).strip() for h in grid[first]]
    while header and not header[-1]:
        header.pop()
    wanted = None
    if columns is not None:
        names = {c.casefold() for c in columns}
        wanted = [i for i, h in enumerate(header) if h.casefold() in names]
    rows = []
    for i, row in enumerate(grid[first + 1 :], start=first + 1):
        if not row or (_blank(row[0]) and all(_blank(v) for v in row)):
            continue
        cut = row[: max(len(header), _last_filled(row))]
        if wanted is None:
            cells = [text(v) for v in cut]
        else:
            cells = [""] * len(cut)
            for j in wanted:
                if j < len(cut):
                    cells[j] = text(cut[j])
        rows.append((i + 1, cells))
    return Table(path, header, rows, "xlsx")


def _empty(value: object) -> bool:
    return value is None or value == ""


def _blank(value: object) -> bool:
    return value is None or (type(value) is str and not value.strip())


def _last_filled(row: list) -> int:
    if row and not _empty(row[-1]):
        return len(row)
    for i in range(len(row) - 1, -1, -1):
        if not _blank(row[i]):
            return i + 1
    return 0


def excel_text(value: object) -> str:
    """A cell as the text form of the dataset has it: 5.0 → "5", 4.12 → "4.12"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def read_table(
    source: DataSource,
    inner: str,
    report: ImportReport,
    *,
    delimiter: str = ",",
    columns: Iterable[str] | None = None,
) -> Table:
    """Read one file of a source by its extension (.csv/.txt/.tsv or Excel); `columns`, the
    only ones read from an Excel file (see `read_excel`)."""
    return table_from_bytes(
        source.read_bytes(inner),
        source.display(inner),
        report,
        delimiter=delimiter,
        columns=columns,
    )


def read_file(path: Path, report: ImportReport, *, delimiter: str = ",") -> Table:
    """Read one stand-alone file (not looked up in a folder) as a `Table`."""
    try:
        with path.open("rb") as file:
            data = _read_capped(file, str(path))
    except OSError as exc:
        raise DatasetError(f"{path}: cannot read ({exc})") from exc
    return table_from_bytes(data, str(path), report, delimiter=delimiter)


def table_from_bytes(
    data: bytes,
    path: str,
    report: ImportReport,
    *,
    delimiter: str,
    columns: Iterable[str] | None = None,
) -> Table:
    """A file's bytes as a `Table`, by the extension of `path`; its rows are counted."""
    lower = path.casefold()
    if lower.endswith(EXCEL_SUFFIXES):
        table = read_excel(data, path, columns)
    elif lower.endswith(TEXT_SUFFIXES):
        table = read_delimited(data, path, report, delimiter=delimiter, quoted=delimiter == ",")
    else:
        raise DatasetError(f"{path}: not a .csv, .txt or .xlsx file")
    report.rows_read[path] = len(table.rows)
    return table


# -- numbers ------------------------------------------------------------------------------


@lru_cache(maxsize=65536, typed=True)
def decimal(text: str) -> Decimal | None:
    """The number written in a cell, or None when it is not one (cached: ratings files
    repeat a few hundred values over 100,000 rows; a Decimal is immutable)."""
    try:
        value = Decimal(text.strip().replace(",", ""))
    except (InvalidOperation, AttributeError):
        return None
    return value if value.is_finite() else None


@lru_cache(maxsize=65536, typed=True)
def scale_to_100(value: Decimal, low: int, high: int) -> int:
    """A value on a source's scale as 0–100, rounded half up in decimal arithmetic: a
    published 2.26 on 1–5 is 31.5 and gives 32, where binary floats compute 31.4999… and
    Python's round() would round 62.5 down to 62."""
    scaled = (value - low) / Decimal(high - low) * 100
    return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))
