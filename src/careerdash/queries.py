"""Every SQL statement the dashboard runs: parameterised, returning pandas DataFrames.

Functions take a DuckDB connection or cursor as their first argument and know nothing of
Streamlit; the pages cache them (see `careerdash.ui`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
    min_median: int = 0  # all-levels median wage (OEWS, USD), for careers without bands
    # Dares family median, € net per month; a career reaching several families passes when
    # its lowest family median does (README "Dares pay")
    min_family_median: int = 0


def _frame(con: Con, sql: str, params: Sequence | None = None) -> pd.DataFrame:
    return con.execute(sql, list(params or [])).df()


# integer and boolean columns holding NULLs: pandas' nullable types, as DuckDB's .df() gives
_NULLABLE = {
    pa.bool_(): pd.BooleanDtype(),
    pa.int8(): pd.Int8Dtype(),
    pa.int16(): pd.Int16Dtype(),
    pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(),
}


def _wide_frame(
    con: Con, sql: str, params: Sequence | None = None, order_by: Sequence[str] = ()
) -> pd.DataFrame:
    """`_frame` for results of tens of thousands of rows: through Arrow, whose text columns
    become pandas strings without a Python object per cell (2× faster at 100,000 careers).
    The frame is the one `.df()` gives, dtypes included: nullable integers and booleans where
    a column holds NULLs, decimals as floats, and a column that is entirely NULL text as objects.

    `order_by`: columns the rows are sorted on, ascending, in Arrow rather than by an ORDER BY
    (DuckDB sorts the 33 columns of a career's summary with the keys: a third of the
    Explorer's query at 10,000 careers)."""
    table = con.sql(sql, params=list(params or [])).to_arrow_table()
    if order_by:
        table = table.take(pc.sort_indices(table, sort_keys=[(c, "ascending") for c in order_by]))
    frame = table.to_pandas()
    for name, column in zip(table.column_names, table.columns, strict=True):
        if column.type in _NULLABLE and column.null_count:
            frame[name] = _NULLABLE[column.type].__from_arrow__(column)
        elif pa.types.is_decimal(column.type):  # .df() gives floats, Arrow Decimal objects
            frame[name] = column.cast(pa.float64()).to_pandas()
        elif pa.types.is_string(column.type) and column.null_count == len(column):
            frame[name] = pd.Series([None] * len(column), index=frame.index, dtype=object)
    return frame


def _in(values: Sequence) -> str:
    return ", ".join("?" for _ in values) or "NULL"


# -- the explorer ------------------------------------------------------------------------


# A search reads career_search once (store.SEARCH_SQL): the careers whose folded text holds
# the words, and, from the line where they first appear, what matched: line 0 is the
# title, then come the appellations, the missions and the diplomas, whose counts the row
# holds; the same line of `search_parts` is the part as written.
SEARCH_HITS = """
    SELECT career_id, search_parts, appellations, missions,
           len(string_split(left(search_text, strpos(search_text, ?)), chr(10))) - 1 AS line
    FROM career_search WHERE contains(search_text, ?)
"""
SEARCH_MATCHED = """
    CASE WHEN hit.line = 0 THEN 'intitulé'
    ELSE CASE WHEN hit.line <= hit.appellations THEN 'appellation : '
              WHEN hit.line <= hit.appellations + hit.missions THEN 'mission : '
              ELSE 'diplôme : ' END
         || string_split(hit.search_parts, chr(10))[hit.line + 1]
    END
"""


# by title, careers of the same title in a fixed order (DuckDB's own order of ties varies)
EXPLORER_ORDER = ("title", "career_id")


def explore(con: Con, filters: CareerFilters) -> pd.DataFrame:
    """Careers matching every filter, one row each, by title, with bands and profile scores.

    The minimums (salaries, profile scores) are applied by `at_least` to the careers the
    other filters chose: the Explorer caches those and moves its sliders without a query."""
    return at_least(candidates(con, without_minimums(filters)), filters)


# Each salary minimum of CareerFilters and the summary column it is read on; a minimum on
# a band midpoint is in euros, so only careers paid in euros can reach it.
MINIMUM_COLUMNS = {
    "min_debutant": "debutant_mid",
    "min_confirme": "confirme_mid",
    "min_median": "median_wage",
    "min_family_median": "family_median_net_month",
}
EURO_COLUMNS = frozenset({"debutant_mid", "confirme_mid"})


def without_minimums(filters: CareerFilters) -> CareerFilters:
    """The filters that choose careers (text, level, family, source, skills), minimums off."""
    return replace(filters, **dict.fromkeys(MINIMUM_COLUMNS, 0), profile_min=())


def active_minimums(filters: CareerFilters) -> list[tuple[str, float]]:
    """(summary column, minimum) for every minimum set: salaries, then profile scores."""
    for dimension, _ in filters.profile_min:
        if dimension not in PROFILE_DIMENSIONS:
            raise ValueError(f"unknown profile dimension {dimension!r}")
    salaries = [(column, getattr(filters, field)) for field, column in MINIMUM_COLUMNS.items()]
    return [
        (column, minimum) for column, minimum in salaries + list(filters.profile_min) if minimum
    ]


def lacking(careers: pd.DataFrame, column: str) -> np.ndarray:
    """The careers no minimum on `column` can keep: the figure is missing or, for a
    minimum in euros, in another currency."""
    missing = careers[column].isna().to_numpy()
    if column in EURO_COLUMNS:
        return missing | ~careers["currency"].eq("EUR").to_numpy(dtype=bool, na_value=False)
    return missing


def at_least(careers: pd.DataFrame, filters: CareerFilters) -> pd.DataFrame:
    """The careers reaching every minimum of `filters`, in their order: a mask over rows
    already read (at 10,000 careers, 1 ms where a query took 12)."""
    keep = np.ones(len(careers), dtype=bool)
    for column, minimum in active_minimums(filters):
        keep &= ~lacking(careers, column)
        keep &= careers[column].to_numpy(dtype=float, na_value=np.nan) >= minimum
    if keep.all():
        return careers
    return careers[keep].reset_index(drop=True)


def candidates(con: Con, filters: CareerFilters) -> pd.DataFrame:
    """The careers chosen by every filter but the minimums (see `at_least`), by title."""
    if without_minimums(filters) != filters:
        raise ValueError("candidates() applies no minimum: pass without_minimums(filters)")
    where, params = ["TRUE"], []
    if filters.max_level_years is not None:
        where.append("coalesce(s.reference_level_years, s.min_level_years) <= ?")
        params.append(filters.max_level_years)
    if filters.families:
        where.append(f"s.family IN ({_in(filters.families)})")
        params += list(filters.families)
    if filters.sources:
        where.append(f"s.source_kind IN ({_in(filters.sources)})")
        params += list(filters.sources)
    for skill in filters.skills:
        where.append(
            "EXISTS (SELECT 1 FROM hard_skills h WHERE h.career_id = s.career_id AND h.name = ?)"
        )
        params.append(skill)
    conditions = " AND ".join(where)
    text = filters.text.strip()
    if not text:
        sql = f"SELECT s.*, NULL AS matched FROM career_summary s WHERE {conditions}"
        return _wide_frame(con, sql, params, order_by=EXPLORER_ORDER)
    folded = fold(text)
    # the text is folded at write time (store.derive_columns): no per-row folding here
    sql = f"""
        WITH hit AS MATERIALIZED ({SEARCH_HITS})
        SELECT s.*, {SEARCH_MATCHED} AS matched
        FROM career_summary s JOIN hit USING (career_id)
        WHERE {conditions}
    """
    try:
        return _wide_frame(con, sql, [folded, folded, *params], order_by=EXPLORER_ORDER)
    except (duckdb.CatalogException, duckdb.BinderException):
        # a file written before career_search held its parts: fold every row, as it used to
        return _explore_folding_rows(con, folded, conditions, params)


def _explore_folding_rows(con: Con, folded: str, conditions: str, params: list) -> pd.DataFrame:
    """The search of a file written before `career_search` held its parts: slower (every
    title, appellation and mission folded at each search), same careers found."""
    # `%` and `_` typed by a user are letters, not wildcards
    like = "LIKE ? ESCAPE '\\'"
    pattern = f"%{like_escape(folded)}%"
    found = f"""
        SELECT s.* FROM career_summary s
        WHERE (strip_accents(lower(s.title)) {like}
               OR EXISTS (SELECT 1 FROM alt_titles a WHERE a.career_id = s.career_id
                          AND strip_accents(lower(a.alt_title)) {like})
               OR EXISTS (SELECT 1 FROM missions m WHERE m.career_id = s.career_id
                          AND strip_accents(lower(m.task)) {like}))
          AND {conditions}
    """
    # MATERIALIZED keeps DuckDB from folding every appellation and mission below the join:
    # only the found careers' own are folded, after it
    sql = f"""
        WITH found AS MATERIALIZED ({found}),
        alt AS (
            SELECT career_id, min(alt_title) AS hit
            FROM alt_titles SEMI JOIN found USING (career_id)
            WHERE strip_accents(lower(alt_title)) {like} GROUP BY ALL
        ),
        task AS (
            SELECT career_id, min(task) AS hit
            FROM missions SEMI JOIN found USING (career_id)
            WHERE strip_accents(lower(task)) {like} GROUP BY ALL
        )
        SELECT f.*,
               CASE WHEN strip_accents(lower(f.title)) {like} THEN 'intitulé'
                    WHEN alt.hit IS NOT NULL THEN 'appellation : ' || alt.hit
                    ELSE 'mission : ' || task.hit END AS matched
        FROM found f LEFT JOIN alt USING (career_id) LEFT JOIN task USING (career_id)
    """
    return _wide_frame(con, sql, [pattern] * 3 + params + [pattern] * 3, order_by=EXPLORER_ORDER)


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
        # slider ranges follow the data: the highest score of each profile dimension
        "profile_max": dict(
            con.execute(
                "SELECT dimension, max(score) FROM profile_scores GROUP BY dimension"
            ).fetchall()
        ),
        "median_max": con.execute("SELECT max(median_wage) FROM career_summary").fetchone()[0],
        "family_median_max": con.execute(
            "SELECT max(family_median_net_month) FROM career_summary"
        ).fetchone()[0],
        # the families the salary scatter can draw: each keeps one colour whatever the
        # filters, and no two share one while there are colours enough
        "scatter_families": _column(
            con,
            "SELECT DISTINCT coalesce(family, 'Sans famille') FROM career_summary "
            "WHERE currency = 'EUR' AND debutant_mid IS NOT NULL AND confirme_mid IS NOT NULL "
            "ORDER BY 1",
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
        "coalesce(t.title, p.title) AS target, c.source_kind FROM progressions p "
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


# -- shared ROME vocabulary and Dares pay (issue 10, helper "dares") ----------------------

# A fiche skill counts under its ROME code; one without a code keeps its own wording.
_SKILL_KEY = "coalesce('rome:' || h.rome_code, 'nom:' || h.name)"


def shared_skill_demand(con: Con, ids: Sequence[str], by: str = "rome_code") -> pd.DataFrame:
    """How many of the given careers ask for each skill, counted by ROME code.

    `by` = "rome_code" (one row per ROME skill, or per own wording when a skill has no
    code), "rome_group" (ROME's macro-compétence / category: a coarser view) or "name"
    (each source's own wording, as before the shared vocabulary). `wordings` lists the
    careers' own names of the skill for hover; `mean_score` is the fiches' (editorial) only,
    `onet_score` O*NET's importance (another scale, never averaged with it); ROME's skills
    are unscored (`unscored_careers` counts the careers listing it without a score).
    """
    key = {
        "rome_code": _SKILL_KEY,
        "rome_group": "coalesce('groupe:' || h.rome_group, " + _SKILL_KEY + ")",
        "name": "'nom:' || h.name",
    }[by]
    label = {
        "rome_code": "coalesce(any_value(h.rome_label), any_value(h.name))",
        "rome_group": "coalesce(any_value(h.rome_group), any_value(h.rome_label), "
        "any_value(h.name))",
        "name": "any_value(h.name)",
    }[by]
    return _frame(
        con,
        f"SELECT {key} AS skill_key, {label} AS label, "
        "any_value(h.rome_code) FILTER (WHERE h.rome_code IS NOT NULL) AS rome_code, "
        "any_value(h.rome_group) AS rome_group, "
        "count(DISTINCT h.career_id) AS careers, "
        "count(DISTINCT h.career_id) FILTER (WHERE c.source_kind = 'fiche') AS fiche_careers, "
        "count(DISTINCT h.career_id) FILTER (WHERE h.score IS NULL) AS unscored_careers, "
        "avg(h.score) FILTER (WHERE c.source_kind = 'fiche') AS mean_score, "
        "avg(h.score) FILTER (WHERE c.source_kind = 'onet') AS onet_score, "
        "bool_or(h.editorial) AS editorial, "
        "count(DISTINCT h.rome_code) AS rome_skills, "
        "list(DISTINCT h.name ORDER BY h.name) FILTER (WHERE c.source_kind = 'fiche') "
        "AS wordings "
        "FROM hard_skills h JOIN careers c USING (career_id) "
        f"WHERE h.career_id IN ({_in(ids)}) GROUP BY skill_key "
        "ORDER BY careers DESC, mean_score DESC NULLS LAST, label",
        ids,
    )


def shared_skill_matrix(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    """Career × skill → score, skills named by ROME's wording when linked (heatmaps)."""
    return _frame(
        con,
        "SELECT c.title AS career, coalesce(h.rome_label, h.name) AS name, h.score, "
        "h.position, h.name AS own_name, h.rome_code "
        "FROM hard_skills h JOIN careers c USING (career_id) "
        f"WHERE h.career_id IN ({_in(ids)}) ORDER BY name, c.title",
        ids,
    )


def family_pay(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    """Every Dares family each career reaches, its net monthly median, and which was kept.

    `chosen` marks the families whose median the career shows; `rule` says why (README
    "Dares pay": single, cadre, non_cadre, range, fap87).
    """
    return _frame(
        con,
        "SELECT p.career_id, c.title, c.source_kind, p.rome_code, p.fap_code, p.fap_label, "
        "p.nomenclature, p.median_net_month, p.data_year, p.median_net_month_2003_2005, "
        "p.chosen, p.rule FROM pay_families p JOIN careers c USING (career_id) "
        f"WHERE p.career_id IN ({_in(ids)}) "
        "ORDER BY c.title, p.chosen DESC, p.median_net_month",
        ids,
    )


def family_medians(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    """One row per career: the family median (lowest and highest when a range), € net/month."""
    return _frame(
        con,
        "SELECT career_id, title, source_kind, family_median_net_month, "
        "family_median_net_month_max, family_median_families FROM career_summary "
        f"WHERE career_id IN ({_in(ids)}) ORDER BY title",
        ids,
    )


def labour_tension(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    """The 2019 national tension indicators of each career's chosen families (1 … 5)."""
    return _frame(
        con,
        "SELECT t.*, c.title FROM labour_tension t JOIN careers c USING (career_id) "
        f"WHERE t.career_id IN ({_in(ids)}) ORDER BY c.title, t.fap_code",
        ids,
    )


def pay_distribution(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    """The 5-band distribution of net monthly pay in each career's chosen families."""
    return _frame(
        con,
        "SELECT d.*, c.title FROM pay_distribution d JOIN careers c USING (career_id) "
        f"WHERE d.career_id IN ({_in(ids)}) ORDER BY c.title, d.fap_code, d.position",
        ids,
    )


def find_career(con: Con, id_or_title: str) -> list[tuple[str, str]]:
    """(career_id, title) of the careers an id, a ROME/O*NET code or a title names.

    An exact id or code wins; then a title equal to it ignoring case and accents (the fiche,
    when a fiche and an imported career share it); then titles containing it.
    """
    exact = con.execute(
        "SELECT career_id, title FROM careers WHERE career_id = ? OR upper(rome_code) = upper(?) "
        "AND source_kind = 'rome' OR onet_code = ? ORDER BY career_id",
        [id_or_title, id_or_title, id_or_title],
    ).fetchall()
    if exact:
        return exact
    folded = fold(id_or_title.strip())
    same = con.execute(
        "SELECT career_id, title, source_kind FROM careers "
        "WHERE strip_accents(lower(title)) = ? ORDER BY career_id",
        [folded],
    ).fetchall()
    fiches = [(cid, title) for cid, title, kind in same if kind == "fiche"]
    if len(fiches) == 1:  # a title a fiche shares with an imported career names the fiche
        return fiches
    if same:
        return [(cid, title) for cid, title, _ in same]
    return con.execute(
        "SELECT career_id, title FROM careers WHERE strip_accents(lower(title)) LIKE ? "
        "ORDER BY title LIMIT 20",
        [f"%{folded}%"],
    ).fetchall()


def career_record(con: Con, career_id: str) -> dict:
    """One career as the database holds it: the contract of `careerdash career --json`."""

    def rows(sql: str) -> list[dict]:
        cursor = con.execute(sql, [career_id])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]

    (career,) = rows(
        "SELECT career_id, title, title_en, source_kind, family, rome_code, onet_code, "
        "reference_level, reference_level_years, scores_editorial, summary "
        "FROM careers WHERE career_id = ?"
    )
    career["salaries"] = rows(
        "SELECT level AS kind, min_amount AS min, max_amount AS max, currency, basis, period, "
        "data_year, years_min, years_max, converted_from_monthly, presumed_gross, "
        "source_url, source_note FROM salary_bands WHERE career_id = ? "
        "ORDER BY CASE level WHEN 'debutant' THEN 0 WHEN 'confirme' THEN 1 "
        "WHEN 'senior' THEN 2 ELSE 3 END, level, min_amount"
    )
    career["pay_families"] = rows(
        "SELECT fap_code, fap_label, nomenclature, median_net_month, data_year, "
        "median_net_month_2003_2005, chosen, rule FROM pay_families WHERE career_id = ? "
        "ORDER BY chosen DESC, median_net_month"
    )
    career["tension"] = rows(
        "SELECT * EXCLUDE (career_id) FROM labour_tension WHERE career_id = ? ORDER BY fap_code"
    )
    career["hard_skills"] = rows(
        "SELECT name, score, editorial, category, rome_code, rome_label, rome_group "
        "FROM hard_skills WHERE career_id = ? ORDER BY position"
    )
    career["constraints"] = rows(
        "SELECT name, rome_code, rome_label FROM constraints WHERE career_id = ? ORDER BY position"
    )
    career["diplomas"] = rows(
        "SELECT name, level, level_years, is_reference FROM diplomas WHERE career_id = ? "
        "ORDER BY position"
    )
    career["sources"] = rows(
        "SELECT field, url, note FROM sources WHERE career_id = ? ORDER BY field"
    )
    return career


def careers_with_levels(con: Con) -> pd.DataFrame:
    """Every career with its family and reference study level (the Compétences filters)."""
    return _frame(
        con,
        "SELECT career_id, title, source_kind, family, reference_level, reference_level_years "
        "FROM career_summary ORDER BY title",
    )


def shared_constraints(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    """Constraints of the given careers grouped by ROME work context when linked (Comparer).

    `label` is ROME's wording when a code links them, else the constraint's own name;
    `names` lists each career's own wording.
    """
    return _frame(
        con,
        "SELECT coalesce('rome:' || t.rome_code, 'nom:' || t.name) AS constraint_key, "
        "coalesce(any_value(t.rome_label), any_value(t.name)) AS label, "
        "any_value(t.rome_code) AS rome_code, count(DISTINCT t.career_id) AS careers, "
        "list(DISTINCT c.title ORDER BY c.title) AS titles, "
        "list(DISTINCT t.name ORDER BY t.name) AS names "
        "FROM constraints t JOIN careers c USING (career_id) "
        f"WHERE t.career_id IN ({_in(ids)}) GROUP BY constraint_key "
        "ORDER BY careers DESC, label",
        ids,
    )


def careers_by_net_median(con: Con, min_net_month: int, sources_: Sequence[str]) -> pd.DataFrame:
    """Careers whose Dares family median reaches `min_net_month` € net per month, each with
    the measure used (kind, basis, period, years, family) and whether it is a range.

    A range career (several families, README "Dares pay") passes only when its lowest
    family median does; careers with no median are left out and counted by the caller.
    """
    return _frame(
        con,
        "SELECT s.career_id, s.title, s.source_kind, s.family_median_net_month, "
        "s.family_median_net_month_max, s.family_median_families > 1 AS is_range, "
        "'family_median' AS measure, 'net' AS basis, 'month' AS period, "
        "any_value(b.data_year) AS data_year, "
        "list(p.fap_code ORDER BY p.median_net_month) AS fap_codes "
        "FROM career_summary s JOIN salary_bands b ON b.career_id = s.career_id "
        "AND b.level = 'family_median' "
        "JOIN pay_families p ON p.career_id = s.career_id AND p.chosen "
        f"WHERE s.family_median_net_month >= ? AND s.source_kind IN ({_in(sources_)}) "
        "GROUP BY ALL ORDER BY s.family_median_net_month DESC, s.title",
        [min_net_month, *sources_],
    )


# -- diplomas (careerdash import diplomas) -----------------------------------------------------

DIPLOMA_COLUMNS = (
    "diploma_id, cfd, rncp, onisep_id, certifinfo_id, title, kind, level_years, eu_level, "
    "status, opened_on, closed_on, successor_id, predecessor_id, domain_code, domain, sources, "
    "has_outcomes"
)
# An indicator's count, its base (the leavers or the final-year students it is a share of),
# summed over the regions where both are published: national = sum of regional counts.
OUTCOME_INDICATORS = {
    "in_work_6m": "leavers",
    "in_work_12m": "leavers",
    "in_work_18m": "leavers",
    "in_work_24m": "leavers",
    "further_study": "final_year",
}


def _prefixed(columns: str, alias: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in columns.split(","))


def has_diplomas(con: Con) -> bool:
    """True when the database holds imported diploma references."""
    tables = _column(con, "SELECT table_name FROM duckdb_tables()")
    return "diploma_refs" in tables and bool(
        con.execute("SELECT count(*) FROM diploma_refs").fetchone()[0]
    )


def diploma_search(
    con: Con,
    text: str = "",
    level_years: int | None = None,
    domain_code: str | None = None,
    open_only: bool = False,
    limit: int = 50,
) -> pd.DataFrame:
    """Diplomas answering to a name, an abbreviation or a code (accents and case ignored),
    and/or of a level and domain; exact names first, then open ones, then with outcomes."""
    words = " ".join("".join(c if c.isalnum() else " " for c in fold(text)).split())
    where, params = ["TRUE"], []
    matches = "SELECT diploma_id, 1 AS rank FROM diploma_refs"
    if words:
        # a word starting the alias or following a space; no string built per row (the
        # words are letters and digits only: nothing a LIKE would read as a wildcard)
        likes = " AND ".join("(starts_with(alias, ?) OR contains(alias, ?))" for _ in words.split())
        matches = (
            "SELECT diploma_id, min(CASE WHEN alias = ? THEN 0 ELSE 1 END) AS rank "
            f"FROM diploma_aliases WHERE alias = ? OR ({likes}) GROUP BY diploma_id"
        )
        params += [words, words] + [x for w in words.split() for x in (w, f" {w}")]
    if level_years is not None:
        where.append("r.level_years = ?")
        params.append(level_years)
    if domain_code:
        where.append("r.domain_code = ?")
        params.append(domain_code)
    if open_only:
        where.append("r.status = 'ouvert'")
    sql = (
        f"WITH m AS ({matches}) SELECT m.rank, {_prefixed(DIPLOMA_COLUMNS, 'r')} "
        f"FROM m JOIN diploma_refs r USING (diploma_id) WHERE {' AND '.join(where)} "
        "ORDER BY m.rank, r.status = 'ouvert' DESC, r.has_outcomes DESC, r.title IS NULL, "
        "r.level_years NULLS LAST, r.title, r.diploma_id LIMIT ?"
    )
    return _frame(con, sql, params + [limit])


def diploma_filter_options(con: Con) -> dict[str, list]:
    """Levels and domains present among the diplomas, for the browse widgets."""
    return {
        "levels": _column(
            con,
            "SELECT DISTINCT level_years FROM diploma_refs WHERE level_years IS NOT NULL "
            "ORDER BY 1",
        ),
        "domains": con.execute(
            "SELECT DISTINCT r.domain_code, coalesce(d.label, r.domain_code) FROM diploma_refs r "
            "LEFT JOIN diploma_domains d ON d.code = r.domain_code "
            "WHERE r.domain_code IS NOT NULL ORDER BY 2"
        ).fetchall(),
    }


def diplomas_by_id(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    """The diploma rows of the given ids, in the order given."""
    frame = _frame(
        con, f"SELECT {DIPLOMA_COLUMNS} FROM diploma_refs WHERE diploma_id IN ({_in(ids)})", ids
    )
    order = {d: i for i, d in enumerate(ids)}
    return frame.sort_values("diploma_id", key=lambda s: s.map(order)).reset_index(drop=True)


def find_diploma(con: Con, code_or_name: str) -> str | None:
    """The diploma a user means: its id, CFD or RNCP number ("RNCP39159"), else the best
    match for the name."""
    text = code_or_name.strip()
    bare = text.upper().removeprefix("RNCP").strip()
    row = con.execute(
        "SELECT diploma_id FROM diploma_refs WHERE diploma_id = ? OR cfd = ? OR rncp = ? "
        "ORDER BY diploma_id = ? DESC, cfd = ? DESC, diploma_id LIMIT 1",
        [text.lower(), text.upper(), bare, text.lower(), text.upper()],
    ).fetchone()
    if row:
        return row[0]
    found = diploma_search(con, text, limit=1)
    return None if found.empty else found["diploma_id"].iloc[0]


def diploma_careers(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    """Careers each diploma leads to, with the sources of the link: ROME-coded links reach
    every career holding that code (ROME fiches and fiches métiers), fiche links their
    career. ROME codes with no career in the database are listed with career_id NULL."""
    sql = f"""
    WITH l AS (SELECT * FROM diploma_careers WHERE diploma_id IN ({_in(ids)})),
    reached AS (
        SELECT l.diploma_id, c.career_id, l.source, l.rome_code AS link_rome FROM l
        JOIN careers c ON c.rome_code = l.rome_code
        UNION ALL
        SELECT l.diploma_id, l.career_id, l.source, NULL FROM l WHERE l.career_id IS NOT NULL
    ),
    unreached AS (
        SELECT l.diploma_id, l.rome_code, string_agg(DISTINCT l.source, ', ' ORDER BY l.source)
            AS sources, any_value(l.label) FILTER (WHERE l.source = 'rncp') AS rome_label
        FROM l WHERE l.rome_code IS NOT NULL
          AND l.rome_code NOT IN (SELECT rome_code FROM careers WHERE rome_code IS NOT NULL)
        GROUP BY ALL
    )
    SELECT r.diploma_id, c.career_id, c.title, c.source_kind, c.rome_code, c.family,
           string_agg(DISTINCT r.source, ', ' ORDER BY r.source) AS sources
    FROM reached r JOIN careers c USING (career_id)
    GROUP BY ALL
    UNION ALL
    SELECT diploma_id, NULL, rome_label, 'rome_code', rome_code, NULL, sources FROM unreached
    ORDER BY diploma_id, source_kind = 'rome_code', source_kind, title
    """
    return _frame(con, sql, ids)


def diploma_pay(con: Con, career_ids: Sequence[str]) -> pd.DataFrame:
    """Every salary row of the careers, with its kind (band level), basis, period, currency,
    source and the year it describes (`data_year`, for the SMIC flag): never merged across
    kinds."""
    return _frame(
        con,
        "SELECT s.career_id, c.title, c.source_kind, s.level, s.min_amount, s.max_amount, "
        "s.currency, s.period, s.basis, s.source_url, s.source_note, s.data_year "
        "FROM salary_bands s JOIN careers c USING (career_id) "
        f"WHERE s.career_id IN ({_in(career_ids)}) ORDER BY c.title, s.level",
        career_ids,
    )


def diploma_outcomes(con: Con, ids: Sequence[str], region: str | None = None) -> pd.DataFrame:
    """Outcomes per diploma × year × route, national (sum of the regions' counts) or for one
    region. Each indicator comes with the base it is a share of, summed over the regions
    where both are published, and `regions` says how many regions reported."""
    parts = []
    for name, base in OUTCOME_INDICATORS.items():
        both = f"{name} IS NOT NULL AND {base} IS NOT NULL"
        parts.append(
            f"sum({name}) FILTER (WHERE {both}) AS {name}, "
            f"sum({base}) FILTER (WHERE {both}) AS {name}_base, "
            f"sum({name}) FILTER (WHERE {both}) / nullif(sum({base}) FILTER (WHERE {both}), 0) "
            f"AS {name}_rate"
        )
    where = f"diploma_id IN ({_in(ids)})" + (" AND region = ?" if region else "")
    sql = (
        "SELECT diploma_id, year, route, count(*) AS regions, "
        "count(leavers) AS regions_with_leavers, sum(final_year) AS final_year, "
        f"sum(leavers) AS leavers, {', '.join(parts)} FROM diploma_outcomes WHERE {where} "
        "GROUP BY ALL ORDER BY diploma_id, year, route"
    )
    return _frame(con, sql, list(ids) + ([region] if region else []))


def diploma_regions(con: Con, ids: Sequence[str]) -> list[str]:
    """Regions with outcomes for any of the diplomas."""
    sql = (
        f"SELECT DISTINCT region FROM diploma_outcomes WHERE diploma_id IN ({_in(ids)}) ORDER BY 1"
    )
    return [row[0] for row in con.execute(sql, list(ids)).fetchall()]


def diploma_skill_demand(con: Con, ids: Sequence[str]) -> pd.DataFrame:
    """Per diploma, how many of the careers it leads to ask for each hard skill (ROME
    skills of the ROME fiches reached, and the fiches' own skills)."""
    sql = f"""
    WITH reached AS (
        SELECT DISTINCT l.diploma_id, c.career_id FROM diploma_careers l
        JOIN careers c ON c.rome_code = l.rome_code OR c.career_id = l.career_id
        WHERE l.diploma_id IN ({_in(ids)})
    )
    SELECT r.diploma_id, h.name, count(DISTINCT r.career_id) AS careers,
           any_value(n.total) AS total, bool_or(h.editorial) AS editorial
    FROM reached r JOIN hard_skills h USING (career_id)
    JOIN (SELECT diploma_id, count(*) AS total FROM reached GROUP BY ALL) n USING (diploma_id)
    WHERE h.category IS DISTINCT FROM 'savoirs'
    GROUP BY ALL ORDER BY r.diploma_id, careers DESC, h.name
    """
    return _frame(con, sql, ids)


def diploma_neighbours(con: Con, diploma_id: str) -> pd.DataFrame:
    """The diplomas this one replaces and is replaced by (renewals of the same diploma)."""
    return _frame(
        con,
        "SELECT 'remplace' AS relation, p.diploma_id, p.title, p.status FROM diploma_refs r "
        "JOIN diploma_refs p ON p.diploma_id = r.predecessor_id WHERE r.diploma_id = ? "
        "UNION ALL SELECT 'remplacé par', s.diploma_id, s.title, s.status FROM diploma_refs r "
        "JOIN diploma_refs s ON s.diploma_id = r.successor_id WHERE r.diploma_id = ?",
        [diploma_id, diploma_id],
    )


def career_diplomas(con: Con, career_id: str) -> pd.DataFrame:
    """The diplomas a fiche names, resolved to the national references (Fiche page)."""
    return _frame(
        con,
        "SELECT l.label, r.diploma_id, r.title, r.kind, r.status FROM diploma_careers l "
        "JOIN diploma_refs r USING (diploma_id) WHERE l.career_id = ? AND l.source = 'fiche' "
        "ORDER BY r.level_years, r.title",
        [career_id],
    )


def diploma_counts(con: Con) -> dict[str, int]:
    """Diplomas, with outcomes, and links to jobs by source (for the note and the page)."""
    counts = dict(
        con.execute(
            "SELECT 'links.' || source, count(*) FROM diploma_careers "
            "WHERE diploma_id IS NOT NULL GROUP BY ALL"
        ).fetchall()
    )
    counts["diplomas"], counts["with_outcomes"] = con.execute(
        "SELECT count(*), count(*) FILTER (WHERE has_outcomes) FROM diploma_refs"
    ).fetchone()
    return counts


def fiche_diploma_names(con: Con, sources_: Sequence[str] = ("fiche",)) -> pd.DataFrame:
    """Every diploma each career lists, with its level (the Diplômes page's Sankey counts
    them all, not only the reference level)."""
    return _frame(
        con,
        "SELECT d.career_id, c.title, c.family, d.name, d.level, d.level_years FROM diplomas d "
        f"JOIN careers c USING (career_id) WHERE c.source_kind IN ({_in(sources_)}) "
        "ORDER BY d.level_years, c.title, d.position",
        list(sources_),
    )


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
