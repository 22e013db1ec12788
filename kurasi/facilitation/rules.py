"""Judging legality rules on a given day: pure functions over plain data (no database).

`requirements_on(rules, business, day)` lists what a business and each of its products must (or
should) hold on `day`, and whether they hold it: valid, expiring (within 90 days, as the
registry counts it), expired, or missing.
"""

import datetime as dt
from dataclasses import dataclass, field

from kurasi.registry.models.certificate import EXPIRING_WITHIN

MANDATORY, RECOMMENDED = "mandatory", "recommended"
VALID, EXPIRING, EXPIRED, MISSING = "valid", "expiring", "expired", "missing"
# A status that leaves a gap to close (expiring is held, but shown so it is renewed in time).
OPEN_STATUSES = (MISSING, EXPIRED)


@dataclass(frozen=True)
class Rule:
    id: int
    code: str
    name: str
    type_ids: frozenset
    scope: str  # business, food, non_food, all_products, groups
    severity: str = MANDATORY
    group_ids: frozenset = frozenset()
    sni_categories: frozenset = frozenset()
    shelf_life_min_days: int | None = None
    shelf_life_max_days: int | None = None
    high_risk: bool | None = None
    scales: frozenset = frozenset()
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    position: int = 0


@dataclass(frozen=True)
class Cert:
    id: int
    type_id: int
    product_id: int | None
    issued_on: dt.date | None
    expires_on: dt.date | None


@dataclass(frozen=True)
class ProductFacts:
    id: int
    group_id: int
    is_food: bool
    shelf_life_days: int | None = None
    high_risk: bool = False
    sni_category: str = ""


@dataclass
class BusinessFacts:
    id: int
    scale: str = ""
    # A NIB typed on the business record counts as held (it has no expiry).
    nib_type_id: int | None = None
    products: list = field(default_factory=list)
    certificates: list = field(default_factory=list)


@dataclass
class Requirement:
    rule: Rule
    product: ProductFacts | None
    status: str
    certificate: Cert | None = None

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


def in_force(rule: Rule, day: dt.date) -> bool:
    """Whether the rule holds on `day` (both ends inclusive)."""
    if rule.valid_from is not None and day < rule.valid_from:
        return False
    return rule.valid_until is None or day <= rule.valid_until


def effective_scale(scale: str) -> str:
    """An unknown scale is judged as micro: nearly every IKM the office curates is one, and
    judging it as medium would demand BPOM MD of a home kitchen."""
    return scale or "micro"


def applies_to_product(rule: Rule, product: ProductFacts) -> bool:
    if rule.scope == "business":
        return False
    if rule.scope == "food" and not product.is_food:
        return False
    if rule.scope == "non_food" and product.is_food:
        return False
    if rule.scope == "groups" and product.group_id not in rule.group_ids:
        return False
    if rule.sni_categories and product.sni_category not in rule.sni_categories:
        return False
    if rule.high_risk is not None and product.high_risk != rule.high_risk:
        return False
    bounded = rule.shelf_life_min_days is not None or rule.shelf_life_max_days is not None
    if bounded:
        # An unknown shelf life matches no shelf-life rule; the plan asks the producer for it.
        shelf = product.shelf_life_days
        if shelf is None:
            return False
        if rule.shelf_life_min_days is not None and shelf < rule.shelf_life_min_days:
            return False
        if rule.shelf_life_max_days is not None and shelf > rule.shelf_life_max_days:
            return False
    return True


def certificate_status(cert: Cert, day: dt.date) -> str:
    """As Certificate.status_on, plus: a certificate not yet issued on `day` is not held."""
    if cert.issued_on is not None and cert.issued_on > day:
        return MISSING
    if cert.expires_on is None:
        return VALID
    if cert.expires_on < day:
        return EXPIRED
    if cert.expires_on - day <= EXPIRING_WITHIN:
        return EXPIRING
    return VALID


RANK = {VALID: 0, EXPIRING: 1, EXPIRED: 2, MISSING: 3}


def best_holding(certs, type_ids, product_id, day):
    """(status, certificate) of the best certificate of one of `type_ids` covering the product
    (a certificate naming no product covers the whole business)."""
    best = (MISSING, None)
    for cert in certs:
        if cert.type_id not in type_ids:
            continue
        if product_id is not None and cert.product_id not in (None, product_id):
            continue
        status = certificate_status(cert, day)
        if status == MISSING:
            continue
        if (
            best[1] is None
            or RANK[status] < RANK[best[0]]
            or (RANK[status] == RANK[best[0]] and _later(cert, best[1]))
        ):
            best = (status, cert)
    return best


def _later(a: Cert, b: Cert) -> bool:
    far = dt.date.max
    return (a.expires_on or far) > (b.expires_on or far)


def requirements_on(rules, business: BusinessFacts, day: dt.date) -> list[Requirement]:
    """Every requirement in force on `day` for the business and its products.

    Two rules asking for the same certificates of the same target (the voluntary and the
    mandatory halal rule for a medium firm in 2025) yield one requirement: the stricter.
    """
    certs = list(business.certificates)
    if business.nib_type_id is not None:
        certs.append(Cert(0, business.nib_type_id, None, None, None))
    scale = effective_scale(business.scale)
    chosen = {}
    for rule in sorted(rules, key=lambda r: (r.position, r.id)):
        if not in_force(rule, day) or (rule.scales and scale not in rule.scales):
            continue
        targets = (
            [None]
            if rule.scope == "business"
            else [p for p in business.products if applies_to_product(rule, p)]
        )
        for product in targets:
            key = (product.id if product else None, rule.type_ids)
            kept = chosen.get(key)
            if kept is not None and not (
                kept.rule.severity == RECOMMENDED and rule.severity == MANDATORY
            ):
                continue
            status, cert = best_holding(certs, rule.type_ids, product.id if product else None, day)
            chosen[key] = Requirement(rule=rule, product=product, status=status, certificate=cert)
    return list(chosen.values())
