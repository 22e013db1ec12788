"""Who cannot attend an exhibition: the producer's own answer (an Availability "no"), derived
where it is shown. The allocation stores no row for it (at 10,000 candidates × 20 exhibitions it
was four rows in five); a pair that has a row anyway (an invitation, an answer, a hand change, or
not eligible, which says more) shows that row instead."""

from django.db.models import Exists, OuterRef

from kurasi.programmes.models import Application
from kurasi.registry.models import Business

from .models import Allocation, Availability


def cannot_attend(exhibition):
    """The programme's decided applications (the allocation's candidates) whose business told
    the office it cannot attend `exhibition`, and which have no allocation row there; with what
    the page shows of each (product, group, business, the decision's score)."""
    said_no = Availability.objects.filter(
        exhibition=exhibition, business=OuterRef("product__business"), available=False
    )
    stored = Allocation.objects.filter(exhibition=exhibition, application=OuterRef("pk"))
    return (
        Application.objects.filter(programme_id=exhibition.programme_id, decision__isnull=False)
        .filter(Exists(said_no))
        .filter(~Exists(stored))
        .select_related("product__group", "product__business", "decision")
        .order_by("product__business__name", "product__name", "pk")
    )


def cannot_attend_of(user):
    """The "cannot attend" answers of `user`'s businesses for exhibitions already allocated at
    least once, where some decided application of the business has no allocation row: one
    Availability per exhibition and business, with both."""
    stored = Allocation.objects.filter(
        exhibition=OuterRef(OuterRef("exhibition")), application=OuterRef("pk")
    )
    decided_without_row = Application.objects.filter(
        programme_id=OuterRef("exhibition__programme_id"),
        product__business=OuterRef("business"),
        decision__isnull=False,
    ).filter(~Exists(stored))
    return (
        Availability.objects.filter(
            business__in=Business.objects.owned_by(user),
            available=False,
            exhibition__last_run_at__isnull=False,
        )
        .filter(Exists(decided_without_row))
        .select_related("exhibition__organisation", "business")
        .order_by("exhibition__starts_on", "exhibition_id", "business__name")
    )
