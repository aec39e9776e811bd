"""Writes of the staff workspace: roles, locks, assignments, comments, two-factor, throttles.

Each action is atomic and audited, except the throttle counters: they are rate-limiting state,
not records, and auditing every failed login would let an attacker flood the audit log.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.utils import timezone

from speechwatch.audit.record import Who, record
from speechwatch.cases.actions import claim as claim_case
from speechwatch.cases.models import Case
from speechwatch.incidents.models import Incident
from speechwatch.incidents.versioning import claim_version
from speechwatch.intake.models import Submission
from speechwatch.staff import roles as R
from speechwatch.staff.models import Assignment
from speechwatch.staff.throttle import throttle_blocked as throttle_blocked  # re-exported
from speechwatch.staff.throttle import throttle_hit as throttle_hit
from speechwatch.staff.throttle import throttle_reset as throttle_reset
from speechwatch.workspace import totp
from speechwatch.workspace.models import Comment, EditLock, TwoFactor

LOCKABLE = ("incident", "submission", "case")
ROLES_CLI = Who(label="roles")
DEMO = Who(label="demo")


# --- roles -----------------------------------------------------------------------------------


@transaction.atomic
def ensure_role_groups(who: Who = ROLES_CLI) -> list[str]:
    """Create the role groups that do not exist yet; returns the names created."""
    created = [name for name in R.ROLES if Group.objects.get_or_create(name=name)[1]]
    if created:
        record(who, "roles.init", "group", after={"created": created})
    return created


@transaction.atomic
def grant_role(user: User, role: str, *, who: Who) -> None:
    if role not in R.ROLES:
        raise ValueError(f"role: unknown role {role!r} (one of {', '.join(R.ROLES)})")
    ensure_role_groups(who)
    user.groups.add(Group.objects.get(name=role))
    record(who, "user.grant_role", "user", user.get_username(), after={"role": role})


DEMO_PASSWORD = "speechwatch-demo"


@transaction.atomic
def create_demo_users(password: str = DEMO_PASSWORD, who: Who = DEMO) -> list[User]:
    """One user per role (demo-correspondent, demo-monitor, demo-editor, demo-admin).

    For the demo only: the password is public. Existing users keep their password."""
    ensure_role_groups(who)
    users = []
    for role in R.ROLES:
        username = f"demo-{role}"
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.org"}
        )
        if created:
            user.set_password(password)
            user.is_staff = role == R.ADMIN  # admin may use the Django admin site too
            user.save()
            record(who, "user.create", "user", username, after={"role": role})
        user.groups.add(Group.objects.get(name=role))
        users.append(user)
    return users


# --- throttles: staff/throttle.py (re-exported for the sign-in pages) -------------------------


# --- edit locks and assignments ----------------------------------------------------------------


@dataclass(frozen=True)
class LockState:
    ok: bool
    holder: str  # username of whoever holds the lock now
    expires_at: datetime | None


@transaction.atomic
def acquire_lock(
    object_type: str,
    object_id: str,
    user: User,
    *,
    force: bool = False,
    now: datetime | None = None,
) -> LockState:
    """Take or renew the edit lock; refused while someone else holds an unexpired one unless
    `force` (taking over, for editors — audited)."""
    if object_type not in LOCKABLE:
        raise ValueError(f"object_type: cannot lock {object_type!r}")
    now = now or timezone.now()
    expires = now + timedelta(seconds=settings.EDIT_LOCK_SECONDS)
    lock = (
        EditLock.objects.select_for_update()
        .select_related("user")
        .filter(object_type=object_type, object_id=object_id)
        .first()
    )
    if lock is not None and lock.user_id != user.pk and lock.expires_at > now and not force:
        return LockState(False, lock.user.get_username(), lock.expires_at)
    if lock is None:
        try:
            with transaction.atomic():
                lock = EditLock.objects.create(
                    object_type=object_type,
                    object_id=object_id,
                    user=user,
                    acquired_at=now,
                    expires_at=expires,
                )
        except IntegrityError:  # someone else took it in between
            held = EditLock.objects.select_related("user").get(
                object_type=object_type, object_id=object_id
            )
            return LockState(False, held.user.get_username(), held.expires_at)
        record(Who(user=user), "lock.acquire", object_type, object_id)
    else:
        previous = lock.user.get_username()
        taken_over = lock.user_id != user.pk and lock.expires_at > now
        if lock.user_id != user.pk:
            lock.user, lock.acquired_at = user, now
        lock.expires_at = expires
        lock.save()
        if taken_over:
            record(
                Who(user=user), "lock.take_over", object_type, object_id, before={"user": previous}
            )
    return LockState(True, user.get_username(), expires)


@transaction.atomic
def release_lock(object_type: str, object_id: str, user: User) -> bool:
    deleted, _ = EditLock.objects.filter(
        object_type=object_type, object_id=object_id, user=user
    ).delete()
    if deleted:
        record(Who(user=user), "lock.release", object_type, object_id)
    return bool(deleted)


def lock_holder(object_type: str, object_id: str, now: datetime | None = None) -> EditLock | None:
    now = now or timezone.now()
    return (
        EditLock.objects.select_related("user")
        .filter(object_type=object_type, object_id=object_id, expires_at__gt=now)
        .first()
    )


@transaction.atomic
def assign(
    object_type: str,
    object_id: str,
    user: User | None,
    *,
    who: Who,
    expected_version: int | None = None,
) -> None:
    """Make `user` responsible for the record (None: unassign). A submission's assignment is
    part of its staff state: its version goes up, and a stale `expected_version` is refused."""
    if object_type not in LOCKABLE:
        raise ValueError(f"object_type: cannot assign {object_type!r}")
    if object_type == "submission":
        pk = Submission.objects.values_list("pk", flat=True).get(external_id=object_id)
        claim_version(
            Submission, pk, expected_version, object_type=object_type, object_id=object_id
        )
    current = Assignment.objects.filter(object_type=object_type, object_id=object_id).first()
    before = {"user": current.user.get_username()} if current else {"user": None}
    if user is None:
        if current:
            current.delete()
    else:
        Assignment.objects.update_or_create(
            object_type=object_type,
            object_id=object_id,
            defaults={"user": user, "assigned_by": who.user, "at": timezone.now()},
        )
    after = {"user": user.get_username() if user else None}
    if before != after:
        record(who, "assign", object_type, object_id, before=before, after=after)


# --- comments, cases -------------------------------------------------------------------------


@transaction.atomic
def add_comment(incident: Incident, text: str, *, who: Who) -> Comment:
    text = (text or "").strip()
    if not text:
        raise ValueError("text: a comment cannot be empty")
    if len(text) > 10_000:
        raise ValueError("text: a comment is limited to 10000 characters")
    comment = Comment.objects.create(
        incident=incident, author=who.user, text=text, created_at=timezone.now()
    )
    record(who, "incident.comment", "incident", incident.external_id, after={"comment": comment.pk})
    return comment


@transaction.atomic
def set_case_published(
    case: Case, published: bool, *, who: Who, expected_version: int | None = None
) -> Case:
    claim_case(case, expected_version)  # the version check (lib/conflicts.py)
    case.published = Case.objects.values_list("published", flat=True).get(pk=case.pk)
    if case.published != published:
        before = {"published": case.published}
        case.published = published
        case.save(update_fields=["published", "updated_at"])
        record(
            who,
            "case.publish",
            "case",
            case.external_id,
            before=before,
            after={"published": published},
        )
    return case


# --- two-factor ------------------------------------------------------------------------------


@transaction.atomic
def start_two_factor(user: User) -> TwoFactor:
    """A fresh unconfirmed secret (replacing an unconfirmed one); confirmed setups stay."""
    row, created = TwoFactor.objects.get_or_create(
        user=user, defaults={"secret": totp.new_secret()}
    )
    if not created and row.confirmed_at is None:
        row.secret = totp.new_secret()
        row.save()
    return row


@transaction.atomic
def confirm_two_factor(user: User, code: str, now: float | None = None) -> bool:
    row = TwoFactor.objects.select_for_update().filter(user=user).first()
    if row is None or row.confirmed_at is not None:
        return False
    step = totp.verify(row.secret, code, time.time() if now is None else now)
    if step is None:
        return False
    row.confirmed_at, row.last_step = timezone.now(), step
    row.save()
    record(Who(user=user), "user.two_factor_on", "user", user.get_username())
    return True


@transaction.atomic
def verify_two_factor(user: User, code: str, now: float | None = None) -> bool:
    """Check a login code; a code (time step) is accepted once only."""
    row = (
        TwoFactor.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    )
    if row is None:
        return False
    step = totp.verify(
        row.secret, code, time.time() if now is None else now, last_step=row.last_step
    )
    if step is None:
        return False
    row.last_step = step
    row.save(update_fields=["last_step"])
    return True


@transaction.atomic
def disable_two_factor(user: User, *, who: Who) -> None:
    deleted, _ = TwoFactor.objects.filter(user=user).delete()
    if deleted:
        record(who, "user.two_factor_off", "user", user.get_username())


def two_factor_enabled(user: User) -> bool:
    return TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).exists()
