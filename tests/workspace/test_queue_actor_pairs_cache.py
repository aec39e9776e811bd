"""Probable duplicate actors are cached under the actors' own fingerprint: the first queue view
after an incident write does not compare every name with every other again (issue 13, item 4)."""

from __future__ import annotations

from speechwatch.actors.actions import create_actor, update_actor
from speechwatch.actors.models import Actor
from speechwatch.incidents.actions import change_status
from speechwatch.workspace.queries import duplicate_actor_pairs, queue_counts
from tests.workspace.helpers import SYSTEM, make_incident


def test_an_incident_write_keeps_the_actor_pairs(users, django_assert_max_num_queries) -> None:
    create_actor(name="Ерлан Асқаров", kind="person", type="journalist", who=SYSTEM)
    create_actor(name="Yerlan Askarov", kind="person", type="journalist", who=SYSTEM)
    pairs = duplicate_actor_pairs()
    incident = make_incident(1)
    change_status(incident, "under_review", who=SYSTEM)
    with django_assert_max_num_queries(1):  # only the actors' fingerprint is read
        assert duplicate_actor_pairs() == pairs
    assert queue_counts()["duplicates"] == len(pairs)


def test_actor_changes_are_seen(users) -> None:
    first = create_actor(name="Ерлан Асқаров", kind="person", type="journalist", who=SYSTEM)
    assert duplicate_actor_pairs() == []
    create_actor(name="Yerlan Askarov", kind="person", type="journalist", who=SYSTEM)
    assert len(duplicate_actor_pairs()) == 1 and queue_counts()["duplicates"] == 1
    update_actor(first, name="Гүлнар Бекова", who=SYSTEM)
    assert duplicate_actor_pairs() == [] and queue_counts()["duplicates"] == 0
    Actor.objects.filter(pk=first.pk).update(name="Ерлан Асқаров")  # a bulk write, no event
    Actor.objects.filter(pk=first.pk).delete()
    assert duplicate_actor_pairs() == []
