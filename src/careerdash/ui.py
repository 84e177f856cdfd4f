"""What the pages share: the database connection, cached queries, chart display.

One read-only connection per database file, cached with `st.cache_resource`, reopened when a
rebuild replaces the file (duckdb#15912), and a cursor per query (duckdb-python#435). The
database is built on first start, and rebuilt when a fiche is newer than it.
"""

from __future__ import annotations

import copy
import os
import threading
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from . import queries, smic, store, tables
from .fiche import Problem
from .formatting import BAND_LABELS, MISSING, md, money, site, web_url
from .paths import build_graph

EDITORIAL_NOTE = (
    "Les scores de profil et de compétences des fiches sont des **estimations éditoriales** "
    "(barème dans `data/README.md`), pas des mesures."
)
CHART_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def run_through_entrypoint() -> None:
    """Make a page opened by a deep link run inside app.py's navigation.

    Streamlit treats a `pages/` folder as its old multipage layout until `st.navigation`
    has run once in the process, so the very first visit to `/comparer?careers=…` would run
    the page alone, with a sidebar of file names. Rerunning goes through app.py instead.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def db_path() -> Path:
    return Path(os.environ.get("CAREERDASH_DB", store.DEFAULT_DB))


def fiches_path() -> Path:
    return Path(os.environ.get("CAREERDASH_FICHES", store.DEFAULT_FICHES))


class Database:
    """The app's single connection, reopened when the file changes.

    Its rebuild is a writer like `careerdash build`: it takes the database's writer lock, but
    never waits for it (sessions must not hang behind an import); when another writer holds
    it, the current file stays in use and the rebuild is tried again on the next rerun.
    """

    def __init__(self, path: Path, fiches: Path):
        self.path, self.fiches = path, fiches
        self.lock = threading.Lock()
        self.key: tuple[str, int] | None = None
        self.con: duckdb.DuckDBPyConnection | None = None
        self.problems: list[Problem] = []
        self.unusable: str | None = None  # why the database cannot be used, for a person
        self.busy = False  # another writer was writing it at the last refresh
        self.not_updated: str | None = None  # the fiches changed but could not be rebuilt

    def refresh(self) -> tuple[str, int] | None:
        """Build if needed, reopen if the file changed; return the file's identity.

        Problems with the file itself (unreadable, damaged, not a careerdash database) go to
        `unusable`, never up as a traceback. A rebuild that cannot write (read-only folder)
        keeps the current file in use and says so in `not_updated`.
        """
        with self.lock:
            self.unusable, self.busy, self.not_updated = None, False, None
            try:
                self._reopen()
                stale = self.fiches.is_dir() and store.is_stale(
                    self.path, self.fiches, con=self.con
                )
            except (store.DatabaseError, duckdb.Error, OSError) as exc:
                self._close()
                self.unusable = _why_unusable(exc)
                return None
            if stale:
                try:
                    store.build(self.fiches, self.path, lock_wait=0)
                    self.problems = []
                except store.BuildError as exc:
                    self.problems = exc.problems
                except store.DatabaseBusy:
                    self.busy = True
                except (store.DatabaseError, duckdb.Error, OSError) as exc:
                    if self.con is None:
                        self.unusable = _why_unusable(exc)
                        return None
                    self.not_updated = (
                        "Les fiches ont changé mais la base de métiers n'a pas pu être mise à "
                        "jour ; la version précédente reste affichée."
                    )
                try:
                    self._reopen()
                except (store.DatabaseError, duckdb.Error, OSError) as exc:
                    self._close()
                    self.unusable = _why_unusable(exc)
            return self.key

    def _reopen(self) -> None:
        if not self.path.exists():
            self._close()
            return
        key = (str(self.path), self.path.stat().st_mtime_ns)
        if key != self.key:
            self._close()
            store.check_database(self.path)
            self.con = store.connect_read_only(self.path)
            self.key = key

    def _close(self) -> None:
        if self.con is not None:
            self.con.close()
        self.con, self.key = None, None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self.lock:
            if self.con is None:
                raise FileNotFoundError("no database")
            return self.con.cursor()


def _why_unusable(exc: BaseException) -> str:
    """What went wrong with the database file, in the app's words, without the server's
    paths (the CLI, run by whoever runs the server, says where)."""
    if isinstance(exc, PermissionError) or "permission denied" in str(exc).lower():
        return (
            "Le fichier de la base de métiers ou son dossier n'est pas accessible "
            "(droits insuffisants)."
        )
    if isinstance(exc, store.DatabaseError) and "folder" in str(exc):
        return "L'emplacement prévu pour la base de métiers n'est pas un fichier utilisable."
    return (
        "La base de métiers est illisible : le fichier est vide, endommagé ou n'est pas une "
        "base careerdash."
    )


@st.cache_resource(show_spinner=False)
def database(path: str, fiches: str) -> Database:
    return Database(Path(path), Path(fiches))


def current_database() -> Database:
    return database(str(db_path()), str(fiches_path()))


@st.cache_resource(show_spinner=False, max_entries=500)
def _cached_query(name: str, key: tuple[str, int], args: tuple):
    """Kept as the query returned it, shared by every session: `st.cache_data` would pickle
    each result on a miss and unpickle it on every hit (0.4 s and 0.14 s for the Explorer's
    87,000 rows at 100,000 careers). `query` hands each caller its own copy."""
    cursor = current_database().cursor()
    try:
        return getattr(queries, name)(cursor, *args)
    finally:
        cursor.close()


def _own_copy(result):
    """A caller's own copy of a shared result. For a DataFrame a shallow copy is enough:
    pandas copies on write, so a page that changes its copy never changes the cache."""
    if isinstance(result, pd.DataFrame | pd.Series):
        return result.copy(deep=False)
    if isinstance(result, dict | list | set):
        return copy.deepcopy(result)
    return result


def query(name: str, *args):
    """Run `careerdash.queries.<name>(cursor, *args)`, cached until the database changes.

    app.py refreshes the database once per rerun (require_database); queries reuse that.
    """
    db = current_database()
    key = db.key or db.refresh()
    if key is None:
        raise FileNotFoundError(str(db_path()))
    return _own_copy(_cached_query(name, key, tuple(args)))


def require_database() -> None:
    """Stop the page with an explanation when there is no usable database.

    Messages name no server path and show no traceback; fiche problems are shown as text.
    """
    with st.spinner("Construction de la base de métiers…"):
        db = current_database()
        key = db.refresh()
    if db.unusable:
        st.error(
            db.unusable
            + " La personne qui administre ce tableau de bord peut la reconstruire avec "
            "`careerdash build`, qui indique le problème exact."
        )
        st.stop()
    if db.not_updated:
        st.warning(db.not_updated)
    if db.busy:
        st.info(
            "Une mise à jour de la base de métiers est en cours ; les dernières modifications "
            "des fiches apparaîtront à la prochaine actualisation."
        )
    if db.problems:
        st.error(
            "Certaines fiches n'ont pas pu être lues"
            + (" ; la base précédente reste affichée." if key else ".")
        )
        st.text(
            "\n".join(
                str(replace(p, path=Path(p.path).name))  # the file's name, not its path
                for p in db.problems[:20]
            )
        )
    if key is None:
        st.info(
            "Aucune base de métiers pour l'instant. Ajoutez des fiches dans le dossier des "
            "fiches ou lancez `careerdash build`."
        )
        st.stop()


def chart(fig: go.Figure, key: str) -> None:
    st.plotly_chart(fig, key=key, config=CHART_CONFIG, width="stretch")


def title_lookup() -> Mapping[str, str]:
    """career_id → the label widgets show and URLs carry (`?careers=Comptable`).

    Bound widgets match URL values against these labels, so they must be unique: careers
    imported from national datasets carry their source in the label.
    """
    db = current_database()
    # read-only: the cached dict is shared by every session (a copy cost 5 ms at 100,000)
    return MappingProxyType(_title_lookup(db.key or db.refresh()))


@st.cache_resource(show_spinner=False, max_entries=4)
def _title_lookup(key: tuple[str, int] | None) -> dict[str, str]:
    """Built once per database file, not at each call (pages call it once per link)."""
    titles = query("career_titles")
    return {
        cid: title if kind == "fiche" else f"{title} · {queries.SOURCE_LABELS.get(kind, kind)}"
        for cid, title, kind in zip(
            titles["career_id"], titles["title"], titles["source_kind"], strict=True
        )
    }


def written_rows(table: str) -> dict:
    """Texts a page writes per career for `table`, kept per database file and shared by
    every session: they depend on the career alone, so a filter change writes only the
    careers not shown before."""
    db = current_database()
    return _written_rows(db.key or db.refresh(), table)


@st.cache_resource(show_spinner=False, max_entries=8)
def _written_rows(key: tuple[str, int] | None, table: str) -> dict:
    return {}


def fiche_link(career_id: str, label: str | None = None, icon: str = ":material/description:"):
    """A link to a career's Fiche page; the label is data, shown as text."""
    titles = title_lookup()
    st.page_link(
        "pages/fiche.py",
        label=md(label or titles[career_id]),
        icon=icon,
        query_params={"career": titles[career_id]},
    )


def fiche_button(career_id: str, label: str, icon: str = ":material/arrow_forward:") -> None:
    """On the Fiche page, a move to another career: a button that changes the page's bound
    selectbox, so the URL follows (a same-page `st.page_link` left the old career there)."""
    st.button(
        md(label),
        icon=icon,
        type="tertiary",
        key=f"goto_{career_id}_{label}",
        on_click=st.session_state.__setitem__,
        args=("career", career_id),
    )


def text(value, caption: bool = False) -> None:
    """Show text read from a fiche or a dataset as text: never as Markdown or HTML."""
    (st.caption if caption else st.markdown)(md(value))


# -- one chart per scale, careers named as the widgets name them (truth) -----------------

SCALE_ORDER = ("fiche", "onet", "rome")
PROFILE_TITLES = {
    "fiche": "Profil d'épanouissement — scores éditoriaux des fiches (0–100)",
    "onet": "Valeurs de travail — O*NET, mesurées auprès des salariés (0–100)",
    "rome": "Profil — ROME (0–100)",
}
SKILL_TITLES = {
    "fiche": "Compétences des fiches — score éditorial 0–100 (case vide : non listée)",
    "onet": "Compétences O*NET — importance mesurée 0–100 (case vide : non listée)",
    "rome": "Savoir-faire et savoirs ROME — ✓ listé, le ROME ne donne pas de score "
    "(case vide : non listé)",
}


def source_kinds() -> dict[str, str]:
    """career_id → source_kind (fiche, rome, onet)."""
    titles = query("career_titles")
    return dict(zip(titles["career_id"], titles["source_kind"], strict=True))


def labelled(frame):
    """A frame whose `career` column holds each career's unique label (title_lookup), so
    that rows match the columns and legends the pages build from those labels."""
    if frame.empty or "career_id" not in frame:
        return frame
    titles = title_lookup()  # per row: pandas would first turn the whole mapping into a Series
    return frame.assign(career=[titles.get(c) for c in frame["career_id"]])


def by_scale(frame, kinds: dict[str, str]) -> list[tuple[str, object]]:
    """Rows grouped by the source that scored them: each source's scores are one scale, so
    each gets its own chart."""
    if frame.empty:
        return []
    scale = frame["career_id"].map(kinds).fillna("autre")
    groups = [(s, frame[scale == s]) for s in dict.fromkeys(scale)]
    rank = {s: i for i, s in enumerate(SCALE_ORDER)}
    return sorted(groups, key=lambda g: rank.get(g[0], len(rank)))


def measure_note(measure, rows) -> None:
    """Under a salary chart: what the measure is and where its figures come from."""
    notes = []
    for note, url in dict.fromkeys(
        zip(rows["source_note"].fillna(""), rows["source_url"].fillna(""), strict=True)
    ):
        where = note or (site(url) if web_url(url) else url)
        if where:
            notes.append(where)
    text = measure.help
    if notes:
        text += " Source : " + " ; ".join(notes[:4]) + (" …" if len(notes) > 4 else "")
    st.caption(md(text))


def smic_flags(bands) -> None:
    """Beside the figures: every gross annual euro figure below the SMIC of its year, with
    the source's own note (careerdash.smic)."""
    for row in bands.itertuples():
        for amount in dict.fromkeys((row.min_amount, row.max_amount)):
            year = smic.below_smic(
                amount, row.currency, row.basis, row.period, getattr(row, "data_year", None)
            )
            if year is None:
                continue
            level = BAND_LABELS.get(row.level, row.level)
            line = (
                f"⚠ {row.career}, {level.lower()} : {money(amount)} est sous le SMIC brut "
                f"annuel {year} ({money(smic.ANNUAL[year])}) — donnée ancienne, à temps "
                "partiel ou erronée ; le minimum légal s'applique."
            )
            if isinstance(row.source_note, str) and row.source_note:
                line += f" Note de la source : {row.source_note}"
            st.caption(md(line))
            break


@st.cache_resource(show_spinner=False, max_entries=4)
def _graph(key: tuple[str, int], _edges):
    return build_graph(_edges)


def progression_graph(edges):
    """The path finder's graph over every source, built once per database file."""
    db = current_database()
    return _graph(db.key or db.refresh(), edges)


def labour_tension(ids: tuple[str, ...]) -> None:
    """Débouchés: the Dares tension indicators of the careers' professional families, where
    the database has them (careerdash import dares), said to be the family's."""
    tension = labelled(query("labour_tension", ids))
    if tension.empty:
        return
    st.markdown("**Débouchés : tensions sur le marché du travail**")
    table = tables.tension_table(tension)
    st.dataframe(
        table,
        hide_index=True,
        placeholder=MISSING,
        column_config=tables.readable_missing(table),
    )
    st.caption(
        "Indicateurs nationaux de tension 2019 (Dares et France Travail), de 1 (faible) à 5 "
        "(forte), pour toute la famille professionnelle du métier : une tension forte signale "
        "des employeurs qui peinent à recruter, pas un salaire plus élevé."
    )
