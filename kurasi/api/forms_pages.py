"""The form of the token page."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .scopes import Scope

EXPIRY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year")),
    ("", _("Never")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_('What the token is for, e.g. "Office spreadsheet sync".'),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Allowed"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A token never allows more than your role does on the pages."),
    )
    expires_in = forms.ChoiceField(
        label=_("Expires after"), choices=EXPIRY_CHOICES, required=False, initial="90"
    )

    def expires_at(self):
        days = self.cleaned_data.get("expires_in")
        return timezone.now() + timedelta(days=int(days)) if days else None
