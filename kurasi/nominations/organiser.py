"""What the organiser of a call sees: every office asked, side by side, and the nominees the
offices shared, each with only what its office chose to share.

The rules (issue 20's design) in one place, so the page, its tests and any later export read
the same thing:
- only SHARED nominations (consent given and the office's list submitted); of a held-back
  nominee the organiser learns the number, never who;
- always: product, the organiser's group it is filed under, business name, city/regency, the
  office that nominated it;
- photos only with `share_photos`; the deciding score and the outcome only with
  `share_scores`; legality (permit types held, valid on the exhibition's first day or not) only
  with `share_legality`;
- never the NIK; the producer's phone, email and address only once her place is confirmed;
- nothing of producers not nominated.

A page of 50 nominees takes the same number of queries whatever the call's size (10,000
nominees from 500 offices).
"""

import dataclasses
from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from kurasi.curation.models_decisions import deciding_score_in, outcome_label
from kurasi.curation.results import certificate_counts
from kurasi.exhibitions.models import Allocation, AllocationStatus
from kurasi.exhibitions.reasons import reason_text
from kurasi.lib.numbers import number
from kurasi.lib.times import when
from kurasi.registry.models import Certificate, ProductPhoto
from kurasi.registry.regions import region_label

from .allocation import shared_nominations
from .models import CallOffice, ConsentState, Nomination

PAGE_SIZE = 50


@dataclasses.dataclass(slots=True)
class OfficeRow:
    """One office asked, as the organiser's page shows it: the texts made once here (a
    national call asks 500 offices; one template tag less per row is a millisecond less)."""

    pk: int  # the CallOffice
    office_id: int
    name: str
    quota: int
    asked: str  # "2 to 6", "up to 3"
    submitted: str  # "Submitted 6 Dec, 22.26", or "" while the list is the office's own
    shared_count: int
    held_count: int
    cover_note: str


def _counted(call):
    given = Q(nominations__consent=ConsentState.GIVEN)
    return (
        CallOffice.objects.filter(call=call)
        .annotate(
            shared_count=Count("nominations", filter=given & Q(submitted_at__isnull=False)),
            held_count=Count("nominations", filter=~given & Q(submitted_at__isnull=False)),
        )
        .order_by("office__name", "pk")
    )


def office_rows(call):
    """Every office asked (CallOffice with its office), with how many nominees it shared and
    how many it held back (a number only, and only once its list is submitted: before that the
    list is its own). The API's list."""
    return list(_counted(call).select_related("office"))


def office_summaries(call):
    """office_rows as the organiser's page shows them ([OfficeRow]): plain values, one query."""
    rows = _counted(call).values_list(
        "pk",
        "office_id",
        "office__name",
        "quota",
        "minimum",
        "submitted_at",
        "cover_note",
        "shared_count",
        "held_count",
    )
    up_to, between, sent = _("up to %(high)s"), _("%(low)s to %(high)s"), _("Submitted %(when)s")
    offices = []
    for pk, office, name, quota, minimum, submitted_at, note, shared, held in rows:
        asked = (between if minimum else up_to) % {"low": number(minimum), "high": number(quota)}
        offices.append(
            OfficeRow(
                pk=pk,
                office_id=office,
                name=name,
                quota=quota,
                asked=asked,
                submitted=sent % {"when": when(submitted_at, "j M")} if submitted_at else "",
                shared_count=shared,
                held_count=held,
                cover_note=note if submitted_at else "",
            )
        )
    return offices


@dataclasses.dataclass
class Filters:
    office: int | None = None  # a CallOffice pk
    group: int | None = None  # one of the organiser's ProductGroup pks

    @classmethod
    def from_query(cls, query, offices, groups):
        """The filters of ?office=&group=, ignoring values that are not among the choices."""

        def chosen(name, allowed):
            value = query.get(name, "")
            return int(value) if value.isdigit() and int(value) in allowed else None

        return cls(
            office=chosen("office", {o.pk for o in offices}),
            group=chosen("group", {g.pk for g in groups}),
        )

    def query_string(self):
        parts = [f"{name}={value}" for name, value in vars(self).items() if value]
        return "&".join(parts)


@dataclasses.dataclass
class NomineeRow:
    nomination: object
    office: object
    regency: str
    photos: list  # photo tokens (share_photos)
    score: float | None  # share_scores
    outcome: str  # share_scores
    permits: list  # [(permit name, valid on the first day)] (share_legality)
    allocation: object  # the nominee's Allocation at the exhibition, or None
    reason: str
    contacts: dict | None  # phone, email, address: only once the place is confirmed

    @property
    def shares(self):
        return self.nomination.call_office


ORDER = ("call_office__office__name", "call_office_id", "pk")


def _filtered(call, filters):
    rows = shared_nominations(call.exhibition).filter(call_office__call=call)
    if filters.office:
        rows = rows.filter(call_office_id=filters.office)
    if filters.group:
        rows = rows.filter(group_id=filters.group)
    return rows


def nominee_ids(call, filters):
    """The shared nominees' ids in the organiser's order (office by name, then the office's own
    order of its list), filtered. Only the ids are sorted: the page's 50 rows are read after
    (sorting 10,000 whole rows with their joins took most of the page's time)."""
    return _filtered(call, filters).order_by(*ORDER).values_list("pk", flat=True)


def _readable(rows):
    """`rows` (nominations) reading only the fields the organiser may see."""
    return rows.select_related(
        "call_office__office",
        "group",
        "application__product__business",
        "application__decision__band",
    ).only(
        "pk",
        "group__name",
        "call_office__share_photos",
        "call_office__share_scores",
        "call_office__share_legality",
        "call_office__office__name",
        "application__product__name",
        "application__product__business__name",
        "application__product__business__district_code",
        "application__decision__absent",
        "application__decision__score_snapshot",
        "application__decision__band__label",
    )


def nominees(call, filters):
    """The shared nominees in the organiser's order, filtered, with the fields the page may
    show (a queryset: the API pages it)."""
    return _readable(_filtered(call, filters)).order_by(*ORDER)


def nominee_page(call, filters, page_number):
    """(the page, [NomineeRow] of its nominees)."""
    page = Paginator(nominee_ids(call, filters), PAGE_SIZE).get_page(page_number)
    order = {pk: i for i, pk in enumerate(page.object_list)}
    listed = sorted(_readable(Nomination.objects.filter(pk__in=order)), key=lambda n: order[n.pk])
    return page, nominee_rows(call, listed)


def nominee_rows(call, listed):
    """[NomineeRow] of `listed` (a page of `nominees`), in three more queries whatever their
    number (the page and the API's list share it)."""
    photos = _photos([n.application.product_id for n in listed if _shares(n).share_photos])
    permits = _permits(
        call.exhibition,
        [n.application.product for n in listed if _shares(n).share_legality],
    )
    allocations = {
        a.application_id: a
        for a in Allocation.objects.filter(
            exhibition=call.exhibition, application_id__in=[n.application_id for n in listed]
        ).select_related("answer_recorded_by", "business")
    }
    rows = []
    for n in listed:
        shares, product = _shares(n), n.application.product
        business = product.business
        decision = getattr(n.application, "decision", None)
        allocation = allocations.get(n.application_id)
        rows.append(
            NomineeRow(
                nomination=n,
                office=shares.office,
                regency=region_label(business.district_code[:5]),
                photos=photos.get(product.pk, []) if shares.share_photos else [],
                score=deciding_score_in(decision.score_snapshot)
                if shares.share_scores and decision
                else None,
                outcome=outcome_label(decision.band, absent=decision.absent)
                if shares.share_scores and decision
                else "",
                permits=permits.get(product.pk, []) if shares.share_legality else [],
                allocation=allocation,
                reason=reason_text(allocation) if allocation else "",
                contacts=_contacts(allocation),
            )
        )
    return rows


def _shares(nomination):
    return nomination.call_office


def _photos(product_ids, per_product=2):
    """{product: [tokens of its first photos]} for the products whose office shares photos."""
    found = defaultdict(list)
    if not product_ids:
        return found
    for product, token in ProductPhoto.objects.filter(product_id__in=product_ids).values_list(
        "product_id", "token"
    ):
        if len(found[product]) < per_product:
            found[product].append(token)
    return found


def _permits(exhibition, products):
    """{product: [(permit name, valid on the first day)]}: the business's permits for that
    product or for all its products, for the products whose office shares legality."""
    found = defaultdict(list)
    if not products:
        return found
    by_business = defaultdict(list)
    for product in products:
        by_business[product.business_id].append(product.pk)
    for cert in (
        Certificate.objects.filter(business_id__in=by_business)
        .select_related("type")
        .only("business_id", "product_id", "issued_on", "expires_on", "type__name")
        .order_by("type__name", "pk")
    ):
        valid = certificate_counts(cert.issued_on, cert.expires_on, exhibition.starts_on)
        for product in by_business[cert.business_id]:
            if cert.product_id in (None, product):
                found[product].append((cert.type.name, valid))
    return found


def _contacts(allocation):
    """The producer's phone, email and address: only once her place is confirmed."""
    if allocation is None or allocation.status != AllocationStatus.CONFIRMED:
        return None
    business = allocation.business
    return {"phone": business.phone, "email": business.email, "address": business.address}


def status_counts(call):
    """{status: number} of the exhibition's allocation rows of shared nominees."""
    return dict(
        Allocation.objects.filter(
            exhibition=call.exhibition,
            application_id__in=shared_nominations(call.exhibition).values("application_id"),
        )
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
