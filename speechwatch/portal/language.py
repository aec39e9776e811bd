"""The page language in the address: ``?lang=kk|ru|en`` on any public page.

The visitor's choice otherwise stays where it was (the language cookie set by the switcher, then
Accept-Language), so every existing link keeps working; ``?lang=`` gives each language version
of a page its own address for hreflang alternates and for sharing. It is applied for that
request only (no cookie is set: a cached public page must not set cookies).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import translation

PARAM = "lang"


def languages() -> tuple[str, ...]:
    return tuple(code for code, _ in settings.LANGUAGES)


class QueryLanguageMiddleware:
    """After LocaleMiddleware: a valid ``?lang=`` overrides the language it chose."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        lang = request.GET.get(PARAM, "")
        if lang in languages() and not request.path_info.startswith(("/work/", "/accounts/")):
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
        return self.get_response(request)
