"""Forms for businesses, products, photos and certificates, shared by the producer's registration,
the field officer's assisted registration and the staff registry.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from kurasi.lib.concurrency import RevisionFormMixin
from kurasi.lib.form_fields import PhoneNumberField

from .identifiers import normalise_nib, normalise_nik, normalise_npwp
from .models import Business, Certificate, CertificateType, Product, ProductGroup
from .regions import districts_in, is_within, villages_in
from .uploads import clean_document, clean_photo


def village_choices(area_code):
    """Villages of the area grouped by district, for one select that works without JavaScript."""
    groups = [("", _("— choose the village (kelurahan/desa) —"))]
    for district_code, district_name in districts_in(area_code):
        groups.append((district_name, list(villages_in(district_code))))
    return groups


class DigitsField(forms.CharField):
    """Accepts identifiers typed with spaces, dots or dashes; cleans to digits."""

    def __init__(self, *, normalise, **kwargs):
        self.normalise = normalise
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def to_python(self, value):
        return self.normalise(super().to_python(value))


class BusinessForm(RevisionFormMixin, forms.ModelForm):
    """The business and its owner. `organisation` limits the villages offered to its area."""

    phone = PhoneNumberField(label=_("Phone (WhatsApp)"), required=True)
    nik = DigitsField(
        normalise=normalise_nik, label=_("Owner's NIK"), required=False, max_length=24
    )
    nib = DigitsField(normalise=normalise_nib, label=_("NIB"), required=False, max_length=20)
    npwp = DigitsField(normalise=normalise_npwp, label=_("NPWP"), required=False, max_length=24)
    village_code = forms.ChoiceField(label=_("Village (kelurahan/desa)"))
    kbli_codes = forms.CharField(
        label=_("KBLI codes"),
        required=False,
        help_text=_("5-digit codes separated by commas, e.g. 10710, 10794."),
    )
    marketplace_links = forms.CharField(
        label=_("Marketplace and social media links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One link per line."),
    )

    class Meta:
        model = Business
        fields = [
            "name",
            "owner_name",
            "owner_gender",
            "nik",
            "phone",
            "phone_is_whatsapp",
            "email",
            "address",
            "village_code",
            "postal_code",
            "nib",
            "npwp",
            "kbli_codes",
            "capital",
            "yearly_sales",
            "year_founded",
            "workers",
            "marketplace_links",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["village_code"].choices = village_choices(organisation.region_code)
        self.fields["owner_gender"].required = True
        # The model keeps lists; the form shows them as text (a new business shows "", not "[]").
        self.initial["kbli_codes"] = ", ".join(self.instance.kbli_codes or [])
        self.initial["marketplace_links"] = "\n".join(self.instance.marketplace_links or [])

    def clean_village_code(self):
        code = self.cleaned_data["village_code"]
        if not is_within(code, self.organisation.region_code):
            raise forms.ValidationError(_("Choose a village in the office's area."))
        return code

    def clean_kbli_codes(self):
        codes = [c.strip() for c in self.cleaned_data["kbli_codes"].replace(";", ",").split(",")]
        codes = [c for c in codes if c]
        bad = [c for c in codes if not (c.isdigit() and len(c) == 5)]
        if bad:
            raise forms.ValidationError(
                _("A KBLI code has 5 digits: %(codes)s"), params={"codes": ", ".join(bad)}
            )
        return codes

    def clean_marketplace_links(self):
        validator = forms.URLField(assume_scheme="https")
        links = [line.strip() for line in self.cleaned_data["marketplace_links"].splitlines()]
        return [validator.clean(link) for link in links if link]

    def save(self, commit=True):
        business = super().save(commit=False)
        business.organisation = self.organisation
        business.district_code = business.village_code.rsplit(".", 1)[0]
        if commit:
            business.save()
        return business


class ProductForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "group",
            "name",
            "description",
            "price",
            "unit",
            "monthly_capacity",
            "materials",
            "packaging",
            "shelf_life_days",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "materials": forms.Textarea(attrs={"rows": 2}),
            "price": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "step": 1}),
        }

    def __init__(self, *args, groups, **kwargs):
        """`groups`: the product groups on offer (the programme's, or the organisation's)."""
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["group"].label = _("Product group")  # the model field has no label of its own
        self.fields["group"].empty_label = _("— choose the product group —")

    def clean(self):
        cleaned = super().clean()
        group = cleaned.get("group")
        if group and not group.is_food:
            cleaned["shelf_life_days"] = None
        return cleaned


class PhotoForm(forms.Form):
    # A FileField, not an ImageField: uploads.clean_photo decodes the file itself, with clear
    # messages (too large, too many pixels, not a photo) instead of Django's generic one.
    photo = forms.FileField(
        label=_("Product photo"),
        help_text=_("JPEG, PNG or WebP, at most 10 MB. Location data is removed."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return clean_photo(photo) if photo else None


class CertificateForm(RevisionFormMixin, forms.ModelForm):
    document_file = forms.FileField(
        label=_("Document (PDF or photo)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}
        ),
    )

    class Meta:
        model = Certificate
        fields = ["type", "product", "number", "issuer", "issued_on", "expires_on"]
        widgets = {
            "issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "expires_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, business, **kwargs):
        super().__init__(*args, **kwargs)
        self.business = business
        self.fields["type"].queryset = CertificateType.objects.available_to(business.organisation)
        self.fields["product"].queryset = business.products.all()
        self.fields["product"].required = False
        self.fields["product"].empty_label = _("— the whole business —")

    def clean(self):
        cleaned = super().clean()
        certificate_type = cleaned.get("type")
        number = cleaned.get("number")
        if certificate_type and number:
            number = certificate_type.normalise_number(number)
            if not certificate_type.number_is_valid(number):
                example = certificate_type.number_example
                self.add_error(
                    "number",
                    _("This is not a valid %(type)s number. Example: %(example)s")
                    % {"type": certificate_type.name, "example": example or "—"},
                )
            cleaned["number"] = number
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("The expiry date is before the issue date."))
        return cleaned

    def clean_document_file(self):
        upload = self.cleaned_data.get("document_file")
        return clean_document(upload) if upload else None

    def save(self, commit=True):
        certificate = super().save(commit=False)
        certificate.business = self.business
        return certificate


def product_groups_for(organisation):
    return ProductGroup.objects.filter(organisation=organisation)
