"""The API object: django-ninja's, with the headers every answer carries in its OpenAPI document."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

_VALIDATORS = {
    "ETag": {"description": "the publication generation and the URL", "schema": {"type": "string"}},
    "Last-Modified": {
        "description": "when the published data last changed (HTTP date)",
        "schema": {"type": "string"},
    },
}
_RETRY = {
    "Retry-After": {
        "description": "seconds until the address may ask again",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    }
}


class PublicAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for item in schema["paths"].values():
            for operation in item.values():
                _document(operation)
        return schema


def _document(operation: dict[str, Any]) -> None:
    for status, answer in operation.get("responses", {}).items():
        if str(status) in ("200", "304"):
            answer["headers"] = _VALIDATORS
        elif str(status) == "429":
            answer["headers"] = _RETRY
    for param in operation.get("parameters", []):
        param["schema"] = _plain(param["schema"])


def _plain(schema: dict[str, Any]) -> dict[str, Any]:
    """A left-out query parameter is no filter: its schema is the value's, without `null`
    (a URL cannot carry one) and without `default: null`."""
    options = schema.get("anyOf")
    if options and len(options) == 2 and {"type": "null"} in options:
        (value,) = [o for o in options if o != {"type": "null"}]
        schema = {**{k: v for k, v in schema.items() if k != "anyOf"}, **value}
    if "default" in schema and schema["default"] is None:
        schema = {k: v for k, v in schema.items() if k != "default"}
    return schema
