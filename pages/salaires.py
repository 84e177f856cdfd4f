"""Salaires: every career's bands, pay by reference study level and the Dares family medians."""

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
    ui.chart(charts.family_median_histogram(medians), key="salaires_family_medians")
    st.dataframe(tables.family_median_table(medians), hide_index=True)
    st.caption(
        "Salaire net mensuel médian des salariés à temps plein de toute la famille "
        "professionnelle (FAP-2009) à laquelle le métier appartient, 2017–2019 : pas une "
        "fourchette du métier, et pas du brut annuel. Un métier relié à plusieurs familles "
        "montre la plus basse et la plus haute."
    )


def every_career() -> None:
    """Every career's gross yearly bands, on one chart, in the order chosen."""
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


def by_study_level() -> None:
    """Each career's midpoint at its reference study level: what a diploma level pays."""
    paths = ui.query("level_paths", (source,))
    years = view.salary_years(ui.query("salary_bands", tuple(paths["career_id"])))
    ui.chart(charts.salary_by_level(paths, years), key="salaires_by_level")
    st.caption(
        "Chaque point est un métier (milieu de ses fourchettes), placé à son niveau "
        "d'études de référence. La ligne rouge : le SMIC brut annuel de l'année la plus "
        "récente des salaires montrés ; un point sous le SMIC de sa propre année le dit au "
        "survol."
    )


# Three measures of different kinds, one per tab: only the open one runs and is drawn (three
# charts at once took ~600 ms to draw in Chromium). The URL names the tab: ?vue=…
views = {}
if not summary.empty:
    views |= {"Fourchettes par métier": every_career, "Selon le niveau d'études": by_study_level}
if not medians.empty:
    views["Médiane de la famille (Dares)"] = family_medians
tabs = st.tabs(list(views), key="vue", bind="query-params", on_change="rerun")
for tab, show in zip(tabs, views.values(), strict=True):
    if tab.open:
        with tab:
            show()
