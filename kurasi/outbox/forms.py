"""The outbox's filters and the officer's mark on one message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Channel, Kind, State
from .services import MARKS

# Where a mark sends the officer back to (names the page, never a URL from the form).
BACK_TO = ("whatsapp", "print", "failed", "list")


class OutboxFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("All states")), *State.choices]
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("All channels")), *Channel.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Kind.choices]
    )

    def filter(self, messages):
        if not self.is_valid():
            return messages
        for name in ("state", "channel", "kind"):
            if self.cleaned_data.get(name):
                messages = messages.filter(**{name: self.cleaned_data[name]})
        return messages


class MarkForm(forms.Form):
    action = forms.ChoiceField(choices=[(key, key) for key in MARKS])
    note = forms.CharField(required=False, max_length=300)
    back = forms.ChoiceField(choices=[(name, name) for name in BACK_TO], required=False)
    page = forms.IntegerField(min_value=1, required=False)
