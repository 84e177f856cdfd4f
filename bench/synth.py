"""A synthetic careerdash database of N careers, for benchmarks only (never in data/).

Every table of the real schema gets rows in the proportions of the real national database
(fiches + ROME 4.0 + O*NET + OEWS + Dares, 2,648 careers), per career on average:
~50 hard skills drawn from a vocabulary of 30,000 names (a few very common, a long tail),
26 alternate titles, 7 mission tasks, 7 soft skills, 5 constraints, 12 tools, 2 diplomas,
2 salary bands (débutant and confirmé, so that the salary filters cut across all N rows
like the floor's), 5 profile scores, 13 progressions of which 90 % point at another
career of the set, 8 attributes, 1 FAQ entry and 7 sources. Titles, appellations and
tasks are French words with accents, so that accent-insensitive search has work to do.

The rows are generated in DuckDB from deterministic hashes (same N, same database), then
the store's own derivations run over them, as after a real build.

    python bench/synth.py 10000 /tmp/synth-10k.duckdb
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import duckdb

from careerdash import store

WORDS = [
    "électricité",
    "énergie",
    "sécurité",
    "santé",
    "éducation",
    "hôtellerie",
    "bâtiment",
    "comptabilité",
    "télécommunications",
    "agroalimentaire",
    "aéronautique",
    "création",
    "qualité",
    "médical",
    "logistique",
    "développement",
    "réseau",
    "numérique",
    "données",
    "forêt",
    "pêche",
    "théâtre",
    "cinéma",
    "musée",
    "bibliothèque",
    "chaussée",
    "véhicules",
    "crèche",
    "école",
    "hôpital",
    "pharmacie",
    "laboratoire",
    "assurance",
    "banque",
    "commerce",
    "vente",
    "achats",
    "marketing",
    "communication",
    "journalisme",
    "édition",
    "imprimerie",
    "mécanique",
    "électronique",
    "chimie",
    "plasturgie",
    "textile",
    "cuir",
    "bois",
    "métallurgie",
    "soudure",
    "maçonnerie",
    "plomberie",
    "menuiserie",
    "peinture",
    "décoration",
    "paysage",
    "agriculture",
    "élevage",
    "viticulture",
    "transport",
    "manutention",
    "entrepôt",
    "douane",
    "tourisme",
    "restauration",
    "boulangerie",
    "pâtisserie",
    "boucherie",
    "coiffure",
    "esthétique",
    "sport",
    "animation",
    "social",
    "petite-enfance",
    "handicap",
    "insertion",
    "justice",
    "défense",
    "police",
    "pompiers",
    "environnement",
    "déchets",
    "eau",
    "géomatique",
    "urbanisme",
    "architecture",
    "immobilier",
    "finances",
    "fiscalité",
    "audit",
    "ressources",
    "humaines",
    "recrutement",
    "formation",
    "informatique",
    "cybersécurité",
    "robotique",
    "maintenance",
]
ROLES = [
    "Technicien(ne)",
    "Ingénieur(e)",
    "Chargé(e)",
    "Responsable",
    "Agent(e)",
    "Assistant(e)",
    "Opérateur(trice)",
    "Conseiller(ère)",
    "Animateur(trice)",
    "Directeur(trice)",
    "Gestionnaire",
    "Coordinateur(trice)",
    "Contrôleur(euse)",
    "Analyste",
    "Consultant(e)",
    "Formateur(trice)",
    "Préparateur(trice)",
    "Employé(e)",
]
VERBS = [
    "Concevoir",
    "Contrôler",
    "Vérifier",
    "Organiser",
    "Préparer",
    "Réaliser",
    "Accueillir",
    "Conseiller",
    "Gérer",
    "Suivre",
    "Analyser",
    "Élaborer",
    "Coordonner",
    "Entretenir",
    "Installer",
    "Former",
    "Négocier",
    "Rédiger",
]
LEVELS = [("CAP", -1), ("Bac", 0), ("Bac+2", 2), ("Bac+3", 3), ("Bac+5", 5), ("Bac+8", 8)]
PROFILE = ["qualite_de_vie", "flexibilite", "stimulation", "relations_humaines", "carriere"]
FAMILIES = 146
# the columns each generated table fills, in the order of the SELECTs below (the schema may
# have more, left NULL)
COLUMNS = {
    "alt_titles": ["career_id", "alt_title"],
    "career_attributes": ["career_id", "name", "value"],
    "profile_scores": ["career_id", "position", "dimension", "label", "score", "editorial"],
    "missions": ["career_id", "group_index", "group_title", "position", "task"],
    "soft_skills": ["career_id", "position", "name", "description"],
    "hard_skills": [
        "career_id",
        "position",
        "name",
        "score",
        "level",
        "category",
        "keywords",
        "editorial",
        "rome_code",
    ],
    "diplomas": [
        "career_id",
        "position",
        "name",
        "level",
        "level_years",
        "ects",
        "formations_count",
        "share",
        "is_reference",
        "description",
    ],
    "tools": ["career_id", "category", "position", "tool", "hot"],
    "constraints": ["career_id", "position", "name", "description"],
    "salary_bands": [
        "career_id",
        "level",
        "min_amount",
        "max_amount",
        "currency",
        "period",
        "basis",
        "years_min",
        "years_max",
        "converted_from_monthly",
        "presumed_gross",
        "source_url",
        "source_note",
        "data_year",
    ],
    "progressions": ["career_id", "position", "title", "step", "kind", "tier", "to_career_id"],
    "faq": ["career_id", "position", "question", "answer"],
    "sources": ["career_id", "field", "url", "note"],
}
SKILL_VOCABULARY = 30_000


def _values(name: str, items: list[tuple]) -> str:
    rows = ", ".join("(" + ", ".join(repr(v) for v in item) + ")" for item in items)
    cols = ", ".join(f"c{i}" for i in range(len(items[0])))
    return f"{name}({cols}) AS (VALUES {rows})"


def generate(n: int, path: Path) -> Path:
    """Write a synthetic database of `n` careers at `path` (replacing it)."""
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET enable_progress_bar = false")
    con.execute(store.schema_sql())
    nw, nr, nv = len(WORDS), len(ROLES), len(VERBS)
    vocab = ", ".join(
        [
            _values("w", [(i, w) for i, w in enumerate(WORDS)]),
            _values("r", [(i, w) for i, w in enumerate(ROLES)]),
            _values("v", [(i, w) for i, w in enumerate(VERBS)]),
            _values("lv", [(i, a, b) for i, (a, b) in enumerate(LEVELS)]),
            _values("pd", [(i, d) for i, d in enumerate(PROFILE)]),
        ]
    )
    con.execute(f"CREATE TEMP TABLE words AS WITH {vocab} SELECT c0 AS i, c1 AS w FROM w")
    con.execute(f"CREATE TEMP TABLE roles AS WITH {vocab} SELECT c0 AS i, c1 AS w FROM r")
    con.execute(f"CREATE TEMP TABLE verbs AS WITH {vocab} SELECT c0 AS i, c1 AS w FROM v")
    con.execute(f"CREATE TEMP TABLE lv AS WITH {vocab} SELECT c0 AS i, c1 AS l, c2 AS y FROM lv")
    con.execute(f"CREATE TEMP TABLE pd AS WITH {vocab} SELECT c0 AS i, c1 AS d FROM pd")
    # h(i, k): a deterministic pseudo-random integer per career and purpose
    con.execute("CREATE MACRO h(i, k) AS (hash(i * 1000003 + k) % 1000000007)::BIGINT")
    con.execute(
        f"""
        CREATE TEMP TABLE base AS
        SELECT t.i,
               'synth-' || t.i AS career_id,
               r.w || ' ' || w1.w || ' et ' || w2.w || ' n°' || t.i AS title,
               ['fiche', 'rome', 'onet'][1 + h(t.i, 1) % 3] AS source_kind,
               h(t.i, 2) % {FAMILIES} AS family_i,
               h(t.i, 3) % {len(LEVELS)} AS level_i
        FROM range({n}) t(i)
        JOIN roles r ON r.i = h(t.i, 4) % {nr}
        JOIN words w1 ON w1.i = h(t.i, 5) % {nw}
        JOIN words w2 ON w2.i = h(t.i, 6) % {nw}
        """
    )
    con.execute(
        """
        INSERT INTO careers (career_id, title, title_en, summary, family, rome_code, onet_code,
                             source_kind, reference_level, reference_level_years,
                             scores_editorial, source_path)
        SELECT b.career_id, b.title, NULL, 'Métier synthétique pour les mesures de vitesse.',
               'Famille ' || b.family_i, 'X' || lpad((b.i % 9999)::VARCHAR, 4, '0'), NULL,
               b.source_kind, lv.l, lv.y, b.source_kind = 'fiche', NULL
        FROM base b JOIN lv ON lv.i = b.level_i
        """
    )

    def per_career(table: str, count: str, select: str, joins: str = "") -> None:
        columns = ", ".join(COLUMNS[table])
        con.execute(
            f"INSERT INTO {table} ({columns}) SELECT {select} FROM base b, "
            f"LATERAL (SELECT j FROM range(({count})::BIGINT) t(j)) x {joins}"
        )

    per_career(
        "alt_titles",
        "h(b.i, 10) % 52",
        "b.career_id, r.w || ' ' || w.w || ' ' || x.j",
        f"JOIN roles r ON r.i = h(b.i * 97 + x.j, 11) % {nr} "
        f"JOIN words w ON w.i = h(b.i * 97 + x.j, 12) % {nw}",
    )
    per_career(
        "career_attributes", "8", "b.career_id, 'attribut_' || x.j, 'valeur ' || h(b.i, x.j) % 50"
    )
    per_career(
        "profile_scores",
        "5",
        "b.career_id, x.j, pd.d, pd.d, (h(b.i, 20 + x.j) % 21 * 5)::INT, b.source_kind = 'fiche'",
        "JOIN pd ON pd.i = x.j",
    )
    per_career(
        "missions",
        "h(b.i, 30) % 14",
        "b.career_id, x.j // 4, NULL, x.j % 4, "
        "v.w || ' les opérations de ' || w1.w || ' et le suivi de ' || w2.w || ' (' || x.j || ')'",
        f"JOIN verbs v ON v.i = h(b.i * 31 + x.j, 31) % {nv} "
        f"JOIN words w1 ON w1.i = h(b.i * 31 + x.j, 32) % {nw} "
        f"JOIN words w2 ON w2.i = h(b.i * 31 + x.j, 33) % {nw}",
    )
    per_career(
        "soft_skills", "7", "b.career_id, x.j, 'Savoir-être ' || (h(b.i, 40 + x.j) % 60), NULL"
    )
    # skill names: a few very common ones, a long tail (power law over the vocabulary)
    per_career(
        "hard_skills",
        "20 + h(b.i, 50) % 61",
        "b.career_id, x.j, "
        f"'Compétence ' || (floor(pow((h(b.i * 131 + x.j, 51) % 1000000) / 1e6, 3) "
        f"* {SKILL_VOCABULARY}))::INT, "
        "CASE WHEN b.source_kind = 'rome' THEN NULL ELSE (h(b.i, 52 + x.j) % 101)::INT END, "
        "NULL, 'Catégorie ' || x.j % 7, ['mot-clé ' || x.j], b.source_kind = 'fiche', "
        # ROME careers carry the skill's OGR code (aggregations count codes)
        "CASE WHEN b.source_kind = 'rome' THEN 'OGR' || (h(b.i * 131 + x.j, 51) % 9973) END",
    )
    per_career(
        "diplomas",
        "1 + h(b.i, 60) % 3",
        "b.career_id, x.j, 'Diplôme ' || lv.l || ' ' || x.j, lv.l, lv.y, NULL, NULL, NULL, "
        "x.j = 0, NULL",
        f"JOIN lv ON lv.i = (b.level_i + x.j) % {len(LEVELS)}",
    )
    per_career("tools", "h(b.i, 70) % 25", "b.career_id, 'Outils', x.j, 'Outil ' || x.j, false")
    per_career("constraints", "5", "b.career_id, x.j, 'Contrainte ' || (h(b.i, 80) % 40), NULL")
    # débutant 20–50 k€, confirmé 35–95 k€ like the floor; a band of 0–5 k€ width
    per_career(
        "salary_bands",
        "2",
        "b.career_id, ['debutant', 'confirme'][x.j + 1], "
        "(CASE x.j WHEN 0 THEN 20000 + h(b.i, 90) % 30000 ELSE 35000 + h(b.i, 91) % 60000 END), "
        "(CASE x.j WHEN 0 THEN 20000 + h(b.i, 90) % 30000 ELSE 35000 + h(b.i, 91) % 60000 END) "
        "+ h(b.i, 92) % 5000, 'EUR', 'year', 'brut', [0, 5][x.j + 1], [3, NULL][x.j + 1], "
        "false, false, 'https://example.org/synthetique', 'donnée synthétique', NULL",
    )
    per_career(
        "progressions",
        "h(b.i, 100) % 27",
        f"b.career_id, x.j, 'Métier ' || x.j, 1, 'next', NULL, "
        f"CASE WHEN h(b.i, 101 + x.j) % 10 < 9 THEN 'synth-' || h(b.i, 120 + x.j) % {n} END",
    )
    per_career("faq", "1", "b.career_id, 0, 'Comment accéder à ce métier ?', 'Par la formation.'")
    per_career(
        "sources",
        "7",
        "b.career_id, 'champ_' || x.j, 'https://example.org/synthetique', 'donnée synthétique'",
    )
    con.execute(
        "INSERT INTO build_info VALUES ('built_at', ?), ('synthetic', ?)",
        [time.strftime("%Y-%m-%dT%H:%M:%S%z"), str(n)],
    )
    _derive(con)
    con.execute("CHECKPOINT")
    con.close()
    return path


def _derive(con: duckdb.DuckDBPyConnection) -> None:
    """Run the store's write-time derivations, as a real build does after inserting rows."""
    derive = getattr(store, "derive_columns", None)
    if derive is not None:
        derive(con)


# The national diploma tables (careerdash import diplomas), taken whole from a real database.
NATIONAL_DIPLOMA_TABLES = (
    "diploma_records",
    "diploma_refs",
    "diploma_aliases",
    "diploma_outcomes",
    "diploma_mef",
    "diploma_domains",
)


def add_national_diplomas(path: Path, real: Path, n: int) -> None:
    """Give the synthetic database at `path` the national diplomas of the real database:
    France has about 32,000 diplomas however many careers a database holds, so they are
    copied as they are, and only their links to careers are moved onto synthetic ones: a
    ROME code onto one of the synthetic codes (each held by n / 9,999 careers), a fiche's
    career onto one synthetic career. The diploma explorer then searches the real names."""
    con = duckdb.connect(str(path))
    try:
        con.execute("ATTACH ? AS real (READ_ONLY)", [str(real)])
        for table in NATIONAL_DIPLOMA_TABLES:
            con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM real.{table}")
        con.execute(
            "INSERT INTO diploma_careers BY NAME SELECT * REPLACE ("
            "CASE WHEN rome_code IS NOT NULL THEN "
            "'X' || lpad((hash(rome_code) % 9999)::VARCHAR, 4, '0') END AS rome_code, "
            f"CASE WHEN career_id IS NOT NULL THEN 'synth-' || hash(career_id) % {n} END "
            "AS career_id) FROM real.diploma_careers"
        )
        con.execute("INSERT INTO build_info VALUES ('synthetic_diplomas', ?)", [str(real)])
        con.execute("DETACH real")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def cached(n: int, folder: Path, real: Path | None = None) -> Path:
    """The synthetic database of `n` careers in `folder`, generated once; with `real` (the
    real database), it also holds the national diplomas (`add_national_diplomas`)."""
    path = folder / (f"synth-{n}.duckdb" if real is None else f"synth-{n}-diplomas.duckdb")
    code = [Path(store.__file__), Path(store.__file__).with_name("schema.sql"), Path(__file__)]
    code += [real] if real is not None else []
    if not path.exists() or path.stat().st_mtime < max(p.stat().st_mtime for p in code):
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        generate(n, tmp)
        if real is not None:
            add_national_diplomas(tmp, real, n)
        tmp.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("careers", type=int)
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    start = time.perf_counter()
    generate(args.careers, args.path)
    con = duckdb.connect(str(args.path), read_only=True)
    counts = {
        t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("careers", "hard_skills", "alt_titles", "missions", "progressions")
    }
    con.close()
    print(f"{args.path}: {counts} in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
