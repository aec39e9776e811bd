"""Labelled items (the training corpus, the evaluation set, `triage evaluate FILE`): reading and
checking the JSONL format of docs/triage.md. Pure, no Django.

A bad line is reported as `file:line: field: message`; nothing is returned from a file with
any problem, so training never runs on half a file.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from speechwatch.triage.types import Document

LANGS = ("kk", "ru", "en")
REQUIRED = {"id": str, "lang": str, "title": str, "text": str, "violation": bool, "codes": list}


class LabelError(ValueError):
    pass


def _check(obj: Any, where: str) -> list[str]:
    if not isinstance(obj, dict):
        return [f"{where}: not a JSON object"]
    problems = [
        f"{where}: {key}: expected {kind.__name__}"
        for key, kind in REQUIRED.items()
        if not isinstance(obj.get(key), kind)
    ]
    if obj.get("lang") not in LANGS:
        problems.append(f"{where}: lang: expected one of {', '.join(LANGS)}")
    codes = obj.get("codes")
    if isinstance(codes, list) and not all(isinstance(c, str) and c for c in codes):
        problems.append(f"{where}: codes: expected a list of taxonomy codes")
    published = obj.get("published")
    if published is not None:
        try:
            date.fromisoformat(str(published))
        except ValueError:
            problems.append(f"{where}: published: expected YYYY-MM-DD")
    return problems


def parse_lines(lines: Iterable[str], name: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    problems: list[str] = []
    seen: set[str] = set()
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{name}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc.msg})")
            continue
        found = _check(obj, where)
        if not found and obj["id"] in seen:
            found = [f"{where}: id: {obj['id']!r} appears twice"]
        problems.extend(found)
        if not found:
            seen.add(obj["id"])
            items.append(obj)
    if problems:
        raise LabelError("\n".join(problems))
    return items


def read_labelled(paths: Sequence[Path | str]) -> list[dict[str, Any]]:
    """Every item of the given JSONL files, in order; LabelError names every bad line."""
    items: list[dict[str, Any]] = []
    errors: list[str] = []
    for path in paths:
        p = Path(path)
        try:
            items.extend(parse_lines(p.read_text(encoding="utf-8").splitlines(), str(p)))
        except LabelError as exc:
            errors.append(str(exc))
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(f"{p}: cannot read ({exc})")
    if errors:
        raise LabelError("\n".join(errors))
    return items


def to_document(item: dict[str, Any], *, hint: bool = False) -> Document:
    """The item as triage reads it. No language hint by default: evaluation must find it."""
    published = item.get("published")
    return Document(
        key=str(item["id"]),
        title=str(item.get("title") or ""),
        text=str(item.get("text") or ""),
        published=date.fromisoformat(published) if published else None,
        lang_hint=str(item["lang"]) if hint else "",
    )
