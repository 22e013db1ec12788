"""Exhibitions as on their staff pages: the list, one exhibition's settings and its allocation
table, for admins and field officers (curators are refused, another office's staff get 404).

Admins also act as on the exhibition's page, through the same services: run the allocation
(`services.run_allocation`), place or take out a product by hand (the page's OverrideForm and
`services.override`) and invite every proposed place (`invitations.send_invitations`), each
atomic and audited. A refusal that comes from the exhibition's settings or a place's state, not
from the request, is a 409 with the page's own sentences.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kurasi.accounts.models import Role
from kurasi.exhibitions import invitations, services
from kurasi.exhibitions.access import READ_ROLES, get_exhibition_for_staff
from kurasi.exhibitions.availability import cannot_attend
from kurasi.exhibitions.forms import OverrideForm
from kurasi.exhibitions.models import Allocation, AllocationStatus, GroupQuota
from kurasi.exhibitions.views import exhibitions_with_counts, ordered_allocations
from kurasi.lib.concurrency import StaleEdit
from kurasi.outbox import services as outbox

from .base import OfficeView
from .concurrency import ETAG_HEADER, IF_MATCH, STALE, sent_revision, stale_response, with_etag
from .errors import Conflict
from .forms import form_errors, parse_body
from .lists import choice_param, status_counts
from .schema import Error
from .serializers_exhibitions import (
    AllocationRunSerializer,
    AllocationSerializer,
    ExhibitionDetailSerializer,
    ExhibitionSerializer,
    InvitationsSentSerializer,
    OverrideInput,
    scores_kept,
)

# The allocation table's relations (as the page's `ordered_allocations`).
ALLOCATIONS = Allocation.objects.select_related(
    "booth_type", "business", "application__product__group", "exhibition__organisation"
)


def with_setup(exhibitions):
    """Booth types (with the groups they are reserved for) and group quotas in three more
    queries, whatever the number of exhibitions."""
    return exhibitions.prefetch_related(
        "booth_types__reserved_for",
        Prefetch("group_quotas", queryset=GroupQuota.objects.select_related("group")),
    )


def exhibition_detail(organisation, exhibition):
    """The exhibition with its counts, setup and the problems of its last run, as on its page."""
    exhibition = with_setup(exhibitions_with_counts(organisation)).get(pk=exhibition.pk)
    exhibition.allocations_by_status = status_counts(
        Allocation.objects.filter(exhibition=exhibition), AllocationStatus
    )
    exhibition.allocation_problems = services.problem_sentences(exhibition.last_problems)
    exhibition.cannot_attend = cannot_attend(exhibition).count() if exhibition.last_run_at else 0
    return exhibition


class ExhibitionList(OfficeView):
    """The office's exhibitions, soonest first, with booths, places held and confirmed."""

    scope_area = "exhibitions"
    serializer_class = ExhibitionSerializer

    @extend_schema(responses=ExhibitionSerializer(many=True))
    def get(self, request, org_slug):
        organisation = self.membership(*READ_ROLES).organisation
        exhibitions = with_setup(exhibitions_with_counts(organisation))
        # Totals of exhibitions where a nominating office keeps its scores are not shown.
        kept = scores_kept(list(exhibitions.values_list("pk", flat=True)))
        return self.paginated(exhibitions, ExhibitionSerializer, scores_kept=kept)


class ExhibitionDetail(OfficeView):
    scope_area = "exhibitions"
    serializer_class = ExhibitionDetailSerializer

    def get(self, request, org_slug, exhibition_id):
        membership, exhibition = get_exhibition_for_staff(request.user, org_slug, exhibition_id)
        detail = exhibition_detail(membership.organisation, exhibition)
        return Response(ExhibitionDetailSerializer(detail).data)


class AllocationRun(OfficeView):
    """Run the allocation, as the page's "Allocate" button: every exhibition fed by the same
    programme is allocated together; invitations, confirmations and places set by hand stay."""

    scope_area = "exhibitions"
    serializer_class = AllocationRunSerializer

    @extend_schema(
        request=None,
        responses={
            200: AllocationRunSerializer,
            409: OpenApiResponse(
                Error,
                "Not possible with these settings; the message explains why. No place changes.",
            ),
        },
    )
    def post(self, request, org_slug, exhibition_id):
        membership, exhibition = get_exhibition_for_staff(
            request.user, org_slug, exhibition_id, Role.ADMIN
        )
        solution = services.run_allocation(actor=request.user, exhibition=exhibition)
        if not solution.feasible:
            # The service keeps the explanation on the exhibition, so its page shows it too.
            heading = _("The allocation is not possible with these settings:")
            raise Conflict(" ".join([heading, *services.problem_sentences(solution.problems)]))
        summary = {
            "message": _("Allocated in %(seconds).2f s: %(placed)s places.")
            % {"seconds": solution.seconds, "placed": len(solution.placed)},
            "placed": len(solution.placed),
            "seconds": solution.seconds,
            "exhibition": exhibition_detail(membership.organisation, exhibition),
        }
        return Response(AllocationRunSerializer(summary).data)


class AllocationList(OfficeView):
    """The allocation table in the page's order: confirmed, invited, proposed, waiting list,
    then the rest; by rank and score within. Pairs whose producer told the office she cannot
    attend are not allocations and have no row here (the exhibition's `cannot_attend` counts
    them)."""

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
        kept = scores_kept([exhibition.pk])
        return self.paginated(allocations, AllocationSerializer, scores_kept=kept)


def cleaned_override(body) -> dict:
    form = OverrideForm(body)
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return form.cleaned_data


class AllocationDetail(OfficeView):
    """One row of the allocation table; PATCH places it by hand or takes it out, with a reason,
    and re-runs the allocation so the rest follows (admins, as the page's override)."""

    scope_area = "exhibitions"
    serializer_class = AllocationSerializer

    @extend_schema(parameters=[ETAG_HEADER])
    def get(self, request, org_slug, exhibition_id, pk):
        _membership, exhibition = get_exhibition_for_staff(request.user, org_slug, exhibition_id)
        allocation = get_object_or_404(ALLOCATIONS.filter(exhibition=exhibition), pk=pk)
        return with_etag(Response(AllocationSerializer(allocation).data), allocation)

    @extend_schema(
        request=OverrideInput,
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={
            200: AllocationSerializer,
            412: STALE,
            409: OpenApiResponse(
                Error,
                "The place has been offered already, no booth fits, or the change breaks a "
                "rule of the exhibition; nothing changed.",
            ),
        },
    )
    def patch(self, request, org_slug, exhibition_id, pk):
        _membership, exhibition = get_exhibition_for_staff(
            request.user, org_slug, exhibition_id, Role.ADMIN
        )
        allocation = get_object_or_404(ALLOCATIONS.filter(exhibition=exhibition), pk=pk)
        revision = sent_revision(request)
        cleaned = cleaned_override(parse_body(OverrideInput, request))
        try:
            services.override(
                actor=request.user,
                allocation=allocation,
                include=cleaned["include"],
                reason=cleaned["reason"],
                revision=revision,
            )
        except DjangoValidationError as error:
            # The form has checked the request: what is left is the place's or the rules' state.
            raise Conflict(" ".join(error.messages)) from error
        except StaleEdit as stale:
            return stale_response(stale)
        allocation = ALLOCATIONS.get(pk=allocation.pk)
        return with_etag(Response(AllocationSerializer(allocation).data), allocation)


class InvitationsSend(OfficeView):
    """Invite every proposed place, as the page's "Invite" button: each gets a deadline and an
    email; a place already invited is not invited again."""

    scope_area = "exhibitions"
    serializer_class = InvitationsSentSerializer

    @extend_schema(request=None, responses={200: InvitationsSentSerializer})
    def post(self, request, org_slug, exhibition_id):
        _membership, exhibition = get_exhibition_for_staff(
            request.user, org_slug, exhibition_id, Role.ADMIN
        )
        delivered = []
        count = invitations.send_invitations(
            actor=request.user, exhibition=exhibition, delivered=delivered
        )
        message = (
            _("%(count)s producers invited. %(delivery)s")
            % {"count": count, "delivery": outbox.summary_of_many(delivered) if count else ""}
        ).strip()
        return Response(InvitationsSentSerializer({"invited": count, "message": message}).data)
