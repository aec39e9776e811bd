"""A full export of a freshly loaded demo database reproduces the shipped files byte for byte."""

from __future__ import annotations

from pathlib import Path

from speechwatch.audit.record import Who
from speechwatch.demo.loader import DATA_DIR, load_demo
from speechwatch.interchange.actions import export_all

WHO = Who(label="test")


def test_full_export_equals_shipped_files(installed, tmp_path: Path) -> None:
    load_demo(who=WHO)
    for path in export_all(tmp_path, public=False, fmt="jsonl", who=WHO):
        assert path.read_bytes() == (DATA_DIR / path.name).read_bytes(), path.name
