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
