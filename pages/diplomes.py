"""Diplômes: a school director looks a diploma up, sees the jobs it leads to, how its
graduates fare and which skills to teach, and compares 2 to 4 programmes."""

import pandas as pd
import streamlit as st

from careerdash import brief_ui, charts, smic, ui
from careerdash import diploma_view as view
from careerdash.formatting import LEVEL_LABELS, MISSING, level_label, money

ui.run_through_entrypoint()
brief_ui.print_support()  # printing the diploma view keeps every chart on the page

NATIONAL = "France entière (somme des régions)"
ATTRIBUTION = (
    "Sources : BCN (ministère de l'Éducation nationale), Certif Info (Réseau des Carif-Oref), "
    "RNCP (France compétences), ROME 4.0 (France Travail), InserJeunes (DEPP et DARES). "
    "Taux nationaux calculés en additionnant les effectifs des régions ; une région dont "
    "l'effectif n'est pas publié est retirée du nombre et de la base."
)


def overview() -> None:
    """The fiches' own diplomas: every diploma a fiche names, by kind, family and career."""
    names = ui.query("fiche_diploma_names", ("fiche",))
    pairs = view.listed_kinds(names)
    ui.chart(charts.diploma_kind_sankey(pairs), key="diplomes_sankey")
    st.caption(
        "Chaque métier est relié à chaque type de diplôme que sa fiche cite (un métier qui "
        "cite un BTS et une licence pro apparaît sous les deux)."
    )
    paths = ui.query("level_paths", ("fiche",))
    if paths.empty:
        return
    years = view.salary_years(ui.query("salary_bands", tuple(paths["career_id"])))
    ui.chart(charts.salary_by_level(paths, years), key="diplomes_salaries")
    levels = sorted(paths["reference_level_years"].astype(int).unique())
    level = st.selectbox(
        "Niveau de référence", levels, format_func=LEVEL_LABELS.get, key="diplome_niveau"
    )
    at_level = paths[paths["reference_level_years"] == level]
    cols = st.columns(3)
    cols[0].metric("Métiers", len(at_level))
    counted = [y for cid in at_level["career_id"] for y in years.get(cid, [])]
    for col, column, label in (
        (cols[1], "debutant_mid", "Débutant (médiane des milieux)"),
        (cols[2], "confirme_mid", "Confirmé (médiane des milieux)"),
    ):
        median = at_level[column].median()
        col.metric(label, money(median))
        warning = smic.median_flag(median, counted)
        if warning:
            col.caption(warning)
    st.caption(
        "Médianes des milieux de fourchette (brut annuel) des fiches de ce niveau. Un "
        "chiffre sous le SMIC est comparé au SMIC de l'année la plus récente des salaires "
        "comptés."
    )
    demand = ui.query("skill_demand", tuple(at_level["career_id"]))
    ui.chart(charts.skill_demand(demand, top_n=15), key="diplomes_skills")
    st.caption(ui.EDITORIAL_NOTE)


st.header("Diplômes et débouchés")
if not ui.query("has_diplomas"):
    st.info(
        "Les diplômes nationaux (codes CFD et RNCP, métiers visés, insertion des diplômés) ne "
        "sont pas encore importés : lancez `careerdash import diplomas` sur les fichiers "
        "BCN, Certif Info, RNCP et InserJeunes (voir le README). En attendant, voici les "
        "diplômes que citent les fiches."
    )
    overview()
    st.stop()

options = ui.query("diploma_filter_options")
domains = dict(options["domains"])


def labels_for(ids: list[str], found: pd.DataFrame) -> dict[str, str]:
    """Each diploma's label; the search already read the rows it found, so only the others
    (a diploma chosen through the URL) are read again."""
    rows = [] if found.empty else found[found["diploma_id"].isin(ids)].to_dict("records")
    read = {r["diploma_id"] for r in rows}
    others = [i for i in ids if i not in read]
    if others:
        rows += ui.query("diplomas_by_id", tuple(others)).to_dict("records")
    return {r["diploma_id"]: view.diploma_label(r) for r in rows}


def search_box(prefix: str) -> pd.DataFrame:
    """Name, abbreviation or code; level and domain to browse without a name."""
    text = st.text_input(
        "Nom, sigle ou code du diplôme (ex. BTS CG, BUT MMI, CAP AEPE, 32031408, RNCP39159)",
        key=f"{prefix}_q",
        bind="query-params",
    )
    cols = st.columns([1, 2, 1])
    level = cols[0].selectbox(
        "Niveau",
        [None, *options["levels"]],
        format_func=lambda y: "Tous" if y is None else level_label(y),
        key=f"{prefix}_niv",
    )
    domain = cols[1].selectbox(
        "Domaine (groupe de spécialités de la BCN)",
        [None, *domains],
        format_func=lambda d: "Tous" if d is None else f"{domains[d]} ({d})",
        key=f"{prefix}_domaine",
    )
    open_only = cols[2].checkbox("Ouverts seulement", value=True, key=f"{prefix}_ouverts")
    if not text.strip() and level is None and domain is None:
        return pd.DataFrame()
    return ui.query("diploma_search", text, level, domain, open_only, 60)


FICHES_TAB = "Diplômes cités par les fiches"
# The fiches' diplomas never change with a search: drawn only when their tab is open (half
# of each rerun otherwise). The other tabs always run, so their widgets keep their state.
tab_one, tab_compare, tab_fiches = st.tabs(
    ["Un diplôme", "Comparer 2 à 4 diplômes", FICHES_TAB], key="onglet", on_change="rerun"
)

with tab_one:
    found = search_box("diplome")
    chosen = st.query_params.get("diplome")
    ids = list(found["diploma_id"]) if not found.empty else []
    if chosen and chosen not in ids:
        ids.insert(0, chosen)
    names = labels_for(ids, found) if ids else {}
    ids = [i for i in ids if i in names]
    if not found.empty:
        st.caption(
            f"{len(found)} diplôme(s) trouvé(s){' (les 60 premiers)' if len(found) == 60 else ''}."
        )
    # The URL carries the diploma's id (?diplome=cfd-32031408), not its long label.
    diploma_id = st.selectbox(
        "Diplôme",
        ids,
        format_func=names.get,
        key="diplome_choisi",
        index=ids.index(chosen) if chosen in ids else None,
        placeholder="Cherchez un diplôme ci-dessus, puis choisissez-le ici",
    )
    if diploma_id is None:
        st.query_params.pop("diplome", None)
    else:
        st.query_params["diplome"] = diploma_id
    if diploma_id is None:
        st.info(
            "Cherchez un diplôme par son nom, son sigle ou son code, ou parcourez-les par "
            "niveau et domaine. Élève : trouvez votre diplôme pour voir les métiers auxquels "
            "il prépare."
        )
    else:
        ref = ui.query("diplomas_by_id", (diploma_id,)).iloc[0]
        st.subheader(view.md_escape(view.diploma_title(ref)))
        facts = pd.DataFrame(view.diploma_facts(ref), columns=["Fait", "Valeur"])
        st.dataframe(facts, hide_index=True, width="stretch")
        renewals = ui.query("diploma_neighbours", diploma_id)
        for r in renewals.itertuples():
            st.text(
                f"{r.relation.capitalize()} : {r.title or r.diploma_id} ({r.status or MISSING})"
            )

        st.markdown("#### Métiers auxquels il prépare")
        careers = ui.query("diploma_careers", (diploma_id,))
        reached = [c for c in careers["career_id"] if isinstance(c, str)]
        pay = (
            ui.query("diploma_pay", tuple(reached))
            if reached
            else pd.DataFrame(columns=["career_id"])
        )
        if careers.empty:
            st.info("Aucun métier relié à ce diplôme dans les sources importées.")
        else:
            st.dataframe(view.careers_table(careers, pay), hide_index=True, width="stretch")
            st.caption(
                "Liens : Certif Info et RNCP donnent les codes ROME visés ; ROME 4.0 cite le "
                "diplôme parmi les savoirs d'un métier ; une fiche le cite dans son parcours. "
                "Les salaires sont ceux de chaque métier, tels que sa source les publie "
                "(tranche débutant/confirmé brute annuelle d'une fiche, centiles en dollars "
                "d'O*NET/OEWS, médiane nette mensuelle d'une famille de métiers) : ils ne se "
                "comparent pas entre eux."
            )
            fiches = [c for c in careers.itertuples() if c.source_kind == "fiche"][:8]
            for c in fiches:
                ui.fiche_link(c.career_id)

        st.markdown("#### Insertion des diplômés (InserJeunes)")
        regions = ui.query("diploma_regions", (diploma_id,))
        if not regions:
            st.info(
                "InserJeunes ne publie pas de chiffres pour ce diplôme (il couvre les CAP, "
                "bac pro, BTS, BP, mentions complémentaires et titres préparés en lycée ou en "
                "apprentissage)."
            )
        else:
            region = st.selectbox("Territoire", [NATIONAL, *regions], key="diplome_region")
            outcomes = ui.query(
                "diploma_outcomes", (diploma_id,), None if region == NATIONAL else region
            )
            for indicator in ("in_work_6m", "in_work_12m"):
                ui.chart(
                    charts.diploma_outcome_bars(outcomes, {}, indicator),
                    key=f"diplome_{indicator.removeprefix('in_work_')}",
                )
            st.dataframe(view.outcomes_table(outcomes), hide_index=True, width="stretch")
            st.caption(ATTRIBUTION)

        st.markdown("#### Compétences à enseigner")
        demand = ui.query("diploma_skill_demand", (diploma_id,))
        overlap = view.skill_overlap(demand, {diploma_id: view.diploma_title(ref)}, top_n=15)
        ui.chart(charts.diploma_skill_overlap(overlap), key="diplome_skills")
        st.caption(
            "Part des métiers visés (ROME et fiches présents dans la base) qui demandent "
            "chaque compétence ; en cellule, le nombre de ces métiers. " + ui.EDITORIAL_NOTE
        )

with tab_compare:
    found = search_box("comparer")
    chosen = st.query_params.get_all("diplomes")
    ids = list(dict.fromkeys(chosen + (list(found["diploma_id"]) if not found.empty else [])))
    names = labels_for(ids, found) if ids else {}
    picked = st.multiselect(
        "Diplômes à comparer (2 à 4)",
        [i for i in ids if i in names],
        default=[i for i in chosen if i in names][:4],
        format_func=names.get,
        max_selections=4,
        key="diplomes_choisis",
        placeholder="Cherchez des diplômes ci-dessus, puis choisissez-en 2 à 4",
    )
    st.query_params["diplomes"] = picked
    if len(picked) < 2:
        st.info("Choisissez au moins deux diplômes pour les comparer.")
    else:
        picked = tuple(picked)
        refs = ui.query("diplomas_by_id", picked)
        titles = view.unique_names([view.diploma_title(r) for r in refs.to_dict("records")])
        short = dict(zip(picked, titles, strict=True))
        careers = ui.query("diploma_careers", picked)
        outcomes = ui.query("diploma_outcomes", picked, None)
        st.dataframe(
            view.comparison_table(refs, careers, outcomes),
            hide_index=True,
            width="stretch",
        )
        route = st.radio(
            "Voie",
            ["scolaire", "apprentissage"],
            format_func=view.ROUTES.get,
            horizontal=True,
            key="comparer_voie",
        )
        subset = outcomes[outcomes["route"] == route]
        ui.chart(charts.diploma_outcome_bars(subset, short, "in_work_6m"), key="comparer_6m")
        st.caption(ATTRIBUTION)
        st.markdown("#### Métiers visés, côte à côte")
        st.dataframe(view.careers_matrix(careers, short), hide_index=True, width="stretch")
        reached = tuple(c for c in careers["career_id"].dropna().unique())
        if reached:
            pay = ui.query("diploma_pay", reached)
            st.dataframe(view.pay_table(pay), hide_index=True, width="stretch")
            st.caption(
                "Salaires de chaque métier tels que sa source les publie, avec leur nature : "
                "jamais additionnés ni moyennés entre sources."
            )
        demand = ui.query("diploma_skill_demand", picked)
        ui.chart(
            charts.diploma_skill_overlap(
                view.skill_overlap(demand, short, top_n=20), order=list(short.values())
            ),
            key="comparer_skills",
        )
        st.caption(ui.EDITORIAL_NOTE)

with tab_fiches:
    if tab_fiches.open:
        overview()
