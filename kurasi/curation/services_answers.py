"""A producer's answer to their curation-day slot, given in Kurasi or recorded by staff.

Answers are taken until the session starts; from then on the check-in desk records who comes.
"Cannot come" frees the slot at once: the office can give that time to someone else, or give
the producer another time (by hand: "Schedule automatically" leaves them out of this session).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.audit.services import record_event
from kurasi.lib.answers import AnswerRecord

from .models_answers import SlotAnswer
from .models_day import Slot


def declined_in(session):
    """Ids of the applications that said they cannot come to `session`."""
    return SlotAnswer.objects.filter(session=session, will_come=False).values("application_id")


@transaction.atomic
def answer_slot(*, actor, slot, will_come: bool, record=None, now=None):
    """Record that the producer will come to `slot`, or cannot (which removes the slot).

    Without `record` it is the producer's own answer in Kurasi (the business's owner only);
    with it, staff record an answer given by phone, WhatsApp or in person (who, how, when; the
    time never in the future). Refused once the session has started, or when the slot has gone
    from the schedule meanwhile. Side effects: the SlotAnswer of the application and session
    (created or replaced); the Slot deleted on "cannot come"; an audit event with the channel and
    who answered (never the note). Returns the SlotAnswer.
    """
    now = now or timezone.now()
    slot = (
        Slot.objects.select_for_update(of=("self",))
        .select_related(
            "session__programme__organisation", "table", "application__product__business"
        )
        .filter(pk=slot.pk)
        .first()
    )
    if slot is None:
        raise ValidationError(_("This slot is no longer on the schedule."))
    session = slot.session
    if record is None:
        if slot.application.product.business.owner_id != actor.pk:
            raise ValidationError(_("Only the producer can answer for this slot."))
        record = AnswerRecord.own(actor, now)
    if now >= session.start:
        raise ValidationError(
            _("The session has started: the check-in desk now records who comes.")
        )
    record.check(now=now)
    answer = SlotAnswer.objects.filter(session=session, application=slot.application).first()
    answer = answer or SlotAnswer(session=session, application=slot.application)
    answer.will_come = will_come
    answer.slot_starts_at = slot.starts_at
    answer.keep_answer(record, actor=actor, now=now)
    answer.save()
    label = str(slot)
    if not will_come:
        slot.delete()
    record_event(
        actor=actor,
        action="slot.will_come" if will_come else "slot.cannot_come",
        obj=answer,
        organisation=session.programme.organisation,
        changes=record.audit_changes(slot=[label, label if will_come else None]),
    )
    return answer
