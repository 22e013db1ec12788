"""Reference data in the platform operators' admin: certificate types, product groups and
region-name aliases (shipped rows have no organisation). Office admins edit their own office's
rows on Kurasi's pages.
"""

from django.contrib import admin

from kurasi.accounts.admin import KurasiModelAdmin, site

from .models import CertificateType, ProductGroup, RegionAlias


@admin.register(CertificateType, site=site)
class CertificateTypeAdmin(KurasiModelAdmin):
    list_display = ["name", "code", "organisation", "issuer", "validity_years", "position"]
    list_filter = ["organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "code"]
    fields = [
        "organisation",
        "code",
        "name",
        "issuer",
        "number_pattern",
        "number_example",
        "validity_years",
        "position",
    ]


@admin.register(ProductGroup, site=site)
class ProductGroupAdmin(KurasiModelAdmin):
    list_display = ["name", "code", "organisation", "is_food", "position"]
    list_filter = ["is_food", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "code"]
    fields = ["organisation", "code", "name", "is_food", "kbli_codes", "position"]


@admin.register(RegionAlias, site=site)
class RegionAliasAdmin(KurasiModelAdmin):
    list_display = ["alias", "code", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["alias", "code"]
    fields = ["organisation", "alias", "code"]
