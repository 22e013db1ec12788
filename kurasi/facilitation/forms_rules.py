"""An office's own legality rule, grouped as on the page: what it is, when it applies, advice."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kurasi.lib.concurrency import RevisionFormMixin
from kurasi.registry.models import BusinessScale, CertificateType, ProductGroup

from .forms import DateInput
from .models import LegalityRule, RuleScope, SniCategory

HIGH_RISK_CHOICES = [
    ("", _("Any product")),
    ("true", _("High-risk food only")),
    ("false", _("Low-risk food only")),
]

# The page's fieldsets: (legend, fields), as the Django admin grouped them.
FIELDSETS = [
    (_("The rule"), ["name", "code", "legal_basis", "source", "position"]),
    (
        _("When it applies"),
        [
            "certificate_types",
            "severity",
            "scope",
            "product_groups",
            "sni_categories",
            "shelf_life_min_days",
            "shelf_life_max_days",
            "high_risk",
            "scales",
            "valid_from",
            "valid_until",
        ],
    ),
    (_("Advice to producers"), ["issuer", "free_route", "typical_cost", "how_to"]),
]


class LegalityRuleForm(RevisionFormMixin, forms.ModelForm):
    sni_categories = forms.MultipleChoiceField(
        label=capfirst(_("only products in these SNI categories")),
        choices=SniCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for any product."),
    )
    scales = forms.MultipleChoiceField(
        label=capfirst(_("business scales (empty: any)")),
        choices=BusinessScale.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    high_risk = forms.TypedChoiceField(
        label=capfirst(_("high-risk food")),
        choices=HIGH_RISK_CHOICES,
        required=False,
        coerce=lambda value: value == "true",
        empty_value=None,
    )

    class Meta:
        model = LegalityRule
        fields = [name for _legend, names in FIELDSETS for name in names]
        widgets = {
            "certificate_types": forms.CheckboxSelectMultiple,
            "product_groups": forms.CheckboxSelectMultiple,
            "valid_from": DateInput(),
            "valid_until": DateInput(),
            "free_route": forms.Textarea(attrs={"rows": 2}),
            "how_to": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "code": _("Short, lower case, no spaces (e.g. izin-edar-kosmetik)."),
            "certificate_types": _("Any one of the ticked permits satisfies the rule."),
            "valid_from": _(
                "Empty: since always. Past programmes are judged by the rules of "
                "their day, so end a rule with a date rather than removing it."
            ),
        }

    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.fields["certificate_types"].queryset = CertificateType.objects.available_to(
            organisation
        )
        self.fields["product_groups"].queryset = ProductGroup.objects.filter(
            organisation=organisation
        )
        if self.instance.pk and self.instance.high_risk is not None:
            self.initial["high_risk"] = "true" if self.instance.high_risk else "false"

    def fieldsets(self):
        return [(legend, [self[name] for name in names]) for legend, names in FIELDSETS]

    def clean_code(self):
        code = self.cleaned_data["code"]
        others = LegalityRule.objects.filter(code=code).filter(
            organisation__isnull=True
        ) | LegalityRule.objects.filter(code=code, organisation=self.organisation)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                _("The code %(code)s is already used by another rule: choose another."),
                params={"code": code},
            )
        return code

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == RuleScope.GROUPS and not cleaned.get("product_groups"):
            self.add_error("product_groups", _("Tick the product groups the rule applies to."))
        low, high = cleaned.get("shelf_life_min_days"), cleaned.get("shelf_life_max_days")
        if low is not None and high is not None and high < low:
            self.add_error(
                "shelf_life_max_days", _("The longest shelf life is below the shortest.")
            )
        starts, ends = cleaned.get("valid_from"), cleaned.get("valid_until")
        if starts and ends and ends < starts:
            self.add_error("valid_until", _("The rule would end before it starts."))
        return cleaned
