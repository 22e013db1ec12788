"""Filters of the office's audit log; the export takes the same filters."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .labels import ACTION_LABELS, object_type_label

# The records people ask about, in the order the filter lists them.
OBJECT_TYPES = [
    "registry.business",
    "registry.product",
    "registry.certificate",
    "programmes.application",
    "curation.assessment",
    "curation.decision",
    "curation.appeal",
    "exhibitions.allocation",
    "exhibitions.exhibition",
    "accounts.membership",
    "accounts.user",
    "curation.rubric",
    "accounts.organisation",
]


def _label(choice):
    return choice[1]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), required=False)
    actor = forms.ModelChoiceField(
        label=_("Who"), required=False, queryset=get_user_model().objects.none()
    )
    date_from = forms.DateField(
        label=pgettext_lazy("date range", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label=pgettext_lazy("date range", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    object_type = forms.ChoiceField(label=_("Record type"), required=False)
    object_id = forms.CharField(label=_("Record number"), required=False, max_length=64)

    def __init__(self, data, *, organisation):
        super().__init__(data)
        actions = sorted(((code, str(label)) for code, label in ACTION_LABELS.items()), key=_label)
        self.fields["action"].choices = [("", _("All actions")), *actions]
        self.fields["actor"].queryset = (
            get_user_model()
            .objects.filter(memberships__organisation=organisation)
            .distinct()
            .order_by("full_name")
        )
        self.fields["actor"].empty_label = _("Everyone")
        self.fields["object_type"].choices = [
            ("", _("All records")),
            *((code, object_type_label(code).capitalize()) for code in OBJECT_TYPES),
        ]

    def filter(self, events):
        """`events` narrowed to the valid filters; invalid ones are ignored (shown as errors)."""
        self.is_valid()
        data = self.cleaned_data
        lookups = {
            "action": "action",
            "actor": "actor",
            "date_from": "created_at__date__gte",
            "date_to": "created_at__date__lte",
            "object_type": "object_type",
            "object_id": "object_id",
        }
        for name, lookup in lookups.items():
            value = data.get(name)
            if value:
                events = events.filter(**{lookup: value.strip() if name == "object_id" else value})
        return events

    def summary(self) -> dict:
        """The filters in use, for the export's own audit event."""
        self.is_valid()
        return {
            key: (value.pk if hasattr(value, "pk") else str(value))
            for key, value in self.cleaned_data.items()
            if value
        }
