"""Diplômes: for school directors, which careers each study level opens and what they pay."""

import streamlit as st

from careerdash import charts, ui
from careerdash.formatting import LEVEL_LABELS, money

ui.run_through_entrypoint()

st.header("Diplômes et débouchés")
paths = ui.query("level_paths", ("fiche",))
if paths.empty:
    st.info("Aucun métier n'a de niveau d'études de référence renseigné.")
    st.stop()

ui.chart(charts.level_sankey(paths), key="diplomes_sankey")
st.caption("Chaque métier est relié à son niveau d'études de référence, puis à sa famille.")
ui.chart(charts.salary_by_level(paths), key="diplomes_salaries")

st.subheader("Ce qu'un niveau doit enseigner")
levels = sorted(paths["reference_level_years"].astype(int).unique())
level = st.selectbox(
    "Niveau", levels, format_func=LEVEL_LABELS.get, key="diplome_niveau", bind="query-params"
)
at_level = paths[paths["reference_level_years"] == level]
cols = st.columns(3)
cols[0].metric("Métiers", len(at_level))
cols[1].metric("Débutant (médiane des milieux)", money(at_level["debutant_mid"].median()))
cols[2].metric("Confirmé (médiane des milieux)", money(at_level["confirme_mid"].median()))
ui.text(", ".join(at_level["title"]))
demand = ui.query("skill_demand", tuple(at_level["career_id"]))
ui.chart(charts.skill_demand(demand, top_n=15), key="diplomes_skills")
st.caption(ui.EDITORIAL_NOTE)
