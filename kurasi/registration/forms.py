"""Forms of the producer's sign-up and of the registration wizard (producer and assisted).

The wizard reuses the registry's shared forms and only adds what a phone needs (input modes,
autocomplete hints, the camera for photos) and the consent checkboxes.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from kurasi.accounts.forms_password import NewPasswordFields
from kurasi.accounts.models import User
from kurasi.lib.form_fields import LowercaseEmailField, PhoneNumberField
from kurasi.registry.forms import BusinessForm, CertificateForm, PhotoForm, ProductForm

NUMERIC = {"inputmode": "numeric"}


def _set_attrs(form, attrs_by_field):
    for name, attrs in attrs_by_field.items():
        if name in form.fields:
            form.fields[name].widget.attrs.update(attrs)


class SignUpForm(NewPasswordFields):
    """A producer's own account: a name, an email or a phone number (or both), a password."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = PhoneNumberField(
        label=_("Phone number (WhatsApp)"),
        required=False,
        help_text=_("For example 0812-3456-7890. You can log in with it."),
    )
    email = LowercaseEmailField(
        label=_("Email"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Optional if you gave a phone number; needed to reset a forgotten password."),
    )
    # The password pair (NewPasswordFields) between the contact and the consent.
    field_order = ["full_name", "phone", "email", "password1", "password2", "consent"]
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that the office uses my data for it."),
        error_messages={
            "required": _("To register you must agree to the privacy notice."),
        },
    )

    def clean_email(self):
        email = self.cleaned_data.get("email")
        if email and User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _(
                    "An account with this email already exists. Log in, or reset the password "
                    "if you forgot it."
                ),
                code="email_taken",
            )
        return email

    def clean_phone(self):
        phone = self.cleaned_data.get("phone")
        if phone and User.objects.filter(phone=phone).exists():
            raise forms.ValidationError(
                _(
                    "An account with this phone number already exists. Log in, or ask the office "
                    "to help you if you forgot the password."
                ),
                code="phone_taken",
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        contact_missing = not cleaned.get("email") and not cleaned.get("phone")
        if contact_missing and not self.has_error("phone") and not self.has_error("email"):
            self.add_error(
                "phone", _("Give a phone number or an email address, so you can log in.")
            )
        self.check_new_password(
            cleaned,
            full_name=cleaned.get("full_name", ""),
            email=cleaned.get("email"),
            phone=cleaned.get("phone"),
        )
        return cleaned


BUSINESS_ATTRS = {
    "name": {"autocomplete": "organization"},
    "owner_name": {"autocomplete": "name"},
    "email": {"autocomplete": "email"},
    "address": {"autocomplete": "street-address"},
    "postal_code": {"autocomplete": "postal-code", **NUMERIC, "maxlength": 5},
    "capital": NUMERIC,
    "yearly_sales": NUMERIC,
    "year_founded": NUMERIC,
    "workers": NUMERIC,
    "nik": {"autocomplete": "off"},
}

# The business form in sections, so a long form reads as a few short ones on a phone.
BUSINESS_SECTIONS = [
    (_("Business and owner"), ["name", "owner_name", "owner_gender", "nik"]),
    (_("Contact"), ["phone", "phone_is_whatsapp", "email"]),
    (_("Address"), ["address", "village_code", "postal_code"]),
    (_("Permits and size"), ["nib", "npwp", "kbli_codes", "capital", "yearly_sales"]),
    (_("More about the business"), ["year_founded", "workers", "marketplace_links"]),
]


class WizardBusinessForm(BusinessForm):
    """Step 1. `ask_consent`: show the privacy-notice checkbox (new business, or a newer notice).

    `assisted`: the field officer ticks that the producer agreed, and may create their login.
    """

    consent = forms.BooleanField(required=False)
    create_account = forms.BooleanField(
        required=False,
        label=_("Create a login for the producer with this phone number"),
        help_text=_(
            "Kurasi makes a temporary password and shows it once; give it to the producer, who "
            "changes it after logging in. If an account with this phone already exists, the "
            "business is linked to it."
        ),
    )

    def __init__(self, *args, ask_consent, assisted, **kwargs):
        super().__init__(*args, **kwargs)
        _set_attrs(self, BUSINESS_ATTRS)
        self.assisted = assisted
        consent = self.fields["consent"]
        consent.required = ask_consent or assisted
        if assisted:
            consent.label = _("The producer has read or heard the privacy notice and agrees to it.")
            consent.error_messages["required"] = _(
                "Read or explain the privacy notice to the producer and tick that they agree."
            )
        else:
            consent.label = _(
                "I agree that the office keeps this business's data as the privacy notice says."
            )
            consent.error_messages["required"] = _(
                "To register you must agree to the privacy notice."
            )
        if not consent.required:
            del self.fields["consent"]
        if not assisted or (self.instance.pk and self.instance.owner_id):
            del self.fields["create_account"]

    def clean(self):
        cleaned = super().clean()
        phone = cleaned.get("phone")
        staff_phone = (
            cleaned.get("create_account")
            and phone
            and User.objects.filter(phone=phone, memberships__isnull=False).exists()
        )
        if staff_phone:
            self.add_error(
                "create_account",
                _("This phone number belongs to a staff account; it cannot own a business."),
            )
        return cleaned

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in BUSINESS_SECTIONS]

    def extra_fields(self):
        return [self[name] for name in ("create_account", "consent") if name in self.fields]


class WizardProductForm(ProductForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _set_attrs(
            self,
            {
                "name": {"autocomplete": "off"},
                "monthly_capacity": NUMERIC,
                "shelf_life_days": NUMERIC,
            },
        )


class WizardPhotoForm(PhotoForm):
    """A photo from the phone's gallery or camera; still checked by content and re-encoded.

    No `capture` attribute: with it, Android opens the camera only, and a producer whose good
    photos are already in the gallery could not choose them."""

    def __init__(self, *args, required=True, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["photo"]
        field.required = required
        field.widget = forms.ClearableFileInput(attrs={"accept": "image/*"})

    def clean_photo(self):
        # The first photo may come later (from the product's page): no file is no error here.
        return super().clean_photo() if self.cleaned_data.get("photo") else None


class WizardCertificateForm(CertificateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].empty_label = _("— choose the permit or certificate —")


class FindBusinessForm(forms.Form):
    """The field officer's search: a business or owner name, or a phone number."""

    q = forms.CharField(
        label=_("Business name, owner's name or phone number"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "search"}),
    )
