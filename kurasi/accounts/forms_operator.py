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


class OfficeAboveForm(forms.Form):
    """The office above one office: a select of the other offices grouped by province (the
    ministries first), the one the region codes suggest marked; empty for none."""

    parent = forms.TypedChoiceField(
        label=_("Office above"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_(
            "Leave it at “none” for an office at the top of the chain (a ministry) or one that "
            "nominates to no office."
        ),
    )

    def __init__(self, *args, organisation, offices, suggested=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.offices = {office.pk: office for office in offices if office.pk != organisation.pk}
        self.fields["parent"].choices = [
            ("", _("None: this office sits under no other")),
            *grouped_choices(self.offices.values(), suggested),
        ]
        self.fields["parent"].initial = organisation.parent_id

    def clean_parent(self):
        pk = self.cleaned_data["parent"]
        return None if pk is None else self.offices[pk]


def grouped_choices(offices, suggested=None) -> list:
    """[(group label, [(pk, label), …]), …]: ministries, then each province by name."""
    from kurasi.lib.regions import region_name

    from .chain import is_national, province_code

    groups = {}
    for office in offices:
        if is_national(office):
            key = (0, str(_("National")))
        else:
            code = province_code(office.region_code)
            key = (1, region_name(code) or code)
        label = f"{office.name} ({office.region_code})"
        if suggested is not None and office.pk == suggested.pk:
            label = _("%(office)s — suggested by the region codes") % {"office": label}
        groups.setdefault(key, []).append((office.pk, label))
    return [(key[1], items) for key, items in sorted(groups.items())]
