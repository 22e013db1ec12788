from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kurasi.lib.concurrency import RevisionFormMixin, add_revision_field
from kurasi.registry.models import CertificateType, ProductGroup
from kurasi.registry.regions import districts_in

from .models import FacilitationProgramme, ParticipationStatus

LIST_CHOICES = [
    ("halal", _("Producers needing halal support")),
    ("sni", _("Products not yet meeting SNI")),
    ("nib", _("Producers without NIB")),
    ("pirt", _("Food producers without P-IRT or BPOM MD")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class GapFilterForm(forms.Form):
    list = forms.ChoiceField(label=_("List"), choices=LIST_CHOICES, required=False)
    district = forms.ChoiceField(label=_("District"), required=False)
    group = forms.ModelChoiceField(
        label=_("Product group"), queryset=ProductGroup.objects.none(), required=False
    )
    on = forms.DateField(label=_("Judged on"), required=False, widget=DateInput())
    mandatory = forms.BooleanField(label=_("Mandatory only"), required=False)

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = [
            ("", _("All districts")),
            *districts_in(organisation.region_code),
        ]
        self.fields["group"].queryset = ProductGroup.objects.filter(organisation=organisation)
        self.fields["group"].empty_label = _("All product groups")

    def value(self, name, default=None):
        if self.is_valid():
            return self.cleaned_data.get(name) or default
        return default

    @property
    def day(self):
        return self.value("on") or timezone.localdate()


class ProgrammeForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = FacilitationProgramme
        fields = [
            "title",
            "kind",
            "target_type",
            "target_criterion_key",
            "quota",
            "starts_on",
            "ends_on",
            "provider",
            "cost_to_producer",
            "description",
        ]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target_type"].queryset = CertificateType.objects.available_to(organisation)

    def clean_quota(self):
        """Producers taking part keep their places: a lower quota would only hide an overbooking
        (dropping someone is a status change on the programme's page)."""
        quota = self.cleaned_data.get("quota")
        taking_part = self.instance.places_taken() if self.instance.pk else 0
        if quota is not None and quota < taking_part:
            raise forms.ValidationError(
                ngettext(
                    "%(taken)s producer already takes part: the quota cannot be lower.",
                    "%(taken)s producers already take part: the quota cannot be lower.",
                    taking_part,
                )
                % {"taken": taking_part}
            )
        return quota

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date is before the start date."))
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ParticipationStatus.choices)
    note = forms.CharField(label=_("Outcome note"), required=False, max_length=500)

    def __init__(self, *args, participation, **kwargs):
        super().__init__(*args, **kwargs)
        self.participation = participation
        add_revision_field(self, participation.revision)

    def clean_status(self):
        """A programme that leads to a certificate is done when the certificate obtained is
        recorded (CompleteForm), never by a bare status change."""
        status = self.cleaned_data["status"]
        done = ParticipationStatus.DONE
        already_done = self.participation.status == done
        if status == done and self.participation.programme.target_type_id and not already_done:
            raise forms.ValidationError(
                _(
                    "This programme leads to a certificate: a participant is done when the "
                    "certificate obtained is recorded, on the programme's page."
                )
            )
        return status


class CompleteForm(forms.Form):
    number = forms.CharField(label=_("Certificate number"), max_length=60)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput())
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput())
    product = forms.ChoiceField(label=_("Product (empty: the whole business)"), required=False)

    def __init__(self, business, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.products = {str(p.pk): p for p in business.products.all()}
        self.fields["product"].choices = [("", _("The whole business"))] + [
            (key, p.name) for key, p in self.products.items()
        ]

    def clean_product(self):
        return self.products.get(self.cleaned_data.get("product") or "")
