"""Facilitation workflows: programmes, invitations, enrolment, status, and the certificate a
participant obtains. Each is atomic, takes the acting user, and writes an audit event."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kurasi.audit.services import record_event
from kurasi.lib.answers import AnswerRecord
from kurasi.lib.concurrency import claim_revision
from kurasi.lib.numbers import rupiah
from kurasi.outbox.models import Kind
from kurasi.outbox.services import deliver, producer_language
from kurasi.registry.models import Certificate
from kurasi.registry.services import save_certificate

from .models import FacilitationProgramme, Participation, ParticipationStatus

STATUS_TIMESTAMPS = {
    ParticipationStatus.INVITED: "invited_at",
    ParticipationStatus.ENROLLED: "enrolled_at",
    ParticipationStatus.IN_PROGRESS: "started_at",
    ParticipationStatus.DONE: "done_at",
    ParticipationStatus.DROPPED: "dropped_at",
}


@transaction.atomic
def save_programme(*, actor, programme: FacilitationProgramme, fields: list[str]):
    """Create or update a facilitation programme. Side effect: audit event. An update claims
    `programme.revision` first: StaleEdit, nothing written, when someone else saved since."""
    created = programme.pk is None
    if created:
        programme.created_by = actor
    else:
        claim_revision(programme)
    programme.save()
    record_event(
        actor=actor,
        action="facilitation.programme_created" if created else "facilitation.programme_changed",
        obj=programme,
        organisation=programme.organisation,
        changes={"fields": [None, sorted(fields)]},
    )
    return programme


def invitation_text(programme, business):
    cost = (
        _("free of charge")
        if programme.is_free
        else _("cost to you: %(cost)s") % {"cost": rupiah(programme.cost_to_producer)}
    )
    return _(
        "Hello %(owner)s, %(office)s invites %(business)s to %(programme)s "
        "(%(start)s – %(end)s, %(cost)s). Please reply to confirm."
    ) % {
        "owner": business.owner_name,
        "office": programme.organisation.name,
        "business": business.name,
        "programme": programme.title,
        "start": date_format(programme.starts_on, "j F Y"),
        "end": date_format(programme.ends_on, "j F Y"),
        "cost": cost,
    }


@transaction.atomic
def add_participants(*, actor, programme, businesses, status=ParticipationStatus.INVITED):
    """Invite (or directly enrol) businesses of the programme's office.

    Side effects: one Participation per new business (existing ones are left as they are); an
    invitation to each through the outbox, by the producer's channel (`row.outbox_message`);
    one audit event. Raises ValidationError when the quota would be exceeded. Returns the new
    rows.
    """
    programme = FacilitationProgramme.objects.select_for_update().get(pk=programme.pk)
    existing = set(programme.participations.values_list("business_id", flat=True))
    new = [b for b in businesses if b.pk not in existing]
    if any(b.organisation_id != programme.organisation_id for b in new):
        raise ValidationError(_("Only businesses of this office can take part."))
    taken = programme.places_taken()
    if programme.quota is not None and taken + len(new) > programme.quota:
        raise ValidationError(
            _("The quota is %(quota)s; %(taken)s places are taken.")
            % {"quota": programme.quota, "taken": taken}
        )
    now = timezone.now()
    rows = []
    for business in new:
        row = Participation(programme=programme, business=business, status=status, invited_at=now)
        if status == ParticipationStatus.ENROLLED:
            row.enrolled_at = now
        rows.append(row)
    Participation.objects.bulk_create(rows)
    for row, business in zip(rows, new, strict=True):
        with producer_language(programme.organisation):
            body = invitation_text(programme, business)
        row.outbox_message = deliver(
            organisation=programme.organisation,
            business=business,
            kind=Kind.FACILITATION_INVITATION,
            subject=programme.title,
            body=body,
            actor=actor,
        )
    record_event(
        actor=actor,
        action="facilitation.participants_added",
        obj=programme,
        organisation=programme.organisation,
        changes={"businesses": [None, [b.pk for b in new]], "status": [None, status]},
    )
    return rows


@transaction.atomic
def change_status(*, actor, participation: Participation, status, note="", revision=None):
    """Move a participant to `status` (DONE with a certificate: `complete_with_certificate`).

    `revision`: the one the sender saw (default: the one `participation` was read with); StaleEdit,
    nothing written, when someone else changed the participant since.
    Side effects: the status's timestamp set; the outcome note replaced when given; audit event.
    """
    claim_revision(participation, revision)
    before = participation.status
    participation.status = status
    setattr(participation, STATUS_TIMESTAMPS[status], timezone.now())
    fields = ["status", STATUS_TIMESTAMPS[status], "updated_at", "revision"]
    if note:
        participation.outcome_note = note
        fields.append("outcome_note")
    participation.save(update_fields=fields)
    record_event(
        actor=actor,
        action="facilitation.status_changed",
        obj=participation,
        organisation=participation.programme.organisation,
        changes={"status": [before, status]},
    )
    return participation


@transaction.atomic
def answer_invitation(*, actor, participation, accept: bool, record=None, now=None):
    """The answer to a facilitation invitation: accept (enrolled) or decline (dropped, which
    frees the place in the quota).

    Without `record` it is the producer's own answer in Kurasi (the business's owner only);
    with it, staff record an answer given by phone, WhatsApp or in person (who, how, when). Only
    while invited and until the programme's last day; the answer's time is never in the future
    nor before the invitation. Side effects: status, its timestamp (the answer's time) and the
    answer's record; an audit event with the channel and who answered (never the note).
    Raises ValidationError with a clear message.
    """
    now = now or timezone.now()
    participation = (
        Participation.objects.select_for_update(of=("self",))
        .select_related("programme__organisation", "business")
        .get(pk=participation.pk)
    )
    if record is None:
        if participation.business.owner_id != actor.pk:
            raise ValidationError(_("Only the producer can answer this invitation."))
        record = AnswerRecord.own(actor, now)
    if participation.status != ParticipationStatus.INVITED:
        raise ValidationError(_("This invitation has already been answered or has closed."))
    record.check(now=now, not_before=participation.invited_at)
    if timezone.localdate(record.answered_at) > participation.programme.ends_on:
        raise ValidationError(
            _("The programme has ended; the invitation can no longer be answered.")
        )
    claim_revision(participation)
    status = ParticipationStatus.ENROLLED if accept else ParticipationStatus.DROPPED
    participation.status = status
    setattr(participation, STATUS_TIMESTAMPS[status], record.answered_at)
    participation.keep_answer(record, actor=actor, now=now)
    participation.save(
        update_fields=[
            "status",
            STATUS_TIMESTAMPS[status],
            "updated_at",
            "revision",
            *Participation.ANSWER_FIELDS,
        ]
    )
    record_event(
        actor=actor,
        action="facilitation.invitation_accepted" if accept else "facilitation.invitation_declined",
        obj=participation,
        organisation=participation.programme.organisation,
        changes=record.audit_changes(status=[ParticipationStatus.INVITED, status]),
    )
    return participation


@transaction.atomic
def complete_with_certificate(
    *, actor, participation, number, issued_on, expires_on=None, product=None, note=""
):
    """Mark the participant done with the certificate obtained, which closes the gap.

    Side effects: a Certificate of the programme's target type is created through
    `registry.services.save_certificate` (its own audit event); the participation is DONE and
    links to it; audit event. Raises ValidationError (nothing written) when the participant is
    done already (a second request, e.g. a program's retry, must not record a second
    certificate), or when the number does not fit the type's format or the dates are inverted.
    """
    programme = participation.programme
    certificate_type = programme.target_type
    if certificate_type is None:
        raise ValidationError(_("This programme does not lead to a certificate."))
    current = (
        Participation.objects.select_for_update()
        .only("status", "revision")
        .get(pk=participation.pk)
    )
    if current.status == ParticipationStatus.DONE:
        raise ValidationError(_("This participant is done already."))
    normalised = certificate_type.normalise_number(number)
    if not normalised:
        raise ValidationError({"number": _("Enter the certificate number.")})
    if not certificate_type.number_is_valid(normalised):
        raise ValidationError(
            {
                "number": _("This is not a valid %(type)s number (example: %(example)s).")
                % {"type": certificate_type.name, "example": certificate_type.number_example}
            }
        )
    if expires_on is None and certificate_type.validity_years and issued_on:
        expires_on = issued_on.replace(year=issued_on.year + certificate_type.validity_years)
    if expires_on is not None and issued_on is not None and expires_on < issued_on:
        raise ValidationError({"expires_on": _("The expiry date is before the issue date.")})
    if product is not None and product.business_id != participation.business_id:
        raise ValidationError({"product": _("Choose one of this business's products.")})
    certificate = save_certificate(
        actor=actor,
        certificate=Certificate(
            business=participation.business,
            product=product,
            type=certificate_type,
            number=normalised,
            issuer=certificate_type.issuer,
            issued_on=issued_on,
            expires_on=expires_on,
        ),
    )
    participation.certificate = certificate
    participation.save(update_fields=["certificate", "updated_at"])
    return change_status(
        actor=actor,
        participation=participation,
        status=ParticipationStatus.DONE,
        note=note,
        revision=current.revision,  # the row is locked: no one changed it since
    )
