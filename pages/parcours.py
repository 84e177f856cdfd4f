"""Parcours: any career's neighbourhood (where it leads, where one comes from) and a path
finder between two careers, over every source."""

import streamlit as st

from careerdash import charts, tables, ui
from careerdash.formatting import BAND_LABELS, MISSING, band, md
from careerdash.paths import neighbourhood, shortest_path

ui.run_through_entrypoint()

HOW = {
    "entry": "après une expérience de",
    "next": "évolution",
    "later": "évolution (plus tard)",
    "mobilite": "mobilité possible (ROME)",
    "related": "métier proche (O*NET)",
}
PER_COLUMN = 8  # a column of the graph beyond this is unreadable: the rest is listed

st.header("Parcours professionnels")
edges = ui.query("progression_edges", ("fiche", "rome", "onet"))
if edges.empty:
    st.info("Aucune évolution de carrière renseignée.")
    st.stop()

titles = ui.title_lookup()
career_id = st.selectbox(
    "Métier",
    list(titles),
    format_func=titles.get,
    key="parcours_metier",
    bind="query-params",
    index=None,
    placeholder="Tapez un intitulé (fiches, ROME, O*NET)",
)
if career_id:
    side = neighbourhood(edges, career_id)
    kept = {c: s for c, s in side.items() if s == 0}
    dropped = []
    for column in (-2, -1, 1, 2):
        members = sorted(
            (c for c, s in side.items() if s == column), key=lambda c: titles[c].casefold()
        )
        kept |= {c: column for c in members[:PER_COLUMN]}
        dropped += members[PER_COLUMN:]
    pay = tables.pay_labels(ui.query("careers", tuple(kept)))
    plain = ui.query("career_titles").set_index("career_id")["title"]
    labels = {c: plain[c] + (f" — {pay[c]}" if pay.get(c) else "") for c in kept}
    resolved = edges[edges["to_career_id"].notna()]
    links = [
        (t, c) if k == "entry" else (c, t)
        for c, t, k in zip(
            resolved["career_id"], resolved["to_career_id"], resolved["kind"], strict=True
        )
    ]
    ui.chart(
        charts.neighbourhood_graph(kept, labels, links, f"Autour de : {titles[career_id]}"),
        key="parcours_graph",
    )
    st.caption(
        "Deux mouvements au plus de chaque côté. Salaire : milieu des fourchettes débutant "
        "et confirmé des fiches (brut annuel) ou médiane O\\*NET (dollars) ; "
        f"{MISSING} sinon. ROME : mobilités possibles ; O\\*NET : métiers proches."
    )
    if dropped:
        with st.expander(f"{len(dropped)} autres métiers voisins, non dessinés"):
            ui.text(", ".join(titles[c] for c in dropped))
    unresolved = edges[(edges["career_id"] == career_id) & edges["to_career_id"].isna()]
    if not unresolved.empty:
        st.markdown("**Rôles cités par la fiche, sans fiche dans la base :**")
        ui.text(", ".join(dict.fromkeys(unresolved["target"])))
else:
    st.info("Choisissez un métier pour voir d'où l'on y vient et où il mène.")

st.subheader("Comment passer d'un métier à un autre ?")
graph = ui.progression_graph(edges)
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
        st.warning(md(f"Aucun chemin connu de « {start} » à « {goal} »."))
    else:
        bands = ui.query("salary_bands", tuple(s.career_id for s in path if s.career_id))
        for i, step in enumerate(path):
            own = bands[bands["career_id"] == step.career_id]
            pay = " · ".join(
                f"{BAND_LABELS.get(r.level, r.level).lower()} "
                + band(r.min_amount, r.max_amount, r.currency)
                for r in own.itertuples()
                if r.level in ("debutant", "confirme", "median")
            )
            how = f" ({md(HOW.get(step.how, step.how))})" if step.how else ""
            st.markdown(f"**{i + 1}. {md(step.title)}**{how} — {pay or 'salaire ' + MISSING}")
