"""Salaires: every career's bands on one chart, and pay by reference study level."""

import streamlit as st

from careerdash import charts, tables, ui
from careerdash import diploma_view as view
from careerdash.queries import SOURCE_LABELS

ui.run_through_entrypoint()

ORDERS = {
    "Salaire débutant": "debutant_mid",
    "Salaire confirmé": "confirme_mid",
    "Progression débutant → confirmé": "growth_pct",
    "Métier (A → Z)": "title",
}

st.header("Salaires")
sources = ui.query("filter_options")["sources"]
source = "fiche"
if len(sources) > 1:
    source = (
        st.segmented_control(
            "Source",
            [s for s in sources if s != "onet"],
            format_func=SOURCE_LABELS.get,
            default="fiche",
            key="salaires_source",
        )
        or "fiche"
    )
summary = ui.query("all_bands", (source,))
medians = ui.query("careers_by_net_median", 0, (source,))
if summary.empty and medians.empty:
    st.info("Aucun salaire en euros renseigné pour cette source.")
    st.stop()


def family_medians() -> None:
    """The Dares family medians: another measure (net, monthly, a whole family), shown apart."""
    if medians.empty:
        return
    st.subheader("Médiane de la famille professionnelle (Dares)")
    ui.chart(charts.family_median_histogram(medians), key="salaires_family_medians")
    st.dataframe(tables.family_median_table(medians), hide_index=True)
    st.caption(
        "Salaire net mensuel médian des salariés à temps plein de toute la famille "
        "professionnelle (FAP-2009) à laquelle le métier appartient, 2017–2019 : pas une "
        "fourchette du métier, et pas du brut annuel. Un métier relié à plusieurs familles "
        "montre la plus basse et la plus haute."
    )


if summary.empty:
    family_medians()
    st.stop()

order_by = st.selectbox("Trier par", list(ORDERS), key="salaires_tri")
column = ORDERS[order_by]
ranked = summary.sort_values(column, ascending=column == "title", na_position="last")
with_bands = ranked[ranked["debutant_mid"].notna() | ranked["confirme_mid"].notna()]
bands = ui.query("salary_bands", tuple(with_bands["career_id"]))
ui.chart(
    charts.salary_ranges(bands, order=list(with_bands["title"]), labels_on_points=False),
    key="salaires_all",
)
ui.smic_flags(ui.labelled(bands))
missing = len(summary) - len(with_bands)
if missing:
    st.caption(f"{missing} métier(s) sans aucun salaire renseigné ne figurent pas ici.")

st.subheader("Selon le niveau d'études")
paths = ui.query("level_paths", (source,))
years = view.salary_years(ui.query("salary_bands", tuple(paths["career_id"])))
ui.chart(charts.salary_by_level(paths, years), key="salaires_by_level")
st.caption(
    "Chaque point est un métier (milieu de ses fourchettes), placé à son niveau "
    "d'études de référence. La ligne rouge : le SMIC brut annuel de l'année la plus "
    "récente des salaires montrés ; un point sous le SMIC de sa propre année le dit au "
    "survol."
)

family_medians()
