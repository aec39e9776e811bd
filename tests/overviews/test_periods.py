"""Periods in titles and intros; dates that open narrative entries."""

from __future__ import annotations

from datetime import date

import pytest

from speechwatch.overviews.mapping import Mapper
from speechwatch.overviews.periods import Period, find_date_at_start, find_periods
from speechwatch.overviews.reader import read_text


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Violations of freedom of speech in Kazakhstan April 2024", "2024-04"),
        ("Нарушения свободы слова в Казахстане. Апрель 2024", "2024-04"),
        ("Обзор за январь 2023 года", "2023-01"),
        ("Қазақстандағы сөз бостандығының бұзылуы. 2024 жылғы сәуір", "2024-04"),
        ("Violations of freedom of speech in the first quarter of 2024", "2024-Q1"),
        ("Statistics for Q3 2023", "2023-Q3"),
        ("Нарушения свободы слова в I квартале 2024 года", "2024-Q1"),
        ("Нарушения свободы слова. IV квартал 2022", "2022-Q4"),
        ("January–March 2024", "2024-Q1"),
        ("January-December 2023", "2023"),
        ("First half of 2024", "2024-H1"),
        ("Итоги 2023 года", "2023"),
        ("Annual report 2021", "2021"),
    ],
)
def test_period_in_title(text: str, label: str) -> None:
    assert find_periods(text)[0][1].label == label


@pytest.mark.parametrize(
    ("label", "start", "end"),
    [
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024-Q2", date(2024, 4, 1), date(2024, 6, 30)),
        ("2024-H2", date(2024, 7, 1), date(2024, 12, 31)),
        ("2023", date(2023, 1, 1), date(2023, 12, 31)),
    ],
)
def test_period_bounds(label: str, start: date, end: date) -> None:
    p = Period.from_label(label)
    assert (p.label, p.start, p.end) == (label, start, end)


@pytest.mark.parametrize(
    ("line", "day"),
    [
        ("April 6: As of April 6, a state of emergency", date(2024, 4, 6)),
        ("On April 1, the creator of the channel", date(2024, 4, 1)),
        ("On the evening of April 24, the editor", date(2024, 4, 24)),
        ("January 12 — Orda.kz, Almaty — headline", date(2024, 1, 12)),
        ("12 января в Алматы задержан журналист", date(2024, 1, 12)),
        ("1 апреля 2023 года – суд вынес решение", date(2023, 4, 1)),
        ("6 April: the court", date(2024, 4, 6)),
        ("12.03.2024 — суд", date(2024, 3, 12)),
        ("2024 жылғы 5 наурызда сот", date(2024, 3, 5)),
        ("On the same day, the minister", None),
        ("2 reports involved obstruction", None),
        ("As of April 6, a state", None),
    ],
)
def test_date_at_start(line: str, day: date | None) -> None:
    assert find_date_at_start(line, 2024)[0] == day


def test_title_wins_over_a_contradicting_intro(mapper: Mapper) -> None:
    text = (
        "Violations of freedom of speech in Kazakhstan May 2024\n"
        "The Foundation «Adil Soz» presents an overview of events in April 2024.\n"
        "There were 3 reports of violations of the rights of journalists, media, and newsmakers. "
        "Among them:\n3 reports involved obstruction of journalists' lawful professional "
        "activities\n"
    )
    ov = read_text(text, mapper)
    assert ov.period is not None and ov.period.label == "2024-05"
    assert [w.kind for w in ov.warnings] == ["period_mismatch"]
    assert "2024-04" in ov.warnings[0].message


def test_no_title_period_falls_back_to_intro(mapper: Mapper) -> None:
    ov = read_text("Monitoring overview\nIn March 2022, the following was recorded:\n", mapper)
    assert ov.period is not None and ov.period.label == "2022-03"
    assert "no_statistics" in [w.kind for w in ov.warnings]
