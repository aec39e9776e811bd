"""The `speechwatch` command: help, init, errors as one line and a non-zero exit."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.management import call_command

from speechwatch.cli import USAGE, main
from speechwatch.reference.models import Region
from speechwatch.taxonomy.models import Taxonomy


def test_help_lists_every_stable_command(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--help"])
    out = capsys.readouterr().out
    assert out == USAGE
    for command in ("init", "demo", "import PATH", "export --public|--full", "taxonomy", "serve"):
        assert command in out


@pytest.mark.django_db
def test_init_installs_regions_and_default_taxonomy() -> None:
    call_command("init", no_migrate=True)
    assert Region.objects.count() == 23
    assert Taxonomy.objects.get(is_default=True).code == "adilsoz-2024"
    call_command("init", no_migrate=True)  # idempotent
    assert Region.objects.count() == 23


def test_error_is_a_reason_not_a_traceback(tmp_path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite3'}"}
    proc = subprocess.run(
        [sys.executable, "-m", "speechwatch.cli", "import", str(tmp_path / "missing.jsonl")],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    # The problem list, then one line with the reason.
    assert proc.stderr.strip().splitlines()[-1].startswith("CommandError: ")
    assert "missing.jsonl: no such file or directory" in proc.stderr
