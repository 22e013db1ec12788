"""The form to start a programme from an earlier one: the source, a new name and new dates."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurasi.programmes.forms import JakartaDateTimeField
from kurasi.programmes.models import Programme


class ProgrammeCopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy from"),
        queryset=None,
        empty_label=None,
        help_text=_(
            "Its product groups, documents required, rubrics, outcome bands, curators per "
            "product, and sessions with their tables, curators and breaks are copied. "
            "Applications, schedules and scores are not."
        ),
    )
    title = forms.CharField(label=_("Title of the new programme"), max_length=200)
    slug = forms.SlugField(
        label=_("Short name in addresses"),
        max_length=80,
        help_text=_("Lower-case letters, digits and dashes; used in the call's address."),
    )
    year = forms.IntegerField(label=_("Year"), validators=[MinValueValidator(2000)])
    registration_opens_at = JakartaDateTimeField(label=_("Registration opens (WIB)"))
    registration_closes_at = JakartaDateTimeField(label=_("Registration closes (WIB)"))
    curation_date = forms.DateField(
        label=_("Curation day"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "The copied sessions move to this day and keep their hours; a session on the day "
            "after the source's curation day stays on the day after."
        ),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["source"].queryset = Programme.objects.for_organisation(organisation)

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug == "new":  # the address of the "new programme" page
            raise forms.ValidationError(_("Choose another short name."))
        if Programme.objects.filter(organisation=self.organisation, slug=slug).exists():
            raise forms.ValidationError(_("Another programme of the office uses this address."))
        return slug

    def clean_registration_closes_at(self):
        closes = self.cleaned_data["registration_closes_at"]
        if closes <= timezone.now():
            raise forms.ValidationError(
                _("This date has passed: give the new programme's own dates.")
            )
        return closes

    def clean_curation_date(self):
        day = self.cleaned_data["curation_date"]
        if day < timezone.localdate():
            raise forms.ValidationError(
                _("This date has passed: give the new programme's own dates.")
            )
        return day

    def clean(self):
        data = super().clean()
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        day = data.get("curation_date")
        if day and closes and day < timezone.localdate(closes):
            self.add_error("curation_date", _("The curation day comes after registration closes."))
        return data
