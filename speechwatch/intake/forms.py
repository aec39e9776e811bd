"""The correspondent form and the anonymous public report form (parsing only)."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from speechwatch.intake.actions import ReporterInput, SubmissionInput, check_uploads
from speechwatch.intake.files import Rejected
from speechwatch.intake.models import Channel
from speechwatch.intake.validators import month_not_in_future, not_in_future
from speechwatch.reference.models import Region

MAX_LINKS = 20
_URL = URLValidator(schemes=["http", "https"])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        # An empty file is refused by check_file, with its name, rather than anonymously here.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def region_choices() -> list[tuple[str, str]]:
    lang = get_language() or "en"
    return [("", "—")] + [(r.code, r.label(lang)) for r in Region.objects.all()]


class SubmissionForm(forms.Form):
    """What happened, when, where, who — as the reporter tells it."""

    channel = Channel.CORRESPONDENT

    what_happened = forms.CharField(
        label=_("What happened?"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Describe the event in your own words: what, who, how."),
    )
    occurred_day = forms.DateField(
        label=_("When (exact date)"),
        required=False,
        validators=[not_in_future],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    occurred_month = forms.CharField(
        label=_("…or only the month"),
        required=False,
        max_length=7,
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    settlement = forms.CharField(label=_("Town or village"), required=False, max_length=200)
    affected = forms.CharField(
        label=_("Who was affected?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Journalist, blogger, outlet…"),
    )
    acted = forms.CharField(
        label=_("Who acted against them?"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Official, police, court, company, unknown…"),
    )
    links = forms.CharField(
        label=_("Links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "inputmode": "url"}),
        help_text=_("One web address per line (publications, posts, videos)."),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Photos, documents, audio or video."),
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=60)
    other_contact = forms.CharField(
        label=_("Other contact (messenger)"), required=False, max_length=300
    )
    may_contact = forms.BooleanField(
        label=_("You may contact me about this report"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()  # type: ignore[attr-defined]
        self.max_files = settings.INTAKE_MAX_FILES
        self.max_mb = round(settings.INTAKE_MAX_FILE_BYTES / 1024**2, 1)

    def clean_occurred_month(self) -> str:
        value = (self.cleaned_data.get("occurred_month") or "").strip()
        if value and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value):
            raise forms.ValidationError(_("Give the month as YYYY-MM."))
        if value:
            month_not_in_future(int(value[:4]), int(value[5:]))
        return value

    def clean_links(self) -> list[str]:
        lines = [line.strip() for line in (self.cleaned_data.get("links") or "").splitlines()]
        links = [line for line in lines if line]
        if len(links) > MAX_LINKS:
            raise forms.ValidationError(_("At most %(n)d links.") % {"n": MAX_LINKS})
        for number, link in enumerate(links, start=1):
            try:
                _URL(link)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Line %(n)d is not a web address (http:// or https://).") % {"n": number}
                ) from None
            if len(link) > 1000:
                raise forms.ValidationError(_("Line %(n)d is too long.") % {"n": number})
        return links

    def clean_attachments(self) -> list[Any]:
        files = self.cleaned_data.get("attachments") or []
        try:
            check_uploads(files)
        except Rejected as exc:
            raise forms.ValidationError(str(exc)) from None
        return list(files)

    def to_input(self) -> SubmissionInput:
        data = self.cleaned_data
        occurred_on, precision = None, "unknown"
        if data.get("occurred_day"):
            occurred_on, precision = data["occurred_day"], "day"
        elif data.get("occurred_month"):
            year, month = data["occurred_month"].split("-")
            from datetime import date

            occurred_on, precision = date(int(year), int(month), 1), "month"
        return SubmissionInput(
            channel=self.channel,
            what_happened=data["what_happened"],
            occurred_on=occurred_on,
            occurred_precision=precision,
            region=data.get("region") or "",
            settlement=data.get("settlement") or "",
            affected=data.get("affected") or "",
            acted=data.get("acted") or "",
            links=data.get("links") or [],
            language=(get_language() or "")[:2],
        )

    def to_reporter(self, user_id: int | None) -> ReporterInput:
        data = self.cleaned_data
        return ReporterInput(
            user_id=user_id,
            name=data.get("name") or "",
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            other_contact=data.get("other_contact") or "",
            may_contact=bool(data.get("may_contact")),
        )


class PublicReportForm(SubmissionForm):
    """The anonymous form: contacts optional, plus a honeypot field people never see."""

    channel = Channel.PUBLIC

    # Hidden from people by CSS; bots that fill every field give themselves away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))
