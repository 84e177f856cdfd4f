"""The "Trouver mon métier" score: weights, hard constraints, unknown data, ties.

Small hand-made fact tables for the rules a student relies on, then a Hypothesis property
test over random careers and random answers.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerdash import matching
from careerdash.matching import Answers, Facts, rank

CHIFFRES, DETAIL, SOIN = (
    "J'aime manier les chiffres",
    "J'ai le souci du détail",
    "Je souhaite prendre soin des autres",
)
NUIT, DEPLACEMENTS = "Travail de nuit", "Déplacements professionnels"
PROFILE = list(matching.PROFILE_LABELS)


def careers_frame(rows: list[dict]) -> pd.DataFrame:
    base = {
        "source_kind": "rome",
        "level_years": None,
        "currency": None,
        "debutant_mid": None,
        "median_wage": None,
        "family_median_net_month": None,
        "family_median_year": None,
        "hard_skill_count": 0,
    } | dict.fromkeys(PROFILE)
    return pd.DataFrame([base | r for r in rows])


def long(pairs: list[tuple[str, str]], column: str, via: str | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        {"career_id": [p[0] for p in pairs], column: [p[1] for p in pairs], "via": via},
        columns=["career_id", column, "via"],
    )


@pytest.fixture
def facts() -> Facts:
    """Five careers whose facts the tests know by heart."""
    careers = careers_frame(
        [
            {"career_id": "compta", "title": "Comptable", "level_years": 2},
            {"career_id": "audit", "title": "Auditeur", "level_years": 5},
            {
                "career_id": "infirmier",
                "title": "Infirmier",
                "source_kind": "fiche",
                "level_years": 3,
                "currency": "EUR",
                "debutant_mid": 30_000,  # × 0,75 ÷ 12 = 1 875 € net par mois
                "hard_skill_count": 2,
                "qualite_de_vie": 40,
                "relations_humaines": 90,
            },
            {
                "career_id": "aide",
                "title": "Aide à domicile",
                "family_median_net_month": 1_450,
                "family_median_year": "2017-2019",
            },
            {
                "career_id": "dev",
                "title": "Developer",
                "source_kind": "onet",
                "median_wage": 90_000,
            },
        ]
    )
    return Facts(
        careers,
        interests=long(
            [("compta", CHIFFRES), ("compta", DETAIL), ("audit", CHIFFRES), ("aide", SOIN)],
            "interest",
        ),
        riasec=long([("compta", "C"), ("audit", "CE"), ("aide", "S"), ("dev", "IC")], "code"),
        contexts=long(
            [("audit", DEPLACEMENTS), ("aide", NUIT), ("compta", "En bureau")], "context"
        ),
        skills=long([("infirmier", "Soins")], "skill"),
    )


def order(ranking) -> list[str]:
    return ranking.ranked["career_id"].tolist()


# -- the rules, on known facts ------------------------------------------------------------


def test_interests_rank_the_careers_that_share_most(facts):
    ranking = rank(Answers(interests=(CHIFFRES, DETAIL)), facts)
    partial = ranking.ranked.set_index("career_id")["partial_interets"]
    assert partial["compta"] == 1.0 and partial["audit"] == 0.5 and partial["aide"] == 0.0
    # no centres d'intérêt known: unknown, scored as nothing in common (0 point), and said so
    assert math.isnan(partial["infirmier"]) and math.isnan(partial["dev"])
    assert order(ranking)[:2] == ["compta", "audit"]
    row = ranking.ranked.set_index("career_id").loc["infirmier"]
    assert row["points_interets"] == 0 and "centres d'intérêt inconnus" in matching.unknowns(row)


def test_riasec_similarity_weights_the_first_letter_most():
    levels = {"C": 3, "E": 1}
    assert matching.riasec_similarity(levels, "C") == 1.0
    assert matching.riasec_similarity(levels, "CE") == pytest.approx((3 + 0.5) / (3 * 1.5))
    assert matching.riasec_similarity(levels, "EC") < matching.riasec_similarity(levels, "CE")
    assert matching.riasec_similarity(levels, "R") == 0.0
    assert matching.riasec_similarity(levels, None) is None


def test_profile_preference_counts_for_above_50_and_against_below(facts):
    answers = Answers(profile=(("relations_humaines", 2), ("qualite_de_vie", 1)))
    row = rank(answers, facts).ranked.set_index("career_id").loc["infirmier"]
    assert row["partial_profil_relations_humaines"] == pytest.approx(0.8)
    assert row["partial_profil_qualite_de_vie"] == pytest.approx(-0.2)
    assert row["score"] == pytest.approx(2 * 0.8 + 1 * -0.2)


def test_level_limit_excludes_and_says_why_unknown_level_stays(facts):
    ranking = rank(Answers(max_level_years=2), facts)
    excluded = ranking.excluded.set_index("career_id")["reasons"]
    assert set(excluded.index) == {"audit", "infirmier"}
    assert excluded["audit"] == ["niveau d'études Bac+5 (au plus Bac+2)"]
    kept = ranking.ranked.set_index("career_id")
    assert "niveau d'études inconnu" in matching.unknowns(kept.loc["aide"])
    assert "niveau d'études inconnu" not in matching.unknowns(kept.loc["compta"])


def test_avoided_context_excludes_unknown_contexts_stay_and_are_marked(facts):
    ranking = rank(Answers(avoid=(NUIT,)), facts)
    assert ranking.excluded["career_id"].tolist() == ["aide"]
    assert ranking.excluded["reasons"][0] == ["peut comporter : Travail de nuit"]
    kept = ranking.ranked.set_index("career_id")
    assert "conditions de travail inconnues" in matching.unknowns(kept.loc["infirmier"])
    assert "conditions de travail inconnues" not in matching.unknowns(kept.loc["compta"])


def test_minimum_pay_uses_the_measure_each_career_has(facts):
    ranking = rank(Answers(min_pay_net_month=1_500), facts)
    reasons = ranking.excluded.set_index("career_id")["reasons"]
    assert list(reasons.index) == ["aide"]  # 1 450 € net: the DARES median, no conversion
    assert reasons["aide"][0].startswith("médiane de la famille professionnelle (Dares")
    assert "2017-2019" in reasons["aide"][0] and "1\u202f450" in reasons["aide"][0]
    kept = ranking.ranked.set_index("career_id")
    # a fiche's brut band is converted, and the row says it is an estimate
    assert kept.loc["infirmier", "pay_net_month"] == pytest.approx(30_000 * 0.75 / 12)
    assert "estimé en net" in kept.loc["infirmier", "pay_measure"]
    # dollars are never converted: not compared, kept, and said so
    assert "dollars" in kept.loc["dev", "pay_measure"]
    assert "salaire inconnu" in matching.unknowns(kept.loc["compta"])
    assert rank(Answers(min_pay_net_month=1_900), facts).excluded["career_id"].tolist() == [
        "aide",
        "infirmier",
    ]


def test_several_families_exclude_only_when_all_are_below(facts):
    careers = facts.careers.copy()
    careers.loc[careers["career_id"] == "aide", "family_median_net_month_max"] = 2_100
    careers.loc[careers["career_id"] == "aide", "family_median_families"] = 2
    facts = Facts(careers, facts.interests, facts.riasec, facts.contexts, facts.skills)
    kept = rank(Answers(min_pay_net_month=2_000), facts).ranked.set_index("career_id")
    notes = matching.unknowns(kept.loc["aide"])
    assert any(n.startswith("salaire incertain : médianes de 2 familles") for n in notes)
    assert "1\u202f450\u00a0€ à 2\u202f100\u00a0€" in notes[-1]
    excluded = rank(Answers(min_pay_net_month=2_200), facts).excluded
    assert "aide" in set(excluded["career_id"])


def test_brut_is_not_compared_when_the_student_turns_the_estimate_off(facts):
    ranking = rank(Answers(min_pay_net_month=1_900, convert_gross=False), facts)
    kept = ranking.ranked.set_index("career_id")
    assert "infirmier" in kept.index
    assert kept.loc["infirmier", "pay_measure"] == "salaire connu en brut seulement : non comparé"


def test_liked_skills_a_career_without_skills_is_unknown_not_zero(facts):
    ranking = rank(Answers(skills=("Soins",)), facts)
    partial = ranking.ranked.set_index("career_id")["partial_competences"]
    assert partial["infirmier"] == 1.0
    assert math.isnan(partial["compta"])  # ROME career with no skill listed here


def test_riasec_scores_each_career_on_its_own_code_and_unknown_without_one(facts):
    levels = (("C", 3), ("S", 1))
    partial = rank(Answers(riasec=levels), facts).ranked.set_index("career_id")["partial_riasec"]
    for career, code in [("compta", "C"), ("audit", "CE"), ("aide", "S"), ("dev", "IC")]:
        assert partial[career] == pytest.approx(matching.riasec_similarity(dict(levels), code))
    assert partial["compta"] == 1.0 and partial["aide"] == pytest.approx(1 / 3)
    assert math.isnan(partial["infirmier"])  # no RIASEC code known: unknown, 0 point


def test_reasons_name_what_matched(facts):
    answers = Answers(interests=(CHIFFRES,), riasec=(("C", 3),), min_pay_net_month=1_000)
    ranking = rank(answers, facts)
    lines = matching.reasons_text(ranking, "compta")
    assert "Centres d'intérêt : +1,00 × poids 1 = +1,00 pt" in lines
    assert "Centres d'intérêt en commun : J'aime manier les chiffres" in lines
    assert "Code RIASEC du métier : C (Conventionnel)" in lines
    assert "À savoir : salaire inconnu" in lines
    chart = matching.contributions(ranking, "compta")
    assert chart["points"].tolist() == [1.0, 1.0]


def test_ties_are_broken_by_unknowns_then_title_whatever_the_input_order(facts):
    answers = Answers(interests=(SOIN,))
    first = order(rank(answers, facts))
    shuffled = Facts(
        facts.careers.sample(frac=1, random_state=3),
        facts.interests.sample(frac=1, random_state=4),
        facts.riasec,
        facts.contexts,
        facts.skills,
    )
    assert order(rank(answers, shuffled)) == first
    # "aide" leads (1 point); the others tie at 0: those whose interests are known (nothing
    # in common) before those whose interests are unknown, each group in title order
    assert first == ["aide", "audit", "compta", "dev", "infirmier"]
    answers = Answers(interests=(SOIN,), max_level_years=8)  # level unknown for 2 of them
    assert order(rank(answers, facts)) == ["aide", "audit", "compta", "infirmier", "dev"]


# -- properties over random careers and answers -------------------------------------------

INTERESTS = [CHIFFRES, DETAIL, SOIN, "J'aime le travail manuel"]
CONTEXTS = [NUIT, DEPLACEMENTS, "Station debout prolongée"]
SKILLS = ["Soins", "Comptabilité", "Python"]
CRITERIA = ["interets", "riasec", "competences"]


def thousands(k: int) -> float:
    return k * 1000.0


maybe_score = st.one_of(st.none(), st.integers(0, 20).map(lambda n: n * 5))


@st.composite
def career_facts(draw) -> Facts:
    n = draw(st.integers(1, 9))
    rows, interests, riasec, contexts, skills = [], [], [], [], []
    for i in range(n):
        cid = f"c{i}"
        rows.append(
            {
                "career_id": cid,
                # few titles, so that ties happen
                "title": draw(st.sampled_from(["Agent", "Chef", "Agent", "Technicien"])),
                "source_kind": draw(st.sampled_from(["fiche", "rome", "onet"])),
                "level_years": draw(st.one_of(st.none(), st.integers(-1, 8))),
                "currency": "EUR",
                "debutant_mid": draw(
                    st.one_of(st.none(), st.integers(15, 60).map(lambda k: k * 1e3))
                ),
                "family_median_net_month": (
                    median := draw(st.one_of(st.none(), st.integers(12, 40).map(lambda h: h * 100)))
                ),
                "family_median_net_month_max": None
                if median is None
                else median + draw(st.sampled_from([0, 0, 300, 900])),
                "hard_skill_count": draw(st.integers(0, 3)),
            }
            | {dim: draw(maybe_score) for dim in PROFILE}
        )
        interests += [(cid, x) for x in draw(st.sets(st.sampled_from(INTERESTS)))]
        code = draw(st.text(alphabet="RIASEC", max_size=3).map(lambda s: "".join(dict.fromkeys(s))))
        if code:
            riasec.append((cid, code))
        contexts += [(cid, x) for x in draw(st.sets(st.sampled_from(CONTEXTS)))]
        skills += [(cid, x) for x in draw(st.sets(st.sampled_from(SKILLS)))]
    return Facts(
        careers_frame(rows),
        long(interests, "interest"),
        long(riasec, "code"),
        long(contexts, "context"),
        long(skills, "skill"),
    )


@st.composite
def student_answers(draw) -> Answers:
    return Answers(
        interests=tuple(draw(st.sets(st.sampled_from(INTERESTS)))),
        riasec=tuple((t, draw(st.integers(0, 3))) for t in "RIASEC"),
        skills=tuple(draw(st.sets(st.sampled_from(SKILLS)))),
        profile=tuple((dim, draw(st.integers(0, 3))) for dim in PROFILE),
        weights=tuple((c, draw(st.integers(0, 3))) for c in CRITERIA),
        max_level_years=draw(st.one_of(st.none(), st.integers(-1, 8))),
        min_pay_net_month=draw(st.one_of(st.none(), st.integers(10, 30).map(lambda h: h * 100))),
        convert_gross=draw(st.booleans()),
        avoid=tuple(draw(st.sets(st.sampled_from(CONTEXTS)))),
    )


PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(career_facts(), student_answers())
def test_every_career_is_ranked_or_excluded_once_and_scores_add_up(facts, answers):
    ranking = rank(answers, facts)
    ranked, excluded = ranking.ranked, ranking.excluded
    assert sorted([*ranked["career_id"], *excluded["career_id"]]) == sorted(
        facts.careers["career_id"]
    )
    assert ranked["rank"].tolist() == list(range(1, len(ranked) + 1))
    assert ranked["score"].is_monotonic_decreasing
    points = [f"points_{c}" for c, _, _ in ranking.criteria]
    assert ((ranked[points].sum(axis=1) - ranked["score"]).abs() < 1e-6).all()
    assert ranked["compatibility"].between(0, 100).all()
    assert all(excluded["reasons"].map(len) > 0)
    # the reasons and the chart of a career read its own row; an excluded one has none
    for place, career_id in enumerate(ranked["career_id"]):
        assert ranking.row(career_id).equals(ranked.iloc[place])
    for career_id in excluded["career_id"]:
        with pytest.raises(KeyError):
            ranking.row(career_id)


@PROPERTY
@given(career_facts(), student_answers())
def test_a_hard_constraint_always_excludes(facts, answers):
    ranking = rank(answers, facts)
    excluded = set(ranking.excluded["career_id"])
    careers = facts.careers.set_index("career_id")
    if answers.max_level_years is not None:
        over = careers.index[careers["level_years"].astype(float) > answers.max_level_years]
        assert set(over) <= excluded
    if answers.avoid:
        hit = facts.contexts[facts.contexts["context"].isin(answers.avoid)]["career_id"]
        assert set(hit) <= excluded
    if answers.min_pay_net_month:
        pay = matching.pay_measures(careers, answers.convert_gross)["net_month_max"]
        assert set(pay.index[pay < answers.min_pay_net_month]) <= excluded
    # and nothing else is excluded: an unknown fact never excludes
    for cid, reasons in zip(
        ranking.excluded["career_id"], ranking.excluded["reasons"], strict=True
    ):
        assert reasons, cid


@PROPERTY
@given(career_facts(), student_answers(), st.sampled_from([*CRITERIA, *PROFILE]), st.data())
def test_score_is_monotone_in_each_weight(facts, answers, criterion, data):
    """Raising one criterion's weight moves each career's score by exactly its partial score
    per unit, so a career that is ahead and at least as good on that criterion stays ahead."""
    key = criterion if criterion in CRITERIA else f"profil_{criterion}"
    if criterion in CRITERIA:
        raised = Answers(**(vars(answers) | {"weights": ((criterion, 3),)}))
        lowered = Answers(**(vars(answers) | {"weights": ((criterion, 1),)}))
    else:
        raised = Answers(**(vars(answers) | {"profile": ((criterion, 3),)}))
        lowered = Answers(**(vars(answers) | {"profile": ((criterion, 1),)}))
    low, high = rank(lowered, facts).ranked, rank(raised, facts).ranked
    if f"partial_{key}" not in low or low.empty:
        return  # the student gave no answer this criterion can use, or everything is excluded
    low, high = low.set_index("career_id"), high.set_index("career_id")
    partial = low[f"partial_{key}"].fillna(0.0)
    assert ((high["score"] - low["score"]) - 2 * partial).abs().max() < 1e-6  # scores: 9 decimals
    ids = list(low.index)
    a, b = data.draw(st.sampled_from(ids)), data.draw(st.sampled_from(ids))
    if low.at[a, "score"] >= low.at[b, "score"] and partial[a] >= partial[b]:
        assert high.at[a, "score"] >= high.at[b, "score"] - 1e-6


@PROPERTY
@given(career_facts(), student_answers(), st.data())
def test_missing_data_changes_no_other_partial_score(facts, answers, data):
    """Erasing one career's facts on one criterion makes that partial unknown (0 point) and
    leaves every other partial score, of that career and of the others, as it was."""
    cid = data.draw(st.sampled_from(list(facts.careers["career_id"])))
    what = data.draw(st.sampled_from(["interests", "riasec", "profile", "pay", "level"]))
    careers = facts.careers.copy()
    interests, riasec = facts.interests, facts.riasec
    if what == "interests":
        interests = interests[interests["career_id"] != cid]
    elif what == "riasec":
        riasec = riasec[riasec["career_id"] != cid]
    elif what == "profile":
        careers.loc[careers["career_id"] == cid, PROFILE] = None
    elif what == "pay":
        careers.loc[careers["career_id"] == cid, ["debutant_mid", "family_median_net_month"]] = None
    else:
        careers.loc[careers["career_id"] == cid, "level_years"] = None
    erased = Facts(careers, interests, riasec, facts.contexts, facts.skills)
    before, after = rank(answers, facts), rank(answers, erased)
    touched = {
        "interests": ["partial_interets"],
        "riasec": ["partial_riasec"],
        "profile": [f"partial_profil_{d}" for d in PROFILE],
    }.get(what, [])
    both = pd.concat([before.ranked, before.excluded]).set_index("career_id")
    again = pd.concat([after.ranked, after.excluded]).set_index("career_id")
    for column in [c for c in both.columns if c.startswith("partial_")]:
        for career in both.index:
            if career == cid and column in touched:
                assert math.isnan(again.at[career, column])
                assert again.at[career, column.replace("partial_", "points_")] == 0
            else:
                old, new = both.at[career, column], again.at[career, column]
                assert (math.isnan(old) and math.isnan(new)) or old == new, (career, column)
    if what in ("pay", "level"):
        # an unknown pay or level never excludes
        prefixes = ("niveau",) if what == "level" else ("médiane", "salaire")
        reasons = after.excluded.set_index("career_id")["reasons"]
        assert not any(r.startswith(prefixes) for r in reasons.get(cid, []))


def test_excluded_table_keeps_the_first_excluded_when_limited(facts):
    ranking = rank(Answers(avoid=(NUIT, DEPLACEMENTS)), facts)
    assert len(ranking.excluded) == 2
    whole = matching.excluded_table(ranking, {})
    first = matching.excluded_table(ranking, {}, limit=1)
    assert len(whole) == 2 and first.to_dict("records") == whole.head(1).to_dict("records")
    assert whole["Exclu parce que"].str.startswith("peut comporter").all()


def test_reasons_written_for_the_first_rows_are_those_of_the_whole_list(facts):
    """Trouver writes the refusals of the excluded careers it shows, not of every one:
    those it writes must be the very sentences of the whole list, pay and level included."""
    ranking = rank(Answers(min_pay_net_month=2_500, max_level_years=3, avoid=(NUIT,)), facts)
    whole = ranking.excluded["reasons"].tolist()
    assert len(whole) >= 2 and any("net par mois" in " ".join(r) for r in whole)
    for limit in range(len(whole) + 1):
        assert ranking.reasons(limit) == whole[:limit]
        table = matching.excluded_table(ranking, {}, limit=limit)
        assert table["Exclu parce que"].tolist() == ["; ".join(r) for r in whole[:limit]]
        assert table["Métier"].tolist() == ranking.excluded["title"].head(limit).tolist()
