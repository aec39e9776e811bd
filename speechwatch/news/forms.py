"""Forms of the inbox and the source pages: parse and validate only; actions write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from speechwatch.lib.urls import UnsafeURL, check_url
from speechwatch.news.models import DismissReason, SourceKind
from speechwatch.reference.models import Region

LANG_CHOICES = [("", "—"), ("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
# Sources the web form may add: folders and Telegram exports on disk are read from the server's
# file system, so they are added on the command line by whoever runs the server.
WEB_KINDS = [
    (SourceKind.RSS, _("RSS/Atom feed")),
    (SourceKind.PAGE, _("Web page")),
    (SourceKind.SITEMAP, _("Sitemap")),
    (SourceKind.TELEGRAM, _("Telegram channel (t.me address)")),
]
REASON_CHOICES = [
    (DismissReason.NOT_VIOLATION, _("Not a violation")),
    (DismissReason.OUT_OF_SCOPE, _("Out of scope")),
    (DismissReason.NOT_KAZAKHSTAN, _("Not Kazakhstan")),
    (DismissReason.DUPLICATE, _("Duplicate")),
]


class SourceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=WEB_KINDS)
    url_or_path = forms.CharField(label=_("Address"), max_length=2000)
    lang = forms.ChoiceField(label=_("Language"), choices=LANG_CHOICES, required=False)
    region = forms.CharField(label=_("Region code"), max_length=64, required=False)
    poll_interval = forms.IntegerField(
        label=_("Poll every (seconds)"), min_value=60, max_value=7 * 86400, initial=1800
    )
    full_text = forms.BooleanField(label=_("Fetch each article's full text"), required=False)
    enabled = forms.BooleanField(label=_("Enabled"), required=False)
    seen_at = forms.CharField(label=_("Where the address was seen"), max_length=500, required=False)

    def clean_url_or_path(self) -> str:
        value = str(self.cleaned_data["url_or_path"])
        try:
            return check_url(value)
        except UnsafeURL as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_region(self) -> str:
        code = str(self.cleaned_data.get("region") or "").strip()
        if code and not Region.objects.filter(code=code).exists():
            raise forms.ValidationError(_("Unknown region code."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        url = str(data.get("url_or_path") or "")
        if data.get("kind") == SourceKind.TELEGRAM and url and "t.me/" not in url:
            self.add_error(
                "url_or_path", _("A Telegram channel's address starts with https://t.me/.")
            )
        return data


class ManualItemForm(forms.Form):
    """A monitor pastes a URL (fetched) or a text into the inbox."""

    url = forms.CharField(label=_("Address"), max_length=2000, required=False)
    title = forms.CharField(label=_("Title"), max_length=1000, required=False)
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    lang = forms.ChoiceField(label=_("Language"), choices=LANG_CHOICES, required=False)

    def clean_url(self) -> str:
        value = str(self.cleaned_data.get("url") or "").strip()
        if not value:
            return ""
        try:
            return check_url(value)
        except UnsafeURL as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("url") and not str(data.get("text") or "").strip() and not self.errors:
            raise forms.ValidationError(_("Paste an address or a text."))
        return data
