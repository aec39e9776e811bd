"""The incident review workflow as a pure state machine.

draft → under_review → verified → published; any unpublished state → rejected; steps back are
allowed (reopen, unpublish) so mistakes can be corrected without editing the database by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

DRAFT, UNDER_REVIEW, VERIFIED, PUBLISHED, REJECTED = (
    "draft",
    "under_review",
    "verified",
    "published",
    "rejected",
)

TRANSITIONS: dict[str, frozenset[str]] = {
    DRAFT: frozenset({UNDER_REVIEW, REJECTED}),
    UNDER_REVIEW: frozenset({DRAFT, VERIFIED, REJECTED}),
    VERIFIED: frozenset({UNDER_REVIEW, PUBLISHED, REJECTED}),
    PUBLISHED: frozenset({VERIFIED}),
    REJECTED: frozenset({DRAFT}),
}


@dataclass(frozen=True)
class Readiness:
    """What the target state needs to know about the incident."""

    has_category: bool
    has_region: bool
    has_source: bool


class TransitionError(ValueError):
    pass


def check_transition(current: str, target: str, ready: Readiness) -> None:
    """Raise TransitionError naming why `current → target` is not allowed."""
    if target not in TRANSITIONS:
        raise TransitionError(f"unknown status {target!r}")
    if target not in TRANSITIONS.get(current, frozenset()):
        raise TransitionError(f"cannot go from {current} to {target}")
    if target in (VERIFIED, PUBLISHED):
        missing = [
            name
            for name, ok in (
                ("a category", ready.has_category),
                ("a region", ready.has_region),
                ("a source", ready.has_source),
            )
            if not ok
        ]
        if missing:
            raise TransitionError(f"{target} needs " + ", ".join(missing))
