"""Comparer: a counsellor puts 2 to 6 careers side by side with a student."""

import streamlit as st

from careerdash import brief_ui, charts, measures, tables, ui
from careerdash.formatting import BAND_LABELS, band, md

ui.run_through_entrypoint()

st.header("Comparer des métiers")
titles = ui.title_lookup()

# A selection ticked in Explorer arrives in the session when the user opens this page from
# the menu; a shared link arrives in the URL, which wins.
if "careers" not in st.query_params and not st.session_state.get("careers"):
    carried = [c for c in st.session_state.get("selection", []) if c in titles]
    if carried:
        st.session_state["careers"] = carried

ids = st.multiselect(
    "Métiers à comparer (2 à 6)",
    list(titles),
    format_func=titles.get,
    max_selections=6,
    key="careers",
    bind="query-params",
    placeholder="Choisissez des métiers",
)
if len(ids) < 2:
    st.info("Choisissez au moins deux métiers, ici ou en les cochant dans l'Explorer.")
    st.stop()

# Every frame names careers by their unique label ("… · ROME"), the one the columns show.
summary = ui.query("careers", tuple(ids))
order = [titles[c] for c in ids]
kinds = ui.source_kinds()

st.subheader("Salaires")
bands = ui.labelled(ui.query("salary_bands", tuple(ids)))
groups = measures.split(bands)
if len(groups) > 1:
    st.caption(
        "Ces métiers n'ont pas les mêmes mesures de salaire : chacune a son graphique, "
        "jamais deux sur un même axe."
    )
for measure, rows in groups:
    present = set(rows["career"])
    ui.chart(
        charts.measure_figure(rows, measure, [t for t in order if t in present]),
        key=f"compare_salaries_{measure.kind}_{measure.currency}_{measure.basis}",
    )
    ui.measure_note(measure, rows)
no_band = [titles[c] for c in ids if c not in set(bands["career_id"])]
if no_band:
    st.caption("Salaire non renseigné : " + md(", ".join(no_band)))
flagged = bands[bands["presumed_gross"] | bands["converted_from_monthly"]]
for row in flagged.itertuples():
    what = (
        "brut présumé (la source ne le précise pas)"
        if row.presumed_gross
        else "converti d'un montant mensuel (×12)"
    )
    level = BAND_LABELS.get(row.level, row.level).lower()
    shown = band(row.min_amount, row.max_amount, approximate=row.converted_from_monthly)
    st.caption(md(f"{row.career}, {level} : {shown} — {what}"))
ui.smic_flags(bands)
ui.labour_tension(tuple(ids))

st.subheader("Profil")
profiles = ui.labelled(ui.query("profile_scores", tuple(ids)))
scales = ui.by_scale(profiles, kinds)
if not scales:
    st.caption("Profil : non renseigné pour ces métiers.")
for column, (scale, rows) in zip(st.columns(max(len(scales), 1)), scales, strict=False):
    with column:
        ui.chart(charts.profile_radar(rows, ui.PROFILE_TITLES[scale]), key=f"compare_radar_{scale}")

st.subheader("Études")
reference = dict(zip(order, summary["reference_level"], strict=True))
ui.chart(
    charts.diploma_levels(ui.labelled(ui.query("diplomas", tuple(ids))), reference),
    key="compare_diplomas",
)

st.subheader("Compétences techniques")
skills = ui.labelled(ui.query("hard_skills", tuple(ids)))
distinct = skills["name"].nunique()
top_n = None
if distinct > 15:
    top_n = st.slider(
        "Compétences affichées (les plus présentes d'abord)",
        5,
        min(distinct, 80),
        min(25, distinct),
        key="compare_top_skills",
    )
for scale, rows in ui.by_scale(skills, kinds):
    ui.chart(
        charts.skill_heatmap(rows, top_n=top_n, title=ui.SKILL_TITLES[scale]),
        key=f"compare_skills_{scale}",
    )
if skills.empty:
    st.caption("Compétences techniques : non renseignées pour ces métiers.")
st.caption(ui.EDITORIAL_NOTE)

st.subheader("Où mènent ces métiers, et d'où l'on vient")
moves = ui.labelled(ui.query("progressions", tuple(ids))).assign(
    target=lambda d: d["to_title"].fillna(d["title"])
)
ui.chart(
    charts.progression_sankey(moves, "Expériences d'accès → métier → évolutions"),
    key="compare_progressions",
)

SHARED = [  # (query, item column, column header, what an empty tab says)
    ("tools", "tool", "Outil", "Aucun outil renseigné pour ces métiers."),
    ("constraints", "name", "Contrainte", "Aucune contrainte renseignée pour ces métiers."),
]
for tab, (name, column, header, empty) in zip(
    st.tabs(["Outils", "Contraintes"]), SHARED, strict=True
):
    with tab:
        items = ui.labelled(ui.query(name, tuple(ids)))
        if items.empty:
            st.info(empty)
        else:
            table = tables.presence(items, column, order).rename(columns={column: header})
            st.dataframe(table, hide_index=True)

st.subheader("Fiches complètes")
for cid in ids:
    ui.fiche_link(cid)
brief_ui.comparison(ids)
