"""The OpenAPI document is exact: what it allows is accepted, what it refuses is refused.
Pure: no database."""

from __future__ import annotations

import json
import re
from datetime import date
from email.utils import format_datetime
from typing import Any

import pytest
from django.test import RequestFactory
from pydantic import ValidationError

from speechwatch.incidents.filters import PublicIncidentFilters
from speechwatch.portal.api import api
from speechwatch.portal.api.incidents import CURSOR_RE, from_page_cursor, to_page_cursor
from speechwatch.portal.apimiddleware import not_modified, parse_rate


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    return json.loads(json.dumps(api.get_openapi_schema()))  # as served: string keys


def _params(schema: dict[str, Any], path: str) -> dict[str, dict[str, Any]]:
    return {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}


def test_incident_parameters_come_from_the_filter_set_without_status(schema) -> None:
    params = _params(schema, "/api/v1/incidents")
    assert set(params) == {*PublicIncidentFilters.model_fields, "cursor", "limit"}
    assert "status" not in params
    for name in ("date_from", "date_to"):
        assert params[name]["format"] == "date" and params[name]["type"] == "string"
    assert params["month"]["pattern"].startswith("^(19")
    assert params["limit"] == {
        **params["limit"], "type": "integer", "minimum": 1, "maximum": 200
    }  # fmt: skip


def test_every_parameter_is_plain_and_exact(schema) -> None:
    for path, item in schema["paths"].items():
        for p in item["get"].get("parameters", []):
            s = p["schema"]
            assert "anyOf" not in s, (path, p["name"])  # no "string or null" in a URL
            assert s.get("default", "") is not None, (path, p["name"])
            if s["type"] == "string" and "enum" not in s:
                assert "pattern" in s, (path, p["name"])
    stats = _params(schema, "/api/v1/statistics")
    assert stats["lang"]["enum"] == ["en", "ru", "kk"]
    assert stats["dimension"]["enum"] == ["block", "category", "region"]
    assert stats["by"]["enum"] == ["month", "year"]
    assert stats["code"]["type"] == "array" and "pattern" in stats["code"]["items"]
    assert "enum" in _params(schema, "/api/v1/cases")["stage"]
    assert _params(schema, "/api/v1/cases")["date_from"]["format"] == "date"


def test_every_operation_documents_its_statuses_and_headers(schema) -> None:
    for path, item in schema["paths"].items():
        answers = item["get"]["responses"]
        assert {"200", "304", "400", "429"} <= set(answers), path
        assert answers["429"]["headers"]["Retry-After"]["required"] is True
        assert "ETag" in answers["200"]["headers"] and "ETag" in answers["304"]["headers"]
        if item["get"].get("parameters"):
            assert "422" in answers, path
        if "{" in path:
            assert "404" in answers, path


def _allowed(param: str, value: str) -> bool:
    try:
        PublicIncidentFilters(**{param: value})
    except ValidationError:
        return False
    return True


def _by_schema(s: dict[str, Any], value: str) -> bool:
    if len(value) > s.get("maxLength", 10**6) or not re.search(s["pattern"], value):
        return False
    if re.search(r"\n$", value):  # JSON Schema's `$` is the end of the text (ECMA-262)
        return False
    if s.get("format") == "date":
        try:
            date.fromisoformat(value)
        except ValueError:
            return False
    return True


VALUES = {
    "date_from": ["2024-02-29", "2023-02-29", "2024-02-30", "1900-01-01", "1899-12-31",
                  "2200-12-31", "2201-01-01", "0000-01-01", " 2024-01-01", "2024-01-01\n",
                  "2024-1-01", "２０２４-01-01", "2024-01-01x", ""],
    "month": ["2024-04", "2024-13", "2024-00", "1899-12", "2200-12", "2201-01", "2024-4",
              "2024-04 ", "2024-04\n", ""],
    "category": ["R", "I.accreditation", "almaty_region", "a-b", ".R", "R R", "é", "R\n",
                 "x" * 200, "x" * 201, ""],
    "q": ["журналист", "a b", " a ", "a\tb", "a\x00b", "a\x7f", "x" * 201, "\u2028", ""],
}  # fmt: skip


@pytest.mark.parametrize(
    ("param", "value"), [(p, v) for p, values in VALUES.items() for v in values]
)
def test_the_schema_allows_exactly_what_the_filters_accept(schema, param, value) -> None:
    declared = _params(schema, "/api/v1/incidents")[param]
    assert _by_schema(declared, value) == _allowed(param, value)


@pytest.mark.parametrize(
    "cursor", ["0.0", "1.1", "738000.5", "9999999.999999999999999999", "3652059.9"]
)
def test_every_cursor_the_pattern_allows_is_a_position(cursor) -> None:
    assert re.fullmatch(CURSOR_RE, cursor)
    page_cursor = to_page_cursor(cursor)
    assert from_page_cursor(page_cursor) is not None


def test_cursor_round_trip() -> None:
    assert to_page_cursor(from_page_cursor("2024-04-30.17") or "") == "2024-04-30.17"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("120/min", (120, 60)),
        ("5/s", (5, 1)),
        ("1000 / hour", (1000, 3600)),
        ("10/5min", (10, 300)),
        ("2/day", (2, 86400)),
        ("off", None),
        ("", None),
        ("0", None),
    ],
)
def test_parse_rate(text, expected) -> None:
    assert parse_rate(text) == expected


@pytest.mark.parametrize("text", ["120", "x/min", "0/min", "5/fortnight", "-1/min"])
def test_parse_rate_refuses_what_it_cannot_read(text) -> None:
    with pytest.raises(ValueError, match="SPEECHWATCH_API_RATE"):
        parse_rate(text)


CHANGED = __import__("datetime").datetime(2024, 5, 1, 12, 0, 30, 500000,
                                          tzinfo=__import__("datetime").timezone.utc)  # fmt: skip


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, False),
        ({"HTTP_IF_NONE_MATCH": '"g1-a"'}, True),
        ({"HTTP_IF_NONE_MATCH": 'W/"g1-a"'}, True),
        ({"HTTP_IF_NONE_MATCH": '"g0-a", "g1-a"'}, True),
        ({"HTTP_IF_NONE_MATCH": "*"}, True),
        ({"HTTP_IF_NONE_MATCH": '"g0-a"'}, False),
        ({"HTTP_IF_MODIFIED_SINCE": format_datetime(CHANGED, usegmt=True)}, True),
        ({"HTTP_IF_MODIFIED_SINCE": "Wed, 01 May 2024 12:00:29 GMT"}, False),
        ({"HTTP_IF_MODIFIED_SINCE": "not a date"}, False),
        # If-None-Match decides when both are present.
        (
            {
                "HTTP_IF_NONE_MATCH": '"g0-a"',
                "HTTP_IF_MODIFIED_SINCE": "Wed, 01 May 2030 12:00:00 GMT",
            },
            False,
        ),
    ],
)
def test_not_modified(headers, expected) -> None:
    request = RequestFactory().get("/api/v1/regions", **headers)
    assert not_modified(request, '"g1-a"', CHANGED) is expected
