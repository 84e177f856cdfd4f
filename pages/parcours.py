"""Parcours: the career-progression graph and a path finder from one role to another."""

import streamlit as st

from careerdash import charts, ui
from careerdash.formatting import BAND_LABELS, MISSING, band, md
from careerdash.paths import build_graph, shortest_path

ui.run_through_entrypoint()

HOW = {"entry": "après une expérience de", "next": "évolution", "later": "évolution (plus tard)"}

st.header("Parcours professionnels")
edges = ui.query("progression_edges", ("fiche",))
if edges.empty:
    st.info("Aucune évolution de carrière renseignée dans les fiches.")
    st.stop()

families = ui.query("filter_options")["families"]
family = st.selectbox(
    "Famille",
    families,
    key="parcours_famille",
    bind="query-params",
    index=None,
    placeholder="Choisissez une famille",
)
titles = ui.query("career_titles")
if family:
    ids = set(titles.loc[titles["family"] == family, "career_id"])
    shown = edges[edges["career_id"].isin(ids)]
    ui.chart(charts.progression_sankey(shown, f"Parcours : {family}"), key="parcours_graph")
    in_db = sorted(set(shown["career"]) | set(shown.loc[shown["to_career_id"].notna(), "target"]))
    lookup = dict(zip(titles["title"], titles["career_id"], strict=True))
    st.markdown("**Fiches de ce graphe :**")
    cols = st.columns(3)
    for i, title in enumerate(in_db):
        with cols[i % 3]:
            ui.fiche_link(lookup[title])
else:
    st.info("Choisissez une famille pour afficher son graphe de parcours.")

st.subheader("Comment passer d'un métier à un autre ?")
graph = build_graph(edges)
roles = graph.roles()
left, right = st.columns(2)
start = left.selectbox(
    "Depuis", roles, index=None, key="depuis", bind="query-params", placeholder="Un métier"
)
goal = right.selectbox(
    "Vers", roles, index=None, key="vers", bind="query-params", placeholder="Un métier visé"
)
if start and goal:
    path = shortest_path(graph, start, goal)
    if path is None:
        st.warning(md(f"Aucun chemin connu de « {start} » à « {goal} » dans les fiches."))
    else:
        bands = ui.query("salary_bands", tuple(s.career_id for s in path if s.career_id))
        for i, step in enumerate(path):
            own = bands[bands["career_id"] == step.career_id]
            pay = " · ".join(
                f"{BAND_LABELS.get(r.level, r.level).lower()} "
                + band(r.min_amount, r.max_amount, r.currency)
                for r in own.itertuples()
            )
            how = f" ({HOW.get(step.how, step.how)})" if step.how else ""
            st.markdown(f"**{i + 1}. {md(step.title)}**{how} — {pay or 'salaire ' + MISSING}")
