"""Read a fiche métier (text) into a `Career`.

The parser is strict where a student could be misled (a salary, a score, a level it cannot
read is an error naming the line) and lenient about layout (case, accents, bullets, CRLF,
encodings). It reports every problem of a file at once, and never raises anything but
`FicheError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .model import (
    Career,
    Diploma,
    FaqEntry,
    HardSkill,
    MissionGroup,
    NamedText,
    Progression,
    SalaryBand,
    Source,
    ToolCategory,
)
from .text import compact, fold, snake

MAX_BYTES = 2_000_000  # published fiches weigh 20–60 kB; anything this big is the wrong file

SECTIONS = {
    "missions": "missions",
    "softskills": "soft_skills",
    "hardskills": "hard_skills",
    "parcoursdiplomes": "diplomas",
    "parcours": "diplomas",
    "diplomes": "diplomas",
    "outils": "tools",
    "contraintes": "constraints",
    "salaireetevolution": "salary",
    "salaire": "salary",
    "salaires": "salary",
    "faq": "faq",
    "sources": "sources",
}

SOURCE_FIELDS = {
    "salary_bands",
    "salary_bands.debutant",
    "salary_bands.confirme",
    "salary_bands.senior",
    "diplomas",
    "reference_level",
    "progressions",
    "experience_paths",
    "tools",
    "profile",
    "hard_skills",
    "soft_skills",
    "missions",
    "constraints",
    "faq",
}

# Lines the published fiches print under a header as decoration, not content.
DECORATION = {
    compact(s)
    for s in (
        "Les principales missions",
        "Les Soft Skills",
        "Les compétences liées à la personnalité",
        "Les Hard Skills",
        "Les compétences techniques",
        "Le parcours scolaire et les diplômes",
        "Les outils à connaître",
        "Les contraintes",
        "Salaire et évolution",
        "Questions fréquentes",
        "Les formations proposées",
        "Sources",
    )
}

BULLET = re.compile(r"^\s*[•\-*·▪◦‣–]\s+(.*\S)\s*$")
PERCENT_LINE = re.compile(r"^(?P<label>[^\d%]*[^\d%\s:])\s*:?\s*(?P<value>-?\d+)\s*%\s*$")
SCORE_LINE = re.compile(r"^\s*(?P<score>[^|]{1,6}?)\s*%?\s*\|\s*(?P<name>.*\S)\s*$")
LEVEL_LINE = re.compile(
    r"^\s*(?P<level>bac\s*\+\s*\S+|bac|cap|bep|niveau\s+\S+)\s*(?:\|(?P<rest>.*))?$", re.I
)
ECTS = re.compile(r"(\d+)\s*cr[ée]dits?\s*ects", re.I)
FORMATIONS_COUNT = re.compile(r"^voir toutes les formations.*\((\d+)\)\s*$")
EXPERIENCE_ENTRY = re.compile(r"^exp[ée]rience en tant qu(?:e\s+|['’]\s*)(?P<role>.+?)\s*$", re.I)
SALARY_LEVEL = re.compile(
    r"^(?P<level>debutant|junior|confirme|experimente|senior)s?\b(?P<rest>.*)$"
)
META_LINE = re.compile(
    r"^(?P<key>titre \(en\)|title \(en\)|famille|code rome)\s*:\s*(?P<value>.*)$"
)
ROME_CODE = re.compile(r"^[A-N]\d{4}$")
SOURCE_LINE = re.compile(r"^(?P<field>[a-z_]+(?:\.[a-z_]+)?)\s*:\s*(?P<ref>.*\S)\s*$")
ROLE_INTRO = re.compile(
    r"vers\s+(?:un|une|des|le|les|la)\s+(?:postes?|fonctions?|r[ôo]les?|m[ée]tiers?)\s+"
    r"(?:de\s+|d['’]\s*)(?P<roles>.+)$",
    re.I,
)
ROLE_SPLIT = re.compile(r"(?:,|\s+ou|\s+et)\s+(?:de\s+|d['’]\s*)", re.I)
ROLE_END = re.compile(
    r"(?:\s*[,;:]|\s+\(|\s+par exemple|\s+au sein d|\s+en cr[ée]ant|\s+afin d|\s+pour\s|\s+dans\s)"
    r".*$",
    re.I,
)

LEVEL_YEARS = {"cap": -1, "bep": -1, "bac": 0}
RNCP_LEVELS = {3: ("CAP", -1), 4: ("Bac", 0), 5: ("Bac+2", 2), 6: ("Bac+3", 3), 7: ("Bac+5", 5)}
RNCP_LEVELS[8] = ("Bac+8", 8)
MIN_LEVEL_YEARS, MAX_LEVEL_YEARS = -1, 8
DIPLOMA_NAMES = {
    "bts": "BTS",
    "but": "BUT",
    "dut": "DUT",
    "cap": "CAP",
    "bep": "BEP",
    "bachelor": "Bachelor",
    "licence": "Licence",
    "licence pro": "Licence pro",
    "licence professionnelle": "Licence professionnelle",
    "master": "Master",
    "mastere": "Mastère",
    "doctorat": "Doctorat",
    "mba": "MBA",
    "bac pro": "Bac pro",
    "diplome d'etat": "Diplôme d'État",
    "diplome d'ingenieur": "Diplôme d'ingénieur",
}
LEVEL_NAMES = {"debutant": "debutant", "junior": "debutant", "confirme": "confirme"}
LEVEL_NAMES |= {"experimente": "confirme", "senior": "senior"}


@dataclass(frozen=True)
class Problem:
    """One thing the parser could not read faithfully, located in the file."""

    path: str
    line: int
    section: str | None
    message: str

    def __str__(self) -> str:
        where = f" [{self.section}]" if self.section else ""
        return f"{self.path}:{self.line}:{where} {self.message}"


class FicheError(ValueError):
    """A fiche that cannot be read faithfully; `problems` lists every reason, with its line."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class _Line:
    number: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def decode(data: bytes, path: str = "<text>") -> str:
    """UTF-8 (with or without BOM), else Windows-1252; binary files are refused."""
    if b"\x00" in data[:8192]:
        raise FicheError([Problem(path, 1, None, "this is a binary file, not a text fiche")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_fiche(path: str | Path, *, strict: bool = False) -> Career:
    """Read and parse one fiche file."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FicheError(
                [
                    Problem(
                        name,
                        1,
                        None,
                        f"file is {size / 1e6:.1f} MB; a fiche is a few tens of kB "
                        "— is this the right file?",
                    )
                ]
            )
        data = path.read_bytes()
    except OSError as exc:
        raise FicheError([Problem(name, 1, None, f"cannot read file: {exc.strerror}")]) from exc
    career = parse_fiche(decode(data, name), name, strict=strict)
    career.source_path = name
    return career


def parse_fiche(text: str, path: str = "<text>", *, strict: bool = False) -> Career:
    """Parse fiche text; raise `FicheError` listing every problem found.

    `strict` adds the rules the bundled dataset is held to: a source for every salary band
    and the editorial mark on any score.
    """
    if len(text) > MAX_BYTES:
        raise FicheError([Problem(path, 1, None, "text too large to be a fiche")])
    parser = _Parser(text, path)
    try:
        career = parser.parse()
        if strict and career is not None:
            parser.check_strict(career)
    except FicheError:
        raise
    except Exception as exc:  # a bug in careerdash must not look like a crash to the user
        parser.error(1, None, f"internal error while reading this fiche ({exc!r}); please report")
        career = None
    if parser.problems or career is None:
        raise FicheError(parser.problems)
    return career


class _Parser:
    def __init__(self, text: str, path: str):
        text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        self.lines = [_Line(i + 1, t.rstrip()) for i, t in enumerate(text.split("\n"))]
        self.path = path
        self.problems: list[Problem] = []
        self.section_lines: dict[str, int] = {}
        self.band_lines: dict[str, int] = {}

    def error(self, line: int, section: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, section, message))

    # -- structure ---------------------------------------------------------------------

    def parse(self) -> Career | None:
        control = sum(1 for ln in self.lines for c in ln.text if ord(c) < 32 and c != "\t")
        if control > 0.05 * max(1, sum(len(ln.text) for ln in self.lines)):
            self.error(
                1, None, "this does not look like a text fiche (too many control characters)"
            )
            return None
        body = [ln for ln in self.lines if not ln.blank]
        if not body:
            self.error(1, None, "empty file: a fiche needs at least a job title on its first line")
            return None
        first = body[0]
        title = first.text.strip()
        if title.startswith("#"):
            heading = title.lstrip("#").strip()
            if not heading or compact(heading) in SECTIONS:
                self.error(
                    first.number, None, "missing job title: the first line must name the job"
                )
                return None
            title = heading  # a Markdown fiche: `# Comptable`
        career = Career(title=title)
        self.title_key = compact(title)

        chunks: list[tuple[_Line | None, list[_Line]]] = [(None, [])]
        for ln in self.lines[first.number :]:
            if ln.text.lstrip().startswith("#"):
                chunks.append((ln, []))
            else:
                chunks[-1][1].append(ln)
        self._header(career, chunks[0][1])
        seen: dict[str, int] = {}
        for header, lines in chunks[1:]:
            assert header is not None
            name = header.text.strip().lstrip("#").strip()
            key = SECTIONS.get(compact(name))
            if key is None:
                known = ", ".join(sorted({"#" + k.upper() for k in SECTIONS}))
                self.error(header.number, None, f"unknown section '{name}' (known: {known})")
                continue
            if key in seen:
                self.error(header.number, key, f"section repeated (first at line {seen[key]})")
                continue
            seen[key] = header.number
            self.section_lines[key] = header.number
            getattr(self, f"_{key}")(career, lines)
        self._check_bands(career)
        return career

    def _content(self, lines: list[_Line]) -> list[_Line]:
        """Lines minus the decoration the published fiches repeat under each header."""
        return [
            ln
            for ln in lines
            if ln.blank
            or (compact(ln.text) not in DECORATION and compact(ln.text) != self.title_key)
        ]

    # -- header: meta lines, description, profile ----------------------------------------

    def _header(self, career: Career, lines: list[_Line]) -> None:
        summary: list[str] = []
        in_profile = False
        after_score = False
        profile_line: dict[str, int] = {}
        for ln in lines:
            if ln.blank:
                continue
            text = ln.text.strip()
            folded = fold(text)
            meta = META_LINE.match(folded)
            if meta:
                value = text.split(":", 1)[1].strip()
                key = meta["key"]
                if key == "famille":
                    career.family = value or None
                elif key == "code rome":
                    if not ROME_CODE.match(value.upper()):
                        self.error(ln.number, None, f"'{value}' is not a ROME code (like M1203)")
                    career.rome_code = value.upper()
                else:
                    career.title_en = value or None
                continue
            if compact(text) == "profildepanouissement":
                in_profile, after_score = True, False
                continue
            score = PERCENT_LINE.match(text) if in_profile else None
            if score:
                label = score["label"].strip().rstrip(":").strip()
                key, value = snake(label), int(score["value"])
                if not 0 <= value <= 100:
                    self.error(ln.number, "profile", f"'{label}' is {value}%: must be 0–100")
                elif key in career.profile and career.profile[key] != value:
                    self.error(
                        ln.number,
                        "profile",
                        f"'{label}' is {value}% here but {career.profile[key]}% at line "
                        f"{profile_line[key]}",
                    )
                else:
                    career.profile[key] = value
                    career.profile_labels[key] = label
                    profile_line.setdefault(key, ln.number)
                after_score = True
                continue
            if in_profile and after_score:
                after_score = False  # the hint line under a score
                continue
            in_profile = False
            summary.append(text)
        career.summary = " ".join(summary)

    # -- sections ----------------------------------------------------------------------

    def _missions(self, career: Career, lines: list[_Line]) -> None:
        lines = self._content(lines)
        group: MissionGroup | None = None
        pending_title: str | None = None
        previous_blank = True
        for i, ln in enumerate(lines):
            if ln.blank:
                group, pending_title, previous_blank = None, None, True
                continue
            bullet = BULLET.match(ln.text)
            if bullet:
                if group is None:
                    group = MissionGroup(title=pending_title, tasks=[])
                    career.missions.append(group)
                group.tasks.append(bullet[1])
            else:
                nxt = lines[i + 1] if i + 1 < len(lines) else None
                text = ln.text.strip()
                if nxt is not None and BULLET.match(nxt.text) and _is_heading(text):
                    group, pending_title = None, text
                elif group is not None and not previous_blank:
                    group.tasks[-1] += " " + text  # a task wrapped over two lines
            previous_blank = False

    def _named_paragraphs(self, lines: list[_Line]) -> list[NamedText]:
        content = [ln for ln in self._content(lines) if not ln.blank]
        items: list[NamedText] = []
        for i, ln in enumerate(content):
            text = ln.text.strip()
            nxt = content[i + 1].text.strip() if i + 1 < len(content) else ""
            if _is_heading(text) and nxt and not _is_heading(nxt):
                items.append(NamedText(name=text, description=""))
            elif items:
                sep = "\n\n" if items[-1].description else ""
                items[-1].description += sep + text
        return items

    def _soft_skills(self, career: Career, lines: list[_Line]) -> None:
        career.soft_skills = self._named_paragraphs(lines)

    def _constraints(self, career: Career, lines: list[_Line]) -> None:
        career.constraints = self._named_paragraphs(lines)

    def _hard_skills(self, career: Career, lines: list[_Line]) -> None:
        current: HardSkill | None = None
        for ln in lines:
            if ln.blank:
                continue
            text = ln.text.strip()
            m = SCORE_LINE.match(text)
            if m:
                raw = m["score"].strip()
                if not re.fullmatch(r"-?\d+", raw):
                    self.error(ln.number, "hard_skills", f"score '{raw}' is not a whole number")
                    current = None
                    continue
                score = int(raw)
                if not 0 <= score <= 100:
                    self.error(
                        ln.number, "hard_skills", f"score {score} for '{m['name']}': must be 0–100"
                    )
                current = HardSkill(name=m["name"], score=score)
                career.hard_skills.append(current)
            elif current is not None and not current.keywords:
                words = re.sub(r"(\.\.\.|…)\s*$", "", text)
                current.keywords = [w.strip() for w in words.split(",") if w.strip()]
                current = None

    def _diplomas(self, career: Career, lines: list[_Line]) -> None:
        content = [ln for ln in lines if not ln.blank]
        explicit_reference: str | None = None
        sentence_reference: str | None = None
        diploma: Diploma | None = None
        in_experience = False
        i = 0
        while i < len(content):
            ln = content[i]
            text = ln.text.strip()
            folded = fold(text)
            if folded.startswith("niveau de reference") and ":" in text:
                value = text.split(":", 1)[1].strip()
                parsed = self._level(value, ln.number)
                if parsed:
                    explicit_reference = parsed[0]
                i += 1
                continue
            if compact(text) == "experienceprofessionnelle":
                in_experience, diploma = True, None
                i += 1
                continue
            if in_experience:
                m = EXPERIENCE_ENTRY.match(text)
                if m:
                    career.experience_paths.append(m["role"].rstrip(" .:"))
                i += 1
                continue
            nxt = content[i + 1] if i + 1 < len(content) else None
            if nxt is not None and LEVEL_LINE.match(nxt.text) and not _is_sentence(text):
                parsed = self._level(nxt.text, nxt.number)
                ects = ECTS.search(nxt.text)
                rest = LEVEL_LINE.match(nxt.text)["rest"]  # type: ignore[index]
                if rest and rest.strip(" ()") and not ects:
                    self.error(nxt.number, "diplomas", f"cannot read '{rest.strip()}' (ECTS?)")
                diploma = Diploma(
                    name=_diploma_name(text),
                    level=parsed[0] if parsed else nxt.text.strip(),
                    level_years=parsed[1] if parsed else None,
                    ects=int(ects[1]) if ects else None,
                )
                career.diplomas.append(diploma)
                i += 2
                continue
            if LEVEL_LINE.match(text) and not _is_sentence(text):
                self.error(ln.number, "diplomas", f"level '{text}' has no diploma name above it")
                i += 1
                continue
            if diploma is not None:
                count = FORMATIONS_COUNT.match(folded)
                if count:
                    diploma.formations_count = int(count[1])
                elif compact(text) not in DECORATION:
                    if "niveau de reference" in folded and sentence_reference is None:
                        sentence_reference = diploma.level
                    sep = "\n\n" if diploma.description else ""
                    diploma.description += sep + text
            i += 1
        career.reference_level = explicit_reference or sentence_reference

    def _level(self, text: str, line: int) -> tuple[str, int] | None:
        """`BAC +2 | (120 crédits ECTS)` → ('Bac+2', 2); an error when out of CAP…Bac+8."""
        m = LEVEL_LINE.match(text)
        if not m:
            self.error(line, "diplomas", f"cannot read study level '{text.strip()}'")
            return None
        raw = re.sub(r"\s+", "", m["level"].casefold())
        if raw in LEVEL_YEARS:
            return raw.upper() if raw != "bac" else "Bac", LEVEL_YEARS[raw]
        if raw.startswith("niveau"):
            digits = raw.removeprefix("niveau")
            if digits.isdigit() and int(digits) in RNCP_LEVELS:
                return RNCP_LEVELS[int(digits)]
            self.error(line, "diplomas", f"'{text.strip()}': RNCP levels run from 3 to 8")
            return None
        digits = raw.removeprefix("bac+")
        if not digits.isdigit():
            self.error(line, "diplomas", f"cannot read study level '{m['level'].strip()}'")
            return None
        years = int(digits)
        if not MIN_LEVEL_YEARS <= years <= MAX_LEVEL_YEARS:
            self.error(line, "diplomas", f"study level Bac+{years} is outside CAP…Bac+8")
            return None
        return f"Bac+{years}", years

    def _tools(self, career: Career, lines: list[_Line]) -> None:
        content = [ln for ln in self._content(lines) if not ln.blank]
        by_name: dict[str, ToolCategory] = {}
        current: ToolCategory | None = None
        describing: ToolCategory | None = None
        for i, ln in enumerate(content):
            text = ln.text.strip()
            bullet = BULLET.match(ln.text)
            if bullet:
                if current is None:
                    self.error(
                        ln.number, "tools", f"tool '{bullet[1]}' has no category line above it"
                    )
                    continue
                current.tools.append(bullet[1])
                continue
            nxt = content[i + 1] if i + 1 < len(content) else None
            if nxt is not None and BULLET.match(nxt.text) and _is_heading(text):
                current = by_name.get(compact(text))
                if current is None:
                    current = ToolCategory(category=text, tools=[])
                    by_name[compact(text)] = current
                    career.tools.append(current)
                describing = None
            elif compact(text) in by_name:
                describing, current = by_name[compact(text)], None
            elif describing is not None:
                sep = "\n\n" if describing.description else ""
                describing.description += sep + text
            else:
                current = None

    def _salary(self, career: Career, lines: list[_Line]) -> None:
        content = [ln for ln in lines if not ln.blank]
        prose: list[str] = []
        in_evolution = False
        i = 0
        while i < len(content):
            ln = content[i]
            text = ln.text.strip()
            folded = fold(text)
            if compact(text) in ("evolutiondecarriere", "evolutionsdecarriere"):
                in_evolution = True
            elif in_evolution:
                prose.append(text)
            elif m := SALARY_LEVEL.match(folded):
                level = LEVEL_NAMES[m["level"]]
                nxt = content[i + 1] if i + 1 < len(content) else None
                if nxt is None:
                    self.error(ln.number, "salary_bands", f"'{text}' has no amount line after it")
                elif any(b.level == level for b in career.salary_bands):
                    self.error(ln.number, "salary_bands", f"second '{level}' band")
                    i += 1
                else:
                    band = self._band(level, m["rest"], nxt)
                    if band:
                        career.salary_bands.append(band)
                        self.band_lines[level] = nxt.number
                    i += 1
            i += 1
        career.progressions = _progressions(" ".join(prose))

    def _band(self, level: str, heading_rest: str, amount: _Line) -> SalaryBand | None:
        years_min, years_max = _years(heading_rest)
        parsed = parse_amount(amount.text)
        if isinstance(parsed, str):
            self.error(amount.number, "salary_bands", parsed)
            return None
        return SalaryBand(level=level, years_min=years_min, years_max=years_max, **parsed)

    def _faq(self, career: Career, lines: list[_Line]) -> None:
        content = [ln for ln in self._content(lines) if not ln.blank]
        uses_marker = any(fold(ln.text.strip()).startswith("reponse") for ln in content)
        entry: FaqEntry | None = None
        entry_line = 0
        for i, ln in enumerate(content):
            text = ln.text.strip()
            nxt = fold(content[i + 1].text.strip()) if i + 1 < len(content) else ""
            is_question = text.endswith("?") and (not uses_marker or nxt.startswith("reponse"))
            if is_question:
                if entry is not None and not entry.answer:
                    self.error(entry_line, "faq", f"question '{entry.question}' has no answer")
                entry, entry_line = FaqEntry(question=text, answer=""), ln.number
                career.faq.append(entry)
            elif entry is not None:
                folded = fold(text)
                if folded.startswith("reponse") and len(folded.rstrip(" :")) <= len("reponse"):
                    continue
                if folded.startswith("reponse :") or folded.startswith("reponse:"):
                    text = text.split(":", 1)[1].strip()
                sep = "\n\n" if entry.answer else ""
                entry.answer += sep + text
        if entry is not None and not entry.answer:
            self.error(entry_line, "faq", f"question '{entry.question}' has no answer")

    def _sources(self, career: Career, lines: list[_Line]) -> None:
        for ln in self._content(lines):
            if ln.blank:
                continue
            m = SOURCE_LINE.match(ln.text.strip())
            if not m:
                self.error(
                    ln.number, "sources", "expected 'field: URL', e.g. 'salary_bands: https://…'"
                )
                continue
            name, ref = m["field"], m["ref"]
            if name not in SOURCE_FIELDS:
                self.error(ln.number, "sources", f"unknown field '{name}'")
                continue
            if ref.startswith(("http://", "https://")):
                url, _, note = ref.partition(" ")
                note = note.strip().lstrip("—–-").strip() or None
                career.sources.append(Source(field=name, url=url, note=note))
            elif fold(ref).startswith("editorial"):
                career.sources.append(Source(field=name, url=None, note=ref))
            else:
                career.sources.append(Source(field=name, url=None, note=ref))

    # -- checks across sections --------------------------------------------------------

    def _check_bands(self, career: Career) -> None:
        start, later = career.band("debutant"), career.band("confirme")
        if not (start and later and start.min_eur is not None and later.min_eur is not None):
            return
        higher_max = (
            start.max_eur is not None
            and later.max_eur is not None
            and start.max_eur > later.max_eur
        )
        if start.min_eur > later.min_eur or higher_max:
            self.error(
                self.band_lines.get("debutant", 1),
                "salary_bands",
                "the débutant band is above the confirmé band",
            )

    def check_strict(self, career: Career) -> None:
        for band in career.salary_bands:
            if not any(
                s.url or s.note for s in career.sources_for(f"salary_bands.{band.level}")
            ) and not any(s.field == "salary_bands" for s in career.sources):
                self.error(
                    self.band_lines.get(band.level, 1),
                    "salary_bands",
                    f"the {band.level} band has no source: add 'salary_bands.{band.level}: URL' "
                    "under #SOURCES",
                )
        if career.profile and not career.is_editorial("profile"):
            self.error(1, "profile", "profile scores need 'profile: éditorial' under #SOURCES")
        if career.hard_skills and not career.is_editorial("hard_skills"):
            self.error(
                self.section_lines.get("hard_skills", 1),
                "hard_skills",
                "hard-skill scores need 'hard_skills: éditorial' under #SOURCES",
            )


# -- pure helpers ------------------------------------------------------------------------


def _is_heading(text: str) -> bool:
    """A short line with no closing punctuation: a name, a category or a group title."""
    return 0 < len(text) <= 90 and text[-1] not in ".:;!?,…" and not BULLET.match(text)


def _is_sentence(text: str) -> bool:
    return len(text) > 90 or text.endswith((".", "!", "?"))


def _diploma_name(text: str) -> str:
    return DIPLOMA_NAMES.get(fold(text).strip().replace("’", "'"), text.strip())


def _years(text: str) -> tuple[int | None, int | None]:
    folded = fold(text)
    if m := re.search(r"(\d+)\s*(?:a|à|-)\s*(\d+)\s*ans?", folded):
        return int(m[1]), int(m[2])
    if m := re.search(r"-\s*de\s*(\d+)", folded):
        return 0, int(m[1])
    if m := re.search(r"\+\s*de\s*(\d+)", folded):
        return int(m[1]), None
    return None, None


_NUMBER = re.compile(r"(?<![\d,.])(\d{1,3}(?:[ .]\d{3})+|\d+)(?:,(\d+))?\s*(k)?(?![\d])", re.I)


def parse_amount(text: str) -> dict | str:
    """Read one salary line into SalaryBand fields, or return a message saying why not."""
    folded = fold(text).replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    folded = re.sub(r"\s+", " ", folded).strip()
    if re.search(r"(?:^|\b(?:de|a|entre|environ|et)\s)[-−]\s?\d", folded):
        return f"negative amount in '{text.strip()}'"
    if not re.search(r"€|\beuros?\b|\beur\b|\d\s*k\b", folded):
        example = "De 30 000 € à 35 000 € brut par an"
        return f"cannot read a salary in '{text.strip()}' (expected e.g. '{example}')"
    amounts: list[float] = []
    for m in _NUMBER.finditer(folded):
        whole = int(re.sub(r"[ .]", "", m[1]))
        value = float(f"{whole}.{m[2]}") if m[2] else float(whole)
        if m[3]:
            value *= 1000
        amounts.append(value)
    if not amounts or len(amounts) > 2:
        return f"cannot read a salary in '{text.strip()}' (expected one or two amounts)"
    monthly = bool(re.search(r"par mois|mensuel|/ ?mois", folded))
    fields: dict = {
        "basis": "net"
        if re.search(r"\bnet", folded)
        else "brut"
        if "brut" in folded
        else "unknown",
        "presumed_gross": "presume" in folded,
        "converted_from_monthly": monthly,
    }
    if fields["presumed_gross"]:
        fields["basis"] = "brut"
    low, high = amounts[0], amounts[-1]
    if len(amounts) == 1:
        if re.search(r"a partir de|plus de|des |au moins|et plus|minimum", folded):
            high = None
        elif re.search(r"jusqu'?a|moins de|maximum", folded):
            low = None
    elif low > high:
        return f"minimum {low:g} is above maximum {high:g} in '{text.strip()}'"
    factor = 12 if monthly else 1
    fields["min_eur"] = round(low * factor) if low is not None else None
    fields["max_eur"] = round(high * factor) if high is not None else None
    return fields


def _progressions(prose: str) -> list[Progression]:
    """Roles named in the 'évolution de carrière' prose, step 1 (évoluer) then 2 (s'orienter)."""
    found: list[Progression] = []
    seen: set[str] = set()
    for sentence in re.split(r"(?<=[.!?])\s+", prose):
        intro = ROLE_INTRO.search(sentence)
        if not intro:
            continue
        folded = fold(sentence)
        step = 2 if ("orienter" in folded or "ensuite" in folded) else 1
        for part in ROLE_SPLIT.split(intro["roles"]):
            role = ROLE_END.sub("", part).strip().rstrip(".").strip()
            if role and compact(role) not in seen:
                seen.add(compact(role))
                found.append(
                    Progression(title=role, step=step, kind="next" if step == 1 else "later")
                )
    return found
