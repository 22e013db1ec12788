"""Who cannot attend an exhibition: the producer's own answer (an Availability "no"), derived
where it is shown. The allocation stores no row for it (at 10,000 candidates × 20 exhibitions it
was four rows in five); a pair that has a row anyway (an invitation, an answer, a hand change, or
not eligible, which says more) shows that row instead.

The candidates are the allocation's (services.candidates_for): the programme's decided
applications, or for an exhibition fed by a call for nominations its shared nominees."""

from django.db.models import Exists, OuterRef, Q

from kurasi.nominations import allocation as nominees
from kurasi.programmes.models import Application
from kurasi.registry.models import Business

from .models import Allocation, Availability


def _candidates(exhibition):
    """The applications the allocation of `exhibition` considers."""
    if nominees.fed_by_nominations(exhibition):
        shared = nominees.shared_nominations(exhibition).values("application_id")
        return Application.objects.filter(pk__in=shared)
    return Application.objects.filter(programme_id=exhibition.programme_id, decision__isnull=False)


def cannot_attend(exhibition):
    """The candidate applications of `exhibition` whose business told the office it cannot
    attend, and which have no allocation row there; with what the page shows of each (product,
    group, business, the decision's score)."""
    said_no = Availability.objects.filter(
        exhibition=exhibition, business=OuterRef("product__business"), available=False
    )
    stored = Allocation.objects.filter(exhibition=exhibition, application=OuterRef("pk"))
    return (
        _candidates(exhibition)
        .filter(Exists(said_no))
        .filter(~Exists(stored))
        .select_related("product__group", "product__business", "decision")
        .order_by("product__business__name", "product__name", "pk")
    )


def cannot_attend_of(user):
    """The "cannot attend" answers of `user`'s businesses for exhibitions already allocated at
    least once, where some candidate application of the business has no allocation row: one
    Availability per exhibition and business, with both."""
    decided = Application.objects.filter(
        programme_id=OuterRef("exhibition__programme_id"),
        product__business=OuterRef("business"),
        decision__isnull=False,
    ).filter(
        ~Exists(
            Allocation.objects.filter(
                exhibition=OuterRef(OuterRef("exhibition")), application=OuterRef("pk")
            )
        )
    )
    nominated = (
        nominees.shared_nominations(OuterRef("exhibition"))
        .filter(application__product__business=OuterRef("business"))
        .filter(
            ~Exists(
                Allocation.objects.filter(
                    exhibition=OuterRef(OuterRef("exhibition")),
                    application=OuterRef("application_id"),
                )
            )
        )
    )
    return (
        Availability.objects.filter(
            business__in=Business.objects.owned_by(user),
            available=False,
            exhibition__last_run_at__isnull=False,
        )
        .filter(
            Q(Exists(decided), exhibition__nomination_call__isnull=True)
            | Q(Exists(nominated), exhibition__nomination_call__isnull=False)
        )
        .select_related("exhibition__organisation", "business")
        .order_by("exhibition__starts_on", "exhibition_id", "business__name")
    )
