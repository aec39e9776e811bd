"""Stage "date": the event date from relative and absolute expressions in three languages."""

from __future__ import annotations

from datetime import date

import pytest

from speechwatch.triage.dates import date_stage, event_date, lead_end, month_of
from speechwatch.triage.types import Document, Triage

PUB = date(2024, 3, 20)  # a Wednesday

CASES = [
    # Russian
    ("Журналиста задержали вчера", "2024-03-19"),
    ("Позавчера полиция провела обыск в редакции", "2024-03-18"),
    ("Сегодня суд оштрафовал редакцию", "2024-03-20"),
    ("В понедельник журналиста избили у подъезда", "2024-03-18"),
    ("15 января журналиста задержали", "2024-01-15"),
    ("15-го января журналиста задержали", "2024-01-15"),
    ("Журналиста задержали 25 декабря", "2023-12-25"),  # after publication → last year
    ("В прошлом месяце редакцию оштрафовали", "2024-02"),
    ("в мае журналиста оштрафовали", "2023-05"),
    ("Задержан 14.03.2024, суд назначен на 25.03.2024", "2024-03-14"),
    ("Суд назначен на 25 марта. Журналиста задержали 10 марта.", "2024-03-10"),
    # Kazakh
    ("Тілші кеше ұсталды", "2024-03-19"),
    ("Бүгін сот редакцияға айыппұл салды", "2024-03-20"),
    ("Өткен аптада редакцияда тінту жүрді", "2024-03"),
    ("15 қаңтарда тілші ұсталды", "2024-01-15"),
    ("2023 жылғы 15 қаңтарда тілші ұсталды", "2023-01-15"),
    ("Тілшіні дүйсенбіде полиция ұстады", "2024-03-18"),
    # English
    ("The journalist was detained on Monday", "2024-03-18"),
    ("Police detained him yesterday", "2024-03-19"),
    ("Last week police raided the office", "2024-03"),
    ("He was detained on 15 January", "2024-01-15"),
    ("He was detained on January 15, 2023", "2023-01-15"),
    ("In May the editor was fined", "2023-05"),
    # No date in the text: the month of publication
    ("The editor was fined for a post", "2024-03"),
    # Words that only look like months or weekdays
    ("you may go, said the майор полиции в среде журналистов", "2024-03"),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_event_date(text, expected):
    assert event_date(text, PUB)[0] == expected


def test_without_publication_date_only_absolute_dates_resolve():
    assert event_date("Журналиста задержали вчера", None) == (None, ())
    assert event_date("Задержан 14.03.2024", None)[0] == "2024-03-14"


def test_evidence_points_at_the_phrase():
    text = "Суд назначен на 25 марта. Журналиста задержали 10 марта."
    _, (ev,) = event_date(text, PUB)
    assert text[ev.start : ev.end] == ev.phrase == "10 марта"


@pytest.mark.parametrize(
    ("word", "month"),
    [("января", 1), ("қаңтарда", 1), ("March", 3), ("майор", None), ("желтоқсанда", 12)],
)
def test_month_words(word, month):
    found = month_of(word)
    assert (found[0] if found else None) == month


def test_stage_resolves_against_each_documents_publication_date():
    docs = [Document("a", "", "Задержан вчера", date(2024, 1, 1))]
    results = [Triage(key="a")]
    date_stage(docs, results, None)
    assert results[0].date == "2023-12-31"
    assert results[0].date_evidence[0].phrase == "вчера"


@pytest.mark.parametrize(
    ("title", "text", "lead"),
    [
        ("Head", "First sentence. Second one.", "Head\nFirst sentence. "),
        # an abbreviation before a number does not end the sentence
        ("", "Задержан по ч. 2 ст. 274 УК. Суд назначен.", "Задержан по ч. 2 ст. 274 УК. "),
        ("", "Line one\nLine two", "Line one\n"),
        ("Head", "\nBody here. More.", "Head\n\nBody here. "),  # a blank line is skipped
        ("Head", "No full stop", "Head\nNo full stop"),
    ],
)
def test_lead_is_the_headline_and_first_sentence(title, text, lead):
    doc = Document("a", title, text, None)
    assert doc.full_text[: lead_end(doc)] == lead
