"""Trouver mon métier: a student says what they like and refuse; careers ranked, with reasons."""

import streamlit as st

from careerdash import charts, matching, ui
from careerdash.formatting import LEVEL_LABELS, MISSING, thousands
from careerdash.queries import SOURCE_LABELS

ui.run_through_entrypoint()

ALL_LEVELS = "Tous niveaux"
LIKING = ["pas du tout", "un peu", "assez", "beaucoup"]  # RIASEC levels 0-3
IMPORTANCE = ["indifférent", "un peu", "assez", "beaucoup"]  # profile weights 0-3
WEIGHTS = ["ignoré", "normal", "important", "très important"]  # criterion weights 0-3
SHOWN = 10
EXCLUDED_ROWS = 3_000  # the national set (2,648) fits whole; beyond, the first in rank order

st.header("Trouver mon métier")
st.caption(
    "Dites ce que vous aimez et ce que vous refusez, dans l'ordre que vous voulez : tout est "
    "facultatif. Chaque métier reçoit des points critère par critère, et vous voyez pourquoi. "
    "Vos réponses restent dans l'adresse de la page (rien n'est enregistré) : copiez-la pour "
    "la retrouver plus tard ou l'envoyer à un conseiller."
)


@st.cache_resource(show_spinner=False, max_entries=4)
def career_facts(database: tuple[str, int], sources: tuple[str, ...]) -> matching.Facts:
    """The careers' facts, read once per database file: they do not depend on the answers,
    and the ranking never changes them (kept as they are, not copied at each rerun)."""
    return matching.Facts(
        ui.query("matching_careers", sources),
        ui.query("matching_interests", sources),
        ui.query("matching_riasec", sources),
        ui.query("matching_contexts", sources),
    )


@st.cache_resource(show_spinner=False, max_entries=4)
def answer_options(database: tuple[str, int]) -> dict[str, list]:
    return ui.query("matching_options", matching.AVOIDABLE_KINDS)


options = answer_options(ui.current_database().key)
like, refuse, profile_tab, weights_tab = st.tabs(
    ["Ce que j'aime", "Ce que je refuse", "Mon profil idéal", "Importance des critères"]
)

with like:
    interests = st.multiselect(
        "Centres d'intérêt",
        options["interests"],
        key="interets",
        bind="query-params",
        placeholder="Choisissez ce qui vous ressemble",
        help="Les centres d'intérêt du ROME (France Travail) : chaque métier du ROME en a "
        "un ou plusieurs.",
    )
    st.markdown("**Types d'activité (RIASEC)** : à quel point aimez-vous…")
    columns = st.columns(3)
    riasec = []
    for i, (letter, (name, text)) in enumerate(matching.RIASEC.items()):
        with columns[i % 3]:
            level = st.select_slider(
                f"{name} : {text}",
                LIKING,
                value=LIKING[0],
                key=f"riasec_{letter}",
                bind="query-params",
            )
        riasec.append((letter, LIKING.index(level)))
    skills = st.multiselect(
        "Compétences que j'aime exercer",
        options["skills"],
        key="competences",
        bind="query-params",
        placeholder="Cherchez une compétence",
    )

with refuse:
    left, right = st.columns(2)
    with left:
        min_pay = st.number_input(
            "Salaire minimum (€ net par mois)",
            min_value=0,
            max_value=20_000,
            value=0,
            step=100,
            key="salaire_min",
            bind="query-params",
            help="0 : pas de minimum. Comparé à la mesure que chaque métier a : médiane de sa "
            "famille professionnelle (net mensuel), sinon salaire débutant de la fiche "
            "converti en net (estimation). Les salaires en dollars ne sont pas comparés.",
        )
        convert = st.checkbox(
            "Estimer le net à partir du brut des fiches (brut × 0,75)",
            value=True,
            key="estimer_net",
            bind="query-params",
        )
        level = st.select_slider(
            "Niveau d'études maximum",
            [ALL_LEVELS, *LEVEL_LABELS.values()],
            value=ALL_LEVELS,
            key="niveau_max",
            bind="query-params",
        )
    with right:
        avoid = st.multiselect(
            "Conditions de travail à éviter",
            options["contexts"],
            key="eviter",
            bind="query-params",
            placeholder="Travail de nuit, déplacements…",
            help="Les contextes de travail du ROME. Un métier qui peut les comporter est exclu.",
        )
        with_onet = st.checkbox(
            "Inclure les métiers américains (O*NET)",
            key="onet",
            bind="query-params",
            help="Environ 1 000 métiers décrits aux États-Unis, en anglais, salaires en dollars.",
        )

with profile_tab:
    st.caption(
        "Les cinq dimensions des fiches (scores éditoriaux, estimés par careerdash) : "
        "une préférence, pas un seuil. Au-dessus de 50 le métier gagne des points, "
        "en dessous il en perd."
    )
    columns = st.columns(5)
    profile = []
    for column, (dim, label) in zip(columns, matching.PROFILE_LABELS.items(), strict=True):
        with column:
            choice = st.select_slider(
                label, IMPORTANCE, value=IMPORTANCE[0], key=f"profil_{dim}", bind="query-params"
            )
        profile.append((dim, IMPORTANCE.index(choice)))

with weights_tab:
    columns = st.columns(3)
    weights = []
    for column, key in zip(columns, ["interets", "riasec", "competences"], strict=True):
        with column:
            choice = st.select_slider(
                matching.CRITERIA[key],
                WEIGHTS,
                value=WEIGHTS[1],
                key=f"poids_{key}",
                bind="query-params",
            )
        weights.append((key, WEIGHTS.index(choice)))
    st.caption("L'importance des dimensions du profil se règle dans l'onglet « Mon profil idéal ».")

answers = matching.Answers(
    interests=tuple(interests),
    riasec=tuple(riasec),
    skills=tuple(skills),
    profile=tuple(profile),
    weights=tuple(weights),
    max_level_years=None if level == ALL_LEVELS else {v: k for k, v in LEVEL_LABELS.items()}[level],
    min_pay_net_month=int(min_pay) or None,
    convert_gross=convert,
    avoid=tuple(avoid),
)
sources = ("fiche", "rome", "onet") if with_onet else ("fiche", "rome")
facts = career_facts(ui.current_database().key, sources)
if skills:
    facts = facts.with_skills(ui.query("matching_skills", tuple(skills), sources))
ranking = matching.rank(answers, facts)
ranked, excluded = ranking.ranked, ranking.excluded_rows  # reasons: when shown

st.subheader(
    f"{len(ranked)} métiers classés"
    + (f", {len(excluded)} exclus par vos refus" if len(excluded) else "")
)
with st.expander("Comment le score est calculé"):
    st.markdown(matching.METHOD)
if not ranking.criteria:
    st.info(
        "Aucune préférence pour l'instant : les métiers sont dans l'ordre alphabétique. "
        "Choisissez des centres d'intérêt, des types d'activité ou des compétences."
    )
if ranked.empty:
    st.warning(
        "Aucun métier ne passe vos refus : assouplissez le salaire, le niveau ou les "
        "conditions de travail."
    )
    st.stop()

table = matching.result_table(ranking, SHOWN, SOURCE_LABELS)
st.dataframe(
    table,
    hide_index=True,
    key="resultats",
    placeholder=MISSING,
    column_config={
        "Rang": st.column_config.NumberColumn("Rang", width=50),
        "Métier": st.column_config.TextColumn("Métier", width="large"),
        "Source": st.column_config.TextColumn("Source", width=60),
        "Compatibilité": st.column_config.ProgressColumn(
            "Compatibilité", min_value=0, max_value=100, format="%d", width=110
        ),
        "À savoir": st.column_config.TextColumn("À savoir", width="medium"),
    }
    | {
        label: st.column_config.NumberColumn(label, format="%+.2f", width=90)
        for _, label, _ in ranking.criteria
    },
)

titles = ui.title_lookup()
left, right = st.columns([1, 2], vertical_alignment="bottom")
with left:
    count = st.number_input("Métiers à comparer", 2, 6, 3, key="nb_comparer")
with right:
    top = ranked["career_id"].head(int(count)).tolist()
    st.page_link(
        "pages/comparer.py",
        label=f"Comparer les {len(top)} premiers",
        icon=":material/compare_arrows:",
        query_params={"careers": [titles[c] for c in top]},
        disabled=len(top) < 2,
    )

st.subheader("Pourquoi ces métiers ?")
top = ranked.head(SHOWN)
for row in top.itertuples():
    with st.expander(f"{row.rank}. {matching.escape_markdown(row.title)} — pourquoi ?"):
        st.text("\n".join(matching.reasons_text(ranking, row.career_id)))
        st.page_link(
            "pages/fiche.py",
            label="Ouvrir la fiche",
            icon=":material/description:",
            query_params={"career": titles[row.career_id]},
        )
if ranking.criteria:
    shown = st.selectbox(
        "Points par critère de",
        top["career_id"].tolist(),
        format_func=dict(zip(top["career_id"], top["title"], strict=True)).get,
        key="detail",
    )
    ui.chart(
        charts.match_contributions(
            matching.contributions(ranking, shown), f"Points par critère : {titles[shown]}"
        ),
        key="pourquoi",
    )

if len(excluded):
    with st.expander(f"Métiers exclus ({thousands(len(excluded))}) et pourquoi"):
        if len(excluded) > EXCLUDED_ROWS:
            st.caption(
                f"Les {thousands(EXCLUDED_ROWS)} premiers, dans l'ordre du classement ; "
                "assouplissez un refus pour que les autres y reviennent."
            )
        st.dataframe(
            matching.excluded_table(ranking, SOURCE_LABELS, limit=EXCLUDED_ROWS), hide_index=True
        )
