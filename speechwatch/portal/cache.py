"""The public response cache: anonymous GETs of portal pages, the API and exports.

A page is kept per process (a byte-bounded LRU) under its full URL, host, language and the
*publication generation*: a counter row (portal.PublicGeneration) that every write able to change
public output bumps in its own transaction. Each request reads the generation (one indexed query)
before anything else, so a page is never served after the write that changed it has committed,
on any worker (docs/operations.md, "Public response cache"). What bumps it:

- every audited action on an incident, case, event, legislation, actor, taxonomy, region set,
  import, monthly overview (publication) or read-back overview (its published figures)
  (post_save of AuditEvent; editing locks, assignments and comments are left out), and
- any ORM save or delete of the rows public pages are built from (incidents and their links,
  categories, taxonomies, regions), as a safety net for writers outside the actions.

Signed-in users never read or fill the cache. The language form's CSRF token is rendered as a
placeholder and replaced per response, so no visitor ever receives another's token.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.translation import get_language

from speechwatch.portal.models import PublicGeneration

# Rendered by {% csrf_token %} in cached pages instead of a token (views pass it as csrf_token).
CSRF_PLACEHOLDER = "csrf-placeholder-7f3e9c1b"
_CSRF_BYTES = CSRF_PLACEHOLDER.encode()

# Paths whose anonymous GET responses may be kept (everything else passes straight through).
CACHED_PATHS: tuple[str, ...] = ("/incidents/", "/api/v1/")  # not /api/v1/docs, openapi.json
CACHED_PATHS += ("/statistics/", "/map/")  # the explorer, its downloads and the region map
CACHED_PATHS += ("/feeds/",)  # Atom feeds: polled by readers, 50 whole records each
CACHED_PREFIX_EXPORT = "/export/incidents."
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")
STREAM_PIECE = 64 * 1024

# Audited object types whose changes can show on a public page; actions on them that cannot.
PUBLIC_OBJECT_TYPES = frozenset(
    {"incident", "case", "event", "legislation", "actor", "taxonomy", "region_set", "import",
     "report_month", "overview", "phrase_mapping"}  # overviews: archive, published statistics
)  # fmt: skip
PRIVATE_ACTIONS = frozenset(
    {"lock.acquire", "lock.take_over", "lock.release", "assign", "incident.comment"}
)


# --- the generation ------------------------------------------------------------------------


def generation() -> int:
    """The current publication generation (0 before the first bump)."""
    found = PublicGeneration.objects.filter(pk=1).values_list("number", flat=True).first()
    return int(found or 0)


def generation_stamp() -> tuple[int, datetime | None]:
    """The generation and when it began (None before the first bump), in one query."""
    found = PublicGeneration.objects.filter(pk=1).values_list("number", "changed_at").first()
    return (int(found[0]), found[1]) if found else (0, None)


def bump() -> None:
    """Make every cached public page stale; call inside the writing transaction."""
    now = timezone.now()
    if not PublicGeneration.objects.filter(pk=1).update(number=F("number") + 1, changed_at=now):
        PublicGeneration.objects.get_or_create(pk=1, defaults={"number": 1, "changed_at": now})


def bump_on_audit(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    public = instance.object_type in PUBLIC_OBJECT_TYPES
    if created and public and instance.action not in PRIVATE_ACTIONS:
        bump()
        from speechwatch.portal import warm

        transaction.on_commit(warm.wake)  # this process's statistics, rebuilt before a visit


def bump_on_change(sender: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):  # loaddata: fixtures are not public writes
        bump()


# --- per-process memo of small reference data (labels, lookups) -------------------------------

_memo: dict[str, tuple[int, Any]] = {}
_memo_lock = threading.Lock()


def memo(name: str, gen: int, build: Callable[[], Any]) -> Any:
    """`build()` once per process and generation (taxonomy and region labels change only with a
    bump). The value is shared between requests: treat it as read-only."""
    found = _memo.get(name)
    if found is not None and found[0] == gen:
        return found[1]
    value = build()
    with _memo_lock:
        _memo[name] = (gen, value)
    return value


def memo_held(name: str) -> tuple[int, Any] | None:
    """(generation, value) that memo() holds under ``name``, whatever its generation."""
    return _memo.get(name)


# --- provisional responses -----------------------------------------------------------------

# Set while a response is built from figures older than its generation (the statistics month
# table while its rebuild runs in the background, portal/monthtable.py). Such a response is
# served but neither kept here nor given validators (Cache-Control: no-store; the API middleware
# leaves out ETag and Last-Modified). Reset at the start of every request by the middleware.
_provisional: ContextVar[bool] = ContextVar("public_provisional", default=False)


def mark_provisional() -> None:
    _provisional.set(True)


def _mark_if_provisional(response: HttpResponseBase) -> None:
    if _provisional.get():
        response["Cache-Control"] = "no-store"


# --- the response store --------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    streaming: bool
    etag: str


class Store:
    """Thread-safe LRU bounded by the total size of the bodies it holds."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.size = 0
        self.gen = -1
        self.lock = threading.Lock()

    def get(self, key: str, gen: int) -> Entry | None:
        with self.lock:
            if gen != self.gen:  # everything older is unreachable: drop it now
                self.entries.clear()
                self.size = 0
                self.gen = gen
                return None
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key: str, gen: int, entry: Entry) -> None:
        if len(entry.body) > self.max_bytes // 4:
            return
        with self.lock:
            if gen != self.gen:  # written under a generation that has since moved on
                return
            old = self.entries.pop(key, None)
            if old is not None:
                self.size -= len(old.body)
            self.entries[key] = entry
            self.size += len(entry.body)
            while self.size > self.max_bytes and self.entries:
                _, dropped = self.entries.popitem(last=False)
                self.size -= len(dropped.body)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.size = 0
            self.gen = -1


store = Store(settings.PUBLIC_CACHE_BYTES)


def clear() -> None:
    """Empty this process's cache and memo, the statistics month table included (tests; the
    generation makes it needless otherwise)."""
    store.clear()
    with _memo_lock:
        _memo.clear()


# --- the middleware ------------------------------------------------------------------------


def cacheable(request: HttpRequest) -> bool:
    if not settings.PUBLIC_CACHE_BYTES or request.method != "GET":
        return False
    path = request.path_info
    if not (path == "/" or path.startswith(CACHED_PATHS) or path.startswith(CACHED_PREFIX_EXPORT)):
        return False
    if path.startswith("/api/v1/docs") or path.startswith("/api/v1/openapi"):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _storable(response: HttpResponseBase) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and not response.has_header("Vary")  # a view that varies on more than our key
    )


def _etag(body: bytes, gen: int) -> str:
    return f'"{gen}-{hashlib.blake2b(body, digest_size=10).hexdigest()}"'


class PublicCacheMiddleware:
    """Innermost middleware: serves and keeps anonymous public GETs (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request.csrf_placeholder = True  # type: ignore[attr-defined]  # views: csrf_context()
        _provisional.set(False)  # a worker thread's context outlives its previous request
        if not cacheable(request):
            response = self.get_response(request)
            _mark_if_provisional(response)
            _fill_csrf(request, response)
            return response
        gen = request_generation(request)  # read before the page is built: PublicGeneration
        request.public_generation = gen  # type: ignore[attr-defined]
        key = f"{get_language()}|{request.get_host()}|{request.get_full_path()}"
        entry = store.get(key, gen)
        if entry is not None:
            response = self._replay(request, entry)
            response["X-Public-Cache"] = "hit"
            return response
        response = self.get_response(request)
        _mark_if_provisional(response)
        if _storable(response):
            if response.streaming:
                assert isinstance(response, StreamingHttpResponse)
                source: Iterable[Any] = response.streaming_content  # type: ignore[assignment]
                response.streaming_content = self._tee(response, source, key, gen)
            else:
                assert isinstance(response, HttpResponse)
                self._keep(response, key, gen, response.content, streaming=False)
                if not _has_placeholder(response.content):
                    response["ETag"] = _etag(response.content, gen)
            response["X-Public-Cache"] = "miss"
        _fill_csrf(request, response)
        return response

    def _keep(
        self, response: HttpResponseBase, key: str, gen: int, body: bytes, *, streaming: bool
    ) -> None:
        headers = tuple((h, response[h]) for h in KEPT_HEADERS if response.has_header(h))
        store.put(key, gen, Entry(response.status_code, headers, body, streaming, _etag(body, gen)))

    def _tee(
        self, response: StreamingHttpResponse, source: Iterable[Any], key: str, gen: int
    ) -> Iterator[bytes]:
        """Pass the stream through; keep it only if it ran to the end within the size bound."""
        pieces: list[bytes] | None = []
        size = 0
        for piece in source:
            data = bytes(piece)
            if pieces is not None:
                size += len(data)
                if size > store.max_bytes // 4:
                    pieces = None
                else:
                    pieces.append(data)
            yield data
        if pieces is not None:
            self._keep(response, key, gen, b"".join(pieces), streaming=True)

    def _replay(self, request: HttpRequest, entry: Entry) -> HttpResponseBase:
        placeholder = _has_placeholder(entry.body)
        if not placeholder and entry.etag in _if_none_match(request):
            response: HttpResponseBase = HttpResponse(status=304)
            response["ETag"] = entry.etag
            return response
        if entry.streaming:
            response = StreamingHttpResponse(_pieces(entry.body), status=entry.status)
        else:
            body = entry.body
            if placeholder:
                body = body.replace(_CSRF_BYTES, get_token(request).encode())
            response = HttpResponse(body, status=entry.status)
        for name, value in entry.headers:
            response[name] = value
        if not placeholder:
            response["ETag"] = entry.etag
        return response


def _has_placeholder(body: bytes) -> bool:
    return _CSRF_BYTES in body


def _fill_csrf(request: HttpRequest, response: HttpResponseBase) -> None:
    if (
        isinstance(response, HttpResponse)
        and response.get("Content-Type", "").startswith("text/html")
        and _has_placeholder(response.content)
    ):
        response.content = response.content.replace(_CSRF_BYTES, get_token(request).encode())


def _if_none_match(request: HttpRequest) -> list[str]:
    header = request.META.get("HTTP_IF_NONE_MATCH", "")
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def _pieces(body: bytes) -> Iterable[bytes]:
    for start in range(0, len(body), STREAM_PIECE):
        yield body[start : start + STREAM_PIECE]


def request_generation(request: HttpRequest) -> int:
    """The generation the middleware read for this request (else read it now)."""
    found = getattr(request, "public_generation", None)
    return generation() if found is None else int(found)


def csrf_context(request: HttpRequest) -> dict[str, str]:
    """Context for a cacheable page: {% csrf_token %} renders the placeholder, which the middleware
    replaces with this visitor's token (nothing if the middleware is not installed)."""
    return {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, "csrf_placeholder", False) else {}


def connect_signals() -> None:
    """Called once from PortalConfig.ready()."""
    from django.db.models.signals import post_delete, post_save

    from speechwatch.audit.models import AuditEvent
    from speechwatch.incidents import models as im
    from speechwatch.reference.models import Region
    from speechwatch.taxonomy.models import Category, Taxonomy

    post_save.connect(bump_on_audit, sender=AuditEvent, dispatch_uid="public-cache-audit")
    watched = (
        im.Incident,
        im.IncidentCategory,
        im.IncidentActor,
        im.LegalReference,
        im.Source,
        im.IncidentTag,
        Category,
        Taxonomy,
        Region,
    )
    for model in watched:
        for signal in (post_save, post_delete):
            signal.connect(bump_on_change, sender=model, dispatch_uid=f"public-cache-{model}")
