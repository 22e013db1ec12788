"""The producer's document checklist for one call: one answer for the documents step, the review
and the status page, so the three never disagree.

A document counts as held when the business has it in any form the wizard takes: a permit or
certificate still valid today, or, for the NIB, the number typed on the business step. An
expired certificate is not held: it is shown as expired, so the producer knows to renew it.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kurasi.registry.models import CertificateStatus

NIB_CODE = "nib"


class State:
    HELD = "held"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    MISSING = "missing"


STATE_LABELS = {
    State.HELD: gettext_lazy("held"),
    State.EXPIRING: gettext_lazy("held, expires soon"),
    State.EXPIRED: gettext_lazy("expired"),
    State.MISSING: gettext_lazy("not added yet"),
}
STATE_MARKS = {State.HELD: "✓", State.EXPIRING: "✓", State.EXPIRED: "✗", State.MISSING: "✗"}


@dataclass
class Item:
    name: str
    state: str
    required: bool
    detail: str = ""
    expires_on: object = None

    @property
    def held(self):
        return self.state in (State.HELD, State.EXPIRING)

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def mark(self):
        return STATE_MARKS[self.state]


@dataclass
class Checklist:
    items: list = field(default_factory=list)
    # Over every document, not only the best of each type: "4 expired" when four are.
    held_count: int = 0
    expired_count: int = 0

    @property
    def required(self):
        return [item for item in self.items if item.required]

    @property
    def others(self):
        return [item for item in self.items if not item.required]

    @property
    def lacking(self):
        """The required documents not held (missing or expired), for the review's warning."""
        return [item for item in self.required if not item.held]


def producer_checklist(business, programme, *, certificates=None, today=None):
    """The documents `programme` asks for, each held, expiring, expired or missing for `business`,
    then the business's other documents. Reads `certificates` (the business's, with their type
    and product; by default `business.certificates.all()`) and
    `programme.required_certificate_types.all()`: prefetch both for lists."""
    today = today or timezone.localdate()
    if certificates is None:
        certificates = list(business.certificates.all())
    required_types = list(programme.required_certificate_types.all())
    required_ids = {t.pk for t in required_types}
    items = [
        required_item(certificate_type, business, certificates, today)
        for certificate_type in required_types
    ]
    for certificate in certificates:
        if certificate.type_id not in required_ids:
            items.append(certificate_item(certificate.type.name, certificate, today, False))
    nib_listed = any(c.type.code == NIB_CODE for c in certificates) or any(
        t.code == NIB_CODE for t in required_types
    )
    if business.nib and not nib_listed:
        items.append(Item(_("NIB"), State.HELD, False, typed_nib(business)))
    expired = sum(c.status_on(today) == CertificateStatus.EXPIRED for c in certificates)
    valid_nib = any(
        c.type.code == NIB_CODE and c.status_on(today) != CertificateStatus.EXPIRED
        for c in certificates
    )
    typed_only = bool(business.nib) and not valid_nib
    return Checklist(items, len(certificates) - expired + typed_only, expired)


def required_item(certificate_type, business, certificates, today):
    """The best of the business's certificates of this type (a valid one over an expired one)."""
    own = [c for c in certificates if c.type_id == certificate_type.pk]
    valid = [c for c in own if c.status_on(today) != CertificateStatus.EXPIRED]
    if valid:
        best = max(valid, key=lambda c: (c.expires_on is None, c.expires_on or today))
        return certificate_item(certificate_type.name, best, today, True)
    if certificate_type.code == NIB_CODE and business.nib:
        return Item(certificate_type.name, State.HELD, True, typed_nib(business))
    if own:
        latest = max(own, key=lambda c: c.expires_on)
        return certificate_item(certificate_type.name, latest, today, True)
    return Item(certificate_type.name, State.MISSING, True)


def certificate_item(name, certificate, today, required):
    state = {
        CertificateStatus.VALID: State.HELD,
        CertificateStatus.EXPIRING: State.EXPIRING,
        CertificateStatus.EXPIRED: State.EXPIRED,
    }[certificate.status_on(today)]
    detail = certificate.number
    if certificate.product_id:
        detail = f"{detail} · {certificate.product.name}"
    return Item(name, state, required, detail, certificate.expires_on)


def typed_nib(business):
    return _("%(number)s, typed on the business step") % {"number": business.nib}
