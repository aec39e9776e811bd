"""Links to addresses stored from outside (sources, reported links): clickable only if http(s).

Every template that turns a stored URL into an href goes through `{% link %}` (or tests with
`|safe_url`), so an old or imported `javascript:`/`data:` value shows as plain text, never as a
link that runs script in our origin (speechwatch/lib/urls.py holds the rule).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from speechwatch.lib.urls import is_safe_url

register = template.Library()

EXTERNAL_REL = "nofollow noopener noreferrer"


@register.filter
def safe_url(value: object) -> str:
    """The URL (stripped) if it is an absolute http(s) URL, else "" (so `{% if %}` can test it)."""
    return value.strip() if isinstance(value, str) and is_safe_url(value) else ""


@register.simple_tag
def link(url: object, text: object = "") -> SafeString:
    """`<a href=url rel=…>text</a>` for a safe URL; for any other value, `text` (or the value)
    as escaped plain text."""
    shown = text if text not in (None, "") else (url or "")
    href = safe_url(url)
    if href:
        return format_html('<a href="{}" rel="{}">{}</a>', href, EXTERNAL_REL, shown)
    return format_html("{}", shown)
