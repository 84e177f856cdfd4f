"""Figure builders: a DataFrame in, a Plotly figure out. No I/O, no Streamlit.

Every builder sets French number formatting (`30 000 €`), axis titles and a legend that
names careers, and refuses to put two currencies on one axis.
"""

from __future__ import annotations

import html
import math
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from . import smic
from .formatting import (
    BAND_LABELS,
    CURRENCY_SIGNS,
    LEVEL_LABELS,
    band,
    is_missing,
    money,
    percent_change,
    plot_text,
    shared_band,
    thousands,
    wrap,
)
from .model import PERCENTILE_LEVELS

PALETTE = ["#1f6feb", "#e8590c", "#2b8a3e", "#ae3ec9", "#c92a2a", "#0b7285", "#5c940d"]
FAMILY_PALETTE = qualitative.Dark24  # up to 24 families, each its own colour
LEVEL_COLOURS = {"debutant": "#74a9f6", "confirme": "#1f4e9c", "senior": "#0b2a5b"}
FONT = dict(family="Inter, 'Source Sans Pro', Arial, sans-serif", size=13)


class MixedCurrencies(ValueError):
    """Two currencies would share an axis: the comparison would be meaningless."""


def _layout(fig: go.Figure, title: str, height: int, legend: dict | None = None) -> go.Figure:
    fig.update_layout(**_base_layout(title, height, legend))
    return fig


def _base_layout(title: str, height: int, legend: dict | None = None) -> dict:
    """Title, French number format, size, margins and legend shared by every figure."""
    return dict(
        # the title hangs from the top of the figure, so a legend above the plot sits below it
        title=dict(
            text=plot_text(title),
            x=0,
            xanchor="left",
            y=1,
            yref="container",
            yanchor="top",
            pad=dict(t=14),
        ),
        separators=", ",  # decimal comma, space between thousands
        height=height,
        font=FONT,
        margin=dict(l=10, r=30, t=60, b=40),
        legend=legend or dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0),
        plot_bgcolor="white",
    )


def _label_px(labels: list[str], size: int = FONT["size"]) -> int:
    """The width of the longest line of tick labels, generously: Plotly only ever widens a
    margin to fit its labels (automargin), and each widening draws the chart a second
    time (twice the browser's drawing time), so a margin set wide enough up front saves
    that second drawing; too narrow, it still grows, and nothing is cut."""
    lines = [line for label in labels for line in str(label).split("<br>")]
    return math.ceil(0.54 * size * max(map(len, lines), default=0))  # 7 px at 13 px


def _legend_rows(names: list[str], width: int = 360) -> int:
    """The rows a horizontal legend of `names` takes over a plot `width` px wide (360: a
    radar's plot in a 1000 px window), so its margin is set before drawing (_label_px)."""
    rows, left = 1, width
    for name in names:
        item = 40 + _label_px([name])  # its symbol, then its name
        if item > left and left < width:
            rows, left = rows + 1, width
        left -= item
    return rows


def empty_figure(message: str, title: str = "") -> go.Figure:
    note = dict(
        text=message,
        showarrow=False,
        font=dict(size=15),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
    )
    hidden = dict(annotations=[note], xaxis=dict(visible=False), yaxis=dict(visible=False))
    return _figure([], hidden, title, 200)


def _one_currency(frame: pd.DataFrame) -> str:
    currencies = sorted(frame["currency"].dropna().unique())
    if len(currencies) > 1:
        raise MixedCurrencies(
            f"salaires en {' et '.join(currencies)} : une même échelle les rendrait trompeurs"
        )
    return currencies[0] if currencies else "EUR"


def _money_axis_layout(currency: str) -> dict:
    """A money axis: French thousands, the currency's sign, light grid."""
    sign = CURRENCY_SIGNS.get(currency, currency)
    return dict(
        tickformat=",.0f",
        ticksuffix=f" {sign}" if currency == "EUR" else "",
        tickprefix="" if currency == "EUR" else sign,
        gridcolor="#e9ecef",
        zeroline=False,
    )


# -- salaries ----------------------------------------------------------------------------


def salary_ranges(
    bands: pd.DataFrame,
    order: list[str] | None = None,
    labels_on_points: bool = True,
    title: str = "Salaires : débutant → confirmé (croissance du milieu de fourchette)",
) -> go.Figure:
    """Each career's bands as horizontal min–max bars, midpoint marked, growth on the right.

    `bands` is long form: career, level, min_amount, max_amount, currency. A single figure
    is drawn as a point, an open band ("à partir de") as an arrow from its minimum: never
    as a range nobody published.
    """
    if bands.empty:
        return empty_figure("Aucun salaire renseigné pour ces métiers")
    currency = _one_currency(bands)
    careers = order or list(dict.fromkeys(bands["career"]))
    labels = {c: wrap(c, 30) for c in careers}
    traces = []
    for level in ("debutant", "confirme", "senior"):
        rows = bands[bands["level"] == level]
        if rows.empty:
            continue
        colour = LEVEL_COLOURS[level]
        name = BAND_LABELS[level]
        ranged = rows[rows["max_amount"].notna() & (rows["max_amount"] != rows["min_amount"])]
        if not ranged.empty:
            traces += _range_traces(ranged, labels, level, currency)
        single = rows[rows["max_amount"] == rows["min_amount"]]
        opened = rows[rows["max_amount"].isna() & rows["min_amount"].notna()]
        for subset, symbol, what, position in (
            (single, "diamond", "chiffre unique", "middle left"),
            (opened, "triangle-right", "fourchette ouverte", "middle right"),
        ):
            if subset.empty:
                continue
            traces.append(
                dict(
                    type="scatter",
                    y=[labels[c] for c in subset["career"]],
                    x=subset["min_amount"],
                    mode="markers+text" if labels_on_points else "markers",
                    marker=dict(symbol=symbol, size=14, color=colour),
                    text=[
                        band(lo, hi, currency, approximate=m)
                        for lo, hi, m in zip(
                            subset["min_amount"],
                            subset["max_amount"],
                            _monthly(subset),
                            strict=True,
                        )
                    ],
                    textposition=position,
                    name=f"{name} ({what})",
                    legendgroup=level,
                    offsetgroup=level,
                    hovertemplate="%{y}<br>" + name + " : %{text}<extra></extra>",
                )
            )
    growth = _growth_labels(bands)
    right = bands[["min_amount", "max_amount"]].max().max()
    traces.append(
        dict(
            type="scatter",
            y=[labels[c] for c in careers],
            x=[right * 1.04] * len(careers),
            mode="text",
            text=[growth.get(c, "") for c in careers],
            textposition="middle right",
            cliponaxis=False,  # "non renseigné" reads in full at the right edge
            showlegend=False,
            hoverinfo="skip",
        )
    )
    axis_title = f"Salaire brut annuel ({CURRENCY_SIGNS.get(currency, currency)})"
    height = max(300, 160 + (70 if labels_on_points else 44) * len(careers))
    tall = height > TALL_CHART
    layout = dict(
        barmode="group",
        scattermode="group",
        bargap=0.35,
        bargroupgap=0.1,
        yaxis=dict(categoryorder="array", categoryarray=[labels[c] for c in careers][::-1]),
        xaxis=_money_axis_layout(currency)
        | dict(title=dict(text=axis_title), range=[0, right * 1.18]),
        # title, then up to four legend rows (its groups wrap in a narrow window), then the
        # top axis; the careers' names and the axis below fit in the margins as set, so
        # Plotly draws the chart once (see _label_px): 2,000 px tall on Salaires, the second
        # drawing cost that page's switch 40-80 ms
        margin=dict(l=20 + _label_px(list(labels.values())), r=90, t=210 if tall else 135, b=70),
    )
    if tall:
        mirror = _mirror_money_axis(layout, currency, labels[careers[0]], right * 1.18, axis_title)
        traces.append(mirror)
    legend = dict(
        orientation="h",
        yref="container",
        y=1 - 40 / height,  # under the title, above the top axis of a tall chart
        yanchor="top",
        x=0,
        xanchor="left",
    )
    return _figure(traces, layout, title, height, legend=legend)


def _round_ticks(top: float, most: int = 6) -> list[float]:
    """Round tick values from 0 to `top` (steps of 1, 2 or 5 × 10ⁿ), at most `most`."""
    if not top or top <= 0:
        return [0]
    magnitude = 10 ** math.floor(math.log10(top / most))
    step = next(m * magnitude for m in (1, 2, 5, 10) if top / (m * magnitude) <= most)
    return [i * step for i in range(int(top // step) + 1)]


TALL_CHART = 700  # px: taller than a laptop screen, so the axis is repeated at the top


def _mirror_money_axis(layout: dict, currency: str, anchor: str, right: float, title: str) -> dict:
    """The same euro axis again above the plot (one measure, two places to read it): a
    reader at the top of a chart taller than the screen sees the figures there too.

    Sets the layout's axes; returns the invisible trace that makes Plotly draw the top one
    (an axis is drawn only when a trace uses it)."""
    sign = CURRENCY_SIGNS.get(currency, currency)
    ticks = _round_ticks(right)  # the same figures on both axes, to the euro
    texts = [money(t, currency) for t in ticks]
    layout["xaxis"] |= dict(tickvals=ticks, ticktext=texts)
    layout["xaxis2"] = dict(
        tickvals=ticks,
        ticktext=texts,
        overlaying="x",
        side="top",
        matches="x",
        range=[0, right],
        tickformat=",.0f",
        ticksuffix=f" {sign}" if currency == "EUR" else "",
        tickprefix="" if currency == "EUR" else sign,
        showgrid=False,
        zeroline=False,
        title=dict(text=title, standoff=4),
    )
    return dict(
        type="scatter",
        x=[0, right],
        y=[anchor, anchor],
        xaxis="x2",
        mode="markers",
        marker=dict(opacity=0),
        showlegend=False,
        hoverinfo="skip",
    )


def _range_traces(
    ranged: pd.DataFrame, labels: dict[str, str], level: str, currency: str
) -> list[dict]:
    """Min–max bars of one level, with a tick at each midpoint."""
    name = BAND_LABELS[level]
    monthly = _monthly(ranged)
    mids = (ranged["min_amount"] + ranged["max_amount"]) / 2
    y = [labels[c] for c in ranged["career"]]
    return [
        dict(
            type="bar",
            orientation="h",
            y=y,
            base=ranged["min_amount"],
            x=ranged["max_amount"] - ranged["min_amount"],
            name=name,
            legendgroup=level,
            offsetgroup=level,
            marker=dict(color=LEVEL_COLOURS[level]),
            customdata=[
                band(lo, hi, currency, approximate=m)
                for lo, hi, m in zip(
                    ranged["min_amount"], ranged["max_amount"], monthly, strict=True
                )
            ],
            hovertemplate="%{y}<br>" + name + " : %{customdata}<extra></extra>",
        ),
        dict(
            type="scatter",
            y=y,
            x=mids,
            mode="markers",
            marker=dict(symbol="line-ns", size=16, line=dict(width=3, color="white")),
            name=f"{name} : milieu",
            legendgroup=level,
            showlegend=False,
            offsetgroup=level,
            customdata=[_mid_text(m, currency, mo) for m, mo in zip(mids, monthly, strict=True)],
            hovertemplate="milieu : %{customdata}<extra></extra>",
        ),
    ]


def _mid_text(mid: float, currency: str, monthly: bool) -> str:
    if monthly:  # a monthly figure ×12 is known to the hundred at best
        return f"environ {money(round(mid / 100) * 100, currency)}"
    return money(mid, currency)


def _monthly(bands: pd.DataFrame) -> list[bool]:
    """Per row, whether the figures were monthly ×12: written "environ", to the hundred."""
    if "converted_from_monthly" not in bands:
        return [False] * len(bands)
    return [bool(v) and not is_missing(v) for v in bands["converted_from_monthly"]]


PERCENTILES = PERCENTILE_LEVELS


def salary_figure(bands: pd.DataFrame, order: list[str] | None = None, **options) -> go.Figure:
    """Débutant/confirmé bands as ranges; wage percentiles (national datasets) as boxes."""
    if not bands.empty and bands["level"].isin(PERCENTILES).all():
        return wage_percentiles(bands, order)
    return salary_ranges(bands[~bands["level"].isin(PERCENTILES)], order, **options)


def wage_percentiles(
    bands: pd.DataFrame,
    order: list[str] | None = None,
    title: str = "Salaires observés : centiles (données nationales)",
) -> go.Figure:
    """Per career: a thin line from the 10th to the 90th percentile, a box from the 25th to
    the 75th, a mark at the median. These are not débutant/confirmé bands and say so."""
    if bands.empty:
        return empty_figure("Aucun salaire renseigné pour ces métiers")
    currency = _one_currency(bands)
    wide = bands.pivot_table(index="career", columns="level", values="min_amount", aggfunc="max")
    careers = [c for c in (order or list(dict.fromkeys(bands["career"]))) if c in wide.index]
    wide = wide.reindex(index=careers, columns=list(PERCENTILES))
    labels = [wrap(c, 30) for c in careers]
    traces = [
        dict(
            type="scatter",
            x=[v for lo, hi in zip(wide["p10"], wide["p90"], strict=True) for v in (lo, hi, None)],
            y=[v for y in labels for v in (y, y, None)],
            mode="lines",
            line=dict(color="#868e96", width=2),
            name="10e – 90e centile",
            hoverinfo="skip",
        ),
        dict(
            type="bar",
            orientation="h",
            y=labels,
            base=wide["p25"],
            x=wide["p75"] - wide["p25"],
            marker=dict(color="#74a9f6"),
            name="25e – 75e centile",
            width=0.45,
            customdata=[
                [money(a, currency), money(b, currency)]
                for a, b in zip(wide["p25"], wide["p75"], strict=True)
            ],
            hovertemplate="%{y}<br>25e centile %{customdata[0]}"
            " – 75e %{customdata[1]}<extra></extra>",
        ),
        dict(
            type="scatter",
            x=wide["median"],
            y=labels,
            mode="markers",
            name="Médiane",
            marker=dict(symbol="line-ns", size=22, line=dict(width=3, color="#0b2a5b")),
            customdata=[money(m, currency) for m in wide["median"]],
            hovertemplate="%{y}<br>médiane %{customdata}<extra></extra>",
        ),
    ]
    axis_title = (
        f"Salaire annuel ({CURRENCY_SIGNS.get(currency, currency)}), tous niveaux d'expérience"
    )
    layout = dict(
        yaxis=dict(categoryorder="array", categoryarray=labels[::-1]),
        xaxis=_money_axis_layout(currency) | dict(title=dict(text=axis_title)),
        margin=dict(l=10, r=30, t=110, b=40),
    )
    return _figure(
        traces,
        layout,
        title,
        160 + 56 * len(careers),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left"),
    )


def _growth_labels(bands: pd.DataFrame) -> dict[str, str]:
    """Per career, the growth from the débutant to the confirmé midpoint (first row of each
    level). One pass over plain values: a pandas selection per career took 30 ms for the
    Salaires page's 42 careers, more than drawing them."""
    mids: dict[tuple[str, str], float] = {}
    for career, level, low, high in zip(
        bands["career"], bands["level"], bands["min_amount"], bands["max_amount"], strict=True
    ):
        if level in ("debutant", "confirme") and (career, level) not in mids:
            mids[career, level] = low if is_missing(high) else (low + high) / 2
    return {
        career: percent_change(mids[career, "debutant"], mids[career, "confirme"])
        for career in dict.fromkeys(bands["career"])
        if (career, "debutant") in mids and (career, "confirme") in mids
    }


SCATTER_LIMIT = 2_000  # more careers than this are drawn as a density, not one point each


def salary_scatter(summary: pd.DataFrame, families: list[str] | None = None) -> go.Figure:
    """One point per career: débutant midpoint against confirmé midpoint.

    A family keeps its colour whatever the filters: colours follow `families`, the list of
    every family in the database, not the families left after filtering. Both axes start
    at zero, so a single match is not zoomed to a euro. Careers sharing a point are counted
    on it and all named in its hover, so none hides another. Past `SCATTER_LIMIT` careers,
    points would only hide each other: the chart becomes a density of careers.
    """
    points = summary[_SCATTER_COLUMNS].dropna(subset=["debutant_mid", "confirme_mid"])
    if points.empty:
        return empty_figure("Aucun métier n'a ses deux fourchettes de salaire renseignées")
    currency = _one_currency(points)
    if len(points) > SCATTER_LIMIT:
        return salary_density(points, currency)
    x = points["debutant_mid"].to_numpy(dtype=float)
    y = points["confirme_mid"].to_numpy(dtype=float)
    titles = [plot_text(t) for t in points["title"]]
    approximate = {  # a fiche's monthly figures ×12: "environ …", rounded
        level: [False] * len(points)
        if f"{level}_converted_from_monthly" not in summary
        else summary.loc[points.index, f"{level}_converted_from_monthly"]
        for level in ("debutant", "confirme")
    }
    hover = [
        [shared_band(a, b, currency, m), shared_band(c, d, currency, n), ""]
        for a, b, c, d, m, n in zip(
            *(  # plain floats: shared_band's fast path (NaN for missing)
                points[column].to_numpy(dtype=float, na_value=math.nan)
                for column in ("debutant_min", "debutant_max", "confirme_min", "confirme_max")
            ),
            approximate["debutant"],
            approximate["confirme"],
            strict=True,
        )
    ]
    # careers on the same point: each one's hover names the others, the point says how many
    spot = pd.Series(list(zip(x, y, strict=True)))
    stacked = [rows for rows in spot.groupby(spot).indices.values() if len(rows) > 1]
    for rows in stacked:
        for i in rows:
            hover[i][2] = "<br>Au même point : " + ", ".join(titles[j] for j in rows if j != i)
    family = points["family"].fillna("Sans famille").to_numpy(dtype=object)
    every = list(families or []) + ["Sans famille"]
    every += sorted(set(family) - set(every))
    place = {f: i for i, f in enumerate(every)}
    colour_of = {f: FAMILY_PALETTE[i % len(FAMILY_PALETTE)] for f, i in place.items()}
    template = (
        "<b>%{text}</b><br>Débutant : %{customdata[0]}"
        "<br>Confirmé : %{customdata[1]}%{customdata[2]}<extra></extra>"
    )
    marker = dict(size=12, opacity=0.7, line=dict(width=1, color="white"))
    drawn = sorted(pd.Series(family).groupby(family).indices.items())
    with_legend = len(drawn) <= len(FAMILY_PALETTE)  # else colours would repeat
    if with_legend:
        traces = [
            dict(
                type="scatter",
                x=x[rows],
                y=y[rows],
                mode="markers",
                name=plot_text(name),
                marker=marker | dict(color=colour_of[name]),
                text=[titles[i] for i in rows],
                customdata=[hover[i] for i in rows],
                hovertemplate=template,
            )
            for name, rows in drawn
        ]
    else:
        # more families than colours: a legend could not tell them apart (and one trace per
        # family cost Plotly 0.6 ms each); one trace, each hover names its family
        traces = [
            dict(
                type="scatter",
                x=x,
                y=y,
                mode="markers",
                name="Métiers",
                showlegend=False,
                # each point's colour as a number on a scale of the palette's colours:
                # Plotly checks a numeric array at once, a colour name point by point
                marker=marker
                | dict(
                    color=np.array([place[f] % len(FAMILY_PALETTE) for f in family]),
                    colorscale=_palette_scale(FAMILY_PALETTE),
                    cmin=-0.5,
                    cmax=len(FAMILY_PALETTE) - 0.5,
                ),
                text=titles,
                customdata=np.array(
                    [[*h, plot_text(f)] for h, f in zip(hover, family, strict=True)], dtype=object
                ),
                hovertemplate=template.replace("<extra>", "<br>Famille : %{customdata[3]}<extra>"),
            )
        ]
    if stacked:
        traces.append(
            dict(
                type="scatter",
                x=[x[rows[0]] for rows in stacked],
                y=[y[rows[0]] for rows in stacked],
                mode="text",
                text=[str(len(rows)) for rows in stacked],
                textfont=dict(size=11, color="black"),
                name="Plusieurs métiers au même point (leur nombre)",
                hoverinfo="skip",
            )
        )
    return _figure(
        traces,
        _salary_plane(x.max(), y.max(), currency),
        "Salaire de départ et salaire confirmé"
        + ("" if with_legend else " (couleur : famille, nommée au survol)"),
        520,
        legend=dict(orientation="v", x=1.02, xanchor="left", y=1, yanchor="top"),
    )


def _palette_scale(colours: list[str]) -> list[list]:
    """A colour scale with a flat step per colour: the number i draws colours[i] exactly."""
    step = 1 / len(colours)
    return [[round(i * step + edge * step, 9), c] for i, c in enumerate(colours) for edge in (0, 1)]


_SCATTER_COLUMNS = [
    "title",
    "family",
    "currency",
    "debutant_min",
    "debutant_max",
    "debutant_mid",
    "confirme_min",
    "confirme_max",
    "confirme_mid",
]


def _figure(
    traces: list[dict], axes: dict, title: str, height: int, legend: dict | None = None
) -> go.Figure:
    """A figure built in one constructor call: Plotly validates each property once, where
    `add_trace` and `update_*` calls re-walk the figure (about 5× slower on the Explorer)."""
    return go.Figure(data=traces, layout=_base_layout(title, height, legend) | axes)


def _salary_plane(x_max: float, y_max: float, currency: str) -> dict:
    """Both axes in money, from zero."""
    return dict(
        xaxis=_money_axis_layout(currency)
        | dict(
            title=dict(text="Débutant : milieu de fourchette (brut annuel)"),
            range=[0, x_max * 1.15],
        ),
        yaxis=_money_axis_layout(currency)
        | dict(title=dict(text="Confirmé : milieu de fourchette"), range=[0, y_max * 1.15]),
    )


def salary_density(points: pd.DataFrame, currency: str, bins: int = 40) -> go.Figure:
    """Too many careers for one point each: how many careers fall in each salary cell.

    Counted here (numpy), so the browser receives a grid of counts, not every career."""
    x = points["debutant_mid"].to_numpy(dtype=float)
    y = points["confirme_mid"].to_numpy(dtype=float)
    counts, x_edges, y_edges = np.histogram2d(
        x, y, bins=bins, range=[[0, x.max() * 1.15], [0, y.max() * 1.15]]
    )
    # each cell's edges, as numbers formatted by Plotly (the layout's French separators)
    cells = np.empty((bins, bins, 4))
    cells[..., 0], cells[..., 1] = x_edges[:-1], x_edges[1:]
    cells[..., 2], cells[..., 3] = y_edges[:-1, None], y_edges[1:, None]
    sign = CURRENCY_SIGNS.get(currency, currency)

    def amount(i: int) -> str:
        value = f"%{{customdata[{i}]:,.0f}}"
        return f"{value}\u00a0{sign}" if currency == "EUR" else f"{sign}{value}"

    heatmap = dict(
        type="heatmap",
        x=(x_edges[:-1] + x_edges[1:]) / 2,
        y=(y_edges[:-1] + y_edges[1:]) / 2,
        z=np.where(counts.T > 0, counts.T, np.nan),  # rows follow y; an empty cell is blank
        customdata=cells,
        colorscale="Blues",
        colorbar=dict(title=dict(text="Métiers")),
        hovertemplate=f"%{{z:,.0f}} métiers<br>Débutant : {amount(0)} – {amount(1)}"
        f"<br>Confirmé : {amount(2)} – {amount(3)}<extra></extra>",
    )
    count = thousands(len(points))
    return _figure(
        [heatmap],
        _salary_plane(x.max(), y.max(), currency),
        f"Salaire de départ et salaire confirmé : {count} métiers, comptés par case",
        520,
    )


def salary_by_level(paths: pd.DataFrame, years: dict | None = None) -> go.Figure:
    """Salary midpoints by reference study level: a box per level, every career as a dot.

    `years` (career_id → the years its figures describe) flags a midpoint below the SMIC
    brut annuel of its year in its hover, and draws the SMIC of the latest year among the
    careers as a line: a dot under it is under the legal minimum."""
    data = paths.dropna(subset=["reference_level_years"])
    data = data[data["debutant_mid"].notna() | data["confirme_mid"].notna()]
    if data.empty:
        return empty_figure("Aucun salaire renseigné pour un niveau d'études connu")
    currency = _one_currency(data)
    years = years or {}
    order = [LEVEL_LABELS[y] for y in sorted(data["reference_level_years"].astype(int).unique())]
    traces = []
    for column, level in (("debutant_mid", "debutant"), ("confirme_mid", "confirme")):
        rows = data.dropna(subset=[column])
        flags = [
            smic.flag(mid, currency, "brut", "year", smic.latest_year(years.get(cid, [])))
            for mid, cid in zip(rows[column], rows["career_id"], strict=True)
        ]
        traces.append(
            dict(
                type="box",
                x=[LEVEL_LABELS[int(y)] for y in rows["reference_level_years"]],
                y=rows[column],
                name=BAND_LABELS[level],
                marker=dict(color=LEVEL_COLOURS[level]),
                boxpoints="all",
                jitter=0.4,
                pointpos=0,
                text=[plot_text(t) for t in rows["title"]],
                customdata=[plot_text(f) for f in flags],
                hovertemplate="<b>%{text}</b><br>%{y:,.0f} €<br>%{customdata}<extra></extra>",
            )
        )
    layout = dict(
        boxmode="group",
        xaxis=dict(
            title=dict(text="Niveau d'études de référence"),
            categoryorder="array",
            categoryarray=order,
            automargin=True,
        ),
        yaxis=_money_axis_layout(currency)
        | dict(title=dict(text="Milieu de fourchette (brut annuel)")),
        margin=dict(l=10, r=30, t=60, b=110),  # axis title, then the legend (_label_px)
    )
    if currency == "EUR":
        shown = [y for cid in data["career_id"] for y in years.get(cid, [])]
        year, floor = smic.smic_annual(smic.latest_year(shown))
        red = "#c92a2a"
        layout["shapes"] = [
            dict(
                type="line",
                xref="x domain",
                x0=0,
                x1=1,
                yref="y",
                y0=floor,
                y1=floor,
                line=dict(color=red, dash="dash", width=1),
            )
        ]
        layout["annotations"] = [
            dict(
                text=f"SMIC brut annuel {year} : {money(floor)}",
                showarrow=False,
                xref="x domain",
                x=1,
                xanchor="right",
                yref="y",
                y=floor,
                yanchor="top",
                font=dict(color=red, size=11),
            )
        ]
    return _figure(
        traces,
        layout,
        "Salaire selon le niveau d'études de référence",
        460,
        legend=dict(orientation="h", yanchor="top", y=-0.22, xanchor="left", x=0),
    )


# -- profile and skills ------------------------------------------------------------------


def profile_radar(
    scores: pd.DataFrame, title: str = "Profil d'épanouissement (scores éditoriaux)"
) -> go.Figure:
    """One closed trace per career over the dimensions of ONE scale (0–100): the pages draw
    the fiches' editorial profile and O*NET's Work Values as two charts, never one."""
    if scores.empty:
        return empty_figure("Aucun profil d'épanouissement renseigné")
    traces = []
    for i, (career, rows) in enumerate(scores.groupby("career", sort=False)):
        labels = [plot_text(x) for x in rows["label"]]
        labels.append(labels[0])
        values = list(rows["score"]) + [rows["score"].iloc[0]]
        traces.append(
            dict(
                type="scatterpolar",
                r=values,
                theta=labels,
                name=plot_text(career),
                line=dict(color=PALETTE[i % len(PALETTE)], width=2),
                fill="toself",
                opacity=0.55,
                hovertemplate="%{theta} : %{r}<extra>%{fullData.name}</extra>",
            )
        )
    polar = dict(
        radialaxis=dict(
            range=[0, 100],
            tickvals=[25, 50, 75, 100],
            ticksuffix=" %",
            tickfont=dict(size=9, color="#868e96"),
            angle=90,
            tickangle=90,
        ),
        angularaxis=dict(tickfont=dict(size=12)),
    )
    # the legend below (shown from two careers) in a margin that already holds it: no
    # second drawing
    rows = _legend_rows([t["name"] for t in traces]) if len(traces) > 1 else 0
    margin = dict(l=90, r=90, t=60, b=60 + 30 * rows if rows else 40)
    return _figure(traces, dict(polar=polar, margin=margin), title, 520)


LISTED = "✓"  # a skill the source lists without a score: listed, never "absent"


def skill_heatmap(
    skills: pd.DataFrame,
    top_n: int | None = None,
    title: str = "Compétences techniques (score ; case vide = non listée)",
) -> go.Figure:
    """Skills (rows) × careers (columns), cell = score of ONE scale; a skill listed without
    a score (ROME) shows as ✓ on grey; an empty cell means the career does not list it.

    With `top_n`, keep the skills most careers list, best score first.
    """
    if skills.empty:
        return empty_figure("Aucune compétence technique renseignée")
    scores = skills.pivot_table(
        index="name", columns="career", values="score", aggfunc="max", dropna=False
    )
    listed = skills.pivot_table(index="name", columns="career", values="position", aggfunc="size")
    careers = list(dict.fromkeys(skills["career"]))
    listed = listed.reindex(columns=careers).fillna(0) > 0
    scores = scores.reindex(index=listed.index, columns=careers)
    order = pd.DataFrame({"n": listed.sum(axis=1), "best": scores.max(axis=1).fillna(-1)})
    index = order.sort_values(["n", "best"], ascending=False, kind="stable").index
    if top_n:
        index = index[:top_n]
    scores, listed = scores.loc[index], listed.loc[index]
    many = len(careers) > MAX_HEATMAP_COLUMNS
    if many:  # one row per career, one column per skill: the careers' names read across
        scores, listed = scores.T, listed.T
    z = scores.to_numpy(dtype=float)
    unscored = listed.to_numpy() & pd.isna(scores).to_numpy()
    if many:
        x = [plot_text(_short(n, 40)) for n in index]
        y = [wrap(c, 34) for c in careers]
    else:
        x = [wrap(c, 18 if len(careers) <= 2 else 26) for c in careers]
        y = [wrap(n, 40) for n in index]
    skill_at, career_at = ("%{x}", "%{y}") if many else ("%{y}", "%{x}")
    traces = []
    if not pd.isna(z).all():
        text = [["" if math.isnan(v) else f"{v:.0f}" for v in row] for row in z]
        traces.append(
            dict(
                type="heatmap",
                z=z,
                x=x,
                y=y,
                text=text,
                texttemplate="" if many else "%{text}",
                colorscale="Blues",
                zmin=0,
                zmax=100,
                xgap=2,
                ygap=2,
                colorbar=dict(title=dict(text="Score"), ticksuffix=""),
                hovertemplate=f"{skill_at}<br>{career_at}<br>score %{{z:.0f}}<extra></extra>",
                hoverongaps=False,
            )
        )
    if unscored.any():
        traces.append(
            dict(
                type="heatmap",
                z=[[1.0 if u else None for u in row] for row in unscored],
                x=x,
                y=y,
                text=[[LISTED if u else "" for u in row] for row in unscored],
                texttemplate="%{text}",
                colorscale=[[0, "#dee2e6"], [1, "#dee2e6"]],
                showscale=False,
                xgap=2,
                ygap=2,
                hovertemplate=f"{skill_at}<br>{career_at}<br>listée, sans score<extra></extra>",
                hoverongaps=False,
            )
        )
    yaxis = dict(autorange="reversed", automargin=True)
    if many:
        # skills across, written upwards under the map; careers down the side
        xaxis = dict(side="bottom", tickangle=-90, tickfont=dict(size=11), automargin=True)
        yaxis |= dict(title=dict(text="Métier"), tickfont=dict(size=11))
        bottom = 20 + 6 * max(len(_short(n, 40)) for n in index)
        lines = max((label.count("<br>") + 1 for label in y), default=1)
        rows, row_px = len(careers), 13 * lines + 10
    else:
        # careers across the top: upright when two fit side by side, else written upwards
        # (never cut mid-word, never run into the next column)
        xaxis = dict(
            side="top",
            title=dict(text=""),
            automargin=True,
            tickangle=0 if len(careers) <= 2 else -90,
        )
        yaxis |= dict(title=dict(text="Compétence technique"))
        bottom = 20
        lines = max((y_label.count("<br>") + 1 for y_label in y), default=1)
        rows, row_px = len(index), 14 * lines + 16
    top = 110 if len(careers) <= 2 or many else 110 + 6 * min(26, max(map(len, careers)))
    # margins that already fit the labels (see _label_px): the side axis and its title on
    # the left, the colour scale on the right, careers written upwards on top
    left = 30 + _label_px(y, 11) if many else 34 + _label_px(y)
    right = 100 if traces and traces[0].get("showscale", True) else 30
    above = 110 if many or len(careers) <= 2 else max(110, 30 + _label_px(x))
    margin = dict(l=left, r=right, t=above, b=bottom)
    layout = dict(xaxis=xaxis, yaxis=yaxis, margin=margin)
    return _figure(traces, layout, title, top + bottom + row_px * rows)


MAX_HEATMAP_COLUMNS = 8  # more careers than this: careers become the rows


def skill_demand(demand: pd.DataFrame, top_n: int = 20) -> go.Figure:
    """The hard skills most careers of a selection ask for, coloured by their mean score."""
    if demand.empty:
        return empty_figure("Aucune compétence technique pour cette sélection")
    rows = demand.head(top_n).iloc[::-1]
    bars = dict(
        type="bar",
        orientation="h",
        x=rows["careers"],
        y=[wrap(n, 45) for n in rows["name"]],
        marker=dict(
            color=rows["mean_score"],
            colorscale="Blues",
            cmin=0,
            cmax=100,
            colorbar=dict(title=dict(text="Score<br>moyen")),
        ),
        customdata=rows["mean_score"].round(0),
        hovertemplate="%{y}<br>%{x} métier(s), score moyen %{customdata}<extra></extra>",
    )
    xaxis = dict(
        title=dict(text="Nombre de métiers qui la demandent"),
        dtick=1 if rows["careers"].max() <= 10 else None,
        gridcolor="#e9ecef",
    )
    return _figure(
        [bars], dict(xaxis=xaxis), "Compétences les plus demandées", 140 + 26 * len(rows)
    )


# -- studies and progressions ------------------------------------------------------------


def diploma_levels(diplomas: pd.DataFrame, reference: dict[str, str | None]) -> go.Figure:
    """For each career, the study levels its diplomas sit at (CAP … Bac+8); the reference
    level is highlighted."""
    rows = diplomas.dropna(subset=["level_years"])
    if rows.empty:
        return empty_figure("Aucun diplôme renseigné")
    careers = list(dict.fromkeys(rows["career"]))
    traces = []
    for i, career in enumerate(careers):
        mine = rows[rows["career"] == career]
        label = wrap(career, 30)
        colour = PALETTE[i % len(PALETTE)]
        traces.append(
            dict(
                type="scatter",
                x=[mine["level_years"].min(), mine["level_years"].max()],
                y=[label, label],
                mode="lines",
                line=dict(color=colour, width=3),
                showlegend=False,
                hoverinfo="skip",
            )
        )
        grouped = mine.groupby("level_years")["name"].apply(
            lambda s: "<br>".join(plot_text(n) for n in s)
        )
        is_ref = [LEVEL_LABELS.get(int(y)) == reference.get(career) for y in grouped.index]
        traces.append(
            dict(
                type="scatter",
                x=list(grouped.index),
                y=[label] * len(grouped),
                mode="markers",
                name=plot_text(career),
                marker=dict(
                    size=[22 if r else 12 for r in is_ref],
                    symbol=["star" if r else "circle" for r in is_ref],
                    color=colour,
                    line=dict(color="black", width=[2 if r else 0 for r in is_ref]),
                ),
                customdata=[
                    [n, "niveau de référence" if r else ""]
                    for n, r in zip(grouped.values, is_ref, strict=True)
                ],
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            )
        )
    landmarks = [-1, 0, 2, 3, 5, 8]  # CAP, Bac, BTS/BUT, licence, master, doctorat
    layout = dict(
        xaxis=dict(
            tickvals=landmarks,
            ticktext=staggered_levels(landmarks),
            range=[-1.5, 8.5],
            tickangle=0,
            automargin=True,
            tickfont=dict(size=11),
            title=dict(text="Niveau d'études (★ = niveau de référence)"),
            gridcolor="#e9ecef",
        ),
        yaxis=dict(categoryorder="array", categoryarray=[wrap(c, 30) for c in careers][::-1]),
        showlegend=False,
        # wide enough for the careers' names and the two lines of levels (see _label_px)
        margin=dict(l=14 + _label_px([wrap(c, 30) for c in careers]), r=30, t=60, b=80),
    )
    return _figure(
        traces,
        layout,
        "Parcours d'études : diplômes qui mènent au métier",
        140 + 60 * len(careers),
    )


def staggered_levels(years: list[int]) -> list[str]:
    """Study-level tick labels, a level next to the one before it (Bac+2, Bac+3) written a
    line lower: in a narrow chart neighbours would otherwise print as "Bac+2Bac+3"."""
    labels, lowered = [], False
    for i, y in enumerate(years):
        lowered = i > 0 and y - years[i - 1] <= 1 and not lowered
        labels.append(("<br>" if lowered else "") + LEVEL_LABELS.get(y, str(y)))
    return labels


KIND_COLUMNS = {"entry": 0.0, "career": 0.3, "next": 0.58, "later": 1.0}
KIND_LABELS = {
    "entry": "vient de",
    "next": "évolue vers",
    "later": "puis vers",
    "related": "proche de",
}


def progression_sankey(moves: pd.DataFrame, title: str = "Parcours") -> go.Figure:
    """Entry roles → careers → step-1 roles → step-2 roles, in four fixed columns.

    `moves`: career, kind (entry | next | later), target (the other role's title).
    """
    moves = moves[moves["kind"].isin(["entry", "next", "later"])]
    if moves.empty:
        return empty_figure("Aucune évolution ni expérience d'accès renseignée")
    nodes: dict[tuple[str, str], int] = {}
    labels, xs = [], []

    def node(column: str, label: str) -> int:
        key = (column, label)
        if key not in nodes:
            nodes[key] = len(labels)
            labels.append(wrap(label, 26))
            xs.append(KIND_COLUMNS[column])
        return nodes[key]

    sources, targets, colours = [], [], []
    career_colour = {
        c: PALETTE[i % len(PALETTE)] for i, c in enumerate(dict.fromkeys(moves["career"]))
    }
    for row in moves.itertuples():
        here = node("career", row.career)
        other = node(row.kind, row.target)
        sources.append(other if row.kind == "entry" else here)
        targets.append(here if row.kind == "entry" else other)
        colours.append(career_colour[row.career])
    ys = _spread(xs)
    sankey = dict(
        type="sankey",
        arrangement="fixed",
        node=dict(
            label=labels,
            x=[max(0.001, min(x, 0.999)) for x in xs],
            y=ys,
            pad=14,
            thickness=12,
            color="#495057",
        ),
        link=dict(
            source=sources,
            target=targets,
            value=[1] * len(sources),
            color=[_fade(c, 0.22) for c in colours],
        ),
        textfont=dict(color="#212529", size=12),
    )
    headers = {
        "entry": "Expériences d'accès",
        "career": "Métier",
        "next": "Évolution",
        "later": "Puis",
    }
    annotations = [
        dict(
            x=KIND_COLUMNS[column],
            y=1.0,
            yshift=16,
            xref="paper",
            yref="paper",
            text=f"<b>{text}</b>",
            showarrow=False,
            xanchor="center"
            if 0 < KIND_COLUMNS[column] < 1
            else ("left" if KIND_COLUMNS[column] == 0 else "right"),
        )
        for column, text in headers.items()
        if KIND_COLUMNS[column] in xs
    ]
    height = max(340, 58 * max(xs.count(x) for x in set(xs)) + 60)
    layout = dict(annotations=annotations, margin=dict(l=10, r=10, t=90, b=20))
    return _figure([sankey], layout, title, height)


def _spread(xs: list[float]) -> list[float]:
    """Even vertical spacing within each column, so labels never sit on each other."""
    ys = [0.5] * len(xs)
    for column in set(xs):
        members = [i for i, x in enumerate(xs) if x == column]
        for rank, i in enumerate(members):
            ys[i] = 0.01 + 0.98 * (rank + 0.5) / len(members)
    return ys


def _fade(hex_colour: str, alpha: float = 0.35) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


# -- one chart per measure (truth) -------------------------------------------------------


def measure_figure(bands: pd.DataFrame, measure, order: list[str] | None = None) -> go.Figure:
    """The chart of ONE salary measure (see `careerdash.measures`), titled with what it is:
    bands as ranges, percentiles as boxes, family medians as points."""
    if bands.empty:
        return empty_figure("Aucun salaire renseigné pour ces métiers", plot_text(measure.label))
    if measure.kind == "percentile":
        return wage_percentiles(bands, order, title=measure.label)
    if measure.kind == "band":
        return salary_ranges(bands, order, title=measure.label)
    return single_figures(bands, measure, order)


def single_figures(bands: pd.DataFrame, measure, order: list[str] | None = None) -> go.Figure:
    """One point per career (a family median, or any single-figure measure)."""
    if bands.empty:
        return empty_figure("Aucun salaire renseigné pour ces métiers")
    currency = _one_currency(bands)
    careers = [
        c for c in (order or list(dict.fromkeys(bands["career"]))) if c in set(bands["career"])
    ]
    rows = bands.drop_duplicates("career").set_index("career").reindex(careers)
    labels = [wrap(c, 30) for c in careers]
    points = dict(
        type="scatter",
        x=rows["min_amount"],
        y=labels,
        mode="markers+text",
        marker=dict(symbol="diamond", size=14, color="#2b8a3e"),
        text=[money(v, currency) for v in rows["min_amount"]],
        textposition="middle right",
        name=plot_text(measure.label),
        hovertemplate="%{y}<br>%{text}<extra></extra>",
    )
    right = rows["min_amount"].max()
    layout = dict(
        yaxis=dict(categoryorder="array", categoryarray=labels[::-1]),
        xaxis=_money_axis_layout(currency)
        | dict(range=[0, right * 1.25], title=dict(text=plot_text(measure.label))),
    )
    return _figure([points], layout, measure.label, 160 + 56 * len(careers))


# -- a career's neighbourhood (truth) ----------------------------------------------------

SIDE_HEADERS = {
    -2: "D'où l'on<br>vient (2)",
    -1: "D'où l'on<br>vient",
    0: "Métier",
    1: "Où l'on va",
    2: "Où l'on<br>va (2)",
}
# Characters per label line, by number of columns drawn: a label never runs into the next
# column, even in a 1000 px window (five columns of ~100 px).
GRAPH_WRAP = {1: 60, 2: 40, 3: 28, 4: 20, 5: 15}
LINE_PX, NODE_GAP = 14, 10  # a label line, and the gap between two careers, in pixels
GRAPH_MARGIN = dict(l=10, r=10, t=96, b=16)


def _graph_label(text: str, width: int) -> str:
    """A career's label broken into lines of at most `width` characters (a long word is
    cut at its hyphen or, failing that, hyphenated), each line escaped: data is text."""
    words = []
    for word in str(text).split():
        parts = []  # between its own hyphens, a part too long for a line gets one
        for part in word.split("-"):
            chunks = [part[i : i + width - 1] for i in range(0, len(part), width - 1)]
            parts.append("-".join(chunks) if len(part) > width else part)
        words.append("-".join(parts))
    lines = textwrap.wrap(" ".join(words), width=width, break_long_words=False) or [str(text)]
    return "<br>".join(plot_text(line) for line in lines)


def neighbourhood_graph(
    side: dict[str, int], labels: dict[str, str], links: list[tuple[str, str]], title: str
) -> go.Figure:
    """A career, the careers it leads to and comes from, two moves each way, in columns.
    `labels` holds each career's label (with its pay where known), `links` the moves (from,
    to) between careers shown.

    Every label is written beside its career on a white ground, broken into lines that fit
    its column, and each career takes the height its label needs: the figure grows with
    the careers drawn, so no label is drawn over another."""
    if len(side) <= 1:
        return empty_figure("Aucune évolution connue vers ou depuis ce métier")
    columns = sorted(set(side.values()))
    x_of = {s: i for i, s in enumerate(columns)}
    width = GRAPH_WRAP.get(len(columns), 15)
    members = {
        s: sorted((c for c in side if side[c] == s), key=lambda c: labels.get(c, c).casefold())
        for s in columns
    }
    texts = {c: _graph_label(labels.get(c, c), width) for c in side}
    room = {c: (texts[c].count("<br>") + 1) * LINE_PX + NODE_GAP for c in side}
    tallest = max(120, *(sum(room[c] for c in column) for column in members.values()))
    y_of: dict[str, float] = {}
    for column in members.values():
        y = (tallest - sum(room[c] for c in column)) / 2  # each column centred
        for c in column:
            y_of[c] = y + room[c] / 2
            y += room[c]
    shown = [(a, b) for a, b in links if a in side and b in side and side[a] < side[b]]
    xs, ys = [], []
    for a, b in shown:
        xs += [x_of[side[a]], x_of[side[b]], None]
        ys += [y_of[a], y_of[b], None]
    ids = [c for column in members.values() for c in column]
    traces = [
        dict(
            type="scatter",
            x=xs,
            y=ys,
            mode="lines",
            line=dict(color="rgba(31,78,156,0.22)", width=1.5),
            hoverinfo="skip",
            showlegend=False,
        ),
        dict(
            type="scatter",
            x=[x_of[side[c]] for c in ids],
            y=[y_of[c] for c in ids],
            mode="markers",
            name="Métiers",
            marker=dict(
                symbol="square",
                size=[14 if side[c] == 0 else 10 for c in ids],
                color=["#1f4e9c" if side[c] == 0 else "#868e96" for c in ids],
            ),
            text=[plot_text(labels.get(c, c)) for c in ids],
            hovertemplate="%{text}<extra></extra>",
            showlegend=False,
        ),
    ]
    annotations = [
        dict(
            x=x_of[side[c]],
            y=y_of[c],
            xshift=9,
            xanchor="left",
            align="left",
            text=f"<b>{texts[c]}</b>" if side[c] == 0 else texts[c],
            showarrow=False,
            bgcolor="rgba(255,255,255,0.85)",
            borderpad=0,
            font=dict(size=11, color="#212529"),
        )
        for c in ids
    ] + [
        dict(
            x=x_of[column],
            y=1,
            yref="paper",
            yanchor="bottom",
            yshift=6,
            xanchor="left",
            align="left",
            text=f"<b>{SIDE_HEADERS[column]}</b>",
            showarrow=False,
            font=dict(size=11),
        )
        for column in columns
    ]
    layout = dict(
        annotations=annotations,
        xaxis=dict(visible=False, range=[-0.05, len(columns) - 0.05], fixedrange=True),
        # one unit of the vertical axis is one pixel: each label gets the room it was given
        yaxis=dict(visible=False, range=[tallest, 0], fixedrange=True),
        margin=GRAPH_MARGIN,
        showlegend=False,
    )
    return _figure(traces, layout, title, tallest + GRAPH_MARGIN["t"] + GRAPH_MARGIN["b"])


# -- shared ROME vocabulary (issue 10, helper "dares") ------------------------------------

UNSCORED_COLOUR = "#adb5bd"


def _text(value: object) -> str:
    """Data shown in a Plotly label or hover: escaped, since Plotly reads some HTML."""
    return html.escape(str(value), quote=False)


def shared_skill_demand(
    demand: pd.DataFrame, top_n: int = 20, title: str = "Compétences les plus demandées"
) -> go.Figure:
    """The skills most careers of a selection ask for, counted by ROME skill.

    Bars are ROME's wording (or a skill's own name when it has no ROME code); the hover
    gives the fiches' own wordings, the ROME code and the fiches' mean editorial score.
    Skills no fiche scores are grey (ROME's are unscored, not zero; O*NET's importance is
    another scale, given on hover, never coloured on the fiches' scale).
    """
    if demand.empty:
        return empty_figure("Aucune compétence technique pour cette sélection")
    rows = demand.head(top_n).iloc[::-1].reset_index(drop=True)

    def hover(r) -> str:
        lines = [f"<b>{_text(r['label'])}</b>"]
        if isinstance(r.get("rome_code"), str) and r.get("rome_skills", 1) == 1:
            lines.append(f"Code ROME {_text(r['rome_code'])}")
        elif not isinstance(r.get("rome_code"), str):
            lines.append("Sans code ROME : intitulé propre à la fiche")
        words = r.get("wordings")
        if hasattr(words, "__len__") and not isinstance(words, str) and len(words):
            shown = ", ".join(_text(w) for w in list(words)[:6])
            more = f" (+{len(words) - 6})" if len(words) > 6 else ""
            lines.append(f"Dans les fiches : {shown}{more}")
        lines.append(f"{int(r['careers'])} métier(s) dont {int(r['fiche_careers'])} fiche(s)")
        if pd.notna(r["mean_score"]):
            lines.append(f"Score moyen des fiches : {r['mean_score']:.0f} (éditorial)")
        if pd.notna(r.get("onet_score")):
            lines.append(f"Importance moyenne O*NET : {r['onet_score']:.0f} / 100")
        if r["unscored_careers"]:
            lines.append(f"{int(r['unscored_careers'])} métier(s) sans score (ROME : non noté)")
        return "<br>".join(lines)

    texts = [hover(r) for _, r in rows.iterrows()]
    labels = [wrap(_short(n, 72), 40) for n in rows["label"]]
    if len(set(labels)) < len(labels):  # two long labels cut alike: keep them apart
        labels = [f"{label} ({i + 1})" for i, label in enumerate(labels)]
    scored = rows["mean_score"].notna()
    fig = go.Figure()
    if scored.any():
        fig.add_bar(
            orientation="h",
            x=rows.loc[scored, "careers"],
            y=[labels[i] for i in rows.index[scored]],
            name="Score moyen des fiches (éditorial)",
            marker=dict(
                color=rows.loc[scored, "mean_score"],
                colorscale="Blues",
                cmin=0,
                cmax=100,
                colorbar=dict(title="Score<br>moyen"),
            ),
            hovertext=[texts[i] for i in rows.index[scored]],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    if (~scored).any():
        fig.add_bar(
            orientation="h",
            x=rows.loc[~scored, "careers"],
            y=[labels[i] for i in rows.index[~scored]],
            name="Sans score de fiche (ROME : non noté)",
            marker=dict(color=UNSCORED_COLOUR),
            hovertext=[texts[i] for i in rows.index[~scored]],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=labels)
    fig.update_xaxes(
        title_text="Nombre de métiers qui la demandent",
        dtick=1 if rows["careers"].max() <= 10 else None,
        gridcolor="#e9ecef",
    )
    fig.update_layout(showlegend=bool((~scored).any()), barmode="overlay")
    lines = sum(label.count("<br>") + 1 for label in labels)
    return _layout(fig, _text(title), 160 + 18 * lines + 10 * len(rows))


def _short(label: str, width: int) -> str:
    """A long ROME wording cut at a word for an axis; the hover keeps it whole."""
    label = str(label)
    return label if len(label) <= width else label[: width - 1].rsplit(" ", 1)[0] + " …"


BAND_SHADES = ["#d0e1f9", "#9ec5f0", "#5a9be0", "#2f6fc0", "#143f7a"]


def family_pay_distribution(dist: pd.DataFrame) -> go.Figure:
    """Share of full-time employees per net monthly pay band, in each career's family.

    One bar per (career, family), five stacked bands summing to 100 %: a distribution of
    a whole professional family (Dares, 2017-2019), never a career's own pay range.
    """
    if dist.empty:
        return empty_figure("Répartition des salaires non renseignée")
    dist = dist.sort_values(["title", "fap_code", "position"])
    rows = list(dict.fromkeys(zip(dist["title"], dist["fap_code"], strict=True)))
    labels = [wrap(f"{title} · famille {fap}", 40) for title, fap in rows]
    bands = dist.drop_duplicates("position").sort_values("position")
    fig = go.Figure()
    for _, band_row in bands.iterrows():
        part = dist[dist["position"] == band_row["position"]]
        share = {
            (t, f): s
            for t, f, s in zip(part["title"], part["fap_code"], part["share_pct"], strict=True)
        }
        fig.add_bar(
            orientation="h",
            y=labels,
            x=[share.get(r) for r in rows],
            name=_text(band_row["band"]),
            marker=dict(color=BAND_SHADES[int(band_row["position"]) % len(BAND_SHADES)]),
            hovertemplate="%{y}<br>" + _text(band_row["band"]) + " net par mois : "
            "%{x:.0f} % des salariés à temps complet<extra></extra>",
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="% des salariés à temps complet de la famille", range=[0, 100])
    fig.update_yaxes(autorange="reversed")
    year = _text(dist["data_year"].iloc[0])
    return _layout(
        fig,
        f"Salaire net mensuel dans la famille professionnelle (Dares, {year})",
        140 + 40 * len(rows),
        legend=dict(
            orientation="h", yanchor="top", y=-0.25, xanchor="left", x=0, traceorder="normal"
        ),
    )


def shared_skill_heatmap(skills: pd.DataFrame, top_n: int | None = None) -> go.Figure:
    """`skill_heatmap` with long ROME wordings cut at a word so that rows stay apart."""
    if skills.empty:
        return skill_heatmap(skills, top_n)
    skills = skills.assign(name=[_short(n, 64) for n in skills["name"]])
    return skill_heatmap(skills, top_n)


# -- diplomas (careerdash import diplomas) -----------------------------------------------------

ROUTE_COLOURS = {"scolaire": "#1f6feb", "apprentissage": "#e8590c"}
ROUTE_LABELS = {"scolaire": "Voie scolaire", "apprentissage": "Apprentissage"}
OUTCOME_TITLES = {
    "in_work_6m": "En emploi 6 mois après la sortie",
    "in_work_12m": "En emploi 12 mois après la sortie",
    "further_study": "Poursuite d'études",
}
OUTCOME_BASES = {"in_work_6m": "sortants", "in_work_12m": "sortants", "further_study": "inscrits"}


def diploma_outcome_bars(
    outcomes: pd.DataFrame, labels: dict[str, str], indicator: str = "in_work_6m"
) -> go.Figure:
    """One rate (share of leavers in work, or of final-year students studying on) by year,
    a bar per diploma and route, each bar labelled with its count and base: a rate is
    never shown without the number of people behind it. One kind of figure, one axis (%)."""
    rows = outcomes.dropna(subset=[f"{indicator}_rate"])
    title = f"{OUTCOME_TITLES[indicator]}, par année de sortie (InserJeunes)"
    if rows.empty:
        return empty_figure("Aucun taux publié pour cette sélection (effectifs trop faibles)")
    fig = go.Figure()
    several = rows["diploma_id"].nunique() > 1
    order = [d for d in labels if d in set(rows["diploma_id"])] or list(
        dict.fromkeys(rows["diploma_id"])
    )
    groups = [
        (did, route, rows[(rows["diploma_id"] == did) & (rows["route"] == route)])
        for did in order
        for route in ROUTE_LABELS
    ]
    for i, (did, route, part) in enumerate(g for g in groups if not g[2].empty):
        name = ROUTE_LABELS.get(route, route)
        if several:
            name = f"{wrap(labels.get(did, did), 40)} · {name}"
        part = part.sort_values("year")
        fig.add_trace(
            go.Bar(
                name=name,
                x=[y.replace("_", "-") for y in part["year"]],
                y=100 * part[f"{indicator}_rate"],
                marker_color=PALETTE[i % len(PALETTE)] if several else ROUTE_COLOURS.get(route),
                text=[
                    f"{100 * r:.0f} %<br>{thousands(n)}/{thousands(b)}"
                    for r, n, b in zip(
                        part[f"{indicator}_rate"],
                        part[indicator],
                        part[f"{indicator}_base"],
                        strict=True,
                    )
                ],
                textposition="outside",
                textfont=dict(size=11),
                cliponaxis=False,
                hovertemplate="%{x} : %{y:.0f} %<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(categoryorder="category ascending")
    fig.update_yaxes(
        title_text=f"% des {OUTCOME_BASES[indicator]}",
        range=[0, 115],
        ticksuffix=" %",
        gridcolor="#e9ecef",
    )
    height = 420 + (40 * rows["diploma_id"].nunique() if several else 0)
    return _layout(fig, title, height)


def diploma_skill_overlap(overlap: pd.DataFrame, order: list[str] | None = None) -> go.Figure:
    """Skill × diploma: the share of the careers each diploma leads to that ask for the
    skill, cell text n/N. Shared rows show what two programmes must both teach."""
    if overlap.empty:
        return empty_figure("Aucune compétence connue pour les métiers de ces diplômes")
    skills = list(overlap.groupby("name")["share"].sum().sort_values().index)
    present = set(overlap["diploma"])
    diplomas = [d for d in order or [] if d in present] or list(dict.fromkeys(overlap["diploma"]))
    share = overlap.pivot_table(index="name", columns="diploma", values="share", aggfunc="max")
    share = share.reindex(index=skills, columns=diplomas)
    text = overlap.assign(
        t=[f"{c}/{t}" for c, t in zip(overlap["careers"], overlap["total"], strict=True)]
    )
    text = text.pivot_table(index="name", columns="diploma", values="t", aggfunc="first")
    text = text.reindex(index=skills, columns=diplomas).fillna("")
    fig = go.Figure(
        go.Heatmap(
            z=share.values,
            x=[wrap(d, 30) for d in diplomas],
            y=[wrap(s, 70) for s in skills],
            text=text.values,
            texttemplate="%{text}",
            colorscale="Blues",
            zmin=0,
            zmax=100,
            colorbar=dict(title="% des<br>métiers"),
            hovertemplate="%{y}<br>%{x}<br>%{z:.0f} % des métiers (%{text})<extra></extra>",
        )
    )
    return _layout(fig, "Compétences demandées par les métiers visés", 160 + 30 * len(skills))


def diploma_kind_sankey(pairs: pd.DataFrame) -> go.Figure:
    """Diploma named → family → career: each career counted once under every kind of diploma
    it lists (a fiche naming a BTS and a Licence pro sits under both)."""
    if pairs.empty:
        return empty_figure("Aucun diplôme renseigné dans les fiches")
    pairs = pairs.assign(family=pairs["family"].fillna("Sans famille"))
    order = pairs.groupby("kind")["level_years"].median().sort_values(kind="stable")
    kinds = list(order.index)
    families = sorted(pairs["family"].unique())
    careers = sorted(pairs["title"].unique())
    kind_at = {k: i for i, k in enumerate(kinds)}
    family_at = {f: len(kinds) + i for i, f in enumerate(families)}
    career_at = {c: len(kinds) + len(families) + i for i, c in enumerate(careers)}
    flows: dict[tuple[int, int], int] = {}
    for r in pairs.itertuples():
        key = (kind_at[r.kind], family_at[r.family])
        flows[key] = flows.get(key, 0) + 1
        key = (family_at[r.family], career_at[r.title])
        flows[key] = flows.get(key, 0) + 1
    kind_counts = pairs.groupby("kind")["career_id"].nunique()
    labels = (
        [f"{plot_text(k)} ({kind_counts[k]})" for k in kinds]
        + [plot_text(f) for f in families]
        + [wrap(c, 40) for c in careers]
    )
    fig = go.Figure(
        go.Sankey(
            node=dict(
                label=labels,
                pad=6,
                thickness=14,
                color=["#1f4e9c"] * len(kinds)
                + ["#74a9f6"] * len(families)
                + ["#adb5bd"] * len(careers),
            ),
            link=dict(
                source=[s for s, _ in flows],
                target=[t for _, t in flows],
                value=list(flows.values()),
                color="rgba(31,78,156,0.16)",
            ),
            textfont=dict(color="#212529", size=12),
        )
    )
    return _layout(
        fig,
        "Diplôme cité par les fiches → famille → métier (entre parenthèses : nombre de métiers)",
        max(520, 24 * len(careers)),
    )


# -- trouver mon métier (matching) -------------------------------------------------------


def match_contributions(parts: pd.DataFrame, title: str = "Points par critère") -> go.Figure:
    """What each criterion gave one career: weight × partial score, in points.

    `parts` is `matching.contributions(...)`: criterion, weight, partial (NaN = unknown),
    points. Unknown criteria are drawn as an empty bar labelled "inconnu" (0 point).
    """
    if parts.empty:
        return empty_figure("Aucun critère de préférence choisi : rien à départager.")
    known = parts["partial"].notna()
    colours = [
        "#adb5bd" if not k else ("#2b8a3e" if p > 0 else "#c92a2a" if p < 0 else "#868e96")
        for k, p in zip(known, parts["points"], strict=True)
    ]
    labels = [
        "inconnu (0 pt)" if not k else f"{p:+.2f} pt".replace(".", ",")
        for k, p in zip(known, parts["points"], strict=True)
    ]
    hover = [
        f"{c}<br>score partiel : {'inconnu' if not k else f'{s:+.2f}'.replace('.', ',')}"
        f"<br>poids : {w:g}"
        for c, k, s, w in zip(
            parts["criterion"], known, parts["partial"], parts["weight"], strict=True
        )
    ]
    bar = dict(
        type="bar",
        x=parts["points"],
        y=[wrap(c, 30) for c in parts["criterion"]],
        orientation="h",
        marker_color=colours,
        text=labels,
        textposition="outside",
        cliponaxis=False,
        hovertext=hover,
        hoverinfo="text",
    )
    top = float(parts["weight"].max() or 1)
    axes = dict(
        xaxis=dict(
            title=dict(text="points (poids × score partiel)"),
            range=[-top * 1.35, top * 1.35],
            zeroline=True,
            zerolinecolor="#495057",
            gridcolor="#e9ecef",
        ),
        yaxis=dict(autorange="reversed"),
    )
    return _figure([bar], axes, title, height=90 + 38 * len(parts))


# -- Dares family medians on the Salaires page ------------------------------------------


def family_median_histogram(medians: pd.DataFrame) -> go.Figure:
    """How many careers sit at each level of their family's median pay: one measure only
    (€ net per month, Dares 2017–2019); a range career counts at its lowest family."""
    if medians.empty:
        return empty_figure("Aucune médiane de famille professionnelle pour ces métiers")
    bars = dict(
        type="histogram",
        x=medians["family_median_net_month"],
        xbins=dict(size=100),
        marker=dict(color="#1f4e9c"),
        hovertemplate="%{x} € net/mois : %{y} métier(s)<extra></extra>",
    )
    axes = dict(
        xaxis=dict(
            title=dict(text="€ net par mois (médiane de la famille professionnelle)"),
            rangemode="tozero",
        ),
        yaxis=dict(title=dict(text="métiers")),
    )
    return _figure(
        [bars],
        axes,
        "Médiane de la famille professionnelle — net mensuel, € (Dares, 2017–2019)",
        380,
    )
