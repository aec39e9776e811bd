"""The categories stage: the learned model blended with the taxonomy prior, and the prior
alone for a taxonomy nothing was learned for (another organisation's)."""

from __future__ import annotations

import pytest

from speechwatch.triage.categories import categories_stage, load_taxonomy_profile
from speechwatch.triage.context import LoadOptions
from speechwatch.triage.types import Document, Triage
from tests.triage.learnkit import context, docs, profile, tiny_items, tiny_model


def run(texts: list[str], code: str, model=None, violation: bool = True) -> list[Triage]:
    batch = [Document(key=str(i), title=t, text="") for i, t in enumerate(texts)]
    results = [
        Triage(key=d.key, violation=violation, score=0.9 if violation else 0.1) for d in batch
    ]
    categories_stage(batch, results, context(model, code))
    return results


@pytest.mark.parametrize("code", ["adilsoz-2024", "jfj", "gdf", "imi"])
def test_profile_ranks_leaves_of_every_shipped_taxonomy(code):
    prof = profile(code)
    assert prof.codes and prof.code == code
    parents = {c.rsplit(".", 1)[0] for c in prof.codes if "." in c}
    assert not parents & set(prof.codes)  # only codes without children are ranked


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Сайт издания заблокирован, доступ к порталу ограничен", "I.blocking"),
        ("Журналисту отказали в аккредитации на сессию маслихата", "I.accreditation"),
        ("Журналистке угрожали расправой в мессенджере", "R.threat"),
        ("Copyright infringement: a site reposted the outlet's photos", "R.copyright"),
    ],
)
def test_prior_alone_finds_the_code(text, expected):
    (res,) = run([text], "adilsoz-2024")
    assert expected in [c.code for c in res.codes[:3]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Unknown men beat up a reporter and threatened his life", "physical"),
        ("The news site was hacked and hit by a DDoS attack", "nonphysical"),
        ("The editor faces a lawsuit and a criminal prosecution for defamation", "judicial"),
    ],
)
def test_another_taxonomy_works_with_the_prior_alone(text, expected):
    # the learned model knows adilsoz-2024 codes only: for jfj it must be left out
    (res,) = run([text], "jfj", model=tiny_model())
    assert res.codes[0].code == expected
    assert all(c.code in profile("jfj").codes for c in res.codes)


def test_at_least_three_codes_with_evidence_in_the_text():
    (res,) = run(["Полиция задержала журналиста и изъяла камеру во время съёмки"], "adilsoz-2024")
    assert len(res.codes) >= 3
    assert [c.score for c in res.codes] == sorted((c.score for c in res.codes), reverse=True)
    text = "Полиция задержала журналиста и изъяла камеру во время съёмки"
    assert res.codes[0].evidence
    for c in res.codes:
        for ev in c.evidence:
            assert text[ev.start : ev.end] == ev.phrase


def test_unlikely_items_get_codes_without_evidence_work():
    (res,) = run(["В Актобе открылся новый каток"], "adilsoz-2024", violation=False)
    res_score = [c.evidence for c in res.codes]
    assert all(ev == () for ev in res_score)


def test_learned_model_ranks_its_training_items():
    items = [i for i in tiny_items() if i["violation"]]
    batch = docs(items)
    results = [Triage(key=d.key, violation=True, score=0.9) for d in batch]
    categories_stage(batch, results, context(tiny_model()))
    top3 = sum(
        i["codes"][0] in [c.code for c in r.codes[:3]] for i, r in zip(items, results, strict=True)
    )
    assert top3 == len(items)


def test_loader_reads_the_shipped_file_without_a_database(settings):
    assert load_taxonomy_profile(LoadOptions(use_db=False, taxonomy="gdf")).code == "gdf"
    settings.DEFAULT_TAXONOMY = "imi"
    assert load_taxonomy_profile(LoadOptions(use_db=False)).code == "imi"


def test_loader_reads_the_installed_taxonomy(installed):
    assert load_taxonomy_profile(LoadOptions(use_db=True)).code == "adilsoz-2024"
