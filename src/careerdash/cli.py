"""`careerdash build / validate / show`: the library's functions, from a shell."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .fiche import FicheError, read_fiche
from .store import DEFAULT_DB, DEFAULT_FICHES, BuildError, build, fiche_files, read_fiches


def _expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        files += fiche_files(path) if path.is_dir() else [path]
    return files


def cmd_build(args: argparse.Namespace) -> int:
    try:
        report = build(
            Path(args.fiches),
            Path(args.db),
            keep_imports=not args.drop_imports,
            progress=lambda msg: print(msg, file=sys.stderr),
        )
    except BuildError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        files = len({p.path for p in exc.problems})
        print(
            f"build failed: {len(exc.problems)} problem(s) in {files} file(s); "
            f"{args.db} left unchanged",
            file=sys.stderr,
        )
        return 1
    print(report.summary())
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    files = _expand(args.paths)
    if not files:
        print("no fiche to validate", file=sys.stderr)
        return 2
    careers, problems = read_fiches(files, strict=args.strict)
    for problem in problems:
        print(problem)
    bad = len({p.path for p in problems})
    print(f"{len(files)} file(s) checked, {len(files) - bad} valid, {bad} invalid", file=sys.stderr)
    return 1 if problems else 0


def cmd_show(args: argparse.Namespace) -> int:
    try:
        career = read_fiche(args.file)
    except FicheError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(career.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(career.title)
    if career.summary:
        print(career.summary)
    for band in career.salary_bands:
        high = f"{band.max_eur:,}".replace(",", " ") if band.max_eur is not None else "…"
        low = f"{band.min_eur:,}".replace(",", " ") if band.min_eur is not None else "…"
        print(f"  {band.level:<9} {low} – {high} € ({band.basis})")
    for p in career.progressions:
        print(f"  step {p.step}: {p.title}")
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
    v.set_defaults(func=cmd_validate)

    s = sub.add_parser("show", help="print one fiche as careerdash reads it")
    s.add_argument("file")
    s.add_argument("--json", action="store_true", help="the JSON form of the career")
    s.set_defaults(func=cmd_show)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
