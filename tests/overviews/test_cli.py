"""`speechwatch read-overview FILE... [--lang] [--dry-run] [--json]`."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from speechwatch.overviews.models import OverviewDocument, PublishedStatistics

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("read-overview", *args, "--no-embeddings", stdout=out)
    return out.getvalue()


@pytest.fixture
def reference_file(tmp_path: Path, reference_text: str) -> Path:
    path = tmp_path / "adilsoz-2024-04-en.txt"
    path.write_text(reference_text, encoding="utf-8")
    return path


def test_json_dry_run(reference_file: Path) -> None:
    (line,) = run(str(reference_file), "--dry-run", "--json", "--lang", "en").splitlines()
    data = json.loads(line)
    assert data["file"] == str(reference_file) and data["period"] == "2024-04"
    assert [(b["code"], b["total"], b["others"]) for b in data["blocks"]] == [
        ("R", 20, False), ("I", 12, False), ("L", 20, False)
    ]  # fmt: skip
    adm = data["blocks"][2]["items"][2]
    assert (adm["code"], adm["count"], adm["confidence"]) == ("L.administrative", 8, 1.0)
    assert [(p["code"], p["count"]) for p in adm["items"]] == [
        ("L.administrative.false_info", 2), ("L.administrative.defamation", 3)
    ]  # fmt: skip
    assert data["events"][0] == {**data["events"][0], "date": "2024-04-06"}
    assert {w["kind"] for w in data["warnings"]} == {"sum_below_total"}
    assert PublishedStatistics.objects.count() == 0  # dry run


def test_store_several_files(reference_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "may.txt"
    other.write_text(
        "Нарушения свободы слова в Казахстане. Май 2024\n"
        "Фонд «Адил соз» представляет обзор.\n"
        "Нарушения прав журналистов, СМИ, ньюсмейкеров – 3, в том числе:\n"
        "Задержание журналистов – 3\n",
        encoding="utf-8",
    )
    lines = run(str(reference_file), str(other), "--json").splitlines()
    assert [json.loads(x)["period"] for x in lines] == ["2024-04", "2024-05"]
    assert json.loads(lines[1])["stored"]["figures"] == 2
    assert OverviewDocument.objects.count() == 2


def test_human_summary(reference_file: Path) -> None:
    out = run(str(reference_file), "--dry-run")
    assert "Adil Soz 2024-04 (en)" in out and "L=20: L.criminal=3, L.civil=9" in out
    assert "warning [sum_below_total]" in out


def test_a_bad_file_changes_nothing(reference_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"nope")
    with pytest.raises(CommandError, match=r"broken\.docx.*nothing written"):
        run(str(reference_file), str(bad))
    assert OverviewDocument.objects.count() == 0


def test_a_file_without_period_changes_nothing(reference_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "nodate.txt"
    bad.write_text("Some notes\nwithout any period\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"nodate\.txt: no period.*nothing written"):
        run(str(reference_file), str(bad))
    assert OverviewDocument.objects.count() == 0 and PublishedStatistics.objects.count() == 0
