"""A producer's improvement plan: what to obtain (from whom, a free route, by when), what to
improve and how, judged on a day (today for the producer's own page)."""

import datetime as dt
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kurasi.lib.urls import site_url

from .assessed import weak_criteria
from .gaps import business_facts, load_rulebook, with_facts
from .labels import status_label
from .models import FacilitationProgramme, Participation, ParticipationStatus
from .progress import timeline_for
from .rules import EXPIRING, OPEN_STATUSES, RECOMMENDED, requirements_on

# Rules that start within this many days appear in the plan already, with their start as deadline.
LOOKAHEAD = dt.timedelta(days=365)


@dataclass
class ObtainItem:
    rule: object  # LegalityRule
    names: list
    product_name: str
    status: str  # missing, expired, expiring, upcoming
    severity: str
    deadline: dt.date | None
    deadline_reason: str
    participation: object = None
    offer: object = None  # an upcoming FacilitationProgramme that helps

    @property
    def status_label(self):
        return status_label(self.status)

    @property
    def alternatives(self):
        return _(" or ").join(self.names)


@dataclass
class Plan:
    business: object
    day: dt.date
    obtain: list = field(default_factory=list)
    improve: list = field(default_factory=list)
    missing_facts: list = field(default_factory=list)
    participations: list = field(default_factory=list)
    timeline: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.obtain or self.improve or self.missing_facts)


def _deadline(requirement, rule_record, day, offer):
    if requirement.status == EXPIRING:
        return requirement.certificate.expires_on, _("before it expires")
    if offer is not None:
        return offer.starts_on, _("join the office's programme starting then")
    if rule_record.valid_from and rule_record.valid_from > day:
        return rule_record.valid_from, _("the rule takes effect")
    if rule_record.severity == RECOMMENDED:
        return None, _("when you are ready")
    return None, _("as soon as possible: it is already required")


def build_plan(business, day=None) -> Plan:
    """The plan of one business (a fixed number of queries)."""
    day = day or timezone.localdate()
    book = load_rulebook(business.organisation)
    business = with_facts(type(business).objects.filter(pk=business.pk)).get()
    facts = business_facts(business, book)
    products = {p.pk: p for p in business.products.all()}
    participations = list(
        Participation.objects.filter(business=business)
        .select_related("programme__target_type", "certificate__type")
        .order_by("-programme__starts_on", "-id")
    )
    active_by_type = {
        p.programme.target_type_id: p
        for p in participations
        if p.programme.target_type_id
        and p.status not in (ParticipationStatus.DROPPED, ParticipationStatus.DONE)
    }
    offers = {}
    for programme in FacilitationProgramme.objects.filter(
        organisation=business.organisation, starts_on__gte=day, target_type__isnull=False
    ).order_by("-starts_on"):
        offers[programme.target_type_id] = programme  # the earliest wins (iterated last)
    plan = Plan(business=business, day=day, participations=participations)
    seen = {}
    for requirement in requirements_on(book.rules, facts, day):
        if requirement.status not in (*OPEN_STATUSES, EXPIRING):
            continue
        seen[_key(requirement)] = len(plan.obtain)
        plan.obtain.append(
            _item(book, requirement, requirement.status, products, day, active_by_type, offers)
        )
    for requirement in requirements_on(book.rules, facts, day + LOOKAHEAD):
        rule = requirement.rule
        if not requirement.is_open or not rule.valid_from or rule.valid_from <= day:
            continue
        item = _item(book, requirement, "upcoming", products, day, active_by_type, offers)
        index = seen.get(_key(requirement))
        if index is None:
            plan.obtain.append(item)
        elif plan.obtain[index].severity == RECOMMENDED and rule.severity != RECOMMENDED:
            # Recommended today, mandatory soon: say so, with the date it becomes mandatory.
            plan.obtain[index] = item
    plan.obtain.sort(key=lambda i: (i.severity != "mandatory", i.deadline or dt.date.max))
    plan.improve = weak_criteria([business.pk]).get(business.pk, [])
    plan.missing_facts = [
        p.name for p in products.values() if p.group.is_food and p.shelf_life_days is None
    ]
    plan.timeline = timeline_for(business)
    return plan


def _key(requirement):
    return (requirement.product and requirement.product.id, requirement.rule.type_ids)


def _item(book, requirement, status, products, day, active_by_type, offers):
    record = book.records[requirement.rule.id]
    participation = next(
        (active_by_type[t] for t in requirement.rule.type_ids if t in active_by_type), None
    )
    offer = None
    if participation is None:
        offer = next((offers[t] for t in requirement.rule.type_ids if t in offers), None)
    deadline, reason = _deadline(requirement, record, day, offer)
    if participation is not None:
        deadline, reason = participation.programme.ends_on, _("with the office's programme")
    product = products.get(requirement.product.id) if requirement.product else None
    return ObtainItem(
        rule=record,
        names=book.names_of(requirement.rule),
        product_name=product.name if product else "",
        status=status,
        severity=record.severity,
        deadline=deadline,
        deadline_reason=reason,
        participation=participation,
        offer=offer,
    )


def render_plan_pdf(plan) -> bytes:
    """The plan as PDF bytes, in Bahasa Indonesia whatever the reader's UI language."""
    from weasyprint import HTML  # imported here: it loads Pango, needed by this page only

    with translation.override("id"):
        html = render_to_string(
            "facilitation/plan_pdf.html",
            {"plan": plan, "organisation": plan.business.organisation, "issued_on": plan.day},
        )
    return HTML(string=html, base_url=site_url()).write_pdf()
