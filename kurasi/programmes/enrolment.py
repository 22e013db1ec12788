"""Entering many businesses' products into a call in one step (bulk enrolment).

From the registry (its filters and search) or from an import, an office admin or field officer
puts the chosen businesses' products into a call, as assisted registration would one by one:
each product becomes a submitted application registered by that person. Each is checked by the
rules of a single registration (`services.registration_problems`: the registration window, the
product groups the call accepts, the call's area; then the quota, counted in the order shown);
a product already in the call is left as it is, and a draft the producer started is sent.

Consent (UU PDP): a business whose owner's consent to the current privacy notice is not
recorded is refused, unless the person states the basis on which the office holds it (signed
forms on file, or given in person or by phone to an officer). Its consent is then recorded on
the business as assisted registration records it (notice version, time, the officer), with the
basis and where the evidence is kept in its audit event.

`preview_enrolment` writes nothing; `enrol` writes in one transaction and refuses with
PreviewOutdated (nothing written) when the outcome is no longer the one previewed. Rows, audit
events and messages go in bulk INSERTs, so 5,000 businesses take seconds (bench/).
"""

import hashlib
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurasi.audit.models import AuditEvent
from kurasi.audit.services import record_event
from kurasi.lib.bulk import insert_rows
from kurasi.outbox.bulk import businesses_for_messages, deliver_many
from kurasi.outbox.models import Kind
from kurasi.outbox.services import producer_language
from kurasi.registry.models import Business, Product
from kurasi.registry.regions import is_within

from .models import Application, ApplicationStatus, Programme
from .services import quota_left, registration_problems

CHUNK = 2000


class ConsentBasis(models.TextChoices):
    RECORDED = "recorded", gettext_lazy("Only producers whose consent is already recorded")
    PAPER = "paper", gettext_lazy("Each producer signed the office's consent form, kept on file")
    IN_PERSON = (
        "in_person",
        gettext_lazy("Each producer agreed in person or by phone to an officer"),
    )


class Outcome(models.TextChoices):
    CREATE = "create", gettext_lazy("Entered")
    DRAFT = "draft", gettext_lazy("Draft sent")
    REFUSED = "refused", gettext_lazy("Refused")


class Reason(models.TextChoices):
    CLOSED = "closed", gettext_lazy("Registration is not open")
    ENTERED = "entered", gettext_lazy("Already entered")
    GROUP = "group", gettext_lazy("Product group not accepted")
    AREA = "area", gettext_lazy("Outside the call's area")
    CONSENT = "consent", gettext_lazy("No consent recorded")
    QUOTA = "quota", gettext_lazy("Quota full")
    NO_PRODUCT = "no_product", gettext_lazy("No product")


class PreviewOutdated(Exception):
    """The outcome changed since the preview (someone entered a product, the quota moved):
    nothing was written; `plan` is the outcome now."""

    def __init__(self, plan):
        super().__init__("The enrolment's outcome changed since the preview.")
        self.plan = plan


@dataclass(slots=True)
class Entry:
    """What happens to one product of a chosen business (or to a business without products)."""

    business_id: int
    business_name: str
    product_id: int | None
    product_name: str
    group_name: str
    outcome: str
    reason: str = ""
    detail: str = ""  # the reason as a single registration would word it
    application_id: int | None = None  # a draft to send, or the application made
    records_consent: bool = False


@dataclass
class EnrolmentPlan:
    programme: Programme
    consent_basis: str
    entries: list = field(default_factory=list)
    window_problem: str = ""
    consent_before: dict = field(default_factory=dict)  # business id → notice version
    message_ids: list = field(default_factory=list)  # after enrol: the messages to producers
    event_id: int | None = None  # after enrol: the summary audit event

    @property
    def entering(self):
        return [e for e in self.entries if e.outcome != Outcome.REFUSED]

    @property
    def refused(self):
        return [e for e in self.entries if e.outcome == Outcome.REFUSED]

    @cached_property
    def counts(self):
        counts = dict.fromkeys(Outcome.values, 0)
        for entry in self.entries:
            counts[entry.outcome] += 1
        counts["entering"] = counts[Outcome.CREATE] + counts[Outcome.DRAFT]
        counts["businesses"] = len({e.business_id for e in self.entries})
        counts["consent"] = len(self.consent_business_ids)
        counts["without_consent"] = len(
            {e.business_id for e in self.entries if e.reason == Reason.CONSENT}
        )
        return counts

    def refusals_by_reason(self):
        """[(reason, label, count)] in the order of Reason, only those that happen."""
        found = {}
        for entry in self.entries:
            if entry.reason:
                found[entry.reason] = found.get(entry.reason, 0) + 1
        return [(value, label, found[value]) for value, label in Reason.choices if value in found]

    @cached_property
    def consent_business_ids(self):
        return sorted({e.business_id for e in self.entries if e.records_consent})

    @cached_property
    def fingerprint(self) -> str:
        """Names the outcome: the same for the same products, fates and consent records."""
        digest = hashlib.sha256(self.consent_basis.encode())
        for e in self.entries:
            digest.update(f"|{e.business_id}:{e.product_id}:{e.outcome}:{e.reason}".encode())
        return digest.hexdigest()[:32]


def _ids(values) -> list[int]:
    return sorted({int(v) for v in values if str(v).isdigit()})


def _chunked(ids):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


BUSINESS_VALUES = ("pk", "name", "village_code", "consent_notice_version")
PRODUCT_VALUES = ("pk", "name", "group_id", "group__name", "business_id")


def _read(organisation, businesses, products):
    """(business rows, product rows, business ids) of the chosen records, scoped to the
    office: another office's or a merged record's id finds nothing."""
    business_qs = Business.objects.for_organisation(organisation)
    product_qs = Product.objects.for_organisation(organisation)
    if products is not None:
        product_rows = []
        for chunk in _chunked(_ids(products)):
            product_rows += product_qs.filter(pk__in=chunk).values_list(*PRODUCT_VALUES)
        chosen = sorted({row[4] for row in product_rows})
    elif isinstance(businesses, QuerySet):
        # The search's own query, narrowed to the office, read once; then products and
        # applications by ids. A join with the search as a subquery leaves the plan to the
        # table statistics, which an import has just made stale (a nested loop: 6 s at 5,000).
        business_rows = list(
            businesses.filter(organisation=organisation, merged_into__isnull=True)
            .order_by()
            .values_list(*BUSINESS_VALUES)
        )
        chosen = sorted(row[0] for row in business_rows)
        product_rows = []
        for chunk in _chunked(chosen):
            product_rows += product_qs.filter(business__in=chunk).values_list(*PRODUCT_VALUES)
        return business_rows, product_rows, chosen
    else:
        chosen = _ids(businesses or [])
        product_rows = []
        for chunk in _chunked(chosen):
            product_rows += product_qs.filter(business__in=chunk).values_list(*PRODUCT_VALUES)
    business_rows = []
    for chunk in _chunked(chosen):
        business_rows += business_qs.filter(pk__in=chunk).values_list(*BUSINESS_VALUES)
    return business_rows, product_rows, chosen


def _existing(programme, chosen):
    """{product id: (application id, status)} of the chosen businesses' applications."""
    applications = Application.objects.filter(programme=programme)
    rows = []
    for chunk in _chunked(chosen):
        rows += applications.filter(business__in=chunk).values_list("product_id", "pk", "status")
    return {product: (pk, status) for product, pk, status in rows}


def _plan(programme, *, businesses, products, consent_basis, now) -> EnrolmentPlan:
    if consent_basis not in ConsentBasis.values:
        raise ValidationError(_("Choose the basis of the producers' consent."))
    plan = EnrolmentPlan(programme=programme, consent_basis=consent_basis)
    window = registration_problems(programme, None, now=now)
    plan.window_problem = window[0] if window else ""
    accepted = set(programme.product_groups.values_list("pk", flat=True))
    area = programme.area_code
    notice = settings.KURASI_PRIVACY_NOTICE_VERSION
    places = quota_left(programme)
    full = _("The quota of %(quota)s products for this call is full.") % {"quota": programme.quota}
    business_rows, product_rows, chosen = _read(programme.organisation, businesses, products)
    existing = _existing(programme, chosen)
    by_business = {}
    for row in sorted(product_rows, key=lambda r: (r[1].casefold(), r[0])):
        by_business.setdefault(row[4], []).append(row)
    statuses = dict(ApplicationStatus.choices)
    for business_id, name, village, consent in sorted(
        business_rows, key=lambda r: (r[1].casefold(), r[0])
    ):
        rows = by_business.get(business_id)
        if not rows:
            if products is None:
                plan.entries.append(
                    Entry(
                        business_id, name, None, "", "", Outcome.REFUSED, Reason.NO_PRODUCT,
                        _("The business has no product in the registry."),
                    )
                )  # fmt: skip
            continue
        has_consent = consent == notice
        if not has_consent:
            plan.consent_before[business_id] = consent
        for product_id, product_name, group_id, group_name, _business in rows:
            entry = Entry(business_id, name, product_id, product_name, group_name, Outcome.CREATE)
            application = existing.get(product_id)
            if application is not None and application[1] != ApplicationStatus.DRAFT:
                entry.reason = Reason.ENTERED
                entry.detail = _("Already in this call (%(status)s).") % {
                    "status": statuses.get(application[1], application[1])
                }
            elif window:
                entry.reason, entry.detail = Reason.CLOSED, plan.window_problem
            elif group_id not in accepted:
                entry.reason = Reason.GROUP
                entry.detail = _("This call does not accept the product group %(group)s.") % {
                    "group": group_name
                }
            elif village and not is_within(village, area):
                entry.reason = Reason.AREA
                entry.detail = _("This call is only open to producers in the office's area.")
            elif not has_consent and consent_basis == ConsentBasis.RECORDED:
                entry.reason = Reason.CONSENT
                entry.detail = _(
                    "The producer's consent to the current privacy notice is not recorded."
                )
            elif places is not None and places <= 0:
                entry.reason, entry.detail = Reason.QUOTA, full
            else:
                if application is not None:
                    entry.outcome, entry.application_id = Outcome.DRAFT, application[0]
                entry.records_consent = not has_consent
                if places is not None:
                    places -= 1
            if entry.reason:
                entry.outcome = Outcome.REFUSED
            plan.entries.append(entry)
    return plan


def preview_enrolment(
    *, programme, businesses=None, products=None, consent_basis=ConsentBasis.RECORDED, now=None
) -> EnrolmentPlan:
    """What `enrol` would do with these businesses (a queryset or ids) or products (ids): each
    product's outcome with the reason of a refusal. Writes nothing."""
    return _plan(
        programme,
        businesses=businesses,
        products=products,
        consent_basis=consent_basis,
        now=now or timezone.now(),
    )


@transaction.atomic
def enrol(
    *,
    actor,
    programme,
    businesses=None,
    products=None,
    consent_basis=ConsentBasis.RECORDED,
    consent_note="",
    expected=None,
    source="registry",
    now=None,
) -> EnrolmentPlan:
    """Enter the chosen businesses' (or products') products into the call, as previewed.

    `expected`: the preview's fingerprint; when the outcome now differs, PreviewOutdated is
    raised and nothing is written. A basis other than "recorded" needs `consent_note` (where
    the evidence is kept) when it records anyone's consent. `source`: "registry" or "import".

    Side effects, all in one transaction: Application rows (submitted, registered by `actor`)
    and drafts sent; consent recorded on businesses the basis covers; an audit event per
    application and per consent recorded, and one for the whole run; one message per business
    to its producer through the outbox.
    """
    now = now or timezone.now()
    # Locked like a single submission, so quota places are counted once.
    programme = (
        Programme.objects.select_for_update().select_related("organisation").get(pk=programme.pk)
    )
    plan = _plan(
        programme,
        businesses=businesses,
        products=products,
        consent_basis=consent_basis,
        now=now,
    )
    if expected is not None and expected != plan.fingerprint:
        raise PreviewOutdated(plan)
    note = consent_note.strip()
    if plan.consent_business_ids and not note:
        raise ValidationError(
            _("Say where the evidence of the producers' consent is kept, e.g. the file of forms.")
        )
    _record_consent(plan, actor, now)
    _enter(plan, actor, now)
    _audit(plan, actor, note, source)
    _notify(plan, actor)
    return plan


def _actor_id(actor):
    return actor.pk if actor is not None and actor.is_authenticated else None


def _record_consent(plan, actor, now):
    notice = settings.KURASI_PRIVACY_NOTICE_VERSION
    for chunk in _chunked(plan.consent_business_ids):
        # The revision moves on, so an edit form opened before cannot save the old consent back.
        Business.objects.filter(pk__in=chunk).update(
            consent_notice_version=notice,
            consent_given_at=now,
            consent_recorded_by_id=_actor_id(actor),
            updated_at=now,
            revision=F("revision") + 1,
        )


def _enter(plan, actor, now):
    new = [e for e in plan.entries if e.outcome == Outcome.CREATE]
    ids = insert_rows(
        Application,
        [
            {
                "programme_id": plan.programme.pk,
                "product_id": e.product_id,
                "business_id": e.business_id,
                "status": ApplicationStatus.SUBMITTED,
                "submitted_at": now,
                "registered_by_id": _actor_id(actor),
            }
            for e in new
        ],
    )
    for entry, new_id in zip(new, ids, strict=True):
        entry.application_id = new_id
    drafts = [e.application_id for e in plan.entries if e.outcome == Outcome.DRAFT]
    for chunk in _chunked(drafts):
        sent = Application.objects.filter(pk__in=chunk, status=ApplicationStatus.DRAFT).update(
            status=ApplicationStatus.SUBMITTED, submitted_at=now, updated_at=now
        )
        if sent != len(chunk):  # a draft removed or sent meanwhile
            raise PreviewOutdated(plan)


def _audit(plan, actor, note, source):
    programme = plan.programme
    organisation = programme.organisation
    counts = plan.counts
    summary = record_event(
        actor=actor,
        action="programme.bulk_enrolled",
        obj=programme,
        organisation=organisation,
        changes={
            "source": [None, source],
            "entered": [None, counts[Outcome.CREATE]],
            "drafts_sent": [None, counts[Outcome.DRAFT]],
            "refused": [None, counts[Outcome.REFUSED]],
            "consent_recorded": [None, counts["consent"]],
            "consent_basis": [None, plan.consent_basis],
        },
        reason=note,
    )
    plan.event_id = summary.pk
    common = {
        "organisation_id": organisation.pk,
        "actor_id": _actor_id(actor),
        "actor_label": str(actor) if actor is not None else "system",
    }
    notice = settings.KURASI_PRIVACY_NOTICE_VERSION
    names = {e.business_id: e.business_name for e in plan.entries}
    events = [
        {
            **common,
            "action": "business.consent_recorded",
            "object_type": "registry.business",
            "object_id": str(business_id),
            "object_label": names[business_id][:200],
            "changes": {
                "consent_notice_version": [plan.consent_before.get(business_id) or None, notice],
                "consent_basis": [None, plan.consent_basis],
                "enrolment": [None, summary.pk],
            },
            "reason": note,
        }
        for business_id in plan.consent_business_ids
    ]
    events += [
        {
            **common,
            "action": "application.submitted",
            "object_type": "programmes.application",
            "object_id": str(e.application_id),
            "object_label": f"{e.product_name} → {programme.title}"[:200],
            "changes": {
                "status": [
                    ApplicationStatus.DRAFT if e.outcome == Outcome.DRAFT else None,
                    ApplicationStatus.SUBMITTED,
                ],
                "enrolment": [None, summary.pk],
            },
        }
        for e in plan.entering
    ]
    insert_rows(AuditEvent, events)


def _notify(plan, actor):
    """One "registration received" message per business, naming its products entered."""
    programme = plan.programme
    products = {}
    for entry in plan.entering:
        products.setdefault(entry.business_id, []).append(entry.product_name)
    businesses = businesses_for_messages(products)
    messages = []
    with producer_language(programme.organisation):
        subject = _("Registration received: %(programme)s") % {"programme": programme.title}
        for business_id, names in products.items():
            if len(names) == 1:
                body = _(
                    "Your product %(product)s has been registered for %(programme)s. "
                    "The office will check it and tell you the result."
                ) % {"product": names[0], "programme": programme.title}
            else:
                body = _(
                    "Your products %(products)s have been registered for %(programme)s. "
                    "The office will check them and tell you the result."
                ) % {"products": ", ".join(names), "programme": programme.title}
            messages.append((businesses[business_id], subject, body))
    plan.message_ids = deliver_many(
        organisation=programme.organisation,
        actor=actor,
        kind=Kind.REGISTRATION_RECEIVED,
        messages=messages,
    )
