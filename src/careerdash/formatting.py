"""French display of figures: `30 000 €`, `+43 %`, and "non renseigné" for what is missing."""

from __future__ import annotations

import textwrap

import pandas as pd

MISSING = "non renseigné"
NNBSP = "\u202f"  # narrow no-break space: the French thousands separator
NBSP = "\u00a0"
LEVEL_LABELS = {-1: "CAP", 0: "Bac"} | {n: f"Bac+{n}" for n in range(1, 9)}
CURRENCY_SIGNS = {"EUR": "€", "USD": "$"}
BAND_LABELS = {
    "debutant": "Débutant",
    "confirme": "Confirmé",
    "senior": "Senior",
    "p10": "10e centile",
    "p25": "25e centile",
    "median": "Médiane",
    "p75": "75e centile",
    "p90": "90e centile",
}


def is_missing(value) -> bool:
    """None, NaN and pandas' NA alike: a fact nobody found."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def money(value, currency: str = "EUR") -> str:
    """`30000` → `30 000 €` (narrow no-break spaces, as French typography wants)."""
    if is_missing(value):
        return MISSING
    digits = f"{round(value):,}".replace(",", NNBSP)
    sign = CURRENCY_SIGNS.get(currency, currency)
    return f"{digits}{NBSP}{sign}" if currency == "EUR" else f"{sign}{digits}"


def band(low, high, currency: str = "EUR") -> str:
    """A salary band as a student reads it; a single figure and an open band say so."""
    if is_missing(low) and is_missing(high):
        return MISSING
    if is_missing(high):
        return f"à partir de {money(low, currency)}"
    if is_missing(low):
        return f"jusqu'à {money(high, currency)}"
    if low == high:
        return f"environ {money(low, currency)}"
    sign = CURRENCY_SIGNS.get(currency, currency)
    left = money(low, currency).replace(f"{NBSP}{sign}", "")
    return f"{left} – {money(high, currency)}"


def percent_change(start, end) -> str:
    if is_missing(start) or is_missing(end) or not start:
        return MISSING
    change = (end - start) / start * 100
    return f"{change:+.0f}{NBSP}%"


def score(value) -> str:
    return MISSING if is_missing(value) else f"{int(value)}{NBSP}%"


def level_label(years) -> str:
    if is_missing(years):
        return MISSING
    return LEVEL_LABELS.get(int(years), f"{int(years)} ans")


def wrap(label: str, width: int = 28) -> str:
    """Break a long label over lines for a chart axis (Plotly reads `<br>`)."""
    return "<br>".join(textwrap.wrap(str(label), width=width)) or str(label)
