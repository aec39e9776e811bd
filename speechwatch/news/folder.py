"""A folder of .html/.txt/.eml/.json files → ParsedItems (no Django)."""

from __future__ import annotations

import email
import email.policy
import json
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from speechwatch.news.parse import decode, html_to_text
from speechwatch.news.parsed import FetchError, ParsedItem

SUFFIXES = (".html", ".htm", ".txt", ".eml", ".json")
MAX_FILE_BYTES = 5_000_000


def _json_items(data: object, name: str) -> list[ParsedItem]:
    records = data if isinstance(data, list) else [data]
    items = []
    for n, rec in enumerate(records):
        if not isinstance(rec, dict) or not str(rec.get("text", "")).strip():
            raise FetchError(f"{name}: record {n + 1} has no text")
        published = None
        if rec.get("published_at"):
            try:
                published = datetime.fromisoformat(str(rec["published_at"]))
            except ValueError as exc:
                raise FetchError(f"{name}: record {n + 1}: bad published_at") from exc
        items.append(
            ParsedItem(
                url=str(rec.get("url", "")),
                title=str(rec.get("title", "")),
                text=str(rec["text"]),
                published_at=published,
                lang=str(rec.get("lang", ""))[:8],
                extraction="folder",
                raw=json.dumps(rec, ensure_ascii=False).encode(),
                external_id=f"{name}#{n + 1}" if len(records) > 1 else name,
            )
        )
    return items


def parse_file(path: Path, name: str) -> list[ParsedItem]:
    body = path.read_bytes()
    if len(body) > MAX_FILE_BYTES:
        raise FetchError(f"{name}: over the size cap of {MAX_FILE_BYTES} bytes")
    if b"\x00" in body[:4096]:
        raise FetchError(f"{name}: binary content")
    suffix = path.suffix.lower()
    if suffix == ".eml":
        msg = email.message_from_bytes(body, policy=email.policy.default)
        part = msg.get_body(preferencelist=("plain", "html"))
        content = part.get_content() if part is not None else ""  # type: ignore[attr-defined]
        if part is not None and part.get_content_type() == "text/html":
            content = html_to_text(content)
        published = None
        if msg["date"]:
            try:
                published = parsedate_to_datetime(str(msg["date"]))
            except (TypeError, ValueError):
                published = None
        return [
            ParsedItem(
                title=str(msg["subject"] or ""),
                text=content.strip(),
                published_at=published,
                extraction="folder",
                raw=body,
                external_id=name,
            )
        ]
    text = decode(body, "", name)
    if suffix == ".json":
        try:
            return _json_items(json.loads(text), name)
        except json.JSONDecodeError as exc:
            raise FetchError(f"{name}: bad JSON ({exc})") from exc
    if suffix in (".html", ".htm"):
        from speechwatch.news.parse import extract_article

        item = extract_article(text, "", body)
        item.url, item.extraction, item.external_id = "", "folder", name
        return [item]
    lines = text.strip().splitlines()
    title = lines[0].strip()[:200] if lines else ""
    return [
        ParsedItem(title=title, text=text.strip(), extraction="folder", raw=body, external_id=name)
    ]


def folder_files(root: Path) -> list[tuple[Path, str]]:
    if not root.is_dir():
        raise FetchError(f"{root}: not a folder")
    return sorted(
        (p, str(p.relative_to(root)))
        for p in root.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES
    )
