"""Editing a rubric: its scale, criteria (weights, minimums, anchors) and legality checks."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kurasi.lib.concurrency import RevisionFormMixin
from kurasi.registry.models import CertificateType

from .models import CurationPlan, Rubric, RubricKind


class RubricForm(RevisionFormMixin, forms.ModelForm):
    class Meta:
        model = Rubric
        fields = ["name", "kind", "scale_min", "scale_max"]

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("scale_min"), cleaned.get("scale_max")
        if low is not None and high is not None and not (0 <= low < high <= 10):
            raise forms.ValidationError(_("The scale must run upwards, between 0 and 10."))
        return cleaned


class CriterionForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=40)
    name = forms.CharField(label=_("Criterion"), max_length=150)
    guidance = forms.CharField(
        label=_("What to look at"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.DecimalField(label=_("Weight"), min_value=0.01, max_digits=6, decimal_places=2)
    minimum = forms.IntegerField(label=_("Minimum to pass"), required=False, min_value=0)
    anchors = forms.CharField(
        label=_("Meaning of each score"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One line per score, from the lowest to the highest."),
    )

    def anchor_lines(self):
        return [line.strip() for line in self.cleaned_data["anchors"].splitlines() if line.strip()]


class BaseCriterionFormSet(forms.BaseFormSet):
    def __init__(self, *args, scale, **kwargs):
        self.scale = scale
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors):
            return
        low, high = self.scale
        keys = set()
        for form in self.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            key = form.cleaned_data["key"]
            if key in keys:
                form.add_error("key", _("Each criterion needs its own key."))
            keys.add(key)
            if len(form.anchor_lines()) != high - low + 1:
                form.add_error(
                    "anchors",
                    _("Write exactly %(count)s lines, one for each score from %(low)s to %(high)s.")
                    % {"count": high - low + 1, "low": low, "high": high},
                )
            minimum = form.cleaned_data.get("minimum")
            if minimum is not None and not low <= minimum <= high:
                form.add_error("minimum", _("The minimum must be on the scale."))
        if not keys:
            raise forms.ValidationError(_("A rubric needs at least one criterion."))


CriterionFormSet = forms.formset_factory(
    CriterionForm, formset=BaseCriterionFormSet, extra=1, can_delete=True
)


class LegalityForm(forms.Form):
    """Which permits the curators check, and which of them are required to pass."""

    def __init__(self, *args, organisation, rubric=None, **kwargs):
        super().__init__(*args, **kwargs)
        current = {}
        if rubric is not None:
            current = {c.certificate_type_id: c.is_gate for c in rubric.legality_checks.all()}
        self.types = list(CertificateType.objects.available_to(organisation))
        for certificate_type in self.types:
            self.fields[f"check_{certificate_type.pk}"] = forms.ChoiceField(
                label=certificate_type.name,
                choices=[
                    ("", _("not checked")),
                    ("flag", _("checked")),
                    ("gate", _("required to pass")),
                ],
                required=False,
                initial=("gate" if current[certificate_type.pk] else "flag")
                if certificate_type.pk in current
                else "",
            )

    def checks(self):
        return [
            (certificate_type, self.cleaned_data[f"check_{certificate_type.pk}"] == "gate")
            for certificate_type in self.types
            if self.cleaned_data.get(f"check_{certificate_type.pk}")
        ]


class CurationPlanForm(forms.ModelForm):
    class Meta:
        model = CurationPlan
        fields = ["curators_per_application", "disagreement_threshold"]


class PresetChoiceForm(forms.Form):
    preset = forms.ChoiceField(
        choices=[(k.value, k.label) for k in (RubricKind.FOOD, RubricKind.NON_FOOD)]
    )
