"""The parser on fiches built to be slow (one 2 MB line of each kind): each is read, or
refused with problems on its lines, never an internal error. Their parse times are printed
by `bench/bench_parse.py` (no time is asserted here)."""

from __future__ import annotations

import pytest
from worst_fiches import worst_fiches

from careerdash.fiche import FicheError, parse_fiche

CASES = worst_fiches()


@pytest.mark.parametrize("name", list(CASES))
def test_a_2_mb_worst_case_fiche_is_read_or_refused_on_its_lines(name):
    text = CASES[name]
    assert len(text) > 1_900_000
    lines = text.count("\n") + 1
    try:
        career = parse_fiche(text, "worst.txt")
    except FicheError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert "internal error" not in problem.message
            assert 1 < problem.line <= lines
            assert len(str(problem)) < 300  # long runs are cut in messages
    else:
        assert career.title == "Métier"


def test_long_runs_do_not_change_what_is_read():
    """Spaces in the middle of a role or a score line are read as one space would be."""
    prose = "évoluer vers un poste de Chef" + " " * 50_000 + "d'équipe ou de Directeur(trice)."
    career = parse_fiche(f"Métier\n#SALAIRE ET ÉVOLUTION\nEVOLUTION DE CARRIERE\n{prose}\n")
    assert [p.title for p in career.progressions] == ["Chef d'équipe", "Directeur(trice)"]
    skills = parse_fiche("Métier\n#HARDSKILLS\n90" + " " * 50_000 + "| Gestion\nA, B\n")
    assert [(s.score, s.name, s.keywords) for s in skills.hard_skills] == [
        (90, "Gestion", ["A", "B"])
    ]
    profile = parse_fiche(
        "Métier\nProfil d'épanouissement\nQualité de vie" + " " * 50_000 + "65%\n"
    )
    assert profile.profile == {"qualite_de_vie": 65}
