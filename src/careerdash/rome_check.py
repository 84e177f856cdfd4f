"""Check the fiches' ROME codes and the reviewed skill links against the ROME 4.0 files.

`careerdash validate --strict --rome DIR` runs it: each fiche's `Code ROME` must be the one
recorded in `data/rome_links/fiche_rome_codes.csv`, whose appellation must belong to that
ROME fiche; every ROME code and OGR code of the link files must exist in the ROME set,
with the wording written beside it. A fiche the record marks `none` carries no code.
"""

from __future__ import annotations

import csv
from pathlib import Path

from .fiche import Problem
from .importers.common import DataSource, ImportReport, read_table
from .importers.rome import find_version
from .model import Career

FICHE_CODES = "fiche_rome_codes.csv"


def _read_csv(path: Path) -> list[tuple[int, dict[str, str]]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(enumerate(csv.DictReader(f), start=2))


def rome_reference(rome: Path | str) -> dict[str, dict[str, str]]:
    """{'codes': code → title, 'appellations': (code, appellation) → '', 'items': ogr → label}."""
    source = DataSource(rome)
    report = ImportReport("ROME 4.0", str(rome))
    try:
        version = find_version(source)

        def table(stem: str):
            return read_table(source, source.find(f"unix_{stem}_v{version}_utf8.csv"), report)

        codes = {
            r["code_rome"]: r["libelle_rome"]
            for _, r in table("referentiel_code_rome").records(
                ("code_rome", "libelle_rome"), report
            )
        }
        appellations = {
            (r["code_rome"], r["libelle_appellation_long"]): ""
            for _, r in table("referentiel_appellation").records(
                ("code_rome", "libelle_appellation_long"), report
            )
        }
        items = {
            r["code_ogr"]: r["libelle_competence"]
            for _, r in table("referentiel_competence").records(
                ("code_ogr", "libelle_competence"), report
            )
        }
        items |= {
            r["code_ogr_savoir"]: r["libelle_savoir"]
            for _, r in table("referentiel_savoir").records(
                ("code_ogr_savoir", "libelle_savoir"), report
            )
        }
        items |= {
            r["code_ogr"]: r["libelle_cont_travail"]
            for _, r in table("referentiel_contexte_travail").records(
                ("code_ogr", "libelle_cont_travail"), report
            )
        }
    finally:
        source.close()
    return {"codes": codes, "appellations": appellations, "items": items}


def check_rome_links(careers: list[Career], links_dir: Path, rome: Path | str) -> list[Problem]:
    """Problems, as `path:line: message`, between the fiches, the link files and ROME."""
    ref = rome_reference(rome)
    problems: list[Problem] = []
    record_path = Path(links_dir) / FICHE_CODES
    record = {r["fiche"]: (line, r) for line, r in _read_csv(record_path)}
    for career in careers:
        path = career.source_path or ""
        stem = Path(path).stem
        if not record:  # no record beside these fiches: their codes must exist, that is all
            if career.rome_code and career.rome_code not in ref["codes"]:
                problems.append(Problem(path, 1, None, f"{career.rome_code} is not a ROME code"))
            continue
        if stem not in record:
            problems.append(
                Problem(path, 1, None, f"no row in {record_path} for this fiche (its ROME code)")
            )
            continue
        line, r = record[stem]
        code = r["rome_code"]
        if code == "none":
            if career.rome_code:
                problems.append(
                    Problem(path, 1, None, f"{record_path}:{line} says no ROME fiche fits")
                )
            continue
        if career.rome_code != code:
            problems.append(
                Problem(path, 1, None, f"Code ROME {career.rome_code} but {record_path} has {code}")
            )
        if code not in ref["codes"]:
            problems.append(Problem(str(record_path), line, None, f"{code} is not a ROME code"))
        elif (code, r["rome_appellation"]) not in ref["appellations"]:
            problems.append(
                Problem(
                    str(record_path),
                    line,
                    None,
                    f"{r['rome_appellation']!r} is not an appellation of {code}",
                )
            )
    for name in ("hard_skills.csv", "constraints.csv"):
        path = Path(links_dir) / name
        for line, r in _read_csv(path):
            code = r["rome_code"]
            if code == "none":
                continue
            label = ref["items"].get(code)
            if label is None:
                problems.append(Problem(str(path), line, None, f"{code} is not a ROME OGR code"))
            elif label != r["rome_label"]:
                problems.append(
                    Problem(
                        str(path),
                        line,
                        None,
                        f"ROME calls {code} {label!r}, not {r['rome_label']!r}",
                    )
                )
    return problems
