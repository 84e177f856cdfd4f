"""Explorer: a student filters careers by salary, study level, profile and skills."""

import math

import streamlit as st

from careerdash import charts, queries, tables, ui
from careerdash.formatting import LEVEL_LABELS, MISSING, md, thousands
from careerdash.queries import PROFILE_DIMENSIONS, SOURCE_LABELS, CareerFilters

ui.run_through_entrypoint()

ALL_LEVELS = "Tous niveaux"
MAX_COMPARED = 6
TABLE_ROWS = 3_000  # more than the national set (2,648); past it, the filters narrow the table

st.header("Explorer les métiers")
options = ui.query("filter_options")


def ceiling(value, step: int) -> int:
    """A slider's top: the data's highest value, rounded up to a step."""
    return max(step, int(math.ceil((value or 0) / step) * step))


with st.sidebar:
    st.subheader("Filtres")
    text = st.text_input(
        "Rechercher",
        key="q",
        bind="query-params",
        placeholder="intitulé, appellation ou mission",
    )
    min_debutant = st.slider(
        "Salaire débutant minimum (k€ brut/an)",
        0,
        80,
        0,
        step=1,
        key="debutant",
        bind="query-params",
        help="Milieu de la fourchette débutant des fiches (euros, brut annuel).",
    )
    min_confirme = st.slider(
        "Salaire confirmé minimum (k€ brut/an)",
        0,
        150,
        0,
        step=5,
        key="confirme",
        bind="query-params",
        help="Milieu de la fourchette confirmé des fiches (euros, brut annuel).",
    )
    min_median = 0
    if options.get("median_max"):
        min_median = st.slider(
            "Salaire médian minimum, O*NET (k$ brut/an)",
            0,
            ceiling(options["median_max"] / 1000, 10),
            0,
            step=5,
            key="mediane",
            bind="query-params",
            help="Médiane OEWS de tous les salariés du métier aux États-Unis, en dollars : "
            "une autre mesure que les fourchettes des fiches, filtrée à part.",
        )
    min_family_median = 0
    if options.get("family_median_max"):
        min_family_median = st.slider(
            "Médiane de la famille professionnelle minimum (€ net/mois)",
            0,
            ceiling(options["family_median_max"], 100),
            0,
            step=100,
            key="mediane_famille",
            bind="query-params",
            help="Dares, 2017–2019 : salaire net mensuel médian des salariés à temps plein de "
            "toute la famille professionnelle du métier (métiers ROME, et fiches qui portent "
            "un code ROME). Une autre mesure que les fourchettes brutes annuelles des fiches, "
            "filtrée à part ; un métier relié à plusieurs familles passe si la plus basse passe.",
        )
    # Least restrictive next to "Tous niveaux": the first step away removes few careers.
    level = st.select_slider(
        "Niveau d'études maximum",
        [*LEVEL_LABELS.values(), ALL_LEVELS],
        value=ALL_LEVELS,
        key="niveau",
        bind="query-params",
        help="Métiers dont le niveau de référence ne dépasse pas ce niveau.",
    )
    families = st.multiselect(
        "Famille",
        options["families"],
        key="famille",
        bind="query-params",
        placeholder="Toutes les familles",
    )
    sources = []
    if len(options["sources"]) > 1:
        sources = st.multiselect(
            "Source",
            options["sources"],
            format_func=lambda s: SOURCE_LABELS.get(s, s),
            key="source",
            bind="query-params",
            placeholder="Toutes les sources",
        )
    st.caption("Profil minimum (scores éditoriaux des fiches)")
    highest = options.get("profile_max", {})
    profile_min = tuple(
        (
            dim,
            st.slider(
                label,
                0,
                ceiling(highest.get(dim, 100), 5),
                0,
                step=5,
                key=f"min_{dim}",
                bind="query-params",
            ),
        )
        for dim, label in PROFILE_DIMENSIONS.items()
    )
    skills = st.multiselect(
        "Compétences techniques requises",
        options["skills"],
        key="competences",
        placeholder="Aucune",
    )

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
    min_median=min_median * 1000,
    min_family_median=min_family_median,
)
# The careers the other filters chose are cached; a slider's minimum is a mask over them.
chosen = ui.query("candidates", queries.without_minimums(filters))
found = queries.at_least(chosen, filters)

st.subheader(tables.count_sentence(len(found)))
if queries.active_minimums(filters):
    # Say how many careers a filter dropped only because they lack its measure.
    for line in tables.excluded_for_lack(chosen, filters):
        st.caption(md(line))
if found.empty:
    st.info(
        "Aucun métier ne correspond : "
        + ("raccourcissez ou changez la recherche, " if text else "")
        + "élargissez le salaire minimum, le niveau d'études ou les scores de profil, ou "
        "retirez une compétence requise."
    )
    st.stop()

# The chart first: an overview before the rows, and the first thing redrawn after a change.
ui.chart(
    charts.salary_scatter(
        found[found["currency"].fillna("EUR") == "EUR"], families=options["scatter_families"]
    ),
    key="explorer_scatter",
)
missing = found["debutant_mid"].isna() | found["confirme_mid"].isna()
if missing.any():
    st.caption(
        f"{thousands(int(missing.sum()))} métier(s) sans fourchette débutant ou confirmé en euros "
        "ne figurent pas sur ce graphique."
    )

sort_by = st.selectbox("Trier par", list(tables.SORT_KEYS), key="tri")
table = tables.explorer_table(
    found, sort_by, limit=TABLE_ROWS, written=ui.written_rows("explorer_table")
)
if len(found) > TABLE_ROWS:
    st.caption(
        f"Le tableau montre les {thousands(TABLE_ROWS)} premiers métiers dans l'ordre choisi ; "
        "précisez les filtres pour voir les autres."
    )
st.caption("Cochez des lignes (jusqu'à six) pour les comparer. " + ui.EDITORIAL_NOTE)
event = st.dataframe(
    table,
    hide_index=True,
    column_order=[c for c in table.columns if c != "career_id"],
    column_config={
        label: st.column_config.NumberColumn(label, format="%d %%", width="small")
        for label in PROFILE_DIMENSIONS.values()
    }
    | {
        "Débutant": st.column_config.TextColumn("Débutant", width="medium"),
        "Confirmé": st.column_config.TextColumn("Confirmé", width="medium"),
        "Niveau de référence": st.column_config.TextColumn("Niveau", width="small"),
        "Famille": st.column_config.TextColumn("Famille", width="small"),
        "Source": st.column_config.TextColumn("Source", width="small"),
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
    labels = ui.title_lookup()
    left, right = st.columns(2)
    if left.button(
        f"Comparer {len(selected)} métier{'s' if len(selected) > 1 else ''}",
        type="primary",
        disabled=len(selected) < 2,
        help="Cochez au moins deux métiers." if len(selected) < 2 else None,
    ):
        st.switch_page("pages/comparer.py", query_params={"careers": [labels[c] for c in selected]})
    if len(selected) == 1 and right.button("Ouvrir sa fiche", icon=":material/description:"):
        st.switch_page("pages/fiche.py", query_params={"career": labels[selected[0]]})
