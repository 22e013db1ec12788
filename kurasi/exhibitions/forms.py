from django import forms
from django.utils.translation import gettext_lazy as _

from kurasi.curation.models_decisions import OutcomeBand
from kurasi.lib.answers import STAFF_CHANNELS, check_who
from kurasi.lib.concurrency import RevisionFormMixin
from kurasi.programmes.models import Programme
from kurasi.registry.models import CertificateType, ProductGroup

from .models import BoothType, Exhibition, GroupQuota


class ExhibitionForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = Exhibition
        fields = [
            "programme",
            "name",
            "organiser",
            "level",
            "venue",
            "starts_on",
            "ends_on",
            "quota",
            "confirm_days",
            "district_max",
            "admitted_bands",
            "food_certificates",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "admitted_bands": forms.CheckboxSelectMultiple,
            "food_certificates": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["programme"].queryset = Programme.objects.filter(organisation=organisation)
        self.fields["admitted_bands"].queryset = OutcomeBand.objects.filter(
            programme__organisation=organisation
        ).select_related("programme")
        self.fields["admitted_bands"].label_from_instance = lambda b: f"{b.programme.year} · {b}"
        self.fields["food_certificates"].queryset = CertificateType.objects.available_to(
            organisation
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The last day cannot be before the first day."))
        programme = data.get("programme")
        if not programme and data.get("admitted_bands"):
            self.add_error(
                "admitted_bands",
                _("Outcomes apply to a curation programme: choose one, or no outcomes."),
            )
        for band in data.get("admitted_bands") or []:
            if programme and band.programme_id != programme.pk:
                self.add_error("admitted_bands", _("Choose outcomes of the chosen programme."))
                break
        return data


class BoothTypeForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = BoothType
        fields = ["label", "count", "size", "power", "cold_storage", "reserved_for"]
        widgets = {"reserved_for": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reserved_for"].queryset = ProductGroup.objects.filter(
            organisation=organisation
        )


class GroupQuotaForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = GroupQuota
        fields = ["group", "minimum", "maximum"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = ProductGroup.objects.filter(organisation=organisation)

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum"), data.get("maximum")
        if low is not None and high is not None and high < low:
            self.add_error("maximum", _("The maximum cannot be below the minimum."))
        return data


class OverrideForm(forms.Form):
    include = forms.TypedChoiceField(
        label=_("Change"),
        choices=[("1", _("Place by hand")), ("0", _("Take out"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    # The row's revision the page showed (kurasi/lib/concurrency.py); none: as read now.
    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class AnswersForm(forms.Form):
    """What a producer told the office about one product and one exhibition."""

    power = forms.BooleanField(label=_("needs power"), required=False)
    cold_storage = forms.BooleanField(label=_("needs cold storage"), required=False)
    available = forms.BooleanField(label=_("can attend"), required=False)
    first_choice = forms.BooleanField(label=_("first choice"), required=False)


class DeclineForm(forms.Form):
    """The producer's decline, confirmed: the consequence is the checkbox's label."""

    confirm_decline = forms.BooleanField(
        label=_(
            "I decline this place. I understand it goes at once to the next producer on the "
            "waiting list."
        ),
        error_messages={"required": _("Tick the box to confirm the decline.")},
    )


class UndoDeclineForm(forms.Form):
    """Staff recording that a producer asked to take back a decline (by phone, WhatsApp or in
    person)."""

    answered_by = forms.CharField(
        label=_("Who asked"),
        max_length=120,
        help_text=_("The name as they said it, e.g. Ibu Sari, owner. No phone number."),
    )
    channel = forms.ChoiceField(
        label=_("How they asked"), choices=STAFF_CHANNELS, widget=forms.RadioSelect
    )

    def clean_answered_by(self):
        try:
            return check_who(self.cleaned_data["answered_by"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages, code="phone") from None
