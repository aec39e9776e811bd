"""``{% hreflang_links %}``: <link rel="alternate" hreflang> to every language of this page."""

from __future__ import annotations

from django import template
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from speechwatch.portal.language import PARAM, languages

register = template.Library()


def language_url(request: HttpRequest, lang: str | None) -> str:
    """This page's address in ``lang`` (None: without a language, the x-default)."""
    query = request.GET.copy()
    query.pop(PARAM, None)
    if lang:
        query[PARAM] = lang
    text = query.urlencode()
    return request.build_absolute_uri(request.path + (f"?{text}" if text else ""))


@register.simple_tag(takes_context=True)
def hreflang_links(context: template.Context) -> SafeString:
    request = context.get("request")
    if request is None:
        return SafeString("")
    links = [(lang, language_url(request, lang)) for lang in languages()]
    links.append(("x-default", language_url(request, None)))
    return format_html_join(
        "\n", '<link rel="alternate" hreflang="{}" href="{}">', links
    ) + SafeString("\n")


@register.simple_tag(takes_context=True)
def in_language(context: template.Context, lang: str) -> str:
    """This page's address in ``lang`` (the visible language links use it)."""
    request = context.get("request")
    return language_url(request, lang) if request is not None else f"?{PARAM}={lang}"
