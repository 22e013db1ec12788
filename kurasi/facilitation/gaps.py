"""Gap analysis from the database, in bulk: a fixed number of queries loads the rules, the
businesses, their products and certificates; rules.py then judges everything in Python."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from kurasi.registry.models import Business, Certificate, CertificateType, Product

from .models import LegalityRule
from .rules import EXPIRING, OPEN_STATUSES, BusinessFacts, Cert, ProductFacts, Rule, requirements_on

# The office's lists (DOMAIN.md §5 and the issue): which certificate types each one is about.
GAP_LISTS = {
    "halal": ("halal",),
    "sni": ("sni",),
    "nib": ("nib", "iumk"),
    "pirt": ("spp-irt", "bpom-md"),
}
SUPPORT_STATUSES = (*OPEN_STATUSES, EXPIRING)


@dataclass
class RuleBook:
    """The rules an organisation judges by, as plain data, with what the pages need to show."""

    rules: list
    records: dict  # rule id → LegalityRule
    type_codes: dict  # certificate type id → code
    type_names: dict  # certificate type id → name
    nib_type_id: int | None

    def codes_of(self, rule):
        return {self.type_codes.get(t) for t in rule.type_ids}

    def names_of(self, rule):
        return [self.type_names[t] for t in sorted(rule.type_ids) if t in self.type_names]


def load_rulebook(organisation) -> RuleBook:
    """Three queries: rules with their certificate types and product groups."""
    records = list(
        LegalityRule.objects.available_to(organisation).prefetch_related(
            "certificate_types", "product_groups"
        )
    )
    rules, type_codes, type_names = [], {}, {}
    for record in records:
        types = list(record.certificate_types.all())
        for t in types:
            type_codes[t.pk], type_names[t.pk] = t.code, t.name
        rules.append(
            Rule(
                id=record.pk,
                code=record.code,
                name=record.name,
                type_ids=frozenset(t.pk for t in types),
                scope=record.scope,
                severity=record.severity,
                group_ids=frozenset(g.pk for g in record.product_groups.all()),
                sni_categories=frozenset(record.sni_categories or []),
                shelf_life_min_days=record.shelf_life_min_days,
                shelf_life_max_days=record.shelf_life_max_days,
                high_risk=record.high_risk,
                scales=frozenset(record.scales or []),
                valid_from=record.valid_from,
                valid_until=record.valid_until,
                position=record.position,
            )
        )
    nib_type_id = next((i for i, c in type_codes.items() if c == "nib"), None)
    return RuleBook(rules, {r.pk: r for r in records}, type_codes, type_names, nib_type_id)


def product_facts(product) -> ProductFacts:
    profile = getattr(product, "legal_profile", None)
    return ProductFacts(
        id=product.pk,
        group_id=product.group_id,
        is_food=product.group.is_food,
        shelf_life_days=product.shelf_life_days,
        high_risk=bool(profile and profile.high_risk),
        sni_category=profile.sni_category if profile else "",
    )


def business_facts(business, book: RuleBook) -> BusinessFacts:
    """Facts of a business fetched with `with_facts` (no further queries)."""
    return BusinessFacts(
        id=business.pk,
        scale=business.scale,
        nib_type_id=book.nib_type_id if business.nib else None,
        products=[product_facts(p) for p in business.products.all()],
        certificates=[
            Cert(c.pk, c.type_id, c.product_id, c.issued_on, c.expires_on)
            for c in business.certificates.all()
        ],
    )


def with_facts(queryset):
    """Businesses with everything rules need, in three more queries whatever their number."""
    return queryset.select_related("organisation").prefetch_related(
        Prefetch(
            "products",
            queryset=Product.objects.select_related("group", "legal_profile").order_by(
                "name", "id"
            ),
        ),
        Prefetch("certificates", queryset=Certificate.objects.select_related("type")),
    )


@dataclass
class BusinessGaps:
    business: Business
    requirements: list = field(default_factory=list)

    @property
    def products(self):
        return {p.pk: p for p in self.business.products.all()}


def office_gaps(organisation, day, book=None, businesses=None):
    """[BusinessGaps] for every business of the office (or those given), judged on `day`."""
    book = book or load_rulebook(organisation)
    if businesses is None:
        businesses = Business.objects.for_organisation(organisation).order_by("name", "id")
    result = []
    for business in with_facts(businesses):
        facts = business_facts(business, book)
        result.append(BusinessGaps(business, requirements_on(book.rules, facts, day)))
    return result


@dataclass
class GapRow:
    business: Business
    product: Product | None
    requirement: object
    rule_record: LegalityRule
    type_names: list


def list_rows(gaps, book: RuleBook, list_code, *, mandatory_only=False, group_id=None):
    """Rows of one office list: requirements about the list's certificates not held validly."""
    codes = set(GAP_LISTS[list_code])
    rows = []
    for item in gaps:
        products = item.products
        for requirement in item.requirements:
            rule = requirement.rule
            if requirement.status not in SUPPORT_STATUSES or not (book.codes_of(rule) & codes):
                continue
            if mandatory_only and rule.severity != "mandatory":
                continue
            product = products.get(requirement.product.id) if requirement.product else None
            if group_id and (product is None or product.group_id != group_id):
                continue
            rows.append(
                GapRow(
                    item.business, product, requirement, book.records[rule.id], book.names_of(rule)
                )
            )
    # Mandatory needs first: they are what the office must act on.
    rows.sort(key=lambda r: (r.requirement.rule.severity != "mandatory", r.business.name))
    return rows


def certificate_type_by_code(code):
    return CertificateType.objects.filter(organisation=None, code=code).first()
