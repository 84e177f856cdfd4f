"""The comparison brief a counsellor hands over: one self-contained HTML file, and the facts
as a table (CSV) for counsellors who keep their own records.

Pure functions: DataFrames from `careerdash.queries` and figures from `careerdash.charts` in,
text or bytes out. Every string read from the data is escaped (data is text, never markup),
links are made only of http(s) URLs, and plotly.js is embedded from the installed plotly
package so that the file opens and draws offline.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote, urlencode, urlparse

import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from .formatting import BAND_LABELS, MISSING, band, is_missing
from .queries import SOURCE_LABELS

# -- the table of facts ------------------------------------------------------------------

FACT_COLUMNS = [
    "metier",
    "identifiant",
    "origine",
    "rubrique",
    "fait",
    "valeur",
    "montant_min",
    "montant_max",
    "score",
    "nature",
    "base",
    "periode",
    "devise",
    "source",
    "remarque",
]
BASIS_LABELS = {"brut": "brut", "net": "net", "unknown": "base non précisée"}
PERIOD_LABELS = {"year": "par an", "month": "par mois"}
MOVE_LABELS = {
    "next": ("évolution", "étape 1"),
    "later": ("évolution", "étape 2"),
    "related": ("métier proche", "voisin sans direction (source)"),
    "entry": ("accès", "expérience d'accès"),
}
# Which line of a career's #SOURCES covers which rubric (salaries carry their own).
SOURCE_FIELDS = {
    "profil": ("profile",),
    "compétence": ("hard_skills",),
    "diplôme": ("diplomas",),
    "niveau de référence": ("reference_level", "diplomas"),
    "évolution": ("progressions",),
    "métier proche": ("progressions",),
    "accès": ("experience_paths", "progressions"),
    "outil": ("tools",),
    "contrainte": ("constraints",),
}


def salary_kind(level: str, years_min=None, years_max=None) -> str:
    """What a salary figure is, in words: a career-stage band, a percentile of all workers,
    or the median of a whole professional family."""
    if level in ("debutant", "confirme", "senior"):
        if not is_missing(years_min) and not is_missing(years_max):
            years = f" ({int(years_min)}–{int(years_max)} ans d'expérience)"
        elif not is_missing(years_min):
            years = f" ({int(years_min)} ans d'expérience et plus)"
        else:
            years = ""
        return f"fourchette {BAND_LABELS[level].lower()}{years}"
    if level == "family_median":
        return "médiane de toute la famille professionnelle (pas du métier seul)"
    return f"{BAND_LABELS.get(level, level).lower()} de tous les salariés du métier"


def _sources_by_field(sources: pd.DataFrame) -> dict[tuple[str, str], tuple[str, str]]:
    """(career_id, field) → (urls, notes), several lines of one field joined by " ; "."""
    found: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for row in sources.itertuples():
        urls, notes = found.setdefault((row.career_id, row.field), ([], []))
        if isinstance(row.url, str) and row.url not in urls:
            urls.append(row.url)
        if isinstance(row.note, str) and row.note not in notes:
            notes.append(row.note)
    return {key: (" ; ".join(u), " ; ".join(n)) for key, (u, n) in found.items()}


# The query results `facts` takes, in its argument order (each `queries.<name>(con, ids)`).
FACT_FRAMES = (
    "careers",
    "salary_bands",
    "profile_scores",
    "hard_skills",
    "diplomas",
    "progressions",
    "tools",
    "constraints",
    "sources",
)


def facts(
    careers: pd.DataFrame,
    bands: pd.DataFrame,
    profile: pd.DataFrame,
    skills: pd.DataFrame,
    diplomas: pd.DataFrame,
    moves: pd.DataFrame,
    tools: pd.DataFrame,
    constraints: pd.DataFrame,
    sources: pd.DataFrame,
) -> pd.DataFrame:
    """One row per career × fact, with its unit, its kind and its source (the CSV export).

    The frames are the queries' results for the compared careers; `careers` is the
    `career_summary` rows in the order the counsellor chose them.
    """
    cited = _sources_by_field(sources)
    rows: list[dict] = []
    for career in careers.itertuples():
        cid = career.career_id
        base = {
            "metier": career.title,
            "identifiant": cid,
            "origine": SOURCE_LABELS.get(career.source_kind, career.source_kind),
        }

        def add(rubric: str, fact: str, value: str, _base=base, _cid=cid, **extra) -> None:
            url, note = next(
                (cited[(_cid, f)] for f in SOURCE_FIELDS.get(rubric, ()) if (_cid, f) in cited),
                ("", ""),
            )
            rows.append(
                _base
                | {"rubrique": rubric, "fait": fact, "valeur": value}
                | {"source": url, "remarque": note}
                | extra
            )

        mine = bands[bands["career_id"] == cid]
        if mine.empty:
            add("salaire", "salaire", MISSING, nature="non renseigné")
        for b in mine.itertuples():
            notes = [b.source_note] if isinstance(b.source_note, str) else []
            if b.converted_from_monthly:
                notes.append("converti d'un montant mensuel (×12)")
            if b.presumed_gross:
                notes.append("brut présumé : la source ne le précise pas")
            rows.append(
                base
                | {
                    "rubrique": "salaire",
                    "fait": BAND_LABELS.get(b.level, b.level),
                    "valeur": band(b.min_amount, b.max_amount, b.currency),
                    "montant_min": None if is_missing(b.min_amount) else int(b.min_amount),
                    "montant_max": None if is_missing(b.max_amount) else int(b.max_amount),
                    "nature": salary_kind(b.level, b.years_min, b.years_max),
                    "base": BASIS_LABELS.get(b.basis, b.basis),
                    "periode": PERIOD_LABELS.get(b.period, b.period),
                    "devise": b.currency,
                    "source": b.source_url if isinstance(b.source_url, str) else "",
                    "remarque": " ; ".join(notes),
                }
            )
        level = career.reference_level
        add(
            "niveau de référence",
            "Niveau d'études de référence",
            level if isinstance(level, str) else MISSING,
            nature="niveau le plus courant pour entrer dans le métier",
        )
        for p in profile[profile["career_id"] == cid].itertuples():
            add(
                "profil",
                p.label,
                f"{int(p.score)} %",
                score=int(p.score),
                nature="score éditorial (estimation, 0–100)"
                if p.editorial
                else "score de la source (0–100)",
            )
        for s in skills[skills["career_id"] == cid].itertuples():
            scored = not is_missing(s.score)
            add(
                "compétence",
                s.name,
                f"{int(s.score)}" if scored else "listée, sans score",
                score=int(s.score) if scored else None,
                nature=(
                    ("score éditorial (estimation, 0–100)" if s.editorial else "score (0–100)")
                    if scored
                    else "listée par la source, sans score"
                ),
            )
        for d in diplomas[diplomas["career_id"] == cid].itertuples():
            add(
                "diplôme",
                d.name,
                d.level,
                nature="diplôme de référence" if d.is_reference else "diplôme d'accès",
            )
        for m in moves[moves["career_id"] == cid].itertuples():
            rubric, kind = MOVE_LABELS.get(m.kind, ("évolution", m.kind))
            target = m.to_title if isinstance(m.to_title, str) else m.title
            add(rubric, target, target, nature=kind)
        for t in tools[tools["career_id"] == cid].itertuples():
            add("outil", t.tool, t.category, nature="outil cité")
        for c in constraints[constraints["career_id"] == cid].itertuples():
            add("contrainte", c.name, c.description or "", nature="contrainte citée")

    table = pd.DataFrame(rows, columns=FACT_COLUMNS)
    for column in ("montant_min", "montant_max", "score"):
        table[column] = table[column].astype("Int64")
    for column in FACT_COLUMNS:
        if column not in ("montant_min", "montant_max", "score"):
            table[column] = (
                table[column].astype(object).where(table[column].notna(), "").astype(str)
            )
    return table


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _no_formula(value):
    """A spreadsheet runs a cell starting with = + - @ as a formula: keep it text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def facts_csv(table: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (spreadsheets then read the accents right), comma-separated,
    numbers without thousands separators; cells that would run as formulas start with `'`."""
    safe = table.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(_no_formula)
    return safe.to_csv(index=False).encode("utf-8-sig")


def facts_xlsx(table: pd.DataFrame) -> bytes:
    """The same table as an Excel workbook: no separator or encoding for a spreadsheet to
    guess (a French Excel opens a comma CSV in one column). Text stays text: xlsxwriter is
    told never to read a cell as a formula or a URL."""
    out = io.BytesIO()
    with pd.ExcelWriter(
        out,
        engine="xlsxwriter",
        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}},
    ) as writer:
        table.to_excel(writer, index=False, sheet_name="faits")
        sheet = writer.sheets["faits"]
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(table), len(table.columns) - 1)
        for i, column in enumerate(table.columns):
            longest = table[column].astype(str).str.len().max() if len(table) else 0
            sheet.set_column(i, i, min(60, max(len(column), int(longest or 0)) + 2))
    return out.getvalue()


def read_facts_csv(data: bytes) -> pd.DataFrame:
    """Read a facts CSV back, with the column types `facts` gives (formula guards undone)."""
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    guarded = tuple("'" + c for c in FORMULA_STARTS)
    for column in table.columns:
        table[column] = table[column].map(lambda v: v[1:] if v.startswith(guarded) else v)
    for column in ("montant_min", "montant_max", "score"):
        table[column] = pd.to_numeric(table[column].replace("", None)).astype("Int64")
    return table


# -- the HTML brief ----------------------------------------------------------------------


@dataclass
class Brief:
    """What one brief holds; everything but the figures is data, escaped when written.

    `charts` maps a section heading to its figures, in the order they are shown; the
    figures of a section in `SIDE_BY_SIDE` share a row.
    """

    title: str
    careers: pd.DataFrame  # career_summary rows, in the chosen order
    facts: pd.DataFrame  # `facts(...)`
    charts: dict[str, list[go.Figure]]
    build_info: dict[str, str]
    share_url: str
    editorial: bool  # some scores are editorial estimates
    note: str = ""  # the counsellor's note, kept only in the file
    student: str = ""  # the student's first name, kept only in the file
    made_at: datetime = field(default_factory=datetime.now)


EDITORIAL_TEXT = (
    "Les scores de profil et de compétences des fiches sont des estimations éditoriales "
    "(un barème de l'équipe careerdash), pas des mesures."
)
SALARY_SECTION = "Salaires"
SIDE_BY_SIDE = {"Profil et études"}
HEADED = {SALARY_SECTION}  # other sections' charts carry their own title
FULL_WIDTH, HALF_WIDTH = 860, 425  # px; printed at 78 %: 671 px, within A4 portrait
VERSION_LABELS = {
    "built_at": "base construite le",
    "import.rome.version": "ROME",
    "import.onet.version": "O*NET",
    "import.oews.version": "salaires OEWS (BLS)",
}

BRIEF_CSS = """
:root { color-scheme: light; }
body { font: 10.5pt/1.35 Inter, "Source Sans Pro", Arial, sans-serif; color: #212529;
       max-width: 880px; margin: 20px auto; padding: 0 10px; }
h1 { font-size: 17pt; margin: 0 0 2px; }
h2 { font-size: 12.5pt; margin: 14px 0 4px; border-bottom: 1px solid #dee2e6; }
p { margin: 2px 0; }
.meta, .small { color: #495057; font-size: 8.5pt; }
.note { border-left: 4px solid #1f6feb; background: #f1f6ff; padding: 4px 8px;
        white-space: pre-wrap; margin: 6px 0; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th, td { border-bottom: 1px solid #e9ecef; padding: 1px 4px; text-align: left;
         vertical-align: top; }
td.num { white-space: nowrap; }
a { color: #1f4e9c; overflow-wrap: anywhere; }
.row { display: flex; gap: 10px; }
.chart { break-inside: avoid; }
.sources { margin: 0; padding-left: 16px; font-size: 8.5pt; }
@media print {
  @page { margin: 10mm; }
  body { zoom: 0.78; margin: 0; padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  tr, li, .row { break-inside: avoid; }
  .screen-only { display: none; }
}
"""


def career_label(title: str, source_kind: str) -> str:
    """A career as the app names it: a national dataset's career carries its source, since
    a fiche and its ROME entry can share a title."""
    return (
        title
        if source_kind == "fiche"
        else f"{title} · {SOURCE_LABELS.get(source_kind, source_kind)}"
    )


def _row_label(row) -> str:
    """`career_label` for a row of the facts table (which holds the source's label)."""
    return row.metier if row.origine == SOURCE_LABELS["fiche"] else f"{row.metier} · {row.origine}"


def _e(value) -> str:
    """Data as text: escaped, and "non renseigné" for what is missing."""
    return html.escape(MISSING if is_missing(value) else str(value), quote=True)


def link(url, label: str | None = None) -> str:
    """An <a> only for an http(s) URL; anything else is shown as plain text."""
    if not isinstance(url, str) or not url.strip():
        return ""
    url = url.strip()
    text = _e(label if label is not None else url)
    if url.lower().startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer">{text}</a>'
    return text


def site(url: str) -> str:
    """`https://www.esiea.fr/salaire` → `esiea.fr`: a source named short enough to print."""
    host = urlparse(url).netloc if url.lower().startswith(("http://", "https://")) else ""
    return host.removeprefix("www.") or url


def share_url(base: str | None, params: dict[str, list[str]]) -> str:
    """The page's address with its query parameters: opening it shows the same comparison."""
    query = urlencode([(k, v) for k, values in params.items() for v in values], quote_via=quote)
    return f"{base or ''}{'?' + query if query else ''}"


def _figure_json(fig: go.Figure, width: int) -> str:
    """A figure's JSON at a fixed width, safe inside a <script>: no "<" can close the tag."""
    fig = go.Figure(fig)
    fig.update_layout(width=width, autosize=False)
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig.to_json().replace("<", "\\u003c").replace("\u2028", "\\u2028")


def _plotly_js() -> str:
    """plotly.js as the installed plotly package ships it: the brief draws offline."""
    return get_plotlyjs().replace("</script", "<\\/script")


def _versions(info: dict[str, str]) -> str:
    parts = [f"{label} {info[key]}" for key, label in VERSION_LABELS.items() if info.get(key)]
    return " · ".join(parts) or "version des données inconnue"


def _salary_table(table: pd.DataFrame) -> str:
    rows = table[table["rubrique"] == "salaire"]
    body = "".join(
        "<tr>"
        f"<td>{_e(_row_label(r))}</td><td>{_e(r.fait)}</td><td class=num>{_e(r.valeur)}</td>"
        f"<td>{_e(r.nature)}</td>"
        f"<td>{_e(' '.join(x for x in (r.base, r.periode, r.devise) if x) or MISSING)}</td>"
        f"<td>{link(r.source, site(r.source)) or _e(MISSING)}"
        f"{'<br><span class=small>' + _e(r.remarque) + '</span>' if r.remarque else ''}</td>"
        "</tr>"
        for r in rows.itertuples()
    )
    return (
        "<table class=salaries><thead><tr><th>Métier</th><th>Niveau</th><th>Montant</th>"
        "<th>Nature du chiffre</th><th>Base, période, devise</th><th>Source, remarque</th>"
        f"</tr></thead><tbody>{body}</tbody></table>"
    )


def _landmarks(brief: Brief) -> str:
    """Origin, family, reference level and profile scores, careers as columns."""
    careers = list(brief.careers.itertuples())
    table = brief.facts
    wanted = table[table["rubrique"].isin(["niveau de référence", "profil"])]
    head = "".join(f"<th>{_e(career_label(c.title, c.source_kind))}</th>" for c in careers)
    body = "<tr><th>Origine</th>" + "".join(
        f"<td>{_e(SOURCE_LABELS.get(c.source_kind, c.source_kind))}</td>" for c in careers
    )
    body += "</tr><tr><th>Famille</th>" + "".join(f"<td>{_e(c.family)}</td>" for c in careers)
    body += "</tr>"
    for fact in dict.fromkeys(wanted["fait"]):
        cells = ""
        for c in careers:
            hit = wanted[(wanted["identifiant"] == c.career_id) & (wanted["fait"] == fact)]
            value = hit["valeur"].iloc[0] if not hit.empty else None
            cells += f"<td>{_e(value)}</td>"
        body += f"<tr><th>{_e(fact)}</th>{cells}</tr>"
    return f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{body}</tbody></table>"


def _sources(table: pd.DataFrame) -> str:
    """Per career, each source once, with the rubrics it backs."""
    items = ""
    for _, rows in table.groupby("identifiant", sort=False):
        title = _row_label(next(rows.itertuples()))
        cited: dict[str, list[str]] = {}
        for r in rows.itertuples():
            for url in filter(None, r.source.split(" ; ")):
                rubrics = cited.setdefault(url, [])
                if r.rubrique not in rubrics:
                    rubrics.append(r.rubrique)
        listed = " ; ".join(
            f"{_e(', '.join(rubrics))} : {link(url, site(url))}" for url, rubrics in cited.items()
        )
        items += f"<li><b>{_e(title)}</b> — {listed or 'aucune source citée'}</li>"
    return f"<ul class=sources>{items}</ul>"


def html_brief(brief: Brief) -> str:
    """The whole comparison as one HTML file that opens offline and prints on A4."""
    sections, draw, n = "", "", 0
    for heading, figures in brief.charts.items():
        half = heading in SIDE_BY_SIDE and len(figures) > 1
        divs = ""
        for fig in figures:
            width = HALF_WIDTH if half else FULL_WIDTH
            divs += f'<div class="chart" id="chart-{n}" style="width:{width}px"></div>'
            draw += f"draw('chart-{n}', {_figure_json(fig, width)});\n"
            n += 1
        if heading in HEADED:
            sections += f"<h2>{_e(heading)}</h2>"
        sections += f"<div class=row>{divs}</div>" if half else divs
        if heading == SALARY_SECTION:
            sections += _salary_table(brief.facts)
    student = (
        f"<p>Préparé pour <b>{_e(brief.student.strip())}</b></p>" if brief.student.strip() else ""
    )
    note = f"<div class=note>{_e(brief.note.strip())}</div>" if brief.note.strip() else ""
    editorial = f"<p class=small>{_e(EDITORIAL_TEXT)}</p>" if brief.editorial else ""
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(brief.title)}</title>
<style>{BRIEF_CSS}</style>
<script>{_plotly_js()}</script>
</head><body>
<h1>{_e(brief.title)}</h1>
{student}
<p class=meta>Fait le {_e(brief.made_at.strftime("%d/%m/%Y à %H:%M"))} avec careerdash ·
données : {_e(_versions(brief.build_info))}<br>
Lien de partage : {link(brief.share_url) or _e(brief.share_url or MISSING)}</p>
{note}
<h2>Repères</h2>{_landmarks(brief)}
{editorial}
<p class="small screen-only">Les graphiques sont interactifs : survolez-les pour lire les
valeurs.</p>
{sections}
<h2>Sources</h2>{_sources(brief.facts)}
{editorial}
<script>
function draw(id, fig) {{
  Plotly.newPlot(id, fig.data, fig.layout, {{displaylogo: false, responsive: false,
    modeBarButtonsToRemove: ["select2d", "lasso2d"]}});
}}
{draw}
</script>
</body></html>
"""


def file_stem(titles: Sequence[str], made_at: datetime) -> str:
    """`comparaison-2026-12-03`: a file name with no data in it (titles may hold anything)."""
    return f"{'comparaison' if len(titles) > 1 else 'fiche'}-{made_at:%Y-%m-%d}"
