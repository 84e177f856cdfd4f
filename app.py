"""careerdash — the Streamlit entry point: page navigation and the shared database check."""

import streamlit as st

from careerdash import ui

st.set_page_config(page_title="careerdash", page_icon=":material/explore:", layout="wide")

# Each url_path is its file's name: a first visit to a deep link is resolved by file name
# before app.py has run (see ui.run_through_entrypoint).
PAGES = [
    st.Page("pages/explorer.py", title="Explorer", icon=":material/search:", default=True),
    st.Page("pages/trouver.py", title="Trouver mon métier", icon=":material/psychology:"),
    st.Page("pages/comparer.py", title="Comparer", icon=":material/compare_arrows:"),
    st.Page("pages/fiche.py", title="Fiche", icon=":material/description:"),
    st.Page("pages/salaires.py", title="Salaires", icon=":material/euro:"),
    st.Page("pages/competences.py", title="Compétences", icon=":material/construction:"),
    st.Page("pages/diplomes.py", title="Diplômes", icon=":material/school:"),
    st.Page("pages/parcours.py", title="Parcours", icon=":material/route:"),
]

page = st.navigation(PAGES)
ui.require_database()
page.run()
