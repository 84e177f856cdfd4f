"""O*NET (text and Excel forms) → careers: every mapping rule, on a fixture of a few rows."""

from __future__ import annotations

import pytest

from careerdash.importers.common import DatasetError, DataSource, ImportReport, read_table
from careerdash.importers.onet import READ_ONLY, locate, read_onet, read_tables

from .helpers import ONET, ONET_NEW_STYLES, copy_folder, onet_text_to_excel, zip_folder


@pytest.fixture(scope="module")
def onet():
    careers, report = read_onet(ONET)
    return {c.onet_code: c for c in careers}, report


@pytest.fixture(scope="module")
def excel_folder(tmp_path_factory):
    return onet_text_to_excel(ONET, tmp_path_factory.mktemp("excel") / "db_30_0_excel")


def skills(career, category):
    return [(s.name, s.score, s.level) for s in career.hard_skills if s.category == category]


def test_one_career_per_occupation(onet):
    careers, report = onet
    assert sorted(careers) == ["11-1011.00", "13-1021.00", "15-1252.00", "15-1299.08", "29-1141.00"]
    assert report.version == "30.0"
    dev = careers["15-1252.00"]
    assert dev.title == dev.title_en == "Software Developers"
    assert dev.summary.startswith("Research, design, and develop computer")
    assert dev.source_kind == "onet" and dev.rome_code is None
    assert dev.family == "Computer and Mathematical Occupations"  # SOC major group 15


def test_skills_scored_from_importance_with_level_kept(onet):
    careers, _ = onet
    # score = round((IM − 1) / 4 × 100), half up, best first
    assert skills(careers["11-1011.00"], "Skills") == [
        ("Critical Thinking", 85, 4.75),  # IM 4.38 → 84.5 → 85
        ("Reading Comprehension", 78, 4.62),  # IM 4.12
        ("Speaking", 63, None),  # IM 3.50 → 62.5 → 63; its Level is suppressed
        ("Social Perceptiveness", 32, 3.0),  # IM 2.26 → 31.5 (31.4999… in floats) → 32
    ]
    assert skills(careers["15-1252.00"], "Skills") == [
        ("Programming", 88, 5.25),
        ("Reading Comprehension", 72, 4.12),
    ]


def test_knowledge_is_a_second_category_of_hard_skills(onet):
    careers, _ = onet
    assert skills(careers["11-1011.00"], "Knowledge") == [
        ("Administration and Management", 92, 5.89)
    ]
    assert skills(careers["15-1252.00"], "Knowledge") == [
        ("Computers and Electronics", 93, 5.93),
        ("Mathematics", 69, 4.33),
    ]
    assert [s.category for s in careers["15-1252.00"].hard_skills] == ["Skills"] * 2 + [
        "Knowledge"
    ] * 2


def test_suppressed_and_not_relevant_ratings_are_left_out_and_counted(onet):
    careers, report = onet
    assert "Programming" not in [s.name for s in careers["11-1011.00"].hard_skills]
    assert "Critical Thinking" not in [s.name for s in careers["15-1252.00"].hard_skills]
    assert report.skipped["Skills: marked Not Relevant by O*NET (skill left out)"] == 1
    assert report.skipped["Skills: Importance suppressed by O*NET (skill left out)"] == 1
    assert report.skipped["Skills: Level suppressed by O*NET (skill kept, no level)"] == 1
    assert report.skipped["Skills: occupation not in Occupation Data"] == 2  # IM and LV rows


def test_work_styles_are_soft_skills_most_important_first(onet):
    careers, report = onet
    assert [(s.name, s.description[:30]) for s in careers["11-1011.00"].soft_skills] == [
        ("Leadership", "Job requires a willingness to "),
        ("Persistence", "Job requires persistence in th"),
        ("Achievement/Effort", "Job requires establishing and "),
    ]
    assert report.skipped["Work Styles: rating suppressed by O*NET (style left out)"] == 1
    assert careers["15-1252.00"].soft_skills[0].name == "Analytical Thinking"
    assert careers["15-1252.00"].soft_skills[1].description == ""  # not in Content Model


def test_the_new_work_styles_model_ranks_by_impact_then_distinctiveness():
    careers, report = read_onet([ONET_NEW_STYLES, ONET])
    ceo = next(c for c in careers if c.onet_code == "11-1011.00")
    assert [s.name for s in ceo.soft_skills] == [
        "Leadership Orientation",  # WI 3.00
        "Integrity",  # WI 2.93, DR 5
        "Dependability",  # WI 2.93, DR 0
        "Innovation",  # WI 2.30
    ]
    assert report.skipped["Work Styles: impact (WI) not positive (style left out)"] == 1
    assert any("Work Styles from O*NET 30.1" in n for n in report.notes)


def test_work_values_are_the_profile_on_0_100(onet):
    careers, _ = onet
    ceo = careers["11-1011.00"]
    assert ceo.profile == {
        "achievement": 89,  # (6.33 − 1) / 6 × 100 = 88.83
        "working_conditions": 89,
        "recognition": 100,
        "relationships": 67,
        "support": 72,
        "independence": 100,
    }
    assert ceo.profile_labels["working_conditions"] == "Working Conditions"
    assert ceo.attributes["work_values_high_points"] == "Recognition, Independence, Achievement"
    dev = careers["15-1252.00"]
    assert dev.profile["achievement"] == 50 and dev.profile["recognition"] == 53
    assert dev.attributes["work_values_high_points"] == "Working Conditions, Independence"


def test_interest_high_points_give_a_riasec_code(onet):
    careers, _ = onet
    assert careers["11-1011.00"].attributes["riasec"] == "EC"
    assert careers["15-1252.00"].attributes["riasec"] == "ICR"


def test_education_levels_are_diplomas_with_share_years_and_a_modal_reference(onet):
    careers, report = onet
    ceo = careers["11-1011.00"]
    assert [(d.name, d.share, d.level_years) for d in ceo.diplomas] == [
        ("High School Diploma", 4.46, 0),
        ("Some College Courses", 3.57, 1),
        ("Bachelor's Degree", 41.07, 4),
        ("Master's Degree", 40.0, 6),
        ("First Professional Degree", 5.9, 7),
        ("Doctoral Degree", 5.0, 8),
    ]  # Doctoral Degree (5.00) is flagged Recommend Suppress: kept, marked imprecise; 0 %: none
    assert "imprecise" in ceo.diplomas[-1].description
    assert "imprecise" not in ceo.diplomas[2].description
    assert ceo.attributes["education_imprecise_shares"] == "Doctoral Degree"
    assert ceo.diplomas[0].level == "High School Diploma"
    assert (
        ceo.diplomas[0].description == "High School Diploma - or the equivalent (for example, GED)"
    )
    assert ceo.reference_level == "Bachelor's Degree"
    assert report.skipped["Education: category share flagged imprecise by O*NET (kept)"] == 1
    # 45 % Bachelor's and 45 % Master's: the tie goes to the lower level
    assert careers["15-1252.00"].reference_level == "Bachelor's Degree"


def test_job_zone_is_an_attribute(onet):
    careers, _ = onet
    assert careers["11-1011.00"].attributes["job_zone"] == "5"
    assert careers["11-1011.00"].attributes["job_zone_name"].startswith("Job Zone Five")
    assert careers["15-1252.00"].attributes["job_zone"] == "4"
    assert "job_zone" not in careers["13-1021.00"].attributes


def test_related_occupations_are_related_progressions_with_their_tier(onet):
    careers, report = onet
    assert [(p.title, p.step, p.kind, p.tier) for p in careers["11-1011.00"].progressions] == [
        ("Buyers and Purchasing Agents, Farm Products", 1, "related", "Primary-Short"),
        ("Software Developers", 1, "related", "Primary-Long"),
    ]
    assert report.skipped["Related Occupations: related code not in Occupation Data"] == 1


def test_technology_skills_are_tools_by_commodity_with_hot_flags(onet):
    careers, _ = onet
    tools = [(t.category, t.tools, t.hot) for t in careers["15-1252.00"].tools]
    assert tools == [
        (
            "Development environment software",
            ["Eclipse IDE", "Microsoft Visual Studio"],
            ["Microsoft Visual Studio"],
        ),
        ("Configuration management software", ["Git"], ["Git"]),
        ("Object or component oriented development software", ["Python"], ["Python"]),
    ]


def test_task_statements_are_one_mission_group_core_first(onet):
    careers, _ = onet
    (group,) = careers["15-1252.00"].missions
    assert group.title is None
    assert group.tasks == [
        "Analyze user needs and software requirements.",
        "Modify existing software to correct errors.",
        "Train users to use new or modified equipment.",
        "Coordinate installation of software system.",
    ]


def test_alternate_titles_without_repeats(onet):
    careers, _ = onet
    assert careers["15-1252.00"].alt_titles == ["Application Developer", "Software Engineer"]


def test_sources_name_the_release(onet):
    careers, _ = onet
    dev = careers["15-1252.00"]
    notes = {s.field: s.note for s in dev.sources}
    assert set(notes) >= {"summary", "hard_skills", "soft_skills", "profile", "diplomas", "tools"}
    assert notes["hard_skills"] == "O*NET 30.0 Database by USDOL/ETA, CC BY 4.0"


def test_the_excel_form_gives_the_same_careers(onet, excel_folder):
    careers, _ = onet
    from_excel, report = read_onet(excel_folder)
    assert len(from_excel) == len(careers)
    for career in from_excel:
        expected = careers[career.onet_code]
        career.source_path = expected.source_path
        assert career == expected
    assert all(path.endswith(".xlsx") for path in report.rows_read)


@pytest.mark.parametrize("form", ["text", "excel"])
def test_zip_input(tmp_path, onet, excel_folder, form):
    careers, _ = onet
    folder = ONET if form == "text" else excel_folder
    archive = zip_folder(folder, tmp_path / f"db_30_0_{form}.zip", inner=f"db_30_0_{form}")
    from_zip, report = read_onet(archive)
    assert report.version == "30.0"
    assert {c.onet_code: c.hard_skills for c in from_zip} == {
        code: c.hard_skills for code, c in careers.items()
    }


def test_files_missing_from_the_first_source_come_from_the_next(tmp_path, excel_folder):
    text = copy_folder(ONET, tmp_path / "text")
    (text / "Skills.txt").unlink()
    (text / "Knowledge.txt").unlink()
    older = copy_folder(excel_folder, tmp_path / "older_excel")
    (older / "Read Me.txt").write_text("O*NET 29.0 Database\nAugust 2024 Release\n", "utf-8")
    careers, report = read_onet([text, older])
    dev = next(c for c in careers if c.onet_code == "15-1252.00")
    assert skills(dev, "Skills") == [("Programming", 88, 5.25), ("Reading Comprehension", 72, 4.12)]
    assert report.version == "30.0 + 29.0 (Skills, Knowledge)"
    assert "mixed releases: Skills, Knowledge from O*NET 29.0, the rest from 30.0" in report.notes
    notes = {s.field: s.note for s in dev.sources}
    assert notes["hard_skills"].startswith("O*NET 29.0") and notes["summary"].startswith(
        "O*NET 30.0"
    )


def test_absent_files_leave_facts_empty_and_say_so(tmp_path):
    folder = copy_folder(ONET, tmp_path / "onet")
    for name in ("Skills", "Technology Skills", "Job Zones"):
        (folder / f"{name}.txt").unlink()
    careers, report = read_onet(folder)
    assert all(not c.tools and "job_zone" not in c.attributes for c in careers)
    assert all(s.category == "Knowledge" for c in careers for s in c.hard_skills)
    assert "no 'Skills' file: careers have no Skills" in report.notes
    assert "no 'Technology Skills' file: that fact is left empty" in report.notes


def _edit(folder, name: str, old: str, new: str) -> None:
    path = folder / f"{name}.txt"
    text = path.read_bytes().decode("utf-8")
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))


def test_malformed_rows_are_skipped_and_reported_with_file_and_line(tmp_path):
    folder = copy_folder(ONET, tmp_path / "onet")
    _edit(folder, "Skills", "IM\t4.12", "IM\tabc")  # line 2
    _edit(folder, "Knowledge", "IM\t3.76", "IM\t5.76")  # line 6: outside 1–5
    _edit(folder, "Job Zones", "15-1252.00\t4", "15-1252.00\t6")  # line 3
    _edit(folder, "Related Occupations", "Primary-Long\t2", "Primary-Long")  # line 2
    _edit(folder, "Occupation Data", "29-1141.00", "29-1141")  # line 6
    careers, report = read_onet(folder)
    located = {(p.path.rsplit("/", 1)[-1], p.line, p.message) for p in report.problems}
    assert located == {
        ("Skills.txt", 2, "not a number: 'abc'"),
        ("Knowledge.txt", 6, "value 5.76 outside the scale 1–5"),
        ("Job Zones.txt", 3, "Job Zone is not 1–5: '6'"),
        ("Related Occupations.txt", 2, "too few fields: 3 instead of 4"),
        ("Occupation Data.txt", 6, "not an O*NET-SOC code: '29-1141'"),
    }
    codes = {c.onet_code: c for c in careers}
    assert "29-1141.00" not in codes
    assert "Reading Comprehension" not in [s.name for s in codes["11-1011.00"].hard_skills]
    assert "job_zone" not in codes["15-1252.00"].attributes
    assert [p.title for p in codes["11-1011.00"].progressions] == [
        "Buyers and Purchasing Agents, Farm Products"
    ]
    assert report.skipped["malformed row: not a number"] == 1


def test_a_truncated_text_file_is_an_error(tmp_path):
    folder = copy_folder(ONET, tmp_path / "onet")
    path = folder / "Task Statements.txt"
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b"Modify existing") + 6])
    with pytest.raises(DatasetError, match=r"Task Statements\.txt:5: .*truncated"):
        read_onet(folder)


def test_a_truncated_workbook_is_an_error(tmp_path, excel_folder):
    folder = copy_folder(excel_folder, tmp_path / "excel")
    path = folder / "Skills.xlsx"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(DatasetError, match=r"Skills\.xlsx: cannot read it as an Excel workbook"):
        read_onet(folder)


def test_a_folder_without_occupation_data_is_refused(tmp_path):
    folder = copy_folder(ONET, tmp_path / "onet")
    (folder / "Occupation Data.txt").unlink()
    with pytest.raises(DatasetError, match="no O\\*NET database here"):
        read_onet(folder)


def _mixed(tmp_path, excel_folder):
    """The layout of the real files: text, with Skills and Knowledge only in Excel."""
    text = copy_folder(ONET, tmp_path / "text")
    (text / "Skills.txt").unlink()
    (text / "Knowledge.txt").unlink()
    return [text, copy_folder(excel_folder, tmp_path / "older_excel")]


def _truncate(path) -> None:
    """Cut a file short: a workbook in its middle, a text file inside its last row."""
    data = path.read_bytes()
    if path.suffix == ".txt":
        last = data.rstrip(b"\r\n").rindex(b"\n") + 1
        path.write_bytes(data[: data.index(b"\t", last) + 3])
    else:
        path.write_bytes(data[: len(data) // 2])


def test_workbooks_parsed_side_by_side_read_as_one_after_the_other(tmp_path, excel_folder):
    sources = [DataSource(p) for p in _mixed(tmp_path, excel_folder)]
    found = locate(sources)
    assert sum(f.inner.endswith(".xlsx") for f in found.values()) == 2  # read in threads
    side, serial = ImportReport("O*NET", "t"), ImportReport("O*NET", "t")
    tables = read_tables(found, side)
    one_by_one = {
        key: read_table(f.source, f.inner, serial, delimiter="\t", columns=READ_ONLY.get(key))
        for key, f in found.items()
    }
    assert tables == one_by_one
    assert list(tables) == list(found)
    assert list(side.rows_read.items()) == list(serial.rows_read.items())  # same order too


@pytest.mark.parametrize(
    ("damaged", "named"),
    [
        (["older_excel/Knowledge.xlsx"], r"Knowledge\.xlsx: cannot read it as an Excel workbook"),
        (
            ["older_excel/Knowledge.xlsx", "older_excel/Skills.xlsx"],
            r"Skills\.xlsx: cannot read it as an Excel workbook",
        ),
        (
            ["older_excel/Skills.xlsx", "text/Occupation Data.txt"],
            r"Occupation Data\.txt:\d+: the file ends in the middle of a row",
        ),
    ],
)
def test_an_error_in_a_workbook_read_in_a_thread_names_its_file(
    tmp_path, excel_folder, damaged, named
):
    # the second workbook's error is still raised, with its file; of several damaged
    # files, the first in the files' order is the one named, as reading in order does
    paths = _mixed(tmp_path, excel_folder)
    for inner in damaged:
        _truncate(tmp_path / inner)
    with pytest.raises(DatasetError, match=named):
        read_onet(paths)
