"""Decision workflows: outcome band settings, confirming or overriding proposals (one or many),
result letters, and appeals. Every change is atomic and audited."""

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kurasi.audit.services import record_event
from kurasi.lib.notify import queue_email
from kurasi.lib.urls import absolute_reverse
from kurasi.outbox.models import Kind
from kurasi.outbox.services import deliver, producer_language
from kurasi.programmes.models import Application, Programme

from .models import CurationPlan
from .models_decisions import (
    Appeal,
    AppealStatus,
    Decision,
    OutcomeBand,
    new_verification_code,
)
from .results import compute_results

BANDS_PRESET = Path(__file__).resolve().parent / "data" / "outcome_bands.json"
ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@transaction.atomic
def create_default_bands(*, actor, programme):
    """Give a programme the suggested bands (data/outcome_bands.json) if it has none yet.

    Side effects: OutcomeBand rows; an audit event. Returns the programme's bands.
    """
    if programme.outcome_bands.exists():
        return list(programme.outcome_bands.all())
    preset = json.loads(BANDS_PRESET.read_text(encoding="utf-8"))["bands"]
    OutcomeBand.objects.bulk_create(
        OutcomeBand(programme=programme, position=position, **spec)
        for position, spec in enumerate(preset)
    )
    record_event(
        actor=actor,
        action="outcome_bands.created",
        obj=programme,
        organisation=programme.organisation,
        changes={"bands": [None, [b["label"] for b in preset]]},
    )
    return list(programme.outcome_bands.all())


def band_problems(bands: list[dict]) -> list[str]:
    """Why a set of bands cannot work; empty when it can."""
    problems = []
    if not any(not b["is_pass"] for b in bands):
        problems.append(_("Keep at least one band that does not pass (vetoes fall back to it)."))
    if not any(Decimal(b["minimum_score"]) == 0 for b in bands):
        problems.append(_("One band must start at 0, so every score has a band."))
    labels = [b["label"].strip().lower() for b in bands]
    if len(labels) != len(set(labels)):
        problems.append(_("Two bands have the same label."))
    return problems


@transaction.atomic
def save_outcome_settings(*, actor, programme, bands: list[dict], appeal_days, score_basis):
    """Replace the programme's bands and its appeal window and score basis.

    `bands`: [{"id": int|None, "label", "minimum_score", "is_pass", "target"}]; rows left out are
    deleted, which a band already used by a decision refuses (ValidationError). Side effects:
    OutcomeBand rows, the CurationPlan, one audit event.
    """
    problems = band_problems(bands)
    if problems:
        raise ValidationError(problems)
    existing = {b.pk: b for b in programme.outcome_bands.select_for_update()}
    before = sorted((b.label, str(b.minimum_score), b.is_pass) for b in existing.values())
    kept = set()
    for position, spec in enumerate(sorted(bands, key=lambda b: -Decimal(b["minimum_score"]))):
        band = existing.get(spec.get("id")) or OutcomeBand(programme=programme)
        band.label = spec["label"].strip()
        band.minimum_score = spec["minimum_score"]
        band.is_pass = spec["is_pass"]
        band.target = spec["target"]
        band.position = position
        band.save()
        kept.add(band.pk)
    removed = [b for pk, b in existing.items() if pk not in kept]
    in_use = [b.label for b in removed if b.decisions.exists()]
    if in_use:
        raise ValidationError(
            _("%(bands)s is already used by decisions and cannot be removed.")
            % {"bands": ", ".join(in_use)}
        )
    OutcomeBand.objects.filter(pk__in=[b.pk for b in removed]).delete()
    plan, _created = CurationPlan.objects.get_or_create(programme=programme)
    plan_before = [plan.appeal_days, plan.score_basis]
    plan.appeal_days, plan.score_basis = appeal_days, score_basis
    plan.save(update_fields=["appeal_days", "score_basis"])
    after = sorted((b["label"].strip(), str(b["minimum_score"]), b["is_pass"]) for b in bands)
    record_event(
        actor=actor,
        action="outcome_bands.changed",
        obj=programme,
        organisation=programme.organisation,
        changes={
            "bands": [before, after],
            "appeal_days, score_basis": [plan_before, [appeal_days, score_basis]],
        },
    )


@dataclass
class DecideOutcome:
    decided: list = field(default_factory=list)  # Decision rows created or changed
    unchanged: int = 0
    skipped: list = field(default_factory=list)  # (application, why)
    messages: list = field(default_factory=list)  # outbox messages of re-issued letters


@transaction.atomic
def decide(*, actor, programme, application_ids, band=None, reason="", now=None):
    """Decide the listed applications in one transaction.

    `band` None confirms each application's proposal (applications already decided, without a
    proposal, or with curators still scoring, are skipped and reported). A band that differs from an
    application's proposal is an override and needs a `reason` — otherwise ValidationError and
    nothing is saved. Re-deciding with another band changes the decision; a letter already
    issued is re-issued with a new number and verification code.

    A product marked "did not come" at the check-in desk is proposed as absent: confirming it
    records an absent decision (no band; neither passed nor failed). It cannot be given a band
    (ValidationError): the desk checks the producer in first if they came after all.
    Side effects: Decision rows; one audit event per change; outbox messages for re-issued
    letters (`outcome.messages`).
    """
    if band is not None and band.programme_id != programme.pk:
        raise ValidationError(_("That outcome does not belong to this programme."))
    now = now or timezone.now()
    results = compute_results(programme)
    rows = results.by_application()
    existing = {
        d.application_id: d
        for d in Decision.objects.select_for_update(of=("self",))
        .select_related("band", "application__product__business")
        .filter(application_id__in=application_ids)
    }
    applications = Application.objects.select_related("product", "programme").in_bulk(
        application_ids
    )
    outcome = DecideOutcome()
    for application_id in application_ids:
        row = rows.get(application_id)
        if row is None:
            continue
        if band is not None and row.absent:
            raise ValidationError(
                _(
                    "%(product)s did not come to the curation day. Check the producer in at the "
                    "desk first if they came after all."
                )
                % {"product": row.application.product.name}
            )
        incomplete = row.proposed_band is None or row.pending or row.mean is None
        if band is None and incomplete and not row.absent:
            outcome.skipped.append((row.application, _("no complete proposal yet")))
            continue
        decision = existing.get(application_id)
        if band is None and decision is not None:
            # Confirming proposals never undoes a decision already made (an override stays).
            outcome.unchanged += 1
            continue
        target = None if row.absent else band or row.proposed_band
        overridden = not row.absent and target != row.proposed_band
        if (overridden or decision is not None) and not reason.strip():
            raise ValidationError(
                _("Write why %(product)s gets another outcome than proposed.")
                % {"product": row.application.product.name}
            )
        if decision is not None and decision.band_id == getattr(target, "pk", None):
            outcome.unchanged += 1
            continue
        before = _audit_outcome(decision) if decision else None
        if decision is None:
            decision = Decision(application=applications[application_id])
        decision.band, decision.absent = target, row.absent
        decision.proposed_band = row.proposed_band
        decision.score_snapshot = row.snapshot(results.on_day)
        decision.overridden = overridden
        decision.reason = reason.strip()
        decision.decided_by = actor
        decision.decided_at = now
        reissue = decision.letter_issued_at is not None
        if reissue:
            # The old letter must no longer verify as this outcome.
            decision.verification_code = new_verification_code()
        decision.save()
        action = "decision.changed" if before else "decision.made"
        record_event(
            actor=actor,
            action=action,
            obj=decision,
            organisation=programme.organisation,
            changes={
                "band": [before, _audit_outcome(decision)],
                "overridden": [None, overridden],
            },
            reason=decision.reason,
        )
        if reissue:
            outcome.messages.append(_issue_letter(actor, programme, decision, now, notify=True))
        outcome.decided.append(decision)
    return outcome


def _audit_outcome(decision):
    # The band's label as the office wrote it; "absent" as a fixed word (the trail is read in
    # either language).
    return "absent" if decision.absent else decision.band.label


def letter_number(sequence: int, programme: Programme, issued_at) -> str:
    local = timezone.localtime(issued_at)
    return f"{sequence:03d}/KURASI/{ROMAN_MONTHS[local.month - 1]}/{local.year}"


def _next_sequence(programme):
    return (
        Decision.objects.filter(application__programme=programme).exclude(letter_number="").count()
    )


def _issue_letter(actor, programme, decision, now, *, notify):
    decision.letter_number = letter_number(_next_sequence(programme) + 1, programme, now)
    decision.letter_issued_at = now
    decision.save(update_fields=["letter_number", "letter_issued_at", "verification_code"])
    record_event(
        actor=actor,
        action="decision.letter_issued",
        obj=decision,
        organisation=programme.organisation,
        changes={"letter_number": [None, decision.letter_number]},
    )
    if not notify:
        return None
    from .letters import verification_url

    business = decision.application.product.business
    with producer_language(programme.organisation):
        subject = _("Curation result: %(programme)s") % {"programme": programme.title}
        values = {
            "product": decision.application.product.name,
            "programme": programme.title,
            "url": absolute_reverse("curation:my_results"),
            "check": verification_url(decision),
        }
        if business.owner_id:
            body = _(
                "The result letter for %(product)s in %(programme)s is ready. Log in to read and "
                "download it: %(url)s"
            )
        else:  # no account to log in to: the office hands the letter over
            body = _(
                "The result letter for %(product)s in %(programme)s is ready. The office will "
                "give it to you printed, or download it from a Kurasi account (%(url)s). Anyone "
                "can check it at %(check)s"
            )
    return deliver(
        organisation=programme.organisation,
        business=business,
        kind=Kind.RESULT_LETTER,
        subject=subject,
        body=body % values,
        actor=actor,
        source=f"letter:{decision.pk}:{decision.letter_number}",
    )


@transaction.atomic
def issue_letters(*, actor, programme, application_ids=None, now=None, notify=True, delivered=None):
    """Issue result letters for decided applications that have none yet (all, or those listed).

    Letters are records (number, date, verification code); the PDF is made when downloaded.
    Side effects: letter numbers in sequence per programme; audit events; a message to each
    producer through the outbox (appended to `delivered` when given, so the page can say what
    happened to them). Returns the number of letters issued.
    """
    # Lock the programme so two admins issuing at once cannot hand out one number twice.
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    decisions = (
        Decision.objects.filter(application__programme=programme, letter_issued_at__isnull=True)
        .select_related("application__product__business__owner")
        .order_by("application__product__group__position", "application__product__name", "pk")
    )
    if application_ids is not None:
        decisions = decisions.filter(application_id__in=application_ids)
    now = now or timezone.now()
    count = 0
    for decision in decisions:
        message = _issue_letter(actor, programme, decision, now, notify=notify)
        if delivered is not None and message is not None:
            delivered.append(message)
        count += 1
    return count


def appeal_closes_at(decision, plan):
    """When the appeal window of a decision closes; None when the programme has no window."""
    if not plan.appeal_days or decision.letter_issued_at is None:
        return None
    return decision.letter_issued_at + dt.timedelta(days=plan.appeal_days)


def appeal_is_open(decision, plan, now=None):
    closes = appeal_closes_at(decision, plan)
    return closes is not None and (now or timezone.now()) <= closes


@transaction.atomic
def file_appeal(*, actor, decision, text, now=None):
    """A producer's appeal against a decision, within the programme's window.

    Refused (ValidationError) without text, outside the window, or while another appeal waits.
    Side effects: an Appeal; an audit event; an email to the office.
    """
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    programme = decision.application.programme
    plan = CurationPlan.objects.filter(programme=programme).first() or CurationPlan()
    if not text.strip():
        raise ValidationError(_("Write what you disagree with and why."))
    if not appeal_is_open(decision, plan, now):
        raise ValidationError(_("The appeal period for this result has ended."))
    if decision.appeals.filter(status=AppealStatus.OPEN).exists():
        raise ValidationError(_("Your earlier appeal is still waiting for the office's answer."))
    appeal = Appeal.objects.create(decision=decision, text=text.strip()[:5000], filed_by=actor)
    record_event(
        actor=actor, action="appeal.filed", obj=appeal, organisation=programme.organisation
    )
    queue_email(
        to=programme.organisation.email,
        subject=_("New appeal: %(programme)s") % {"programme": programme.title},
        body=_("An appeal was filed about %(product)s. Open the results page to answer it.")
        % {"product": decision.application.product.name},
    )
    return appeal


@transaction.atomic
def answer_appeal(*, actor, appeal, response, band=None, now=None):
    """The office's answer: keep the decision, or change it to `band` (audited, letter re-issued).

    Side effects: the Appeal answered; possibly a changed Decision; audit events; a message to
    the producer through the outbox (`appeal.outbox_message`).
    """
    if not response.strip():
        raise ValidationError(_("Write the office's answer to the appeal."))
    appeal = Appeal.objects.select_for_update().select_related("decision").get(pk=appeal.pk)
    if appeal.status != AppealStatus.OPEN:
        return appeal
    decision = appeal.decision
    programme = decision.application.programme
    changed = band is not None and band.pk != decision.band_id
    if changed:
        decide(
            actor=actor,
            programme=programme,
            application_ids=[decision.application_id],
            band=band,
            reason=response,
            now=now,
        )
    appeal.status = AppealStatus.CHANGED if changed else AppealStatus.KEPT
    appeal.response = response.strip()
    appeal.resolved_by = actor
    appeal.resolved_at = now or timezone.now()
    appeal.save(update_fields=["status", "response", "resolved_by", "resolved_at"])
    record_event(
        actor=actor,
        action="appeal.answered",
        obj=appeal,
        organisation=programme.organisation,
        changes={"status": [AppealStatus.OPEN, appeal.status]},
        reason=appeal.response,
    )
    with producer_language(programme.organisation):
        subject = _("Answer to your appeal: %(programme)s") % {"programme": programme.title}
        body = _("The office has answered your appeal about %(product)s: %(response)s") % {
            "product": decision.application.product.name,
            "response": appeal.response,
        }
    appeal.outbox_message = deliver(
        organisation=programme.organisation,
        business=decision.application.product.business,
        kind=Kind.APPEAL_ANSWER,
        subject=subject,
        body=body,
        actor=actor,
    )
    return appeal
