"""Impossible filter values are named refusals on every surface, documented in OpenAPI."""

from __future__ import annotations

import pytest
from django.test import Client

from speechwatch.incidents.filters import FilterError, parse_filters


@pytest.mark.parametrize(
    ("params", "named"),
    [
        ({"date_from": "2024-02-30"}, ["date_from"]),
        ({"date_to": "0000-00-00", "month": "0000-01"}, ["month", "date_to"]),
        ({"month": "2024-13"}, ["month"]),
        ({"q": "x" * 201}, ["q"]),
        ({"region": "al\x00maty"}, ["region"]),
        ({"status": "gone"}, ["status"]),
    ],
)
def test_parse_filters_names_every_refused_parameter(params, named) -> None:
    with pytest.raises(FilterError) as caught:
        parse_filters(params, allow_status=True)
    assert [param for param, _ in caught.value.problems] == named


def test_parse_filters_normalises_and_drops_status_for_the_public() -> None:
    filters = parse_filters(
        {"date_from": " 2024-02-29 ", "status": "draft", "cursor": "x"}, allow_status=False
    )
    assert filters.date_from == "2024-02-29"
    assert filters.status is None


@pytest.mark.usefixtures("installed")
def test_api_refuses_with_a_json_body_naming_the_parameter() -> None:
    response = Client().get("/api/v1/incidents", {"date_from": "2024-02-30"})
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    assert problem["loc"] == ["query", "date_from"]
    assert "2024-02 has days 01..29" in problem["msg"]


@pytest.mark.usefixtures("installed")
def test_openapi_documents_the_refusals() -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/incidents"]["get"]
    assert {"200", "400", "422"} <= set(operation["responses"])
    params = {p["name"]: p for p in operation["parameters"]}
    assert "1900..2200" in params["date_from"]["description"]


@pytest.mark.usefixtures("installed")
def test_portal_page_says_which_parameter() -> None:
    response = Client().get("/", {"month": "0000-01", "date_to": "2024-02-31"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "<code>month</code>" in text and "<code>date_to</code>" in text
    assert "the year must be 1900..2200" in text


@pytest.mark.usefixtures("installed")
def test_nul_anywhere_in_the_address_is_a_400() -> None:
    client = Client()
    assert client.get("/incidents/a%00b/").status_code == 400
    assert client.get("/api/v1/incidents?tag=%00").status_code == 400
    assert client.get("/?x=1&x=%00&x=2").status_code == 400  # any value of a repeated key
