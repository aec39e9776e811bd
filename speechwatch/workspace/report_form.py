"""The report workspace's overrides form: posted fields → a month's overrides. Pure, no ORM.

The form manages the listing choices per block, the featured cases, the "also" items, the two
switches (comparisons, charts) and the narrative texts it shows. Anything else already stored
(breakdowns, headings or other text keys set from the command line) is kept as it was, so
saving the form never silently drops an editor's earlier choice.

Field names:
  block-<code>               "template" | "all" | "chosen"
  block-<code>-items         category codes (several)
  featured-mode              "auto" | "chosen"
  featured                   case external ids (several); featured-extra: more ids, free text
  also                       incident external ids (several)
  flags                      present when the form shows the switches; comparisons, charts
  text-keys                  the text keys the form shows; text-<key>-<lang> their texts
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["BLOCK_MODES", "block_mode", "merge_ordered", "overrides_from_post"]

BLOCK_MODES = ("template", "all", "chosen")
_SPLIT = re.compile(r"[\s,;]+")

Posted = Mapping[str, Sequence[str]]


def _first(post: Posted, name: str, default: str = "") -> str:
    values = post.get(name) or ()
    return str(values[0]).strip() if values else default


def _many(post: Posted, name: str) -> list[str]:
    return list(dict.fromkeys(str(v).strip() for v in post.get(name) or () if str(v).strip()))


def merge_ordered(previous: Sequence[str], chosen: Sequence[str]) -> list[str]:
    """The chosen values, keeping the order they already had, new ones after in given order."""
    wanted = set(chosen)
    kept = [v for v in previous if v in wanted]
    return kept + [v for v in chosen if v not in set(kept)]


def block_mode(overrides: Mapping[str, Any], code: str) -> str:
    """How a block's items are chosen in stored overrides (for the form's initial state)."""
    spec = (overrides.get("blocks") or {}).get(code)
    if not isinstance(spec, dict) or "items" not in spec:
        return "template"
    return "all" if spec["items"] in (None, "all") else "chosen"


def overrides_from_post(
    post: Posted,
    current: Mapping[str, Any],
    *,
    blocks: Sequence[str],
    langs: Sequence[str],
) -> dict[str, Any]:
    """The new overrides: `current` with the form's fields applied. Validation of codes and ids
    stays with reports.compose.parse_overrides (called by save_overrides)."""
    out: dict[str, Any] = {k: v for k, v in current.items()}

    stored_blocks = dict(current.get("blocks") or {})
    new_blocks: dict[str, Any] = {k: v for k, v in stored_blocks.items() if k not in blocks}
    for code in blocks:
        mode = _first(post, f"block-{code}", "template")
        if mode not in BLOCK_MODES:
            raise ValueError(f"block-{code}: {mode!r} is not one of {', '.join(BLOCK_MODES)}")
        if mode == "all":
            new_blocks[code] = {"items": "all"}
        elif mode == "chosen":
            old = stored_blocks.get(code, {}).get("items") if code in stored_blocks else None
            previous = old if isinstance(old, list) else []
            items = merge_ordered(previous, _many(post, f"block-{code}-items"))
            if not items:
                raise ValueError(f"block-{code}-items: choose at least one item, or list all")
            new_blocks[code] = {"items": items}
    _set(out, "blocks", new_blocks)

    mode = _first(post, "featured-mode", "auto")
    if mode not in ("auto", "chosen"):
        raise ValueError(f"featured-mode: {mode!r} is not one of auto, chosen")
    if mode == "auto":
        out.pop("featured_cases", None)
    else:
        extra = [v for v in _SPLIT.split(_first(post, "featured-extra")) if v]
        chosen = list(dict.fromkeys([*_many(post, "featured"), *extra]))
        out["featured_cases"] = merge_ordered(current.get("featured_cases") or [], chosen)

    _set(out, "also", merge_ordered(current.get("also") or [], _many(post, "also")))

    if post.get("flags"):
        for flag in ("comparisons", "charts"):
            if post.get(flag):
                out.pop(flag, None)  # true is the default
            else:
                out[flag] = False

    texts: dict[str, dict[str, str]] = {
        str(k): dict(v) for k, v in (current.get("text") or {}).items() if isinstance(v, dict)
    }
    for key in _many(post, "text-keys"):
        per_lang = dict(texts.get(key, {}))
        for lang in langs:
            value = _first(post, f"text-{key}-{lang}").replace("\r\n", "\n")
            if value:
                per_lang[lang] = value
            else:
                per_lang.pop(lang, None)
        if per_lang:
            texts[key] = per_lang
        else:
            texts.pop(key, None)
    _set(out, "text", texts)
    return out


def _set(out: dict[str, Any], key: str, value: Any) -> None:
    """Empty choices are left out, so an untouched month keeps empty overrides."""
    if value:
        out[key] = value
    else:
        out.pop(key, None)
