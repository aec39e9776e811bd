"""Refuse a request whose path or query string holds a NUL character, before any view runs.

No id, code, date or search text legitimately contains one, and PostgreSQL refuses it in any text
comparison (psycopg raises ValueError), so a lookup such as /incidents/%00/ would otherwise be a
500 there while SQLite answers 404. One check here covers every view, present and future.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


def has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path:
        return True
    return any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()  # every value of a repeated key, not the last
    )


class RejectNulMiddleware:
    """400 (plain text) for a NUL in the path, a query parameter's name or its value."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            return HttpResponseBadRequest(
                "The address contains a NUL character.", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)
