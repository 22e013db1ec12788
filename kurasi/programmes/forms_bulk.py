"""Forms of the bulk pages: entering businesses into a call, verifying many applications."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .enrolment import ConsentBasis
from .models import ApplicationStatus, Programme, ProgrammeStatus

CONSENT_NOTE_NEEDED = _(
    "Say where the evidence of the producers' consent is kept, e.g. the file of forms."
)


class EnrolmentForm(forms.Form):
    """The call, and the basis of the producers' consent (with where its evidence is kept)."""

    programme = forms.ModelChoiceField(
        label=_("Call"), queryset=Programme.objects.none(), empty_label=_("— choose a call —")
    )
    consent_basis = forms.ChoiceField(
        label=_("Producers' consent"),
        choices=ConsentBasis.choices,
        initial=ConsentBasis.RECORDED,
        widget=forms.RadioSelect,
        help_text=_(
            "A producer whose consent to the current privacy notice is not recorded is refused, "
            "unless the office holds it in another way: then it is recorded now, in your name."
        ),
    )
    consent_note = forms.CharField(
        label=_("Where the evidence is kept"),
        required=False,
        max_length=300,
        help_text=_("E.g. “signed forms, folder IKM 2026 at the front desk”."),
    )

    def __init__(self, data=None, *, organisation, **kwargs):
        super().__init__(data, **kwargs)
        # Open calls only: a draft is not announced yet, a closed or finished one takes no one.
        self.fields["programme"].queryset = Programme.objects.for_organisation(organisation).filter(
            status=ProgrammeStatus.OPEN
        )

    def clean(self):
        cleaned = super().clean()
        basis = cleaned.get("consent_basis")
        if basis and basis != ConsentBasis.RECORDED and not cleaned.get("consent_note", "").strip():
            self.add_error("consent_note", CONSENT_NOTE_NEEDED)
        return cleaned


class BulkVerificationForm(forms.Form):
    """Complete, or incomplete with one reason for every application chosen."""

    decision = forms.ChoiceField(
        label=_("Mark the chosen applications"),
        choices=[
            (ApplicationStatus.VERIFIED, _("Complete")),
            (ApplicationStatus.INCOMPLETE, _("Incomplete")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("What is missing (the same for each; goes in the message to the producer)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == ApplicationStatus.INCOMPLETE
            and not cleaned.get("note", "").strip()
        ):
            self.add_error("note", _("Write what is missing, so the producer can complete it."))
        return cleaned
