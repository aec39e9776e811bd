"""Writes of user administration (the /work/users/ pages and `speechwatch roles`): create and
invite, set roles, deactivate and reactivate, reset two-factor, re-encrypt secrets.

Each is atomic and audited. Two rules keep the organisation from locking itself out: nobody
deactivates themselves, and the last active admin keeps the admin role and stays active.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from speechwatch.audit.record import Who, record
from speechwatch.workspace import roles as R
from speechwatch.workspace.actions import ensure_role_groups
from speechwatch.workspace.models import TwoFactor


class UserInputError(ValueError):
    """Bad input for a user action: `field` names the form field, `messages` say why."""

    def __init__(self, field: str, messages: list[str]) -> None:
        super().__init__(f"{field}: {'; '.join(messages)}")
        self.field, self.messages = field, messages


def role_names(user: User) -> list[str]:
    names = set(user.groups.filter(name__in=R.ROLES).values_list("name", flat=True))
    return [r for r in R.ROLES if r in names]


def active_admins() -> list[int]:
    """Ids of active users with the admin role (superusers count as admins)."""
    query = Q(is_superuser=True) | Q(groups__name=R.ADMIN)
    return list(User.objects.filter(query, is_active=True).values_list("pk", flat=True).distinct())


def _is_admin(user: User) -> bool:
    return user.is_superuser or user.groups.filter(name=R.ADMIN).exists()


def _check_roles(roles: Iterable[str]) -> list[str]:
    wanted = list(dict.fromkeys(roles))
    unknown = [r for r in wanted if r not in R.ROLES]
    if unknown:
        raise UserInputError(
            "roles", [f"unknown role {r!r} (one of {', '.join(R.ROLES)})" for r in unknown]
        )
    return [r for r in R.ROLES if r in wanted]


def check_password(password: str, user: User) -> None:
    """AUTH_PASSWORD_VALIDATORS, as UserInputError("password", messages)."""
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise UserInputError("password", [str(m) for m in exc.messages]) from None


@transaction.atomic
def create_user(
    username: str,
    email: str,
    roles: Iterable[str],
    *,
    password: str | None = None,
    who: Who,
) -> User:
    """A new active user with `roles`. Without a password it is unusable until the user sets one
    through an invitation link (send_invite)."""
    username = (username or "").strip()
    email = (email or "").strip()
    field = User._meta.get_field("username")
    try:
        field.run_validators(username)
        if not username:
            raise ValidationError("a username is required")
    except ValidationError as exc:
        raise UserInputError("username", [str(m) for m in exc.messages]) from None
    if User.objects.filter(username__iexact=username).exists():
        raise UserInputError("username", [f"a user {username!r} exists already"])
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise UserInputError("email", [f"not an e-mail address: {email!r}"]) from None
    elif password is None:
        raise UserInputError("email", ["an invitation needs an e-mail address"])
    wanted = _check_roles(roles)
    user = User(username=username, email=email)
    if password is None:
        user.set_unusable_password()
    else:
        check_password(password, user)
        user.set_password(password)
    user.save()
    ensure_role_groups(who)
    user.groups.set(Group.objects.filter(name__in=wanted))
    record(who, "user.create", "user", username, after={"roles": wanted, "email": email})
    return user


def invite_path(user: User) -> str:
    """The set-password page for `user` (Django's password reset token: one use, expires)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return reverse("accounts:password_reset_confirm", args=[uid, token])


@transaction.atomic
def send_invite(user: User, *, base_url: str, who: Who) -> None:
    """Mail `user` a link to set their password (valid PASSWORD_RESET_TIMEOUT seconds)."""
    if not user.email:
        raise UserInputError("email", [f"{user.get_username()} has no e-mail address"])
    context = {
        "user": user,
        "link": base_url.rstrip("/") + invite_path(user),
        "organisation": settings.ORGANISATION_NAME,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    subject = render_to_string("workspace/users_invite_subject.txt", context).strip()
    body = render_to_string("workspace/users_invite_email.txt", context)
    record(who, "user.invite", "user", user.get_username())
    transaction.on_commit(lambda: send_mail(subject, body, None, [user.email]))


@transaction.atomic
def set_roles(user: User, roles: Iterable[str], *, who: Who) -> list[str]:
    wanted = _check_roles(roles)
    before = role_names(user)
    dropping_admin = R.ADMIN in before and R.ADMIN not in wanted and not user.is_superuser
    if dropping_admin and active_admins() == [user.pk]:
        raise UserInputError("roles", ["the last admin keeps the admin role"])
    if before != wanted:
        ensure_role_groups(who)
        user.groups.remove(*Group.objects.filter(name__in=R.ROLES))
        user.groups.add(*Group.objects.filter(name__in=wanted))
        record(
            who,
            "user.set_roles",
            "user",
            user.get_username(),
            before={"roles": before},
            after={"roles": wanted},
        )
    user.__dict__.pop("_speechwatch_roles", None)
    return wanted


@transaction.atomic
def set_active(user: User, active: bool, *, who: Who) -> None:
    """Deactivate (cannot sign in; history stays) or reactivate."""
    if not active:
        if who.user is not None and who.user.pk == user.pk:
            raise UserInputError("active", ["you cannot deactivate yourself"])
        if _is_admin(user) and active_admins() == [user.pk]:
            raise UserInputError("active", ["the last admin cannot be deactivated"])
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        action = "user.reactivate" if active else "user.deactivate"
        record(who, action, "user", user.get_username(), after={"active": active})


@transaction.atomic
def reset_two_factor(user: User, *, who: Who) -> bool:
    """Turn two-factor off for `user` (lost phone): they sign in with the password and may set
    it up again."""
    deleted, _ = TwoFactor.objects.filter(user=user).delete()
    if deleted:
        record(who, "user.two_factor_reset", "user", user.get_username())
    return bool(deleted)


@transaction.atomic
def reencrypt_secrets(*, who: Who) -> int:
    """Encrypt every two-factor secret again under the current key (after a key rotation)."""
    count = 0
    for row in TwoFactor.objects.select_for_update().all():
        if row.secret:
            row.save(update_fields=["secret"])
            count += 1
    record(who, "two_factor.reencrypt", "two_factor", after={"rows": count})
    return count
