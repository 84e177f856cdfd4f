"""Build the real national database and print a checksum of every table, to compare the
figures two versions of the importers write (issue 14: faster imports, same rows).

The database holds the bundled fiches and every import of `realdb.import_all`, one after the
other. Per table: its row count and the sum of the hashes of its rows (order-free), so that
two outputs can be compared with `diff`. Timestamps of `build_info` (when it was written)
are left out; every other key is hashed with its value. `career_search` is hashed as written
(its parts are joined in a fixed order), or with `--search-as-set` as the set of its parts per
career, to compare with code from before that order was fixed.

Usage: python bench/compare_imports.py [--realdata DIR] [--fiches DIR] [--keep DB]
       [--search-as-set] > out.txt
Run it once with the code of `main` (e.g. from a `git archive` with PYTHONPATH) and once
with the branch, then `diff` the two outputs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
import realdb  # noqa: E402

from careerdash.store import build  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TIMES = ("built_at", "import.%.imported_at")


def checksums(db: Path, search_as_set: bool = False) -> list[tuple[str, int, int]]:
    """(table, rows, sum of row hashes) for every table of the database, by name."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1"
            ).fetchall()
        ]
        out = []
        for table in tables:
            rows = f"SELECT * FROM {table}"
            if table == "build_info":
                rows += " WHERE " + " AND ".join(f"key NOT LIKE '{t}'" for t in TIMES)
            if table == "career_search" and search_as_set:
                # before the fix, string_agg had no ORDER BY: the parts' order varied from
                # one write to the next; their set is what search reads
                rows = (
                    "SELECT career_id, list_sort(string_split(search_text, chr(10))) AS parts "
                    "FROM career_search"
                )
            n, h = con.execute(
                f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM ({rows}) t"
            ).fetchone()
            out.append((table, n, int(h)))
        return out
    finally:
        con.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realdata", type=Path, default=realdb.REALDATA)
    parser.add_argument(
        "--fiches",
        type=Path,
        default=ROOT / "data" / "fiches",
        help="the fiches (their path is written in the database: give both runs the same)",
    )
    parser.add_argument("--keep", type=Path, help="also copy the database built to this file")
    parser.add_argument(
        "--search-as-set",
        action="store_true",
        help="hash career_search as the set of its parts (for code whose order varies)",
    )
    args = parser.parse_args()
    if not realdb.available(args.realdata):
        raise SystemExit(f"real datasets not found under {args.realdata} (use --realdata)")
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "compare.duckdb"
        build(args.fiches, db, keep_imports=False)
        seconds = realdb.import_all(db, args.realdata)
        print("# " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()), file=sys.stderr)
        for table, n, h in checksums(db, args.search_as_set):
            print(f"{table:<28} {n:>9} {h}")
        if args.keep:
            args.keep.write_bytes(db.read_bytes())


if __name__ == "__main__":
    main()
