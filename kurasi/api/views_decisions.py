"""A programme's results and its decisions, as on the results pages: admins and field officers
read, admins decide (confirm the proposal or override it with a reason) through
kurasi/curation/decisions.py `decide`, exactly as the results detail page calls it.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from kurasi.accounts.models import Role
from kurasi.curation import decisions
from kurasi.curation.forms_decisions import DecideForm
from kurasi.curation.results import STATUS_FILTERS, compute_results, filter_rows
from kurasi.curation.results_cache import cached_results
from kurasi.curation.views_results import READ_ROLES, get_programme_for_staff

from .base import OfficeView
from .forms import form_errors
from .serializers_decisions import DecideInput, ResultSerializer

RESULT_FILTERS = [
    OpenApiParameter("group", int, description="Product group id."),
    OpenApiParameter("status", str, enum=list(STATUS_FILTERS)),
]


def _group_filter(value):
    return int(value) if value.isdigit() else None


class DecisionList(OfficeView):
    """The results rows, in the page's order (group, then rank), with the page's filters."""

    scope_area = "curation"
    serializer_class = ResultSerializer

    @extend_schema(parameters=RESULT_FILTERS, responses=ResultSerializer(many=True))
    def get(self, request, org_slug, programme_slug):
        _membership, programme = get_programme_for_staff(
            request.user, org_slug, programme_slug, *READ_ROLES
        )
        status = request.query_params.get("status", "")
        rows = filter_rows(
            cached_results(programme),
            group_id=_group_filter(request.query_params.get("group", "")),
            status=status if status in STATUS_FILTERS else "",
        )
        return self.paginated(rows, ResultSerializer)


def _band_for(programme, body):
    """The chosen band cleaned by the page's form, or None to confirm the proposal."""
    if body.validated_data.get("band") is None:
        return None
    form = DecideForm(
        {"band": body.validated_data["band"], "reason": body.validated_data.get("reason", "")},
        programme=programme,
    )
    if not form.is_valid():
        raise ValidationError(form_errors(form))
    return form.cleaned_data["band"]


class DecisionDetail(OfficeView):
    """Decide one application: confirm its proposal, or choose another band with a reason."""

    scope_area = "curation"
    serializer_class = ResultSerializer

    @extend_schema(request=DecideInput, responses={200: ResultSerializer})
    def post(self, request, org_slug, programme_slug, application_id):
        _membership, programme = get_programme_for_staff(
            request.user, org_slug, programme_slug, Role.ADMIN
        )
        if application_id not in compute_results(programme).by_application():
            raise Http404
        body = DecideInput(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            outcome = decisions.decide(
                actor=request.user,
                programme=programme,
                application_ids=[application_id],
                band=_band_for(programme, body),
                reason=body.validated_data.get("reason", ""),
            )
        except DjangoValidationError as error:
            raise ValidationError({"reason": error.messages}) from error
        if outcome.skipped:
            raise ValidationError(
                {"band": [_("There is no complete proposal to confirm yet; choose a band.")]}
            )
        row = compute_results(programme).by_application()[application_id]
        return Response(ResultSerializer(row).data)
