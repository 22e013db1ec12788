"""Office admins' pages to edit or delete booths and group quotas, and to record a producer's
booth needs, availability and first choice for an exhibition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kurasi.accounts.models import Role
from kurasi.lib.concurrency import StaleEdit, show_stale
from kurasi.nominations.allocation import fed_by_nominations, nominee_applications
from kurasi.programmes.models import Application

from . import setup
from .access import get_exhibition_for_staff
from .forms import AnswersForm, BoothTypeForm, GroupQuotaForm
from .models import Availability, BoothNeeds, BoothType, GroupQuota


def candidate_applications(exhibition):
    """The applications the exhibition allocates: its programme's, or its call's shared
    nominees' (an exhibition fed by nominations)."""
    if fed_by_nominations(exhibition):
        return nominee_applications(exhibition)
    return Application.objects.filter(programme_id=exhibition.programme_id)


def _page(request, exhibition, form, title, delete_url=None, subtitle=""):
    return render(
        request,
        "exhibitions/setup_form.html",
        {
            "organisation": exhibition.organisation,
            "exhibition": exhibition,
            "form": form,
            "title": title,
            "subtitle": subtitle,
            "delete_url": delete_url,
        },
    )


def _fail(request, form, error):
    for message in error.messages:
        form.add_error(None, message)


@login_required
def booth_edit(request, slug, exhibition_id, booth_id):
    membership, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id, Role.ADMIN)
    booth = get_object_or_404(BoothType, exhibition=exhibition, pk=booth_id)
    form = BoothTypeForm(request.POST or None, instance=booth, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            setup.save_booth_type(actor=request.user, booth=booth, form=form)
        except ValidationError as error:
            _fail(request, form, error)
        except StaleEdit as stale:
            show_stale(form, stale)
        else:
            messages.success(request, _("Booths saved."))
            return redirect(exhibition)
    delete_url = request.path + "delete/"
    return _page(request, exhibition, form, _("Edit booths"), delete_url)


@login_required
@require_POST
def booth_delete(request, slug, exhibition_id, booth_id):
    _m, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id, Role.ADMIN)
    booth = get_object_or_404(BoothType, exhibition=exhibition, pk=booth_id)
    try:
        setup.delete_booth_type(actor=request.user, booth=booth)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Booths deleted."))
    return redirect(exhibition)


@login_required
def quota_edit(request, slug, exhibition_id, quota_id):
    membership, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id, Role.ADMIN)
    quota = get_object_or_404(GroupQuota, exhibition=exhibition, pk=quota_id)
    form = GroupQuotaForm(
        request.POST or None, instance=quota, organisation=membership.organisation
    )
    form.fields["group"].disabled = True  # one quota per group: change the limits, not the group
    if request.method == "POST" and form.is_valid():
        try:
            setup.save_quota(actor=request.user, quota=quota, form=form)
        except StaleEdit as stale:
            show_stale(form, stale)
        else:
            messages.success(request, _("Quota saved."))
            return redirect(exhibition)
    return _page(request, exhibition, form, _("Edit the quota"), request.path + "delete/")


@login_required
@require_POST
def quota_delete(request, slug, exhibition_id, quota_id):
    _m, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id, Role.ADMIN)
    quota = get_object_or_404(GroupQuota, exhibition=exhibition, pk=quota_id)
    setup.delete_quota(actor=request.user, quota=quota)
    messages.success(request, _("Quota deleted."))
    return redirect(exhibition)


@login_required
def answers(request, slug, exhibition_id, application_id):
    _m, exhibition = get_exhibition_for_staff(request.user, slug, exhibition_id, Role.ADMIN)
    application = get_object_or_404(
        candidate_applications(exhibition).select_related("product__business"),
        pk=application_id,
    )
    product = application.product
    needs = BoothNeeds.objects.filter(product=product).first()
    availability = Availability.objects.filter(
        exhibition=exhibition, business=product.business
    ).first()
    initial = {
        "power": bool(needs and needs.power),
        "cold_storage": bool(needs and needs.cold_storage),
        "available": availability.available if availability else True,
        "first_choice": availability.first_choice if availability else True,
    }
    form = AnswersForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        setup.save_answers(
            actor=request.user, exhibition=exhibition, product=product, **form.cleaned_data
        )
        messages.success(request, _("Saved; it applies at the next allocation."))
        return redirect(exhibition)
    subtitle = f"{product.name} · {product.business.name}"
    return _page(request, exhibition, form, _("Booth needs and availability"), subtitle=subtitle)
