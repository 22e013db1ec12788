"""The office's catalogues: product groups, permit and certificate types, region name aliases.

Each form is given the office: a code or an alias is unique within the office (the database
says so too, but a form that leaves the office out of its fields must check it itself, to answer
with a sentence rather than an error page).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kurasi.lib.concurrency import RevisionFormMixin
from kurasi.lib.regions import region_name, validate_region_code

from .models import CertificateType, ProductGroup, RegionAlias
from .regions import is_within, normalise_name

KBLI_CODE = re.compile(r"^\d{5}$")


class OfficeCatalogueForm(RevisionFormMixin, forms.ModelForm):
    def __init__(self, organisation, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def office_rows(self):
        """The office's own rows of this catalogue but the one being edited."""
        rows = self._meta.model.objects.filter(organisation=self.organisation)
        return rows.exclude(pk=self.instance.pk) if self.instance.pk else rows


class ProductGroupForm(OfficeCatalogueForm):
    kbli_codes = forms.CharField(
        label=_("usual KBLI codes"),
        required=False,
        help_text=_("Five-digit KBLI codes separated by commas, e.g. 10792, 10793."),
    )

    class Meta:
        model = ProductGroup
        fields = ["name", "code", "is_food", "kbli_codes", "position"]
        help_texts = {
            "code": _("Short, lower case, no spaces (e.g. makanan-ringan); used in files."),
            "is_food": _("Food and drink follow their own legality rules (P-IRT, BPOM, halal)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["kbli_codes"] = ", ".join(self.instance.kbli_codes or [])

    def clean_code(self):
        code = self.cleaned_data["code"]
        if self.office_rows().filter(code=code).exists():
            raise ValidationError(
                _("Another product group of your office has the code %(code)s."),
                params={"code": code},
            )
        return code

    def clean_kbli_codes(self):
        codes = [c for c in re.split(r"[\s,;]+", self.cleaned_data.get("kbli_codes", "")) if c]
        wrong = [c for c in codes if not KBLI_CODE.match(c)]
        if wrong:
            raise ValidationError(
                _("A KBLI code has five digits (e.g. 10792): %(wrong)s."),
                params={"wrong": ", ".join(wrong)},
            )
        return list(dict.fromkeys(codes))


class CertificateTypeForm(OfficeCatalogueForm):
    class Meta:
        model = CertificateType
        fields = [
            "name",
            "code",
            "issuer",
            "number_pattern",
            "number_example",
            "validity_years",
            "position",
        ]
        # The model's position has no name of its own.
        labels = {"position": _("Position")}
        help_texts = {
            "code": _("Short, lower case, no spaces (e.g. izin-edar-pkrt)."),
            "number_pattern": _(
                "Optional. A regular expression the whole number must match, checked with "
                "spaces, dots, dashes and slashes removed and letters in capitals; e.g. "
                "[0-9]{15} for fifteen digits. Empty: any text is accepted."
            ),
            "number_example": _("A real number of this type; required with a format."),
        }

    def clean_code(self):
        code = self.cleaned_data["code"]
        shipped = CertificateType.objects.filter(organisation__isnull=True, code=code)
        if shipped.exists() or self.office_rows().filter(code=code).exists():
            raise ValidationError(
                _("The code %(code)s is already used by another type: choose another."),
                params={"code": code},
            )
        return code

    def clean_number_pattern(self):
        pattern = self.cleaned_data.get("number_pattern", "").strip()
        if pattern:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValidationError(
                    _(
                        "This is not a valid regular expression (%(error)s). Check the brackets, "
                        "e.g. [0-9]{13} for thirteen digits."
                    ),
                    params={"error": error},
                ) from error
        return pattern

    def clean(self):
        cleaned = super().clean()
        pattern = cleaned.get("number_pattern")
        example = cleaned.get("number_example", "")
        if pattern and not example:
            self.add_error(
                "number_example",
                _("Give an example number, so that the format can be checked against it."),
            )
        elif pattern and example:
            probe = CertificateType(number_pattern=pattern)
            if not probe.number_is_valid(probe.normalise_number(example)):
                self.add_error(
                    "number_example",
                    _(
                        "The example %(example)s (checked as %(normalised)s) does not match the "
                        "number format: correct one or the other."
                    )
                    % {"example": example, "normalised": probe.normalise_number(example)},
                )
        return cleaned


class RegionAliasForm(OfficeCatalogueForm):
    class Meta:
        model = RegionAlias
        fields = ["alias", "code"]
        help_texts = {
            "alias": _("The name as your files write it, e.g. Sarua."),
            "code": _(
                "The Kemendagri code of the district or village it means, e.g. 36.74.02.1004."
            ),
        }

    def clean_alias(self):
        alias = self.cleaned_data["alias"]
        normalised = normalise_name(alias)
        if not normalised:
            raise ValidationError(_("Type the name with letters or digits."))
        if self.office_rows().filter(alias=normalised).exists():
            raise ValidationError(
                _("Your office already has the alias %(alias)s."), params={"alias": alias}
            )
        return alias

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        validate_region_code(code)
        area = self.organisation.region_code
        if not is_within(code, area) or code.count(".") < 2:
            raise ValidationError(
                _(
                    "%(code)s (%(name)s) is not a district or village of %(area)s: an alias "
                    "stands for a district or village in your office's area."
                ),
                params={
                    "code": code,
                    "name": region_name(code),
                    "area": region_name(area) or area,
                },
            )
        return code
