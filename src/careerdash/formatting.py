"""French display of figures: `30 000 €`, `+43 %`, and "non renseigné" for what is missing."""

from __future__ import annotations

import functools
import html
import re
import string
import textwrap
from urllib.parse import urlsplit

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
    if value is None:
        return True
    if isinstance(value, float):  # numpy's floats too: the common case, without pandas
        return value != value
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def thousands(n) -> str:
    """`2648` → `2 648` (a narrow no-break space between thousands, as French writes it)."""
    return f"{int(n):,}".replace(",", NNBSP)


def money(value, currency: str = "EUR") -> str:
    """`30000` → `30 000 €` (narrow no-break spaces, as French typography wants)."""
    if is_missing(value):
        return MISSING
    return _money(float(value), currency)


def _money(value: float, currency: str) -> str:
    digits = thousands(round(value))
    sign = CURRENCY_SIGNS.get(currency, currency)
    return f"{digits}{NBSP}{sign}" if currency == "EUR" else f"{sign}{digits}"


def band(low, high, currency: str = "EUR", approximate: bool = False) -> str:
    """A salary band as a student reads it; a single figure and an open band say so.

    `approximate` (a monthly figure ×12): rounded to the hundred and said to be "environ",
    never shown to the euro it was not known to."""
    return _band(_plain(low), _plain(high), currency, bool(approximate))


def shared_band(low, high, currency: str = "EUR", approximate: bool = False) -> str:
    """`band`, written once per distinct band: a table or chart of thousands of careers
    repeats the same published figures."""
    return _band_once(_plain(low), _plain(high), currency, bool(approximate))


def _plain(value) -> float | None:
    """A float, or None for anything missing (NaN, None, pandas' NA)."""
    if isinstance(value, float):  # numpy's floats too: the common case, checked first
        return None if value != value else value
    return None if is_missing(value) else float(value)


def _band(low: float | None, high: float | None, currency: str, approximate: bool) -> str:
    """`band` on plain floats (None = missing): thousands of cells per rerun come here."""
    if low is None and high is None:
        return MISSING
    if approximate:
        low, high = (None if v is None else round(v / 100) * 100 for v in (low, high))
        if low is not None and high is not None and low != high:
            return "environ " + _band(low, high, currency, False)
    if high is None:
        return f"à partir de {_money(low, currency)}"
    if low is None:
        return f"jusqu'à {_money(high, currency)}"
    if low == high:
        return f"environ {_money(low, currency)}"
    # "30 000 – 35 000 €": the euro sign once, at the end; a sign written first stays on both
    left = thousands(round(low)) if currency == "EUR" else _money(low, currency)
    return f"{left} – {_money(high, currency)}"


@functools.lru_cache(maxsize=8192)
def _band_once(low: float | None, high: float | None, currency: str, approximate: bool) -> str:
    return _band(low, high, currency, approximate)


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
    """Break a long label over lines for a chart axis (Plotly reads `<br>`); the text itself
    is escaped, so a title holding `<a href>` stays text."""
    lines = textwrap.wrap(str(label), width=width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(plot_text(line) for line in lines) or plot_text(label)


# -- data is text, never markup ----------------------------------------------------------

_MD_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
_AUTOLINK = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*\\:|www(?=\\\.))|\\@")
WORD_JOINER = "\u2060"


def md(text) -> str:
    """Text read from a fiche or a dataset, for a Streamlit element that renders Markdown
    (headers, captions, expander and link labels): every ASCII punctuation mark is
    backslash-escaped (CommonMark allows it for all of them), so no link, image, heading,
    emphasis, formula, colour or HTML can come out of it. Line breaks become spaces."""
    if is_missing(text):
        return MISSING
    # ASCII whitespace only: the narrow no-break spaces of French figures stay
    flat = re.sub(r"[ \t\r\n\f\v]+", " ", str(text)).strip()
    escaped = _MD_SPECIAL.sub(r"\\\1", flat)
    # Streamlit also turns bare addresses into links after parsing (GFM autolink literals:
    # `https://…`, `www.…`, `a@b.c`), escaped or not: an invisible word joiner after the
    # scheme, `www` and `@` keeps them text.
    return _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, escaped)


def plot_text(text) -> str:
    """Text for a Plotly title, label, legend or hover: Plotly reads a subset of HTML
    (`<a href>`, `<b>`, `<br>`, `<span style>`); entities keep the characters as text."""
    return html.escape(str(text), quote=False)


WEB_SCHEMES = ("http", "https")


def web_url(url) -> str | None:
    """The URL when it is a web address (http or https with a host); None for anything
    else (`javascript:`, `data:`, `file:`, a bare word), which must never become a link."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in WEB_SCHEMES or not parts.hostname:
        return None
    return url.strip()


def site(url) -> str:
    """Where a link goes, as its label says it: `www.insee.fr`."""
    parts = urlsplit(str(url).strip())
    return parts.hostname or str(url)
