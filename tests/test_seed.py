"""The original fiche, read completely and exactly (issue 2's list of facts)."""

import json

import pytest

from careerdash.cli import main
from careerdash.fiche import read_fiche


@pytest.fixture
def seed(seed_path):
    return read_fiche(seed_path).to_json()


def test_title_and_summary(seed):
    assert seed["title"] == "Chargé(e) de mission relations internationales"
    assert seed["summary"].startswith(
        "Le/la Chargé(e) de mission relations internationales contribue"
    )
    assert seed["summary"].endswith("projets de coopération.")


def test_profile_read_once_although_repeated(seed):
    assert seed["profile"] == {
        "qualite_de_vie": 65,
        "flexibilite": 60,
        "stimulation": 75,
        "relations_humaines": 85,
        "carriere": 75,
    }


def test_ten_mission_groups_of_ten_tasks(seed):
    assert [len(g["tasks"]) for g in seed["missions"]] == [10] * 10
    assert seed["missions"][0]["tasks"][0] == (
        "Coordonner les actions des projets internationaux avec les équipes internes"
    )
    assert seed["missions"][-1]["tasks"][-1] == (
        "Appuyer l’analyse des résultats des actions internationales menées"
    )


def test_nine_soft_skills_with_paragraphs(seed):
    names = [s["name"] for s in seed["soft_skills"]]
    assert len(names) == 9
    assert names[0] == "Adaptabilité" and names[-1] == "Curiosité intellectuelle"
    assert all(len(s["description"]) > 200 for s in seed["soft_skills"])
    assert seed["soft_skills"][0]["description"].startswith("L’adaptabilité est une soft skill")


def test_hard_skills_scores_and_keywords(seed):
    scores = {s["name"]: s["score"] for s in seed["hard_skills"]}
    assert scores == {
        "Compétences linguistiques": 90,
        "Analyse des risques": 88,
        "Gestion de projet": 92,
        "Connaissance des affaires internationales": 95,
        "Analyse de données": 89,
        "Rédaction": 91,
    }
    assert seed["hard_skills"][0]["keywords"] == ["Multilinguisme", "Compréhension", "Expression"]


def test_diplomas_and_reference_level(seed):
    got = [
        (d["name"], d["level"], d["level_years"], d["ects"], d["formations_count"])
        for d in seed["diplomas"]
    ]
    assert got == [
        ("BTS", "Bac+2", 2, 120, 3),
        ("Bachelor", "Bac+3", 3, 180, 3),
        ("Mastère", "Bac+5", 5, 300, None),
    ]
    assert seed["reference_level"] == "Bac+3"


def test_experience_paths(seed):
    assert seed["experience_paths"] == [
        "Assistant(e) de direction dans une multinationale",
        "Assistant(e) en gestion de projets internationaux",
        "Assistant(e) juridique en droit international",
    ]


def test_tools_categories_counted_once(seed):
    assert [(t["category"], len(t["tools"])) for t in seed["tools"]] == [
        ("Gestion de projet", 3),
        ("Traduction", 3),
        ("Gestion Documentaire", 3),
        ("Gestion de la relation client (CRM)", 3),
        ("Veille stratégique", 3),
        ("Communication", 3),
    ]
    crm = seed["tools"][3]
    assert crm["tools"] == ["HubSpot", "Salesforce", "Zoho CRM"]
    assert crm["description"].startswith("Les outils de gestion de la relation client")


def test_constraints(seed):
    names = [c["name"] for c in seed["constraints"]]
    assert len(names) == 9
    assert names[0] == "Évolutions Politiques" and names[-1] == "Gestion de multiples projets"


def test_salary_bands(seed):
    assert seed["salary_bands"] == [
        {
            "level": "debutant",
            "min_eur": 30000,
            "max_eur": 35000,
            "period": "year",
            "basis": "brut",
            "years_min": 0,
            "years_max": 3,
            "currency": "EUR",
            "converted_from_monthly": False,
            "presumed_gross": False,
        },
        {
            "level": "confirme",
            "min_eur": 40000,
            "max_eur": 60000,
            "period": "year",
            "basis": "brut",
            "years_min": 5,
            "years_max": None,
            "currency": "EUR",
            "converted_from_monthly": False,
            "presumed_gross": False,
        },
    ]


def test_progressions(seed):
    assert [(p["title"], p["step"], p["kind"]) for p in seed["progressions"]] == [
        ("Coordinateur(trice) de projets européens", 1, "next"),
        ("Responsable de la communication internationale", 1, "next"),
        ("Consultant(e) en Stratégie Internationale", 2, "later"),
    ]


def test_faq(seed):
    assert len(seed["faq"]) == 6
    assert seed["faq"][0]["question"].startswith("Quelle est la mission principale")
    assert seed["faq"][0]["answer"].startswith("La mission principale du/de la")
    assert all(f["question"].endswith("?") and f["answer"] for f in seed["faq"])


def test_every_contract_key_is_present(seed):
    for key in [
        "title",
        "summary",
        "profile",
        "missions",
        "soft_skills",
        "hard_skills",
        "diplomas",
        "reference_level",
        "experience_paths",
        "tools",
        "constraints",
        "salary_bands",
        "progressions",
        "faq",
        "sources",
    ]:
        assert key in seed
    assert seed["sources"] == []


def test_cli_show_json_prints_the_same(seed_path, seed, capsys):
    assert main(["show", str(seed_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == seed
