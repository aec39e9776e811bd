"""The reader finds statistics by their content: table-driven checks of the pieces, and the
statistics-reader registry that other organisations plug into (readers.py)."""

from __future__ import annotations

from datetime import date

import pytest

from speechwatch.overviews import readers
from speechwatch.overviews.counts import split_count
from speechwatch.overviews.mapping import Mapper, Match
from speechwatch.overviews.periods import find_date_at_start, find_periods
from speechwatch.overviews.reader import read_text
from speechwatch.overviews.sections import is_pubdate
from speechwatch.overviews.types import Block, StatsInput, StatsResult


@pytest.mark.parametrize(
    ("text", "count", "phrase"),
    [
        ("два случая воспрепятствования", 2, "воспрепятствования"),
        ("нападения на журналистов — 3 сообщения", 3, "нападения на журналистов"),
        ("обвинения в клевете — одно сообщение", 1, "обвинения в клевете"),
        ("угрозы журналистам – трижды", 3, "угрозы журналистам"),
        ("two cases of threats", 2, "threats"),
        ("three reports of attacks", 3, "attacks"),
        ("Detained - 46 journalists", 46, "Detained"),
        ("кедергі келтіру туралы екі хабарлама", 2, "кедергі келтіру туралы"),
        ("DDoS-шабуылдар – үш жағдай", 3, "DDoS-шабуылдар"),
        ("In November, two suits on honour were filed", 2, "suits on honour were filed"),
        ("47 из них дают информацию о прямых нарушениях", 47, "прямых нарушениях"),
        ("in 2023 the law changed", None, "in 2023 the law changed"),
    ],
)
def test_split_count(text: str, count: int | None, phrase: str) -> None:
    c = split_count(text)
    assert (c.count, c.phrase) == (count, phrase)


@pytest.mark.parametrize(
    ("line", "pub"),
    [
        ("17 may 2024", True),
        ("Download 1 november 2014", True),
        ("Скачать 16 августа 2023", True),
        ("20 января 2020", True),
        ("April 6: a state of emergency", False),
        ("Январь, 12", False),
    ],
)
def test_publication_date_lines(line: str, pub: bool) -> None:
    assert is_pubdate(line) is pub


@pytest.mark.parametrize(
    ("line", "on"),
    [
        ("Январь, 12", date(2023, 1, 12)),
        ("Июнь, 01", date(2023, 6, 1)),
        ("22 қыркүйек", date(2023, 9, 22)),
    ],
)
def test_weekly_entry_dates(line: str, on: date) -> None:
    assert find_date_at_start(line, 2023)[0] == on


def test_kazakh_week_of_a_month_names_the_month() -> None:
    found = [p.label for _, p in find_periods("2022 жылдың 22-29 қыркүйегі аралығы")]
    assert found[0] == "2022-09"


def test_table_of_contents_is_not_statistics(mapper: Mapper) -> None:
    text = "Доклад за 2014 год\nОглавление\nНападения. 3\nУгрозы.. 4\nЗадержания. 5\n"
    ov = read_text(text, mapper, lang="ru")
    assert ov.blocks == []


def test_year_to_date_list_is_not_the_month(mapper: Mapper) -> None:
    text = (
        "Overview May 2017\nIn May 2017, 2 reports of threats against journalists.\n"
        "Since the beginning of the year, there were brought:\n"
        "-30 claims for the protection of honour and dignity\n"
    )
    ov = read_text(text, mapper, lang="en")
    figures = [(it.code, it.count) for b in ov.blocks for it in b.items]
    assert figures == [("R.threat", 2)]


def test_a_registered_reader_is_used_for_its_taxonomy(mapper: Mapper) -> None:
    seen: list[StatsInput] = []

    def fake(inp: StatsInput) -> StatsResult:
        seen.append(inp)
        first = inp.lines[0]
        return StatsResult(
            blocks=[Block("all", 7, Match("R", 1.0, "test"), first.no)], used={first.no}
        )

    code = mapper.doc.code
    before = readers.get_reader(code)
    readers.register_reader(code, fake)
    try:
        ov = read_text("Title March 2024\nSeven things\nMarch 3: an event", mapper, lang="en")
    finally:
        readers.register_reader(code, before)
    assert seen and seen[0].period is not None and seen[0].period.label == "2024-03"
    assert [(b.code, b.total) for b in ov.blocks] == [("R", 7)]
    assert [e.on for e in ov.events] == [date(2024, 3, 3)]


def test_unknown_taxonomy_falls_back_to_the_default_reader() -> None:
    assert readers.get_reader("no-such-taxonomy") is readers.get_reader(readers.DEFAULT)
    assert readers.DEFAULT in readers.registered()
