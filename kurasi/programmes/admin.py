"""Programmes are set up on the staff pages (/o/<office>/programmes/), where every change goes
through `save_programme` and is audited. The admin only lists them, read-only, for support.
"""

from django.contrib import admin

from kurasi.accounts.admin import KurasiModelAdmin, site

from .models import Programme


@admin.register(Programme, site=site)
class ProgrammeAdmin(KurasiModelAdmin):
    list_display = ["title", "organisation", "year", "status", "registration_closes_at"]
    list_filter = ["status", "year"]
    list_select_related = ["organisation"]
    search_fields = ["title", "slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
