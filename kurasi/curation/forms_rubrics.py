"""Editing a rubric: its scale, criteria (weights, minimums, anchors) and legality checks."""

from django import forms
from django.utils.text import slugify
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


KEY_MAX_LENGTH = 40


def key_from_name(name, taken):
    """A criterion's key made from its name (`rasa-dan-aroma`), unlike any key in `taken`.

    Keys name a criterion in scores, exports and comparisons across versions, so a key once
    made is kept when the criterion is renamed: only a criterion without one gets a new key.
    """
    base = slugify(name)[:KEY_MAX_LENGTH].strip("-") or "criterion"
    key, number = base, 2
    while key in taken:
        suffix = f"-{number}"
        key = base[: KEY_MAX_LENGTH - len(suffix)] + suffix
        number += 1
    return key


class CriterionForm(forms.Form):
    # Technical: shown only under "Advanced"; left empty, it is made from the name.
    key = forms.SlugField(
        label=_("Key (technical)"),
        max_length=KEY_MAX_LENGTH,
        required=False,
        help_text=_(
            "Names the criterion in scores and exports. Left empty, it is made from the name; "
            "it stays the same when you rename the criterion."
        ),
    )
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
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        keys = set()
        for form in kept:
            key = form.cleaned_data["key"]
            if key in keys:
                form.add_error("key", _("Each criterion needs its own key."))
            elif key:
                keys.add(key)
        # Criteria without a key get one from their name, unlike every key typed or kept.
        for form in kept:
            if form.cleaned_data.get("key") == "":
                form.cleaned_data["key"] = key_from_name(form.cleaned_data["name"], keys)
                keys.add(form.cleaned_data["key"])
        for form in kept:
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
