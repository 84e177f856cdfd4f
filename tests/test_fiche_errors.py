"""A fiche that cannot be read faithfully names each problem and its line; nothing crashes."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerdash.fiche import FicheError, parse_fiche, read_fiche


def problems(text: str, **kw) -> list[tuple[int, str | None, str]]:
    with pytest.raises(FicheError) as info:
        parse_fiche(text, "f.txt", **kw)
    return [(p.line, p.section, p.message) for p in info.value.problems]


def only_line(text: str, **kw) -> int:
    found = problems(text, **kw)
    assert len(found) == 1, found
    return found[0][0]


def test_hard_skill_score_above_100():
    assert only_line("Métier\n#HARDSKILLS\n\n150 | Gestion\nA, B\n") == 4


def test_hard_skill_score_not_a_number():
    line, section, message = problems("Métier\n#HARDSKILLS\n9O | Gestion\n")[0]
    assert (line, section) == (3, "hard_skills") and "9O" in message


def test_profile_percentage_above_100():
    text = "Métier\nProfil d'épanouissement\nQualité de vie 120%\nHint\n"
    assert only_line(text) == 3


def test_repeated_profile_with_different_values():
    block = "Profil d'épanouissement\nStimulation {}%\n"
    text = "Métier\n" + block.format(70) + block.format(75)
    line, _, message = problems(text)[0]
    assert line == 5 and "line 3" in message


def test_salary_min_above_max():
    text = (
        "Métier\n#SALAIRE ET ÉVOLUTION\nDÉBUTANT (- de 3ans)\nDe 40 000 € à 30 000 € brut par an\n"
    )
    assert only_line(text) == 4


def test_negative_salary():
    text = (
        "Métier\n#SALAIRE ET ÉVOLUTION\nDÉBUTANT (- de 3ans)\nDe -3 000 € à 30 000 € brut par an\n"
    )
    line, _, message = problems(text)[0]
    assert line == 4 and "negative" in message


def test_unreadable_salary():
    text = "Métier\n#SALAIRE ET ÉVOLUTION\nCONFIRMÉ (+ de 5 ans)\nselon profil\n"
    assert only_line(text) == 4


def test_debutant_band_above_confirme():
    text = (
        "Métier\n#SALAIRE ET ÉVOLUTION\nDÉBUTANT (- de 3ans)\nDe 50 000 € à 60 000 € brut par an\n"
        "CONFIRMÉ (+ de 5 ans)\nDe 40 000 € à 45 000 € brut par an\n"
    )
    line, _, message = problems(text)[0]
    assert line == 4 and "above" in message


def test_study_level_outside_cap_to_bac8():
    assert only_line("Métier\n#PARCOURS / DIPLÔMES\nDoctorat+\nBAC +12\n") == 4


def test_level_line_without_diploma_name():
    assert only_line("Métier\n#PARCOURS / DIPLÔMES\n\nBAC +3\n") == 4


def test_unknown_section():
    line, _, message = problems("Métier\n#SALARY\nx\n")[0]
    assert line == 2 and "unknown section" in message


def test_unknown_source_field():
    assert only_line("Métier\n#SOURCES\nsalaire: https://x.org\n") == 3


def test_all_errors_of_a_file_are_reported():
    text = (
        "Métier\nProfil d'épanouissement\nCarrière 101%\n"
        "#HARDSKILLS\n101 | A\nx\n-1 | B\ny\n"
        "#SALAIRE ET ÉVOLUTION\nDÉBUTANT\nDe 5 € à 1 € brut par an\n"
    )
    assert [p[0] for p in problems(text)] == [3, 5, 7, 11]


def test_missing_title():
    assert only_line("\n\n#MISSIONS\n• x\n") == 3


def test_empty_file():
    assert only_line("") == 1
    assert only_line("  \n\n\t\n") == 1


def test_binary_file(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(FicheError) as info:
        read_fiche(path)
    assert "binary" in str(info.value)


def test_huge_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Titre\n" + b"x" * 20_000_000)
    with pytest.raises(FicheError) as info:
        read_fiche(path)
    assert "20.0 MB" in str(info.value)


def test_strict_requires_sources_and_editorial_marks():
    text = (
        "Métier\nProfil d'épanouissement\nCarrière 70%\nHint\n"
        "#HARDSKILLS\n80 | A\nx\n"
        "#SALAIRE ET ÉVOLUTION\nDÉBUTANT (- de 3ans)\nDe 20 000 € à 25 000 € brut par an\n"
    )
    parse_fiche(text)  # fine for a counsellor's own folder
    found = problems(text, strict=True)
    assert {p[1] for p in found} == {"salary_bands", "profile", "hard_skills"}
    assert [p[0] for p in found if p[1] == "salary_bands"] == [10]
    sourced = text + (
        "#SOURCES\nsalary_bands.debutant: https://example.org/s\nprofile: éditorial\n"
        "hard_skills: éditorial\n"
    )
    assert parse_fiche(sourced, strict=True).salary_bands[0].min_eur == 20000


def test_error_message_names_file_and_line():
    with pytest.raises(FicheError) as info:
        parse_fiche("Métier\n#HARDSKILLS\n101 | A\n", "data/x.txt")
    assert str(info.value).startswith("data/x.txt:3: [hard_skills] score 101")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_any_text_gives_a_career_or_errors_never_a_crash(text):
    try:
        career = parse_fiche(text)
    except FicheError as exc:
        assert exc.problems
        assert not any("internal error" in p.message for p in exc.problems), exc
    else:
        assert career.title


SECTION_WORDS = st.sampled_from(
    [
        "#MISSIONS",
        "#SOFTSKILLS",
        "#HARDSKILLS",
        "#PARCOURS / DIPLÔMES",
        "#OUTILS",
        "#CONTRAINTES",
        "#SALAIRE ET ÉVOLUTION",
        "#FAQ",
        "#SOURCES",
        "• tâche",
        "92 | Skill",
        "BAC +3",
        "DÉBUTANT (- de 3ans)",
        "De 30 000 € à 20 000 €",
        "Réponse :",
        "Question ?",
        "EXPERIENCE PROFESSIONNELLE",
        "Expérience en tant qu'X",
        "Profil d'épanouissement",
        "Carrière 70%",
        "",
        "texte libre.",
        "field: https://x",
        "EVOLUTION DE CARRIERE",
        "peut évoluer vers un poste de A ou de B.",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(SECTION_WORDS, max_size=40))
def test_shuffled_fiche_lines_never_crash(lines):
    test_any_text_gives_a_career_or_errors_never_a_crash.hypothesis.inner_test(
        "Métier\n" + "\n".join(lines)
    )
