"""Legality rules as data (DOMAIN.md §5) and the product facts they are judged on.

A rule says which permit or certificate (or one of several alternatives) a business or a product
needs, under which conditions, and from which date until which date the rule holds. Shipped rules
have no organisation; an office adds its own. Rules are never constants in code: a programme run
in 2017 is judged by the rules that held in 2017.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kurasi.registry.models import BusinessScale


class Severity(models.TextChoices):
    MANDATORY = "mandatory", _("Mandatory")
    RECOMMENDED = "recommended", _("Recommended")


class RuleScope(models.TextChoices):
    BUSINESS = "business", _("Every business")
    FOOD = "food", _("Food and drink products")
    NON_FOOD = "non_food", _("Non-food products")
    ALL_PRODUCTS = "all_products", _("Every product")
    GROUPS = "groups", _("Products of the chosen product groups")


class SniCategory(models.TextChoices):
    """Product kinds under a mandatory SNI (DOMAIN.md §5). A product is put in one explicitly by
    staff (its legality profile): names are never guessed from product names."""

    MINERAL_WATER = "mineral-water", _("Bottled mineral water")
    IODISED_SALT = "iodised-salt", _("Iodised salt")
    PALM_COOKING_OIL = "palm-cooking-oil", _("Palm cooking oil")
    INSTANT_COFFEE = "instant-coffee", _("Instant coffee")
    WHEAT_FLOUR = "wheat-flour", _("Wheat flour")
    SUGAR = "sugar", _("Sugar")
    COCOA_POWDER = "cocoa-powder", _("Cocoa powder")
    BISCUITS = "biscuits", _("Biscuits")
    CANNED_FISH = "canned-fish", _("Canned fish")
    BABY_CLOTHING = "baby-clothing", _("Baby clothing")
    TOYS = "toys", _("Toys")


class LegalityRuleQuerySet(models.QuerySet):
    def available_to(self, organisation):
        return self.filter(
            models.Q(organisation__isnull=True) | models.Q(organisation=organisation)
        )


class LegalityRule(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legality_rules",
        verbose_name=_("office"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    # Any one of these satisfies the rule (SPP-IRT or BPOM MD).
    certificate_types = models.ManyToManyField(
        "registry.CertificateType", related_name="legality_rules", verbose_name=_("satisfied by")
    )
    scope = models.CharField(_("applies to"), max_length=14, choices=RuleScope.choices)
    product_groups = models.ManyToManyField(
        "registry.ProductGroup",
        blank=True,
        related_name="legality_rules",
        verbose_name=_("product groups (when it applies to chosen groups)"),
    )
    sni_categories = models.JSONField(
        _("only products in these SNI categories"), default=list, blank=True
    )
    shelf_life_min_days = models.PositiveIntegerField(
        _("shelf life at least (days)"), null=True, blank=True
    )
    shelf_life_max_days = models.PositiveIntegerField(
        _("shelf life at most (days)"), null=True, blank=True
    )
    # None: any product; True: high-risk food only; False: low-risk only.
    high_risk = models.BooleanField(_("high-risk food"), null=True, blank=True)
    scales = models.JSONField(_("business scales (empty: any)"), default=list, blank=True)
    valid_from = models.DateField(_("holds from"), null=True, blank=True)
    valid_until = models.DateField(_("holds until"), null=True, blank=True)
    severity = models.CharField(_("severity"), max_length=12, choices=Severity.choices)
    issuer = models.CharField(_("where to apply"), max_length=300, blank=True)
    free_route = models.TextField(_("free route"), blank=True)
    typical_cost = models.CharField(_("typical cost"), max_length=200, blank=True)
    how_to = models.TextField(_("how to obtain it"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    # Optimistic concurrency: claimed on each save by the services (kurasi/lib/concurrency.py).
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    objects = LegalityRuleQuerySet.as_manager()

    class Meta:
        verbose_name = _("legality rule")
        verbose_name_plural = _("legality rules")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(organisation__isnull=True),
                name="shipped_legality_rule_code_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=models.Q(organisation__isnull=False),
                name="legality_rule_code_unique_per_org",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="legality_rule_until_after_from",
            ),
            models.CheckConstraint(
                condition=models.Q(severity__in=Severity.values), name="legality_severity_known"
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        unknown_scales = set(self.scales or []) - set(BusinessScale.values)
        if unknown_scales:
            raise ValidationError({"scales": _("Unknown scale: %s") % ", ".join(unknown_scales)})
        unknown = set(self.sni_categories or []) - set(SniCategory.values)
        if unknown:
            raise ValidationError(
                {"sni_categories": _("Unknown SNI category: %s") % ", ".join(unknown)}
            )


class ProductLegalProfile(models.Model):
    """Facts about a product that legality rules need and the registry does not hold."""

    product = models.OneToOneField(
        "registry.Product",
        on_delete=models.CASCADE,
        related_name="legal_profile",
        verbose_name=_("product"),
    )
    sni_category = models.CharField(
        _("mandatory-SNI category"), max_length=20, choices=SniCategory.choices, blank=True
    )
    high_risk = models.BooleanField(
        _("high-risk food (milk, meat, fish, frozen, sterilised, pasteurised)"), default=False
    )

    class Meta:
        verbose_name = _("product legality profile")
        verbose_name_plural = _("product legality profiles")

    def __str__(self):
        return str(self.product)


from .models_programmes import (  # noqa: E402, F401
    FacilitationKind,
    FacilitationProgramme,
    Participation,
    ParticipationStatus,
)
