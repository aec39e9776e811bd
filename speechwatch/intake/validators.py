"""Date rules shared by the intake forms and the staff incident editor."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _


def local_today() -> date:
    """Today where the organisation works (settings.TIME_ZONE), not on the server's clock."""
    return timezone.localdate(timezone=ZoneInfo(settings.TIME_ZONE))


def not_in_future(value: date | None) -> None:
    """Form validator: an incident cannot have happened (or become known) after today."""
    if value is not None and value > local_today():
        raise forms.ValidationError(
            _("The date cannot be in the future (today is %(today)s).")
            % {"today": local_today().isoformat()},
            code="future",
        )


def month_not_in_future(year: int, month: int) -> None:
    today = local_today()
    if (year, month) > (today.year, today.month):
        raise forms.ValidationError(
            _("The month cannot be in the future (this month is %(month)s).")
            % {"month": today.strftime("%Y-%m")},
            code="future",
        )
