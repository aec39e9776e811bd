# ruff: noqa: E501
"""Russian overviews: 'Категория – N' lines, 'N сообщений о …' sentences, '12 января' entries."""

from __future__ import annotations

from datetime import date

from speechwatch.overviews.mapping import Mapper
from speechwatch.overviews.reader import read_text

DASH_STYLE = """Нарушения свободы слова в Казахстане. Январь 2023 года
Международный фонд защиты свободы слова «Адил соз» представляет обзор событий в январе 2023 года.
Нарушения прав журналистов, СМИ, ньюсмейкеров – 15, в том числе:
• Воспрепятствование законной профессиональной деятельности журналистов – 4
• Угрозы СМИ, журналистам, ньюсмейкерам – 3
• Задержание журналистов – 2
• Нарушение авторских прав
и другие
Нарушения права на свободное получение и распространение информации – 26 (без учёта повторных запросов):
- Отказ в предоставлении общественно значимой информации – 20
- Блокировка ресурса – 6
Досудебные и судебные претензии и иски к журналистам, СМИ, гражданам – 12, из них:
Уголовные дела – 4, в том числе 3 – по ст. 274 УК РК
Иски о защите чести, достоинства и деловой репутации – 5
Административные дела – 3
СОБЫТИЯ ЯНВАРЯ
12 января: Министр информации заявил о подготовке нового закона.
Продолжение абзаца.
25 января 2023 года – Сенат одобрил поправки.
Также в январе:
Стало известно, что блогер получил предупреждение.
"""

SENTENCE_STYLE = """Нарушения свободы слова в Казахстане. Март 2024
Зафиксировано 9 сообщений о нарушениях прав журналистов, СМИ и ньюсмейкеров. Среди них:
2 сообщения о воспрепятствовании законной профессиональной деятельности журналистов
7 сообщений о дискредитации СМИ, журналистов и ньюсмейкеров. В 5 случаях пострадавшими стали представители государственного сектора.
4 сообщения — о нарушениях права на свободное получение и распространение информации. В их числе 3 случая отказа в предоставлении общественно значимой информации, а также 1 случай взлома аккаунта
"""


def summary(ov):  # type: ignore[no-untyped-def]
    return [(b.code, b.total, b.others, [(i.code, i.count) for i in b.items]) for b in ov.blocks]


def test_dash_style(mapper: Mapper) -> None:
    ov = read_text(DASH_STYLE, mapper)
    assert ov.lang == "ru" and ov.period is not None and ov.period.label == "2023-01"
    assert ov.organisation == "Adil Soz"
    assert summary(ov) == [
        (
            "R",
            15,
            True,
            [("R.obstruction", 4), ("R.threat", 3), ("R.detention", 2), ("R.copyright", 1)],
        ),
        ("I", 26, False, [("I.refusal", 20), ("I.blocking", 6)]),
        ("L", 12, False, [("L.criminal", 4), ("L.civil", 5), ("L.administrative", 3)]),
    ]
    assert ov.blocks[1].notes == ["без учёта повторных запросов"]
    crim = ov.blocks[2].items[0]
    assert [(p.code, p.count) for p in crim.items] == [("L.criminal.false_info", 3)]
    assert ov.blocks[0].items[3].implicit_count


def test_dash_style_entries(mapper: Mapper) -> None:
    ov = read_text(DASH_STYLE, mapper)
    assert [(e.section, e.on) for e in ov.entries] == [
        ("events", date(2023, 1, 12)),
        ("events", date(2023, 1, 25)),
        ("also", None),
    ]
    assert ov.entries[0].text.endswith("Продолжение абзаца.")


def test_sentence_style(mapper: Mapper) -> None:
    ov = read_text(SENTENCE_STYLE, mapper)
    assert summary(ov) == [
        ("R", 9, False, [("R.obstruction", 2), ("R.discrediting", 7)]),
        ("I", 4, False, [("I.refusal", 3), ("I.cyber", 1)]),
    ]
    facet = ov.blocks[0].items[1].items[0]
    assert (facet.code, facet.count, facet.facet) == ("facet:victim_type=state_sector", 5, True)
    assert ov.warnings == []  # 2 + 7 = 9 and 3 + 1 = 4
