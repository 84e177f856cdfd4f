"""Compétences: which hard skills careers demand, for all careers or a filtered set."""

import streamlit as st

from careerdash import charts, ui
from careerdash.queries import SOURCE_LABELS

ui.run_through_entrypoint()

st.header("Compétences techniques")
options = ui.query("filter_options")
titles = ui.query("career_titles")
source = "fiche" if "fiche" in options["sources"] else options["sources"][0]
if len(options["sources"]) > 1:
    source = (
        st.segmented_control(
            "Source",
            options["sources"],
            format_func=lambda s: SOURCE_LABELS.get(s, s),
            default=source,
            key="competences_source",
        )
        or source
    )
in_source = titles[titles["source_kind"] == source]
families = st.multiselect(
    "Familles",
    sorted(in_source["family"].dropna().unique()),
    key="competences_familles",
    placeholder="Toutes les familles",
)
chosen = in_source if not families else in_source[in_source["family"].isin(families)]
if chosen.empty:
    st.info("Aucun métier dans ces familles : choisissez-en d'autres.")
    st.stop()
ids = tuple(chosen["career_id"])

demand = ui.query("skill_demand", ids)
top_demand = st.slider("Compétences affichées", 5, 60, 20, key="competences_top")
ui.chart(charts.skill_demand(demand, top_n=top_demand), key="competences_demand")

st.subheader("Carte des compétences par métier")
if len(ids) > 60:
    st.info(
        f"{len(ids)} métiers : choisissez une ou plusieurs familles pour afficher la carte "
        "métier par métier."
    )
else:
    ui.chart(
        charts.skill_heatmap(ui.query("skill_matrix", ids), top_n=top_demand),
        key="competences_heatmap",
    )
if source == "fiche":
    st.caption(ui.EDITORIAL_NOTE)
