"""Forms of a person's own account page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kurasi.lib.form_fields import LowercaseEmailField

from .services_email import email_taken


class EmailChangeForm(forms.Form):
    """A new address to log in with, and the current password: a session left open on a shared
    computer must not be enough to move the account to someone else's mailbox."""

    new_email = LowercaseEmailField(
        label=_("New email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send a link to this address; the address changes when you open it."),
    )
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_new_email(self):
        email = self.cleaned_data["new_email"]
        if email_taken(email, user=self.user):
            # Says neither whose account it is nor whether it is staff or producer.
            raise forms.ValidationError(_("Another account already uses this email."))
        if self.user.email and email == self.user.email.lower():
            raise forms.ValidationError(_("This is already your email."))
        return email

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is wrong."))
        return password
