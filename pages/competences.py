"""Compétences: which hard skills careers demand, for all careers or a filtered set."""

import streamlit as st

from careerdash import charts, ui

ui.run_through_entrypoint()

st.header("Compétences techniques")
options = ui.query("filter_options")
titles = ui.query("career_titles")
families = st.multiselect(
    "Familles", options["families"], key="competences_familles", placeholder="Toutes les familles"
)
chosen = titles if not families else titles[titles["family"].isin(families)]
chosen = chosen[chosen["source_kind"] == "fiche"] if "fiche" in options["sources"] else chosen
if chosen.empty:
    st.info("Aucun métier dans ces familles : choisissez-en d'autres.")
    st.stop()
ids = tuple(chosen["career_id"])

demand = ui.query("skill_demand", ids)
top_demand = st.slider("Compétences affichées", 5, 60, 20, key="competences_top")
ui.chart(charts.skill_demand(demand, top_n=top_demand), key="competences_demand")

st.subheader("Carte des compétences par métier")
if len(ids) > 25:
    st.caption(f"{len(ids)} métiers : filtrez par famille pour une carte plus lisible.")
ui.chart(
    charts.skill_heatmap(ui.query("skill_matrix", ids), top_n=top_demand), key="competences_heatmap"
)
st.caption(ui.EDITORIAL_NOTE)
