"""`speechwatch report`: file names, publish, --published, check, errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from tests.reports_db.conftest import APRIL, APRIL_OVERRIDES, REFERENCE_ORDER, numbers


def run(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_writes_one_file_per_language_and_format(demo, tmp_path: Path) -> None:
    run("--month", APRIL, "--lang", "en,ru", "--format", "md,json,html", "--out", str(tmp_path))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        f"{APRIL}.{lang}.{ext}" for lang in ("en", "ru") for ext in ("html", "json", "md")
    ]
    data = json.loads((tmp_path / f"{APRIL}.en.json").read_text(encoding="utf-8"))
    assert "20" in json.dumps(data)
    assert "There were 20 reports" in (tmp_path / f"{APRIL}.en.md").read_text(encoding="utf-8")


def _statistics_part(text: str, start: str, end: str) -> str:
    text = " ".join(text.split())  # PDF and DOCX wrap lines differently
    return text[text.index(start) + len(start) : text.index(end)]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) missing")
@pytest.mark.parametrize(
    ("lang", "start", "end"),
    [
        ("en", "the following incidents were recorded:", "Comparisons"),
        ("ru", "зафиксировано:", "Сравнение"),
    ],
)
def test_pdf_and_docx_from_the_demo_carry_the_reference_figures(
    demo, tmp_path: Path, lang: str, start: str, end: str
) -> None:
    run("--month", APRIL, "--lang", lang, "--format", "docx,pdf", "--out", str(tmp_path))
    pdf = tmp_path / f"{APRIL}.{lang}.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    pdf_text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    docx_text = "\n".join(
        p.text for p in Document(str(tmp_path / f"{APRIL}.{lang}.docx")).paragraphs
    )
    for text in (pdf_text, docx_text):
        assert numbers(_statistics_part(text, start, end)) == REFERENCE_ORDER


def test_publish_then_render_the_published_version(demo, tmp_path: Path) -> None:
    overrides = tmp_path / "april.json"
    overrides.write_text(json.dumps(APRIL_OVERRIDES), encoding="utf-8")
    assert "false_info" in run("overrides", "--month", APRIL, "--set", str(overrides))
    assert "published version 1 (en, kk, ru)" in run("publish", "--month", APRIL)
    out = tmp_path / "out"
    run("--month", APRIL, "--published", "--lang", "en", "--format", "md", "--out", str(out))
    text = (out / f"{APRIL}.en.md").read_text(encoding="utf-8")
    assert "published v1" in text
    assert "0 difference(s)" in run("diff", "--month", APRIL)
    assert run("history", "--month", APRIL).startswith("v1 ")


def test_check_prints_warnings(demo) -> None:
    out = run("check", "--month", APRIL)
    assert "[sum] R:" in out
    assert out.rstrip().endswith("warning(s)")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month", "2024-13", "--out", "x"], "--month: month '2024-13': expected YYYY-MM"),
        (["--month", "0000-01", "--out", "x"], "--month: month '0000-01': the year must be 1900"),
        (["--month", APRIL, "--lang", "de", "--out", "x"], "--lang: unknown de"),
        (["--month", APRIL, "--format", "odt", "--out", "x"], "--format: unknown odt"),
        (["--month", APRIL], "--out: required"),
        (["--month", APRIL, "--published", "--out", "x"], "2024-04: not published yet"),
        (["diff", "--month", APRIL], "2024-04: not published yet"),
    ],
)
def test_errors_name_the_problem(demo, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        run(*args)
