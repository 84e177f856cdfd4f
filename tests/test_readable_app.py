"""Issue 8.10/8.9 on the real mixed database, through Streamlit's AppTest: a missing value
reads in full in the grids, and a gross annual figure under the SMIC is flagged on the
Diplômes page as it is elsewhere."""

from __future__ import annotations

import json
import statistics

import pytest

from apptest import app_on, open_page
from careerdash import tables
from conftest import DATA_FICHES

NURSES = [
    "Infirmier(ère)",
    "Infirmier / Infirmière en soins généraux (IDE) · ROME",
    "Registered Nurses · O*NET",
]
PAGES = [
    ("fiche", {"career": NURSES[0]}),
    ("fiche", {"career": NURSES[1]}),
    ("fiche", {"career": NURSES[2]}),
    ("comparer", {"careers": NURSES}),
    ("salaires", {}),
    ("salaires", {"vue": "Selon le niveau d'études"}),
    ("salaires", {"vue": "Médiane de la famille (Dares)"}),
    ("diplomes", {}),
    ("competences", {}),
]


@pytest.fixture(autouse=True)
def app_on_real_db(realdata_mixed_db, monkeypatch):
    yield from app_on(realdata_mixed_db, DATA_FICHES, monkeypatch)


def clipped_columns(frame, proto) -> list[str]:
    """Columns of a grid where a missing value is written with a marker longer than
    anything the grid sizes the column on (its header, its values), and that were given
    no room for it: the grid would show "nseign"."""
    marker = proto.placeholder
    config = json.loads(proto.columns or "{}")
    clipped = []
    for column in frame.columns:
        if not frame[column].isna().any():
            continue
        longest = max([len(str(column))] + [len(str(v)) for v in frame[column].dropna()])
        width = config.get(str(column), {}).get("width")
        roomy = width in ("medium", "large") or (
            isinstance(width, int) and width >= tables.MISSING_WIDTH
        )
        if longest < len(marker) + 2 and not roomy:
            clipped.append(column)
    return clipped


@pytest.mark.parametrize(("page", "query"), PAGES, ids=[f"{p}-{q}" for p, q in PAGES])
def test_missing_values_read_in_full_in_every_grid(page, query):
    """Issue 8.10: "non renseigné" clipped to "nseign" in narrow grid columns (the ROME
    Fiche's unscored savoir-faire: a Score column sized on two-digit figures)."""
    at = open_page(page, query)
    grids = [(d.value, d.proto) for d in at.dataframe]  # tabs included: all are run
    clipped = {
        ", ".join(map(str, frame.columns)): clipped_columns(frame, proto)
        for frame, proto in grids
        if proto.placeholder and clipped_columns(frame, proto)
    }
    assert clipped == {}


def test_rome_fiche_unscored_skills_are_written_in_full():
    """The case seen on screen: ROME's savoir-faire have no score."""
    at = open_page("fiche", {"career": NURSES[1]})
    skills = next(d for d in at.dataframe if "Score" in d.value.columns)
    assert skills.value["Score"].isna().any()
    assert skills.proto.placeholder == "non renseigné"
    assert json.loads(skills.proto.columns)["Score"]["width"] >= tables.MISSING_WIDTH


# -- issue 8.9: the SMIC flag on the Diplômes page ---------------------------------------


@pytest.fixture(scope="module")
def db(realdata_mixed_db):
    import duckdb

    con = duckdb.connect(str(realdata_mixed_db), read_only=True)
    yield con
    con.close()


def test_diplomes_flags_a_level_median_below_the_smic(db):
    """The CAP median of the fiches' débutant midpoints (the issue saw 20 625 €) is below
    the SMIC: the metric says so, against the SMIC of the latest year among the careers
    counted (the current one when none says its year)."""
    from careerdash import smic
    from careerdash.formatting import money

    mids = db.execute(
        "SELECT career_id, debutant_mid FROM career_summary WHERE source_kind = 'fiche' "
        "AND reference_level_years = -1 AND debutant_mid IS NOT NULL"
    ).fetchall()
    years = [
        r[0]
        for r in db.execute(
            "SELECT data_year FROM salary_bands WHERE basis = 'brut' AND currency = 'EUR' "
            f"AND career_id IN ({', '.join('?' for _ in mids)})",
            [cid for cid, _ in mids],
        ).fetchall()
    ]
    median = statistics.median(m for _, m in mids)
    year, floor = smic.smic_annual(smic.latest_year(years))
    assert median < floor  # the case the issue saw on screen

    at = open_page("diplomes")
    at.selectbox(key="diplome_niveau").set_value(-1).run()
    metric = next(m for m in at.metric if m.label == "Débutant (médiane des milieux)")
    assert metric.value == money(median)
    flags = [c.value for c in at.caption if c.value.startswith("⚠ sous le SMIC")]
    assert any(f"SMIC brut annuel {year} ({money(floor)})" in f for f in flags), flags


def values(array) -> list:
    """A Plotly figure's array as numbers: Plotly writes numeric arrays in base64."""
    if isinstance(array, dict) and "bdata" in array:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(array["bdata"]), array["dtype"]).tolist()
    return list(array)


def test_salary_by_level_draws_the_smic_and_flags_each_midpoint_under_it():
    """The chart of midpoints by study level (Diplômes, Salaires): the SMIC line, and a
    flag in the hover of every dot under the SMIC of its own year."""
    from careerdash import smic

    on_salaires = {"vue": "Selon le niveau d'études"}
    for page, key, query in (
        ("diplomes", "diplomes_salaries", {}),
        ("salaires", "salaires_by_level", on_salaires),
    ):
        at = open_page(page, query)
        fig = json.loads(next(c for c in at.get("plotly_chart") if key in c.proto.id).proto.spec)
        lines = [s for s in fig["layout"].get("shapes", []) if s.get("type") == "line"]
        assert [s["y0"] for s in lines] == [smic.ANNUAL[smic.LATEST]], page
        for trace in fig["data"]:
            for y, warning in zip(values(trace["y"]), trace["customdata"], strict=True):
                below = y < smic.ANNUAL[smic.LATEST]  # the fiches' figures carry no year
                assert warning.startswith("⚠ sous le SMIC") == below, (page, y, warning)


def test_diploma_view_flags_each_career_figure_below_the_smic_of_its_year(db):
    """The careers a diploma leads to: each salary text, as published, with its flag."""
    from careerdash import diploma_view as view
    from careerdash import queries

    ids = ["electricien-du-batiment", "comptable", "infirmier", "rome-j1506"]
    pay = queries.diploma_pay(db.cursor(), ids)
    texts = view.pay_text(pay)
    assert (
        "18\u202f000 – 21\u202f600\u00a0€ brut/an ⚠ sous le SMIC brut annuel"
        in (texts["electricien-du-batiment"])
    )
    assert "19\u202f200 – 30\u202f000\u00a0€ brut/an ⚠ sous le SMIC" in texts["comptable"]
    assert "⚠" not in texts["infirmier"]  # 23 334 € and up: above it
    assert "⚠" not in texts["rome-j1506"]  # net monthly family medians: not measured
    table = view.pay_table(pay)
    flagged = table[table["Montant"].str.contains("⚠ sous le SMIC")]
    assert set(flagged["Métier"]) == {"Électricien(ne) du bâtiment", "Comptable"}
    assert set(flagged["Nature du chiffre"]) == {"Débutant"}
