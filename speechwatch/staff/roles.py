"""Roles and what each may do: pure data and functions, no ORM.

A user's roles are the names of their groups (superusers count as admin). Views ask
`can(roles, capability)`; workflow moves are checked with `may_transition`, on top of the
state machine in incidents/workflow.py (which says what is possible at all).
"""

from __future__ import annotations

from collections.abc import Iterable

from speechwatch.incidents.workflow import DRAFT, PUBLISHED, REJECTED, UNDER_REVIEW, VERIFIED

CORRESPONDENT, MONITOR, EDITOR, ADMIN = "correspondent", "monitor", "editor", "admin"
ROLES: tuple[str, ...] = (CORRESPONDENT, MONITOR, EDITOR, ADMIN)

# Capabilities, named by what they allow.
SUBMIT = "submit"  # send a report through the correspondent form
REVIEW = "review"  # see the queue, all submissions, incidents, cases, history, reporter contacts
EDIT = "edit"  # edit incidents and cases, convert/merge submissions, comment, assign, lock
PUBLISH = "publish"  # publish/unpublish incidents and cases, (later) publish reports
BREAK_LOCK = "break_lock"  # take over another person's edit lock
TWO_FACTOR = "two_factor"  # may turn on TOTP two-factor authentication
MANAGE = "manage"  # user and role administration

CAPABILITIES: dict[str, frozenset[str]] = {
    CORRESPONDENT: frozenset({SUBMIT}),
    MONITOR: frozenset({SUBMIT, REVIEW, EDIT}),
    EDITOR: frozenset({SUBMIT, REVIEW, EDIT, PUBLISH, BREAK_LOCK, TWO_FACTOR}),
    ADMIN: frozenset({SUBMIT, REVIEW, EDIT, PUBLISH, BREAK_LOCK, TWO_FACTOR, MANAGE}),
}

# Workflow moves a monitor may make; publishing and unpublishing need PUBLISH.
MONITOR_MOVES: frozenset[tuple[str, str]] = frozenset(
    {
        (DRAFT, UNDER_REVIEW),
        (DRAFT, REJECTED),
        (UNDER_REVIEW, DRAFT),
        (UNDER_REVIEW, VERIFIED),
        (UNDER_REVIEW, REJECTED),
        (VERIFIED, UNDER_REVIEW),
        (VERIFIED, REJECTED),
        (REJECTED, DRAFT),
    }
)
PUBLISHER_MOVES: frozenset[tuple[str, str]] = frozenset(
    {(VERIFIED, PUBLISHED), (PUBLISHED, VERIFIED)}
)


def normalise_roles(group_names: Iterable[str], *, is_superuser: bool = False) -> frozenset[str]:
    roles = {name for name in group_names if name in ROLES}
    if is_superuser:
        roles.add(ADMIN)
    return frozenset(roles)


def capabilities(roles: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for role in roles:
        out |= CAPABILITIES.get(role, frozenset())
    return frozenset(out)


def can(roles: Iterable[str], capability: str) -> bool:
    return capability in capabilities(roles)


def may_transition(roles: Iterable[str], current: str, target: str) -> bool:
    """Whether someone with `roles` may move an incident from `current` to `target`."""
    caps = capabilities(roles)
    if (current, target) in PUBLISHER_MOVES:
        return PUBLISH in caps
    return EDIT in caps and (current, target) in MONITOR_MOVES


def allowed_targets(roles: Iterable[str], current: str) -> list[str]:
    """Targets offered as buttons, in workflow order."""
    order = (DRAFT, UNDER_REVIEW, VERIFIED, PUBLISHED, REJECTED)
    return [t for t in order if t != current and may_transition(roles, current, t)]
