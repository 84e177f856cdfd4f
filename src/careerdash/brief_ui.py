"""What a counsellor takes away from Comparer and Fiche: the HTML brief, the facts as CSV,
the share link, and pages that print on A4.

Pages call `comparison(ids)` or `fiche(career_id)` once, at their end. The queries run during
the page's run (they are cached); the files are built only when a button is clicked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

import pandas as pd
import streamlit as st

from . import brief, charts, measures, ui

# Printing a Streamlit page: hide the app's chrome and widgets, let the page flow over
# several sheets (Streamlit scrolls inside a full-height box), stack columns, and keep each
# chart whole and within the sheet's width and height (FIT_CHARTS gives Plotly's SVGs a
# viewBox, so that CSS can scale them). No data in here.
PRINT_CSS = """
@media print {
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stBottom"], [data-testid="stElementToolbar"],
  [data-testid="stMultiSelect"], [data-testid="stSelectbox"], [data-testid="stSlider"],
  [data-testid="stTextInput"], [data-testid="stTextArea"], [data-testid="stButton"],
  [data-testid="stDownloadButton"], [data-testid="stTabs"] [role="tablist"],
  .modebar-container, [class*="st-key-take_away"] {
    display: none !important;
  }
  html, body, #root, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"], section.main {
    height: auto !important; min-height: 0 !important; overflow: visible !important;
    position: static !important;
  }
  [data-testid="stMainBlockContainer"] {
    max-width: 100% !important; padding: 0 !important; margin: 0 !important;
  }
  [data-testid="stElementContainer"]:has([data-testid="stHeading"]) { break-after: avoid; }
  [data-testid="stPlotlyChart"], [data-testid="stElementContainer"]:has(.js-plotly-plot) {
    break-inside: avoid; max-width: 100% !important; width: 100% !important;
    height: auto !important;
  }
  .js-plotly-plot, .js-plotly-plot .plot-container, .js-plotly-plot .svg-container {
    width: 100% !important; height: auto !important;
  }
  .js-plotly-plot .svg-container > .main-svg:first-of-type { position: relative !important; }
  .js-plotly-plot .main-svg[viewBox] {
    width: 100% !important; height: auto !important; max-height: 92vh;
  }
  [data-testid="stDataFrame"], [data-testid="stDataFrameResizable"],
  [data-testid="stDataFrame"] .dvn-scroller {
    width: 100% !important; height: auto !important; max-width: 100% !important;
    overflow: hidden !important; break-inside: avoid;
  }
  [data-testid="stDataFrame"] canvas {
    width: 100% !important; height: auto !important; contain: none !important;
  }
  [data-testid="stHorizontalBlock"] { flex-direction: column !important; }
  [data-testid="stColumn"] { width: 100% !important; flex: 1 1 100% !important; }
}
"""

# Plotly draws each chart as SVGs of a fixed pixel size; a viewBox equal to that size
# changes nothing on screen and lets the print CSS scale the chart to the sheet, in portrait
# or landscape, whatever the width of the screen it was drawn on. Kept in step with every
# redraw by an observer, so it holds for the browser's print and for a headless PDF alike.
FIT_CHARTS = """
<script>
(() => {
  if (window.__careerdashFitCharts) return;
  window.__careerdashFitCharts = true;
  const fit = () => {
    for (const svg of document.querySelectorAll(".js-plotly-plot .main-svg")) {
      const w = svg.getAttribute("width"), h = svg.getAttribute("height");
      if (!w || !h) continue;
      const box = `0 0 ${w} ${h}`;
      if (svg.getAttribute("viewBox") !== box) {
        svg.setAttribute("viewBox", box);
        svg.setAttribute("preserveAspectRatio", "xMidYMin meet");
      }
    }
  };
  new MutationObserver(fit).observe(document.body, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["width", "height"],
  });
  window.addEventListener("beforeprint", fit);
  fit();
})();
</script>
"""


def print_support() -> None:
    """The print stylesheet and the chart fitter, once per page run (both hold no data)."""
    st.html(f"<style>{PRINT_CSS}</style>{FIT_CHARTS}", unsafe_allow_javascript=True)


def _share_link() -> str:
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    return brief.share_url(st.context.url, params)


def _take_away(
    title: str,
    careers: pd.DataFrame,
    facts: Callable[[], pd.DataFrame],
    figures: Callable[[], dict],
    editorial: bool,
    key: str,
) -> None:
    """The export panel: link, first name and note (kept only in the file), downloads. Its
    container's key lets the print stylesheet hide it."""
    with st.container(key=f"take_away_{key}"):
        _panel(title, careers, facts, figures, editorial, key)


def _panel(title, careers, facts, figures, editorial, key) -> None:
    link = _share_link()
    st.subheader("Emporter")
    # The link opens in a popover: st.code loads a 1.5 MB highlighter that took 0.5 s of the
    # browser's time on every Comparer and Fiche, before the charts; closed, it loads nothing.
    with st.popover("Copier le lien de cette page", icon=":material/link:"):
        st.caption(
            "Pour retrouver cette page ou l'envoyer : survolez l'adresse, puis cliquez "
            "l'icône à sa droite."
        )
        st.code(link, language=None, wrap_lines=True)
    left, right = st.columns(2)
    student = left.text_input("Prénom de l'élève (facultatif)", key=f"{key}_student", max_chars=60)
    note = right.text_area(
        "Note du conseiller (facultatif)", key=f"{key}_note", max_chars=2000, height=90
    )
    st.caption(
        "Le prénom et la note ne vont que dans le fichier téléchargé : ils ne sont ni "
        "enregistrés ni mis dans le lien."
    )
    info = ui.query("build_info")
    stem = brief.file_stem(list(careers["title"]), datetime.now())

    def html() -> str:
        return brief.html_brief(
            brief.Brief(
                title=title,
                careers=careers,
                facts=facts(),
                charts=figures(),
                build_info=info,
                share_url=link,
                editorial=editorial,
                note=note,
                student=student,
                made_at=datetime.now(),  # when the button was clicked
            )
        )

    row = st.container(horizontal=True)
    row.download_button(
        "Télécharger la comparaison" if len(careers) > 1 else "Télécharger la fiche",
        html,
        file_name=f"{stem}.html",
        mime="text/html",
        icon=":material/download:",
        on_click="ignore",
        key=f"{key}_html",
    )
    row.download_button(
        "Faits en CSV",
        lambda: brief.facts_csv(facts()),
        file_name=f"{stem}.csv",
        mime="text/csv",
        icon=":material/table:",
        on_click="ignore",
        key=f"{key}_csv",
    )
    row.download_button(
        "Faits en Excel",
        lambda: brief.facts_xlsx(facts()),
        file_name=f"{stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/grid_on:",
        on_click="ignore",
        key=f"{key}_xlsx",
    )


def _frames(ids: tuple[str, ...]) -> dict[str, pd.DataFrame]:
    frames = {name: ui.query(name, ids) for name in brief.FACT_FRAMES}
    frames["progressions"] = frames["progressions"].assign(
        target=lambda d: d["to_title"].fillna(d["title"])
    )
    return frames


def _facts(f: dict[str, pd.DataFrame]) -> Callable[[], pd.DataFrame]:
    """The facts table, built when a download asks for it: building it on every run of the
    page took ~40 % of the Comparer's script time, for files most runs never make."""
    return lambda: brief.facts(*(f[name] for name in brief.FACT_FRAMES))


BRIEF_SKILLS = 12  # the brief's heatmap keeps the most shared skills; the CSV has them all


def charts_for(f: dict[str, pd.DataFrame]) -> dict[str, list]:
    """The Comparer's charts, by section of the brief: as on the page, one salary chart per
    measure (never two kinds, bases or currencies on one axis) and one profile or skill
    chart per scale (each source scores on its own)."""
    careers, bands = f["careers"], f["salary_bands"]
    kinds = dict(zip(careers["career_id"], careers["source_kind"], strict=True))
    order = list(careers["title"])
    salaries = [
        charts.measure_figure(rows, measure, [t for t in order if t in set(rows["career"])])
        for measure, rows in measures.split(bands)
    ] or [charts.salary_figure(bands)]
    reference = dict(zip(careers["title"], careers["reference_level"], strict=True))
    radars = []
    for scale, rows in ui.by_scale(f["profile_scores"], kinds):
        radar = charts.profile_radar(rows, ui.PROFILE_TITLES.get(scale, "Profil (0–100)"))
        radar.update_layout(height=360, margin=dict(l=60, r=60))  # half a sheet wide
        radars.append(radar)
    skill_maps = []
    for scale, rows in ui.by_scale(f["hard_skills"], kinds):
        skills = charts.skill_heatmap(
            rows, top_n=BRIEF_SKILLS, title=ui.SKILL_TITLES.get(scale, "Compétences")
        )
        shown = len(skills.data[0].y) if skills.data else 0
        skills.update_layout(height=max(200, 130 + 24 * shown))  # compact rows on paper
        skill_maps.append(skills)
    return {
        brief.SALARY_SECTION: salaries,
        "Profil et études": [*radars, charts.diploma_levels(f["diplomas"], reference)],
        "Compétences techniques": skill_maps or [charts.skill_heatmap(f["hard_skills"])],
        "Parcours": [
            charts.progression_sankey(
                f["progressions"], "Expériences d'accès → métier → évolutions"
            )
        ],
    }


def comparison(ids: Sequence[str]) -> None:
    """The Comparer's export panel and print support."""
    print_support()
    f = _frames(tuple(ids))
    careers = f["careers"]
    _take_away(
        "Comparaison : "
        + ", ".join(map(brief.career_label, careers["title"], careers["source_kind"])),
        careers,
        _facts(f),
        lambda: charts_for(f),
        bool(careers["scores_editorial"].any()),
        key="brief_compare",
    )


def fiche(career_id: str) -> None:
    """One career's export panel and print support."""
    print_support()
    f = _frames((career_id,))
    careers = f["careers"]
    _take_away(
        "Fiche métier : "
        + brief.career_label(careers["title"].iloc[0], careers["source_kind"].iloc[0]),
        careers,
        _facts(f),
        lambda: charts_for(f),
        bool(careers["scores_editorial"].any()),
        key="brief_fiche",
    )
