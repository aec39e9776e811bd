"""The json module's decoding, made safe for hostile input (pure: no Django).

`json.loads` accepts things that crash later or raise exceptions other than JSONDecodeError:
a lone surrogate ("\\ud800", which no database can store and no UTF-8 stream can print), an
integer of more than 4,300 digits (ValueError), nesting deeper than the interpreter's recursion
limit (RecursionError). Every one of them becomes a (field, message) problem here, so the
import reports it on its line like any other mistake. No record of the schema is nested more
than a few levels, so anything deeper than MAX_DEPTH is refused outright.
"""

from __future__ import annotations

import json
import sys
from typing import Any

MAX_DEPTH = 32
TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep"
SURROGATE = "invalid text (lone surrogate)"

Problems = list[tuple[str, str]]


def loads(
    text: str | bytes, *, what: str = "malformed JSON", field: str = ""
) -> tuple[Any, Problems]:
    """(value, []) or (None, [(field or path, message), …]); `what` starts a syntax error.

    Raises UnicodeDecodeError for bytes that are not UTF-8 (the caller words that itself).
    """
    try:
        data = json.loads(text)
    except UnicodeDecodeError:
        raise
    except json.JSONDecodeError as exc:
        return None, [(field, f"{what}: {exc.msg} (column {exc.colno})")]
    except RecursionError:
        return None, [(field, TOO_DEEP)]
    except ValueError:  # the only other one: an integer beyond sys.int_info's digit limit
        return None, [(field, f"a number has more than {_digit_limit()} digits")]
    problems = check_value(data, field)
    return (None, problems) if problems else (data, [])


def _digit_limit() -> int:
    return sys.get_int_max_str_digits() or sys.int_info.default_max_str_digits


def check_value(data: Any, prefix: str = "") -> Problems:
    """Problems of a decoded value: too deep, or a string (or key) with a lone surrogate.

    Walks without recursion, so depth itself cannot crash it. Paths read like the validator's
    ("sources[0].title", "title.en"); keys are shown escaped so the report stays printable.
    """
    problems: Problems = []
    stack: list[tuple[Any, str, int]] = [(data, prefix, 0)]
    while stack:
        value, path, depth = stack.pop()
        if type(value) is str:
            if not value.isascii() and _has_surrogate(value):
                problems.append((path, SURROGATE))
            continue
        if depth >= MAX_DEPTH and isinstance(value, dict | list) and value:
            return [(prefix, TOO_DEEP)]
        if isinstance(value, dict):
            items = []
            for key, item in value.items():
                if not key.isascii() and _has_surrogate(key):
                    shown = key.encode("utf-8", "backslashreplace").decode("utf-8")
                    problems.append((_join(path, shown), SURROGATE))
                    continue
                items.append((item, _join(path, key), depth + 1))
            stack.extend(reversed(items))
        elif isinstance(value, list):
            stack.extend(
                (item, f"{path}[{i}]", depth + 1) for i, item in reversed(list(enumerate(value)))
            )
    return problems


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
