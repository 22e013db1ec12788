"""Forms of the staff pages: inviting, changing a role, and accepting an invitation."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kurasi.lib.form_fields import LowercaseEmailField

from .forms_password import NewPasswordFields
from .models import Role


class InviteForm(forms.Form):
    email = LowercaseEmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text=_("The invitation link is sent to this address; the person logs in with it."),
    )
    full_name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("How to greet them in the email. They confirm or correct it themselves."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        help_text=_("An office admin must set up two-step login before the role takes effect."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class NewAccountForm(NewPasswordFields):
    """The account of an invited person who has none: name and password, chosen by them."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["full_name", "password1", "password2"]

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        self.check_new_password(cleaned, full_name=cleaned.get("full_name", ""), email=self.email)
        return cleaned
