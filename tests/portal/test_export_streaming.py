"""The public export streams from the database: no temporary files, same bytes as the CLI."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from speechwatch.demo.loader import load_demo
from speechwatch.interchange import exporter
from speechwatch.interchange.actions import export_all


@pytest.fixture
def demo(installed) -> None:
    load_demo()


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    # Our own temporary directory, so other processes' files in /tmp cannot blur the count.
    directory = tmp_path / "tmp"
    directory.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    assert tempfile.gettempdir() == str(directory)
    return directory


def body(response) -> bytes:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


@pytest.mark.usefixtures("demo")
def test_exports_leave_no_temporary_files(private_tmp: Path) -> None:
    client = Client()
    before = sorted(private_tmp.iterdir())
    for n in range(10):
        for fmt in ("csv", "jsonl"):
            response = client.get(f"/export/incidents.{fmt}", {"month": "2024-04"} if n % 2 else {})
            assert response.status_code == 200
            assert body(response)
    assert sorted(private_tmp.iterdir()) == before


@pytest.mark.usefixtures("demo")
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
@pytest.mark.parametrize("chunk", [exporter.STREAM_CHUNK, 100])
def test_web_export_equals_the_cli_public_export(tmp_path, monkeypatch, fmt, chunk) -> None:
    monkeypatch.setattr(exporter, "STREAM_CHUNK", chunk)  # many small pieces must join the same
    export_all(tmp_path / "cli", public=True, fmt=fmt)
    response = Client().get(f"/export/incidents.{fmt}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="incidents.{fmt}"'
    expected = (tmp_path / "cli" / f"incidents.{fmt}").read_bytes()
    assert expected.count(b"\n") > 20
    assert body(response) == expected


@pytest.mark.usefixtures("demo")
def test_filtered_export_is_the_filtered_selection() -> None:
    client = Client()
    april = body(client.get("/export/incidents.jsonl", {"month": "2024-04"})).decode()
    every = body(client.get("/export/incidents.jsonl")).decode()
    april_lines = april.splitlines()
    assert april_lines and set(april_lines) < set(every.splitlines())
    assert all('"recorded_on":"2024-04-' in line for line in april_lines)
    refused = client.get("/export/incidents.csv", {"date_from": "2024-02-30"})
    assert refused.status_code == 400
    assert b"date_from" in refused.content
