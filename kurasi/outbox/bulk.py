"""Messages to many producers at once (bulk enrolment and bulk verification).

`deliver` (services.py) writes one Message and queues one email task per call: right
for one verification, too slow for 5,000 (a savepoint, an INSERT and a task each). Here the
messages are the same ones (same kind, words, channel choice and states) but written in one
bulk INSERT, and their emails go out in one background task after the commit, which sends them
one by one through the outbox's own task (kurasi.outbox.tasks.send_message), so each is still
recorded as emailed or failed. In production the worker sends them; the request only waits for
the INSERT.
"""

import uuid

from django.db import transaction
from django_tasks import task

from kurasi.lib.bulk import insert_rows
from kurasi.registry.models import Business

from .models import Channel, Message, State
from .services import channel_for

CHUNK = 2000


def businesses_for_messages(business_ids):
    """{id: Business} with what channel_for reads (contacts and the owner's), in chunks."""
    ids = sorted(set(business_ids))
    found = {}
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for business in (
            Business.objects.filter(pk__in=chunk)
            .select_related("owner")
            .only("pk", "email", "phone", "phone_is_whatsapp", "owner__email", "owner__phone")
        ):
            found[business.pk] = business
    return found


def deliver_many(*, organisation, actor, kind, messages) -> list[int]:
    """Record one message per (business, subject, body) in `messages` and start their delivery.

    Call inside the transaction of the change they report. Returns the messages' ids (the page
    tells what happened to them with kurasi.outbox.services.summary_of_many). Side effects:
    Message rows; one background task after commit that emails those going by email.
    """
    if not messages:
        return []
    created_by = actor.pk if actor is not None and actor.is_authenticated else None
    rows = []
    for business, subject, body in messages:
        channel, state, email, phone = channel_for(business)
        rows.append(
            {
                "organisation_id": organisation.pk,
                "business_id": business.pk,
                "kind": kind,
                "subject": str(subject)[:200],
                "body": str(body),
                "channel": channel,
                "state": state,
                "to_email": email,
                "to_phone": phone,
                "email_key": uuid.uuid4().hex,
                "created_by_id": created_by,
            }
        )
    ids = insert_rows(Message, rows)
    emails = [i for i, row in zip(ids, rows, strict=True) if row["channel"] == Channel.EMAIL]
    if emails:
        transaction.on_commit(lambda: send_messages.enqueue(message_ids=emails))
    return ids


@task()
def send_messages(*, message_ids: list[int]) -> dict:
    """Email each queued message (the outbox's task does the sending and records the result)."""
    from .tasks import send_message

    results = {}
    queued = Message.objects.filter(pk__in=message_ids, state=State.EMAIL_QUEUED)
    for message_id in queued.values_list("pk", flat=True):
        outcome = send_message.call(message_id=message_id)
        results[outcome] = results.get(outcome, 0) + 1
    return results
