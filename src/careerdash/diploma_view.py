"""Shaping diploma data for people: labels, tables and texts of the Diplômes page and of
`careerdash diploma` (pure functions: DataFrames in, DataFrames or strings out).

Every rate is written with the counts behind it ("62 % · 3 535 sur 5 710 sortants"), a
blank of the producer stays "non renseigné", and every salary says its kind, basis,
period and source: nothing here averages rates or puts two kinds of pay together.
"""

from __future__ import annotations

import re

import pandas as pd

from . import smic
from .formatting import BAND_LABELS, MISSING, NBSP, band, is_missing, level_label, thousands
from .importers.diplomas import SOURCE_LABELS, kind_of_title
from .queries import SOURCE_LABELS as CAREER_SOURCES

ROUTES = {"scolaire": "Voie scolaire", "apprentissage": "Apprentissage"}
INDICATORS = {
    "in_work_6m": "En emploi 6 mois après",
    "in_work_12m": "En emploi 12 mois après",
    "in_work_18m": "En emploi 18 mois après",
    "in_work_24m": "En emploi 24 mois après",
    "further_study": "Poursuite d'études",
}
BASES = {"leavers": "sortants", "final_year": "inscrits en année terminale"}
MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
PERIODS = {"year": "an", "month": "mois"}


def md_escape(text: str) -> str:
    """Text read from a file, made inert for st.header/st.markdown (data is text)."""
    return MARKDOWN.sub(r"\\\1", str(text))


def year_label(year: str) -> str:
    """InserJeunes millésime "2022_2023" → "2022-2023"."""
    return str(year).replace("_", "-")


def count(value) -> str:
    return MISSING if is_missing(value) else thousands(value)


def diploma_title(row) -> str:
    title = row["title"]
    return (
        title if isinstance(title, str) and title else f"{row['diploma_id']} (intitulé {MISSING})"
    )


def diploma_label(row) -> str:
    """One line naming a diploma in a list: title · level · status · code."""
    parts = [diploma_title(row)]
    if not is_missing(row["level_years"]):
        parts.append(level_label(row["level_years"]))
    if isinstance(row["status"], str):
        parts.append(row["status"])
    if isinstance(row["cfd"], str):
        parts.append(f"CFD {row['cfd']}")
    elif isinstance(row["rncp"], str):
        parts.append(f"RNCP{row['rncp']}")
    return " · ".join(parts)


def diploma_facts(row) -> list[tuple[str, str]]:
    """(label, value) pairs of a diploma's identity card, missing facts said so."""

    def text(value) -> str:
        if is_missing(value) or value == "":
            return MISSING
        return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else str(value)

    return [
        ("Type", text(row["kind"])),
        ("Niveau", level_label(row["level_years"])),
        (
            "Niveau européen",
            text(row["eu_level"] if is_missing(row["eu_level"]) else int(row["eu_level"])),
        ),
        ("Statut", text(row["status"])),
        ("Code CFD", text(row["cfd"])),
        ("Fiche RNCP", text(f"RNCP{row['rncp']}" if isinstance(row["rncp"], str) else None)),
        ("Identifiant ONISEP", text(row["onisep_id"])),
        ("Domaine (BCN)", text(row["domain"])),
        ("Ouvert le", text(row["opened_on"])),
        ("Fermé le", text(row["closed_on"])),
        (
            "Sources",
            ", ".join(SOURCE_LABELS.get(s.strip(), s.strip()) for s in row["sources"].split(",")),
        ),
    ]


def rate_text(numerator, base, base_kind: str = "leavers") -> str:
    """ "62 % · 3 535 sur 5 710 sortants"; blank counts stay "non renseigné"."""
    if is_missing(numerator) or is_missing(base) or not base:
        return MISSING
    share = round(100 * numerator / base)
    return f"{share}{NBSP}% · {count(numerator)} sur {count(base)} {BASES[base_kind]}"


def outcomes_table(outcomes: pd.DataFrame) -> pd.DataFrame:
    """One row per year × route, every rate written with its counts."""
    rows = []
    for r in outcomes.sort_values(["year", "route"], ascending=[False, True]).to_dict("records"):
        row = {
            "Année de sortie": year_label(r["year"]),
            "Voie": ROUTES.get(r["route"], r["route"]),
            "Régions": int(r["regions"]),
        }
        for name, label in INDICATORS.items():
            base = "final_year" if name == "further_study" else "leavers"
            row[label] = rate_text(r[name], r[f"{name}_base"], base)
        rows.append(row)
    return pd.DataFrame(rows)


def pay_text(pay: pd.DataFrame) -> dict[str, str]:
    """career_id → its salary rows as one text, each with its kind, basis and period."""
    texts: dict[str, str] = {}
    for cid, rows in pay.groupby("career_id", sort=False):
        parts = []
        for r in rows.itertuples():
            what = BAND_LABELS.get(
                r.level, "Médiane de la famille" if r.level == "family_median" else r.level
            )
            basis = r.basis if r.basis in ("brut", "net") else "base non précisée"
            period = PERIODS.get(r.period, r.period)
            text = f"{what} : {band(r.min_amount, r.max_amount, r.currency)} {basis}/{period}"
            warning = _smic_flag(r)
            parts.append(f"{text} {warning}" if warning else text)
        texts[cid] = " ; ".join(parts)
    return texts


def _smic_flag(r) -> str:
    """A gross annual euro figure below the SMIC of its year says so where it is shown
    (careerdash.smic); the low end of a band is the figure checked."""
    return smic.flag(r.min_amount, r.currency, r.basis, r.period, getattr(r, "data_year", None))


def careers_table(careers: pd.DataFrame, pay: pd.DataFrame) -> pd.DataFrame:
    """The careers a diploma leads to, with the link's source and their pay as published."""
    texts = pay_text(pay)
    rows = []
    for r in careers.to_dict("records"):
        reached = isinstance(r["career_id"], str)
        rows.append(
            {
                "Métier": r["title"] if isinstance(r["title"], str) else f"ROME {r['rome_code']}",
                "Source du métier": CAREER_SOURCES.get(r["source_kind"], r["source_kind"])
                if reached
                else "code ROME (métier non importé)",
                "Code ROME": r["rome_code"] if isinstance(r["rome_code"], str) else "",
                "Lien établi par": ", ".join(
                    SOURCE_LABELS.get(s.strip(), s.strip()) for s in r["sources"].split(",")
                ),
                "Salaire (tel que publié)": texts.get(r["career_id"], MISSING)
                if reached
                else MISSING,
            }
        )
    return pd.DataFrame(rows)


def skill_overlap(demand: pd.DataFrame, labels: dict[str, str], top_n: int = 15) -> pd.DataFrame:
    """Skill × diploma share of the careers reached that ask for it (%, with n/N), for the
    skills most demanded across the diplomas compared."""
    if demand.empty:
        return demand
    demand = demand.assign(share=100 * demand["careers"] / demand["total"])
    top = demand.groupby("name")["share"].sum().sort_values(ascending=False).head(top_n).index
    rows = demand[demand["name"].isin(top)].copy()
    rows["diploma"] = rows["diploma_id"].map(labels)
    return rows


def listed_kinds(names: pd.DataFrame) -> pd.DataFrame:
    """Fiche diplomas as (kind, career) pairs: the kind each named diploma is ("BTS SIO ou
    DUT informatique" → BTS and DUT), else its level ("Bac+5"); one row per pair."""
    rows = []
    for r in names.to_dict("records"):
        kinds = []
        for part in re.split(r"\s+ou\s+|/|,|\+", r["name"]):
            kind = kind_of_title(part.strip())
            if kind and kind not in kinds:
                kinds.append(kind)
        for kind in kinds or [f"Autre diplôme {r['level']}"]:
            rows.append(
                {
                    "kind": kind,
                    "level_years": r["level_years"],
                    **{k: r[k] for k in ("career_id", "title", "family")},
                }
            )
    frame = pd.DataFrame(rows, columns=["kind", "level_years", "career_id", "title", "family"])
    return frame.drop_duplicates(["kind", "career_id"])


def unique_names(names: list[str]) -> list[str]:
    """Names made distinct for table columns and chart axes ("X", "X (2)")."""
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    return out


def comparison_table(
    refs: pd.DataFrame, careers: pd.DataFrame, outcomes: pd.DataFrame
) -> pd.DataFrame:
    """Facts as rows, diplomas as columns: identity, careers reached, and for each route the
    latest year's in-work and further-study rates with their counts."""
    columns = unique_names([diploma_title(r) for r in refs.to_dict("records")])
    table: dict[str, list[str]] = {"": []}
    rows: list[tuple[str, list[str]]] = [
        (
            "Type",
            [r["kind"] if isinstance(r["kind"], str) else MISSING for r in refs.to_dict("records")],
        ),
        ("Niveau", [level_label(y) for y in refs["level_years"]]),
        ("Statut", [s if isinstance(s, str) else MISSING for s in refs["status"]]),
        (
            "Métiers visés (dans la base / codes ROME seuls)",
            [_reach(careers, d) for d in refs["diploma_id"]],
        ),
    ]
    for route, route_label in ROUTES.items():
        for name, label, base in (
            ("in_work_6m", "en emploi à 6 mois", "leavers"),
            ("in_work_12m", "en emploi à 12 mois", "leavers"),
            ("further_study", "poursuite d'études", "final_year"),
        ):
            values = []
            for d in refs["diploma_id"]:
                mine = outcomes[(outcomes["diploma_id"] == d) & (outcomes["route"] == route)]
                mine = mine.dropna(subset=[f"{name}_rate"]).sort_values("year")
                if mine.empty:
                    values.append(MISSING)
                    continue
                last = mine.iloc[-1]
                text = rate_text(last[name], last[f"{name}_base"], base)
                values.append(f"{text} ({year_label(last['year'])})")
            rows.append((f"{route_label} : {label}", values))
    table = {"": [label for label, _ in rows]}
    for i, column in enumerate(columns):
        table[column] = [values[i] for _, values in rows]
    return pd.DataFrame(table)


def _reach(careers: pd.DataFrame, diploma_id: str) -> str:
    mine = careers[careers["diploma_id"] == diploma_id]
    return f"{mine['career_id'].nunique()} / {int(mine['career_id'].isna().sum())}"


def careers_matrix(careers: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """Career × diploma: which of the compared diplomas lead to each career (✓), careers
    shared by most diplomas first."""
    if careers.empty:
        return pd.DataFrame(columns=["Métier"])
    frame = careers.assign(
        job=[
            t if isinstance(t, str) else f"ROME {code}"
            for t, code in zip(careers["title"], careers["rome_code"], strict=True)
        ],
        kind=[CAREER_SOURCES.get(k, "code ROME seul") for k in careers["source_kind"]],
    )
    names = dict(zip(labels, unique_names(list(labels.values())), strict=True))
    wide = (
        frame.assign(mark="✓")
        .pivot_table(
            index=["job", "kind", "rome_code"],
            columns="diploma_id",
            values="mark",
            aggfunc="first",
            dropna=False,
        )
        .reindex(columns=list(labels))
        .fillna("")
    )
    wide = wide.loc[wide.ne("").any(axis=1)]
    wide["_n"] = wide.ne("").sum(axis=1)
    wide = wide.sort_values("_n", ascending=False, kind="stable").drop(columns="_n")
    wide.columns = [names[c] for c in wide.columns]
    wide = wide.reset_index().rename(
        columns={"job": "Métier", "kind": "Source", "rome_code": "Code ROME"}
    )
    return wide


def pay_table(pay: pd.DataFrame) -> pd.DataFrame:
    """Each salary figure of the careers reached, with what it is."""
    rows = []
    for r in pay.itertuples():
        rows.append(
            {
                "Métier": r.title,
                "Source du métier": CAREER_SOURCES.get(r.source_kind, r.source_kind),
                "Nature du chiffre": BAND_LABELS.get(
                    r.level,
                    "Médiane de la famille de métiers" if r.level == "family_median" else r.level,
                ),
                "Montant": " ".join(
                    filter(None, [band(r.min_amount, r.max_amount, r.currency), _smic_flag(r)])
                ),
                "Base": r.basis if r.basis in ("brut", "net") else "non précisée",
                "Période": PERIODS.get(r.period, r.period),
                "Source du chiffre": r.source_url or r.source_note or MISSING,
            }
        )
    return pd.DataFrame(rows)


def salary_years(bands: pd.DataFrame) -> dict[str, list]:
    """career_id → the years its gross annual euro figures describe (`data_year`), for the
    SMIC flag of a figure computed from them (a midpoint, a median across careers)."""
    if bands.empty or "data_year" not in bands:
        return {}
    rows = bands[(bands["currency"] == "EUR") & (bands["basis"] == "brut")]
    return {cid: list(g["data_year"]) for cid, g in rows.groupby("career_id", sort=False)}
