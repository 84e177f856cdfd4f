"""Fiche: one career in full, with its charts, its sources and links to where it leads."""

from contextlib import nullcontext

import pandas as pd
import streamlit as st

from careerdash import brief_ui, charts, measures, tables, ui
from careerdash.diploma_view import md_escape
from careerdash.formatting import BAND_LABELS, MISSING, band, md, money, web_url
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
    "soft_skills": "Savoir-être",
    "alt_titles": "Autres intitulés",
    "summary": "Description",
    "missions": "Missions",
    "constraints": "Contraintes",
    "faq": "Questions fréquentes",
    "title": "Intitulé",
    "family": "Famille",
}

# What a move is depends on who states it: a fiche's steps are a progression; ROME lists the
# jobs its holders can move to (not a next step); O*NET lists related occupations.
SOURCE_ONE = {"fiche": "Fiche métier", "rome": "Fiche ROME", "onet": "Fiche O*NET"}
MOVE_LABELS = {
    "next": "Étape 1",
    "later": "Étape 2",
    "related": "Métier proche",
    ("rome", "next"): "Mobilité possible (ROME)",
    ("onet", "related"): "Métier proche (O*NET)",
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
st.header(md(career["title"]), anchor=False)
facts = [SOURCE_LABELS.get(career["source_kind"], career["source_kind"])]
facts += [x for x in (career["family"], career["title_en"]) if isinstance(x, str)]
if isinstance(career["rome_code"], str):
    facts.append(f"ROME {career['rome_code']}")
st.caption(" · ".join(md(f) for f in facts))
if career["summary"]:
    ui.text(career["summary"])

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
                row.iloc[0]["min_amount"],
                row.iloc[0]["max_amount"],
                row.iloc[0]["currency"],
                approximate=bool(row.iloc[0]["converted_from_monthly"]),
            ),
        )
cols[2].metric("Niveau de référence", md(career["reference_level"]))
ui.smic_flags(ui.labelled(bands))
for measure, rows in measures.split(ui.labelled(bands)):
    ui.chart(charts.measure_figure(rows, measure), key=f"fiche_salary_{measure.kind}")
    ui.measure_note(measure, rows)
ui.labour_tension(ids)

kind = career["source_kind"]
left, right = st.columns(2)
with left:
    profile = ui.query("profile_scores", ids)
    if profile.empty:
        st.caption("Profil : non renseigné par la source.")
    else:
        ui.chart(
            charts.profile_radar(ui.labelled(profile), ui.PROFILE_TITLES.get(kind, "Profil")),
            key="fiche_radar",
        )
with right:
    skills = ui.labelled(ui.query("hard_skills", ids))
    if skills.empty:
        st.caption("Compétences techniques : non renseignées.")
    elif skills["score"].isna().all():
        # listed without a score: a list says it, a chart of blanks would say "absent"
        st.markdown(f"**Compétences listées par la source ({len(skills)}), sans score**")
        ui.text(", ".join(skills["name"].head(40)) + (" …" if len(skills) > 40 else ""))
        st.caption("La liste complète est dans l'onglet Compétences ci-dessous.")
    else:
        ui.chart(
            charts.skill_heatmap(skills, top_n=30, title=ui.SKILL_TITLES.get(kind, "")),
            key="fiche_skills",
        )
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
    label = MOVE_LABELS.get((kind, row.kind)) or MOVE_LABELS.get(row.kind, "")
    if i == SHOWN:
        where = st.expander(f"{len(ahead) - SHOWN} autres")
    with where:
        if isinstance(row.to_career_id, str):
            ui.fiche_button(row.to_career_id, f"{label} : {row.to_title}")
        else:
            ui.text(f"{label} : {row.title}")
if not entry.empty:
    st.markdown("**On y accède après une expérience de :**")
    for row in entry.itertuples():
        if isinstance(row.to_career_id, str):
            ui.fiche_button(row.to_career_id, row.to_title, ":material/arrow_back:")
        else:
            st.markdown("- " + md(row.title))

linked = ui.query("linked_careers", career["rome_code"], career_id)
for row in linked.itertuples():
    source = SOURCE_ONE.get(row.source_kind, row.source_kind)
    with st.expander(md(f"{source} du même code ROME ({career['rome_code']}) : {row.title}")):
        skills = ui.query("hard_skills", (row.career_id,))
        moves = ui.query("progressions", (row.career_id,))
        st.markdown(
            f"**Compétences ({len(skills)})** : "
            + md(", ".join(skills["name"].head(15)))
            + (" …" if len(skills) > 15 else "")
        )
        targets = moves["to_title"].fillna(moves["title"])
        st.markdown(
            f"**Mobilités ({len(moves)})** : "
            + md(", ".join(targets.head(15)))
            + (" …" if len(moves) > 15 else "")
        )
        ui.fiche_button(row.career_id, f"Ouvrir la fiche complète ({source})")

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
            st.markdown(f"**{md(title)}**")
        st.markdown("\n".join(f"- {md(t)}" for t in group["task"]))
with sections[1]:
    soft = ui.query("soft_skills", ids)
    st.markdown("**Savoir-être**")
    for row in soft.itertuples():
        st.markdown(
            f"- **{md(row.name)}** — {md(row.description)}"
            if row.description
            else f"- {md(row.name)}"
        )
    hard = ui.query("hard_skills", ids)
    st.markdown("**Compétences techniques**")
    hard_table = hard[["name", "score", "keywords"]].rename(
        columns={"name": "Compétence", "score": "Score", "keywords": "Mots-clés"}
    )
    st.dataframe(
        hard_table,
        hide_index=True,
        placeholder=MISSING,
        # ROME's wordings are long: capped, so that the Score column stays on screen
        column_config={"Compétence": {"width": "large"}} | tables.readable_missing(hard_table),
    )
with sections[2]:
    diplomas = ui.query("diplomas", ids)
    if diplomas.empty:
        st.write(MISSING)
    if diplomas["share"].notna().any():
        st.markdown("**Niveau d'études déclaré par les salariés interrogés (O\\*NET)**")
        st.dataframe(tables.education_shares(diplomas), hide_index=True)
        st.caption(
            "Part des répondants par niveau ; « imprécise » : O*NET signale peu de réponses "
            "ou une forte marge d'erreur. Le niveau de référence est le plus fréquent."
        )
        diplomas = diplomas.iloc[0:0]
    for row in diplomas.itertuples():
        star = " ★ niveau de référence" if row.is_reference else ""
        st.markdown(f"**{md(row.name)}** — {md(row.level)}{star}")
        if row.description:
            ui.text(row.description, caption=True)
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
        st.markdown(f"**{md(category)}** : " + md(", ".join(rows["tool"])))
with sections[4]:
    for row in ui.query("constraints", ids).itertuples():
        st.markdown(f"**{md(row.name)}** — {md(row.description)}")
with sections[5]:
    faq = ui.query("faq", ids)
    if faq.empty:
        st.write(MISSING)
    for row in faq.itertuples():
        with st.expander(md(row.question)):
            ui.text(row.answer)
with sections[6]:
    sources = ui.query("sources", ids)
    if sources.empty:
        st.write("Aucune source indiquée dans cette fiche.")
    else:
        # Only web addresses become links, labelled with the site they open; anything else
        # a fiche wrote there (javascript:, data:, a bare word) stays text.
        links = sources["url"].map(web_url)
        st.dataframe(
            pd.DataFrame(
                {
                    "Donnée": sources["field"].map(lambda f: FIELD_LABELS.get(f, "Autre donnée")),
                    "Lien": links,
                    "Référence": sources["url"].where(links.isna()),
                    "Remarque": sources["note"],
                }
            ),
            column_config={
                "Lien": st.column_config.LinkColumn("Lien", display_text=r"^https?://([^/?#]+)")
            },
            hide_index=True,
            placeholder="",
        )
brief_ui.fiche(career_id)
