"""Invitations to nominees go through the office that nominated them: it keeps the contact with
its producers. The invitation lands in THAT office's outbox (its WhatsApp worklist), says which
office passes it on, and the office records the producer's answer (kurasi/exhibitions/
invitations.respond, the same rules as everywhere: deadline, waiting list).

The organiser's rows stay the organiser's (Allocation: exhibition = the organiser's, application
= the office's); this module only says which office speaks for a nominee."""

from kurasi.exhibitions.models import Allocation

from .allocation import call_of, fed_by_nominations
from .models import CallOffice, Nomination


def nominating_offices(exhibition) -> dict:
    """{application: the Organisation that nominated it} for `exhibition`'s call (empty for an
    exhibition fed by its own programme). One query."""
    if not fed_by_nominations(exhibition):
        return {}
    return {
        n.application_id: n.call_office.office
        for n in Nomination.objects.filter(call_office__call=call_of(exhibition))
        .select_related("call_office__office")
        .only("application_id", "call_office__office")
    }


def nominating_office(allocation):
    """The office that nominated `allocation`'s producer, or None (not a nominee)."""
    if not fed_by_nominations(allocation.exhibition):
        return None
    nomination = (
        Nomination.objects.filter(
            call_office__call__exhibition_id=allocation.exhibition_id,
            application_id=allocation.application_id,
        )
        .select_related("call_office__office")
        .first()
    )
    return nomination.call_office.office if nomination else None


def places_of(call_office):
    """The organiser's allocation rows of the office's nominees at the call's exhibition."""
    return Allocation.objects.filter(
        exhibition_id=call_office.call.exhibition_id,
        application__nominations__call_office=call_office,
    )


def call_office_of(allocation, office):
    """The CallOffice through which `office` nominated `allocation`'s producer, or None."""
    return CallOffice.objects.filter(
        office=office,
        call__exhibition_id=allocation.exhibition_id,
        nominations__application_id=allocation.application_id,
    ).first()
