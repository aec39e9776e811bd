"""find_legal_refs: every reference in running text, in order, without repeats."""

import time

import pytest

from speechwatch.lib.legal import find_legal_refs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Журналиста обвинили по ч. 2 ст. 274 УК РК, затем по статье 456-2 КоАП "
            "и ст. 73-3 КоАП.",
            ["PC 274(2)", "AdmC 456-2", "AdmC 73-3"],
        ),
        (
            "He was charged under Article 274 of the Penal Code; articles 174 and 158 "
            "of the Criminal Code were added later.",
            ["PC 274", "PC 174", "PC 158"],
        ),
        (
            "ҚР ҚК 274-бабы бойынша іс қозғалды, кейін ҚР ҚК 174, 274-баптары.",
            ["PC 274", "PC 174"],
        ),
        ("ч. 2 ст. 274, ч. 1 ст. 174 УК", ["PC 274(2)", "PC 174(1)"]),
        ("Иск подан по ст. 143 ГК РК о защите чести и достоинства.", ["CC 143"]),
        ("Civil Code, Article 143, again Article 143 of the Civil Code", ["CC 143"]),
        ("Our notes say PC 274(2) and AdmC 456-2.", ["PC 274(2)", "AdmC 456-2"]),
        ("Article 20 of the Constitution guarantees freedom of speech", ["Const 20"]),
        # not references
        ("В 2023 УК изменили, по УК 15 лет не грозит.", []),
        ("The UK 15 and a pc 274 lowercase.", []),
        ("ст. 5 Конституционного закона о выборах", []),
        ("ст. 207.3 УК РФ", []),
        ("", []),
    ],
)
def test_finds(text: str, expected: list[str]) -> None:
    assert [str(r) for r in find_legal_refs(text)] == expected


def test_domain_examples_all_found() -> None:
    text = (
        'Texts cite them as "Article 274 of the Penal Code", "ст. 274 УК РК", '
        '"статья 456-2 КоАП", "ҚР ҚК 274-бабы".'
    )
    assert [str(r) for r in find_legal_refs(text)] == ["PC 274", "AdmC 456-2"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the code after "ст. 5" wins over the code before it
        ("УК РК, ст. 5 КоАП", ["AdmC 5"]),
        # Kazakh puts the code first; consecutive references keep their own codes
        ("ҚР ҚК 274-бабы, ҚР ӘҚБтК 456-2-бабы", ["PC 274", "AdmC 456-2"]),
        ("15, УК", []),
    ],
)
def test_neighbouring_codes(text: str, expected: list[str]) -> None:
    assert [str(r) for r in find_legal_refs(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "ст. 1 и " * 2000,
        "ч. 2 ст. 1, " * 2000 + " КоАП",
        "УК " * 3000,
        "1, " * 5000,
        "ҚК " + "1, " * 5000 + "2-бабы",
        "part 2 of " * 2000 + "Article 5 of the Penal Code",
    ],
    ids=["articles", "parts", "codes", "numbers", "kk-list", "english"],
)
def test_pathological_input_stays_fast(text: str) -> None:
    start = time.perf_counter()
    find_legal_refs(text)
    assert time.perf_counter() - start < 2.0
