"""The one HTTP client of the news fetcher (stdlib only, no Django).

Timeouts, a size cap, gzip, at most 5 redirects, conditional GET, robots.txt, per-host
politeness, retries with backoff on timeouts and 5xx, and an SSRF guard: every address a host
resolves to is checked, and the connection goes to the checked address (no second DNS answer).
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib import robotparser
from urllib.parse import urljoin, urlsplit

from speechwatch.news.parsed import FetchError

TEXT_TYPES = (
    "text/",
    "application/xml",
    "application/rss",
    "application/atom",
    "application/xhtml",
    "application/json",
    "application/rdf",
    "application/x-rss",
)
REDIRECTS = {301, 302, 303, 307, 308}
ROBOTS_TTL = 3600.0


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    wire_bytes: int = 0

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset":
                return value.strip("\"' ").lower()
        return ""


def address_allowed(ip: str, allow_private: bool) -> bool:
    addr = ipaddress.ip_address(ip.split("%")[0])
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
        addr = addr.ipv4_mapped
    if allow_private:
        return not addr.is_multicast and not addr.is_unspecified
    return addr.is_global and not (
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_multicast
        or addr.is_reserved
        or addr.is_unspecified
    )


Resolver = Callable[[str, int], list[str]]


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _connect(ips: list[str], port: int, timeout: float | None) -> socket.socket:
    """The first checked address that answers (e.g. IPv4 when ::1 is not listened on)."""
    error: OSError | None = None
    for ip in ips:
        try:
            return socket.create_connection((ip, port), timeout)
        except OSError as exc:
            error = exc
    raise error or ConnectionError("no address")


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, ips: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ips = ips

    def connect(self) -> None:
        self.sock = _connect(self._ips, self.port, self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, ips: list[str], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ips = ips

    def connect(self) -> None:
        sock = _connect(self._ips, self.port, self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


@dataclass
class Client:
    user_agent: str = "SpeechWatch"
    timeout: float = 15.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    politeness: float = 1.0  # seconds between two requests to one host
    retries: int = 2
    backoff: float = 1.0
    allow_private: bool = False
    respect_robots: bool = True
    resolver: Resolver = system_resolver
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, tuple[float, robotparser.RobotFileParser | None]] = field(
        default_factory=dict
    )
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> Response:
        """GET with redirects; a 304 comes back as a Response with status 304 and no body.
        Raises FetchError with a one-line reason."""
        seen = 0
        while True:
            if self.respect_robots and not self.allowed_by_robots(url):
                raise FetchError(f"{url}: disallowed by robots.txt")
            response = self._with_retries(url, etag, last_modified)
            if response.status in REDIRECTS:
                location = response.headers.get("location", "")
                if not location:
                    raise FetchError(f"{url}: redirect without a Location")
                seen += 1
                if seen > self.max_redirects:
                    raise FetchError(f"{url}: more than {self.max_redirects} redirects")
                url = urljoin(url, location)
                continue
            return response

    def allowed_by_robots(self, url: str) -> bool:
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(key)
        if cached is None or self.clock() - cached[0] > ROBOTS_TTL:
            parser: robotparser.RobotFileParser | None = None
            try:
                resp = self._with_retries(key + "/robots.txt", "", "", retries=0)
                if resp.status in (401, 403):
                    parser = robotparser.RobotFileParser()
                    parser.disallow_all = True  # type: ignore[attr-defined]
                elif resp.status == 200:
                    parser = robotparser.RobotFileParser()
                    parser.parse(resp.body.decode("utf-8", "replace").splitlines())
            except FetchError:
                parser = None  # no robots.txt to read: allowed
            cached = (self.clock(), parser)
            self._robots[key] = cached
        parser = cached[1]
        return parser is None or parser.can_fetch(self.user_agent, url)

    def _with_retries(
        self, url: str, etag: str, last_modified: str, retries: int | None = None
    ) -> Response:
        attempts = (self.retries if retries is None else retries) + 1
        for attempt in range(attempts):
            try:
                response = self._once(url, etag, last_modified)
            except (TimeoutError, ConnectionError) as exc:
                if attempt + 1 >= attempts:
                    raise FetchError(f"{url}: {type(exc).__name__}: {exc}".rstrip(": ")) from exc
            else:
                if response.status < 500 or attempt + 1 >= attempts:
                    return response
            self.sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")

    def _polite(self, host: str) -> None:
        if self.politeness <= 0:
            return
        with self._lock:
            wait = self._last.get(host, -1e9) + self.politeness - self.clock()
            if wait > 0:
                self.sleep(wait)
            self._last[host] = self.clock()

    def _once(self, url: str, etag: str, last_modified: str) -> Response:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"{url}: only http and https addresses can be fetched")
        host = parts.hostname
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise FetchError(f"{url}: bad port") from exc
        try:
            addresses = self.resolver(host, port)
        except OSError as exc:
            raise FetchError(f"{url}: host not found ({exc})") from exc
        refused = [ip for ip in addresses if not address_allowed(ip, self.allow_private)]
        if refused or not addresses:
            raise FetchError(
                f"{url}: refused address {', '.join(refused) or 'none'} (private, "
                "loopback, link-local or reserved)"
            )
        self._polite(host)
        cls = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
        conn = cls(host, port, addresses, self.timeout)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip", "Accept": "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            conn.request("GET", path, headers=headers)
            raw = conn.getresponse()
            head = {k.lower(): v for k, v in raw.getheaders()}
            length = int(head.get("content-length") or 0)
            if length > self.max_bytes:
                raise FetchError(f"{url}: {length} bytes, over the size cap of {self.max_bytes}")
            body = b"" if raw.status in (304, *REDIRECTS) else raw.read(self.max_bytes + 1)
        except OSError as exc:
            if isinstance(exc, TimeoutError | ConnectionError):
                raise
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}") from exc
        except http.client.HTTPException as exc:
            raise FetchError(f"{url}: bad HTTP response ({type(exc).__name__})") from exc
        finally:
            conn.close()
        wire = len(body)
        if len(body) > self.max_bytes:
            raise FetchError(f"{url}: over the size cap of {self.max_bytes} bytes")
        if head.get("content-encoding", "").lower() == "gzip" and body:
            body = self._gunzip(url, body)
        return Response(url=url, status=raw.status, headers=head, body=body, wire_bytes=wire)

    def _gunzip(self, url: str, body: bytes) -> bytes:
        try:
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            out = inflater.decompress(body, self.max_bytes + 1)
        except zlib.error as exc:
            raise FetchError(f"{url}: broken gzip body") from exc
        if len(out) > self.max_bytes:
            raise FetchError(f"{url}: over the size cap of {self.max_bytes} bytes (unpacked)")
        return out


def require_text(response: Response) -> None:
    """Refuse binary content (images, archives, PDFs) before anyone parses it."""
    ctype = response.content_type
    if ctype and not ctype.startswith(TEXT_TYPES):
        raise FetchError(f"{response.url}: binary content ({ctype})")
    if b"\x00" in response.body[:4096]:
        raise FetchError(f"{response.url}: binary content (NUL bytes)")
