"""Diplomas as data: national diploma references, their links to jobs, and their outcomes.

`careerdash import diplomas PATH…` reads any of these, each recognised by its file names
(a folder, sub-folders included, or a .zip):

- BCN (Éducation nationale): `vFormationDiplome_.csv`, `nFormationDiplome_.csv`,
  `N_FORMATION_DIPLOME*.csv` (diplomas by CFD code: title, level, open/close dates,
  successors), `nNiveauFormationDiplome_.csv` (level labels), `nMef.csv` (MEFSTAT11 → CFD);
- Certif Info (`certif_info.csv`): CFD ↔ RNCP ↔ up to 5 ROME codes, European level, ONISEP id;
- RNCP: the France compétences export (`export_fiches_CSV_Rome_*`, `…_Standard_*`,
  `…_Ancienne_Nouvelle_Certification_*`) and the 2021 list `rncp_info*.csv`;
- the Kit apprentissage (`Kit apprentissage et RNCP*.csv`): CFD ↔ RNCP;
- ROME 4.0 savoirs of category "Certifications" (`unix_referentiel_savoir_*`,
  `unix_liens_rome_referentiels_*`): a diploma named on a ROME fiche, resolved by name;
- InserJeunes (`ij_region_data.csv`): outcomes per diploma × region × year × route.

The readers only read: they return per-source rows (`DiplomaRows`). `derive` merges the
rows of every source into one row per diploma, its search aliases and its resolved links;
`import_diplomas` writes them atomically through the store, keeping the rows of the
sources a call does not re-import.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from ..store import DEFAULT_DB, check_database_once, check_writable, write_database, writer_lock
from ..text import fold
from .common import (
    DatasetError,
    DataSource,
    ImportReport,
    Progress,
    Table,
    paused_gc,
    read_delimited,
)

Step = Callable[[str], None]

# -- vocabularies ---------------------------------------------------------------------------

# European qualification level → years of study after the end of secondary school.
EU_LEVEL_YEARS = {3: -1, 4: 0, 5: 2, 6: 3, 7: 5, 8: 8}

# Diploma kinds: (label shown, short form used in names, folded ways of writing it).
KINDS: list[tuple[str, str, tuple[str, ...]]] = [
    (
        "CAP agricole",
        "CAPA",
        ("capa", "cap agricole", "certificat d'aptitude professionnelle agricole"),
    ),
    ("CAP", "CAP", ("cap", "certificat d'aptitude professionnelle")),
    ("Bac pro agricole", "Bac pro", ("bac pro agricole", "baccalaureat professionnel agricole")),
    ("Bac pro", "Bac pro", ("bac pro", "bac professionnel", "baccalaureat professionnel")),
    ("BP", "BP", ("bp", "brevet professionnel")),
    ("BTSA", "BTSA", ("btsa", "brevet de technicien superieur agricole")),
    ("BTS", "BTS", ("bts", "brevet de technicien superieur")),
    ("BUT", "BUT", ("but", "bachelor universitaire de technologie")),
    ("DUT", "DUT", ("dut", "diplome universitaire de technologie")),
    ("Mention complémentaire", "MC", ("mc", "mention complementaire", "mc4", "mc5")),
    ("Licence pro", "Licence pro", ("licence pro", "licence professionnelle", "lp")),
    ("Licence", "Licence", ("licence",)),
    ("Master", "Master", ("master",)),
    ("Diplôme d'ingénieur", "Diplôme d'ingénieur", ("diplome d'ingenieur", "titre d'ingenieur")),
    ("Titre professionnel", "Titre pro", ("titre pro", "titre professionnel", "tp")),
    ("Diplôme d'État", "DE", ("diplome d'etat",)),
]
# BCN level short labels (nNiveauFormationDiplome_.LIBELLE_COURT) → kind
BCN_KINDS = {
    "CAP": "CAP",
    "CAPA": "CAP agricole",
    "BAC PRO": "Bac pro",
    "BAC PRO A": "Bac pro agricole",
    "BP": "BP",
    "BTS": "BTS",
    "BTSA": "BTSA",
    "BUT": "BUT",
    "DUT": "DUT",
    "MC4": "Mention complémentaire",
    "MC5": "Mention complémentaire",
    "LIC PRO": "Licence pro",
    "LICENCE": "Licence",
    "MASTER": "Master",
}
SHORT = {label: short for label, short, _ in KINDS}
SYNONYMS = {label: spellings for label, _, spellings in KINDS}
STOPWORDS = {"et", "de", "des", "du", "la", "le", "les", "l", "d", "en", "aux", "au", "a", "pour"}

# INSEE region code → name (InserJeunes `code_region`).
REGIONS = {
    "01": "Guadeloupe",
    "02": "Martinique",
    "03": "Guyane",
    "04": "La Réunion",
    "06": "Mayotte",
    "11": "Île-de-France",
    "24": "Centre-Val de Loire",
    "27": "Bourgogne-Franche-Comté",
    "28": "Normandie",
    "32": "Hauts-de-France",
    "44": "Grand Est",
    "52": "Pays de la Loire",
    "53": "Bretagne",
    "75": "Nouvelle-Aquitaine",
    "76": "Occitanie",
    "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur",
    "94": "Corse",
}
# InserJeunes counts: (column in the file, column in diploma_outcomes)
IJ_COUNTS = (
    ("nb_annee_term", "final_year"),
    ("nb_sortant", "leavers"),
    ("nb_poursuite_etudes", "further_study"),
    ("nb_en_emploi_6_mois", "in_work_6m"),
    ("nb_en_emploi_12_mois", "in_work_12m"),
    ("nb_en_emploi_18_mois", "in_work_18m"),
    ("nb_en_emploi_24_mois", "in_work_24m"),
)
COUNT_NAMES = tuple(name for _, name in IJ_COUNTS)
OUTCOME_COLUMNS = ", ".join(COUNT_NAMES)
SOURCE_LABELS = {
    "bcn": "BCN (Éducation nationale)",
    "certifinfo": "Certif Info",
    "rncp": "RNCP (France compétences)",
    "rncp_2021": "RNCP, liste 2021",
    "kit": "Kit apprentissage",
    "rome_savoir": "ROME 4.0 (savoir « Certifications »)",
    "fiche": "Fiche métier",
    "inserjeunes": "InserJeunes",
}
# Which source wins for a field, first first (the others fill what it leaves blank).
TITLE_ORDER = ("certifinfo", "rncp", "rncp_2021", "kit", "bcn")
STATUS_ORDER = ("bcn", "rncp", "rncp_2021", "kit", "certifinfo")
PREDECESSOR_ORDER = ("bcn", "certifinfo", "rncp", "rncp_2021")

CFD = re.compile(r"^[0-9A-Z]{8}$")
RNCP_IN_TEXT = re.compile(r"rncp\s*(\d{2,6})", re.I)
ROME_CODE = re.compile(r"^[A-N]\d{4}$")
MEFSTAT11 = re.compile(r"^[0-9A-Z]{11}$")
MILLESIME = re.compile(r"^\d{4}_\d{4}$")


# -- what the readers return ------------------------------------------------------------------


@dataclass
class DiplomaRows:
    """Rows per table, as read from the files of one call (before merging)."""

    sources: set[str] = field(default_factory=set)
    records: list[dict] = field(default_factory=list)  # diploma_records
    links: list[dict] = field(default_factory=list)  # diploma_careers (unresolved)
    outcomes: list[dict] = field(default_factory=list)  # diploma_outcomes
    mef: list[dict] = field(default_factory=list)  # diploma_mef
    domains: dict[str, str] = field(default_factory=dict)  # NSF group code → label


def _record(source: str, **values) -> dict:
    row = _BLANK_RECORD.copy()
    row.update(values, source=source)
    return row


RECORD_COLUMNS = (
    "source",
    "cfd",
    "rncp",
    "certifinfo_id",
    "onisep_id",
    "title",
    "kind",
    "eu_level",
    "status",
    "opened_on",
    "closed_on",
    "successor",
    "predecessor",
    "domain_code",
    "domain",
)
_BLANK_RECORD = dict.fromkeys(RECORD_COLUMNS)


# -- small parsers ------------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def clean_cfd(text: str) -> str | None:
    """A CFD as the BCN writes it (8 characters); the Kit drops leading zeros, DGESCO adds
    a dash and a key letter ("400-24202 V"). Cached, as `count` and `kind_of_title`: an
    import makes 150,000 calls on 11,000 codes."""
    text = (text or "").strip().upper().replace("-", "").split(" ")[0]
    if text.isdigit() and 5 <= len(text) < 8:
        text = text.zfill(8)
    return text if CFD.match(text) else None


@lru_cache(maxsize=200_000)
def clean_rncp(text: str) -> str | None:
    """The RNCP number alone ("RNCP39159" and "39159" → "39159"); cached as `clean_cfd`
    (180,000 calls per import)."""
    text = (text or "").strip().upper().removeprefix("RNCP").strip()
    return text if text.isdigit() and 1 <= len(text) <= 6 else None


@lru_cache(maxsize=1024)
def eu_level(text: str) -> int | None:
    """European level from "5", "05", "niveau5", "NIV5"; 0 and blanks are unknown."""
    digits = _NON_DIGIT.sub("", text or "")
    if not digits:
        return None
    value = int(digits)
    return value if 1 <= value <= 8 else None


@lru_cache(maxsize=100_000)
def french_date(text: str) -> dt.date | None:
    """A dd/mm/yyyy date (cached: the BCN repeats a few thousand dates over its rows)."""
    try:
        return dt.datetime.strptime(text.strip(), "%d/%m/%Y").date()
    except (ValueError, AttributeError):
        return None


@lru_cache(maxsize=100_000)
def count(text: str) -> int | None:
    text = (text or "").strip()
    return int(text) if text.isdigit() else None


@lru_cache(maxsize=100_000)
def kind_of_title(title: str) -> str | None:
    """The kind a title starts with ("BTS comptabilité et gestion" → "BTS")."""
    words = tuple(_words(title)[:MAX_KIND_WORDS])
    for n in range(len(words), 0, -1):
        kind = KIND_BY_WORDS.get(words[:n])
        if kind:
            return kind
    return None


def kind_of_type(label: str) -> str | None:
    """A Certif Info or RNCP type label ("Brevet de technicien supérieur") as a kind."""
    words = tuple(_words(label))
    if words in KIND_BY_WORDS:
        return KIND_BY_WORDS[words]
    if words[:2] == ("titre", "professionnel"):
        return "Titre professionnel"
    if words[:3] == ("diplome", "d", "etat") and "jeunesse" not in words:
        return "Diplôme d'État"
    return label.strip() or None


@lru_cache(maxsize=100_000)
def _words(text: str) -> tuple[str, ...]:
    """Lower-case ASCII words ("Comptabilité et gestion (CG)" → comptabilite, et, gestion,
    cg): the same letters as `text.fold`, computed fast for tens of thousands of titles."""
    folded = (text or "").casefold().replace("œ", "oe").replace("æ", "ae")
    ascii_text = _COMBINING.sub("", unicodedata.normalize("NFKD", folded))
    return tuple(_NON_WORD.sub(" ", ascii_text).split())


_NON_WORD = re.compile(r"[^a-z0-9]+")
_NON_DIGIT = re.compile(r"\D")
_COMBINING = re.compile("[\u0300-\u036f]")
KIND_BY_WORDS: dict[tuple[str, ...], str] = {}
for _label, _, _spellings in reversed(KINDS):  # the first kind listed wins a shared spelling
    for _spelling in _spellings:
        KIND_BY_WORDS[tuple(_words(_spelling))] = _label
MAX_KIND_WORDS = max(len(k) for k in KIND_BY_WORDS)
MARKERS = ("option", "specialite", "spe", "mention", "parcours")


# -- reading each source ------------------------------------------------------------------------


def _find(source: DataSource, pattern: str) -> list[str]:
    """Inner paths of the files whose name matches `pattern` (a regex, case-insensitive)."""
    regex = re.compile(pattern, re.I)
    return sorted(
        inner for inner in source.members.values() if regex.match(inner.rsplit("/", 1)[-1])
    )


def _table(
    source: DataSource,
    inner: str,
    report: ImportReport,
    *,
    quoted: bool = False,
    delimiter: str = ";",
) -> Table:
    """A ';' file; `quoted` for the files that quote fields (RNCP, Kit): the BCN, Certif Info
    and InserJeunes files do not, and carry bare '"' inside their values."""
    path = source.display(inner)
    table = read_delimited(
        source.read_bytes(inner), path, report, delimiter=delimiter, quoted=quoted
    )
    report.rows_read[path] = len(table.rows)
    return table


def _optional(row: dict, name: str) -> str:
    return row.get(name, "") or ""


def read_bcn(
    source: DataSource, report: ImportReport, rows: DiplomaRows, progress: Progress | None
) -> bool:
    levels: dict[str, tuple[str, str]] = {}
    for inner in _find(source, r"^n_?niveau_?formation_?diplome_?\.csv$"):
        table = _table(source, inner, report)
        for _, r in table.records(
            ("NIVEAU_FORMATION_DIPLOME", "LIBELLE_COURT", "LIBELLE_100"), report
        ):
            levels[r["NIVEAU_FORMATION_DIPLOME"]] = (r["LIBELLE_COURT"], r["LIBELLE_100"])
    files = _find(source, r"^[vn]_?formation_?diplome(_enquete_51)?_?\.csv$")
    columns = (
        "FORMATION_DIPLOME",
        "NIVEAU_FORMATION_DIPLOME",
        "GROUPE_SPECIALITE",
        "LIBELLE_LONG_200",
        "DATE_OUVERTURE",
        "DATE_FERMETURE",
        "NIVEAU_QUALIFICATION_RNCP",
    )
    today = dt.date.today()
    for inner in files:
        table = _table(source, inner, report)
        extra = [
            h for h in table.header if h.upper().startswith(("ANCIEN_DIPLOME_", "NOUVEAU_DIPLOME_"))
        ]
        extra += [
            h
            for h in (
                "COMMENTAIRE",
                "N_GROUPE_SPECIALITE.LIBELLE_LONG",
                "N_NIVEAU_FORMATION_DIPLOME.LIBELLE_100",
            )
            if h in table.header
        ]
        # successors and predecessors: their columns told apart once, not on every row
        new_columns = [h for h in extra if h.upper().startswith("NOUVEAU_DIPLOME_")]
        old_columns = [h for h in extra if h.upper().startswith("ANCIEN_DIPLOME_")]
        for line, r in table.records((*columns, *extra), report, progress):
            cfd = clean_cfd(r["FORMATION_DIPLOME"])
            if cfd is None:
                report.problem(table.path, line, f"not a CFD code: {r['FORMATION_DIPLOME']!r}")
                continue
            title = r["LIBELLE_LONG_200"]
            if not title:
                report.problem(table.path, line, f"no title for CFD {cfd}")
                continue
            short, long_label = levels.get(r["NIVEAU_FORMATION_DIPLOME"], ("", ""))
            long_label = long_label or _optional(r, "N_NIVEAU_FORMATION_DIPLOME.LIBELLE_100")
            kind = (
                BCN_KINDS.get(short.upper())
                or kind_of_title(title)
                or (long_label.capitalize() if long_label else None)
            )
            opened = french_date(r["DATE_OUVERTURE"])
            closed = french_date(r["DATE_FERMETURE"])
            if r["DATE_FERMETURE"] and closed is None:
                report.problem(table.path, line, f"not a date: {r['DATE_FERMETURE']!r}")
                continue
            news = [clean_cfd(r[h]) for h in new_columns]
            olds = [clean_cfd(r[h]) for h in old_columns]
            rncp = RNCP_IN_TEXT.search(_optional(r, "COMMENTAIRE"))
            group = r["GROUPE_SPECIALITE"]
            if (
                _optional(r, "N_GROUPE_SPECIALITE.LIBELLE_LONG")
                and "\ufffd" not in r["N_GROUPE_SPECIALITE.LIBELLE_LONG"]
            ):
                rows.domains.setdefault(group, r["N_GROUPE_SPECIALITE.LIBELLE_LONG"])
            rows.records.append(
                _record(
                    "bcn",
                    cfd=cfd,
                    rncp=rncp.group(1) if rncp else None,
                    title=_bcn_title(title),
                    kind=kind,
                    eu_level=eu_level(r["NIVEAU_QUALIFICATION_RNCP"]),
                    status="fermé" if closed and closed < today else "ouvert",
                    opened_on=opened,
                    closed_on=closed,
                    successor=next((f"cfd:{c}" for c in news if c), None),
                    predecessor=next((f"cfd:{c}" for c in olds if c), None),
                    domain_code=group or None,
                )
            )
    for inner in _find(source, r"^n_?mef\.csv$"):
        table = _table(source, inner, report)
        for line, r in table.records(("MEF_STAT_11", "FORMATION_DIPLOME"), report, progress):
            cfd, mef = clean_cfd(r["FORMATION_DIPLOME"]), r["MEF_STAT_11"]
            if cfd and MEFSTAT11.match(mef):
                rows.mef.append({"mefstat11": mef, "cfd": cfd})
            else:
                report.problem(
                    table.path,
                    line,
                    f"not a MEFSTAT11 → CFD pair: {mef!r} → {r['FORMATION_DIPLOME']!r}",
                )
    if files or rows.mef:
        rows.sources.add("bcn")
        return True
    return bool(levels)


def _bcn_title(title: str) -> str:
    """The BCN's upper-case title without the kind in brackets: "COMPTABILITE ET GESTION (BTS)"
    → "Comptabilite et gestion" (the BCN writes no accents; they are not guessed)."""
    title = re.sub(r"\s*\([^()]*\)\s*$", "", title.strip()) or title.strip()
    return title[:1].upper() + title[1:].lower()


def read_certifinfo(
    source: DataSource, report: ImportReport, rows: DiplomaRows, progress: Progress | None
) -> bool:
    files = _find(source, r"^certif_?info.*\.csv$")
    columns = (
        "Code_Diplome",
        "Libelle_Diplome",
        "Libelle_Type_Diplome",
        "Code_Niveau_Europeen",
        "Code_RNCP",
        "Code_Scolarité",
        "Code_Ancien_Scolarité",
        "Etat_Libelle",
        "codeIdeo2",
        *(f"Code_Rome_{i}" for i in range(1, 6)),
    )
    for inner in files:
        table = _table(source, inner, report)
        for line, r in table.records(columns, report, progress):
            cfd, rncp = clean_cfd(r["Code_Scolarité"]), clean_rncp(r["Code_RNCP"])
            if r["Code_Scolarité"] and cfd is None:
                report.problem(table.path, line, f"not a CFD code: {r['Code_Scolarité']!r}")
                continue
            if cfd is None and rncp is None:
                report.skip(
                    "Certif Info row with neither CFD nor RNCP code "
                    "(habilitation, non-certifying course …)"
                )
                continue
            title = r["Libelle_Diplome"]
            kind = kind_of_title(title) or kind_of_type(r["Libelle_Type_Diplome"])
            status = r["Etat_Libelle"].casefold()
            old = clean_cfd(r["Code_Ancien_Scolarité"])
            rows.records.append(
                _record(
                    "certifinfo",
                    cfd=cfd,
                    rncp=rncp,
                    certifinfo_id=r["Code_Diplome"] or None,
                    onisep_id=r["codeIdeo2"] or None,
                    title=title or None,
                    kind=kind,
                    eu_level=eu_level(r["Code_Niveau_Europeen"]),
                    status="ouvert" if status.startswith("publi") else None,
                    predecessor=f"cfd:{old}" if old else None,
                )
            )
            for i in range(1, 6):
                code = r[f"Code_Rome_{i}"].upper()
                if not code:
                    continue
                if not ROME_CODE.match(code):
                    report.problem(table.path, line, f"not a ROME code: {code!r}")
                    continue
                rows.links.append(_link("certifinfo", cfd=cfd, rncp=rncp, rome_code=code))
    if files:
        rows.sources.add("certifinfo")
    return bool(files)


def _link(source: str, **values) -> dict:
    row = _BLANK_LINK.copy()
    row.update(values, source=source)
    return row


_BLANK_LINK = dict.fromkeys(("diploma_id", "cfd", "rncp", "rome_code", "career_id", "label"))


def read_rncp(
    source: DataSource, report: ImportReport, rows: DiplomaRows, progress: Progress | None
) -> bool:
    found = False
    for inner in _find(source, r"^export_fiches_csv_rome_.*\.csv$"):
        found = True
        table = _table(source, inner, report, quoted=True)
        seen: set[str] = set()
        columns = ("Numero_Fiche", "Codes_Rome_Code", "Codes_Rome_Libelle")
        # 65,000 rows: read as tuples (`values`), not a dict per row
        for line, (number, code, label) in table.values(columns, report, progress):
            number, code = number.upper(), code.upper()
            if number.startswith("RS"):
                report.skip("RNCP export: Répertoire spécifique fiche (RS), not a diploma")
                continue
            rncp = clean_rncp(number)
            if rncp is None or not ROME_CODE.match(code):
                report.problem(table.path, line, f"not an RNCP → ROME pair: {number!r} → {code!r}")
                continue
            if rncp not in seen:
                seen.add(rncp)
                rows.records.append(_record("rncp", rncp=rncp))
            # the ROME job's name, as given
            rows.links.append(_link("rncp", rncp=rncp, rome_code=code, label=label or None))
    for inner in _find(source, r"^export_fiches_csv_standard_.*\.csv$"):
        found = True
        table = _table(source, inner, report, quoted=True)
        columns = (
            "Numero_Fiche",
            "Intitule",
            "Abrege_Libelle",
            "Abrege_Intitule",
            "Nomenclature_Europe_Niveau",
            "Actif",
        )
        for line, r in table.records(columns, report, progress):
            rncp = clean_rncp(r["Numero_Fiche"])
            if rncp is None:
                if not r["Numero_Fiche"].upper().startswith("RS"):
                    report.problem(table.path, line, f"not an RNCP number: {r['Numero_Fiche']!r}")
                continue
            rows.records.append(
                _record(
                    "rncp",
                    rncp=rncp,
                    title=r["Intitule"] or None,
                    kind=kind_of_title(r["Abrege_Libelle"]) or kind_of_type(r["Abrege_Intitule"]),
                    eu_level=eu_level(r["Nomenclature_Europe_Niveau"]),
                    status=_active(r["Actif"]),
                )
            )
    for inner in _find(source, r"^export_fiches_csv_ancienne_nouvelle_certification_.*\.csv$"):
        found = True
        table = _table(source, inner, report, quoted=True)
        for line, r in table.records(
            ("Numero_Fiche", "Ancienne_Certification", "Nouvelle_Certification"), report, progress
        ):
            rncp = clean_rncp(r["Numero_Fiche"])
            new, old = (
                clean_rncp(r["Nouvelle_Certification"]),
                clean_rncp(r["Ancienne_Certification"]),
            )
            if rncp and (new or old):
                rows.records.append(
                    _record(
                        "rncp",
                        rncp=rncp,
                        successor=f"rncp:{new}" if new else None,
                        predecessor=f"rncp:{old}" if old else None,
                    )
                )
            elif rncp is None and not r["Numero_Fiche"].upper().startswith("RS"):
                report.problem(table.path, line, f"not an RNCP number: {r['Numero_Fiche']!r}")
    if found:
        rows.sources.add("rncp")
    for inner in _find(source, r"^rncp_info.*\.csv$"):
        table = _table(source, inner, report, quoted=True)
        columns = (
            "CodeRNCP",
            "intituleDiplome",
            "ActiveInactive",
            "NiveauEurope",
            "TypeCertif",
            "NouvelleFiche",
            "AncienneFiche",
        )
        for line, r in table.records(columns, report, progress):
            rncp = clean_rncp(r["CodeRNCP"])
            if rncp is None:
                report.problem(table.path, line, f"not an RNCP number: {r['CodeRNCP']!r}")
                continue
            title = " ".join(r["intituleDiplome"].split())
            new, old = clean_rncp(r["NouvelleFiche"]), clean_rncp(r["AncienneFiche"])
            rows.records.append(
                _record(
                    "rncp_2021",
                    rncp=rncp,
                    title=title or None,
                    kind=kind_of_title(title) or kind_of_type(r["TypeCertif"]),
                    eu_level=eu_level(r["NiveauEurope"]),
                    status=_active(r["ActiveInactive"]),
                    successor=f"rncp:{new}" if new else None,
                    predecessor=f"rncp:{old}" if old else None,
                )
            )
        rows.sources.add("rncp_2021")
        found = True
    return found


def _active(text: str) -> str | None:
    text = text.strip().upper()
    return {"ACTIVE": "ouvert", "INACTIVE": "fermé"}.get(text)


def read_kit(
    source: DataSource, report: ImportReport, rows: DiplomaRows, progress: Progress | None
) -> bool:
    files = _find(source, r"^kit apprentissage.*\.csv$")
    for inner in files:
        table = _table(source, inner, report, quoted=True)
        for line, r in table.records(("Code Diplôme", "FicheRNCP"), report, progress):
            cfd, rncp = clean_cfd(r["Code Diplôme"]), clean_rncp(r["FicheRNCP"])
            if cfd is None:
                report.problem(table.path, line, f"not a CFD code: {r['Code Diplôme']!r}")
                continue
            if rncp is None:
                report.skip("Kit apprentissage row without an RNCP fiche")
                continue
            rows.records.append(_record("kit", cfd=cfd, rncp=rncp))
    if files:
        rows.sources.add("kit")
    return bool(files)


def read_rome_savoirs(
    source: DataSource, report: ImportReport, rows: DiplomaRows, progress: Progress | None
) -> bool:
    savoirs = _find(source, r"^unix_referentiel_savoir_.*\.csv$")
    links = _find(source, r"^unix_liens_rome_referentiels_.*\.csv$")
    if not savoirs or not links:
        return False
    names: dict[str, str] = {}
    for inner in savoirs:
        table = _table(source, inner, report, quoted=True, delimiter=",")
        for _, r in table.records(
            ("code_ogr_savoir", "libelle_savoir", "sous_categorie_savoir"), report
        ):
            if fold(r["sous_categorie_savoir"]) == "certifications":
                names[r["code_ogr_savoir"]] = r["libelle_savoir"]
    for inner in links:
        table = _table(source, inner, report, quoted=True, delimiter=",")
        # 120,000 links, of which a few thousand name a certification: read as tuples
        for _, (rome_code, ogr) in table.values(("code_rome", "code_ogr"), report, progress):
            label = names.get(ogr)
            if label:
                rows.links.append(_link("rome_savoir", rome_code=rome_code.upper(), label=label))
    rows.sources.add("rome_savoir")
    return True


def read_inserjeunes(
    source: DataSource, report: ImportReport, rows: DiplomaRows, progress: Progress | None
) -> bool:
    files = _find(source, r"^ij_region_data.*\.csv$")
    columns = ("millesime", "code_region", "voie", "cfd", "mefstat11", *(c for c, _ in IJ_COUNTS))
    for inner in files:
        table = _table(source, inner, report)
        # 40,000 rows: read as tuples (`values`), not a dict per row
        for line, (year, region, voie, cfd, mef, *raw) in table.values(columns, report, progress):
            route = voie.casefold()
            if route not in ("scolaire", "apprentissage"):
                report.problem(table.path, line, f"unknown route (voie) {voie!r}")
                continue
            if not MILLESIME.match(year):
                report.problem(table.path, line, f"not a millésime: {year!r}")
                continue
            bad = next((i for i, v in enumerate(raw) if v and not v.isdigit()), None)
            if bad is not None:
                report.problem(
                    table.path, line, f"not a count in {IJ_COUNTS[bad][0]}: {raw[bad]!r}"
                )
                continue
            row = {
                "cfd": clean_cfd(cfd),
                "mefstat11": mef or None,
                "region_code": region,
                "year": year,
                "route": route,
                "source_line": line,
                "source_path": table.path,
            }
            row.update(zip(COUNT_NAMES, map(count, raw), strict=True))
            rows.outcomes.append(row)
    if files:
        rows.sources.add("inserjeunes")
    return bool(files)


READERS = (read_bcn, read_certifinfo, read_rncp, read_kit, read_rome_savoirs, read_inserjeunes)
EXPECTED = (
    "vFormationDiplome_.csv / nFormationDiplome_.csv / nMef.csv (BCN), certif_info.csv, "
    "export_fiches_CSV_Rome_*.csv or rncp_info*.csv (RNCP), Kit apprentissage*.csv, "
    "unix_referentiel_savoir_*.csv (ROME 4.0), ij_region_data.csv (InserJeunes)"
)


def read_diplomas(
    paths: Sequence[Path | str], *, progress: Progress | None = None
) -> tuple[DiplomaRows, ImportReport]:
    """Read every recognised file of every folder or zip; a path with none is an error."""
    paths = [Path(p) for p in paths]
    report = ImportReport("diplomas", "; ".join(str(p) for p in paths))
    rows = DiplomaRows()
    for path in paths:
        source = DataSource(path)
        try:
            found = [reader(source, report, rows, progress) for reader in READERS]
        finally:
            source.close()
        if not any(found):
            raise DatasetError(f"{path}: no diploma file recognised; expected any of {EXPECTED}")
    report.version = ", ".join(sorted(rows.sources))
    return rows, report


# -- merging the sources ----------------------------------------------------------------------


@dataclass
class Derived:
    refs: list[dict]
    aliases: list[dict]
    links: list[dict]
    outcomes: list[dict]


def derive(
    records: list[dict],
    links: list[dict],
    outcomes: list[dict],
    mef: list[dict],
    domains: dict[str, str],
    report: ImportReport | None = None,
) -> Derived:
    """One row per diploma from every source's records, with its aliases and links.

    A diploma is a CFD when it has one; an RNCP certification joins the CFD whose primary
    RNCP it is (Certif Info's first, then the Kit's, then the BCN's comment), and is a
    diploma of its own otherwise.
    """
    report = report or ImportReport("diplomas", "")
    by_cfd: dict[str, list[dict]] = defaultdict(list)
    by_rncp: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        if r["cfd"]:
            by_cfd[r["cfd"]].append(r)
        elif r["rncp"]:
            by_rncp[r["rncp"]].append(r)
    for link in links:
        if link["cfd"] and link["cfd"] not in by_cfd:
            by_cfd[link["cfd"]] = []
    mef_map = {m["mefstat11"]: m["cfd"] for m in mef}
    for o in outcomes:
        cfd = o["cfd"] or mef_map.get(o["mefstat11"] or "")
        if cfd and cfd not in by_cfd:
            by_cfd[cfd] = []
    primary: dict[str, str] = {}
    for cfd, rs in by_cfd.items():
        numbers_by_source: dict[str, set[str]] = {}
        for r in rs:
            if r["rncp"]:
                numbers_by_source.setdefault(r["source"], set()).add(r["rncp"])
        for source in ("certifinfo", "kit", "bcn"):
            numbers = numbers_by_source.get(source)
            if numbers and len(numbers) == 1:
                primary[cfd] = numbers.pop()
                break
    owners: dict[str, list[str]] = defaultdict(list)
    for cfd, rncp in primary.items():
        owners[rncp].append(cfd)
    groups: dict[str, list[dict]] = {}
    for cfd, rs in by_cfd.items():
        extra = by_rncp.get(primary.get(cfd, ""), [])
        groups[f"cfd-{cfd}"] = rs + extra
    for rncp, rs in by_rncp.items():
        if rncp not in owners:
            groups[f"rncp-{rncp}"] = rs
    for rncp in {link["rncp"] for link in links if link["rncp"] and not link["cfd"]}:
        if rncp not in owners and f"rncp-{rncp}" not in groups:
            groups[f"rncp-{rncp}"] = []

    refs = [_ref(did, rs, primary, domains) for did, rs in sorted(groups.items())]
    ids = {ref["diploma_id"] for ref in refs}
    by_rncp_id = {
        ref["rncp"]: ref["diploma_id"] for ref in refs if ref["diploma_id"].startswith("rncp-")
    }
    for ref in refs:
        ref["successor_id"] = _code_id(ref.pop("_successor"), ids, owners, by_rncp_id)
        ref["predecessor_id"] = _code_id(ref.pop("_predecessor"), ids, owners, by_rncp_id)
    aliases = alias_rows(refs)
    index = alias_index(aliases, refs)

    resolved: list[dict] = []
    seen: set[tuple] = set()
    by_name: dict[str, list[str]] = {}  # 6,900 ROME savoir links, 2,600 distinct names
    for link in links:
        if link["source"] == "fiche":
            continue
        if link["cfd"]:
            targets = [f"cfd-{link['cfd']}"]
        elif link["rncp"]:
            targets = [f"cfd-{c}" for c in owners.get(link["rncp"], [])] or [f"rncp-{link['rncp']}"]
        else:
            name = link["label"] or ""
            targets = by_name.get(name)
            if targets is None:
                targets = by_name[name] = resolve_name(name, index)
            if not targets:
                report.skip(
                    f"{SOURCE_LABELS[link['source']]}: diploma name not found among the diplomas"
                )
        for target in targets or [None]:
            key = (
                target,
                link["source"],
                link["rome_code"],
                link["career_id"],
                link["label"] if target is None else None,
            )
            if key in seen:
                continue
            seen.add(key)
            resolved.append(link | {"diploma_id": target})

    merged: dict[tuple, dict] = {}
    for o in outcomes:
        cfd = o["cfd"] or mef_map.get(o["mefstat11"] or "")
        if cfd is None:
            report.problem(
                o["source_path"],
                o["source_line"],
                f"MEFSTAT11 {o['mefstat11']} has no CFD in the BCN's nMef.csv",
            )
            continue
        key = (f"cfd-{cfd}", o["region_code"], o["year"], o["route"])
        row = merged.get(key)
        if row is None:
            merged[key] = {
                "diploma_id": key[0],
                "cfd": cfd,
                "region_code": o["region_code"],
                "region": REGIONS.get(o["region_code"], o["region_code"]),
                "year": o["year"],
                "route": o["route"],
                **{name: o[name] for _, name in IJ_COUNTS},
            }
        else:  # several MEFSTAT11 of one diploma: counts add up
            for _, name in IJ_COUNTS:
                if o[name] is not None:
                    row[name] = (row[name] or 0) + o[name]
    with_outcomes = {k[0] for k in merged}
    for ref in refs:
        ref["has_outcomes"] = ref["diploma_id"] in with_outcomes
    return Derived(refs, aliases, resolved, list(merged.values()))


def _first(rs: dict[str, list[dict]], name: str, order: Iterable[str]) -> object:
    """The first value of `name` in the rows of the sources in `order` (rows by source)."""
    for source in order:
        for r in rs.get(source, ()):
            value = r[name]
            if value is not None and value != "":
                return value
    return None


def _ref(did: str, rs: list[dict], primary: dict[str, str], domains: dict[str, str]) -> dict:
    cfd = did.removeprefix("cfd-") if did.startswith("cfd-") else None
    rncp = primary.get(cfd) if cfd else did.removeprefix("rncp-")
    by_source: dict[str, list[dict]] = {}
    for r in rs:
        by_source.setdefault(r["source"], []).append(r)
    ci_rows = by_source.get("certifinfo", [])
    # A CFD that several Certif Info rows share stands for many certifications: its own
    # (BCN) title is the one that names it.
    order = TITLE_ORDER if len({r["title"] for r in ci_rows}) <= 1 else TITLE_ORDER[1:]
    title = _first(by_source, "title", order)
    kind = _first(by_source, "kind", ("certifinfo", "bcn", "rncp", "rncp_2021"))
    level = _first(by_source, "eu_level", ("bcn", "certifinfo", "rncp", "rncp_2021"))
    domain_code = _first(by_source, "domain_code", ("bcn",))
    if title and kind in SHORT and kind_of_title(title) is None:
        title = f"{SHORT[kind]} {title[:1].lower()}{title[1:]}"  # "BTS" + "Comptabilité …"
    sources = sorted(by_source)
    return {
        "diploma_id": did,
        "cfd": cfd,
        "rncp": rncp,
        "certifinfo_id": _first(by_source, "certifinfo_id", ("certifinfo",)),
        "onisep_id": _first(by_source, "onisep_id", ("certifinfo",)),
        "title": title,
        "kind": kind,
        "level_years": EU_LEVEL_YEARS.get(level) if level else None,
        "eu_level": level,
        "status": _first(by_source, "status", STATUS_ORDER),
        "opened_on": _first(by_source, "opened_on", ("bcn",)),
        "closed_on": _first(by_source, "closed_on", ("bcn",)),
        "domain_code": domain_code,
        "domain": domains.get(domain_code) if domain_code else None,
        "sources": ", ".join(sources),
        "_successor": _first(by_source, "successor", ("bcn", "rncp", "rncp_2021")),
        "_predecessor": _first(by_source, "predecessor", PREDECESSOR_ORDER),
    }


def _code_id(
    code: str | None, ids: set[str], owners: dict[str, list[str]], by_rncp: dict[str, str]
) -> str | None:
    if not code:
        return None
    kind, value = code.split(":", 1)
    if kind == "cfd":
        return f"cfd-{value}" if f"cfd-{value}" in ids else None
    if value in owners:
        return f"cfd-{owners[value][0]}"
    return by_rncp.get(value)


# -- names, abbreviations and search -------------------------------------------------------------


def specialty(title: str, kind: str | None) -> list[str]:
    """The words of a title after its kind and any leading "spécialité"/"mention" ("BUT
    spécialité carrières juridiques parcours …" → carrieres, juridiques, parcours, …)."""
    words = _words(title)
    head = tuple(words[:MAX_KIND_WORDS])
    for n in range(len(head), 0, -1):
        if head[:n] in KIND_BY_WORDS:
            words = words[n:]
            break
    while words and words[0] in MARKERS:
        words = words[1:]
    return words


def abbreviation(words: list[str]) -> str | None:
    """Initials of a specialty's significant words before any option: "métiers du multimédia
    et de l'internet" → "mmi"; one-word specialties have none."""
    cut = _before_option(words)
    significant = [w for w in cut if w not in STOPWORDS]
    if len(significant) < 2 or len(significant) > 6:
        return None
    return "".join(w[0] for w in significant)


def alias_rows(refs: list[dict]) -> list[dict]:
    """Folded names each diploma answers to: its title, its title after any kind spelling,
    its kind + initials ("bts cg"), and its codes."""
    rows: list[dict] = []
    for ref in refs:
        did, names = ref["diploma_id"], set()
        kind = ref["kind"]
        if ref["title"]:
            names.add((" ".join(_words(ref["title"])), "title"))
            base = specialty(ref["title"], kind)
            # before an option, a parcours or a ":" ("… de l'internet : création numérique")
            head = _OPTION_START.split(ref["title"], 1)[0]
            cut = _before_option(base if head == ref["title"] else specialty(head, kind))
            # what does not depend on the spelling, once per diploma
            base_text = " ".join(base) if base else None
            cut_text = " ".join(cut) if cut and cut != base else None
            prefixes = PREFIXES.get(kind or "", ())
            initials = abbreviation(cut) if prefixes else None
            for prefix in prefixes:
                if base_text:
                    names.add((f"{prefix} {base_text}", "title"))
                if cut_text:
                    names.add((f"{prefix} {cut_text}", "title"))
                if initials:
                    names.add((f"{prefix} {initials}", "abbreviation"))
        if ref["cfd"]:
            names.add((ref["cfd"].lower(), "code"))
        if ref["rncp"]:
            names.add((f"rncp{ref['rncp']}", "code"))
            names.add((ref["rncp"], "code"))
        rows += [{"alias": a, "diploma_id": did, "alias_kind": k} for a, k in sorted(names) if a]
    return rows


# a kind's spellings as folded words ("BTS" → "bts", "brevet de technicien superieur")
PREFIXES = {
    label: tuple(" ".join(_words(spelling)) for spelling in spellings)
    for label, spellings in SYNONYMS.items()
}
_OPTION_START = re.compile(r"\s:|\(")


def _before_option(words: list[str]) -> list[str]:
    for i, w in enumerate(words):
        if w in MARKERS:
            return words[:i]
    return words


def alias_index(aliases: list[dict], refs: list[dict]) -> dict[str, list[str]]:
    """Alias → diplomas, best first: open before closed, then with a CFD, then the newest."""
    rank = {
        r["diploma_id"]: (
            r["status"] != "ouvert",
            r["cfd"] is None,
            -(r["opened_on"].toordinal() if r["opened_on"] else 0),
            r["diploma_id"],
        )
        for r in refs
    }
    index: dict[str, list[str]] = defaultdict(list)
    for a in aliases:
        if a["alias_kind"] != "code":
            index[a["alias"]].append(a["diploma_id"])
    for ids in index.values():
        ids.sort(key=lambda d: rank.get(d, (True, True, 0, d)))
    return dict(index)


SPLIT = re.compile(r"\s+ou\s+|/|,|;|\+|\s+puis\s+", re.I)


def resolve_name(name: str, index: dict[str, list[str]]) -> list[str]:
    """The diplomas a free-text name designates ("BTS SIO ou DUT informatique" → BTS SIO and
    DUT informatique). Each part matches an alias whole, or after dropping words from its
    end (an option the reference does not name); a bare kind ("BTS") designates nothing.
    """
    found: list[str] = []
    for keys in name_keys(name):
        for key in keys:
            hit = index.get(key)
            if hit:
                if hit[0] not in found:
                    found.append(hit[0])
                break
    return found


def name_keys(name: str) -> list[list[str]]:
    """The aliases `resolve_name` tries for a name: per part, the longest first. Knowing them
    up front lets a caller load only these aliases instead of indexing all of them."""
    text = re.sub(r"\(([^()]*)\)", r" , \1 , ", name)  # "(CG)", "(Métiers du …)" become parts
    parts = [p for p in SPLIT.split(text) if p.strip()]
    whole = " ".join(_words(re.sub(r"\([^()]*\)", " ", name)))
    candidates = [whole] + [" ".join(_words(p)) for p in parts]
    kind = kind_of_title(name)
    keys: list[list[str]] = []
    for words in candidates:
        w = words.split()
        if kind and w and kind_of_title(words) is None:  # "BTS Communication / DUT info-com"
            w = list(_words(SHORT.get(kind, kind))) + w
        keys.append([" ".join(w[:end]) for end in range(len(w), 1, -1)])
    return keys


# -- fiche diplomas, at every write -----------------------------------------------------------


def link_fiche_diplomas(con: duckdb.DuckDBPyConnection) -> int:
    """Replace the `fiche` rows of diploma_careers with the diplomas each fiche names,
    resolved by name (called by every database write, so a rebuild of the fiches or a new
    diploma import keeps the links up to date). Unresolved names are kept with no
    diploma_id, for `careerdash validate`. Only the aliases the fiches' names can match are
    read (a few hundred of the ~150,000)."""
    con.execute("DELETE FROM diploma_careers WHERE source = 'fiche'")
    if not con.execute("SELECT count(*) FROM diploma_refs").fetchone()[0]:
        return 0
    named = con.execute(
        "SELECT d.career_id, d.name FROM diplomas d JOIN careers c USING (career_id) "
        "WHERE c.source_kind = 'fiche' ORDER BY d.career_id, d.position"
    ).fetchall()
    wanted = sorted({key for _, name in named for keys in name_keys(name) for key in keys})
    con.register("wanted_aliases", pd.DataFrame({"alias": pd.Series(wanted, dtype=object)}))
    try:
        aliases = con.execute(
            "SELECT alias, diploma_id, alias_kind FROM diploma_aliases "
            "WHERE alias IN (SELECT alias FROM wanted_aliases)"
        ).fetchall()
    finally:
        con.unregister("wanted_aliases")
    ids = sorted({d for _, d, _ in aliases})
    refs = (
        con.execute(
            "SELECT diploma_id, status, cfd, opened_on FROM diploma_refs "
            "WHERE list_contains(?::VARCHAR[], diploma_id)",
            [ids],
        ).fetchall()
        if ids
        else []
    )
    index = alias_index(
        [{"alias": a, "diploma_id": d, "alias_kind": k} for a, d, k in aliases],
        [{"diploma_id": d, "status": s, "cfd": c, "opened_on": o} for d, s, c, o in refs],
    )
    rows = []
    for cid, name in named:
        targets = resolve_name(name, index) or [None]
        rows += [(t, "fiche", cid, name) for t in targets]
    if rows:
        con.executemany(
            "INSERT INTO diploma_careers (diploma_id, source, career_id, label) "
            "VALUES (?, ?, ?, ?)",
            rows,
        )
    return sum(1 for r in rows if r[0])


def unresolved_fiche_diplomas(
    names: Iterable[tuple[str, str]], con: duckdb.DuckDBPyConnection
) -> list[tuple[str, str]]:
    """(fiche, diploma name) pairs that no diploma of the database answers to."""
    aliases = con.execute("SELECT alias, diploma_id, alias_kind FROM diploma_aliases").fetchall()
    index = alias_index([{"alias": a, "diploma_id": d, "alias_kind": k} for a, d, k in aliases], [])
    return [(where, name) for where, name in names if not resolve_name(name, index)]


# -- writing ----------------------------------------------------------------------------------


def _previous(db_path: Path, keep_out: set[str]) -> DiplomaRows:
    """The source rows already in the database, minus those of the sources re-imported now."""
    old = DiplomaRows()
    if not db_path.exists():
        return old
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error as exc:
        raise DatasetError(f"{db_path}: not a careerdash database ({exc})") from exc
    try:
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
        if "diploma_records" not in tables:
            return old

        def rows(sql: str) -> list[dict]:
            cursor = con.execute(sql)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]

        old.records = [
            r
            for r in rows(f"SELECT {', '.join(RECORD_COLUMNS)} FROM diploma_records")
            if r["source"] not in keep_out
        ]
        old.links = [
            r
            for r in rows(
                "SELECT diploma_id, cfd, rncp, rome_code, career_id, label, source "
                "FROM diploma_careers WHERE source <> 'fiche'"
            )
            if r["source"] not in keep_out
        ]
        if "inserjeunes" not in keep_out:
            old.outcomes = [
                r | {"mefstat11": None, "source_line": 0, "source_path": str(db_path)}
                for r in rows(
                    f"SELECT cfd, region_code, year, route, {OUTCOME_COLUMNS} FROM diploma_outcomes"
                )
            ]
        if "bcn" not in keep_out:
            old.mef = rows("SELECT mefstat11, cfd FROM diploma_mef")
        old.domains = dict(con.execute("SELECT code, label FROM diploma_domains").fetchall())
        old.sources = {
            r[0] for r in con.execute("SELECT DISTINCT source FROM diploma_records").fetchall()
        } - keep_out
    finally:
        con.close()
    return old


@paused_gc()
def import_diplomas(
    paths: Sequence[Path | str],
    db_path: Path | str = DEFAULT_DB,
    *,
    progress: Progress | None = None,
    step: Step | None = None,
    strict: bool = False,
) -> ImportReport:
    """Add (or replace) the diploma sources found in `paths`, keeping the sources imported
    before that this call does not bring again, and every career."""
    started = time.perf_counter()
    db_path = Path(db_path)
    check_writable(db_path)  # before reading any input: a wrong --db is told at once
    if step:
        step("reading diplomas from " + ", ".join(str(p) for p in paths))
    new, report = read_diplomas(paths, progress=progress)
    if strict and report.problems:
        shown = "\n".join(str(p) for p in report.problems[:20])
        raise DatasetError(f"{len(report.problems)} malformed row(s) (--strict):\n{shown}")
    # held from reading the sources imported before to the rename: no other writer's
    # work is lost
    with writer_lock(db_path, progress=step):
        if db_path.exists():
            check_database_once(db_path)
        old = _previous(db_path, new.sources)
        if old.sources:
            report.notes.append(
                "kept the diploma sources imported before: " + ", ".join(sorted(old.sources))
            )
        records = old.records + new.records
        mef = new.mef + old.mef
        domains = old.domains | new.domains
        derived = derive(
            records, old.links + new.links, old.outcomes + new.outcomes, mef, domains, report
        )
        if strict and report.problems:
            shown = "\n".join(str(p) for p in report.problems[:20])
            raise DatasetError(f"{len(report.problems)} malformed row(s) (--strict):\n{shown}")
        if not derived.refs:
            raise DatasetError(f"{report.source}: no diploma could be read")
        report.careers = 0
        links_by_source = Counter(r["source"] for r in derived.links if r["diploma_id"])
        report.notes.append(
            f"{len(derived.refs):,} diplomas, "
            f"{sum(1 for r in derived.refs if r['has_outcomes']):,} with outcomes; links to jobs: "
            + (", ".join(f"{n:,} {s}" for s, n in sorted(links_by_source.items())) or "none")
        )
        tables = {
            "diploma_records": records,
            "diploma_refs": derived.refs,
            "diploma_aliases": derived.aliases,
            "diploma_careers": derived.links,
            "diploma_outcomes": derived.outcomes,
            "diploma_mef": list({m["mefstat11"]: m for m in mef}.values()),
            "diploma_domains": [
                {"code": c, "label": label} for c, label in sorted(domains.items())
            ],
        }
        if step:
            step(f"writing {len(derived.refs):,} diplomas to {db_path}")
        info = {
            "import.diplomas.version": report.version or "",
            "import.diplomas.sources": ", ".join(sorted(new.sources | old.sources)),
            "import.diplomas.source": "; ".join(str(Path(p).resolve()) for p in paths),
            "import.diplomas.imported_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "import.diplomas.diplomas": str(len(derived.refs)),
            "import.diplomas.skipped": "; ".join(f"{n} {why}" for why, n in report.skipped.items()),
        }
        facts, kept = write_database(
            db_path,
            [],
            keep_from=db_path if db_path.exists() else None,
            replace_kinds=(),
            reference_rows=tables,
            info=info,
        )
    report.facts, report.kept = facts, kept
    report.seconds = time.perf_counter() - started
    return report
