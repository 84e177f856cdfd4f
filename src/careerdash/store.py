"""The DuckDB store: turn careers into rows, build the file atomically, open it read-only.

A build never writes into the database people are reading: it writes a new file beside it
and renames it over the old one only when every career loaded (DuckDB cannot share a file
between a writer and readers, duckdb#17158).

One writer at a time per database file: every writer (build, each import, the app's
rebuild) holds an exclusive `flock` on `X.lock` beside the database `X` from before it reads
what it carries over until its rename, so that no writer's work is silently replaced by
another's. A second writer waits up to `CAREERDASH_LOCK_WAIT` seconds (30 by default), then
stops with `DatabaseBusy`. Readers never take the lock. While it holds the lock, a writer
also removes the temporary files a killed writer left behind: the lock proves that their
writer is gone.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from operator import itemgetter
from pathlib import Path

import duckdb
import pandas as pd

from .fiche import FicheError, Problem, read_fiche
from .importers.common import paused_gc
from .model import Career
from .text import slug, title_key

DEFAULT_FICHES = Path("data/fiches")
DEFAULT_DB = Path("data/careerdash.duckdb")
FICHE_SUFFIXES = (".txt", ".md")
DARES_URL = "https://github.com/StatDares/PortraitStatMetiers"

TABLES = (
    "careers",
    "alt_titles",
    "career_attributes",
    "profile_scores",
    "missions",
    "soft_skills",
    "hard_skills",
    "diplomas",
    "experience_paths",
    "tools",
    "constraints",
    "salary_bands",
    "progressions",
    "faq",
    "sources",
)
# Tables of a dataset that are not keyed by career (Dares figures by family): an import
# replaces them whole; every other write carries them over.
REFERENCE_TABLES = (
    "dares_families",
    "dares_family_distribution",
    "dares_family_tension",
    "dares_rome_families",
    "rome_links",
    # diploma references (careerdash import diplomas)
    "diploma_records",
    "diploma_refs",
    "diploma_aliases",
    "diploma_careers",
    "diploma_outcomes",
    "diploma_mef",
    "diploma_domains",
)
ROME_LINK_FILES = {"hard_skill": "hard_skills.csv", "constraint": "constraints.csv"}


LOCK_WAIT_SECONDS = 30.0
FINGERPRINT_KEY = "fiches.fingerprint"


class BuildError(Exception):
    """A build that did not replace the database; `problems` says why, file by file."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class DatabaseError(Exception):
    """The database file cannot be read or written (wrong path, not a careerdash database,
    read-only folder …); the message is one line for a person, and nothing was changed."""


class DatabaseBusy(DatabaseError):
    """Another writer holds the database's lock for longer than we agreed to wait."""


@dataclass
class BuildReport:
    path: Path
    careers: int
    facts: int
    seconds: float
    kept: dict[str, int] = field(default_factory=dict)  # imported careers carried over

    def summary(self) -> str:
        kept = "".join(f", kept {n} {kind} careers" for kind, n in self.kept.items())
        return (
            f"built {self.path}: {self.careers} careers, {self.facts} facts{kept} "
            f"in {self.seconds:.2f} s"
        )


def schema_sql() -> str:
    return resources.files("careerdash").joinpath("schema.sql").read_text(encoding="utf-8")


def career_id(career: Career) -> str:
    if career.source_kind == "fiche":
        return slug(career.title)
    code = career.rome_code if career.source_kind == "rome" else career.onet_code
    return f"{career.source_kind}-{slug(code or career.title)}"


# -- careers → rows ---------------------------------------------------------------------


def career_rows(careers: Iterable[Career]) -> dict[str, list[dict]]:
    """Every fact of every career as rows, table by table (pure: no database)."""
    rows: dict[str, list[dict]] = {t: [] for t in TABLES}
    for career in careers:
        cid = career_id(career)
        editorial = career.source_kind == "fiche" and (
            career.is_editorial("profile") or career.is_editorial("hard_skills")
        )
        levels = {d.level: d.level_years for d in career.diplomas}
        rows["careers"].append(
            {
                "career_id": cid,
                "title": career.title,
                "title_en": career.title_en,
                "summary": career.summary,
                "family": career.family,
                "rome_code": career.rome_code,
                "onet_code": career.onet_code,
                "source_kind": career.source_kind,
                "reference_level": career.reference_level,
                "reference_level_years": levels.get(career.reference_level)
                if career.reference_level
                else None,
                "scores_editorial": editorial,
                "source_path": career.source_path,
            }
        )
        rows["alt_titles"] += [{"career_id": cid, "alt_title": t} for t in career.alt_titles]
        rows["career_attributes"] += [
            {"career_id": cid, "name": k, "value": v} for k, v in career.attributes.items()
        ]
        profile_editorial = career.is_editorial("profile")
        for i, (dim, score) in enumerate(career.profile.items()):
            rows["profile_scores"].append(
                {
                    "career_id": cid,
                    "position": i,
                    "dimension": dim,
                    "label": career.profile_labels.get(dim, dim.replace("_", " ").capitalize()),
                    "score": score,
                    "editorial": profile_editorial,
                }
            )
        for g, group in enumerate(career.missions):
            for i, task in enumerate(group.tasks):
                rows["missions"].append(
                    {
                        "career_id": cid,
                        "group_index": g,
                        "group_title": group.title,
                        "position": i,
                        "task": task,
                    }
                )
        for table, items in (
            ("soft_skills", career.soft_skills),
            ("constraints", career.constraints),
        ):
            rows[table] += [
                {"career_id": cid, "position": i, "name": x.name, "description": x.description}
                | (
                    {"rome_code": x.code, "rome_label": x.name if x.code else None}
                    if table == "constraints"
                    else {}
                )
                for i, x in enumerate(items)
            ]
        skills_editorial = career.is_editorial("hard_skills")
        for i, skill in enumerate(career.hard_skills):
            rows["hard_skills"].append(
                {
                    "career_id": cid,
                    "position": i,
                    "name": skill.name,
                    "score": skill.score,
                    "level": skill.level,
                    "category": skill.category,
                    "keywords": list(skill.keywords),
                    "editorial": skills_editorial,
                    "rome_code": skill.code,
                    "rome_label": skill.name if skill.code else None,
                    "rome_group": _rome_group(skill) if skill.code else None,
                }
            )
        for i, d in enumerate(career.diplomas):
            rows["diplomas"].append(
                {
                    "career_id": cid,
                    "position": i,
                    "name": d.name,
                    "level": d.level,
                    "level_years": d.level_years,
                    "ects": d.ects,
                    "formations_count": d.formations_count,
                    "share": d.share,
                    "is_reference": d.level == career.reference_level,
                    "description": d.description,
                }
            )
        rows["experience_paths"] += [
            {"career_id": cid, "position": i, "title": t}
            for i, t in enumerate(career.experience_paths)
        ]
        for cat in career.tools:
            hot = set(cat.hot)
            rows["tools"] += [
                {
                    "career_id": cid,
                    "category": cat.category,
                    "position": i,
                    "tool": tool,
                    "hot": tool in hot,
                }
                for i, tool in enumerate(cat.tools)
            ]
        for band in career.salary_bands:
            source = _band_source(career, band.level)
            rows["salary_bands"].append(
                {
                    "career_id": cid,
                    "level": band.level,
                    "min_amount": band.min_eur,
                    "max_amount": band.max_eur,
                    "currency": band.currency,
                    "period": band.period,
                    "basis": band.basis,
                    "years_min": band.years_min,
                    "years_max": band.years_max,
                    "converted_from_monthly": band.converted_from_monthly,
                    "presumed_gross": band.presumed_gross,
                    "source_url": source.url if source else None,
                    "source_note": source.note if source else None,
                }
            )
        moves = [(p.title, p.step, p.kind, p.tier) for p in career.progressions]
        moves += [(t, 0, "entry", None) for t in career.experience_paths]
        rows["progressions"] += [
            {
                "career_id": cid,
                "position": i,
                "title": title,
                "step": step,
                "kind": kind,
                "tier": tier,
                "to_career_id": None,
            }
            for i, (title, step, kind, tier) in enumerate(moves)
        ]
        rows["faq"] += [
            {"career_id": cid, "position": i, "question": f.question, "answer": f.answer}
            for i, f in enumerate(career.faq)
        ]
        rows["sources"] += [
            {"career_id": cid, "field": s.field, "url": s.url, "note": s.note}
            for s in career.sources
        ]
    return rows


def _rome_group(skill) -> str | None:
    """ROME's coarser heading of a skill: its enjeu or macro-compétence, a savoir's category."""
    if skill.category == "savoirs" and skill.keywords:
        return skill.keywords[0]
    return skill.category


def _band_source(career: Career, level: str):
    own = [s for s in career.sources if s.field == f"salary_bands.{level}"]
    shared = [s for s in career.sources if s.field == "salary_bands"]
    return next(iter(own + shared), None)


def insert_rows(con: duckdb.DuckDBPyConnection, rows: dict[str, list[dict]]) -> int:
    """Insert row dicts table by table; returns the number of rows written."""
    total = 0
    for table, records in rows.items():
        if table not in TABLES + REFERENCE_TABLES:
            raise ValueError(f"unknown table {table!r}")
        if not records:
            continue
        con.register("incoming_rows", _frame(records))
        try:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
        finally:
            con.unregister("incoming_rows")
        total += len(records)
    return total


def _frame(records: list[dict]) -> object:
    """Row dicts as an Arrow table (twice as fast as a pandas frame built from the records;
    pyarrow comes with Streamlit). A column Arrow cannot type (mixed kinds of values), or
    rows with other keys than the first's, fall back to pandas, which keeps Python objects.

    Each row's values are taken in one visit and turned into columns by `zip` (both in C):
    a visit per row and column, as `Table.from_pylist` makes, reads each dict again for each
    column, which cost twice as much once the hundreds of thousands of rows of an import no
    longer fit in the processor's caches. The columns are allocated from the C library's
    allocator, not Arrow's default (mimalloc): mimalloc handed the pages of each table back
    to the system once freed and the next table faulted them in again (system time: 0.17 s
    of the 85,000 ROME hard skills, the first large table of a process)."""
    import pyarrow as pa

    names = list(records[0])
    if set(map(len, records)) == {len(names)}:
        pick = itemgetter(*names)
        rows = map(pick, records) if len(names) > 1 else ((v,) for v in map(pick, records))
        pool = pa.system_memory_pool()
        try:
            columns = [pa.array(c, memory_pool=pool) for c in zip(*rows, strict=True)]
            return pa.Table.from_arrays(columns, names)
        except (KeyError, pa.ArrowInvalid, pa.ArrowTypeError):
            pass
    return pd.DataFrame.from_records(records)


def resolve_progressions(con: duckdb.DuckDBPyConnection, kinds: Iterable[str] | None = None) -> int:
    """Point each progression at the career of the set whose title it names.

    A progression resolves among the careers of its own source kind only, so a write that
    replaces some kinds passes them as `kinds`: the progressions of the kinds it carried over
    keep the links they were written with (their careers did not change).
    """
    titles = con.execute("SELECT career_id, title, source_kind FROM careers").fetchall()
    keys: dict[str, str] = {}  # title → title_key, each distinct title folded once

    def key(title: str) -> str:
        found = keys.get(title)
        if found is None:
            found = keys[title] = title_key(title)
        return found

    by_key: dict[tuple[str, str], str] = {}
    for cid, title, kind in titles:
        by_key.setdefault((kind, key(title)), cid)
    sql = (
        "SELECT p.career_id, p.position, p.title, c.source_kind "
        "FROM progressions p JOIN careers c USING (career_id)"
    )
    params: list[str] = []
    if kinds is not None:
        params = sorted(set(kinds))
        if not params:
            return 0
        sql += f" WHERE c.source_kind IN ({', '.join('?' for _ in params)})"
    links = []
    for cid, pos, title, kind in con.execute(sql, params).fetchall():
        target = by_key.get((kind, key(title)))
        if target is not None and target != cid:
            links.append({"career_id": cid, "position": pos, "to_career_id": target})
    if links:
        con.register("links", pd.DataFrame.from_records(links))
        con.execute(
            "UPDATE progressions p SET to_career_id = l.to_career_id FROM links l "
            "WHERE p.career_id = l.career_id AND p.position = l.position"
        )
        con.unregister("links")
    return len(links)


# -- building ---------------------------------------------------------------------------


def fiche_files(folder: Path) -> list[Path]:
    """The fiches of a folder. A symbolic link is listed even when it leads nowhere (or in
    a loop), so that reading it reports the problem instead of skipping it silently."""
    return sorted(
        p
        for p in Path(folder).iterdir()
        if p.suffix.lower() in FICHE_SUFFIXES
        and (p.is_file() or p.is_symlink())
        and p.name.lower() != "readme.md"
    )


def fiches_fingerprint(folder: Path) -> str:
    """What the fiches of a folder are (names, sizes, modification times), as one string.

    A build records it; the app rebuilds when it changes. Comparing file times with the
    database's would miss an edit that an import (writing a newer file) carried over.
    """
    digest = hashlib.sha256()
    for path in fiche_files(folder):
        try:
            st = path.stat()
            digest.update(f"{path.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
        except OSError:
            digest.update(f"{path.name}\0unreadable\n".encode())
    return digest.hexdigest()


def read_fiches(
    paths: Iterable[Path], *, strict: bool = False
) -> tuple[list[Career], list[Problem]]:
    """Parse every file; return the careers read and every problem (including duplicates).

    The cycle collector is paused meanwhile (`paused_gc`, as for an import): a career is
    ~70 lists and dataclasses that all survive the read, and the collector's passes over them
    took a fifth of the time of reading 10,000 fiches and found nothing to free (a parse makes
    no reference cycles)."""
    careers: list[Career] = []
    problems: list[Problem] = []
    first_seen: dict[str, str] = {}
    with paused_gc():
        for path in paths:
            try:
                career = read_fiche(path, strict=strict)
            except FicheError as exc:
                problems += exc.problems
                continue
            cid = career_id(career)
            if cid in first_seen:
                problems.append(
                    Problem(
                        str(path), 1, None, f"same career as {first_seen[cid]} ('{career.title}')"
                    )
                )
                continue
            first_seen[cid] = str(path)
            careers.append(career)
    return careers, problems


def build(
    fiches: Path = DEFAULT_FICHES,
    db_path: Path = DEFAULT_DB,
    *,
    keep_imports: bool = True,
    progress: Callable[[str], None] | None = None,
    lock_wait: float | None = None,
) -> BuildReport:
    """Rebuild the database from a folder of fiches; the old file stays if anything fails.

    Careers imported from national datasets are carried over from the old file, so that
    rebuilding the fiches never drops them. The database path is checked before any fiche
    is read; the writer's lock is taken before the old file is read.
    """
    started = time.perf_counter()
    fiches = Path(fiches)
    db_path = Path(db_path)
    check_writable(db_path)
    if not fiches.is_dir():
        raise BuildError([Problem(str(fiches), 0, None, "no such folder of fiches")])
    try:
        fingerprint = fiches_fingerprint(fiches)  # before reading: an edit made meanwhile shows
        paths = fiche_files(fiches)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise BuildError(
            [Problem(str(fiches), 0, None, f"cannot list this folder: {reason}")]
        ) from exc
    if not paths:
        raise BuildError([Problem(str(fiches), 0, None, "no .txt or .md fiche in this folder")])
    careers, problems = read_fiches(paths)
    if problems:
        raise BuildError(problems)
    links, problems = read_rome_links(fiches.parent / "rome_links", careers)
    if problems:
        raise BuildError(problems)
    if progress:
        progress(f"parsed {len(careers)} fiches")
    with writer_lock(db_path, wait=lock_wait, progress=progress):
        old = db_path if keep_imports and db_path.exists() else None
        if old is not None:
            check_database_once(old)
        facts, kept = write_database(
            db_path,
            careers,
            keep_from=old,
            info={FINGERPRINT_KEY: fingerprint},
            reference_rows={"rome_links": links},
        )
    return BuildReport(db_path, len(careers), facts, time.perf_counter() - started, kept)


# -- the writer's lock, temporary files, checks of the path ----------------------------------


def target_path(db_path: Path) -> Path:
    """The file a writer replaces: a symbolic link to a database stays a link, and the file
    it points to is the one replaced."""
    return Path(os.path.realpath(db_path))


def lock_path(db_path: Path) -> Path:
    target = target_path(db_path)
    return target.with_name(target.name + ".lock")


_held: dict[tuple[int, str], int] = {}  # (thread, lock file) → depth: the lock is reentrant
_held_guard = threading.Lock()


@contextlib.contextmanager
def writer_lock(
    db_path: Path,
    *,
    wait: float | None = None,
    progress: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the one-writer lock of `db_path`; wait at most `wait` seconds for it.

    `wait` defaults to `CAREERDASH_LOCK_WAIT` (seconds) or 30. The lock is an exclusive
    `flock` on `X.lock`, which the kernel drops when its holder dies, even by SIGKILL.
    Taken again by the same thread, it is simply held deeper.
    """
    path = lock_path(Path(db_path))
    key = (threading.get_ident(), str(path))
    with _held_guard:
        if key in _held:
            _held[key] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    if wait is None:
        wait = _default_wait()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DatabaseError(f"{db_path}: cannot write in its folder ({reason})") from exc
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DatabaseBusy(
                        f"{db_path}: another build or import is writing this database; "
                        f"gave up after waiting {wait:g} s (try again when it has finished)"
                    ) from None
                if not told:
                    told = True
                    if progress:
                        progress(f"waiting for another build or import to finish with {db_path}")
                time.sleep(0.05)
        with _held_guard:
            _held[key] = 1
        try:
            remove_stale_temporaries(Path(db_path))
            yield
        finally:
            with _held_guard:
                del _held[key]
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _default_wait() -> float:
    try:
        return max(0.0, float(os.environ.get("CAREERDASH_LOCK_WAIT", LOCK_WAIT_SECONDS)))
    except ValueError:
        return LOCK_WAIT_SECONDS


def temporary_files(db_path: Path) -> list[Path]:
    """The temporary files writers of `db_path` make beside it (`.X.<pid>….tmp[.wal]`)."""
    target = target_path(db_path)
    prefix = f".{target.name}."
    try:
        return sorted(
            p
            for p in target.parent.iterdir()
            if p.name.startswith(prefix) and p.name.endswith((".tmp", ".tmp.wal"))
        )
    except OSError:
        return []


def remove_stale_temporaries(db_path: Path) -> list[Path]:
    """Delete the temporary files of writers that died; call only while holding the lock
    (which proves that no other writer of this database is alive)."""
    removed = []
    for path in temporary_files(db_path):
        with contextlib.suppress(OSError):
            path.unlink()
            removed.append(path)
    return removed


def check_writable(db_path: Path) -> None:
    """Refuse, in one line, a database path that a writer could not replace: a folder, a
    folder it cannot write in (tried for real, by creating the lock file), a file that is not
    a careerdash database. Called before any input is read."""
    db_path = Path(db_path)
    target = target_path(db_path)
    if target.is_dir():
        raise DatabaseError(f"{db_path}: is a folder, not a database file")
    existing = target.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise DatabaseError(f"{db_path}: {existing} is a file, not a folder")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(lock_path(db_path), os.O_RDWR | os.O_CREAT, 0o644))
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DatabaseError(f"{db_path}: cannot write in its folder ({reason})") from exc
    if target.exists():
        check_database_once(db_path)


# Files this process has checked or written, by identity: (device, inode, size, mtime).
_verified: dict[str, tuple[int, int, int, int]] = {}


def _identity(path: Path) -> tuple[int, int, int, int]:
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def check_database_once(db_path: Path) -> None:
    """`check_database`, skipped when this process already checked (or wrote) this very
    file: same inode, size and modification time. A writer checks the path before reading its
    inputs and again under the lock; reading every block twice cost each import a second.
    Another writer's rename gives a new inode, any change a new time: those are checked."""
    key = str(target_path(Path(db_path)))
    try:
        identity = _identity(Path(key))
    except OSError:
        identity = None
    if identity is not None and _verified.get(key) == identity:
        return
    check_database(db_path)
    if identity is not None:
        _verified[key] = identity


def _remember_written(path: Path) -> None:
    with contextlib.suppress(OSError):
        _verified[str(path)] = _identity(path)


def check_database(db_path: Path) -> None:
    """Refuse a file that is not a readable careerdash database (empty, truncated, damaged,
    someone else's DuckDB file): a writer must neither read it nor replace it."""
    db_path = Path(db_path)
    try:
        size = db_path.stat().st_size
    except OSError as exc:
        raise DatabaseError(f"{db_path}: cannot read it ({exc.strerror})") from exc
    if size == 0:
        raise DatabaseError(
            f"{db_path}: is an empty file, not a careerdash database (delete it to start afresh)"
        )
    if not os.access(db_path, os.R_OK):
        raise DatabaseError(f"{db_path}: cannot read it (permission denied)")
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        raise DatabaseError(
            f"{db_path}: not a readable DuckDB database: it is damaged or another kind of file "
            "(delete it or choose another --db)"
        ) from exc
    try:
        tables = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
            ).fetchall()
        }
        for table in sorted(tables & set(TABLES)):
            # read every block: a truncated file opens, and fails only where it was cut
            con.execute(f"SELECT count(*), max(hash(COLUMNS(*))) FROM {table}").fetchall()
    except duckdb.Error as exc:
        raise DatabaseError(
            f"{db_path}: not a readable DuckDB database: it is damaged or another kind of file "
            "(delete it or choose another --db)"
        ) from exc
    finally:
        con.close()
    if "careers" not in tables:
        raise DatabaseError(
            f"{db_path}: a DuckDB database, but not careerdash's (no careers table); "
            "choose another --db"
        )


@paused_gc()
def write_database(
    db_path: Path,
    careers: list[Career],
    *,
    keep_from: Path | None = None,
    extra_rows: dict[str, list[dict]] | None = None,
    replace_kinds: Iterable[str] = ("fiche",),
    info: dict[str, str] | None = None,
    reference_rows: dict[str, list[dict]] | None = None,
    drop_rows: dict[str, str] | None = None,
) -> tuple[int, dict[str, int]]:
    """Write `careers` (plus rows carried over from `keep_from`) to a new file, then swap it in.

    Rows of the old database whose career's `source_kind` is not in `replace_kinds` are
    copied across, and so are the reference tables not given in `reference_rows`;
    `drop_rows` ({table: SQL condition}) leaves out the old rows it matches. Returns
    (facts written, {source_kind: careers carried over}). Holds the writer's lock (callers
    that read the old file first take it before reading).

    A write that changes no career (Dares, OEWS, diplomas) copies the old file and changes
    only its own rows in the copy, when the copy was written with this very schema; any
    other write builds the file afresh. Either way the old file is replaced only by the
    finished new one.
    """
    db_path = Path(db_path)
    with writer_lock(db_path):
        return _write_database(
            db_path,
            careers,
            keep_from,
            extra_rows,
            replace_kinds,
            info,
            reference_rows,
            drop_rows or {},
        )


def schema_version() -> str:
    """What the schema is, derived search table included, recorded in build_info: a file
    written with another schema is never patched in place (its tables may lack columns)."""
    return hashlib.sha256((schema_sql() + SEARCH_SQL).encode()).hexdigest()


SCHEMA_KEY = "schema.sha256"


def _write_database(
    db_path: Path,
    careers: list[Career],
    keep_from: Path | None,
    extra_rows: dict[str, list[dict]] | None,
    replace_kinds: Iterable[str],
    info: dict[str, str] | None,
    reference_rows: dict[str, list[dict]] | None,
    drop_rows: dict[str, str],
) -> tuple[int, dict[str, int]]:
    target = target_path(db_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    staged = target.with_name(f".{target.name}.{os.getpid()}.kept.tmp")
    tmp.unlink(missing_ok=True)
    replace_kinds = tuple(replace_kinds)
    reference_rows = reference_rows or {}
    try:
        if keep_from:
            written = _patch_copy(
                keep_from, tmp, careers, replace_kinds, extra_rows, info, reference_rows, drop_rows
            )
            if written is not None:
                os.replace(tmp, target)
                _remember_written(target)
                return written
            _remove(tmp)
        if keep_from and drop_rows:
            shutil.copyfile(keep_from, staged)
            con = duckdb.connect(str(staged))
            try:
                for table, where in drop_rows.items():
                    con.execute(f"DELETE FROM {table} WHERE {where}")
            finally:
                con.close()
            keep_from = staged
        con = duckdb.connect(str(tmp))
        try:
            con.execute(schema_sql())
            kept = (
                _copy_kept(con, keep_from, replace_kinds, skip=tuple(reference_rows))
                if keep_from
                else {}
            )
            rows = career_rows(careers)
            for table, extra in (extra_rows or {}).items():
                rows[table] = rows.get(table, []) + extra
            facts = insert_rows(con, rows)
            facts += insert_rows(con, reference_rows)
            # with nothing kept, every kind is new; else only the kinds written now
            written_kinds = {c.source_kind for c in careers} | set(replace_kinds)
            _finish(con, info, written_kinds if keep_from else None)
        finally:
            con.close()
        os.replace(tmp, target)
        _remember_written(target)
    except BaseException:
        _remove(tmp)
        raise
    finally:
        _remove(staged)
    return facts, kept


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    Path(str(path) + ".wal").unlink(missing_ok=True)


def _patch_copy(
    old: Path,
    tmp: Path,
    careers: list[Career],
    replace_kinds: tuple[str, ...],
    extra_rows: dict[str, list[dict]] | None,
    info: dict[str, str] | None,
    reference_rows: dict[str, list[dict]],
    drop_rows: dict[str, str],
) -> tuple[int, dict[str, int]] | None:
    """Copy `old` to `tmp` and replace in the copy only the rows this write brings (the
    careers of `replace_kinds`, the reference tables given, `drop_rows`); None (nothing
    done) when `old` was written with another schema."""
    shutil.copyfile(old, tmp)
    con = duckdb.connect(str(tmp))
    try:
        try:
            row = con.execute("SELECT value FROM build_info WHERE key = ?", [SCHEMA_KEY]).fetchone()
        except duckdb.Error:
            row = None
        if row is None or row[0] != schema_version():
            return None
        kinds = list(replace_kinds) or [""]
        placeholders = ", ".join("?" for _ in kinds)
        kept = dict(
            con.execute(
                "SELECT source_kind, count(*) FROM careers "
                f"WHERE source_kind NOT IN ({placeholders}) GROUP BY ALL ORDER BY 1",
                kinds,
            ).fetchall()
        )
        if replace_kinds:
            gone = f"SELECT career_id FROM careers WHERE source_kind IN ({placeholders})"
            for table in reversed(TABLES):  # careers last: the others select through it
                con.execute(f"DELETE FROM {table} WHERE career_id IN ({gone})", kinds)
        for table in reference_rows:
            _empty_table(con, table)
        for table, where in drop_rows.items():
            con.execute(f"DELETE FROM {table} WHERE {where}")
        # what a fresh write carries over: the imports' records and, unless this write
        # replaces the fiches, the fingerprint of the fiches kept
        keys = "key LIKE 'import.%'"
        if "fiche" not in replace_kinds:
            keys += f" OR key = '{FINGERPRINT_KEY}'"
        con.execute(f"DELETE FROM build_info WHERE NOT ({keys})")
        rows = career_rows(careers)
        for table, extra in (extra_rows or {}).items():
            rows[table] = rows.get(table, []) + extra
        facts = insert_rows(con, rows) + insert_rows(con, reference_rows)
        changed = set(reference_rows) | set(drop_rows) | set(extra_rows or {})
        if careers or replace_kinds:
            changed |= set(TABLES)
        _finish(con, info, {c.source_kind for c in careers} | set(replace_kinds), changed)
    finally:
        con.close()
    return facts, kept


def _empty_table(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Empty a table the write replaces whole: dropped and created again as the file had it,
    indexes included. A DELETE of every row costs seconds on an indexed table (each key is
    taken out of the index one by one: 6 s for the diploma tables), a DROP nothing."""
    row = con.execute(
        "SELECT sql FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?", [table]
    ).fetchone()
    if row is None:
        raise ValueError(f"unknown table {table!r}")
    indexes = [
        sql
        for (sql,) in con.execute(
            "SELECT sql FROM duckdb_indexes() WHERE schema_name = 'main' AND table_name = ? "
            "ORDER BY index_name",
            [table],
        ).fetchall()
    ]
    con.execute(f"DROP TABLE {table}")
    con.execute(row[0])
    for sql in indexes:
        con.execute(sql)


# What each derived set of rows is computed from.
FAMILY_PAY_INPUTS = {"careers", "dares_families", "dares_rome_families"}
ROME_LINK_INPUTS = {"rome_links", "hard_skills", "constraints"}
FICHE_DIPLOMA_INPUTS = {"careers", "diplomas", "diploma_refs", "diploma_aliases"}
SEARCH_INPUTS = {"careers", "alt_titles", "missions", "diplomas"}
SUMMARY_INPUTS = {"careers", "salary_bands", "profile_scores", "diplomas", "hard_skills"}


def _finish(
    con: duckdb.DuckDBPyConnection,
    info: dict[str, str] | None,
    kinds: Iterable[str] | None,
    changed: set[str] | None = None,
) -> None:
    """What every write derives from the rows once they are in: links, family pay, the
    precomputed tables, build_info; then the file is checkpointed.

    `changed` (a patched copy) names the tables the write replaced rows of: what is derived
    only from other tables is already right in the copy and is not computed again (an OEWS
    or diploma import recomputed the search texts of 2,648 careers it did not touch).
    """
    changed = None if changed is None else set(changed)

    def touched(inputs: set[str]) -> bool:
        return changed is None or bool(changed & inputs)

    resolve_progressions(con, kinds)
    if touched(FAMILY_PAY_INPUTS):
        attach_family_pay(con)
        if changed is not None:
            changed.add("salary_bands")
    if touched(ROME_LINK_INPUTS):
        attach_rome_links(con)
    from .importers.diplomas import link_fiche_diplomas

    if touched(FICHE_DIPLOMA_INPUTS):
        link_fiche_diplomas(con)
    derive_columns(con, search=touched(SEARCH_INPUTS), summary=touched(SUMMARY_INPUTS))
    build_info = {
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        SCHEMA_KEY: schema_version(),
    } | (info or {})
    con.executemany("INSERT OR REPLACE INTO build_info VALUES (?, ?)", list(build_info.items()))
    con.execute("CHECKPOINT")


def _copy_kept(
    con: duckdb.DuckDBPyConnection,
    old: Path,
    replace_kinds: tuple[str, ...],
    skip: tuple[str, ...] = (),
) -> dict[str, int]:
    con.execute("ATTACH ? AS old (READ_ONLY)", [str(old)])
    try:
        old_tables = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'old'"
            ).fetchall()
        }
        if "careers" not in old_tables:
            return {}
        placeholders = ", ".join("?" for _ in replace_kinds)
        keep = f"SELECT career_id FROM old.careers WHERE source_kind NOT IN ({placeholders})"
        for table in TABLES:
            if table in old_tables:
                con.execute(
                    f"INSERT INTO {table} BY NAME SELECT * FROM old.{table} "
                    f"WHERE career_id IN ({keep})",
                    list(replace_kinds),
                )
        for table in REFERENCE_TABLES:
            if table in old_tables and table not in skip:
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM old.{table}")
        counts = con.execute(
            f"SELECT source_kind, count(*) FROM old.careers WHERE source_kind NOT IN "
            f"({placeholders}) GROUP BY ALL ORDER BY 1",
            list(replace_kinds),
        ).fetchall()
        if "build_info" in old_tables:
            # what each import was, and (unless this write replaces the fiches) which
            # fiches the carried-over fiche careers were built from
            keys = "key LIKE 'import.%'"
            if "fiche" not in replace_kinds:
                keys += f" OR key = '{FINGERPRINT_KEY}'"
            con.execute(
                f"INSERT OR REPLACE INTO build_info SELECT * FROM old.build_info WHERE {keys}"
            )
        return dict(counts)
    finally:
        con.execute("DETACH old")


def attach_family_pay(con: duckdb.DuckDBPyConnection) -> int:
    """(Re)derive the Dares `family_median` salary bands of every career with a ROME code.

    They follow from the reference tables and careers.rome_code, so a rebuilt fiche or a
    re-imported ROME set gets its family figures back without re-importing Dares.
    """
    con.execute("DELETE FROM salary_bands WHERE level = 'family_median'")
    con.execute(
        """
        INSERT INTO salary_bands BY NAME
        SELECT p.career_id, 'family_median' AS level, p.median_net_month AS min_amount,
               p.median_net_month AS max_amount, 'EUR' AS currency, 'month' AS period,
               'net' AS basis, false AS converted_from_monthly, false AS presumed_gross,
               ? AS source_url,
               'Dares, Portraits statistiques des métiers : salaire mensuel net médian des '
               || 'salariés à temps complet, ' || p.data_year || ', famille '
               || p.fap_code || coalesce(' ' || p.fap_label, '') || ' (' || p.nomenclature
               || ') ; choix : ' || CASE p.rule
                    WHEN 'single' THEN 'seule famille du métier'
                    WHEN 'cadre' THEN 'famille des cadres (emploi cadre selon le ROME)'
                    WHEN 'non_cadre' THEN 'famille non cadre (emploi non cadre selon le ROME)'
                    WHEN 'fap87' THEN 'famille regroupée FAP-87, sans médiane détaillée'
                    ELSE 'une des familles possibles selon la qualification (fourchette)'
                  END AS source_note,
               p.data_year
        FROM pay_families p
        WHERE p.chosen AND p.median_net_month IS NOT NULL
        ORDER BY p.career_id, p.median_net_month
        """,
        [DARES_URL],
    )
    return con.execute(
        "SELECT count(*) FROM salary_bands WHERE level = 'family_median'"
    ).fetchone()[0]


def attach_rome_links(con: duckdb.DuckDBPyConnection) -> None:
    """Copy the reviewed ROME codes of the fiches' skills and constraints onto their rows."""
    for table, kind in (("hard_skills", "hard_skill"), ("constraints", "constraint")):
        group = ", rome_group = l.rome_group" if table == "hard_skills" else ""
        con.execute(
            f"UPDATE {table} t SET rome_code = l.rome_code, rome_label = l.rome_label{group} "
            "FROM rome_links l WHERE l.kind = ? AND t.career_id = l.career_id "
            "AND t.name = l.name",
            [kind],
        )


def read_rome_links(folder: Path, careers: list[Career]) -> tuple[list[dict], list[Problem]]:
    """Rows of `rome_links` from the reviewed CSVs of `folder` (data/rome_links).

    Each row names a fiche (its file name without extension), the fiche's own wording of a
    hard skill or constraint, and the ROME OGR code it names, or `none`. A row about a
    fiche or a name the fiches do not have is a problem: the mapping must follow the data.
    """
    import csv

    by_stem = {Path(c.source_path or "").stem: c for c in careers}
    rows: list[dict] = []
    problems: list[Problem] = []
    for kind, name in ROME_LINK_FILES.items():
        path = Path(folder) / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for line, r in enumerate(csv.DictReader(f), start=2):
                career = by_stem.get(r.get("fiche", ""))
                if career is None:
                    problems.append(Problem(str(path), line, None, f"no fiche {r.get('fiche')!r}"))
                    continue
                names = career.hard_skills if kind == "hard_skill" else career.constraints
                if r["name"] not in {x.name for x in names}:
                    problems.append(
                        Problem(str(path), line, None, f"{r['fiche']} has no {kind} {r['name']!r}")
                    )
                    continue
                code = r["rome_code"].strip()
                none = code.casefold() in ("none", "")
                rows.append(
                    {
                        "career_id": career_id(career),
                        "kind": kind,
                        "name": r["name"],
                        "rome_code": None if none else code,
                        "rome_label": None if none else r["rome_label"] or None,
                        "rome_group": None if none else r.get("rome_group") or None,
                    }
                )
    return rows, problems


# -- precomputed at write time (speed) --------------------------------------------------


def derive_columns(
    con: duckdb.DuckDBPyConnection, *, search: bool = True, summary: bool = True
) -> None:
    """Compute once, when the file is written, what every read would otherwise recompute.

    - `career_search`: one folded text per career (title, appellations, missions, diploma
      names; lower case, accents stripped, œ → oe like `text.fold`), so that search is
      accent-insensitive without folding every row at query time; beside it the same parts
      as written, so that a search names what it found without reading them again.
    - `career_summary` becomes a table holding the view's rows: the view aggregates every
      salary band, profile score, diploma and hard skill at each query (5 million skill
      rows at 100,000 careers). The file is never written after this (atomic builds), so
      the table cannot go stale.

    `search` or `summary` False: that table is left as it is (its rows did not change).
    """
    if search:
        _derive_search(con)
    if summary:
        _derive_summary(con)


# One line per part, in a fixed order: title, appellations (alphabetical), missions (by
# group, then position), diplomas (by position). Without ORDER BY, string_agg joined them in
# whatever order the threads delivered, and two writes of the same rows differed. A part's
# own line breaks become spaces, so that line i of `search_text` (folded, what a search
# reads) is line i of `search_parts` (as written, what the reader is shown) and the counts
# of appellations and missions say which kind of part a line is.
SEARCH_SQL = """
    CREATE OR REPLACE TABLE career_search AS
    WITH parts AS (
        SELECT career_id, 0 AS kind, 0 AS grp, 0 AS pos, title AS part FROM careers
        UNION ALL SELECT career_id, 1, 0, 0, alt_title FROM alt_titles
        UNION ALL SELECT career_id, 2, group_index, position, task FROM missions
        UNION ALL SELECT career_id, 3, 0, position, name FROM diplomas
    ),
    joined AS (
        SELECT career_id,
               string_agg(replace(part, chr(10), ' '), chr(10) ORDER BY kind, grp, pos, part)
                   AS search_parts,
               count(*) FILTER (WHERE kind = 1) AS appellations,
               count(*) FILTER (WHERE kind = 2) AS missions
        FROM parts
        GROUP BY career_id
    )
    SELECT career_id,
           replace(replace(strip_accents(lower(search_parts)), 'œ', 'oe'), 'æ', 'ae')
               AS search_text,
           search_parts,
           appellations::INTEGER AS appellations,
           missions::INTEGER AS missions
    FROM joined
"""


def _derive_search(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(SEARCH_SQL)


def _derive_summary(con: duckdb.DuckDBPyConnection) -> None:
    kind = con.execute(
        "SELECT table_type FROM information_schema.tables WHERE table_name = 'career_summary'"
    ).fetchone()
    if kind and kind[0] != "VIEW":  # a copied file (write_database): the old rows' table
        con.execute("DROP TABLE career_summary")
        con.execute(_summary_view_sql())
        kind = ("VIEW",)
    if kind and kind[0] == "VIEW":
        con.execute("CREATE TABLE career_summary_rows AS SELECT * FROM career_summary")
        con.execute("DROP VIEW career_summary")
        con.execute("ALTER TABLE career_summary_rows RENAME TO career_summary")


def _summary_view_sql() -> str:
    """The schema's `CREATE VIEW career_summary` statement (no comment in it ends in ";")."""
    sql = schema_sql()
    start = sql.index("CREATE VIEW career_summary AS")
    return sql[start : sql.index(";\n", start) + 1]


# -- reading ----------------------------------------------------------------------------


def connect_read_only(db_path: Path = DEFAULT_DB) -> duckdb.DuckDBPyConnection:
    if not Path(db_path).exists():
        raise FileNotFoundError(f"no database at {db_path}: run `careerdash build` first")
    return duckdb.connect(str(db_path), read_only=True)


def recorded_fingerprint(db_path: Path, con: duckdb.DuckDBPyConnection | None = None) -> str | None:
    """The fiche fingerprint the database was built from, or None when it has none.

    `con`, an open connection to the current file, is used as is (the app passes its own:
    a second connection could be served a replaced file's data, duckdb#15912).
    """
    own = con is None
    try:
        if con is None:
            con = duckdb.connect(str(db_path), read_only=True)
        cursor = con.cursor()
        try:
            row = cursor.execute(
                "SELECT value FROM build_info WHERE key = ?", [FINGERPRINT_KEY]
            ).fetchone()
        finally:
            cursor.close()
    except duckdb.Error:
        return None
    finally:
        if own and con is not None:
            con.close()
    return row[0] if row else None


def is_stale(
    db_path: Path = DEFAULT_DB,
    fiches: Path = DEFAULT_FICHES,
    *,
    con: duckdb.DuckDBPyConnection | None = None,
) -> bool:
    """True when the database is missing or was not built from the fiches as they are now.

    The build records the fiches' fingerprint; a database without one (built before it was
    recorded) is compared by modification time.
    """
    db_path, fiches = Path(db_path), Path(fiches)
    if not db_path.exists():
        return True
    try:
        if not fiches.is_dir():
            return False
        recorded = recorded_fingerprint(db_path, con)
        if recorded is not None:
            return recorded != fiches_fingerprint(fiches)
        built = db_path.stat().st_mtime
        times = [fiches.stat().st_mtime]
        for p in fiche_files(fiches):
            with contextlib.suppress(OSError):
                times.append(p.stat().st_mtime)
        return max(times) > built
    except OSError:
        return True
