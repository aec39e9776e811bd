"""What every /api/v1/ request goes through: CORS, a per-address rate limit, conditional GETs.

- CORS: the API is public, read-only and without credentials, so every response carries
  `Access-Control-Allow-Origin: *` and a preflight (OPTIONS) is answered here with 204.
- Rate limit (SPEECHWATCH_API_RATE, "120/min"): fixed windows counted per client address (the
  address as the sign-in limits read it: staff/throttle.remote_addr, SPEECHWATCH_TRUSTED_PROXIES)
  in this worker process: a read must not cost a database write. Over the limit: 429 with
  Retry-After.
- ETag / Last-Modified: every public answer is a function of the URL, the code and the
  publication generation (portal/cache.py), so the validators come from the generation and the
  304 is decided before any view runs. The response cache behind (PublicCacheMiddleware) still
  keeps the bodies.
- HEAD is answered as GET without the body; errors from outside the API's views (the plain-text
  400 of core/request_guard for a NUL in the address, Django's 404 for an unknown path, 405) are
  turned into the API's JSON shape.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.http import http_date, parse_http_date_safe

from speechwatch.portal.cache import generation_stamp
from speechwatch.staff.throttle import remote_addr

PREFIX = "/api/v1/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, If-None-Match, If-Modified-Since"
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining"
PREFLIGHT_MAX_AGE = "86400"
# Clients revalidate every time (a publication or an unpublication shows at once); the 304 is cheap.
CACHE_CONTROL = "public, no-cache"

_UNITS = {"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600,
          "hour": 3600, "d": 86400, "day": 86400}  # fmt: skip


@lru_cache(maxsize=8)
def parse_rate(text: str) -> tuple[int, int] | None:
    """ "120/min" -> (120, 60); "", "0" or "off" -> None (no limit). ValueError otherwise."""
    value = text.strip().lower()
    if value in ("", "0", "off", "none"):
        return None
    m = re.fullmatch(r"([0-9]+)\s*/\s*([0-9]*)\s*([a-z]+)", value)
    if m is None or m[3] not in _UNITS or int(m[1]) < 1:
        raise ValueError(f"SPEECHWATCH_API_RATE: {text!r} is not a rate such as 120/min")
    return int(m[1]), int(m[2] or 1) * _UNITS[m[3]]


@dataclass
class Windows:
    """Fixed-window counters per key for the current window only (older ones are dropped)."""

    index: int = -1
    counts: dict[str, int] | None = None

    def __post_init__(self) -> None:
        self.lock = threading.Lock()
        self.counts = {}

    def hit(self, key: str, limit: int, window: int, now: float) -> tuple[bool, int, int]:
        """Count one request: (allowed, remaining, seconds until the window ends)."""
        index = int(now // window)
        with self.lock:
            if index != self.index or self.counts is None:
                self.index, self.counts = index, {}
            count = self.counts.get(key, 0) + 1
            self.counts[key] = count
        retry = max(1, math.ceil((index + 1) * window - now))
        return count <= limit, max(0, limit - count), retry

    def clear(self) -> None:
        with self.lock:
            self.index, self.counts = -1, {}


windows = Windows()


@lru_cache(maxsize=1)
def api_fingerprint() -> str:
    """Changes when the API's code does (its OpenAPI document): a deploy is a new validator."""
    from speechwatch import __version__
    from speechwatch.portal.api import api

    text = f"{__version__}|{api.get_openapi_schema()}"
    return hashlib.blake2b(text.encode(), digest_size=6).hexdigest()


def etag_for(request: HttpRequest, number: int) -> str:
    # Runs before LocaleMiddleware: the language's inputs, not its outcome, go into the key.
    accept = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    key = f"{api_fingerprint()}|{accept}|{cookie}|{request.get_full_path()}"
    return f'"g{number}-{hashlib.blake2b(key.encode(), digest_size=8).hexdigest()}"'


def _tags(header: str) -> set[str]:
    return {t.strip().removeprefix("W/") for t in header.split(",") if t.strip()}


def not_modified(request: HttpRequest, etag: str, changed: datetime | None) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present, else If-Modified-Since."""
    inm = request.META.get("HTTP_IF_NONE_MATCH")
    if inm is not None:
        tags = _tags(inm)
        return "*" in tags or etag in tags
    ims = request.META.get("HTTP_IF_MODIFIED_SINCE")
    if ims is None or changed is None:
        return False
    since = parse_http_date_safe(ims)
    return since is not None and int(changed.timestamp()) <= since


def _cors(response: HttpResponseBase) -> HttpResponseBase:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
    return response


def _json_error(response: HttpResponseBase) -> HttpResponseBase:
    """Errors from outside the API's views (an unknown path, a refused method) in its shape."""
    if response.status_code < 400 or response.get("Content-Type", "").startswith(
        "application/json"
    ):
        return response
    detail = response.reason_phrase.lower()
    if response.get("Content-Type", "").startswith("text/plain") and isinstance(
        response, HttpResponse
    ):
        detail = response.content.decode("utf-8", "replace")[:300] or detail
    out = JsonResponse({"detail": detail}, status=response.status_code)
    for name in ("Allow", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining"):
        if response.has_header(name):
            out[name] = response[name]
    return out


def _preflight(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(status=204)
    response["Allow"] = ALLOWED_METHODS
    if request.META.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD"):
        response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
        response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
        response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response


class ApiMiddleware:
    """See the module docstring. Placed before RejectNulMiddleware and the response cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        return _cors(_json_error(self._answer(request)))

    def _answer(self, request: HttpRequest) -> HttpResponseBase:
        if request.method == "OPTIONS":
            return _preflight(request)
        limited = self._limit(request)
        if limited is not None:
            return limited
        head = request.method == "HEAD"
        if head:
            request.method = "GET"  # the same answer, without its body (below)
        if request.method != "GET":
            return self._with_rate(request, self.get_response(request))
        number, changed = generation_stamp()
        request.public_generation = number  # type: ignore[attr-defined]  # cache: same number
        etag = etag_for(request, number)
        if not_modified(request, etag, changed):
            response: HttpResponseBase = HttpResponse(status=304)
        else:
            response = self.get_response(request)
        # A provisional answer (portal/cache.py: figures from before the generation) gets none.
        provisional = "no-store" in response.get("Cache-Control", "")
        if response.status_code in (200, 304) and not provisional:
            response["ETag"] = etag
            if changed is not None:
                response["Last-Modified"] = http_date(changed.timestamp())
            response["Cache-Control"] = CACHE_CONTROL
        if head and isinstance(response, HttpResponse):
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return self._with_rate(request, response)

    def _limit(self, request: HttpRequest) -> HttpResponseBase | None:
        rate = parse_rate(getattr(settings, "API_RATE", ""))
        if rate is None:
            return None
        limit, window = rate
        allowed, remaining, retry = windows.hit(remote_addr(request), limit, window, time.time())
        request.api_rate = (limit, remaining)  # type: ignore[attr-defined]
        if allowed:
            return None
        response = JsonResponse(
            {"detail": f"too many requests: at most {limit} per {window} s from one address"},
            status=429,
        )
        response["Retry-After"] = str(retry)
        return self._with_rate(request, response)

    @staticmethod
    def _with_rate(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        found = getattr(request, "api_rate", None)
        if found is not None:
            response["X-RateLimit-Limit"] = str(found[0])
            response["X-RateLimit-Remaining"] = str(found[1])
        return response
