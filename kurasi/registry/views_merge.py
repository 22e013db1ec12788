"""Merging two records of one business: a side-by-side comparison, then a confirmed POST."""

from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurasi.accounts.models import Role

from . import services
from .access import can_see_nik, get_business_for_staff
from .models import Business

COMPARED_FIELDS = [
    ("name", gettext_lazy("Business name")),
    ("owner_name", gettext_lazy("Owner")),
    ("nik", gettext_lazy("NIK")),
    ("phone_display", gettext_lazy("Phone")),
    ("email", gettext_lazy("Email")),
    ("address", gettext_lazy("Address")),
    ("district_name", gettext_lazy("District")),
    ("village_name", gettext_lazy("Village")),
    ("nib", gettext_lazy("NIB")),
    ("npwp", gettext_lazy("NPWP")),
    ("get_scale_display", gettext_lazy("Scale")),
    ("created_at", gettext_lazy("Registered")),
]


def _comparison(keep, duplicate, show_nik):
    rows = []
    for field, label in COMPARED_FIELDS:
        if field == "nik" and not show_nik:
            field = "nik_masked"
        values = []
        for business in (keep, duplicate):
            value = getattr(business, field)
            value = value() if callable(value) else value
            if isinstance(value, datetime):
                value = date_format(timezone.localtime(value), "j F Y")
            values.append(value)
        rows.append({"label": label, "keep": values[0], "duplicate": values[1]})
    return rows


@login_required
def merge(request, org_slug, pk, duplicate_pk):
    """Fold `duplicate_pk` into `pk`. Merging is for office admins: it cannot be undone."""
    membership, keep = get_business_for_staff(request.user, org_slug, pk, Role.ADMIN)
    counted = Business.objects.for_organisation(membership.organisation).annotate(
        product_count=Count("products", distinct=True),
        certificate_count=Count("certificates", distinct=True),
    )
    keep = get_object_or_404(counted, pk=keep.pk)
    duplicate = get_object_or_404(counted.exclude(pk=keep.pk), pk=duplicate_pk)
    if request.method == "POST":
        services.merge_businesses(actor=request.user, keep=keep, duplicate=duplicate)
        messages.success(
            request,
            _("%(duplicate)s was merged into %(keep)s.")
            % {"duplicate": duplicate.name, "keep": keep.name},
        )
        return redirect(keep)
    context = {
        "membership": membership,
        "organisation": membership.organisation,
        "keep": keep,
        "duplicate": duplicate,
        "rows": _comparison(keep, duplicate, can_see_nik(membership)),
    }
    return render(request, "registry/merge.html", context)
