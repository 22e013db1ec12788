from django import forms
from django.utils.translation import gettext_lazy as _

from kurasi.accounts.models import User
from kurasi.lib.concurrency import RevisionFormMixin
from kurasi.lib.form_fields import LowercaseEmailField, PhoneNumberField
from kurasi.registry.identifiers import normalise_nik, validate_nik
from kurasi.registry.models import Business

from .models import DataBreach, DataCategory


class AccountCorrectionForm(forms.Form):
    """Name and phone. The email is changed on the account page, confirmed from the new address
    (accounts.services_email), never here."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = PhoneNumberField(label=_("Phone number (WhatsApp)"), required=False)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def _taken(self, field, value):
        return User.objects.exclude(pk=self.user.pk).filter(**{f"{field}__iexact": value}).exists()

    def clean_phone(self):
        phone = self.cleaned_data.get("phone")
        if phone and self._taken("phone", phone):
            raise forms.ValidationError(_("Another account already uses this phone number."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if not self.user.email and not cleaned.get("phone") and not self.errors:
            raise forms.ValidationError(
                _("Keep an email or a phone number: you log in with one of them.")
            )
        return cleaned


class OwnerCorrectionForm(forms.ModelForm):
    """The owner's personal data on one business; the business's own facts are in the registry."""

    # Wider than 16: people type NIKs with spaces or dots, cleaned below.
    nik = forms.CharField(
        label=_("NIK (national ID number)"),
        required=False,
        max_length=24,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = PhoneNumberField(label=_("Phone number (WhatsApp)"), required=False)
    email = LowercaseEmailField(label=_("Email"), required=False)

    class Meta:
        model = Business
        fields = ["owner_name", "nik", "phone", "email", "address"]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_nik(self):
        nik = normalise_nik(self.cleaned_data.get("nik"))
        validate_nik(nik)
        return nik

    def clean_phone(self):
        return self.cleaned_data.get("phone") or ""

    def clean_email(self):
        return self.cleaned_data.get("email") or ""


class RequestForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Office"), queryset=None, empty_label=None, to_field_name="slug"
    )
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Answer to the producer"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RefusalForm(forms.Form):
    answer = forms.CharField(
        label=_("Why the request is refused"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the request is refused: the producer reads it.")},
    )


DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class BreachForm(RevisionFormMixin, forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("Data concerned"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = DataBreach
        fields = [
            "discovered_at",
            "description",
            "categories",
            "people_affected",
            "measures",
            "authority_notified_at",
            "authority_notice",
            "people_notified_at",
            "people_notice",
        ]
        widgets = {
            "discovered_at": DATETIME,
            "authority_notified_at": DATETIME,
            "people_notified_at": DATETIME,
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 3}),
            "authority_notice": forms.Textarea(attrs={"rows": 2}),
            "people_notice": forms.Textarea(attrs={"rows": 2}),
            "people_affected": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
        }
        help_texts = {
            "authority_notice": _("e.g. letter number and to whom, or the reporting channel."),
            "people_notice": _("e.g. WhatsApp message and email to each person on 2026-11-03."),
        }

    def clean(self):
        cleaned = super().clean()
        discovered = cleaned.get("discovered_at")
        for field in ("authority_notified_at", "people_notified_at"):
            when = cleaned.get(field)
            if when and discovered and when < discovered:
                self.add_error(field, _("A notification cannot come before the discovery."))
        return cleaned
