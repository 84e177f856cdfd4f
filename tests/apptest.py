"""Open a careerdash page with Streamlit's AppTest, as a link with query parameters would."""

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
