"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP) with pyotp.

Authenticator apps use SHA-1, 6 digits and a 30-second step; those are the defaults here. What
pyotp does not do is kept here: the ±1 step drift window with refusal of an already used step
(`last_step`), so a code cannot be replayed.
"""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import quote, urlencode

import pyotp
from pyotp.utils import strings_equal

STEP = 30
DIGITS = 6


def new_secret(n_bytes: int = 20) -> str:
    """A random base32 secret (160 bits, as RFC 4226 recommends), without padding."""
    return pyotp.random_base32(length=(n_bytes * 8 + 4) // 5)


def _clean(secret: str) -> str:
    s = secret.replace(" ", "").upper()
    return s + "=" * (-len(s) % 8)


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    secret = base64.b32encode(key).decode("ascii")
    return str(pyotp.HOTP(secret, digits=digits, digest=getattr(hashlib, digest)).at(counter))


def time_step(unix_time: float, step: int = STEP) -> int:
    return int(unix_time // step)


def _totp(secret: str, digits: int = DIGITS, step: int = STEP) -> pyotp.TOTP:
    return pyotp.TOTP(_clean(secret), digits=digits, interval=step)


def totp(secret: str, unix_time: float, digits: int = DIGITS, step: int = STEP) -> str:
    return str(_totp(secret, digits, step).at(unix_time))


def verify(
    secret: str, code: str, unix_time: float, *, window: int = 1, last_step: int | None = None
) -> int | None:
    """The matching time step for `code` (±`window` steps for clock drift), or None.

    A step at or before `last_step` is refused so one code cannot be used twice."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != DIGITS or not secret:
        return None
    otp = _totp(secret)
    now = time_step(unix_time)
    for candidate in range(now - window, now + window + 1):
        if last_step is not None and candidate <= last_step:
            continue
        if strings_equal(str(otp.generate_otp(candidate)), code):
            return candidate
    return None


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """otpauth:// URI that authenticator apps accept (typed in or turned into a QR code).

    Built here rather than with pyotp's, which leaves out digits and period when they are the
    defaults; some apps want them spelled out."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP}
    )
    return f"otpauth://totp/{label}?{query}"
