"""Forms of the curation day and assignment pages. Choices come from the office's own rows, so
an id typed into a hidden field cannot reach another office's data."""

import datetime as dt
import html

from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from kurasi.lib.concurrency import RevisionFormMixin, add_revision_field
from kurasi.programmes.models import COUNTED_STATUSES, Application
from kurasi.registry.models import Business

from .models_day import CurationSession, SessionBreak
from .services_day import office_curators


class SessionForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = CurationSession
        fields = ["date", "place", "starts_at", "ends_at", "slot_minutes", "grace_minutes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The session must end after it starts."))
        return data


class TableForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60, help_text=_("e.g. Meja 1"))
    curators = forms.ModelMultipleChoiceField(
        label=_("Curators"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organisation, revision=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curators"].queryset = office_curators(organisation)
        add_revision_field(self, revision)


def programme_applications(programme):
    return (
        Application.objects.for_programme(programme)
        .filter(status__in=COUNTED_STATUSES)
        .select_related("product__business")
        .order_by("product__business__name", "product__name")
    )


class PlaceForm(forms.Form):
    """Put a product at a table and time, or move it there."""

    application = forms.ModelChoiceField(label=_("Product"), queryset=None)
    table = forms.ModelChoiceField(label=_("Table"), queryset=None)
    time = forms.ChoiceField(label=_("Time"))

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        self.fields["application"].queryset = programme_applications(session.programme)
        self.fields["application"].label_from_instance = lambda a: (
            f"{a.product.name} · {a.product.business.name}"
        )
        self.fields["table"].queryset = session.tables.all()
        self.fields["time"].choices = [
            (t.strftime("%H:%M"), t.strftime("%H:%M"))
            for t in (timezone.localtime(s) for s in session.slot_times())
        ]

    def starts_at(self):
        time = dt.datetime.strptime(self.cleaned_data["time"], "%H:%M").time()
        return self.session.at(time)


class DeskSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Business, product or phone number"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True, "type": "search"}),
    )


class PlainSelect(forms.Select):
    """A select whose options are written in one pass: thousands of products through the
    per-option widget template took longer than the rest of the assignment page."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        selected = "" if value is None else str(value)
        # html.escape is what django.utils.html.escape runs, without its per-call wrapping.
        options = "".join(
            f'<option value="{html.escape(str(key))}"'
            f"{' selected' if str(key) == selected else ''}>{html.escape(str(label))}</option>"
            for key, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(attrs),
            mark_safe(options),  # noqa: S308 (escaped above)
        )


class AssignmentAddForm(forms.Form):
    application = forms.ModelChoiceField(label=_("Product"), queryset=None, widget=PlainSelect)
    curator = forms.ModelChoiceField(label=_("Curator"), queryset=None)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        applications = programme_applications(programme)
        self.fields["application"].queryset = applications
        # Options from plain values (thousands of products): the queryset still checks the choice.
        self.fields["application"].choices = [
            ("", _("— choose —")),  # PlainSelect skips the form renderer, which words it
            *(
                (pk, f"{product} · {business}")
                for pk, product, business in applications.values_list(
                    "pk", "product__name", "product__business__name"
                )
            ),
        ]
        self.fields["curator"].queryset = office_curators(programme.organisation)


class ConflictForm(forms.Form):
    business = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    relation = forms.CharField(
        label=_("Your relation with this business"),
        max_length=200,
        help_text=_("e.g. family, employer, supplier, business partner"),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["business"].queryset = Business.objects.for_organisation(organisation)


class BreakForm(forms.ModelForm):
    """A pause in a session: no product is scheduled during it."""

    class Meta:
        model = SessionBreak
        fields = ["starts_at", "ends_at", "label"]
        widgets = {
            "starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "ends_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "label": forms.TextInput(attrs={"placeholder": _("e.g. Lunch and Dzuhur prayer")}),
        }
