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


class CodeForm(forms.Form):
    """A 6-digit code from the authenticator app, or one of the recovery codes."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=20,
        help_text=_("Lost your phone? Type one of your recovery codes instead."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class AppCodeForm(forms.Form):
    """A current code from the authenticator app only: renewing recovery codes must not be
    possible with one of them (prefixed "renew" on the page it shares with CodeForm)."""

    code = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=10,
        help_text=_("The 6-digit code the app shows now; a recovery code does not work here."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="renew", **kwargs)


class EnrolForm(forms.Form):
    """Confirm a new authenticator: a code from it, and the password (a session alone is not
    enough to attach a device to an account)."""

    code = forms.CharField(
        label=_("The 6-digit code the app shows"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is wrong."))
        return password
