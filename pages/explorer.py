"""Explorer: a student filters careers by salary, study level, profile and skills."""

import streamlit as st

from careerdash import charts, tables, ui
from careerdash.formatting import LEVEL_LABELS, MISSING
from careerdash.queries import PROFILE_DIMENSIONS, SOURCE_LABELS, CareerFilters

ui.run_through_entrypoint()

ALL_LEVELS = "Tous niveaux"
MAX_COMPARED = 6

st.header("Explorer les métiers")
options = ui.query("filter_options")

with st.sidebar:
    st.subheader("Filtres")
    text = st.text_input(
        "Rechercher", key="q", bind="query-params", placeholder="intitulé ou mission"
    )
    min_debutant = st.slider(
        "Salaire débutant minimum (k€ brut/an)",
        0,
        80,
        0,
        step=1,
        key="debutant",
        bind="query-params",
        help="Milieu de la fourchette débutant.",
    )
    min_confirme = st.slider(
        "Salaire confirmé minimum (k€ brut/an)",
        0,
        150,
        0,
        step=5,
        key="confirme",
        bind="query-params",
        help="Milieu de la fourchette confirmé.",
    )
    level = st.select_slider(
        "Niveau d'études maximum",
        [ALL_LEVELS, *LEVEL_LABELS.values()],
        value=ALL_LEVELS,
        key="niveau",
        bind="query-params",
        help="Métiers dont le niveau de référence ne dépasse pas ce niveau.",
    )
    families = st.multiselect("Famille", options["families"], key="famille", bind="query-params")
    sources = []
    if len(options["sources"]) > 1:
        sources = st.multiselect(
            "Source",
            options["sources"],
            format_func=lambda s: SOURCE_LABELS.get(s, s),
            key="source",
            bind="query-params",
        )
    st.caption("Profil minimum (scores éditoriaux)")
    profile_min = tuple(
        (dim, st.slider(label, 0, 100, 0, step=5, key=f"min_{dim}", bind="query-params"))
        for dim, label in PROFILE_DIMENSIONS.items()
    )
    skills = st.multiselect("Compétences techniques requises", options["skills"], key="competences")

max_years = None if level == ALL_LEVELS else {v: k for k, v in LEVEL_LABELS.items()}[level]
filters = CareerFilters(
    text=text or "",
    min_debutant=min_debutant * 1000,
    min_confirme=min_confirme * 1000,
    max_level_years=max_years,
    families=tuple(families),
    sources=tuple(sources),
    profile_min=profile_min,
    skills=tuple(skills),
)
found = ui.query("explore", filters)

st.subheader(
    f"{len(found)} métier{'s' if len(found) != 1 else ''} "
    f"correspond{'ent' if len(found) != 1 else ''}"
)
if min_debutant or min_confirme or any(v for _, v in profile_min):
    st.caption(f"Les métiers dont le salaire ou le score filtré est {MISSING} sont exclus.")
if found.empty:
    st.info(
        "Aucun métier ne correspond : élargissez le salaire minimum, le niveau d'études ou "
        "les scores de profil, ou retirez une compétence requise."
    )
    st.stop()

sort_by = st.selectbox("Trier par", list(tables.SORT_KEYS), key="tri")
table = tables.explorer_table(found, sort_by)
st.caption("Cochez des lignes (jusqu'à six) pour les comparer. " + ui.EDITORIAL_NOTE)
event = st.dataframe(
    table,
    hide_index=True,
    column_order=[c for c in table.columns if c != "career_id"],
    column_config={
        label: st.column_config.NumberColumn(label, format="%d %%")
        for label in PROFILE_DIMENSIONS.values()
    },
    on_select="rerun",
    selection_mode="multi-row",
    key="explorer_table",
    placeholder=MISSING,
    height=min(40 + 35 * len(table), 560),
)
selected = table.iloc[event.selection.rows]["career_id"].tolist()
if selected:
    if len(selected) > MAX_COMPARED:
        st.warning(f"Seuls les {MAX_COMPARED} premiers métiers cochés seront comparés.")
    selected = selected[:MAX_COMPARED]
    st.session_state["selection"] = selected
    if st.button(
        f"Comparer {len(selected)} métier{'s' if len(selected) > 1 else ''}",
        type="primary",
        disabled=len(selected) < 2,
    ):
        labels = ui.title_lookup()
        st.switch_page("pages/comparer.py", query_params={"careers": [labels[c] for c in selected]})

ui.chart(
    charts.salary_scatter(found[found["currency"].fillna("EUR") == "EUR"]), key="explorer_scatter"
)
missing = found["debutant_mid"].isna() | found["confirme_mid"].isna()
if missing.any():
    st.caption(
        f"{int(missing.sum())} métier(s) sans fourchette débutant ou confirmé "
        "ne figurent pas sur ce graphique."
    )
