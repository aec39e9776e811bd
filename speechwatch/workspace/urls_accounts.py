"""Sign-in, sign-out, password change and reset, two-factor: mounted at /accounts/."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from speechwatch.workspace import accounts

app_name = "accounts"

urlpatterns = [
    path("login/", accounts.SignInView.as_view(), name="login"),
    path("login/otp/", accounts.login_otp, name="login_otp"),
    path(
        "logout/",
        auth_views.LogoutView.as_view(template_name="workspace/auth/logged_out.html"),
        name="logout",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="workspace/auth/password_form.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="workspace/auth/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        accounts.LimitedPasswordResetView.as_view(
            template_name="workspace/auth/password_form.html",
            email_template_name="workspace/auth/password_reset_email.txt",
            subject_template_name="workspace/auth/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="workspace/auth/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="workspace/auth/password_form.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="workspace/auth/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("two-factor/", accounts.two_factor, name="two_factor"),
]
