"""All writes to actors."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from django.db import transaction

from speechwatch.actors.models import Actor
from speechwatch.audit.record import Who, changed_fields, record


def _snapshot(actor: Actor) -> dict[str, object]:
    return {
        "kind": actor.kind,
        "type": actor.type,
        "name": actor.name,
        "name_variants": list(actor.name_variants),
    }


@transaction.atomic
def create_actor(
    *,
    name: str,
    kind: str,
    type: str,
    name_variants: Sequence[str] = (),
    external_id: str = "",
    internal_notes: str = "",
    is_demo: bool = False,
    who: Who,
) -> Actor:
    actor = Actor.objects.create(
        external_id=external_id or f"actor-{uuid.uuid4().hex[:12]}",
        name=name,
        kind=kind,
        type=type,
        name_variants=list(name_variants),
        internal_notes=internal_notes,
        is_demo=is_demo,
    )
    record(who, "actor.create", "actor", actor.external_id, after=_snapshot(actor))
    return actor


@transaction.atomic
def update_actor(actor: Actor, *, who: Who, **changes: object) -> Actor:
    allowed = {"name", "kind", "type", "name_variants", "internal_notes"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {', '.join(sorted(unknown))}")
    before = _snapshot(actor)
    for key, value in changes.items():
        setattr(actor, key, value)
    actor.save()
    old, new = changed_fields(before, _snapshot(actor))
    if old or new:
        record(who, "actor.update", "actor", actor.external_id, before=old, after=new)
    return actor
