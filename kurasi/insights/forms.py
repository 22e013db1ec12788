from django import forms
from django.utils.translation import gettext_lazy as _

from kurasi.programmes.models import Programme

from .figures import Scope


class FigureFilterForm(forms.Form):
    """Programme and year of the dashboard and the report (GET: nothing personal in them)."""

    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, organisation, data=None, *, offices_below=(), **kwargs):
        programmes = Programme.objects.for_organisation(organisation)
        # A province's office also reads the years of the offices below it (their announced
        # programmes: drafts are each office's own business).
        below = Programme.objects.filter(organisation_id__in=offices_below).published()
        years = sorted(
            set(programmes.values_list("year", flat=True))
            | set(below.values_list("year", flat=True)),
            reverse=True,
        )
        if data is not None and not data:
            # A first visit shows the latest year: the curation the office is busy with.
            data = {"year": years[0]} if years else None
        super().__init__(data, **kwargs)
        self.organisation = organisation
        self.fields["programme"].queryset = programmes
        self.fields["programme"].empty_label = _("All programmes")
        self.fields["year"].choices = [("", _("All years")), *((y, y) for y in years)]

    def scope(self) -> Scope:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        programme = data.get("programme")
        # A chosen programme fixes the year; a year that contradicts it is ignored.
        year = None if programme else data.get("year")
        return Scope(self.organisation, programme, year)
