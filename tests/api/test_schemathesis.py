"""schemathesis against the live server on the demo data: every check, zero failures.

The server is pytest-django's live server on the real demo data (loaded through the demo loader,
plus one published overview); schemathesis runs from this venv as `st run` with every check
(`--checks all`), a fixed seed and few examples per operation, so the run is repeatable and
short. Its report is printed; any failure fails the test. The rate limit is raised for the run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.conftest import load_site

ST = Path(sys.executable).with_name("st")
EXAMPLES = 8
SEED = 20261206


def command(url: str) -> list[str]:
    return [
        str(ST), "run", f"{url}/api/v1/openapi.json",
        "--checks", "all",
        "--max-examples", str(EXAMPLES),
        "--seed", str(SEED),
        "--workers", "2",
        "--request-timeout", "30",
        "--no-color",
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_failure(live_server, settings, tmp_path) -> None:
    settings.API_RATE = "100000/min"
    load_site()
    done = subprocess.run(
        command(live_server.url),
        cwd=tmp_path,  # its report directory, if any, stays out of the tree
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(done.stdout[-20000:], done.stderr[-5000:])
    assert done.returncode == 0, "schemathesis found failures (report above)"
    assert "No issues found" in done.stdout
