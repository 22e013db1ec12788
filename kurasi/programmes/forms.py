"""The programme (open call) form and the verification of an application."""

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kurasi.lib.concurrency import RevisionFormMixin
from kurasi.lib.regions import validate_region_code
from kurasi.registry.models import CertificateType, ProductGroup
from kurasi.registry.regions import is_within

from .models import ApplicationStatus, Programme, ProgrammeStatus

# The call's dates are announced in the office's time zone; Tangsel and the demo are in WIB.
CALL_TIME_ZONE = ZoneInfo("Asia/Jakarta")
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class JakartaDateTimeField(forms.DateTimeField):
    """A `datetime-local` input read and shown in Asia/Jakarta, whatever the server's zone."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_LOCAL)

    def __init__(self, **kwargs):
        super().__init__(input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M"], **kwargs)

    def prepare_value(self, value):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return value.astimezone(CALL_TIME_ZONE).strftime(DATETIME_LOCAL)
        return value

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            for fmt in self.input_formats:
                try:
                    naive = dt.datetime.strptime(value.strip(), fmt)
                except ValueError:
                    continue
                return naive.replace(tzinfo=CALL_TIME_ZONE)
            raise forms.ValidationError(
                _("Enter a date and time, e.g. 2026-09-01 08:00."), code="invalid"
            )
        return super().to_python(value)


class ProgrammeForm(RevisionFormMixin, forms.ModelForm):
    registration_opens_at = JakartaDateTimeField(label=_("Registration opens (WIB)"))
    registration_closes_at = JakartaDateTimeField(label=_("Registration closes (WIB)"))

    class Meta:
        model = Programme
        fields = [
            "title",
            "slug",
            "year",
            "status",
            "announcement",
            "product_groups",
            "registration_opens_at",
            "registration_closes_at",
            "curation_date",
            "quota",
            "eligible_region_code",
            "required_certificate_types",
            "venue",
            "contact",
            "retention_months",
        ]
        widgets = {
            "announcement": forms.Textarea(attrs={"rows": 8}),
            "product_groups": forms.CheckboxSelectMultiple,
            "required_certificate_types": forms.CheckboxSelectMultiple,
            "curation_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "quota": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
        }
        help_texts = {
            "slug": _("Lower-case letters, digits and dashes; used in the call's address."),
            "eligible_region_code": _(
                "Empty: producers of the office's whole area. Or a district code, e.g. 36.74.01."
            ),
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["product_groups"].queryset = ProductGroup.objects.filter(
            organisation=organisation
        )
        self.fields["required_certificate_types"].queryset = CertificateType.objects.available_to(
            organisation
        )
        self.fields["required_certificate_types"].required = False

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug == "new":  # the address of the "new programme" page
            raise forms.ValidationError(_("Choose another short name."))
        taken = Programme.objects.filter(organisation=self.organisation, slug=slug)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another programme of the office uses this address."))
        return slug

    def clean_quota(self):
        quota = self.cleaned_data.get("quota")
        if quota is not None and quota < 1:
            raise forms.ValidationError(
                _("Leave the quota empty for no limit, or enter 1 or more.")
            )
        # Registered products keep their places: a lower quota would only hide an overbooking.
        counted = self.instance.applications.counted().count() if self.instance.pk else 0
        if quota is not None and quota < counted:
            raise forms.ValidationError(
                ngettext(
                    "%(counted)s product is already registered: the quota cannot be lower "
                    "(a quota equal to it closes the registration).",
                    "%(counted)s products are already registered: the quota cannot be lower "
                    "(a quota equal to it closes the registration).",
                    counted,
                )
                % {"counted": counted}
            )
        return quota

    def clean_eligible_region_code(self):
        code = self.cleaned_data["eligible_region_code"].strip()
        if code:
            validate_region_code(code)
            if not is_within(code, self.organisation.region_code):
                raise forms.ValidationError(
                    _("The eligible area must be inside the office's area.")
                )
        return code

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("registration_opens_at"), cleaned.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        curation = cleaned.get("curation_date")
        if curation and closes and curation < closes.astimezone(CALL_TIME_ZONE).date():
            self.add_error(
                "curation_date", _("The curation day cannot be before registration closes.")
            )
        year = cleaned.get("year")
        if year and opens and abs(opens.astimezone(CALL_TIME_ZONE).year - year) > 1:
            self.add_error("year", _("The year does not match the registration dates."))
        if cleaned.get("status") == ProgrammeStatus.OPEN and not cleaned.get("product_groups"):
            self.add_error(
                "product_groups", _("An open call must accept at least one product group.")
            )
        return cleaned

    def save(self, commit=True):
        programme = super().save(commit=False)
        programme.organisation = self.organisation
        return programme


class VerificationForm(forms.Form):
    """Complete, or incomplete with the reasons the producer will read."""

    decision = forms.ChoiceField(
        label=_("Result"),
        choices=[
            (ApplicationStatus.VERIFIED, _("Complete")),
            (ApplicationStatus.INCOMPLETE, _("Incomplete")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What is missing (goes in the message to the producer)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == ApplicationStatus.INCOMPLETE
            and not cleaned.get("note", "").strip()
        ):
            self.add_error("note", _("Write what is missing, so the producer can complete it."))
        return cleaned


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("— any —")), *ApplicationStatus.choices]
    )
    group = forms.ModelChoiceField(
        label=_("Product group"), queryset=ProductGroup.objects.none(), required=False
    )

    def __init__(self, data=None, *, programme, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["group"].queryset = programme.product_groups.all()
        self.fields["group"].empty_label = _("— any —")

    def values(self):
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}
