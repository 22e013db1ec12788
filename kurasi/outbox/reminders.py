"""Reminders before deadlines, each made once and delivered by the producer's channel.

`send_reminders(now=...)` is run by the periodic worker (it may run every few minutes or once a
day: the source key of each reminder keeps it from being made twice):
- an exhibition invitation still unanswered whose deadline is within two days;
- a curation-day slot tomorrow (Jakarta's calendar day, as the schedule is written);
- a draft application not yet submitted two days before its call closes.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.lib.times import when
from kurasi.lib.urls import absolute_reverse

from .models import Kind
from .services import deliver, producer_language

REMIND_BEFORE = dt.timedelta(days=2)


def send_reminders(*, now) -> int:
    """Make the reminders that are due at `now`. Returns the number of reminders made now."""
    made = 0
    made += _exhibition_deadlines(now)
    made += _slots_tomorrow(now)
    made += _drafts_before_closing(now)
    return made


def _exhibition_deadlines(now) -> int:
    from kurasi.exhibitions.invitations import WIB
    from kurasi.exhibitions.models import Allocation, AllocationStatus

    due = (
        Allocation.objects.filter(
            status=AllocationStatus.INVITED, deadline__gt=now, deadline__lte=now + REMIND_BEFORE
        )
        .select_related("exhibition__organisation", "business__owner", "application__product")
        .order_by("deadline", "pk")
    )
    made = 0
    for allocation in due:
        exhibition = allocation.exhibition
        organisation = exhibition.organisation

        def compose(allocation=allocation, exhibition=exhibition, organisation=organisation):
            subject = _("Reminder: answer the invitation to %(exhibition)s") % {
                "exhibition": exhibition.name
            }
            body = _(
                "Reminder from %(office)s: %(business)s, your product %(product)s has a place at "
                "%(exhibition)s. Please tell us before %(deadline)s whether you will take part: "
                "reply to this message or answer in your Kurasi account (%(url)s). Without an "
                "answer the place goes to the waiting list."
            ) % {
                "office": organisation.name,
                "business": allocation.business.name,
                "product": allocation.application.product.name,
                "exhibition": exhibition.name,
                "deadline": when(timezone.localtime(allocation.deadline, WIB)),
                "url": absolute_reverse("exhibitions:my_exhibitions"),
            }
            return subject, body

        made += _remind_once(
            organisation, allocation.business, f"reminder:exhibition:{allocation.pk}", compose
        )
    return made


def _slots_tomorrow(now) -> int:
    from kurasi.curation.models_day import Slot
    from kurasi.curation.slot_messages import slot_text

    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    slots = (
        Slot.objects.filter(session__date=tomorrow)
        .select_related(
            "session__programme__organisation",
            "table",
            "application__product",
            "application__business__owner",
        )
        .order_by("starts_at", "pk")
    )
    made = 0
    for slot in slots:
        made += _remind_once(
            slot.session.programme.organisation,
            slot.application.business,
            f"reminder:slot:{slot.pk}:{tomorrow.isoformat()}",
            lambda slot=slot: (
                _("Reminder: your curation slot tomorrow"),
                _("Reminder: %(text)s") % {"text": slot_text(slot)},
            ),
        )
    return made


def _drafts_before_closing(now) -> int:
    from kurasi.programmes.models import Application, ApplicationStatus, ProgrammeStatus

    drafts = (
        Application.objects.filter(
            status=ApplicationStatus.DRAFT,
            programme__status=ProgrammeStatus.OPEN,
            programme__registration_closes_at__gt=now,
            programme__registration_closes_at__lte=now + REMIND_BEFORE,
            business__merged_into__isnull=True,
        )
        .select_related("programme__organisation", "business__owner", "product")
        .order_by("programme_id", "business_id", "pk")
    )
    # One reminder per producer and call, naming every product still in draft.
    grouped = {}
    for application in drafts:
        grouped.setdefault((application.programme_id, application.business_id), []).append(
            application
        )
    made = 0
    for applications in grouped.values():
        programme = applications[0].programme
        business = applications[0].business
        organisation = programme.organisation

        def compose(applications=applications, programme=programme, business=business):
            subject = _("Reminder: submit your registration for %(programme)s") % {
                "programme": programme.title
            }
            body = _(
                "Reminder from %(office)s: %(business)s, your registration of %(products)s for "
                "%(programme)s is not submitted yet. Registration closes on %(closes)s. Submit "
                "it in your Kurasi account (%(url)s) or contact the office for help."
            ) % {
                "office": programme.organisation.name,
                "business": business.name,
                "products": ", ".join(a.product.name for a in applications),
                "programme": programme.title,
                "closes": when(programme.registration_closes_at),
                "url": absolute_reverse("registration:status"),
            }
            return subject, body

        made += _remind_once(
            organisation, business, f"reminder:draft:{programme.pk}:{business.pk}", compose
        )
    return made


def _remind_once(organisation, business, source, compose) -> int:
    """Deliver the reminder named `source` unless the office already has it (1 when made now).
    `compose()` gives (subject, body), written in the language the office writes to producers."""
    from .models import Message

    if Message.objects.filter(organisation=organisation, source=source).exists():
        return 0
    with producer_language(organisation):
        subject, body = compose()
    deliver(
        organisation=organisation,
        business=business,
        kind=Kind.REMINDER,
        subject=subject,
        body=body,
        source=source,
    )
    return 1
