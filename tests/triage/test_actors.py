"""Stage "actors": people, outlets, state bodies and organisations, matched to stored Actors."""

from __future__ import annotations

import pytest

from speechwatch.actors.matching import ActorNames
from speechwatch.lib.text import match_key
from speechwatch.triage.actors import (
    ActorIndex,
    actors_stage,
    extract,
    kk_strip,
    load_actors,
    ru_nominative,
)
from speechwatch.triage.context import LoadOptions
from speechwatch.triage.types import Document, Triage


def _found(text: str, lang: str) -> set[tuple[str, str]]:
    return {(m.name, m.type) for m in extract(text, lang)}


CASES = [
    (
        "ru",
        "Корреспондента портала «Диапазон» Айжан Тлеуову не пустили, полиция потребовала "
        "удалить кадры. В фонде «Адил соз» назвали это воспрепятствованием.",
        {
            ("Диапазон", "outlet"),
            ("Айжан Тлеуова", "person"),
            ("полиция", "state_body"),
            ("Адил соз", "organisation"),
        },
    ),
    (
        "ru",
        "Суд оштрафовал журналиста Махамбета Абжана по иску акима",
        {("Махамбет Абжан", "person"), ("суд", "state_body"), ("акимат", "state_body")},
    ),
    (
        "kk",
        "«Диапазон» порталының тілшісі Айжан Тлеуованы полиция кіргізбеді. «Әділ сөз» қоры",
        {
            ("Диапазон", "outlet"),
            ("Айжан Тлеуова", "person"),
            ("полиция", "state_body"),
            ("Әділ сөз", "organisation"),
        },
    ),
    (
        "en",
        "Guards at the Almaty mayor's office seized the phone of an Orda.kz correspondent. "
        "Journalist Jane Doe said police watched.",
        {
            ("Orda.kz", "outlet"),
            ("Jane Doe", "person"),
            ("police", "state_body"),
            ("akimat", "state_body"),
        },
    ),
    ("ru", "издание «Новая газета Приречья» сообщило", {("Новая газета Приречья", "outlet")}),
    ("ru", "Курс тенге в диапазоне от 450 до 460", set()),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_extract(lang, text, expected):
    assert _found(text, lang) == expected


@pytest.mark.parametrize(
    ("raw", "nominative"),
    [
        ("Махамбета Абжана", "Махамбет Абжан"),
        ("Айжан Тлеуову", "Айжан Тлеуова"),
        ("Светланы Глуховой", "Светлана Глухова"),
        ("Дмитрию Иванову", "Дмитрий Иванов"),
    ],
)
def test_ru_nominative(raw, nominative):
    assert ru_nominative(raw) == nominative


@pytest.mark.parametrize(
    ("raw", "base"),
    [
        ("Айжан Тлеуованы", "Айжан Тлеуова"),
        ("Әлібек Жұмаділовке", "Әлібек Жұмаділов"),
        ("Махамбет Әбжанның", "Махамбет Әбжан"),
        ("Айгүл Нұрбек", "Айгүл Нұрбек"),
    ],
)
def test_kk_strip(raw, base):
    assert kk_strip(raw) == base


def test_index_matches_across_scripts():
    names = [ActorNames("7", ("Azattyq", "Азаттык")), ActorNames("9", ("Махамбет Абжан",))]
    index = ActorIndex(names, {match_key(n): int(a.key) for a in names for n in a.names})
    assert index.match("Азаттық") == 7
    assert index.match("Makhambet Abzhan") == 9
    assert index.match("Someone Else") is None


class _Ctx(dict):
    def get(self, name, default=None):
        return super().get(name, default)


def test_stage_sets_actor_ids():
    index = ActorIndex([ActorNames("5", ("Orda.kz", "Орда"))], {match_key("Orda.kz"): 5})
    docs = [Document("a", "", "Journalist Jane Doe of Orda.kz was fined.")]
    results = [Triage(key="a", lang="en")]
    actors_stage(docs, results, _Ctx(actors=index))
    by_name = {m.name: m for m in results[0].actors}
    assert by_name["Orda.kz"].actor_id == 5
    assert by_name["Jane Doe"].actor_id is None
    ev = by_name["Jane Doe"].evidence[0]
    assert docs[0].full_text[ev.start : ev.end] == "Jane Doe"


def test_loader_without_database_is_empty():
    index = load_actors(LoadOptions(use_db=False))
    assert index.names == [] and index.exact == {}


@pytest.mark.django_db
def test_loader_reads_stored_actors():
    from speechwatch.actors.models import Actor

    actor = Actor.objects.create(
        external_id="a-1",
        kind="organisation",
        type="media_outlet",
        name="Vlast.kz",
        name_variants=["Власть"],
    )
    index = load_actors(LoadOptions(use_db=True))
    assert index.match("Власть") == actor.pk


@pytest.mark.parametrize(
    ("title", "body", "lang", "person"),
    [
        ("Задержан журналист Махамбет Абжан", "Вчера В Алматы", "ru", "Махамбет Абжан"),
        ("Journalist Jane Doe detained", "Police Said nothing.", "en", "Jane Doe"),
        ("Тілшісі Айжан Тлеуова", "Кеше Полиция келді", "kk", "Айжан Тлеуова"),
    ],
)
def test_name_never_spans_the_headline_break(title: str, body: str, lang: str, person: str) -> None:
    doc = Document("k", title, body, None, lang)
    names = {m.name for m in extract(doc.full_text, lang) if m.type == "person"}
    assert person in names
    assert all("\n" not in n and "Вчера" not in n and "Кеше" not in n for n in names)


@pytest.mark.parametrize(
    ("text", "chunk"),
    [
        # Only the sentence with the role word; "Vlast.kz" does not end a sentence.
        (
            "Управление не ответило в срок\nЖурналист портала Vlast.kz Арман Сагындыков "
            "направил запрос. Ответа нет.",
            "Журналист портала Vlast.kz Арман Сагындыков направил запрос.",
        ),
        ("Аким Шардары подал иск. Газета Заря молчит.", None),  # no role word
        ("журналист пришёл. в суде никого.", None),  # no capitalised pair
    ],
)
def test_ner_reads_the_role_sentences(text: str, chunk: str | None) -> None:
    from speechwatch.triage.actors import _ner_span, gazetteers

    span = _ner_span(text, gazetteers())
    assert (text[span[0] : span[1]] if span else None) == chunk
