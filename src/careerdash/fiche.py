"""Read a fiche métier (text) into a `Career`.

The parser is strict where a student could be misled (a salary, a score, a level it cannot
read is an error naming the line) and lenient about layout (case, accents, bullets, CRLF,
encodings). It reports every problem of a file at once, and never raises anything but
`FicheError`.

It runs in time linear in the size of the fiche: no pattern is searched from every position
of a line with two adjacent repeats that could share characters (the way regular
expressions backtrack quadratically); patterns anchored at the end of a line are replaced by
string methods, and a search for a number starts only where a number starts.
`bench/bench_parse.py` times the worst cases.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import count
from operator import not_
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
from .text import compact, fold, fold_and_keys, snake

MAX_BYTES = 2_000_000  # published fiches weigh 20–60 kB; anything this big is the wrong file
# Bounds of the numbers a fiche may state: beyond them the figure is a typing error (and
# would not fit the database's INTEGER columns); `validate` and `build` refuse it alike.
MAX_SALARY_EUR = 5_000_000  # a year, after converting a monthly figure
MAX_ECTS = 999
MAX_FORMATIONS = 100_000
MAX_YEARS = 60
MAX_DIGITS = 12  # longer runs of digits are never one of the numbers above (and stay cheap)
MAX_SALARY_LINE = 300  # characters: an amount line is one short range and its basis

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

BULLET = re.compile(r"^\s*[•\-*·▪◦‣–]\s+(\S.*)$")
LEVEL_LINE = re.compile(
    r"^\s*(?P<level>bac\s*\+\s*\S+|bac|cap|bep|niveau\s+\S+)\s*(?:\|(?P<rest>.*))?$", re.I
)
# `BAC -1`, `BAC+`, `CAP +1`: meant as a study level, but not one the parser can read
LEVEL_LIKE = re.compile(r"^\s*(?:bac|cap|bep)\s*[-+−–]", re.I)
ECTS = re.compile(r"(?<!\d)(\d+)\s*cr[ée]dits?\s*ects", re.I)
FORMATIONS_COUNT = re.compile(r"^voir toutes les formations.*\((\d+)\)$")
EXPERIENCE_ENTRY = re.compile(r"^exp[ée]rience en tant qu(?:e\s+|['’]\s*)(?P<role>.+)$", re.I)
SALARY_LEVEL = re.compile(
    r"^(?P<level>debutant|junior|confirme|experimente|senior)s?\b(?P<rest>.*)$"
)
META_LINE = re.compile(
    r"^(?P<key>titre \(en\)|title \(en\)|famille|code rome)\s*:\s*(?P<value>.*)$"
)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # control characters but tab
MAX_CONTROL_PROBLEMS = 20
ROME_CODE = re.compile(r"^[A-N]\d{4}$")
WHOLE_NUMBER = re.compile(r"-?\d+")
SPACES = re.compile(r"\s+")
# a #SOURCES line is `field: reference`, field as below, spaces around the colon: what
# `^(?P<field>…)\s*:\s*(?P<ref>.*\S)\s*$` matched, read with str.partition
_SOURCE_FIELD = re.compile(r"[a-z_]+(?:\.[a-z_]+)?")
ROLE_INTRO = re.compile(
    r"vers\s+(?:un|une|des|le|les|la)\s+(?:postes?|fonctions?|r[ôo]les?|m[ée]tiers?)\s+"
    r"(?:de\s+|d['’]\s*)(?P<roles>.+)$",
    re.I,
)
# `(?:,|\s+ou|\s+et)\s+(?:de\s+|d['’]\s*)` and
# `(?:\s*[,;:]|\s+\(|\s+par exemple|\s+au sein d|\s+en cr[ée]ant|\s+afin d|\s+pour\s|\s+dans\s).*$`
# written to start with one character class, which the regex engine looks for in C before it
# tries the rest (it tries every position of the text for a pattern starting with `(?:a|b)`).
ROLE_SPLIT = re.compile(r"[\s,](?:(?<=,)|(?<=\s)\s*(?:ou|et))\s+(?:de\s+|d['’]\s*)", re.I)
ROLE_END = re.compile(
    r"[\s,;:](?:(?<=[,;:])|(?<=\s)\s*"
    r"(?:[,;:]|\(|par exemple|au sein d|en cr[ée]ant|afin d|pour\s|dans\s)).*$",
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


# One line of the fiche, with the forms the sections compare it in, computed once: its
# number, its text without trailing spaces, whether it is blank, the text `stripped` of its
# leading spaces too, `fold(stripped)` and `compact(stripped)` (its key). A plain tuple read
# by index (`ln[TEXT]`): the ~160 lines of a fiche are made by `zip`, in C, and an index is
# one instruction where a named field's descriptor (NamedTuple) was a lookup each time.
_Line = tuple[int, str, bool, str, str, str]
NUMBER, TEXT, BLANK, STRIPPED, FOLDED, KEY = range(6)


def _lines(text: str) -> tuple[list[_Line], int, list[int]]:
    """The lines of a fiche, folded and compacted as one text rather than line by line, and
    the number of control characters in it, and the indexes of the lines starting with `#`.

    `fold` works character by character and keeps `\n` (tests/test_fiche_fold.py holds
    both), so the fold of the stripped lines joined by `\n` splits into the folded lines.
    `compact` keeps only ASCII letters and digits: deleting every other byte of that folded
    text's UTF-8 but `\n` (in C, where a regular expression took a call per run of spaces)
    leaves the lines' keys. Per-line work is mapped in C too: a fiche has ~160 lines.
    Control characters are counted in the text's UTF-8, where those below U+0080 are single
    bytes no other character uses and those from U+0080 to U+009F are 0xC2 and one byte
    from 0x80 to 0x9F: a `bytes.translate` and a search for a literal byte, in C.
    """
    raw = text.split("\n")
    data = text.encode()  # a lone surrogate (never decoded from a file) raises, as it did
    # a C1 control, or a character from U+00A0 to U+00BF, starts with 0xC2
    c1 = len(_C1_UTF8.findall(data)) if b"\xc2" in data else 0
    control = len(data.translate(None, _NOT_C0)) + c1
    texts = list(map(str.rstrip, raw))
    stripped = list(map(str.lstrip, texts))
    joined = "\n".join(stripped)
    folded_text, keys_text = fold_and_keys(joined, c1=c1 > 0)
    folded = folded_text.split("\n")
    keys = keys_text.split("\n")
    rows = zip(count(1), texts, map(not_, texts), stripped, folded, keys)
    return list(rows), control, _hash_lines(joined)


def _hash_lines(joined: str) -> list[int]:
    """The indexes of the lines starting with `#` in the stripped lines joined by `\n`: a
    fiche has a dozen, found by `str.find` rather than a test of each of its lines."""
    found = [0] if joined.startswith("#") else []
    line, start = 0, 0
    while (at := joined.find("\n#", start)) != -1:
        line += joined.count("\n", start, at + 1)
        found.append(line)
        start = at + 1
    return found


# CONTROL's characters in UTF-8: the bytes of those below U+0080, and those from U+0080 on
_NOT_C0 = bytes(b for b in range(256) if not CONTROL.match(chr(b)) or b >= 0x80)
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")


def decode(data: bytes, path: str = "<text>") -> str:
    """The text of a fiche file, or `FicheError` naming the lines that cannot be text.

    UTF-16 (Notepad's "Unicode", with its byte-order mark, or without one when every other
    byte is zero), UTF-8 with or without BOM, or Windows-1252 when no line is UTF-8. A file
    that mixes UTF-8 lines with others is refused with those lines (decoding it whole as
    Windows-1252 would turn every accent into mojibake); so is a NUL byte anywhere.
    """
    utf16 = _utf16(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].decode(utf16, errors="replace").count("\n") + 1
            raise FicheError(
                [Problem(path, line, None, "this line is not valid UTF-16 (damaged file?)")]
            ) from exc
        return text.removeprefix("\ufeff")
    if b"\x00" in data[:8192]:
        raise FicheError([Problem(path, 1, None, "this is a binary file, not a text fiche")])
    if b"\x00" in data:
        nul = [i + 1 for i, line in enumerate(data.split(b"\n")) if b"\x00" in line]
        raise FicheError(
            [Problem(path, n, None, "NUL byte: this line holds binary data, not text") for n in nul]
        )
    try:
        # what the "utf-8-sig" codec does, without its Python wrapper
        return (data[3:] if data.startswith(b"\xef\xbb\xbf") else data).decode()
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    not_utf8, utf8_letters = [], False
    for i, line in enumerate(lines):
        try:
            decoded = line.decode("utf-8-sig")
        except UnicodeDecodeError:
            not_utf8.append(i + 1)
        else:
            utf8_letters = utf8_letters or not decoded.isascii()
    if utf8_letters:
        raise FicheError(
            [
                Problem(
                    path,
                    n,
                    None,
                    "this line is not UTF-8 while the rest of the file is (Windows-1252?): "
                    "save the whole file as UTF-8",
                )
                for n in not_utf8
            ]
        )
    return data.decode("cp1252", errors="replace")


def _utf16(data: bytes) -> str | None:
    """'utf-16' when the file starts with a UTF-16 byte-order mark, 'utf-16-le'/'-be' when
    it has none but every other byte of its start is zero (ASCII text in UTF-16)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    if len(head) < 4 or len(head) % 2 or b"\x00" not in head:
        return None
    half = len(head) // 2
    if head[1::2].count(0) == half and head[0::2].count(0) == 0:
        return "utf-16-le"
    if head[0::2].count(0) == half and head[1::2].count(0) == 0:
        return "utf-16-be"
    return None


def read_fiche(path: str | Path, *, strict: bool = False) -> Career:
    """Read and parse one fiche file.

    `os.stat` and `os.open`/`os.read` rather than `Path.stat` and `Path.read_bytes`: the same
    calls to the system, without pathlib's or a file object's layers (a tenth of the time of
    a build's parse).
    """
    name = str(path if isinstance(path, Path) else Path(path))
    try:
        size = os.stat(name).st_size
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
        data = _read_all(name, size)
    except OSError as exc:
        raise FicheError([Problem(name, 1, None, f"cannot read file: {exc.strerror}")]) from exc
    career = parse_fiche(decode(data, name), name, strict=strict)
    career.source_path = name
    return career


def _read_all(name: str, size: int) -> bytes:
    """The bytes of a file, read to its end: `os.read` from an `os.open`, the calls an
    unbuffered `open(…).read()` makes less the file object and the position and size it asks
    the system for (`size`, from `os.stat`, sizes the first read)."""
    fd = os.open(name, os.O_RDONLY)
    try:
        chunks = []
        while chunk := os.read(fd, max(size + 1, 65536)):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


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
        where = parser.current_line  # the section being read, not line 1
        message = _q(repr(exc), 80)
        parser.error(
            where, None, f"internal error while reading this part ({message}); please report"
        )
        career = None
    if parser.problems or career is None:
        raise FicheError(parser.problems)
    return career


class _Parser:
    def __init__(self, text: str, path: str):
        text = text.lstrip("\ufeff")
        if "\r" in text:  # a search for one character, in C, before two for replacing
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.text = text
        self.lines, self.control, self.hash_lines = _lines(text)
        self.path = path
        self.problems: list[Problem] = []
        self.section_lines: dict[str, int] = {}
        self.band_lines: dict[str, int] = {}
        self.current_line = 1  # the header of the section being read, for an internal error

    def error(self, line: int, section: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, section, message))

    def _bounded(self, digits: str, limit: int, line: int, section: str, what: str) -> int | None:
        """A whole number the fiche states, or None (and a problem) beyond `limit`."""
        if len(digits) > MAX_DIGITS or int(digits) > limit:
            self.error(line, section, f"{what} {_q(digits, 20)} is not plausible (at most {limit})")
            return None
        return int(digits)

    # -- structure ---------------------------------------------------------------------

    def parse(self) -> Career | None:
        control = self.control
        if control > 0.05 * max(1, len(self.text) - len(self.lines) + 1):
            self.error(
                1, None, "this does not look like a text fiche (too many control characters)"
            )
            return None
        located = (
            [(ln, m) for ln in self.lines if (m := CONTROL.search(ln[TEXT]))] if control else []
        )
        for ln, m in located[:MAX_CONTROL_PROBLEMS]:
            self.error(
                ln[NUMBER],
                None,
                f"control character U+{ord(m[0]):04X} in the text (a fiche is plain text)",
            )
        if len(located) > MAX_CONTROL_PROBLEMS:
            more = len(located) - MAX_CONTROL_PROBLEMS
            self.error(located[MAX_CONTROL_PROBLEMS][0][NUMBER], None, f"… and {more} more lines")
        first = next((ln for ln in self.lines if not ln[BLANK]), None)
        if first is None:
            self.error(1, None, "empty file: a fiche needs at least a job title on its first line")
            return None
        title = first[TEXT].strip()
        if title.startswith("#"):
            heading = title.lstrip("#").strip()
            if not heading or compact(heading) in SECTIONS:
                self.error(
                    first[NUMBER], None, "missing job title: the first line must name the job"
                )
                return None
            title = heading  # a Markdown fiche: `# Comptable`
        career = Career(title=title)
        self.title_key = compact(title)
        self.skip = DECORATION | {self.title_key}

        lines = self.lines
        starts = [i for i in self.hash_lines if i >= first[NUMBER]]
        bounds = [*starts, len(lines)]
        self._header(career, lines[first[NUMBER] : bounds[0]])
        seen: dict[str, int] = {}
        for start, end in zip(bounds[:-1], bounds[1:], strict=True):
            header, section = lines[start], lines[start + 1 : end]
            name = header[TEXT].strip().lstrip("#").strip()
            key = SECTIONS.get(_short_compact(name))
            if key is None:
                known = ", ".join(sorted({"#" + k.upper() for k in SECTIONS}))
                self.error(header[NUMBER], None, f"unknown section '{name}' (known: {known})")
                continue
            if key in seen:
                self.error(header[NUMBER], key, f"section repeated (first at line {seen[key]})")
                continue
            seen[key] = header[NUMBER]
            self.section_lines[key] = header[NUMBER]
            self.current_line = header[NUMBER]
            _SECTION_READERS[key](self, career, section)
        self._check_bands(career)
        return career

    def _filled(self, lines: list[_Line]) -> list[_Line]:
        """`_content` less its blank lines, in one pass."""
        skip = self.skip
        return [ln for ln in lines if not ln[BLANK] and ln[KEY] not in skip]

    def _content(self, lines: list[_Line]) -> list[_Line]:
        """Lines minus the decoration the published fiches repeat under each header."""
        skip = self.skip
        return [ln for ln in lines if ln[BLANK] or ln[KEY] not in skip]

    # -- header: meta lines, description, profile ----------------------------------------

    def _header(self, career: Career, lines: list[_Line]) -> None:
        summary: list[str] = []
        in_profile = False
        after_score = False
        profile_line: dict[str, int] = {}
        for ln in lines:
            if ln[BLANK]:
                continue
            text, folded = ln[STRIPPED], ln[FOLDED]
            meta = META_LINE.match(folded) if ":" in folded else None
            if meta:
                value = text.split(":", 1)[1].strip()
                key = meta["key"]
                if key == "famille":
                    career.family = value or None
                elif key == "code rome":
                    if not ROME_CODE.match(value.upper()):
                        self.error(ln[NUMBER], None, f"'{value}' is not a ROME code (like M1203)")
                    career.rome_code = value.upper()
                else:
                    career.title_en = value or None
                continue
            if ln[KEY] == "profildepanouissement":
                in_profile, after_score = True, False
                continue
            score = _short_percent_line(text) if in_profile else None
            if score:
                label, digits = score
                if len(digits.lstrip("-0")) > 3:
                    self.error(
                        ln[NUMBER], "profile", f"'{_q(label)}' is {_q(digits)}%: must be 0–100"
                    )
                    after_score = True
                    continue
                key, value = _short_snake(label), int(digits)
                if not 0 <= value <= 100:
                    self.error(ln[NUMBER], "profile", f"'{_q(label)}' is {value}%: must be 0–100")
                elif key in career.profile and career.profile[key] != value:
                    self.error(
                        ln[NUMBER],
                        "profile",
                        f"'{label}' is {value}% here but {career.profile[key]}% at line "
                        f"{profile_line[key]}",
                    )
                else:
                    career.profile[key] = value
                    career.profile_labels[key] = label
                    profile_line.setdefault(key, ln[NUMBER])
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
            if ln[BLANK]:
                group, pending_title, previous_blank = None, None, True
                continue
            bullet = BULLET.match(ln[TEXT])
            if bullet:
                if group is None:
                    group = MissionGroup(title=pending_title, tasks=[])
                    career.missions.append(group)
                group.tasks.append(bullet[1])
            else:
                nxt = lines[i + 1] if i + 1 < len(lines) else None
                text = ln[STRIPPED]
                if nxt is not None and BULLET.match(nxt[TEXT]) and _is_heading(text):
                    group, pending_title = None, text
                elif group is not None and not previous_blank:
                    group.tasks[-1] += " " + text  # a task wrapped over two lines
            previous_blank = False

    def _named_paragraphs(self, lines: list[_Line]) -> list[NamedText]:
        content = self._filled(lines)
        heading = [_is_heading(ln[STRIPPED]) for ln in content]
        heading.append(True)  # past the last line: no paragraph to name
        items: list[NamedText] = []
        for i, ln in enumerate(content):
            text = ln[STRIPPED]
            if heading[i] and not heading[i + 1]:
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
            if ln[BLANK]:
                continue
            text = ln[STRIPPED]
            m = _score_line(text)
            if m:
                raw, name = m
                if not WHOLE_NUMBER.fullmatch(raw):
                    self.error(ln[NUMBER], "hard_skills", f"score '{raw}' is not a whole number")
                    current = None
                    continue
                if len(raw) > 6:
                    self.error(
                        ln[NUMBER],
                        "hard_skills",
                        f"score {_q(raw, 20)} for '{_q(name)}': must be 0–100",
                    )
                    current = None
                    continue
                score = int(raw)
                if not 0 <= score <= 100:
                    self.error(
                        ln[NUMBER], "hard_skills", f"score {score} for '{_q(name)}': must be 0–100"
                    )
                current = HardSkill(name=name, score=score)
                career.hard_skills.append(current)
            elif current is not None and not current.keywords:
                words = text.removesuffix("...").removesuffix("…").rstrip()
                current.keywords = [w for w in map(str.strip, words.split(",")) if w]
                current = None

    def _diplomas(self, career: Career, lines: list[_Line]) -> None:
        content = [ln for ln in lines if not ln[BLANK]]
        # each line's LEVEL_LINE match, tried once and only on lines that start as a level
        # can (b, c or n, which only B, C and N fold to among the letters the pattern takes)
        levels = [LEVEL_LINE.match(ln[TEXT]) if ln[FOLDED][:1] in "bcn" else None for ln in content]
        levels.append(None)
        explicit_reference: str | None = None
        sentence_reference: str | None = None
        diploma: Diploma | None = None
        in_experience = False
        i = 0
        while i < len(content):
            ln = content[i]
            text, folded = ln[STRIPPED], ln[FOLDED]
            if folded.startswith("niveau de reference") and ":" in text:
                value = text.split(":", 1)[1].strip()
                parsed = self._level(value, ln[NUMBER])
                if parsed:
                    explicit_reference = parsed[0]
                i += 1
                continue
            if ln[KEY] == "experienceprofessionnelle":
                in_experience, diploma = True, None
                i += 1
                continue
            if in_experience:
                m = EXPERIENCE_ENTRY.match(text)
                if m:
                    career.experience_paths.append(m["role"].rstrip().rstrip(" .:"))
                i += 1
                continue
            nxt = content[i + 1] if i + 1 < len(content) else None
            level = levels[i + 1]
            if level and not _is_sentence(text):
                parsed = self._level(nxt[TEXT], nxt[NUMBER], level)
                ects = ECTS.search(nxt[TEXT])
                rest = level["rest"]
                if rest and rest.strip(" ()") and not ects:
                    self.error(nxt[NUMBER], "diplomas", f"cannot read '{_q(rest)}' (ECTS?)")
                credits = None
                if ects:
                    credits = self._bounded(ects[1], MAX_ECTS, nxt[NUMBER], "diplomas", "ECTS")
                diploma = Diploma(
                    name=_diploma_name(text),
                    level=parsed[0] if parsed else nxt[TEXT].strip(),
                    level_years=parsed[1] if parsed else None,
                    ects=credits,
                )
                career.diplomas.append(diploma)
                i += 2
                continue
            if levels[i] and not _is_sentence(text):
                self.error(
                    ln[NUMBER], "diplomas", f"level '{_q(text)}' has no diploma name above it"
                )
                i += 1
                continue
            if folded[:1] in "bc" and LEVEL_LIKE.match(text) and not _is_sentence(text):
                self.error(
                    ln[NUMBER],
                    "diplomas",
                    f"cannot read study level '{_q(text)}' (expected e.g. 'BAC +2', 'CAP' or "
                    "'Niveau 6')",
                )
                diploma = None
                i += 1
                continue
            if diploma is not None:
                count = FORMATIONS_COUNT.match(folded)
                if count:
                    diploma.formations_count = self._bounded(
                        count[1], MAX_FORMATIONS, ln[NUMBER], "diplomas", "formation count"
                    )
                elif ln[KEY] not in DECORATION:
                    if "niveau de reference" in folded and sentence_reference is None:
                        sentence_reference = diploma.level
                    sep = "\n\n" if diploma.description else ""
                    diploma.description += sep + text
            i += 1
        career.reference_level = explicit_reference or sentence_reference

    def _level(
        self, text: str, line: int, m: re.Match[str] | None = None
    ) -> tuple[str, int] | None:
        """`BAC +2 | (120 crédits ECTS)` → ('Bac+2', 2); an error when out of CAP…Bac+8.
        `m` is `LEVEL_LINE.match(text)` when the caller has it already."""
        m = m or LEVEL_LINE.match(text)
        if not m:
            self.error(line, "diplomas", f"cannot read study level '{_q(text)}'")
            return None
        raw = SPACES.sub("", m["level"].casefold())
        if raw in LEVEL_YEARS:
            return raw.upper() if raw != "bac" else "Bac", LEVEL_YEARS[raw]
        if raw.startswith("niveau"):
            digits = raw.removeprefix("niveau")
            if _ascii_number(digits) and len(digits) < 3 and int(digits) in RNCP_LEVELS:
                return RNCP_LEVELS[int(digits)]
            self.error(line, "diplomas", f"'{_q(text)}': RNCP levels run from 3 to 8")
            return None
        digits = raw.removeprefix("bac+")
        if not _ascii_number(digits):
            self.error(line, "diplomas", f"cannot read study level '{_q(m['level'])}'")
            return None
        if len(digits) > 3:
            self.error(line, "diplomas", f"study level '{_q(m['level'])}' is outside CAP…Bac+8")
            return None
        years = int(digits)
        if not MIN_LEVEL_YEARS <= years <= MAX_LEVEL_YEARS:
            self.error(line, "diplomas", f"study level Bac+{years} is outside CAP…Bac+8")
            return None
        return f"Bac+{years}", years

    def _tools(self, career: Career, lines: list[_Line]) -> None:
        content = self._filled(lines)
        by_name: dict[str, ToolCategory] = {}
        current: ToolCategory | None = None
        describing: ToolCategory | None = None
        for i, ln in enumerate(content):
            text = ln[STRIPPED]
            bullet = BULLET.match(ln[TEXT])
            if bullet:
                if current is None:
                    self.error(
                        ln[NUMBER], "tools", f"tool '{bullet[1]}' has no category line above it"
                    )
                    continue
                current.tools.append(bullet[1])
                continue
            nxt = content[i + 1] if i + 1 < len(content) else None
            if nxt is not None and BULLET.match(nxt[TEXT]) and _is_heading(text):
                current = by_name.get(ln[KEY])
                if current is None:
                    current = ToolCategory(category=text, tools=[])
                    by_name[ln[KEY]] = current
                    career.tools.append(current)
                describing = None
            elif ln[KEY] in by_name:
                describing, current = by_name[ln[KEY]], None
            elif describing is not None:
                sep = "\n\n" if describing.description else ""
                describing.description += sep + text
            else:
                current = None

    def _salary(self, career: Career, lines: list[_Line]) -> None:
        content = [ln for ln in lines if not ln[BLANK]]
        prose: list[str] = []
        in_evolution = False
        i = 0
        while i < len(content):
            ln = content[i]
            text, folded = ln[STRIPPED], ln[FOLDED]
            if ln[KEY] in ("evolutiondecarriere", "evolutionsdecarriere"):
                in_evolution = True
            elif in_evolution:
                prose.append(text)
            elif m := SALARY_LEVEL.match(folded):
                level = LEVEL_NAMES[m["level"]]
                nxt = content[i + 1] if i + 1 < len(content) else None
                if nxt is None:
                    self.error(
                        ln[NUMBER], "salary_bands", f"'{_q(text)}' has no amount line after it"
                    )
                elif any(b.level == level for b in career.salary_bands):
                    self.error(ln[NUMBER], "salary_bands", f"second '{level}' band")
                    i += 1
                else:
                    band = self._band(level, ln, m["rest"], nxt)
                    if band:
                        career.salary_bands.append(band)
                        self.band_lines[level] = nxt[NUMBER]
                    i += 1
            i += 1
        career.progressions = _progressions(" ".join(prose))

    def _band(
        self, level: str, heading: _Line, heading_rest: str, amount: _Line
    ) -> SalaryBand | None:
        years = [
            None
            if y is None
            else self._bounded(y, MAX_YEARS, heading[NUMBER], "salary_bands", "years")
            for y in _years(heading_rest)
        ]
        parsed = parse_amount(amount[TEXT])
        if isinstance(parsed, str):
            self.error(amount[NUMBER], "salary_bands", parsed)
            return None
        return SalaryBand(level=level, years_min=years[0], years_max=years[1], **parsed)

    def _faq(self, career: Career, lines: list[_Line]) -> None:
        content = self._filled(lines)
        uses_marker = any(ln[FOLDED].startswith("reponse") for ln in content)
        entry: FaqEntry | None = None
        entry_line = 0
        for i, ln in enumerate(content):
            text = ln[STRIPPED]
            nxt = content[i + 1][FOLDED] if i + 1 < len(content) else ""
            is_question = text.endswith("?") and (not uses_marker or nxt.startswith("reponse"))
            if is_question:
                if entry is not None and not entry.answer:
                    self.error(entry_line, "faq", f"question '{entry.question}' has no answer")
                entry, entry_line = FaqEntry(question=text, answer=""), ln[NUMBER]
                career.faq.append(entry)
            elif entry is not None:
                folded = ln[FOLDED]
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
            if ln[BLANK]:
                continue
            # a field has no ':', so the line's first ':' ends it
            left, colon, right = ln[STRIPPED].partition(":")
            name, ref = left.rstrip(), right.strip()
            if not (colon and ref and _SOURCE_FIELD.fullmatch(name)):
                self.error(
                    ln[NUMBER], "sources", "expected 'field: URL', e.g. 'salary_bands: https://…'"
                )
                continue
            if name not in SOURCE_FIELDS:
                self.error(ln[NUMBER], "sources", f"unknown field '{name}'")
                continue
            if ref.startswith(("http://", "https://")):
                url, _, note = ref.partition(" ")
                note = note.strip().lstrip("—–-").strip() or None
                career.sources.append(Source(field=name, url=url, note=note))
            else:
                career.sources.append(Source(field=name, url=None, note=ref))

    # -- checks across sections --------------------------------------------------------

    def _check_bands(self, career: Career) -> None:
        """Bands rise with experience: débutant ≤ confirmé ≤ senior, by minimum and maximum."""
        if len(career.salary_bands) < 2:
            return
        names = {"debutant": "débutant", "confirme": "confirmé", "senior": "senior"}
        bands: dict[str, SalaryBand] = {}
        for band in career.salary_bands:
            bands.setdefault(band.level, band)  # the first, as Career.band finds
        order = list(names)
        for i, low_level in enumerate(order):
            for high_level in order[i + 1 :]:
                low, high = bands.get(low_level), bands.get(high_level)
                if not (low and high):
                    continue
                above = any(
                    a is not None and b is not None and a > b
                    for a, b in ((low.min_eur, high.min_eur), (low.max_eur, high.max_eur))
                )
                if above:
                    self.error(
                        self.band_lines.get(low_level, 1),
                        "salary_bands",
                        f"the {names[low_level]} band is above the {names[high_level]} band",
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


# each section's reader (`_missions`…), looked up once rather than by name for each section
_SECTION_READERS = {key: getattr(_Parser, f"_{key}") for key in set(SECTIONS.values())}


# -- pure helpers ------------------------------------------------------------------------

DIGITS = "0123456789"


def _q(text: str, limit: int = 60) -> str:
    """Fiche text quoted in a message: long runs are cut, so a message stays one short line."""
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _percent_line(text: str) -> tuple[str, str] | None:
    """`Qualité de vie : 65%` → ('Qualité de vie', '65'); None when the line is not that.

    String methods, not a regular expression: the label ends where the number starts, and a
    pattern for that backtracks quadratically on long lines of spaces.
    """
    body = text.rstrip()
    if not body.endswith("%"):
        return None
    body = body[:-1].rstrip()
    label = body.rstrip(DIGITS)
    digits = body[len(label) :]
    if not digits:
        return None
    label = label.rstrip()
    if label.endswith("-"):
        label, digits = label[:-1].rstrip(), "-" + digits
    label = label.removesuffix(":").rstrip()
    if not label or "%" in label or any(map(str.isdigit, label)):
        return None
    return label.strip(), digits


def _score_line(text: str) -> tuple[str, str] | None:
    """`90 | Gestion de projet` → ('90', 'Gestion de projet'); None when the line is not that
    (the score part is at most six characters and may end with `%`)."""
    left, bar, right = text.partition("|")
    raw = left.strip().removesuffix("%").rstrip()
    name = right.strip()
    if not bar or not name or not (1 <= len(raw) <= 6 or _ascii_number(raw)):
        return None
    return raw, name


def _is_heading(text: str) -> bool:
    """A short line with no closing punctuation: a name, a category or a group title."""
    return 0 < len(text) <= 90 and text[-1] not in ".:;!?,…" and not BULLET.match(text)


def _thousands(value: float) -> str:
    return f"{value:,.0f}".replace(",", " ")


def _ascii_number(text: str) -> bool:
    return text.isascii() and text.isdigit()


def _is_sentence(text: str) -> bool:
    return len(text) > 90 or text.endswith((".", "!", "?"))


def _diploma_name(text: str) -> str:
    if len(text) <= SHORT:
        return _remembered_diploma_name(text)
    return _name_of_diploma(text)


def _name_of_diploma(text: str) -> str:
    return DIPLOMA_NAMES.get(fold(text).strip().replace("’", "'"), text.strip())


# Section names, profile lines, diploma names and roles come back from fiche to fiche: what
# is read from them is remembered (for short texts only, so that the memory stays small).
SHORT = 80


_remembered_compact = lru_cache(maxsize=2048)(compact)
_remembered_snake = lru_cache(maxsize=512)(snake)


_remembered_diploma_name = lru_cache(maxsize=512)(_name_of_diploma)


_remembered_percent_line = lru_cache(maxsize=1024)(_percent_line)


def _short_percent_line(text: str) -> tuple[str, str] | None:
    return _remembered_percent_line(text) if len(text) <= SHORT else _percent_line(text)


def _short_compact(text: str) -> str:
    return _remembered_compact(text) if len(text) <= SHORT else compact(text)


def _short_snake(text: str) -> str:
    return _remembered_snake(text) if len(text) <= SHORT else snake(text)


def _years(text: str) -> tuple[str | None, str | None]:
    """Years of experience in a band heading, as the digits written: `(3 à 8 ans)` →
    ('3', '8'), `(- de 3ans)` → ('0', '3'), `(+ de 5 ans)` → ('5', None). A number is only
    looked for where one starts, so a long run of digits is scanned once."""
    folded = fold(text)
    if m := _YEARS_RANGE.search(folded):
        return m[1], m[2]
    if m := _YEARS_BELOW.search(folded):
        return "0", m[1]
    if m := _YEARS_ABOVE.search(folded):
        return m[1], None
    return None, None


_YEARS_RANGE = re.compile(r"(?<!\d)(\d+)\s*(?:a|à|-)\s*(\d+)\s*ans?")
_YEARS_BELOW = re.compile(r"-\s*de\s*(\d+)")
_YEARS_ABOVE = re.compile(r"\+\s*de\s*(\d+)")
_NEGATIVE = re.compile(r"(?:^|\b(?:de|a|entre|environ|et)\s)[-−]\s?\d")
_ANY_AMOUNT = re.compile(r"€|\beuros?\b|\beur\b|\d\s*k\b")
_MONTHLY = re.compile(r"par mois|mensuel|/ ?mois")
_NET = re.compile(r"\bnet")
_OPEN_ABOVE = re.compile(r"a partir de|plus de|des |au moins|et plus|minimum")
_OPEN_BELOW = re.compile(r"jusqu'?a|moins de|maximum")
# `(?<=[.!?])\s+`, starting with a character class (see ROLE_SPLIT)
_SENTENCE_END = re.compile(r"\s(?<=[.!?]\s)\s*")
# `(?<![\d,.])(\d{1,3}(?:[ .]\d{3})+|\d+)(?:,(\d+))?\s*(k)?(?!\d)`, starting with a digit
# (see ROLE_SPLIT): the look-behind after it checks the character before that digit
_NUMBER = re.compile(
    r"(\d(?<![\d,.]\d)(?:\d{0,2}(?:[ .]\d{3})+|\d*))(?:,(\d+))?\s*(k)?(?!\d)", re.I
)
_CURRENCY = re.compile(r" ?(?:€|euros?\b|eur\b)")
_RANGE_WORDS = {"-", "–", "—", "a", "et"}
_DANGLING_RANGE = re.compile(r" ?(?:-|–|—|a|et)(?: ?€)? ?(?:$|brut|net|par\b|/|\()")
AMOUNT_EXAMPLE = "De 30 000 € à 35 000 € brut par an"
LONG_NUMBER = re.compile(rf"\d{{{MAX_DIGITS + 1},}}")


def parse_amount(text: str) -> dict | str:
    """Read one salary line into SalaryBand fields, or return a message saying why not.

    Every number on the line must be an amount: followed by € (or `k`), or the first of a
    range `de X à Y €`. A year or any other number is refused rather than read as a bound.
    """
    folded = " ".join(fold(text).split())  # one space between words (`\s+` → " ", stripped)
    quoted = _q(text)
    if long_number := LONG_NUMBER.search(folded):
        return f"amount {_q(long_number[0], 20)} in '{quoted}' is not a plausible salary"
    if len(folded) > MAX_SALARY_LINE:
        return (
            f"a salary line of {len(folded)} characters: write one amount or range per line "
            f"(e.g. '{AMOUNT_EXAMPLE}')"
        )
    if ("-" in folded or "−" in folded) and _NEGATIVE.search(folded):
        return f"negative amount in '{quoted}'"
    if "€" not in folded and not _ANY_AMOUNT.search(folded):
        return f"cannot read a salary in '{quoted}' (expected e.g. '{AMOUNT_EXAMPLE}')"
    found = list(_NUMBER.finditer(folded))
    is_amount = [bool(m[3]) or bool(_CURRENCY.match(folded, m.end())) for m in found]
    for i in range(len(found) - 2, -1, -1):
        between = folded[found[i].end() : found[i + 1].start()].strip()
        if not is_amount[i] and is_amount[i + 1] and between in _RANGE_WORDS:
            is_amount[i] = True  # `de 30 000 à 35 000 €`: the € of the maximum is for both
    for m, amount in zip(found, is_amount, strict=True):
        if not amount:
            return (
                f"'{_q(m[0], 20)}' in '{quoted}' is not an amount: an amount is followed by € "
                "(or k€), or starts a range like 'de 30 000 à 35 000 €'"
            )
    if found:
        rest = folded[found[-1].end() :]
        if currency := _CURRENCY.match(rest):
            rest = rest[currency.end() :]
        if _DANGLING_RANGE.match(rest):
            return f"the range in '{quoted}' has no maximum (expected e.g. '{AMOUNT_EXAMPLE}')"
    amounts: list[float] = []
    for m in found:
        digits = m[1].replace(" ", "").replace(".", "")
        if len(digits) > MAX_DIGITS:
            return f"amount {_q(m[1], 20)} in '{quoted}' is not a plausible salary"
        whole = int(digits)
        value = float(f"{whole}.{m[2][:6]}") if m[2] else float(whole)
        if m[3]:
            value *= 1000
        amounts.append(value)
    if not amounts or len(amounts) > 2:
        return f"cannot read a salary in '{quoted}' (expected one or two amounts)"
    monthly = ("mois" in folded or "mensuel" in folded) and bool(_MONTHLY.search(folded))
    fields: dict = {
        "basis": "net"
        if "net" in folded and _NET.search(folded)
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
        if _OPEN_ABOVE.search(folded):
            high = None
        elif _OPEN_BELOW.search(folded):
            low = None
    elif low > high:
        return f"minimum {low:g} is above maximum {high:g} in '{quoted}'"
    factor = 12 if monthly else 1
    top = max(v for v in (low, high) if v is not None) * factor
    if top > MAX_SALARY_EUR:
        per = "a year" if not monthly else "a year (12 × the monthly figure)"
        return (
            f"{_thousands(top)} € {per} in '{quoted}' is not a plausible salary band "
            f"(careerdash reads up to {_thousands(MAX_SALARY_EUR)} € a year)"
        )
    fields["min_eur"] = round(low * factor) if low is not None else None
    fields["max_eur"] = round(high * factor) if high is not None else None
    return fields


def _progressions(prose: str) -> list[Progression]:
    """Roles named in the 'évolution de carrière' prose, step 1 (évoluer) then 2 (s'orienter)."""
    found: list[Progression] = []
    seen: set[str] = set()
    prose = " ".join(prose.split())  # one space between words: the role patterns stay linear
    for sentence in _SENTENCE_END.split(prose):
        intro = ROLE_INTRO.search(sentence)
        if not intro:
            continue
        folded = fold(sentence)
        step = 2 if ("orienter" in folded or "ensuite" in folded) else 1
        for part in ROLE_SPLIT.split(intro["roles"]):
            role = ROLE_END.sub("", part).strip().rstrip(".").strip()
            key = _short_compact(role)
            if role and key not in seen:
                seen.add(key)
                found.append(
                    Progression(title=role, step=step, kind="next" if step == 1 else "later")
                )
    return found
