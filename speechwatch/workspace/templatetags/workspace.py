"""Template helpers: role checks, safe Markdown, labels in the current language."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_decimal
from django import template
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from speechwatch.workspace import roles as R
from speechwatch.workspace.access import user_roles
from speechwatch.workspace.markdown import render_markdown

register = template.Library()


@register.filter
def can(request: HttpRequest, capability: str) -> bool:
    return R.can(user_roles(request.user), capability)


@register.filter
def markdown(text: str) -> SafeString:
    """Safe: render_markdown parses with raw HTML off, then nh3 keeps only its allow-list."""
    return mark_safe(render_markdown(text or ""))


@register.filter
def label(obj: Any) -> str:
    """A Region's or Category's label in the current language."""
    if obj is None:
        return ""
    return str(obj.label(get_language() or "en"))


@register.filter
def tenge(amount: int | None) -> str:
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", "\u202f") + " ₸"


@register.filter
def get(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key, "") if isinstance(mapping, dict) else ""


# Localised numbers and dates: Babel has CLDR data for kk (Django ships no kk formats), so the
# three interface languages format the same way everywhere (1 234 567, «6 апр. 2024 г.»).


def _locale() -> str:
    return (get_language() or "en").split("-")[0]


@register.filter
def num(value: Any) -> str:
    if value is None or value == "":
        return ""
    try:
        return str(format_decimal(value, locale=_locale()))
    except (TypeError, ValueError, ArithmeticError):
        return str(value)


@register.filter
def day(value: date | None, fmt: str = "medium") -> str:
    if not value:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return str(format_date(value, fmt, locale=_locale()))


@register.filter
def moment(value: datetime | None, fmt: str = "medium") -> str:
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return str(format_datetime(value, fmt, locale=_locale()))


@register.filter
def month_title(value: str | date | None) -> str:
    """'2024-04' → 'April 2024' / 'апрель 2024 г.' / '2024 ж. сәуір'."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            first = date(int(value[:4]), int(value[5:7]), 1)
        except ValueError:
            return value
    else:
        first = value
    return str(format_skeleton("yMMMM", first, locale=_locale()))


@register.filter
def tr(value: Any) -> str:
    """A choice label of another app's model in the current language (see workspace/labels.py)."""
    return gettext(str(value)) if value not in (None, "") else ""
