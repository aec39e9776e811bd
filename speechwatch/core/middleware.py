"""Staff pages and sign-in forms carry personal and confidential data: no cache may keep them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PRIVATE_PREFIXES = ("/work/", "/accounts/")


class PrivateNoStoreMiddleware:
    """`Cache-Control: private, no-store` on every response under /work/ and /accounts/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(PRIVATE_PREFIXES):
            response["Cache-Control"] = "private, no-store"
        return response
