"""Read the O*NET database (tab-delimited text or Excel form) into careers.

One career per row of Occupation Data. Each other file adds one kind of fact; a file that is
absent leaves that fact empty and says so in the report. Several sources may be given: a
file missing from the first is looked for in the next (the copy this project tests against
has Skills and Knowledge only in an older Excel release), and the report names the release
each file came from. How each file maps onto the career model is in README.md.
"""

from __future__ import annotations

import os
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..model import (
    Career,
    Diploma,
    HardSkill,
    MissionGroup,
    NamedText,
    Progression,
    Source,
    ToolCategory,
)
from ..text import snake
from .common import (
    EXCEL_SUFFIXES,
    DatasetError,
    DataSource,
    ImportReport,
    Progress,
    Table,
    decimal,
    read_excel,
    read_table,
    scale_to_100,
)

SOURCE_URL = "https://www.onetcenter.org/database.html"
ONET_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
README_VERSION = re.compile(r"O\*NET\s+(\d+\.\d+)\s+Database", re.I)
PATH_VERSION = re.compile(r"(?:db|onet)[_ -]?(\d{2})[_.](\d)", re.I)

CODE = "O*NET-SOC Code"
FILES = {
    "occupations": "Occupation Data",
    "skills": "Skills",
    "knowledge": "Knowledge",
    "work_styles": "Work Styles",
    "work_values": "Work Values",
    "interests": "Interests",
    "education": "Education, Training, and Experience",
    "education_categories": "Education, Training, and Experience Categories",
    "job_zones": "Job Zones",
    "job_zone_reference": "Job Zone Reference",
    "related": "Related Occupations",
    "technology": "Technology Skills",
    "tasks": "Task Statements",
    "alternate_titles": "Alternate Titles",
    "content_model": "Content Model Reference",
}
SUFFIXES = (".txt", ".xlsx")

# SOC 2018 major groups: the first two digits of an O*NET-SOC code, used as `family`.
SOC_MAJOR_GROUPS = {
    "11": "Management Occupations",
    "13": "Business and Financial Operations Occupations",
    "15": "Computer and Mathematical Occupations",
    "17": "Architecture and Engineering Occupations",
    "19": "Life, Physical, and Social Science Occupations",
    "21": "Community and Social Service Occupations",
    "23": "Legal Occupations",
    "25": "Educational Instruction and Library Occupations",
    "27": "Arts, Design, Entertainment, Sports, and Media Occupations",
    "29": "Healthcare Practitioners and Technical Occupations",
    "31": "Healthcare Support Occupations",
    "33": "Protective Service Occupations",
    "35": "Food Preparation and Serving Related Occupations",
    "37": "Building and Grounds Cleaning and Maintenance Occupations",
    "39": "Personal Care and Service Occupations",
    "41": "Sales and Related Occupations",
    "43": "Office and Administrative Support Occupations",
    "45": "Farming, Fishing, and Forestry Occupations",
    "47": "Construction and Extraction Occupations",
    "49": "Installation, Maintenance, and Repair Occupations",
    "51": "Production Occupations",
    "53": "Transportation and Material Moving Occupations",
    "55": "Military Specific Occupations",
}

# Required Level of Education (scale RL) categories → (label, years after high school).
# Years follow the usual US durations: a bachelor's takes 4 years, a master's 2 more, a
# doctorate about 4 more (8, as the French Bac+8); a first professional degree (law,
# medicine, pharmacy) needs "at least 6 academic years" by O*NET's definition and 7 for
# the most common one (JD); post-doctoral training counts 2 years past the doctorate.
EDUCATION_LEVELS = {
    1: ("Less than a High School Diploma", -1),
    2: ("High School Diploma", 0),
    3: ("Post-Secondary Certificate", 1),
    4: ("Some College Courses", 1),
    5: ("Associate's Degree", 2),
    6: ("Bachelor's Degree", 4),
    7: ("Post-Baccalaureate Certificate", 5),
    8: ("Master's Degree", 6),
    9: ("Post-Master's Certificate", 7),
    10: ("First Professional Degree", 7),
    11: ("Doctoral Degree", 8),
    12: ("Post-Doctoral Training", 10),
}
RIASEC = {1: "R", 2: "I", 3: "A", 4: "S", 5: "E", 6: "C"}
TASK_ORDER = {"core": 0, "supplemental": 1}


@dataclass
class Found:
    """Where one O*NET file was found, and the release it belongs to."""

    source: DataSource
    inner: str
    version: str | None


def source_version(source: DataSource) -> str | None:
    """The release a source holds: "30.0" from its Read Me.txt, else from its name."""
    readme = source.find("Read Me.txt")
    if readme:
        text = source.read_bytes(readme)[:2000].decode("utf-8", "replace")
        if m := README_VERSION.search(text):
            return m.group(1)
    if m := PATH_VERSION.search(source.path.name):
        return f"{m.group(1)}.{m.group(2)}"
    return None


def read_onet(
    paths: Path | str | Sequence[Path | str], *, progress: Progress | None = None
) -> tuple[list[Career], ImportReport]:
    """Read O*NET from one or more folders/zips (first found wins per file) into careers."""
    started = time.perf_counter()
    if isinstance(paths, (str, Path)):
        paths = [paths]
    sources = [DataSource(p) for p in paths]
    try:
        found = locate(sources)
        occupations = found["occupations"]
        report = ImportReport("O*NET", ", ".join(str(s.path) for s in sources), occupations.version)
        _note_releases(found, report)
        tables = read_tables(found, report)
        careers = _build(tables, found, report, progress)
    finally:
        for s in sources:
            s.close()
    report.careers = len(careers)
    report.seconds = time.perf_counter() - started
    return careers, report


def read_tables(found: dict[str, Found], report: ImportReport) -> dict[str, Table]:
    """Every file found, as tables: the same tables, report and first error as reading them
    one after the other, in less time when several are workbooks.

    calamine parses a workbook without holding the GIL, so the workbooks (Skills and
    Knowledge exist only in 29.0 Excel: 1.46 s of parsing one after the other, 0.93 s side
    by side on two cores) are parsed in threads while this thread reads the text files.
    The results are taken in the files' order: an error is raised for the first file that
    has one, naming it, as a serial read would; the report is written in this thread only.
    """
    workbooks = [key for key, f in found.items() if f.inner.casefold().endswith(EXCEL_SUFFIXES)]
    if len(workbooks) < 2:  # nothing to overlap
        return {key: _read(f, key, report) for key, f in found.items()}
    pool = ThreadPoolExecutor(max_workers=min(len(workbooks), os.cpu_count() or 1))
    try:
        parsed = {key: pool.submit(_parse_workbook, found[key], key) for key in workbooks}
        tables = {}
        for key, f in found.items():
            if key in parsed:
                table = tables[key] = parsed[key].result()
                report.rows_read[table.path] = len(table.rows)
            else:
                tables[key] = _read(f, key, report)
        return tables
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _read(f: Found, key: str, report: ImportReport) -> Table:
    return read_table(f.source, f.inner, report, delimiter="\t", columns=READ_ONLY.get(key))


def _parse_workbook(f: Found, key: str) -> Table:
    """One workbook as a table, touching nothing shared (run in a thread)."""
    return read_excel(f.source.read_bytes(f.inner), f.source.display(f.inner), READ_ONLY.get(key))


def locate(sources: Sequence[DataSource]) -> dict[str, Found]:
    """Find each O*NET file in the first source that has it (.txt preferred to .xlsx)."""
    versions = {id(s): source_version(s) for s in sources}
    found: dict[str, Found] = {}
    for key, name in FILES.items():
        for source in sources:
            inner = next((i for sfx in SUFFIXES if (i := source.find(name + sfx))), None)
            if inner:
                found[key] = Found(source, inner, versions[id(source)])
                break
    if "occupations" not in found:
        where = ", ".join(str(s.path) for s in sources)
        raise DatasetError(
            f"{where}: no O*NET database here (expected 'Occupation Data.txt' or "
            "'Occupation Data.xlsx')"
        )
    return found


def _note_releases(found: dict[str, Found], report: ImportReport) -> None:
    main = found["occupations"].version
    for key, name in FILES.items():
        if key not in found and key not in ("job_zone_reference", "content_model"):
            report.notes.append(f"no '{name}' file: {_absent(key)}")
    other: dict[str | None, list[str]] = defaultdict(list)
    for key, f in found.items():
        if f.version != main:
            other[f.version].append(FILES[key])
    for version, names in other.items():
        report.notes.append(
            f"mixed releases: {', '.join(names)} from O*NET {version or '(unknown release)'}, "
            f"the rest from {main or '(unknown release)'}"
        )
        report.version = f"{main} + {version} ({', '.join(names)})"


def _absent(key: str) -> str:
    return {
        "skills": "careers have no Skills",
        "knowledge": "careers have no Knowledge",
        "education_categories": "diplomas carry no category description",
    }.get(key, "that fact is left empty")


# -- building careers ---------------------------------------------------------------------


def _build(
    tables: dict[str, Table],
    found: dict[str, Found],
    report: ImportReport,
    progress: Progress | None,
) -> list[Career]:
    occ = tables["occupations"]
    careers: dict[str, Career] = {}
    for line, r in occ.records((CODE, "Title", "Description"), report, progress):
        code = r[CODE]
        if not ONET_CODE.match(code):
            report.problem(occ.path, line, f"not an O*NET-SOC code: {code!r}")
        elif not r["Title"]:
            report.problem(occ.path, line, f"no title for {code}")
        elif code in careers:
            report.problem(occ.path, line, f"duplicate O*NET-SOC code: {code}")
        else:
            careers[code] = Career(
                title=r["Title"],
                title_en=r["Title"],
                summary=r["Description"],
                onet_code=code,
                source_kind="onet",
                family=SOC_MAJOR_GROUPS.get(code[:2]),
                source_path=str(found["occupations"].source.path),
            )

    ctx = _Context(careers, report, progress)
    descriptions = _descriptions(tables.get("content_model"), ctx)
    for key, category in (("skills", "Skills"), ("knowledge", "Knowledge")):
        if key in tables:
            for code, skills in ratings(tables[key], category, ctx).items():
                careers[code].hard_skills += skills
    if "work_styles" in tables:
        for code, styles in work_styles(tables["work_styles"], descriptions, ctx).items():
            careers[code].soft_skills = styles
    if "work_values" in tables:
        work_values(tables["work_values"], ctx)
    if "interests" in tables:
        interests(tables["interests"], ctx)
    if "education" in tables:
        education(tables["education"], tables.get("education_categories"), ctx)
    if "job_zones" in tables:
        job_zones(tables["job_zones"], tables.get("job_zone_reference"), ctx)
    if "related" in tables:
        related(tables["related"], ctx)
    if "technology" in tables:
        technology(tables["technology"], ctx)
    if "tasks" in tables:
        tasks(tables["tasks"], ctx)
    if "alternate_titles" in tables:
        alternate_titles(tables["alternate_titles"], ctx)
    _sources(careers, found)
    return list(careers.values())


class _Context:
    """The careers being built and the report, shared by the per-file readers."""

    def __init__(self, careers: dict[str, Career], report: ImportReport, progress):
        self.careers = careers
        self.report = report
        self.progress = progress

    def rows(self, table: Table, columns: Iterable[str]):
        return table.records(columns, self.report, self.progress)

    def career(self, code: str, what: str) -> Career | None:
        career = self.careers.get(code)
        if career is None:
            self.report.skip(f"{what}: occupation not in Occupation Data")
        return career

    def number(self, table: Table, line: int, text: str, low: float, high: float):
        value = decimal(text)
        if value is None:
            self.report.problem(table.path, line, f"not a number: {text!r}")
            return None
        if not low <= value <= high:
            self.report.problem(table.path, line, f"value {text} outside the scale {low}–{high}")
            return None
        return value


def _descriptions(table: Table | None, ctx: _Context) -> dict[str, str]:
    if table is None:
        return {}
    return {
        r["Element ID"]: r["Description"] for _, r in ctx.rows(table, ("Element ID", "Description"))
    }


def _flag(row: dict[str, str], column: str) -> bool:
    return row.get(column, "").upper() == "Y"


RATING_COLUMNS = (CODE, "Element ID", "Element Name", "Scale ID", "Data Value")
RATING_FLAGS = ("Recommend Suppress", "Not Relevant")
# The only columns read from the (large) Excel form of a file; the text form is read whole.
READ_ONLY = {"skills": RATING_COLUMNS + RATING_FLAGS, "knowledge": RATING_COLUMNS + RATING_FLAGS}


def ratings(table: Table, category: str, ctx: _Context) -> dict[str, list[HardSkill]]:
    """Skills or Knowledge: one hard skill per element, scored from Importance (1–5) as
    round((IM − 1) / 4 × 100), with the Level (0–7) kept beside it."""
    flags = [c for c in RATING_FLAGS if _has(table, c)]
    suppress, relevant = ("Recommend Suppress" in flags), ("Not Relevant" in flags)
    elements: dict[tuple[str, str], dict] = {}
    checked: dict[tuple[str, str], Decimal] = {}  # (scale, text) already read and in range
    careers, report = ctx.careers, ctx.report
    scales = {"IM": (1, 5), "LV": (0, 7)}
    # 120,000 rows per file: read as tuples, in one loop (`values`, not a dict per row)
    for line, (code, element, name, scale, text, *flag) in table.values(
        RATING_COLUMNS + tuple(flags), report, ctx.progress
    ):
        if code not in careers:
            report.skip(f"{category}: occupation not in Occupation Data")
            continue
        scale = scale.upper()
        if scale not in scales:
            report.skip(f"{category}: rating on another scale ({scale})")
            continue
        value = checked.get((scale, text))
        if value is None:
            value = ctx.number(table, line, text, *scales[scale])
            if value is None:
                continue
            checked[(scale, text)] = value
        entry = elements.setdefault((code, element), {"name": name})
        entry[scale] = (
            value,
            suppress and flag[0].upper() == "Y",
            relevant and flag[-1].upper() == "Y",
        )
    result: dict[str, list[tuple[int, int, HardSkill]]] = defaultdict(list)
    for n, ((code, _), e) in enumerate(elements.items()):
        im, lv = e.get("IM"), e.get("LV")
        if im is None:
            ctx.report.skip(f"{category}: no Importance rating (skill left out)")
            continue
        if im[1]:
            ctx.report.skip(f"{category}: Importance suppressed by O*NET (skill left out)")
            continue
        if lv is not None and lv[2]:
            ctx.report.skip(f"{category}: marked Not Relevant by O*NET (skill left out)")
            continue
        level = None
        if lv is not None and lv[1]:
            ctx.report.skip(f"{category}: Level suppressed by O*NET (skill kept, no level)")
        elif lv is not None:
            level = float(lv[0])
        score = scale_to_100(im[0], 1, 5)
        result[code].append((-score, n, HardSkill(e["name"], score, [], level, category)))
    return {code: [s for *_, s in sorted(items)] for code, items in result.items()}


def _has(table: Table, column: str) -> bool:
    return column.casefold() in (h.casefold() for h in table.header)


def work_styles(
    table: Table, descriptions: dict[str, str], ctx: _Context
) -> dict[str, list[NamedText]]:
    """Work Styles as soft skills, most important first.

    The model up to O*NET 30.0 rates 16 styles on Importance (IM, 1–5); the model of 30.1
    rates 21 on Work Styles Impact (WI, −3 to 3) and Distinctiveness Rank (DR, 0–10). Styles
    are ordered by IM, or by WI then DR; a style with no positive impact is left out.
    """
    columns = [CODE, "Element ID", "Element Name", "Scale ID", "Data Value"]
    suppress = ["Recommend Suppress"] if _has(table, "Recommend Suppress") else []
    scales = {"IM": (1, 5), "WI": (-3, 3), "DR": (0, 10)}
    styles: dict[str, dict[str, dict]] = defaultdict(dict)
    for line, r in ctx.rows(table, columns + suppress):
        code, scale = r[CODE], r["Scale ID"].upper()
        if ctx.career(code, "Work Styles") is None:
            continue
        if scale not in scales:
            ctx.report.skip(f"Work Styles: rating on another scale ({scale})")
            continue
        value = ctx.number(table, line, r["Data Value"], *scales[scale])
        if value is None:
            continue
        if _flag(r, "Recommend Suppress"):
            ctx.report.skip("Work Styles: rating suppressed by O*NET (style left out)")
            continue
        entry = styles[code].setdefault(r["Element ID"], {"name": r["Element Name"]})
        entry[scale] = value
    result: dict[str, list[NamedText]] = {}
    for code, elements in styles.items():
        ranked = []
        for n, (element, e) in enumerate(elements.items()):
            if "IM" in e:
                key = (-e["IM"], Decimal(0), n)
            elif "WI" in e:
                if e["WI"] <= 0:
                    ctx.report.skip("Work Styles: impact (WI) not positive (style left out)")
                    continue
                key = (-e["WI"], -e.get("DR", Decimal(0)), n)
            else:
                ctx.report.skip("Work Styles: no IM or WI rating (style left out)")
                continue
            ranked.append((key, NamedText(e["name"], descriptions.get(element, ""))))
        result[code] = [style for _, style in sorted(ranked, key=lambda kv: kv[0])]
    return result


def work_values(table: Table, ctx: _Context) -> None:
    """Work Values (Extent, 1–7) as the career's profile, 0–100 as (x − 1) / 6 × 100, and
    the three high-points as an attribute."""
    names: dict[str, str] = {}
    high_points: dict[str, list[tuple[str, int]]] = defaultdict(list)
    columns = (CODE, "Element ID", "Element Name", "Scale ID", "Data Value")
    for line, r in ctx.rows(table, columns):
        career = ctx.career(r[CODE], "Work Values")
        if career is None:
            continue
        scale = r["Scale ID"].upper()
        if scale == "EX":
            value = ctx.number(table, line, r["Data Value"], 1, 7)
            if value is not None:
                key = snake(r["Element Name"])
                career.profile[key] = scale_to_100(value, 1, 7)
                career.profile_labels[key] = r["Element Name"]
                names[r["Element ID"]] = r["Element Name"]
        elif scale == "VH":
            value = ctx.number(table, line, r["Data Value"], 0, 6)
            if value is not None:
                high_points[r[CODE]].append((r["Element ID"], int(value)))
        else:
            ctx.report.skip(f"Work Values: rating on another scale ({scale})")
    # High-point n names the n-th work value (1.B.2.a … 1.B.2.f); 0 means none.
    for code, points in high_points.items():
        labels = [
            names.get(f"1.B.2.{'abcdef'[n - 1]}", "") for _, n in sorted(points) if 1 <= n <= 6
        ]
        if labels := [x for x in labels if x]:
            ctx.careers[code].attributes["work_values_high_points"] = ", ".join(labels)


def interests(table: Table, ctx: _Context) -> None:
    """The interest high-points (1 = Realistic … 6 = Conventional) as a RIASEC code, "EC"."""
    points: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for line, r in ctx.rows(table, (CODE, "Element ID", "Scale ID", "Data Value")):
        if r["Scale ID"].upper() != "IH" or ctx.career(r[CODE], "Interests") is None:
            continue
        value = ctx.number(table, line, r["Data Value"], 0, 6)
        if value is not None:
            points[r[CODE]].append((r["Element ID"], int(value)))
    for code, high in points.items():
        letters = "".join(RIASEC[n] for _, n in sorted(high) if n in RIASEC)
        if letters:
            ctx.careers[code].attributes["riasec"] = letters


IMPRECISE_SHARE = "(share flagged imprecise by O*NET: Recommend Suppress)"


def education(table: Table, categories: Table | None, ctx: _Context) -> None:
    """Required Level of Education (RL) as diplomas: the share of respondents per category,
    with `level_years` from EDUCATION_LEVELS and the modal category as reference level."""
    described: dict[int, str] = {}
    if categories is not None:
        for _, r in ctx.rows(categories, ("Scale ID", "Category", "Category Description")):
            if r["Scale ID"].upper() == "RL" and r["Category"].isdigit():
                described[int(r["Category"])] = r["Category Description"]
    columns = [CODE, "Scale ID", "Category", "Data Value"]
    suppress = ["Recommend Suppress"] if _has(table, "Recommend Suppress") else []
    shares: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for line, r in ctx.rows(table, columns + suppress):
        if r["Scale ID"].upper() != "RL":
            continue  # experience and training scales: not diplomas
        if ctx.career(r[CODE], "Education") is None:
            continue
        category = r["Category"]
        if not category.isdigit() or int(category) not in EDUCATION_LEVELS:
            ctx.report.problem(table.path, line, f"unknown education category: {category!r}")
            continue
        value = ctx.number(table, line, r["Data Value"], 0, 100)
        if value is None:
            continue
        # A share O*NET flags "Recommend Suppress" (few respondents, wide error) is kept and
        # marked imprecise: dropping it left Registered Nurses (56 % Bachelor's, flagged) with
        # "Post-Secondary Certificate" as reference level.
        flagged = _flag(r, "Recommend Suppress")
        if flagged:
            ctx.report.skip("Education: category share flagged imprecise by O*NET (kept)")
        if value > 0:
            shares[r[CODE]].append((int(category), float(value), flagged))
    for code, items in shares.items():
        career = ctx.careers[code]
        items.sort()
        for category, share, flagged in items:
            label, years = EDUCATION_LEVELS[category]
            described_as = described.get(category, "")
            if flagged:
                described_as = (described_as + " " if described_as else "") + IMPRECISE_SHARE
            career.diplomas.append(
                Diploma(label, label, years, share=share, description=described_as)
            )
        imprecise = [EDUCATION_LEVELS[c][0] for c, _, flagged in items if flagged]
        if imprecise:
            career.attributes["education_imprecise_shares"] = "; ".join(imprecise)
        # the modal category, flagged or not; the lower level on ties
        modal = min(items, key=lambda cs: (-cs[1], cs[0]))
        career.reference_level = EDUCATION_LEVELS[modal[0]][0]


def job_zones(table: Table, reference: Table | None, ctx: _Context) -> None:
    """The Job Zone (1–5, how much preparation the job needs) and its name, as attributes."""
    names: dict[str, str] = {}
    if reference is not None:
        names = {r["Job Zone"]: r["Name"] for _, r in ctx.rows(reference, ("Job Zone", "Name"))}
    for line, r in ctx.rows(table, (CODE, "Job Zone")):
        career = ctx.career(r[CODE], "Job Zones")
        if career is None:
            continue
        zone = r["Job Zone"]
        if zone not in ("1", "2", "3", "4", "5"):
            ctx.report.problem(table.path, line, f"Job Zone is not 1–5: {zone!r}")
            continue
        career.attributes["job_zone"] = zone
        if zone in names:
            career.attributes["job_zone_name"] = names[zone]


def related(table: Table, ctx: _Context) -> None:
    """Related Occupations as `related` progressions with their tier, in O*NET's order."""
    moves: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    columns = (CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index")
    for line, r in ctx.rows(table, columns):
        if ctx.career(r[CODE], "Related Occupations") is None:
            continue
        target = ctx.careers.get(r["Related O*NET-SOC Code"])
        if target is None:
            ctx.report.skip("Related Occupations: related code not in Occupation Data")
            continue
        if not r["Index"].isdigit():
            ctx.report.problem(table.path, line, f"Index is not a number: {r['Index']!r}")
            continue
        moves[r[CODE]].append((int(r["Index"]), target.title, r["Relatedness Tier"] or None))
    for code, items in moves.items():
        ctx.careers[code].progressions = [
            Progression(title, 1, "related", tier) for _, title, tier in sorted(items)
        ]


def technology(table: Table, ctx: _Context) -> None:
    """Technology Skills as tools grouped by commodity, Hot Technologies flagged."""
    groups: dict[str, dict[str, ToolCategory]] = defaultdict(dict)
    for _, r in ctx.rows(table, (CODE, "Example", "Commodity Title", "Hot Technology")):
        if ctx.career(r[CODE], "Technology Skills") is None or not r["Example"]:
            continue
        title = r["Commodity Title"] or "Other"
        cat = groups[r[CODE]].setdefault(title, ToolCategory(title, []))
        if r["Example"] not in cat.tools:
            cat.tools.append(r["Example"])
            if _flag(r, "Hot Technology"):
                cat.hot.append(r["Example"])
    for code, cats in groups.items():
        ctx.careers[code].tools = list(cats.values())


def tasks(table: Table, ctx: _Context) -> None:
    """Task Statements as one mission group: core tasks first, then supplemental ones."""
    found: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for n, (_, r) in enumerate(ctx.rows(table, (CODE, "Task", "Task Type"))):
        if ctx.career(r[CODE], "Task Statements") is None or not r["Task"]:
            continue
        found[r[CODE]].append((TASK_ORDER.get(r["Task Type"].casefold(), 2), n, r["Task"]))
    for code, items in found.items():
        ctx.careers[code].missions = [MissionGroup(None, [t for *_, t in sorted(items)])]


def alternate_titles(table: Table, ctx: _Context) -> None:
    """Alternate Titles as `alt_titles`, so that a search by any common job title finds it."""
    titles: dict[str, list[str]] = defaultdict(list)
    for _, r in ctx.rows(table, (CODE, "Alternate Title")):
        if ctx.career(r[CODE], "Alternate Titles") is not None and r["Alternate Title"]:
            titles[r[CODE]].append(r["Alternate Title"])
    for code, names in titles.items():
        ctx.careers[code].alt_titles = list(dict.fromkeys(names))


FIELD_FILES = {
    "summary": "occupations",
    "hard_skills": "skills",
    "soft_skills": "work_styles",
    "profile": "work_values",
    "diplomas": "education",
    "progressions": "related",
    "tools": "technology",
    "missions": "tasks",
    "alt_titles": "alternate_titles",
}


def _sources(careers: dict[str, Career], found: dict[str, Found]) -> None:
    notes = {}
    for name, key in FIELD_FILES.items():
        f = found.get(key) or (found.get("knowledge") if key == "skills" else None)
        if f is not None:
            release = f"O*NET {f.version} Database" if f.version else "O*NET Database"
            notes[name] = f"{release} by USDOL/ETA, CC BY 4.0"
    for career in careers.values():
        career.sources = [
            Source(name, SOURCE_URL, note) for name, note in notes.items() if getattr(career, name)
        ]
