"""Rank careers against a student's answers, and keep every reason (page "Trouver mon métier").

Pure functions: the answers and the careers' facts (DataFrames from `queries`) in, a ranking
out. Nothing here reads the database or Streamlit.

How a career is scored (the page and README.md say the same in French):

- A *preference* criterion gives a partial score: centres d'intérêt, RIASEC types and liked
  skills give 0 to 1 (the share of what the student likes that the career has); a profile
  dimension gives -1 to +1 ((score - 50) / 50, the fiches' editorial scores). A criterion
  the career has no data for gives exactly 0, the same as "nothing in common": unknown is
  neither rewarded nor punished, and the row says it is unknown.
- The score is the sum of weight × partial score over the criteria the student used; the
  compatibility shown is that sum on a 0-100 scale (50 = as much for as against).
- A *hard* criterion (maximum study level, minimum pay, work contexts to avoid) excludes a
  career whose known fact breaks it, and says why; an unknown fact never excludes, it is
  marked ("salaire inconnu").
- Ties go to the career with fewer unknowns, then by title, then by career id: the same
  answers always give the same order.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .formatting import LEVEL_LABELS, is_missing, level_label, money

# -- what the student is asked -------------------------------------------------------------

# Written for careerdash (not taken from any questionnaire): what each type likes doing.
RIASEC = {
    "R": ("Réaliste", "faire de ses mains, utiliser des outils, des machines, travailler dehors"),
    "I": ("Investigateur", "comprendre, chercher, analyser, résoudre des problèmes"),
    "A": ("Artiste", "créer, imaginer, s'exprimer par l'image, les mots, la musique"),
    "S": ("Social", "aider, soigner, conseiller, enseigner, s'occuper des autres"),
    "E": ("Entreprenant", "convaincre, diriger, vendre, prendre des décisions"),
    "C": ("Conventionnel", "organiser, classer, calculer, suivre des règles précises"),
}
RIASEC_LEVELS = {0: "pas du tout", 1: "un peu", 2: "assez", 3: "beaucoup"}
# A career's code lists its types, strongest first ("SE"): each letter counts this much.
RIASEC_LETTER_WEIGHTS = (1.0, 0.5, 0.25)

PROFILE_LABELS = {
    "qualite_de_vie": "Qualité de vie",
    "flexibilite": "Flexibilité",
    "stimulation": "Stimulation",
    "relations_humaines": "Relations humaines",
    "carriere": "Carrière",
}

# Brut → net: INSEE Première n° 1528 (2014), private sector 2012, mean monthly pay in full-time
# equivalent: 2 870 € brut, 2 154 € net of all deductions at source: ratio 0.75.
GROSS_TO_NET = 0.75
GROSS_TO_NET_SOURCE = "https://www.insee.fr/fr/statistiques/1283678"

# The ROME work-context types a student may refuse (the others name publics and employers).
AVOIDABLE_KINDS = (
    "Horaires et durée du travail",
    "Conditions de travail et risques professionnels",
    "Lieux et déplacements",
)

CRITERIA = {
    "interets": "Centres d'intérêt",
    "riasec": "Types RIASEC",
    "competences": "Compétences aimées",
} | {f"profil_{dim}": f"Profil : {label}" for dim, label in PROFILE_LABELS.items()}


@dataclass(frozen=True)
class Answers:
    """What a student said. Everything is optional: an empty answer asks nothing."""

    interests: tuple[str, ...] = ()  # ROME centres d'intérêt, by label
    riasec: tuple[tuple[str, int], ...] = ()  # (letter, 0-3)
    skills: tuple[str, ...] = ()  # hard skills liked, by name
    profile: tuple[tuple[str, int], ...] = ()  # (dimension, importance 0-3): its weight
    weights: tuple[tuple[str, float], ...] = ()  # criterion → weight (default 1)
    max_level_years: int | None = None  # Bac = 0, Bac+2 = 2
    min_pay_net_month: int | None = None  # € net per month
    convert_gross: bool = True  # compare brut bands through GROSS_TO_NET
    avoid: tuple[str, ...] = ()  # work contexts refused (ROME wording)

    def weight(self, criterion: str) -> float:
        if criterion.startswith("profil_"):
            return float(dict(self.profile).get(criterion.removeprefix("profil_"), 0))
        return float(dict(self.weights).get(criterion, 1.0))

    def active(self) -> list[str]:
        """The criteria this student used, with a weight above zero, in CRITERIA order."""
        used = {
            "interets": bool(self.interests),
            "riasec": any(level > 0 for _, level in self.riasec),
            "competences": bool(self.skills),
        }
        return [c for c in CRITERIA if used.get(c, True) and self.weight(c) > 0]


@dataclass
class Facts:
    """Per-career facts, as the queries return them.

    careers: career_id, title, source_kind, level_years, currency, debutant_mid, median_wage,
      family_median_net_month, family_median_year, the five profile dimensions.
    interests / riasec / contexts / skills: long form, career_id + a value column
      (interest, code, context, skill) + `via` (the ROME code a fiche took it from, or None).
    """

    careers: pd.DataFrame
    interests: pd.DataFrame = field(default_factory=lambda: _empty("interest"))
    riasec: pd.DataFrame = field(default_factory=lambda: _empty("code"))
    contexts: pd.DataFrame = field(default_factory=lambda: _empty("context"))
    skills: pd.DataFrame = field(default_factory=lambda: _empty("skill"))

    def __post_init__(self) -> None:
        # plain Python strings: `isin` on pandas' Arrow strings is several times slower here
        for name in ("careers", "interests", "riasec", "contexts", "skills"):
            frame = getattr(self, name)
            text = frame.select_dtypes(include="str").columns
            if len(text):
                setattr(self, name, frame.astype({c: object for c in text}))
        self._lookup: dict[str, dict[str, tuple[list[str], str | None]]] = {}
        self._derived: dict[object, object] = {}  # what rank() reads at every rerun, once

    def indexed(self) -> pd.DataFrame:
        """One row per career, indexed by career_id (computed once per Facts)."""
        if "indexed" not in self._derived:
            careers = self.careers.drop_duplicates("career_id")
            self._derived["indexed"] = careers.set_index("career_id", drop=False)
        return self._derived["indexed"]

    def position(self, career_id: str) -> int:
        """A career's row in `indexed()` (a dict kept per Facts: pandas' own lookup on the
        index costs more than the whole rest of a lookup)."""
        if "positions" not in self._derived:
            ids = self.indexed().index.tolist()
            self._derived["positions"] = dict(zip(ids, range(len(ids)), strict=True))
        return self._derived["positions"][career_id]

    def title_order(self) -> np.ndarray:
        """Each career's place by title (ignoring case), then id, in the row order of
        `indexed()`: ties in score are broken on this integer instead of sorting titles at
        every rerun."""
        if "title_order" not in self._derived:
            careers = self.indexed()
            keys = list(zip(careers["title"].map(str.casefold), careers.index, strict=True))
            places = np.empty(len(keys), dtype="int64")
            places[sorted(range(len(keys)), key=keys.__getitem__)] = np.arange(len(keys))
            self._derived["title_order"] = places
        return self._derived["title_order"]

    def riasec_codes(self) -> pd.Categorical:
        """Each career's RIASEC code (its first), in the row order of `indexed()`."""
        if "riasec_codes" not in self._derived:
            first = self.riasec.drop_duplicates("career_id").set_index("career_id")["code"]
            self._derived["riasec_codes"] = pd.Categorical(first.reindex(self.indexed().index))
        return self._derived["riasec_codes"]

    def pay(self, convert_gross: bool) -> pd.DataFrame:
        """`pay_measures` of every career (computed once per Facts and conversion choice)."""
        if ("pay", convert_gross) not in self._derived:
            self._derived["pay", convert_gross] = pay_measures(self.indexed(), convert_gross)
        return self._derived["pay", convert_gross]

    def of(self, kind: str, career_id: str) -> tuple[list[str], str | None]:
        """One career's values of `kind` ("interests", "riasec", "skills") and the ROME code
        they came from; indexed on first use, so that explaining ten results stays cheap."""
        if kind not in self._lookup:
            frame = getattr(self, kind)
            column = {"interests": "interest", "riasec": "code", "skills": "skill"}[kind]
            index: dict[str, tuple[list[str], str | None]] = {}
            for cid, value, via in zip(
                frame["career_id"], frame[column], frame["via"], strict=True
            ):
                values, _ = index.setdefault(cid, ([], None if is_missing(via) else via))
                values.append(value)
            self._lookup[kind] = index
        return self._lookup[kind].get(career_id, ([], None))

    def with_skills(self, skills: pd.DataFrame) -> Facts:
        """The same facts with another set of liked skills (the only answer-dependent part)."""
        facts = Facts(self.careers, self.interests, self.riasec, self.contexts, skills)
        facts._derived = self._derived  # the careers are the same: so is what derives from them
        return facts


def _empty(column: str) -> pd.DataFrame:
    return pd.DataFrame(columns=["career_id", column, "via"], dtype=object)


@dataclass
class Ranking:
    """The answer to a student.

    ranked: one row per kept career, best first: rank, career_id, title, source_kind, score,
      compatibility (0-100), per criterion `partial_<c>` (NaN = unknown) and `points_<c>`,
      `unknown_<what>` flags, and the pay measure when a minimum pay was asked.
    excluded_rows: one row per excluded career, the same columns; `excluded` adds their
      `reasons` (sentences), `reasons(limit)` writes them for the first ones only.
    criteria: (key, label, weight) of the criteria used.
    """

    ranked: pd.DataFrame
    excluded_rows: pd.DataFrame
    criteria: list[tuple[str, str, float]]
    answers: Answers
    facts: Facts
    places: np.ndarray  # each row of facts.indexed(): its row in `ranked`, -1 if excluded
    excluded_at: np.ndarray  # the rows of facts.indexed() excluded, in the order shown
    why: np.ndarray  # per row of facts.indexed() and refusal: its sentence, True, or None
    writers: list  # per refusal: writes a row's sentence where `why` holds True, else None

    def row(self, career_id: str) -> pd.Series:
        """One ranked career's row (KeyError if it is not ranked)."""
        place = self.places[self.facts.position(career_id)]
        if place < 0:
            raise KeyError(career_id)
        return self.ranked.iloc[place]

    def reasons(self, limit: int | None = None) -> list[list[str]]:
        """Why each excluded career is excluded, for the first `limit` of them: a pay refusal
        is written only for the rows read (at 100,000 careers with a pay minimum, writing
        every one of them took four fifths of a RIASEC answer's rerun)."""
        at = self.excluded_at[:limit].tolist()
        return [
            [
                writer(i) if value is True else value
                for value, writer in zip(row, self.writers, strict=True)
                if value is True or isinstance(value, str)
            ]
            for i, row in zip(at, self.why[at].tolist(), strict=True)
        ]

    @property
    def excluded(self) -> pd.DataFrame:
        """`excluded_rows` with every one's `reasons` (written once, when first asked for)."""
        if not hasattr(self, "_excluded"):
            self._excluded = self.excluded_rows.assign(reasons=self.reasons())
        return self._excluded


# What an `unknown_<what>` flag says on a row.
UNKNOWN_TEXTS = {
    "interets": "centres d'intérêt inconnus",
    "riasec": "type RIASEC inconnu",
    "competences": "compétences non renseignées",
    "niveau": "niveau d'études inconnu",
    "contextes": "conditions de travail inconnues",
} | {f"profil_{dim}": f"{label.lower()} non notée" for dim, label in PROFILE_LABELS.items()}


# -- partial scores ------------------------------------------------------------------------


def riasec_similarity(levels: dict[str, int], code: str | None) -> float | None:
    """How much of the student's RIASEC liking the career's code covers, 0-1; None if the
    career has no code. The student's strongest type met by the career's first letter is 1."""
    if not code:
        return None
    top = max(levels.values(), default=0)
    if top <= 0:
        return None
    weights = dict(zip(code.upper(), RIASEC_LETTER_WEIGHTS, strict=False))
    total = sum(weights.values())
    return sum(levels.get(t, 0) * w for t, w in weights.items()) / (top * total)


def _share(wanted: tuple[str, ...], facts: pd.DataFrame, column: str, ids: pd.Index, known):
    """Share of `wanted` each career has; NaN for careers outside `known` (no such data)."""
    hit = facts[facts[column].isin(wanted)].drop_duplicates(["career_id", column])
    counts = hit["career_id"].value_counts()
    partial = pd.Series(ids.map(counts).to_numpy(dtype=float), index=ids) / len(set(wanted))
    return partial.where(ids.isin(known), float("nan")).where(
        partial.notna() | ~ids.isin(known), 0.0
    )


# -- the ranking ---------------------------------------------------------------------------


def rank(answers: Answers, facts: Facts) -> Ranking:
    """Score, exclude and order every career of `facts` for these answers."""
    careers = facts.indexed()
    ids = careers.index
    out = pd.DataFrame(
        {"career_id": ids, "title": careers["title"], "source_kind": careers["source_kind"]},
        index=ids,
    )
    criteria = [(c, CRITERIA[c], answers.weight(c)) for c in answers.active()]
    for criterion, _, weight in criteria:
        partial = _partial(criterion, answers, facts, careers)
        out[f"partial_{criterion}"] = partial
        out[f"points_{criterion}"] = weight * partial.fillna(0.0)
        out[f"unknown_{criterion}"] = partial.isna()

    points = [f"points_{c}" for c, _, _ in criteria]
    # rounded so that sums equal on paper (0.1 + 0.2 and 0.3) tie, and ties go by title
    out["score"] = out[points].sum(axis=1).round(9) if points else 0.0
    top = sum(w for _, _, w in criteria)
    out["compatibility"] = 50 + 50 * out["score"] / top if top else 50.0

    why, writers = _hard_constraints(answers, facts, careers, out)
    excluded_mask = (
        why.notna().to_numpy().any(axis=1) if len(why.columns) else np.zeros(len(ids), bool)
    )
    title_order = facts.title_order()
    ranked_at = _ordered(out, np.flatnonzero(~excluded_mask), title_order)
    flat = out.reset_index(drop=True)  # taking rows along a RangeIndex is the cheap take
    ranked = flat.iloc[ranked_at]
    places = np.full(len(ids), -1, dtype="int64")
    places[ranked_at] = np.arange(len(ranked_at))
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    excluded_at = _ordered(out, np.flatnonzero(excluded_mask), title_order)
    return Ranking(
        ranked.reset_index(drop=True),
        flat.iloc[excluded_at].reset_index(drop=True),
        criteria,
        answers,
        facts,
        places,
        excluded_at,
        why.to_numpy(dtype=object),
        [writers.get(c) for c in why.columns],
    )


def _partial(criterion: str, answers: Answers, facts: Facts, careers: pd.DataFrame) -> pd.Series:
    ids = careers.index
    if criterion == "interets":
        known = facts.interests["career_id"].unique()
        return _share(answers.interests, facts.interests, "interest", ids, known)
    if criterion == "competences":
        # facts.skills holds only the skills asked for: a career that lists skills, but none
        # of these, has nothing in common (0); one that lists none at all is unknown
        counts = _column(careers, "hard_skill_count").fillna(0)
        return _share(answers.skills, facts.skills, "skill", ids, counts.index[counts > 0])
    if criterion == "riasec":
        levels = {t: v for t, v in answers.riasec if v > 0}
        codes = facts.riasec_codes()  # scored once per distinct code, then spread
        scores = [riasec_similarity(levels, c) for c in codes.categories]
        by_code = np.array([math.nan if v is None else v for v in scores] + [math.nan])
        return pd.Series(by_code[codes.codes], index=ids)  # code -1 (none) reads the NaN
    dim = criterion.removeprefix("profil_")
    return (_column(careers, dim) - 50) / 50


def _ordered(out: pd.DataFrame, rows: np.ndarray, title_order: np.ndarray) -> np.ndarray:
    """`rows` (positions in `out`) best score first; at equal points the career with fewer
    unknowns first, then by title (ignoring case), then by id: the same answers always give
    the same order. `title_order` holds each row's place by title."""
    flags = [c for c in out.columns if c.startswith("unknown_")]
    unknowns = out[flags].to_numpy(dtype="int64")[rows].sum(axis=1) if flags else 0 * rows
    score = out["score"].to_numpy(dtype=float)[rows]
    # lexsort sorts on its last key first; titles are unique places, so nothing is left tied
    return rows[np.lexsort((title_order[rows], unknowns, -score))]


def _hard_constraints(
    answers: Answers, facts: Facts, careers: pd.DataFrame, out: pd.DataFrame
) -> tuple[pd.DataFrame, dict]:
    """One column of exclusion reasons per hard criterion (NaN where it does not exclude),
    and, for a column holding True instead of a sentence, what writes a row's sentence;
    also writes the `unknown_*` flags and pay columns onto `out`."""
    ids = careers.index
    why = pd.DataFrame(index=ids)
    writers = {}
    if answers.max_level_years is not None:
        years = _column(careers, "level_years")
        limit = LEVEL_LABELS.get(answers.max_level_years, f"{answers.max_level_years} ans")
        over = years > answers.max_level_years
        texts = {cid: f"niveau d'études {level_label(y)}" for cid, y in years[over].items()}
        why["niveau"] = pd.Series(texts, index=ids, dtype=object) + f" (au plus {limit})"
        out["level_years"] = years
        out["unknown_niveau"] = years.isna()
    if answers.min_pay_net_month:
        floor = answers.min_pay_net_month
        measure = facts.pay(answers.convert_gross)
        low, high = measure["net_month"], measure["net_month_max"]
        out["pay_net_month"] = low
        out["pay_net_month_max"] = high
        out["pay_measure"] = measure["label"]
        # unknown, or several families on both sides of the minimum: kept, and said so
        out["unknown_salaire"] = low.isna() | ((low < floor) & (high >= floor))
        below = (high < floor).to_numpy()
        wanted = f" net par mois (au moins {money(floor)})"
        reasons = np.full(len(ids), None, dtype=object)
        reasons[below] = True  # the sentence is written when a row is read
        why["salaire"] = reasons
        labels = measure["label"].to_numpy()
        lows, highs = low.to_numpy(dtype=float), high.to_numpy(dtype=float)
        writers["salaire"] = lambda i: f"{labels[i]} : {_pay(lows[i], highs[i])}{wanted}"
    if answers.avoid:
        hit = facts.contexts[facts.contexts["context"].isin(answers.avoid)]
        hit = hit[hit["career_id"].isin(ids)]
        why["contextes"] = pd.Series(None, index=ids, dtype=object)
        if len(hit):
            hit = hit.sort_values("context", key=lambda s: s.map(str.casefold))
            grouped = hit.groupby("career_id", sort=False)
            names = grouped["context"].agg(lambda s: ", ".join(dict.fromkeys(s)))
            via = grouped["via"].first().map(_source)
            why["contextes"] = ("peut comporter : " + names + via).reindex(ids)
        out["unknown_contextes"] = ~ids.isin(facts.contexts["career_id"].unique())
    return why, writers


def pay_measures(careers: pd.DataFrame, convert_gross: bool = True) -> pd.DataFrame:
    """The pay each career is judged on, in € net per month (`net_month`, and `net_month_max`
    when a career reaches several Dares families), and what that figure is (`label`).

    The Dares family median (€ net per month) is taken as it is; otherwise a fiche's débutant
    band midpoint (€ brut per year) is converted, as a labelled estimate (× GROSS_TO_NET ÷ 12);
    dollars are never converted: the career's pay is then "not compared".
    """
    ids = careers.index
    median = _column(careers, "family_median_net_month")
    highest = _column(careers, "family_median_net_month_max").fillna(median)
    families = _column(careers, "family_median_families").fillna(1)
    debutant = _column(careers, "debutant_mid")
    currency = careers.get("currency", pd.Series(None, index=ids, dtype=object))
    year = careers.get("family_median_year", pd.Series(None, index=ids, dtype=object))
    has_median = median.notna()
    several = has_median & (highest > median)
    eur_band = ~has_median & debutant.notna() & (currency == "EUR")
    usd = ~has_median & ~eur_band & (_column(careers, "median_wage").notna() | (currency == "USD"))

    net, net_max = median.where(has_median), highest.where(has_median)
    label = pd.Series("salaire inconnu", index=ids, dtype=object)
    period = year.map(lambda y: "" if is_missing(y) else f", {y}")
    label[has_median] = (
        "médiane de la famille professionnelle (Dares, net mensuel" + period[has_median] + ")"
    )
    label[several] = (
        "médianes de "
        + families[several].astype(int).astype(str)
        + " familles professionnelles (Dares, net mensuel"
        + period[several]
        + ")"
    )
    if convert_gross:
        estimate = debutant * GROSS_TO_NET / 12
        net, net_max = net.where(~eur_band, estimate), net_max.where(~eur_band, estimate)
        ratio = f"{GROSS_TO_NET:.2f}".replace(".", ",")
        label[eur_band] = (
            f"salaire débutant de la fiche, estimé en net (brut annuel × {ratio} ÷ 12)"
        )
    else:
        label[eur_band] = "salaire connu en brut seulement : non comparé"
    label[usd] = "salaire en dollars (O*NET) : non comparé"
    return pd.DataFrame({"net_month": net, "net_month_max": net_max, "label": label})


@functools.lru_cache(maxsize=4096)
def _pay(low: float, high: float) -> str:
    """Written once per distinct figure: thousands of careers share a family's median."""
    return money(low) if is_missing(high) or high == low else f"{money(low)} à {money(high)}"


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame:
        return pd.to_numeric(frame[name], errors="coerce").astype(float)
    return pd.Series(float("nan"), index=frame.index)


# -- explaining one result -----------------------------------------------------------------


def contributions(ranking: Ranking, career_id: str) -> pd.DataFrame:
    """One row per criterion for one career: label, weight, partial score (NaN = unknown),
    points — what the "pourquoi" chart draws."""
    row = ranking.row(career_id)
    return pd.DataFrame(
        [
            {
                "criterion": label,
                "weight": weight,
                "partial": row[f"partial_{key}"],
                "points": row[f"points_{key}"],
            }
            for key, label, weight in ranking.criteria
        ],
        columns=["criterion", "weight", "partial", "points"],
    )


def matched(ranking: Ranking, career_id: str) -> dict[str, object]:
    """What one career shares with the student, by name, and where the facts come from."""
    answers, facts = ranking.answers, ranking.facts
    interests, interests_via = facts.of("interests", career_id)
    codes, riasec_via = facts.of("riasec", career_id)
    skills, _ = facts.of("skills", career_id)
    return {
        "interests": sorted(set(interests) & set(answers.interests), key=str.casefold),
        "interests_via": interests_via,
        "riasec": codes[0] if codes else None,
        "riasec_via": riasec_via,
        "skills": sorted(set(skills) & set(answers.skills), key=str.casefold),
    }


def unknowns(row: pd.Series) -> list[str]:
    """The "à savoir" notes of a ranked row: what was unknown for this career."""
    notes = [text for key, text in UNKNOWN_TEXTS.items() if bool(row.get(f"unknown_{key}", False))]
    if bool(row.get("unknown_salaire", False)):
        if is_missing(row.get("pay_net_month")):
            notes.append(str(row["pay_measure"]))
        else:
            pay = _pay(row["pay_net_month"], row["pay_net_month_max"])
            notes.append(f"salaire incertain : {row['pay_measure']}, {pay}")
    return notes


def reasons_text(ranking: Ranking, career_id: str) -> list[str]:
    """The reasons for one result, one plain sentence each (shown as text, never markup)."""
    row = ranking.row(career_id)
    lines = []
    for key, label, weight in ranking.criteria:
        partial = row[f"partial_{key}"]
        value = "inconnu" if is_missing(partial) else _signed(partial)
        lines.append(f"{label} : {value} × poids {weight:g} = {_signed(row[f'points_{key}'])} pt")
    found = matched(ranking, career_id)
    source = _source(found["interests_via"])
    if found["interests"]:
        lines.append(f"Centres d'intérêt en commun{source} : " + ", ".join(found["interests"]))
    elif ranking.answers.interests and not row.get("unknown_interets", True):
        lines.append(f"Aucun de vos centres d'intérêt parmi ceux du métier{source}")
    if found["riasec"] and "riasec" in (c for c, _, _ in ranking.criteria):
        types = ", ".join(RIASEC[t][0] for t in found["riasec"] if t in RIASEC)
        source = _source(found["riasec_via"])
        lines.append(f"Code RIASEC du métier{source} : {found['riasec']} ({types})")
    if found["skills"]:
        lines.append("Compétences en commun : " + ", ".join(found["skills"]))
    if "pay_measure" in row and not is_missing(row.get("pay_net_month")):
        pay = _pay(row["pay_net_month"], row["pay_net_month_max"])
        lines.append(f"Salaire retenu : {row['pay_measure']} : {pay} net par mois")
    lines += [f"À savoir : {text}" for text in unknowns(row)]
    return lines


def _signed(value: float) -> str:
    return f"{value:+.2f}".replace(".", ",")


def _source(via: object) -> str:
    return f" (d'après la fiche ROME {via})" if isinstance(via, str) else ""


def escape_markdown(text: str) -> str:
    """A career title as plain text inside a Streamlit label (labels read Markdown)."""
    return "".join(f"\\{ch}" if ch in "\\`*_{}[]()<>#+-.!|~$:" else ch for ch in str(text))


# -- what the page shows -------------------------------------------------------------------


def result_table(ranking: Ranking, top: int, source_labels: dict[str, str]) -> pd.DataFrame:
    """The first `top` results as a table a student reads: points per criterion, and what
    was unknown for each career."""
    rows = ranking.ranked.head(top)
    table = pd.DataFrame(
        {
            "Rang": rows["rank"],
            "Métier": rows["title"],
            "Source": rows["source_kind"].map(lambda s: source_labels.get(s, s)),
            "Compatibilité": rows["compatibility"].round(0),
        }
    )
    for key, label, _ in ranking.criteria:
        table[label] = rows[f"points_{key}"]
    if "pay_net_month" in rows:
        table["Salaire retenu (net/mois)"] = [
            None if is_missing(low) else _pay(low, high)
            for low, high in zip(rows["pay_net_month"], rows["pay_net_month_max"], strict=True)
        ]
    table["À savoir"] = ["; ".join(unknowns(row)) for _, row in rows.iterrows()]
    return table


def excluded_table(
    ranking: Ranking, source_labels: dict[str, str], limit: int | None = None
) -> pd.DataFrame:
    """The excluded careers and why; with `limit`, the first ones only (in ranking order)."""
    rows = ranking.excluded_rows.iloc[:limit]
    return pd.DataFrame(
        {
            "Métier": rows["title"],
            "Source": rows["source_kind"].map(lambda s: source_labels.get(s, s)),
            "Exclu parce que": ["; ".join(r) for r in ranking.reasons(limit)],
        }
    )


METHOD = f"""
**Préférences.** Chaque critère que vous utilisez donne au métier un score partiel :

- *centres d'intérêt* et *compétences* : la part de vos choix que le métier a (de 0 à 1) ;
- *types d'activité (RIASEC)* : de 0 à 1, selon que le code du métier (son type principal
  compte pour 1, le deuxième pour ½, le troisième pour ¼) couvre les types que vous aimez le plus ;
- *profil* (scores éditoriaux des fiches) : de −1 à +1, (score − 50) ÷ 50.

Le score partiel est multiplié par le poids que vous donnez au critère, et les points
s'additionnent. La compatibilité ramène ce total sur 100 (50 : autant de pour que de contre).

**Donnée inconnue : 0 point**, ni bonus ni pénalité, et la ligne le signale (« centres
d'intérêt inconnus », « salaire inconnu »). Les fiches qui portent un code ROME prennent les
centres d'intérêt, le code RIASEC et les conditions de travail de cette fiche ROME (c'est
indiqué).

**Refus.** Un métier dont le niveau d'études dépasse votre maximum, dont le salaire connu est
sous votre minimum, ou qui peut comporter une condition de travail que vous refusez est
exclu, avec la raison. Un fait inconnu n'exclut jamais.

**Salaire.** Chaque métier est jugé sur la mesure qu'il a, nommée sur la ligne : la médiane
de sa famille professionnelle (Dares, net mensuel, 2017-2019) telle quelle — quand un métier
relève de plusieurs familles, il n'est exclu que si toutes sont sous votre minimum, et
« salaire incertain » s'affiche si elles sont de part et d'autre ; sinon le milieu de la
fourchette débutant de la fiche (brut annuel), converti en net mensuel par
brut × {GROSS_TO_NET:.2f} ÷ 12 — une estimation (rapport net/brut moyen du secteur privé,
Insee Première n° 1528 : {GROSS_TO_NET_SOURCE}), que vous pouvez désactiver. Les salaires en
dollars (O*NET) ne sont jamais convertis : ils ne sont pas comparés.

**Égalités.** À points égaux, le métier dont on sait le plus (le moins d'inconnues) passe
devant, puis l'ordre alphabétique décide : les mêmes réponses donnent toujours le même
classement.
""".replace("0.75", "0,75")
