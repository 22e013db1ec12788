"""A new password typed twice, checked by the project's validators against the person it is for:
the producer's sign-up and an invited person's new account both ask for one."""

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from .models import User


class NewPasswordFields(forms.Form):
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters; not only numbers; not a common password."),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def check_new_password(self, cleaned, **person):
        """Both typings equal and the validators passed for the User `person` describes (so a
        password like the person's name or email is refused); errors go on the fields."""
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords are not the same."))
        elif password1:
            try:
                password_validation.validate_password(password1, User(**person))
            except forms.ValidationError as error:
                self.add_error("password1", error)
