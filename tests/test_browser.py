"""Every page in a real headless Chromium against `streamlit run` (Debian's chromium)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import DATA_FICHES, ROOT

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = ROOT / "screenshots"


def _require_browser() -> None:
    if CHROMIUM.exists() and shutil.which("chromium"):
        return
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("CAREERDASH_REQUIRE_BROWSER"):
        pytest.fail(message + "; CI requires it")
    pytest.skip(message)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: Path, fiches: Path):
    """`streamlit run app.py` on a free localhost port, over the given database."""
    _require_browser()
    port = _free_port()
    env = os.environ | {"CAREERDASH_DB": str(db), "CAREERDASH_FICHES": str(fiches)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "app.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start: " + process.stderr.read().decode()[-2000:])
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def server(bundled_db):
    with serve(bundled_db, DATA_FICHES) as base:
        yield base


def q(**params) -> str:
    parts = []
    for key, values in params.items():
        for value in values if isinstance(values, list) else [values]:
            parts.append(f"{key}={quote(value)}")
    return "?" + "&".join(parts)


COMPARED = [
    "Comptable",
    "Infirmier(ère)",
    "Data analyst",
    "Graphiste",
    "Chargé(e) de mission relations internationales",
    "Développeur(se) web",
]
PAGES = {
    # The first visit is a deep link, before app.py has ever run in this server.
    "comparer": q(careers=COMPARED),
    "": "",
    "fiche": q(career="Chargé(e) de mission relations internationales"),
    "salaires": "",
    "competences": "",
    "diplomes": "",
    "parcours": q(
        parcours_famille="International",
        depuis="Chargé(e) de mission relations internationales",
        vers="Consultant(e) en stratégie internationale",
    ),
}


@pytest.mark.browser
def test_every_page_in_headless_chromium(server):
    from browser.shoot import shoot

    seen = shoot(server, SHOTS, [path + query for path, query in PAGES.items()])
    for path, result in seen.items():
        assert result["exceptions"] == [], (path, result["exceptions"])
        assert result["png"].stat().st_size > 20_000, path  # a real page, not a blank
    compared = seen["comparer" + PAGES["comparer"]]["text"]
    assert all(title in compared for title in COMPARED)  # the shared link restored them
    assert "Page not found" not in compared
    assert "correspondent" in seen[""]["text"]
    assert (
        "Consultant(e) en stratégie internationale" in seen["parcours" + PAGES["parcours"]]["text"]
    )


@pytest.mark.browser
def test_imported_careers_in_headless_chromium(tmp_path):
    """ROME and O*NET careers beside fiches: no exception, dollars kept apart from euros."""
    from careerdash.importers.load import import_oews, import_onet, import_rome
    from careerdash.store import build
    from conftest import DASHBOARD_FICHES, FIXTURES

    db = tmp_path / "mixed.duckdb"
    build(DASHBOARD_FICHES, db)
    import_rome(FIXTURES / "rome", db)
    import_onet([FIXTURES / "onet" / "db_30_0_text"], db)
    import_oews(FIXTURES / "oews" / "national_M2024_dl.csv", db)
    from browser.shoot import shoot

    pages = [
        "comparer"
        + q(
            careers=[
                "Développeur(se) web",
                "Software Developers · O*NET",
                "Développeur / Développeuse informatique · ROME",
            ]
        ),
        "",
        "fiche" + q(career="Développeur(se) web"),
        "fiche" + q(career="Software Developers · O*NET"),
    ]
    with serve(db, DASHBOARD_FICHES) as base:
        seen = shoot(base, tmp_path / "shots", pages)
    for path, result in seen.items():
        assert result["exceptions"] == [], (path, result["exceptions"])
    compared = seen[pages[0]]["text"]
    assert "euros" in compared and "dollars" in compared
    assert "Salaires observés : centiles" in compared  # the USD chart, apart from the EUR one
    assert "Salaires : débutant → confirmé" in compared
    assert "ROME (M1805)" in seen[pages[2]]["text"]
