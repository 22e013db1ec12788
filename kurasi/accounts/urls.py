from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from kurasi.lib.ratelimits import email_key, limit_all, login_key
from kurasi.lib.urls import lazy_site_url

from . import (
    views,
    views_account,
    views_codes,
    views_invitation,
    views_staff,
    views_two_factor,
)
from .login_guard import guard_login

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        guard_login(limit_all(views.LoginView.as_view(), ("login_account", login_key))),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        limit_all(
            auth_views.PasswordResetView.as_view(
                template_name="accounts/password_reset.html",
                email_template_name="accounts/email/password_reset.txt",
                subject_template_name="accounts/email/password_reset_subject.txt",
                extra_email_context={"site_url": lazy_site_url},
                success_url=reverse_lazy("accounts:password_reset_done"),
            ),
            ("password_reset_ip", "ip"),
            ("password_reset_account", email_key),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    *views_two_factor.urlpatterns,
    *views_staff.urlpatterns,
    *views_invitation.urlpatterns,
    *views_account.urlpatterns,
    *views_codes.urlpatterns,
]
