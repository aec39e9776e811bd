"""Shared pieces of the public API: error shapes, the statuses every operation documents, and
record shapes generated from the interchange schema (public fields only)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any, Literal

from ninja import Schema
from pydantic import Field as PydanticField
from pydantic import create_model

from speechwatch.incidents.filters import CODE_RE, DATE_RE, MONTH_RE
from speechwatch.interchange.schema import Field, RecordType
from speechwatch.lib.dates import BadParameter, query_date, query_month

LANGS = ("en", "ru", "kk")
Lang = Literal["en", "ru", "kk"]


class ErrorOut(Schema):
    detail: str


class ProblemOut(Schema):
    type: str
    loc: list[str | int] = PydanticField(description='["query", name]: the refused parameter')
    msg: str


class ValidationErrorOut(Schema):
    detail: list[ProblemOut]


# What any operation may answer besides its own: 304 to a conditional GET, 400 for a NUL
# character anywhere in the address (refused before any view), 429 over the rate limit.
COMMON: dict[int, Any] = {304: None, 400: ErrorOut, 429: ErrorOut}
# …and one with parameters, 422 naming a refused one (`detail[].loc`).
REFUSED: dict[int, Any] = {**COMMON, 422: ValidationErrorOut}


def responses(ok: Any, *, params: bool = False, missing: bool = False) -> dict[int, Any]:
    """The documented answers of an operation: 200 `ok`, the common ones, 422, 404."""
    out: dict[int, Any] = {200: ok, **(REFUSED if params else COMMON)}
    if missing:
        out[404] = ErrorOut
    return out


# --- record shapes from the interchange schema ---------------------------------------------

_SCALARS: dict[str, Any] = {
    "version": int,
    "type": str,
    "str": str,
    "bool": bool,
    "date": dt.date,
    "opt_date": str,  # "" when unknown
    "partial_date": str,  # "2024-04-06", "2024-04" or ""
    "datetime": str,
    "text": dict[str, str],
    "str_list": list[str],
    "int_or_null": int | None,
}


def _kind(f: Field) -> Any:
    if f.kind in ("enum", "type") and f.choices:
        return Literal[tuple(f.choices)]  # type: ignore[valid-type]
    return _SCALARS.get(f.kind, str)


def _model(name: str, fields: tuple[Field, ...]) -> type[Schema]:
    spec: dict[str, Any] = {}
    for f in fields:
        if f.confidential:
            continue
        if f.kind == "objects":
            item = _model(f"{name}{f.name.title()}", tuple(s for s in f.item_fields))
            spec[f.name] = (list[item], ...)  # type: ignore[valid-type]
        else:
            spec[f.name] = (_kind(f), ...)
    return create_model(name, __base__=Schema, **spec)


def public_schema(rt: RecordType) -> type[Schema]:
    """The record type's public fields as a response schema: no confidential field can appear."""
    return _model(f"Public{rt.name.title()}", rt.public_fields())


def string_param(
    pattern: str,
    description: str,
    fmt: str = "",
    max_length: int = 0,
    parse: Callable[[str, str], object] | None = None,
) -> Any:
    """An optional query string declared exactly (a plain string schema, never `anyOf … null`)
    and checked by the same pattern (the `$`-free full match: no trailing newline slips by)."""
    from typing import Annotated

    from pydantic import AfterValidator, WithJsonSchema

    schema: dict[str, Any] = {"type": "string", "pattern": f"^{pattern}$"}
    if fmt:
        schema["format"] = fmt
    if max_length:
        schema["maxLength"] = max_length
    schema["description"] = description
    compiled = re.compile(pattern)

    def check(value: str | None) -> str | None:
        if value is not None and not compiled.fullmatch(value):
            raise ValueError(f"does not match {schema['pattern']}")
        if value is not None and max_length and len(value) > max_length:
            raise ValueError(f"longer than {max_length} characters")
        if value is not None and parse is not None:
            try:
                parse("", value)
            except BadParameter as exc:
                raise ValueError(exc.message) from None
        return value

    return Annotated[str | None, AfterValidator(check), WithJsonSchema(schema)]


# Days, months and codes in the language the incident filters declare (incidents/filters.py).


def date_param(description: str) -> Any:
    return string_param(DATE_RE, f"YYYY-MM-DD, a real day, 1900..2200: {description}",
                        "date", 10, query_date)  # fmt: skip


def month_param(description: str) -> Any:
    return string_param(MONTH_RE, f"YYYY-MM, 1900..2200: {description}", "", 7, query_month)


def enum_of(values: tuple[str, ...]) -> Any:
    """A Literal of the non-empty values (an empty filter is the parameter left out)."""
    return Literal[tuple(v for v in values if v)]  # type: ignore[valid-type]


def code_param(description: str) -> Any:
    return string_param(CODE_RE, description, "", 200)
