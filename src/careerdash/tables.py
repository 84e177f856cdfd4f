"""DataFrame shaping for tables the pages show (pure functions, like the chart builders)."""

from __future__ import annotations

import math

import pandas as pd

from . import queries, smic
from .formatting import MISSING, is_missing, level_label, money, shared_band, thousands
from .queries import PROFILE_DIMENSIONS, SOURCE_LABELS

SORT_KEYS = {
    "Métier": ("title", True),
    "Salaire débutant": ("debutant_mid", False),
    "Salaire confirmé": ("confirme_mid", False),
    "Progression débutant → confirmé": ("growth_pct", False),
} | {label: (key, False) for key, label in PROFILE_DIMENSIONS.items()}


def _band_texts(summary: pd.DataFrame, level: str) -> list[str]:
    """`band` of each row for one level: flagged when its low end is below the SMIC brut
    annuel, "environ …" when the fiche gave monthly figures. Read as plain floats once, not
    cell by cell through pandas (thousands of rows per rerun)."""
    floor = smic.smic_annual(smic.year_of(None))[1]
    converted = summary.get(f"{level}_converted_from_monthly")
    if converted is None:  # a database written before the column existed
        converted = pd.Series(False, index=summary.index)
    out = []
    for low, high, currency, approximate in zip(
        summary[f"{level}_min"].to_numpy(dtype=float, na_value=math.nan),
        summary[f"{level}_max"].to_numpy(dtype=float, na_value=math.nan),
        summary["currency"].to_numpy(dtype=object, na_value=None),
        converted.to_numpy(dtype=bool, na_value=False),
        strict=True,
    ):
        currency = currency or "EUR"
        text = shared_band(low, high, currency, approximate)
        if currency == "EUR" and low < floor:  # NaN compares False: nothing to flag
            text += " ⚠ sous le SMIC"
        out.append(text)
    return out


def _level_texts(summary: pd.DataFrame) -> list[str | None]:
    """The reference level as the fiche names it, else the label of its study years; each
    distinct number of years is written once."""
    years = summary["reference_level_years"].to_numpy(dtype=float, na_value=math.nan)
    labels = {y: level_label(y) for y in set(years.tolist()) if y == y}
    return [
        r if isinstance(r, str) else labels.get(y)
        for r, y in zip(
            summary["reference_level"].to_numpy(dtype=object, na_value=None),
            years.tolist(),
            strict=True,
        )
    ]


# The texts of a career's row that depend on the career alone, not on the filters.
_ROW_TEXTS = ("Débutant", "Confirmé", "Niveau de référence", "median", "family_median")


def row_texts(df: pd.DataFrame) -> list[tuple]:
    """Each row's `_ROW_TEXTS`, in that order. Figures are read as plain floats (NaN when
    missing), not cell by cell through pandas: a filter change writes thousands of rows."""
    wages = df["median_wage"].to_numpy(dtype=float, na_value=math.nan)
    currencies = df["currency"].to_numpy(dtype=object, na_value=None)
    median = [
        None if m != m else money(m, c or "EUR") for m, c in zip(wages, currencies, strict=True)
    ]
    if "family_median_net_month" in df:
        lows = df["family_median_net_month"].to_numpy(dtype=float, na_value=math.nan)
        highs = df["family_median_net_month_max"].to_numpy(dtype=float, na_value=math.nan)
        family = [
            None if low != low else family_median_text(low, high)
            for low, high in zip(lows, highs, strict=True)
        ]
    else:
        family = [None] * len(df)
    return list(
        zip(
            _band_texts(df, "debutant"),
            _band_texts(df, "confirme"),
            _level_texts(df),
            median,
            family,
            strict=True,
        )
    )


def explorer_table(
    summary: pd.DataFrame,
    sort_by: str = "Métier",
    limit: int | None = None,
    written: dict[str, tuple] | None = None,
) -> pd.DataFrame:
    """One readable row per career; bands as text, missing values left empty (shown as
    "non renseigné" by the page). With `limit`, the first rows in that order only: they are
    sorted on the figures, then only those are written out as text.

    `written` keeps each career's texts (`row_texts`) from one call to the next, for one
    database: a filter change shows mostly careers already written, and writing thousands
    of bands was a quarter of the Explorer's rerun at 10,000 careers."""
    column, ascending = SORT_KEYS.get(sort_by, ("title", True))
    df = summary.sort_values(column, ascending=ascending, na_position="last", kind="stable")
    if limit is not None:
        df = df.head(limit)
    written = {} if written is None else written
    ids = df["career_id"].tolist()
    new = [i for i, c in enumerate(ids) if c not in written]
    if new:
        written.update(zip([ids[i] for i in new], row_texts(df.iloc[new]), strict=True))
    texts = [written[c] for c in ids]
    columns = dict(zip(_ROW_TEXTS, zip(*texts, strict=True), strict=True)) if texts else {}
    empty = [None] * len(df)
    table = pd.DataFrame(
        {
            "career_id": df["career_id"],
            "Métier": df["title"],
            "Famille": df["family"],
            "Source": df["source_kind"].map(SOURCE_LABELS),
            "Débutant": columns.get("Débutant", empty),
            "Confirmé": columns.get("Confirmé", empty),
            "Niveau de référence": columns.get("Niveau de référence", empty),
        }
    )
    if df["median_wage"].notna().any():  # national datasets: percentiles, not bands
        table["Médiane (tous niveaux)"] = columns["median"]
    if "family_median_net_month" in df and df["family_median_net_month"].notna().any():
        # Dares: the median of a whole professional family, net per month, 2017–2019
        table["Médiane famille (net/mois)"] = columns["family_median"]
    if "matched" in df and df["matched"].notna().any():  # a search: say what it found
        table.insert(2, "Trouvé dans", df["matched"].to_numpy())
    for key, label in PROFILE_DIMENSIONS.items():
        table[label] = df[key].astype("Float64")
    return table.reset_index(drop=True)


def family_median_text(low, high) -> str | None:
    """`2 100 €` or, for a career reaching several families, `1 950 à 2 500 €`."""
    if is_missing(low):
        return None
    if is_missing(high) or high == low:
        return money(low)
    return f"{money(low)} à {money(high)}"


def presence(items: pd.DataFrame, item: str, careers: list[str]) -> pd.DataFrame:
    """Item × career with ✓ where the career has it; items shared by all first."""
    if items.empty:
        return pd.DataFrame(columns=[item, "Partagé par", *careers])
    counts = items.groupby([item, "career"]).size().unstack(fill_value=0)
    grid = counts.reindex(columns=careers, fill_value=0) > 0
    grid = grid.assign(_n=grid.sum(axis=1)).reset_index()
    grid = grid.sort_values(["_n", item], ascending=[False, True])
    out = pd.DataFrame(
        {item: grid[item], "Partagé par": [f"{n}/{len(careers)}" for n in grid["_n"]]}
    )
    for career in careers:
        out[career] = ["✓" if v else "" for v in grid[career]]
    return out.reset_index(drop=True)


IMPRECISE = "imprecise"  # the O*NET importer's mark on a flagged share (see README)


def education_shares(diplomas: pd.DataFrame) -> pd.DataFrame:
    """O*NET's respondents' shares per education level, flagged shares marked imprecise."""
    rows = diplomas[diplomas["share"].notna()].sort_values("level_years", kind="stable")
    return pd.DataFrame(
        {
            "Niveau": rows["level"],
            "Années après le bac": rows["level_years"].astype("Int64"),
            "Part des répondants": [f"{s:.0f} %".replace(".", ",") for s in rows["share"]],
            "Précision": ["imprécise" if IMPRECISE in str(d) else "" for d in rows["description"]],
            "Référence": ["★" if r else "" for r in rows["is_reference"]],
        }
    ).reset_index(drop=True)


def count_sentence(n: int) -> str:
    """`Aucun métier ne correspond`, `1 métier correspond`, `2 648 métiers correspondent`."""
    if n == 0:
        return "Aucun métier ne correspond"
    if n == 1:
        return "1 métier correspond"
    return f"{thousands(n)} métiers correspondent"


WHAT_IS_LACKING = {  # summary column → what the careers a minimum on it drops lack
    "debutant_mid": "de fourchette débutant en euros",
    "confirme_mid": "de fourchette confirmé en euros",
    "median_wage": "de salaire médian O*NET",
    "family_median_net_month": "de médiane Dares de famille professionnelle",
}


def excluded_for_lack(unfiltered: pd.DataFrame, filters) -> list[str]:
    """For each active salary or profile filter, how many careers it dropped only because
    they lack the measure filtered, by source, and what they have instead."""
    lines = []
    for column, _ in queries.active_minimums(filters):
        what = WHAT_IS_LACKING.get(column) or f"de score « {PROFILE_DIMENSIONS[column]} »"
        # a mask, and only the columns read taken through it: the frame holds every career
        lacking = queries.lacking(unfiltered, column)
        count = int(lacking.sum())
        if not count:
            continue
        by_source = unfiltered["source_kind"][lacking].map(SOURCE_LABELS).value_counts()
        detail = ", ".join(f"{source} : {n}" for source, n in by_source.items())
        line = f"{count} métier(s) exclus faute {what} ({detail})."
        if column != "median_wage" and unfiltered["median_wage"][lacking].notna().any():
            line += " Les métiers O*NET ont un salaire médian : filtrez-les sur celui-ci."
        if (
            column != "family_median_net_month"
            and "family_median_net_month" in unfiltered
            and unfiltered["family_median_net_month"][lacking].notna().any()
        ):
            line += (
                " Les métiers ROME (et les fiches qui portent un code ROME) ont la médiane "
                "nette mensuelle de leur famille professionnelle (Dares) : filtrez-les sur "
                "celle-ci."
            )
        lines.append(line)
    return lines


def pay_labels(summary: pd.DataFrame) -> dict[str, str]:
    """career_id → a short pay label saying its kind: `32–45 k€ brut/an` (midpoints of the
    débutant and confirmé bands) or `médiane 81 k$` (OEWS); absent when unknown."""
    labels = {}
    for row in summary.itertuples():
        currency = row.currency or "EUR"
        sign = "€" if currency == "EUR" else "$"
        low, high = row.debutant_mid, row.confirme_mid
        if not is_missing(low) and not is_missing(high):
            labels[row.career_id] = f"{low / 1000:.0f}–{high / 1000:.0f} k{sign} brut/an"
        elif not is_missing(row.median_wage):
            labels[row.career_id] = f"médiane {row.median_wage / 1000:.0f} k{sign}"
    return labels


TENSION_COLUMNS = {  # Dares/France Travail indicator → its French name, as published
    "tension_category": "Tension",
    "hiring_intensity": "Intensité d'embauches",
    "labour_shortage": "Manque de main-d'œuvre",
    "training_link": "Lien formation-emploi",
    "non_durability": "Emplois non durables",
    "working_conditions": "Conditions de travail contraignantes",
    "geographic_mismatch": "Inadéquation géographique",
}


def tension_table(tension: pd.DataFrame) -> pd.DataFrame:
    """One row per career × professional family: the national tension indicators (1 = weak
    … 5 = strong), with the family they describe, since they are the family's, not the job's."""
    table = pd.DataFrame(
        {
            "Métier": tension["career"] if "career" in tension else tension["title"],
            "Famille professionnelle": tension["fap_label"],  # None: Dares gives no label
            "Code FAP": tension["fap_code"],
            "Année": tension["year"],
        }
    )
    if table["Famille professionnelle"].isna().all():
        # the labels come with an optional Dares file: without it, a column of "non
        # renseigné" on every row says nothing the code beside it does not
        table = table.drop(columns="Famille professionnelle")
    for column, label in TENSION_COLUMNS.items():
        table[label] = tension[column].astype("Int64")
    return table.reset_index(drop=True)


def family_median_table(medians: pd.DataFrame) -> pd.DataFrame:
    """One row per career: its family median (a range when it reaches several families)
    and the families used, highest first."""
    return pd.DataFrame(
        {
            "Métier": medians["title"],
            "Médiane famille (net/mois)": [
                family_median_text(low, high)
                for low, high in zip(
                    medians["family_median_net_month"],
                    medians["family_median_net_month_max"],
                    strict=True,
                )
            ],
            "Familles (FAP)": [", ".join(codes) for codes in medians["fap_codes"]],
            "Période": medians["data_year"],
        }
    ).reset_index(drop=True)


# -- ui8: missing values read in full in the grids ---------------------------------------

MISSING_WIDTH = 125  # px: "non renseigné" in full in a grid cell, padding included


def readable_missing(table: pd.DataFrame, marker: str = MISSING) -> dict[str, dict]:
    """Column settings for `st.dataframe(column_config=…)`: a column that holds a missing
    value, and whose own header and values are shorter than the marker the grid writes
    there (`placeholder`), gets room for it. Sized on its figures ("Score", "3"), the grid
    would clip "non renseigné" to "nseign". Wider columns keep their own width."""
    config = {}
    for column in table.columns:
        values = table[column]
        if not values.isna().any():
            continue
        longest = max([len(str(column))] + [len(str(v)) for v in values.dropna()])
        if longest < len(marker) + 2:
            config[str(column)] = {"width": MISSING_WIDTH}
    return config
