"""Forms of the staff workspace: parse and validate; the actions do the writing."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from speechwatch.actors.models import Actor, ActorKind, ActorType
from speechwatch.cases.models import CaseKind, DefendantStatus, Outcome, Stage
from speechwatch.incidents.actions import IncidentInput, SourceInput
from speechwatch.incidents.models import LANGS, Incident, Precision, SourceKind
from speechwatch.intake.forms import region_choices
from speechwatch.intake.validators import not_in_future
from speechwatch.lib.legal import parse_legal_ref
from speechwatch.lib.urls import SAFE_SCHEMES, UnsafeURL, check_url
from speechwatch.taxonomy.models import Category
from speechwatch.taxonomy.queries import default_taxonomy
from speechwatch.workspace.labels import translated_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_SOURCES = 50


class IncidentForm(forms.Form):
    recorded_on = forms.DateField(
        label=_("Recorded (became known)"), widget=DATE, validators=[not_in_future]
    )
    occurred_on = forms.DateField(
        label=_("Occurred"), required=False, widget=DATE, validators=[not_in_future]
    )
    occurred_precision = forms.ChoiceField(
        label=_("Date precision"),
        choices=translated_choices(Precision.choices),
        initial=Precision.UNKNOWN,
    )
    region = forms.ChoiceField(label=_("Region"), required=False)
    settlement = forms.CharField(label=_("Settlement"), required=False, max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), required=False, max_length=1000)
    title_ru = forms.CharField(label=_("Title (Russian)"), required=False, max_length=1000)
    title_kk = forms.CharField(label=_("Title (Kazakh)"), required=False, max_length=1000)
    summary_en = forms.CharField(
        label=_("Summary (English)"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    summary_ru = forms.CharField(
        label=_("Summary (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    summary_kk = forms.CharField(
        label=_("Summary (Kazakh)"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    categories = forms.MultipleChoiceField(label=_("Categories"), required=False)
    primary_category = forms.CharField(label=_("Primary category"), required=False)
    victims = forms.MultipleChoiceField(label=_("Victims"), required=False)
    perpetrators = forms.MultipleChoiceField(label=_("Perpetrators"), required=False)
    legal_refs = forms.CharField(
        label=_("Legal articles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, in any usual form: “ст. 274 УК РК”, “AdmC 456-2”."),
    )
    tags = forms.CharField(label=_("Tags"), required=False, help_text=_("Comma-separated."))
    internal_notes = forms.CharField(
        label=_("Internal notes (confidential)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, sources: list[SourceInput] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()  # type: ignore[attr-defined]
        self.taxonomy = default_taxonomy()
        lang = get_language() or "en"
        self.category_objects = list(
            Category.objects.filter(taxonomy=self.taxonomy).order_by("position")
        )
        self.fields["categories"].choices = [  # type: ignore[attr-defined]
            (c.code, f"{c.code} {c.label(lang)}") for c in self.category_objects
        ]
        wanted = set(self._raw_list("victims")) | set(self._raw_list("perpetrators"))
        self.actor_objects = {
            a.external_id: a for a in Actor.objects.filter(external_id__in=wanted)
        }
        actor_choices = [(ext, a.name) for ext, a in self.actor_objects.items()]
        self.fields["victims"].choices = actor_choices  # type: ignore[attr-defined]
        self.fields["perpetrators"].choices = actor_choices  # type: ignore[attr-defined]
        self.sources = sources if sources is not None else []
        self.source_errors: list[str] = []

    def _raw_list(self, name: str) -> list[str]:
        if self.is_bound and isinstance(self.data, QueryDict):
            return self.data.getlist(name)
        return list(self.initial.get(name) or [])

    def clean_legal_refs(self) -> list[str]:
        out = []
        lines = (self.cleaned_data.get("legal_refs") or "").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                out.append(str(parse_legal_ref(line)))
            except ValueError as exc:
                raise forms.ValidationError(
                    _("Line %(n)d: %(error)s") % {"n": number, "error": exc}
                ) from None
        return list(dict.fromkeys(out))

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data.get("tags") or ""
        return list(dict.fromkeys(t.strip() for t in raw.split(",") if t.strip()))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        primary = data.get("primary_category") or ""
        cats = list(data.get("categories") or [])
        if primary:
            if primary not in cats:
                self.add_error(
                    "primary_category", _("The primary category must be one of those ticked.")
                )
            else:
                cats.remove(primary)
                cats.insert(0, primary)
        data["categories"] = cats
        if data.get("occurred_on") and data.get("occurred_precision") == Precision.UNKNOWN:
            data["occurred_precision"] = Precision.DAY
        if data.get("occurred_on") and data.get("occurred_precision") == Precision.MONTH:
            data["occurred_on"] = data["occurred_on"].replace(day=1)
        if self.source_errors:
            raise forms.ValidationError(self.source_errors)
        return data

    def to_input(self, *, external_id: str = "", is_demo: bool = False) -> IncidentInput:
        d = self.cleaned_data
        return IncidentInput(
            recorded_on=d["recorded_on"],
            title={lang: d.get(f"title_{lang}", "") for lang in LANGS},
            summary={lang: d.get(f"summary_{lang}", "") for lang in LANGS},
            occurred_on=d.get("occurred_on"),
            occurred_precision=d.get("occurred_precision") or "unknown",
            region=d.get("region") or "",
            settlement=d.get("settlement") or "",
            categories=d["categories"],
            victims=d.get("victims") or [],
            perpetrators=d.get("perpetrators") or [],
            legal_refs=d.get("legal_refs") or [],
            sources=self.sources,
            tags=d.get("tags") or [],
            internal_notes=d.get("internal_notes") or "",
            external_id=external_id,
            taxonomy=self.taxonomy.code,
            is_demo=is_demo,
        )


def initial_from(data: IncidentInput) -> dict[str, Any]:
    out: dict[str, Any] = {
        "recorded_on": data.recorded_on,
        "occurred_on": data.occurred_on,
        "occurred_precision": data.occurred_precision,
        "region": data.region,
        "settlement": data.settlement,
        "categories": list(data.categories),
        "primary_category": data.categories[0] if data.categories else "",
        "victims": list(data.victims),
        "perpetrators": list(data.perpetrators),
        "legal_refs": "\n".join(data.legal_refs),
        "tags": ", ".join(data.tags),
        "internal_notes": data.internal_notes,
    }
    for lang in LANGS:
        out[f"title_{lang}"] = data.title.get(lang, "")
        out[f"summary_{lang}"] = data.summary.get(lang, "")
    return out


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+-]*):")


class UnsafeScheme(ValueError):
    """A source URL whose scheme is not http(s), e.g. `javascript:`; the message is the scheme."""


def source_url(value: str) -> str:
    """A source URL as stored: "" or an absolute http(s) URL (the rule: speechwatch/lib/urls.py);
    "example.org/x" gets https://. Raises UnsafeScheme for javascript:, data:, ftp: …, and
    forms.ValidationError for anything else that is not a web address."""
    if not value:
        return ""
    scheme = _SCHEME.match(value)
    if scheme and scheme[1].lower() not in SAFE_SCHEMES:
        raise UnsafeScheme(scheme[1].lower())
    url = forms.URLField(max_length=1000, assume_scheme="https").clean(value)
    try:
        return check_url(url)
    except UnsafeURL as exc:
        raise forms.ValidationError(str(exc)) from None


def parse_sources(post: QueryDict) -> tuple[list[SourceInput], list[str]]:
    """Rows `source-N-<field>` of the editor; an empty row is skipped, errors name the row."""
    sources: list[SourceInput] = []
    errors: list[str] = []
    for n in range(MAX_SOURCES):
        prefix = f"source-{n}-"
        kind = post.get(prefix + "kind", "").strip()
        values = {
            k: post.get(prefix + k, "").strip()
            for k in ("url", "outlet", "title", "published_on", "correspondent")
        }
        if post.get(prefix + "delete") or not (kind and any(values.values())):
            continue
        row = n + 1
        if kind not in SourceKind.values:
            errors.append(str(_("Source %(n)d: unknown kind.") % {"n": row}))
            continue
        try:
            url = source_url(values["url"])
        except UnsafeScheme as exc:
            errors.append(
                str(
                    _("Source %(n)d: only http:// and https:// links are allowed, not %(scheme)s:")
                    % {"n": row, "scheme": exc}
                )
            )
            continue
        except forms.ValidationError:
            errors.append(str(_("Source %(n)d: not a web address.") % {"n": row}))
            continue
        published_on = None
        if values["published_on"]:
            try:
                published_on = date.fromisoformat(values["published_on"])
            except ValueError:
                errors.append(str(_("Source %(n)d: the date must be YYYY-MM-DD.") % {"n": row}))
                continue
        sources.append(
            SourceInput(
                kind=kind,
                url=url,
                outlet=values["outlet"][:300],
                title=values["title"][:500],
                published_on=published_on,
                confidential=bool(post.get(prefix + "confidential")) or kind == "correspondent",
                correspondent=values["correspondent"][:300],
            )
        )
    return sources, errors


class ActorForm(forms.Form):
    # Its fields sit inside the incident editor's form (posted separately by htmx): a browser
    # "required" check on them would block saving the incident.
    use_required_attribute = False

    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Person or organisation"), choices=translated_choices(ActorKind.choices)
    )
    type = forms.ChoiceField(label=_("Type"), choices=translated_choices(ActorType.choices))
    name_variants = forms.CharField(
        label=_("Other spellings"), required=False, help_text=_("Comma-separated.")
    )
    confirm_new = forms.BooleanField(label=_("Create it anyway"), required=False)

    def clean_name_variants(self) -> list[str]:
        raw = self.cleaned_data.get("name_variants") or ""
        return [v.strip() for v in raw.split(",") if v.strip()]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=translated_choices(CaseKind.choices))
    title_en = forms.CharField(label=_("Title (English)"), required=False, max_length=1000)
    title_ru = forms.CharField(label=_("Title (Russian)"), required=False, max_length=1000)
    title_kk = forms.CharField(label=_("Title (Kazakh)"), required=False, max_length=1000)
    summary_en = forms.CharField(
        label=_("Summary (English)"), required=False, widget=forms.Textarea
    )
    summary_ru = forms.CharField(
        label=_("Summary (Russian)"), required=False, widget=forms.Textarea
    )
    summary_kk = forms.CharField(label=_("Summary (Kazakh)"), required=False, widget=forms.Textarea)
    opened_on = forms.DateField(label=_("Opened on"), required=False, widget=DATE)
    internal_notes = forms.CharField(
        label=_("Internal notes (confidential)"), required=False, widget=forms.Textarea
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(data.get(f"title_{lang}") for lang in LANGS):
            raise forms.ValidationError(_("Give a title in at least one language."))
        return data


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=translated_choices(Stage.choices))
    date = forms.DateField(label=_("Date"), widget=DATE)
    body = forms.CharField(label=_("Court or body"), required=False, max_length=300)
    claim_amount = forms.IntegerField(label=_("Claim (tenge)"), required=False, min_value=0)
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=translated_choices(Outcome.choices), required=False
    )
    note_en = forms.CharField(
        label=_("Note (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note_ru = forms.CharField(
        label=_("Note (Russian)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note_kk = forms.CharField(
        label=_("Note (Kazakh)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class LinkIncidentForm(forms.Form):
    incident = forms.CharField(label=_("Incident id"), max_length=120)

    def clean_incident(self) -> Incident:
        ext = self.cleaned_data["incident"].strip()
        incident = Incident.objects.filter(external_id=ext).first()
        if incident is None:
            raise forms.ValidationError(_("No incident with this id."))
        return incident


class DefendantForm(forms.Form):
    actor = forms.CharField(label=_("Actor id"), max_length=120)
    status = forms.ChoiceField(
        label=_("Status"), choices=translated_choices(DefendantStatus.choices)
    )
    status_on = forms.DateField(label=_("As of"), required=False, widget=DATE)

    def clean_actor(self) -> Actor:
        ext = self.cleaned_data["actor"].strip()
        actor = Actor.objects.filter(external_id=ext).first()
        if actor is None:
            raise forms.ValidationError(_("No actor with this id."))
        return actor


class OTPForm(forms.Form):
    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
