"""What a salary figure is: the one place that names each measure the database holds.

A measure is (kind, currency, basis, period). Two figures of different measures never share
an axis: a fiche's débutant band (gross, yearly, euros), an OEWS percentile (gross, yearly,
dollars, all experience levels) and a DARES family median (net, monthly, euros, for a whole
professional family) answer different questions. Pages group rows by `measure_key` and
draw one chart per measure, titled with `Measure.label`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

BAND_LEVELS = ("debutant", "confirme", "senior")
PERCENTILE_LEVELS = ("p10", "p25", "median", "p75", "p90")
FAMILY_LEVELS = ("family_median",)

KINDS = {
    "band": "Fourchette par expérience (débutant, confirmé)",
    "percentile": "Centiles de tous les salariés du métier",
    "family_median": "Médiane de la famille professionnelle",
}
KIND_HELP = {
    "band": "Fourchette publiée pour un débutant (moins de 3 ans) et un confirmé (plus de "
    "5 ans), d'après la source de la fiche.",
    "percentile": "Répartition des salaires de tous les salariés du métier, tous niveaux "
    "d'expérience : 10 % gagnent moins que le 10e centile, la moitié moins que la médiane.",
    "family_median": "Salaire médian de l'ensemble d'une famille professionnelle (plusieurs "
    "métiers proches), pas celui du métier seul.",
}
BASES = {"brut": "brut", "net": "net"}
PERIODS = {"year": "annuel", "month": "mensuel"}
CURRENCIES = {"EUR": "€", "USD": "$"}


@dataclass(frozen=True)
class Measure:
    kind: str  # band | percentile | family_median | the level itself when unknown
    currency: str
    basis: str
    period: str

    @property
    def label(self) -> str:
        """`Fourchette par expérience (débutant, confirmé) — brut annuel, €`."""
        what = KINDS.get(self.kind, self.kind)
        basis = BASES.get(self.basis, self.basis)
        period = PERIODS.get(self.period, self.period)
        return f"{what} — {basis} {period}, {CURRENCIES.get(self.currency, self.currency)}"

    @property
    def help(self) -> str:
        return KIND_HELP.get(self.kind, "")


def kind_of(level: str) -> str:
    if level in BAND_LEVELS:
        return "band"
    if level in PERCENTILE_LEVELS:
        return "percentile"
    if level in FAMILY_LEVELS:
        return "family_median"
    return level


def measure_of(row) -> Measure:
    """The measure of one `salary_bands` row (a Series, dict or namedtuple)."""
    get = row.get if hasattr(row, "get") else lambda k: getattr(row, k)
    return Measure(kind_of(get("level")), get("currency"), get("basis"), get("period"))


def split(bands: pd.DataFrame) -> list[tuple[Measure, pd.DataFrame]]:
    """Rows grouped by measure, in a stable order: bands, percentiles, family medians;
    euros before dollars."""
    if bands.empty:
        return []
    keyed = bands.assign(
        _measure=[
            Measure(kind_of(lv), c, b, p)
            for lv, c, b, p in zip(
                bands["level"], bands["currency"], bands["basis"], bands["period"], strict=True
            )
        ]
    )
    order = list(KINDS)
    groups = sorted(
        keyed.groupby("_measure", sort=False),
        key=lambda g: (
            order.index(g[0].kind) if g[0].kind in order else len(order),
            g[0].currency != "EUR",
            g[0].currency,
            g[0].basis,
            g[0].period,
        ),
    )
    return [(m, rows.drop(columns="_measure")) for m, rows in groups]
