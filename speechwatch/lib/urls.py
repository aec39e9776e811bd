"""The one rule for links a person or a file gives us: absolute http(s) only.

Used by import, the staff forms, the API and the templates, so a `javascript:` or `data:` URL can
neither be stored nor rendered as a clickable link.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

SAFE_SCHEMES = frozenset({"http", "https"})
MAX_URL_LENGTH = 2000
# Browsers drop tabs and newlines inside a URL ("java\tscript:"), so they are refused outright.
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


class UnsafeURL(ValueError):
    """The value is not an absolute http(s) URL; the message says why, for an error line."""


def check_url(value: str) -> str:
    """Return `value` stripped if it is an absolute http:// or https:// URL with a host, else raise
    UnsafeURL with a short reason."""
    text = value.strip()
    if not text:
        raise UnsafeURL("empty URL")
    if len(text) > MAX_URL_LENGTH:
        raise UnsafeURL(f"URL longer than {MAX_URL_LENGTH} characters")
    if _CONTROL.search(text):
        raise UnsafeURL("URL contains spaces or control characters")
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise UnsafeURL(f"not a URL ({exc})") from None
    if parts.scheme.lower() not in SAFE_SCHEMES:
        shown = parts.scheme or "none"
        raise UnsafeURL(f"only http and https links are allowed (scheme: {shown})")
    if not parts.hostname:
        raise UnsafeURL("URL has no host")
    return text


def is_safe_url(value: object) -> bool:
    """True when `value` is a string `check_url` accepts: templates render a link only then."""
    if not isinstance(value, str):
        return False
    try:
        check_url(value)
    except UnsafeURL:
        return False
    return True
