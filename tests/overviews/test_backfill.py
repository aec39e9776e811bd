"""`speechwatch read-overview DIR --store`: a whole archive, file by file, idempotent."""

from __future__ import annotations

import json
import shutil
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from speechwatch.overviews.models import OverviewDocument, PublishedStatistics
from speechwatch.overviews.orgs import refine_lang, refine_period
from speechwatch.overviews.queries import published_figures
from tests.overviews.orgs_helpers import FIXTURES

pytestmark = pytest.mark.django_db


def _archive(tmp_path: Path, taxonomy: str) -> Path:
    root = tmp_path / "archive"
    (root / "older" / "deeper").mkdir(parents=True)
    files = sorted(FIXTURES.glob(f"{taxonomy}-*.txt"))
    for i, f in enumerate(files):
        target = root if i % 2 else root / ("older" if i % 3 else "older/deeper")
        shutil.copy(f, target / f.name)
    (root / "notes.csv").write_text("ignored, not an overview\n")
    return root


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("read-overview", *args, "--no-embeddings", "--no-drafts", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_directory_is_read_recursively_and_rerun_changes_nothing(tmp_path: Path) -> None:
    root = _archive(tmp_path, "gdf")
    _out, err = run(str(root), "--taxonomy", "gdf", "--store")
    assert "4 of 4 files stored, 0 failed" in err
    docs = OverviewDocument.objects.order_by("period")
    assert [d.period for d in docs] == ["2012-03", "2014-07", "2016-10", "2020-02"]
    assert {d.organisation for d in docs} == {"Glasnost Defence Foundation"}
    rows = PublishedStatistics.objects.count()
    assert rows == 4 + 10 + 9 + 12 + 8  # one block row per file + its categories

    run(str(root), "--taxonomy", "gdf", "--store")
    assert PublishedStatistics.objects.count() == rows
    assert OverviewDocument.objects.count() == 4


def test_a_failing_file_is_reported_and_the_rest_stored(tmp_path: Path) -> None:
    root = _archive(tmp_path, "gdf")
    (root / "broken.docx").write_bytes(b"not a zip file")
    (root / "no-period.txt").write_text("Просто текст без даты\nЦензура – 1 ()\n")
    err = StringIO()
    with pytest.raises(CommandError, match="2 file"):
        call_command("read-overview", str(root), "--taxonomy", "gdf", "--store",
                     "--no-embeddings", stdout=StringIO(), stderr=err)  # fmt: skip
    assert "broken.docx" in err.getvalue() and "no-period.txt" in err.getvalue()
    assert "4 of 6 files stored, 2 failed" in err.getvalue()
    assert OverviewDocument.objects.count() == 4


def test_imi_archive_figures_feed_the_published_series(tmp_path: Path) -> None:
    root = _archive(tmp_path, "imi")
    run(str(root), "--taxonomy", "imi", "--store")
    assert sorted(OverviewDocument.objects.values_list("period", "lang")) == [
        ("2017", "ru"), ("2018-06", "en"), ("2019-08", "uk"), ("2019-11", "uk"), ("2020", "uk"),
        ("2021-03", "uk"), ("2021-H1", "uk"), ("2024-11", "uk"),
    ]  # fmt: skip
    figs = published_figures("Institute of Mass Information", date(2019, 1, 1), date(2019, 12, 31))
    by_period = {(f.period, f.code): f.count for f in figs}
    assert by_period[("2019-08", "V")] == 29
    assert by_period[("2019-08", "V.obstruction")] == 9
    assert by_period[("2019-11", "V.access")] == 4


def test_store_refuses_dry_run(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--store"):
        run(str(_archive(tmp_path, "gdf")), "--taxonomy", "gdf", "--store", "--dry-run")


@pytest.mark.parametrize(
    ("name", "taxonomy", "period", "lang", "first"),
    [
        ("gdf-2016-10-ru.txt", "gdf", "2016-10", "ru", ("V.death", 0)),
        ("imi-2019-08-uk.txt", "imi", "2019-08", "uk", ("V.obstruction", 9)),
        ("imi-2018-06-en.txt", "imi", "2018-06", "en", ("V.obstruction", 3)),
    ],
)
def test_json_with_taxonomy(name: str, taxonomy: str, period: str, lang: str, first: tuple) -> None:
    out, _err = run(str(FIXTURES / name), "--taxonomy", taxonomy, "--dry-run", "--json")
    data = json.loads(out)
    assert (data["period"], data["lang"]) == (period, lang)
    item = data["blocks"][0]["items"][0]
    assert (item["code"], item["count"]) == first


@pytest.mark.parametrize(
    ("title", "label"),
    [
        ("Барометр свободи слова за серпень 2019 року", "2019-08"),
        ("Барометр свободи слова: листопад 2019", "2019-11"),
        ("Барометр свободи слова за травень 2021 року", "2021-05"),
        ("Барометр свободи слова: перше півріччя 2021 року", "2021-H1"),
        ("Друге півріччя 2020", "2020-H2"),
        ("Підсумки 2017 року", None),
    ],
)
def test_ukrainian_month_in_the_title(title: str, label: str | None) -> None:
    got = refine_period(title, None)
    assert (got.label if got else None) == label


def test_ukrainian_is_not_kazakh() -> None:
    assert refine_lang("Барометр свободи слова: їх було п'ять", "kk") == "uk"
    assert refine_lang("Қаңтар айында 5 журналист", "kk") == "kk"
    assert refine_lang("Обзор за май", "ru") == "ru"
