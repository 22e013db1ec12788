"""Exhibitions as on their staff pages: the list, one exhibition's settings and its allocation
table, for admins and field officers (curators are refused, another office's staff get 404).
Read only: allocating, overriding and inviting stay on the pages, where the admin sees the
solver's explanation before acting.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from kurasi.exhibitions.access import READ_ROLES, get_exhibition_for_staff
from kurasi.exhibitions.models import Allocation, AllocationStatus, GroupQuota
from kurasi.exhibitions.views import exhibitions_with_counts, ordered_allocations

from .base import OfficeView
from .lists import choice_param, status_counts
from .serializers_exhibitions import (
    AllocationSerializer,
    ExhibitionDetailSerializer,
    ExhibitionSerializer,
)


def with_setup(exhibitions):
    """Booth types and group quotas in two more queries, whatever the number of exhibitions."""
    return exhibitions.prefetch_related(
        "booth_types",
        Prefetch("group_quotas", queryset=GroupQuota.objects.select_related("group")),
    )


class ExhibitionList(OfficeView):
    """The office's exhibitions, soonest first, with booths, places held and confirmed."""

    scope_area = "exhibitions"
    serializer_class = ExhibitionSerializer

    @extend_schema(responses=ExhibitionSerializer(many=True))
    def get(self, request, org_slug):
        organisation = self.membership(*READ_ROLES).organisation
        exhibitions = with_setup(exhibitions_with_counts(organisation))
        return self.paginated(exhibitions, ExhibitionSerializer)


class ExhibitionDetail(OfficeView):
    scope_area = "exhibitions"
    serializer_class = ExhibitionDetailSerializer

    def get(self, request, org_slug, exhibition_id):
        membership, exhibition = get_exhibition_for_staff(request.user, org_slug, exhibition_id)
        exhibition = with_setup(exhibitions_with_counts(membership.organisation)).get(
            pk=exhibition.pk
        )
        exhibition.allocations_by_status = status_counts(
            Allocation.objects.filter(exhibition=exhibition), AllocationStatus
        )
        return Response(ExhibitionDetailSerializer(exhibition).data)


class AllocationList(OfficeView):
    """The allocation table in the page's order: confirmed, invited, proposed, waiting list,
    then the rest; by rank and score within."""

    scope_area = "exhibitions"
    serializer_class = AllocationSerializer

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=AllocationStatus.values)],
        responses=AllocationSerializer(many=True),
    )
    def get(self, request, org_slug, exhibition_id):
        _membership, exhibition = get_exhibition_for_staff(request.user, org_slug, exhibition_id)
        status = choice_param(request, "status", AllocationStatus)
        allocations = ordered_allocations(exhibition)
        if status:
            allocations = [a for a in allocations if a.status == status]
        return self.paginated(allocations, AllocationSerializer)
