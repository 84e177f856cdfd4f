"""careerdash — the Streamlit entry point: navigation between the pages."""

import streamlit as st

st.set_page_config(page_title="careerdash", page_icon="🧭", layout="wide")
st.title("careerdash")
st.write("Comparer des métiers à partir de fiches métiers.")
