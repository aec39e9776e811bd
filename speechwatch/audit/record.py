"""The one helper every action calls to record a change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from speechwatch.audit.models import AuditEvent


@dataclass(frozen=True)
class Who:
    """The author of a change: a user, or a label for automated work (cli, import, demo)."""

    user: User | None = None
    label: str = ""

    @property
    def display(self) -> str:
        if self.user is not None:
            return str(self.user.get_username())
        return self.label or "system"


SYSTEM = Who(label="system")


def record(
    who: Who,
    action: str,
    object_type: str,
    object_id: object = "",
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    return AuditEvent.objects.create(
        at=timezone.now(),
        user=who.user if who.user is not None and who.user.pk else None,
        actor_label=who.display,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
        note=note,
    )


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Keep only the keys whose values differ, so audit rows show the diff, not the whole record."""
    keys = sorted(set(before) | set(after))
    diff_keys = [k for k in keys if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in diff_keys}, {k: after.get(k) for k in diff_keys}
