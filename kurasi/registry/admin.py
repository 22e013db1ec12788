"""Reference data an office admin extends for their own organisation: certificate types,
product groups and region-name aliases. Shipped certificate types (no organisation) stay
read-only for them; superusers see and change everything.
"""

from django.contrib import admin

from kurasi.accounts.admin import OrganisationScopedAdmin, administered_organisations, site

from .models import CertificateType, ProductGroup, RegionAlias


class OwnOrganisationAdmin(OrganisationScopedAdmin):
    """Rows belong to one of the admin's organisations, chosen from those only."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "organisation":
            kwargs["queryset"] = administered_organisations(request.user)
            kwargs["required"] = not request.user.is_superuser
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.organisation_id is None:
            return request.user.is_superuser
        return super().has_change_permission(request, obj)


@admin.register(CertificateType, site=site)
class CertificateTypeAdmin(OwnOrganisationAdmin):
    list_display = ["name", "code", "organisation", "issuer", "validity_years", "position"]
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

    def get_queryset(self, request):
        # Office admins also see the shipped types (read-only) so they know what exists.
        queryset = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(organisation__isnull=True) | queryset.filter(
            organisation__in=administered_organisations(request.user)
        )


@admin.register(ProductGroup, site=site)
class ProductGroupAdmin(OwnOrganisationAdmin):
    list_display = ["name", "code", "organisation", "is_food", "position"]
    list_filter = ["is_food"]
    search_fields = ["name", "code"]
    fields = ["organisation", "code", "name", "is_food", "kbli_codes", "position"]


@admin.register(RegionAlias, site=site)
class RegionAliasAdmin(OwnOrganisationAdmin):
    list_display = ["alias", "code", "organisation"]
    search_fields = ["alias", "code"]
    fields = ["organisation", "alias", "code"]
