"""The platform operator's form for a new office."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kurasi.lib.form_fields import LowercaseEmailField

from .models import Organisation, OrganisationKind


class NewOfficeForm(forms.Form):
    """What `create_office` needs; the service checks region and short name (one rule for the
    page and the command)."""

    name = forms.CharField(
        label=_("Office name"),
        max_length=Organisation._meta.get_field("name").max_length,
        help_text=_(
            "As printed on letters, e.g. Dinas Perindustrian dan Perdagangan Kota Tangerang."
        ),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=OrganisationKind.choices, initial=OrganisationKind.DINAS_PERINDAG
    )
    region_code = forms.CharField(
        label=_("Region code (Kemendagri)"),
        max_length=13,
        help_text=_("The area the office serves: 36.71 for Kota Tangerang, 36 for Banten."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    slug = forms.CharField(
        label=_("Short name in addresses"),
        max_length=Organisation._meta.get_field("slug").max_length,
        required=False,
        help_text=_("Optional: made from the name when left empty. It cannot be changed later."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    admin_email = LowercaseEmailField(
        label=_("First office admin's email"),
        help_text=_("They receive an invitation link, set their password and two-step login."),
    )
    admin_name = forms.CharField(
        label=_("First office admin's name"),
        max_length=150,
        required=False,
    )
