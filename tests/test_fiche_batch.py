"""Reading many fiches pauses Python's garbage collector (store.read_fiches): the careers it
reads are the same, and the collector is left as the caller had it, whatever happens."""

from __future__ import annotations

import gc
import shutil
from pathlib import Path

import pytest

from careerdash.fiche import read_fiche
from careerdash.importers.common import paused_gc
from careerdash.store import DEFAULT_FICHES, fiche_files, read_fiches


@pytest.fixture
def collector_state():
    """Put the collector back as it was, even if a test fails half-way."""
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A few bundled fiches, a broken one and a duplicate: careers and problems both."""
    out = tmp_path_factory.mktemp("fiches")
    for path in fiche_files(DEFAULT_FICHES)[:5]:
        shutil.copy(path, out / path.name)
    (out / "zz-broken.txt").write_text("Métier\n#HARDSKILLS\n150 | Gestion\nA, B\n", "utf-8")
    first = fiche_files(DEFAULT_FICHES)[0]
    shutil.copy(first, out / ("zz-copy-" + first.name))
    return out


@pytest.mark.parametrize("enabled", [True, False])
def test_read_fiches_leaves_the_collector_as_it_found_it(folder, collector_state, enabled):
    gc.enable() if enabled else gc.disable()
    careers, problems = read_fiches(fiche_files(folder))
    assert gc.isenabled() is enabled
    assert len(careers) == 5
    assert sorted(p.message.split(" (")[0] for p in problems) == [
        "same career as " + str(folder / fiche_files(DEFAULT_FICHES)[0].name),
        "score 150 for 'Gestion': must be 0–100",
    ]


def test_read_fiches_reads_what_read_fiche_reads(folder, collector_state):
    gc.enable()
    paths = fiche_files(folder)[:5]
    careers, problems = read_fiches(paths)
    assert not problems
    assert [c.to_json() for c in careers] == [read_fiche(p).to_json() for p in paths]


def test_the_collector_comes_back_after_an_error(collector_state):
    gc.enable()
    with pytest.raises(RuntimeError), paused_gc():
        assert not gc.isenabled()
        raise RuntimeError("a bug while reading")
    assert gc.isenabled()
