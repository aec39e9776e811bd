"""Links to existing incidents and cases: the pure decision, then the loader over stored data."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from django.utils import timezone

from speechwatch.triage.context import LoadOptions
from speechwatch.triage.links import (
    Target,
    find_links,
    link_score,
    links_stage,
    load_link_targets,
    target_features,
)
from speechwatch.triage.storyfeat import features
from speechwatch.triage.types import ActorMention, Document, Triage

DAY = date(2026, 11, 20)
FOLLOW_UP = Document(
    "news:1",
    "Суд арестовал журналиста Аскара Нурланова на два месяца",
    "Журналисту Аскару Нурланову, задержанному в Алматы после репортажа о митинге, суд избрал "
    "меру пресечения по статье 274 УК.",
    DAY,
    "ru",
)


def _item(region: str = "almaty", person: str = "Аскар Нурланов") -> tuple[Document, Triage]:
    result = Triage(
        key=FOLLOW_UP.key,
        lang="ru",
        region=region,
        legal_refs=["PC 274"],
        actors=[ActorMention(person, "person")],
    )
    return FOLLOW_UP, result


def _target(kind: str = "incident", *, region: str = "almaty", person: str = "Askar Nurlanov"):
    feat = target_features(
        f"{kind}:x",
        ["Almaty police detain journalist Askar Nurlanov after a rally report"],
        day=(DAY - timedelta(days=40)).toordinal(),
        region=region,
        event=(DAY - timedelta(days=40)).isoformat(),
        persons=[person],
        refs=["PC 274"],
        codes=["R.detention"],
    )
    return Target(kind, "inc-1" if kind == "incident" else "case-1", feat, ("case-9",))


@pytest.mark.parametrize(
    "region, person, target_region, cosine, linked",
    [
        ("almaty", "Аскар Нурланов", "almaty", 0.86, True),  # person, article, region agree
        ("almaty", "Аскар Нурланов", "almaty", None, True),  # strong signals, no embedding
        ("almaty", "Дина Серикова", "almaty", 0.9, False),  # another person
        ("karaganda", "Аскар Нурланов", "almaty", 0.9, False),  # another region
        ("almaty", "Аскар Нурланов", "almaty", 0.6, False),  # texts about something else
    ],
)
def test_link_decision_table(region, person, target_region, cosine, linked) -> None:
    doc, result = _item(region, person)
    f = features(doc, result)
    assert (link_score(f, _target(region=target_region).feat, cosine) > 0) is linked


def test_an_item_older_than_the_incident_is_no_follow_up() -> None:
    doc, result = _item()
    f = features(Document(doc.key, doc.title, doc.text, DAY - timedelta(days=90)), result)
    assert link_score(f, _target().feat, 0.95) == 0


def test_links_name_the_incident_and_its_open_case() -> None:
    doc, result = _item()
    links = find_links(features(doc, result), [_target()], None)
    assert [(lk.kind, lk.ref) for lk in links] == [("incident", "inc-1"), ("case", "case-9")]
    assert links[0].label == "follow-up of incident inc-1"
    assert links[1].label == "new stage in case case-9"


def test_loader_without_stored_data_gives_nothing() -> None:
    assert load_link_targets(LoadOptions(use_db=False)) == []


@pytest.mark.django_db
def test_stage_links_a_follow_up_to_a_stored_incident(installed) -> None:
    from speechwatch.actors.actions import create_actor
    from tests.workspace.helpers import SYSTEM, make_incident

    actor = create_actor(name="Askar Nurlanov", kind="person", type="journalist", who=SYSTEM)
    make_incident(
        1,
        recorded_on=timezone.localdate() - timedelta(days=3),
        occurred_on=timezone.localdate() - timedelta(days=4),
        occurred_precision="day",
        title={"en": "Almaty police detain journalist Askar Nurlanov after a rally report"},
        summary={"en": "He faces charges under Article 274 of the Penal Code."},
        victims=[actor.external_id],
        legal_refs=["PC 274"],
    )
    make_incident(2, external_id="inc-other", title={"en": "Newspaper fined in Karaganda"},
                  region="karaganda", recorded_on=timezone.localdate())  # fmt: skip
    make_incident(3, external_id="inc-old")  # recorded in 2024: too old to be a target
    targets = load_link_targets(LoadOptions(use_db=True))
    assert {t.ref for t in targets} == {"inc-t1", "inc-other"}
    assert all(t.feat.emb is not None and np.isclose(np.linalg.norm(t.feat.emb), 1, atol=0.01)
               for t in targets)  # fmt: skip
    doc, result = _item()
    doc = Document(doc.key, doc.title, doc.text, timezone.localdate(), "ru")
    links_stage([doc], [result], _Ctx({"link_targets": targets}))
    assert [lk.ref for lk in result.links] == ["inc-t1"]


class _Ctx:
    def __init__(self, parts: dict[str, object]) -> None:
        self.parts = parts

    def get(self, name: str) -> object:
        return self.parts.get(name)
