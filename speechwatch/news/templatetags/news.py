"""`{% inbox_count %}`: new items in the news inbox, for the review queue and the header."""

from __future__ import annotations

from django import template

from speechwatch.news.inbox import new_item_count

register = template.Library()


@register.simple_tag
def inbox_count() -> int:
    return new_item_count()
