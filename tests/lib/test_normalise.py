"""normalise: NFKC, casefold, whitespace, quotes and edge punctuation."""

import pytest

from speechwatch.lib.text import normalise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Azattyq", "azattyq"),
        ("  Радио   «Азаттык»  ", "радио азаттык"),
        ("«Власть»", "власть"),
        ('"Vlast"', "vlast"),
        ("“Kursiv”", "kursiv"),
        ("'Orda'", "orda"),
        ("’Orda’", "orda"),
        ("Vlast.", "vlast"),
        ("...Kursiv!?", "kursiv"),
        ("(ProTenge)", "protenge"),
        ("ТОО «Медиа-Холдинг»,", "тоо медиа-холдинг"),
        ("O'Brien", "o'brien"),  # inner apostrophe is part of the name
        ("Nur-Sultan", "nur-sultan"),
        ("Line\tbreak\nhere", "line break here"),
        ("ＡＢＣ　１２３", "abc 123"),  # full-width forms and ideographic space (NFKC)
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),  # casefold, not lower
        ("ҚАЗАҚСТАН", "қазақстан"),
        ("C++", "c++"),  # symbols at the end are kept
        ("", ""),
        ("  «»  ", ""),
    ],
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


def test_idempotent() -> None:
    for text in ("  Радио «Азаттык»! ", "'Vlast.'", "ＡＢＣ"):
        assert normalise(normalise(text)) == normalise(text)
