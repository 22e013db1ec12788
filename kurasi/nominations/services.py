"""Calls for nominations: the organiser creates, opens and closes them; an office asked
nominates from its own curation, records or asks its producers' consent to share, and submits
its list. Every write is atomic and audited (the organiser's records in its own trail, an
office's nominations in the office's).

Plain keyword-only functions, for the pages and the API alike; they raise ValidationError with
sentences the person can act on. Who may call them is the views' and the API's business
(kurasi/nominations/access.py).
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kurasi.accounts.models import Organisation
from kurasi.audit.services import record_event
from kurasi.lib.answers import STAFF_CHANNELS, check_who
from kurasi.lib.concurrency import claim_revision
from kurasi.lib.times import when
from kurasi.outbox.models import Kind
from kurasi.outbox.services import deliver, producer_language
from kurasi.programmes.models import Application

from . import criteria
from .models import CallOffice, CallStatus, ConsentState, Nomination, NominationCall

DEFAULT_QUOTA = 5
HELD_BACK_NO_CONSENT = "no_consent"


def held_back_text() -> str:
    return _("The producer has not agreed to share her data with the organiser.")


# --- the organiser's call ------------------------------------------------------------------------


def offices_directly_below(organisation):
    """The offices whose office above is `organisation` (the call's default offices)."""
    return Organisation.objects.filter(parent=organisation).order_by("name")


def _check_call_fields(*, exhibition, deadline, passed_within_years, codes, now):
    problems = {}
    if deadline <= now:
        problems["deadline"] = _("The deadline must be in the future.")
    elif timezone.localdate(deadline) >= exhibition.starts_on:
        problems["deadline"] = _(
            "Nominations must close before the exhibition's first day (%(day)s)."
        ) % {"day": date_format(exhibition.starts_on, "j F Y")}
    if not 1 <= passed_within_years <= 10:
        problems["passed_within_years"] = _("Give a number of years from 1 to 10.")
    bad = [code for code in codes if not code or not all(c.isalnum() or c == "-" for c in code)]
    if bad:
        problems["food_certificate_codes"] = _(
            "Permit codes are short words such as halal or spp-irt: %(codes)s"
        ) % {"codes": ", ".join(bad)}
    if problems:
        raise ValidationError(problems)


def _check_offices(organiser, offices):
    """`offices`: [(Organisation, quota, minimum)]; each must sit below the organiser."""
    from kurasi.accounts.chain import offices_below

    below = set(offices_below(organiser))
    problems = []
    for office, quota, minimum in offices:
        if office.pk not in below:
            problems.append(
                _("%(office)s is not an office below %(organiser)s.")
                % {"office": office.name, "organiser": organiser.name}
            )
        elif minimum > quota:
            problems.append(
                _("%(office)s: the minimum placed (%(min)s) is above its quota (%(quota)s).")
                % {"office": office.name, "min": minimum, "quota": quota}
            )
    if problems:
        raise ValidationError({"offices": problems})


def _call_values(call):
    return {
        "title": call.title,
        "deadline": call.deadline.isoformat(),
        "passed_within_years": call.passed_within_years,
        "food_certificate_codes": list(call.food_certificate_codes),
        "groups": sorted(g.code for g in call.groups.all()),
    }


def _offices_values(call):
    return {
        co.office.name: [co.quota, co.minimum]
        for co in call.offices.select_related("office").order_by("office__name")
    }


@transaction.atomic
def create_call(
    *,
    actor,
    exhibition,
    title,
    deadline,
    note="",
    groups=(),
    passed_within_years=2,
    food_certificate_codes=(),
    offices=None,
    now=None,
):
    """A draft call on one of the organiser's exhibitions. `offices`: [(office, quota,
    minimum)]; default every office directly below the organiser with DEFAULT_QUOTA.

    Side effects: the NominationCall, a CallOffice per office, one audit event in the organiser's
    trail. Raises ValidationError (field → sentence) when something does not fit."""
    now = now or timezone.now()
    organiser = exhibition.organisation
    if NominationCall.objects.filter(exhibition=exhibition).exists():
        raise ValidationError(_("This exhibition already has a call for nominations."))
    codes = [code.strip().lower() for code in food_certificate_codes if code.strip()]
    _check_call_fields(
        exhibition=exhibition,
        deadline=deadline,
        passed_within_years=passed_within_years,
        codes=codes,
        now=now,
    )
    if offices is None:
        offices = [(o, DEFAULT_QUOTA, 0) for o in offices_directly_below(organiser)]
    _check_offices(organiser, offices)
    _check_groups(organiser, groups)
    call = NominationCall.objects.create(
        organisation=organiser,
        exhibition=exhibition,
        title=title.strip(),
        note=note.strip(),
        passed_within_years=passed_within_years,
        food_certificate_codes=codes,
        deadline=deadline,
        created_by=actor,
    )
    call.groups.set(groups)
    CallOffice.objects.bulk_create(
        CallOffice(call=call, office=office, quota=quota, minimum=minimum)
        for office, quota, minimum in offices
    )
    record_event(
        actor=actor,
        action="nomination_call.created",
        obj=call,
        organisation=organiser,
        changes={
            **{k: [None, v] for k, v in _call_values(call).items()},
            "offices": [None, _offices_values(call)],
        },
    )
    return call


def _check_groups(organiser, groups):
    if any(group.organisation_id != organiser.pk for group in groups):
        raise ValidationError({"groups": _("Choose product groups of your own office.")})


@transaction.atomic
def update_call(
    *,
    actor,
    call,
    title,
    deadline,
    note="",
    groups=(),
    passed_within_years=2,
    food_certificate_codes=(),
    offices,
    revision=None,
    now=None,
):
    """Change a call that is not closed: its wording, criteria, deadline and the offices asked
    with their quotas. An office that nominated already cannot be dropped.

    Side effects: the call and its CallOffice rows, one audit event with what changed."""
    now = now or timezone.now()
    claim_revision(call, revision)
    if call.status == CallStatus.CLOSED:
        raise ValidationError(_("This call is closed: it can no longer be changed."))
    codes = [code.strip().lower() for code in food_certificate_codes if code.strip()]
    _check_call_fields(
        exhibition=call.exhibition,
        deadline=deadline,
        passed_within_years=passed_within_years,
        codes=codes,
        now=now,
    )
    _check_offices(call.organisation, offices)
    _check_groups(call.organisation, groups)
    before, offices_before = _call_values(call), _offices_values(call)
    _replace_offices(call, offices)
    call.title, call.note, call.deadline = title.strip(), note.strip(), deadline
    call.passed_within_years, call.food_certificate_codes = passed_within_years, codes
    call.save()
    call.groups.set(groups)
    after, offices_after = _call_values(call), _offices_values(call)
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if offices_before != offices_after:
        changes["offices"] = [offices_before, offices_after]
    record_event(
        actor=actor,
        action="nomination_call.changed",
        obj=call,
        organisation=call.organisation,
        changes=changes,
    )
    return call


def _replace_offices(call, offices):
    existing = {co.office_id: co for co in call.offices.select_for_update()}
    wanted = {office.pk: (quota, minimum) for office, quota, minimum in offices}
    dropped = [co for pk, co in existing.items() if pk not in wanted]
    busy = [co.office.name for co in dropped if co.nominations.exists()]
    if busy:
        raise ValidationError(
            {
                "offices": _("%(offices)s already nominated: they stay asked.")
                % {"offices": ", ".join(busy)}
            }
        )
    for co in dropped:
        co.delete()
    for office, quota, minimum in offices:
        row = existing.get(office.pk) or CallOffice(call=call, office=office)
        row.quota, row.minimum = quota, minimum
        row.save()


@transaction.atomic
def open_call(*, actor, call, now=None):
    """Open a draft call: the offices asked see it and may nominate until the deadline.
    Side effects: status and opened_at; one audit event."""
    now = now or timezone.now()
    call = NominationCall.objects.select_for_update().get(pk=call.pk)
    if call.status != CallStatus.DRAFT:
        raise ValidationError(_("Only a draft call can be opened."))
    if call.deadline <= now:
        raise ValidationError(_("The deadline has passed: set a later one before opening."))
    if not call.offices.exists():
        raise ValidationError(_("Ask at least one office before opening the call."))
    # A new revision: an edit started before the call opened is stale (the API's If-Match).
    call.status, call.opened_at, call.revision = CallStatus.OPEN, now, call.revision + 1
    call.save(update_fields=["status", "opened_at", "revision"])
    record_event(
        actor=actor,
        action="nomination_call.opened",
        obj=call,
        organisation=call.organisation,
        changes={"status": [CallStatus.DRAFT, CallStatus.OPEN]},
    )
    return call


@transaction.atomic
def close_call(*, actor, call):
    """Close an open call (before its deadline too): offices can no longer change their lists.
    Side effects: status; one audit event."""
    call = NominationCall.objects.select_for_update().get(pk=call.pk)
    if call.status != CallStatus.OPEN:
        raise ValidationError(_("Only an open call can be closed."))
    call.status, call.revision = CallStatus.CLOSED, call.revision + 1
    call.save(update_fields=["status", "revision"])
    record_event(
        actor=actor,
        action="nomination_call.closed",
        obj=call,
        organisation=call.organisation,
        changes={"status": [CallStatus.OPEN, CallStatus.CLOSED]},
    )
    return call


# --- the office's list ---------------------------------------------------------------------------


def accepting(call, now=None) -> bool:
    """Whether offices may still change their lists: the call is open and its deadline ahead."""
    return call.status == CallStatus.OPEN and (now or timezone.now()) < call.deadline


def _check_accepting(call, now):
    if call.status == CallStatus.DRAFT:
        raise ValidationError(_("This call is not open yet."))
    if call.status == CallStatus.CLOSED:
        raise ValidationError(_("The organiser has closed this call."))
    if now >= call.deadline:
        raise ValidationError(
            _("Nominations closed on %(deadline)s.") % {"deadline": when(call.deadline)}
        )


def _locked(call_office):
    return (
        CallOffice.objects.select_for_update()
        .select_related("call__exhibition", "office")
        .get(pk=call_office.pk)
    )


def places_taken(call_office) -> int:
    """Nominees counted against the quota: all but those who refused to share."""
    return call_office.nominations.exclude(consent=ConsentState.REFUSED).count()


@transaction.atomic
def nominate(*, actor, call_office, applications, group_choices=None, now=None):
    """Put `applications` (ids or Application objects of the office) on the office's list.

    `group_choices`: {application id: organiser's ProductGroup or its id} where the office
    chooses (its group maps to none of the organiser's, or it prefers another). All or nothing:
    an ineligible application, a missing group or a list past the quota refuses the whole
    request with the reasons. Side effects: a Nomination each (consent "not asked"), an audit
    event each in the office's trail. Returns the new nominations."""
    now = now or timezone.now()
    call_office = _locked(call_office)
    call = call_office.call
    _check_accepting(call, now)
    ids = [getattr(a, "pk", a) for a in applications]
    if not ids:
        raise ValidationError(_("Tick at least one product to nominate."))
    groups = criteria.organiser_groups(call)
    candidates = criteria.assess(call_office, Application.objects.filter(pk__in=ids), groups=groups)
    problems, chosen = _nomination_problems(call, candidates, ids, groups, group_choices or {})
    new = [c for c in candidates if c.nomination is None]
    if places_taken(call_office) + len(new) > call_office.quota:
        problems.append(
            _(
                "The quota is %(quota)s nominees and %(taken)s are on the list already: "
                "take some out first or tick fewer."
            )
            % {"quota": call_office.quota, "taken": places_taken(call_office)}
        )
    if problems:
        raise ValidationError(problems)
    created = []
    for candidate in new:
        nomination = Nomination.objects.create(
            call_office=call_office,
            application=candidate.application,
            group=chosen[candidate.application.pk],
            created_by=actor,
        )
        record_event(
            actor=actor,
            action="nomination.added",
            obj=nomination,
            organisation=call_office.office,
            changes={"group": [None, str(nomination.group or "")]},
        )
        created.append(nomination)
    return created


def _nomination_problems(call, candidates, ids, groups, group_choices):
    """(sentences, {application id: group}) for the applications asked."""
    problems, chosen = [], {}
    group_required = call.groups.exists()
    found = {c.application.pk for c in candidates}
    if len(found) != len(set(ids)):
        problems.append(_("Some of the products ticked are not this office's applications."))
    by_id = {g.pk: g for g in groups}
    businesses = {}
    for candidate in candidates:
        product = candidate.application.product.name
        for reason in candidate.reasons:
            problems.append(f"{product}: {reason.text}")
        choice = group_choices.get(candidate.application.pk)
        choice = getattr(choice, "pk", choice)
        if choice not in (None, ""):
            group = by_id.get(int(choice))
            if group is None:
                problems.append(
                    _("%(product)s: choose one of the organiser's product groups.")
                    % {"product": product}
                )
        else:
            group = candidate.group
        if group is None and group_required:
            problems.append(
                _("%(product)s: choose the organiser's product group it goes under.")
                % {"product": product}
            )
        chosen[candidate.application.pk] = group
        business = candidate.application.business_id
        if candidate.nomination is None and business in businesses:
            problems.append(
                _("%(product)s: one product per business — %(other)s is ticked too.")
                % {"product": product, "other": businesses[business]}
            )
        businesses.setdefault(business, product)
    return problems, chosen


@transaction.atomic
def withdraw(*, actor, nomination, now=None):
    """Take a nominee off the office's list (until the deadline).
    Side effects: the Nomination is deleted; an audit event in the office's trail."""
    now = now or timezone.now()
    call_office = _locked(nomination.call_office)
    _check_accepting(call_office.call, now)
    label = str(nomination)
    record_event(
        actor=actor,
        action="nomination.withdrawn",
        obj=nomination,
        organisation=call_office.office,
        changes={"consent": [nomination.consent, None]},
        reason=label,
    )
    nomination.delete()


CONSENT_CHANNELS = [value for value, _label in STAFF_CHANNELS]


@transaction.atomic
def record_consent(*, actor, nomination, given: bool, channel, consent_by, now=None):
    """Record the producer's answer to sharing her data with the organiser, given by phone,
    WhatsApp or in person (`consent_by`: the name as said, never a phone number).

    A refusal is recorded at any time (she may change her mind after the list went: from then
    on the organiser no longer sees her); consent given only while the call takes changes.
    Side effects: the nomination's consent fields; an audit event with the channel and the
    name in the office's trail."""
    now = now or timezone.now()
    call_office = _locked(nomination.call_office)
    nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if given:
        _check_accepting(call_office.call, now)
    if channel not in CONSENT_CHANNELS:
        raise ValidationError({"channel": _("Choose how the producer answered.")})
    consent_by = check_who(consent_by or "")
    if not consent_by:
        raise ValidationError({"consent_by": _("Write who answered, e.g. Ibu Sari, owner.")})
    before = nomination.consent
    nomination.consent = ConsentState.GIVEN if given else ConsentState.REFUSED
    nomination.consent_channel, nomination.consent_by = channel, consent_by
    nomination.consent_at, nomination.consent_recorded_by = now, actor
    nomination.save(
        update_fields=[
            "consent",
            "consent_channel",
            "consent_by",
            "consent_at",
            "consent_recorded_by",
        ]
    )
    record_event(
        actor=actor,
        action="nomination.consent_recorded",
        obj=nomination,
        organisation=call_office.office,
        changes={
            "consent": [before, nomination.consent],
            "consent_channel": [None, channel],
            "consent_by": [None, consent_by],
        },
    )
    return nomination


def consent_request_text(nomination) -> str:
    """The message asking the producer's consent, in the current language."""
    call_office = nomination.call_office
    call, exhibition = call_office.call, call_office.call.exhibition
    return _(
        "%(business)s: %(office)s would like to nominate your product %(product)s for "
        "%(exhibition)s, organised by %(organiser)s (%(start)s–%(end)s, %(venue)s). For this we "
        "would share your business and product details with %(organiser)s — never your NIK, and "
        "your contacts only if you get a place. Do you agree? Please reply YES or NO to "
        "%(reply_to)s before %(deadline)s."
    ) % {
        "business": nomination.application.business.name,
        "office": call_office.office.name,
        # Her own office, which sends this and keeps her contact (a city's, for a nominee the
        # province passes up).
        "reply_to": nomination.application.programme.organisation.name,
        "product": nomination.application.product.name,
        "exhibition": exhibition.name,
        "organiser": call.organisation.name,
        "start": date_format(exhibition.starts_on, "j M"),
        "end": date_format(exhibition.ends_on, "j M Y"),
        "venue": exhibition.venue or "—",
        "deadline": when(call.deadline),
    }


@transaction.atomic
def ask_consent(*, actor, nomination, now=None):
    """Ask the producer, by her channel (email, else WhatsApp from the office's worklist, else
    print or phone), whether she agrees to share with the organiser; once a day at most.
    Side effects: an outbox message of the office that curated her (the one asked, or the
    office below that passed her up), in its language; consent "asked"
    (unless already answered); an audit event. Returns the Message."""
    now = now or timezone.now()
    call_office = _locked(nomination.call_office)
    _check_accepting(call_office.call, now)
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related(
            "application__business__owner",
            "application__product",
            "application__programme__organisation",
        )
        .get(pk=nomination.pk)
    )
    nomination.call_office = call_office
    if nomination.consent == ConsentState.GIVEN:
        raise ValidationError(_("The producer has agreed already."))
    # The office that curated her keeps her contact: a nominee passed up from a city is asked
    # through the city's outbox, not the province's.
    office = nomination.application.programme.organisation
    with producer_language(office):
        subject = _("Nomination for %(exhibition)s") % {"exhibition": call_office.call.exhibition}
        body = consent_request_text(nomination)
    message = deliver(
        organisation=office,
        business=nomination.application.business,
        kind=Kind.NOMINATION_CONSENT,
        subject=subject,
        body=body,
        actor=actor,
        source=f"nomination-consent:{nomination.pk}:{timezone.localdate(now):%Y%m%d}",
    )
    before = nomination.consent
    if before in (ConsentState.MISSING, ConsentState.REFUSED):
        nomination.consent = ConsentState.ASKED
        nomination.save(update_fields=["consent"])
    record_event(
        actor=actor,
        action="nomination.consent_asked",
        obj=nomination,
        organisation=call_office.office,
        changes={"consent": [before, nomination.consent], "channel": [None, message.channel]},
    )
    return message


@dataclasses.dataclass
class ListState:
    """What the organiser gets of an office's list and what stays with the office, and why."""

    sent: list
    held_back: list  # [(nomination, reason sentence)]


def list_state(call_office, nominations=None) -> ListState:
    """Split the office's nominees: consent given go (once submitted); the rest are held back."""
    rows = list(call_office.nominations.all()) if nominations is None else nominations
    sent = [n for n in rows if n.consent == ConsentState.GIVEN]
    held = [(n, held_back_text()) for n in rows if n.consent != ConsentState.GIVEN]
    return ListState(sent=sent, held_back=held)


SUBMIT_FIELDS = ["cover_note", "share_photos", "share_scores", "share_legality"]


@transaction.atomic
def submit(
    *,
    actor,
    call_office,
    cover_note="",
    share_photos=True,
    share_scores=True,
    share_legality=True,
    now=None,
):
    """Send the office's list to the organiser (again, until the deadline, to change it): the
    nominees who agreed to share go, the others are held back with the reason.

    Side effects: the cover note, share choices, submitted_at/by on CallOffice; one audit event
    in the office's trail with the counts. Returns a ListState."""
    now = now or timezone.now()
    call_office = _locked(call_office)
    _check_accepting(call_office.call, now)
    state = list_state(call_office, list(call_office.nominations.select_related("application")))
    if len(state.sent) > call_office.quota:
        raise ValidationError(
            _("%(n)s nominees agreed, above the quota of %(quota)s: take some out first.")
            % {"n": len(state.sent), "quota": call_office.quota}
        )
    before = {
        "submitted_at": call_office.submitted_at.isoformat() if call_office.submitted_at else None
    }
    call_office.cover_note = cover_note.strip()
    call_office.share_photos = share_photos
    call_office.share_scores = share_scores
    call_office.share_legality = share_legality
    call_office.submitted_at, call_office.submitted_by = now, actor
    call_office.save(update_fields=[*SUBMIT_FIELDS, "submitted_at", "submitted_by"])
    record_event(
        actor=actor,
        action="nomination.list_submitted",
        obj=call_office,
        organisation=call_office.office,
        changes={
            "submitted_at": [before["submitted_at"], now.isoformat()],
            "sent": [None, len(state.sent)],
            "held_back": [None, len(state.held_back)],
            "share_photos": [None, share_photos],
            "share_scores": [None, share_scores],
            "share_legality": [None, share_legality],
        },
    )
    return state
