"""Which product groups each curator of an office assesses (their expertise): read for the page
and the API, written by the office admin through `set_curator_groups`.

Automatic assignment gives a product only to curators who cover its group, so an office without
coverage gets no automatic assignment at all; the page shows per group how many curators cover
it, so the gaps are visible before the curation day.

CuratorCoverage is unique per (curator, product group) without the organisation: product groups
belong to one office, so the same person curating for two offices has rows with different groups
and never collides. The organisation column is kept equal to the group's office by this service.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.utils.translation import gettext as _

from kurasi.audit.services import record_event
from kurasi.registry.models import ProductGroup

from .models import ConflictOfInterest, CuratorCoverage
from .services_day import office_curators


def office_groups(organisation):
    """The office's product groups in their usual order (ProductGroup.Meta.ordering)."""
    return ProductGroup.objects.filter(organisation=organisation)


def curator_rows(organisation):
    """The office's curators, each with `covered` (their CuratorCoverage rows, group loaded, in
    the groups' order) and `conflict_count` (conflicts declared with this office's businesses).
    Two queries, however many curators."""
    return (
        office_curators(organisation)
        .annotate(
            conflict_count=Count(
                "declared_conflicts",
                filter=Q(declared_conflicts__business__organisation=organisation),
                distinct=True,
            )
        )
        .prefetch_related(
            Prefetch(
                "curator_coverage",
                queryset=CuratorCoverage.objects.filter(organisation=organisation)
                .select_related("product_group")
                .order_by("product_group__position", "product_group__name"),
                to_attr="covered",
            )
        )
    )


def office_conflicts(organisation):
    """Conflicts declared with the office's businesses by people on its staff, by curator's then
    business's name (the assignment page's list and the API's)."""
    return (
        ConflictOfInterest.objects.filter(
            business__organisation=organisation, curator__memberships__organisation=organisation
        )
        .select_related("curator", "business__organisation")
        .order_by("curator__full_name", "business__name", "pk")
    )


def coverage_counts(groups, curators):
    """[(group, number of the given curators covering it)] in the groups' order."""
    counts = dict.fromkeys((g.pk for g in groups), 0)
    for curator in curators:
        for coverage in curator.covered:
            if coverage.product_group_id in counts:
                counts[coverage.product_group_id] += 1
    return [(group, counts[group.pk]) for group in groups]


def _names(groups):
    return sorted(g.name for g in groups)


@transaction.atomic
def set_curator_groups(*, actor, organisation, curator, groups):
    """Make `groups` exactly the product groups `curator` assesses for `organisation`.

    Refused (ValidationError) for someone who is not an active curator of the office, or a group
    of another office. Side effects: CuratorCoverage rows added and removed; one audit event with
    the group names before and after, none when nothing changes. Returns True when it changed.
    """
    if not office_curators(organisation).filter(pk=curator.pk).exists():
        raise ValidationError(_("Only curators of this office can be given product groups."))
    wanted = {g.pk: g for g in groups}
    if any(g.organisation_id != organisation.pk for g in wanted.values()):
        raise ValidationError(_("Choose product groups of this office."))
    current = {
        c.product_group_id: c
        for c in CuratorCoverage.objects.select_for_update()
        .filter(organisation=organisation, curator=curator)
        .select_related("product_group")
    }
    removed = [c for pk, c in current.items() if pk not in wanted]
    added = [g for pk, g in wanted.items() if pk not in current]
    if not removed and not added:
        return False
    before = _names(c.product_group for c in current.values())
    CuratorCoverage.objects.filter(pk__in=[c.pk for c in removed]).delete()
    CuratorCoverage.objects.bulk_create(
        CuratorCoverage(organisation=organisation, curator=curator, product_group=g) for g in added
    )
    record_event(
        actor=actor,
        action="curator.groups_changed",
        obj=curator,
        organisation=organisation,
        changes={"product_groups": [before, _names(wanted.values())]},
    )
    return True


@transaction.atomic
def set_groups_of_curators(*, actor, organisation, choices):
    """The page's one save for several curators: `choices` maps each curator to their groups.
    All or nothing. Returns how many curators' groups changed (one audit event each)."""
    return sum(
        set_curator_groups(actor=actor, organisation=organisation, curator=c, groups=g)
        for c, g in choices.items()
    )
