"""`streamlit run app.py` on a free port, for the browser tests (and by hand)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = Path("/usr/bin/chromium")


def require_browser() -> None:
    """Skip when Debian's chromium is missing; fail instead in CI, where it must run."""
    if CHROMIUM.exists() and shutil.which("chromium"):
        return
    message = "Debian's chromium is not installed (apt-get install chromium)"
    if os.environ.get("CAREERDASH_REQUIRE_BROWSER"):
        pytest.fail(message + "; CI requires it")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: Path, fiches: Path) -> Iterator[str]:
    """`streamlit run app.py` on a free port, over the given database; yields its address.

    Only the port is given on the command line: where it listens, usage statistics and the
    toolbar come from the project's `.streamlit/config.toml`, which is what is under test.
    """
    require_browser()
    port = free_port()
    env = os.environ | {"CAREERDASH_DB": str(db), "CAREERDASH_FICHES": str(fiches)}
    # stderr to a file, not a pipe nobody reads: a server kept for the whole session would
    # block once a pipe's 64 KiB filled up with warnings
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
            + ["--server.port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base = f"http://localhost:{port}"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and process.poll() is None:
                try:
                    with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as response:
                        if response.read() == b"ok":
                            break
                except OSError:
                    time.sleep(0.5)
            else:
                log.seek(0)
                pytest.fail("streamlit did not start: " + log.read().decode()[-2000:])
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)
