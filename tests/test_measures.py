"""Salary measures: one chart per (kind, currency, basis, period), DARES medians included."""

import pandas as pd

from careerdash import charts, measures


def _rows(*specs):
    cols = ["career_id", "career", "level", "min_amount", "max_amount", "currency"]
    cols += ["basis", "period", "source_note", "source_url"]
    return pd.DataFrame([dict(zip(cols, s, strict=True)) for s in specs])


BANDS = _rows(
    ("a", "Comptable", "debutant", 30000, 35000, "EUR", "brut", "year", None, None),
    ("a", "Comptable", "confirme", 40000, 50000, "EUR", "brut", "year", None, None),
    ("b", "Accountants · O*NET", "median", 81680, 81680, "USD", "brut", "year", "OEWS", None),
    ("b", "Accountants · O*NET", "p10", 50000, 50000, "USD", "brut", "year", "OEWS", None),
    ("a", "Comptable", "family_median", 2100, 2100, "EUR", "net", "month", "DARES", None),
    ("c", "Aide-comptable", "family_median", 2100, 2100, "EUR", "net", "month", "DARES", None),
)


def test_each_measure_is_its_own_group_and_never_shares_an_axis():
    groups = measures.split(BANDS)
    assert [m.kind for m, _ in groups] == ["band", "percentile", "family_median"]
    for measure, rows in groups:
        assert rows["currency"].nunique() == 1 and rows["basis"].nunique() == 1
        assert rows["period"].nunique() == 1
        assert {measures.kind_of(lv) for lv in rows["level"]} == {measure.kind}


def test_family_median_says_what_it_is():
    measure = dict(measures.split(BANDS))
    family = next(m for m in measure if m.kind == "family_median")
    assert family.label == "Médiane de la famille professionnelle — net mensuel, €"
    assert "famille" in family.help
    fig = charts.measure_figure(BANDS[BANDS["level"] == "family_median"], family)
    assert fig.layout.title.text == family.label
    assert list(fig.data[0].x) == [2100, 2100]
    assert fig.layout.xaxis.ticksuffix == " €"
