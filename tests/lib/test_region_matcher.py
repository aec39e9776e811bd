"""RegionMatcher.match / suggest over the shipped Kazakhstan set."""

import pytest

from speechwatch.lib.regions import RegionMatcher, load_region_set


@pytest.fixture(scope="module")
def matcher() -> RegionMatcher:
    return RegionMatcher(load_region_set())


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # codes
        ("almaty_region", "almaty_region"),
        ("EAST_KAZAKHSTAN", "east_kazakhstan"),
        # plain Almaty is the city; the region needs a region word
        ("Almaty", "almaty"),
        ("Алматы", "almaty"),
        ("г. Алматы", "almaty"),
        ("Алматы қаласы", "almaty"),
        ("City of Almaty", "almaty"),
        ("Alma-Ata", "almaty"),
        ("Almaty oblast", "almaty_region"),
        ("Almaty Region", "almaty_region"),
        ("Алматинская область", "almaty_region"),
        ("Алматинская обл.", "almaty_region"),
        ("Алматы облысы", "almaty_region"),
        # spelling variants from the domain notes
        ("Zhetysu", "zhetisu"),
        ("Jetisu", "zhetisu"),
        ("область Жетісу", "zhetisu"),
        ("Жетысуская область", "zhetisu"),
        ("Turkestan", "turkistan"),
        ("Түркістан облысы", "turkistan"),
        ("South Kazakhstan", "turkistan"),
        ("Южно-Казахстанская область", "turkistan"),
        ("ЮКО", "turkistan"),
        ("Karagandy", "karaganda"),
        ("Карагандинская область", "karaganda"),
        ("Aqmola", "akmola"),
        ("Qostanay", "kostanay"),
        ("Қостанай облысы", "kostanay"),
        ("Kyzylorda oblysy", "kyzylorda"),
        ("Ақтөбе", "aktobe"),
        ("Mangistau region", "mangystau"),
        ("ВКО", "east_kazakhstan"),
        ("Шығыс Қазақстан облысы", "east_kazakhstan"),
        ("North Kazakhstan region", "north_kazakhstan"),
        ("ЗКО", "west_kazakhstan"),
        ("Ulytau", "ulytau"),
        ("Abay region", "abai"),
        ("Jambyl", "zhambyl"),
        ("Pavlodar", "pavlodar"),
        # the capital under its names
        ("Astana", "astana"),
        ("Nur-Sultan", "astana"),
        ("Нур-Султан", "astana"),
        ("Нұр-Сұлтан", "astana"),
        ("Shymkent", "shymkent"),
        ("Чимкент", "shymkent"),
        # special
        ("за рубежом", "abroad"),
        ("Шетелде", "abroad"),
        ("интернет", "online"),
        ("Online", "online"),
        ("Белгісіз", "unknown"),
        ("не указано", "unknown"),
    ],
)
def test_match(matcher: RegionMatcher, text: str, code: str) -> None:
    spec = matcher.match(text)
    assert spec is not None and spec.code == code


@pytest.mark.parametrize(
    "text", ["", "  ", "Kazakhstan", "Moscow", "Taraz", "region", "Aktobe city"]
)
def test_no_match(matcher: RegionMatcher, text: str) -> None:
    assert matcher.match(text) is None


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Pavlodr", "pavlodar"),
        ("Kyzylrda", "kyzylorda"),
        ("Shymknt", "shymkent"),
        ("Zhetysy", "zhetisu"),
        ("Astna", "astana"),
        ("Aktobr obl", "aktobe"),
        ("West Kazakstan", "west_kazakhstan"),
        ("Karagandinskaya oblast", "karaganda"),
        ("Almati", "almaty"),
    ],
)
def test_suggest_puts_the_intended_region_first(
    matcher: RegionMatcher, text: str, first: str
) -> None:
    suggestions = matcher.suggest(text)
    assert suggestions[0] == first
    assert len(suggestions) <= 3
    assert len(set(suggestions)) == len(suggestions)


@pytest.mark.parametrize("text", ["", "Moscow", "xyz"])
def test_suggest_nothing_for_nonsense(matcher: RegionMatcher, text: str) -> None:
    assert matcher.suggest(text) == []


def test_suggest_limit(matcher: RegionMatcher) -> None:
    assert len(matcher.suggest("Kazakhstan", limit=2)) <= 2
    assert matcher.suggest("Almaty", limit=0) == []
