"""The app's per-database caches follow the file: a rebuild shows its careers at once."""

from __future__ import annotations

import os
import shutil

import pytest

from apptest import app_on
from careerdash import ui
from careerdash.store import build
from conftest import DASHBOARD_FICHES


def test_title_lookup_follows_a_rebuild_and_cannot_be_spoiled(tmp_path, monkeypatch):
    fiches = tmp_path / "fiches"
    fiches.mkdir()
    for name in sorted(os.listdir(DASHBOARD_FICHES))[:2]:
        shutil.copy(DASHBOARD_FICHES / name, fiches / name)
    db = tmp_path / "c.duckdb"
    build(fiches, db)
    with_caches = app_on(db, fiches, monkeypatch)
    next(with_caches)
    try:
        ui.current_database().refresh()
        first = ui.title_lookup()
        assert len(first) == 2
        with pytest.raises(TypeError):  # shared by every session: no page can change it
            first["x"] = "y"
        assert len(ui.title_lookup()) == 2

        for name in sorted(os.listdir(DASHBOARD_FICHES))[2:]:
            shutil.copy(DASHBOARD_FICHES / name, fiches / name)
        build(fiches, db)  # a new file: a new key, a new lookup
        ui.current_database().refresh()
        assert sorted(ui.title_lookup().values()) == sorted(
            [
                "Chef(fe) de projet digital",
                "Cuisinier(ère)",
                "Développeur(se) web",
                "Infirmier(ère)",
            ]
        )
    finally:
        next(with_caches, None)


def test_a_page_changing_a_query_result_changes_nothing_for_the_next(tmp_path, monkeypatch):
    """Query results are cached once for every session: each caller gets its own copy."""
    from careerdash.queries import CareerFilters

    db = tmp_path / "c.duckdb"
    build(DASHBOARD_FICHES, db)
    with_caches = app_on(db, DASHBOARD_FICHES, monkeypatch)
    next(with_caches)
    try:
        ui.current_database().refresh()
        first = ui.query("explore", CareerFilters())
        titles = list(first["title"])
        first.loc[first.index[0], "title"] = "Modifié"
        first["ajout"] = 1
        mids = list(first["debutant_mid"])
        first["debutant_mid"] = 0.0
        options = ui.query("filter_options")
        families = list(options["families"])
        options["families"].clear()

        again = ui.query("explore", CareerFilters())
        assert list(again["title"]) == titles
        assert "ajout" not in again.columns
        assert list(again["debutant_mid"].fillna(-1)) == [-1 if m != m else m for m in mids]
        assert ui.query("filter_options")["families"] == families
    finally:
        next(with_caches, None)
