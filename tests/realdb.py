"""The real mixed database (fiches + ROME 4.0 + O*NET + OEWS + Dares) under the name the
"Trouver mon métier" tests use: the same session-wide database as `realdata_mixed_db`, built
once for every test that needs it.

Import the fixture into a test module: `from realdb import real_careers_db  # noqa: F401`.
"""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def real_careers_db(realdata_mixed_db) -> Path:
    return realdata_mixed_db
