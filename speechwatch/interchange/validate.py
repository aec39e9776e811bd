"""Pure validation of one interchange record (no ORM).

`validate_record` checks a decoded record against the schema, collects every problem instead
of stopping at the first, and returns the record in its canonical form — exactly the form the
exporter writes, so re-imports compare equal. Look-ups that need reference data (categories,
regions) go through a `Resolver`, which the importer backs with the database and tests with a
dict. References to other records (actors, incidents) are checked later, per batch, by the importer.
"""

from __future__ import annotations

from typing import Any

from speechwatch.interchange import fastpath
from speechwatch.interchange.crosschecks import CHECKS
from speechwatch.interchange.formats import RawRecord
from speechwatch.interchange.records import (
    BAD,
    Errors,
    Resolver,
    Validated,
    parse_datetime,
)
from speechwatch.interchange.records import Problem as Problem  # re-exported
from speechwatch.interchange.records import legal_ref_text as legal_ref_text  # re-exported
from speechwatch.interchange.schema import (
    BY_NAME,
    ID_RULE,
    LANGS,
    MAX_INT,
    SCHEMA_VERSION,
    Field,
    is_id,
)
from speechwatch.lib.dates import parse_date, parse_partial_date
from speechwatch.lib.urls import UnsafeURL, check_url


def _typename(value: Any) -> str:
    return {
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "true/false",
        list: "a list",
        dict: "an object",
        type(None): "null",
    }.get(type(value), type(value).__name__)


# Both databases must accept the same input: PostgreSQL text cannot hold NUL, so neither may.
NUL = "contains a NUL character, which cannot be stored"


def _convert(f: Field, value: Any, path: str, errors: Errors) -> Any:
    """Check one value of a field and return its canonical form (or BAD after an error)."""
    kind = f.kind
    if kind in ("str", "enum", "date", "opt_date", "partial_date", "datetime", "type"):
        if not isinstance(value, str):
            errors.append((path, f"expected a string, got {_typename(value)}"))
            return BAD
        if "\x00" in value:
            errors.append((path, NUL))
            return BAD
        if kind == "str":
            if f.max_length and len(value) > f.max_length:
                errors.append((path, f"longer than {f.max_length} characters"))
                return BAD
            problem = _id_or_url_problem(f, value)
            if problem:
                errors.append((path, problem))
                return BAD
            return value
        if kind in ("enum", "type"):
            if value not in f.choices:
                allowed = ", ".join(repr(c) for c in f.choices)
                errors.append((path, f"unknown value {value!r} (expected one of {allowed})"))
                return BAD
            return value
        try:
            if kind == "date":
                return parse_date(value).isoformat()
            if kind == "opt_date":
                return parse_date(value).isoformat() if value != "" else ""
            if kind == "partial_date":
                return parse_partial_date(value).iso()
            return parse_datetime(value)
        except ValueError as exc:
            errors.append((path, str(exc)))
            return BAD
    if kind == "version":
        if type(value) is not int or value != SCHEMA_VERSION:
            errors.append(
                (path, f"unsupported schema_version {_shown(value)} (expected {SCHEMA_VERSION})")
            )
            return BAD
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            errors.append((path, f"expected true or false, got {value!r}"))
            return BAD
        return value
    if kind == "int_or_null":
        if value is None:
            return None
        if type(value) is not int:
            errors.append((path, f"expected a whole number or null, got {value!r}"))
            return BAD
        if not -MAX_INT - 1 <= value <= MAX_INT:
            errors.append((path, f"number out of range (at most {MAX_INT})"))
            return BAD
        return value
    if kind == "text":
        if not isinstance(value, dict):
            errors.append(
                (path, f'expected an object {{"en": …, "ru": …, "kk": …}}, got {_typename(value)}')
            )
            return BAD
        bad = [k for k in value if k not in LANGS]
        if bad:
            errors.append((path, f"unknown language {bad[0]!r} (expected en, ru, kk)"))
            return BAD
        out: dict[str, str] = {}
        for lang in LANGS:
            text = value.get(lang, "")
            if not isinstance(text, str):
                errors.append((f"{path}.{lang}", f"expected a string, got {_typename(text)}"))
                return BAD
            if "\x00" in text:
                errors.append((f"{path}.{lang}", NUL))
                return BAD
            if text:  # export omits empty languages
                out[lang] = text
        return out
    if kind == "str_list":
        if not isinstance(value, list):
            errors.append((path, f"expected a list of strings, got {_typename(value)}"))
            return BAD
        for item in value:
            if not isinstance(item, str) or not item:
                errors.append((path, f"expected non-empty strings, got {item!r}"))
                return BAD
            if "\x00" in item:
                errors.append((path, NUL))
                return BAD
            if f.max_length and len(item) > f.max_length:
                errors.append((path, f"{item[:20]!r}… is longer than {f.max_length} characters"))
                return BAD
        failed = False
        for i, item in enumerate(value):
            problem = _id_or_url_problem(f, item)
            if problem:
                errors.append((f"{path}[{i}]", problem))
                failed = True
        return BAD if failed else list(value)
    if kind == "objects":
        if not isinstance(value, list):
            errors.append((path, f"expected a list of objects, got {_typename(value)}"))
            return BAD
        items = []
        all_ok = True
        for i, item in enumerate(value):
            converted, ok = _convert_object(f.item_fields, item, f"{path}[{i}]", errors)
            items.append(converted)
            all_ok = all_ok and ok
        return items if all_ok else BAD
    raise AssertionError(f"unhandled field kind {kind}")


def _shown(value: Any, limit: int = 40) -> str:
    """repr of a value for an error line, cut short: a hostile file's value may be megabytes."""
    if isinstance(value, str) and len(value) > limit:
        return repr(value[:limit]) + "…"
    text = repr(value)
    return text if len(text) <= limit + 2 else text[:limit] + "…"


def _id_or_url_problem(f: Field, value: str) -> str:
    """Why a string is not a valid external id or link, where the field says it must be."""
    if f.ids and not is_id(value):
        return f"not a valid id: {_shown(value)} ({ID_RULE} characters)"
    if f.url and value:
        try:
            check_url(value)
        except UnsafeURL as exc:
            return str(exc)
    return ""


_LANG_SET = frozenset(LANGS)
_KNOWN: dict[int, frozenset[str]] = {}  # id(fields tuple) -> its names; the tuples are constants


def _convert_object(
    fields: tuple[Field, ...], data: Any, path: str, errors: Errors
) -> tuple[dict[str, Any], bool]:
    """Canonical object (failed fields hold BAD) and whether every field was valid."""
    if not isinstance(data, dict):
        errors.append((path, f"expected an object, got {_typename(data)}"))
        return {}, False
    known = _KNOWN.get(id(fields))
    if known is None:
        known = _KNOWN[id(fields)] = frozenset(f.name for f in fields)
    ok = True
    if not data.keys() <= known:
        for key in data:
            if key not in known:
                errors.append((f"{path}.{key}", "unknown field"))
                ok = False
    out: dict[str, Any] = {}
    for f in fields:
        name = f.name
        if name not in data:
            if f.required:
                errors.append((f"{path}.{name}", "required field is missing"))
                ok = False
            out[name] = f.default()
            continue
        value = data[name]
        kind = f.kind
        # Fast paths for the common valid cases; everything else goes through _convert.
        if (
            kind == "str"
            and type(value) is str
            and (not f.max_length or len(value) <= f.max_length)
            and "\x00" not in value
            and (not f.ids or is_id(value))
            and not (f.url and value)
        ):
            out[name] = value
            continue
        if kind == "bool" and type(value) is bool:
            out[name] = value
            continue
        if (kind == "enum" or kind == "type") and type(value) is str and value in f.choices:
            out[name] = value
            continue
        if (
            kind == "str_list"
            and type(value) is list
            and not (f.max_length or f.ids or f.url)
            and all(type(i) is str and i and "\x00" not in i for i in value)
        ):
            out[name] = list(value)
            continue
        if (
            kind == "text"
            and type(value) is dict
            and value.keys() <= _LANG_SET
            and all(type(t) is str and "\x00" not in t for t in value.values())
        ):
            out[name] = {lang: value[lang] for lang in LANGS if value.get(lang)}
            continue
        value = _convert(f, value, f"{path}.{name}", errors)
        if value is BAD:
            ok = False
        out[name] = value
    return out, ok


def validate_record(
    data: Any, resolver: Resolver, *, expected_type: str = "", fast: bool = True
) -> tuple[Validated | None, Errors]:
    """Return (record in canonical form, [(field, message), …]).

    The record is usable only when there are no errors; with errors it is still returned when
    its type is known (invalid values hold BAD), so references in it can be checked too.
    `fast=False` skips the fast path (fastpath.py) — for the tests that compare the two.
    """
    if fast and expected_type in ("", "incident"):
        quick = fastpath.fast_incident(data, resolver)
        if quick is not None:
            return quick, []
    errors: Errors = []
    if not isinstance(data, dict):
        return None, [("", f"expected a JSON object, got {_typename(data)}")]
    type_name = data.get("type", expected_type)
    if type_name is None:
        return None, [("type", "required field is missing")]
    if expected_type and type_name != expected_type:
        return None, [("type", f"{type_name!r} in a file of {expected_type} records")]
    rt = BY_NAME.get(type_name) if isinstance(type_name, str) else None
    if rt is None:
        names = ", ".join(BY_NAME)
        return None, [("type", f"unknown record type {type_name!r} (expected one of {names})")]
    record, ok = _convert_object(rt.fields, data, "", errors)
    errors = [(path.lstrip("."), msg) for path, msg in errors]
    # Without a valid schema_version nothing else can be trusted; report that alone.
    version_errors = [e for e in errors if e[0] == "schema_version"]
    if version_errors:
        return None, version_errors
    check = CHECKS.get(rt.name)
    validated = Validated(rt.name, record)
    if check is not None:
        check(rt, data, validated, resolver, errors)
    if not ok and not errors:
        raise AssertionError("a field failed without an error")
    return validated, errors


# (line, decoding problems, validated record or None, its problems, external_id of an invalid one)
Checked = tuple[int, list[tuple[str, str]], Validated | None, list[tuple[str, str]], str | None]


def check(raw: RawRecord, resolver: Any, expected_type: str = "") -> Checked:
    """Validate one decoded record (pure: no database)."""
    if raw.data is None:
        return raw.line, raw.errors, None, [], None
    v, errors = validate_record(raw.data, resolver, expected_type=expected_type)
    if errors and raw.source is not None:
        raw = raw.exact()  # a problem: decode as the json module does, then check again
        if raw.data is None:
            return raw.line, raw.errors, None, [], None
        v, errors = validate_record(raw.data, resolver, expected_type=expected_type)
    invalid_ext = None
    if v is not None and (errors or raw.errors):
        ext = raw.data.get("external_id")
        invalid_ext = ext if isinstance(ext, str) else None
    return raw.line, raw.errors, v, errors, invalid_ext
