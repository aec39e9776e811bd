"""find_duplicates: likely duplicate actors across scripts and spellings, at scale."""

import random
import time

import pytest

from speechwatch.actors.matching import ActorNames, find_duplicates, pair_score
from speechwatch.lib.text import match_key, transliterate


def actors(*rows: tuple[str, ...]) -> list[ActorNames]:
    return [ActorNames(row[0], row[1:]) for row in rows]


def pairs(result: list[tuple[str, str, float]]) -> set[frozenset[str]]:
    return {frozenset((a, b)) for a, b, _ in result}


def test_azattyq_spellings_are_one_actor() -> None:
    found = find_duplicates(
        actors(("a", "Azattyq"), ("b", "Азаттык"), ("c", "Азаттық"), ("d", "Радио Азаттык"))
    )
    assert pairs(found) == {frozenset(p) for p in ("ab", "ac", "ad", "bc", "bd", "cd")}
    assert all(score == 100.0 for _, _, score in found)


def test_kursiv_and_vlast_are_not_duplicates() -> None:
    assert find_duplicates(actors(("k", "Kursiv"), ("v", "Vlast"), ("o", "Orda"))) == []


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kursiv", "Курсив"),
        ("ProTenge", "Протенге"),
        ("ProTenge", "Pro Tenge"),
        ("Vlast", "Власть"),
        ("Orda", "Орда"),
        ("Jamila Maricheva", "Жамиля Маричева"),
        ("Jamila Maricheva", "Маричева Жамиля"),
        ("Daniyar Adilbekov", "Данияр Адильбеков"),
        ("Daniyar Adilbekov", "Адильбеков Данияр Серикович"),  # with patronymic
        ("Tokayev", "Тоқаев"),
        ("Zhamila Marichieva", "Jamila Maricheva"),  # typo
        ("Adil Soz", "Адилсоз"),
    ],
)
def test_pairs_found(a: str, b: str) -> None:
    assert pairs(find_duplicates(actors(("x", a), ("y", b)))) == {frozenset("xy")}


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Kursiv", "Vlast"),
        ("Azattyq", "Orda"),
        ("Daniyar Adilbekov", "Jamila Maricheva"),
        ("Aigerim Akhmetova", "Aigerim Omarova"),  # shared first name only
        ("Akimat of Almaty", "Almaty"),  # one shared word is not enough
        ("Erlan Tokayev", "Erzhan Omarov"),
        ("Erlan Tokayev", "Erzhan Tokayev"),  # one shared word: not compared, by design
    ],
)
def test_pairs_not_found(a: str, b: str) -> None:
    assert find_duplicates(actors(("x", a), ("y", b))) == []


def test_any_variant_pair_counts_and_best_score_wins() -> None:
    found = find_duplicates(
        actors(
            ("1", "Radio Liberty Kazakh service", "Азаттық"),
            ("2", "Azattyq Radiosy", "Azattyk"),
        )
    )
    assert found == [("1", "2", 100.0)]


def test_same_actor_is_never_paired_with_itself() -> None:
    assert find_duplicates(actors(("1", "Azattyq", "Азаттык", "Azattyk"))) == []


def test_result_order_and_threshold() -> None:
    data = actors(("a", "Jamila Maricheva"), ("b", "Zhamila Marichieva"), ("c", "Жамиля Маричева"))
    found = find_duplicates(data)
    assert found[0] == ("a", "c", 100.0)
    assert [s for _, _, s in found] == sorted((s for _, _, s in found), reverse=True)
    assert all(a < b for a, b, _ in found)  # key_a is listed earlier
    assert pairs(find_duplicates(data, threshold=100.0)) == {frozenset("ac")}


def test_empty_and_blank_names() -> None:
    assert find_duplicates([]) == []
    assert find_duplicates(actors(("a", ""), ("b", "  "), ("c",))) == []


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        ("azatik", "azatik", 100, 100),
        ("zhamila maricheva", "maricheva zhamila", 100, 100),
        ("daniar adilbekov", "adilbekov daniar serikovich", 90, 96),  # subset, scaled down
        ("kursiv", "vlast", 0, 40),
        ("", "x", 0, 0),
    ],
)
def test_pair_score(a: str, b: str, low: float, high: float) -> None:
    assert low <= pair_score(a, b) <= high


def _synthetic(n: int, seed: int = 7) -> tuple[list[ActorNames], set[frozenset[str]]]:
    """n actors with random Kazakh-looking names; every 50th is re-entered in Latin script."""
    rng = random.Random(seed)
    syl = [a + b for a in "кбмстжқ" for b in "аеыі"]  # syllables: ка, ке, кы, кі, ба …

    def word() -> str:
        return "".join(rng.choices(syl, k=rng.randint(2, 4))).capitalize()

    out: list[ActorNames] = []
    planted: set[frozenset[str]] = set()
    seen: set[str] = set()
    while len(out) < n:
        name = f"{word()} {word()}ов" if rng.random() < 0.7 else word()
        if match_key(name) in seen:
            continue
        seen.add(match_key(name))
        key = f"a{len(out)}"
        out.append(ActorNames(key, (name,)))
        if len(out) % 50 == 0 and len(out) < n:
            twin = f"a{len(out)}"
            out.append(ActorNames(twin, (transliterate(name).replace("Zh", "J"),)))
            planted.add(frozenset((key, twin)))
    return out, planted


@pytest.mark.slow
def test_ten_thousand_actors_in_seconds() -> None:
    data, planted = _synthetic(10_000)
    start = time.perf_counter()
    found = find_duplicates(data)
    elapsed = time.perf_counter() - start
    assert planted <= pairs(found)
    assert elapsed < 10, f"took {elapsed:.1f}s"
