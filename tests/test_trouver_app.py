"""Trouver mon métier with Streamlit's AppTest, on a database of the bundled fiches and the
real ROME, O*NET and OEWS files (built once per session; skipped when the files are absent).

Expected facts are read from that database with SQL, never copied from the page's output.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import duckdb
import pytest
from realdb import real_careers_db  # noqa: F401  (fixture)

from apptest import app_on, open_page
from conftest import DATA_FICHES

CHIFFRES, DETAIL = "J'aime manier les chiffres", "J'ai le souci du détail"
SOIN = "Je souhaite prendre soin des autres"
NUIT = "Travail de nuit"


@pytest.fixture(autouse=True)
def app(real_careers_db, monkeypatch):  # noqa: F811
    yield from app_on(real_careers_db, DATA_FICHES, monkeypatch)


@pytest.fixture(scope="module")
def db(real_careers_db):  # noqa: F811
    con = duckdb.connect(str(real_careers_db), read_only=True)
    yield con
    con.close()


def ask(at, **answers):
    """Answer through the widgets, as a student clicks."""
    for key, value in answers.items():
        if key.startswith(("riasec_", "profil_", "poids_")) or key == "niveau_max":
            at.select_slider(key=key).set_value(value)
        elif key == "salaire_min":
            at.number_input(key=key).set_value(value)
        elif key == "onet":
            at.checkbox(key=key).check() if value else at.checkbox(key=key).uncheck()
        else:
            at.multiselect(key=key).set_value(value)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def results(at):
    return at.dataframe[0].value


def heading(at) -> str:
    return next(s.value for s in at.subheader if "classés" in s.value)


def ids_of(db, titles) -> dict[str, str]:
    rows = db.execute(
        "SELECT title, career_id, source_kind FROM careers WHERE title IN "
        f"({', '.join('?' for _ in titles)})",
        list(titles),
    ).fetchall()
    return {title: cid for title, cid, kind in rows if kind in ("fiche", "rome")}


def test_interests_and_refusals_give_a_top_ten_that_respects_them(db):
    at = ask(
        open_page("trouver"),
        interets=[CHIFFRES, DETAIL],
        riasec_C="beaucoup",
        eviter=[NUIT],
        niveau_max="Bac+2",
    )
    top = results(at)
    assert len(top) == 10
    assert top["Rang"].tolist() == list(range(1, 11))
    assert top["Compatibilité"].is_monotonic_decreasing
    ids = list(ids_of(db, top["Métier"]).values())
    assert len(ids) == 10
    marks = ", ".join("?" for _ in ids)
    # no result may involve night work (its own ROME contexts, or its ROME fiche's)
    night = db.execute(
        "SELECT count(*) FROM constraints t JOIN careers c ON c.career_id = t.career_id "
        "OR (c.rome_code = (SELECT rome_code FROM careers r WHERE r.career_id = t.career_id "
        "AND r.source_kind = 'rome')) "
        f"WHERE t.name = ? AND c.career_id IN ({marks})",
        [NUIT, *ids],
    ).fetchone()[0]
    assert night == 0
    # nor a known study level above Bac+2
    levels = db.execute(
        "SELECT coalesce(reference_level_years, min_level_years) FROM career_summary "
        f"WHERE career_id IN ({marks})",
        ids,
    ).fetchall()
    assert all(y is None or y <= 2 for (y,) in levels)
    # every one shares at least one of the two interests (all ten are top-scored)
    shared = db.execute(
        "SELECT count(DISTINCT a.career_id) FROM career_attributes a "
        f"WHERE a.name = 'centres_interet' AND a.career_id IN ({marks}) "
        "AND (contains(a.value, ?) OR contains(a.value, ?))",
        [*ids, CHIFFRES, DETAIL],
    ).fetchone()[0]
    assert shared == 10
    # a ROME career that likes numbers but works at night is excluded, and the page says why
    (title,) = db.execute(
        "SELECT c.title FROM careers c JOIN career_attributes a USING (career_id) "
        "JOIN constraints t USING (career_id) WHERE c.source_kind = 'rome' "
        "AND a.name = 'centres_interet' AND contains(a.value, ?) AND t.name = ? "
        "ORDER BY c.title LIMIT 1",
        [CHIFFRES, NUIT],
    ).fetchone()
    excluded = at.dataframe[1].value.set_index("Métier")
    assert "Travail de nuit" in excluded.loc[title, "Exclu parce que"]
    assert "exclus par vos refus" in heading(at)


def test_pourquoi_lists_each_criterion_and_what_matched():
    at = ask(open_page("trouver"), interets=[CHIFFRES], riasec_C="beaucoup", eviter=[NUIT])
    first = results(at)["Métier"].iloc[0]
    why = [e for e in at.expander if e.label.endswith("pourquoi ?")]
    assert len(why) == 10
    assert why[0].label.startswith("1. ")
    text = why[0].text[0].value
    assert "Centres d'intérêt : +1,00 × poids 1 = +1,00 pt" in text
    assert f"Centres d'intérêt en commun : {CHIFFRES}" in text
    assert "Types RIASEC : " in text and "Code RIASEC du métier" in text
    assert first.replace("-", "\\-") in why[0].label or first in why[0].label
    # the chart of points per criterion draws the same two criteria
    (chart,) = at.get("plotly_chart")
    bars = json.loads(chart.proto.spec)["data"][0]
    assert bars["y"] == ["Centres d'intérêt", "Types RIASEC"]
    assert bars["text"][0] == "+1,00 pt"


def test_weights_change_the_order_and_the_chart_follows():
    at = ask(open_page("trouver"), interets=[SOIN], riasec_I="beaucoup")
    before = results(at)["Métier"].tolist()
    ask(at, poids_riasec="très important", poids_interets="ignoré")
    after = results(at)
    assert after["Métier"].tolist() != before
    assert "Centres d'intérêt" not in after.columns  # an ignored criterion gives no points


def test_minimum_pay_judges_each_career_on_its_own_measure(db):
    at = ask(open_page("trouver"), interets=[SOIN], riasec_S="beaucoup", salaire_min=2000)
    excluded = at.dataframe[1].value.set_index(["Métier", "Source"])
    # the Dares family median as it is (all families under 2 000 € when there are several);
    # else a fiche's débutant band midpoint, estimated in net: × 0,75 ÷ 12
    rows = db.execute(
        "SELECT title, CASE source_kind WHEN 'rome' THEN 'ROME' ELSE 'Fiches' END, "
        "family_median_net_month_max IS NOT NULL FROM career_summary "
        "WHERE source_kind IN ('fiche', 'rome') AND coalesce(family_median_net_month_max, "
        "CASE WHEN currency = 'EUR' THEN debutant_mid * 0.75 / 12 END) < 2000"
    ).fetchall()
    assert len(rows) > 100
    assert set(excluded.index) == {(title, source) for title, source, _ in rows}
    for title, source, dares in rows:
        reason = excluded.loc[(title, source), "Exclu parce que"]
        assert reason.startswith("médiane" if dares else "salaire débutant de la fiche, estimé")
        assert reason.endswith("net par mois (au moins 2\u202f000\u00a0€)")
    # what each kept career was judged on is shown; a career with no figure is kept, marked
    top = results(at)
    assert top["Salaire retenu (net/mois)"].notna().all()
    (unknown,) = db.execute(
        "SELECT count(*) FROM career_summary WHERE source_kind IN ('fiche', 'rome') "
        "AND family_median_net_month IS NULL AND debutant_mid IS NULL"
    ).fetchone()
    ranking_notes = at.dataframe[0].value["À savoir"]
    assert unknown > 0 and heading(at).startswith(
        f"{len(rows_all(db)) - len(rows)} métiers classés"
    )
    assert ranking_notes.notna().all()


def rows_all(db) -> list:
    return db.execute("SELECT 1 FROM careers WHERE source_kind IN ('fiche', 'rome')").fetchall()


def test_onet_careers_only_when_asked(db):
    at = ask(open_page("trouver"), riasec_I="beaucoup")
    counts = dict(db.execute("SELECT source_kind, count(*) FROM careers GROUP BY 1").fetchall())
    assert heading(at) == f"{counts['fiche'] + counts['rome']} métiers classés"
    ask(at, onet=True)
    assert heading(at) == f"{counts['fiche'] + counts['rome'] + counts['onet']} métiers classés"


def test_answers_live_in_the_url_and_reopen_the_same_ranking():
    answers = {
        "interets": [CHIFFRES, DETAIL],
        "riasec_C": "beaucoup",
        "eviter": [NUIT],
        "niveau_max": "Bac+2",
        "profil_qualite_de_vie": "assez",
    }
    clicked = ask(open_page("trouver"), **answers)
    linked = open_page("trouver", answers)  # the link a counsellor reopens
    assert results(linked).equals(results(clicked))
    assert heading(linked) == heading(clicked)
    assert at_least_one_profile_point(linked)


def at_least_one_profile_point(at) -> bool:
    return "Profil : Qualité de vie" in results(at).columns


def test_top_three_go_to_comparer(db):
    at = ask(open_page("trouver"), interets=[SOIN], riasec_S="beaucoup")
    top3 = results(at)["Métier"].head(3).tolist()
    (link,) = [p for p in at.get("page_link") if p.proto.label == "Comparer les 3 premiers"]
    sent = parse_qs(link.proto.query_string)["careers"]
    # Comparer's URL labels: a ROME career's title carries its source (ui.title_lookup)
    assert [label.removesuffix(" · ROME") for label in sent] == top3
    compared = open_page("comparer", {"careers": sent})
    assert compared.multiselect(key="careers").value == [ids_of(db, top3)[t] for t in top3]
