"""Sign-in lockouts with django-axes: the callables settings.py names, and a tiered handler.

Three counters, all within LOGIN_FAILURE_WINDOW (AXES_LOCKOUT_PARAMETERS, in this order):
one account from one address (LOGIN_FAILURE_LIMIT), one account from any address
(LOGIN_ACCOUNT_FAILURE_LIMIT) and one address against any account (LOGIN_ADDRESS_FAILURE_LIMIT).
Axes itself knows one limit only, so the handler reports "at the limit" when any tier is full.

The username is counted as Django compares it (NFKC) and casefolded, so `ｄemo-monitor` and
`Demo-Monitor` share `demo-monitor`'s counters. The address is stored as a keyed hash shaped
like a private IPv6 address: limits work without keeping visitors' addresses.
"""

from __future__ import annotations

import hashlib
import ipaddress
import unicodedata
from datetime import timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# Moved to staff/throttle.py (the report form limits by address too); re-exported.
from speechwatch.staff.throttle import forwarded_addr as forwarded_addr
from speechwatch.staff.throttle import remote_addr as remote_addr

USERNAME_MAX = 150


def normalise_username(raw: object) -> str:
    """The key a typed username is counted under: NFKC (as Django authenticates) + casefold."""
    text = raw if isinstance(raw, str) else ""
    return unicodedata.normalize("NFKC", text).strip().casefold()[:USERNAME_MAX]


def username_key(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        raw = request.POST.get("username")
    return normalise_username(raw)


def client_ip(request: HttpRequest) -> str:
    """A stand-in address for axes: a keyed hash of REMOTE_ADDR in fd00::/8."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{remote_addr(request)}".encode()).digest()
    return str(ipaddress.IPv6Address(b"\xfd" + digest[:15]))


def failure_limit(request: HttpRequest | None = None, credentials: Any = None) -> int:
    return max(1, int(settings.LOGIN_FAILURE_LIMIT))


def cool_off(request: HttpRequest | None = None) -> timedelta:
    return timedelta(seconds=int(settings.LOGIN_FAILURE_WINDOW))


def lockout_minutes() -> int:
    return max(1, int(settings.LOGIN_FAILURE_WINDOW) // 60)


def tier_limits() -> tuple[int, int, int]:
    return (
        failure_limit(),
        max(1, int(settings.LOGIN_ACCOUNT_FAILURE_LIMIT)),
        max(1, int(settings.LOGIN_ADDRESS_FAILURE_LIMIT)),
    )


def over_limit(counts: list[int], limits: tuple[int, ...]) -> bool:
    """Whether any tier's count reached its limit (pure; table-tested)."""
    return any(count >= limit for count, limit in zip(counts, limits, strict=False))


class TieredAxesHandler(AxesDatabaseHandler):  # type: ignore[misc]
    """Axes' database handler with a limit per tier, and a reset that is narrow on success."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        counts = [
            int(qs.aggregate(n=Sum("failures_since_start"))["n"] or 0)
            for qs in self.get_user_attempts(request, credentials)
        ]
        pair = counts[0] if counts else 0
        if over_limit(counts, tier_limits()):
            return max(pair, failure_limit())
        return pair

    def reset_user_attempts(
        self, request: HttpRequest, credentials: dict[str, Any] | None = None
    ) -> int:
        """A success clears this account-from-this-address only: not the account's failures from
        other addresses, nor this address's failures against other accounts."""
        attempts = self.filter_user_attempts(request, credentials)
        if not attempts:
            return 0
        deleted, _ = attempts[0].delete()
        return int(deleted)


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """Our sign-in page with the lockout message, status 429 (axes calls this)."""
    from speechwatch.workspace.accounts import ThrottledLoginForm

    form = ThrottledLoginForm(request, initial={"username": request.POST.get("username", "")[:150]})
    message = _("Too many failed sign-in attempts. Wait %(minutes)d minutes and try again.") % {
        "minutes": lockout_minutes()
    }
    context = {"form": form, "lockout_message": message, "next": request.POST.get("next", "")}
    return render(request, "workspace/auth/login.html", context, status=429)
