"""Turn fetched bytes into ParsedItems: text decoding, feeds, articles, sitemaps (no Django)."""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from xml.etree import ElementTree

import feedparser

from speechwatch.news.parsed import FetchError, ParsedItem

_XML_DECL = re.compile(rb"""<\?xml[^>]*encoding=["']([A-Za-z0-9_.:-]+)["']""")
_META = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.I)
_XML_DECL_STR = re.compile(r"^\s*<\?xml[^>]*\?>")
MIN_ARTICLE_CHARS = 200


def declared_charset(body: bytes, header: str = "") -> str:
    if header:
        return header
    head = body[:2048]
    match = _XML_DECL.search(head) or _META.search(head)
    return match.group(1).decode("ascii").lower() if match else ""


def decode(body: bytes, header_charset: str = "", where: str = "") -> str:
    """Declared charset first (if it decodes cleanly), then UTF-8, then cp1251 — Kazakh and
    Russian sites still serve undeclared or wrongly declared Windows-1251."""
    declared = declared_charset(body, header_charset)
    for charset in (declared, "utf-8", "cp1251"):
        if not charset:
            continue
        try:
            text = body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
        return text.removeprefix("\ufeff")
    raise FetchError(f"{where}: text in an unknown encoding (not UTF-8 or cp1251)")


class _Text(HTMLParser):
    SKIP = {"script", "style", "noscript", "template", "svg", "head"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "blockquote", "section"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in self.SKIP:
            self.skip += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skip:
            self.skip -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    if "<" not in html:
        return html.strip()
    parser = _Text()
    parser.feed(html)
    parser.close()
    lines = (
        re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n")
    )
    return "\n".join(line for line in lines if line)


def _entry_time(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        value = entry.get(key)
        if value:
            try:
                return datetime.fromtimestamp(calendar.timegm(value), UTC)
            except (OverflowError, ValueError):
                return None
    return None


def parse_feed(
    body: bytes, header_charset: str = "", where: str = "", warnings: list[str] | None = None
) -> list[ParsedItem]:
    """Items of an RSS/Atom feed. A malformed feed is an error; if the lenient parser still
    recovered whole entries (with a link), those are kept and the error goes to `warnings`."""
    text = decode(body, header_charset, where)
    # decoded already: a declaration left in would make feedparser decode a second time
    text = _XML_DECL_STR.sub('<?xml version="1.0" encoding="utf-8"?>', text, count=1)
    # we keep plain text only, so feedparser need not sanitise or rewrite the HTML
    feed = feedparser.parse(text, sanitize_html=False, resolve_relative_uris=False)
    if feed.bozo and not isinstance(
        feed.get("bozo_exception"), feedparser.CharacterEncodingOverride
    ):
        reason = (str(feed.get("bozo_exception", "")).splitlines() or ["?"])[0][:200]
        usable = [e for e in feed.entries if e.get("link")]
        if not usable:
            raise FetchError(f"{where}: malformed feed ({reason})")
        feed.entries = usable
        if warnings is not None:
            warnings.append(f"{where}: malformed feed ({reason}); {len(usable)} whole entries kept")
    if not feed.entries:
        if not feed.version:
            raise FetchError(f"{where}: not an RSS or Atom feed")
        return []
    items = []
    for entry in feed.entries:
        content = entry.get("content") or []
        html = content[0].get("value", "") if content else entry.get("summary", "")
        link = entry.get("link", "")
        items.append(
            ParsedItem(
                url=link,
                title=html_to_text(entry.get("title", "")),
                text=html_to_text(html),
                published_at=_entry_time(entry),
                lang=(entry.get("language") or feed.feed.get("language") or "")[:2].lower(),
                extraction="feed",
                raw=repr(dict(entry)).encode("utf-8", "replace"),
                external_id="" if link else str(entry.get("id", ""))[:300],
            )
        )
    return items


def extract_article(html: str, url: str, raw: bytes = b"") -> ParsedItem:
    """The article on a page (trafilatura); a page with no article text is an error."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    data = doc.as_dict() if doc is not None and hasattr(doc, "as_dict") else (doc or {})
    text = (data.get("text") or "").strip()
    if len(text) < MIN_ARTICLE_CHARS:
        raise FetchError(f"{url}: no article text found on the page")
    published = None
    if data.get("date"):
        try:
            published = datetime.fromisoformat(str(data["date"])).replace(tzinfo=UTC)
        except ValueError:
            published = None
    return ParsedItem(
        url=url,
        title=(data.get("title") or "").strip(),
        text=text,
        published_at=published,
        lang=(data.get("language") or "")[:2],
        extraction="trafilatura",
        raw=raw or html.encode("utf-8"),
    )


def parse_sitemap(body: bytes, where: str = "") -> tuple[list[tuple[str, str]], list[str]]:
    """(page URL, lastmod) pairs and nested sitemap URLs of a sitemap or sitemap index."""
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise FetchError(f"{where}: malformed sitemap ({exc})") from exc
    pages: list[tuple[str, str]] = []
    nested: list[str] = []
    for node in root:
        tag = node.tag.rsplit("}", 1)[-1]
        loc = lastmod = ""
        for child in node:
            name = child.tag.rsplit("}", 1)[-1]
            if name == "loc":
                loc = (child.text or "").strip()
            elif name == "lastmod":
                lastmod = (child.text or "").strip()
        if loc:
            (nested.append(loc) if tag == "sitemap" else pages.append((loc, lastmod)))
    if not pages and not nested and root.tag.rsplit("}", 1)[-1] not in ("urlset", "sitemapindex"):
        raise FetchError(f"{where}: not a sitemap")
    return pages, nested
