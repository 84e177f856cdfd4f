"""Comparer: a counsellor puts 2 to 6 careers side by side with a student."""

import streamlit as st

from careerdash import brief_ui, charts, tables, ui
from careerdash.charts import MixedCurrencies
from careerdash.formatting import BAND_LABELS, band

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

summary = ui.query("careers", tuple(ids))
order = [titles[c] for c in ids]

st.subheader("Salaires")
bands = ui.query("salary_bands", tuple(ids))
currencies = sorted(bands["currency"].dropna().unique())
if len(currencies) > 1:
    st.warning(
        "Ces métiers mêlent des salaires en euros (fiches françaises) et en dollars "
        "(données américaines) : ils ne sont pas placés sur un même axe, qui ferait croire "
        "à une comparaison directe."
    )
for currency in currencies:
    subset = bands[bands["currency"] == currency]
    try:
        fig = charts.salary_figure(subset, order=[t for t in order if t in set(subset["career"])])
    except MixedCurrencies as exc:  # defensive: the loop already splits by currency
        st.error(str(exc))
        continue
    ui.chart(fig, key=f"compare_salaries_{currency}")
no_band = [titles[c] for c in ids if c not in set(bands["career_id"])]
if no_band:
    st.caption("Salaire non renseigné : " + ", ".join(no_band).replace("*", r"\*"))
flagged = bands[bands["presumed_gross"] | bands["converted_from_monthly"]]
for row in flagged.itertuples():
    what = (
        "brut présumé (la source ne le précise pas)"
        if row.presumed_gross
        else "converti d'un montant mensuel (×12)"
    )
    level = BAND_LABELS.get(row.level, row.level).lower()
    st.caption(f"{row.career}, {level} : {band(row.min_amount, row.max_amount)} — {what}")

left, right = st.columns(2)
with left:
    st.subheader("Profil d'épanouissement")
    ui.chart(charts.profile_radar(ui.query("profile_scores", tuple(ids))), key="compare_radar")
with right:
    st.subheader("Études")
    reference = dict(zip(summary["title"], summary["reference_level"], strict=True))
    ui.chart(
        charts.diploma_levels(ui.query("diplomas", tuple(ids)), reference), key="compare_diplomas"
    )

st.subheader("Compétences techniques")
skills = ui.query("hard_skills", tuple(ids))
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
ui.chart(charts.skill_heatmap(skills, top_n=top_n), key="compare_skills")
st.caption(ui.EDITORIAL_NOTE)

st.subheader("Où mènent ces métiers, et d'où l'on vient")
moves = ui.query("progressions", tuple(ids)).assign(
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
        items = ui.query(name, tuple(ids))
        if items.empty:
            st.info(empty)
        else:
            table = tables.presence(items, column, order).rename(columns={column: header})
            st.dataframe(table, hide_index=True)

st.subheader("Fiches complètes")
for cid in ids:
    ui.fiche_link(cid)
brief_ui.comparison(ids)
