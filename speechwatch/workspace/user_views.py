"""User administration pages under /work/users/ (admins only): list, create or invite, roles,
deactivate/reactivate, reset two-factor. Every change goes through workspace/user_actions.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import Group, User
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from speechwatch.audit.models import AuditEvent
from speechwatch.workspace import roles as R
from speechwatch.workspace import user_actions as UA
from speechwatch.workspace.access import require, who
from speechwatch.workspace.models import TwoFactor

ROLE_LABELS = {
    R.CORRESPONDENT: gettext_lazy("Correspondent"),
    R.MONITOR: gettext_lazy("Monitor"),
    R.EDITOR: gettext_lazy("Editor"),
    R.ADMIN: gettext_lazy("Admin"),
}
ROLE_CHOICES = [(role, ROLE_LABELS[role]) for role in R.ROLES]


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=gettext_lazy("Roles"),
        choices=ROLE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class UserCreateForm(RolesForm):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail"), required=False)
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Leave empty to send an invitation to set a password by e-mail."),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["username", "email", "roles", "password1", "password2"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


def _base_url(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


@require(R.MANAGE)
def users(request: HttpRequest) -> HttpResponse:
    rows = (
        User.objects.order_by("username")
        .prefetch_related(Prefetch("groups", queryset=Group.objects.filter(name__in=R.ROLES)))
        .annotate(
            two_factor_on=Exists(
                TwoFactor.objects.filter(user=OuterRef("pk"), confirmed_at__isnull=False)
            )
        )
    )
    listed = [
        {
            "user": u,
            "roles": [ROLE_LABELS[g.name] for g in u.groups.all()]
            + ([_("superuser")] if u.is_superuser else []),
            "invited": not u.has_usable_password() and u.last_login is None,
        }
        for u in rows
    ]
    return render(request, "workspace/users.html", {"rows": listed})


@require(R.MANAGE)
def user_new(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                user = UA.create_user(
                    data["username"],
                    data["email"],
                    data["roles"],
                    password=data["password1"] or None,
                    who=who(request),
                )
                if not data["password1"]:
                    UA.send_invite(user, base_url=_base_url(request), who=who(request))
            except UA.UserInputError as exc:
                field = exc.field if exc.field in form.fields else None
                if exc.field == "password":
                    field = "password1"
                for message in exc.messages:
                    form.add_error(field, message)
            else:
                if data["password1"]:
                    messages.success(request, _("User %(name)s created.") % {"name": user.username})
                else:
                    messages.success(
                        request,
                        _("User %(name)s created; an invitation was sent to %(email)s.")
                        % {"name": user.username, "email": user.email},
                    )
                return redirect("workspace:user", username=user.username)
        status = 400
    return render(request, "workspace/user_new.html", {"form": form}, status=status)


def _detail(
    request: HttpRequest, user: User, *, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "subject": user,
        "form": RolesForm(initial={"roles": UA.role_names(user)}),
        "two_factor_on": TwoFactor.objects.filter(user=user, confirmed_at__isnull=False).exists(),
        "invited": not user.has_usable_password(),
        "is_self": user.pk == request.user.pk,
        "error": error,
        "events": AuditEvent.objects.filter(object_type="user", object_id=user.username).order_by(
            "-at", "-id"
        )[:30],
    }
    return render(request, "workspace/user.html", context, status=status)


@require(R.MANAGE)
def user(request: HttpRequest, username: str) -> HttpResponse:
    return _detail(request, get_object_or_404(User, username=username))


def _change(request: HttpRequest, username: str, change: Any, done: str) -> HttpResponse:
    subject = get_object_or_404(User, username=username)
    try:
        change(subject)
    except UA.UserInputError as exc:
        return _detail(request, subject, error="; ".join(exc.messages), status=400)
    messages.success(request, done)
    return redirect("workspace:user", username=subject.username)


@require(R.MANAGE)
@require_POST
def user_roles(request: HttpRequest, username: str) -> HttpResponse:
    form = RolesForm(request.POST)
    if not form.is_valid():
        subject = get_object_or_404(User, username=username)
        return _detail(request, subject, error=_("Unknown role."), status=400)
    roles = form.cleaned_data["roles"]
    return _change(
        request,
        username,
        lambda u: UA.set_roles(u, roles, who=who(request)),
        _("Roles saved."),
    )


@require(R.MANAGE)
@require_POST
def user_active(request: HttpRequest, username: str) -> HttpResponse:
    active = request.POST.get("active") == "1"
    return _change(
        request,
        username,
        lambda u: UA.set_active(u, active, who=who(request)),
        _("Account reactivated.") if active else _("Account deactivated."),
    )


@require(R.MANAGE)
@require_POST
def user_two_factor_reset(request: HttpRequest, username: str) -> HttpResponse:
    return _change(
        request,
        username,
        lambda u: UA.reset_two_factor(u, who=who(request)),
        _("Two-factor sign-in was turned off for this account."),
    )


@require(R.MANAGE)
@require_POST
def user_invite(request: HttpRequest, username: str) -> HttpResponse:
    return _change(
        request,
        username,
        lambda u: UA.send_invite(u, base_url=_base_url(request), who=who(request)),
        _("A link to set the password was sent."),
    )
