"""The career model: plain dataclasses and their JSON form (the contract in DESIGN.md).

A `Career` is what every source (a fiche, ROME, O*NET) becomes before it reaches the
database, so nothing here knows about text parsing, DuckDB or Streamlit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SALARY_LEVELS = ("debutant", "confirme", "senior")
# Wages from national datasets: percentiles over all experience levels, never débutant/confirmé.
PERCENTILE_LEVELS = ("p10", "p25", "median", "p75", "p90")
PROGRESSION_KINDS = ("next", "later", "entry", "related")


@dataclass
class MissionGroup:
    title: str | None
    tasks: list[str]


@dataclass
class NamedText:
    """A soft skill or a constraint: a name and the paragraph that explains it."""

    name: str
    description: str
    # The national reference's code for it (ROME OGR code of a work context), when known.
    code: str | None = None


@dataclass
class HardSkill:
    name: str
    score: int | None
    keywords: list[str] = field(default_factory=list)
    # Level of mastery on a source's own scale (O*NET "LV"), kept beside the importance score.
    level: float | None = None
    category: str | None = None
    # The ROME OGR code of the skill (savoir-faire or savoir) when the source gives it.
    code: str | None = None


@dataclass
class Diploma:
    name: str
    level: str  # the source's own label for display: "Bac+2", "CAP", "Bachelor's degree"
    level_years: int | None  # years of study after the end of secondary school (Bac = 0)
    ects: int | None = None
    formations_count: int | None = None
    description: str = ""
    share: float | None = None  # share of workers holding it (O*NET education data), 0–100


@dataclass
class ToolCategory:
    category: str
    tools: list[str]
    description: str = ""
    hot: list[str] = field(default_factory=list)  # tools the source flags as in demand


@dataclass
class SalaryBand:
    level: str  # debutant | confirme | senior, or a percentile label such as p10, median
    min_eur: int | None
    max_eur: int | None  # None for an open band ("à partir de 42 000 €")
    period: str = "year"
    basis: str = "brut"  # brut | net | unknown
    years_min: int | None = None
    years_max: int | None = None
    currency: str = "EUR"
    converted_from_monthly: bool = False
    presumed_gross: bool = False

    @property
    def is_single_figure(self) -> bool:
        return self.min_eur is not None and self.min_eur == self.max_eur

    @property
    def midpoint(self) -> float | None:
        if self.min_eur is None:
            return None
        if self.max_eur is None:
            return float(self.min_eur)
        return (self.min_eur + self.max_eur) / 2


@dataclass
class Progression:
    title: str
    step: int
    kind: str = "next"
    tier: str | None = None  # a source's own grading of the link (O*NET "Primary-Short")


@dataclass
class FaqEntry:
    question: str
    answer: str


@dataclass
class Source:
    field: str
    url: str | None
    note: str | None = None

    @property
    def is_editorial(self) -> bool:
        return self.url is None and (self.note or "").casefold().startswith(
            ("éditorial", "editorial")
        )


@dataclass
class Career:
    title: str
    summary: str = ""
    title_en: str | None = None
    family: str | None = None
    rome_code: str | None = None
    onet_code: str | None = None
    source_kind: str = "fiche"
    profile: dict[str, int] = field(default_factory=dict)
    profile_labels: dict[str, str] = field(default_factory=dict)
    missions: list[MissionGroup] = field(default_factory=list)
    soft_skills: list[NamedText] = field(default_factory=list)
    hard_skills: list[HardSkill] = field(default_factory=list)
    diplomas: list[Diploma] = field(default_factory=list)
    reference_level: str | None = None
    experience_paths: list[str] = field(default_factory=list)
    tools: list[ToolCategory] = field(default_factory=list)
    constraints: list[NamedText] = field(default_factory=list)
    salary_bands: list[SalaryBand] = field(default_factory=list)
    progressions: list[Progression] = field(default_factory=list)
    faq: list[FaqEntry] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    alt_titles: list[str] = field(default_factory=list)  # ROME appellations, O*NET alternates
    attributes: dict[str, str] = field(default_factory=dict)  # source-specific: job_zone, riasec
    source_path: str | None = None

    def band(self, level: str) -> SalaryBand | None:
        return next((b for b in self.salary_bands if b.level == level), None)

    def sources_for(self, name: str) -> list[Source]:
        """Sources for a field, including per-item ones (`salary_bands.debutant`)."""
        return [s for s in self.sources if s.field == name or s.field.startswith(name + ".")]

    def is_editorial(self, name: str) -> bool:
        return any(s.is_editorial for s in self.sources_for(name))

    def to_json(self) -> dict[str, Any]:
        """The JSON form of DESIGN.md: every key present, even when empty."""
        data = asdict(self)
        data.pop("source_path")
        data.pop("profile_labels")
        data.pop("attributes")
        # Reference codes live in the database (hard_skills.rome_code), not in the fiche form.
        for key in ("hard_skills", "soft_skills", "constraints"):
            for item in data[key]:
                item.pop("code", None)
        return data
