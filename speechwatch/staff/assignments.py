"""Reads of assignments (writes: workspace/actions.py `assign`, which checks the target)."""

from __future__ import annotations

from speechwatch.staff.models import Assignment


def assignment_of(object_type: str, object_id: str) -> Assignment | None:
    """The assignment of one record, with its user, or None."""
    return (
        Assignment.objects.filter(object_type=object_type, object_id=object_id)
        .select_related("user")
        .first()
    )
