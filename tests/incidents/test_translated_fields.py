"""The per-language text columns of incidents, cases and context come from one set of abstract
models (speechwatch/translated.py), with the same columns as before and one reading helper."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from speechwatch.cases.models import Case, CaseStage
from speechwatch.context.models import ContextEvent, LegislativeItem, LegislativeStage
from speechwatch.incidents.models import Incident
from speechwatch.translated import LANGS, Note, TitleSummary, TitleText, Translated


@pytest.mark.parametrize(
    ("model", "base", "names"),
    [
        (Incident, TitleSummary, ("title", "summary")),
        (Case, TitleSummary, ("title", "summary")),
        (LegislativeItem, TitleSummary, ("title", "summary")),
        (ContextEvent, TitleText, ("title", "text")),
        (CaseStage, Note, ("note",)),
        (LegislativeStage, Note, ("note",)),
    ],
)
def test_every_text_model_has_its_columns_from_one_base(model, base, names) -> None:
    assert issubclass(model, base)
    assert names == model.TEXT_FIELDS
    columns = {f.column for f in model._meta.concrete_fields}
    assert {f"{n}_{lang}" for n in names for lang in LANGS} <= columns
    for n in names:
        field = model._meta.get_field(f"{n}_kk")
        assert field.get_internal_type() == "TextField" and field.blank


@pytest.mark.parametrize(
    ("values", "field", "lang", "text", "texts"),
    [
        ({"title_en": "E", "title_kk": "Қ"}, "title", "kk", "Қ", {"en": "E", "kk": "Қ"}),
        ({"title_en": "E"}, "title", "ru", "", {"en": "E"}),
        ({}, "title", "en", "", {}),
        ({"summary_ru": "Р"}, "summary", "ru", "Р", {"ru": "Р"}),
        ({"title_en": "E"}, "nonexistent", "en", "", {}),
    ],
)
def test_text_and_texts(values, field, lang, text, texts) -> None:
    incident = Incident(**values)
    assert isinstance(incident, Translated)
    assert incident.text(field, lang) == text
    assert incident.texts(field) == texts


@pytest.mark.django_db
def test_no_migration_results() -> None:
    out = io.StringIO()
    call_command(
        "makemigrations", "incidents", "cases", "context", check=True, dry_run=True, stdout=out
    )
    assert "No changes detected" in out.getvalue()
