"""parse_legal_ref and LegalRef: one reference per field, normalised."""

import pytest

from speechwatch.lib.legal import CODE_ABBREVIATIONS, CODES, LegalRef, parse_legal_ref


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the normal form itself (case-insensitive in a field)
        ("PC 274", "PC 274"),
        ("PC 274(2)", "PC 274(2)"),
        ("AdmC 456-2", "AdmC 456-2"),
        ("CC 143", "CC 143"),
        ("admc 73-3", "AdmC 73-3"),
        ("pc274", "PC 274"),
        # English
        ("Article 274 of the Penal Code", "PC 274"),
        ("Article 274 of the Criminal Code of the Republic of Kazakhstan", "PC 274"),
        ("part 2 of Article 174 of the Criminal Code", "PC 174(2)"),
        ("Article 174, part 2, of the Criminal Code", "PC 174(2)"),
        ("Article 274(2) of the Penal Code", "PC 274(2)"),
        ("Art. 143 Civil Code", "CC 143"),
        ("article 73-3 of the Code of Administrative Offenses", "AdmC 73-3"),
        ("Article 456-2 of the Code on Administrative Offences", "AdmC 456-2"),
        ("Article 434 of the Administrative Code", "AdmC 434"),
        ("Penal Code, Article 158", "PC 158"),
        ("Article 20 of the Constitution", "Const 20"),
        ("Article 192 of the Criminal Procedure Code", "CPC 192"),
        # Russian
        ("ст. 274 УК РК", "PC 274"),
        ("ст.274 УК", "PC 274"),
        ("статья 456-2 КоАП", "AdmC 456-2"),
        ("статья 456–2 КоАП РК", "AdmC 456-2"),  # en dash typed for the hyphen
        ("456-2 КоАП", "AdmC 456-2"),
        ("73-3 КоАП РК", "AdmC 73-3"),
        ("ч. 2 ст. 274 УК", "PC 274(2)"),
        ("ч.2 ст.274 УК РК", "PC 274(2)"),
        ("части 2 статьи 174 Уголовного кодекса", "PC 174(2)"),
        ("ст. 274 ч. 2 УК РК", "PC 274(2)"),
        ("п. 1 ч. 2 ст. 274 УК", "PC 274(2)"),  # the point is not recorded
        ("статьи 130 Уголовного кодекса Республики Казахстан", "PC 130"),
        ("ст. 143 ГК", "CC 143"),
        ("ГК РК ст. 143", "CC 143"),
        ("УК РК 274", "PC 274"),
        ("ст. 434 КоАП", "AdmC 434"),
        ("ст. 192 УПК РК", "CPC 192"),
        ("ст. 20 Конституции РК", "Const 20"),
        ("ст. 274 УК РК (распространение ложной информации)", "PC 274"),
        # Kazakh
        ("ҚР ҚК 274-бабы", "PC 274"),
        ("ҚК 274 бабы", "PC 274"),
        ("ҚР ҚК 274-бабының 2-бөлігі", "PC 274(2)"),
        ("Қазақстан Республикасының Қылмыстық кодексінің 274-бабы", "PC 274"),
        ("ҚР ӘҚБтК 456-2-бабы", "AdmC 456-2"),
        ("ҚР АК 143-бабы", "CC 143"),
    ],
)
def test_parses(text: str, expected: str) -> None:
    assert str(parse_legal_ref(text)) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty legal reference"),
        ("274", "could not read a legal code in '274'"),
        ("ст. 274", "could not read a legal code in 'ст. 274'"),
        ("XY 274", "could not read a legal code"),
        ("ст. 274 УК РФ", "could not read a legal code"),  # Russia's code, not Kazakhstan's
        ("PC", "could not read an article number in 'PC'"),
        ("Уголовный кодекс", "could not read an article number"),
        ("Article 274 of the Penal Code, blah", "could not read 'blah'"),
        ("ст. 274 УК РК и ст. 174 УК РК", "several legal references"),
        ("PC 274(200)", "could not read"),
    ],
)
def test_rejects_naming_the_problem(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("(", r"\(")):
        parse_legal_ref(text)


def test_hyphenated_numbers_are_articles_not_parts() -> None:
    ref = parse_legal_ref("статья 456-2 КоАП")
    assert (ref.article, ref.part) == ("456-2", None)


@pytest.mark.parametrize(
    ("ref", "text"),
    [
        (LegalRef("PC", "274"), "PC 274"),
        (LegalRef("PC", "274", "2"), "PC 274(2)"),
        (LegalRef("AdmC", "456-2"), "AdmC 456-2"),
        (LegalRef("PC", "0274", "02"), "PC 274(2)"),  # leading zeros are dropped
    ],
)
def test_str_round_trips(ref: LegalRef, text: str) -> None:
    assert str(ref) == text
    assert parse_legal_ref(str(ref)) == ref


@pytest.mark.parametrize(
    ("code", "article", "part"),
    [("XX", "274", None), ("PC", "", None), ("PC", "274a", None), ("PC", "274", "two")],
)
def test_invalid_refs_are_refused(code: str, article: str, part: str | None) -> None:
    with pytest.raises(ValueError):
        LegalRef(code, article, part)


def test_ordering_is_natural_and_total() -> None:
    refs = [
        LegalRef("CC", "143"),
        LegalRef("PC", "274", "2"),
        LegalRef("AdmC", "456-2"),
        LegalRef("PC", "274"),
        LegalRef("PC", "73"),
        LegalRef("AdmC", "73-3"),
        LegalRef("AdmC", "456"),
    ]
    assert [str(r) for r in sorted(refs)] == [
        "PC 73",
        "PC 274",
        "PC 274(2)",
        "AdmC 73-3",
        "AdmC 456",
        "AdmC 456-2",
        "CC 143",
    ]
    assert LegalRef("PC", "274") <= LegalRef("PC", "274")
    assert LegalRef("PC", "274", "2") > LegalRef("PC", "274")


@pytest.mark.parametrize(
    ("ref", "lang", "text"),
    [
        (LegalRef("PC", "274"), "en", "Article 274 of the Penal Code"),
        (LegalRef("PC", "274", "2"), "en", "Part 2 of Article 274 of the Penal Code"),
        (LegalRef("AdmC", "456-2"), "ru", "ст. 456-2 КоАП РК"),
        (LegalRef("PC", "274", "2"), "ru", "ч. 2 ст. 274 УК РК"),
        (LegalRef("PC", "274"), "kk", "ҚР ҚК 274-бабы"),
        (LegalRef("PC", "274", "2"), "kk", "ҚР ҚК 274-бабының 2-бөлігі"),
    ],
)
def test_describe(ref: LegalRef, lang: str, text: str) -> None:
    assert ref.describe(lang) == text


@pytest.mark.parametrize("code", list(CODES))
def test_every_code_round_trips_through_its_labels(code: str) -> None:
    assert set(CODES[code]) == {"en", "ru", "kk"}
    assert set(CODE_ABBREVIATIONS[code]) == {"en", "ru", "kk"}
    ref = LegalRef(code, "20", "1")
    for lang in ("en", "ru", "kk"):
        assert parse_legal_ref(ref.describe(lang)) == ref
    assert parse_legal_ref(f"Article 20 of the {CODES[code]['en']}") == ref.without_part
