"""Legality rules and products' legal profiles in the platform operators' admin: shipped rules
have no organisation; an office's own rules belong to it."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from kurasi.accounts.admin import KurasiModelAdmin, site

from .models import LegalityRule, ProductLegalProfile


@admin.register(LegalityRule, site=site)
class LegalityRuleAdmin(KurasiModelAdmin):
    list_display = [
        "name",
        "code",
        "organisation",
        "scope",
        "severity",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["severity", "scope", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "code", "legal_basis"]
    filter_horizontal = ["certificate_types", "product_groups"]
    fieldsets = [
        (None, {"fields": ["organisation", "code", "name", "legal_basis", "source", "position"]}),
        (
            _("Rule"),
            {
                "fields": [
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
                ]
            },
        ),
        (_("Advice"), {"fields": ["issuer", "free_route", "typical_cost", "how_to"]}),
    ]


@admin.register(ProductLegalProfile, site=site)
class ProductLegalProfileAdmin(KurasiModelAdmin):
    list_display = ["product", "sni_category", "high_risk"]
    list_filter = ["sni_category", "high_risk"]
    list_select_related = ["product"]
    search_fields = ["product__name", "product__business__name"]
    raw_id_fields = ["product"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "product":
            kwargs["label"] = _("Product")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
