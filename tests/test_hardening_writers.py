"""Writers of one database: one at a time, none losing another's work, none leaving a broken
file or temporary files behind when killed. Builds and imports run as real `careerdash`
processes; the tests wait on what those processes print, never on fixed sleeps."""

from __future__ import annotations

import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest

from careerdash import store
from careerdash.importers.load import import_rome
from careerdash.store import TABLES, build, is_stale, temporary_files, writer_lock

FIXTURES = Path(__file__).parent / "fixtures"
FICHES = FIXTURES / "dashboard"
ROME = FIXTURES / "rome"
WAIT = 120  # seconds a test waits for a condition before failing (never reached when fine)

NEW_FICHE = """Soudeur(se)
Assemble des pièces de métal.
#SALAIRE ET ÉVOLUTION
DÉBUTANT (- de 3ans)
De 22 000 € à 26 000 € brut par an
#SOURCES
salary_bands: https://example.org/soudeur
"""


def snapshot(db: Path) -> dict[str, tuple]:
    """Every fact table's row count and an order-free hash of its rows (build_info, which
    holds timestamps, left out)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT count(*), sum(hash(COLUMNS(*))) FROM {t}").fetchone()
            for t in TABLES
        }
    finally:
        con.close()


def kinds(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return dict(
            con.execute("SELECT source_kind, count(*) FROM careers GROUP BY ALL").fetchall()
        )
    finally:
        con.close()


def cli(*args: str, wait: str = "120") -> subprocess.Popen:
    env = os.environ | {"CAREERDASH_LOCK_WAIT": wait, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "careerdash", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


class Lines:
    """The stderr lines of a process, readable as they come."""

    def __init__(self, process: subprocess.Popen):
        self.queue: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._pump, args=(process.stderr,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self.queue.put(line.rstrip("\n"))
        self.queue.put(None)

    def wait_for(self, text: str) -> bool:
        """Block until a line containing `text` arrives; False if the stream ends first."""
        if any(text in line for line in self.seen):
            return True
        while (line := self.queue.get(timeout=WAIT)) is not None:
            self.seen.append(line)
            if text in line:
                return True
        return False


@pytest.fixture
def fiches(tmp_path) -> Path:
    folder = tmp_path / "fiches"
    shutil.copytree(FICHES, folder)
    return folder


# -- one writer at a time ---------------------------------------------------------------


def test_a_build_and_an_import_at_once_both_land(tmp_path, fiches):
    """The issue's reproducer: `import rome` while `build` runs. Both are made to queue on
    the lock (held here until both say they wait), then each must find the other's work."""
    db = tmp_path / "c.duckdb"
    build(fiches, db)
    before = kinds(db)["fiche"]
    (fiches / "soudeur.txt").write_text(NEW_FICHE, encoding="utf-8")
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with writer_lock(db):
            held.set()
            release.wait(WAIT)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(WAIT)
        importing = cli("import", "rome", str(ROME), "--db", str(db))
        building = cli("build", "--fiches", str(fiches), "--db", str(db))
        import_err, build_err = Lines(importing), Lines(building)
        assert import_err.wait_for("waiting for another build or import"), import_err.seen
        assert build_err.wait_for("waiting for another build or import"), build_err.seen
    finally:
        release.set()
        holder.join()
    assert importing.wait(WAIT) == 0, import_err.seen
    assert building.wait(WAIT) == 0, build_err.seen
    assert kinds(db) == {"fiche": before + 1, "rome": 4}
    assert not is_stale(db, fiches)


def test_a_second_writer_gives_up_with_a_clear_message(tmp_path, fiches):
    db = tmp_path / "c.duckdb"
    build(fiches, db)
    before = snapshot(db)
    with writer_lock(db):
        process = cli("import", "rome", str(ROME), "--db", str(db), wait="0.2")
        out, err = process.communicate(timeout=WAIT)
    assert process.returncode == 1
    assert err.splitlines()[-2:] == [
        f"import failed: {db}: another build or import is writing this database; gave up "
        "after waiting 0.2 s (try again when it has finished)",
        f"{db} left unchanged",
    ]
    assert snapshot(db) == before


def test_an_import_landing_after_an_edit_does_not_hide_it(tmp_path, fiches):
    """The import writes a file newer than the edited fiche; the app must still rebuild."""
    db = tmp_path / "c.duckdb"
    build(fiches, db)
    fiche = next(fiches.glob("*.txt"))
    fiche.write_text(fiche.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    import_rome(ROME, db)
    assert db.stat().st_mtime_ns > fiche.stat().st_mtime_ns
    assert is_stale(db, fiches)
    build(fiches, db)
    assert not is_stale(db, fiches)
    assert kinds(db)["rome"] == 4


def test_the_apps_rebuild_never_waits_for_another_writer(tmp_path, fiches):
    from careerdash.ui import Database

    db = tmp_path / "c.duckdb"
    build(fiches, db)
    (fiches / "soudeur.txt").write_text(NEW_FICHE, encoding="utf-8")
    app = Database(db, fiches)
    with writer_lock(db):
        done = threading.Event()
        result: list = []
        worker = threading.Thread(target=lambda: (result.append(app.refresh()), done.set()))
        worker.start()
        assert done.wait(WAIT)  # returned while the lock was still held
        worker.join()
    assert result[0] is not None and app.busy and not app.unusable
    assert app.cursor().execute("SELECT count(*) FROM careers").fetchone() == (4,)
    assert app.refresh() is not None and not app.busy  # next rerun: the edit is built
    assert app.cursor().execute("SELECT count(*) FROM careers").fetchone() == (5,)


# -- killed writers ---------------------------------------------------------------------

KILLS = 6  # per kind of writer; each kill lands at a random point after the writer starts


@pytest.mark.parametrize("writer", ["build", "import"])
def test_a_killed_writer_leaves_old_or_new_and_no_temporary_file(tmp_path, fiches, writer):
    rng = random.Random(f"careerdash-kill-{writer}")
    (fiches / "soudeur.txt").write_text(NEW_FICHE, encoding="utf-8")
    old_db = tmp_path / "old.duckdb"
    build(FICHES, old_db)
    args = (
        ["build", "--fiches", str(fiches)] if writer == "build" else ["import", "rome", str(ROME)]
    )
    started = "parsed" if writer == "build" else "reading ROME"
    reference = tmp_path / "new.duckdb"
    shutil.copy(old_db, reference)
    done = cli(*args, "--db", str(reference))
    assert done.wait(WAIT) == 0, done.stderr.read()
    old, new = snapshot(old_db), snapshot(reference)
    assert old != new
    outcomes = {"old": 0, "new": 0}
    for _ in range(KILLS):
        db = tmp_path / "c.duckdb"
        shutil.copy(old_db, db)
        process = cli(*args, "--db", str(db))
        lines = Lines(process)
        lines.wait_for(started)  # the writer is past start-up: now kill it anywhere
        try:
            process.wait(timeout=rng.uniform(0, 0.6))
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
        process.wait(WAIT)
        store.check_database(db)  # opens, every block readable
        state = snapshot(db)
        assert state in (old, new)
        outcomes["old" if state == old else "new"] += 1
        # the next writer removes what the killed one left
        build(fiches, db)
        assert temporary_files(db) == []
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
        db.unlink()
    assert sum(outcomes.values()) == KILLS


def test_stale_temporary_files_are_removed_by_the_next_writer(tmp_path, fiches):
    db = tmp_path / "c.duckdb"
    build(fiches, db)
    left = [
        tmp_path / ".c.duckdb.424242.tmp",
        tmp_path / ".c.duckdb.424242.tmp.wal",
        tmp_path / ".c.duckdb.434343.oews.tmp",
    ]
    for path in left:
        path.write_bytes(b"x" * 1000)
    other = tmp_path / ".other.duckdb.1.tmp"  # another database's: not ours to remove
    other.write_bytes(b"x")
    build(fiches, db)
    assert [p.exists() for p in left] == [False, False, False]
    assert other.exists()


def test_a_symlinked_database_stays_a_link(tmp_path, fiches):
    real = tmp_path / "store" / "real.duckdb"
    real.parent.mkdir()
    build(fiches, real)
    link = tmp_path / "c.duckdb"
    link.symlink_to(real)
    (fiches / "soudeur.txt").write_text(NEW_FICHE, encoding="utf-8")
    build(fiches, link)
    import_rome(ROME, link)
    assert link.is_symlink() and link.resolve() == real
    assert kinds(real) == {"fiche": 5, "rome": 4}
    assert sorted(p.name for p in real.parent.iterdir()) == ["real.duckdb", "real.duckdb.lock"]


def test_the_app_keeps_the_current_base_when_it_cannot_write_a_new_one(tmp_path, fiches):
    """A rebuild that cannot write beside the database (here its lock file is a folder, as
    unwritable as a read-only folder is) leaves the current file in use, and says so."""
    from careerdash.ui import Database

    db = tmp_path / "c.duckdb"
    build(fiches, db)
    (tmp_path / "c.duckdb.lock").unlink()
    (tmp_path / "c.duckdb.lock").mkdir()
    (fiches / "soudeur.txt").write_text(NEW_FICHE, encoding="utf-8")
    app = Database(db, fiches)
    assert app.refresh() is not None
    assert app.not_updated and not app.unusable and not app.problems
    assert app.cursor().execute("SELECT count(*) FROM careers").fetchone() == (4,)
