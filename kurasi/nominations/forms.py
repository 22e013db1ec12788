"""Forms of calls for nominations: the organiser's call, the office's consent record and list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kurasi.exhibitions.models import Exhibition
from kurasi.lib.answers import STAFF_CHANNELS, check_who
from kurasi.lib.concurrency import add_revision_field
from kurasi.programmes.forms import JakartaDateTimeField
from kurasi.registry.models import CertificateType

from .services import DEFAULT_QUOTA


class CallForm(forms.Form):
    """The organiser's call; one row per office below (ask it? quota, minimum) is added as
    fields `ask_<id>`, `quota_<id>`, `minimum_<id>`."""

    exhibition = forms.ModelChoiceField(label=_("Exhibition"), queryset=Exhibition.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    note = forms.CharField(
        label=_("What you ask of the offices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    deadline = JakartaDateTimeField(label=_("Nominations close (WIB)"))
    passed_within_years = forms.IntegerField(
        label=_("Passed curation within (years)"), min_value=1, max_value=10, initial=2
    )
    groups = forms.ModelMultipleChoiceField(
        label=_("Product groups"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Nominees are filed under one of these. None ticked: any product."),
    )
    food_certificate_codes = forms.MultipleChoiceField(
        label=_("Food and drink must hold one of"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: no permit asked of food and drink."),
    )

    def __init__(self, *args, organisation, offices, call=None, **kwargs):
        """`offices`: the offices below the organiser; `call`: the call edited (None: new)."""
        self.offices = list(offices)
        self.call = call
        super().__init__(*args, **kwargs)
        if call is None:
            self.fields["exhibition"].queryset = Exhibition.objects.filter(
                organisation=organisation, nomination_call__isnull=True
            )
        else:
            del self.fields["exhibition"]
            add_revision_field(self, call.revision)
        self.fields["groups"].queryset = organisation.product_groups.all()
        self.fields["food_certificate_codes"].choices = _permit_choices(organisation)
        asked = {co.office_id: co for co in call.offices.all()} if call else {}
        for office in self.offices:
            row = asked.get(office.pk)
            self.fields[f"ask_{office.pk}"] = forms.BooleanField(
                label=office.name,
                required=False,
                initial=row is not None if call else office.parent_id == organisation.pk,
            )
            self.fields[f"quota_{office.pk}"] = forms.IntegerField(
                label=_("At most"),
                required=False,
                min_value=1,
                max_value=500,
                initial=row.quota if row else DEFAULT_QUOTA,
            )
            self.fields[f"minimum_{office.pk}"] = forms.IntegerField(
                label=_("At least placed"),
                required=False,
                min_value=0,
                max_value=500,
                initial=row.minimum if row else 0,
            )

    def office_rows(self):
        """(office, ask field, quota field, minimum field) for the template."""
        return [
            (o, self[f"ask_{o.pk}"], self[f"quota_{o.pk}"], self[f"minimum_{o.pk}"])
            for o in self.offices
        ]

    def office_fields(self):
        return {
            name
            for o in self.offices
            for name in (f"ask_{o.pk}", f"quota_{o.pk}", f"minimum_{o.pk}")
        }

    def clean(self):
        data = super().clean()
        for office in self.offices:
            quota, minimum = data.get(f"quota_{office.pk}"), data.get(f"minimum_{office.pk}")
            if quota is not None and minimum is not None and minimum > quota:
                self.add_error(f"minimum_{office.pk}", _("The minimum cannot be above the quota."))
        if self.offices and not self.asked():
            raise forms.ValidationError(_("Tick at least one office to ask."))
        return data

    def asked(self):
        """[(office, quota, minimum)] of the offices ticked."""
        data = self.cleaned_data
        return [
            (o, data.get(f"quota_{o.pk}") or DEFAULT_QUOTA, data.get(f"minimum_{o.pk}") or 0)
            for o in self.offices
            if data.get(f"ask_{o.pk}")
        ]

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "note": data["note"],
            "deadline": data["deadline"],
            "passed_within_years": data["passed_within_years"],
            "groups": list(data["groups"]),
            "food_certificate_codes": data["food_certificate_codes"],
            "offices": self.asked(),
        }


def _permit_choices(organisation):
    seen, choices = set(), []
    for code, name in CertificateType.objects.available_to(organisation).values_list(
        "code", "name"
    ):
        if code not in seen:
            seen.add(code)
            choices.append((code, name))
    return choices


def call_initial(call):
    return {
        "title": call.title,
        "note": call.note,
        "deadline": call.deadline,
        "passed_within_years": call.passed_within_years,
        "groups": list(call.groups.all()),
        "food_certificate_codes": list(call.food_certificate_codes),
    }


GIVEN, REFUSED = "given", "refused"


class ConsentForm(forms.Form):
    """The producer's answer to sharing her data with the organiser, given to the office."""

    answer = forms.ChoiceField(
        label=_("Answer"),
        widget=forms.RadioSelect,
        choices=[(GIVEN, _("Agrees to share")), (REFUSED, _("Does not agree"))],
    )
    consent_by = forms.CharField(
        label=_("Who answered"),
        max_length=120,
        help_text=_("The name as they said it, e.g. Ibu Sari, owner. No phone number."),
    )
    channel = forms.ChoiceField(
        label=_("How they answered"), choices=STAFF_CHANNELS, widget=forms.RadioSelect
    )

    def clean_consent_by(self):
        try:
            return check_who(self.cleaned_data["consent_by"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages, code="phone") from None


class SubmitForm(forms.Form):
    cover_note = forms.CharField(
        label=_("Cover note to the organiser"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    share_photos = forms.BooleanField(label=_("Share product photos"), required=False)
    share_scores = forms.BooleanField(label=_("Share scores and outcome"), required=False)
    share_legality = forms.BooleanField(
        label=_("Share legality status (permits held, valid or not)"), required=False
    )


def submit_initial(call_office):
    return {
        "cover_note": call_office.cover_note,
        "share_photos": call_office.share_photos,
        "share_scores": call_office.share_scores,
        "share_legality": call_office.share_legality,
    }
