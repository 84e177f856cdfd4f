"""Each figure builder draws the careers and values it is given, and nothing it is not."""

import math

import numpy as np
import pandas as pd
import pytest

from careerdash import charts, queries
from careerdash.formatting import band, money, percent_change

BAND_COLUMNS = ["career", "level", "min_amount", "max_amount", "currency"]


def bands_frame(rows):
    return pd.DataFrame(rows, columns=BAND_COLUMNS)


def traces(fig, kind):
    return [t for t in fig.data if t.type == kind]


def test_range_bar_spans_min_and_max():
    fig = charts.salary_ranges(
        bands_frame(
            [
                ("A", "debutant", 30000, 35000, "EUR"),
                ("A", "confirme", 40000, 60000, "EUR"),
                ("B", "debutant", 25000, 28000, "EUR"),
            ]
        )
    )
    start = next(t for t in traces(fig, "bar") if t.name == "Débutant")
    spans = {y: (b, b + x) for y, b, x in zip(start.y, start.base, start.x, strict=True)}
    assert spans == {"A": (30000, 35000), "B": (25000, 28000)}
    later = next(t for t in traces(fig, "bar") if t.name == "Confirmé")
    assert (later.base[0], later.base[0] + later.x[0]) == (40000, 60000)
    growth = next(t for t in fig.data if getattr(t, "mode", None) == "text")
    assert list(growth.text) == [percent_change(32500, 50000), ""]
    assert fig.layout.separators == ", "


def test_single_figure_is_a_point_and_open_band_an_arrow():
    fig = charts.salary_ranges(
        bands_frame([("C", "debutant", 21000, 21000, "EUR"), ("C", "confirme", 28000, None, "EUR")])
    )
    assert traces(fig, "bar") == []  # no made-up range
    single = next(t for t in fig.data if t.name == "Débutant (chiffre unique)")
    opened = next(t for t in fig.data if t.name == "Confirmé (fourchette ouverte)")
    assert list(single.x) == [21000] and single.marker.symbol == "diamond"
    assert list(opened.x) == [28000] and opened.marker.symbol == "triangle-right"
    assert list(opened.text) == ["à partir de 28\u202f000\u00a0€"]


def test_two_currencies_never_share_an_axis():
    with pytest.raises(charts.MixedCurrencies):
        charts.salary_ranges(
            bands_frame([("A", "debutant", 1, 2, "EUR"), ("B", "median", 3, 3, "USD")])
        )


def test_order_puts_first_career_on_top():
    fig = charts.salary_ranges(
        bands_frame([("A", "debutant", 1, 2, "EUR"), ("B", "debutant", 3, 4, "EUR")]),
        order=["B", "A"],
    )
    assert list(fig.layout.yaxis.categoryarray) == ["A", "B"]  # Plotly draws bottom-up


def test_empty_salaries_say_so():
    fig = charts.salary_ranges(bands_frame([]))
    assert fig.data == () and "Aucun salaire" in fig.layout.annotations[0].text


def test_radar_has_one_closed_trace_per_career(con):
    fig = charts.profile_radar(queries.profile_scores(con, ["developpeur-web", "infirmier"]))
    polar = traces(fig, "scatterpolar")
    assert [t.name for t in polar] == ["Développeur(se) web", "Infirmier(ère)"]
    dev = polar[0]
    assert list(dev.r) == [70, 80, 85, 55, 75, 70] and dev.theta[0] == dev.theta[-1]
    assert fig.layout.polar.radialaxis.range == (0, 100)


def test_heatmap_leaves_missing_skills_empty(con):
    ids = ["developpeur-web", "chef-de-projet-digital", "infirmier"]
    fig = charts.skill_heatmap(queries.hard_skills(con, ids))
    heat = traces(fig, "heatmap")[0]
    rows = [y.replace("<br>", " ") for y in heat.y]
    columns = [x.replace("<br>", " ") for x in heat.x]
    z = {(r, c): heat.z[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    assert rows[0] == "Programmation"  # the skill most careers share comes first
    assert z[("Programmation", "Développeur(se) web")] == 95
    assert z[("Programmation", "Chef(fe) de projet digital")] == 60
    assert math.isnan(z[("Programmation", "Infirmier(ère)")])


def test_heatmap_top_n_keeps_the_most_shared_skills(con):
    ids = ["developpeur-web", "chef-de-projet-digital"]
    fig = charts.skill_heatmap(queries.hard_skills(con, ids), top_n=2)
    assert [y for y in traces(fig, "heatmap")[0].y] == ["Programmation", "Gestion de projet"]


def test_diploma_levels_highlight_the_reference(con):
    ids = ["developpeur-web", "cuisinier"]
    summary = queries.careers(con, ids)
    fig = charts.diploma_levels(
        queries.diplomas(con, ids),
        dict(zip(summary["title"], summary["reference_level"], strict=True)),
    )
    points = {t.name: t for t in fig.data if t.mode == "markers"}
    assert list(points["Cuisinier(ère)"].x) == [-1]
    assert list(points["Développeur(se) web"].marker.symbol) == ["star"]
    ticks = list(fig.layout.xaxis.ticktext)
    assert [t.replace("<br>", "") for t in ticks] == [
        "CAP",
        "Bac",
        "Bac+2",
        "Bac+3",
        "Bac+5",
        "Bac+8",
    ]
    # neighbours one level apart never share a line: no "Bac+2Bac+3" (issue 8.10)
    assert [t.startswith("<br>") for t in ticks] == [False, True, False, True, False, False]


def test_progression_sankey_links_entry_career_and_moves(con):
    moves = queries.progressions(con, ["chef-de-projet-digital"]).assign(
        target=lambda d: d["to_title"].fillna(d["title"])
    )
    fig = charts.progression_sankey(moves)
    sankey = traces(fig, "sankey")[0]
    labels = [label.replace("<br>", " ") for label in sankey.node.label]
    pairs = {
        (labels[s], labels[t]) for s, t in zip(sankey.link.source, sankey.link.target, strict=True)
    }
    assert pairs == {
        ("Développeur(se) web", "Chef(fe) de projet digital"),
        ("Chef(fe) de projet digital", "Directeur(trice) du numérique"),
    }


def test_salary_chart_writes_monthly_figures_rounded():
    """Issue 8.9: a monthly figure ×12 (23 334 €) is drawn as "environ 23 300 €", never to
    the euro, in the labels and hovers of the salary chart; a yearly one as published."""
    bands = pd.DataFrame(
        [
            ("Infirmier", "debutant", 23334, 23334, "EUR", True),
            ("Infirmier", "confirme", 29868, 39180, "EUR", True),
            ("Comptable", "debutant", 30000, 35000, "EUR", False),
        ],
        columns=[
            "career",
            "level",
            "min_amount",
            "max_amount",
            "currency",
            "converted_from_monthly",
        ],
    )
    fig = charts.salary_ranges(bands)
    shown = [
        str(v)
        for t in fig.data
        for values in (t.text, t.customdata)
        if values is not None
        for v in values
    ]
    assert "environ 23\u202f300\u00a0€" in shown
    assert "environ 29\u202f900 – 39\u202f200\u00a0€" in shown
    assert "environ 34\u202f500\u00a0€" in shown  # the confirmé midpoint
    assert "30\u202f000 – 35\u202f000\u00a0€" in shown
    assert not any("334" in v or "868" in v or "180" in v for v in shown)


def test_salary_scatter_one_point_per_career_with_both_bands(con):
    summary = queries.explore(con, queries.CareerFilters())
    fig = charts.salary_scatter(summary)
    points = {name: (x, y) for t in fig.data for name, x, y in zip(t.text, t.x, t.y, strict=True)}
    assert points["Développeur(se) web"] == (33000, 50000)
    assert points["Cuisinier(ère)"] == (21000, 28000)  # open band at its minimum
    assert len(points) == 4


def _careers_at(points: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    """A summary of careers with one-figure bands: (title, family, débutant, confirmé)."""
    return pd.DataFrame(
        [
            dict(
                title=t,
                family=f,
                currency="EUR",
                debutant_min=d,
                debutant_max=d,
                debutant_mid=d,
                confirme_min=c,
                confirme_max=c,
                confirme_mid=c,
            )
            for t, f, d, c in points
        ]
    )


def test_careers_on_the_same_point_are_all_named_and_counted():
    """Issue 8.10: two careers with the same figures must not hide one another."""
    summary = _careers_at(
        [
            ("Maçon(ne)", "BTP", 21000, 28000),
            ("Couvreur(se)", "Artisanat", 21000, 28000),
            ("Carreleur(se)", "BTP", 21000, 28000),
            ("Peintre", "BTP", 22000, 30000),
        ]
    )
    fig = charts.salary_scatter(summary, families=["Artisanat", "BTP"])
    hovers = {
        title: extra
        for t in fig.data
        if t.mode == "markers"
        for title, (_, _, extra) in zip(t.text, t.customdata, strict=True)
    }
    assert "Couvreur(se)" in hovers["Maçon(ne)"] and "Carreleur(se)" in hovers["Maçon(ne)"]
    assert "Maçon(ne)" in hovers["Couvreur(se)"]
    assert hovers["Peintre"] == ""
    counts = [t for t in fig.data if t.mode == "text"]
    assert len(counts) == 1
    assert list(zip(counts[0].x, counts[0].y, counts[0].text, strict=True)) == [(21000, 28000, "3")]


def test_scatter_families_keep_distinct_colours_whatever_the_filter(con):
    """Colours follow the families the scatter can draw (not every family of the database,
    which would make two of them share a colour), and stay the same after a filter."""
    families = queries.filter_options(con)["scatter_families"]
    every = charts.salary_scatter(queries.explore(con, queries.CareerFilters()), families)
    colours = {t.name: t.marker.color for t in every.data if t.mode == "markers"}
    assert len(set(colours.values())) == len(colours) == len(families)
    some = queries.explore(con, queries.CareerFilters(min_debutant=30000))
    fewer = charts.salary_scatter(some, families)
    assert {t.name: t.marker.color for t in fewer.data if t.mode == "markers"}.items() <= (
        colours.items()
    )


def test_more_families_than_colours_make_one_trace_whose_hovers_name_the_family():
    """Past the palette's colours a legend could not tell families apart: one trace, each
    point in its family's colour, its family named in its hover."""
    count = len(charts.FAMILY_PALETTE) + 6
    summary = _careers_at(
        [(f"Métier {i}", f"Famille {i:02}", 20000 + 300 * i, 30000 + 300 * i) for i in range(count)]
    )
    families = sorted(summary["family"])
    fig = charts.salary_scatter(summary, families=families)
    (trace,) = [t for t in fig.data if t.mode == "markers"]
    assert trace.showlegend is False
    assert "famille, nommée au survol" in fig.layout.title.text  # no legend: says where
    assert "Famille : %{customdata[3]}" in trace.hovertemplate
    scale = trace.marker.colorscale
    span = trace.marker.cmax - trace.marker.cmin
    for title, custom, value in zip(trace.text, trace.customdata, trace.marker.color, strict=True):
        family = f"Famille {int(title.split()[-1]):02}"
        assert custom[3] == family
        at = (value - trace.marker.cmin) / span  # where Plotly reads the point's colour
        steps = zip(scale[::2], scale[1::2], strict=True)
        (colour,) = {c for (low, c), (high, _) in steps if low < at < high}
        expected = families.index(family) % len(charts.FAMILY_PALETTE)
        assert colour == charts.FAMILY_PALETTE[expected]


def test_too_many_careers_for_points_become_a_density_of_every_career():
    n = charts.SCATTER_LIMIT + 1
    summary = _careers_at([(f"Métier {i}", "F", 20000 + i, 30000 + 2 * i) for i in range(n)])
    fig = charts.salary_scatter(summary)
    (density,) = fig.data
    assert density.type == "heatmap"
    assert np.nansum(np.asarray(density.z, dtype=float)) == n  # every career is counted once
    assert f"{n:,}".replace(",", "\u202f") in fig.layout.title.text
    # a figure of counts, not of careers: the browser is not sent thousands of points
    assert len(density.x) == len(density.y) == 40
    # each cell's hover gives its own edges: x along a row, y down a column
    edges = np.asarray(density.customdata)
    assert edges[5, 3, 0] < density.x[3] < edges[5, 3, 1]
    assert edges[5, 3, 2] < density.y[5] < edges[5, 3, 3]


def test_explorer_table_limit_keeps_the_first_rows_of_the_chosen_order(con):
    from careerdash import tables

    summary = queries.explore(con, queries.CareerFilters())
    full = tables.explorer_table(summary, "Salaire confirmé")
    top = tables.explorer_table(summary, "Salaire confirmé", limit=2)
    assert top.to_dict("records") == full.head(2).to_dict("records")


def test_salary_by_level_groups_careers(con):
    fig = charts.salary_by_level(queries.level_paths(con))
    start = next(t for t in fig.data if t.name == "Débutant")
    assert sorted(zip(start.x, start.y, strict=True)) == [
        ("Bac+3", 25200.0),
        ("Bac+3", 33000.0),
        ("Bac+5", 37500.0),
        ("CAP", 21000.0),
    ]


def test_skill_demand_bar(con):
    demand = queries.skill_demand(con, ["developpeur-web", "chef-de-projet-digital"])
    fig = charts.skill_demand(demand, top_n=2)
    bar = traces(fig, "bar")[0]
    assert list(bar.y)[-1] == "Programmation" and list(bar.x)[-1] == 2


def test_french_money_formatting():
    assert money(30000) == "30\u202f000\u00a0€"
    assert band(30000, 35000) == "30\u202f000 – 35\u202f000\u00a0€"
    assert band(24000, 24000) == "environ 24\u202f000\u00a0€"
    assert band(None, None) == "non renseigné"
    assert money(81000, "USD") == "$81\u202f000"


def test_presence_table_puts_shared_items_first(con):
    from careerdash import tables

    order = ["Développeur(se) web", "Chef(fe) de projet digital"]
    table = tables.presence(
        queries.tools(con, ["developpeur-web", "chef-de-projet-digital"]), "tool", order
    )
    assert table.to_dict("records") == [
        {"tool": "Git", "Partagé par": "2/2", order[0]: "✓", order[1]: "✓"},
        {"tool": "Jira", "Partagé par": "1/2", order[0]: "", order[1]: "✓"},
    ]


def test_wage_percentiles_are_boxes_not_debutant_bands():
    rows = [
        ("US job", level, value, value, "USD")
        for level, value in (
            ("p10", 30000),
            ("p25", 40000),
            ("median", 50000),
            ("p75", 65000),
            ("p90", 80000),
        )
    ]
    fig = charts.salary_figure(bands_frame(rows))
    box = next(t for t in fig.data if t.type == "bar")
    assert (box.base[0], box.base[0] + box.x[0]) == (40000, 65000)
    whisker = next(t for t in fig.data if t.name == "10e – 90e centile")
    assert list(whisker.x)[:2] == [30000, 80000]
    assert list(next(t for t in fig.data if t.name == "Médiane").x) == [50000]
    assert "Débutant" not in {t.name for t in fig.data}
    assert fig.layout.xaxis.tickprefix == "$"


def test_every_salary_measure_chart_is_titled_with_what_it_measures():
    """The Comparer's and the Fiche's salary charts say their kind, basis, period and
    currency in their title, whichever builder draws them."""
    from careerdash import measures

    rows = pd.DataFrame(
        [
            ("A", "debutant", 30000, 35000, "EUR", "brut", "year"),
            ("A", "confirme", 40000, 50000, "EUR", "brut", "year"),
            ("B", "p10", 40000, 40000, "USD", "brut", "year"),
            ("B", "p25", 50000, 50000, "USD", "brut", "year"),
            ("B", "median", 60000, 60000, "USD", "brut", "year"),
            ("B", "p75", 70000, 70000, "USD", "brut", "year"),
            ("B", "p90", 80000, 80000, "USD", "brut", "year"),
        ],
        columns=[*BAND_COLUMNS, "basis", "period"],
    ).assign(career_id=lambda d: d["career"], source_note=None, source_url=None)
    groups = measures.split(rows)
    assert [m.kind for m, _ in groups] == ["band", "percentile"]
    for measure, part in groups:
        fig = charts.measure_figure(part, measure)
        assert fig.layout.title.text == measure.label
        assert fig.data  # drawn, not the empty message
    band_measure, band_rows = groups[0]
    empty = charts.measure_figure(band_rows.iloc[0:0], band_measure)
    assert empty.layout.title.text == band_measure.label
    assert "Aucun salaire" in empty.layout.annotations[0].text


def test_growth_is_read_from_each_level_first_band_and_only_with_both_levels():
    fig = charts.salary_ranges(
        bands_frame(
            [
                ("A", "confirme", 40000, 60000, "EUR"),
                ("A", "debutant", 20000, None, "EUR"),  # open band: its minimum
                ("A", "debutant", 99000, 99000, "EUR"),  # a second row is not read
                ("B", "confirme", 30000, 30000, "EUR"),
            ]
        ),
        order=["A", "B"],
    )
    growth = next(t for t in fig.data if getattr(t, "mode", None) == "text")
    assert list(growth.text) == [percent_change(20000, 50000), ""]


def test_tension_table_names_the_family_only_when_dares_gave_its_name():
    from careerdash import tables

    tension = pd.DataFrame(
        {
            "title": ["Comptable", "Comptable"],
            "fap_label": [None, None],
            "fap_code": ["L1Z60", "L4Z81"],
            "year": [2019, 2019],
        }
        | {column: [3, 5] for column in tables.TENSION_COLUMNS}
    )
    assert "Famille professionnelle" not in tables.tension_table(tension).columns
    named = tension.assign(fap_label=["Employés de la comptabilité", None])
    table = tables.tension_table(named)
    assert table["Famille professionnelle"].tolist()[0] == "Employés de la comptabilité"
    assert pd.isna(table["Famille professionnelle"].tolist()[1])  # shown as missing
    assert table["Code FAP"].tolist() == ["L1Z60", "L4Z81"]
