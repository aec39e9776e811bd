"""Telegram Desktop channel exports (result.json) → ParsedItems (no Django).

Fields used: messages[].id, type, date / date_unixtime, edited / edited_unixtime, text (a string
or a list of strings and entities such as {"type": "link"|"text_link", "text", "href"}),
forwarded_from; every other field is ignored. The item id is "<channel id>:<message id>".
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from speechwatch.news.parsed import FetchError, ParsedItem


def flatten(text: Any) -> tuple[str, list[str]]:
    """Plain text and the links of a message's `text` field."""
    if isinstance(text, str):
        return text, []
    parts: list[str] = []
    links: list[str] = []
    for piece in text if isinstance(text, list) else []:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, dict):
            value = str(piece.get("text", ""))
            parts.append(value)
            if piece.get("type") == "link":
                links.append(value)
            elif piece.get("href"):
                links.append(str(piece["href"]))
    return "".join(parts), links


def _when(message: dict[str, Any], key: str, tz: ZoneInfo) -> datetime | None:
    unix = message.get(f"{key}_unixtime")
    if unix:
        try:
            return datetime.fromtimestamp(int(unix), UTC)
        except (TypeError, ValueError, OverflowError):
            pass
    value = message.get(key)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    return None


def parse_export(body: bytes, where: str = "", tz_name: str = "Asia/Almaty") -> list[ParsedItem]:
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FetchError(f"{where}: not a Telegram export (bad JSON: {exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise FetchError(f"{where}: not a Telegram channel export (no messages list)")
    channel = str(data.get("id") or data.get("name") or "channel")
    username = str(data.get("username") or "").lstrip("@")
    tz = ZoneInfo(tz_name)
    items = []
    for message in data["messages"]:
        if not isinstance(message, dict) or message.get("type", "message") != "message":
            continue
        if not isinstance(message.get("id"), int):
            continue
        text, links = flatten(message.get("text", ""))
        if not text.strip():
            continue  # a photo without a caption, a poll: nothing to read
        forwarded = message.get("forwarded_from")
        if forwarded:
            text = f"[forwarded from {forwarded}]\n{text}"
        if links:
            text += "\n\n" + "\n".join(dict.fromkeys(links))
        title = text.strip().splitlines()[0][:200]
        items.append(
            ParsedItem(
                url=f"https://t.me/{username}/{message['id']}" if username else "",
                title=title,
                text=text.strip(),
                published_at=_when(message, "date", tz),
                extraction="telegram",
                raw=json.dumps(message, ensure_ascii=False).encode(),
                external_id=f"{channel}:{message['id']}",
            )
        )
    return items
