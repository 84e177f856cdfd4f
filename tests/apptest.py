"""Open a careerdash page with Streamlit's AppTest, as a link with query parameters would."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from conftest import ROOT

APP = str(ROOT / "app.py")
PAGES_DIR = ROOT / "pages"


def open_page(page: str, query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update(query or {})
    at.run()
    if page != "explorer":
        at.switch_page(str(PAGES_DIR / f"{page}.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def point_app_at(db: Path, fiches: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point the app at a database and folder of fiches, with Streamlit's caches cleared:
    they would otherwise leak from one AppTest to the next (streamlit#9139)."""
    monkeypatch.setenv("CAREERDASH_DB", str(db))
    monkeypatch.setenv("CAREERDASH_FICHES", str(fiches))
    st.cache_data.clear()
    st.cache_resource.clear()


def app_on(db: Path, fiches: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`point_app_at` for a fixture, clearing the caches again afterwards."""
    point_app_at(db, fiches, monkeypatch)
    yield
    st.cache_data.clear()
    st.cache_resource.clear()


def shown(markdown: str) -> str:
    """What a reader sees of a Markdown source whose punctuation careerdash escaped
    (`formatting.md`): CommonMark drops the backslash before ASCII punctuation."""
    import re
    import string

    text = markdown.replace("\u2060", "")  # the word joiners that keep addresses text
    return re.sub(r"\\([" + re.escape(string.punctuation) + "])", r"\1", text)
