"""The legal minimum wage (SMIC), to flag a gross annual figure that falls below it.

A French salary band below the SMIC brut annuel of its year is not a full-time salary:
the figure is old, part-time, or wrong. It is shown with a flag, never as a plain fact.

SMIC brut annuel = hourly SMIC on 1 January × 151.67 h × 12 (35-hour week), rounded to
the euro. Hourly rates: the yearly revaluation decrees (Journal officiel), summarised by
Service-Public.fr, https://www.service-public.fr/particuliers/vosdroits/F2300. Mid-year
increases (May and August 2022, May 2023) are not applied: the 1 January value is the
lowest of its year, so a flag is never raised by a rise the figure may predate.
"""

from __future__ import annotations

import re

import pandas as pd

HOURS_PER_MONTH = 151.67
SOURCE = "https://www.service-public.fr/particuliers/vosdroits/F2300"
HOURLY = {  # € brut per hour on 1 January
    2015: 9.61,
    2016: 9.67,
    2017: 9.76,
    2018: 9.88,
    2019: 10.03,
    2020: 10.15,
    2021: 10.25,
    2022: 10.57,
    2023: 11.27,
    2024: 11.65,
    2025: 11.88,
    2026: 12.02,  # décret n° 2025-1228 du 17 décembre 2025 (+1.18 %)
}
ANNUAL = {year: round(rate * HOURS_PER_MONTH * 12) for year, rate in HOURLY.items()}
LATEST = max(ANNUAL)


def year_of(data_year) -> int | None:
    """`2017-2019` → 2019 (the last year of a period); `2024` → 2024; else None."""
    years = re.findall(r"(?:19|20)\d\d", str(data_year or ""))
    return int(years[-1]) if years else None


def smic_annual(year: int | None) -> tuple[int, int]:
    """(year used, SMIC brut annuel). A band with no year is taken as current: compared
    with the latest SMIC of the table. A year outside the table takes the nearest one."""
    if year is None or year > LATEST:
        return LATEST, ANNUAL[LATEST]
    used = max(min(year, LATEST), min(ANNUAL))
    return used, ANNUAL[used]


def below_smic(amount, currency: str, basis: str, period: str, data_year=None) -> int | None:
    """The year whose SMIC the figure falls below, or None when it does not (or when the
    figure is not a French gross annual amount, which the SMIC does not measure)."""
    try:
        if amount is None or pd.isna(amount):
            return None
    except (TypeError, ValueError):
        return None
    if currency != "EUR" or basis != "brut" or period != "year":
        return None
    year, floor = smic_annual(year_of(data_year))
    return year if amount < floor else None


# -- ui8: the flag as the pages write it -------------------------------------------------


def flag(amount, currency: str, basis: str, period: str, data_year=None) -> str:
    """`⚠ sous le SMIC brut annuel 2019 (18 255 €)` beside a figure below the SMIC of its
    year; empty otherwise (and for what the SMIC does not measure: net, monthly, dollars)."""
    from .formatting import money

    year = below_smic(amount, currency, basis, period, data_year)
    if year is None:
        return ""
    return f"⚠ sous le SMIC brut annuel {year} ({money(ANNUAL[year])})"


def latest_year(data_years) -> int | None:
    """The latest year among figures of several years (`2017-2019` counts as 2019); None
    when none says its year."""
    years = [y for y in (year_of(d) for d in data_years) if y is not None]
    return max(years) if years else None


def median_flag(amount, data_years) -> str:
    """The flag of a median of gross annual figures (€) from several careers: checked against
    the SMIC of the latest year among them (the highest floor any of them is held to), and
    said so."""
    from .formatting import is_missing, money

    if is_missing(amount):
        return ""
    latest = latest_year(data_years)
    year, floor = smic_annual(latest)
    if amount >= floor:
        return ""
    why = (
        "l'année la plus récente des salaires comptés"
        if latest is not None
        else "le plus récent : les salaires comptés ne disent pas leur année"
    )
    return f"⚠ sous le SMIC brut annuel {year} ({money(floor)}), {why}"
