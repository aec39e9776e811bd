"""Reads of submissions: open ones for the queue, a correspondent's own, keyset pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db.models import Q, QuerySet

from speechwatch.intake.models import Submission, SubmissionOutcome

PAGE_SIZE = 50


def open_submissions() -> QuerySet[Submission]:
    """Submissions nobody has decided on yet."""
    return Submission.objects.filter(outcome__isnull=True)


def visible_submissions(user_id: int, *, staff: bool) -> QuerySet[Submission]:
    """Staff see every submission; a correspondent only their own."""
    qs = Submission.objects.all()
    return qs if staff else qs.filter(reporter__user_id=user_id)


@dataclass
class SubmissionPage:
    submissions: list[Submission]
    next_cursor: str | None


def _encode(at: datetime, pk: int) -> str:
    return f"{at.isoformat()}_{pk}"


def _decode(cursor: str) -> tuple[datetime, int]:
    from speechwatch.incidents.queries import BadCursor

    try:
        stamp, pk = cursor.rsplit("_", 1)
        at = datetime.fromisoformat(stamp)
        if at.tzinfo is None:
            raise ValueError(stamp)
        at.astimezone(UTC)  # year 1 or 9999 with an offset overflows here, not in the driver
        number = int(pk)
        if not 0 <= number < 2**63:  # beyond a 64-bit id column
            raise ValueError(pk)
        return at, number
    except (ValueError, OverflowError):
        raise BadCursor(f"bad cursor {cursor[:40]!r}") from None


def submission_page(
    qs: QuerySet[Submission], cursor: str | None, limit: int = PAGE_SIZE
) -> SubmissionPage:
    """Newest first by (created_at, id); two queries per page."""
    qs = qs.order_by("-created_at", "-id").select_related("region", "outcome", "outcome__incident")
    if cursor:
        at, pk = _decode(cursor)
        qs = qs.filter(Q(created_at__lt=at) | Q(created_at=at, id__lt=pk))
    rows = list(qs[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return SubmissionPage(rows, _encode(rows[-1].created_at, rows[-1].pk) if more else None)


def outcome_of(submission: Submission) -> SubmissionOutcome | None:
    return (
        SubmissionOutcome.objects.filter(submission=submission).select_related("incident").first()
    )
