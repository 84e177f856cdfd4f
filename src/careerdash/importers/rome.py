"""Read France Travail's ROME 4.0 CSV set (`unix_*_vNNN_utf8.csv`) into careers.

One career per fiche métier (ROME code). The CSV set spreads a fiche over a dozen files
linked by codes; this module joins them in memory and knows nothing of the database.
How each file maps onto the career model is written in README.md ("National datasets").
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from pathlib import Path

from ..model import Career, FaqEntry, HardSkill, NamedText, Progression, Source
from .common import DatasetError, DataSource, ImportReport, Progress, Table, read_table

ROME_CODE = re.compile(r"^[A-N]\d{4}$")
VERSION_FILE = re.compile(r"^unix_referentiel_code_rome_v(\d+)_utf8\.csv$", re.I)

SOURCE_URL = (
    "https://www.data.gouv.fr/fr/datasets/repertoire-operationnel-des-metiers-et-des-emplois-rome/"
)

# file stem → columns read (the publisher's own names)
REQUIRED = {
    "referentiel_code_rome": (
        "code_rome",
        "libelle_rome",
        "transition_eco",
        "transition_num",
        "transition_demo",
        "emploi_reglemente",
        "emploi_cadre",
    ),
    "cr_gd_dp": (
        "code_rome",
        "code_grand_domaine",
        "libelle_grand_domaine",
        "code_domaine_professionel",
        "libelle_domaine_professionel",
    ),
    "texte": ("code_rome", "libelle_type_texte", "position_phrase", "libelle_texte"),
    "referentiel_appellation": ("code_rome", "libelle_appellation_long", "classification"),
    "referentiel_competence": (
        "code_ogr",
        "nature",
        "libelle_competence",
        "definition",
        "code_ogr_macro_comp",
        "cat_comp",
        "sous_cat_comp",
    ),
    "referentiel_savoir": (
        "code_ogr_savoir",
        "libelle_savoir",
        "categorie_savoir",
        "sous_categorie_savoir",
    ),
    "referentiel_contexte_travail": ("code_ogr", "libelle_cont_travail", "libelle_type_cont_trav"),
    "liens_rome_referentiels": ("code_rome", "code_compo_bloc", "code_rubrique", "code_ogr"),
    "rubrique_mobilite": ("code_rome", "code_rome_cible", "numero_ordre"),
}
OPTIONAL = {
    "referentiel_code_rome_riasec": ("code_rome", "riasec_majeur", "riasec_mineur"),
    "coherence_item": ("code_rome", "code_ogr", "coeur_metier"),
    # The competence tree (domaine → enjeu → objectif → macro-compétence → compétence):
    # published in the full archive, absent from some copies.
    "arborescence_competences": (
        "code_ogr_competence",
        "code_ogr_macro_competence",
        "enjeu",
        "domaine_competence",
    ),
    "arborescence_secteur_naf": ("code_rome", "libelle_secteur_naf"),
    "arborescence_secteur_activite": ("code_rome", "libelle_sect_activite"),
    "arborescence_thematique": ("code_rome", "libelle_theme"),
    "arborescence_centre_interet": ("code_rome", "libelle_centre_interet"),
}
ATTRIBUTE_LISTS = {
    "arborescence_secteur_naf": ("secteurs_naf", "libelle_secteur_naf"),
    "arborescence_secteur_activite": ("secteurs_activite", "libelle_sect_activite"),
    "arborescence_thematique": ("themes", "libelle_theme"),
    "arborescence_centre_interet": ("centres_interet", "libelle_centre_interet"),
}
FLAGS = ("transition_eco", "transition_num", "transition_demo", "emploi_reglemente", "emploi_cadre")

BLOC_CODE, BLOC_APPELLATIONS, BLOC_COMPETENCES, BLOC_CONTEXTES = "1", "2", "5", "6"
SAVOIR_FAIRE, SAVOIR_ETRE, SAVOIRS = "1", "2", "3"
SAVOIRS_CATEGORY = "savoirs"
CORE = {"principale": "cœur de métier", "émergente": "émergente", "emergente": "émergente"}
ACCESS_QUESTION = "Comment accéder à ce métier ?"


def find_version(source: DataSource) -> str:
    """The set's version number (460 in `unix_referentiel_code_rome_v460_utf8.csv`)."""
    versions = sorted({m.group(1) for n in source.names() if (m := VERSION_FILE.match(n))})
    if not versions:
        raise DatasetError(
            f"{source.path}: no ROME 4.0 CSV set here (expected a file named "
            "unix_referentiel_code_rome_vNNN_utf8.csv)"
        )
    if len(versions) > 1:
        listed = ", ".join(f"v{v}" for v in versions)
        raise DatasetError(f"{source.path}: several ROME versions ({listed}); point at one")
    return versions[0]


def read_rome(
    path: Path | str, *, progress: Progress | None = None
) -> tuple[list[Career], ImportReport]:
    """Read a ROME 4.0 CSV set (a folder or a .zip) into careers, and say what was skipped."""
    started = time.perf_counter()
    source = DataSource(path)
    try:
        version = find_version(source)
        report = ImportReport("ROME 4.0", str(source.path), f"v{version}")
        tables = _read_tables(source, version, report)
        careers = _build(tables, report, progress, str(source.path), version)
    finally:
        source.close()
    report.careers = len(careers)
    report.seconds = time.perf_counter() - started
    return careers, report


def _read_tables(source: DataSource, version: str, report: ImportReport) -> dict[str, Table]:
    def inner(stem: str) -> str | None:
        return source.find(f"unix_{stem}_v{version}_utf8.csv")

    missing = [f"unix_{s}_v{version}_utf8.csv" for s in REQUIRED if inner(s) is None]
    if missing:
        raise DatasetError(f"{source.path}: incomplete ROME set, missing {', '.join(missing)}")
    tables = {}
    for stem in (*REQUIRED, *OPTIONAL):
        name = inner(stem)
        if name is None:
            report.notes.append(f"unix_{stem}_v{version}_utf8.csv absent: {_absent(stem)}")
            continue
        tables[stem] = read_table(source, name, report)
    return tables


def _absent(stem: str) -> str:
    if stem == "arborescence_competences":
        return "savoir-faire are grouped by macro-compétence instead of enjeu"
    if stem == "coherence_item":
        return "no cœur de métier flags on skills"
    return "the matching attribute is left out"


def _build(
    tables: dict[str, Table],
    report: ImportReport,
    progress: Progress | None,
    where: str,
    version: str,
) -> list[Career]:
    def rows(stem: str):
        columns = REQUIRED.get(stem) or OPTIONAL[stem]
        return tables[stem].records(columns, report, progress)

    def values(stem: str):
        """Rows as tuples of the columns, in the order REQUIRED/OPTIONAL names them."""
        columns = REQUIRED.get(stem) or OPTIONAL[stem]
        return tables[stem].values(columns, report, progress)

    careers: dict[str, Career] = {}
    for line, r in rows("referentiel_code_rome"):
        code = r["code_rome"]
        path = tables["referentiel_code_rome"].path
        if not ROME_CODE.match(code):
            report.problem(path, line, f"not a ROME code: {code!r}")
        elif not r["libelle_rome"]:
            report.problem(path, line, f"no title for {code}")
        elif code in careers:
            report.problem(path, line, f"duplicate ROME code: {code}")
        else:
            careers[code] = Career(
                title=r["libelle_rome"],
                rome_code=code,
                source_kind="rome",
                source_path=where,
                attributes={k: r[k] for k in FLAGS if r[k]},
            )

    def career_for(code: str, what: str) -> Career | None:
        career = careers.get(code)
        if career is None:
            report.skip(f"{what} of a ROME code not in the set")
        return career

    for _, r in rows("cr_gd_dp"):
        if career := career_for(r["code_rome"], "domain"):
            career.family = r["libelle_domaine_professionel"] or None
            for key, column in (
                ("grand_domaine", "libelle_grand_domaine"),
                ("code_grand_domaine", "code_grand_domaine"),
                ("code_domaine_professionnel", "code_domaine_professionel"),
            ):
                if r[column]:
                    career.attributes[key] = r[column]

    _texts(tables["texte"], rows("texte"), career_for, report)

    principal: dict[str, list[str]] = defaultdict(list)
    others: dict[str, list[str]] = defaultdict(list)
    for _, r in rows("referentiel_appellation"):
        if career_for(r["code_rome"], "appellation") and r["libelle_appellation_long"]:
            bucket = principal if r["classification"].upper() == "PRINCIPALE" else others
            bucket[r["code_rome"]].append(r["libelle_appellation_long"])
    for code, career in careers.items():
        titles = principal[code] + others[code]
        career.alt_titles = list(dict.fromkeys(titles))
        if len(titles) > len(career.alt_titles):
            report.skip(
                "appellation repeating another of its fiche (merged)",
                len(titles) - len(career.alt_titles),
            )

    _skills(tables, rows, values, careers, career_for, report)
    _mobilites(tables["rubrique_mobilite"], rows("rubrique_mobilite"), careers, report)

    if "referentiel_code_rome_riasec" in tables:
        for _, r in rows("referentiel_code_rome_riasec"):
            if career := career_for(r["code_rome"], "RIASEC code"):
                major, minor = r["riasec_majeur"].upper(), r["riasec_mineur"].upper()
                if major:
                    career.attributes["riasec_majeur"] = major
                if minor:
                    career.attributes["riasec_mineur"] = minor
                if major + minor:
                    career.attributes["riasec"] = major + minor
    for stem, (key, column) in ATTRIBUTE_LISTS.items():
        if stem in tables:
            values: dict[str, list[str]] = defaultdict(list)
            for _, r in rows(stem):
                if career_for(r["code_rome"], key.replace("_", " ")) and r[column]:
                    values[r["code_rome"]].append(r[column])
            for code, labels in values.items():
                careers[code].attributes[key] = "; ".join(dict.fromkeys(labels))

    note = f"ROME 4.0 v{version}, France Travail, Licence Ouverte 2.0"
    for career in careers.values():
        career.sources = [
            Source(name, SOURCE_URL, note)
            for name, filled in (
                ("summary", career.summary),
                ("alt_titles", career.alt_titles),
                ("hard_skills", career.hard_skills),
                ("soft_skills", career.soft_skills),
                ("constraints", career.constraints),
                ("progressions", career.progressions),
                ("faq", career.faq),
            )
            if filled
        ]
    return list(careers.values())


def _texts(table: Table, records, career_for, report: ImportReport) -> None:
    sentences: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for line, r in records:
        position = r["position_phrase"]
        if not position.isdigit():
            report.problem(table.path, line, f"position_phrase is not a number: {position!r}")
            continue
        kind = r["libelle_type_texte"]
        if kind not in ("definition", "acces_metier"):
            report.skip(f"text of an unknown type ({kind})")
            continue
        if career_for(r["code_rome"], "text"):
            # The publisher's texts double every apostrophe (SQL escaping): l''entretien.
            text = r["libelle_texte"].replace("''", "'").strip()
            if text:
                sentences[(r["code_rome"], kind)].append((int(position), text))
    for (code, kind), parts in sentences.items():
        text = " ".join(_sentence(t) for _, t in sorted(parts))
        career = career_for(code, "text")
        if kind == "definition":
            career.summary = text
        else:
            career.faq = [FaqEntry(ACCESS_QUESTION, text)]


def _sentence(text: str) -> str:
    """One of the publisher's phrases as a sentence: the activity lines have no full stop."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?", ":", "…")) else text + "."


def _skills(tables, rows, values, careers, career_for, report: ImportReport) -> None:
    competences: dict[str, dict[str, str]] = {}
    for _, r in rows("referentiel_competence"):
        competences[r["code_ogr"]] = r
    savoirs = {r["code_ogr_savoir"]: r for _, r in rows("referentiel_savoir")}
    contexts = {r["code_ogr"]: r for _, r in rows("referentiel_contexte_travail")}
    enjeux: dict[str, str] = {}
    if "arborescence_competences" in tables:
        for _, r in rows("arborescence_competences"):
            if r["enjeu"]:
                for code in (r["code_ogr_competence"], r["code_ogr_macro_competence"]):
                    if code:
                        enjeux.setdefault(code, r["enjeu"])
    core: dict[tuple[str, str], str] = {}
    if "coherence_item" in tables:
        # 100,000 rows each, this file and the links: read as tuples, not a dict per row
        for _, (code, ogr, coeur) in values("coherence_item"):
            flag = CORE.get(coeur.casefold())
            if flag:
                core[(code, ogr)] = flag

    def category(item: dict[str, str]) -> str:
        code = item["code_ogr"]
        if code in enjeux:
            return enjeux[code]
        parent = competences.get(item["code_ogr_macro_comp"])
        return (parent or item)["libelle_competence"]

    hard: dict[str, list[tuple[int, HardSkill]]] = defaultdict(list)
    path = tables["liens_rome_referentiels"].path
    for line, (code, bloc, rubrique, ogr) in values("liens_rome_referentiels"):
        if bloc in (BLOC_CODE, BLOC_APPELLATIONS):
            continue  # the fiche's own code and its appellations, read from their own files
        career = career_for(code, "skill or context link")
        if career is None:
            continue
        flag = core.get((code, ogr))
        rank = 0 if flag == "cœur de métier" else 1
        if bloc == BLOC_COMPETENCES and rubrique in (SAVOIR_FAIRE, SAVOIR_ETRE):
            item = competences.get(ogr)
            if item is None:
                report.problem(path, line, f"unknown compétence code: {ogr}")
            elif rubrique == SAVOIR_ETRE:
                career.soft_skills.append(
                    NamedText(item["libelle_competence"], item["definition"], ogr)
                )
            else:
                keywords = [k for k in (item["sous_cat_comp"], flag) if k]
                skill = HardSkill(
                    item["libelle_competence"], None, keywords, None, category(item), ogr
                )
                hard[code].append((rank, skill))
        elif bloc == BLOC_COMPETENCES and rubrique == SAVOIRS:
            item = savoirs.get(ogr)
            if item is None:
                report.problem(path, line, f"unknown savoir code: {ogr}")
                continue
            keywords = [
                k for k in (item["categorie_savoir"], item["sous_categorie_savoir"], flag) if k
            ]
            skill = HardSkill(item["libelle_savoir"], None, keywords, None, SAVOIRS_CATEGORY, ogr)
            hard[code].append((rank + 2, skill))
        elif bloc == BLOC_CONTEXTES:
            item = contexts.get(ogr)
            if item is None:
                report.problem(path, line, f"unknown contexte de travail code: {ogr}")
                continue
            career.constraints.append(
                NamedText(item["libelle_cont_travail"], item["libelle_type_cont_trav"], ogr)
            )
        else:
            report.skip(f"link of an unused bloc/rubrique ({bloc}/{rubrique or '-'})")
    for code, ranked in hard.items():
        # savoir-faire before savoirs, the fiche's core skills first, else the file's order
        careers[code].hard_skills = [s for _, s in sorted(ranked, key=lambda rs: rs[0])]


def _mobilites(table: Table, records, careers: dict[str, Career], report: ImportReport) -> None:
    moves: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for line, r in records:
        code, target, order = r["code_rome"], r["code_rome_cible"], r["numero_ordre"]
        if not order.isdigit():
            report.problem(table.path, line, f"numero_ordre is not a number: {order!r}")
        elif code not in careers:
            report.skip("mobilité of a ROME code not in the set")
        elif target not in careers:
            report.skip("mobilité towards a ROME code not in the set")
        elif target == code:
            report.skip("mobilité towards the fiche itself")
        else:
            moves[code].append((int(order), target))
    for code, targets in moves.items():
        # ROME 4.0 lists, for each fiche, the fiches its holders can move to, ranked by
        # numero_ordre; the list is directional (A→B rarely implies B→A), so a move is a
        # `next` step. The title is the target's, which resolves it to that ROME career.
        careers[code].progressions = [
            Progression(careers[t].title, 1, "next") for _, t in sorted(targets)
        ]
