"""Editing an exhibition's booths and quotas, and recording what producers told the office
(booth needs of a product, availability and first choice). Every write is atomic and audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kurasi.audit.diff import form_changes
from kurasi.audit.services import record_event
from kurasi.lib.concurrency import claim_revision

from .models import HOLDING, Allocation, Availability, BoothNeeds


def _held(booth):
    return Allocation.objects.filter(booth_type=booth, status__in=HOLDING).count()


def _claim(form):
    """An edit claims the revision its form started from: StaleEdit, nothing written, when
    someone else saved since."""
    if form.instance.pk is not None:
        claim_revision(form.instance)


@transaction.atomic
def save_exhibition(*, actor, form):
    """Create or update an exhibition from a valid ExhibitionForm. Side effect: an audit event
    naming the fields changed."""
    _claim(form)
    exhibition = form.save()
    record_event(
        actor=actor,
        action="exhibition.saved",
        obj=exhibition,
        organisation=exhibition.organisation,
        changes=form_changes(form),
    )
    return exhibition


def booth_summary(booth) -> str:
    """The booth type in the audit trail's words: label, count, and the groups it is kept for."""
    groups = sorted(g.name for g in booth.reserved_for.all())
    text = f"{booth.label} × {booth.count}"
    return f"{text} ({', '.join(groups)})" if groups else text


@transaction.atomic
def save_booth_type(*, actor, booth, form):
    """Save an edited booth type from a valid BoothTypeForm. Refuses (ValidationError, nothing
    written) fewer booths than places already held in them, and a reservation or features that
    a place already held in them would break (a reserved booth never goes to another group).
    Side effect: an audit event."""
    held = _held(booth)
    if form.cleaned_data["count"] < held:
        raise ValidationError(
            _("%(n)s places are already held in these booths: keep at least %(n)s.") % {"n": held}
        )
    groups = {g.pk for g in form.cleaned_data.get("reserved_for") or []}
    if groups:
        others = (
            Allocation.objects.filter(booth_type=booth, status__in=HOLDING)
            .exclude(application__product__group__in=groups)
            .count()
        )
        if others:
            raise ValidationError(
                _(
                    "%(n)s places in these booths are held by products of other groups: "
                    "they cannot be reserved for the groups chosen."
                )
                % {"n": others}
            )
    _claim(form)
    booth = form.save()
    record_event(
        actor=actor,
        action="exhibition.booth_saved",
        obj=booth.exhibition,
        organisation=booth.exhibition.organisation,
        changes=form_changes(form),
    )
    return booth


@transaction.atomic
def delete_booth_type(*, actor, booth):
    """Delete a booth type no place is held in (ValidationError otherwise). Side effect: an
    audit event; allocations waiting or out lose nothing."""
    if _held(booth):
        raise ValidationError(_("Places are held in these booths; they cannot be deleted."))
    exhibition = booth.exhibition
    record_event(
        actor=actor,
        action="exhibition.booth_deleted",
        obj=exhibition,
        organisation=exhibition.organisation,
        changes={"booth": [f"{booth.label} × {booth.count}", None]},
    )
    booth.delete()


@transaction.atomic
def save_quota(*, actor, quota, form):
    """Save an edited group quota from a valid GroupQuotaForm. Side effect: an audit event.
    The new limits apply at the next allocation."""
    _claim(form)
    quota = form.save()
    record_event(
        actor=actor,
        action="exhibition.quota_saved",
        obj=quota.exhibition,
        organisation=quota.exhibition.organisation,
        changes={"quota": [None, str(quota)]},
    )
    return quota


@transaction.atomic
def delete_quota(*, actor, quota):
    """Delete a group quota. Side effect: an audit event."""
    record_event(
        actor=actor,
        action="exhibition.quota_deleted",
        obj=quota.exhibition,
        organisation=quota.exhibition.organisation,
        changes={"quota": [str(quota), None]},
    )
    quota.delete()


@transaction.atomic
def save_answers(*, actor, exhibition, product, power, cold_storage, available, first_choice):
    """Record a product's booth needs and its business's availability and first choice for
    `exhibition`, as told to the office. Side effects: BoothNeeds and Availability rows, an
    audit event. Applies at the next allocation."""
    BoothNeeds.objects.update_or_create(
        product=product, defaults={"power": power, "cold_storage": cold_storage}
    )
    Availability.objects.update_or_create(
        exhibition=exhibition,
        business=product.business,
        defaults={"available": available, "first_choice": first_choice},
    )
    record_event(
        actor=actor,
        action="exhibition.answers_saved",
        obj=exhibition,
        organisation=exhibition.organisation,
        changes={
            "product": [None, product.pk],
            "needs": [None, {"power": power, "cold_storage": cold_storage}],
            "availability": [None, {"available": available, "first_choice": first_choice}],
        },
    )
