"""The curation-day slot message: when and where the producer brings their product, delivered
through the outbox (email, or the office's WhatsApp list, or print) once per slot time."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kurasi.lib.times import time_of
from kurasi.outbox.models import Kind
from kurasi.outbox.services import deliver, producer_language

from .models_day import Slot


def slot_text(slot) -> str:
    """The message in the active language; the caller chooses it (producer_language)."""
    session = slot.session
    local = timezone.localtime(slot.starts_at)
    business = slot.application.business
    return _(
        "Hello %(owner)s, this is %(office)s. Your product %(product)s is scheduled for "
        "curation on %(date)s at %(time)s %(zone)s, at %(place)s, %(table)s. Please bring a "
        "sample of the product. Thank you."
    ) % {
        "owner": business.owner_name,
        "office": session.programme.organisation.name,
        "product": slot.application.product.name,
        "date": date_format(session.date, "l, j F Y"),
        "time": time_of(local),
        "zone": local.tzname(),
        "place": session.place,
        "table": slot.table.name,
    }


def slot_source(slot) -> str:
    # The time is part of the key: a slot moved to another time gets a new message.
    return f"slot:{slot.pk}:{slot.starts_at:%Y%m%d%H%M}"


@transaction.atomic
def send_slot_messages(*, actor, session) -> list:
    """Give every scheduled producer of the session their slot, by their channel. A slot whose
    message was already made (same slot, same time) is not sent again. Returns the messages
    made now. Side effects: outbox messages (and their emails after commit)."""
    organisation = session.programme.organisation
    slots = list(
        Slot.objects.filter(session=session)
        .select_related(
            "session__programme__organisation",
            "table",
            "application__product",
            "application__business__owner",
        )
        .order_by("starts_at", "pk")
    )
    made_before = set(
        organisation.outbox_messages.filter(
            source__in=[slot_source(slot) for slot in slots]
        ).values_list("source", flat=True)
    )
    made = []
    for slot in slots:
        if slot_source(slot) in made_before:
            continue
        with producer_language(organisation):
            subject = _("Your curation slot: %(programme)s") % {
                "programme": session.programme.title
            }
            body = slot_text(slot)
        made.append(
            deliver(
                organisation=organisation,
                business=slot.application.business,
                kind=Kind.CURATION_SLOT,
                subject=subject,
                body=body,
                actor=actor,
                source=slot_source(slot),
            )
        )
    return made
