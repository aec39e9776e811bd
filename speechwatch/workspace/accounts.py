"""Sign-in with rate limiting and optional TOTP, plus the two-factor settings page.

Password change and reset are Django's own views with our templates (workspace/urls_accounts.py).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from speechwatch.audit.record import Who
from speechwatch.workspace import actions
from speechwatch.workspace import roles as R
from speechwatch.workspace.access import require, user_roles
from speechwatch.workspace.forms import OTPForm
from speechwatch.workspace.totp import provisioning_uri

PENDING_USER = "speechwatch_otp_user"
PENDING_BACKEND = "speechwatch_otp_backend"
PENDING_NEXT = "speechwatch_otp_next"


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR. Behind a proxy, have it set REMOTE_ADDR: X-Forwarded-For is forgeable."""
    return str(request.META.get("REMOTE_ADDR", ""))


def ip_key(request: HttpRequest) -> str:
    """A keyed hash of the client address: limits work without storing addresses."""
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{client_ip(request)}".encode()).hexdigest()
    return digest[:32]


def login_key(username: str, request: HttpRequest) -> str:
    return f"login:{username.strip().casefold()[:100]}:{ip_key(request)}"


class ThrottledLoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "throttled": gettext_lazy(
            "Too many failed sign-in attempts. Wait %(minutes)d minutes and try again."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        key = login_key(username, self.request)  # type: ignore[arg-type]
        limit, window = settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_WINDOW
        if actions.throttle_blocked(key, limit=limit, window=window):
            raise self.get_throttled_error()
        try:
            return super().clean()
        except Exception:
            actions.throttle_hit(key, limit=limit, window=window)
            raise

    def get_throttled_error(self) -> Any:
        from django.core.exceptions import ValidationError

        return ValidationError(
            self.error_messages["throttled"],
            code="throttled",
            params={"minutes": max(1, settings.LOGIN_FAILURE_WINDOW // 60)},
        )


class SignInView(LoginView):
    form_class = ThrottledLoginForm
    template_name = "workspace/auth/login.html"
    redirect_authenticated_user = True
    signed_in: Any = None

    def get_default_redirect_url(self) -> str:
        """Staff land on the review queue; correspondents (who may not see it) on their reports."""
        user = self.signed_in or self.request.user
        if not R.can(user_roles(user), R.REVIEW):
            return reverse("intake:submissions")
        return str(super().get_default_redirect_url())

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        user = form.get_user()
        self.signed_in = user
        actions.throttle_reset(login_key(form.cleaned_data["username"], self.request))
        if actions.two_factor_enabled(user):
            # Password alone is not enough: remember who passed step one, ask for the code.
            self.request.session.cycle_key()
            self.request.session[PENDING_USER] = user.pk
            self.request.session[PENDING_BACKEND] = getattr(user, "backend", "")
            self.request.session[PENDING_NEXT] = self.get_success_url()
            return redirect("accounts:login_otp")
        return super().form_valid(form)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_invalid(form)
        if any(e.code == "throttled" for e in form.non_field_errors().as_data()):
            response.status_code = 429
        return response


def login_otp(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in for users with two-factor on."""
    user_id = request.session.get(PENDING_USER)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return redirect("accounts:login")
    form = OTPForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        key = f"otp:{user.pk}"
        limit, window = settings.LOGIN_FAILURE_LIMIT, settings.LOGIN_FAILURE_WINDOW
        if actions.throttle_blocked(key, limit=limit, window=window):
            form.add_error(None, _("Too many wrong codes. Wait and sign in again."))
            status = 429
        elif actions.verify_two_factor(user, form.cleaned_data["code"]):
            actions.throttle_reset(key)
            backend = request.session.get(PENDING_BACKEND) or settings.AUTHENTICATION_BACKENDS[0]
            target = request.session.get(PENDING_NEXT) or settings.LOGIN_REDIRECT_URL
            for name in (PENDING_USER, PENDING_BACKEND, PENDING_NEXT):
                request.session.pop(name, None)
            login(request, user, backend=backend)
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = settings.LOGIN_REDIRECT_URL
            return redirect(target)
        else:
            actions.throttle_hit(key, limit=limit, window=window)
            form.add_error("code", _("This code is not valid."))
            status = 400
    return render(request, "workspace/auth/login_otp.html", {"form": form}, status=status)


@require(R.TWO_FACTOR)
def two_factor(request: HttpRequest) -> HttpResponse:
    """Turn TOTP on (new secret → confirm with a code) or off (with a current code)."""
    user: User = request.user  # type: ignore[assignment]
    form = OTPForm(request.POST or None)
    op = request.POST.get("op", "")
    status = 200
    if request.method == "POST":
        if op == "start":
            actions.start_two_factor(user)
            return redirect("accounts:two_factor")
        if form.is_valid():
            code = form.cleaned_data["code"]
            if op == "confirm" and actions.confirm_two_factor(user, code):
                messages.success(request, _("Two-factor sign-in is on."))
                return redirect("accounts:two_factor")
            if op == "disable" and actions.verify_two_factor(user, code):
                actions.disable_two_factor(user, who=Who(user=user))
                messages.success(request, _("Two-factor sign-in is off."))
                return redirect("accounts:two_factor")
            form.add_error("code", _("This code is not valid."))
        status = 400
    from speechwatch.workspace.models import TwoFactor

    row = TwoFactor.objects.filter(user=user).first()
    context = {
        "form": form,
        "enabled": row is not None and row.confirmed_at is not None,
        "pending": row is not None and row.confirmed_at is None,
        "secret": row.secret if row is not None and row.confirmed_at is None else "",
        "uri": provisioning_uri(row.secret, user.get_username(), settings.TOTP_ISSUER)
        if row is not None and row.confirmed_at is None
        else "",
    }
    return render(request, "workspace/auth/two_factor.html", context, status=status)
