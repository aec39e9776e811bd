"""transliterate: Russian and Kazakh Cyrillic to Latin, case-preserving."""

import pytest

from speechwatch.lib.text import transliterate


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Азаттық", "Azattyq"),
        ("Азаттык", "Azattyk"),
        ("Курсив", "Kursiv"),
        ("Власть", "Vlast"),
        ("Жамиля Маричева", "Zhamilya Maricheva"),
        ("Данияр Адильбеков", "Daniyar Adilbekov"),
        ("Жетісу", "Zhetisu"),
        ("Қостанай", "Qostanay"),
        ("Тоқаев", "Toqaev"),
        ("Шымкент", "Shymkent"),
        ("Щучинск", "Shchuchinsk"),
        ("Хабар", "Khabar"),
        ("Цой", "Tsoy"),
        ("Юрий", "Yuriy"),
        ("Ёлка", "Yolka"),
        ("Подъезд", "Podezd"),
        ("Әділ сөз", "Adil soz"),
        ("Маңғыстау", "Mangghystau"),
        ("Ұлытау", "Ulytau"),
        ("Үкімет", "Ukimet"),
        ("Өскемен", "Oskemen"),
        ("Һ", "H"),
        ("ЖШС", "ZHSHS"),  # all-caps abbreviation stays all-caps
        ("ШҚО", "SHQO"),
        ("ЧП Щукин", "CHP Shchukin"),
        ("Radio Azattyq", "Radio Azattyq"),  # Latin untouched
        ("Курсив.kz 2024", "Kursiv.kz 2024"),
        ("", ""),
    ],
)
def test_transliterate(text: str, expected: str) -> None:
    assert transliterate(text) == expected


def test_output_is_ascii_for_kazakh_and_russian_alphabets() -> None:
    alphabet = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"
    out = transliterate(alphabet + alphabet.upper())
    assert out.isascii()
