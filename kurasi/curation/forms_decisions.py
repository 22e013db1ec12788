"""Forms of the results, decisions, letters and appeals pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models_decisions import OutcomeBand, OutcomeTarget, normalise_code


class BandChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label


class DecideForm(forms.Form):
    """One application: confirm the proposal or choose another outcome with a reason."""

    band = BandChoiceField(queryset=OutcomeBand.objects.none(), label=_("Outcome"))
    reason = forms.CharField(
        label=_("Reason (required when the outcome differs from the proposal)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["band"].queryset = OutcomeBand.objects.filter(programme=programme)


class BulkDecideForm(forms.Form):
    ACTIONS = [("confirm", "confirm"), ("override", "override"), ("group", "group")]

    action = forms.ChoiceField(choices=ACTIONS)
    applications = forms.TypedMultipleChoiceField(coerce=int, required=False)
    confirm_group = forms.IntegerField(required=False)
    band = BandChoiceField(
        queryset=OutcomeBand.objects.none(), required=False, label=_("Outcome for the selected")
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)

    def __init__(self, *args, programme, application_ids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["band"].queryset = OutcomeBand.objects.filter(programme=programme)
        self.fields["applications"].choices = [(pk, pk) for pk in application_ids]

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in ("confirm", "override") and not data.get("applications"):
            raise forms.ValidationError(_("Select at least one product."))
        if action == "override" and not data.get("band"):
            self.add_error("band", _("Choose the outcome for the selected products."))
        if action == "override" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Write why these products get this outcome."))
        if action == "group" and not data.get("confirm_group"):
            raise forms.ValidationError(_("Choose a product group."))
        return data


class BandForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(label=_("Label"), max_length=150)
    minimum_score = forms.DecimalField(
        label=_("Minimum score"), min_value=0, max_value=100, decimal_places=2
    )
    is_pass = forms.BooleanField(label=_("Counts as passed"), required=False)
    target = forms.ChoiceField(
        label=_("Leads to"), choices=OutcomeTarget.choices, initial=OutcomeTarget.NONE
    )


BandFormSet = forms.formset_factory(BandForm, extra=1, can_delete=True, max_num=12)


class PlanSettingsForm(forms.Form):
    appeal_days = forms.IntegerField(
        label=_("Appeal window (days after the letter; 0 = no appeals)"),
        min_value=0,
        max_value=365,
    )
    score_basis = forms.ChoiceField(
        label=_("Propose outcomes from"),
        choices=[("mean", _("Mean of raw scores")), ("calibrated", _("Mean of calibrated scores"))],
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("What do you disagree with, and why?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AnswerAppealForm(forms.Form):
    response = forms.CharField(
        label=_("The office's answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    band = BandChoiceField(
        queryset=OutcomeBand.objects.none(),
        required=False,
        label=_("Change the outcome to (leave empty to keep it)"),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["band"].queryset = OutcomeBand.objects.filter(programme=programme)


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=40,
        help_text=_("The 16 letters and digits printed under the QR code, e.g. 7K2M-…"),
    )

    def clean_code(self):
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(
                _("A verification code has 16 letters and digits, like ABCD-2345-EFGH-6789.")
            )
        return code
