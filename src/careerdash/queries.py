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
        # career_search is folded at write time (store.derive_columns): no per-row folding
        where.append(
            "s.career_id IN (SELECT career_id FROM career_search WHERE contains(search_text, ?))"
        )
        params.append(fold(filters.text.strip()))
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
    try:
        return _frame(con, sql, params)
    except duckdb.CatalogException:
        if "career_search" not in sql:
            raise
        # a file written before career_search existed: fold every row, as it used to
        folded = (
            "(SELECT career_id FROM careers WHERE contains(strip_accents(lower(title)), ?) "
            "UNION SELECT career_id FROM alt_titles "
            "WHERE contains(strip_accents(lower(alt_title)), ?) "
            "UNION SELECT career_id FROM missions WHERE contains(strip_accents(lower(task)), ?))"
        )
        i = where.index(next(w for w in where if "career_search" in w))
        where[i] = f"s.career_id IN {folded}"
        params[i - 1 : i] = [params[i - 1]] * 3
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


# -- hardening: the search finds what was typed ----------------------------------------


def like_escape(text: str) -> str:
    """Text searched for as typed: LIKE's wildcards `%` and `_` (and the escape) escaped."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
