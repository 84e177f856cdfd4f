"""ROME 4.0 CSV set → careers: every mapping rule, on a fixture of a few rows per file."""

from __future__ import annotations

import shutil

import pytest

from careerdash.importers.common import DatasetError
from careerdash.importers.rome import ACCESS_QUESTION, read_rome

from .helpers import ROME, copy_folder, zip_folder


@pytest.fixture(scope="module")
def rome():
    careers, report = read_rome(ROME)
    return {c.rome_code: c for c in careers}, report


def test_one_career_per_rome_code_with_its_title_domain_and_attributes(rome):
    careers, report = rome
    assert sorted(careers) == ["A1101", "A1201", "F1704", "M1805"]
    assert report.version == "v999"  # any version number, read from the file names
    assert report.careers == 4
    a = careers["A1101"]
    assert a.title == "Conducteur / Conductrice d'engins agricoles"
    assert a.source_kind == "rome" and a.onet_code is None
    assert a.family == "Engins agricoles et forestiers"
    assert a.attributes["grand_domaine"].startswith("Agriculture et Pêche")
    assert a.attributes["code_domaine_professionnel"] == "A11"
    assert a.attributes["transition_eco"] == "Emploi Blanc"
    assert "emploi_cadre" not in a.attributes  # blank in the file: no attribute
    assert careers["M1805"].attributes["emploi_cadre"] == "O"


def test_riasec_major_and_minor(rome):
    careers, _ = rome
    assert careers["A1201"].attributes["riasec"] == "RC"
    assert careers["A1201"].attributes["riasec_majeur"] == "R"
    assert careers["A1201"].attributes["riasec_mineur"] == "C"
    assert careers["A1101"].attributes["riasec"] == "R"
    assert "riasec_mineur" not in careers["A1101"].attributes


def test_definition_sentences_in_order_with_apostrophes_undoubled(rome):
    careers, _ = rome
    assert careers["A1101"].summary == (
        "Réalise des travaux agricoles mécanisés. Aménage et prépare les terrains, assure le "
        "labourage et les semis. Utilise différentes machines et en assure l'entretien."
    )
    # a line break inside a quoted field is part of the text, not a new row
    assert careers["A1201"].summary == "Abat des arbres et débarde le bois."


def test_access_text_becomes_a_faq_entry(rome):
    careers, _ = rome
    (entry,) = careers["A1101"].faq
    assert entry.question == ACCESS_QUESTION
    assert entry.answer == (
        'Cet emploi est accessible sans diplôme particulier. Le certificat "Tracteurs et '
        'machines agricoles" est apprécié.'
    )
    assert careers["M1805"].faq[0].answer.endswith("dans le domaine de l'informatique.")
    assert careers["A1201"].faq == []


def test_appellations_are_alt_titles_principal_first_repeats_merged(rome):
    careers, report = rome
    assert careers["A1101"].alt_titles == [
        "Conducteur / Conductrice d'engins agricoles",
        "Chauffeur / Chauffeuse de machines agricoles",
        "Tractoriste agricole",
    ]
    assert careers["A1201"].alt_titles == ["Bûcheron / Bûcheronne", "Élagueur / Élagueuse"]
    assert report.skipped["appellation repeating another of its fiche (merged)"] == 1
    assert sum(len(c.alt_titles) for c in careers.values()) + 1 == 10  # 10 appellation rows


def test_savoir_faire_are_hard_skills_by_enjeu_core_first(rome):
    careers, _ = rome
    skills = [(s.name, s.category, s.keywords, s.score) for s in careers["A1101"].hard_skills]
    assert skills[:3] == [
        (
            "Conduire un véhicule agricole",
            "Conduite de véhicules",
            ["Technique", "cœur de métier"],
            None,
        ),
        ("Conduire un poids lourd", "Conduite de véhicules", ["Technique expert"], None),
        # a macro-compétence linked directly takes the enjeu of its own branch
        ("Abattre, élaguer des arbres", "Travaux forestiers", ["Technique"], None),
    ]
    m = careers["M1805"].hard_skills
    assert [(s.name, s.keywords) for s in m[:2]] == [
        ("Coder", ["Technique", "cœur de métier"]),
        ("Documenter les procédures techniques pour les utilisateurs", ["Transverse", "émergente"]),
    ]
    assert all(s.level is None for s in m)


def test_without_the_competence_tree_savoir_faire_group_by_macro_competence(tmp_path):
    folder = copy_folder(ROME, tmp_path / "rome")
    (folder / "unix_arborescence_competences_v999_utf8.csv").unlink()
    careers, report = read_rome(folder)
    a = next(c for c in careers if c.rome_code == "A1101")
    assert [(s.name, s.category) for s in a.hard_skills[:3]] == [
        ("Conduire un véhicule agricole", "Conduire un véhicule routier"),
        ("Conduire un poids lourd", "Conduire un véhicule routier"),
        ("Abattre, élaguer des arbres", "Abattre, élaguer des arbres"),
    ]
    assert any("arborescence_competences" in n and "macro-compétence" in n for n in report.notes)


def test_savoirs_are_hard_skills_in_category_savoirs_after_savoir_faire(rome):
    careers, _ = rome
    savoirs = [s for s in careers["A1101"].hard_skills if s.category == "savoirs"]
    assert [(s.name, s.keywords) for s in savoirs] == [
        (
            "Fonctionnement des engins agricoles",
            [
                "Produits, outils et matières",
                "Outils, machines, équipement matériel",
                "cœur de métier",
            ],
        ),
        ("Techniques culturales", ["Domaines d'expertise", "Agriculture"]),
    ]
    assert careers["A1101"].hard_skills[-2:] == savoirs
    assert len(careers["A1101"].hard_skills) == 5


def test_savoir_etre_are_soft_skills_with_their_definition(rome):
    careers, _ = rome
    assert [(s.name, s.description) for s in careers["M1805"].soft_skills] == [
        (
            "Faire preuve d'autonomie",
            "Capacité à prendre en charge son activité sans devoir être encadré de façon continue.",
        ),
        (
            "Avoir l'esprit d'équipe",
            "Capacité à travailler et à se coordonner avec les autres au sein de l'entreprise.",
        ),
    ]


def test_work_contexts_are_constraints_described_by_their_type(rome):
    careers, _ = rome
    assert [(c.name, c.description) for c in careers["A1201"].constraints] == [
        ("En altitude", "Conditions de travail et risques professionnels")
    ]
    assert [c.name for c in careers["F1704"].constraints] == ["Travail le samedi"]


def test_mobilites_are_next_steps_ordered_and_titled_like_their_target(rome):
    careers, report = rome
    moves = careers["A1101"].progressions
    assert [(p.title, p.step, p.kind) for p in moves] == [
        ("Manœuvre bâtiment", 1, "next"),  # numero_ordre 1
        ("Bûcheron / Bûcheronne", 1, "next"),  # numero_ordre 2
    ]
    assert careers["M1805"].progressions == []  # its only mobilité points at itself
    assert report.skipped["mobilité towards a ROME code not in the set"] == 1
    assert report.skipped["mobilité towards the fiche itself"] == 1


def test_encoding_trap_a_latin9_file_named_utf8_is_decoded_and_reported(rome):
    careers, report = rome
    assert careers["F1704"].attributes["secteurs_naf"] == (
        "Construction de bâtiments; Travaux de gros œuvre"
    )
    raw = (ROME / "unix_arborescence_secteur_naf_v999_utf8.csv").read_bytes()
    assert b"\xbd" in raw  # œ in ISO-8859-15: the file really is not UTF-8
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    (note,) = [n for n in report.notes if "not UTF-8" in n]
    assert "unix_arborescence_secteur_naf_v999_utf8.csv" in note and "iso-8859-15" in note


def test_every_career_names_its_sources(rome):
    careers, _ = rome
    fields = {s.field for s in careers["A1101"].sources}
    assert fields == {
        "summary",
        "alt_titles",
        "hard_skills",
        "soft_skills",
        "constraints",
        "progressions",
        "faq",
    }
    assert all("ROME 4.0 v999" in s.note and s.url for s in careers["A1101"].sources)


def test_zip_input_reads_the_same_careers(tmp_path, rome):
    careers, _ = rome
    archive = zip_folder(ROME, tmp_path / "RefRomeCsv.zip", inner="RefRomeCsv")
    from_zip, report = read_rome(archive)
    for career in from_zip:
        expected = careers[career.rome_code]
        assert career.source_path == str(archive)
        career.source_path = expected.source_path
        assert career == expected
    assert all("RefRomeCsv.zip!RefRomeCsv/" in path for path in report.rows_read)


def _edit(folder, stem: str, old: str, new: str) -> None:
    path = folder / f"unix_{stem}_v999_utf8.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_malformed_rows_are_skipped_and_reported_with_file_and_line(tmp_path):
    folder = copy_folder(ROME, tmp_path / "rome")
    _edit(folder, "referentiel_code_rome", '"F1704","190"', '"F17X4","190"')  # line 4
    _edit(folder, "liens_rome_referentiels", '"A1101","5","1","120002"', '"A1101","5","1"')  # 6
    _edit(folder, "rubrique_mobilite", '"A1101","A1201","2"', '"A1101","A1201","deux"')  # 2
    _edit(folder, "liens_rome_referentiels", '"M1805","6","","23400"', '"M1805","6","","99999"')
    careers, report = read_rome(folder)
    located = {(p.path.rsplit("/", 1)[-1], p.line, p.message) for p in report.problems}
    assert located == {
        ("unix_referentiel_code_rome_v999_utf8.csv", 4, "not a ROME code: 'F17X4'"),
        ("unix_liens_rome_referentiels_v999_utf8.csv", 6, "too few fields: 3 instead of 4"),
        ("unix_rubrique_mobilite_v999_utf8.csv", 2, "numero_ordre is not a number: 'deux'"),
        (
            "unix_liens_rome_referentiels_v999_utf8.csv",
            25,
            "unknown contexte de travail code: 99999",
        ),
    }
    assert str(report.problems[0]).startswith(str(folder))
    assert len(careers) == 3  # F17X4 is not a career; the others still are
    a = next(c for c in careers if c.rome_code == "A1101")
    assert "Conduire un poids lourd" not in [s.name for s in a.hard_skills]
    assert [p.title for p in a.progressions] == []  # F1704 dropped, A1201 malformed
    assert "1 more" not in report.summary()
    assert "unix_rubrique_mobilite_v999_utf8.csv:2: numero_ordre" in report.summary()


def test_a_truncated_file_is_an_error_naming_it(tmp_path):
    folder = copy_folder(ROME, tmp_path / "rome")
    path = folder / "unix_texte_v999_utf8.csv"
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"arbres") + 3])  # inside a quoted field
    with pytest.raises(DatasetError, match=r"unix_texte_v999_utf8\.csv:\d+: .*truncated"):
        read_rome(folder)


def test_a_file_cut_at_a_field_end_is_an_error_too(tmp_path):
    folder = copy_folder(ROME, tmp_path / "rome")
    path = folder / "unix_liens_rome_referentiels_v999_utf8.csv"
    data = path.read_bytes()
    path.write_bytes(data[: data.rindex(b'"M1805","6"') + len(b'"M1805","6"')])
    with pytest.raises(DatasetError) as caught:
        read_rome(folder)
    assert "unix_liens_rome_referentiels_v999_utf8.csv:25:" in str(caught.value)
    assert "truncated" in str(caught.value)


def test_an_incomplete_set_names_the_missing_files(tmp_path):
    folder = copy_folder(ROME, tmp_path / "rome")
    (folder / "unix_rubrique_mobilite_v999_utf8.csv").unlink()
    with pytest.raises(DatasetError, match="missing unix_rubrique_mobilite_v999_utf8.csv"):
        read_rome(folder)


def test_a_folder_that_is_not_rome_or_mixes_versions_is_refused(tmp_path):
    with pytest.raises(DatasetError, match="no ROME 4.0 CSV set"):
        read_rome(tmp_path)
    folder = copy_folder(ROME, tmp_path / "rome")
    shutil.copy(
        folder / "unix_referentiel_code_rome_v999_utf8.csv",
        folder / "unix_referentiel_code_rome_v460_utf8.csv",
    )
    with pytest.raises(DatasetError, match=r"several ROME versions \(v460, v999\)"):
        read_rome(folder)
    with pytest.raises(DatasetError, match="no such file or folder"):
        read_rome(tmp_path / "nowhere")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(DatasetError, match="neither a folder nor a .zip"):
        read_rome(tmp_path / "notes.txt")


def test_a_missing_column_is_an_error_with_the_header(tmp_path):
    folder = copy_folder(ROME, tmp_path / "rome")
    _edit(folder, "rubrique_mobilite", "numero_ordre", "ordre")
    with pytest.raises(
        DatasetError, match=r"mobilite_v999_utf8\.csv:1: missing column\(s\) numero_ordre"
    ):
        read_rome(folder)
