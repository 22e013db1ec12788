"""Invitations: sending them, the producer's answer, and refilling places from the waiting list
when an invitation is declined or runs past its deadline (a background task, also run by cron)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from kurasi.audit.services import record_event
from kurasi.lib.answers import AnswerRecord
from kurasi.lib.notify import whatsapp_link
from kurasi.lib.times import when
from kurasi.lib.urls import absolute_reverse, site_url
from kurasi.nominations.allocation import fed_by_nominations, nominee_rules
from kurasi.nominations.invitations import nominating_office, nominating_offices
from kurasi.outbox.models import Kind
from kurasi.outbox.services import deliver, producer_language

from .models import HOLDING, Allocation, AllocationStatus, BoothNeeds, Exhibition

WIB = ZoneInfo("Asia/Jakarta")


def deadline_for(exhibition, now):
    """The end of the day (Jakarta time) `confirm_days` days after the invitation."""
    day = timezone.localtime(now, WIB).date() + dt.timedelta(days=exhibition.confirm_days)
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=WIB)


def invitation_text(allocation, via=None):
    """The invitation's words; `via`: the office that nominated the producer and passes the
    organiser's invitation on (it is named first)."""
    e = allocation.exhibition
    text = _(
        "%(business)s: your product %(product)s has a place at %(exhibition)s "
        "(%(venue)s, %(start)s–%(end)s). Please confirm in your Kurasi account before "
        "%(deadline)s: %(url)s"
    ) % {
        "business": allocation.business.name,
        "product": allocation.application.product.name,
        "exhibition": e.name,
        "venue": e.venue,
        "start": date_format(e.starts_on, "j M"),
        "end": date_format(e.ends_on, "j M Y"),
        "deadline": when(timezone.localtime(allocation.deadline, WIB)),
        "url": absolute_reverse("exhibitions:my_exhibitions"),
    }
    if via is None or via.pk == e.organisation_id:
        return text
    return _("From %(office)s, which nominated you for %(organiser)s's exhibition: %(text)s") % {
        "office": via.name,
        "organiser": e.organisation.name,
        "text": text,
    }


def whatsapp_for(allocation):
    """A WhatsApp link with the invitation for the office that invites, or None. A nominee's
    contact stays with the office that nominated her (see kurasi/nominations/invitations.py)."""
    business = allocation.business
    if fed_by_nominations(allocation.exhibition):
        return None
    if not business.phone or not business.phone_is_whatsapp or not allocation.deadline:
        return None
    return whatsapp_link(business.phone, invitation_text(allocation))


def _invite(allocation, *, actor, now, notify=True, sender=None):
    """Invite one proposed place. The message goes out from `sender`'s outbox: the office that
    nominated the producer (default: found here), else the exhibition's office."""
    allocation.status = AllocationStatus.INVITED
    allocation.invited_at = now
    allocation.deadline = deadline_for(allocation.exhibition, now)
    allocation.save(update_fields=["status", "invited_at", "deadline", "updated_at"])
    allocation.outbox_message = None
    if notify:
        organisation = sender or nominating_office(allocation) or allocation.exhibition.organisation
        with producer_language(organisation):
            subject = _("Invitation: %(exhibition)s") % {"exhibition": allocation.exhibition.name}
            body = invitation_text(allocation, via=organisation)
        allocation.outbox_message = deliver(
            organisation=organisation,
            business=allocation.business,
            kind=Kind.EXHIBITION_INVITATION,
            subject=subject,
            body=body,
            actor=actor,
            source=f"exhibition:{allocation.pk}:{allocation.deadline:%Y%m%d%H%M}",
        )
    record_event(
        actor=actor,
        action="exhibition.invited",
        obj=allocation,
        organisation=allocation.exhibition.organisation,
        changes={"deadline": [None, allocation.deadline.isoformat()]},
    )
    if notify and organisation.pk != allocation.exhibition.organisation_id:
        # The nominating office's own trail: an invitation waits in its outbox.
        record_event(
            actor=actor,
            action="nomination.invitation_passed_on",
            obj=allocation,
            organisation=organisation,
            changes={"deadline": [None, allocation.deadline.isoformat()]},
        )


@transaction.atomic
def send_invitations(*, actor, exhibition, now=None, notify=True, delivered=None):
    """Invite every proposed place. Side effects: status invited with a deadline, a message per
    producer through the outbox by their channel (appended to `delivered` when given), an audit
    event each. Returns the number invited."""
    now = now or timezone.now()
    rows = list(
        Allocation.objects.select_for_update(of=("self",))
        .filter(exhibition=exhibition, status=AllocationStatus.PROPOSED)
        .select_related("exhibition", "business__owner", "application__product")
    )
    # A nominee's invitation goes through the office that nominated her (one query for all).
    offices = nominating_offices(exhibition)
    for allocation in rows:
        sender = offices.get(allocation.application_id, exhibition.organisation)
        _invite(allocation, actor=actor, now=now, notify=notify, sender=sender)
        if delivered is not None and allocation.outbox_message is not None:
            delivered.append(allocation.outbox_message)
    return len(rows)


@transaction.atomic
def respond(*, actor, allocation, accept: bool, now=None, for_producer=False, record=None):
    """The producer's answer. Only the owner, or with `for_producer` office staff recording an
    answer given by phone, WhatsApp or in person (`record`, an AnswerRecord: who, how, when).

    Accepted only while invited and given by the deadline: the deadline rule reads the time the
    producer answered (`record.answered_at`, never in the future nor before the invitation), so
    an answer given on time and entered later still counts until the place is released (expired).
    Side effects: the status and the answer's record on the allocation; an audit event with the
    channel and who answered (no note, no phone number); a decline frees the place at once and
    the next on the waiting list is invited. Raises ValidationError with a clear message."""
    now = now or timezone.now()
    allocation = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if not for_producer and allocation.business.owner_id != actor.pk:
        raise ValidationError(_("Only the producer can answer this invitation."))
    if record is None:
        if for_producer:
            raise TypeError("Staff recording an answer give its record (who, how, when).")
        record = AnswerRecord.own(actor, now)
    if allocation.status == AllocationStatus.EXPIRED:
        raise ValidationError(
            _(
                "The deadline passed and the place was released to the waiting list: "
                "this answer can no longer be accepted."
            )
        )
    if allocation.status != AllocationStatus.INVITED:
        raise ValidationError(_("This invitation has already been answered or has closed."))
    record.check(now=now, not_before=allocation.invited_at)
    if record.answered_at > allocation.deadline and for_producer:
        raise ValidationError(
            _(
                "This answer came after the deadline (%(deadline)s WIB) and cannot be accepted. "
                "If the producer answered earlier, enter that time."
            )
            % {"deadline": when(timezone.localtime(allocation.deadline, WIB))}
        )
    if record.answered_at > allocation.deadline:
        raise ValidationError(
            _("The deadline to confirm has passed; the place has gone to the waiting list.")
        )
    before = allocation.status
    allocation.status = AllocationStatus.CONFIRMED if accept else AllocationStatus.DECLINED
    allocation.keep_answer(record, actor=actor, now=now)
    if not accept:
        allocation.booth_type = None
    allocation.save(update_fields=["status", "booth_type", "updated_at", *Allocation.ANSWER_FIELDS])
    record_event(
        actor=actor,
        action="exhibition.confirmed" if accept else "exhibition.declined",
        obj=allocation,
        organisation=allocation.exhibition.organisation,
        changes=record.audit_changes(status=[before, allocation.status]),
    )
    if not accept:
        refill(exhibition=allocation.exhibition, now=now)
    return allocation


def _taken(exhibition, related):
    """(places held at `exhibition`, businesses holding a place at an exhibition of the office
    on overlapping dates)."""
    holding = list(
        Allocation.objects.filter(exhibition=exhibition, status__in=HOLDING).select_related(
            *related
        )
    )
    overlapping = Exhibition.objects.filter(
        organisation=exhibition.organisation,
        starts_on__lte=exhibition.ends_on,
        ends_on__gte=exhibition.starts_on,
    )
    busy = set(
        Allocation.objects.filter(exhibition__in=overlapping, status__in=HOLDING).values_list(
            "business_id", flat=True
        )
    )
    return holding, busy


def free_place(allocation):
    """The booth type a declined `allocation` could have back now, or None when its place has
    gone (the waiting list took it, or a rule of the exhibition no longer lets it in)."""
    exhibition = allocation.exhibition
    booth_types = list(exhibition.booth_types.prefetch_related("reserved_for"))
    quotas = {q.group_id: q for q in exhibition.group_quotas.all()}
    holding, busy = _taken(exhibition, ("application__product", "business"))
    nominees = nominee_rules(exhibition)
    return _fits(allocation, exhibition, holding, booth_types, quotas, busy, nominees)


def undo_possible(allocation, now) -> bool:
    """Whether the producer may still take back a decline: by the deadline, the place free."""
    return (
        allocation.status == AllocationStatus.DECLINED
        and allocation.deadline is not None
        and now <= allocation.deadline
        and free_place(allocation) is not None
    )


@transaction.atomic
def undo_decline(*, actor, allocation, now=None, for_producer=False, record=None):
    """Take back a decline, until the deadline and only while a place that fits is still free.

    A decline refills at once from the waiting list (`respond`): the place is still free only
    when nobody waiting could take it, so taking it back wrongs no one; once the waiting list
    took it, the undo is refused and says so. Only the owner, or with `for_producer` office staff
    recording that the producer asked (`record`: who, how). Side effects: the invitation again
    (status invited, same deadline, a booth that fits: the producer confirms as before), the
    declined answer's record cleared; an audit event with who asked and how. Raises
    ValidationError with a clear message."""
    now = now or timezone.now()
    allocation = (
        Allocation.objects.select_for_update(of=("self",))
        .select_related("application__product", "business", "exhibition__organisation")
        .get(pk=allocation.pk)
    )
    if not for_producer and allocation.business.owner_id != actor.pk:
        raise ValidationError(_("Only the producer can answer this invitation."))
    if record is None:
        if for_producer:
            raise TypeError("Staff recording an undo give its record (who, how).")
        record = AnswerRecord.own(actor, now)
    if allocation.status != AllocationStatus.DECLINED:
        raise ValidationError(_("This place was not declined: there is nothing to undo."))
    if allocation.deadline is None or now > allocation.deadline:
        raise ValidationError(
            _("The deadline to answer has passed: the decline can no longer be undone.")
        )
    Exhibition.objects.select_for_update().filter(pk=allocation.exhibition_id).first()
    booth = free_place(allocation)
    if booth is None:
        raise ValidationError(
            _(
                "The place has already gone to the next on the waiting list: the decline can "
                "no longer be undone."
            )
        )
    allocation.status = AllocationStatus.INVITED
    allocation.booth_type = booth
    # The declined answer is withdrawn (the audit trail keeps it): the row waits for a new one.
    allocation.responded_at = allocation.answer_recorded_at = allocation.answer_recorded_by = None
    allocation.answered_by = allocation.answer_channel = allocation.answer_note = ""
    allocation.save(update_fields=["status", "booth_type", "updated_at", *Allocation.ANSWER_FIELDS])
    record_event(
        actor=actor,
        action="exhibition.decline_undone",
        obj=allocation,
        organisation=allocation.exhibition.organisation,
        changes=record.audit_changes(
            status=[AllocationStatus.DECLINED, AllocationStatus.INVITED],
            booth=[None, booth.label],
        ),
    )
    return allocation


def _fits(candidate, exhibition, holding, booth_types, quotas, overlapping_business, nominees=None):
    """The booth type the waiting candidate can take now, or None (same rules as the solver).
    `nominees` (an exhibition fed by nominations): the organiser's group each nominee is filed
    under and her office's quota."""
    if candidate.business_id in overlapping_business:
        return None
    if exhibition.quota is not None and len(holding) >= exhibition.quota:
        return None
    group_of = nominees.group_of if nominees else _product_group
    group = group_of(candidate)
    quota = quotas.get(group)
    in_group = sum(1 for a in holding if group_of(a) == group)
    if quota and quota.maximum is not None and in_group >= quota.maximum:
        return None
    if nominees and nominees.office_full(candidate, holding):
        return None
    if exhibition.district_max is not None:
        district = candidate.business.district_code
        if sum(1 for a in holding if a.business.district_code == district) >= (
            exhibition.district_max
        ):
            return None
    needs = BoothNeeds.objects.filter(product_id=candidate.application.product_id).first()
    needed = needs.features if needs else frozenset()
    used = {}
    for a in holding:
        used[a.booth_type_id] = used.get(a.booth_type_id, 0) + 1
    # The plainest free booth that fits, keeping special booths for those who need them; among
    # equally plain ones a booth reserved for the group first, keeping open booths for anyone.
    # A booth reserved for other groups never fits (BoothType.takes).
    for booth in sorted(booth_types, key=lambda b: (len(b.features), not b.groups, b.pk)):
        if booth.takes(group, needed) and used.get(booth.pk, 0) < booth.count:
            return booth
    return None


def _product_group(allocation):
    return allocation.application.product.group_id


def refill(*, exhibition, now, actor=None):
    """Give free places to the waiting list in rank order (a group below its minimum first),
    inviting each at once when invitations have been sent. Returns the allocations filled."""
    exhibition = Exhibition.objects.select_for_update().get(pk=exhibition.pk)
    booth_types = list(exhibition.booth_types.prefetch_related("reserved_for"))
    quotas = {q.group_id: q for q in exhibition.group_quotas.all()}
    related = ("application__product", "business__owner", "exhibition")
    inviting = Allocation.objects.filter(
        exhibition=exhibition,
        status__in=[
            AllocationStatus.INVITED,
            AllocationStatus.CONFIRMED,
            AllocationStatus.DECLINED,
            AllocationStatus.EXPIRED,
        ],
    ).exists()
    filled = []
    nominees = nominee_rules(exhibition)
    group_of = nominees.group_of if nominees else _product_group
    while True:
        holding, busy = _taken(exhibition, related)
        below = {
            g for g, q in quotas.items() if sum(1 for a in holding if group_of(a) == g) < q.minimum
        }
        waiting = sorted(
            Allocation.objects.filter(
                exhibition=exhibition, status=AllocationStatus.WAITLISTED
            ).select_related(*related),
            key=lambda a: (group_of(a) not in below, a.rank or 10**9, -a.score),
        )
        chosen = None
        for candidate in waiting:
            booth = _fits(candidate, exhibition, holding, booth_types, quotas, busy, nominees)
            if booth is not None:
                chosen = candidate
                break
        if chosen is None:
            return filled
        chosen.booth_type = booth
        chosen.status = AllocationStatus.PROPOSED
        chosen.reason = "refilled"
        chosen.save(update_fields=["booth_type", "status", "reason", "updated_at"])
        if inviting:
            _invite(chosen, actor=actor, now=now)
        filled.append(chosen)


@transaction.atomic
def expire_due(*, now=None):
    """Mark invitations past their deadline expired and refill their exhibitions.
    Returns (number expired, number invited from the waiting list)."""
    now = now or timezone.now()
    due = list(
        Allocation.objects.select_for_update(of=("self",))
        .filter(status=AllocationStatus.INVITED, deadline__lt=now)
        .select_related("exhibition__organisation")
    )
    exhibitions = set()
    for allocation in due:
        allocation.status = AllocationStatus.EXPIRED
        allocation.booth_type = None
        allocation.save(update_fields=["status", "booth_type", "updated_at"])
        record_event(
            actor=None,
            action="exhibition.expired",
            obj=allocation,
            organisation=allocation.exhibition.organisation,
        )
        exhibitions.add(allocation.exhibition_id)
    invited = 0
    for exhibition in Exhibition.objects.filter(pk__in=exhibitions).order_by("starts_on", "pk"):
        invited += len(refill(exhibition=exhibition, now=now))
    return len(due), invited


@task()
def expire_invitations():
    expired, invited = expire_due()
    return {"expired": expired, "invited": invited}


def letter_context(allocation):
    exhibition = allocation.exhibition
    return {
        "allocation": allocation,
        "exhibition": exhibition,
        "organisation": exhibition.organisation,
        "business": allocation.business,
        "product": allocation.application.product,
        "deadline": timezone.localtime(allocation.deadline, WIB) if allocation.deadline else None,
        "issued_on": timezone.localdate(allocation.invited_at or timezone.now(), WIB),
        "account_url": absolute_reverse("exhibitions:my_exhibitions"),
    }


def render_invitation_pdf(allocation) -> bytes:
    """The invitation letter, always in Bahasa Indonesia (as the result letters)."""
    from weasyprint import HTML  # loads Pango: only the PDF views need it

    with translation.override("id"):
        html = render_to_string("exhibitions/invitation_letter.html", letter_context(allocation))
    return HTML(string=html, base_url=site_url()).write_pdf()
