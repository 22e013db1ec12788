"""The form with which staff record an answer given by phone, WhatsApp or in person (for an
exhibition place, a facilitation invitation or a curation-day slot), and its API twin's shape."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kurasi.programmes.forms import JakartaDateTimeField

from .answers import STAFF_CHANNELS, AnswerRecord, Channel, check_who

YES, NO = "yes", "no"


class RecordAnswerForm(forms.Form):
    """`answers`: the labels of yes and no for this invitation; `decline_consequence`: what a
    "no" does (the person ticks it to confirm, as a decline cannot be undone)."""

    answer = forms.ChoiceField(label=_("Answer"), widget=forms.RadioSelect)
    answered_by = forms.CharField(
        label=_("Who answered"),
        max_length=120,
        help_text=_("The name as they said it, e.g. Ibu Sari, owner. No phone number."),
    )
    channel = forms.ChoiceField(
        label=_("How they answered"), choices=STAFF_CHANNELS, widget=forms.RadioSelect
    )
    answered_at = JakartaDateTimeField(label=_("When they answered (WIB)"))
    note = forms.CharField(
        label=_("Note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm_decline = forms.BooleanField(
        required=False, help_text=_("Needed only when they decline: a decline cannot be undone.")
    )

    def __init__(self, *args, answers, decline_consequence, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("answered_at", timezone.now())
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = [(YES, answers[0]), (NO, answers[1])]
        self.fields["confirm_decline"].label = decline_consequence

    def clean_answered_by(self):
        try:
            return check_who(self.cleaned_data["answered_by"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages, code="phone") from None

    def clean_answered_at(self):
        answered_at = self.cleaned_data["answered_at"]
        if answered_at > timezone.now():
            raise forms.ValidationError(
                _("The answer cannot be given in the future."), code="future"
            )
        return answered_at

    def clean(self):
        data = super().clean()
        if data.get("answer") == NO and not data.get("confirm_decline"):
            self.add_error(
                "confirm_decline",
                forms.ValidationError(
                    _("Tick the box to confirm the decline."), code="confirm_decline"
                ),
            )
        return data

    @property
    def accept(self) -> bool:
        return self.cleaned_data["answer"] == YES

    def record(self) -> AnswerRecord:
        data = self.cleaned_data
        return AnswerRecord(
            answered_by=data["answered_by"],
            channel=Channel(data["channel"]),
            answered_at=data["answered_at"],
            note=data["note"].strip(),
        )


def show_refusal(form, error):
    """A service's refusal on the form: on its field when it names one, else above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
