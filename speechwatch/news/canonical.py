"""Canonical URLs and content hashes: each story is stored once (pure, no Django)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "yclid",
        "dclid",
        "msclkid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "ref",
        "ref_src",
        "cmpid",
        "from",
        "utm",
        "amp",
        "output",
        "_openstat",
        "spm",
    }
)
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "ga_", "hmb_")
DEFAULT_PORTS = {"http": 80, "https": 443}
MOBILE_PREFIXES = ("m.", "mobile.", "amp.")
AMP_SEGMENTS = frozenset({"amp", "amp.html"})


def canonical_url(url: str) -> str:
    """The form under which one story is known: https/http kept, host lower-cased without
    www./m./mobile./amp. and default port, tracking parameters and the fragment dropped, the
    remaining parameters sorted, AMP path segments and the trailing slash removed."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url.strip()
    host = parts.hostname.lower().rstrip(".")
    for prefix in ("www.", *MOBILE_PREFIXES):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix) :]
            break
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    segments = [s for s in parts.path.split("/") if s]
    segments = [s for s in segments if s.lower() not in AMP_SEGMENTS]
    if segments and segments[-1].lower().endswith(".amp"):
        segments[-1] = segments[-1][:-4]
    path = "/" + "/".join(segments)
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES)
    ]
    # http and https are the same story; keep one scheme so both collapse
    return urlunsplit(("https", host, path, urlencode(sorted(query)), ""))


_SPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return _SPACE.sub(" ", text).strip()


def content_hash(title: str, text: str) -> str:
    """sha256 of the normalised title and text: whitespace, case and Unicode form don't count."""
    body = normalise_text(title) + "\n" + normalise_text(text)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
