"""Every SQL statement the dashboard runs: parameterised, returning pandas DataFrames.

Functions take a DuckDB connection or cursor as their first argument and know nothing of
Streamlit; the pages cache them (see `careerdash.ui`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from .text import fold

Con = duckdb.DuckDBPyConnection

PROFILE_DIMENSIONS = {
    "qualite_de_vie": "Qualité de vie",
    "flexibilite": "Flexibilité",
    "stimulation": "Stimulation",
    "relations_humaines": "Relations humaines",
    "carriere": "Carrière",
}

SOURCE_LABELS = {"fiche": "Fiches", "rome": "ROME", "onet": "O*NET"}


@dataclass(frozen=True)
class CareerFilters:
    """What a student asks of the Explorer. Zero / empty means "no constraint"."""

    text: str = ""
    min_debutant: int = 0  # midpoint of the débutant band, EUR
    min_confirme: int = 0  # midpoint of the confirmé band, EUR
    max_level_years: int | None = None  # reference study level at most (Bac = 0)
    families: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    profile_min: tuple[tuple[str, int], ...] = ()  # (dimension, minimum score)
    skills: tuple[str, ...] = ()  # hard skills that must all be present


def _frame(con: Con, sql: str, params: Sequence | None = None) -> pd.DataFrame:
    return con.execute(sql, list(params or [])).df()


def _in(values: Sequence) -> str:
    return ", ".join("?" for _ in values) or "NULL"


# -- the explorer ------------------------------------------------------------------------


def explore(con: Con, filters: CareerFilters) -> pd.DataFrame:
    """Careers matching every filter, one row each, with bands and profile scores."""
    where, params = ["TRUE"], []
    if filters.text.strip():
        pattern = f"%{fold(filters.text.strip())}%"
        where.append(
            "(strip_accents(lower(s.title)) LIKE ? "
            "OR EXISTS (SELECT 1 FROM missions m WHERE m.career_id = s.career_id "
            "AND strip_accents(lower(m.task)) LIKE ?) "
            "OR EXISTS (SELECT 1 FROM alt_titles a WHERE a.career_id = s.career_id "
            "AND strip_accents(lower(a.alt_title)) LIKE ?))"
        )
        params += [pattern] * 3
    if filters.min_debutant:
        where.append("s.currency = 'EUR' AND s.debutant_mid >= ?")
        params.append(filters.min_debutant)
    if filters.min_confirme:
        where.append("s.currency = 'EUR' AND s.confirme_mid >= ?")
        params.append(filters.min_confirme)
    if filters.max_level_years is not None:
        where.append("coalesce(s.reference_level_years, s.min_level_years) <= ?")
        params.append(filters.max_level_years)
    if filters.families:
        where.append(f"s.family IN ({_in(filters.families)})")
        params += list(filters.families)
    if filters.sources:
        where.append(f"s.source_kind IN ({_in(filters.sources)})")
        params += list(filters.sources)
    for dimension, minimum in filters.profile_min:
        if dimension not in PROFILE_DIMENSIONS:
            raise ValueError(f"unknown profile dimension {dimension!r}")
        if minimum:
            where.append(f"s.{dimension} >= ?")
            params.append(minimum)
    for skill in filters.skills:
        where.append(
            "EXISTS (SELECT 1 FROM hard_skills h WHERE h.career_id = s.career_id AND h.name = ?)"
        )
        params.append(skill)
    sql = f"SELECT s.* FROM career_summary s WHERE {' AND '.join(where)} ORDER BY s.title"
    return _frame(con, sql, params)


def filter_options(con: Con) -> dict[str, list]:
    """Values the Explorer's widgets offer: families, sources, hard skills (most common first)."""
    return {
        "families": _column(
            con, "SELECT DISTINCT family FROM careers WHERE family IS NOT NULL ORDER BY 1"
        ),
        "sources": _column(
            con, "SELECT source_kind FROM careers GROUP BY 1 ORDER BY count(*) DESC, 1"
        ),
        "skills": _column(
            con, "SELECT name FROM hard_skills GROUP BY name ORDER BY count(*) DESC, name LIMIT 500"
        ),
    }


def _column(con: Con, sql: str) -> list:
    return [row[0] for row in con.execute(sql).fetchall()]


def career_titles(con: Con) -> pd.DataFrame:
    return _frame(con, "SELECT career_id, title, source_kind, family FROM careers ORDER BY title")


# -- one or several careers --------------------------------------------------------------


def careers(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    """Summary rows for the given careers, in the order asked."""
    df = _frame(con, f"SELECT * FROM career_summary WHERE career_id IN ({_in(ids)})", ids)
    order = {cid: i for i, cid in enumerate(ids)}
    return df.sort_values("career_id", key=lambda s: s.map(order)).reset_index(drop=True)


def career(con: Con, career_id: str) -> dict | None:
    df = _frame(
        con,
        "SELECT c.*, s.currency FROM careers c LEFT JOIN career_summary s USING (career_id) "
        "WHERE career_id = ?",
        [career_id],
    )
    return None if df.empty else df.iloc[0].to_dict()


def _for_careers(con: Con, table: str, ids: Sequence[str], order: str) -> pd.DataFrame:
    sql = (
        f"SELECT t.*, c.title AS career FROM {table} t JOIN careers c USING (career_id) "
        f"WHERE t.career_id IN ({_in(ids)}) ORDER BY {order}"
    )
    return _frame(con, sql, ids)


def salary_bands(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    return _for_careers(con, "salary_bands", ids, "c.title, t.min_amount NULLS LAST")


def profile_scores(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    return _for_careers(con, "profile_scores", ids, "c.title, t.position")


def hard_skills(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    return _for_careers(con, "hard_skills", ids, "c.title, t.score DESC NULLS LAST, t.position")


def soft_skills(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    return _for_careers(con, "soft_skills", ids, "c.title, t.position")


def diplomas(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    return _for_careers(con, "diplomas", ids, "c.title, t.level_years, t.position")


def tools(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    return _for_careers(con, "tools", ids, "c.title, t.category, t.position")


def constraints(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    return _for_careers(con, "constraints", ids, "c.title, t.position")


def missions(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    return _for_careers(con, "missions", ids, "c.title, t.group_index, t.position")


def faq(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    return _for_careers(con, "faq", ids, "c.title, t.position")


def sources(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    return _for_careers(con, "sources", ids, "c.title, t.field")


def attributes(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    return _for_careers(con, "career_attributes", ids, "c.title, t.name")


def progressions(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    """Moves from, and entry roles into, the given careers, with the target's title if known."""
    sql = (
        "SELECT p.*, c.title AS career, t.title AS to_title FROM progressions p "
        "JOIN careers c USING (career_id) LEFT JOIN careers t ON t.career_id = p.to_career_id "
        f"WHERE p.career_id IN ({_in(ids)}) ORDER BY c.title, p.step, p.position"
    )
    return _frame(con, sql, ids)


def linked_careers(con: Con, rome_code: str | None, exclude: str) -> pd.DataFrame:
    """Other careers sharing a ROME code (a fiche and its national ROME entry)."""
    if not rome_code:
        return pd.DataFrame(columns=["career_id", "title", "source_kind"])
    return _frame(
        con,
        "SELECT career_id, title, source_kind FROM careers WHERE rome_code = ? "
        "AND career_id <> ? ORDER BY source_kind",
        [rome_code, exclude],
    )


# -- the whole set -----------------------------------------------------------------------


def all_bands(con: Con, sources_: Sequence[str] = ("fiche",)) -> pd.DataFrame:
    """Every career's summary row for the Salaires page (EUR careers of the chosen sources)."""
    return _frame(
        con,
        f"SELECT * FROM career_summary WHERE source_kind IN ({_in(sources_)}) "
        "AND currency = 'EUR' ORDER BY title",
        list(sources_),
    )


def skill_matrix(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    """Long form career × hard skill → score, for heatmaps."""
    return _for_careers(con, "hard_skills", ids, "t.name, c.title")


def skill_demand(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    """How many of the given careers ask for each hard skill, and its mean score."""
    return _frame(
        con,
        "SELECT name, count(DISTINCT career_id) AS careers, avg(score) AS mean_score, "
        "bool_or(editorial) AS editorial "
        f"FROM hard_skills WHERE career_id IN ({_in(ids)}) "
        "GROUP BY name ORDER BY careers DESC, mean_score DESC NULLS LAST, name",
        ids,
    )


def level_paths(con: Con, sources_: Sequence[str] = ("fiche",)) -> pd.DataFrame:
    """One row per career with its reference level and salary midpoints (Diplômes page)."""
    return _frame(
        con,
        "SELECT career_id, title, family, reference_level, reference_level_years, "
        "debutant_mid, confirme_mid, currency FROM career_summary "
        f"WHERE source_kind IN ({_in(sources_)}) AND reference_level_years IS NOT NULL "
        "ORDER BY reference_level_years, title",
        list(sources_),
    )


def progression_edges(con: Con, sources_: Sequence[str] = ("fiche",)) -> pd.DataFrame:
    """Every move as an edge (from title → to title), for the progression graph."""
    return _frame(
        con,
        "SELECT p.career_id, c.title AS career, p.title, p.step, p.kind, p.to_career_id, "
        "coalesce(t.title, p.title) AS target FROM progressions p "
        "JOIN careers c USING (career_id) LEFT JOIN careers t ON t.career_id = p.to_career_id "
        f"WHERE c.source_kind IN ({_in(sources_)}) ORDER BY c.title, p.step, p.position",
        list(sources_),
    )


def build_info(con: Con) -> dict[str, str]:
    return dict(con.execute("SELECT key, value FROM build_info").fetchall())


# -- trouver mon métier (matching) -------------------------------------------------------
# The facts `careerdash.matching` ranks on. A fiche that carries a ROME code takes the
# centres d'intérêt, RIASEC code and work contexts of that ROME fiche, when it is in the
# database; `via` then names the code, so the page can say where the fact comes from.


def _fiche_or_rome(con: Con, rome_sql: str, sources_: Sequence[str]) -> pd.DataFrame:
    """Rows of `rome_sql` (career_id, value) for ROME careers, and the same rows again for
    each fiche whose ROME code is one of them, with `via` = that code."""
    sql = (
        f"WITH r AS ({rome_sql}) "
        "SELECT r.*, NULL::VARCHAR AS via FROM r JOIN careers c USING (career_id) "
        f"WHERE c.source_kind IN ({_in(sources_)}) "
        "UNION ALL "
        "SELECT f.career_id, r.* EXCLUDE (career_id), f.rome_code AS via FROM r "
        "JOIN careers rc ON rc.career_id = r.career_id AND rc.source_kind = 'rome' "
        "JOIN careers f ON f.rome_code = rc.rome_code AND f.source_kind = 'fiche' "
        f"WHERE 'fiche' IN ({_in(sources_)}) "
        "ORDER BY 1, 2"
    )
    return _frame(con, sql, [*sources_, *sources_])


def matching_careers(con: Con, sources_: Sequence[str] = ("fiche", "rome")) -> pd.DataFrame:
    """One row per career of the chosen sources with what the hard criteria and the profile
    preferences read: study level, pay measures (Dares family medians: lowest and highest
    when several families), the five editorial profile scores."""
    return _frame(
        con,
        "SELECT s.career_id, s.title, s.source_kind, s.family, s.rome_code, s.currency, "
        "coalesce(s.reference_level_years, s.min_level_years) AS level_years, "
        "s.debutant_mid, s.median_wage, s.hard_skill_count, "
        "s.qualite_de_vie, s.flexibilite, s.stimulation, s.relations_humaines, s.carriere, "
        "s.family_median_net_month, s.family_median_net_month_max, s.family_median_families, "
        "y.family_median_year "
        "FROM career_summary s LEFT JOIN (SELECT career_id, any_value(data_year) AS "
        "family_median_year FROM salary_bands WHERE level = 'family_median' GROUP BY 1) y "
        f"USING (career_id) WHERE s.source_kind IN ({_in(sources_)}) ORDER BY s.career_id",
        list(sources_),
    )


def matching_interests(con: Con, sources_: Sequence[str] = ("fiche", "rome")) -> pd.DataFrame:
    """career_id, interest (a ROME centre d'intérêt), via."""
    return _fiche_or_rome(
        con,
        "SELECT DISTINCT career_id, trim(unnest(string_split(value, '; '))) AS interest "
        "FROM career_attributes WHERE name = 'centres_interet'",
        sources_,
    )


def matching_riasec(con: Con, sources_: Sequence[str] = ("fiche", "rome")) -> pd.DataFrame:
    """career_id, code (ROME majeur + mineur, or O*NET high-points), via."""
    return _fiche_or_rome(
        con,
        "SELECT career_id, upper(value) AS code FROM career_attributes "
        "WHERE name = 'riasec' AND value <> ''",
        sources_,
    )


def matching_contexts(con: Con, sources_: Sequence[str] = ("fiche", "rome")) -> pd.DataFrame:
    """career_id, context (a ROME work context), via. Only ROME careers have them: a fiche's
    own constraints are free text, compared with nothing."""
    return _fiche_or_rome(
        con,
        "SELECT DISTINCT t.career_id, t.name AS context FROM constraints t "
        "JOIN careers c USING (career_id) WHERE c.source_kind = 'rome'",
        sources_,
    )


def matching_skills(
    con: Con, names: Sequence[str], sources_: Sequence[str] = ("fiche", "rome")
) -> pd.DataFrame:
    """career_id, skill, via: only the hard skills named (a career's own list)."""
    return _frame(
        con,
        "SELECT DISTINCT h.career_id, h.name AS skill, NULL::VARCHAR AS via FROM hard_skills h "
        f"JOIN careers c USING (career_id) WHERE h.name IN ({_in(names)}) "
        f"AND c.source_kind IN ({_in(sources_)}) ORDER BY 1, 2",
        [*names, *sources_],
    )


def matching_options(con: Con, context_kinds: Sequence[str]) -> dict[str, list]:
    """What the page offers: centres d'intérêt, the ROME work contexts of the given kinds
    ("Horaires et durée du travail" …), hard skills (most common first)."""
    interests = _column(
        con,
        "SELECT interest FROM (SELECT trim(unnest(string_split(value, '; '))) AS interest "
        "FROM career_attributes WHERE name = 'centres_interet') GROUP BY 1 ORDER BY 1",
    )
    contexts = _frame(
        con,
        "SELECT t.name AS context, any_value(t.description) AS kind, "
        "count(DISTINCT t.career_id) AS careers FROM constraints t JOIN careers c "
        "USING (career_id) WHERE c.source_kind = 'rome' "
        f"AND t.description IN ({_in(context_kinds)}) GROUP BY 1 ORDER BY 2, 1",
        list(context_kinds),
    )
    skills = _column(
        con,
        "SELECT name FROM hard_skills JOIN careers USING (career_id) "
        "WHERE source_kind IN ('fiche', 'rome') GROUP BY name "
        "ORDER BY count(*) DESC, name LIMIT 800",
    )
    return {
        "interests": interests,
        "contexts": contexts["context"].tolist(),
        "context_kinds": dict(zip(contexts["context"], contexts["kind"], strict=True)),
        "skills": skills,
    }
