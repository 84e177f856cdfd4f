"""Compétences: which hard skills careers demand, counted by ROME skill across sources."""

import streamlit as st

from careerdash import charts, ui
from careerdash.formatting import LEVEL_LABELS
from careerdash.queries import SOURCE_LABELS

ui.run_through_entrypoint()

COUNT_BY = {
    "rome_code": "Compétence ROME",
    "rome_group": "Macro-compétence ROME",
    "name": "Intitulé de chaque source",
}

st.header("Compétences techniques")
options = ui.query("filter_options")
scope = ui.query("careers_with_levels")
default = ["fiche"] if "fiche" in options["sources"] else options["sources"][:1]
sources = st.multiselect(
    "Sources",
    options["sources"],
    default=default,
    format_func=lambda s: SOURCE_LABELS.get(s, s),
    key="competences_sources",
)
if not sources:
    st.info("Choisissez au moins une source.")
    st.stop()
in_source = scope[scope["source_kind"].isin(sources)]
left, right = st.columns(2)
families = left.multiselect(
    "Familles",
    sorted(in_source["family"].dropna().unique()),
    key="competences_familles",
    placeholder="Toutes les familles",
)
levels = sorted(in_source["reference_level_years"].dropna().astype(int).unique())
level = right.selectbox(
    "Niveau d'études de référence",
    [None, *levels],
    format_func=lambda y: "Tous les niveaux" if y is None else LEVEL_LABELS.get(y, f"Bac+{y}"),
    key="competences_niveau",
)
chosen = in_source if not families else in_source[in_source["family"].isin(families)]
if level is not None:
    chosen = chosen[chosen["reference_level_years"] == level]
if chosen.empty:
    st.info("Aucun métier pour ces critères : élargissez la sélection.")
    st.stop()
ids = tuple(chosen["career_id"])

by = (
    st.segmented_control(
        "Compter par",
        list(COUNT_BY),
        format_func=COUNT_BY.get,
        default="rome_code",
        key="competences_par",
    )
    or "rome_code"
)
demand = ui.query("shared_skill_demand", ids, by)
top_demand = st.slider("Compétences affichées", 5, 60, 20, key="competences_top")
st.caption(
    f"{len(ids)} métier(s). Une compétence compte une fois par métier : les fiches sont "
    "rapprochées du ROME par un lien relu (code de compétence ROME) ; l'intitulé propre à "
    "chaque fiche apparaît au survol. Les compétences du ROME ne sont pas notées."
)
ui.chart(
    charts.shared_skill_demand(demand, top_n=top_demand),
    key="competences_demand",
)

st.subheader("Carte des compétences par métier")
# one scored source per map: fiche scores are editorial, O*NET's are importance ratings
scored = [k for k in ("fiche", "onet") if k in sources]
shown = chosen[chosen["source_kind"] == scored[0]] if scored else chosen.iloc[0:0]
scored_ids = tuple(shown["career_id"])
if not scored_ids:
    st.info("La carte montre des scores ; les compétences du ROME ne sont pas notées.")
elif len(scored_ids) > 60:
    st.info(
        f"{len(scored_ids)} métiers : choisissez une ou plusieurs familles pour afficher la "
        "carte métier par métier."
    )
else:
    if len(scored_ids) < len(ids):
        st.caption(
            f"Carte des scores de la source {SOURCE_LABELS.get(scored[0], scored[0])} "
            "seulement : les échelles des sources ne se comparent pas, et le ROME ne note pas."
        )
    ui.chart(
        charts.shared_skill_heatmap(ui.query("shared_skill_matrix", scored_ids), top_n=top_demand),
        key="competences_heatmap",
    )
if "fiche" in sources:
    st.caption(ui.EDITORIAL_NOTE)
