"""Fiche: one career in full, with its charts, its sources and links to where it leads."""

from contextlib import nullcontext

import streamlit as st

from careerdash import brief_ui, charts, ui
from careerdash.diploma_view import md_escape
from careerdash.formatting import BAND_LABELS, MISSING, band, money
from careerdash.queries import SOURCE_LABELS

ui.run_through_entrypoint()

FIELD_LABELS = {
    "salary_bands": "Salaires",
    "salary_bands.debutant": "Salaire débutant",
    "salary_bands.confirme": "Salaire confirmé",
    "salary_bands.senior": "Salaire senior",
    "diplomas": "Diplômes",
    "reference_level": "Niveau de référence",
    "progressions": "Évolutions",
    "experience_paths": "Expériences d'accès",
    "tools": "Outils",
    "profile": "Profil d'épanouissement",
    "hard_skills": "Compétences techniques",
}

titles = ui.title_lookup()
career_id = st.selectbox(
    "Métier",
    list(titles),
    format_func=titles.get,
    key="career",
    bind="query-params",
    index=None,
    placeholder="Choisissez un métier",
)
if career_id is None:
    st.info("Choisissez un métier pour afficher sa fiche complète.")
    st.stop()

ids = (career_id,)
career = ui.query("career", career_id)
st.header(career["title"])
facts = [SOURCE_LABELS.get(career["source_kind"], career["source_kind"])]
facts += [x for x in (career["family"], career["title_en"]) if isinstance(x, str)]
if isinstance(career["rome_code"], str):
    facts.append(f"ROME {career['rome_code']}")
st.caption(" · ".join(facts))
if career["summary"]:
    st.write(career["summary"])

bands = ui.query("salary_bands", ids)
cols = st.columns(3)
if bands["level"].isin(charts.PERCENTILES).any():
    median = bands[bands["level"] == "median"]
    cols[0].metric(
        "Salaire médian (tous niveaux)",
        MISSING
        if median.empty
        else money(median.iloc[0]["min_amount"], median.iloc[0]["currency"]),
    )
else:
    for col, level in zip(cols, ("debutant", "confirme"), strict=False):
        row = bands[bands["level"] == level]
        col.metric(
            BAND_LABELS[level],
            MISSING
            if row.empty
            else band(
                row.iloc[0]["min_amount"], row.iloc[0]["max_amount"], row.iloc[0]["currency"]
            ),
        )
cols[2].metric("Niveau de référence", career["reference_level"] or MISSING)
if not bands.empty:
    ui.chart(charts.salary_figure(bands), key="fiche_salary")

left, right = st.columns(2)
with left:
    ui.chart(charts.profile_radar(ui.query("profile_scores", ids)), key="fiche_radar")
with right:
    ui.chart(charts.skill_heatmap(ui.query("hard_skills", ids), top_n=30), key="fiche_skills")
if career["scores_editorial"]:
    st.caption(ui.EDITORIAL_NOTE)

moves = ui.query("progressions", ids)
st.subheader("Évolutions")
ahead = moves[moves["kind"] != "entry"]
entry = moves[moves["kind"] == "entry"]
if ahead.empty:
    st.write(f"Évolutions : {MISSING}.")
SHOWN = 8  # national datasets list dozens of related jobs: the rest behind an expander
where = nullcontext()
for i, row in enumerate(ahead.itertuples()):
    label = {"next": "Étape 1", "later": "Étape 2", "related": "Métier proche"}.get(row.kind, "")
    if i == SHOWN:
        where = st.expander(f"{len(ahead) - SHOWN} autres")
    with where:
        if isinstance(row.to_career_id, str):
            ui.fiche_link(row.to_career_id, f"{label} : {row.to_title}", ":material/arrow_forward:")
        else:
            st.write(f"{label} : {row.title}")
if not entry.empty:
    st.markdown("**On y accède après une expérience de :**")
    for row in entry.itertuples():
        if isinstance(row.to_career_id, str):
            ui.fiche_link(row.to_career_id, row.to_title, ":material/arrow_back:")
        else:
            st.write(f"- {row.title}")

linked = ui.query("linked_careers", career["rome_code"], career_id)
for row in linked.itertuples():
    source = SOURCE_LABELS.get(row.source_kind, row.source_kind)
    with st.expander(f"Référentiel national {source} ({career['rome_code']}) : {row.title}"):
        skills = ui.query("hard_skills", (row.career_id,))
        moves = ui.query("progressions", (row.career_id,))
        st.markdown(
            f"**Compétences ({len(skills)})** : "
            + ", ".join(skills["name"].head(15))
            + (" …" if len(skills) > 15 else "")
        )
        targets = moves["to_title"].fillna(moves["title"])
        st.markdown(
            f"**Mobilités ({len(moves)})** : "
            + ", ".join(targets.head(15))
            + (" …" if len(moves) > 15 else "")
        )
        ui.fiche_link(row.career_id, f"Fiche {source} complète")

sections = st.tabs(
    ["Missions", "Compétences", "Diplômes", "Outils", "Contraintes", "FAQ", "Sources"]
)
with sections[0]:
    missions = ui.query("missions", ids)
    if missions.empty:
        st.write(MISSING)
    for _, group in missions.groupby("group_index", sort=True):
        title = group["group_title"].iloc[0]
        if isinstance(title, str):
            st.markdown(f"**{title}**")
        st.markdown("\n".join(f"- {t}" for t in group["task"]))
with sections[1]:
    soft = ui.query("soft_skills", ids)
    st.markdown("**Savoir-être**")
    for row in soft.itertuples():
        st.markdown(f"- **{row.name}** — {row.description}" if row.description else f"- {row.name}")
    hard = ui.query("hard_skills", ids)
    st.markdown("**Compétences techniques**")
    st.dataframe(
        hard[["name", "score", "keywords"]].rename(
            columns={"name": "Compétence", "score": "Score", "keywords": "Mots-clés"}
        ),
        hide_index=True,
        placeholder=MISSING,
    )
with sections[2]:
    diplomas = ui.query("diplomas", ids)
    if diplomas.empty:
        st.write(MISSING)
    for row in diplomas.itertuples():
        star = " ★ niveau de référence" if row.is_reference else ""
        st.markdown(f"**{row.name}** — {row.level}{star}")
        if row.description:
            st.caption(row.description)
    # The national diplomas these names resolve to (careerdash import diplomas), as links
    national = ui.query("career_diplomas", career_id).drop_duplicates("diploma_id")
    if not national.empty:
        st.markdown("**Diplômes nationaux correspondants**")
        for row in national.itertuples():
            st.page_link(
                "pages/diplomes.py",
                label=md_escape(f"{row.title} ({row.kind or MISSING}, {row.status or MISSING})"),
                icon=":material/school:",
                query_params={"diplome": row.diploma_id},
            )
with sections[3]:
    tools = ui.query("tools", ids)
    if tools.empty:
        st.write(MISSING)
    for category, rows in tools.groupby("category", sort=False):
        st.markdown(f"**{category}** : " + ", ".join(rows["tool"]))
with sections[4]:
    for row in ui.query("constraints", ids).itertuples():
        st.markdown(f"**{row.name}** — {row.description}")
with sections[5]:
    faq = ui.query("faq", ids)
    if faq.empty:
        st.write(MISSING)
    for row in faq.itertuples():
        with st.expander(row.question):
            st.write(row.answer)
with sections[6]:
    sources = ui.query("sources", ids)
    if sources.empty:
        st.write("Aucune source indiquée dans cette fiche.")
    else:
        st.dataframe(
            sources.assign(field=sources["field"].map(lambda f: FIELD_LABELS.get(f, f)))[
                ["field", "url", "note"]
            ].rename(columns={"field": "Donnée", "url": "Lien", "note": "Remarque"}),
            column_config={"Lien": st.column_config.LinkColumn("Lien")},
            hide_index=True,
            placeholder="",
        )
brief_ui.fiche(career_id)
