"""Each Explorer filter narrows the result as a student would expect, on a real database."""

import pytest

from careerdash import queries
from careerdash.queries import CareerFilters


def titles(con, **filters) -> list[str]:
    return sorted(queries.explore(con, CareerFilters(**filters))["title"])


ALL = ["Chef(fe) de projet digital", "Cuisinier(ère)", "Développeur(se) web", "Infirmier(ère)"]


def test_no_filter_returns_every_career(con):
    assert titles(con) == ALL


@pytest.mark.parametrize("text", ["developpeur", "DÉVELOPPEUR", "  développeur "])
def test_text_search_ignores_case_and_accents(con, text):
    assert titles(con, text=text) == ["Développeur(se) web"]


def test_text_search_reaches_missions(con):
    assert titles(con, text="traitements prescrits") == ["Infirmier(ère)"]


def test_starting_salary_minimum_uses_band_midpoint(con):
    # midpoints: dev 33 000, chef 37 500, infirmier 25 200, cuisinier 21 000
    assert titles(con, min_debutant=33_000) == ["Chef(fe) de projet digital", "Développeur(se) web"]
    assert titles(con, min_debutant=33_001) == ["Chef(fe) de projet digital"]


def test_experienced_salary_minimum_and_open_band(con):
    # an open band "à partir de 28 000 €" counts at its minimum, never more
    assert "Cuisinier(ère)" in titles(con, min_confirme=28_000)
    assert "Cuisinier(ère)" not in titles(con, min_confirme=28_001)


def test_monthly_figures_are_compared_per_year(con):
    summary = queries.careers(con, ["infirmier"]).iloc[0]
    assert (summary["debutant_min"], summary["debutant_max"]) == (24_000, 26_400)


def test_maximum_study_level(con):
    assert titles(con, max_level_years=-1) == ["Cuisinier(ère)"]
    assert titles(con, max_level_years=3) == [
        "Cuisinier(ère)",
        "Développeur(se) web",
        "Infirmier(ère)",
    ]


def test_family(con):
    assert titles(con, families=("Numérique",)) == [
        "Chef(fe) de projet digital",
        "Développeur(se) web",
    ]


def test_profile_minimums_exclude_careers_without_a_profile(con):
    assert titles(con, profile_min=(("flexibilite", 70),)) == ["Développeur(se) web"]
    assert "Cuisinier(ère)" not in titles(con, profile_min=(("carriere", 5),))
    assert titles(con, profile_min=(("relations_humaines", 90), ("flexibilite", 0))) == [
        "Infirmier(ère)"
    ]


def test_required_skills_must_all_be_present(con):
    assert titles(con, skills=("Programmation",)) == [
        "Chef(fe) de projet digital",
        "Développeur(se) web",
    ]
    assert titles(con, skills=("Programmation", "Gestion de projet")) == [
        "Chef(fe) de projet digital"
    ]


def test_filters_combine(con):
    assert titles(con, families=("Numérique",), max_level_years=3, min_debutant=30_000) == [
        "Développeur(se) web"
    ]


def test_search_combines_with_the_other_filters(con):
    """The search joins the careers found with the summary: a required skill or a pay floor
    still narrows it, and what matched is still said."""
    assert len(titles(con, text="e")) == 4
    assert titles(con, text="e", skills=("Programmation",)) == [
        "Chef(fe) de projet digital",
        "Développeur(se) web",
    ]
    assert titles(con, text="e", skills=("Programmation", "Gestion de projet")) == [
        "Chef(fe) de projet digital"
    ]
    found = queries.explore(con, CareerFilters(text="applications", skills=("Programmation",)))
    assert dict(zip(found["title"], found["matched"], strict=True)) == {
        "Développeur(se) web": "mission : Développer des applications web"
    }
    assert titles(con, text="applications", min_debutant=99_000) == []


def test_unknown_profile_dimension_is_refused(con):
    with pytest.raises(ValueError):
        queries.explore(con, CareerFilters(profile_min=(("salaire; DROP TABLE careers", 1),)))


def test_search_text_is_a_parameter_not_sql(con):
    assert titles(con, text="' OR 1=1 --") == []


def test_filter_options(con):
    options = queries.filter_options(con)
    assert options["families"] == ["Hôtellerie-restauration", "Numérique", "Santé"]
    assert options["sources"] == ["fiche"]
    assert options["skills"][0] == "Programmation"  # asked by two careers


def test_progressions_resolve_both_ways(con):
    moves = queries.progressions(con, ["developpeur-web", "chef-de-projet-digital"])
    linked = moves.dropna(subset=["to_career_id"])
    assert sorted(
        zip(linked["career_id"], linked["kind"], linked["to_career_id"], strict=False)
    ) == [
        ("chef-de-projet-digital", "entry", "developpeur-web"),
        ("developpeur-web", "next", "chef-de-projet-digital"),
    ]


def test_skill_demand_counts_careers_and_mean_score(con):
    demand = queries.skill_demand(con, ["developpeur-web", "chef-de-projet-digital"])
    row = demand[demand["name"] == "Programmation"].iloc[0]
    assert (row["careers"], row["mean_score"]) == (2, 77.5)


def test_careers_keeps_the_order_asked(con):
    ids = ["infirmier", "cuisinier", "developpeur-web"]
    assert list(queries.careers(con, ids)["career_id"]) == ids


def test_level_paths_and_bands(con):
    paths = queries.level_paths(con)
    assert dict(zip(paths["title"], paths["reference_level_years"], strict=True)) == {
        "Cuisinier(ère)": -1,
        "Développeur(se) web": 3,
        "Infirmier(ère)": 3,
        "Chef(fe) de projet digital": 5,
    }


def test_growth_from_debutant_to_confirme_midpoints(con):
    summary = queries.careers(con, ["developpeur-web", "cuisinier"])
    growth = dict(zip(summary["career_id"], summary["growth_pct"], strict=True))
    assert growth["developpeur-web"] == pytest.approx(100 * (50_000 / 33_000 - 1))
    assert growth["cuisinier"] == pytest.approx(100 * (28_000 / 21_000 - 1))  # open band at min


def test_explorer_table_sorts_by_growth(con):
    from careerdash import tables

    table = tables.explorer_table(
        queries.explore(con, CareerFilters()), "Progression débutant → confirmé"
    )
    # midpoint growth: chef +53 %, développeur +52 %, infirmier +36 %, cuisinier +33 %
    assert list(table["Métier"]) == [
        "Chef(fe) de projet digital",
        "Développeur(se) web",
        "Infirmier(ère)",
        "Cuisinier(ère)",
    ]


def test_explorer_frames_read_through_arrow_are_the_frames_duckdb_gives(con):
    """The Explorer reads its wide results through Arrow for speed; missing figures must
    stay missing the same way (nullable integers, empty text as None), or the pages would
    show them differently."""
    import pandas.testing

    sql = """
        SELECT * FROM (VALUES
            (1, 'a', NULL::VARCHAR, 30000::INTEGER, 2.5, TRUE),
            (2, NULL, NULL, NULL, NULL, NULL)
        ) t(n, text, never, pay, score, flag)
    """
    expected = con.execute(sql).df()
    pandas.testing.assert_frame_equal(queries._wide_frame(con, sql), expected)
    assert str(expected["pay"].dtype) == "Int32" and expected["never"].isna().all()
    for filters in [CareerFilters(), CareerFilters(text="projet"), CareerFilters(min_debutant=1)]:
        found = queries.explore(con, filters)
        assert not found.empty
        assert found.columns.tolist()[-1] == "matched"


def test_explorer_table_from_kept_texts_is_the_table_written_afresh(realdata_mixed_db):
    """The Explorer keeps each career's texts from one rerun to the next: whatever was
    shown before, its table must be the one written from scratch, on every source."""
    import duckdb
    import pandas.testing

    from careerdash import tables

    con = duckdb.connect(str(realdata_mixed_db), read_only=True)
    everything = queries.explore(con, CareerFilters())
    written: dict[str, tuple] = {}
    shown: set[str] = set()
    for sort_by, rows in [
        ("Salaire débutant", slice(0, 900)),
        ("Métier", slice(400, 2200)),
        ("Salaire confirmé", slice(None)),
    ]:
        part = everything.iloc[rows]
        kept = tables.explorer_table(part, sort_by, limit=800, written=written)
        pandas.testing.assert_frame_equal(kept, tables.explorer_table(part, sort_by, limit=800))
        shown |= set(kept["career_id"])
    assert set(written) == shown  # each career written once, only when shown
    # the last table mixes sources: O*NET medians and Dares family medians are there
    assert {"Médiane (tous niveaux)", "Médiane famille (net/mois)"} <= set(kept.columns)
    con.close()


def test_explorer_rows_come_by_title_and_ties_in_a_fixed_order(realdata_mixed_db):
    """The Explorer sorts its rows itself (not in SQL): the order must be DuckDB's
    ORDER BY title, career_id, accents and case included, on every source and on a search."""
    import duckdb

    con = duckdb.connect(str(realdata_mixed_db), read_only=True)
    try:
        for filters, where, params in [
            (CareerFilters(), "TRUE", []),
            (
                CareerFilters(min_debutant=25_000),
                "currency = 'EUR' AND debutant_mid >= ?",
                [25_000],
            ),
            (
                CareerFilters(text="technicien"),
                "career_id IN (SELECT career_id FROM career_search "
                "WHERE contains(search_text, 'technicien'))",
                [],
            ),
        ]:
            expected = [
                cid
                for (cid,) in con.execute(
                    f"SELECT career_id FROM career_summary WHERE {where} ORDER BY title, career_id",
                    params,
                ).fetchall()
            ]
            assert len(expected) > 10
            assert queries.explore(con, filters)["career_id"].tolist() == expected
        titles = con.execute("SELECT title FROM career_summary").fetchall()
        assert len(titles) > len(set(titles))  # the real set has titles shared by two careers
    finally:
        con.close()


def test_minimums_over_cached_careers_are_the_sql_filters(realdata_mixed_db):
    """A slider's minimum is a mask over the careers the other filters chose (no query):
    for each minimum, alone and combined with a search or a source, the careers kept are the
    ones SQL keeps, in the same order; a missing figure reaches no minimum."""
    import duckdb

    con = duckdb.connect(str(realdata_mixed_db), read_only=True)
    searched = (
        "career_id IN (SELECT career_id FROM career_search WHERE contains(search_text, 'tech'))"
    )
    cases = [
        (dict(min_debutant=30_000), "currency = 'EUR' AND debutant_mid >= 30000"),
        (dict(min_confirme=45_000), "currency = 'EUR' AND confirme_mid >= 45000"),
        (dict(min_median=60_000), "median_wage >= 60000"),
        (dict(min_family_median=2_500), "family_median_net_month >= 2500"),
        (dict(profile_min=(("flexibilite", 60), ("carriere", 0))), "flexibilite >= 60"),
        (
            dict(min_debutant=25_000, profile_min=(("stimulation", 50),), text="tech"),
            f"currency = 'EUR' AND debutant_mid >= 25000 AND stimulation >= 50 AND {searched}",
        ),
        (
            dict(min_family_median=2_000, sources=("rome",)),
            "family_median_net_month >= 2000 AND source_kind = 'rome'",
        ),
    ]
    try:
        for fields, where in cases:
            filters = CareerFilters(**fields)
            expected = [
                cid
                for (cid,) in con.execute(
                    f"SELECT career_id FROM career_summary WHERE {where} ORDER BY title, career_id"
                ).fetchall()
            ]
            chosen = queries.candidates(con, queries.without_minimums(filters))
            kept = queries.at_least(chosen, filters)
            assert kept["career_id"].tolist() == expected, fields
            assert 0 < len(kept) < len(chosen), fields  # each case narrows, none empties
            assert kept.index.tolist() == list(range(len(kept)))
        with pytest.raises(ValueError):  # the cache must not hold a frame per slider position
            queries.candidates(con, CareerFilters(min_debutant=30_000))
    finally:
        con.close()


def test_a_salary_minimum_in_euros_keeps_euros_only_and_never_a_missing_figure():
    import pandas as pd

    careers = pd.DataFrame(
        {
            "career_id": ["eur", "usd", "none", "unscored"],
            "currency": ["EUR", "USD", None, "EUR"],
            "debutant_mid": [40_000.0, 90_000.0, 50_000.0, None],
            "flexibilite": pd.array([70, 80, None, None], dtype="Int64"),
        }
    )
    kept = queries.at_least(careers, CareerFilters(min_debutant=30_000))
    assert kept["career_id"].tolist() == ["eur"]
    kept = queries.at_least(careers, CareerFilters(profile_min=(("flexibilite", 75),)))
    assert kept["career_id"].tolist() == ["usd"]
    assert queries.at_least(careers, CareerFilters(profile_min=(("flexibilite", 0),))) is careers
