"""The export panel of Comparer and Fiche, run with Streamlit's AppTest on the bundled data."""

import pytest

from apptest import app_on, open_page
from conftest import DATA_FICHES

COMPARED = ["Comptable", "Data analyst", "Infirmier(ère)"]


@pytest.fixture(autouse=True)
def fresh_app(bundled_db, monkeypatch):
    yield from app_on(bundled_db, DATA_FICHES, monkeypatch)


def labels(at) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_comparer_offers_the_brief_the_facts_and_the_share_link():
    at = open_page("comparer", {"careers": COMPARED})
    assert labels(at) == ["Télécharger la comparaison", "Faits en CSV", "Faits en Excel"]
    link = at.code[0].value
    assert link.startswith("?careers=Comptable&careers=Data%20analyst")  # AppTest has no host
    assert "Infirmier%28%C3%A8re%29" in link


def test_a_note_and_a_first_name_stay_out_of_the_link():
    at = open_page("comparer", {"careers": COMPARED})
    at.text_input(key="brief_compare_student").input("Léa").run()
    at.text_area(key="brief_compare_note").input("Revoir le BUT").run()
    assert not at.exception
    assert dict(at.query_params) == {"careers": COMPARED}
    assert "Léa" not in at.code[0].value and "BUT" not in at.code[0].value


def test_fiche_offers_its_own_brief():
    at = open_page("fiche", {"career": "Data analyst"})
    assert labels(at) == ["Télécharger la fiche", "Faits en CSV", "Faits en Excel"]
    assert at.code[0].value == "?career=Data%20analyst"


def test_the_export_panel_is_absent_until_careers_are_chosen():
    at = open_page("comparer")
    assert labels(at) == []
