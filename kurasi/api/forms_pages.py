"""The form of the token page."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurasi.accounts.models import Role

from .scopes import Scope

EXPIRY_CHOICES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("1 year")),
    ("", _("Never")),
]


# A producer's token reaches only their own records (/api/v1/my/…): their businesses and
# products, their applications (sending one), their exhibition invitations (answering one).
PRODUCER_SCOPES = [
    (Scope.REGISTRY_READ.value, _("Read my businesses and products")),
    (Scope.PROGRAMMES_READ.value, _("Read my applications")),
    (Scope.PROGRAMMES_WRITE.value, _("Send my applications")),
    (Scope.EXHIBITIONS_READ.value, _("Read my exhibition invitations")),
    (Scope.EXHIBITIONS_WRITE.value, _("Answer my exhibition invitations")),
]
# A curator's API is their assessments and their declarations of conflicts of interest.
CURATOR_SCOPES = [(s.value, s.label) for s in (Scope.CURATION_READ, Scope.CURATION_WRITE)]


def scope_choices(user):
    """The scopes a person can use: a token offering more would only be refused later."""
    roles = {membership.role for membership in user.office_memberships}
    if not roles:
        return PRODUCER_SCOPES
    if roles == {Role.CURATOR}:
        return CURATOR_SCOPES
    return Scope.choices


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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scopes"].choices = scope_choices(user)

    def expires_at(self):
        days = self.cleaned_data.get("expires_in")
        return timezone.now() + timedelta(days=int(days)) if days else None
