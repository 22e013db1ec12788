from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """E-mail or phone number plus password. Messages never reveal whether an account exists."""

    username = forms.CharField(
        label=_("Email or phone number"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "inputmode": "email"}
        ),
    )
    error_messages = {
        "invalid_login": _(
            "The email/phone number or password is wrong. Check both and try again; "
            "after several failed attempts the account is locked for a while."
        ),
        "inactive": _(
            "This account has been deactivated. Contact the office that runs the programme."
        ),
    }
