"""Time-based one-time passwords (RFC 6238 over RFC 4226 HOTP), standard library only.

Authenticator apps use SHA-1, 6 digits and a 30-second step; those are the defaults here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

STEP = 30
DIGITS = 6


def new_secret(n_bytes: int = 20) -> str:
    """A random base32 secret (160 bits, as RFC 4226 recommends), without padding."""
    return base64.b32encode(secrets.token_bytes(n_bytes)).decode("ascii").rstrip("=")


def _key(secret: str) -> bytes:
    s = secret.replace(" ", "").upper()
    return base64.b32decode(s + "=" * (-len(s) % 8))


def hotp(key: bytes, counter: int, digits: int = DIGITS, digest: str = "sha1") -> str:
    mac = hmac.new(key, struct.pack(">Q", counter), getattr(hashlib, digest)).digest()
    offset = mac[-1] & 0x0F
    code = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(code % 10**digits).zfill(digits)


def time_step(unix_time: float, step: int = STEP) -> int:
    return int(unix_time // step)


def totp(secret: str, unix_time: float, digits: int = DIGITS, step: int = STEP) -> str:
    return hotp(_key(secret), time_step(unix_time, step), digits)


def verify(
    secret: str, code: str, unix_time: float, *, window: int = 1, last_step: int | None = None
) -> int | None:
    """The matching time step for `code` (±`window` steps for clock drift), or None.

    A step at or before `last_step` is refused so one code cannot be used twice."""
    code = (code or "").strip().replace(" ", "")
    if not code.isdigit() or len(code) != DIGITS:
        return None
    key = _key(secret)
    now = time_step(unix_time)
    for candidate in range(now - window, now + window + 1):
        if last_step is not None and candidate <= last_step:
            continue
        if hmac.compare_digest(hotp(key, candidate), code):
            return candidate
    return None


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """otpauth:// URI that authenticator apps accept (typed in or turned into a QR code)."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": STEP}
    )
    return f"otpauth://totp/{label}?{query}"
