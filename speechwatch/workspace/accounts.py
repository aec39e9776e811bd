"""Sign-in (lockouts by django-axes, see lockout.py) and optional TOTP, plus the two-factor page.

Password change and reset are Django's own views with our templates (workspace/urls_accounts.py);
reset mails are limited per account and per address here.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.models import User
from django.contrib.auth.views import LoginView, PasswordResetView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from speechwatch.audit.record import Who
from speechwatch.staff import roles as R
from speechwatch.staff.access import require, user_roles
from speechwatch.staff.throttle import ip_key
from speechwatch.workspace import actions
from speechwatch.workspace.forms import OTPForm
from speechwatch.workspace.totp import provisioning_uri

PENDING_USER = "speechwatch_otp_user"
PENDING_BACKEND = "speechwatch_otp_backend"
PENDING_NEXT = "speechwatch_otp_next"
PENDING_NONCE = "speechwatch_otp_nonce"  # names this partial sign-in for its failure counter
PENDING_KEYS = (PENDING_USER, PENDING_BACKEND, PENDING_NEXT, PENDING_NONCE)
PASSWORD_BACKEND = "django.contrib.auth.backends.ModelBackend"


class ThrottledLoginForm(AuthenticationForm):
    """Django's form: it passes the request to authenticate(), which axes needs to count."""


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
        if actions.two_factor_enabled(user):
            # Password alone is not enough: remember who passed step one, ask for the code.
            session = self.request.session
            session.cycle_key()
            session[PENDING_USER] = user.pk
            session[PENDING_BACKEND] = getattr(user, "backend", "") or PASSWORD_BACKEND
            session[PENDING_NEXT] = self.get_success_url()
            session[PENDING_NONCE] = secrets.token_hex(16)
            return redirect("accounts:login_otp")
        return super().form_valid(form)


def _end_partial_login(request: HttpRequest) -> None:
    for name in PENDING_KEYS:
        request.session.pop(name, None)


def login_otp(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in for users with two-factor on.

    Wrong codes count per partial sign-in (after OTP_FAILURE_LIMIT it is ended: sign in again)
    and per address, never against the account, so someone who knows only the password cannot
    lock the owner out."""
    user_id = request.session.get(PENDING_USER)
    user = User.objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return redirect("accounts:login")
    form = OTPForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        nonce = request.session.setdefault(PENDING_NONCE, secrets.token_hex(16))
        attempt_key = f"otp:{nonce}"
        address_key = f"otp-addr:{ip_key(request)}"
        window = settings.LOGIN_FAILURE_WINDOW
        if actions.throttle_blocked(
            address_key, limit=settings.OTP_ADDRESS_FAILURE_LIMIT, window=window
        ):
            _end_partial_login(request)
            form.add_error(None, _("Too many wrong codes. Wait and sign in again."))
            status = 429
        elif actions.verify_two_factor(user, form.cleaned_data["code"]):
            actions.throttle_reset(attempt_key)
            backend = request.session.get(PENDING_BACKEND) or PASSWORD_BACKEND
            target = request.session.get(PENDING_NEXT) or settings.LOGIN_REDIRECT_URL
            _end_partial_login(request)
            login(request, user, backend=backend)
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = settings.LOGIN_REDIRECT_URL
            return redirect(target)
        else:
            actions.throttle_hit(
                address_key, limit=settings.OTP_ADDRESS_FAILURE_LIMIT, window=window
            )
            within = actions.throttle_hit(
                attempt_key, limit=settings.OTP_FAILURE_LIMIT - 1, window=window
            )
            if within:
                form.add_error("code", _("This code is not valid."))
                status = 400
            else:
                actions.throttle_reset(attempt_key)
                _end_partial_login(request)
                form.add_error(None, _("Too many wrong codes. Wait and sign in again."))
                status = 429
    return render(request, "workspace/auth/login_otp.html", {"form": form}, status=status)


class LimitedPasswordResetForm(PasswordResetForm):
    """Sends at most PASSWORD_RESET_ACCOUNT_LIMIT mails per account per window."""

    def send_mail(self, *args: Any, **kwargs: Any) -> None:
        context = args[2] if len(args) > 2 else kwargs.get("context", {})
        user = context.get("user")
        key = f"reset-account:{getattr(user, 'pk', '')}"
        limit, window = settings.PASSWORD_RESET_ACCOUNT_LIMIT, settings.PASSWORD_RESET_MAIL_WINDOW
        if actions.throttle_hit(key, limit=limit, window=window):
            super().send_mail(*args, **kwargs)


class LimitedPasswordResetView(PasswordResetView):
    """Password reset with mail limits per account and per address. The page that follows is the
    same whether a mail went out or not, so it does not tell which addresses have accounts."""

    form_class = LimitedPasswordResetForm

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        key = f"reset-addr:{ip_key(self.request)}"
        limit, window = settings.PASSWORD_RESET_ADDRESS_LIMIT, settings.PASSWORD_RESET_MAIL_WINDOW
        if actions.throttle_hit(key, limit=limit, window=window):
            return super().form_valid(form)
        return HttpResponseRedirect(self.get_success_url())


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
