"""Legality rules are data an office admin edits in the administration: shipped rules (no
organisation) are read-only for them, their office's own rules are theirs."""

from django.contrib import admin

from kurasi.accounts.admin import administered_organisations, site
from kurasi.registry.admin import OwnOrganisationAdmin

from .models import LegalityRule, ProductLegalProfile


@admin.register(LegalityRule, site=site)
class LegalityRuleAdmin(OwnOrganisationAdmin):
    list_display = [
        "name",
        "code",
        "organisation",
        "scope",
        "severity",
        "valid_from",
        "valid_until",
    ]
    list_filter = ["severity", "scope"]
    search_fields = ["name", "code", "legal_basis"]
    filter_horizontal = ["certificate_types", "product_groups"]
    fieldsets = [
        (None, {"fields": ["organisation", "code", "name", "legal_basis", "source", "position"]}),
        (
            "Rule",
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
        ("Advice", {"fields": ["issuer", "free_route", "typical_cost", "how_to"]}),
    ]

    def get_queryset(self, request):
        # Office admins see the shipped rules (read-only) so they know what applies.
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(organisation__isnull=True) | queryset.filter(
            organisation__in=administered_organisations(request.user)
        )


@admin.register(ProductLegalProfile, site=site)
class ProductLegalProfileAdmin(OwnOrganisationAdmin):
    organisation_path = "product__business__organisation"
    list_display = ["product", "sni_category", "high_risk"]
    list_filter = ["sni_category", "high_risk"]
    search_fields = ["product__name", "product__business__name"]
    raw_id_fields = ["product"]
