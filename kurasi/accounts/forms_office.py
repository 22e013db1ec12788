"""The office profile an office admin keeps: contact details, letterhead logo and signatory."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kurasi.lib.concurrency import RevisionFormMixin
from kurasi.lib.form_fields import PhoneNumberField
from kurasi.lib.phone import display_phone, whatsapp_number
from kurasi.registry.uploads import clean_logo

from .models import Organisation
from .services_office import PROFILE_FIELDS
from .templatetags.office import nip

NIP_LENGTH = 18
NOT_DIGITS = re.compile(r"[\s.\-]")


def clean_nip(raw: str) -> str:
    """An 18-digit NIP as digits only; spaces, dots and dashes people type are dropped."""
    digits = NOT_DIGITS.sub("", raw or "")
    if digits and (len(digits) != NIP_LENGTH or not digits.isdigit()):
        raise ValidationError(
            _(
                "A NIP has 18 digits: date of birth (8), month of appointment (6), gender (1) "
                "and a serial number (3), e.g. 19700101 199503 1 002. You typed %(count)s digits."
            ),
            code="bad_nip",
            params={"count": sum(ch.isdigit() for ch in digits)},
        )
    return digits


class OfficeProfileForm(RevisionFormMixin, forms.ModelForm):
    """Slug and region code are the platform operator's: an office cannot move its addresses."""

    phone = PhoneNumberField(label=_("Phone"), required=False)
    whatsapp = PhoneNumberField(
        label=_("WhatsApp number"),
        required=False,
        help_text=_("A mobile number producers can write to, e.g. 0812-3456-7890."),
    )
    website = forms.URLField(
        label=capfirst(Organisation._meta.get_field("website").verbose_name),
        required=False,
        assume_scheme="https",
    )
    logo_upload = forms.FileField(
        label=_("Letterhead logo"),
        required=False,
        help_text=_(
            "A JPEG, PNG or WebP image; a PNG with a transparent background looks best. "
            "It is made at most 600 pixels wide or high."
        ),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Organisation
        fields = PROFILE_FIELDS
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "signatory_position": _(
                "Printed as typed above the name, e.g. Kepala Dinas Perindustrian dan "
                "Perdagangan Kota Tangerang Selatan."
            ),
            "signatory_nip": _("18 digits; spaces are allowed, e.g. 19700101 199503 1 002."),
            "default_language": _(
                "The language of the office's pages for people who have not chosen one."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatory_nip"].widget.attrs["inputmode"] = "numeric"
        # Shown grouped as it is printed (19700101 199503 1 002), easier to check than 18 digits.
        self.initial["signatory_nip"] = nip(self.instance.signatory_nip)
        if not self.instance.logo:
            del self.fields["remove_logo"]

    def clean_phone(self):
        # Stored as people read and dial it ((021) 7470xxxx): it is printed on letters as is.
        phone = self.cleaned_data.get("phone")
        return display_phone(phone) if phone else ""

    def clean_whatsapp(self):
        whatsapp = self.cleaned_data.get("whatsapp")
        if whatsapp and not whatsapp_number(whatsapp):
            raise ValidationError(
                _("%(value)s is a landline: WhatsApp needs a mobile number, e.g. 0812-3456-7890."),
                code="not_mobile",
                params={"value": display_phone(whatsapp)},
            )
        return whatsapp or ""

    def clean_signatory_nip(self):
        return clean_nip(self.cleaned_data.get("signatory_nip", ""))

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        return clean_logo(upload) if upload else None

    def profile_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
