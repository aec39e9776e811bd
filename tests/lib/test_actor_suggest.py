"""suggest_matches: the closest existing actors to a typed name."""

import pytest

from speechwatch.actors.matching import ActorNames, suggest_matches

ACTORS = [
    ActorNames("azattyq", ("Azattyq", "Радио Азаттык")),
    ActorNames("kursiv", ("Kursiv", "Курсив")),
    ActorNames("vlast", ("Vlast", "Власть")),
    ActorNames("orda", ("Orda.kz", "Орда")),
    ActorNames("maricheva", ("Jamila Maricheva",)),
    ActorNames("adilbekov", ("Daniyar Adilbekov", "Данияр Адильбеков")),
    ActorNames("tokayev", ("Kassym-Jomart Tokayev", "Тоқаев")),
]


@pytest.mark.parametrize(
    ("name", "first"),
    [
        ("Азаттық", "azattyq"),
        ("radio azatyk", "azattyq"),
        ("Курсивъ", "kursiv"),
        ("Власть.", "vlast"),
        ("Жамиля Маричева", "maricheva"),
        ("Маричева", "maricheva"),
        ("Адильбеков Данияр", "adilbekov"),
        ("Токаев", "tokayev"),
    ],
)
def test_best_match_first(name: str, first: str) -> None:
    found = suggest_matches(name, ACTORS)
    assert found and found[0][0] == first
    assert all(0 < score <= 100 for _, score in found)


def test_scores_descend_and_limit_applies() -> None:
    found = suggest_matches("Azattyq", ACTORS, limit=2)
    assert len(found) <= 2
    assert [s for _, s in found] == sorted((s for _, s in found), reverse=True)


@pytest.mark.parametrize("name", ["", "   ", "Совершенно другое название"])
def test_nothing_close(name: str) -> None:
    assert suggest_matches(name, ACTORS) == []


def test_each_actor_once() -> None:
    keys = [k for k, _ in suggest_matches("Azattyk", ACTORS)]
    assert len(keys) == len(set(keys))


def test_empty_inputs() -> None:
    assert suggest_matches("Azattyq", []) == []
    assert suggest_matches("Azattyq", ACTORS, limit=0) == []
