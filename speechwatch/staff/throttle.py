"""Rate limits: fixed-window counters in the database (Throttle) keyed by a hashed address.

Not audited: they are rate-limiting state, not records, and auditing every failed attempt
would let an attacker flood the audit log. Used by the public report form (intake/) and the
sign-in pages (workspace/accounts.py).
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from speechwatch.staff.models import Throttle


def forwarded_addr(remote: str, forwarded_for: str, trusted_proxies: int) -> str:
    """The client address: REMOTE_ADDR, or with `trusted_proxies` proxies in front the address
    the outermost of them appended to X-Forwarded-For (counting from the right: what a client
    puts at the left is forgeable). Pure; table-tested."""
    if trusted_proxies <= 0:
        return remote
    chain = [part.strip() for part in forwarded_for.split(",") if part.strip()]
    return chain[-trusted_proxies] if len(chain) >= trusted_proxies else remote


def remote_addr(request: HttpRequest) -> str:
    """The client address per SPEECHWATCH_TRUSTED_PROXIES (0: REMOTE_ADDR only)."""
    return forwarded_addr(
        str(request.META.get("REMOTE_ADDR", "")),
        str(request.META.get("HTTP_X_FORWARDED_FOR", "")),
        int(getattr(settings, "TRUSTED_PROXY_COUNT", 0)),
    )


def ip_key(request: HttpRequest) -> str:
    """A keyed hash of the client address: limits work without storing addresses."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{remote_addr(request)}".encode()).hexdigest()
    return digest[:32]


def _window(key: str, window: int, now: datetime) -> Throttle:
    row, _ = Throttle.objects.select_for_update().get_or_create(
        key=key, defaults={"window_start": now, "count": 0}
    )
    if now - row.window_start >= timedelta(seconds=window):
        row.window_start, row.count = now, 0
    return row


@transaction.atomic
def throttle_hit(key: str, *, limit: int, window: int, now: datetime | None = None) -> bool:
    """Count one event; False when this event is over `limit` within the window."""
    now = now or timezone.now()
    row = _window(key, window, now)
    row.count += 1
    row.save()
    return row.count <= limit


def throttle_blocked(key: str, *, limit: int, window: int, now: datetime | None = None) -> bool:
    """Whether `key` has already used up its window (no counting)."""
    now = now or timezone.now()
    row = Throttle.objects.filter(key=key).first()
    if row is None or now - row.window_start >= timedelta(seconds=window):
        return False
    return row.count >= limit


@transaction.atomic
def throttle_reset(key: str) -> None:
    Throttle.objects.filter(key=key).delete()
