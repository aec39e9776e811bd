"""/work/overviews/unmapped/: phrases waiting for a person, mapped once, reused by the reader."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from speechwatch.audit.models import AuditEvent
from speechwatch.overviews.models import PhraseMapping, PublishedStatistics
from speechwatch.overviews.views import group_phrases
from tests.workspace.helpers import client_for, make_users

pytestmark = pytest.mark.django_db

TEXT = """Мониторинг нарушений прав журналистов и СМИ, май 2013 года
Конфликты, зафиксированные в мае 2013 года:
Гибель журналистов – ()
Вызовы на допрос к следователю – 4 (Москва, Тула)
Цензура – 2 (Пермь)
"""


def _read(tmp_path: Path, name: str = "may.txt") -> None:
    path = tmp_path / name
    path.write_text(TEXT, encoding="utf-8")
    call_command(
        "read-overview", str(path), "--taxonomy", "gdf", "--no-embeddings", "--no-drafts",
        stdout=StringIO(),
    )  # fmt: skip


def test_group_phrases_is_pure_and_counts_figures() -> None:
    row = {"phrase": "Вызовы на допрос", "lang": "ru", "code": "", "confidence": 0.3,
           "document__taxonomy": "gdf", "document__source_name": "a.txt"}  # fmt: skip
    other = row | {"document__source_name": "b.txt"}
    (g,) = group_phrases([row, other, row | {"phrase": "  "}])
    assert (g.taxonomy, g.figures, g.sources) == ("gdf", 2, ["a.txt", "b.txt"])


def test_editor_maps_a_phrase_once_and_the_reader_reuses_it(tmp_path: Path) -> None:
    _read(tmp_path)
    waiting = PublishedStatistics.objects.get(needs_review=True)
    assert waiting.phrase.startswith("Вызовы на допрос") and waiting.count == 4
    users = make_users()
    editor = client_for(users["editor"])
    page = editor.get("/work/overviews/unmapped/")
    assert page.status_code == 200
    assert "Вызовы на допрос" in page.content.decode()

    response = editor.post(
        "/work/overviews/unmapped/",
        {"taxonomy": "gdf", "phrase": waiting.phrase, "code": "V.other", "lang": "ru"},
    )
    assert response.status_code == 302
    waiting.refresh_from_db()
    assert (waiting.code, waiting.needs_review, waiting.method) == ("V.other", False, "confirmed")
    assert PhraseMapping.objects.filter(taxonomy="gdf", code="V.other").count() == 1
    assert AuditEvent.objects.filter(action="overview.confirm_mapping").count() == 1
    assert "unmapped-none" in editor.get("/work/overviews/unmapped/").content.decode()

    # Another archive file with the same phrase: read straight away as the confirmed code.
    (tmp_path / "again").mkdir()
    path = tmp_path / "again" / "june.txt"
    path.write_text(TEXT.replace("май", "июнь").replace("мае", "июне") + "\n", encoding="utf-8")
    call_command("read-overview", str(path), "--taxonomy", "gdf", "--no-embeddings",
                 "--no-drafts", stdout=StringIO())  # fmt: skip
    assert not PublishedStatistics.objects.filter(needs_review=True).exists()
    fig = PublishedStatistics.objects.get(period="2013-06", phrase__startswith="Вызовы")
    assert (fig.code, fig.count) == ("V.other", 4)


@pytest.mark.parametrize(
    "data",
    [
        {"taxonomy": "gdf", "phrase": "Вызовы на допрос", "code": "R.attack"},  # not a gdf code
        {"taxonomy": "nope", "phrase": "Вызовы на допрос", "code": "V.other"},
        {"taxonomy": "gdf", "phrase": "", "code": "V.other"},
        {"taxonomy": "gdf", "phrase": "Вызовы", "code": ""},
    ],
)
def test_bad_answers_change_nothing(data: dict[str, str]) -> None:
    users = make_users()
    response = client_for(users["editor"]).post("/work/overviews/unmapped/", data, follow=True)
    assert response.status_code == 200
    assert not PhraseMapping.objects.exists()
    assert not AuditEvent.objects.filter(action="overview.confirm_mapping").exists()


def test_monitor_may_not_map() -> None:
    users = make_users()
    client = client_for(users["monitor"])
    assert client.get("/work/overviews/unmapped/").status_code == 403
    data = {"taxonomy": "gdf", "phrase": "Вызовы", "code": "V.other"}
    assert client.post("/work/overviews/unmapped/", data).status_code == 403
    assert not PhraseMapping.objects.exists()
